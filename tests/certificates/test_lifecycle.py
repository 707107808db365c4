"""Lifecycle rules (status, validity, dates) and the reset/revoke and verification services."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.certificates.lifecycle import (
    ACTIVE,
    EXPIRED,
    INVALID,
    REVOKED,
    VALID,
    expiration_for,
    is_expired,
    lifecycle_status,
    recertification_for,
    reset_certificates,
    validity_status,
    verify_certificate,
)
from app.certificates.models import Certificate, CertificateTemplate
from app.errors import AppError, ErrorCode
from app.learning.models import COMPLETED, NOT_STARTED, Enrollment
from app.notifications.models import OutboxMessage
from tests.factories.catalog import build, course, id_of
from tests.factories.certificates import deleted_certificate, issued_certificate, published_template
from tests.factories.learning import completed
from tests.factories.people import enrol, learner
from tests.factories.users import learners

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
JANE_EMAIL = "jane@example.com"
HOLDERS = ("bea@example.com", "cid@example.com")


@pytest.fixture
async def w(db):
    """Jane Doe completed Python and holds its certificate (an older one was deleted) and an expired Security
    one; two other learners hold a Security certificate; Ada holds none."""
    await build(db, courses=[course("python"), course("security")], certificate_templates=[
        published_template("Introduction to Python Certificate", "python"),
        published_template("Security Certificate", "security", validity_days=180)])
    w = SimpleNamespace(python=await id_of(db, "content", "python"), security=await id_of(db, "content", "security"),
                        py_t=await id_of(db, "certificateTemplate", "Introduction to Python Certificate"),
                        sa_t=await id_of(db, "certificateTemplate", "Security Certificate"))
    w.jane = await learner(db, JANE_EMAIL, first_name="Jane", last_name="Doe", password=None)
    w.ada, *holders = await learners(db, "ada@example.com", *HOLDERS)
    await enrol(db, w.jane, w.python)
    await completed(db, w.jane, w.python)
    w.deleted = await deleted_certificate(db, w.jane, w.python, days_ago=700)
    w.active = await issued_certificate(db, w.jane, w.python, days_ago=280)
    w.expired = await issued_certificate(db, w.jane, w.security, days_ago=400)
    for holder in holders:
        await issued_certificate(db, holder, w.security, days_ago=30)
    return w


def cert(**kw) -> Certificate:
    return Certificate(issued_at=NOW - timedelta(days=10), **kw)


def test_status_rules():
    assert lifecycle_status(cert(), NOW) == ACTIVE  # no expiry: never expires
    assert lifecycle_status(cert(expiration_date=NOW + timedelta(seconds=1)), NOW) == ACTIVE
    assert lifecycle_status(cert(expiration_date=NOW), NOW) == EXPIRED  # expiry at now is expired
    assert lifecycle_status(cert(expiration_date=NOW - timedelta(days=1)), NOW) == EXPIRED
    # revoked wins over expired and active
    assert lifecycle_status(cert(revoked_at=NOW, expiration_date=NOW - timedelta(days=1)), NOW) == REVOKED
    assert lifecycle_status(cert(revoked_at=NOW), NOW) == REVOKED
    # naive datetimes are UTC
    assert is_expired(cert(expiration_date=datetime(2026, 6, 1, 11)), NOW) is True


def test_validity_is_valid_only_for_an_active_undeleted_certificate():
    assert validity_status(cert(), NOW) == VALID
    assert validity_status(cert(expiration_date=NOW - timedelta(days=1)), NOW) == INVALID
    assert validity_status(cert(revoked_at=NOW), NOW) == INVALID
    assert validity_status(cert(deleted_at=NOW), NOW) == INVALID


def test_expiration_and_recertification_dates():
    issued = datetime(2026, 1, 31, tzinfo=UTC)
    assert expiration_for(CertificateTemplate(), issued) is None
    assert expiration_for(CertificateTemplate(expiration_days=30), issued) == issued + timedelta(days=30)
    assert expiration_for(CertificateTemplate(expiration_months=1), issued) == datetime(2026, 2, 28, tzinfo=UTC)
    fixed = datetime(2027, 1, 1, tzinfo=UTC)
    assert expiration_for(CertificateTemplate(expiration_date=fixed, expiration_days=5), issued) == fixed

    t = CertificateTemplate(expiration_days=365, recertification_after_days=300, reset_days_before_expiry=30)
    assert recertification_for(t, issued, issued + timedelta(days=365)) == issued + timedelta(days=300)
    t = CertificateTemplate(expiration_days=365, reset_days_before_expiry=30)
    assert recertification_for(t, issued, issued + timedelta(days=365)) == issued + timedelta(days=335)
    assert recertification_for(CertificateTemplate(), issued, None) is None


async def _template(session, template_id):
    return await session.get(CertificateTemplate, template_id)


async def _jane_python(db, w):
    async with db() as s:
        return list((await s.scalars(select(Certificate).where(
            Certificate.user_id == w.jane, Certificate.template_id == w.py_t).order_by(Certificate.issued_at))).all())


async def _enrollment(db, w):
    async with db() as s:
        return await s.scalar(select(Enrollment).where(Enrollment.user_id == w.jane, Enrollment.content_id == w.python))


async def test_reset_without_expire_resets_progress_and_keeps_the_certificate_valid(db, w):
    assert (await _enrollment(db, w)).status == COMPLETED
    async with db() as s:
        result = await reset_certificates(s, template=await _template(s, w.py_t), user_ids=[w.jane])
        await s.commit()
    assert [u.id for u, _ in result.reset] == [w.jane] and result.not_holding == [] and result.notified == 0
    enrollment = await _enrollment(db, w)
    assert (enrollment.status, enrollment.progress, enrollment.completed_at) == (NOT_STARTED, 0, None)
    rows = await _jane_python(db, w)
    held = [c for c in rows if c.deleted_at is None]
    assert len(held) == 1 and held[0].progress_was_reset is True
    assert lifecycle_status(held[0]) == ACTIVE


async def test_reset_with_expire_revokes_and_keeps_history(db, w):
    before = await _jane_python(db, w)
    async with db() as s:
        result = await reset_certificates(s, template=await _template(s, w.py_t), user_ids=[w.jane], expire=True, now=NOW)
        await s.commit()
    after = await _jane_python(db, w)
    assert [c.id for c in after] == [c.id for c in before]  # nothing deleted
    [current] = [c for c in after if c.deleted_at is None]
    assert current.revoked_at == NOW and current.progress_was_reset
    assert lifecycle_status(current, NOW) == REVOKED
    # the deleted old certificate is untouched
    [deleted] = [c for c in after if c.deleted_at is not None]
    assert deleted.revoked_at is None
    assert [c.id for c in result.reset[0][1]] == [current.id]


async def test_expire_pulls_a_future_expiry_to_now_but_keeps_a_past_one(db, w):
    async with db() as s:
        expired = await s.get(Certificate, w.expired.id)
        past = expired.expiration_date
        now = datetime.now(UTC)
        await reset_certificates(s, template=await _template(s, w.sa_t), user_ids=[w.jane], expire=True,
                                 now=now)
        active = await s.get(Certificate, w.active.id)
        await reset_certificates(s, template=await _template(s, w.py_t), user_ids=[w.jane], expire=True, now=now)
        await s.commit()
    assert expired.expiration_date == past and expired.revoked_at == now
    assert active.expiration_date == now


async def test_reset_of_every_holder_and_notify(db, w):
    async with db() as s:
        template = await _template(s, w.sa_t)
        result = await reset_certificates(s, template=template, expire=True, notify=True)
        await s.commit()
    assert len(result.reset) == 1 + len(HOLDERS)  # jane + the other holders
    assert result.notified == 1 + len(HOLDERS)
    async with db() as s:
        messages = (await s.scalars(select(OutboxMessage))).all()
        left = (await s.scalars(select(Certificate).where(
            Certificate.template_id == w.sa_t, Certificate.revoked_at.is_(None)))).all()
    assert {m.kind for m in messages} == {"certificate_revoked"}
    assert JANE_EMAIL in {m.to_address for m in messages}
    assert left == []


async def test_reset_reports_users_without_the_certificate_and_notify_needs_expire(db, w):
    stranger = w.ada
    async with db() as s:
        result = await reset_certificates(s, template=await _template(s, w.py_t), user_ids=[stranger, w.jane], notify=True)
        await s.commit()
        assert (await s.scalar(select(OutboxMessage.id))) is None
    assert result.not_holding == [stranger]
    assert [u.id for u, _ in result.reset] == [w.jane]
    assert result.notified == 0


async def test_verify_certificate_service(db, w):
    async with db() as s:
        valid = await verify_certificate(s, identifier=w.active.identifier)
        expired = await verify_certificate(s, identifier=w.expired.identifier)
        with pytest.raises(AppError) as err:
            await verify_certificate(s, identifier=w.deleted.identifier)  # deleted
    assert (valid.status, valid.validity_status, valid.holder_name) == (ACTIVE, VALID, "Jane Doe")
    assert valid.title == "Introduction to Python Certificate"
    assert (expired.status, expired.validity_status) == (EXPIRED, INVALID)
    assert err.value.code == ErrorCode.NOT_FOUND
