"""Certification records under /incoming/v2/certifications, in seed 001's shape.

Scopes `certification_records:read` (GETs) and `certification_records:write` (writes), as the seed
names them. POST with external_source + external_id is an upsert on that pair (201 created, 200
updated); an Idempotency-Key works on top, as on every write. The OpenAPI document is in
app/rest/certifications_openapi.py.
"""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.certificates import records, types
from app.certificates.lifecycle import lifecycle_status, validity_status
from app.certificates.models import REJECTED, VERIFICATION_STATUSES, VERIFIED
from app.db import utcnow
from app.errors import bad_input
from app.rest.certificate_shapes import iso, page_meta, pagination
from app.rest.certifications_openapi import COMPONENTS, PATHS  # noqa: F401 - merged by app/rest/openapi.py
from app.rest.common import endpoint, json_body, parse_uuid, write_session
from app.web.responses import ORJSONResponse

BASE = "/incoming/v2/certifications"


def record_json(view: records.RecordView, now) -> dict:
    c, template, ct = view.certificate, view.template, view.certificate_type
    on = records.expires_on(c)
    return {
        "id": c.id,
        "organization_id": view.user.client_id,
        "organization_member_id": c.user_id,
        "user_id": c.user_id,
        "external_id": c.external_id,
        "external_source": c.external_source,
        "certification_type_id": c.template_id,
        "lifecycle_status": lifecycle_status(c, now),
        "source": c.source,
        "issued_on": records.issued_on(c).isoformat(),
        "expires_on": on.isoformat() if on else None,
        "issuer_name": c.issuer_name,
        "serial_number": c.serial_number,
        "verification_status": c.verification_status,
        "validity_status": validity_status(c, now),
        "verification_method": c.verification_method,
        "last_verified_at": iso(c.last_verified_at),
        "created_at": iso(c.created_at),
        "updated_at": iso(c.updated_at),
        "certification_type": None if ct is None else {
            "id": ct.id, "slug": ct.slug, "title": ct.title, "status": types.status_of(ct)},
        # Beyond the seed: what a reader needs to show and check the record.
        "title": (template.title if template else None) or c.external_resource_title,
        "identifier": c.identifier,
        "is_external": c.is_external,
        "verification_note": c.verification_note,
    }


async def _one(session, certificate, *, status_code: int = 200) -> Response:
    view = (await records.views(session, [certificate]))[0]
    headers = {"Location": f"{BASE}/{certificate.id}"} if status_code == 201 else None
    return ORJSONResponse({"data": record_json(view, utcnow())}, status_code=status_code, headers=headers)


def _record_id(request: Request) -> str:
    return parse_uuid(request.path_params["id"], "id")


def _choice(params, name: str, allowed) -> str | None:
    value = params.get(name) or None
    if value is not None and value not in allowed:
        raise bad_input(f"{name} must be one of: {', '.join(allowed)}", name)
    return value


def _filters(params) -> records.RecordFilters:
    def uuid_param(name: str) -> str | None:
        value = params.get(name)
        return parse_uuid(value, name) if value else None

    return records.RecordFilters(
        user_id=uuid_param("user_id"), template_id=uuid_param("certification_type_id"),
        source=_choice(params, "source", (*records.SOURCES, "platform")),
        lifecycle_status=_choice(params, "lifecycle_status", records.LIFECYCLE_STATUSES),
        validity_status=_choice(params, "validity_status", records.VALIDITY_STATUSES),
        verification_status=_choice(params, "verification_status", VERIFICATION_STATUSES),
        external_source=params.get("external_source") or None, external_id=params.get("external_id") or None)


@endpoint("certification_records:read")
async def list_records(request: Request, api_key) -> Response:
    page, per_page = pagination(request.query_params)
    filters = _filters(request.query_params)
    now = utcnow()
    async with request.app.state.services.session_factory() as session:
        result = await records.list_records(session, filters=filters, page=page, per_page=per_page, now=now)
        views = await records.views(session, result.items)
    return ORJSONResponse({"data": [record_json(v, now) for v in views], "meta": page_meta(result)})


@endpoint("certification_records:read")
async def get_record(request: Request, api_key) -> Response:
    record_id = _record_id(request)
    async with request.app.state.services.session_factory() as session:
        return await _one(session, await records.get_record(session, record_id=record_id))


@endpoint("certification_records:write")
async def create_record(request: Request, api_key) -> Response:
    data = records.parse_record(await json_body(request), creating=True)
    async with write_session(request) as session:
        certificate, created = await records.upsert_record(records.Resolver(session), data)
        return await _one(session, certificate, status_code=201 if created else 200)


@endpoint("certification_records:write")
async def update_record(request: Request, api_key) -> Response:
    record_id = _record_id(request)
    data = records.parse_record(await json_body(request), creating=False)
    async with write_session(request) as session:
        certificate = await records.update_record(session, record_id=record_id, data=data)
        return await _one(session, certificate)


@endpoint("certification_records:write")
async def delete_record(request: Request, api_key) -> Response:
    record_id = _record_id(request)
    async with write_session(request) as session:
        await records.delete_record(session, record_id=record_id)
    return Response(status_code=204)


async def _set_verification(request: Request, status: str) -> Response:
    record_id = _record_id(request)
    body = await json_body(request)
    async with write_session(request) as session:
        certificate = await records.set_verification(session, record_id=record_id, status=status, body=body)
        return await _one(session, certificate)


@endpoint("certification_records:write")
async def verify_record(request: Request, api_key) -> Response:
    return await _set_verification(request, VERIFIED)


@endpoint("certification_records:write")
async def reject_record(request: Request, api_key) -> Response:
    return await _set_verification(request, REJECTED)


@endpoint("certification_records:write")
async def import_records(request: Request, api_key) -> Response:
    body = await json_body(request)
    unknown = sorted(set(body) - {"certifications"})
    if unknown:
        raise bad_input(f"Unknown field(s): {', '.join(unknown)}", unknown[0])
    now = utcnow()
    async with write_session(request) as session:
        results = await records.import_records(session, items=body.get("certifications"), now=now)
        views = await records.views(session, [c for c, _created in results])
    return ORJSONResponse({"data": [
        {"index": i, "created": created, "certification": record_json(view, now)}
        for i, ((_c, created), view) in enumerate(zip(results, views))
    ]})


ROUTES = [
    Route(BASE, list_records, methods=["GET"]),
    Route(BASE, create_record, methods=["POST"]),
    Route(f"{BASE}:batch", import_records, methods=["POST"]),
    Route(f"{BASE}/{{id}}", get_record, methods=["GET"]),
    Route(f"{BASE}/{{id}}", update_record, methods=["PATCH"]),
    Route(f"{BASE}/{{id}}", delete_record, methods=["DELETE"]),
    Route(f"{BASE}/{{id}}/verify", verify_record, methods=["POST"]),
    Route(f"{BASE}/{{id}}/reject", reject_record, methods=["POST"]),
]
