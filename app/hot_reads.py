"""Hot reads: a Core SELECT compiled once, run on the driver's own connection.

Every request authenticates its token with one indexed read. Through SQLAlchemy's Connection that
read costs about 115 µs of CPU on SQLite (connection and execution-context objects, result
metadata, the BEGIN event), for a statement SQLite answers in a few. A `HotQuery` is compiled once
per dialect, with the type processors SQLAlchemy would apply, so its rows carry the same Python
values as a Core result (aware datetimes, booleans, JSON).

- SQLite (a file): one connection of this process's own, read-only, used inline on the event loop.
  In WAL mode a reader never waits for a writer, and a single statement reads one snapshot.
- Otherwise: a connection checked out of the engine's pool, the statement sent through the driver
  (asyncpg prepares and caches it per connection).
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.ext.asyncio import AsyncEngine

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[tuple[str, Processor], ...]  # positional order, with bind processors
    columns: tuple[tuple[str, Processor], ...]  # result keys, with result processors

    def arguments(self, values: dict[str, Any]) -> list[Any]:
        return [value if process is None else process(value)
                for value, process in ((values[name], process) for name, process in self.params)]

    def record(self, row) -> dict[str, Any]:
        return {key: value if process is None else process(value)
                for (key, process), value in zip(self.columns, row)}


class HotQuery:
    """A SELECT whose bind parameters are all named `bindparam`s."""

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
        binds = compiled.binds
        params = tuple((name, _bind_processor(binds[name].type, dialect)) for name in compiled.positiontup or ())
        columns = tuple((column.key, _result_processor(column.type, dialect))
                        for column in self.statement.selected_columns)
        return _Compiled(compiled.string, params, columns)


def _bind_processor(type_, dialect: Dialect) -> Processor:
    return type_.dialect_impl(dialect).bind_processor(dialect)


def _result_processor(type_, dialect: Dialect) -> Processor:
    return type_.dialect_impl(dialect).result_processor(dialect, None)


class HotReader:
    """Runs HotQuery reads for one engine (see the module's docstring)."""

    def __init__(self, engine: AsyncEngine):
        self.engine = engine
        self.dialect = engine.dialect
        database = make_url(str(engine.url)).database if self.dialect.name == "sqlite" else None
        self._sqlite_path = database if database and database != ":memory:" else None
        self._sqlite: sqlite3.Connection | None = None

    async def first(self, query: HotQuery, values: dict[str, Any]) -> dict[str, Any] | None:
        compiled = query.compiled(self.dialect)
        arguments = compiled.arguments(values)
        if self._sqlite_path is not None:
            row = self._sqlite_connection().execute(compiled.sql, arguments).fetchone()
        else:
            row = await self._pooled_first(compiled.sql, arguments)
        return compiled.record(row) if row is not None else None

    def _sqlite_connection(self) -> sqlite3.Connection:
        if self._sqlite is None:
            # A short busy timeout: the call runs on the event loop (a WAL reader waits only in rare recoveries).
            connection = sqlite3.connect(self._sqlite_path, timeout=0.05, isolation_level=None,
                                         check_same_thread=False)
            connection.execute("PRAGMA query_only=ON")
            self._sqlite = connection
        return self._sqlite

    async def _pooled_first(self, sql: str, arguments: list[Any]):
        async with self.engine.connect() as connection:
            raw = await connection.get_raw_connection()
            driver = raw.driver_connection
            try:
                if self.dialect.name == "postgresql":
                    return await driver.fetchrow(sql, *arguments)
                cursor = await driver.execute(sql, arguments)
                try:
                    return await cursor.fetchone()
                finally:
                    await cursor.close()
            except BaseException:
                # SQLAlchemy never saw the driver call fail: a connection left dropped, mid-protocol or
                # cancelled would go back to the pool as it is.
                await connection.invalidate()
                raise

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
            self._sqlite = None
