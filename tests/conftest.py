"""Shared fixtures: a migrated database (SQLite, or PostgreSQL via TEST_DATABASE_URL), the app,
an HTTP client with an API key, cheap password hashing, the demo instance and its logins (for the demo's
own tests; the others build their data with tests/factories), and a SQL statement counter.

Every test starts from empty tables. On PostgreSQL each test run creates its own database
(and drops it at the end), so parallel runs on one server do not interfere.
"""
from __future__ import annotations

import os
import tempfile
import uuid
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx
import pytest
from passlib.context import CryptContext
from sqlalchemy import event, text
from sqlalchemy.engine import make_url

from app import security
from app.db import Base, create_engine, is_sqlite, session_factory
from app.main import create_app
from app.migrate import upgrade
from app.settings import Settings

TEST_SECRET = "test-secret-key-" + "x" * 32
TEST_API_KEY = "test-api-key"


# Tests hash and verify many passwords (every factory learner accepts an invitation and logs in):
# argon2 with its smallest cost, the same scheme and code path, about 60 times faster. Hashes made
# before (the app's dummy hash for unknown emails) keep their own cost: argon2 reads it from the hash.
CHEAP_ARGON2 = CryptContext(schemes=["argon2"], argon2__memory_cost=8, argon2__time_cost=1, argon2__parallelism=1)


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    monkeypatch.setattr(security, "_passwords", CHEAP_ARGON2)


def _admin_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


@pytest.fixture(scope="session", autouse=True)
def log_of_the_run(tmp_path_factory):
    """Every log line of the run, formatted as the server writes them; no secret may appear in it."""
    import logging

    from app.observability.logs import TextFormatter

    path = tmp_path_factory.mktemp("log") / "run.log"
    handler = logging.FileHandler(path)
    handler.setFormatter(TextFormatter())
    root = logging.getLogger()
    saved_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield path
    root.removeHandler(handler)
    root.setLevel(saved_level)
    handler.close()
    text = path.read_text(errors="replace")
    from app.demo import DEMO_PASSWORD

    for secret in (TEST_API_KEY, TEST_SECRET, DEMO_PASSWORD, "eyJ"):  # "eyJ": the start of every JWT
        assert secret not in text, f"a secret ({secret[:6]}…) appears in the log of the run: {path}"


@asynccontextmanager
async def throwaway_database(prefix: str):
    """The URL of an empty database of the kind the suite runs on: a SQLite file in a temporary
    folder, or a new database on TEST_DATABASE_URL's PostgreSQL server, dropped afterwards."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base or is_sqlite(base):
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite+aiosqlite:///{tmp}/{prefix}.db"
        return
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_admin_url(base), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@pytest.fixture(scope="session")
async def database_url():
    async with throwaway_database("test") as url:
        yield url


@pytest.fixture(scope="session")
async def engine(database_url):
    eng = create_engine(database_url)
    await upgrade(eng)
    yield eng
    await eng.dispose()


async def _truncate(eng) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    async with eng.begin() as conn:
        if conn.dialect.name == "postgresql":
            await conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE"))
        else:
            for table in tables:
                await conn.execute(text(f'DELETE FROM "{table}"'))


@pytest.fixture
async def db(engine):
    """The session factory, over tables emptied before the test."""
    await _truncate(engine)
    return session_factory(engine)


@pytest.fixture
def settings(database_url) -> Settings:
    # The API-key cache is off so that every request runs the same statements (statement-count tests);
    # tests/apikeys/test_cache.py turns it on. The usage ledger is flushed by the tests that read it
    # (`await app.state.services.usage.flush()`), never by the background task in the middle of a count.
    return Settings(database_url=database_url, secret_key=TEST_SECRET, login_max_failures=5,
                    login_lockout_seconds=900, api_key_cache_seconds=0, usage_flush_seconds=3600)


@dataclass
class GraphQLClient:
    http: httpx.AsyncClient
    api_key: str | None = TEST_API_KEY
    path: str = "/graphql"

    async def post(self, query: str, variables: dict | None = None, *, token: str | None = None,
                   headers: dict | None = None, api_key: str | None = "default") -> httpx.Response:
        h = dict(headers or {})
        key = self.api_key if api_key == "default" else api_key
        if key:
            h["Authorization"] = f"Bearer {key}"
        if token:
            h["authToken"] = token
        return await self.http.post(self.path, json={"query": query, "variables": variables}, headers=h)

    async def __call__(self, query: str, variables: dict | None = None, **kwargs) -> dict:
        response = await self.post(query, variables, **kwargs)
        return response.json()

    async def data(self, query: str, variables: dict | None = None, **kwargs) -> dict:
        body = await self(query, variables, **kwargs)
        assert "errors" not in body, body.get("errors")
        return body["data"]

    async def login(self, email: str, password: str) -> str:
        data = await self.data("mutation($e: String!, $p: String!) { Login(email: $e, password: $p) }",
                               {"e": email, "p": password})
        return data["Login"]


@pytest.fixture
async def app(settings, engine, db):
    from app.apikeys.service import create_api_key

    async with db() as session:
        await create_api_key(session, name="tests", key=TEST_API_KEY)
        await session.commit()
    application = create_app(settings, engine=engine)
    async with application.router.lifespan_context(application):
        yield application


def no_cookies() -> CookieJar:
    """A jar that keeps nothing: requests carry only the credentials a test gives them
    (tests of the authToken cookie use a client with a jar of its own)."""
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


@pytest.fixture
async def http(app):
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver", cookies=no_cookies()) as client:
        yield client


@pytest.fixture
def gql(http) -> GraphQLClient:
    return GraphQLClient(http)


@pytest.fixture
async def demo(db):
    """The demo instance, loaded into the empty database."""
    from app.demo import seed_demo

    async with db() as session:
        await seed_demo(session)
        await session.commit()


# The demo's logins, for the tests of the demo itself (other tests make their people with tests/factories).
@pytest.fixture
async def demo_jane_token(gql, demo) -> str:
    from app.demo import DEMO_PASSWORD, JANE_EMAIL

    return await gql.login(JANE_EMAIL, DEMO_PASSWORD)


@pytest.fixture
async def demo_admin_token(gql, demo) -> str:
    from app.demo import ADMIN_EMAIL, DEMO_PASSWORD

    return await gql.login(ADMIN_EMAIL, DEMO_PASSWORD)


@pytest.fixture
def make_key(db):
    """`await make_key(["users:read"])` -> the secret of a new API key with those scopes (None: full scope)."""
    from app.apikeys.service import create_api_key

    made = iter(range(10_000))

    async def make(scopes: list[str] | None) -> str:
        async with db() as session:
            _row, secret = await create_api_key(session, name=f"scoped-{next(made)}", scopes=scopes)
            await session.commit()
        return secret

    return make


class StatementCounter:
    def __init__(self):
        self.count = 0
        self.statements: list[str] = []


@pytest.fixture
def count_statements(engine):
    """`with count_statements() as c: ...` counts the SQL statements run inside the block."""

    @contextmanager
    def counting():
        counter = StatementCounter()

        def before(conn, cursor, statement, *args):
            if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")):
                counter.count += 1
                counter.statements.append(statement)

        event.listen(engine.sync_engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", before)

    return counting
