"""Catalog import at scale: a generated catalog of N content items (courses with sessions, learning
paths, bundles, clients, licenses, codes) is imported into an empty database with `python -m app
import`'s code (progress bar included), then imported again (nothing changes), then exported.

    scripts/bench-catalog [--items 10000]
    BENCH_POSTGRES_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/postgres scripts/bench-catalog
"""
from __future__ import annotations

import argparse
import asyncio
import os
import resource
import tempfile
import time
from typing import IO

import orjson
from sqlalchemy.engine import make_url

TAGS = ["Programming", "Data", "Leadership", "Cloud", "Compliance", "Design", "Sales", "Support"]


def write_catalog(out: IO[bytes], items: int) -> dict[str, int]:
    """Write a document of `items` content items (90 % courses, half of them with one session,
    8 % learning paths, 2 % bundles); returns the count per section."""
    paths, bundles = items * 8 // 100, items * 2 // 100
    courses = items - paths - bundles
    with_session = courses // 2
    courses -= with_session  # each of these courses brings one session
    out.write(b'{"format": "learner-api/catalog", "version": 1,\n"awardTypes": [{"label": "Credit"}],\n')
    out.write(b'"ribbons": [{"slug": "new", "label": "New"}],\n"courses": [\n')
    for i in range(courses):
        course = {
            "slug": f"course-{i}", "title": f"Course {i}", "kind": "courseGroup" if i % 5 else "video",
            "description": f"What course {i} teaches.", "sku": f"SKU-{i}", "priceInCents": 1000 + i % 50 * 100,
            "publishDate": "2025-01-01T00:00:00Z", "tags": [TAGS[i % 8], TAGS[(i + 3) % 8]],
            "authors": [{"name": f"Author {i % 97}"}], "prices": [{"currencyCode": "EUR", "priceInCents": 900}],
            "customFields": {"difficulty": ["Easy", "Medium", "Hard"][i % 3]},
            "awards": [{"awardType": "Credit", "amount": 1.5}] if i % 4 == 0 else [],
            "ribbon": "new" if i % 10 == 0 else None,
        }
        if i < with_session:
            course["sessions"] = [{"slug": f"course-{i}-session", "title": f"Course {i}", "sessionTitle": "Cohort",
                                   "courseStartDate": "2026-03-01T09:00:00Z"}]
        if i and i % 50 == 0:
            course["prerequisites"] = [f"course-{i - 1}"]
        out.write((b"  " if i == 0 else b",\n  ") + orjson.dumps(course))
    out.write(b'\n],\n"learningPaths": [\n')
    for i in range(paths):
        path = {"slug": f"path-{i}", "title": f"Path {i}",
                "items": [f"course-{(i * 3 + k) % courses}" for k in range(3)]}
        out.write((b"  " if i == 0 else b",\n  ") + orjson.dumps(path))
    out.write(b'\n],\n"bundles": [\n')
    for i in range(bundles):
        bundle = {"slug": f"bundle-{i}", "title": f"Bundle {i}", "items": [f"course-{i}", f"path-{i % max(paths, 1)}"]}
        out.write((b"  " if i == 0 else b",\n  ") + orjson.dumps(bundle))
    clients = max(items // 1000, 1)
    out.write(b'\n],\n"clients": [\n')
    for i in range(clients):
        client = {"slug": f"client-{i}", "name": f"Client {i}", "licenses": [
            {"sku": f"LIC-{i}", "name": f"License {i}", "content": [f"course-{k}" for k in range(i, courses, 50)]}]}
        out.write((b"  " if i == 0 else b",\n  ") + orjson.dumps(client))
    out.write(b'\n],\n"codes": [\n')
    for i in range(clients):
        code = {"code": f"JOIN-{i}", "kind": "registration", "license": f"LIC-{i}", "client": f"client-{i}"}
        out.write((b"  " if i == 0 else b",\n  ") + orjson.dumps(code))
    out.write(b"\n]}\n")
    return {"courses": courses, "sessions": with_session, "learningPaths": paths, "bundles": bundles,
            "clients": clients}


async def _run(label: str, url: str, path: str) -> None:
    from app.catalog.cli import export_to, import_file
    from app.cli import migrate

    await migrate(url)
    print(f"\n== {label}", flush=True)
    for attempt in ("first import (empty database)", "second import (nothing changes)"):
        started = time.perf_counter()
        assert await import_file(url, path) == 0
        print(f"{attempt}: {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        await export_to(url, sink)
    print(f"export: {time.perf_counter() - started:.1f} s", flush=True)


async def _bench(items: int) -> None:
    from bench.leaderboard import _drop_postgres_db, _postgres_db

    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/catalog.json"
        with open(path, "wb") as out:
            counts = write_catalog(out, items)
        print(f"{items:,} content items ({counts}), {os.path.getsize(path) / 1e6:.1f} MB")
        await _run("SQLite", f"sqlite+aiosqlite:///{tmp}/bench.db", path)
        base = os.environ.get("BENCH_POSTGRES_URL")
        if base:
            url, name = await _postgres_db(base, items)
            try:
                await _run(f"PostgreSQL ({make_url(base).host})", url, path)
            finally:
                await _drop_postgres_db(base, name)
    print(f"peak memory (RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=10_000)
    asyncio.run(_bench(parser.parse_args().items))


if __name__ == "__main__":
    main()
