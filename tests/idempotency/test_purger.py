"""Expired idempotency keys are purged by a background task of the app, one process at a time."""
from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from app.apikeys.service import create_api_key
from app.db import utcnow
from app.idempotency.models import IdempotencyKey
from app.idempotency.purger import PG_PURGE_LOCK_ID, purge_once
from app.main import create_app


async def _keys(db, *expires_in: timedelta) -> None:
    async with db() as session:
        api_key, _ = await create_api_key(session, name="purge")
        for n, delta in enumerate(expires_in):
            session.add(IdempotencyKey(api_key_id=api_key.id, key=f"k{n}", request_hash="h", method="POST",
                                       path="/p", expires_at=utcnow() + delta))
        await session.commit()


async def _remaining(db) -> list[str]:
    async with db() as session:
        return sorted((await session.scalars(select(IdempotencyKey.key))).all())


async def test_purge_once_deletes_only_expired_keys(db):
    await _keys(db, timedelta(hours=-1), timedelta(hours=1))
    assert await purge_once(db) == 1
    assert await _remaining(db) == ["k1"]


async def test_the_app_purges_on_its_interval(settings, engine, db):
    await _keys(db, timedelta(seconds=-1), timedelta(hours=1))
    application = create_app(settings.model_copy(update={"idempotency_purge_seconds": 0.05}), engine=engine)
    async with application.router.lifespan_context(application):
        for _ in range(200):
            if await _remaining(db) == ["k1"]:
                break
            await asyncio.sleep(0.05)
    assert await _remaining(db) == ["k1"]


async def test_on_postgresql_a_process_skips_its_turn_while_another_purges(engine, db):
    if engine.dialect.name != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's; SQLite serialises writers anyway")
    await _keys(db, timedelta(hours=-1))
    async with engine.connect() as other:
        await other.execute(text("SELECT pg_advisory_lock(:id)"), {"id": PG_PURGE_LOCK_ID})
        try:
            assert await purge_once(db) is None
        finally:
            await other.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": PG_PURGE_LOCK_ID})
    assert await purge_once(db) == 1
