"""record_earned_badge keeps earned_badges, badge_totals and badge_total_histogram in step,
atomically, also under concurrent awards; the leaderboard reads them."""
from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.awards import queries
from app.awards.models import AwardType, Badge, BadgeTotal, BadgeTotalHistogram, EarnedBadge
from app.awards.service import record_earned_badge
from app.company.models import Company
from app.db import begin_write
from app.errors import AppError, ErrorCode
from app.users.models import User

T0 = datetime(2025, 3, 1, tzinfo=UTC)


async def _setup(db, *, users: int = 3, badges: int = 4) -> None:
    async with db() as session:
        session.add(Company(id="company", name="Co", subdomain="co", leaderboard_award_type_id="gold"))
        session.add_all([AwardType(id="gold", label="Gold", icon="star"), AwardType(id="silver", label="Silver")])
        session.add_all([User(id=f"u{i}", email=f"u{i}@example.com") for i in range(users)])
        await session.flush()
        session.add_all([Badge(id=f"g{i}", label=f"Gold {i}", asset="https://x.example/g.png", award_type_id="gold",
                               award_threshold=i) for i in range(badges)])
        session.add_all([Badge(id="s0", label="Silver", asset="https://x.example/s.png", award_type_id="silver",
                               award_threshold=1),
                         Badge(id="plain", label="No type", asset="https://x.example/p.png", award_threshold=0),
                         Badge(id="gone", label="Deleted", asset="https://x.example/d.png", award_type_id="gold",
                               award_threshold=0, deleted=True)])
        await session.commit()


async def _state(db, award_type_id: str = "gold"):
    async with db() as session:
        totals = {u: t for u, t in (await session.execute(
            select(BadgeTotal.user_id, BadgeTotal.total).where(BadgeTotal.award_type_id == award_type_id))).all()}
        histogram = {t: n for t, n in (await session.execute(
            select(BadgeTotalHistogram.total, BadgeTotalHistogram.learners)
            .where(BadgeTotalHistogram.award_type_id == award_type_id))).all() if n}
        earned = await session.scalar(select(func.count()).select_from(EarnedBadge))
    return totals, histogram, earned


def _in_step(totals: dict, histogram: dict) -> bool:
    return histogram == dict(Counter(t for t in totals.values() if t > 0))


async def test_records_badge_total_and_histogram(db):
    await _setup(db)
    async with db() as session:
        await record_earned_badge(session, user_id="u0", badge_id="g0", earned_at=T0)
        await record_earned_badge(session, user_id="u0", badge_id="g1", earned_at=T0 + timedelta(hours=1))
        await record_earned_badge(session, user_id="u1", badge_id="g0", earned_at=T0)
        await record_earned_badge(session, user_id="u1", badge_id="s0", earned_at=T0)
        await record_earned_badge(session, user_id="u2", badge_id="plain", earned_at=T0)  # no award type: no total
        await session.commit()
    totals, histogram, earned = await _state(db)
    assert totals == {"u0": 2, "u1": 1} and histogram == {2: 1, 1: 1} and earned == 5
    assert (await _state(db, "silver"))[:2] == ({"u1": 1}, {1: 1})
    async with db() as session:
        row = await session.get(BadgeTotal, ("gold", "u0"))
        assert row.reached_at == T0 + timedelta(hours=1)  # when the current total was reached


async def test_errors_change_nothing(db):
    await _setup(db)
    async with db() as session:
        await record_earned_badge(session, user_id="u0", badge_id="g0")
        await session.commit()
    async with db() as session:
        with pytest.raises(AppError) as err:
            await record_earned_badge(session, user_id="u0", badge_id="g0")
        assert (err.value.code, err.value.field) == (ErrorCode.CONFLICT, "badgeId")
        with pytest.raises(AppError) as err:
            await record_earned_badge(session, user_id="u0", badge_id="gone")
        assert (err.value.code, err.value.field) == (ErrorCode.NOT_FOUND, "badgeId")
        with pytest.raises(AppError) as err:
            await record_earned_badge(session, user_id="nobody", badge_id="g1")
        assert (err.value.code, err.value.field) == (ErrorCode.NOT_FOUND, "userId")
        await session.commit()
    totals, histogram, earned = await _state(db)
    assert totals == {"u0": 1} and histogram == {1: 1} and earned == 1


async def test_rolled_back_transaction_leaves_nothing(db):
    await _setup(db)
    async with db() as session:
        await record_earned_badge(session, user_id="u0", badge_id="g0")
        await record_earned_badge(session, user_id="u0", badge_id="g1")
        await session.rollback()
    assert await _state(db) == ({}, {}, 0)


async def _award_in_own_transaction(db, user_id: str, badge_id: str, at: datetime) -> str:
    async with db() as session:
        await begin_write(session)
        try:
            await record_earned_badge(session, user_id=user_id, badge_id=badge_id, earned_at=at)
            await session.commit()
            return "ok"
        except AppError as exc:
            await session.rollback()
            return exc.code.value


async def test_two_concurrent_awards_for_one_user(db):
    await _setup(db)
    results = await asyncio.gather(
        _award_in_own_transaction(db, "u0", "g0", T0), _award_in_own_transaction(db, "u0", "g1", T0)
    )
    assert results == ["ok", "ok"]
    totals, histogram, earned = await _state(db)
    assert totals == {"u0": 2} and histogram == {2: 1} and earned == 2


async def test_the_same_badge_twice_at_once_counts_once(db):
    await _setup(db)
    results = await asyncio.gather(*[_award_in_own_transaction(db, "u0", "g0", T0) for _ in range(3)])
    assert sorted(results) == ["CONFLICT", "CONFLICT", "ok"]
    totals, histogram, earned = await _state(db)
    assert totals == {"u0": 1} and histogram == {1: 1} and earned == 1


async def test_many_concurrent_awards_keep_the_histogram_in_step(db):
    await _setup(db, users=6, badges=4)
    jobs = [_award_in_own_transaction(db, f"u{u}", f"g{b}", T0) for u in range(6) for b in range(u % 4 + 1)]
    results = await asyncio.gather(*jobs)
    assert set(results) == {"ok"}
    totals, histogram, _ = await _state(db)
    assert totals == {f"u{u}": u % 4 + 1 for u in range(6)}
    assert _in_step(totals, histogram)


async def test_leaderboard_service(db):
    await _setup(db, users=5, badges=3)
    async with db() as session:
        for u, n in (("u0", 1), ("u1", 3), ("u2", 3), ("u3", 2)):
            for b in range(n):
                await record_earned_badge(session, user_id=u, badge_id=f"g{b}", earned_at=T0 + timedelta(minutes=b))
        await session.commit()
    async with db() as session:
        board = await queries.leaderboard(session, limit=2, user_id="u0")
        assert board.award_type.id == "gold"
        assert [(p.user_id, p.rank, p.total) for p in board.leaders] == [("u1", 1, 3), ("u2", 1, 3)]
        assert (board.current_user_position.rank, board.current_user_position.total) == (4, 1)
        board = await queries.leaderboard(session, limit=None, user_id="u4")  # no badge
        assert [p.rank for p in board.leaders] == [1, 1, 3, 4]
        assert (board.current_user_position.rank, board.current_user_position.total) == (5, 0)
        with pytest.raises(AppError) as err:
            await queries.leaderboard(session, limit=0)
        assert err.value.code == ErrorCode.BAD_USER_INPUT


async def test_demo_histogram_is_in_step(db, demo):
    from app.demo import demo_id

    for award_type in ("completion", "credit"):
        totals, histogram, _ = await _state(db, demo_id("award", award_type))
        assert totals and _in_step(totals, histogram)


async def test_rows_held_by_the_session_are_refreshed(db):
    await _setup(db)
    async with db() as session:
        await record_earned_badge(session, user_id="u0", badge_id="g0", earned_at=T0)
        held = await session.get(BadgeTotal, ("gold", "u0"))
        bucket = await session.get(BadgeTotalHistogram, ("gold", 1))
        assert (held.total, bucket.learners) == (1, 1)
        await record_earned_badge(session, user_id="u0", badge_id="g1", earned_at=T0)
        assert (held.total, bucket.learners) == (2, 0)
        await session.commit()
