"""Scheduled tasks that one process at a time runs (a lease row per task)."""
