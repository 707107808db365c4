"""A learner's progress, meeting attendance and waitlist places. No service records them yet (the player,
the instructors and full courses do), so these update the enrolment the grant made (tests.factories.people.enrol)
and insert attendance and waitlist rows."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from app.content.models import Meeting, MeetingAttendance
from app.learning.models import Enrollment, WaitlistEntry


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


async def waitlisted(db, user_id: str, content_id: str) -> None:
    """The learner is on the item's waitlist (the product adds learners to it when a course is full; no service
    of its own yet, so this inserts the WaitlistEntry row)."""
    async with db() as session:
        session.add(WaitlistEntry(user_id=user_id, content_id=content_id))
        await session.commit()
