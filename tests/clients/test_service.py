"""License allocation, active license and client membership."""
from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select, update

from app.clients import service
from app.clients.models import LicenseAllocation
from app.db import begin_write
from app.demo import JANE_EMAIL, demo_id
from app.errors import AppError, ErrorCode
from app.users.models import User

JANE = demo_id("user", JANE_EMAIL)
GLOBEX_LICENSE = demo_id("license", "globex")
ENGINEERING = demo_id("license", "engineering")


async def _run(db, fn, **kwargs):
    async with db() as session:
        await begin_write(session)
        result = await fn(session, **kwargs)
        await session.commit()
        return result


async def test_allocate_is_idempotent_and_reactivates(db, demo):
    await _run(db, service.allocate_license, user_id=JANE, license_id=GLOBEX_LICENSE)
    await _run(db, service.allocate_license, user_id=JANE, license_id=GLOBEX_LICENSE)
    async with db() as session:
        await session.execute(update(LicenseAllocation).where(LicenseAllocation.user_id == JANE,
                                                              LicenseAllocation.license_id == ENGINEERING)
                              .values(status="revoked"))
        await session.commit()
    await _run(db, service.allocate_license, user_id=JANE, license_id=ENGINEERING)
    async with db() as session:
        rows = dict((await session.execute(select(LicenseAllocation.license_id, LicenseAllocation.status)
                                           .where(LicenseAllocation.user_id == JANE))).all())
    assert rows[GLOBEX_LICENSE] == "active" and rows[ENGINEERING] == "active" and len(rows) == 3


async def test_concurrent_allocations_make_one_row(db, demo):
    await asyncio.gather(*(_run(db, service.allocate_license, user_id=JANE, license_id=GLOBEX_LICENSE)
                           for _ in range(3)))
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(LicenseAllocation).where(
            LicenseAllocation.user_id == JANE, LicenseAllocation.license_id == GLOBEX_LICENSE)) == 1


async def test_active_license_and_client_are_set_only_when_missing(db, demo):
    assert await _run(db, service.set_active_license_if_none, user_id=JANE, license_id=GLOBEX_LICENSE) is False
    assert await _run(db, service.join_client_if_none, user_id=JANE, client_id=demo_id("client", "globex")) is False
    async with db() as session:
        jane = await session.get(User, JANE)
        assert jane.active_license_id == demo_id("license", "enterprise")
        assert jane.client_id == demo_id("client", "acme-corp")


async def test_select_active_license(db, demo):
    assert await _run(db, service.select_active_license, user_id=JANE, license_id=ENGINEERING) is True
    with pytest.raises(AppError) as forbidden:
        await _run(db, service.select_active_license, user_id=JANE, license_id=GLOBEX_LICENSE)
    assert forbidden.value.code == ErrorCode.FORBIDDEN
    with pytest.raises(AppError) as missing:
        await _run(db, service.select_active_license, user_id=JANE, license_id="nope")
    assert missing.value.code == ErrorCode.NOT_FOUND
