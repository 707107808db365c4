"""app/graphql/context.py RequestDB: a closed session reopens on the next use (the read retry), but after
the request's end a task it left behind cannot open one that nobody would close."""
from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from app.graphql.context import RequestDB, RequestEnded


async def _one(db: RequestDB) -> int:
    async with db.read() as session:
        return (await session.execute(select(1))).scalar_one()


async def test_a_closed_session_reopens_on_the_next_use(db):
    request_db = RequestDB(db)
    assert await _one(request_db) == 1
    await request_db.close()
    assert await _one(request_db) == 1
    await request_db.finish()


async def test_a_task_left_behind_cannot_open_a_session_after_the_end(db, engine):
    request_db = RequestDB(db)
    started = asyncio.Event()

    async def left_behind():  # as a loader batch of an execution the deadline cut off
        started.set()
        await asyncio.sleep(0.05)
        return await _one(request_db)

    task = asyncio.create_task(left_behind())
    await started.wait()
    await request_db.finish()
    with pytest.raises(RequestEnded):
        await task
    assert request_db._session is None
    assert engine.sync_engine.pool.checkedout() == 0


async def test_the_end_waits_for_the_call_under_way(db, engine):
    request_db = RequestDB(db)
    in_read = asyncio.Event()
    results = []

    async def reading():
        async with request_db.read() as session:
            in_read.set()
            await asyncio.sleep(0.05)
            results.append((await session.execute(select(2))).scalar_one())

    task = asyncio.create_task(reading())
    await in_read.wait()
    await request_db.finish()  # waits for the read holding the session
    assert results == [2] and task.done()
    assert engine.sync_engine.pool.checkedout() == 0
