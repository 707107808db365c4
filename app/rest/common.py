"""Shared pieces of the REST surface (/incoming/v2): API key with scopes, JSON bodies and errors."""
from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Awaitable, Callable

import orjson
from starlette.requests import Request
from starlette.responses import Response

from app.apikeys.service import SCOPES, ApiKeyIdentity
from app.db import write_session as db_write_session
from app.errors import AppError, ErrorCode
from app.pipeline.authenticate import authenticate_key
from app.pipeline.frame import build_frame
from app.pipeline.idempotency import idempotency_key, run_once
from app.pipeline.retry import read_retried
from app.services import Services
from app.web.access import annotate
from app.web.input import check_clean, check_clean_items
from app.web.responses import ORJSONResponse, error_response

log = logging.getLogger("app.rest")

Handler = Callable[[Request], Awaitable[Response]]


def endpoint(scope: str | None) -> Callable[[Callable], Handler]:
    """Wrap a REST handler in the pipeline's frame, authenticate (API key with `scope`; None: public)
    and idempotency steps (`Idempotency-Key` on POST/PUT/PATCH/DELETE); AppError -> JSON error,
    unexpected errors masked.

    The handler is called as `handler(request, api_key)`; `request.state.request_id` is set.
    """
    if scope is not None and scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")

    def wrap(handler):
        @functools.wraps(handler)
        async def run(request: Request) -> Response:
            services: Services = request.app.state.services
            frame = await build_frame(request)
            try:
                api_key = None
                if scope is not None:
                    api_key = await authenticate_key(services, frame, scope=scope)
                    annotate(api_key_name=api_key.name)
                key = idempotency_key(frame)
                if key is not None and api_key is not None:
                    url = request.url
                    response = await run_once(services, frame, api_key, key,
                                              path=url.path + (f"?{url.query}" if url.query else ""),
                                              run=lambda: _execute(handler, request, api_key))
                else:
                    response = await _execute(handler, request, api_key)
            except AppError as err:
                return error_response(err, headers=frame.headers)
            response.headers.setdefault("x-request-id", frame.request_id)
            return response

        return run

    return wrap


async def _execute(handler, request: Request, api_key: ApiKeyIdentity | None) -> Response:
    """The handler's response; errors become JSON error responses (unexpected ones masked)."""
    try:
        check_clean_items(request.path_params.items())
        check_clean_items(request.query_params.multi_items())
        if request.method in ("GET", "HEAD"):
            return await read_retried(lambda: handler(request, api_key))
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


JSON_MEDIA_TYPES = ("application/json",)


async def json_body(request: Request) -> dict:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type and media_type not in JSON_MEDIA_TYPES and not media_type.endswith("+json"):
        raise AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                       f"The request body must be application/json, not {media_type}")
    try:
        body = orjson.loads(await request.body() or b"null")
    except orjson.JSONDecodeError:
        raise AppError(ErrorCode.BAD_USER_INPUT, "The request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise AppError(ErrorCode.BAD_USER_INPUT, "The request body must be a JSON object")
    check_clean(body, "body")
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
