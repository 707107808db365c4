"""A task's lease: one holder at a time, taken over when it runs out."""
from __future__ import annotations

import asyncio
from datetime import timedelta

from app.db import utcnow, write_session
from app.scheduling.lease import take_lease


async def take(db, holder, now, seconds=60):
    async with write_session(db) as session:
        return await take_lease(session, "task", seconds=seconds, now=now, holder=holder)


async def test_one_holder_at_a_time(db):
    now = utcnow()
    assert await take(db, "a", now) is True
    assert await take(db, "b", now) is False
    assert await take(db, "a", now + timedelta(seconds=30)) is True  # renewing
    assert await take(db, "b", now + timedelta(seconds=89)) is False
    assert await take(db, "b", now + timedelta(seconds=91)) is True  # a's lease ran out
    assert await take(db, "a", now + timedelta(seconds=92)) is False


async def test_concurrent_takers_one_wins(db):
    now = utcnow()
    results = await asyncio.gather(*(take(db, f"p{i}", now) for i in range(6)))
    assert results.count(True) == 1
