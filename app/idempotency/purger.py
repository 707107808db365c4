"""The background task that deletes expired idempotency keys (IDEMPOTENCY_PURGE_SECONDS, hourly).

Every server process runs it; one at a time does the work: on PostgreSQL the pass that does not
get the advisory lock skips its turn, on SQLite writers are serialised anyway (and a second
DELETE of the same rows finds nothing).
"""
from __future__ import annotations

import asyncio
import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db import write_session
from app.idempotency.service import purge_expired
from app.observability.logs import Throttled

log = logging.getLogger("app.idempotency")
PG_PURGE_LOCK_ID = 0x6C6561726E6571  # any constant of ours, distinct from the migration lock
_failures = Throttled(log, interval=3600.0)


async def purge_once(factory: async_sessionmaker[AsyncSession]) -> int | None:
    """Delete the expired keys; None when another process holds the turn."""
    async with write_session(factory) as session:
        if session.bind.dialect.name == "postgresql":
            got = await session.scalar(text("SELECT pg_try_advisory_xact_lock(:id)"), {"id": PG_PURGE_LOCK_ID})
            if not got:
                return None
        return await purge_expired(session)


async def run_forever(factory: async_sessionmaker[AsyncSession], *, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            deleted = await purge_once(factory)
        except Exception as error:  # noqa: BLE001 - the next pass retries
            _failures.warning("purge", "idempotency keys: purge failed", error=error)
            continue
        if deleted:
            log.info("idempotency keys: %d expired deleted", deleted)
