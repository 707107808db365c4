"""Calling a service the way the API does: in one write transaction, committed."""
from __future__ import annotations

from app.db import begin_write


async def run_service(db, fn, **kwargs):
    """`fn(session, **kwargs)` in a write transaction of its own; its result once committed."""
    async with db() as session:
        await begin_write(session)
        result = await fn(session, **kwargs)
        await session.commit()
        return result
