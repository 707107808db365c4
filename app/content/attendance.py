"""Recording that a learner attended a meeting of an event course (the instructor's roll call)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.content.models import Meeting, MeetingAttendance
from app.db import new_id, utcnow
from app.errors import AppError, ErrorCode, not_found
from app.users.models import User


async def record_attendance(session: AsyncSession, *, user_id: str, meeting_id: str, now: datetime | None = None,
                            attendance_id: str | None = None) -> MeetingAttendance:
    """The learner attended the meeting (attendance_date: `now`). NOT_FOUND (meetingId, userId);
    CONFLICT (meetingId) when their attendance is recorded already."""
    if await session.scalar(select(Meeting.id).where(Meeting.id == meeting_id)) is None:
        raise not_found("Meeting", "meetingId")
    if await session.scalar(select(User.id).where(User.id == user_id)) is None:
        raise not_found("User", "userId")
    attendance = MeetingAttendance(id=attendance_id or new_id(), meeting_id=meeting_id, user_id=user_id,
                                   attendance_date=now or utcnow())
    try:
        async with session.begin_nested():
            session.add(attendance)
            await session.flush()
    except IntegrityError:
        raise AppError(ErrorCode.CONFLICT, "The learner's attendance is recorded already", "meetingId") from None
    return attendance
