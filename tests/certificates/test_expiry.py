"""The expiry task: a reminder before expiry (once), expiry marked once with certificate.expired,
progress reset with recertificationAutoReset, one process at a time."""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.certificates import expiry
from app.certificates.models import Certificate
from app.db import utcnow, write_session
from app.learning.models import COMPLETED, NOT_STARTED, Enrollment
from app.notifications.models import OutboxMessage
from app.scheduling.lease import take_lease
from tests.factories.catalog import build, course, id_of
from tests.factories.certificates import issued_certificate, published_template, revoke
from tests.factories.learning import completed
from tests.factories.people import enrol, learner

JANE_EMAIL = "jane@example.com"


@pytest.fixture
async def w(db):
    """Jane completed Security; her Security certificate (180 days, progress reset on expiry) was issued 400
    days ago and is past its expiry; her Python one (365 days, a reminder 90 days before) expires in 85 days."""
    await build(db, courses=[course("python"), course("security")], certificate_templates=[
        published_template("Introduction to Python Certificate", "python", resetDaysBeforeExpiry=90,
                           recertificationInstructions="Retake the final quiz."),
        published_template("Security Certificate", "security", validity_days=180, recertificationAutoReset=True)])
    w = SimpleNamespace(security_course=await id_of(db, "content", "security"),
                        sa_t=await id_of(db, "certificateTemplate", "Security Certificate"))
    w.jane = await learner(db, JANE_EMAIL, password=None)
    await enrol(db, w.jane, w.security_course)
    await completed(db, w.jane, w.security_course)
    w.python = await issued_certificate(db, w.jane, await id_of(db, "content", "python"), days_ago=280)
    w.security = await issued_certificate(db, w.jane, w.security_course, days_ago=400)
    return w


async def reminders(db) -> list[OutboxMessage]:
    async with db() as session:
        return list(await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "certificate_expiry_reminder")))


async def test_reminder_once_within_the_window(db, w):
    expires = w.python.expiration_date  # 85 days from now
    early = expires - timedelta(days=91)
    assert (await expiry.run_once(db, now=early)).reminded == 0
    report = await expiry.run_once(db, now=expires - timedelta(days=89))
    assert report.reminded == 1
    [message] = await reminders(db)
    assert message.to_address == JANE_EMAIL and "Introduction to Python Certificate" in message.subject
    assert "Retake the final quiz." in message.body and w.python.identifier in message.body
    assert (await expiry.run_once(db, now=expires - timedelta(days=88))).reminded == 0
    assert len(await reminders(db)) == 1


async def test_expiry_marks_once_and_auto_resets_progress(db, w):
    security_course = w.security_course
    async with db() as session:
        before = await session.scalar(select(Enrollment).where(Enrollment.user_id == w.jane,
                                                               Enrollment.content_id == security_course))
    report = await expiry.run_once(db)
    assert report.expired == 1 and report.reset == 1  # security awareness: 180 days, auto reset
    async with db() as session:
        certificate = await session.get(Certificate, w.security.id)
        enrollment = await session.scalar(select(Enrollment).where(Enrollment.user_id == w.jane,
                                                                   Enrollment.content_id == security_course))
    assert certificate.progress_was_reset is True and certificate.revoked_at is None  # kept as expired history
    assert before.status == COMPLETED
    assert (enrollment.status, enrollment.progress, enrollment.completed_at) == (NOT_STARTED, 0, None)
    assert (await expiry.run_once(db)).expired == 0


async def test_revoked_and_deleted_certificates_are_left_alone(db, w):
    await revoke(db, w.sa_t, w.jane)
    assert (await expiry.run_once(db)).expired == 0


async def test_another_process_holding_the_lease_skips_the_pass(db, w):
    async with write_session(db) as session:
        assert await take_lease(session, expiry.LEASE, seconds=300, now=utcnow(), holder="another-process")
    assert await expiry.run_once(db) is None
