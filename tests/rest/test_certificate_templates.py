"""REST certificate templates: create, read, update (PUT/PATCH), delete, publish, list; scopes and errors."""
from __future__ import annotations

import json
import uuid

import pytest

from tests.factories.certificates import three_templates
from tests.rest.helpers import bearer, error_of

BASE = "/incoming/v2/certificate-templates"
PUBLISHED = 3  # the templates the fixture makes


@pytest.fixture
async def w(db):
    """Three published templates: Python (one holder), Security (three holders) and Leadership (a path)."""
    return await three_templates(db, path_validity_days=730)


def resolved(w, payload):
    """The payload with "PYTHON" and "PATH" standing for those resources' ids."""
    return json.loads(json.dumps(payload).replace('"PYTHON"', f'"{w.python}"').replace('"PATH"', f'"{w.path}"'))


def body(**kw) -> dict:
    return {"title": "Food Safety", "description": "Awarded on completion of the food safety course.",
            "resource_type": "course", "resource_id": "PYTHON", **kw}


async def create(http, w, **kw) -> dict:
    response = await http.post(BASE, json=resolved(w, body(**kw)), headers=bearer())
    assert response.status_code == 201, response.text
    return response.json()["data"]


async def test_create_a_draft_then_read_it(http, w):
    created = await create(http, w, validity_months=12, reset_days_before_expiry=30,
                           recertification_action="actionUrl", recertification_action_url="https://lms.example/renew",
                           recertification_action_text="Renew", recertification_after_days=300,
                           recertification_auto_reset=False, recertification_instructions="Retake the quiz")
    assert created["is_published"] is False and created["published_at"] is None
    assert (created["validity_months"], created["validity_days"], created["never_expires"]) == (12, None, False)
    assert created["reset_days_before_expiry"] == 30 and created["active_users_count"] == 0
    assert created["recertification_action"] == "actionUrl"
    assert created["recertification_action_url"] == "https://lms.example/renew"
    assert created["created_at"].endswith("+00:00")
    response = await http.get(f"{BASE}/{created['id']}", headers=bearer())
    assert response.status_code == 200
    assert response.json()["data"] == created


async def test_create_published_and_never_expiring(http, w):
    created = await create(http, w, is_published=True, resource_type="learningPath", resource_id="PATH")
    assert created["is_published"] is True and created["published_at"] is not None
    assert created["never_expires"] is True and created["validity_days"] is None


@pytest.mark.parametrize("payload, status, field", [
    ({"resource_type": "course", "resource_id": "PYTHON"}, 400, "title"),
    (body(title=""), 400, "title"),
    (body(resource_id=None), 400, "resource_id"),
    (body(resource_id=str(uuid.uuid4())), 404, "resource_id"),
    (body(resource_type="learningPath"), 404, "resource_id"),
    (body(validity_days=30, validity_months=1), 400, "validity_months"),
    (body(validity_months=12, reset_days_before_expiry=10), 400, "reset_days_before_expiry"),
    (body(reset_days_before_expiry=30), 400, "reset_days_before_expiry"),
    (body(recertification_action="sometimes"), 400, "recertification_action"),
    (body(recertification_action="actionUrl"), 400, "recertification_action_url"),
    (body(certificate_type_id=3), 400, "certificate_type_id"),
    (body(is_published="true"), 400, "is_published"),
])
async def test_create_errors(http, w, payload, status, field):
    response = await http.post(BASE, json=resolved(w, payload), headers=bearer())
    assert response.status_code == status, response.text
    assert error_of(response)["field"] == field


async def test_invalid_json_and_non_object_bodies(http, w):
    response = await http.post(BASE, content=b"{", headers={**bearer(), "content-type": "application/json"})
    assert response.status_code == 400 and error_of(response)["code"] == "BAD_USER_INPUT"
    response = await http.post(BASE, json=[1], headers=bearer())
    assert response.status_code == 400


async def test_patch_and_put_change_only_what_is_sent(http, w):
    created = await create(http, w, validity_months=12)
    url = f"{BASE}/{created['id']}"
    response = await http.patch(url, json={"title": "Food Safety II"}, headers=bearer())
    assert response.status_code == 200, response.text
    patched = response.json()["data"]
    assert patched["title"] == "Food Safety II"
    assert patched["description"] == created["description"] and patched["validity_months"] == 12
    response = await http.put(url, json={"validity_days": 90, "is_published": True}, headers=bearer())
    put = response.json()["data"]
    assert (put["validity_days"], put["validity_months"], put["title"]) == (90, None, "Food Safety II")
    assert put["is_published"] is True and put["published_at"] is not None
    response = await http.patch(url, json={"is_published": False, "description": None}, headers=bearer())
    unpublished = response.json()["data"]
    assert unpublished["is_published"] is False and unpublished["published_at"] is None
    assert unpublished["description"] is None
    response = await http.patch(url, json={"title": None}, headers=bearer())
    assert response.status_code == 400 and error_of(response)["field"] == "title"
    response = await http.patch(url, json={"resource_id": w.path}, headers=bearer())
    assert response.status_code == 400 and error_of(response)["field"] == "resource_type"
    response = await http.patch(url, json={"resource_type": "learningPath", "resource_id": w.path}, headers=bearer())
    assert response.json()["data"]["resource_type"] == "learningPath"


async def test_publish(http, w):
    created = await create(http, w)
    response = await http.post(f"{BASE}/{created['id']}/publish", headers=bearer())
    assert response.status_code == 200
    published = response.json()["data"]
    assert published["is_published"] is True and published["published_at"]
    again = (await http.post(f"{BASE}/{created['id']}/publish", headers=bearer())).json()["data"]
    assert again["published_at"] == published["published_at"]


async def test_soft_delete(http, w):
    url = f"{BASE}/{w.py_t}"
    response = await http.delete(url, headers=bearer())
    assert response.status_code == 204 and response.content == b""
    for method in ("GET", "DELETE"):
        response = await http.request(method, url, headers=bearer())
        assert response.status_code == 404 and error_of(response)["code"] == "NOT_FOUND"
    assert (await http.patch(url, json={"title": "x"}, headers=bearer())).status_code == 404
    assert (await http.post(f"{url}/publish", headers=bearer())).status_code == 404
    assert (await http.get(f"{url}/users", headers=bearer())).status_code == 404
    listed = (await http.get(BASE, params={"per_page": 50}, headers=bearer())).json()
    assert w.py_t not in [t["id"] for t in listed["data"]] and listed["meta"]["total"] == PUBLISHED - 1


async def test_read_errors(http, w):
    response = await http.get(f"{BASE}/not-a-uuid", headers=bearer())
    assert response.status_code == 400 and error_of(response)["field"] == "id"
    response = await http.get(f"{BASE}/{uuid.uuid4()}", headers=bearer())
    assert response.status_code == 404


async def test_list_filters_pagination_and_counts(http, w):
    draft = await create(http, w, title="Forklift Operation")
    response = await http.get(BASE, headers=bearer())
    assert response.status_code == 200
    page = response.json()
    assert page["meta"] == {"page": 1, "per_page": 20, "total": PUBLISHED + 1, "total_pages": 1}
    counts = {t["id"]: t["active_users_count"] for t in page["data"]}
    assert counts[w.sa_t] == 3 and counts[w.py_t] == 1 and counts[draft["id"]] == 0

    async def ids(**params):
        data = (await http.get(BASE, params=params, headers=bearer())).json()
        return [t["id"] for t in data["data"]], data["meta"]

    assert (await ids(is_published="false"))[0] == [draft["id"]]
    assert len((await ids(is_published="true"))[0]) == PUBLISHED
    assert (await ids(title="forklift"))[0] == [draft["id"]]
    assert len((await ids(title="Python"))[0]) == 1
    assert (await ids(since=draft["created_at"]))[0] == [draft["id"]]
    assert (await ids(since="2000-01-01"))[1]["total"] == PUBLISHED + 1
    first, meta = await ids(per_page=3)
    second, _ = await ids(per_page=3, page=2)
    assert meta == {"page": 1, "per_page": 3, "total": PUBLISHED + 1, "total_pages": 2}
    assert len(first) == 3 and len(second) == 1 and not set(first) & set(second)
    assert (await ids(page=3, per_page=3))[0] == []


@pytest.mark.parametrize("params, field", [
    ({"per_page": "51"}, "per_page"), ({"per_page": "0"}, "per_page"), ({"page": "x"}, "page"),
    ({"is_published": "maybe"}, "is_published"), ({"since": "yesterday"}, "since"),
])
async def test_list_parameter_errors(http, w, params, field):
    response = await http.get(BASE, params=params, headers=bearer())
    assert response.status_code == 400 and error_of(response)["field"] == field


async def test_list_runs_the_same_statements_for_any_page_size(http, w, count_statements):
    for i in range(30):
        await create(http, w, title=f"Bulk {i}")
    with count_statements() as one:
        await http.get(BASE, params={"per_page": 1}, headers=bearer())
    with count_statements() as many:
        response = await http.get(BASE, params={"per_page": 50}, headers=bearer())
    assert len(response.json()["data"]) == PUBLISHED + 30
    assert one.count == many.count


async def test_scopes(http, w, make_key):
    reader = await make_key(["certificates:read"])
    other = await make_key(["users:read"])
    assert (await http.get(BASE, headers=bearer(reader))).status_code == 200
    assert (await http.get(f"{BASE}/{w.py_t}", headers=bearer(reader))).status_code == 200
    response = await http.post(BASE, json=resolved(w, body()), headers=bearer(reader))
    assert response.status_code == 403 and error_of(response)["code"] == "FORBIDDEN"
    for method, url in (("PATCH", f"{BASE}/{w.py_t}"), ("DELETE", f"{BASE}/{w.py_t}"),
                        ("POST", f"{BASE}/{w.py_t}/publish")):
        assert (await http.request(method, url, json={}, headers=bearer(reader))).status_code == 403
    assert (await http.get(BASE, headers=bearer(other))).status_code == 403
    response = await http.get(BASE)
    assert response.status_code == 401 and error_of(response)["code"] == "UNAUTHENTICATED"
    writer = await make_key(["certificates:write"])
    assert (await http.post(BASE, json=resolved(w, body()), headers=bearer(writer))).status_code == 201


async def test_create_with_idempotency_key_creates_once(http, w):
    headers = {**bearer(), "Idempotency-Key": "create-food-safety"}
    first = await http.post(BASE, json=resolved(w, body()), headers=headers)
    second = await http.post(BASE, json=resolved(w, body()), headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    listed = (await http.get(BASE, params={"title": "Food Safety"}, headers=bearer())).json()
    assert listed["meta"]["total"] == 1
