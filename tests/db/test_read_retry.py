"""Reads retried once on a dropped connection, mutations never (issue 14, part 6): app/pipeline/retry.py.

A failure is injected where a statement runs (SQLite has no connection to drop); the PostgreSQL
tests in test_terminated_connections.py drop real ones.
"""
from __future__ import annotations

from contextlib import contextmanager

import asyncpg
import httpx
import pytest
from graphql import GraphQLError
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from app.pipeline.retry import dropped_connection, read_retried
from app.users.models import User
from tests.conftest import GraphQLClient, no_cookies
from tests.db.conftest import JANE_EMAIL
from tests.rest.helpers import bearer


def _dropped(statement: str = "SELECT 1") -> OperationalError:
    return OperationalError(statement, None, ConnectionResetError("connection dropped (injected)"),
                            connection_invalidated=True)


@contextmanager
def dropping(engine, fragment: str, *, times: int = 1, after: bool = False):
    """The first `times` statements containing `fragment` fail as on a dropped connection (before
    they run, or just after: the statement's work is done but its connection is then gone).
    Yields the list of the statements seen."""
    seen: list[str] = []

    def hook(conn, cursor, statement, *args):
        if fragment in statement:
            seen.append(statement)
            if len(seen) <= times:
                raise _dropped(statement)

    name = "after_cursor_execute" if after else "before_cursor_execute"
    event.listen(engine.sync_engine, name, hook)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, name, hook)


@pytest.fixture
async def lenient_gql(app):
    """A client that receives the answer an unexpected error gets, instead of the error itself."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver", cookies=no_cookies()) as client:
        yield GraphQLClient(client)


def test_what_counts_as_a_dropped_connection():
    assert dropped_connection(_dropped())
    assert dropped_connection(GraphQLError("x", original_error=_dropped()))
    assert dropped_connection(asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed"))
    assert dropped_connection(asyncpg.exceptions.AdminShutdownError("terminating connection"))
    assert dropped_connection(asyncpg.exceptions.InterfaceError("cannot call Connection.fetch(): connection is closed"))
    assert dropped_connection(asyncpg.exceptions.InternalClientError(
        "cannot switch to state 12; another operation (2) is in progress"))
    wrapped = RuntimeError("rendering failed")
    wrapped.__cause__ = asyncpg.exceptions.ConnectionDoesNotExistError("gone")
    assert dropped_connection(wrapped)
    # A statement that failed on a live connection is an answer, not a dropped connection.
    assert not dropped_connection(IntegrityError("INSERT", None, Exception("duplicate key")))
    assert not dropped_connection(OperationalError("SELECT", None, Exception("database is locked")))
    assert not dropped_connection(GraphQLError("Not found"))


async def test_a_read_runs_once_more_after_a_dropped_connection_and_only_once():
    calls = []

    async def read():
        calls.append(1)
        if len(calls) == 1:
            raise _dropped()
        return "answer"

    assert await read_retried(read) == "answer" and len(calls) == 2

    async def always_dropped():
        calls.append(1)
        raise _dropped()

    calls.clear()
    with pytest.raises(OperationalError):
        await read_retried(always_dropped)
    assert len(calls) == 2

    async def failing():
        calls.append(1)
        raise IntegrityError("SELECT", None, Exception("not a dropped connection"))

    calls.clear()
    with pytest.raises(IntegrityError):
        await read_retried(failing)
    assert len(calls) == 1


async def test_a_query_is_executed_once_more_after_a_dropped_connection(engine, gql, jane_token):
    expected = await gql.data("{ Languages { code } UserWaitlist { id } }", token=jane_token)
    with dropping(engine, "content_items") as seen:
        response = await gql.post("{ Languages { code } UserWaitlist { id } }", token=jane_token)
    assert response.status_code == 200 and "errors" not in response.json(), response.text
    assert response.json()["data"] == expected
    assert len(seen) >= 2  # failed, then run again on a fresh session


async def test_a_query_that_fails_twice_gets_a_clean_error(engine, gql, jane_token):
    with dropping(engine, "content_items", times=10**6) as seen:
        response = await gql.post("{ Languages { code } UserWaitlist { id } }", token=jane_token)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INTERNAL_SERVER_ERROR"]
    assert body["data"]["Languages"] is not None
    assert len(seen) == 2  # once, and once more: not again


async def test_a_mutation_is_never_executed_twice(engine, db, gql, admin_token):
    create = 'mutation { CreateLearner(email: "once@example.com", firstName: "O", lastName: "N") { id } }'
    with dropping(engine, "INSERT INTO users", after=True) as seen:
        body = (await gql.post(create, token=admin_token)).json()
    assert len(seen) == 1, seen  # the write ran once; its connection "went" after it: no second run
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INTERNAL_SERVER_ERROR"]
    async with db() as session:
        assert await session.scalar(select(func.count()).where(User.email == "once@example.com")) == 0
    # The pool gave out no broken connection: the same mutation now succeeds.
    assert (await gql.data(create, token=admin_token))["CreateLearner"]["id"]


async def test_the_api_key_read_is_retried(engine, gql, people):
    with dropping(engine, "api_keys") as seen:
        data = await gql.data("{ Languages { code } }")
    assert data["Languages"] and len(seen) == 2


def dropped_once(monkeypatch, reader, method: str) -> list[int]:
    """The reader's first call of `method` fails as on a dropped connection; the calls are counted."""
    original, calls = getattr(reader, method), []

    async def read(query, values):
        calls.append(1)
        if len(calls) == 1:
            raise asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation")
        return await original(query, values)

    monkeypatch.setattr(reader, method, read)
    return calls


async def test_the_token_read_is_retried(app, gql, jane_token, monkeypatch):
    calls = dropped_once(monkeypatch, app.state.services.hot_reads, "first")
    data = await gql.data("{ CurrentUser { email } }", token=jane_token)
    assert data["CurrentUser"]["email"] == JANE_EMAIL and len(calls) == 2


async def test_a_hot_read_of_a_query_is_retried(app, gql, jane_token, monkeypatch):
    """UserContentItems reads on the driver's own connection (app/hot_reads.py), not through the engine."""
    expected = await gql.data("{ UserContentItems { id } }", token=jane_token)
    calls = dropped_once(monkeypatch, app.state.services.hot_reads, "all")
    assert await gql.data("{ UserContentItems { id } }", token=jane_token) == expected
    assert len(calls) >= 2


async def test_an_authentication_read_that_fails_twice_gets_a_json_500(engine, lenient_gql, people):
    with dropping(engine, "api_keys", times=10**6):
        response = await lenient_gql.post("{ Languages { code } }")
    assert response.status_code == 500 and response.headers["content-type"].startswith("application/json")
    assert response.json()["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"


async def test_a_rest_get_is_retried(engine, http, gql, admin_token):
    user_id = (await gql.data("{ CurrentUser { id } }", token=admin_token))["CurrentUser"]["id"]
    with dropping(engine, "FROM users") as seen:
        response = await http.get(f"/incoming/v2/users/{user_id}", headers=bearer())
    assert response.status_code == 200, response.text
    assert response.json()["data"]["UserById"]["id"] == user_id and len(seen) >= 2
