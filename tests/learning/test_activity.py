"""A learner's activity through the learning services: progress, waitlists, archives, recent views,
collaborations, bookmark folders and bookmarks, each placed at a given `now`."""
from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.content.service import user_recent_content
from app.errors import AppError, ErrorCode
from app.learning import activity, bookmarks
from app.learning.models import ArchivedItem, Collaboration, Enrollment, WaitlistEntry
from tests.factories.catalog import build, course, id_of, learning_path
from tests.factories.people import enrol, learner
from tests.factories.services import run_service

T0 = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
async def w(db):
    """Jane is enrolled in Python; Kubernetes and the summit she has not; a path is not a course."""
    await build(db, courses=[course("python"), course("kubernetes"), course("summit", kind="inPersonEvent")],
                learning_paths=[learning_path("data-path", ["python"])])
    w = SimpleNamespace(python=await id_of(db, "content", "python"), kubernetes=await id_of(db, "content", "kubernetes"),
                        summit=await id_of(db, "content", "summit"), path=await id_of(db, "content", "data-path"))
    w.jane = await learner(db, "jane.doe@example.com", password=None)
    w.bob = await learner(db, "bob@example.com", password=None)
    await enrol(db, w.jane, w.python)
    return w


async def _fails(db, fn, code: ErrorCode, field: str, **kwargs) -> None:
    with pytest.raises(AppError) as caught:
        await run_service(db, fn, **kwargs)
    assert (caught.value.code, caught.value.field) == (code, field)


async def _enrollment(db, user_id, content_id) -> Enrollment:
    async with db() as session:
        return await session.scalar(select(Enrollment).where(Enrollment.user_id == user_id,
                                                             Enrollment.content_id == content_id))


# ---- progress ---------------------------------------------------------------------------------------

async def test_progress_starts_then_completes_and_keeps_its_first_dates(db, w):
    days = [T0 + timedelta(days=n) for n in range(4)]
    for percent, at in zip((30, 60, 100, 100), days):
        await run_service(db, activity.record_progress, user_id=w.jane, content_id=w.python, progress=percent, now=at)
        if percent == 30:
            started = await _enrollment(db, w.jane, w.python)
            assert (started.status, started.progress, started.started_at, started.completed_at) == (
                "started", 30, days[0], None)
    done = await _enrollment(db, w.jane, w.python)
    assert (done.status, done.progress) == ("completed", 100)
    assert (done.started_at, done.completed_at, done.last_active_at) == (days[0], days[2], days[3])


async def test_a_completed_enrolment_stays_completed(db, w):
    await run_service(db, activity.record_progress, user_id=w.jane, content_id=w.python, progress=100, now=T0)
    await run_service(db, activity.record_progress, user_id=w.jane, content_id=w.python, progress=80,
               now=T0 + timedelta(days=1))
    e = await _enrollment(db, w.jane, w.python)
    assert (e.status, e.progress, e.completed_at) == ("completed", 80, T0)


@pytest.mark.parametrize("progress", [-1, 101, 50.5, True, "50"])
async def test_progress_outside_0_to_100_is_refused(db, w, progress):
    await _fails(db, activity.record_progress, ErrorCode.BAD_USER_INPUT, "progress",
                 user_id=w.jane, content_id=w.python, progress=progress)


async def test_progress_needs_an_enrolment(db, w):
    await _fails(db, activity.record_progress, ErrorCode.NOT_FOUND, "contentId",
                 user_id=w.jane, content_id=w.kubernetes, progress=10)


# ---- waitlists --------------------------------------------------------------------------------------

async def test_waitlist_places_follow_their_times(db, w):
    assert await run_service(db, activity.join_waitlist, user_id=w.bob, content_id=w.summit, now=T0 + timedelta(days=1))
    assert await run_service(db, activity.join_waitlist, user_id=w.jane, content_id=w.summit, now=T0)
    assert await run_service(db, activity.join_waitlist, user_id=w.jane, content_id=w.summit) is False  # already on it
    async with db() as session:
        order = (await session.scalars(select(WaitlistEntry.user_id).where(WaitlistEntry.content_id == w.summit)
                                       .order_by(WaitlistEntry.created_at))).all()
    assert order == [w.jane, w.bob]


async def test_concurrent_joins_make_one_place(db, w):
    results = await asyncio.gather(*(run_service(db, activity.join_waitlist, user_id=w.bob, content_id=w.summit)
                                     for _ in range(3)))
    assert results.count(True) == 1
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(WaitlistEntry)) == 1


async def test_waitlist_refusals(db, w):
    await _fails(db, activity.join_waitlist, ErrorCode.CONFLICT, "contentId", user_id=w.jane, content_id=w.python)
    await _fails(db, activity.join_waitlist, ErrorCode.NOT_FOUND, "contentId", user_id=w.jane, content_id="nope")
    await _fails(db, activity.join_waitlist, ErrorCode.NOT_FOUND, "userId", user_id="nobody", content_id=w.summit)


# ---- archives ---------------------------------------------------------------------------------------

async def test_archive_an_enrolled_item_once(db, w):
    archived = await run_service(db, activity.archive_content, user_id=w.jane, content_id=w.python, reinstatable=False, now=T0)
    async with db() as session:
        row = await session.get(ArchivedItem, archived.id)
    assert (row.user_id, row.content_id, row.archived_at, row.status, row.reinstatable) == (
        w.jane, w.python, T0, "archived", False)
    await _fails(db, activity.archive_content, ErrorCode.CONFLICT, "contentId", user_id=w.jane, content_id=w.python)
    await _fails(db, activity.archive_content, ErrorCode.NOT_FOUND, "contentId", user_id=w.jane,
                 content_id=w.kubernetes)


# ---- recent views -----------------------------------------------------------------------------------

async def test_a_new_view_moves_the_item_to_the_front(db, w):
    for slug, at in (("python", T0), ("kubernetes", T0 + timedelta(hours=1)), ("python", T0 + timedelta(hours=2))):
        await run_service(db, activity.record_view, user_id=w.jane, content_id=getattr(w, slug), now=at)
    async with db() as session:
        recent = await user_recent_content(session, user_id=w.jane)
    assert [r.id for r in recent] == [w.python, w.kubernetes]


async def test_concurrent_views_of_one_item_keep_one_row(db, w):
    await asyncio.gather(*(run_service(db, activity.record_view, user_id=w.jane, content_id=w.python) for _ in range(3)))
    async with db() as session:
        assert len(await user_recent_content(session, user_id=w.jane)) == 1


async def test_view_of_unknown_content_or_user(db, w):
    await _fails(db, activity.record_view, ErrorCode.NOT_FOUND, "contentId", user_id=w.jane, content_id="nope")
    await _fails(db, activity.record_view, ErrorCode.NOT_FOUND, "userId", user_id="nobody", content_id=w.python)


# ---- collaborations ---------------------------------------------------------------------------------

async def test_collaborations_in_a_course(db, w):
    thread = await run_service(db, activity.post_collaboration, user_id=w.jane, course_id=w.python, kind="thread", now=T0)
    await run_service(db, activity.post_collaboration, user_id=w.jane, course_id=w.python)
    async with db() as session:
        kinds = sorted((await session.scalars(select(Collaboration.kind))).all())
        assert (await session.get(Collaboration, thread.id)).created_at == T0
    assert kinds == ["comment", "thread"]


async def test_collaboration_refusals(db, w):
    await _fails(db, activity.post_collaboration, ErrorCode.BAD_USER_INPUT, "kind",
                 user_id=w.jane, course_id=w.python, kind="like")
    await _fails(db, activity.post_collaboration, ErrorCode.NOT_FOUND, "courseId", user_id=w.jane, course_id=w.path)
    await _fails(db, activity.post_collaboration, ErrorCode.NOT_FOUND, "userId", user_id="nobody", course_id=w.python)


# ---- bookmarks --------------------------------------------------------------------------------------

async def test_folders_and_bookmarks_read_back_newest_first(db, w):
    folder = await run_service(db, bookmarks.create_folder, user_id=w.jane, name="  To revisit ", default=True, now=T0)
    for slug, days in (("python", 2), ("kubernetes", 1)):
        await run_service(db, bookmarks.add_bookmark, user_id=w.jane, folder_id=folder.id, course_id=getattr(w, slug),
                   note=f"About {slug}", now=T0 + timedelta(days=days))
    async with db() as session:
        [read] = await bookmarks.user_folders(session, user_id=w.jane)
        saved = await bookmarks.folder_bookmarks(session, user_id=w.jane, folder_id=folder.id)
    assert (read.name, read.default_folder, read.created_at) == ("To revisit", True, T0)
    assert [(b.course_id, b.note) for b in saved] == [(w.python, "About python"), (w.kubernetes, "About kubernetes")]


async def test_folder_refusals(db, w):
    await run_service(db, bookmarks.create_folder, user_id=w.jane, name="Mine", default=True)
    await _fails(db, bookmarks.create_folder, ErrorCode.CONFLICT, "default", user_id=w.jane, name="Two", default=True)
    for name in ("", "   ", "x" * (bookmarks.FOLDER_NAME_MAX_LENGTH + 1)):
        await _fails(db, bookmarks.create_folder, ErrorCode.BAD_USER_INPUT, "name", user_id=w.jane, name=name)
    await _fails(db, bookmarks.create_folder, ErrorCode.NOT_FOUND, "userId", user_id="nobody", name="Mine")


async def test_bookmark_refusals(db, w):
    folder = await run_service(db, bookmarks.create_folder, user_id=w.jane, name="Mine")
    await _fails(db, bookmarks.add_bookmark, ErrorCode.NOT_FOUND, "folderId",
                 user_id=w.bob, folder_id=folder.id, course_id=w.python)  # not Bob's folder
    await _fails(db, bookmarks.add_bookmark, ErrorCode.NOT_FOUND, "courseId",
                 user_id=w.jane, folder_id=folder.id, course_id="nope")
    await _fails(db, bookmarks.add_bookmark, ErrorCode.BAD_USER_INPUT, "note", user_id=w.jane, folder_id=folder.id,
                 course_id=w.python, note="x" * (bookmarks.NOTE_MAX_LENGTH + 1))
