"""issue_certificate: template lookup, validity, identifiers, errors."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.certificates.issuing import add_months, issue_certificate
from app.certificates.models import Certificate, CertificateTemplate
from app.demo import demo_id
from app.errors import AppError

JANE = demo_id("user", "jane.doe@example.com")
PYTHON = demo_id("content", "intro-to-python")
LEADERSHIP = demo_id("content", "foundations-of-leadership")
PATH = demo_id("content", "leadership-path")


def test_add_months_clamps_the_day():
    assert add_months(datetime(2024, 1, 31), 1) == datetime(2024, 2, 29)
    assert add_months(datetime(2024, 11, 15), 3) == datetime(2025, 2, 15)


async def test_issue_uses_template_validity_and_identifier_field(db, demo):
    issued = datetime(2024, 3, 1, 12, tzinfo=UTC)
    async with db() as s:
        cert = await issue_certificate(s, user_id=JANE, resource_type="course", resource_id=PYTHON, issued_at=issued)
        await s.commit()
    assert cert.template_id == demo_id("template", "intro-to-python")
    assert cert.expiration_date == issued + timedelta(days=365)
    assert cert.recertification_date == issued + timedelta(days=335)
    assert cert.source == "api" and cert.identifier.startswith("CERT-") and len(cert.identifier) == 13
    async with db() as s:
        stored = await s.get(Certificate, cert.id)
        assert stored.issued_at == issued and stored.resource_id == PYTHON


async def test_explicit_dates_win_and_months_validity(db, demo):
    async with db() as s:
        template = await s.get(CertificateTemplate, demo_id("template", "foundations-of-leadership"))
        template.expiration_months = 6
        await s.commit()
    issued = datetime(2024, 8, 31, tzinfo=UTC)
    async with db() as s:
        derived = await issue_certificate(s, user_id=JANE, resource_type="course", resource_id=LEADERSHIP,
                                          issued_at=issued)
        explicit = await issue_certificate(s, user_id=JANE, resource_type="course", resource_id=LEADERSHIP,
                                           issued_at=issued, expiration_date=datetime(2030, 1, 1))
        await s.commit()
    assert derived.expiration_date == datetime(2025, 2, 28, tzinfo=UTC)
    assert explicit.expiration_date == datetime(2030, 1, 1, tzinfo=UTC)
    assert derived.identifier != explicit.identifier


async def test_unpublished_or_deleted_template_is_not_used(db, demo):
    async with db() as s:
        template = await s.get(CertificateTemplate, demo_id("template", "leadership-path"))
        template.deleted_at = datetime.now(UTC)
        await s.commit()
    async with db() as s:
        cert = await issue_certificate(s, user_id=JANE, resource_type="learningPath", resource_id=PATH)
        await s.commit()
    assert cert.template_id is None and cert.expiration_date is None


@pytest.mark.parametrize("kwargs, code, field", [
    ({"user_id": demo_id("user", "nobody"), "resource_type": "course", "resource_id": PYTHON}, "NOT_FOUND", "userId"),
    ({"user_id": JANE, "resource_type": "course", "resource_id": demo_id("content", "nope")}, "NOT_FOUND", "resourceId"),
    ({"user_id": JANE, "resource_type": "learningPath", "resource_id": PYTHON}, "NOT_FOUND", "resourceId"),
    ({"user_id": JANE, "resource_type": "bundle", "resource_id": PYTHON}, "BAD_USER_INPUT", "resourceType"),
    ({"user_id": JANE, "resource_type": "course", "resource_id": PYTHON,
      "issued_at": datetime(2024, 1, 2), "expiration_date": datetime(2024, 1, 1)}, "BAD_USER_INPUT", "expirationDate"),
])
async def test_errors_leave_nothing_behind(db, demo, kwargs, code, field):
    async with db() as s:
        before = len((await s.scalars(select(Certificate.id))).all())
        with pytest.raises(AppError) as err:
            await issue_certificate(s, **kwargs)
        await s.rollback()
        assert len((await s.scalars(select(Certificate.id))).all()) == before
    assert err.value.code.value == code and err.value.field == field
