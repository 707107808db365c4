"""What request handlers share for the life of the app, built once by the lifespan."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.apikeys.cache import ApiKeyCache
from app.graphql.engine.documents import DocumentStore
from app.graphql.schema import LearnerSchema
from app.hot_reads import HotReader
from app.persisted_queries.store import PersistedQueries
from app.ratelimit import Limiter
from app.security import TokenVerifier
from app.settings import Settings
from app.usage.recorder import UsageRecorder


@dataclass
class Services:
    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    schema: LearnerSchema
    # API-point buckets per API key (app/ratelimit): in this process, or in Redis when REDIS_URL is set.
    limiter: Limiter
    # Verified API keys, for API_KEY_CACHE_SECONDS (app/apikeys/cache.py).
    api_key_cache: ApiKeyCache
    # Verified login tokens (their signatures; sessions are read on every request).
    tokens: TokenVerifier
    # The per-request authentication read, below the ORM (app/hot_reads.py).
    hot_reads: HotReader
    # The usage ledger, counted in memory and flushed in the background (app/usage/recorder.py).
    usage: UsageRecorder
    # Parsed and validated documents of this process (app/graphql/engine/documents.py).
    documents: DocumentStore
    # Automatic persisted queries, shared by every process (app/persisted_queries).
    persisted_queries: PersistedQueries
