"""Deliver pending outbox messages over SMTP (SMTP_URL), marking each sent or recording the failure.

SMTP_URL forms: `smtp://host:port` (plain), `smtp://host:port?starttls=1` (STARTTLS),
`smtps://host:port` (implicit TLS); optional `user:password@` and `?from=sender@example.com`
(default sender `no-reply@localhost`).
"""
from __future__ import annotations

import asyncio
import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db import begin_write, write_session
from app.notifications import outbox
from app.notifications.models import OutboxMessage
from app.observability.logs import Throttled

log = logging.getLogger("app.notifications")
# A dependency that is down is reported once a minute, not once per request (app/observability/logs.py).
_failures = Throttled(log, interval=60.0)
DEFAULT_SENDER = "no-reply@localhost"


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    tls: bool = False
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    sender: str = DEFAULT_SENDER
    timeout: float = 30.0

    @classmethod
    def from_url(cls, url: str) -> SmtpConfig:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("SMTP_URL must look like smtp://host:port or smtps://host:port")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        tls = parts.scheme == "smtps"
        return cls(
            host=parts.hostname, port=parts.port or (465 if tls else 25), tls=tls,
            starttls=query.get("starttls", "").lower() in ("1", "true", "yes"),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            sender=query.get("from") or DEFAULT_SENDER,
        )


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0


def _deliver(config: SmtpConfig, message: EmailMessage) -> None:
    """Blocking SMTP delivery (run in a thread)."""
    context = ssl.create_default_context()
    smtp_cls = smtplib.SMTP_SSL if config.tls else smtplib.SMTP
    kwargs = {"context": context} if config.tls else {}
    with smtp_cls(config.host, config.port, timeout=config.timeout, **kwargs) as smtp:
        if config.starttls:
            smtp.starttls(context=context)
        if config.username:
            smtp.login(config.username, config.password or "")
        smtp.send_message(message)


def _email(config: SmtpConfig, row: OutboxMessage) -> EmailMessage:
    message = EmailMessage()
    message["From"] = config.sender
    message["To"] = row.to_address
    message["Subject"] = row.subject
    message["Message-ID"] = f"<{row.id}@learner-api>"
    message.set_content(row.body)
    return message


async def send_pending(factory: async_sessionmaker[AsyncSession], smtp_url: str, *, limit: int = 100) -> SendReport:
    """One pass over the deliverable messages. Each message is claimed (a lease, committed) before
    delivery, so concurrent senders never deliver one message twice."""
    config = SmtpConfig.from_url(smtp_url)
    report = SendReport()
    async with factory() as session:
        ids = await outbox.deliverable_ids(session, limit=limit)
    for message_id in ids:
        async with factory() as session:
            await begin_write(session)
            if not await outbox.claim(session, message_id=message_id):
                await session.rollback()
                continue
            row = await session.get(OutboxMessage, message_id)
            await session.commit()
        try:
            await asyncio.to_thread(_deliver, config, _email(config, row))
        except Exception as err:  # noqa: BLE001 - any delivery failure is recorded on the message
            log.warning("outbox message %s to %s failed: %s", row.id, row.to_address, err)
            error = f"{type(err).__name__}: {err}"
            async with write_session(factory) as session:
                await outbox.mark_failed(session, message_id=message_id, error=error, attempts_so_far=row.attempts)
            report.failed += 1
            continue
        async with write_session(factory) as session:
            await outbox.mark_sent(session, message_id=message_id)
        report.sent += 1
    return report


async def run_forever(factory: async_sessionmaker[AsyncSession], smtp_url: str, *, interval: float = 15.0) -> None:
    """The background sender the app starts when SMTP_URL is set: a pass every `interval` seconds."""
    while True:
        try:
            report = await send_pending(factory, smtp_url)
            if report.sent or report.failed:
                log.info("outbox: %d sent, %d failed", report.sent, report.failed)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - keep the loop alive; the next pass retries
            _failures.warning("pass", "outbox pass failed", error=error)
        await asyncio.sleep(interval)
