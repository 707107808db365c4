"""HotQuery reads (app/hot_reads.py): compiled once, run on the driver's connection, with the values
SQLAlchemy would give (aware datetimes, booleans) and the literals and IN lists written in the statement."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import bindparam, case, insert, literal, select

from app.content.models import Tag
from app.hot_reads import HotQuery, HotReader, in_keys

TAGS = Tag.__table__
WHEN = datetime(2026, 5, 4, 3, 2, 1, tzinfo=UTC)

# One argument (`prefix`), an IN list, a literal and CASE values written in the statement.
QUERY = HotQuery(
    select(TAGS.c.label, TAGS.c.is_folder, TAGS.c.created_at, literal("tag").label("source"),
           case((TAGS.c.is_folder.is_(True), 1), else_=0).label("folder_first"))
    .where(TAGS.c.label.like(bindparam("prefix")), TAGS.c.id.in_(["t1", "t2", "t3"]))
    .order_by(TAGS.c.label)
)


async def _tags(db):
    async with db() as session:
        await session.execute(insert(Tag), [
            dict(id=f"t{n}", label=f"tag-{n}", is_folder=n == 2, created_at=WHEN, updated_at=WHEN) for n in (1, 2, 3, 4)
        ])
        await session.commit()


async def test_rows_carry_the_values_of_a_core_result(engine, db):
    await _tags(db)
    reader = HotReader(engine)
    try:
        rows = await reader.all(QUERY, {"prefix": "tag-%"})
        first = await reader.first(QUERY, {"prefix": "tag-2%"})
    finally:
        await reader.close()
    assert rows == [
        {"label": "tag-1", "is_folder": False, "created_at": WHEN, "source": "tag", "folder_first": 0},
        {"label": "tag-2", "is_folder": True, "created_at": WHEN, "source": "tag", "folder_first": 1},
        {"label": "tag-3", "is_folder": False, "created_at": WHEN, "source": "tag", "folder_first": 0},
    ]
    assert first == rows[1]


async def test_nothing_found(engine, db):
    reader = HotReader(engine)
    try:
        assert await reader.all(QUERY, {"prefix": "none%"}) == []
        assert await reader.first(QUERY, {"prefix": "none%"}) is None
    finally:
        await reader.close()


async def test_in_keys_binds_a_list_of_any_length(engine, db):
    await _tags(db)
    query = HotQuery(select(TAGS.c.label).where(in_keys(TAGS.c.id)).order_by(TAGS.c.label))
    reader = HotReader(engine)
    try:
        assert await reader.all(query, {"keys": ["t4", "t1", "nope"]}) == [{"label": "tag-1"}, {"label": "tag-4"}]
        assert await reader.all(query, {"keys": []}) == []
        assert len(await reader.all(query, {"keys": [f"t{n}" for n in range(1, 1000)]})) == 4
    finally:
        await reader.close()


async def test_in_keys_through_a_session(db):
    """Without a HotReader (RequestDB.rows), the same statement runs on a session, SQLAlchemy's cache too."""
    await _tags(db)
    for keys, labels in ((["t2"], ["tag-2"]), (["t3", "t1"], ["tag-1", "tag-3"])):
        async with db() as session:
            stmt = select(TAGS.c.label).where(in_keys(TAGS.c.id)).order_by(TAGS.c.label)
            assert (await session.scalars(stmt, {"keys": keys})).all() == labels
