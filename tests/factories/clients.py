"""Who administers a client. Clients and licenses come from the catalog import (tests.factories.catalog);
no service appoints a client's administrators yet (operators do), so this inserts the ClientAdmin row."""
from __future__ import annotations

from app.clients.models import ClientAdmin


async def client_admin(db, user_id: str, *client_ids: str) -> None:
    async with db() as session:
        session.add_all([ClientAdmin(user_id=user_id, client_id=client_id) for client_id in client_ids])
        await session.commit()
