"""A generated catalog of N content items (courses with sessions, learning paths, bundles, clients,
licenses, codes), written to a file as a stream, for `scripts/bench-catalog` and the scale test."""
from __future__ import annotations

from typing import IO

import orjson

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
        path = {"slug": f"path-{i}", "title": f"Path {i}", "items": [f"course-{(i * 3 + k) % courses}" for k in range(3)]}
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
