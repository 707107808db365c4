"""The expiry task: a reminder before expiry (once), expiry marked once with certificate.expired,
progress reset with recertificationAutoReset, one process at a time."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from app.certificates import expiry
from app.certificates.models import Certificate, CertificateTemplate
from app.db import utcnow, write_session
from app.demo import JANE_EMAIL, demo_id
from app.learning.models import COMPLETED, NOT_STARTED, Enrollment
from app.notifications.models import OutboxMessage
from app.scheduling.lease import take_lease

JANE = demo_id("user", JANE_EMAIL)
PYTHON = demo_id("certificate", f"{JANE_EMAIL}:intro-to-python:280")
SECURITY = demo_id("certificate", f"{JANE_EMAIL}:security-awareness:400")


async def reminders(db) -> list[OutboxMessage]:
    async with db() as session:
        return list(await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "certificate_expiry_reminder")))


async def test_reminder_once_within_the_window(db, demo):
    async with db() as session:
        await session.execute(update(CertificateTemplate).where(CertificateTemplate.id == demo_id("template", "intro-to-python"))
                              .values(reset_days_before_expiry=90, recertification_instructions="Retake the final quiz."))
        expires = (await session.get(Certificate, PYTHON)).expiration_date  # 85 days from now
        await session.commit()
    early = expires - timedelta(days=91)
    assert (await expiry.run_once(db, now=early)).reminded == 0
    report = await expiry.run_once(db, now=expires - timedelta(days=89))
    assert report.reminded == 1
    [message] = await reminders(db)
    assert message.to_address == JANE_EMAIL and "Introduction to Python Certificate" in message.subject
    assert "Retake the final quiz." in message.body and "CERT-PY280001" in message.body
    assert (await expiry.run_once(db, now=expires - timedelta(days=88))).reminded == 0
    assert len(await reminders(db)) == 1


async def test_expiry_marks_once_and_auto_resets_progress(db, demo):
    security_course = demo_id("content", "security-awareness")
    async with db() as session:
        before = await session.scalar(select(Enrollment).where(Enrollment.user_id == JANE,
                                                               Enrollment.content_id == security_course))
    report = await expiry.run_once(db)
    assert report.expired == 1 and report.reset == 1  # security awareness: 180 days, auto reset
    async with db() as session:
        certificate = await session.get(Certificate, SECURITY)
        enrollment = await session.scalar(select(Enrollment).where(Enrollment.user_id == JANE,
                                                                   Enrollment.content_id == security_course))
    assert certificate.progress_was_reset is True and certificate.revoked_at is None  # kept as expired history
    assert before.status == COMPLETED
    assert (enrollment.status, enrollment.progress, enrollment.completed_at) == (NOT_STARTED, 0, None)
    assert (await expiry.run_once(db)).expired == 0


async def test_revoked_and_deleted_certificates_are_left_alone(db, demo):
    async with db() as session:
        await session.execute(update(Certificate).where(Certificate.id == SECURITY).values(revoked_at=utcnow()))
        await session.commit()
    assert (await expiry.run_once(db)).expired == 0


async def test_another_process_holding_the_lease_skips_the_pass(db, demo):
    async with write_session(db) as session:
        assert await take_lease(session, expiry.LEASE, seconds=300, now=utcnow(), holder="another-process")
    assert await expiry.run_once(db) is None
