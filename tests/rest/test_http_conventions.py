"""REST conventions every endpoint follows: Location on 201, 415 for bodies that are not JSON, Swagger UI."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.rest.openapi import OPENAPI_PATH
from tests.factories.catalog import build, course, id_of
from tests.factories.users import learners
from tests.rest.helpers import bearer, error_of
from tests.rest.test_certificate_templates import BASE

CREATES = {
    BASE: lambda w: {"title": "Food Safety", "resource_type": "course", "resource_id": w.python},
    "/incoming/v2/certificate-types": lambda w: {"title": "Compliance"},
    "/incoming/v2/certifications": lambda w: {"user_id": w.jane, "issued_on": "2026-01-10", "title": "Forklift"},
}


@pytest.fixture
async def w(db):
    """What the creates name: a course (templates) and a learner (certification records)."""
    await build(db, courses=[course("python")])
    [jane] = await learners(db, "jane@example.com")
    return SimpleNamespace(python=await id_of(db, "content", "python"), jane=jane)


@pytest.mark.parametrize("path", list(CREATES))
async def test_201_created_names_the_new_resource_in_location(http, w, path):
    response = await http.post(path, json=CREATES[path](w), headers=bearer())
    assert response.status_code == 201, response.text
    location = response.headers["location"]
    assert location == f"{path}/{response.json()['data']['id']}"
    read = await http.get(location, headers=bearer())
    assert read.status_code == 200 and read.json()["data"]["id"] == response.json()["data"]["id"]


async def test_every_201_in_the_openapi_document_is_a_create_we_answer_with_location(http):
    """Each documented 201 is tested above, or (webhooks, which need a reachable receiver) in
    tests/webhooks/test_delivery.py; a new one needs its own Location test."""
    document = (await http.get(OPENAPI_PATH)).json()
    created = {path for path, item in document["paths"].items() for method, op in item.items()
               if isinstance(op, dict) and "201" in op.get("responses", {})}
    assert created == {*CREATES, "/incoming/v2/webhooks"}


@pytest.mark.parametrize("media_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
async def test_a_body_that_is_not_json_is_415(http, media_type):
    response = await http.post(BASE, content=b'{"title": "x"}', headers={**bearer(), "Content-Type": media_type})
    assert response.status_code == 415
    assert error_of(response)["code"] == "UNSUPPORTED_MEDIA_TYPE"


async def test_json_with_a_charset_is_accepted(http, w):
    import orjson

    response = await http.post(BASE, content=orjson.dumps(CREATES[BASE](w)),
                               headers={**bearer(), "Content-Type": "application/json; charset=utf-8"})
    assert response.status_code == 201


async def test_swagger_ui_is_served_from_our_own_files(http):
    page = await http.get("/incoming/v2/docs")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert OPENAPI_PATH in page.text and "https://" not in page.text and "//cdn" not in page.text
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        response = await http.get(f"/incoming/v2/docs/static/{asset}")
        assert response.status_code == 200 and len(response.content) > 10_000
