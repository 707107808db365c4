"""A learner's activity on content: progress, collaborations, bookmarks, waitlists, archives, recent views.

Grants go through the learning service (tests.factories.people.enrol). No service writes the rest yet
(the front-end's tracking does, in Helium), so these factories insert the model rows.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from app.db import utcnow
from app.learning.models import (
    ArchivedItem,
    Bookmark,
    BookmarkFolder,
    Collaboration,
    Enrollment,
    RecentView,
    WaitlistEntry,
)


async def _add(db, row):
    async with db() as session:
        session.add(row)
        await session.commit()
        return row.id


async def progress(db, user_id: str, content_id: str, *, percent: int, status: str | None = None,
                   **fields) -> None:
    """Move the learner's enrolment (made by `enrol`) to this progress (and status, completion date …)."""
    values = {"progress": percent, "updated_at": utcnow(), **fields}
    if status is not None:
        values["status"] = status
    async with db() as session:
        result = await session.execute(update(Enrollment).where(
            Enrollment.user_id == user_id, Enrollment.content_id == content_id).values(**values))
        assert result.rowcount == 1, "enrol the learner first"
        await session.commit()


async def collaboration(db, user_id: str, course_id: str, kind: str = "comment") -> str:
    return await _add(db, Collaboration(user_id=user_id, course_id=course_id, kind=kind))


async def bookmark_folder(db, user_id: str, name: str, *, default: bool = False, **fields) -> str:
    return await _add(db, BookmarkFolder(user_id=user_id, name=name, default_folder=default, **fields))


async def bookmark(db, user_id: str, folder_id: str, course_id: str, **fields) -> str:
    return await _add(db, Bookmark(user_id=user_id, folder_id=folder_id, course_id=course_id, **fields))


async def waitlisted(db, user_id: str, content_id: str, **fields) -> str:
    return await _add(db, WaitlistEntry(user_id=user_id, content_id=content_id, **fields))


async def archived(db, user_id: str, content_id: str, **fields) -> str:
    return await _add(db, ArchivedItem(user_id=user_id, content_id=content_id, **fields))


async def viewed(db, user_id: str, content_id: str, *, at: datetime | None = None) -> str:
    return await _add(db, RecentView(user_id=user_id, content_id=content_id, **({"viewed_at": at} if at else {})))


async def due(db, user_id: str, content_id: str, at: datetime) -> None:
    """Set the due date of the learner's grant of the item: its learning path allocation or enrolment."""
    from app.learning.models import LearningPathAllocation

    async with db() as session:
        result = await session.execute(update(LearningPathAllocation).where(
            LearningPathAllocation.user_id == user_id, LearningPathAllocation.learning_path_id == content_id)
            .values(due_date=at))
        if result.rowcount == 0:
            result = await session.execute(update(Enrollment).where(
                Enrollment.user_id == user_id, Enrollment.content_id == content_id).values(due_date=at))
        assert result.rowcount == 1, "grant the item first"
        await session.commit()
