"""GET /verify/certificates/{identifier}: public verification of valid, expired and revoked certificates."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from tests.factories.catalog import build, company, course, id_of
from tests.factories.certificates import deleted_certificate, issued_certificate, published_template, revoke
from tests.factories.people import learner
from tests.rest.helpers import bearer, error_of

JANE_EMAIL = "jane@example.com"
FIELDS = {"identifier", "title", "holder_name", "issuer", "status", "validity_status", "verification_status",
          "issued_at", "expires_at", "revoked_at"}


@pytest.fixture
async def w(db):
    """Acme Learning Co.'s learner Jane Doe holds a Python certificate (valid 365 days; an older one was
    deleted), a Leadership one that never expires and an expired Security one; Ada Admin holds none."""
    await build(db, company=company("acme", name="Acme Learning Co."),
                courses=[course("python"), course("leadership"), course("security")],
                certificate_templates=[
                    published_template("Introduction to Python Certificate", "python"),
                    published_template("Leadership Certificate", "leadership", validity_days=None),
                    published_template("Security Certificate", "security", validity_days=180)])
    ids = {slug: await id_of(db, "content", slug) for slug in ("python", "leadership", "security")}
    w = SimpleNamespace(py_t=await id_of(db, "certificateTemplate", "Introduction to Python Certificate"))
    w.jane = await learner(db, JANE_EMAIL, first_name="Jane", last_name="Doe", password=None)
    w.ada = await learner(db, "ada@example.com", first_name="Ada", last_name="Admin", password=None)
    w.deleted = (await deleted_certificate(db, w.jane, ids["python"], days_ago=700)).identifier
    w.python_cert = await issued_certificate(db, w.jane, ids["python"], days_ago=280)
    w.python = w.python_cert.identifier
    w.leadership = (await issued_certificate(db, w.jane, ids["leadership"], days_ago=100)).identifier
    w.security = (await issued_certificate(db, w.jane, ids["security"], days_ago=400)).identifier
    return w


async def verify(http, identifier: str, **kw):
    return await http.get(f"/verify/certificates/{identifier}", **kw)


async def test_a_valid_certificate_without_api_key(http, w):
    response = await verify(http, w.python)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    data = response.json()["data"]
    assert set(data) == FIELDS
    assert data["identifier"] == w.python
    assert (data["status"], data["validity_status"]) == ("active", "valid")
    assert data["title"] == "Introduction to Python Certificate" and data["holder_name"] == "Jane Doe"
    issued, expires = datetime.fromisoformat(data["issued_at"]), datetime.fromisoformat(data["expires_at"])
    assert expires - issued == timedelta(days=365) and data["revoked_at"] is None
    # no personal data beyond name, title and dates
    text = response.text
    assert JANE_EMAIL not in text and w.jane not in text and w.python_cert.id not in text


async def test_a_never_expiring_certificate(http, w):
    data = (await verify(http, w.leadership)).json()["data"]
    assert (data["status"], data["validity_status"], data["expires_at"]) == ("active", "valid", None)


async def test_an_expired_certificate(http, w):
    data = (await verify(http, w.security)).json()["data"]
    assert (data["status"], data["validity_status"]) == ("expired", "invalid")
    assert datetime.fromisoformat(data["expires_at"]) < datetime.now(UTC)


async def test_a_revoked_certificate(http, w):
    response = await http.post(f"/incoming/v2/certificate-templates/{w.py_t}/reset",
                               json={"user_ids": [w.jane], "expire": True}, headers=bearer())
    assert response.status_code == 200
    data = (await verify(http, w.python)).json()["data"]
    assert (data["status"], data["validity_status"]) == ("revoked", "invalid")
    assert data["revoked_at"] is not None and data["revoked_at"] == data["expires_at"]


async def test_a_newly_assigned_certificate_verifies(http, w):
    response = await http.post("/incoming/v2/certificate-templates/assign", headers=bearer(), json={
        "assignments": [{"certificate_template_id": w.py_t, "users": [{"user_id": w.ada}]}]})
    identifier = response.json()["data"]["issued"][0]["certificate"]["identifier"]
    data = (await verify(http, identifier)).json()["data"]
    assert (data["holder_name"], data["validity_status"]) == ("Ada Admin", "valid")


async def test_unknown_and_deleted_identifiers_are_404(http, w):
    for identifier in ("CERT-NOPE0000", w.deleted):  # the second is a deleted certificate
        response = await verify(http, identifier)
        assert response.status_code == 404 and response.headers["content-type"].startswith("application/json")
        assert error_of(response)["code"] == "NOT_FOUND"
    response = await verify(http, "X" * 101)
    assert response.status_code == 400 and error_of(response)["field"] == "identifier"


async def test_an_api_key_is_not_needed_but_a_wrong_one_is_ignored(http, w):
    response = await verify(http, w.python, headers={"Authorization": "Bearer wrong"})
    assert response.status_code == 200


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


async def test_a_browser_gets_the_html_page(http, w):
    response = await verify(http, w.python, headers={"accept": BROWSER_ACCEPT})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert response.headers["vary"] == "Accept" and "script-src" not in response.headers["content-security-policy"]
    page = response.text
    for shown in ("Jane Doe", "Introduction to Python Certificate", "Acme", w.python, "Valid"):
        assert shown in page
    assert "<script" not in page and JANE_EMAIL not in page and w.jane not in page
    assert f'href="/verify/certificates/{w.python}/credential"' in page  # the signed credential


async def test_content_negotiation():
    from app.rest.verification import wants_html

    assert wants_html(BROWSER_ACCEPT)
    assert not wants_html(None) and not wants_html("*/*") and not wants_html("application/json")
    assert not wants_html("application/json, text/html;q=0.5")
    assert wants_html("application/json;q=0.4, text/html")


async def test_api_clients_get_json_with_the_issuer(http, w):
    response = await verify(http, w.python, headers={"accept": "application/json"})
    assert response.headers["content-type"] == "application/json" and response.headers["vary"] == "Accept"
    assert response.json()["data"]["issuer"] == (await verify(http, w.python)).json()["data"]["issuer"]
    assert response.json()["data"]["issuer"]


async def test_the_html_page_for_expired_revoked_and_unknown(http, db, w):
    expired = await verify(http, w.security, headers={"accept": BROWSER_ACCEPT})
    assert "Expired" in expired.text and "has expired" in expired.text
    await revoke(db, w.py_t, w.jane)
    revoked = await verify(http, w.python, headers={"accept": BROWSER_ACCEPT})
    assert "Revoked" in revoked.text and "was revoked" in revoked.text
    missing = await verify(http, "CERT-NOSUCH99", headers={"accept": BROWSER_ACCEPT})
    assert missing.status_code == 404 and "Certificate not found" in missing.text
    assert (await verify(http, "CERT-NOSUCH99")).json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
