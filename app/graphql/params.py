"""GraphQL-over-HTTP parameters of a request: one operation, or a batch (a JSON array of them).

GET takes `query`, `variables`, `operationName` and `extensions` from the query string; POST
takes a JSON object (or an array of them, Apollo's BatchHttpLink), or `application/graphql`.
A request-level problem (bad body, bad media type, a batch too large) raises AppError and nothing
runs. In a batch, an element that is not a valid operation gets the error in its own slot.
"""
from __future__ import annotations

from dataclasses import dataclass

import orjson

from app.errors import AppError, ErrorCode
from app.persisted_queries.store import requested_hash
from app.pipeline.frame import Frame
from app.web.input import check_clean

JSON_TYPES = ("application/json", "application/graphql-response+json", "")


@dataclass
class OperationParams:
    query: str | None = None
    variables: dict | None = None
    operation_name: str | None = None
    extensions: dict | None = None
    # Automatic persisted queries: the document's SHA-256 (the query may be absent).
    persisted_hash: str | None = None
    # This element of a batch is not a valid operation.
    error: AppError | None = None


@dataclass
class RequestParams:
    operations: list[OperationParams]
    batch: bool


def read_params(frame: Frame, *, max_batch_size: int) -> RequestParams:
    if frame.method == "GET":
        return RequestParams([_checked(_from_query_string(frame))], batch=False)
    if frame.media_type == "application/graphql":
        return RequestParams([OperationParams(query=frame.body.decode(errors="replace"))], batch=False)
    if frame.media_type not in JSON_TYPES:
        raise AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                       "Send the request as application/json (or application/graphql)")
    try:
        body = orjson.loads(frame.body)
    except orjson.JSONDecodeError:
        raise AppError(ErrorCode.BAD_USER_INPUT, "The request body is not valid JSON") from None
    if isinstance(body, dict):
        return RequestParams([_checked(body)], batch=False)
    if not isinstance(body, list):
        raise AppError(ErrorCode.BAD_USER_INPUT, "The request body must be a JSON object (or an array of them)")
    if not body:
        raise AppError(ErrorCode.BAD_USER_INPUT, "A batch needs at least one operation")
    if len(body) > max_batch_size:
        raise AppError(ErrorCode.BATCH_TOO_LARGE,
                       f"A batch may hold at most {max_batch_size} operations; this one has {len(body)}",
                       size=len(body), maximum=max_batch_size)
    operations = []
    for element in body:
        try:
            operations.append(_checked(element))
        except AppError as err:
            operations.append(OperationParams(error=err))
    return RequestParams(operations, batch=True)


def _from_query_string(frame: Frame) -> dict:
    params: dict = dict(frame.request.query_params)
    try:
        for name in ("variables", "extensions"):
            params[name] = orjson.loads(params[name]) if params.get(name) else None
    except orjson.JSONDecodeError:
        raise AppError(ErrorCode.BAD_USER_INPUT, "variables and extensions must be JSON") from None
    return params


def _checked(params) -> OperationParams:
    if not isinstance(params, dict):
        raise AppError(ErrorCode.BAD_USER_INPUT, "Each operation must be a JSON object")
    extensions = params.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        raise AppError(ErrorCode.BAD_USER_INPUT, "`extensions` must be an object", "extensions")
    persisted_hash = requested_hash(extensions)
    query = params.get("query")
    if query is not None and not isinstance(query, str):
        raise AppError(ErrorCode.BAD_USER_INPUT, "`query` must be a string", "query")
    if persisted_hash is None and (query is None or not query.strip()):
        raise AppError(ErrorCode.BAD_USER_INPUT, "A GraphQL document is required in `query`", "query")
    variables = params.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise AppError(ErrorCode.BAD_USER_INPUT, "`variables` must be an object", "variables")
    check_clean(variables, "variables")
    operation_name = params.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise AppError(ErrorCode.BAD_USER_INPUT, "`operationName` must be a string", "operationName")
    return OperationParams(query=query, variables=variables, operation_name=operation_name or None,
                           extensions=extensions, persisted_hash=persisted_hash)
