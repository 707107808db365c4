"""The usage ledger's writes, off the request path.

A request only adds its counts to a dictionary in memory (no I/O). A background task flushes
them at least once a second (`USAGE_FLUSH_SECONDS`) in one statement (app.usage.service.add_counts).

With Redis (`REDIS_URL`), each process moves its counts into one Redis hash (HINCRBY), and
whichever process holds a short lock moves the hash into the database, so the database sees
one writer however many processes there are.

A graceful shutdown flushes what is left. A crash loses at most one flush interval of the
process's counts (and, with Redis, nothing that already reached Redis).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db import write_session
from app.observability import metrics
from app.observability.logs import Throttled
from app.usage.service import UsageCount, UsageEntry, add_counts, today

log = logging.getLogger("app.usage")

Key = tuple[str, date, str]  # (API key id, day, operation)

# Atomically take the whole hash (KEYS[1]) and delete it.
_TAKE_ALL = "local v = redis.call('HGETALL', KEYS[1]); redis.call('DEL', KEYS[1]); return v"


class UsageRecorder:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession], *, interval: float = 1.0,
                 redis_url: str | None = None, redis_prefix: str = "learner:"):
        self._factory = session_factory
        self.interval = interval
        self._pending: dict[Key, list[int]] = defaultdict(lambda: [0, 0, 0])
        self._lock = asyncio.Lock()
        self._task: asyncio.Task | None = None
        self._redis = None
        self._failures = Throttled(log, interval=60.0)
        if redis_url:
            from redis import asyncio as aioredis

            self._redis = aioredis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=2)
            self._hash = redis_prefix + "usage:pending"
            self._flush_lock = redis_prefix + "usage:flush-lock"
            self._take_all = self._redis.register_script(_TAKE_ALL)

    def add(self, api_key_id: str, entries: Iterable[UsageEntry]) -> None:
        """Count the entries of one request (no I/O)."""
        day = today()
        for e in entries:
            if e.points:
                metrics.API_POINTS.labels(e.operation).inc(e.points)
            if e.refused:
                metrics.THROTTLED_CALLS.labels(e.operation).inc(e.refused)
            total = self._pending[(api_key_id, day, e.operation)]
            total[0] += e.points
            total[1] += e.calls
            total[2] += e.refused

    @property
    def pending(self) -> int:
        return len(self._pending)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        try:
            await self.flush()
        except Exception as error:  # noqa: BLE001 - Redis is gone at shutdown: write this process's counts directly
            log.warning("usage ledger: final flush through Redis failed (%s); writing to the database", error)
            counts, self._pending = self._pending, defaultdict(lambda: [0, 0, 0])
            await self._write([UsageCount(*key, *total) for key, total in counts.items()])
        if self._redis is not None:
            await self._redis.aclose()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.flush()
            except Exception as error:  # noqa: BLE001 - the counts stay pending; the next flush retries
                self._failures.warning("flush", "Could not flush the usage ledger (%d rows pending); retrying",
                                  self.pending, error=error)

    async def flush(self) -> None:
        """Write what is pending (this process's counts; with Redis, every process's)."""
        async with self._lock:
            counts, self._pending = self._pending, defaultdict(lambda: [0, 0, 0])
            try:
                if self._redis is None:
                    await self._write([UsageCount(*key, *total) for key, total in counts.items()])
                else:
                    await self._to_redis(counts)
                    await self._redis_to_database()
            except BaseException:
                self._merge(counts)
                raise

    def _merge(self, counts: dict[Key, list[int]]) -> None:
        for key, (points, calls, refused) in counts.items():
            total = self._pending[key]
            total[0] += points
            total[1] += calls
            total[2] += refused

    async def _write(self, counts: list[UsageCount]) -> None:
        if counts:
            async with write_session(self._factory) as session:
                await add_counts(session, counts)

    async def _to_redis(self, counts: dict[Key, list[int]]) -> None:
        if not counts:
            return
        async with self._redis.pipeline(transaction=True) as pipe:
            for (key_id, day, operation), totals in counts.items():
                for column, amount in zip("pcr", totals):
                    if amount:
                        pipe.hincrby(self._hash, f"{key_id}|{day.isoformat()}|{operation}|{column}", amount)
            await pipe.execute()

    async def _redis_to_database(self) -> None:
        if not await self._redis.set(self._flush_lock, "1", nx=True, px=int(self.interval * 1000) + 5000):
            return  # another process is the flusher this time
        try:
            raw = await self._take_all(keys=[self._hash])
            taken: dict[Key, list[int]] = defaultdict(lambda: [0, 0, 0])
            for field, amount in zip(raw[::2], raw[1::2]):
                key_id, day, operation, column = field.decode().rsplit("|", 3)
                taken[(key_id, date.fromisoformat(day), operation)]["pcr".index(column)] += int(amount)
            try:
                await self._write([UsageCount(*key, *total) for key, total in taken.items()])
            except BaseException:
                await self._to_redis(taken)  # back where they were, for the next flusher
                raise
        finally:
            await self._redis.delete(self._flush_lock)
