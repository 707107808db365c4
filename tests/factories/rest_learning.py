"""A learner's progress and meeting attendance. No service records either yet (the player and the
instructors write them), so these update the enrolment the grant made (tests.factories.people.enrol)
and insert attendance rows for the meetings the catalog gave the course."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from app.content.models import Meeting, MeetingAttendance
from app.learning.models import Enrollment


async def progress(db, user_id: str, content_id: str, *, status: str = "completed", percent: int = 100) -> None:
    now = datetime.now(UTC)
    async with db() as session:
        result = await session.execute(
            update(Enrollment).where(Enrollment.user_id == user_id, Enrollment.content_id == content_id)
            .values(status=status, progress=percent, started_at=now,
                    completed_at=now if status == "completed" else None))
        assert result.rowcount == 1, "enrol the learner first"
        await session.commit()


async def attended(db, user_id: str, course_id: str) -> None:
    """The learner attended every meeting of the course."""
    async with db() as session:
        meetings = (await session.scalars(select(Meeting).where(Meeting.course_id == course_id))).all()
        assert meetings, "the course has no meetings"
        session.add_all([MeetingAttendance(meeting_id=m.id, user_id=user_id, attendance_date=m.start_date)
                         for m in meetings])
        await session.commit()
