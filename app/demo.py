"""The demo instance: a realistic company a newcomer can explore (deterministic ids).

Its catalog and organisation are a catalog document shipped in the package
(demo_data/demo-catalog.json, docs/catalog.md), imported like any operator's; its people and what
they did (enrolments, badges, certificates …) are made by the services (app/demo_people.py).

Logins (documented in README): jane.doe@example.com and admin@example.com, both with
password `demo-password`. These exist only here, never as code defaults.
"""
from __future__ import annotations

import functools
import io
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.catalog.document import Catalog
from app.catalog.importer import import_catalog
from app.catalog.reader import CatalogSource
from app.company.models import Company
from app.demo_ids import demo_id, import_ids
from app.demo_people import ADMIN_EMAIL, DEMO_PASSWORD, JANE_EMAIL, seed_people

__all__ = ["ADMIN_EMAIL", "ANCHOR", "DEMO_CATALOG", "DEMO_PASSWORD", "JANE_EMAIL", "demo_catalog", "demo_id",
           "helium_strings", "is_empty", "seed_demo"]

DATA = Path(__file__).resolve().parent / "demo_data"
DEMO_CATALOG = DATA / "demo-catalog.json"
HELIUM_I18N_DIR = DATA / "helium-i18n"
# The file's dates are written as seen on this day: seeding moves them all by (now - ANCHOR), so a
# session "in 40 days" stays 40 days ahead whenever the demo is loaded.
ANCHOR = datetime(2026, 1, 1, tzinfo=UTC)


def helium_strings(lang: str) -> dict[str, str]:
    """Helium's UI strings for the demo's `lms` namespace (sources in demo_data/helium-i18n/NOTICE.md).

    Flattening: none needed. Helium's en.json (vendored unchanged), our fr.json and extra-<lang>.json
    are flat maps and each key, dots included (`cart.header_one`), is one translation row served
    unchanged: the flat shape Helium's CLI stores from CompanyTranslations (`{lang: {lms: map}}`) and
    i18next resolves dotted keys against.

    Placeholders: Helium's packages write `{{count}}` (i18next's default), but a Thought Industries
    instance serves `%{count}`, and the Helium template that consumes CompanyTranslations configures
    i18next with `interpolation: {prefix: '%{', suffix: '}'}` (tooling/template-base/renderer/i18n.ts).
    So the served strings use `%{…}`; plural keys keep i18next's `_one`/`_other` suffixes, which the
    Helium CLI carries over (tooling/cli/lib/parse-translations.js).
    """
    strings: dict[str, str] = {}
    for name in (f"{lang}.json", f"extra-{lang}.json"):
        strings.update(json.loads((HELIUM_I18N_DIR / name).read_text(encoding="utf-8")))
    return {key: INTERPOLATION.sub(r"%{\1}", value) for key, value in strings.items()}


INTERPOLATION = re.compile(r"\{\{\s*([\w.-]+)\s*\}\}")


@functools.cache
def _shipped() -> Catalog:
    return Catalog.model_validate_json(DEMO_CATALOG.read_bytes(), by_alias=True, by_name=False)


def _moved(value: Any, delta: timedelta) -> Any:
    """`value` with every date of the document moved by `delta` (a copy: the parsed file is cached)."""
    if isinstance(value, datetime):
        return value + delta
    if isinstance(value, list):
        return [_moved(v, delta) for v in value]
    if isinstance(value, BaseModel):
        return value.model_copy(update={name: _moved(getattr(value, name), delta)
                                        for name in value.model_fields_set})
    return value  # JSON members (settings, layouts …) hold no dates


def demo_catalog(now: datetime) -> dict:
    """The catalog document seed_demo imports (JSON form): the shipped file with its dates moved to
    `now`, and Helium's UI strings (demo_data/helium-i18n, served as they are vendored) added to the
    `lms` translations."""
    document = _moved(_shipped(), now - ANCHOR).model_dump(mode="json", by_alias=True, exclude_unset=True)
    for entry in document["translations"]:
        if entry["namespace"] == "lms":
            entry["strings"] = {**entry["strings"], **helium_strings(entry["lang"])}
    return document


async def is_empty(session: AsyncSession) -> bool:
    return (await session.scalar(select(func.count()).select_from(Company))) == 0


async def seed_demo(session: AsyncSession, *, now: datetime | None = None) -> dict:
    """Load the demo instance into an empty database; returns a summary."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    document = demo_catalog(now)
    await import_catalog(session, CatalogSource(io.BytesIO(orjson.dumps(document))), new_id=import_ids(document))
    return await seed_people(session, now=now)
