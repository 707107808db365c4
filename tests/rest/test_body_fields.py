"""Every field of every REST JSON body, read from the OpenAPI document (so a new endpoint or field is
walked without touching this file): oversize text, NUL bytes, wrong types, out-of-range numbers and
dates each get a 4xx with an error code, and nothing is written (issue 14, part 4).

Each operation starts from the smallest body it accepts (`BASES`, by input schema; a schema without
one gets a body derived from its required fields), which must be accepted first, so that a refusal
below is the bad field's and not the rest of the body's. Then one field at a time gets a bad value:
the answer must be a 4xx with `extensions.code`, and no table may change (row counts after each
request, every row's content after the operation's walk).
"""
from __future__ import annotations

import copy
import hashlib

import pytest
from sqlalchemy import func, select

from app.db import Base
from app.rest.openapi import document
from tests.catalog.test_importer import CATALOG
from tests.factories import build, course, id_of, learner
from tests.rest.helpers import bearer

OPENAPI = document()
SCHEMAS = OPENAPI["components"]["schemas"]

# The smallest accepted body of each input schema; "{certificate-templates}" is the id of a template the
# test made (see _base), "{jane}" and "{python}" those of the `made` fixture's learner and course.
BASES = {
    "CertifyUserInput": {"userId": "{jane}", "resourceType": "course", "resourceId": "{python}"},
    "CertificateTemplateInput": {"title": "Walk", "resource_type": "course", "resource_id": "{python}", "is_published": True},
    "AssignInput": {"assignments": [{"certificate_template_id": "{certificate-templates}", "users": [{"user_id": "{jane}"}]}]},
    "ResetInput": {},
    "CertificateTypeInput": {"title": "Walk"},
    "CertificationInput": {"user_id": "{jane}", "title": "Walk"},
    "CertificationPatch": {},
    "CertificationVerificationInput": {"verification_method": "registry"},
    "CertificationBatchInput": {"certifications": [{"user_id": "{jane}", "title": "Walk"}]},
    "WebhookEndpointInput": {"url": "http://127.0.0.1/hook", "event_types": ["certificate.issued"]},
    "CatalogDocument": CATALOG,
}
# Path parameters of resources no endpoint creates.
EXISTING = {"users": "{jane}"}
WRONG_TYPE = {"string": 12345, "integer": "12", "number": "1.5", "boolean": "yes", "array": "x", "object": ["x"]}
OVERSIZE = 200_000  # characters, for a string without maxLength: far more than any column or text field takes
DATES = [("year 1899", "1899-12-31"), ("year 3001", "3001-01-01"), ("year 1 east of UTC", "0001-01-01T00:00:00+14:00"),
         ("year 9999 west of UTC", "9999-12-31T23:59:59-14:00"), ("no such day", "2026-02-30")]


def _resolve(schema: dict) -> tuple[str | None, dict]:
    name = None
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = SCHEMAS[name]
    return name, schema


def _fields(schema: dict, path: tuple = ()):
    """(path, schema) of every field, nested objects and array items (index 0) included."""
    _, schema = _resolve(schema)
    if "anyOf" in schema or "oneOf" in schema:
        yield path, schema
        return
    if path:
        yield path, schema
    if schema.get("type") == "object":
        for name, child in schema.get("properties", {}).items():
            yield from _fields(child, (*path, name))
    elif schema.get("type") == "array" and "items" in schema:
        yield from _fields(schema["items"], (*path, 0))


def bad_values(schema: dict) -> list[tuple[str, object]]:
    kind = schema.get("type")
    out = [("wrong type", WRONG_TYPE[kind])] if kind in WRONG_TYPE else []
    if kind == "string":
        out += [("NUL byte", "a\x00b"), ("oversize", "x" * (schema.get("maxLength", OVERSIZE) + 1))]
        if "enum" in schema:
            out.append(("not one of the enum", "not-a-value"))
        if schema.get("format") in ("date", "date-time"):
            out += DATES
    elif kind in ("integer", "number"):
        if "maximum" in schema:
            out.append(("maximum + 1", schema["maximum"] + 1))
        if "minimum" in schema:
            out.append(("minimum - 1", schema["minimum"] - 1))
        out += [("10^20", 10**20), ("-10^20", -(10**20)), ("1e308", 1e308)]
        if kind == "integer":
            out.append(("a fraction", 1.5))
    elif kind == "array" and "maxItems" in schema:
        out.append(("maxItems + 1", [None] * (schema["maxItems"] + 1)))
    return out


def _derived(schema: dict):
    """A body from the schema alone: the required fields, each with a plain value of its type."""
    _, schema = _resolve(schema)
    kind = schema.get("type")
    if kind == "object":
        return {name: _derived(schema["properties"][name]) for name in schema.get("required", ())}
    if kind == "array":
        return [_derived(schema.get("items", {}))] * schema.get("minItems", 0)
    if "enum" in schema:
        return schema["enum"][0]
    return {"string": "walk", "integer": 1, "number": 1, "boolean": True}.get(kind)


def with_value(body, path: tuple, value):
    """A copy of `body` with `value` at `path` (missing objects and arrays made on the way)."""
    body = copy.deepcopy(body)
    node = body
    for key, after in zip(path, (*path[1:], None)):
        last = after is None
        if isinstance(key, int):
            while len(node) <= key:
                node.append(None)
            if last:
                node[key] = value
            elif not isinstance(node[key], dict | list):
                node[key] = [] if isinstance(after, int) else {}
        else:
            if last:
                node[key] = value
            elif not isinstance(node.get(key), dict | list):
                node[key] = [] if isinstance(after, int) else {}
        if not last:
            node = node[key]
    return body


def _operations():
    for path, item in OPENAPI["paths"].items():
        for method, operation in item.items():
            body = (operation.get("requestBody") or {}).get("content", {}).get("application/json") \
                if isinstance(operation, dict) else None
            if body:
                yield pytest.param(method.upper(), path, body["schema"], id=f"{method.upper()} {path}")


def _fill(value, ids: dict):
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


async def _create(http, collection: str, made: dict) -> str:
    url = f"/incoming/v2/{collection}"
    schema = OPENAPI["paths"][url]["post"]["requestBody"]["content"]["application/json"]["schema"]
    response = await http.post(url, json=await _base(http, schema, made), headers=bearer())
    assert response.status_code in (200, 201), (url, response.text[:500])
    return response.json()["data"]["id"]


async def _base(http, schema: dict, made: dict):
    name, _ = _resolve(schema)
    base = copy.deepcopy(BASES[name]) if name in BASES else _derived(schema)
    needed = {v[1:-1] for v in _strings(base) if v.startswith("{") and v.endswith("}")} - made.keys()
    return _fill(base, made | {collection: await _create(http, collection, made) for collection in needed})


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


async def _url(http, path: str, made: dict) -> str:
    """`path` with each `{id}` replaced by an existing resource (made through the API where it can be)."""
    parts = path.split("/")
    for i, part in enumerate(parts):
        if part.startswith("{"):
            collection = parts[i - 1]
            parts[i] = _fill(EXISTING[collection], made) if collection in EXISTING \
                else await _create(http, collection, made)
    return "/".join(parts)


async def _counts(engine) -> dict:
    tables = Base.metadata.sorted_tables
    async with engine.connect() as conn:
        row = (await conn.execute(select(*(select(func.count()).select_from(t).scalar_subquery().label(t.name)
                                           for t in tables)))).one()
    return dict(row._mapping)


async def _content(engine) -> str:
    digest = hashlib.sha256()
    async with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in await conn.execute(select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"webhook_allow_private": True})


@pytest.fixture
async def made(db) -> dict:
    """The ids the bodies name: a course and a learner."""
    await build(db, courses=[course("python")])
    return {"python": await id_of(db, "content", "python"), "jane": await learner(db, "jane@example.com")}


@pytest.mark.parametrize("method,path,schema", list(_operations()))
async def test_every_body_field_refuses_bad_values_and_writes_nothing(http, engine, made, method, path, schema):
    url = await _url(http, path, made)
    base = await _base(http, schema, made)
    accepted = await http.request(method, url, json=base, headers=bearer())
    assert 200 <= accepted.status_code < 300, ("the base body is refused: add one to BASES", accepted.text[:500])
    if "/{id}/" in path and method == "POST":  # verify, reject, reset: a state change; a fresh resource for the walk
        url = await _url(http, path, made)

    problems = []
    counts, content = await _counts(engine), await _content(engine)
    for field_path, field_schema in _fields(schema):
        for label, value in bad_values(field_schema):
            response = await http.request(method, url, json=with_value(base, field_path, value), headers=bearer())
            where = f"{'.'.join(map(str, field_path))} {label}"
            try:
                code = response.json()["errors"][0]["extensions"]["code"]
            except (ValueError, KeyError, IndexError, TypeError):
                code = None
            if not 400 <= response.status_code < 500 or not code:
                problems.append(f"{where}: HTTP {response.status_code} {response.text[:200]}")
            elif await _counts(engine) != counts:
                problems.append(f"{where}: rows written")
            else:
                continue
            counts = await _counts(engine)  # the next value is judged on its own
    if problems:
        pytest.fail(f"{len(problems)} bad values not refused cleanly:\n" + "\n".join(problems), pytrace=False)
    assert await _content(engine) == content, "a refused request changed a row"
