"""`Idempotency-Key` on POSTed GraphQL mutations: a retry gets the first response (app/idempotency).

Wraps the whole GraphQL endpoint. Requests that are not POSTed mutations with the header, or
that would be refused before execution (no/invalid API key, unparsable body or document), go
straight to the endpoint. The key's scope is the API key and the authToken sent (if any), so
two learners sharing the instance key can never receive each other's responses.
"""
from __future__ import annotations

import hashlib
import uuid
from typing import Awaitable, Callable

import orjson
from graphql import GraphQLError, OperationType, get_operation_ast, parse
from starlette.requests import Request
from starlette.responses import Response

from app.apikeys.service import ApiKeyIdentity, find_api_key
from app.errors import AppError
from app.idempotency import service as idempotency
from app.web.auth import api_key_of, auth_token_of
from app.web.responses import error_response

Endpoint = Callable[[Request], Awaitable[Response]]


def _is_mutation(request: Request, body: bytes) -> bool:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    operation_name = None
    if content_type == "application/graphql":
        query = body.decode(errors="replace")
    else:
        try:
            params = orjson.loads(body)
        except orjson.JSONDecodeError:
            return False
        if not isinstance(params, dict):
            return False
        query, operation_name = params.get("query"), params.get("operationName")
    if not isinstance(query, str) or not isinstance(operation_name, (str, type(None))):
        return False
    try:
        operation = get_operation_ast(parse(query), operation_name)
    except GraphQLError:
        return False
    return operation is not None and operation.operation == OperationType.MUTATION


async def _api_key(request: Request) -> ApiKeyIdentity | None:
    secret = api_key_of(request)
    if not secret:
        return None
    async with request.app.state.services.session_factory() as session:
        identity = await find_api_key(session, secret=secret)
    return identity if identity is not None and identity.allows("graphql") else None


async def idempotent_graphql(request: Request, endpoint: Endpoint) -> Response:
    key = request.headers.get(idempotency.HEADER)
    if request.method != "POST" or key is None:
        return await endpoint(request)
    body = await request.body()
    if not _is_mutation(request, body):
        return await endpoint(request)
    api_key = await _api_key(request)
    if api_key is None:
        return await endpoint(request)  # refused there, with the usual error
    token = auth_token_of(request)
    namespace = "t" + hashlib.sha256(token.encode()).hexdigest()[:24] if token else None
    first: list[Response] = []

    async def execute() -> idempotency.StoredResponse:
        response = await endpoint(request)
        first.append(response)
        return idempotency.StoredResponse(status=response.status_code,
                                          media_type=response.media_type or "application/json", body=response.body)

    request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
    try:
        stored, replayed = await idempotency.run_idempotent(
            request.app.state.services.session_factory, api_key_id=api_key.id, key=key, method="POST",
            path="/graphql", body=body, execute=execute, namespace=namespace)  # /helium is the same endpoint
    except AppError as err:
        return error_response(err, headers={"x-request-id": request_id})
    if not replayed:
        return first[0]
    return Response(stored.body, status_code=stored.status, media_type=stored.media_type,
                    headers={"idempotent-replayed": "true", "x-request-id": request_id})
