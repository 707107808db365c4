"""Credentials over HTTP: JWKS, issuer profile, status list, public and admin downloads, GraphQL
Certificate.credential, and POST /credentials/verify."""
from __future__ import annotations

import asyncio
import io
from types import SimpleNamespace

import jwt as pyjwt
import pytest
from pypdf import PdfReader

from app.credentials.status_list import bit_is_set
from tests.certificates.rendering.conftest import asset_dir, settings  # noqa: F401 - fixtures (PUBLIC_BASE_URL)
from tests.factories.catalog import build, certificate_field, course, id_of
from tests.factories.certificates import deleted_certificate, issued_certificate, published_template
from tests.factories.users import learners, logged_in
from tests.rest.helpers import bearer, error_of

BASE = "https://learn.example.com"
JANE_EMAIL = "jane@example.com"


@pytest.fixture
async def w(db):
    """Jane holds a Python certificate (an older one was deleted); Ada holds none."""
    await build(db, courses=[course("python")],
                certificate_fields=[certificate_field("Course Title", "courseLabel")],
                certificate_templates=[published_template("Python Certificate", "python")])
    python = await id_of(db, "content", "python")
    w = SimpleNamespace(py_t=await id_of(db, "certificateTemplate", "Python Certificate"))
    w.jane, w.ada = await learners(db, JANE_EMAIL, "ada@example.com")
    w.deleted = await deleted_certificate(db, w.jane, python, days_ago=700)
    w.cert = await issued_certificate(db, w.jane, python, days_ago=280)
    w.id, w.identifier = w.cert.id, w.cert.identifier
    return w


async def verified(http, token: str) -> dict:
    keyset = pyjwt.PyJWKSet.from_dict((await http.get("/.well-known/jwks.json")).json())
    return pyjwt.decode(token, keyset[pyjwt.get_unverified_header(token)["kid"]].key, algorithms=["EdDSA"])


async def test_public_download_verifies_against_the_published_jwks(http, w):
    response = await http.get(f"/verify/certificates/{w.identifier}/credential")
    assert response.status_code == 200 and response.headers["content-type"] == "application/vc+jwt"
    assert "attachment" in response.headers["content-disposition"]
    claims = await verified(http, response.text)
    assert claims["id"] == f"urn:uuid:{w.id}" and claims["issuer"]["id"] == f"{BASE}/credentials/issuer"
    assert (await http.get("/verify/certificates/CERT-NOSUCH99/credential")).status_code == 404
    assert (await http.get(f"/verify/certificates/{w.deleted.identifier}/credential")).status_code == 404  # deleted


async def test_issuer_profile_and_jwks_are_public(http, w):
    await http.get(f"/verify/certificates/{w.identifier}/credential")  # the first credential makes the key
    jwks = (await http.get("/.well-known/jwks.json")).json()
    assert [k["kty"] for k in jwks["keys"]] == ["OKP"] and jwks["keys"][0]["crv"] == "Ed25519"
    assert all("d" not in k for k in jwks["keys"])
    profile = (await http.get("/credentials/issuer")).json()
    assert profile["id"] == f"{BASE}/credentials/issuer" and profile["type"] == ["Profile"] and profile["name"]
    assert profile["publicKey"] == f"{BASE}/.well-known/jwks.json"


async def test_admin_download_needs_the_scope(http, w, make_key):
    path = f"/incoming/v2/users/{w.jane}/certificates/{w.id}/credential"
    response = await http.get(path, headers=bearer())
    assert response.status_code == 200
    assert (await verified(http, response.json()["data"]["credential"]))["jti"] == f"urn:uuid:{w.id}"
    assert (await http.get(path)).status_code == 401
    assert (await http.get(path, headers=bearer(await make_key(["users:read"])))).status_code == 403
    assert (await http.get(path, headers=bearer(await make_key(["certificates:read"])))).status_code == 200
    wrong = await http.get(f"/incoming/v2/users/{w.ada}/certificates/{w.id}/credential", headers=bearer())
    assert wrong.status_code == 404
    bad = await http.get(f"/incoming/v2/users/{w.jane}/certificates/nope/credential", headers=bearer())
    assert bad.status_code == 400 and error_of(bad)["field"] == "certificateId"


async def test_graphql_certificate_credential(gql, db, w, http):
    jane_token = await logged_in(db, gql, w.jane, JANE_EMAIL)
    data = await gql.data("{ UserCertificates { identifier credential } }", token=jane_token)
    python = next(c for c in data["UserCertificates"] if c["identifier"] == w.identifier)
    assert (await verified(http, python["credential"]))["jti"] == f"urn:uuid:{w.id}"


async def test_revoke_is_seen_by_a_verifier(http, w):
    token = (await http.get(f"/verify/certificates/{w.identifier}/credential")).text
    entry = (await verified(http, token))["credentialStatus"]
    list_path = entry["statusListCredential"].removeprefix(BASE)

    async def revoked_bit() -> bool:
        status = await verified(http, (await http.get(list_path)).text)
        return bit_is_set(status["credentialSubject"]["encodedList"], int(entry["statusListIndex"]))

    assert await revoked_bit() is False
    check = await http.post("/credentials/verify", content=token, headers={"content-type": "application/vc+jwt"})
    assert check.json()["data"] == {"verified": True, "status": "active", "errors": []}

    response = await http.post(f"/incoming/v2/certificate-templates/{w.py_t}/reset",
                               json={"user_ids": [w.jane], "expire": True}, headers=bearer())
    assert response.status_code == 200
    assert await revoked_bit() is True
    check = await http.post("/credentials/verify", json={"credential": token})
    assert check.json()["data"]["verified"] is False and check.json()["data"]["status"] == "revoked"


async def test_verify_rejects_garbage(http):
    response = await http.post("/credentials/verify", content=b"not a jwt")
    assert response.status_code == 400 and error_of(response)["field"] == "credential"
    response = await http.post("/credentials/verify", content=b"a.b.c")
    assert response.status_code == 200 and response.json()["data"]["verified"] is False


async def test_a_mutation_payload_can_select_the_credential(gql, db, w, http):
    """The credential's own write transaction starts after the mutation's has ended (no self-deadlock)."""
    jane_token = await logged_in(db, gql, w.jane, JANE_EMAIL)
    mutation = """mutation($asset: URL!, $fields: [CertificateUploadField!]) {
      CreateCertificateFromUpload(asset: $asset, certificateUploadFields: $fields) { identifier credential } }"""
    fields = [{"certificateFieldId": await id_of(db, "certificateField", "Course Title"), "type": "courseLabel", "value": "Kubernetes Admin"}]
    created = (await asyncio.wait_for(gql.data(mutation, {"asset": "https://assets.example.com/cka.png", "fields": fields},
                                               token=jane_token), 30))["CreateCertificateFromUpload"]
    claims = await verified(http, created["credential"])
    assert claims["name"] == "Kubernetes Admin"
    pdf = await http.get(f"/certificates/{created['identifier']}.pdf")
    assert "Kubernetes Admin" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
