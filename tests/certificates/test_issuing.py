"""issue_certificate: template lookup, validity, identifiers, errors."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.certificates.issuing import add_months, issue_certificate
from app.certificates.models import Certificate
from app.certificates.templates import delete_template
from app.errors import AppError
from tests.factories.catalog import build, course, id_of, learning_path
from tests.factories.certificates import identifier_field, published_template
from tests.factories.users import learners


@pytest.fixture
async def w(db):
    """Templates: Python (365 days), Leadership (6 months) and the leadership path's; Jane, a learner."""
    await build(db, courses=[course("python"), course("leadership")],
                learning_paths=[learning_path("leadership-path", ["leadership"])],
                certificate_fields=[identifier_field()],
                certificate_templates=[
                    published_template("Python Certificate", "python"),
                    published_template("Leadership Certificate", "leadership", validity_days=None, expirationMonths=6),
                    published_template("Path Certificate", "leadership-path", resourceType="learningPath")])
    w = SimpleNamespace(**{key: await id_of(db, "content", slug) for key, slug in (
        ("python", "python"), ("leadership", "leadership"), ("path", "leadership-path"))})
    [w.jane] = await learners(db, "jane@example.com")
    return w


def test_add_months_clamps_the_day():
    assert add_months(datetime(2024, 1, 31), 1) == datetime(2024, 2, 29)
    assert add_months(datetime(2024, 11, 15), 3) == datetime(2025, 2, 15)


async def test_issue_uses_template_validity_and_identifier_field(db, w):
    issued = datetime(2024, 3, 1, 12, tzinfo=UTC)
    async with db() as s:
        cert = await issue_certificate(s, user_id=w.jane, resource_type="course", resource_id=w.python,
                                       issued_at=issued)
        await s.commit()
    assert cert.template_id == await id_of(db, "certificateTemplate", "Python Certificate")
    assert cert.expiration_date == issued + timedelta(days=365)
    assert cert.recertification_date == issued + timedelta(days=335)
    assert cert.source == "api" and cert.identifier.startswith("CERT-") and len(cert.identifier) == 13
    async with db() as s:
        stored = await s.get(Certificate, cert.id)
        assert stored.issued_at == issued and stored.resource_id == w.python


async def test_explicit_dates_win_and_months_validity(db, w):
    issued = datetime(2024, 8, 31, tzinfo=UTC)
    async with db() as s:
        derived = await issue_certificate(s, user_id=w.jane, resource_type="course", resource_id=w.leadership,
                                          issued_at=issued)
        explicit = await issue_certificate(s, user_id=w.jane, resource_type="course", resource_id=w.leadership,
                                           issued_at=issued, expiration_date=datetime(2030, 1, 1))
        await s.commit()
    assert derived.expiration_date == datetime(2025, 2, 28, tzinfo=UTC)
    assert explicit.expiration_date == datetime(2030, 1, 1, tzinfo=UTC)
    assert derived.identifier != explicit.identifier


async def test_unpublished_or_deleted_template_is_not_used(db, w):
    async with db() as s:
        await delete_template(s, template_id=await id_of(db, "certificateTemplate", "Path Certificate"))
        await s.commit()
    async with db() as s:
        cert = await issue_certificate(s, user_id=w.jane, resource_type="learningPath", resource_id=w.path)
        await s.commit()
    assert cert.template_id is None and cert.expiration_date is None


NOBODY = str(uuid.uuid4())


# "JANE" and "PYTHON" stand for the fixture's learner and course.
@pytest.mark.parametrize("kwargs, code, field", [
    ({"user_id": NOBODY, "resource_type": "course", "resource_id": "PYTHON"}, "NOT_FOUND", "userId"),
    ({"user_id": "JANE", "resource_type": "course", "resource_id": NOBODY}, "NOT_FOUND", "resourceId"),
    ({"user_id": "JANE", "resource_type": "learningPath", "resource_id": "PYTHON"}, "NOT_FOUND", "resourceId"),
    ({"user_id": "JANE", "resource_type": "bundle", "resource_id": "PYTHON"}, "BAD_USER_INPUT", "resourceType"),
    ({"user_id": "JANE", "resource_type": "course", "resource_id": "PYTHON",
      "issued_at": datetime(2024, 1, 2), "expiration_date": datetime(2024, 1, 1)}, "BAD_USER_INPUT", "expirationDate"),
])
async def test_errors_leave_nothing_behind(db, w, kwargs, code, field):
    kwargs = {k: {"JANE": w.jane, "PYTHON": w.python}.get(v, v) if isinstance(v, str) else v
              for k, v in kwargs.items()}
    async with db() as s:
        before = len((await s.scalars(select(Certificate.id))).all())
        with pytest.raises(AppError) as err:
            await issue_certificate(s, **kwargs)
        await s.rollback()
        assert len((await s.scalars(select(Certificate.id))).all()) == before
    assert err.value.code.value == code and err.value.field == field


async def test_a_carried_over_certificate_keeps_its_identifier_and_id(db, w):
    certificate_id = str(uuid.uuid4())
    async with db() as s:
        cert = await issue_certificate(s, user_id=w.jane, resource_type="course", resource_id=w.python,
                                       identifier="CERT-OLD00001", certificate_id=certificate_id, source="import")
        await s.commit()
    async with db() as s:
        stored = await s.get(Certificate, certificate_id)
    assert (stored.identifier, stored.source, cert.id) == ("CERT-OLD00001", "import", certificate_id)


@pytest.mark.parametrize("identifier, code", [("CERT-OLD00001", "CONFLICT"), ("", "BAD_USER_INPUT"),
                                              ("CERT OLD", "BAD_USER_INPUT"), ("C" * 101, "BAD_USER_INPUT")])
async def test_given_identifiers_are_unique_and_plain(db, w, identifier, code):
    async with db() as s:
        await issue_certificate(s, user_id=w.jane, resource_type="course", resource_id=w.python,
                                identifier="CERT-OLD00001")
        await s.commit()
    async with db() as s:
        with pytest.raises(AppError) as err:
            await issue_certificate(s, user_id=w.jane, resource_type="course", resource_id=w.leadership,
                                    identifier=identifier)
    assert (err.value.code.value, err.value.field) == (code, "identifier")
