"""License allocation and the learner's active license and client."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from app.clients.models import Client, ClientAdmin, License, LicenseAllocation
from app.db import new_id, utcnow
from app.errors import AppError, ErrorCode, bad_input, not_found
from app.users.models import User

ACTIVE = "active"
ALLOCATION_ROLES = ("student", "manager")


def _sync_loaded_user(session: AsyncSession, user_id: str, **values) -> None:
    """Keep an already loaded User row (the request's viewer) in step with a Core UPDATE."""
    loaded = session.identity_map.get(identity_key(User, user_id))
    if loaded is not None:
        for key, value in values.items():
            set_committed_value(loaded, key, value)


async def allocate_license(session: AsyncSession, *, user_id: str, license_id: str, role: str = "student",
                           now: datetime | None = None, allocation_id: str | None = None) -> None:
    """Give the user an active allocation of the license (a revoked one is reactivated); a new
    allocation is named `allocation_id` (default: a random id). BAD_USER_INPUT (role); NOT_FOUND (licenseId)."""
    if role not in ALLOCATION_ROLES:
        raise bad_input(f"role must be one of {', '.join(ALLOCATION_ROLES)}", "role")
    if await session.scalar(select(License.id).where(License.id == license_id)) is None:
        raise not_found("License", "licenseId")
    now = now or utcnow()
    existing = await session.scalar(
        select(LicenseAllocation.status).where(LicenseAllocation.user_id == user_id,
                                               LicenseAllocation.license_id == license_id)
    )
    if existing is None:
        try:
            async with session.begin_nested():
                session.add(LicenseAllocation(id=allocation_id or new_id(), user_id=user_id, license_id=license_id, role=role,
                                              status=ACTIVE, created_at=now, updated_at=now))
                await session.flush()
            return
        except IntegrityError:
            pass  # allocated by a concurrent transaction meanwhile: make sure it is active below
    if existing != ACTIVE:
        await session.execute(
            update(LicenseAllocation)
            .where(LicenseAllocation.user_id == user_id, LicenseAllocation.license_id == license_id)
            .values(status=ACTIVE, updated_at=now)
            .execution_options(synchronize_session=False)
        )


async def set_active_license_if_none(session: AsyncSession, *, user_id: str, license_id: str) -> bool:
    """Make the license the user's active one unless they already have one (atomic)."""
    return await _set_user_column_if_none(session, user_id, User.active_license_id, license_id)


async def join_client_if_none(session: AsyncSession, *, user_id: str, client_id: str) -> bool:
    """Make the user a member of the client unless they already belong to one (atomic)."""
    return await _set_user_column_if_none(session, user_id, User.client_id, client_id)


async def _set_user_column_if_none(session: AsyncSession, user_id: str, column, value: str) -> bool:
    result = await session.execute(
        update(User).where(User.id == user_id, column.is_(None))
        .values({column.key: value}).execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:
        _sync_loaded_user(session, user_id, **{column.key: value})
    return result.rowcount == 1


async def select_active_license(session: AsyncSession, *, user_id: str, license_id: str) -> bool:
    """Switch the user's active license to one allocated to them (active allocation).

    NOT_FOUND for an unknown license, FORBIDDEN for a license not allocated to the user.
    """
    if await session.get(License, license_id) is None:
        raise not_found("License", "licenseId")
    allocated = await session.scalar(
        select(LicenseAllocation.id).where(
            LicenseAllocation.user_id == user_id, LicenseAllocation.license_id == license_id,
            LicenseAllocation.status == ACTIVE,
        )
    )
    if allocated is None:
        raise AppError(ErrorCode.FORBIDDEN, "This license is not allocated to you", "licenseId")
    await session.execute(
        update(User).where(User.id == user_id).values(active_license_id=license_id, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    _sync_loaded_user(session, user_id, active_license_id=license_id)
    return True


async def add_client_admin(session: AsyncSession, *, user_id: str, client_id: str) -> bool:
    """Make the user an administrator of the client: True when added, False when they were one.
    NOT_FOUND (clientId, userId)."""
    if await session.scalar(select(Client.id).where(Client.id == client_id)) is None:
        raise not_found("Client", "clientId")
    if await session.scalar(select(User.id).where(User.id == user_id)) is None:
        raise not_found("User", "userId")
    held = select(ClientAdmin.user_id).where(ClientAdmin.user_id == user_id, ClientAdmin.client_id == client_id)
    if await session.scalar(held) is not None:
        return False
    try:
        async with session.begin_nested():
            session.add(ClientAdmin(user_id=user_id, client_id=client_id))
            await session.flush()
    except IntegrityError:
        return False  # added by a concurrent transaction meanwhile
    return True
