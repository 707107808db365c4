"""Import and export a catalog document in tests."""
from __future__ import annotations

import io

import orjson

from app.catalog.exporter import export_catalog
from app.catalog.importer import Summary, import_catalog
from app.catalog.reader import CatalogSource


async def load(db, document: dict | bytes) -> Summary:
    """Import the document (a dict, or the bytes of one) and commit; CatalogRejected propagates."""
    data = document if isinstance(document, bytes) else orjson.dumps(document)
    async with db() as session:
        summary = await import_catalog(session, CatalogSource(io.BytesIO(data)))
        await session.commit()
    return summary


async def export(db) -> bytes:
    async with db() as session:
        return b"".join([chunk async for chunk in export_catalog(session)])
