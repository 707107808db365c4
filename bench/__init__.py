"""Benchmark harness of the learner API (scripts/bench). Not imported by the app."""
