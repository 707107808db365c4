"""SQLite without the worker thread: aiosqlite's interface, run on the event loop's own thread.

aiosqlite runs every call (execute, fetch, commit …) on a worker thread and hands the result back
through a queue and the loop's self-pipe: each hop costs more than the indexed read it carries
(a profile of `CurrentUser` spent most of its time in those hops). SQLite reads of an indexed row
take microseconds and, in WAL mode, never wait for a writer, so the calls run inline instead.

Writers can wait: `BEGIN IMMEDIATE` waits for another writer's transaction, and a wait inside a
driver call would block the loop that other writer may need. So the driver's busy timeout is short
(50 ms) and `app.db.begin_write` awaits the rest between retries; `app.db.write_transaction` also
lets one write transaction per process in at a time (an asyncio lock), so writers of one process
queue without polling.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import aiosqlite


class _RunNow:
    """Stands in for the worker thread's queue (SQLAlchemy's adapter also puts work on it directly)."""

    @staticmethod
    def put_nowait(item) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as error:  # noqa: BLE001 - handed to the awaiting caller
            if future is not None and not future.done():
                future.set_exception(error)
            return
        if future is not None and not future.done():
            future.set_result(result)


class InlineConnection(aiosqlite.Connection):
    def __init__(self, connector: Callable[[], sqlite3.Connection]):
        super().__init__(connector, iter_chunk_size=64)  # its worker thread is never started
        self._tx = _RunNow()

    async def _execute(self, fn, *args: Any, **kwargs: Any):
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)

    async def _connect(self) -> InlineConnection:
        if self._connection is None:
            self._connection = self._connector()
        return self

    def __await__(self):
        return self._connect().__await__()

    def stop(self) -> None:
        self._running = False
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        return None


def inline_creator(database: str, *, timeout: float = 0.05) -> Callable[[], InlineConnection]:
    """An `async_creator` for create_async_engine."""
    def create() -> InlineConnection:
        return InlineConnection(lambda: sqlite3.connect(database, timeout=timeout, check_same_thread=False))

    return create
