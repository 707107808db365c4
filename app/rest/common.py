"""Shared pieces of the REST surface (/incoming/v2): API key with scopes, JSON bodies and errors."""
from __future__ import annotations

import functools
import logging
import uuid
from typing import Awaitable, Callable

import orjson
from starlette.requests import Request
from starlette.responses import Response

from app.apikeys.service import SCOPES, ApiKeyIdentity, find_api_key
from app.db import write_session as db_write_session
from app.errors import AppError, ErrorCode
from app.idempotency import service as idempotency
from app.web.auth import api_key_of
from app.web.responses import ORJSONResponse, error_response

log = logging.getLogger("app.rest")

Handler = Callable[[Request], Awaitable[Response]]


async def authenticate(request: Request, scope: str | None) -> ApiKeyIdentity:
    """The request's API key (Bearer), or UNAUTHENTICATED; FORBIDDEN when it lacks `scope`."""
    secret = api_key_of(request)
    if not secret:
        raise AppError(ErrorCode.UNAUTHENTICATED, "An API key is required: send `Authorization: Bearer KEY`")
    async with request.app.state.services.session_factory() as session:
        identity = await find_api_key(session, secret=secret)
    if identity is None:
        raise AppError(ErrorCode.UNAUTHENTICATED, "The API key is not valid")
    if scope is not None and not identity.allows(scope):
        raise AppError(ErrorCode.FORBIDDEN, f"This API key lacks the `{scope}` scope")
    return identity


def endpoint(scope: str | None) -> Callable[[Callable], Handler]:
    """Wrap a REST handler: API key check (None: public), AppError -> JSON error, masked 500s,
    and the `Idempotency-Key` header on POST/PUT/PATCH/DELETE (app/idempotency/service.py).

    The handler is called as `handler(request, api_key)`; `request.state.request_id` is set.
    """
    if scope is not None and scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")

    def wrap(handler):
        @functools.wraps(handler)
        async def run(request: Request) -> Response:
            request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
            request.state.request_id = request_id
            headers = {"x-request-id": request_id}
            try:
                api_key = await authenticate(request, scope) if scope is not None else None
                key = request.headers.get(idempotency.HEADER)
                if key is not None and api_key is not None and request.method in idempotency.METHODS:
                    response = await _idempotent(request, api_key, key, lambda: _execute(handler, request, api_key))
                else:
                    response = await _execute(handler, request, api_key)
            except AppError as err:
                return error_response(err, headers=headers)
            response.headers.setdefault("x-request-id", request_id)
            return response

        return run

    return wrap


async def _execute(handler, request: Request, api_key: ApiKeyIdentity | None) -> Response:
    """The handler's response; errors become JSON error responses (unexpected ones masked)."""
    try:
        return await handler(request, api_key)
    except AppError as err:
        return error_response(err)
    except Exception:  # noqa: BLE001 - masked for the client, logged with the request id
        request_id = request.state.request_id
        log.exception("Unexpected error [request %s] %s %s", request_id, request.method, request.url.path)
        return ORJSONResponse(
            {"errors": [{"message": "Internal server error",
                         "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}}]},
            status_code=500)


async def _idempotent(request: Request, api_key: ApiKeyIdentity, key: str, execute) -> Response:
    """Run `execute` once per (API key, Idempotency-Key); a retry gets the first response again."""
    first: list[Response] = []

    async def run_and_record() -> idempotency.StoredResponse:
        response = await execute()
        first.append(response)
        return idempotency.StoredResponse(status=response.status_code,
                                          media_type=response.media_type or "application/json", body=response.body)

    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    stored, replayed = await idempotency.run_idempotent(
        request.app.state.services.session_factory, api_key_id=api_key.id, key=key, method=request.method,
        path=path, body=await request.body(), execute=run_and_record)
    if not replayed:
        return first[0]
    return Response(stored.body, status_code=stored.status, media_type=stored.media_type,
                    headers={"idempotent-replayed": "true"})


async def json_body(request: Request) -> dict:
    try:
        body = orjson.loads(await request.body() or b"null")
    except orjson.JSONDecodeError:
        raise AppError(ErrorCode.BAD_USER_INPUT, "The request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise AppError(ErrorCode.BAD_USER_INPUT, "The request body must be a JSON object")
    return body


def body_flag(body: dict, field: str) -> bool:
    """A JSON boolean of the body; absent or null is false."""
    value = body.get(field)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise AppError(ErrorCode.BAD_USER_INPUT, f"{field} must be true or false", field)
    return value


def write_session(request: Request):
    """The request's write transaction (app.db.write_session) on the app's session factory."""
    return db_write_session(request.app.state.services.session_factory)


def parse_uuid(value, field: str) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except (ValueError, TypeError, AttributeError):
        raise AppError(ErrorCode.BAD_USER_INPUT, f"{field} must be a UUID", field) from None
