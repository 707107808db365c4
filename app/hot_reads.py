"""Hot reads: a Core SELECT compiled once, run on the driver's own connection.

Every request authenticates its token with one indexed read. Through SQLAlchemy's Connection that
read costs about 115 µs of CPU on SQLite (connection and execution-context objects, result
metadata, the BEGIN event), for a statement SQLite answers in a few. A `HotQuery` is compiled once
per dialect, with the type processors SQLAlchemy would apply, so its rows carry the same Python
values as a Core result (aware datetimes, booleans, JSON).

- SQLite (a file): one connection of this process's own, read-only, used inline on the event loop.
  In WAL mode a reader never waits for a writer, and a single statement reads one snapshot.
- PostgreSQL: a small asyncpg pool of this reader's own. A checkout from the engine's pool costs
  more than the read (the pre-ping's round trip, the rollback on return, SQLAlchemy's connection
  objects); a single SELECT outside a transaction leaves no state to reset. asyncpg prepares and
  caches each statement per connection. A dropped connection fails its read and is replaced.
- Otherwise (SQLite in memory, in tests): a connection checked out of the engine's pool.
"""
from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import asyncpg
from sqlalchemy import ColumnElement, Float, Select, String, TypeDecorator, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql import coercions, roles
from sqlalchemy.sql.visitors import InternalTraversal

Processor = Callable[[Any], Any] | None

# Connections of the PostgreSQL hot-read pool, per process (each read holds one for a single statement).
HOT_POOL_SIZE = 4


class _KeyList(TypeDecorator):
    """A list of keys bound as one parameter: a JSON array on SQLite, an array on PostgreSQL."""

    impl = String
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect):
        return dialect.type_descriptor(ARRAY(String) if dialect.name == "postgresql" else String())

    def process_bind_param(self, value, dialect: Dialect):
        return list(value) if dialect.name == "postgresql" else json.dumps(list(value))


class in_keys(ColumnElement[bool]):  # noqa: N801 - used like a function, as SQLAlchemy's constructs are
    """`column` is one of the list bound to `name`: one statement (and one compiled plan) for a batch of
    any length, where `column.in_(keys)` has one parameter per key."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement),
                           ("keys", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: ColumnElement | InstrumentedAttribute, name: str = "keys"):
        self.column = coercions.expect(roles.ExpressionElementRole, column)
        self.keys = bindparam(name, type_=_KeyList())


@compiles(in_keys)
def _in_json_array(element: in_keys, compiler, **kw) -> str:
    return (f"{compiler.process(element.column, **kw)} IN "
            f"(SELECT value FROM json_each({compiler.process(element.keys, **kw)}))")


@compiles(in_keys, "postgresql")
def _in_array(element: in_keys, compiler, **kw) -> str:
    return f"{compiler.process(element.column, **kw)} = ANY({compiler.process(element.keys, **kw)})"


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # positional order: (name, fixed value or _ARGUMENT, bind processor)
    params: tuple[tuple[str, Any, Processor], ...]
    columns: tuple[tuple[str, Processor], ...]  # result keys, with result processors

    def arguments(self, values: dict[str, Any]) -> list[Any]:
        return [value if process is None else process(value)
                for value, process in ((values[name] if fixed is _ARGUMENT else fixed, process)
                                       for name, fixed, process in self.params)]

    def record(self, row) -> dict[str, Any]:
        record = dict(zip(self.keys, row))
        for key, process in self.processed:
            record[key] = process(record[key])
        return record

    @cached_property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for key, _process in self.columns)

    @cached_property
    def processed(self) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
        """The columns whose values go through a result processor (most go as the driver gives them)."""
        return tuple((key, process) for key, process in self.columns if process is not None)


_ARGUMENT = object()


class HotQuery:
    """A SELECT whose arguments are named `bindparam`s without a value; the values written in the
    statement (literals, IN lists) are compiled into it."""

    def __init__(self, statement: Select):
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}

    def compiled(self, dialect: Dialect) -> _Compiled:
        found = self._compiled.get(dialect.name)
        if found is None:
            found = self._compiled[dialect.name] = self._compile(dialect)
        return found

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled = self.statement.compile(dialect=dialect)
        arguments = {name for name, bind in compiled.binds.items() if bind.required}
        # IN lists are expanded into one parameter each ("kinds_1" -> "kinds_1_1", "kinds_1_2" …).
        state = compiled.construct_expanded_state(dict.fromkeys(arguments), escape_names=False)
        binds = compiled.binds  # an expanded IN list's parameters are named after its bind ("kinds_1_2")
        params = tuple((name, _ARGUMENT if name in arguments else state.parameters[name],
                        _bind_processor(binds[name if name in binds else name.rpartition("_")[0]].type, dialect))
                       for name in state.positiontup or ())
        columns = tuple((column.key, _result_processor(column.type, dialect))
                        for column in self.statement.selected_columns)
        return _Compiled(state.statement, params, columns)


def _bind_processor(type_, dialect: Dialect) -> Processor:
    return type_.dialect_impl(dialect).bind_processor(dialect)


def _result_processor(type_, dialect: Dialect) -> Processor:
    if isinstance(type_, Float) and not type_.asdecimal:
        return None  # both drivers return a float column as a float (asyncpg's processor needs the column's oid)
    return type_.dialect_impl(dialect).result_processor(dialect, None)


class HotReader:
    """Runs HotQuery reads for one engine (see the module's docstring)."""

    def __init__(self, engine: AsyncEngine):
        self.engine = engine
        self.dialect = engine.dialect
        database = make_url(str(engine.url)).database if self.dialect.name == "sqlite" else None
        self._sqlite_path = database if database and database != ":memory:" else None
        self._sqlite: sqlite3.Connection | None = None
        self._postgres: asyncpg.Pool | None = None
        self._postgres_opening = asyncio.Lock()

    async def first(self, query: HotQuery, values: dict[str, Any]) -> dict[str, Any] | None:
        compiled = query.compiled(self.dialect)
        row = await self._run(compiled.sql, compiled.arguments(values), one=True)
        return compiled.record(row) if row is not None else None

    async def all(self, query: HotQuery, values: dict[str, Any]) -> list[dict[str, Any]]:
        compiled = query.compiled(self.dialect)
        record = compiled.record
        return [record(row) for row in await self._run(compiled.sql, compiled.arguments(values), one=False)]

    async def _run(self, sql: str, arguments: list[Any], *, one: bool):
        """The first row (or None) when `one`, else every row, from the connection this reader uses."""
        if self._sqlite_path is not None:
            cursor = self._sqlite_connection().execute(sql, arguments)
            return cursor.fetchone() if one else cursor.fetchall()
        if self.dialect.name == "postgresql":
            pool = await self._postgres_pool()
            return await (pool.fetchrow(sql, *arguments) if one else pool.fetch(sql, *arguments))
        return await self._pooled(sql, arguments, one=one)

    def _sqlite_connection(self) -> sqlite3.Connection:
        if self._sqlite is None:
            # A short busy timeout: the call runs on the event loop (a WAL reader waits only in rare recoveries).
            connection = sqlite3.connect(self._sqlite_path, timeout=0.05, isolation_level=None,
                                         check_same_thread=False)
            connection.execute("PRAGMA query_only=ON")
            self._sqlite = connection
        return self._sqlite

    async def _postgres_pool(self) -> asyncpg.Pool:
        if self._postgres is None:
            async with self._postgres_opening:
                if self._postgres is None:
                    dsn = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
                    self._postgres = await asyncpg.create_pool(dsn, min_size=1, max_size=HOT_POOL_SIZE,
                                                               init=_json_codecs, reset=_nothing_to_reset)
        return self._postgres

    async def _pooled(self, sql: str, arguments: list[Any], *, one: bool):
        async with self.engine.connect() as connection:
            raw = await connection.get_raw_connection()
            try:
                cursor = await raw.driver_connection.execute(sql, arguments)
                try:
                    return await (cursor.fetchone() if one else cursor.fetchall())
                finally:
                    await cursor.close()
            except BaseException:
                # SQLAlchemy never saw the driver call fail: a connection left dropped, mid-protocol or
                # cancelled would go back to the pool as it is.
                await connection.invalidate()
                raise

    async def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
            self._sqlite = None
        if self._postgres is not None:
            await self._postgres.close()
            self._postgres = None


async def _json_codecs(connection: asyncpg.Connection) -> None:
    """JSON documents decoded as SQLAlchemy's asyncpg dialect decodes them (asyncpg gives text otherwise)."""
    for name in ("json", "jsonb"):
        await connection.set_type_codec(name, schema="pg_catalog", encoder=json.dumps, decoder=json.loads,
                                        format="text")


async def _nothing_to_reset(connection: asyncpg.Connection) -> None:
    """Hot reads are single SELECTs outside a transaction: a released connection needs no reset."""
