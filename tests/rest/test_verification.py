"""GET /verify/certificates/{identifier}: public verification of valid, expired and revoked certificates."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.demo import JANE_EMAIL, demo_id
from tests.rest.helpers import bearer, error_of

PY_TEMPLATE = demo_id("template", "intro-to-python")
JANE = demo_id("user", JANE_EMAIL)
FIELDS = {"identifier", "title", "holder_name", "issuer", "status", "validity_status", "verification_status",
          "issued_at", "expires_at", "revoked_at"}


async def verify(http, identifier: str, **kw):
    return await http.get(f"/verify/certificates/{identifier}", **kw)


async def test_a_valid_certificate_without_api_key(http, demo):
    response = await verify(http, "CERT-PY280001")
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    data = response.json()["data"]
    assert set(data) == FIELDS
    assert data["identifier"] == "CERT-PY280001"
    assert (data["status"], data["validity_status"]) == ("active", "valid")
    assert data["title"] == "Introduction to Python Certificate" and data["holder_name"] == "Jane Doe"
    issued, expires = datetime.fromisoformat(data["issued_at"]), datetime.fromisoformat(data["expires_at"])
    assert expires - issued == timedelta(days=365) and data["revoked_at"] is None
    # no personal data beyond name, title and dates
    text = response.text
    assert JANE_EMAIL not in text and JANE not in text and demo_id("certificate", f"{JANE_EMAIL}:intro-to-python:280") not in text


async def test_a_never_expiring_certificate(http, demo):
    data = (await verify(http, "CERT-LD100001")).json()["data"]
    assert (data["status"], data["validity_status"], data["expires_at"]) == ("active", "valid", None)


async def test_an_expired_certificate(http, demo):
    data = (await verify(http, "CERT-SA400001")).json()["data"]
    assert (data["status"], data["validity_status"]) == ("expired", "invalid")
    assert datetime.fromisoformat(data["expires_at"]) < datetime.now(UTC)


async def test_a_revoked_certificate(http, demo):
    response = await http.post(f"/incoming/v2/certificate-templates/{PY_TEMPLATE}/reset",
                               json={"user_ids": [JANE], "expire": True}, headers=bearer())
    assert response.status_code == 200
    data = (await verify(http, "CERT-PY280001")).json()["data"]
    assert (data["status"], data["validity_status"]) == ("revoked", "invalid")
    assert data["revoked_at"] is not None and data["revoked_at"] == data["expires_at"]


async def test_a_newly_assigned_certificate_verifies(http, demo):
    admin = demo_id("user", "admin@example.com")
    response = await http.post("/incoming/v2/certificate-templates/assign", headers=bearer(), json={
        "assignments": [{"certificate_template_id": PY_TEMPLATE, "users": [{"user_id": admin}]}]})
    identifier = response.json()["data"]["issued"][0]["certificate"]["identifier"]
    data = (await verify(http, identifier)).json()["data"]
    assert (data["holder_name"], data["validity_status"]) == ("Ada Admin", "valid")


async def test_unknown_and_deleted_identifiers_are_404(http, demo):
    for identifier in ("CERT-NOPE0000", "CERT-PY700001"):  # the second is a deleted certificate
        response = await verify(http, identifier)
        assert response.status_code == 404 and response.headers["content-type"].startswith("application/json")
        assert error_of(response)["code"] == "NOT_FOUND"
    response = await verify(http, "X" * 101)
    assert response.status_code == 400 and error_of(response)["field"] == "identifier"


async def test_an_api_key_is_not_needed_but_a_wrong_one_is_ignored(http, demo):
    response = await verify(http, "CERT-PY280001", headers={"Authorization": "Bearer wrong"})
    assert response.status_code == 200


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


async def test_a_browser_gets_the_html_page(http, demo):
    response = await verify(http, "CERT-PY280001", headers={"accept": BROWSER_ACCEPT})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert response.headers["vary"] == "Accept" and "script-src" not in response.headers["content-security-policy"]
    page = response.text
    for shown in ("Jane Doe", "Introduction to Python Certificate", "Acme", "CERT-PY280001", "Valid"):
        assert shown in page
    assert "<script" not in page and JANE_EMAIL not in page and JANE not in page
    assert 'href="/verify/certificates/CERT-PY280001/credential"' in page  # the signed credential


async def test_content_negotiation():
    from app.rest.verification import wants_html

    assert wants_html(BROWSER_ACCEPT)
    assert not wants_html(None) and not wants_html("*/*") and not wants_html("application/json")
    assert not wants_html("application/json, text/html;q=0.5")
    assert wants_html("application/json;q=0.4, text/html")


async def test_api_clients_get_json_with_the_issuer(http, demo):
    response = await verify(http, "CERT-PY280001", headers={"accept": "application/json"})
    assert response.headers["content-type"] == "application/json" and response.headers["vary"] == "Accept"
    assert response.json()["data"]["issuer"] == (await verify(http, "CERT-PY280001")).json()["data"]["issuer"]
    assert response.json()["data"]["issuer"]


async def test_the_html_page_for_expired_revoked_and_unknown(http, demo):
    expired = await verify(http, "CERT-SA400001", headers={"accept": BROWSER_ACCEPT})
    assert "Expired" in expired.text and "has expired" in expired.text
    await http.post(f"/incoming/v2/certificate-templates/{PY_TEMPLATE}/reset",
                    json={"user_ids": [JANE], "expire": True}, headers=bearer())
    revoked = await verify(http, "CERT-PY280001", headers={"accept": BROWSER_ACCEPT})
    assert "Revoked" in revoked.text and "was revoked" in revoked.text
    missing = await verify(http, "CERT-NOSUCH99", headers={"accept": BROWSER_ACCEPT})
    assert missing.status_code == 404 and "Certificate not found" in missing.text
    assert (await verify(http, "CERT-NOSUCH99")).json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
