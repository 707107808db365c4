"""One process at a time runs a task: it holds the task's lease row until `lease_until`.

Taking the lease is one conditional statement (insert the row, or update it when it has run out or
is ours), so two processes never both hold it; a process that dies loses it when it runs out.
"""
from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

from sqlalchemy import insert, or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.scheduling.models import TaskLease

# This process, as lease holder.
HOLDER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


async def take_lease(session: AsyncSession, name: str, *, seconds: float, now: datetime,
                     holder: str = HOLDER) -> bool:
    """True when this holder has the lease until now + seconds (inside the caller's write transaction)."""
    until = now + timedelta(seconds=seconds)
    taken = await session.execute(
        update(TaskLease)
        .where(TaskLease.name == name, or_(TaskLease.lease_until <= now, TaskLease.holder == holder))
        .values(holder=holder, lease_until=until)
        .execution_options(synchronize_session=False))
    if taken.rowcount == 1:
        return True
    try:
        async with session.begin_nested():
            await session.execute(insert(TaskLease).values(name=name, holder=holder, lease_until=until))
    except IntegrityError:
        return False  # someone else holds it
    return True
