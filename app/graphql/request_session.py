"""The request's database session, which a cancelled resolver cannot break.

graphql-core resolves sibling fields concurrently and cancels the pending ones when a field's
error nulls their parent (`gather_with_cancel`); the execution deadline cancels a whole execution.
A cancellation that lands inside a driver call leaves the connection half-way through a protocol
exchange: asyncpg closes it, SQLite's inline driver is left mid-statement. Siblings still using
the session then fail, and the connection goes back to the pool broken.

So every database call of the request's session runs to completion in a task of its own
(`asyncio.shield`): the resolver that awaited it is cancelled at once, the call finishes in the
background, and the next user of the session (a sibling, the next operation, `RequestDB.close`)
waits for it first (`settle`).
"""
from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession


class RequestSession(AsyncSession):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._running: set[asyncio.Task] = set()

    def _to_completion(self, call) -> Any:
        task = asyncio.ensure_future(call)
        self._running.add(task)
        task.add_done_callback(self._done)
        return asyncio.shield(task)

    def _done(self, task: asyncio.Task) -> None:
        self._running.discard(task)
        if not task.cancelled():
            task.exception()  # retrieved: a failure of a call nobody awaits any more is not logged as lost

    async def settle(self) -> None:
        """Wait for the calls whose callers were cancelled."""
        while self._running:
            await asyncio.wait(list(self._running))

    def execute(self, *args, **kwargs):
        return self._to_completion(super().execute(*args, **kwargs))

    def scalar(self, *args, **kwargs):
        return self._to_completion(super().scalar(*args, **kwargs))

    def scalars(self, *args, **kwargs):
        return self._to_completion(super().scalars(*args, **kwargs))

    def get(self, *args, **kwargs):
        return self._to_completion(super().get(*args, **kwargs))

    def get_one(self, *args, **kwargs):
        return self._to_completion(super().get_one(*args, **kwargs))

    def refresh(self, *args, **kwargs):
        return self._to_completion(super().refresh(*args, **kwargs))

    def flush(self, *args, **kwargs):
        return self._to_completion(super().flush(*args, **kwargs))

    def connection(self, *args, **kwargs):
        return self._to_completion(super().connection(*args, **kwargs))

    def commit(self):
        return self._to_completion(super().commit())

    def rollback(self):
        return self._to_completion(super().rollback())

    def run_sync(self, *args, **kwargs):
        return self._to_completion(super().run_sync(*args, **kwargs))

    async def close(self) -> None:
        """Close after the background calls; a connection that a failure left unusable is discarded
        (invalidated), never returned to the pool."""
        await self.settle()
        try:
            await asyncio.shield(super().close())
        except Exception:  # noqa: BLE001 - the connection is gone; the pool must not get it back
            await self.invalidate()
