"""A learner's balance, credited through the balances service (a balance transaction is written)."""
from __future__ import annotations

from app.balances.service import credit


async def credited(db, user_id: str, amount_cents: int, kind: str = "grant") -> int:
    """Add to the learner's balance; returns the new balance in balance cents."""
    async with db() as session:
        balance = await credit(session, user_id=user_id, amount_cents=amount_cents, kind=kind)
        await session.commit()
        return balance
