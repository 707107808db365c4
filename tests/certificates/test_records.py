"""Verification status at issuance, and record dates (app/certificates/records.py)."""
from __future__ import annotations

from datetime import UTC, date, datetime

from app.certificates.issuing import issue_certificate
from app.certificates.models import Certificate
from app.certificates.records import delete_record, expires_on, issued_on
from app.certificates.uploads import create_uploaded_certificate
from tests.factories.catalog import build, course, id_of
from tests.factories.certificates import issued_certificate
from tests.factories.users import learners


async def test_platform_and_api_issuance_are_verified_by_their_source(db):
    await build(db, courses=[course("python")])
    python = await id_of(db, "content", "python")
    [jane] = await learners(db, "jane@example.com")
    async with db() as s:
        issued = await issue_certificate(s, user_id=jane, resource_type="course", resource_id=python)
        await s.commit()
    assert (issued.verification_status, issued.verification_method) == ("verified", "api")
    assert issued.last_verified_at is not None
    platform = await issued_certificate(db, jane, python, source="platform")
    async with db() as s:
        stored = await s.get(Certificate, platform.id)
    assert (stored.verification_status, stored.verification_method) == ("verified", "platform")
    assert stored.last_verified_at is not None


async def test_uploads_start_self_reported_and_unverified(db):
    [jane] = await learners(db, "jane@example.com")
    async with db() as s:
        uploaded = await create_uploaded_certificate(s, user_id=jane, asset="https://example.com/cert.png")
        await s.commit()
    assert (uploaded.source, uploaded.verification_status, uploaded.is_external) == ("self-reported", "unverified",
                                                                                     True)
    assert uploaded.verification_method is None and uploaded.last_verified_at is None


def test_expires_on_is_the_last_valid_day():
    certificate = Certificate(issued_at=datetime(2026, 1, 31, tzinfo=UTC),
                              expiration_date=datetime(2027, 1, 31, tzinfo=UTC))
    assert (issued_on(certificate), expires_on(certificate)) == (date(2026, 1, 31), date(2027, 1, 30))
    certificate.expiration_date = datetime(2027, 1, 31, 10, tzinfo=UTC)
    assert expires_on(certificate) == date(2027, 1, 31)
    certificate.expiration_date = None
    assert expires_on(certificate) is None


async def test_a_record_is_deleted_at_the_time_given(db):
    await build(db, courses=[course("python")])
    [jane] = await learners(db, "jane.doe@example.com")
    issued = await issued_certificate(db, jane, await id_of(db, "content", "python"))
    when = datetime(2025, 8, 5, 12, tzinfo=UTC)
    async with db() as s:
        await delete_record(s, record_id=issued.id, now=when)
        await s.commit()
    async with db() as s:
        stored = await s.get(Certificate, issued.id)
    assert (stored.deleted_at, stored.updated_at) == (when, when)
