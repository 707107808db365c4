"""License allocation, active license and client membership."""
from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select, update

from app.clients import service
from app.clients.models import ClientAdmin, LicenseAllocation
from app.errors import AppError, ErrorCode
from app.users.models import User
from tests.factories.catalog import build, client, id_of, license
from tests.factories.people import learner
from tests.factories.services import run_service


@pytest.fixture
async def w(db):
    """Jane, of the Acme Corp client, holds its Enterprise (active) and Engineering licenses; Globex has its own."""
    await build(db, clients=[client("acme-corp", license("ENTERPRISE"), license("w.engineering")),
                             client("globex", license("GLOBEX"))])
    w = SimpleNamespace(acme=await id_of(db, "client", "acme-corp"), globex=await id_of(db, "client", "globex"),
                        enterprise=await id_of(db, "license", "ENTERPRISE"),
                        engineering=await id_of(db, "license", "w.engineering"),
                        globex_license=await id_of(db, "license", "GLOBEX"))
    w.jane = await learner(db, "jane@example.com", client_id=w.acme, license_ids=(w.enterprise, w.engineering),
                           password=None)
    return w


async def test_allocate_is_idempotent_and_reactivates(db, w):
    await run_service(db, service.allocate_license, user_id=w.jane, license_id=w.globex_license)
    await run_service(db, service.allocate_license, user_id=w.jane, license_id=w.globex_license)
    async with db() as session:
        await session.execute(update(LicenseAllocation).where(LicenseAllocation.user_id == w.jane,
                                                              LicenseAllocation.license_id == w.engineering)
                              .values(status="revoked"))
        await session.commit()
    await run_service(db, service.allocate_license, user_id=w.jane, license_id=w.engineering)
    async with db() as session:
        rows = dict((await session.execute(select(LicenseAllocation.license_id, LicenseAllocation.status)
                                           .where(LicenseAllocation.user_id == w.jane))).all())
    assert rows[w.globex_license] == "active" and rows[w.engineering] == "active" and len(rows) == 3


async def test_concurrent_allocations_make_one_row(db, w):
    await asyncio.gather(*(run_service(db, service.allocate_license, user_id=w.jane, license_id=w.globex_license)
                           for _ in range(3)))
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(LicenseAllocation).where(
            LicenseAllocation.user_id == w.jane, LicenseAllocation.license_id == w.globex_license)) == 1


async def test_active_license_and_client_are_set_only_when_missing(db, w):
    assert await run_service(db, service.set_active_license_if_none, user_id=w.jane, license_id=w.globex_license) is False
    assert await run_service(db, service.join_client_if_none, user_id=w.jane, client_id=w.globex) is False
    async with db() as session:
        jane = await session.get(User, w.jane)
        assert jane.active_license_id == w.enterprise
        assert jane.client_id == w.acme


async def test_select_active_license(db, w):
    assert await run_service(db, service.select_active_license, user_id=w.jane, license_id=w.engineering) is True
    with pytest.raises(AppError) as forbidden:
        await run_service(db, service.select_active_license, user_id=w.jane, license_id=w.globex_license)
    assert forbidden.value.code == ErrorCode.FORBIDDEN
    with pytest.raises(AppError) as missing:
        await run_service(db, service.select_active_license, user_id=w.jane, license_id="nope")
    assert missing.value.code == ErrorCode.NOT_FOUND


async def test_allocation_names_its_row_and_checks_role_and_license(db, w):
    await run_service(db, service.allocate_license, user_id=w.jane, license_id=w.globex_license, role="manager",
               allocation_id="named-allocation")
    async with db() as session:
        row = await session.get(LicenseAllocation, "named-allocation")
    assert (row.user_id, row.license_id, row.role, row.status) == (w.jane, w.globex_license, "manager", "active")
    for kwargs, code, field in (({"role": "owner"}, ErrorCode.BAD_USER_INPUT, "role"),
                                ({"license_id": "nope"}, ErrorCode.NOT_FOUND, "licenseId")):
        with pytest.raises(AppError) as caught:
            await run_service(db, service.allocate_license, **{"user_id": w.jane, "license_id": w.enterprise, **kwargs})
        assert (caught.value.code, caught.value.field) == (code, field)


async def test_client_admins_are_added_once(db, w):
    assert await run_service(db, service.add_client_admin, user_id=w.jane, client_id=w.acme) is True
    assert await run_service(db, service.add_client_admin, user_id=w.jane, client_id=w.acme) is False
    results = await asyncio.gather(*(run_service(db, service.add_client_admin, user_id=w.jane, client_id=w.globex)
                                     for _ in range(3)))
    assert results.count(True) == 1
    async with db() as session:
        held = set((await session.execute(select(ClientAdmin.client_id).where(ClientAdmin.user_id == w.jane))).scalars())
    assert held == {w.acme, w.globex}
    for kwargs, field in (({"client_id": "nope"}, "clientId"), ({"user_id": "nobody"}, "userId")):
        with pytest.raises(AppError) as caught:
            await run_service(db, service.add_client_admin, **{"user_id": w.jane, "client_id": w.acme, **kwargs})
        assert (caught.value.code, caught.value.field) == (ErrorCode.NOT_FOUND, field)
