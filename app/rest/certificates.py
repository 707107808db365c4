"""Certificate templates, bulk assign, reset/revoke and holdings under /incoming/v2 (seed 003).

Scopes: `certificates:read` for GETs, `certificates:write` for writes. Every write is one
transaction. Field names and shapes are documented in the OpenAPI document
(app/rest/certificates_openapi.py).
"""
from __future__ import annotations

from contextlib import asynccontextmanager

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.certificates import assignments, holdings, templates, types
from app.certificates.lifecycle import reset_certificates
from app.db import utcnow
from app.errors import bad_input
from app.rest.certificate_shapes import (
    certificate_json,
    holder_json,
    optional_bool,
    optional_timestamp,
    page_meta,
    pagination,
    template_json,
    user_certificate_json,
)
from app.rest.certificates_openapi import COMPONENTS, PATHS  # noqa: F401 - merged by app/rest/openapi.py
from app.rest.common import body_flag, endpoint, json_body, parse_uuid, write_session
from app.web.responses import ORJSONResponse

BASE = "/incoming/v2/certificate-templates"
MAX_RESET_USERS = 1000


@asynccontextmanager
async def _read(request: Request):
    async with request.app.state.services.session_factory() as session:
        yield session


def _template_id(request: Request) -> str:
    return parse_uuid(request.path_params["id"], "id")


async def _templates_json(session, items: list) -> list[dict]:
    """Templates with their active users and embedded certificate type (two queries for any number)."""
    counts = await templates.active_users_counts(session, template_ids=[t.id for t in items])
    by_id = await types.types_by_id(session, [t.certificate_type_id for t in items])
    return [template_json(t, counts.get(t.id, 0), by_id.get(t.certificate_type_id)) for t in items]


async def _template_body(session, template) -> dict:
    return {"data": (await _templates_json(session, [template]))[0]}


# ---- templates --------------------------------------------------------------------------------

@endpoint("certificates:read")
async def list_templates(request: Request, api_key) -> Response:
    params = request.query_params
    page, per_page = pagination(params)
    is_published = optional_bool(params.get("is_published"), "is_published")
    since = optional_timestamp(params.get("since"), "since")
    title = (params.get("title") or "").strip() or None
    type_id = params.get("certificate_type_id")
    type_id = parse_uuid(type_id, "certificate_type_id") if type_id else None
    async with _read(request) as session:
        result = await templates.list_templates(session, is_published=is_published, title=title, since=since,
                                                certificate_type_id=type_id, page=page, per_page=per_page)
        data = await _templates_json(session, result.items)
    return ORJSONResponse({"data": data, "meta": page_meta(result)})


@endpoint("certificates:write")
async def create_template(request: Request, api_key) -> Response:
    body = await json_body(request)
    async with write_session(request) as session:
        template = await templates.create_template(session, body=body)
        payload = await _template_body(session, template)
    return ORJSONResponse(payload, status_code=201, headers={"Location": f"{BASE}/{template.id}"})


@endpoint("certificates:read")
async def get_template(request: Request, api_key) -> Response:
    template_id = _template_id(request)
    async with _read(request) as session:
        template = await templates.get_template(session, template_id=template_id)
        return ORJSONResponse(await _template_body(session, template))


@endpoint("certificates:write")
async def update_template(request: Request, api_key) -> Response:
    template_id = _template_id(request)
    body = await json_body(request)
    async with write_session(request) as session:
        template = await templates.update_template(session, template_id=template_id, body=body)
        payload = await _template_body(session, template)
    return ORJSONResponse(payload)


@endpoint("certificates:write")
async def delete_template(request: Request, api_key) -> Response:
    template_id = _template_id(request)
    async with write_session(request) as session:
        await templates.delete_template(session, template_id=template_id)
    return Response(status_code=204)


@endpoint("certificates:write")
async def publish_template(request: Request, api_key) -> Response:
    template_id = _template_id(request)
    async with write_session(request) as session:
        template = await templates.publish_template(session, template_id=template_id)
        payload = await _template_body(session, template)
    return ORJSONResponse(payload)


# ---- holders ----------------------------------------------------------------------------------

@endpoint("certificates:read")
async def template_users(request: Request, api_key) -> Response:
    template_id = _template_id(request)
    page, per_page = pagination(request.query_params)
    now = utcnow()
    async with _read(request) as session:
        template = await templates.get_template(session, template_id=template_id)
        result = await holdings.template_holders(session, template=template, page=page, per_page=per_page)
    return ORJSONResponse({"data": [holder_json(h, now) for h in result.items], "meta": page_meta(result)})


@endpoint("certificates:read")
async def user_certificates(request: Request, api_key) -> Response:
    user_id = parse_uuid(request.path_params["id"], "id")
    now = utcnow()
    async with _read(request) as session:
        groups = await holdings.user_certificates(session, user_id=user_id)
        by_id = await types.types_by_id(session, [g.template.certificate_type_id for g in groups if g.template])
    return ORJSONResponse({"data": [
        user_certificate_json(g, now, by_id.get(g.template.certificate_type_id) if g.template else None)
        for g in groups]})


# ---- assign -----------------------------------------------------------------------------------

def _list(value, name: str) -> list:
    if not isinstance(value, list) or not value:
        raise bad_input(f"{name} must be a non-empty array", name)
    return value


def _object(value, name: str) -> dict:
    if not isinstance(value, dict):
        raise bad_input(f"{name} must be an object", name)
    return value


def _uuid_field(obj: dict, key: str, path: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise bad_input(f"{path}.{key} is required (a UUID)", f"{path}.{key}")
    return parse_uuid(value, f"{path}.{key}")


def parse_assignments(body: dict) -> list[assignments.AssignmentItem]:
    items = []
    for i, raw in enumerate(_list(body.get("assignments"), "assignments")):
        path = f"assignments[{i}]"
        entry = _object(raw, path)
        template_id = _uuid_field(entry, "certificate_template_id", path)
        for j, raw_user in enumerate(_list(entry.get("users"), f"{path}.users")):
            user_path = f"{path}.users[{j}]"
            user = _object(raw_user, user_path)
            items.append(assignments.AssignmentItem(
                template_id=template_id, user_id=_uuid_field(user, "user_id", user_path),
                completed_at=templates.parse_timestamp(user.get("completed_at"), f"{user_path}.completed_at"),
                path=user_path))
            if len(items) > assignments.MAX_ASSIGNMENTS:
                raise bad_input(f"At most {assignments.MAX_ASSIGNMENTS} users per request", "assignments")
    return items


@endpoint("certificates:write")
async def assign(request: Request, api_key) -> Response:
    items = parse_assignments(await json_body(request))
    now = utcnow()
    async with write_session(request) as session:
        result = await assignments.assign_certificates(session, items=items, now=now)
    return ORJSONResponse({"data": {
        "issued": [{"certificate_template_id": item.template_id, "user_id": item.user_id,
                    "certificate": certificate_json(certificate, now)} for item, certificate in result.issued],
        "skipped": [{"certificate_template_id": item.template_id, "user_id": item.user_id, "reason": reason,
                     "certificate_id": existing.id if existing else None}
                    for item, reason, existing in result.skipped],
    }})


# ---- reset / revoke ---------------------------------------------------------------------------

@endpoint("certificates:write")
async def reset(request: Request, api_key) -> Response:
    template_id = _template_id(request)
    body = await json_body(request)
    unknown = sorted(set(body) - {"user_ids", "expire", "notify"})
    if unknown:
        raise bad_input(f"Unknown field(s): {', '.join(unknown)}", unknown[0])
    user_ids = None
    if body.get("user_ids") is not None:
        raw = body["user_ids"]
        if not isinstance(raw, list):
            raise bad_input("user_ids must be an array of user ids", "user_ids")
        if len(raw) > MAX_RESET_USERS:
            raise bad_input(f"At most {MAX_RESET_USERS} user_ids per request", "user_ids")
        user_ids = list(dict.fromkeys(parse_uuid(u, f"user_ids[{i}]") for i, u in enumerate(raw)))
    expire, notify = body_flag(body, "expire"), body_flag(body, "notify")
    now = utcnow()
    async with write_session(request) as session:
        template = await templates.get_template(session, template_id=template_id, lock=True)
        result = await reset_certificates(session, template=template, user_ids=user_ids, expire=expire,
                                          notify=notify, now=now)
    return ORJSONResponse({"data": {
        "certificate_template_id": template_id,
        "expired": expire,
        "reset": [{"user_id": user.id, "certificates": [certificate_json(c, now) for c in changed]}
                  for user, changed in result.reset],
        "not_holding": result.not_holding,
        "notified": result.notified,
    }})


ROUTES = [
    Route(f"{BASE}/assign", assign, methods=["POST"]),
    Route(BASE, list_templates, methods=["GET"]),
    Route(BASE, create_template, methods=["POST"]),
    Route(f"{BASE}/{{id}}", get_template, methods=["GET"]),
    Route(f"{BASE}/{{id}}", update_template, methods=["PUT", "PATCH"]),
    Route(f"{BASE}/{{id}}", delete_template, methods=["DELETE"]),
    Route(f"{BASE}/{{id}}/publish", publish_template, methods=["POST"]),
    Route(f"{BASE}/{{id}}/reset", reset, methods=["POST"]),
    Route(f"{BASE}/{{id}}/users", template_users, methods=["GET"]),
    Route("/incoming/v2/users/{id}/certificates", user_certificates, methods=["GET"]),
]
