"""Turning GraphQL errors into client-facing JSON: codes, fields, masking, request ids."""
from __future__ import annotations

import logging

from graphql import GraphQLError

from app.errors import AppError, ErrorCode

log = logging.getLogger("app.graphql")

INTERNAL_MESSAGE = "Internal server error"


def format_error(error: GraphQLError, request_id: str) -> dict:
    original = error.original_error
    # AppErrors may arrive wrapped (for example by a scalar's parse function).
    while original is not None and not isinstance(original, AppError) and getattr(original, "original_error", None):
        original = original.original_error
    out: dict = {"message": error.message}
    if error.locations:
        out["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if error.path:
        out["path"] = list(error.path)

    if isinstance(original, AppError):
        out["message"] = original.message
        out["extensions"] = original.extensions()
    elif original is None:
        ext = dict(error.extensions or {})
        ext.setdefault("code", _code_of_request_error(error.message))
        out["extensions"] = ext
    elif isinstance(original, GraphQLError):
        # graphql-core's own input coercion (a variable of the wrong type …).
        out["extensions"] = {"code": ErrorCode.BAD_USER_INPUT.value}
    else:
        log.error("Unexpected error [request %s] at %s", request_id, error.path, exc_info=original)
        out["message"] = INTERNAL_MESSAGE
        out["extensions"] = {"code": ErrorCode.INTERNAL_SERVER_ERROR.value, "requestId": request_id}
    return out


def _code_of_request_error(message: str) -> str:
    if message.startswith("Syntax Error"):
        return ErrorCode.GRAPHQL_PARSE_FAILED.value
    if message.startswith("Variable '$") or "got invalid value" in message or "Expected value of type" in message:
        return ErrorCode.BAD_USER_INPUT.value
    return ErrorCode.GRAPHQL_VALIDATION_FAILED.value
