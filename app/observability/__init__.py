"""Logs, metrics, health and tracing: what an operator sees of a running server (docs/operations.md)."""
