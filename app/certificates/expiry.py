"""The certificate expiry task (one process at a time, under the "certificate-expiry" lease).

Each pass, for certificates neither deleted nor revoked:
- reminder: when a template names reset_days_before_expiry and the expiry is that close (and not
  past), the learner gets one e-mail through the outbox, once per certificate;
- expiry: a certificate whose expiration date has passed is marked expired once
  (certificate_expiry_notices.expired_at), `certificate.expired` is emitted, and when its template
  has recertificationAutoReset the learner's progress on the template's resource is reset
  (as an administrator's reset without expire: the certificate stays, as expired history).
Lifecycle status itself is computed from the dates (app/certificates/lifecycle.py); the mark is
what makes each side effect happen once.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.certificates.lifecycle import reset_certificates
from app.certificates.models import Certificate, CertificateTemplate
from app.certificates.rendering.document import format_date
from app.certificates.templates import lock_templates
from app.db import utcnow, write_session
from app.notifications.outbox import enqueue
from app.scheduling.lease import take_lease
from app.scheduling.models import CertificateExpiryNotice
from app.users.models import User
from app.webhooks import events as webhook_events

log = logging.getLogger("app.certificates.expiry")
LEASE = "certificate-expiry"
BATCH = 500


@dataclass
class ExpiryReport:
    reminded: int = 0
    expired: int = 0
    reset: int = 0


async def _mark(session: AsyncSession, certificate_id: str, column: str, now: datetime) -> bool:
    """Set the notice's `column` once: True for the caller that set it."""
    set_now = await session.execute(
        update(CertificateExpiryNotice)
        .where(CertificateExpiryNotice.certificate_id == certificate_id, getattr(CertificateExpiryNotice, column).is_(None))
        .values({column: now}).execution_options(synchronize_session=False))
    if set_now.rowcount == 1:
        return True
    try:
        async with session.begin_nested():
            await session.execute(insert(CertificateExpiryNotice).values(certificate_id=certificate_id, **{column: now}))
    except IntegrityError:
        return False  # the row exists with the mark already set
    return True


def _live():
    return (Certificate.deleted_at.is_(None), Certificate.revoked_at.is_(None))


def _without(column: str):
    notice = CertificateExpiryNotice
    return ~select(notice.certificate_id).where(notice.certificate_id == Certificate.id,
                                                getattr(notice, column).is_not(None)).exists()


async def send_reminders(session: AsyncSession, now: datetime) -> int:
    rows = (await session.execute(
        select(Certificate, CertificateTemplate, User)
        .join(CertificateTemplate, CertificateTemplate.id == Certificate.template_id)
        .join(User, User.id == Certificate.user_id)
        .where(*_live(), Certificate.expiration_date > now, CertificateTemplate.reset_days_before_expiry.is_not(None),
               _without("reminder_sent_at"))
        .order_by(Certificate.expiration_date).limit(BATCH * 4))).all()
    sent = 0
    for certificate, template, user in rows:
        if certificate.expiration_date - timedelta(days=template.reset_days_before_expiry) > now:
            continue
        if not await _mark(session, certificate.id, "reminder_sent_at", now):
            continue
        await enqueue(session, to=user.email, kind="certificate_expiry_reminder",
                      subject=f"Your certificate {template.title} expires on {format_date(certificate.expiration_date)}",
                      body=(f"Hello {user.first_name or user.email},\n\n"
                            f"Your certificate {template.title} ({certificate.identifier}) expires on "
                            f"{format_date(certificate.expiration_date)}.\n"
                            + (f"{template.recertification_instructions}\n" if template.recertification_instructions else "")
                            + "Recertify before then to keep it valid.\n"))
        sent += 1
    return sent


async def mark_expired(session: AsyncSession, now: datetime) -> tuple[int, int]:
    rows = (await session.execute(
        select(Certificate, CertificateTemplate)
        .outerjoin(CertificateTemplate, CertificateTemplate.id == Certificate.template_id)
        .where(*_live(), Certificate.expiration_date <= now, _without("expired_at"))
        .order_by(Certificate.expiration_date).limit(BATCH))).all()
    expired = reset = 0
    for certificate, template in rows:
        if not await _mark(session, certificate.id, "expired_at", now):
            continue
        await webhook_events.emit(session, webhook_events.CERTIFICATE_EXPIRED,
                                  [webhook_events.certificate_data(certificate)], now=now)
        expired += 1
        if template is not None and template.recertification_auto_reset:
            await lock_templates(session, template_ids=[template.id])  # as an administrator's reset does
            result = await reset_certificates(session, template=template, user_ids=[certificate.user_id], now=now)
            reset += len(result.reset)
    return expired, reset


async def run_once(factory: async_sessionmaker[AsyncSession], *, now: datetime | None = None,
                   lease_seconds: float = 300) -> ExpiryReport | None:
    """One pass, or None when another process holds the lease."""
    now = now or utcnow()
    async with write_session(factory) as session:
        if not await take_lease(session, LEASE, seconds=lease_seconds, now=now):
            return None
    report = ExpiryReport()
    async with write_session(factory) as session:
        report.reminded = await send_reminders(session, now)
        report.expired, report.reset = await mark_expired(session, now)
    return report


async def run_forever(factory: async_sessionmaker[AsyncSession], *, interval: float = 60.0) -> None:
    while True:
        try:
            report = await run_once(factory, lease_seconds=interval * 3)
            if report and (report.reminded or report.expired):
                log.info("certificate expiry: %d reminded, %d expired, %d reset", report.reminded, report.expired,
                         report.reset)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - keep the loop alive; the next pass retries
            log.exception("certificate expiry pass failed")
        await asyncio.sleep(interval)
