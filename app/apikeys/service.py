"""Create, revoke and verify instance API keys."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.apikeys.models import ApiKey
from app.db import utcnow
from app.errors import AppError, ErrorCode
from app.security import generate_api_key, hash_api_key

# What a key may do. A key without scopes (None) may do everything.
SCOPES = (
    "users:read",          # GET /incoming/v2/users/{id}
    "users:write",
    "learners:write",
    "certificates:read",
    "certificates:write",  # certify, templates, assign, reset, revoke
    "certification_records:read",   # /incoming/v2/certifications (seed 001's scope names)
    "certification_records:write",
    "graphql",             # POST/GET /graphql and /helium
    "catalog:read",        # GET /incoming/v2/catalog (export)
    "catalog:write",       # PUT /incoming/v2/catalog (import)
    "webhooks:read",       # webhook endpoints and their delivery log
    "webhooks:write",      # register and remove webhook endpoints
)


def validate_scopes(scopes: list[str] | tuple[str, ...] | None) -> list[str] | None:
    """The scopes, de-duplicated in canonical order; BAD_USER_INPUT for unknown or no scopes."""
    if scopes is None:
        return None
    unknown = sorted({s for s in scopes if s not in SCOPES})
    if unknown:
        raise AppError(ErrorCode.BAD_USER_INPUT,
                       f"Unknown scope(s): {', '.join(unknown)}; known scopes: {', '.join(SCOPES)}", "scopes")
    if not scopes:
        raise AppError(ErrorCode.BAD_USER_INPUT, "Give at least one scope, or none at all for full scope", "scopes")
    return [s for s in SCOPES if s in scopes]


@dataclass(frozen=True)
class ApiKeyIdentity:
    """The key a request was made with (its secret is never kept)."""

    id: str
    name: str
    scopes: tuple[str, ...] | None  # None: full scope
    # The key's own budget of API points; None: the Settings defaults (app/graphql/metering.py).
    rate_limit_capacity: int | None = None
    rate_limit_restore_rate: float | None = None

    def allows(self, scope: str) -> bool:
        return self.scopes is None or scope in self.scopes


async def create_api_key(
    session: AsyncSession, *, name: str, scopes: list[str] | None = None, key: str | None = None,
    rate_limit_capacity: int | None = None, rate_limit_restore_rate: float | None = None,
) -> tuple[ApiKey, str]:
    """A new key and its secret; the secret is shown once and only its hash is stored."""
    name = (name or "").strip()
    if not name:
        raise AppError(ErrorCode.BAD_USER_INPUT, "An API key needs a name", "name")
    scopes = validate_scopes(scopes)
    if rate_limit_capacity is not None and rate_limit_capacity < 1:
        raise AppError(ErrorCode.BAD_USER_INPUT, "The capacity must be at least 1 point", "capacity")
    if rate_limit_restore_rate is not None and not rate_limit_restore_rate > 0:
        raise AppError(ErrorCode.BAD_USER_INPUT, "The restore rate must be above 0 points per second",
                       "restoreRate")
    secret = key or generate_api_key()
    row = ApiKey(name=name, key_hash=hash_api_key(secret), prefix=secret[:8], scopes=scopes,
                 rate_limit_capacity=rate_limit_capacity, rate_limit_restore_rate=rate_limit_restore_rate)
    session.add(row)
    await session.flush()
    return row, secret


async def revoke_api_key(session: AsyncSession, *, name_or_id: str) -> int:
    rows = (
        await session.scalars(
            select(ApiKey).where(
                (ApiKey.name == name_or_id) | (ApiKey.id == name_or_id), ApiKey.revoked_at.is_(None)
            )
        )
    ).all()
    if not rows:
        raise AppError(ErrorCode.NOT_FOUND, f"No active API key named {name_or_id!r}")
    for row in rows:
        row.revoked_at = utcnow()
    await session.flush()
    return len(rows)


async def find_api_key(session: AsyncSession, *, secret: str) -> ApiKeyIdentity | None:
    row = (
        await session.execute(
            select(ApiKey.id, ApiKey.name, ApiKey.scopes, ApiKey.rate_limit_capacity,
                   ApiKey.rate_limit_restore_rate).where(
                ApiKey.key_hash == hash_api_key(secret), ApiKey.revoked_at.is_(None)
            )
        )
    ).first()
    if row is None:
        return None
    return ApiKeyIdentity(id=row.id, name=row.name, scopes=tuple(row.scopes) if row.scopes is not None else None,
                          rate_limit_capacity=row.rate_limit_capacity,
                          rate_limit_restore_rate=row.rate_limit_restore_rate)


async def list_api_keys(session: AsyncSession) -> list[ApiKey]:
    return list((await session.scalars(select(ApiKey).order_by(ApiKey.created_at))).all())
