"""POST /incoming/v2/users/{id}/certify (seed 000)."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from app.certificates.models import Certificate
from app.demo import JANE_EMAIL, demo_id
from tests.rest.helpers import bearer, error_of

JANE = demo_id("user", JANE_EMAIL)
PYTHON = demo_id("content", "intro-to-python")
PATH = demo_id("content", "leadership-path")
URL = f"/incoming/v2/users/{JANE}/certify"


def body(**overrides) -> dict:
    return {"userId": JANE, "resourceType": "course", "resourceId": PYTHON, **overrides}


async def _count(db) -> int:
    async with db() as s:
        return await s.scalar(select(func.count()).select_from(Certificate))


async def test_certify_returns_the_certificate_with_template_and_user(http, db, demo):
    response = await http.post(URL, headers=bearer(), json=body(issuedAt="2025-01-02T03:04:05Z"))
    assert response.status_code == 200, response.text
    cert = response.json()["data"]["APICertifyUser"]
    template = cert["certificateTemplate"]
    assert template["id"] == demo_id("template", "intro-to-python") and template["resourceType"] == "course"
    assert {"title", "asset", "expirationDays", "recertificationAction", "labels", "isExpired"} <= set(template)
    assert template["labels"] and "certificateField" in template["labels"][0]
    assert cert["user"]["id"] == JANE and cert["user"]["email"] == JANE_EMAIL
    assert "purchasedCourses" in cert["user"] and "activeLicense" in cert["user"]
    async with db() as s:
        row = await s.get(Certificate, cert["id"])
    assert row.user_id == JANE and row.resource_id == PYTHON and row.source == "api"
    assert row.issued_at.isoformat() == "2025-01-02T03:04:05+00:00"
    assert row.expiration_date.isoformat() == "2026-01-02T03:04:05+00:00"  # the template's 365 days
    assert row.identifier.startswith("CERT-")


async def test_explicit_dates_and_learning_path(http, db, demo):
    response = await http.post(URL, headers=bearer(), json=body(
        resourceType="learningPath", resourceId=PATH, issuedAt="2025-03-01T00:00:00+02:00",
        expirationDate="2027-03-01", recertificationDate="2026-12-01T00:00:00Z", sendEmail=False))
    assert response.status_code == 200, response.text
    cert_id = response.json()["data"]["APICertifyUser"]["id"]
    async with db() as s:
        row = await s.get(Certificate, cert_id)
    assert row.resource_type == "learningPath" and row.template_id == demo_id("template", "leadership-path")
    assert row.issued_at.isoformat() == "2025-02-28T22:00:00+00:00"
    assert row.expiration_date.isoformat() == "2027-03-01T00:00:00+00:00"
    assert row.recertification_date.isoformat() == "2026-12-01T00:00:00+00:00"


async def test_send_email_puts_a_message_in_the_outbox(http, db, demo):
    from app.notifications.models import OutboxMessage

    response = await http.post(URL, headers=bearer(), json=body(sendEmail=True))
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
    ({"resourceType": "course", "resourceId": PYTHON}, "userId"),
    ({"userId": JANE, "resourceType": "course"}, "resourceId"),
    (body(expirationDate="next tuesday"), "expirationDate"),
    (body(issuedAt="2025-13-01T00:00:00Z"), "issuedAt"),
    (body(issuedAt=20250101), "issuedAt"),
    (body(recertificationDate="0001-01-01T00:00:00Z"), "recertificationDate"),
    (body(sendEmail="yes"), "sendEmail"),
    (body(issuedAt="2025-01-02T00:00:00Z", expirationDate="2025-01-01T00:00:00Z"), "expirationDate"),
])
async def test_bad_input_is_400_with_the_field(http, db, demo, payload, field):
    before = await _count(db)
    response = await http.post(URL, headers=bearer(), json=payload)
    assert response.status_code == 400, response.text
    assert error_of(response) == {"code": "BAD_USER_INPUT", "field": field}
    assert await _count(db) == before


async def test_bad_path_id_and_malformed_json(http, demo):
    response = await http.post("/incoming/v2/users/xyz/certify", headers=bearer(), json=body())
    assert response.status_code == 400 and error_of(response)["field"] == "id"
    response = await http.post(URL, headers={**bearer(), "content-type": "application/json"}, content=b"{nope")
    assert response.status_code == 400 and error_of(response)["code"] == "BAD_USER_INPUT"
    response = await http.post(URL, headers=bearer(), json=[1, 2])
    assert response.status_code == 400
    response = await http.get(URL, headers=bearer())
    assert response.status_code == 405 and response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("user, resource_type, resource, field", [
    (str(uuid.uuid4()), "course", PYTHON, "userId"),
    (JANE, "course", str(uuid.uuid4()), "resourceId"),
    (JANE, "learningPath", PYTHON, "resourceId"),   # a course is not a learning path
])
async def test_unknown_user_or_resource_is_404(http, db, demo, user, resource_type, resource, field):
    before = await _count(db)
    response = await http.post(f"/incoming/v2/users/{user}/certify", headers=bearer(),
                               json={"userId": user, "resourceType": resource_type, "resourceId": resource})
    assert response.status_code == 404
    assert error_of(response) == {"code": "NOT_FOUND", "field": field}
    assert await _count(db) == before


async def test_certify_needs_a_key_with_certificates_write(http, demo, make_key):
    assert (await http.post(URL, json=body())).status_code == 401
    reader = await make_key(["users:read", "certificates:read"])
    response = await http.post(URL, headers=bearer(reader), json=body())
    assert response.status_code == 403 and error_of(response)["code"] == "FORBIDDEN"
    writer = await make_key(["certificates:write"])
    assert (await http.post(URL, headers=bearer(writer), json=body())).status_code == 200
