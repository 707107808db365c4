"""REST certification records (seed 001): create/upsert, read, list, update, delete, verify/reject, batch,
scopes, and what a rejected record means elsewhere."""
from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from tests.factories.catalog import build, client, course, id_of
from tests.factories.certificates import identifier_field, issued_certificate, published_template
from tests.factories.people import PASSWORD, learner, with_password
from tests.factories.users import learners
from tests.rest.helpers import bearer, error_of

BASE = "/incoming/v2/certifications"
JANE_EMAIL = "jane@example.com"
SEED_FIELDS = {
    "id", "organization_id", "organization_member_id", "user_id", "external_id", "external_source",
    "certification_type_id", "lifecycle_status", "source", "issued_on", "expires_on", "issuer_name", "serial_number",
    "verification_status", "validity_status", "verification_method", "last_verified_at", "created_at", "updated_at",
    "certification_type",
}


@pytest.fixture
async def w(db):
    """Jane, a learner of the Acme Corp client, holds a certificate this platform issued from the Python
    template; Ada is another learner."""
    await build(db, courses=[course("python")], clients=[client("acme-corp")],
                certificate_fields=[identifier_field()],
                certificate_templates=[published_template("Introduction to Python Certificate", "python")])
    w = SimpleNamespace(python=await id_of(db, "content", "python"), acme=await id_of(db, "client", "acme-corp"),
                        py_t=await id_of(db, "certificateTemplate", "Introduction to Python Certificate"))
    w.jane = await learner(db, JANE_EMAIL, client_id=w.acme, password=None)
    [w.ada] = await learners(db, "ada@example.com")
    await issued_certificate(db, w.jane, w.python, days_ago=30, source="platform")
    return w


def seed_request(w, **kw) -> dict:
    """Seed 001's example request, with our ids."""
    return {"organization_member_id": w.jane, "external_id": "HR-1001", "external_source": "workday",
            "certification_type_id": w.py_t, "source": "manual", "issued_on": "2023-12-25",
            "expires_on": "2023-12-25", "issuer_name": "Red Cross", "serial_number": "RC-778", **kw}


def record(w, **kw) -> dict:
    return {"user_id": w.jane, "issuer_name": "Acme Safety Board", "issued_on": "2026-01-10", "title": "Forklift",
            **kw}


async def post(http, body: dict, *, status: int = 201, headers: dict | None = None) -> dict:
    response = await http.post(BASE, json=body, headers=headers or bearer())
    assert response.status_code == status, response.text
    return response.json()["data"]


async def action(http, record_id: str, verb: str, **body):
    return await http.post(f"{BASE}/{record_id}/{verb}", json={"verification_method": "registry", **body},
                           headers=bearer())


async def compliance_type(http, w) -> dict:
    response = await http.post("/incoming/v2/certificate-types", json={"title": "Compliance", "is_published": True},
                               headers=bearer())
    ct = response.json()["data"]
    await http.patch(f"/incoming/v2/certificate-templates/{w.py_t}", json={"certificate_type_id": ct["id"]},
                     headers=bearer())
    return ct


async def test_seed_001_example_creates_a_record_with_every_field(http, w):
    ct = await compliance_type(http, w)
    data = await post(http, seed_request(w))
    assert SEED_FIELDS <= set(data)
    assert all(data[name] is not None for name in SEED_FIELDS - {"verification_method", "last_verified_at"})
    assert data["organization_member_id"] == data["user_id"] == w.jane
    assert data["organization_id"] == w.acme
    assert (data["external_id"], data["external_source"], data["certification_type_id"]) == \
        ("HR-1001", "workday", w.py_t)
    assert (data["source"], data["issued_on"], data["expires_on"]) == ("manual", "2023-12-25", "2023-12-25")
    assert (data["issuer_name"], data["serial_number"]) == ("Red Cross", "RC-778")
    assert (data["verification_status"], data["verification_method"], data["last_verified_at"]) == \
        ("unverified", None, None)
    # Valid through 2023-12-25: long expired now.
    assert (data["lifecycle_status"], data["validity_status"]) == ("expired", "invalid")
    assert data["certification_type"] == {"id": ct["id"], "slug": "compliance", "title": "Compliance",
                                          "status": "active"}
    assert data["title"] == "Introduction to Python Certificate" and data["is_external"] is True
    got = (await http.get(f"{BASE}/{data['id']}", headers=bearer())).json()["data"]
    assert got == data


async def test_sending_the_same_external_pair_again_updates_the_record(http, w):
    first = await post(http, seed_request(w))
    second = await post(http, seed_request(w, serial_number="RC-779", expires_on="2030-12-31", email=None), status=200)
    assert second["id"] == first["id"] and second["serial_number"] == "RC-779"
    assert (second["lifecycle_status"], second["validity_status"]) == ("active", "valid")
    body = seed_request(w, issuer_name="Red Crescent")
    del body["source"]
    third = await post(http, body, status=200)
    assert (third["id"], third["source"], third["issuer_name"]) == (first["id"], "manual", "Red Crescent")
    listed = (await http.get(BASE, params={"external_source": "workday"}, headers=bearer())).json()
    assert listed["meta"]["total"] == 1
    # Another source with the same external id is another record.
    other = await post(http, seed_request(w, external_source="sap"))
    assert other["id"] != first["id"]


async def test_twenty_concurrent_upserts_of_one_pair_make_one_record(http, w):
    responses = await asyncio.gather(*(
        http.post(BASE, json=seed_request(w, serial_number=f"S-{i}", expires_on="2030-01-01"), headers=bearer())
        for i in range(20)))
    assert all(r.status_code in (200, 201) for r in responses), [r.text for r in responses if r.status_code >= 300]
    assert sorted(r.status_code for r in responses).count(201) == 1
    assert len({r.json()["data"]["id"] for r in responses}) == 1
    listed = (await http.get(BASE, params={"external_id": "HR-1001"}, headers=bearer())).json()
    assert listed["meta"]["total"] == 1


async def test_idempotency_key_replays_the_first_response(http, w):
    headers = {**bearer(), "Idempotency-Key": "cert-1"}
    first = await http.post(BASE, json=record(w), headers=headers)
    again = await http.post(BASE, json=record(w), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers.get("idempotent-replayed") == "true"
    assert (await http.get(BASE, params={"user_id": w.jane, "source": "api"}, headers=bearer())).json()["meta"][
        "total"] == 1
    reused = await http.post(BASE, json=record(w, title="Other"), headers=headers)
    assert reused.status_code == 422 and error_of(reused)["code"] == "IDEMPOTENCY_KEY_REUSED"


async def test_email_finds_the_user_and_defaults_apply(http, w):
    data = await post(http, {"email": JANE_EMAIL.upper(), "title": "CPR"})
    assert data["user_id"] == w.jane and data["source"] == "api" and data["expires_on"] is None
    assert data["certification_type"] is None and data["title"] == "CPR" and data["identifier"]
    assert (data["lifecycle_status"], data["validity_status"]) == ("active", "valid")


async def test_a_template_gives_its_validity(http, w):
    await http.patch(f"/incoming/v2/certificate-templates/{w.py_t}", json={"validity_months": 12},
                     headers=bearer())
    data = await post(http, record(w, certification_type_id=w.py_t, issued_on="2026-01-31"))
    # Expires at 2027-01-31T00:00Z: valid through 2027-01-30.
    assert data["expires_on"] == "2027-01-30"


# "JANE" stands for Jane's id.
@pytest.mark.parametrize("body, status, field", [
    ({"issued_on": "2026-01-01"}, 400, "user_id"),
    ({"user_id": "JANE", "email": JANE_EMAIL}, 400, "email"),
    ({"user_id": "nope"}, 400, "user_id"),
    ({"user_id": str(uuid.uuid4())}, 404, "user_id"),
    ({"email": "nobody@example.com"}, 404, "email"),
    ({"user_id": "JANE", "external_id": "X"}, 400, "external_source"),
    ({"user_id": "JANE", "external_source": "X"}, 400, "external_id"),
    ({"user_id": "JANE", "source": "platform"}, 400, "source"),
    ({"user_id": "JANE", "issued_on": "2026-13-01"}, 400, "issued_on"),
    ({"user_id": "JANE", "issued_on": "2026-01-01T00:00:00Z"}, 400, "issued_on"),
    ({"user_id": "JANE", "issued_on": "2999-01-01"}, 400, "issued_on"),
    ({"user_id": "JANE", "issued_on": "2026-01-10", "expires_on": "2026-01-09"}, 400, "expires_on"),
    ({"user_id": "JANE", "certification_type_id": str(uuid.uuid4())}, 404, "certification_type_id"),
    ({"user_id": "JANE", "colour": "red"}, 400, "colour"),
    ({"user_id": "JANE", "issuer_name": 7}, 400, "issuer_name"),
])
async def test_create_errors(http, w, body, status, field):
    body = json.loads(json.dumps(body).replace('"JANE"', f'"{w.jane}"'))
    response = await http.post(BASE, json=body, headers=bearer())
    assert response.status_code == status, response.text
    assert error_of(response)["field"] == field


async def test_a_pair_of_another_user_or_of_a_deleted_record_is_refused(http, w):
    first = await post(http, seed_request(w))
    response = await http.post(BASE, json=seed_request(w, organization_member_id=w.ada), headers=bearer())
    assert response.status_code == 409 and error_of(response)["field"] == "organization_member_id"
    assert (await http.delete(f"{BASE}/{first['id']}", headers=bearer())).status_code == 204
    response = await http.post(BASE, json=seed_request(w), headers=bearer())
    assert response.status_code == 409 and error_of(response)["field"] == "external_id"


async def test_patch_changes_only_what_is_sent(http, w):
    created = await post(http, record(w, serial_number="A-1"))
    response = await http.patch(f"{BASE}/{created['id']}", json={"expires_on": "2030-06-30", "serial_number": None},
                                headers=bearer())
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert (data["expires_on"], data["serial_number"], data["issuer_name"]) == ("2030-06-30", None,
                                                                               "Acme Safety Board")
    response = await http.patch(f"{BASE}/{created['id']}", json={"user_id": w.jane}, headers=bearer())
    assert response.status_code == 400 and error_of(response)["field"] == "user_id"
    taken = await post(http, seed_request(w))
    response = await http.patch(f"{BASE}/{created['id']}", json={"external_id": taken["external_id"],
                                                                 "external_source": "workday"}, headers=bearer())
    assert response.status_code == 409 and error_of(response)["field"] == "external_id"


async def test_delete_is_soft_and_final(http, w):
    created = await post(http, record(w))
    assert (await http.delete(f"{BASE}/{created['id']}", headers=bearer())).status_code == 204
    for response in (await http.get(f"{BASE}/{created['id']}", headers=bearer()),
                     await http.patch(f"{BASE}/{created['id']}", json={}, headers=bearer()),
                     await http.delete(f"{BASE}/{created['id']}", headers=bearer()),
                     await action(http, created["id"], "verify")):
        assert response.status_code == 404 and error_of(response)["code"] == "NOT_FOUND"


# ---- verification -----------------------------------------------------------------------------

async def test_verify_then_reject_then_verify_again(http, w):
    created = await post(http, record(w, source="self-reported"))
    assert (created["verification_status"], created["validity_status"]) == ("unverified", "valid")
    response = await action(http, created["id"], "verify", note="Checked with the board")
    data = response.json()["data"]
    assert response.status_code == 200
    assert (data["verification_status"], data["verification_method"]) == ("verified", "registry")
    assert data["verification_note"] == "Checked with the board" and data["last_verified_at"]
    rejected = (await action(http, created["id"], "reject", note="Forged")).json()["data"]
    assert (rejected["verification_status"], rejected["validity_status"]) == ("rejected", "invalid")
    assert rejected["lifecycle_status"] == "active"
    again = await action(http, created["id"], "reject")
    assert again.status_code == 409
    verified = (await action(http, created["id"], "verify")).json()["data"]
    assert verified["validity_status"] == "valid" and verified["last_verified_at"] >= rejected["last_verified_at"]


async def test_refused_transitions(http, w):
    created = await post(http, record(w))
    response = await http.post(f"{BASE}/{created['id']}/verify", json={}, headers=bearer())
    assert response.status_code == 400 and error_of(response)["field"] == "verification_method"
    response = await http.post(f"{BASE}/{created['id']}/verify", json={"verification_method": "x", "by": "me"},
                               headers=bearer())
    assert response.status_code == 400 and error_of(response)["field"] == "by"
    response = await action(http, str(uuid.uuid4()), "verify")
    assert response.status_code == 404
    # A certificate this platform issued is revoked, not rejected.
    platform = (await http.get(BASE, params={"user_id": w.jane, "source": "platform"}, headers=bearer())).json()
    issued = platform["data"][0]
    assert (issued["verification_status"], issued["verification_method"]) == ("verified", "platform")
    response = await action(http, issued["id"], "reject")
    assert response.status_code == 409 and error_of(response)["code"] == "CONFLICT"
    # A revoked record's verification cannot change.
    response = await http.post(f"/incoming/v2/certificate-templates/{w.py_t}/reset",
                               json={"user_ids": [w.jane], "expire": True}, headers=bearer())
    revoked = response.json()["data"]["reset"][0]["certificates"][0]
    for verb in ("verify", "reject"):
        response = await action(http, revoked["id"], verb)
        assert response.status_code == 409 and error_of(response)["code"] == "CONFLICT"


async def test_a_rejected_record_is_not_valid_anywhere(http, gql, db, w):
    await with_password(db, w.jane)
    jane_token = await gql.login(JANE_EMAIL, PASSWORD)
    created = await post(http, record(w, source="self-reported"))
    query = "{ UserCertificates { id source isExternal } CurrentUser { certificatesCount } }"
    before = await gql.data(query, token=jane_token)
    listed = {c["id"]: c for c in before["UserCertificates"]}
    assert listed[created["id"]] == {"id": created["id"], "source": "self-reported", "isExternal": True}
    verification = (await http.get(f"/verify/certificates/{created['identifier']}")).json()["data"]
    assert (verification["validity_status"], verification["verification_status"]) == ("valid", "unverified")

    await action(http, created["id"], "reject")
    after = await gql.data(query, token=jane_token)
    assert created["id"] not in {c["id"] for c in after["UserCertificates"]}
    assert after["CurrentUser"]["certificatesCount"] == before["CurrentUser"]["certificatesCount"] - 1
    verification = (await http.get(f"/verify/certificates/{created['identifier']}")).json()["data"]
    assert (verification["validity_status"], verification["verification_status"]) == ("invalid", "rejected")
    held = (await http.get(f"/incoming/v2/users/{w.jane}/certificates", headers=bearer())).json()["data"]
    assert next(h for h in held if h["certificate_id"] == created["id"])["validity_status"] == "invalid"
    valid = (await http.get(BASE, params={"user_id": w.jane, "validity_status": "valid"}, headers=bearer())).json()
    assert created["id"] not in {r["id"] for r in valid["data"]}


# ---- lists ------------------------------------------------------------------------------------

async def test_list_filters(http, w):
    a = await post(http, record(w, source="self-reported"))
    b = await post(http, record(w, source="import", certification_type_id=w.py_t, expires_on="2026-02-01"))
    await action(http, b["id"], "verify")

    async def ids(**params) -> set:
        body = (await http.get(BASE, params=params, headers=bearer())).json()
        return {r["id"] for r in body["data"]}

    assert await ids(source="self-reported") == {a["id"]}
    assert await ids(verification_status="verified", source="import") == {b["id"]}
    assert b["id"] in await ids(certification_type_id=w.py_t)
    assert a["id"] not in await ids(certification_type_id=w.py_t)
    assert b["id"] in await ids(lifecycle_status="expired") and a["id"] in await ids(lifecycle_status="active")
    assert b["id"] in await ids(validity_status="invalid") and a["id"] in await ids(validity_status="valid")
    page = (await http.get(BASE, params={"user_id": w.jane, "per_page": 2}, headers=bearer())).json()
    assert len(page["data"]) == 2 and page["meta"]["total"] >= 2
    for params, field in (({"lifecycle_status": "gone"}, "lifecycle_status"), ({"user_id": "x"}, "user_id"),
                          ({"per_page": "0"}, "per_page")):
        response = await http.get(BASE, params=params, headers=bearer())
        assert response.status_code == 400 and error_of(response)["field"] == field


# ---- batch ------------------------------------------------------------------------------------

async def test_batch_imports_all(http, w):
    items = [record(w, external_source="workday", external_id=f"E-{i}") for i in range(3)]
    existing = await post(http, {**items[0], "serial_number": "old"})
    response = await http.post(f"{BASE}:batch", json={"certifications": items}, headers=bearer())
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert [d["created"] for d in data] == [False, True, True]
    assert data[0]["certification"]["id"] == existing["id"]
    # A new record's source defaults to import; an updated one keeps its own.
    assert [d["certification"]["source"] for d in data] == ["api", "import", "import"]


async def test_batch_is_all_or_nothing_with_every_problem_listed(http, w):
    items = [
        record(w, external_source="w", external_id="1"),
        record(w, user_id=str(uuid.uuid4())),
        record(w, external_source="w", external_id="1"),
        "not an object",
        record(w, expires_on="2020-01-01"),
    ]
    response = await http.post(f"{BASE}:batch", json={"certifications": items}, headers=bearer())
    assert response.status_code == 400
    errors = error_of(response)["errors"]
    assert [(e["index"], e["field"], e["code"]) for e in errors] == [
        (1, "certifications[1].user_id", "NOT_FOUND"),
        (2, "certifications[2].external_id", "BAD_USER_INPUT"),
        (3, "certifications[3]", "BAD_USER_INPUT"),
        (4, "certifications[4].expires_on", "BAD_USER_INPUT"),
    ]
    assert (await http.get(BASE, params={"external_source": "w"}, headers=bearer())).json()["meta"]["total"] == 0
    response = await http.post(f"{BASE}:batch", json={"certifications": [record(w)] * 1001}, headers=bearer())
    assert response.status_code == 400 and error_of(response)["field"] == "certifications"
    response = await http.post(f"{BASE}:batch", json={"certifications": []}, headers=bearer())
    assert response.status_code == 400


# ---- scopes -----------------------------------------------------------------------------------

async def test_scopes(http, w, make_key):
    reader, writer = await make_key(["certification_records:read"]), await make_key(["certification_records:write"])
    templates_only = await make_key(["certificates:read", "certificates:write"])
    created = await post(http, record(w), headers=bearer(writer))
    assert (await http.get(BASE, headers=bearer(reader))).status_code == 200
    assert (await http.get(f"{BASE}/{created['id']}", headers=bearer(reader))).status_code == 200
    for key in (reader, templates_only):
        for response in (await http.post(BASE, json=record(w), headers=bearer(key)),
                         await http.post(f"{BASE}/{created['id']}/verify", json={"verification_method": "x"},
                                         headers=bearer(key)),
                         await http.post(f"{BASE}:batch", json={"certifications": [record(w)]}, headers=bearer(key))):
            assert response.status_code == 403 and error_of(response)["code"] == "FORBIDDEN"
    assert (await http.get(BASE, headers=bearer(writer))).status_code == 403
    assert (await http.get(BASE, headers=bearer(templates_only))).status_code == 403


async def test_a_rejected_record_of_a_template_is_not_held_by_its_holder(http, w):
    today = datetime.now(UTC).date().isoformat()  # the latest issuance: the template's current one
    created = await post(http, record(w, certification_type_id=w.py_t, issued_on=today, expires_on="2099-01-01"))
    await action(http, created["id"], "reject")
    holders = (await http.get(f"/incoming/v2/certificate-templates/{w.py_t}/users", headers=bearer())).json()
    jane = next(h for h in holders["data"] if h["user"]["id"] == w.jane)["user_state"]
    assert jane["certificate_id"] == created["id"] and jane["has_certificate"] is False
