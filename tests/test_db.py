"""Database resilience (issue 14, part 6): connections the server dropped are replaced, not handed out."""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool


async def test_requests_after_the_server_drops_every_connection_succeed(engine, gql, jane_token):
    if engine.dialect.name != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's")
    for _ in range(3):  # the pool holds connections (idle now) that served these
        assert (await gql.data("{ CurrentUser { email } }", token=jane_token))["CurrentUser"]
    killer = create_async_engine(engine.url.render_as_string(hide_password=False), poolclass=NullPool)
    try:
        async with killer.connect() as conn:
            killed = await conn.scalar(text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    finally:
        await killer.dispose()
    assert killed >= 1  # the app's pooled connections
    responses = [await gql.post("{ CurrentUser { email } }", token=jane_token) for _ in range(5)]
    assert [r.status_code for r in responses] == [200] * 5
    assert all("errors" not in r.json() for r in responses)
