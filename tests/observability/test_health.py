"""/livez, /readyz (database and Redis) and /metrics."""
from __future__ import annotations

import httpx

from app.main import create_app
from tests.conftest import no_cookies
from tests.factories.people import PASSWORD, learner
from tests.ratelimit.redis_support import require_redis


async def _get(application, path: str, **kwargs) -> httpx.Response:
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://t", cookies=no_cookies()) as http:
            return await http.get(path, **kwargs)


async def test_livez_and_readyz_need_no_key(http):
    live, ready = await http.get("/livez"), await http.get("/readyz")
    assert live.status_code == 200 and live.json() == {"status": "ok"}
    assert ready.status_code == 200 and ready.json() == {"status": "ok", "checks": {"database": "ok"}}
    assert (await http.get("/healthz")).json() == ready.json()


async def test_readyz_fails_while_redis_is_unreachable(settings, engine, db):
    # 9103: in this suite's port range; nothing listens there.
    application = create_app(settings.model_copy(update={"redis_url": "redis://127.0.0.1:9103/0"}), engine=engine)
    response = await _get(application, "/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "ok", "redis": "unavailable"}}
    live = await _get(create_app(settings.model_copy(update={"redis_url": "redis://127.0.0.1:9103/0"}),
                                 engine=engine), "/livez")
    assert live.status_code == 200


async def test_readyz_checks_a_reachable_redis(settings, engine, db):
    url = await require_redis()
    response = await _get(create_app(settings.model_copy(update={"redis_url": url}), engine=engine), "/readyz")
    assert response.status_code == 200 and response.json()["checks"] == {"database": "ok", "redis": "ok"}


async def test_readyz_fails_when_the_database_is_unreachable(settings, db):
    from app.db import create_engine

    # A PostgreSQL URL nobody answers (port 9104 of this suite's range).
    dead = create_engine("postgresql+asyncpg://postgres@127.0.0.1:9104/none")
    try:
        response = await _get(create_app(settings, engine=dead), "/readyz")
    finally:
        await dead.dispose()
    assert response.status_code == 503 and response.json()["checks"]["database"] == "unavailable"


async def test_metrics_count_requests_operations_and_points(gql, http, db):
    await learner(db, "lea@example.com")
    token = await gql.login("lea@example.com", PASSWORD)
    await gql.data("{ CurrentUser { email } }", token=token)
    await gql("{ CurrentUser { nope } }", token=token)
    body = (await http.get("/metrics")).text
    assert 'learner_http_requests_total{method="POST",route="/graphql",status="200"}' in body
    assert 'learner_graphql_operations_total{operation="CurrentUser",outcome="ok"}' in body
    assert 'learner_graphql_operations_total{operation="CurrentUser",outcome="rejected"}' in body
    assert 'learner_api_points_total{operation="CurrentUser"}' in body
    assert "learner_http_request_duration_seconds_bucket" in body
    for gauge in ("learner_db_pool_connections_in_use", "learner_usage_ledger_pending_rows",
                  "learner_outbox_pending_messages 0.0"):
        assert gauge in body


async def test_metrics_behind_a_token_when_one_is_set(settings, engine, db):
    application = create_app(settings.model_copy(update={"metrics_token": "m" * 24}), engine=engine)
    assert (await _get(application, "/metrics")).status_code == 401
    assert (await _get(application, "/metrics", headers={"Authorization": "Bearer wrong"})).status_code == 401
    ok = await _get(application, "/metrics", headers={"Authorization": "Bearer " + "m" * 24})
    assert ok.status_code == 200 and "learner_http_requests_total" in ok.text
