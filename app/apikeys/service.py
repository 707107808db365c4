"""Create, revoke and verify instance API keys."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.apikeys.models import ApiKey
from app.db import utcnow
from app.errors import AppError, ErrorCode
from app.security import generate_api_key, hash_api_key


@dataclass(frozen=True)
class ApiKeyIdentity:
    """The key a request was made with (its secret is never kept)."""

    id: str
    name: str
    scopes: tuple[str, ...] | None  # None: full scope

    def allows(self, scope: str) -> bool:
        return self.scopes is None or scope in self.scopes


async def create_api_key(
    session: AsyncSession, *, name: str, scopes: list[str] | None = None, key: str | None = None
) -> tuple[ApiKey, str]:
    """A new key and its secret; the secret is shown once and only its hash is stored."""
    name = (name or "").strip()
    if not name:
        raise AppError(ErrorCode.BAD_USER_INPUT, "An API key needs a name", "name")
    secret = key or generate_api_key()
    row = ApiKey(name=name, key_hash=hash_api_key(secret), prefix=secret[:8], scopes=scopes)
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
            select(ApiKey.id, ApiKey.name, ApiKey.scopes).where(
                ApiKey.key_hash == hash_api_key(secret), ApiKey.revoked_at.is_(None)
            )
        )
    ).first()
    if row is None:
        return None
    return ApiKeyIdentity(id=row.id, name=row.name, scopes=tuple(row.scopes) if row.scopes is not None else None)


async def list_api_keys(session: AsyncSession) -> list[ApiKey]:
    return list((await session.scalars(select(ApiKey).order_by(ApiKey.created_at))).all())
