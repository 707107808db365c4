"""app/apikeys/cache.py: verified API keys are reused for a few seconds, revocation still takes effect."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update

from app.apikeys.cache import ApiKeyCache
from app.apikeys.models import ApiKey
from app.apikeys.service import create_api_key


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _key(db, name="cached") -> str:
    async with db() as session:
        secret = (await create_api_key(session, name=name))[1]
        await session.commit()
    return secret


async def _find(db, cache, secret):
    async with db() as session:
        return await cache.find(session, secret=secret)


async def _revoke_all(db):
    async with db() as session:
        await session.execute(update(ApiKey).values(revoked_at=datetime.now(UTC)))
        await session.commit()


async def test_a_revoked_key_is_refused_once_its_entry_expires(db, count_statements):
    clock = Clock()
    cache = ApiKeyCache(5, clock=clock)
    secret = await _key(db)
    first = await _find(db, cache, secret)
    await _revoke_all(db)
    with count_statements() as c:
        again = await _find(db, cache, secret)
    assert again == first and c.count == 0
    clock.now += 5.01
    assert await _find(db, cache, secret) is None


async def test_unknown_keys_are_not_cached(db):
    cache = ApiKeyCache(5, clock=Clock())
    assert await _find(db, cache, "not-a-key") is None
    assert cache._entries == {}


async def test_ttl_zero_looks_up_every_time(db, count_statements):
    cache = ApiKeyCache(0)
    secret = await _key(db)
    with count_statements() as c:
        await _find(db, cache, secret)
        await _find(db, cache, secret)
    assert c.count == 2


async def test_the_oldest_entries_are_dropped_beyond_maxsize(db):
    cache = ApiKeyCache(5, maxsize=2, clock=Clock())
    secrets = [await _key(db, f"k{i}") for i in range(3)]
    for secret in secrets:
        await _find(db, cache, secret)
    assert len(cache._entries) == 2
