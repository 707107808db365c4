"""POST /incoming/v2/users/{id}/certify (seed 000)."""
from __future__ import annotations

import json
import uuid
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.certificates.models import Certificate
from tests.factories.catalog import build, certificate_field, course, id_of, learning_path
from tests.factories.certificates import identifier_field, published_template
from tests.factories.people import learner
from tests.rest.helpers import bearer, error_of

JANE_EMAIL = "jane@example.com"


@pytest.fixture
async def w(db):
    """Jane, a learner; the Python course's template (365 days, with a label) and a learning path's."""
    await build(db, courses=[course("python", title="Introduction to Python"), course("communication")],
                learning_paths=[learning_path("leadership-path", ["communication"])],
                certificate_fields=[certificate_field("Learner Name", "nameLabel"), identifier_field()],
                certificate_templates=[
                    published_template("Introduction to Python Certificate", "python",
                                       labels=[{"field": "Learner Name", "x": 396, "y": 180}]),
                    published_template("Leadership Path Certificate", "leadership-path", resourceType="learningPath",
                                       validity_days=730)])
    w = SimpleNamespace(python=await id_of(db, "content", "python"), path=await id_of(db, "content", "leadership-path"),
                        py_t=await id_of(db, "certificateTemplate", "Introduction to Python Certificate"),
                        path_t=await id_of(db, "certificateTemplate", "Leadership Path Certificate"))
    w.jane = await learner(db, JANE_EMAIL, password=None)
    w.url = f"/incoming/v2/users/{w.jane}/certify"
    return w


def body(**overrides) -> dict:
    """A request; "JANE", "PYTHON" and "PATH" stand for the fixture's ids (see `resolved`)."""
    return {"userId": "JANE", "resourceType": "course", "resourceId": "PYTHON", **overrides}


def resolved(w, payload):
    text = json.dumps(payload)
    for name, value in (("JANE", w.jane), ("PYTHON", w.python), ("PATH", w.path)):
        text = text.replace(f'"{name}"', f'"{value}"')
    return json.loads(text)


async def _count(db) -> int:
    async with db() as s:
        return await s.scalar(select(func.count()).select_from(Certificate))


async def test_certify_returns_the_certificate_with_template_and_user(http, db, w):
    response = await http.post(w.url, headers=bearer(), json=resolved(w, body(issuedAt="2025-01-02T03:04:05Z")))
    assert response.status_code == 200, response.text
    cert = response.json()["data"]["APICertifyUser"]
    template = cert["certificateTemplate"]
    assert template["id"] == w.py_t and template["resourceType"] == "course"
    assert {"title", "asset", "expirationDays", "recertificationAction", "labels", "isExpired"} <= set(template)
    assert template["labels"] and "certificateField" in template["labels"][0]
    assert cert["user"]["id"] == w.jane and cert["user"]["email"] == JANE_EMAIL
    assert "purchasedCourses" in cert["user"] and "activeLicense" in cert["user"]
    async with db() as s:
        row = await s.get(Certificate, cert["id"])
    assert row.user_id == w.jane and row.resource_id == w.python and row.source == "api"
    assert row.issued_at.isoformat() == "2025-01-02T03:04:05+00:00"
    assert row.expiration_date.isoformat() == "2026-01-02T03:04:05+00:00"  # the template's 365 days
    assert row.identifier.startswith("CERT-")


async def test_explicit_dates_and_learning_path(http, db, w):
    response = await http.post(w.url, headers=bearer(), json=resolved(w, body(
        resourceType="learningPath", resourceId="PATH", issuedAt="2025-03-01T00:00:00+02:00",
        expirationDate="2027-03-01", recertificationDate="2026-12-01T00:00:00Z", sendEmail=False)))
    assert response.status_code == 200, response.text
    cert_id = response.json()["data"]["APICertifyUser"]["id"]
    async with db() as s:
        row = await s.get(Certificate, cert_id)
    assert row.resource_type == "learningPath" and row.template_id == w.path_t
    assert row.issued_at.isoformat() == "2025-02-28T22:00:00+00:00"
    assert row.expiration_date.isoformat() == "2027-03-01T00:00:00+00:00"
    assert row.recertification_date.isoformat() == "2026-12-01T00:00:00+00:00"


async def test_send_email_puts_a_message_in_the_outbox(http, db, w):
    from app.notifications.models import OutboxMessage

    response = await http.post(w.url, headers=bearer(), json=resolved(w, body(sendEmail=True)))
    assert response.status_code == 200, response.text
    async with db() as s:
        messages = (await s.scalars(select(OutboxMessage))).all()
    assert len(messages) == 1 and messages[0].to_address == JANE_EMAIL
    assert "Introduction to Python" in messages[0].subject or "Python" in messages[0].body


@pytest.mark.parametrize("payload, field", [
    (body(userId=str(uuid.uuid4())), "userId"),                 # path and body disagree
    (body(userId="nope"), "userId"),
    (body(resourceId="nope"), "resourceId"),
    (body(resourceType="bundle"), "resourceType"),
    (body(resourceType=None), "resourceType"),
    ({"resourceType": "course", "resourceId": "PYTHON"}, "userId"),
    ({"userId": "JANE", "resourceType": "course"}, "resourceId"),
    (body(expirationDate="next tuesday"), "expirationDate"),
    (body(issuedAt="2025-13-01T00:00:00Z"), "issuedAt"),
    (body(issuedAt=20250101), "issuedAt"),
    (body(recertificationDate="0001-01-01T00:00:00Z"), "recertificationDate"),
    (body(sendEmail="yes"), "sendEmail"),
    (body(issuedAt="2025-01-02T00:00:00Z", expirationDate="2025-01-01T00:00:00Z"), "expirationDate"),
])
async def test_bad_input_is_400_with_the_field(http, db, w, payload, field):
    before = await _count(db)
    response = await http.post(w.url, headers=bearer(), json=resolved(w, payload))
    assert response.status_code == 400, response.text
    assert error_of(response) == {"code": "BAD_USER_INPUT", "field": field}
    assert await _count(db) == before


async def test_bad_path_id_and_malformed_json(http, w):
    response = await http.post("/incoming/v2/users/xyz/certify", headers=bearer(), json=resolved(w, body()))
    assert response.status_code == 400 and error_of(response)["field"] == "id"
    response = await http.post(w.url, headers={**bearer(), "content-type": "application/json"}, content=b"{nope")
    assert response.status_code == 400 and error_of(response)["code"] == "BAD_USER_INPUT"
    response = await http.post(w.url, headers=bearer(), json=[1, 2])
    assert response.status_code == 400
    response = await http.get(w.url, headers=bearer())
    assert response.status_code == 405 and response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("user, resource_type, resource, field", [
    (str(uuid.uuid4()), "course", "PYTHON", "userId"),
    ("JANE", "course", str(uuid.uuid4()), "resourceId"),
    ("JANE", "learningPath", "PYTHON", "resourceId"),   # a course is not a learning path
])
async def test_unknown_user_or_resource_is_404(http, db, w, user, resource_type, resource, field):
    user, resource = (resolved(w, value) for value in (user, resource))
    before = await _count(db)
    response = await http.post(f"/incoming/v2/users/{user}/certify", headers=bearer(),
                               json={"userId": user, "resourceType": resource_type, "resourceId": resource})
    assert response.status_code == 404
    assert error_of(response) == {"code": "NOT_FOUND", "field": field}
    assert await _count(db) == before


async def test_certify_needs_a_key_with_certificates_write(http, w, make_key):
    assert (await http.post(w.url, json=resolved(w, body()))).status_code == 401
    reader = await make_key(["users:read", "certificates:read"])
    response = await http.post(w.url, headers=bearer(reader), json=resolved(w, body()))
    assert response.status_code == 403 and error_of(response)["code"] == "FORBIDDEN"
    writer = await make_key(["certificates:write"])
    assert (await http.post(w.url, headers=bearer(writer), json=resolved(w, body()))).status_code == 200
