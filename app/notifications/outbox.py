"""Put a message in the outbox (inside the caller's transaction), and the queries the sender uses."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.errors import bad_input
from app.notifications.models import FAILED, PENDING, SENT, OutboxMessage

MAX_ATTEMPTS = 5
CLAIM_SECONDS = 300
# Webhook deliveries share the outbox (app/webhooks/delivery.py); the e-mail sender leaves them alone.
WEBHOOK = "webhook"


async def enqueue(session: AsyncSession, *, to: str, subject: str, body: str, kind: str) -> OutboxMessage:
    """A pending message; it is delivered only if the caller's transaction commits."""
    to = (to or "").strip()
    if not to or "@" not in to:
        raise bad_input("A message needs a recipient e-mail address", "to")
    message = OutboxMessage(kind=kind, to_address=to, subject=subject, body=body, status=PENDING, attempts=0)
    session.add(message)
    await session.flush()
    return message


def _deliverable(now: datetime):
    return (
        OutboxMessage.status == PENDING,
        or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
    )


async def claim(session: AsyncSession, *, message_id: str, now: datetime | None = None) -> bool:
    """Take the lease of one pending message (a conditional UPDATE: only one sender wins)."""
    now = now or utcnow()
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, *_deliverable(now))
        .values(claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def deliverable_ids(session: AsyncSession, *, limit: int = 100, webhooks: bool = False,
                          now: datetime | None = None) -> list[str]:
    """Pending e-mails (or, with `webhooks`, pending webhook deliveries), oldest first."""
    channel = OutboxMessage.kind == WEBHOOK if webhooks else OutboxMessage.kind != WEBHOOK
    rows = await session.scalars(
        select(OutboxMessage.id).where(*_deliverable(now or utcnow()), channel)
        .order_by(OutboxMessage.created_at).limit(limit)
    )
    return list(rows)


async def mark_sent(session: AsyncSession, *, message_id: str) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(status=SENT, sent_at=utcnow(), claimed_until=None, attempts=OutboxMessage.attempts + 1,
                last_error=None)
        .execution_options(synchronize_session=False)
    )


async def mark_failed(session: AsyncSession, *, message_id: str, error: str, attempts_so_far: int,
                      retry_at: datetime | None = None) -> None:
    """Record a failed attempt; after MAX_ATTEMPTS the message is FAILED and no longer retried.
    `retry_at`: not retried before then (the lease is held until that time)."""
    attempts = attempts_so_far + 1
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(status=FAILED if attempts >= MAX_ATTEMPTS else PENDING, attempts=attempts,
                last_error=error[:2000], claimed_until=retry_at)
        .execution_options(synchronize_session=False)
    )
