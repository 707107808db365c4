"""CORS: preflight and credentials for the listed origins only."""
from __future__ import annotations

import httpx
import pytest

from app.main import create_app
from app.settings import Settings
from tests.graphql.test_metering import _create_test_key

ALLOWED = "http://localhost:3000"


@pytest.fixture
async def client(settings, engine, db):
    application = create_app(settings.model_copy(update=dict(cors_allowed_origins=(ALLOWED,))), engine=engine)
    async with application.router.lifespan_context(application):
        await _create_test_key(engine)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=application),
                                     base_url="http://testserver") as http:
            yield http


def preflight(origin: str, headers: str = "authtoken, content-type, idempotency-key, x-cost-debug") -> dict:
    return {"origin": origin, "access-control-request-method": "POST", "access-control-request-headers": headers}


@pytest.mark.parametrize("path", ["/graphql", "/helium", "/incoming/v2/users/00000000-0000-0000-0000-000000000000"])
async def test_preflight_is_answered_for_listed_origins(client, path):
    response = await client.options(path, headers=preflight(ALLOWED))
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert response.headers["access-control-allow-credentials"] == "true"
    allowed = response.headers["access-control-allow-headers"].lower()
    for header in ("authtoken", "authorization", "content-type", "idempotency-key", "x-cost-debug"):
        assert header in allowed


async def test_preflight_from_other_origins_is_refused(client):
    response = await client.options("/graphql", headers=preflight("https://evil.example"))
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


async def test_responses_expose_the_rate_limit_and_request_headers(client):
    response = await client.post("/graphql", json={"query": "{ Languages { code } }"},
                                 headers={"origin": ALLOWED, "Authorization": "Bearer test-api-key"})
    assert response.headers["access-control-allow-origin"] == ALLOWED
    exposed = response.headers["access-control-expose-headers"].lower()
    for header in ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "retry-after",
                   "x-request-id", "idempotent-replayed"):
        assert header in exposed
    other = await client.post("/graphql", json={"query": "{ Languages { code } }"},
                              headers={"origin": "https://evil.example", "Authorization": "Bearer test-api-key"})
    assert "access-control-allow-origin" not in other.headers


def test_the_demo_allows_the_helium_dev_server_and_production_allows_none():
    demo = Settings.from_env(demo=True, env={"SECRET_KEY": "x" * 40})
    assert demo.cors_allowed_origins == ("http://localhost:3000", "http://127.0.0.1:3000")
    assert Settings.from_env(env={"SECRET_KEY": "x" * 40}).cors_allowed_origins == ()
    listed = Settings.from_env(env={"SECRET_KEY": "x" * 40, "CORS_ALLOWED_ORIGINS": "https://a.example/, https://b.example"})
    assert listed.cors_allowed_origins == ("https://a.example", "https://b.example")
