"""Idempotency: a request with an `Idempotency-Key` header runs once; a retry gets the first response.

The protocol (claim, store, replay, reuse and in-progress errors) is app/idempotency/service.py.
Keys are scoped by API key and, for GraphQL, by the authToken sent, so two learners sharing the
instance key never receive each other's responses. The stored response is encrypted
(app/pipeline/sealed.py): a replayed Login or invitation carries a secret.
"""
from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable

from starlette.responses import Response

from app.apikeys.service import ApiKeyIdentity
from app.errors import AppError, ErrorCode
from app.idempotency import service as idempotency
from app.pipeline.frame import Frame
from app.pipeline.sealed import seal, unseal
from app.services import Services

HEADER = idempotency.HEADER


def idempotency_key(frame: Frame) -> str | None:
    """The header's value on a method that honours it, else None."""
    if frame.method not in idempotency.METHODS:
        return None
    return frame.request.headers.get(HEADER)


def token_namespace(frame: Frame) -> str | None:
    token = frame.auth_token
    return "t" + hashlib.sha256(token.encode()).hexdigest()[:24] if token else None


async def run_once(services: Services, frame: Frame, api_key: ApiKeyIdentity, key: str, *, path: str,
                   run: Callable[[], Awaitable[Response]], namespace: str | None = None) -> Response:
    """`run()`'s response, or the stored response of the first request with this key."""
    first: list[Response] = []

    async def execute() -> idempotency.StoredResponse:
        response = await run()
        first.append(response)
        return idempotency.StoredResponse(status=response.status_code,
                                          media_type=response.media_type or "application/json",
                                          body=seal(response.body, services.settings.secret_key))

    stored, replayed = await idempotency.run_idempotent(
        services.session_factory, api_key_id=api_key.id, key=key, method=frame.method, path=path,
        body=frame.body, execute=execute, namespace=namespace)
    if not replayed:
        return first[0]
    body = unseal(stored.body, services.settings.secret_key)
    if body is None:
        raise AppError(ErrorCode.CONFLICT, "This Idempotency-Key was used by a request whose response can no longer be "
                       "replayed; use a new key", "Idempotency-Key")
    return Response(body, status_code=stored.status, media_type=stored.media_type,
                    headers={"idempotent-replayed": "true", **frame.headers})
