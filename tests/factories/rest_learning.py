"""A learner's progress on content they were granted. No service records progress yet (the player
writes it), so this updates the enrolment row the grant made (tests.factories.people.enrol)."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update

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
