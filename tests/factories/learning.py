"""A learner's activity on content: grants, progress, due dates, meeting attendance, collaborations,
bookmarks, waitlists, archives, recent views.

Grants go through the learning service (`grant_content`, as in tests.factories.people.enrol; `enrolled`
grants many items in one transaction). No service writes the rest yet (in Helium the front-end's
tracking does), so those factories write the model rows: each builder below returns one row, and
`add(db, *rows)` stores any number of them in one transaction (lists of a hundred stay quick).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from app.content.attendance import record_attendance
from app.content.models import Meeting
from app.db import new_id
from app.learning.activity import record_progress
from app.learning.models import (
    ArchivedItem,
    Bookmark,
    BookmarkFolder,
    Collaboration,
    Enrollment,
    LearningPathAllocation,
    RecentView,
    WaitlistEntry,
)
from app.learning.service import grant_content


async def add(db, *rows) -> list[str | None]:
    """Store the rows in one transaction, in their order (a folder before its bookmarks: the models
    declare no relationship for the flush to order them by); their ids (None for a recent view)."""
    async with db() as session:
        previous = None
        for row in rows:
            if previous is not None and type(row) is not previous:
                await session.flush()
            session.add(row)
            previous = type(row)
        await session.commit()
        return [getattr(row, "id", None) for row in rows]


async def enrolled(db, user_id: str, *content_ids: str, source: str = "test") -> None:
    """Grant every item (enrolment, bundle or learning path allocation) through the learning service."""
    async with db() as session:
        for content_id in content_ids:
            assert await grant_content(session, user_id=user_id, content_id=content_id, source=source)
        await session.commit()


async def progress(db, user_id: str, changes: dict[str, dict[str, Any]]) -> None:
    """Move the learner's grants: {content id: {"status": …, "progress": …, "due_date": …, …}}. A learning
    path's allocation takes `status` and `due_date`; an enrolment any of its columns."""
    async with db() as session:
        for content_id, values in changes.items():
            result = None
            if set(values) <= {"status", "due_date"}:
                result = await session.execute(update(LearningPathAllocation).where(
                    LearningPathAllocation.user_id == user_id, LearningPathAllocation.learning_path_id == content_id)
                    .values(**values))
            if result is None or result.rowcount == 0:
                result = await session.execute(update(Enrollment).where(
                    Enrollment.user_id == user_id, Enrollment.content_id == content_id).values(**values))
            assert result.rowcount == 1, f"grant {content_id} to the learner first"
        await session.commit()


async def due(db, user_id: str, content_id: str, at: datetime) -> None:
    """The due date of the learner's grant of the item (its learning path allocation or enrolment)."""
    await progress(db, user_id, {content_id: {"due_date": at}})


async def completed(db, user_id: str, content_id: str) -> None:
    """The learner started and completed the granted course now (progress 100)."""
    async with db() as session:
        await record_progress(session, user_id=user_id, content_id=content_id, progress=100)
        await session.commit()


async def attended(db, user_id: str, course_id: str) -> None:
    """The learner attended every meeting of the course."""
    async with db() as session:
        meetings = (await session.scalars(select(Meeting).where(Meeting.course_id == course_id))).all()
        assert meetings, "the course has no meetings"
        for meeting in meetings:
            await record_attendance(session, user_id=user_id, meeting_id=meeting.id, now=meeting.start_date)
        await session.commit()


# ---- rows (store them with `add`) -------------------------------------------------------------------

def collaboration(user_id: str, course_id: str, kind: str = "comment") -> Collaboration:
    return Collaboration(id=new_id(), user_id=user_id, course_id=course_id, kind=kind)


def bookmark_folder(user_id: str, name: str, *, default: bool = False, **fields) -> BookmarkFolder:
    return BookmarkFolder(id=new_id(), user_id=user_id, name=name, default_folder=default, **fields)


def bookmark(user_id: str, folder_id: str, course_id: str, **fields) -> Bookmark:
    return Bookmark(id=new_id(), user_id=user_id, folder_id=folder_id, course_id=course_id, **fields)


def waitlist_entry(user_id: str, content_id: str, **fields) -> WaitlistEntry:
    return WaitlistEntry(id=new_id(), user_id=user_id, content_id=content_id, **fields)


def archive(user_id: str, content_id: str, **fields) -> ArchivedItem:
    return ArchivedItem(id=new_id(), user_id=user_id, content_id=content_id, **fields)


def recent_view(user_id: str, content_id: str, **fields) -> RecentView:
    return RecentView(user_id=user_id, content_id=content_id, **fields)
