"""Idempotency keys (seed 001): a retry with the same `Idempotency-Key` gets the first response.

Protocol, per API key and key:
1. Claim: INSERT the (api_key_id, key) row in its own committed transaction, before any work.
   The unique constraint makes exactly one of several concurrent requests the owner.
2. The owner does the work and stores its response (status, media type, body) on the row —
   whatever the status: a retry sees exactly what the first caller saw.
3. A request that finds a completed row with the same request hash gets the stored response
   (replayed); a different hash (method + path + canonical body) is IDEMPOTENCY_KEY_REUSED.
   A request that finds the row still in progress polls it for up to `wait_seconds`, then
   gets CONFLICT ("still in progress"): the work is never done twice.
Rows expire after `KEY_TTL` (24 hours): an expired row is ignored (replaced on the next
claim) and `purge_expired` deletes them.
"""
from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import orjson
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db import utcnow, write_session
from app.errors import AppError, ErrorCode, bad_input
from app.idempotency.models import COMPLETED, IN_PROGRESS, IdempotencyKey

HEADER = "Idempotency-Key"
KEY_TTL = timedelta(hours=24)
MAX_KEY_LENGTH = 255
# How long a request waits for a concurrent request with the same key to finish.
WAIT_SECONDS = 10.0
# Methods whose requests honour the header (safe methods are idempotent anyway).
METHODS = ("POST", "PUT", "PATCH", "DELETE")
# A claim still in progress after this long belongs to a request that died: its outcome is
# unknown, so the key is refused (CONFLICT) until it expires rather than doing the work again.
ABANDONED_AFTER = timedelta(minutes=5)


@dataclass(frozen=True)
class StoredResponse:
    status: int
    media_type: str
    body: bytes


def validate_key(key: str) -> str:
    """The header's value: 1–255 visible ASCII characters, else BAD_USER_INPUT."""
    if not key or len(key) > MAX_KEY_LENGTH or not all(33 <= ord(c) <= 126 for c in key):
        raise bad_input(f"{HEADER} must be 1 to {MAX_KEY_LENGTH} visible ASCII characters", HEADER)
    return key


def request_hash(method: str, path: str, body: bytes) -> str:
    """SHA-256 of the method, path and body; a JSON body is canonicalised (key order, spacing)."""
    try:
        canonical = orjson.dumps(orjson.loads(body), option=orjson.OPT_SORT_KEYS) if body else b""
    except orjson.JSONDecodeError:
        canonical = body
    digest = hashlib.sha256()
    for part in (method.upper().encode(), path.encode(), canonical):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


@dataclass(frozen=True)
class Claim:
    """The outcome of a claim attempt: exactly one of these is set."""

    owned_id: str | None = None          # this request owns the key: do the work
    stored: StoredResponse | None = None  # completed before: replay this
    in_progress: bool = False             # another request owns it and has not finished


def _mismatch() -> AppError:
    return AppError(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    f"This {HEADER} was already used with a different request", HEADER)


def _stored(row) -> StoredResponse:
    return StoredResponse(status=row.response_status, media_type=row.response_media_type or "application/json",
                          body=row.response_body or b"")


async def claim(session: AsyncSession, *, api_key_id: str, key: str, request_hash: str, method: str, path: str,
                now: datetime | None = None, ttl: timedelta = KEY_TTL) -> Claim:
    """Try to own `key` (flushes; the caller commits). May raise IntegrityError on a concurrent
    claim (PostgreSQL), after which the caller rolls back and tries again."""
    now = now or utcnow()
    row = await session.scalar(
        select(IdempotencyKey).where(IdempotencyKey.api_key_id == api_key_id, IdempotencyKey.key == key)
    )
    if row is not None and row.expires_at <= now:
        await session.execute(delete(IdempotencyKey).where(IdempotencyKey.id == row.id))
        row = None
    if row is None:
        row = IdempotencyKey(api_key_id=api_key_id, key=key, request_hash=request_hash, method=method.upper(),
                             path=path[:500], state=IN_PROGRESS, created_at=now, expires_at=now + ttl)
        session.add(row)
        await session.flush()
        return Claim(owned_id=row.id)
    if row.request_hash != request_hash:
        raise _mismatch()
    if row.state == COMPLETED:
        return Claim(stored=_stored(row))
    if row.created_at <= now - ABANDONED_AFTER:
        raise AppError(ErrorCode.CONFLICT, f"The first request with this {HEADER} did not complete and its outcome "
                       "is unknown; check the resource and use a new key", HEADER)
    return Claim(in_progress=True)


async def complete(session: AsyncSession, *, claim_id: str, response: StoredResponse) -> None:
    await session.execute(
        update(IdempotencyKey).where(IdempotencyKey.id == claim_id).values(
            state=COMPLETED, response_status=response.status, response_media_type=response.media_type,
            response_body=response.body, completed_at=utcnow())
    )


async def purge_expired(session: AsyncSession, *, now: datetime | None = None) -> int:
    result = await session.execute(delete(IdempotencyKey).where(IdempotencyKey.expires_at <= (now or utcnow())))
    return result.rowcount or 0


async def _try_claim(factory: async_sessionmaker[AsyncSession], **kwargs) -> Claim:
    for _ in range(5):
        try:
            async with write_session(factory) as session:
                return await claim(session, **kwargs)
        except IntegrityError:
            pass  # a concurrent request inserted the row first (rolled back): read it
    raise AppError(ErrorCode.CONFLICT, f"A request with this {HEADER} is in progress", HEADER)


async def run_idempotent(
    factory: async_sessionmaker[AsyncSession], *, api_key_id: str, key: str, method: str, path: str, body: bytes,
    execute: Callable[[], Awaitable[StoredResponse]], wait_seconds: float = WAIT_SECONDS,
    namespace: str | None = None,
) -> tuple[StoredResponse, bool]:
    """(response, replayed): runs `execute` once per key, or returns the stored first response.

    `namespace` narrows the key's scope below the API key (GraphQL: the caller's authToken).
    Raises IDEMPOTENCY_KEY_REUSED (another request under this key) and CONFLICT (the first
    request is still running after `wait_seconds`, or never finished).
    """
    key = validate_key(key)
    if namespace:
        key = f"{namespace[:60]}:{key}"
    args = dict(api_key_id=api_key_id, key=key, request_hash=request_hash(method, path, body), method=method,
                path=path)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait_seconds
    delay = 0.02
    while True:
        outcome = await _try_claim(factory, **args)
        if outcome.stored is not None:
            return outcome.stored, True
        if outcome.owned_id is not None:
            break
        if loop.time() >= deadline:
            raise AppError(ErrorCode.CONFLICT, f"A request with this {HEADER} is still in progress; retry later",
                           HEADER)
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.5)

    # Owner. If `execute` raises (it should return error responses instead), the claim stays
    # in progress until it expires: whether the work happened is unknown, so it is not redone.
    response = await execute()
    # Shielded: the work is done; losing its record would let a retry do it again.
    await asyncio.shield(_complete(factory, outcome.owned_id, response))
    return response, False


async def _complete(factory: async_sessionmaker[AsyncSession], claim_id: str, response: StoredResponse) -> None:
    async with write_session(factory) as session:
        await complete(session, claim_id=claim_id, response=response)
