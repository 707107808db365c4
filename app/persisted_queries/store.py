"""Automatic persisted queries (Apollo's `extensions.persistedQuery {version, sha256Hash}`).

A client sends a document's hash alone; when the server does not know it, the client sends
the hash with the document, which is stored after the hash is checked. The store is shared by
every process: the database (at most `max_entries` documents, oldest dropped first) or, with
`REDIS_URL`, Redis (each document kept `REDIS_TTL` after it was last registered). Each process
keeps the documents it has seen in an LRU, so a known hash costs no I/O.
"""
from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict

from redis.exceptions import RedisError
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db import utcnow, write_session
from app.errors import AppError, ErrorCode
from app.observability.logs import Throttled
from app.persisted_queries.models import PersistedQuery

NOT_FOUND_MESSAGE = "PersistedQueryNotFound"  # Apollo's clients compare the message (and the code)
REDIS_TTL = 7 * 24 * 3600
log = logging.getLogger("app.persisted_queries")
# The database store is trimmed to `max_entries` after this many registrations by one process.
TRIM_EVERY = 100


def not_found() -> AppError:
    return AppError(ErrorCode.PERSISTED_QUERY_NOT_FOUND, NOT_FOUND_MESSAGE)


def sha256_of(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


def requested_hash(extensions: dict | None) -> str | None:
    """The hash of `extensions.persistedQuery`, or None; BAD_USER_INPUT when it is malformed."""
    persisted = (extensions or {}).get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise AppError(ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
                       "Only version 1 of extensions.persistedQuery is supported", "extensions")
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or len(digest) != 64:
        raise AppError(ErrorCode.BAD_USER_INPUT, "persistedQuery.sha256Hash must be 64 hex digits", "extensions")
    return digest.lower()


class PersistedQueries:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession], *, max_entries: int = 10_000,
                 redis_url: str | None = None, redis_prefix: str = "learner:", local_size: int = 2048):
        self._factory = session_factory
        self.max_entries = max_entries
        self._local: OrderedDict[str, str] = OrderedDict()
        self._local_size = local_size
        self._registered = 0
        self._redis = None
        # While Redis is unreachable the database holds the documents; reported once a minute.
        self._failures = Throttled(log, interval=60.0)
        if redis_url:
            from redis import asyncio as aioredis

            self._redis = aioredis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=2)
            self._prefix = redis_prefix + "apq:"

    async def resolve(self, digest: str, query: str | None) -> str:
        """The document for `digest`: `query` once its hash is checked and stored, else the stored one."""
        if query is not None:
            if sha256_of(query) != digest:
                raise AppError(ErrorCode.PROVIDED_SHA_DOES_NOT_MATCH, "provided sha does not match query",
                               "extensions")
            if digest not in self._local:
                await self._store(digest, query)
            self._remember(digest, query)
            return query
        known = self._local.get(digest)
        if known is None:
            known = await self._load(digest)
            if known is None:
                raise not_found()
        self._remember(digest, known)
        return known

    def _remember(self, digest: str, query: str) -> None:
        self._local[digest] = query
        self._local.move_to_end(digest)
        while len(self._local) > self._local_size:
            self._local.popitem(last=False)

    async def _load(self, digest: str) -> str | None:
        if self._redis is not None:
            try:
                value = await self._redis.get(self._prefix + digest)
                return value.decode() if value is not None else None
            except (RedisError, OSError) as error:
                self._failures.warning("redis", "Redis unreachable: persisted queries in the database meanwhile",
                                  error=error)
        async with self._factory() as session:
            return await session.scalar(select(PersistedQuery.query).where(PersistedQuery.sha256 == digest))

    async def _store(self, digest: str, query: str) -> None:
        if self._redis is not None:
            try:
                await self._redis.set(self._prefix + digest, query, ex=REDIS_TTL)
                return
            except (RedisError, OSError) as error:
                self._failures.warning("redis", "Redis unreachable: persisted queries in the database meanwhile",
                                  error=error)
        async with write_session(self._factory) as session:
            insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
            await session.execute(insert(PersistedQuery).values(sha256=digest, query=query, created_at=utcnow())
                                  .on_conflict_do_nothing(index_elements=[PersistedQuery.sha256]))
            self._registered += 1
            if self._registered % TRIM_EVERY == 0:
                await trim(session, self.max_entries)

    async def close(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()


async def trim(session: AsyncSession, max_entries: int) -> int:
    """Drop the oldest documents beyond `max_entries`."""
    keep = select(PersistedQuery.sha256).order_by(PersistedQuery.created_at.desc()).limit(max_entries)
    result = await session.execute(delete(PersistedQuery).where(PersistedQuery.sha256.not_in(keep)))
    return result.rowcount or 0
