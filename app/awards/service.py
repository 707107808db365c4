"""Awarding badges: an earned badge, the learner's badge total and the totals histogram move together.

`record_earned_badge` is the only writer of badge_totals and badge_total_histogram besides the
migration that fills the histogram. It runs inside the caller's transaction (flushes, never
commits), so the three changes commit or roll back together.

Concurrency: the earned badge insert is guarded by the unique (user_id, badge_id) index; the
learner's total moves with one atomic upsert (`total = total + 1 ... RETURNING total`), which
takes the row lock on PostgreSQL, so two awards for one learner serialise and see each other's
increment; the histogram moves with atomic increments, always the lower bucket first, so two
transactions never wait on each other in a cycle. On SQLite the write transaction
(BEGIN IMMEDIATE) serialises writers altogether.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from app.awards.models import Award, AwardType, Badge, BadgeTotal, BadgeTotalHistogram, EarnedBadge
from app.content.models import ContentItem
from app.db import new_id, utcnow
from app.errors import AppError, ErrorCode, bad_input, not_found
from app.users.models import User


async def _insert(session: AsyncSession, table):
    dialect = (await session.connection()).dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


async def record_earned_badge(
    session: AsyncSession,
    *,
    user_id: str,
    badge_id: str,
    earned_at: datetime | None = None,
    earned_badge_id: str | None = None,
) -> EarnedBadge:
    """The learner earns the badge: inserts the earned badge and, for a badge of an award type,
    adds one to the learner's badge total of that type (reached now) and moves the learner
    from the histogram bucket of the old total to the new one.

    NOT_FOUND (field badgeId / userId) for an unknown or deleted badge, an unknown user;
    CONFLICT (field badgeId) when the learner already holds the badge (nothing changes).
    """
    earned_at = earned_at or utcnow()
    badge = await session.scalar(select(Badge).where(Badge.id == badge_id, Badge.deleted.is_(False)))
    if badge is None:
        raise not_found("Badge", "badgeId")
    if await session.scalar(select(User.id).where(User.id == user_id)) is None:
        raise not_found("User", "userId")

    earned = EarnedBadge(user_id=user_id, badge_id=badge.id, earned_at=earned_at)
    if earned_badge_id:
        earned.id = earned_badge_id
    try:
        async with session.begin_nested():
            session.add(earned)
            await session.flush()
    except IntegrityError:
        raise AppError(ErrorCode.CONFLICT, "The learner already holds this badge", "badgeId") from None

    if badge.award_type_id is not None:
        await _add_to_total(session, user_id=user_id, award_type_id=badge.award_type_id, at=earned_at)
    return earned


async def grant_award(
    session: AsyncSession,
    *,
    user_id: str,
    award_type_id: str,
    resource_id: str,
    amount: float,
    now: datetime | None = None,
    award_id: str | None = None,
) -> Award:
    """The learner earns `amount` of an award type (credits, completions …) on a course or learning path,
    at `now`. BAD_USER_INPUT (amount: not a positive number); NOT_FOUND (awardTypeId, resourceId, userId)."""
    if isinstance(amount, bool) or not isinstance(amount, int | float) or not 0 < amount < float("inf"):
        raise bad_input("amount must be a positive number", "amount")
    if await session.scalar(select(AwardType.id).where(AwardType.id == award_type_id)) is None:
        raise not_found("Award type", "awardTypeId")
    if await session.scalar(select(ContentItem.id).where(ContentItem.id == resource_id)) is None:
        raise not_found("Resource", "resourceId")
    if await session.scalar(select(User.id).where(User.id == user_id)) is None:
        raise not_found("User", "userId")
    award = Award(id=award_id or new_id(), user_id=user_id, award_type_id=award_type_id, resource_id=resource_id,
                  amount=float(amount), earned_at=now or utcnow())
    session.add(award)
    await session.flush()
    return award


async def _add_to_total(session: AsyncSession, *, user_id: str, award_type_id: str, at: datetime) -> int:
    stmt = (await _insert(session, BadgeTotal.__table__)).values(
        award_type_id=award_type_id, user_id=user_id, total=1, reached_at=at
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["award_type_id", "user_id"],
        set_={"total": BadgeTotal.__table__.c.total + 1, "reached_at": at},
    ).returning(BadgeTotal.__table__.c.total)
    new_total = (await session.execute(stmt)).scalar_one()
    old_total = new_total - 1
    if old_total > 0:  # the histogram counts positive totals only
        await session.execute(
            update(BadgeTotalHistogram)
            .where(BadgeTotalHistogram.award_type_id == award_type_id, BadgeTotalHistogram.total == old_total)
            .values(learners=BadgeTotalHistogram.learners - 1)
        )
    bump = (await _insert(session, BadgeTotalHistogram.__table__)).values(
        award_type_id=award_type_id, total=new_total, learners=1
    )
    bump = bump.on_conflict_do_update(
        index_elements=["award_type_id", "total"],
        set_={"learners": BadgeTotalHistogram.__table__.c.learners + 1},
    )
    await session.execute(bump)
    # Rows of these tables the session already holds are stale now: reload them (no query otherwise).
    for model, key in ((BadgeTotal, (award_type_id, user_id)), (BadgeTotalHistogram, (award_type_id, old_total)),
                       (BadgeTotalHistogram, (award_type_id, new_total))):
        held = session.identity_map.get(Session.identity_key(model, key))
        if held is not None:
            await session.refresh(held)
    return new_total
