"""Webhook endpoints and their delivery log (/incoming/v2/webhooks), scopes webhooks:read / webhooks:write.

- POST   /incoming/v2/webhooks {url, event_types, secret?, description?} -> 201, with the secret (shown once)
- GET    /incoming/v2/webhooks, GET /incoming/v2/webhooks/{id}
- DELETE /incoming/v2/webhooks/{id} -> 204 (no new deliveries; the log stays)
- GET    /incoming/v2/webhooks/{id}/deliveries?page=&per_page= -> the delivery log, newest first
"""
from __future__ import annotations

from sqlalchemy import func, select
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.errors import not_found
from app.notifications.models import PENDING, OutboxMessage
from app.notifications.outbox import WEBHOOK
from app.rest.certificate_shapes import iso, pagination
from app.rest.common import endpoint, json_body, parse_uuid, write_session
from app.web.responses import ORJSONResponse
from app.webhooks import endpoints
from app.webhooks.models import WebhookEndpoint

BASE = "/incoming/v2/webhooks"


def endpoint_json(e: WebhookEndpoint) -> dict:
    return {"id": e.id, "url": e.url, "description": e.description, "event_types": list(e.event_types or []),
            "created_at": iso(e.created_at)}


def delivery_json(m: OutboxMessage) -> dict:
    return {"id": m.id, "event_type": m.subject, "status": m.status, "attempts": m.attempts,
            "last_error": m.last_error, "created_at": iso(m.created_at), "delivered_at": iso(m.sent_at),
            "next_attempt_at": iso(m.claimed_until) if m.status == PENDING and m.attempts else None}


@endpoint("webhooks:write")
async def create(request: Request, api_key) -> Response:
    body = await json_body(request)
    settings = request.app.state.services.settings
    async with write_session(request) as session:
        row, secret = await endpoints.register(
            session, url=body.get("url"), event_types=body.get("event_types"), secret=body.get("secret"),
            description=body.get("description"), secret_key=settings.secret_key,
            allow_private=settings.webhook_allow_private)
    return ORJSONResponse({"data": {**endpoint_json(row), "secret": secret}}, status_code=201,
                          headers={"Location": f"{BASE}/{row.id}"})


@endpoint("webhooks:read")
async def list_endpoints(request: Request, api_key) -> Response:
    async with request.app.state.services.session_factory() as session:
        rows = await endpoints.listed(session)
    return ORJSONResponse({"data": [endpoint_json(r) for r in rows]})


@endpoint("webhooks:read")
async def get(request: Request, api_key) -> Response:
    async with request.app.state.services.session_factory() as session:
        row = await endpoints.find(session, parse_uuid(request.path_params["id"], "id"))
    return ORJSONResponse({"data": endpoint_json(row)})


@endpoint("webhooks:write")
async def delete(request: Request, api_key) -> Response:
    async with write_session(request) as session:
        await endpoints.remove(session, parse_uuid(request.path_params["id"], "id"))
    return Response(status_code=204)


@endpoint("webhooks:read")
async def deliveries(request: Request, api_key) -> Response:
    endpoint_id = parse_uuid(request.path_params["id"], "id")
    page, per_page = pagination(request.query_params)
    mine = (OutboxMessage.kind == WEBHOOK, OutboxMessage.to_address == endpoint_id)
    async with request.app.state.services.session_factory() as session:
        if await session.get(WebhookEndpoint, endpoint_id) is None:  # a removed endpoint keeps its log
            raise not_found("Webhook endpoint", "id")
        total = await session.scalar(select(func.count()).select_from(OutboxMessage).where(*mine))
        rows = await session.scalars(select(OutboxMessage).where(*mine)
                                     .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id)
                                     .offset((page - 1) * per_page).limit(per_page))
        data = [delivery_json(m) for m in rows]
    return ORJSONResponse({"data": data, "meta": {"page": page, "per_page": per_page, "total": total,
                                                  "total_pages": (total + per_page - 1) // per_page}})


ROUTES = [
    Route(BASE, create, methods=["POST"]),
    Route(BASE, list_endpoints, methods=["GET"]),
    Route(f"{BASE}/{{id}}", get, methods=["GET"]),
    Route(f"{BASE}/{{id}}", delete, methods=["DELETE"]),
    Route(f"{BASE}/{{id}}/deliveries", deliveries, methods=["GET"]),
]
