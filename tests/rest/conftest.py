"""REST helpers: API keys with given scopes."""
from __future__ import annotations

import pytest


@pytest.fixture
def make_key(db):
    """`await make_key(["users:read"])` -> a new API key secret with those scopes (None: full scope)."""
    from app.apikeys.service import create_api_key

    counter = iter(range(1000))

    async def make(scopes: list[str] | None) -> str:
        async with db() as session:
            _row, secret = await create_api_key(session, name=f"scoped-{next(counter)}", scopes=scopes)
            await session.commit()
        return secret

    return make


def bearer(key: str = "test-api-key") -> dict:
    return {"Authorization": f"Bearer {key}"}
