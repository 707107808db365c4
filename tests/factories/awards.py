"""A learner's awards and earned badges.

Both go through the awards service: earned badges (`record_earned_badge`, which keeps the badge totals
and the histogram in step) and awards on content (`grant_award`: course completion credits …).
"""
from __future__ import annotations

from datetime import datetime

from app.awards.service import grant_award, record_earned_badge


async def earned_badge(db, user_id: str, badge_id: str, *, earned_at: datetime | None = None) -> str:
    """The learner earns the badge; returns the earned badge's id."""
    async with db() as session:
        earned = await record_earned_badge(session, user_id=user_id, badge_id=badge_id, earned_at=earned_at)
        await session.commit()
        return earned.id


async def award(db, user_id: str, award_type_id: str, resource_id: str, amount: float) -> str:
    """An amount of the award type the learner earned on the content; returns the award's id."""
    async with db() as session:
        row = await grant_award(session, user_id=user_id, award_type_id=award_type_id, resource_id=resource_id,
                                amount=amount)
        await session.commit()
        return row.id
