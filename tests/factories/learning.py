"""A learner's activity on content: grants, progress, due dates, meeting attendance, collaborations,
bookmarks, waitlists, archives, recent views.

Grants go through the learning service (`grant_content`, as in tests.factories.people.enrol; `enrolled`
grants many items in one transaction); completion and attendance through record_progress and
record_attendance. Each builder below returns an unsaved row, and `add(db, *rows)` stores any number of
them in one transaction, each through its service (app/learning/activity.py, bookmarks.py) where one
makes that state (see `_store`). `progress` and `due` still update grant columns: no service sets a
due date or an arbitrary status.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from app.content.attendance import record_attendance
from app.content.models import Meeting, MeetingAttendance
from app.db import new_id
from app.learning.activity import (
    post_collaboration,
    record_progress,
    record_view,
)
from app.learning.bookmarks import add_bookmark, create_folder
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
    """Store the rows in one transaction, in their order (a folder before its bookmarks), each through its
    service with the row's id and time; their ids (None for a recent view)."""
    async with db() as session:
        for row in rows:
            await _store(session, row)
        await session.commit()
        return [getattr(row, "id", None) for row in rows]


async def _store(session, row) -> None:
    if isinstance(row, Collaboration):
        await post_collaboration(session, user_id=row.user_id, course_id=row.course_id, kind=row.kind,
                                 now=row.created_at, collaboration_id=row.id)
    elif isinstance(row, RecentView):
        await record_view(session, user_id=row.user_id, content_id=row.content_id, now=row.viewed_at)
    elif isinstance(row, BookmarkFolder) and not row.deleted:
        await create_folder(session, user_id=row.user_id, name=row.name, default=bool(row.default_folder),
                            now=row.created_at, folder_id=row.id)
    elif isinstance(row, Bookmark) and not row.deleted:
        await add_bookmark(session, user_id=row.user_id, folder_id=row.folder_id, course_id=row.course_id,
                           note=row.note, now=row.created_at, bookmark_id=row.id)
    elif isinstance(row, MeetingAttendance):
        await record_attendance(session, user_id=row.user_id, meeting_id=row.meeting_id, now=row.attendance_date,
                                attendance_id=row.id)
    else:
        # Rows no service makes: the tests wait-list enrolled learners and archive items not enrolled in
        # (join_waitlist and archive_content refuse both), and keep deleted folders and bookmarks.
        session.add(row)
        await session.flush()


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
