"""OpenTelemetry tracing is off unless OTEL_EXPORTER_OTLP_ENDPOINT is set; without its packages it says so."""
from __future__ import annotations

import logging
import sys

import httpx
import pytest

from app.main import create_app
from app.observability import tracing
from tests.conftest import TEST_API_KEY

ENDPOINT = "http://127.0.0.1:9107"  # this suite's port range; never reached (spans go to memory)


def _otel_middleware(application) -> bool:
    return any("OpenTelemetry" in m.cls.__name__ for m in application.user_middleware)


def test_off_by_default(monkeypatch, settings):
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    assert not tracing.enabled() and not _otel_middleware(create_app(settings))


def test_without_the_packages_the_app_starts_and_says_why(monkeypatch, settings, caplog):
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", ENDPOINT)
    monkeypatch.setattr(tracing, "_provider_ready", False)
    monkeypatch.setitem(sys.modules, "opentelemetry", None)  # as if the otel extra were not installed
    with caplog.at_level(logging.WARNING, logger="app.tracing"):
        application = create_app(settings)
    assert not _otel_middleware(application)
    assert any("pip install 'learner-api[otel]'" in r.getMessage() for r in caplog.records)


async def test_with_the_packages_requests_and_statements_are_spans(monkeypatch, settings, db):
    pytest.importorskip("opentelemetry.instrumentation.asgi", reason="the otel extra is not installed")
    from opentelemetry import trace
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from app.apikeys.service import create_api_key

    async with db() as session:
        await create_api_key(session, name="tests", key=TEST_API_KEY)
        await session.commit()
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", ENDPOINT)
    exporter = InMemorySpanExporter()
    if not tracing._provider_ready:
        assert tracing._setup_provider(exporter)
    application = create_app(settings)  # its own engine: the suite's shared one stays uninstrumented
    assert _otel_middleware(application)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            response = await http.post("/graphql", json={"query": "{ Languages { code } }"},
                                       headers={"Authorization": f"Bearer {TEST_API_KEY}"})
            assert response.status_code == 200
    trace.get_tracer_provider().force_flush()
    names = [span.name for span in exporter.get_finished_spans()]
    assert any(name.startswith("POST /graphql") for name in names), names
    assert any(name.split()[0] in ("SELECT", "connect") for name in names), names
