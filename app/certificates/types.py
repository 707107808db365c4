"""Certificate types (seed 003 "Certificate Types", seed 001 `certification_type`): the categories that
group certificate templates. Create (draft by default), read, update, publish, soft delete, list.

A type's slug is unique for the instance and stays taken after a soft delete (so that an old
reference never points at a new type). Deleted types are gone from every read: templates that
named one show no type.
"""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.certificates.models import CertificateType
from app.certificates.templates import Page, escape_like, parse_bool, parse_text
from app.db import column_length, utcnow
from app.errors import AppError, ErrorCode, bad_input, not_found

SLUG_MAX = column_length(CertificateType.slug)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELDS = ("title", "slug", "description", "is_published")

# 001's status of a type: what it means for the records that name it.
ACTIVE, DRAFT = "active", "draft"


def status_of(certificate_type: CertificateType) -> str:
    return ACTIVE if certificate_type.is_published else DRAFT


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-") or "type"


def parse_type_input(body: dict, *, creating: bool) -> dict:
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise bad_input(f"Unknown field(s): {', '.join(unknown)}", unknown[0])
    values: dict = {}
    if "title" in body or creating:
        values["title"] = parse_text(body.get("title"), "title", max_len=column_length(CertificateType.title), nullable=False, required_text=True)
    if "slug" in body:
        slug = parse_text(body["slug"], "slug", max_len=SLUG_MAX, nullable=not creating)
        if slug is not None and not _SLUG.match(slug):
            raise bad_input("slug must be lower-case letters, digits and single hyphens, e.g. food-safety", "slug")
        if slug is not None:
            values["slug"] = slug
    if "description" in body:
        values["description"] = parse_text(body["description"], "description", max_len=20000)
    if "is_published" in body:
        values["is_published"] = parse_bool(body["is_published"], "is_published", nullable=False)
    return values


async def _free_slug(session: AsyncSession, base: str) -> str:
    """`base`, or `base-2`, `base-3` … : the first slug no type (deleted ones included) has."""
    taken = set((await session.scalars(
        select(CertificateType.slug).where(CertificateType.slug.like(f"{escape_like(base)}%", escape="\\"))
    )).all())
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = base[:SLUG_MAX - len(suffix)] + suffix
    return candidate


async def _flush_unique_slug(session: AsyncSession, certificate_type: CertificateType) -> None:
    """Flush; a slug taken meanwhile (a concurrent request) is CONFLICT on slug, not a server error."""
    try:
        async with session.begin_nested():
            session.add(certificate_type)
            await session.flush()
    except IntegrityError:
        raise AppError(ErrorCode.CONFLICT, f"The slug {certificate_type.slug} is taken", "slug") from None


async def _check_slug_free(session: AsyncSession, slug: str, *, except_id: str | None = None) -> None:
    query = select(CertificateType.id).where(CertificateType.slug == slug)
    if except_id is not None:
        query = query.where(CertificateType.id != except_id)
    if await session.scalar(query) is not None:
        raise AppError(ErrorCode.CONFLICT, f"The slug {slug} is taken", "slug")


def _set_published(certificate_type: CertificateType, published: bool) -> None:
    if published and not certificate_type.is_published:
        certificate_type.published_at = utcnow()
    elif not published:
        certificate_type.published_at = None
    certificate_type.is_published = published


async def create_type(session: AsyncSession, *, body: dict) -> CertificateType:
    values = parse_type_input(body, creating=True)
    if "slug" in values:
        await _check_slug_free(session, values["slug"])
    else:
        values["slug"] = await _free_slug(session, slugify(values["title"]))
    published = values.pop("is_published", False)
    certificate_type = CertificateType(**values, is_published=False)
    _set_published(certificate_type, published)
    await _flush_unique_slug(session, certificate_type)
    return certificate_type


async def get_type(session: AsyncSession, *, type_id: str, lock: bool = False,
                   field: str = "id") -> CertificateType:
    """A non-deleted type, or NOT_FOUND on `field`."""
    query = select(CertificateType).where(CertificateType.id == type_id, CertificateType.deleted_at.is_(None))
    if lock:
        query = query.with_for_update()
    certificate_type = await session.scalar(query)
    if certificate_type is None:
        raise not_found("Certificate type", field)
    return certificate_type


async def usable_type(session: AsyncSession, *, type_id: str, field: str) -> CertificateType:
    """The type a template may be given: NOT_FOUND when there is no such type, CONFLICT when it is deleted."""
    certificate_type = await session.get(CertificateType, type_id)
    if certificate_type is None:
        raise not_found("Certificate type", field)
    if certificate_type.deleted_at is not None:
        raise AppError(ErrorCode.CONFLICT, f"Certificate type {type_id} is deleted", field)
    return certificate_type


async def update_type(session: AsyncSession, *, type_id: str, body: dict) -> CertificateType:
    values = parse_type_input(body, creating=False)
    certificate_type = await get_type(session, type_id=type_id, lock=True)
    if "slug" in values:
        await _check_slug_free(session, values["slug"], except_id=certificate_type.id)
    published = values.pop("is_published", None)
    for attr, value in values.items():
        setattr(certificate_type, attr, value)
    if published is not None:
        _set_published(certificate_type, published)
    certificate_type.updated_at = utcnow()
    await _flush_unique_slug(session, certificate_type)
    return certificate_type


async def publish_type(session: AsyncSession, *, type_id: str) -> CertificateType:
    """Publish (idempotent: a published type keeps its published_at)."""
    certificate_type = await get_type(session, type_id=type_id, lock=True)
    if not certificate_type.is_published:
        _set_published(certificate_type, True)
        certificate_type.updated_at = utcnow()
        await session.flush()
    return certificate_type


async def delete_type(session: AsyncSession, *, type_id: str) -> None:
    certificate_type = await get_type(session, type_id=type_id, lock=True)
    certificate_type.deleted_at = certificate_type.updated_at = utcnow()
    await session.flush()


async def list_types(session: AsyncSession, *, is_published: bool | None = None, title: str | None = None,
                     since: datetime | None = None, page: int = 1, per_page: int = 20) -> Page:
    """Non-deleted types, oldest first (the filters of the template list)."""
    conditions = [CertificateType.deleted_at.is_(None)]
    if is_published is not None:
        conditions.append(CertificateType.is_published.is_(is_published))
    if title:
        conditions.append(func.lower(CertificateType.title).like(f"%{escape_like(title.lower())}%", escape="\\"))
    if since is not None:
        conditions.append(CertificateType.created_at >= since)
    total = await session.scalar(select(func.count()).select_from(CertificateType).where(*conditions))
    rows = (await session.scalars(
        select(CertificateType).where(*conditions)
        .order_by(CertificateType.created_at, CertificateType.id)
        .offset((page - 1) * per_page).limit(per_page)
    )).all()
    return Page(items=list(rows), total=total or 0, page=page, per_page=per_page)


async def types_by_id(session: AsyncSession, type_ids) -> dict[str, CertificateType]:
    """Non-deleted types by id, in one query (for embedding in template and certificate responses)."""
    ids = sorted({i for i in type_ids if i})
    if not ids:
        return {}
    rows = await session.scalars(
        select(CertificateType).where(CertificateType.id.in_(ids), CertificateType.deleted_at.is_(None)))
    return {t.id: t for t in rows}
