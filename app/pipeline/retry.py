"""Reads retried once on a dropped database connection (issue 14, part 6).

`pool_pre_ping` (app/db.py) replaces a connection PostgreSQL dropped (restart, failover,
`pg_terminate_backend`) when it is checked out. A connection dropped while a request holds it
still fails that request's statement: a read is then run once more, from the start, on a fresh
connection. A write never is, since it may have been applied before the connection went.

Used by authentication (the API key and the token's session), GraphQL queries (not mutations) and
REST GET handlers.
"""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

import asyncpg
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from graphql import ExecutionResult

    from app.graphql.context import Context

log = logging.getLogger("app.retry")

T = TypeVar("T")

_DRIVER_DROPS: tuple[type[BaseException], ...] = (
    asyncpg.exceptions.PostgresConnectionError,  # SQLSTATE class 08, ConnectionDoesNotExistError
    asyncpg.exceptions.AdminShutdownError,  # 57P01: pg_terminate_backend, a shutdown
    asyncpg.exceptions.CrashShutdownError,
    asyncpg.exceptions.CannotConnectNowError,
)
# "connection is closed"; "cannot switch to state …; another operation is in progress": a
# connection whose server went away in the middle of an exchange (it never answers again).
_DRIVER_STATE: tuple[type[BaseException], ...] = (asyncpg.exceptions.InterfaceError,
                                                  asyncpg.exceptions.InternalClientError)


def _causes(error: BaseException):
    """The error, what it wraps (`orig`, `original_error`) and its causes, each once."""
    seen: set[int] = set()
    stack: list[BaseException | None] = [error]
    while stack:
        item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        stack += [getattr(item, "orig", None), getattr(item, "original_error", None), item.__cause__, item.__context__]


def dropped_connection(error: BaseException) -> bool:
    """The error (or one it wraps) says the database connection is gone, not that the statement failed."""
    for item in _causes(error):
        if isinstance(item, DBAPIError) and item.connection_invalidated:
            return True
        if isinstance(item, _DRIVER_DROPS) or isinstance(item, ConnectionResetError | BrokenPipeError):
            return True
        if isinstance(item, _DRIVER_STATE) and ("connection is closed" in str(item)
                                                or "another operation" in str(item)):
            return True
    return False


async def read_retried(read: Callable[[], Awaitable[T]]) -> T:
    """`read()`, called once more when it failed on a dropped connection."""
    try:
        return await read()
    except Exception as error:
        if not dropped_connection(error):
            raise
        log.warning("A read failed on a dropped database connection; running it once more: %s", type(error).__name__)
    return await read()


async def query_retried(ctx: Context, execute: Callable[[Context], Awaitable[ExecutionResult]], *,
                        is_query: bool) -> tuple[ExecutionResult, Context]:
    """An operation's result and the context it ran with. A query is executed once more, with a new
    session and fresh loaders, when a field failed on a dropped connection; a mutation never is (a
    field may have committed before the connection went)."""
    result = await execute(ctx)
    if not is_query or not any(dropped_connection(error) for error in result.errors or ()):
        return result, ctx
    log.warning("A query failed on a dropped database connection; running it once more")
    await ctx.db.close()  # the broken connection is invalidated, never pooled again
    retry_ctx = ctx.for_next_operation()
    return await execute(retry_ctx), retry_ctx
