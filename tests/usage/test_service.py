"""The usage ledger: one upsert per request (ON CONFLICT DO UPDATE), concurrent writers, reports."""
from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from app.apikeys.service import create_api_key
from app.errors import AppError
from app.usage.service import UsageEntry, record_usage, total_points, usage_report

DAY = date(2026, 3, 10)


async def _key(db, name: str) -> str:
    async with db() as session:
        row, _ = await create_api_key(session, name=name)
        await session.commit()
        return row.id


async def test_the_upsert_adds_to_the_day_row(db):
    key = await _key(db, "k")
    for _ in range(2):
        async with db() as session:
            await record_usage(session, api_key_id=key, day=DAY, entries=[
                UsageEntry("UserRecentContent", points=4, calls=1), UsageEntry("UserRecentContent", points=4, calls=1),
                UsageEntry("CurrentUser", points=1, calls=1), UsageEntry("Login", refused=1)])
            await session.commit()
    async with db() as session:
        rows = await usage_report(session, days=1, until=DAY)
    assert [(r.operation, r.points, r.calls, r.refused, r.api_key_name) for r in rows] == [
        ("CurrentUser", 2, 2, 0, "k"), ("Login", 0, 0, 2, "k"), ("UserRecentContent", 16, 4, 0, "k")]


async def test_concurrent_writers_lose_nothing(db):
    key = await _key(db, "k")

    async def one():
        async with db() as session:
            await record_usage(session, api_key_id=key, day=DAY, entries=[
                UsageEntry("CurrentUser", points=1, calls=1), UsageEntry("UserContentItems", points=3, calls=1)])
            await session.commit()

    await asyncio.gather(*[one() for _ in range(20)])
    async with db() as session:
        rows = {r.operation: r for r in await usage_report(session, days=1, until=DAY)}
        assert rows["CurrentUser"].points == 20 and rows["UserContentItems"].points == 60
        assert rows["UserContentItems"].calls == 20
        assert await total_points(session, api_key_id=key) == 80


async def test_the_report_filters_days_and_keys(db):
    a, b = await _key(db, "alpha"), await _key(db, "beta")
    async with db() as session:
        for offset in range(5):
            await record_usage(session, api_key_id=a, day=DAY - timedelta(days=offset),
                               entries=[UsageEntry("CurrentUser", points=1, calls=1)])
        await record_usage(session, api_key_id=b, day=DAY, entries=[UsageEntry("Languages", points=1, calls=1)])
        await session.commit()
    async with db() as session:
        last3 = await usage_report(session, days=3, until=DAY)
        assert [(r.day, r.api_key_name) for r in last3] == [
            (DAY, "alpha"), (DAY, "beta"), (DAY - timedelta(days=1), "alpha"), (DAY - timedelta(days=2), "alpha")]
        assert len(await usage_report(session, days=30, key_name="alpha", until=DAY)) == 5
        assert await usage_report(session, days=30, key_name="nobody", until=DAY) == []
        with pytest.raises(AppError):
            await usage_report(session, days=0)
