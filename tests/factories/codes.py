"""Codes a learner redeemed, through the codes service (`redeem_codes`: all the codes or none).
The codes themselves come from the catalog import (tests.factories.code, the `codes` section)."""
from __future__ import annotations

from app.codes.service import redeem_codes


async def redeemed(db, user_id: str, *codes: str) -> None:
    async with db() as session:
        assert await redeem_codes(session, user_id=user_id, codes=list(codes))
        await session.commit()
