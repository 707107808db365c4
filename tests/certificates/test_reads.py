"""app.certificates.reads.user_certificates: held certificates of many users at once."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.certificates.models import Certificate
from app.certificates.reads import user_certificates
from app.content.models import ContentItem
from app.users.models import User

NOW = datetime(2025, 6, 1, tzinfo=UTC)


async def _setup(db):
    async with db() as session:
        session.add_all([User(id="a", email="a@example.com"), User(id="b", email="b@example.com"),
                         ContentItem(id="py", kind="course", slug="py", title="Intro to Python", status="published"),
                         ContentItem(id="go", kind="course", slug="go", title="Go 100%", status="published")])
        await session.flush()

        def cert(cid, user, days_ago, **kw):
            return Certificate(id=cid, user_id=user, issued_at=NOW - timedelta(days=days_ago), **kw)

        session.add_all([
            cert("a-py", "a", 10, resource_id="py", expiration_date=NOW + timedelta(days=1)),
            cert("a-go", "a", 5, resource_id="go"),
            cert("a-expired", "a", 400, resource_id="py", expiration_date=NOW - timedelta(days=1)),
            cert("a-at-now", "a", 300, resource_id="py", expiration_date=NOW),  # expires exactly now: expired
            cert("a-deleted", "a", 1, resource_id="py", deleted_at=NOW),
            cert("a-revoked", "a", 2, resource_id="py", revoked_at=NOW),
            cert("a-external", "a", 20, is_external=True, external_resource_title="Python at PyCon"),
            cert("b-py", "b", 3, resource_id="py"),
        ])
        await session.commit()


async def _run(db, users, **kw):
    async with db() as session:
        return [(u, c.id) for u, c in (await session.execute(user_certificates(users, now=NOW, **kw))).all()]


async def test_held_unexpired_newest_first(db):
    await _setup(db)
    assert await _run(db, ["a"]) == [("a", "a-go"), ("a", "a-py"), ("a", "a-external")]


async def test_include_expired(db):
    await _setup(db)
    ids = [c for _u, c in await _run(db, ["a"], include_expired=True)]
    assert ids == ["a-go", "a-py", "a-external", "a-at-now", "a-expired"]


async def test_query_matches_content_title_or_external_title(db):
    await _setup(db)
    assert [c for _u, c in await _run(db, ["a"], query="python")] == ["a-py", "a-external"]
    assert [c for _u, c in await _run(db, ["a"], query="100%")] == ["a-go"]
    assert await _run(db, ["a"], query="0%x") == []


async def test_many_users_in_one_statement(db):
    await _setup(db)
    rows = await _run(db, ["a", "b", "nobody"])
    assert {u for u, _c in rows} == {"a", "b"} and ("b", "b-py") in rows
