"""Database connections: pool settings from the environment; a connection PostgreSQL dropped is replaced."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from app.db import engine_from_settings
from app.main import create_app
from tests.conftest import TEST_API_KEY


def test_pool_sizes_and_timeouts_come_from_the_settings(settings):
    pg = settings.model_copy(update={"database_url": "postgresql+asyncpg://u@127.0.0.1:9105/x", "db_pool_size": 3,
                                     "db_max_overflow": 4, "db_pool_timeout": 7.0})
    engine = engine_from_settings(pg)
    try:
        assert (engine.pool.size(), engine.pool._max_overflow, engine.pool._timeout) == (3, 4, 7.0)
        assert engine.pool._pre_ping is True
    finally:
        engine.sync_engine.dispose()


async def test_the_next_request_succeeds_after_postgresql_drops_the_servers_connections(settings, db):
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: pg_terminate_backend")
    import httpx

    from app.apikeys.service import create_api_key

    async with db() as session:
        await create_api_key(session, name="tests", key=TEST_API_KEY)
        await session.commit()
    application = create_app(settings)  # its own engine and pool, as a server has
    headers = {"Authorization": f"Bearer {TEST_API_KEY}"}
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            query = {"query": "{ Languages { code } }"}
            assert (await http.post("/graphql", json=query, headers=headers)).status_code == 200
            server_engine = application.state.services.engine
            assert server_engine.pool.checkedin() >= 1  # a pooled connection to be killed
            async with db() as session:
                killed = await session.scalar(text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
            assert killed >= 1
            response = await http.post("/graphql", json=query, headers=headers)
            assert response.status_code == 200 and "errors" not in response.json(), response.text
