"""A learner's awards and earned badges.

Earned badges go through the awards service (`record_earned_badge`, which keeps the badge totals
and the histogram in step). Awards on content (course completion credits …) have no writing service
yet (the demo and the completion tracker of the front-end write them), so `award` inserts the row.
"""
from __future__ import annotations

from datetime import datetime

from app.awards.models import Award
from app.awards.service import record_earned_badge


async def earned_badge(db, user_id: str, badge_id: str, *, earned_at: datetime | None = None) -> str:
    """The learner earns the badge; returns the earned badge's id."""
    async with db() as session:
        earned = await record_earned_badge(session, user_id=user_id, badge_id=badge_id, earned_at=earned_at)
        await session.commit()
        return earned.id


async def award(db, user_id: str, award_type_id: str, resource_id: str, amount: float) -> str:
    """An amount of the award type the learner earned on the content (a model row: no service writes awards)."""
    async with db() as session:
        row = Award(user_id=user_id, award_type_id=award_type_id, resource_id=resource_id, amount=amount)
        session.add(row)
        await session.commit()
        return row.id
