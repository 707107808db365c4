"""The persisted-query store: hash checks, the local cache, and its bound in the database."""
from __future__ import annotations

from sqlalchemy import func, select

from app.db import write_session
from app.persisted_queries.models import PersistedQuery
from app.persisted_queries.store import PersistedQueries, sha256_of, trim


async def test_stored_documents_are_found_by_another_store(db):
    query = "{ Languages { code } }"
    await PersistedQueries(db).resolve(sha256_of(query), query)
    assert await PersistedQueries(db).resolve(sha256_of(query), None) == query


async def test_the_database_store_is_bounded(db):
    store = PersistedQueries(db, max_entries=3)
    for n in range(5):
        query = f"{{ Languages {{ code }} }} # {n}"
        await store.resolve(sha256_of(query), query)
    async with write_session(db) as session:
        assert await trim(session, 3) == 2
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(PersistedQuery)) == 3


async def test_while_redis_is_unreachable_documents_go_to_the_database(db, caplog):
    import logging

    # 9108: in this suite's port range; nothing listens there.
    down, other = (PersistedQueries(db, redis_url="redis://127.0.0.1:9108/0") for _ in range(2))
    query = "{ Languages { code } } # redis down"
    with caplog.at_level(logging.WARNING, logger="app.persisted_queries"):
        assert await down.resolve(sha256_of(query), query) == query
        assert await down.resolve(sha256_of(query + " "), query + " ") == query + " "  # not logged again
        assert await other.resolve(sha256_of(query), None) == query  # another process finds it
    await down.close()
    await other.close()
    warnings = [r for r in caplog.records if r.name == "app.persisted_queries"]
    assert len(warnings) == 2 and all(w.exc_info is None for w in warnings)  # once per store (process)
