"""An operator's changes to an account: its role and whether it is disabled."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from app.db import utcnow
from app.errors import bad_input, not_found
from app.users.models import ROLE_ADMIN, ROLE_LEARNER, ROLE_MANAGER, AuthSession, User

ROLES = (ROLE_LEARNER, ROLE_MANAGER, ROLE_ADMIN)


async def _set(session: AsyncSession, user_id: str, now: datetime, **values) -> None:
    if await session.scalar(select(User.id).where(User.id == user_id)) is None:
        raise not_found("User", "userId")
    await session.execute(
        update(User).where(User.id == user_id).values(**values, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    loaded = session.identity_map.get(identity_key(User, user_id))
    if loaded is not None:  # keep a loaded row (the request's viewer) in step
        for key, value in {**values, "updated_at": now}.items():
            set_committed_value(loaded, key, value)


async def set_role(session: AsyncSession, *, user_id: str, role: str, now: datetime | None = None) -> None:
    """Give the user a role (learner, manager or admin). BAD_USER_INPUT (role); NOT_FOUND (userId)."""
    if role not in ROLES:
        raise bad_input(f"role must be one of {', '.join(ROLES)}", "role")
    await _set(session, user_id, now or utcnow(), role_key=role)


async def set_disabled(session: AsyncSession, *, user_id: str, disabled: bool, now: datetime | None = None) -> None:
    """Disable the account (it can no longer log in, and its open sessions end) or enable it again.
    NOT_FOUND (userId)."""
    now = now or utcnow()
    await _set(session, user_id, now, disabled=bool(disabled))
    if disabled:
        await session.execute(
            update(AuthSession).where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
            .values(revoked_at=now).execution_options(synchronize_session=False)
        )
