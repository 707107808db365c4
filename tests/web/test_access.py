"""The access middleware: one request id per request, one access line with latency and who called."""
from __future__ import annotations

import logging

import pytest

from tests.conftest import TEST_API_KEY
from tests.factories.catalog import build, company


def _access_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "app.access"]


async def test_the_access_line_carries_request_id_status_latency_key_and_operations(http, caplog, db):
    await build(db, company=company("acme"), languages=[{"code": "en", "label": "English", "position": 0}])
    with caplog.at_level(logging.INFO, logger="app.access"):
        response = await http.post(f"/graphql?apiKey={TEST_API_KEY}",
                                   json={"query": "{ Languages { code } CompanyDetails { name } }"})
    assert response.status_code == 200 and "errors" not in response.json()
    [line] = _access_lines(caplog)
    assert line.method == "POST" and line.path == "/graphql" and line.status == 200
    assert line.latency_ms >= 0 and line.api_key_name == "tests"
    assert line.operations == "Languages,CompanyDetails"
    assert response.headers["x-request-id"]
    assert TEST_API_KEY not in line.getMessage() and "apiKey" not in line.path


async def test_the_access_line_keeps_a_client_request_id(http, caplog):
    with caplog.at_level(logging.INFO, logger="app.access"):
        response = await http.get("/incoming/v2/openapi.json", headers={"x-request-id": "client-chosen-42"})
    assert response.headers["x-request-id"] == "client-chosen-42"
    assert [line.path for line in _access_lines(caplog)] == ["/incoming/v2/openapi.json"]


async def test_a_client_request_id_is_kept_and_used_by_the_pipeline(gql):
    response = await gql.post("{ CurrentUser { id } }", headers={"x-request-id": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"


@pytest.mark.parametrize("bad", ["a b", "x" * 200, "line\u2028break"])
async def test_an_unsafe_request_id_is_replaced(http, bad):
    response = await http.get("/livez", headers={"x-request-id": bad.encode("utf-8")})
    assert response.headers["x-request-id"] != bad and len(response.headers["x-request-id"]) == 32


async def test_health_probes_are_not_access_logged(http, caplog):
    with caplog.at_level(logging.INFO, logger="app.access"):
        await http.get("/livez")
        await http.get("/readyz")
    assert _access_lines(caplog) == []
