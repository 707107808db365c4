"""REST bulk assign, reset/revoke with history, a user's certificates, a template's holders, and
revoked certificates disappearing from GraphQL."""
from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.certificates.models import Certificate
from app.demo import ADMIN_EMAIL, JANE_EMAIL, demo_id
from app.learning.models import Enrollment
from app.notifications.models import OutboxMessage
from tests.rest.helpers import bearer, error_of

BASE = "/incoming/v2/certificate-templates"
JANE = demo_id("user", JANE_EMAIL)
ADMIN = demo_id("user", ADMIN_EMAIL)
PY_TEMPLATE = demo_id("template", "intro-to-python")
LD_TEMPLATE = demo_id("template", "foundations-of-leadership")
SA_TEMPLATE = demo_id("template", "security-awareness")
PATH_TEMPLATE = demo_id("template", "leadership-path")
PYTHON = demo_id("content", "intro-to-python")


def assignment(template_id, *users) -> dict:
    return {"certificate_template_id": template_id, "users": list(users)}


async def assign(http, *assignments, status=200):
    response = await http.post(f"{BASE}/assign", json={"assignments": list(assignments)}, headers=bearer())
    assert response.status_code == status, response.text
    return response.json()


async def count_certificates(db, template_id=None) -> int:
    async with db() as s:
        q = select(func.count()).select_from(Certificate)
        if template_id:
            q = q.where(Certificate.template_id == template_id)
        return await s.scalar(q)


# ---- assign -----------------------------------------------------------------------------------

async def test_assign_issues_as_of_completed_at_and_skips_active_holders(http, db, demo):
    completed = (datetime.now(UTC) - timedelta(days=10)).date().isoformat()
    data = (await assign(http, assignment(PY_TEMPLATE, {"user_id": ADMIN, "completed_at": completed},
                                          {"user_id": JANE, "completed_at": completed})))["data"]
    [issued] = data["issued"]
    assert issued["user_id"] == ADMIN and issued["certificate_template_id"] == PY_TEMPLATE
    cert = issued["certificate"]
    issued_at = datetime.fromisoformat(cert["issued_at"])
    assert issued_at == datetime.fromisoformat(completed + "T00:00:00+00:00")
    assert datetime.fromisoformat(cert["expires_at"]) == issued_at + timedelta(days=365)
    assert datetime.fromisoformat(cert["recertification_date"]) == issued_at + timedelta(days=335)
    assert (cert["status"], cert["validity_status"], cert["source"]) == ("active", "valid", "api")
    assert cert["identifier"].startswith("CERT-")
    [skipped] = data["skipped"]
    assert skipped == {"certificate_template_id": PY_TEMPLATE, "user_id": JANE, "reason": "already_active",
                       "certificate_id": demo_id("certificate", f"{JANE_EMAIL}:intro-to-python:280")}
    async with db() as s:
        row = await s.get(Certificate, cert["id"])
    assert row.template_id == PY_TEMPLATE and row.user_id == ADMIN and row.resource_id == PYTHON


async def test_assign_reissues_to_holders_of_an_expired_certificate_and_keeps_history(http, demo):
    # Jane's security-awareness certificate expired; the admin's template has no validity (never expires).
    data = (await assign(http, assignment(SA_TEMPLATE, {"user_id": JANE}),
                         assignment(LD_TEMPLATE, {"user_id": ADMIN}, {"user_id": ADMIN})))["data"]
    assert [(i["certificate_template_id"], i["user_id"]) for i in data["issued"]] == [(SA_TEMPLATE, JANE),
                                                                                     (LD_TEMPLATE, ADMIN)]
    assert data["issued"][1]["certificate"]["expires_at"] is None
    assert data["skipped"] == [{"certificate_template_id": LD_TEMPLATE, "user_id": ADMIN,
                                "reason": "duplicate_in_request", "certificate_id": None}]
    mine = (await http.get(f"/incoming/v2/users/{JANE}/certificates", headers=bearer())).json()["data"]
    [security] = [c for c in mine if c["template_id"] == SA_TEMPLATE]
    assert security["status"] == "active" and security["certificate_id"] == data["issued"][0]["certificate"]["id"]
    assert [h["identifier"] for h in security["history"]] == ["CERT-SA400001"]
    assert security["history"][0]["status"] == "expired"


@pytest.mark.parametrize("payload, status, field", [
    ({}, 400, "assignments"),
    ({"assignments": []}, 400, "assignments"),
    ({"assignments": [{"users": [{"user_id": JANE}]}]}, 400, "assignments[0].certificate_template_id"),
    ({"assignments": [assignment(PY_TEMPLATE)]}, 400, "assignments[0].users"),
    ({"assignments": [assignment(PY_TEMPLATE, {"user_id": "x"})]}, 400, "assignments[0].users[0].user_id"),
    ({"assignments": [assignment(PY_TEMPLATE, {"user_id": ADMIN, "completed_at": "soon"})]}, 400,
     "assignments[0].users[0].completed_at"),
    ({"assignments": [assignment(PY_TEMPLATE, {"user_id": ADMIN, "completed_at": "2999-01-01"})]}, 400,
     "assignments[0].users[0].completed_at"),
])
async def test_assign_input_errors(http, db, demo, payload, status, field):
    response = await http.post(f"{BASE}/assign", json=payload, headers=bearer())
    assert response.status_code == status, response.text
    assert error_of(response)["field"] == field


async def test_unknown_template_or_user_fails_the_whole_batch(http, db, demo):
    before = await count_certificates(db)
    ok = assignment(LD_TEMPLATE, {"user_id": ADMIN})
    response = await http.post(f"{BASE}/assign", headers=bearer(), json={"assignments": [
        ok, assignment(PY_TEMPLATE, {"user_id": ADMIN}, {"user_id": str(uuid.uuid4())})]})
    assert response.status_code == 404
    assert error_of(response) == {"code": "NOT_FOUND", "field": "assignments[1].users[1].user_id"}
    response = await http.post(f"{BASE}/assign", headers=bearer(), json={"assignments": [
        ok, assignment(str(uuid.uuid4()), {"user_id": ADMIN})]})
    assert response.status_code == 404
    assert error_of(response)["field"] == "assignments[1].certificate_template_id"
    assert await count_certificates(db) == before


async def test_draft_or_deleted_templates_cannot_be_assigned(http, db, demo):
    await http.patch(f"{BASE}/{LD_TEMPLATE}", json={"is_published": False}, headers=bearer())
    response = await http.post(f"{BASE}/assign", headers=bearer(),
                               json={"assignments": [assignment(LD_TEMPLATE, {"user_id": ADMIN})]})
    assert response.status_code == 409 and error_of(response)["code"] == "CONFLICT"
    await http.delete(f"{BASE}/{PY_TEMPLATE}", headers=bearer())
    response = await http.post(f"{BASE}/assign", headers=bearer(),
                               json={"assignments": [assignment(PY_TEMPLATE, {"user_id": ADMIN})]})
    assert response.status_code == 404


async def test_concurrent_assigns_issue_one_certificate(http, db, demo):
    payload = {"assignments": [assignment(LD_TEMPLATE, {"user_id": ADMIN})]}
    responses = await asyncio.gather(*(http.post(f"{BASE}/assign", json=payload, headers=bearer())
                                       for _ in range(5)))
    assert [r.status_code for r in responses] == [200] * 5
    issued = sum(len(r.json()["data"]["issued"]) for r in responses)
    skipped = sum(len(r.json()["data"]["skipped"]) for r in responses)
    assert (issued, skipped) == (1, 4)
    async with db() as s:
        assert await s.scalar(select(func.count()).select_from(Certificate).where(
            Certificate.template_id == LD_TEMPLATE, Certificate.user_id == ADMIN)) == 1


async def test_assign_needs_the_write_scope(http, demo, make_key):
    reader = await make_key(["certificates:read"])
    response = await http.post(f"{BASE}/assign", headers=bearer(reader),
                               json={"assignments": [assignment(LD_TEMPLATE, {"user_id": ADMIN})]})
    assert response.status_code == 403


# ---- reset ------------------------------------------------------------------------------------

async def test_reset_with_expire_revokes_keeps_history_and_notifies(http, db, demo):
    response = await http.post(f"{BASE}/{PY_TEMPLATE}/reset", headers=bearer(),
                               json={"user_ids": [JANE, ADMIN], "expire": True, "notify": True})
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data["expired"] is True and data["not_holding"] == [ADMIN] and data["notified"] == 1
    [reset] = data["reset"]
    [cert] = reset["certificates"]
    assert reset["user_id"] == JANE and cert["status"] == "revoked" and cert["validity_status"] == "invalid"
    assert cert["revoked_at"] == cert["expires_at"] and cert["progress_was_reset"] is True
    async with db() as s:
        enrollment = await s.scalar(select(Enrollment).where(Enrollment.user_id == JANE,
                                                             Enrollment.content_id == PYTHON))
        [message] = (await s.scalars(select(OutboxMessage))).all()
    assert (enrollment.status, enrollment.progress) == ("not-started", 0)
    assert message.to_address == JANE_EMAIL and message.kind == "certificate_revoked"
    # no longer held: the template's count drops, the holder list shows the revoked state
    template = (await http.get(f"{BASE}/{PY_TEMPLATE}", headers=bearer())).json()["data"]
    assert template["active_users_count"] == 0
    holders = (await http.get(f"{BASE}/{PY_TEMPLATE}/users", headers=bearer())).json()
    [holder] = holders["data"]
    assert holder["user"] == {"id": JANE, "name": "Jane Doe", "email": JANE_EMAIL}
    state = holder["user_state"]
    assert (state["has_certificate"], state["status"], state["is_expired"]) == (False, "revoked", True)
    assert state["completion"]["status"] == "not-started" and state["history"] == []
    # re-assigning after a revoke issues a new certificate; the revoked one becomes history
    data = (await assign(http, assignment(PY_TEMPLATE, {"user_id": JANE})))["data"]
    assert len(data["issued"]) == 1
    mine = (await http.get(f"/incoming/v2/users/{JANE}/certificates", headers=bearer())).json()["data"]
    [python] = [c for c in mine if c["template_id"] == PY_TEMPLATE]
    assert python["status"] == "active" and [h["status"] for h in python["history"]] == ["revoked"]
    assert await count_certificates(db, PY_TEMPLATE) == 3  # revoked, new, and the old deleted row: nothing removed


async def test_reset_without_expire_keeps_certificates_valid(http, db, demo):
    response = await http.post(f"{BASE}/{SA_TEMPLATE}/reset", json={"notify": True}, headers=bearer())
    data = response.json()["data"]
    assert len(data["reset"]) == 11 and data["notified"] == 0  # notify only with expire
    statuses = {c["status"] for r in data["reset"] for c in r["certificates"]}
    assert statuses == {"active", "expired"}  # jane's old one had already expired
    async with db() as s:
        assert (await s.scalar(select(func.count()).select_from(OutboxMessage))) == 0
    template = (await http.get(f"{BASE}/{SA_TEMPLATE}", headers=bearer())).json()["data"]
    assert template["active_users_count"] == 10


@pytest.mark.parametrize("payload, field", [
    ({"user_ids": "all"}, "user_ids"), ({"user_ids": ["x"]}, "user_ids[0]"), ({"expire": "yes"}, "expire"),
    ({"notify": 1}, "notify"), ({"users": []}, "users"),
])
async def test_reset_input_errors(http, demo, payload, field):
    response = await http.post(f"{BASE}/{PY_TEMPLATE}/reset", json=payload, headers=bearer())
    assert response.status_code == 400 and error_of(response)["field"] == field


async def test_reset_of_unknown_template(http, demo):
    response = await http.post(f"{BASE}/{uuid.uuid4()}/reset", json={}, headers=bearer())
    assert response.status_code == 404


async def test_concurrent_resets_and_assigns_leave_one_consistent_state(http, db, demo):
    calls = [http.post(f"{BASE}/{LD_TEMPLATE}/reset", json={"user_ids": [JANE], "expire": True}, headers=bearer()),
             http.post(f"{BASE}/assign", json={"assignments": [assignment(LD_TEMPLATE, {"user_id": JANE})]},
                       headers=bearer())] * 3
    responses = await asyncio.gather(*calls)
    assert all(r.status_code == 200 for r in responses), [r.text for r in responses]
    async with db() as s:
        rows = (await s.scalars(select(Certificate).where(Certificate.template_id == LD_TEMPLATE,
                                                          Certificate.user_id == JANE))).all()
    assert sum(1 for c in rows if c.revoked_at is None) <= 1  # never two unrevoked certificates at once


# ---- reads ------------------------------------------------------------------------------------

async def test_user_certificates_by_template(http, demo):
    response = await http.get(f"/incoming/v2/users/{JANE}/certificates", headers=bearer())
    assert response.status_code == 200
    data = response.json()["data"]
    by_template = {c["template_id"]: c for c in data}
    assert set(by_template) == {PY_TEMPLATE, demo_id("template", "data-science-fundamentals"), LD_TEMPLATE,
                                SA_TEMPLATE}
    python = by_template[PY_TEMPLATE]
    assert python["identifier"] == "CERT-PY280001" and python["history"] == []  # the deleted one is gone
    assert python["title"] == "Introduction to Python Certificate" and python["validity_days"] == 365
    assert (python["status"], python["is_expired"]) == ("active", False)
    assert by_template[LD_TEMPLATE]["expires_at"] is None
    assert (by_template[SA_TEMPLATE]["status"], by_template[SA_TEMPLATE]["is_expired"]) == ("expired", True)
    assert (await http.get(f"/incoming/v2/users/{uuid.uuid4()}/certificates", headers=bearer())).status_code == 404
    assert (await http.get("/incoming/v2/users/nope/certificates", headers=bearer())).status_code == 400


async def test_template_holders_page(http, demo):
    response = await http.get(f"{BASE}/{SA_TEMPLATE}/users", params={"per_page": 4}, headers=bearer())
    assert response.status_code == 200
    body = response.json()
    assert body["meta"] == {"page": 1, "per_page": 4, "total": 11, "total_pages": 3}
    emails = [h["user"]["email"] for h in body["data"]]
    assert emails == sorted(emails)
    last = (await http.get(f"{BASE}/{SA_TEMPLATE}/users", params={"per_page": 4, "page": 3},
                           headers=bearer())).json()["data"]
    assert len(last) == 3
    jane = [h for p in (1, 2, 3) for h in (await http.get(f"{BASE}/{SA_TEMPLATE}/users",
            params={"per_page": 4, "page": p}, headers=bearer())).json()["data"] if h["user"]["id"] == JANE]
    assert jane[0]["user_state"]["status"] == "expired" and jane[0]["user_state"]["has_certificate"] is False
    assert jane[0]["user_state"]["completion"]["status"] == "completed"


async def test_holder_list_runs_the_same_statements_for_any_page_size(http, demo, count_statements):
    with count_statements() as one:
        await http.get(f"{BASE}/{SA_TEMPLATE}/users", params={"per_page": 1}, headers=bearer())
    with count_statements() as many:
        response = await http.get(f"{BASE}/{SA_TEMPLATE}/users", params={"per_page": 50}, headers=bearer())
    assert len(response.json()["data"]) == 11
    assert one.count == many.count


async def test_reads_need_the_read_scope(http, demo, make_key):
    writer = await make_key(["certificates:write"])
    assert (await http.get(f"/incoming/v2/users/{JANE}/certificates", headers=bearer(writer))).status_code == 403
    assert (await http.get(f"{BASE}/{SA_TEMPLATE}/users", headers=bearer(writer))).status_code == 403


# ---- revoked certificates through GraphQL -----------------------------------------------------

async def test_revoked_certificates_no_longer_count_in_graphql(http, gql, jane_token):
    query = "{ CurrentUser { certificatesCount } }"
    before = (await gql.data(query, token=jane_token))["CurrentUser"]["certificatesCount"]
    assert before == 4  # the deleted one is not counted; the expired one is
    await http.post(f"{BASE}/{PY_TEMPLATE}/reset", json={"user_ids": [JANE], "expire": True}, headers=bearer())
    after = (await gql.data(query, token=jane_token))["CurrentUser"]["certificatesCount"]
    assert after == 3
    await assign(http, assignment(PY_TEMPLATE, {"user_id": JANE}))
    assert (await gql.data(query, token=jane_token))["CurrentUser"]["certificatesCount"] == 4


async def test_revoked_certificates_leave_user_certificates_in_graphql(http, gql, jane_token):
    from app.graphql.schema import schema

    if "UserCertificates" not in schema.as_str():
        pytest.skip("UserCertificates is not in the schema yet (read-API work)")
    query = "{ UserCertificates { id identifier } }"
    before = {c["identifier"] for c in (await gql.data(query, token=jane_token))["UserCertificates"]}
    assert "CERT-PY280001" in before and "CERT-PY700001" not in before
    await http.post(f"{BASE}/{PY_TEMPLATE}/reset", json={"user_ids": [JANE], "expire": True}, headers=bearer())
    after = {c["identifier"] for c in (await gql.data(query, token=jane_token))["UserCertificates"]}
    assert after == before - {"CERT-PY280001"}
