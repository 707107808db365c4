"""REST certificate types, and templates grouped by them (seed 003): create, read, update, publish, delete,
list; certificate_type_id on templates and the embedded certificate_type."""
from __future__ import annotations

import asyncio
import uuid

import pytest

from tests.factories.catalog import build, course, id_of
from tests.factories.certificates import issued_certificate, published_template
from tests.factories.users import learners
from tests.rest.helpers import bearer, error_of

BASE = "/incoming/v2/certificate-types"
TEMPLATES = "/incoming/v2/certificate-templates"
EMBEDDED = {"id", "title", "is_published", "published_at", "created_at", "updated_at"}


async def create_type(http, **body) -> dict:
    response = await http.post(BASE, json={"title": "Compliance", **body}, headers=bearer())
    assert response.status_code == 201, response.text
    return response.json()["data"]


async def test_create_a_draft_then_publish_it(http):
    created = await create_type(http)
    assert created["is_published"] is False and created["published_at"] is None
    assert (created["slug"], created["status"]) == ("compliance", "draft")
    published = (await http.post(f"{BASE}/{created['id']}/publish", headers=bearer())).json()["data"]
    assert published["is_published"] is True and published["status"] == "active"
    again = (await http.post(f"{BASE}/{created['id']}/publish", headers=bearer())).json()["data"]
    assert again["published_at"] == published["published_at"]
    assert (await http.get(f"{BASE}/{created['id']}", headers=bearer())).json()["data"] == again


async def test_slugs_are_generated_unique_and_checked(http):
    first, second = await create_type(http), await create_type(http)
    assert (first["slug"], second["slug"]) == ("compliance", "compliance-2")
    response = await http.post(BASE, json={"title": "Other", "slug": "compliance"}, headers=bearer())
    assert response.status_code == 409 and error_of(response)["field"] == "slug"
    response = await http.patch(f"{BASE}/{second['id']}", json={"slug": "Not A Slug"}, headers=bearer())
    assert response.status_code == 400 and error_of(response)["field"] == "slug"


async def test_concurrent_creates_with_one_slug_make_one_type(http):
    responses = await asyncio.gather(*(
        http.post(BASE, json={"title": "Safety", "slug": "safety"}, headers=bearer()) for _ in range(5)))
    assert sorted(r.status_code for r in responses) == [201, 409, 409, 409, 409]
    listed = (await http.get(BASE, params={"title": "safety"}, headers=bearer())).json()
    assert listed["meta"]["total"] == 1


async def test_put_and_patch_change_what_is_sent(http):
    created = await create_type(http, description="Rules")
    for method in ("PUT", "PATCH"):
        response = await http.request(method, f"{BASE}/{created['id']}", json={"title": f"Legal {method}"},
                                      headers=bearer())
        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert data["title"] == f"Legal {method}" and data["description"] == "Rules" and data["slug"] == "compliance"
    response = await http.patch(f"{BASE}/{created['id']}", json={"is_published": True}, headers=bearer())
    assert response.json()["data"]["published_at"] is not None
    response = await http.patch(f"{BASE}/{created['id']}", json={"colour": "red"}, headers=bearer())
    assert response.status_code == 400 and error_of(response)["field"] == "colour"


async def test_list_filters_and_paginates(http):
    for title in ("Compliance", "Safety", "Leadership"):
        await create_type(http, title=title, is_published=title != "Safety")
    body = (await http.get(BASE, params={"is_published": "true", "per_page": 1}, headers=bearer())).json()
    assert [t["title"] for t in body["data"]] == ["Compliance"]
    assert body["meta"] == {"page": 1, "per_page": 1, "total": 2, "total_pages": 2}
    body = (await http.get(BASE, params={"title": "SAF"}, headers=bearer())).json()
    assert [t["title"] for t in body["data"]] == ["Safety"]
    response = await http.get(BASE, params={"per_page": 51}, headers=bearer())
    assert response.status_code == 400 and error_of(response)["field"] == "per_page"


async def test_soft_delete(http):
    created = await create_type(http)
    assert (await http.delete(f"{BASE}/{created['id']}", headers=bearer())).status_code == 204
    assert (await http.get(f"{BASE}/{created['id']}", headers=bearer())).status_code == 404
    assert (await http.delete(f"{BASE}/{created['id']}", headers=bearer())).status_code == 404
    assert (await http.get(BASE, headers=bearer())).json()["meta"]["total"] == 0


async def test_scopes(http, make_key):
    reader = await make_key(["certificates:read"])
    assert (await http.get(BASE, headers=bearer(reader))).status_code == 200
    response = await http.post(BASE, json={"title": "X"}, headers=bearer(reader))
    assert response.status_code == 403 and error_of(response)["code"] == "FORBIDDEN"
    records_only = await make_key(["certification_records:write"])
    assert (await http.get(BASE, headers=bearer(records_only))).status_code == 403


# ---- templates and types ----------------------------------------------------------------------

@pytest.fixture
async def python(db) -> str:
    """The id of a course that templates can certify."""
    await build(db, courses=[course("python")])
    return await id_of(db, "content", "python")


def template_body(python: str, **kw) -> dict:
    return {"title": "Food Safety", "resource_type": "course", "resource_id": python, **kw}


async def test_seed_003_create_template_with_a_type_embeds_it(http, python):
    compliance = await create_type(http, is_published=True)
    response = await http.post(TEMPLATES, json=template_body(python,
        description="Awarded on completion of the food safety course.", validity_months=12,
        reset_days_before_expiry=30, certificate_type_id=compliance["id"], is_published=True), headers=bearer())
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert data["certificate_type_id"] == compliance["id"]
    assert set(data["certificate_type"]) == EMBEDDED
    assert data["certificate_type"] == {k: compliance[k] for k in EMBEDDED}
    assert data["is_published"] is True and data["validity_months"] == 12 and data["active_users_count"] == 0
    got = (await http.get(f"{TEMPLATES}/{data['id']}", headers=bearer())).json()["data"]
    assert got["certificate_type"] == data["certificate_type"]


async def test_template_type_errors(http, python):
    response = await http.post(TEMPLATES, json=template_body(python, certificate_type_id=str(uuid.uuid4())), headers=bearer())
    assert response.status_code == 404 and error_of(response)["field"] == "certificate_type_id"
    response = await http.post(TEMPLATES, json=template_body(python, certificate_type_id=3), headers=bearer())
    assert response.status_code == 400 and error_of(response)["field"] == "certificate_type_id"
    gone = await create_type(http)
    await http.delete(f"{BASE}/{gone['id']}", headers=bearer())
    response = await http.post(TEMPLATES, json=template_body(python, certificate_type_id=gone["id"]), headers=bearer())
    assert response.status_code == 409 and error_of(response)["field"] == "certificate_type_id"


async def test_templates_filter_by_type_and_lose_a_deleted_type(http, python):
    compliance, safety = await create_type(http), await create_type(http, title="Safety")
    first = (await http.post(TEMPLATES, json=template_body(python, certificate_type_id=compliance["id"]),
                             headers=bearer())).json()["data"]
    second = (await http.post(TEMPLATES, json=template_body(python, title="Other"), headers=bearer())).json()["data"]
    assert second["certificate_type"] is None
    response = await http.patch(f"{TEMPLATES}/{second['id']}", json={"certificate_type_id": safety["id"]},
                                headers=bearer())
    assert response.json()["data"]["certificate_type"]["title"] == "Safety"
    listed = (await http.get(TEMPLATES, params={"certificate_type_id": compliance["id"]}, headers=bearer())).json()
    assert [t["id"] for t in listed["data"]] == [first["id"]]
    await http.delete(f"{BASE}/{compliance['id']}", headers=bearer())
    got = (await http.get(f"{TEMPLATES}/{first['id']}", headers=bearer())).json()["data"]
    assert got["certificate_type"] is None and got["certificate_type_id"] is None


async def test_held_certificates_embed_the_type(http, db):
    await build(db, courses=[course("python"), course("security")], certificate_templates=[
        published_template("Python Certificate", "python"), published_template("Security Certificate", "security")])
    [jane] = await learners(db, "jane@example.com")
    for slug in ("python", "security"):
        await issued_certificate(db, jane, await id_of(db, "content", slug))
    compliance = await create_type(http, is_published=True)
    template = await id_of(db, "certificateTemplate", "Python Certificate")
    response = await http.patch(f"{TEMPLATES}/{template}", json={"certificate_type_id": compliance["id"]},
                                headers=bearer())
    assert response.status_code == 200, response.text
    held = (await http.get(f"/incoming/v2/users/{jane}/certificates", headers=bearer())).json()["data"]
    by_template = {h["template_id"]: h for h in held}
    assert by_template[template]["certificate_type"] == {k: compliance[k] for k in EMBEDDED}
    assert len(by_template) == 2
    assert all(h["certificate_type"] is None for t, h in by_template.items() if t != template)


@pytest.mark.parametrize("params, field", [({"certificate_type_id": "3"}, "certificate_type_id")])
async def test_template_list_filter_errors(http, params, field):
    response = await http.get(TEMPLATES, params=params, headers=bearer())
    assert response.status_code == 400 and error_of(response)["field"] == field
