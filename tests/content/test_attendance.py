"""record_attendance: one attendance per learner and meeting, dated by `now`."""
from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.content.attendance import record_attendance
from app.content.models import Meeting, MeetingAttendance
from app.errors import AppError, ErrorCode
from tests.factories.catalog import build, course
from tests.factories.people import learner
from tests.factories.services import run_service

MEETINGS = [{"title": "Part 1", "startDate": "2026-05-01T10:00:00Z", "endDate": "2026-05-01T11:00:00Z"},
            {"title": "Part 2", "startDate": "2026-05-08T10:00:00Z", "endDate": "2026-05-08T11:00:00Z"}]
AT = datetime(2026, 5, 1, 10, 5, tzinfo=UTC)


@pytest.fixture
async def meeting(db) -> str:
    await build(db, courses=[course("live", kind="webinar", meetings=MEETINGS)])
    async with db() as session:
        return await session.scalar(select(Meeting.id).where(Meeting.title == "Part 1"))


async def _attend(db, **kwargs) -> MeetingAttendance:
    return await run_service(db, record_attendance, **kwargs)


async def test_attendance_is_recorded_once(db, meeting):
    jane = await learner(db, "jane.doe@example.com", password=None)
    recorded = await _attend(db, user_id=jane, meeting_id=meeting, now=AT)
    async with db() as session:
        stored = await session.get(MeetingAttendance, recorded.id)
    assert (stored.user_id, stored.meeting_id, stored.attendance_date) == (jane, meeting, AT)
    with pytest.raises(AppError) as again:
        await _attend(db, user_id=jane, meeting_id=meeting)
    assert (again.value.code, again.value.field) == (ErrorCode.CONFLICT, "meetingId")


async def test_concurrent_roll_calls_record_one_attendance(db, meeting):
    jane = await learner(db, "jane.doe@example.com", password=None)
    results = await asyncio.gather(*(_attend(db, user_id=jane, meeting_id=meeting) for _ in range(3)),
                                   return_exceptions=True)
    assert sum(isinstance(r, MeetingAttendance) for r in results) == 1
    assert all(r.code == ErrorCode.CONFLICT for r in results if isinstance(r, AppError))
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(MeetingAttendance)) == 1


@pytest.mark.parametrize("who, which, field", [("nobody", "meeting", "userId"), ("jane", "nope", "meetingId")])
async def test_unknown_learner_or_meeting(db, meeting, who, which, field):
    jane = await learner(db, "jane.doe@example.com", password=None)
    with pytest.raises(AppError) as caught:
        await _attend(db, user_id=jane if who == "jane" else who, meeting_id=meeting if which == "meeting" else which)
    assert (caught.value.code, caught.value.field) == (ErrorCode.NOT_FOUND, field)
