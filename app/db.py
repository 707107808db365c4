"""Engine, session factory and the declarative Base shared by every domain."""
from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Iterable, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from sqlalchemy import JSON, DateTime, Engine, MetaData, String, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from app.sqlite_inline import inline_creator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


_from_iso = datetime.fromisoformat


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                value = value.replace(tzinfo=UTC)
            value = value.astimezone(UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def bind_processor(self, dialect):
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)

        def utc_text(value):
            # SQLAlchemy's SQLite format ("YYYY-MM-DD HH:MM:SS.ffffff", UTC) in one C call: its
            # strftime-like formatting cost more than the indexed read that binds it.
            if value is None:
                return None
            if value.tzinfo is None:
                value = value.replace(tzinfo=UTC)
            return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")

        return utc_text

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value

    def result_processor(self, dialect, coltype):
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)
        general = super().result_processor(dialect, coltype)

        def aware_utc(value):
            # SQLite keeps "YYYY-MM-DD HH:MM:SS.ffffff" text in UTC: one C call makes the aware value
            # (the driver's parse plus replace(tzinfo=…) cost about a sixth of a 100-item list).
            if value is None:
                return None
            try:
                return _from_iso(value + "+00:00")
            except (TypeError, ValueError):
                return general(value)

        return aware_utc


# JSON documents: JSONB on PostgreSQL (comparable, indexable), JSON text elsewhere.
JSONDoc = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}


class Record:
    """A row read with SQLAlchemy Core, its columns as attributes: for read-only lists, where hydrating
    ORM objects (identity map, instance state, attribute instrumentation) costs more than the query."""

    def __init__(self, columns: Mapping[Any, Any] | Iterable[tuple[str, Any]]):
        self.__dict__.update(columns)

    if TYPE_CHECKING:  # tells mypy the columns are attributes

        def __getattr__(self, name: str) -> Any: ...


class IdMixin:
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def column_length(attribute) -> int:
    """The length n of a String(n) column (an ORM attribute): the bound its input is checked against,
    so that too long a value is refused the same way on both databases (PostgreSQL would fail the
    statement, SQLite would store it)."""
    length = attribute.property.columns[0].type.length
    if length is None:
        raise TypeError(f"{attribute} has no length")
    return length


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def create_engine(url: str, **kwargs) -> AsyncEngine:
    # Errors and logs show statements without their parameters (emails, tokens, names).
    kwargs.setdefault("hide_parameters", True)
    if is_sqlite(url):
        kwargs.setdefault("async_creator", inline_creator(make_url(url).database or ":memory:"))
    else:
        kwargs.setdefault("pool_size", 10)
        kwargs.setdefault("max_overflow", 20)
        # A connection PostgreSQL dropped (restart, failover, pg_terminate_backend) is replaced
        # when it is checked out, instead of failing the request that drew it.
        kwargs.setdefault("pool_pre_ping", True)
        kwargs.setdefault("connect_args", {"timeout": 5.0})
    engine = create_async_engine(url, **kwargs)
    if is_sqlite(url):
        _configure_sqlite(engine)
    return engine


def engine_from_settings(settings) -> AsyncEngine:
    """The engine of a server or CLI process: pool sizes and timeouts from the settings (DB_*)."""
    if is_sqlite(settings.database_url):
        return create_engine(settings.database_url)
    return create_engine(settings.database_url, pool_size=settings.db_pool_size,
                         max_overflow=settings.db_max_overflow, pool_timeout=settings.db_pool_timeout,
                         connect_args={"timeout": settings.db_connect_timeout})


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # The driver's implicit BEGIN is disabled so that we can issue BEGIN IMMEDIATE
        # for write transactions: SQLite then serialises writers instead of failing
        # one of two concurrent read-then-write transactions.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn):
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


# SQLite: how long a writer waits for another writer's lock, in total. The driver's own busy wait
# would block the event loop (app/sqlite_inline.py), so it is short and the rest is awaited here.
SQLITE_WRITE_WAIT_SECONDS = 30.0
SQLITE_BUSY_TIMEOUT_MS = 50


async def begin_write(session: AsyncSession) -> None:
    """Start the session's transaction as a writer.

    On SQLite this is BEGIN IMMEDIATE, so concurrent read-then-write transactions
    queue on the write lock instead of one failing; while another connection holds the lock
    it retries without blocking the event loop. On PostgreSQL it is a plain BEGIN; row locks
    and conditional UPDATEs give the guarantees there.
    """
    if session.bind is None or session.bind.dialect.name != "sqlite":
        await session.connection()
        return
    loop = asyncio.get_running_loop()
    deadline = loop.time() + SQLITE_WRITE_WAIT_SECONDS
    delay = 0.002
    while True:
        try:
            await session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            return
        except OperationalError as error:
            if "locked" not in str(error.orig) or loop.time() >= deadline:
                raise
            await session.rollback()
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.05)


# One write transaction at a time per SQLite engine and process (app/sqlite_inline.py).
_SQLITE_WRITERS: WeakKeyDictionary[Engine, asyncio.Lock] = WeakKeyDictionary()


def _writer_lock(session: AsyncSession) -> asyncio.Lock | None:
    bind = session.bind
    if bind is None or bind.dialect.name != "sqlite":
        return None
    engine = bind.sync_engine
    lock = _SQLITE_WRITERS.get(engine)
    if lock is None:
        lock = _SQLITE_WRITERS[engine] = asyncio.Lock()
    return lock


@asynccontextmanager
async def write_transaction(session: AsyncSession):
    """One write transaction on `session` (begin_write): committed when the block ends, rolled back on error."""
    lock = _writer_lock(session)
    async with lock if lock is not None else contextlib.nullcontext():
        await begin_write(session)
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


@asynccontextmanager
async def write_session(factory: async_sessionmaker[AsyncSession]):
    """A new session from `factory` in one write transaction (see write_transaction)."""
    async with factory() as session, write_transaction(session):
        yield session
