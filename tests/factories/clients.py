"""Who administers a client, and who holds a client's licenses. Clients and licenses come from the catalog
import (tests.factories.catalog); licenses are allocated through the clients service (`allocate_license`,
besides the ones a learner is provisioned with). No service appoints a client's administrators yet
(operators do), so `client_admin` inserts the ClientAdmin row."""
from __future__ import annotations

from app.clients.models import ClientAdmin
from app.clients.service import allocate_license


async def client_admin(db, user_id: str, *client_ids: str) -> None:
    async with db() as session:
        session.add_all([ClientAdmin(user_id=user_id, client_id=client_id) for client_id in client_ids])
        await session.commit()


async def allocated(db, user_id: str, license_id: str, role: str = "student") -> None:
    """The learner holds the license in the role (`manager` manages its learners)."""
    async with db() as session:
        await allocate_license(session, user_id=user_id, license_id=license_id, role=role)
        await session.commit()
