"""Webhook events: written to the outbox in the transaction that causes them, one delivery per
subscribed endpoint. The payload follows Standard Webhooks: {"type", "timestamp", "data"}."""
from __future__ import annotations

from datetime import datetime

import orjson
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import new_id, utcnow
from app.notifications.models import PENDING, OutboxMessage
from app.notifications.outbox import WEBHOOK
from app.webhooks.models import WebhookEndpoint

CERTIFICATE_ISSUED = "certificate.issued"
CERTIFICATE_REVOKED = "certificate.revoked"
CERTIFICATE_EXPIRED = "certificate.expired"
CERTIFICATE_RESET = "certificate.reset"
LEARNER_CREATED = "learner.created"
CODE_REDEEMED = "code.redeemed"
EVENT_TYPES = (CERTIFICATE_ISSUED, CERTIFICATE_REVOKED, CERTIFICATE_EXPIRED, CERTIFICATE_RESET, LEARNER_CREATED,
               CODE_REDEEMED)


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment is not None else None


def certificate_data(certificate) -> dict:
    return {"certificate_id": certificate.id, "identifier": certificate.identifier, "user_id": certificate.user_id,
            "resource_type": certificate.resource_type, "resource_id": certificate.resource_id,
            "issued_at": iso(certificate.issued_at), "expires_at": iso(certificate.expiration_date),
            "revoked_at": iso(certificate.revoked_at)}


async def emit(session: AsyncSession, event_type: str, items: list[dict], *, now: datetime | None = None) -> int:
    """Queue `event_type` with each item as `data` for every endpoint subscribed to it (flushes, never
    commits: nothing is sent unless the caller's transaction commits). Returns the deliveries queued."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown webhook event type {event_type!r}")
    if not items:
        return 0
    endpoints = [e for e in await session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.deleted_at.is_(None)))
                 if event_type in (e.event_types or [])]
    if not endpoints:
        return 0
    now = now or utcnow()
    timestamp = iso(now)
    rows = [OutboxMessage(id=new_id(), kind=WEBHOOK, to_address=endpoint.id, subject=event_type,
                          body=orjson.dumps({"type": event_type, "timestamp": timestamp, "data": data}).decode(),
                          status=PENDING, attempts=0, created_at=now)
            for data in items for endpoint in endpoints]
    session.add_all(rows)
    await session.flush()
    return len(rows)
