"""What a learner does with content they have: progress in an enrolment, a place on a waitlist, an
archived item, a recent view, a comment or thread in a course.

Each takes `now` (default: the current time), so that imports and the demo can record past activity;
the `*_id` arguments name the new row (default: a random id).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.content.models import COURSE_KINDS, ContentItem
from app.db import new_id, utcnow
from app.errors import AppError, ErrorCode, bad_input, not_found
from app.learning.models import (
    COMPLETED,
    STARTED,
    ArchivedItem,
    Collaboration,
    Enrollment,
    RecentView,
    WaitlistEntry,
)
from app.users.models import User

COLLABORATION_KINDS = ("comment", "thread")


async def _content(session: AsyncSession, content_id: str, field: str, kinds=None) -> ContentItem:
    stmt = select(ContentItem).where(ContentItem.id == content_id)
    if kinds is not None:
        stmt = stmt.where(ContentItem.kind.in_(kinds))
    item = await session.scalar(stmt)
    if item is None:
        raise not_found("Course" if kinds is not None else "Content", field)
    return item


async def _user(session: AsyncSession, user_id: str) -> None:
    if await session.scalar(select(User.id).where(User.id == user_id)) is None:
        raise not_found("User", "userId")


async def _enrollment(session: AsyncSession, user_id: str, content_id: str) -> Enrollment | None:
    return await session.scalar(
        select(Enrollment).where(Enrollment.user_id == user_id, Enrollment.content_id == content_id)
    )


async def record_progress(session: AsyncSession, *, user_id: str, content_id: str, progress: int,
                          now: datetime | None = None) -> Enrollment:
    """The learner reached `progress` percent (0-100) of an enrolled item.

    Any progress starts the enrolment (started_at is its first time); 100 completes it (completed_at,
    the first time), and a completed enrolment stays completed. The enrolment is active `now` (last_active_at). BAD_USER_INPUT (progress) outside
    0-100; NOT_FOUND (contentId) when the learner is not enrolled in the item.
    """
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
        raise bad_input("progress must be a whole percentage from 0 to 100", "progress")
    now = now or utcnow()
    enrollment = await _enrollment(session, user_id, content_id)
    if enrollment is None:
        raise not_found("Enrollment", "contentId")
    enrollment.progress = progress
    if progress > 0 and enrollment.started_at is None:
        enrollment.started_at = now
    if progress == 100:
        enrollment.status = COMPLETED
        enrollment.completed_at = enrollment.completed_at or now
    elif progress > 0 and enrollment.status != COMPLETED:  # a completion stays (certificates rest on it)
        enrollment.status = STARTED
    enrollment.last_active_at = enrollment.updated_at = now
    await session.flush()
    return enrollment


async def join_waitlist(session: AsyncSession, *, user_id: str, content_id: str, now: datetime | None = None,
                        entry_id: str | None = None) -> bool:
    """Put the learner on the item's waitlist (its place is `now`): True when added, False when they were
    on it already. NOT_FOUND (userId, contentId); CONFLICT (contentId) when the learner is enrolled in
    the item: there is nothing to wait for."""
    now = now or utcnow()
    await _user(session, user_id)
    await _content(session, content_id, "contentId")
    if await _enrollment(session, user_id, content_id) is not None:
        raise AppError(ErrorCode.CONFLICT, "The learner is enrolled in this content already", "contentId")
    waiting = select(WaitlistEntry.id).where(WaitlistEntry.user_id == user_id, WaitlistEntry.content_id == content_id)
    if await session.scalar(waiting) is not None:
        return False
    try:
        async with session.begin_nested():
            session.add(WaitlistEntry(id=entry_id or new_id(), user_id=user_id, content_id=content_id, created_at=now))
            await session.flush()
    except IntegrityError:
        return False  # joined by a concurrent transaction meanwhile
    return True


async def archive_content(session: AsyncSession, *, user_id: str, content_id: str, reinstatable: bool = True,
                          now: datetime | None = None, archive_id: str | None = None) -> ArchivedItem:
    """Archive an item the learner is enrolled in (it leaves their content lists). NOT_FOUND (contentId)
    when they are not enrolled in it; CONFLICT (contentId) when it is archived already."""
    now = now or utcnow()
    await _content(session, content_id, "contentId")
    if await _enrollment(session, user_id, content_id) is None:
        raise not_found("Enrollment", "contentId")
    archived = ArchivedItem(id=archive_id or new_id(), user_id=user_id, content_id=content_id, archived_at=now,
                            status="archived", reinstatable=reinstatable)
    try:
        async with session.begin_nested():
            session.add(archived)
            await session.flush()
    except IntegrityError:
        raise AppError(ErrorCode.CONFLICT, "This content is archived already", "contentId") from None
    return archived


async def record_view(session: AsyncSession, *, user_id: str, content_id: str, now: datetime | None = None) -> None:
    """The learner viewed the item `now`: it moves to the front of their recently viewed content (one
    row per item, an atomic upsert). NOT_FOUND (userId, contentId)."""
    now = now or utcnow()
    await _user(session, user_id)
    await _content(session, content_id, "contentId")
    dialect = (await session.connection()).dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(RecentView).values(user_id=user_id, content_id=content_id, viewed_at=now)
    await session.execute(stmt.on_conflict_do_update(index_elements=["user_id", "content_id"],
                                                     set_={"viewed_at": now}))


async def post_collaboration(session: AsyncSession, *, user_id: str, course_id: str, kind: str = "comment",
                             now: datetime | None = None, collaboration_id: str | None = None) -> Collaboration:
    """The learner posted a comment or started a discussion thread in a course. BAD_USER_INPUT (kind);
    NOT_FOUND (userId, courseId: unknown or not a course)."""
    if kind not in COLLABORATION_KINDS:
        raise bad_input(f"kind must be one of {', '.join(COLLABORATION_KINDS)}", "kind")
    now = now or utcnow()
    await _user(session, user_id)
    await _content(session, course_id, "courseId", kinds=COURSE_KINDS)
    collaboration = Collaboration(id=collaboration_id or new_id(), user_id=user_id, course_id=course_id, kind=kind,
                                  created_at=now)
    session.add(collaboration)
    await session.flush()
    return collaboration
