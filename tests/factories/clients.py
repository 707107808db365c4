"""Who administers a client, and who holds a client's licenses. Clients and licenses come from the catalog
import (tests.factories.catalog); administrators are appointed and licenses allocated through the clients
service (`add_client_admin`, `allocate_license`, besides the licenses a learner is provisioned with)."""
from __future__ import annotations

from app.clients.service import add_client_admin, allocate_license


async def client_admin(db, user_id: str, *client_ids: str) -> None:
    async with db() as session:
        for client_id in client_ids:
            await add_client_admin(session, user_id=user_id, client_id=client_id)
        await session.commit()


async def allocated(db, user_id: str, license_id: str, role: str = "student") -> None:
    """The learner holds the license in the role (`manager` manages its learners)."""
    async with db() as session:
        await allocate_license(session, user_id=user_id, license_id=license_id, role=role)
        await session.commit()
