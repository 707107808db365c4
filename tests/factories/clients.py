"""Who administers a client. Clients and licenses come from the catalog import (tests.factories.catalog);
administrators are appointed through the clients service (`add_client_admin`)."""
from __future__ import annotations

from app.clients.service import add_client_admin


async def client_admin(db, user_id: str, *client_ids: str) -> None:
    async with db() as session:
        for client_id in client_ids:
            await add_client_admin(session, user_id=user_id, client_id=client_id)
        await session.commit()
