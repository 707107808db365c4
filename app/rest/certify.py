"""POST /incoming/v2/users/{id}/certify: issue a certificate to a user (seed 000)."""
from __future__ import annotations

from datetime import datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.certificates.issuing import RESOURCE_TYPES, issue_certificate
from app.errors import AppError, bad_input
from app.graphql.scalars import parse_iso
from app.ranges import check_year
from app.rest.common import body_flag, endpoint, json_body, parse_uuid, write_session
from app.rest.graphql_views import render
from app.rest.openapi import standard_responses
from app.web.responses import ORJSONResponse

# Dates outside this range are refused (they are typing mistakes, and validity arithmetic
# on them would overflow).


def _required(body: dict, field: str):
    value = body.get(field)
    if value is None:
        raise bad_input(f"{field} is required", field)
    return value


def _uuid(body: dict, field: str) -> str:
    value = _required(body, field)
    if not isinstance(value, str):
        raise bad_input(f"{field} must be a UUID string", field)
    return parse_uuid(value, field)


def _optional_date(body: dict, field: str) -> datetime | None:
    value = body.get(field)
    if value is None:
        return None
    try:
        parsed = parse_iso(value)
    except AppError:
        raise bad_input(f"{field} must be an ISO 8601 timestamp, e.g. 2025-01-31T00:00:00Z", field) from None
    check_year(parsed, field)
    return parsed


@endpoint("certificates:write")
async def certify_user(request: Request, api_key) -> Response:
    path_id = parse_uuid(request.path_params["id"], "id")
    body = await json_body(request)
    user_id = _uuid(body, "userId")
    if user_id != path_id:
        raise bad_input("userId must be the user of the path", "userId")
    resource_type = _required(body, "resourceType")
    if resource_type not in RESOURCE_TYPES:
        raise bad_input(f"resourceType must be one of: {', '.join(RESOURCE_TYPES)}", "resourceType")
    resource_id = _uuid(body, "resourceId")
    issued_at = _optional_date(body, "issuedAt")
    expiration_date = _optional_date(body, "expirationDate")
    recertification_date = _optional_date(body, "recertificationDate")
    send_email = body_flag(body, "sendEmail")

    services = request.app.state.services
    async with write_session(request) as session:
        certificate = await issue_certificate(
            session, user_id=user_id, resource_type=resource_type, resource_id=resource_id, issued_at=issued_at,
            expiration_date=expiration_date, recertification_date=recertification_date, source="api",
            send_email=send_email)
    data = await render(services, root="APICertifyUser", id=certificate.id, api_key=api_key,
                        request_id=request.state.request_id)
    return ORJSONResponse({"data": {"APICertifyUser": data}})


ROUTES = [Route("/incoming/v2/users/{id}/certify", certify_user, methods=["POST"])]


def _certify_response_schema() -> dict:
    from app.rest.graphql_views import compiled

    view = compiled("APICertifyUser")[1]
    return {"type": "object", "required": ["data"], "properties": {
        "data": {"type": "object", "required": ["APICertifyUser"], "properties": {"APICertifyUser": view.schema}}}}


def _timestamp(description: str) -> dict:
    return {"type": "string", "format": "date-time", "nullable": True, "description": description}


COMPONENTS = {
    "CertifyUserInput": {
        "type": "object",
        "required": ["userId", "resourceType", "resourceId"],
        "properties": {
            "userId": {"type": "string", "format": "uuid", "description": "The user to certify (the path's id)."},
            "resourceType": {"type": "string", "enum": list(RESOURCE_TYPES)},
            "resourceId": {"type": "string", "format": "uuid", "description": "The course or learning path."},
            "expirationDate": _timestamp("When the certificate expires; default: from the template's validity."),
            "sendEmail": {"type": "boolean", "nullable": True,
                          "description": "Send the learner a certificate e-mail (through the outbox)."},
            "issuedAt": _timestamp("When the certificate was issued; default: now."),
            "recertificationDate": _timestamp("When the learner must recertify; default: from the template."),
        },
    },
    "APICertifyUserResponse": _certify_response_schema,
}
PATHS = {
    "/incoming/v2/users/{id}/certify": {
        "post": {
            "operationId": "certifyUser",
            "summary": "Certify a user",
            "description": "Issues a certificate to the user for a course or learning path (source `api`), with the "
                           "resource's published certificate template and its validity. Returns the certificate "
                           "with its template and user (the GraphQL `Certificate` type). Scope `certificates:write`.",
            "tags": ["Certificates"],
            "parameters": [
                {"name": "id", "in": "path", "required": True, "description": "The user's id.",
                 "schema": {"type": "string", "format": "uuid"}},
                {"$ref": "#/components/parameters/IdempotencyKey"},
            ],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/CertifyUserInput"}}}},
            "responses": {
                "200": {"description": "The certificate issued", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/APICertifyUserResponse"}}}},
                **standard_responses(400, 401, 403, 404, 409, 422),
            },
        }
    }
}
