"""PostgreSQL drops the app's connections (pg_terminate_backend) between and during requests
(issue 14, part 6): the next request succeeds, and under load only requests in flight at that
moment may fail, each with a JSON error."""
from __future__ import annotations

import asyncio
import os

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from app.db import is_sqlite
from tests.conftest import GraphQLClient, no_cookies
from tests.rest.helpers import bearer

pytestmark = pytest.mark.skipif(is_sqlite(os.environ.get("TEST_DATABASE_URL") or "sqlite"),
                                reason="PostgreSQL only: SQLite has no connection to drop")

READ = "{ Languages { code } UserContentItems { id } CurrentUser { email } }"
TERMINATE = text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                 "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@pytest.fixture
async def terminate(database_url):
    """`await terminate()`: every other connection to the test database is dropped; how many."""
    admin = create_async_engine(database_url, poolclass=NullPool)

    async def run() -> int:
        async with admin.connect() as connection:
            return (await connection.execute(TERMINATE)).scalar_one()

    yield run
    await admin.dispose()


@pytest.fixture
def settings(settings):
    """A budget no wave empties: 300 reads of 5 points each, faster than the bucket refills."""
    return settings.model_copy(update={"rate_limit_capacity": 100_000})


@pytest.fixture
async def client(app):
    """A client that receives the answer an unexpected error gets (a 500 page), instead of the error."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver", cookies=no_cookies()) as http:
        yield GraphQLClient(http)


async def test_the_next_requests_after_terminated_connections_succeed(client, terminate, jane_token, admin_token):
    expected = await client.data(READ, token=jane_token)
    user_id = (await client.data("{ CurrentUser { id } }", token=admin_token))["CurrentUser"]["id"]
    for round_ in range(3):
        assert await terminate() >= 1  # the pool's connections, held idle between requests
        assert await client.data(READ, token=jane_token) == expected
        assert await terminate() >= 1
        response = await client.http.get(f"/incoming/v2/users/{user_id}", headers=bearer())
        assert response.status_code == 200, response.text
        assert await terminate() >= 1
        created = await client.data(f'mutation {{ CreateLearner(email: "after{round_}@example.com", firstName: "A", '
                                    'lastName: "B") { email } }', token=admin_token)
        assert created["CreateLearner"]["email"] == f"after{round_}@example.com"


async def test_under_load_only_requests_in_flight_may_fail(client, terminate, jane_token):
    """Waves of ten concurrent reads; in a few of them, the connections are dropped while they run.
    Every other wave succeeds whole; in those, a read fails only if its retry is dropped too."""
    expected = await client.data(READ, token=jane_token)
    terminated = []

    async def drop_soon():
        await asyncio.sleep(0.05)
        terminated.append(await terminate())

    waves: list[list[httpx.Response]] = []
    for wave in range(30):
        requests = [client.post(READ, token=jane_token) for _ in range(10)]
        if wave % 6 == 3:
            *responses, _ = await asyncio.gather(*requests, drop_soon())
        else:
            responses = await asyncio.gather(*requests)
        waves.append(responses)
    assert sum(terminated) > 0

    failed: dict[int, int] = {}
    for wave, responses in enumerate(waves):
        for response in responses:
            assert response.headers["content-type"].startswith("application/json"), (response.status_code, response.text)
            body = response.json()
            if response.status_code == 200 and not body.get("errors") and body["data"] == expected:
                continue
            assert all(e["extensions"]["code"] for e in body["errors"]), body
            failed[wave] = failed.get(wave, 0) + 1
    # Only requests in flight when their connections were dropped may fail.
    assert set(failed) <= {wave for wave in range(len(waves)) if wave % 6 == 3}, failed
    assert await client.data(READ, token=jane_token) == expected
