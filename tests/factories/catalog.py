"""Catalog entries (docs/catalog.md): each factory returns one entry; keyword arguments are its members."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.catalog.entities import TARGETS
from app.catalog.importer import Summary
from tests.catalog.helpers import load


def _titled(key: str, fields: dict) -> dict:
    return {"title": key.replace("-", " ").capitalize(), **fields}


# ---- content ----------------------------------------------------------------------------------------

def course(slug: str, *sessions: dict, kind: str = "courseGroup", **fields: Any) -> dict:
    entry = {"slug": slug, "kind": kind, **_titled(slug, fields)}
    return {**entry, "sessions": list(sessions)} if sessions else entry


def session(slug: str, **fields: Any) -> dict:
    return {"slug": slug, **_titled(slug, fields)}


def learning_path(slug: str, items: list[str], **fields: Any) -> dict:
    return {"slug": slug, "items": items, **_titled(slug, fields)}


def bundle(slug: str, items: list[str], **fields: Any) -> dict:
    return {"slug": slug, "items": items, **_titled(slug, fields)}


# ---- clients ----------------------------------------------------------------------------------------

def client(slug: str, *licenses: dict, **fields: Any) -> dict:
    return {"slug": slug, "name": fields.pop("name", slug.capitalize()), "licenses": list(licenses), **fields}


def license(sku: str, content: list[str] = (), **fields: Any) -> dict:  # noqa: A001 - the catalog's word
    return {"sku": sku, "name": fields.pop("name", sku), "content": list(content), **fields}


def code(value: str, kind: str = "redemption", **fields: Any) -> dict:
    return {"code": value, "kind": kind, **fields}


# ---- the instance, awards, certificates -------------------------------------------------------------

def company(subdomain: str = "acme", **fields: Any) -> dict:
    return {"subdomain": subdomain, "name": fields.pop("name", subdomain.capitalize()), **fields}


def award_type(label: str, **fields: Any) -> dict:
    return {"label": label, **fields}


def badge(label: str, award_type: str, threshold: int, **fields: Any) -> dict:
    return {"label": label, "awardType": award_type, "awardThreshold": threshold,
            "asset": fields.pop("asset", f"https://cdn.example.com/{label}.png"), **fields}


def certificate_field(label: str, type: str, **fields: Any) -> dict:  # noqa: A002 - the catalog's word
    return {"label": label, "type": type, **fields}


def certificate_template(title: str, resource: str, **fields: Any) -> dict:
    return {"title": title, "resource": resource, **fields}


# ---- building ---------------------------------------------------------------------------------------

async def build(db, **sections: Any) -> Summary:
    """Import the sections (by their Python names: courses=, learning_paths=, clients=, company= …)."""
    from pydantic.alias_generators import to_camel

    return await load(db, {to_camel(name): value for name, value in sections.items()})


async def id_of(db, target: str, key: Any) -> str:
    """Our id of the entity with this key (`"content"` + slug, `"license"` + sku, `"awardType"` + label …)."""
    column = TARGETS[target]
    async with db() as s:
        found = await s.scalar(select(column.class_.id).where(column == key))
    assert found is not None, f"no {target} {key!r}"
    return found
