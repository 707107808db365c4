"""Shared pieces of the REST surface (/incoming/v2): API key with scopes, JSON bodies and errors."""
from __future__ import annotations

import functools
import logging
import uuid
from typing import Awaitable, Callable

import orjson
from starlette.requests import Request
from starlette.responses import Response

from app.apikeys.service import ApiKeyIdentity, find_api_key
from app.errors import AppError, ErrorCode
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
    """Wrap a REST handler: API key check (None: public), AppError -> JSON error, masked 500s.

    The handler is called as `handler(request, api_key)`.
    """

    def wrap(handler):
        @functools.wraps(handler)
        async def run(request: Request) -> Response:
            request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
            headers = {"x-request-id": request_id}
            try:
                api_key = await authenticate(request, scope) if scope is not None else None
                response = await handler(request, api_key)
            except AppError as err:
                return error_response(err, headers=headers)
            except Exception:  # noqa: BLE001 - masked for the client, logged with the request id
                log.exception("Unexpected error [request %s] %s %s", request_id, request.method, request.url.path)
                return ORJSONResponse(
                    {"errors": [{"message": "Internal server error",
                                 "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}}]},
                    status_code=500, headers=headers)
            response.headers.setdefault("x-request-id", request_id)
            return response

        return run

    return wrap


async def json_body(request: Request) -> dict:
    try:
        body = orjson.loads(await request.body() or b"null")
    except orjson.JSONDecodeError:
        raise AppError(ErrorCode.BAD_USER_INPUT, "The request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise AppError(ErrorCode.BAD_USER_INPUT, "The request body must be a JSON object")
    return body


def parse_uuid(value, field: str) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except (ValueError, TypeError, AttributeError):
        raise AppError(ErrorCode.BAD_USER_INPUT, f"{field} must be a UUID", field) from None
