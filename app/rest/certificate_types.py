"""Certificate types under /incoming/v2/certificate-types (seed 003 "Certificate Types").

Scopes: `certificates:read` for GETs, `certificates:write` for writes, like the templates they group.
"""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.certificates import types
from app.certificates.models import CertificateType
from app.rest.certificate_shapes import (
    certificate_type_json,
    optional_bool,
    optional_timestamp,
    page_meta,
    pagination,
)
from app.rest.common import endpoint, json_body, parse_uuid, write_session
from app.rest.openapi import standard_responses
from app.web.responses import ORJSONResponse

BASE = "/incoming/v2/certificate-types"


def type_json(ct: CertificateType) -> dict:
    """The admin shape: seed 003's embedded object plus the slug, description and seed 001's status."""
    return {**certificate_type_json(ct), "slug": ct.slug, "description": ct.description,
            "status": types.status_of(ct)}


def _type_id(request: Request) -> str:
    return parse_uuid(request.path_params["id"], "id")


@endpoint("certificates:read")
async def list_types(request: Request, api_key) -> Response:
    params = request.query_params
    page, per_page = pagination(params)
    async with request.app.state.services.session_factory() as session:
        result = await types.list_types(
            session, is_published=optional_bool(params.get("is_published"), "is_published"),
            title=(params.get("title") or "").strip() or None, since=optional_timestamp(params.get("since"), "since"),
            page=page, per_page=per_page)
    return ORJSONResponse({"data": [type_json(t) for t in result.items], "meta": page_meta(result)})


@endpoint("certificates:read")
async def get_type(request: Request, api_key) -> Response:
    type_id = _type_id(request)
    async with request.app.state.services.session_factory() as session:
        certificate_type = await types.get_type(session, type_id=type_id)
    return ORJSONResponse({"data": type_json(certificate_type)})


@endpoint("certificates:write")
async def create_type(request: Request, api_key) -> Response:
    body = await json_body(request)
    async with write_session(request) as session:
        certificate_type = await types.create_type(session, body=body)
    return ORJSONResponse({"data": type_json(certificate_type)}, status_code=201,
                          headers={"Location": f"{BASE}/{certificate_type.id}"})


@endpoint("certificates:write")
async def update_type(request: Request, api_key) -> Response:
    type_id = _type_id(request)
    body = await json_body(request)
    async with write_session(request) as session:
        certificate_type = await types.update_type(session, type_id=type_id, body=body)
    return ORJSONResponse({"data": type_json(certificate_type)})


@endpoint("certificates:write")
async def publish_type(request: Request, api_key) -> Response:
    type_id = _type_id(request)
    async with write_session(request) as session:
        certificate_type = await types.publish_type(session, type_id=type_id)
    return ORJSONResponse({"data": type_json(certificate_type)})


@endpoint("certificates:write")
async def delete_type(request: Request, api_key) -> Response:
    type_id = _type_id(request)
    async with write_session(request) as session:
        await types.delete_type(session, type_id=type_id)
    return Response(status_code=204)


ROUTES = [
    Route(BASE, list_types, methods=["GET"]),
    Route(BASE, create_type, methods=["POST"]),
    Route(f"{BASE}/{{id}}", get_type, methods=["GET"]),
    Route(f"{BASE}/{{id}}", update_type, methods=["PUT", "PATCH"]),
    Route(f"{BASE}/{{id}}", delete_type, methods=["DELETE"]),
    Route(f"{BASE}/{{id}}/publish", publish_type, methods=["POST"]),
]


# ---- OpenAPI ----------------------------------------------------------------------------------

TAG = "Certificate types"


def _ts(description: str = "", nullable: bool = False) -> dict:
    return {"type": "string", "format": "date-time", "nullable": nullable, "description": description}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


EMBEDDED_PROPERTIES = {
    "id": {"type": "string", "format": "uuid"},
    "title": {"type": "string"},
    "is_published": {"type": "boolean"},
    "published_at": _ts("When it was last published; null for a draft.", nullable=True),
    "created_at": _ts(),
    "updated_at": _ts(),
}

COMPONENTS = {
    "CertificateTypeInput": {
        "type": "object", "additionalProperties": False,
        "description": "Create: title is required; slug defaults to one made from the title (made unique). PUT and "
                       "PATCH change only what is sent. Unknown fields are refused.",
        "properties": {
            "title": {"type": "string", "minLength": 1, "maxLength": 200},
            "slug": {"type": "string", "maxLength": types.SLUG_MAX, "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
                     "description": "Unique for the instance (409 when taken, deleted types included)."},
            "description": {"type": "string", "nullable": True},
            "is_published": {"type": "boolean", "description": "true publishes; false (the default) is a draft."},
        },
    },
    "EmbeddedCertificateType": {
        "type": "object", "nullable": True, "required": list(EMBEDDED_PROPERTIES), "properties": EMBEDDED_PROPERTIES,
        "description": "Seed 003's certificate_type, embedded in template and held-certificate responses; null when "
                       "there is none (or it was deleted).",
    },
    "CertificateType": {
        "type": "object",
        "required": [*EMBEDDED_PROPERTIES, "slug", "description", "status"],
        "properties": {
            **EMBEDDED_PROPERTIES,
            "slug": {"type": "string"},
            "description": {"type": "string", "nullable": True},
            "status": {"type": "string", "enum": [types.ACTIVE, types.DRAFT],
                       "description": "Seed 001's status: active when published."},
        },
    },
    "CertificateTypeResponse": {"type": "object", "required": ["data"],
                                "properties": {"data": _ref("CertificateType")}},
    "CertificateTypeList": {"type": "object", "required": ["data", "meta"], "properties": {
        "data": {"type": "array", "items": _ref("CertificateType")}, "meta": _ref("PageMeta")}},
}

_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
_IDEMPOTENCY = {"$ref": "#/components/parameters/IdempotencyKey"}
_OK = _json(_ref("CertificateTypeResponse"), "The certificate type")
_WRITE_ERRORS = standard_responses(400, 401, 403, 404, 409, 422)


def _op(op_id: str, summary: str, description: str, scope: str, responses: dict, *, parameters=(), body=False):
    op = {"operationId": op_id, "summary": summary, "description": f"{description} Scope `{scope}`.", "tags": [TAG],
          "parameters": list(parameters), "responses": responses}
    if body:
        schema = _ref("CertificateTypeInput")
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": schema}}}
    return op


PATHS = {
    BASE: {
        "get": _op("listCertificateTypes", "List certificate types", "Non-deleted types, oldest first.",
                   "certificates:read", {"200": _json(_ref("CertificateTypeList"), "A page of types"),
                                         **standard_responses(400, 401, 403)},
                   parameters=[
                       {"name": "is_published", "in": "query", "schema": {"type": "boolean"},
                        "description": "true: published only; false: drafts only; omit for all."},
                       {"name": "title", "in": "query", "schema": {"type": "string"},
                        "description": "Case-insensitive partial match."},
                       {"name": "since", "in": "query", "schema": {"type": "string", "format": "date-time"},
                        "description": "ISO 8601: created at or after."},
                       {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
                       {"name": "per_page", "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 50, "default": 20}},
                   ]),
        "post": _op("createCertificateType", "Create a certificate type", "A draft unless is_published is true.",
                    "certificates:write", {"201": _OK, **_WRITE_ERRORS}, parameters=[_IDEMPOTENCY], body=True),
    },
    f"{BASE}/{{id}}": {
        "get": _op("getCertificateType", "Get a certificate type", "Deleted types are 404.", "certificates:read",
                   {"200": _OK, **standard_responses(400, 401, 403, 404)}, parameters=[_ID]),
        "put": _op("replaceCertificateType", "Update a certificate type", "Same as PATCH.", "certificates:write",
                   {"200": _OK, **_WRITE_ERRORS}, parameters=[_ID, _IDEMPOTENCY], body=True),
        "patch": _op("updateCertificateType", "Update a certificate type",
                     "Only the fields sent change; is_published toggles publication.", "certificates:write",
                     {"200": _OK, **_WRITE_ERRORS}, parameters=[_ID, _IDEMPOTENCY], body=True),
        "delete": _op("deleteCertificateType", "Delete a certificate type",
                      "Soft delete: gone from lists and reads, and from the templates that named it (their "
                      "certificate_type becomes null); its slug stays taken.", "certificates:write",
                      {"204": {"description": "Deleted"}, **_WRITE_ERRORS}, parameters=[_ID, _IDEMPOTENCY]),
    },
    f"{BASE}/{{id}}/publish": {
        "post": _op("publishCertificateType", "Publish a certificate type",
                    "Idempotent: a published type keeps its published_at.", "certificates:write",
                    {"200": _OK, **_WRITE_ERRORS}, parameters=[_ID, _IDEMPOTENCY]),
    },
}
