"""Prometheus metrics (prometheus_client), served at /metrics (app/observability/health.py).

Each process exports its own counters; with several workers, scrape each (or run one worker per
container). The label values are bounded: routes are path templates, operations are the schema's
root fields, outcomes a fixed set.
"""
from __future__ import annotations

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.exposition import CONTENT_TYPE_LATEST

disable_created_metrics()  # no `*_created` series: Prometheus does not need them and they double the output
REGISTRY = CollectorRegistry()

HTTP_REQUESTS = Counter("learner_http_requests_total", "HTTP requests by route template, method and status",
                        ["route", "method", "status"], registry=REGISTRY)
HTTP_LATENCY = Histogram("learner_http_request_duration_seconds", "HTTP request latency by route template",
                         ["route", "method"], registry=REGISTRY,
                         buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
GRAPHQL_OPERATIONS = Counter("learner_graphql_operations_total",
                             "GraphQL root fields (Helium's metered operations) by name and outcome "
                             "(ok, error, refused)", ["operation", "outcome"], registry=REGISTRY)
API_POINTS = Counter("learner_api_points_total", "API points spent, by operation", ["operation"], registry=REGISTRY)
THROTTLED_CALLS = Counter("learner_api_calls_throttled_total", "operations refused as THROTTLED",
                             ["operation"], registry=REGISTRY)
DB_POOL_IN_USE = Gauge("learner_db_pool_connections_in_use", "database connections checked out of the pool",
                       registry=REGISTRY)
DB_POOL_SIZE = Gauge("learner_db_pool_size", "database connections the pool keeps", registry=REGISTRY)
USAGE_PENDING = Gauge("learner_usage_ledger_pending_rows", "usage-ledger rows counted in memory, not yet flushed",
                      registry=REGISTRY)
OUTBOX_BACKLOG = Gauge("learner_outbox_pending_messages", "outbox e-mails waiting to be sent", registry=REGISTRY)
DEPENDENCY_UP = Gauge("learner_dependency_up", "1 when the last readiness check reached the dependency",
                      ["dependency"], registry=REGISTRY)


def record_operation(operation: str, outcome: str) -> None:
    GRAPHQL_OPERATIONS.labels(operation, outcome).inc()


def exposition() -> tuple[bytes, str]:
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
