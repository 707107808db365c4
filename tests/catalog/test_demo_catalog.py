"""The demo's catalog is the document shipped in the package: valid, imported with its dates moved to
the day of seeding and the ids the demo always had, and exported back unchanged."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import jsonschema_rs
from sqlalchemy import select

from app.catalog.document import json_schema
from app.content.models import ContentItem, Meeting
from app.demo import ANCHOR, DEMO_CATALOG, demo_catalog, demo_id, helium_strings, seed_demo
from app.demo_ids import import_ids
from tests.catalog.helpers import export

NOW = ANCHOR + timedelta(days=400, hours=5, minutes=7)
STAMPS = {"createdAt", "updatedAt"}  # what the file leaves to the store (the time of seeding)


def _same(shipped, exported, path="") -> list[str]:
    """Where the export differs from the document imported; members the document leaves out may only
    be the store's own stamps."""
    if isinstance(shipped, dict) and isinstance(exported, dict):
        extra = set(exported) - set(shipped) - STAMPS
        return [f"{path}.{k}: not in the document" for k in sorted(extra)] + [
            d for k in shipped for d in _same(shipped[k], exported.get(k), f"{path}.{k}")]
    if isinstance(shipped, list) and isinstance(exported, list) and len(shipped) == len(exported):
        return [d for i, (a, b) in enumerate(zip(shipped, exported)) for d in _same(a, b, f"{path}[{i}]")]
    return [] if shipped == exported else [f"{path}: {shipped!r} != {exported!r}"]


def test_the_shipped_file_follows_the_schema_and_leaves_helium_strings_to_the_vendored_files():
    document = json.loads(DEMO_CATALOG.read_text(encoding="utf-8"))
    jsonschema_rs.validator_for(json_schema()).validate(document)
    lms = [t for t in document["translations"] if t["namespace"] == "lms"]
    assert lms and all(set(t["strings"]).isdisjoint(helium_strings(t["lang"])) for t in lms)


def test_the_document_seeded_moves_every_date_by_the_time_since_the_anchor():
    shipped = json.loads(DEMO_CATALOG.read_text(encoding="utf-8"))
    moved = demo_catalog(NOW)
    kubernetes = next(c for c in moved["courses"] if c["slug"] == "kubernetes-deep-dive")
    original = next(c for c in shipped["courses"] if c["slug"] == "kubernetes-deep-dive")
    for before, after in zip(original["sessions"], kubernetes["sessions"]):
        start = datetime.fromisoformat(after["courseStartDate"])
        assert start - datetime.fromisoformat(before["courseStartDate"]) == NOW - ANCHOR
    autumn = next(s for s in kubernetes["sessions"] if s["slug"] == "kubernetes-deep-dive-autumn-cohort")
    assert datetime.fromisoformat(autumn["courseStartDate"]) == NOW + timedelta(days=40)
    assert kubernetes["title"] == original["title"]  # nothing else changes
    english = next(t for t in moved["translations"] if (t["namespace"], t["lang"]) == ("lms", "en"))
    assert english["strings"]["welcome_message"] == "Welcome to the Learning Portal"
    assert helium_strings("en").items() <= english["strings"].items()


async def test_the_demo_is_the_shipped_catalog_exported_back_unchanged(db):
    async with db() as session:
        await seed_demo(session, now=NOW)
        await session.commit()
    exported = json.loads(await export(db))
    assert _same(demo_catalog(NOW), exported) == []


async def test_the_demo_keeps_its_ids(db):
    async with db() as session:
        await seed_demo(session, now=NOW)
        await session.commit()
        python = await session.scalar(select(ContentItem).where(ContentItem.slug == "intro-to-python"))
        meetings = (await session.scalars(select(Meeting.id).order_by(Meeting.start_date))).all()
    assert python.id == demo_id("content", "intro-to-python") and python.ribbon_id == demo_id("ribbon", "new")
    assert meetings == [demo_id("meeting", n) for n in ("graphql-live-1", "graphql-live-2", "summit")]


def test_rows_the_demo_never_named_get_random_ids():
    ids = import_ids({"certificateTemplates": [{"title": "Python Certificate", "resource": "python"}]})
    assert ids("certificateTemplate", "Python Certificate") == demo_id("template", "python")
    assert ids("items", ("leadership-path", {"child_id": "x"})) != ids("items", ("leadership-path", {"child_id": "x"}))
    assert ids("license", "LIC-NEW") != ids("license", "LIC-NEW")


def test_the_anchor_is_a_whole_second_in_utc():
    # Seeding moves dates by (now - ANCHOR) with now at a whole second: the moved dates are exact.
    assert ANCHOR.tzinfo is UTC and ANCHOR.microsecond == 0
