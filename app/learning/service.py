"""Granting content to a learner and leaving a waitlist."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.content.models import BUNDLE, LEARNING_PATH, ContentItem
from app.db import new_id, utcnow
from app.errors import bad_input, not_found
from app.learning.models import NOT_STARTED, Enrollment, LearningPathAllocation, PurchasedBundle, WaitlistEntry


def _existing_grant(item: ContentItem, user_id: str):
    if item.kind == LEARNING_PATH:
        return select(LearningPathAllocation.id).where(LearningPathAllocation.user_id == user_id,
                                                       LearningPathAllocation.learning_path_id == item.id)
    if item.kind == BUNDLE:
        return select(PurchasedBundle.id).where(PurchasedBundle.user_id == user_id, PurchasedBundle.bundle_id == item.id)
    return select(Enrollment.id).where(Enrollment.user_id == user_id, Enrollment.content_id == item.id)


def _new_grant(item: ContentItem, user_id: str, source: str, now: datetime, due_date: datetime | None, grant_id: str):
    if item.kind == LEARNING_PATH:
        return LearningPathAllocation(id=grant_id, user_id=user_id, learning_path_id=item.id, status="active",
                                      due_date=due_date, created_at=now, updated_at=now)
    if item.kind == BUNDLE:
        return PurchasedBundle(id=grant_id, user_id=user_id, bundle_id=item.id, created_at=now, updated_at=now)
    return Enrollment(id=grant_id, user_id=user_id, content_id=item.id, status=NOT_STARTED, progress=0,
                      source=source, due_date=due_date, created_at=now, updated_at=now)


async def grant_content(session: AsyncSession, *, user_id: str, content_id: str, source: str,
                        now: datetime | None = None, due_date: datetime | None = None,
                        grant_id: str | None = None) -> bool:
    """Give the user the item: a learning path allocation, a purchased bundle, or an enrolment.

    `due_date` is when the learner should complete it (an enrolment or a learning path allocation; a
    bundle has none: BAD_USER_INPUT). `grant_id` names the new row (default: a random id).
    Returns False when the user already had it (nothing changes), True when granted.
    """
    now = now or utcnow()
    item = await session.get(ContentItem, content_id)
    if item is None:
        raise not_found("Content", "contentId")
    if due_date is not None and item.kind == BUNDLE:
        raise bad_input("A bundle has no due date", "dueDate")
    if await session.scalar(_existing_grant(item, user_id)) is not None:
        return False
    try:
        async with session.begin_nested():
            session.add(_new_grant(item, user_id, source, now, due_date, grant_id or new_id()))
            await session.flush()
    except IntegrityError:
        return False  # granted by a concurrent transaction meanwhile
    return True


async def unenroll_from_waitlist(session: AsyncSession, *, user_id: str, content_id: str) -> bool:
    """Leave the item's waitlist: True when removed, False when the user was not on it.

    NOT_FOUND when there is no such content.
    """
    if await session.scalar(select(ContentItem.id).where(ContentItem.id == content_id)) is None:
        raise not_found("Content", "id")
    result = await session.execute(
        delete(WaitlistEntry).where(WaitlistEntry.user_id == user_id, WaitlistEntry.content_id == content_id)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount > 0
