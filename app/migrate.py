"""Apply Alembic migrations from code (the CLI and the tests use this).

Several processes may start at once (`serve` on every replica): the upgrade runs under a lock so
that one migrates and the others then find the database at head. PostgreSQL: a transaction-level
advisory lock. SQLite: an exclusive lock on a file beside the database (SQLite's own lock would
make the waiting processes fail with "database is locked" after the short busy timeout).
"""
from __future__ import annotations

import asyncio
import contextlib
import fcntl
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any constant of our own; pg_advisory_xact_lock(bigint).
PG_MIGRATION_LOCK_ID = 0x6C6561726E6572  # "learner"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


async def upgrade(engine: AsyncEngine, revision: str = "heads") -> None:
    def _run(connection):
        cfg = alembic_config(str(engine.url))
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)

    async with _sqlite_file_lock(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": PG_MIGRATION_LOCK_ID})
        await connection.run_sync(_run)


@contextlib.asynccontextmanager
async def _sqlite_file_lock(engine: AsyncEngine):
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    lock_path = Path(database).with_name(Path(database).name + ".migrate-lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as handle:
        await asyncio.to_thread(fcntl.flock, handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
