"""Optional OpenTelemetry tracing: on when OTEL_EXPORTER_OTLP_ENDPOINT is set and the `otel` extra
is installed (`pip install 'learner-api[otel]'`); off, and nothing imported, otherwise.

Spans: one per HTTP request (the ASGI instrumentation) with the database statements under it (the
SQLAlchemy instrumentation). The exporter reads the standard OTEL_* variables (endpoint, headers,
OTEL_SERVICE_NAME, sampling).
"""
from __future__ import annotations

import logging
import os

log = logging.getLogger("app.tracing")
_provider_ready = False


def enabled() -> bool:
    return bool(os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"))


def _setup_provider(exporter=None) -> bool:
    global _provider_ready
    if _provider_ready:
        return True
    try:
        from opentelemetry import trace
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError as error:
        log.warning("OTEL_EXPORTER_OTLP_ENDPOINT is set but OpenTelemetry is not installed "
                    "(pip install 'learner-api[otel]'): tracing off (%s)", error)
        return False
    provider = TracerProvider(resource=Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME",
                                                                                      "learner-api")}))
    provider.add_span_processor(BatchSpanProcessor(exporter or OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    _provider_ready = True
    return True


def instrument_app(application) -> None:
    if not enabled() or not _setup_provider():
        return
    from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

    application.add_middleware(OpenTelemetryMiddleware)


def instrument_engine(engine) -> None:
    if not enabled() or not _setup_provider():
        return
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    # skip_dep_check: its declared range stops below SQLAlchemy 2.1, which it instruments fine.
    SQLAlchemyInstrumentor().instrument(engine=engine.sync_engine, skip_dep_check=True)
