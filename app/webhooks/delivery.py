"""Deliver queued webhook events (outbox messages of kind "webhook").

Each delivery is claimed (the outbox lease) before it is sent, so concurrent deliverers never send
one twice. The request is signed per Standard Webhooks: `webhook-id` (the outbox message id, the
same on every retry), `webhook-timestamp` (seconds) and `webhook-signature` = "v1," + base64 of
HMAC-SHA256 over "{id}.{timestamp}.{body}" with the endpoint's secret. A 2xx answer is success;
anything else is retried with exponential backoff (BACKOFF_SECONDS * 2^attempt) up to the outbox's
MAX_ATTEMPTS, then the delivery is failed. Redirects are not followed.
"""
from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db import begin_write, utcnow, write_session
from app.notifications import outbox
from app.notifications.models import OutboxMessage
from app.secretbox import open_sealed
from app.webhooks.endpoints import SECRET_PREFIX, TargetRefused, check_target
from app.webhooks.models import WebhookEndpoint

log = logging.getLogger("app.webhooks")
BACKOFF_SECONDS = 30
TIMEOUT_SECONDS = 10.0


def signature(secret: str, message_id: str, timestamp: int, body: str) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    digest = hmac.new(key, f"{message_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


@dataclass
class DeliveryReport:
    delivered: int = 0
    failed: int = 0


async def deliver_pending(factory: async_sessionmaker[AsyncSession], *, secret_key: str, allow_private: bool,
                          now: datetime | None = None, limit: int = 100,
                          transport: httpx.AsyncBaseTransport | None = None) -> DeliveryReport:
    """One pass over the deliverable webhook messages (`now` lets tests move the clock)."""
    now = now or utcnow()
    report = DeliveryReport()
    async with factory() as session:
        ids = await outbox.deliverable_ids(session, limit=limit, webhooks=True, now=now)
    async with httpx.AsyncClient(transport=transport, timeout=TIMEOUT_SECONDS, follow_redirects=False,
                                 trust_env=False) as client:
        for message_id in ids:
            async with factory() as session:
                await begin_write(session)
                if not await outbox.claim(session, message_id=message_id, now=now):
                    await session.rollback()
                    continue
                message = await session.get(OutboxMessage, message_id)
                endpoint = await session.get(WebhookEndpoint, message.to_address)
                await session.commit()
            error = await _attempt(client, message, endpoint, secret_key=secret_key, allow_private=allow_private,
                                   now=now)
            async with write_session(factory) as session:
                if error is None:
                    await outbox.mark_sent(session, message_id=message_id)
                    report.delivered += 1
                else:
                    log.warning("webhook %s (%s) failed: %s", message.id, message.subject, error)
                    final = endpoint is None or endpoint.deleted_at is not None
                    await outbox.mark_failed(
                        session, message_id=message_id, error=error,
                        attempts_so_far=outbox.MAX_ATTEMPTS - 1 if final else message.attempts,
                        retry_at=now + timedelta(seconds=BACKOFF_SECONDS * 2 ** message.attempts))
                    report.failed += 1
    return report


async def _attempt(client: httpx.AsyncClient, message: OutboxMessage, endpoint: WebhookEndpoint | None, *,
                   secret_key: str, allow_private: bool, now: datetime) -> str | None:
    """None when delivered, else what went wrong."""
    if endpoint is None or endpoint.deleted_at is not None:
        return "the endpoint was removed"
    try:
        await check_target(endpoint.url, allow_private=allow_private)
    except TargetRefused as refused:
        return str(refused)
    timestamp = int(now.timestamp())
    headers = {"content-type": "application/json", "webhook-id": message.id, "webhook-timestamp": str(timestamp),
               "webhook-signature": signature(open_sealed(secret_key, endpoint.secret_sealed), message.id,
                                              timestamp, message.body),
               "user-agent": "learner-api-webhooks"}
    try:
        response = await client.post(endpoint.url, content=message.body.encode(), headers=headers)
    except httpx.HTTPError as err:
        return f"{type(err).__name__}: {err}"
    if 200 <= response.status_code < 300:
        return None
    return f"HTTP {response.status_code}"


async def run_forever(factory: async_sessionmaker[AsyncSession], *, secret_key: str, allow_private: bool,
                      interval: float = 5.0) -> None:
    """The background deliverer the app starts (BACKGROUND_TASKS): a pass every `interval` seconds."""
    while True:
        try:
            report = await deliver_pending(factory, secret_key=secret_key, allow_private=allow_private)
            if report.delivered or report.failed:
                log.info("webhooks: %d delivered, %d failed", report.delivered, report.failed)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - keep the loop alive; the next pass retries
            log.exception("webhook pass failed")
        await asyncio.sleep(interval)
