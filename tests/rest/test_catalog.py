"""PUT and GET /incoming/v2/catalog: scopes, the summary, problems as errors, the export."""
from __future__ import annotations

import orjson

from tests.catalog.test_importer import CATALOG
from tests.rest.helpers import bearer, error_of

PATH = "/incoming/v2/catalog"


async def test_put_imports_and_returns_the_summary_then_unchanged(http, make_key):
    key = await make_key(["catalog:write"])
    first = await http.put(PATH, json=CATALOG, headers=bearer(key))
    assert first.status_code == 200, first.text
    assert first.json()["data"]["courses"] == {"created": 2, "updated": 0, "unchanged": 0}
    again = await http.put(PATH, json=CATALOG, headers=bearer(key))
    assert again.json()["data"]["courses"] == {"created": 0, "updated": 0, "unchanged": 2}


async def test_get_exports_what_put_imported(http, make_key):
    key = await make_key(["catalog:read", "catalog:write"])
    assert (await http.put(PATH, json=CATALOG, headers=bearer(key))).status_code == 200
    response = await http.get(PATH, headers=bearer(key))
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    document = response.json()
    assert [c["slug"] for c in document["courses"]] == ["python", "sql"]
    assert document["courses"][0]["sessions"][0]["slug"] == "python-spring"
    assert document["clients"][0]["licenses"][0]["parentLicense"] == "LIC-MAIN"
    # The export imports as it is, and changes nothing.
    again = await http.put(PATH, content=response.content, headers=bearer(key))
    assert not any(c["created"] or c["updated"] for c in again.json()["data"].values())


async def test_problems_are_400_errors_each_with_its_path_and_code(http):
    document = {"courses": [{"slug": "a", "title": "A", "kind": "video", "ribbon": "gone"},
                            {"slug": "a", "title": "A again", "kind": "video"}]}
    response = await http.put(PATH, json=document, headers=bearer())
    assert response.status_code == 400
    errors = [(e["extensions"]["field"], e["extensions"]["code"]) for e in response.json()["errors"]]
    assert errors == [("courses[0].ribbon", "UNKNOWN_REFERENCE"), ("courses[1].slug", "DUPLICATE_KEY")]
    assert (await http.get(PATH, headers=bearer())).json().get("courses") == []


async def test_not_json_is_a_400(http):
    response = await http.put(PATH, content=b"{", headers=bearer())
    assert response.status_code == 400 and error_of(response)["code"] == "INVALID_JSON"


async def test_scopes(http, make_key):
    reader, writer = await make_key(["catalog:read"]), await make_key(["catalog:write"])
    assert (await http.put(PATH, json=CATALOG, headers=bearer(reader))).status_code == 403
    assert (await http.get(PATH, headers=bearer(writer))).status_code == 403
    assert (await http.get(PATH)).status_code == 401
    assert (await http.get(PATH, headers=bearer(reader))).status_code == 200


async def test_both_are_in_the_openapi_document(http):
    paths = (await http.get("/incoming/v2/openapi.json")).json()["paths"]
    assert {"put", "get"} <= set(paths[PATH])
    assert paths[PATH]["put"]["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CatalogDocument"}


async def test_an_idempotency_key_replays_the_first_summary(http):
    headers = {**bearer(), "Idempotency-Key": "catalog-1"}
    first = await http.put(PATH, content=orjson.dumps(CATALOG), headers=headers)
    second = await http.put(PATH, content=orjson.dumps(CATALOG), headers=headers)
    assert second.headers.get("idempotent-replayed") == "true" and second.json() == first.json()
