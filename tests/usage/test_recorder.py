"""The usage ledger off the request path: counts in memory (or Redis), one statement per flush."""
from __future__ import annotations

import asyncio

from sqlalchemy import select

from app.apikeys.service import create_api_key
from app.usage.models import ApiUsage
from app.usage.recorder import UsageRecorder
from app.usage.service import UsageEntry
from tests.ratelimit.redis_support import random_prefix, require_redis


async def _rows(db) -> dict[str, tuple[int, int, int]]:
    async with db() as session:
        rows = (await session.execute(select(ApiUsage.operation, ApiUsage.points, ApiUsage.calls,
                                             ApiUsage.refused))).all()
    return {op: (points, calls, refused) for op, points, calls, refused in rows}


async def _key(db) -> str:
    async with db() as session:
        row, _secret = await create_api_key(session, name="ledger")
        await session.commit()
    return row.id


async def test_n_concurrent_requests_are_n_calls_in_the_ledger(gql, app, db):
    await asyncio.gather(*(gql.post("{ Languages { code } }") for _ in range(25)))
    assert await _rows(db) == {}  # nothing written on the request path
    await app.state.services.usage.flush()
    assert (await _rows(db))["Languages"] == (25, 25, 0)


async def test_a_flush_is_one_statement_and_adds_to_existing_rows(db, count_statements):
    key = await _key(db)
    recorder = UsageRecorder(db)
    for _ in range(3):
        recorder.add(key, [UsageEntry("CurrentUser", points=1, calls=1), UsageEntry("UserRecentContent", points=4,
                                                                                 calls=1)])
    with count_statements() as counted:
        await recorder.flush()
    assert counted.count == 1
    recorder.add(key, [UsageEntry("CurrentUser", refused=1)])
    await recorder.close()  # a graceful shutdown flushes what is left
    assert await _rows(db) == {"CurrentUser": (3, 3, 1), "UserRecentContent": (12, 3, 0)}


async def test_processes_sharing_redis_write_every_count_once(db):
    url = await require_redis()
    key = await _key(db)
    prefix = random_prefix()
    one, two = (UsageRecorder(db, redis_url=url, redis_prefix=prefix) for _ in range(2))
    for recorder, calls in ((one, 7), (two, 5)):
        recorder.add(key, [UsageEntry("Languages", points=1, calls=1)] * calls)
    await asyncio.gather(one.flush(), two.flush())
    await one.flush()  # whichever lost the flush lock above left its counts in Redis
    await one.close()
    await two.close()
    assert await _rows(db) == {"Languages": (12, 12, 0)}
