"""Errors a client can cause: a code it can branch on, a message, the input at fault."""
from __future__ import annotations

from enum import Enum


class ErrorCode(str, Enum):
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    THROTTLED = "THROTTLED"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    EMAIL_NOT_VERIFIED = "EMAIL_NOT_VERIFIED"
    ACCOUNT_DISABLED = "ACCOUNT_DISABLED"
    INSUFFICIENT_BALANCE = "INSUFFICIENT_BALANCE"
    ALREADY_PURCHASED = "ALREADY_PURCHASED"
    NOT_PURCHASABLE = "NOT_PURCHASABLE"
    CODE_ALREADY_REDEEMED = "CODE_ALREADY_REDEEMED"
    CODE_EXPIRED = "CODE_EXPIRED"
    CODE_INVALID = "CODE_INVALID"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    # Requests refused before they run (app/graphql/engine/costs.py).
    DOCUMENT_TOO_LARGE = "DOCUMENT_TOO_LARGE"
    QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
    TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
    QUERY_TOO_COSTLY = "QUERY_TOO_COSTLY"
    # More nodes than MAX_NODES, or the deadline or answer size of app/graphql/engine/limits.py.
    QUERY_TOO_LARGE = "QUERY_TOO_LARGE"
    REQUEST_TIMEOUT = "REQUEST_TIMEOUT"
    BODY_TOO_LARGE = "BODY_TOO_LARGE"
    RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE"
    BATCH_TOO_LARGE = "BATCH_TOO_LARGE"
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
    # Automatic persisted queries (Apollo's codes).
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
    PROVIDED_SHA_DOES_NOT_MATCH = "PROVIDED_SHA_DOES_NOT_MATCH"
    INVITATION_INVALID = "INVITATION_INVALID"
    INVITATION_EXPIRED = "INVITATION_EXPIRED"


# HTTP status a REST response (or a request refused before execution) uses for each code.
HTTP_STATUS = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.INVALID_CREDENTIALS: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.ACCOUNT_DISABLED: 403,
    ErrorCode.EMAIL_NOT_VERIFIED: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.CONFLICT: 409,
    ErrorCode.IDEMPOTENCY_KEY_REUSED: 422,
    ErrorCode.THROTTLED: 429,
    ErrorCode.DOCUMENT_TOO_LARGE: 413,
    ErrorCode.BODY_TOO_LARGE: 413,
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: 415,
    # Apollo's clients read these from a 200 response and then send the document.
    ErrorCode.PERSISTED_QUERY_NOT_FOUND: 200,
    ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED: 200,
    ErrorCode.INTERNAL_SERVER_ERROR: 500,
}


class AppError(Exception):
    def __init__(self, code: ErrorCode, message: str, field: str | None = None, **details):
        super().__init__(message)
        self.code = ErrorCode(code)
        self.message = message
        self.field = field
        self.details = details

    @property
    def http_status(self) -> int:
        return HTTP_STATUS.get(self.code, 400)

    def extensions(self) -> dict:
        ext: dict = {"code": self.code.value}
        if self.field:
            ext["field"] = self.field
        ext.update(self.details)
        return ext

    def to_json(self) -> dict:
        return {"errors": [{"message": self.message, "extensions": self.extensions()}]}


def not_found(what: str, field: str | None = None) -> AppError:
    return AppError(ErrorCode.NOT_FOUND, f"{what} not found", field)


def bad_input(message: str, field: str | None = None, **details) -> AppError:
    return AppError(ErrorCode.BAD_USER_INPUT, message, field, **details)
