"""The Alembic migrations build exactly the schema the models describe, and data migrations move the data."""
from __future__ import annotations

from datetime import datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, MetaData, Table, insert, inspect, select, text

from app.content.models import ContentItem
from app.db import Base, create_engine
from app.migrate import alembic_config, upgrade
from tests.conftest import throwaway_database


async def test_migrations_match_the_models(engine):
    def diff(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as conn:
        changes = await conn.run_sync(diff)
    assert changes == [], f"models and migrations differ; run scripts/make-migration: {changes}"


@pytest.fixture
async def fresh_url():
    """An empty database of the kind the suite runs on (SQLite file, or a new PostgreSQL database)."""
    async with throwaway_database("test_mig") as url:
        yield url


async def _downgrade(engine, revision: str) -> None:
    def run(connection):
        cfg = alembic_config(str(engine.url))
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)

    async with engine.begin() as conn:
        await conn.run_sync(run)


async def _content_items_as_stored(conn) -> Table:
    """content_items with only the columns the database has at its current revision (later
    migrations add columns), keeping the models' defaults."""
    stored = {c["name"] for c in await conn.run_sync(lambda sync: inspect(sync).get_columns("content_items"))}
    columns = [Column(c.name, c.type, primary_key=c.primary_key, default=c.default.arg if c.default else None)
               for c in ContentItem.__table__.columns if c.name in stored]
    return Table("content_items", MetaData(), *columns)


async def _kinds(engine) -> dict[str, str]:
    async with engine.connect() as conn:
        return dict((await conn.execute(select(ContentItem.slug, ContentItem.kind))).all())


async def test_0009_stores_catalog_courses_as_course_groups_and_back(fresh_url):
    engine = create_engine(fresh_url)
    try:
        await upgrade(engine, "0008_merge")
        rows = [dict(id="g", kind="course", slug="group"),
                dict(id="s", kind="course", slug="session", course_group_id="g"),
                dict(id="m", kind="microCourse", slug="micro"), dict(id="p", kind="learningPath", slug="path"),
                dict(id="w", kind="webinar", slug="webinar")]
        async with engine.begin() as conn:
            await conn.execute(insert(await _content_items_as_stored(conn)),
                               [{"title": r["slug"], "course_group_id": None, **r} for r in rows])
        await upgrade(engine, "0009_course_groups")
        assert await _kinds(engine) == {"group": "courseGroup", "session": "course", "micro": "microCourse",
                                        "path": "learningPath", "webinar": "webinar"}
        await _downgrade(engine, "0008_merge")
        assert await _kinds(engine) == {"group": "course", "session": "course", "micro": "microCourse",
                                        "path": "learningPath", "webinar": "webinar"}
    finally:
        await engine.dispose()


async def test_0012_adds_the_catalog_settings_to_existing_items_and_goes_back(fresh_url):
    engine = create_engine(fresh_url)
    try:
        await upgrade(engine, "0011_bookmarks")
        async with engine.begin() as conn:
            await conn.execute(insert(await _content_items_as_stored(conn)),
                               [{"id": "c", "kind": "courseGroup", "slug": "course", "title": "Course"}])
        await upgrade(engine, "0012_catalog_parity")
        async with engine.connect() as conn:
            row = (await conn.execute(select(ContentItem.show_progress, ContentItem.taxable,
                                             ContentItem.display_map))).one()
        assert tuple(row) == (True, False, False)  # existing rows get the models' defaults
        await _downgrade(engine, "0011_bookmarks")
        assert await _kinds(engine) == {"course": "courseGroup"}
        await upgrade(engine, "0012_catalog_parity")
    finally:
        await engine.dispose()


async def test_0013_makes_uploads_self_reported_and_unverified_and_issued_ones_verified(fresh_url):
    from app.users.models import User

    engine = create_engine(fresh_url)
    try:
        await upgrade(engine, "0012_catalog_parity")
        async with engine.begin() as conn:
            await conn.execute(insert(User.__table__).values(id="u", email="u@example.com"))
            for cid, source in (("up", "upload"), ("api", "api"), ("pl", "platform")):
                await conn.execute(text(
                    "INSERT INTO certificates (id, user_id, issued_at, source, is_external, progress_was_reset, "
                    "created_at, updated_at) VALUES (:id, 'u', :now, :source, false, false, :now, :now)"),
                    {"id": cid, "source": source, "now": datetime(2026, 1, 1)})
        await upgrade(engine, "0013_certification_records")
        async with engine.connect() as conn:
            rows = (await conn.execute(text(
                "SELECT id, source, verification_status, verification_method, last_verified_at IS NOT NULL "
                "FROM certificates ORDER BY id"))).all()
        assert [tuple(r) for r in rows] == [("api", "api", "verified", "api", True),
                                            ("pl", "platform", "verified", "platform", True),
                                            ("up", "self-reported", "unverified", None, False)]
        await _downgrade(engine, "0012_catalog_parity")
        async with engine.connect() as conn:
            sources = (await conn.execute(text("SELECT source FROM certificates ORDER BY id"))).scalars().all()
        assert sources == ["api", "platform", "upload"]
    finally:
        await engine.dispose()
