"""A short-lived, per-process cache of verified API keys (the GraphQL endpoint looks a key up per request).

Entries are keyed by the key's SHA-256 (the secret itself is never kept) and live `ttl` seconds.
Only valid keys are cached: an unknown or revoked key is looked up again on every request, and a
new key works at once. Revoking a key takes effect within `ttl` seconds in every process
(`API_KEY_CACHE_SECONDS`, default 5; 0 turns the cache off).
"""
from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

from app.apikeys.service import ApiKeyIdentity, find_api_key
from app.security import hash_api_key


class ApiKeyCache:
    def __init__(self, ttl: float, *, maxsize: int = 1024, clock: Callable[[], float] = time.monotonic):
        self.ttl = ttl
        self.maxsize = maxsize
        self._clock = clock
        self._entries: OrderedDict[str, tuple[float, ApiKeyIdentity]] = OrderedDict()

    def fresh(self, secret: str) -> ApiKeyIdentity | None:
        """The cached identity while its entry is fresh; None otherwise (then `find`)."""
        entry = self._entries.get(hash_api_key(secret)) if self.ttl > 0 else None
        return entry[1] if entry is not None and entry[0] > self._clock() else None

    async def find(self, session: AsyncSession, *, secret: str) -> ApiKeyIdentity | None:
        """find_api_key, answered from the cache while the entry is fresh."""
        if self.ttl <= 0:
            return await find_api_key(session, secret=secret)
        cached = self.fresh(secret)
        if cached is not None:
            return cached
        digest = hash_api_key(secret)
        now = self._clock()
        identity = await find_api_key(session, secret=secret)
        if identity is None:
            self._entries.pop(digest, None)
            return None
        self._entries[digest] = (now + self.ttl, identity)
        self._entries.move_to_end(digest)
        while len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)
        return identity

    def clear(self) -> None:
        self._entries.clear()
