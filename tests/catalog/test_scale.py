"""A generated catalog of several batches, and one of 10,000 items, imports in one run: everything
lands, and the statements an import runs grow with the number of batches, not of items.

The 10,000-item case is marked `slow`, which the default run leaves out (pyproject.toml); run it with
`pytest -m slow tests/catalog`. scripts/bench-catalog times the same import."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from app.catalog.importer import BATCH
from app.content.models import ContentChild, ContentItem
from bench.catalog import write_catalog
from tests.catalog.helpers import load


def _document(items: int) -> bytes:
    out = io.BytesIO()
    write_catalog(out, items)
    return out.getvalue()


@pytest.mark.parametrize("items", [3 * BATCH, pytest.param(10_000, marks=pytest.mark.slow)])
async def test_a_large_catalog_imports_in_one_run(db, count_statements, items):
    with count_statements() as counter:
        summary = (await load(db, _document(items))).to_json()
    stored = {k: summary[k]["created"] for k in ("courses", "sessions", "learningPaths", "bundles")}
    assert sum(stored.values()) == items
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(ContentItem)) == items
        assert await session.scalar(select(func.count()).select_from(ContentChild)) > 0
    # A few statements per batch and table (select, insert, update, the child rows), never one per item.
    assert counter.count < items / 5, counter.count

    with count_statements() as again:
        assert not (await load(db, _document(items))).changed
    assert again.count < items / 5, again.count
