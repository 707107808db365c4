"""Certificate templates (seed 003 + reference CertificateTemplate): create, read, update,
soft-delete, publish, list; validity and recertification settings.

Input uses the REST field names below (snake_case); `parse_template_input` turns a JSON
object into model attribute values and raises BAD_USER_INPUT naming the JSON field.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.certificates.lifecycle import active_filter
from app.certificates.models import Certificate, CertificateTemplate
from app.content.models import COURSE_KINDS, LEARNING_PATH, ContentItem
from app.db import utcnow
from app.errors import bad_input, not_found
from app.ranges import check_year

RESOURCE_TYPES = ("course", "learningPath")
# CertificateTemplateRecertificationActionType of the reference schema
RECERTIFICATION_ACTIONS = ("actionUrl", "recertifyInSession", "resetProgress")
RESET_DAYS_MIN, RESET_DAYS_MAX = 14, 365
MAX_VALIDITY_DAYS, MAX_VALIDITY_MONTHS = 36500, 1200
MAX_PER_PAGE = 50
VALIDITY_FIELDS = ("validity_days", "validity_months", "expiration_date")
_URL = re.compile(r"^https?://\S+$")


# ---- input ------------------------------------------------------------------------------------

def parse_text(value, name: str, *, max_len: int, nullable: bool = True, required_text: bool = False):
    if value is None:
        if not nullable:
            raise bad_input(f"{name} cannot be null", name)
        return None
    if not isinstance(value, str):
        raise bad_input(f"{name} must be a string", name)
    value = value.strip()
    if required_text and not value:
        raise bad_input(f"{name} cannot be empty", name)
    if len(value) > max_len:
        raise bad_input(f"{name} must be at most {max_len} characters", name)
    return value or None


def _int(value, name: str, low: int, high: int):
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise bad_input(f"{name} must be an integer", name)
    if not low <= value <= high:
        raise bad_input(f"{name} must be between {low} and {high}", name)
    return value


def parse_bool(value, name: str, *, nullable: bool):
    if value is None and nullable:
        return None
    if not isinstance(value, bool):
        raise bad_input(f"{name} must be true or false", name)
    return value


def _url(value, name: str):
    value = parse_text(value, name, max_len=500)
    if value is not None and not _URL.match(value):
        raise bad_input(f"{name} must be an http(s) URL", name)
    return value


def parse_timestamp(value, name: str) -> datetime | None:
    """An ISO 8601 date or timestamp (UTC when it has no offset)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise bad_input(f"{name} must be an ISO 8601 date or timestamp", name)
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise bad_input(f"{name} must be an ISO 8601 date or timestamp, e.g. 2026-06-01 or 2026-06-01T10:00:00Z",
                        name) from None
    check_year(parsed, name)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


# JSON field -> (model attribute, parser)
_FIELDS = {
    "title": ("title", lambda v, n: parse_text(v, n, max_len=300, nullable=False, required_text=True)),
    "description": ("description", lambda v, n: parse_text(v, n, max_len=20000)),
    "resource_type": ("resource_type", None),  # checked with resource_id
    "resource_id": ("resource_id", None),
    "validity_days": ("expiration_days", lambda v, n: _int(v, n, 1, MAX_VALIDITY_DAYS)),
    "validity_months": ("expiration_months", lambda v, n: _int(v, n, 1, MAX_VALIDITY_MONTHS)),
    "expiration_date": ("expiration_date", parse_timestamp),
    "reset_days_before_expiry": ("reset_days_before_expiry", lambda v, n: _int(v, n, RESET_DAYS_MIN, RESET_DAYS_MAX)),
    "recertification_action": ("recertification_action", None),
    "recertification_after_days": ("recertification_after_days", lambda v, n: _int(v, n, 1, MAX_VALIDITY_DAYS)),
    "recertification_auto_reset": ("recertification_auto_reset", lambda v, n: parse_bool(v, n, nullable=True)),
    "recertification_instructions": ("recertification_instructions", lambda v, n: parse_text(v, n, max_len=20000)),
    "recertification_action_text": ("recertification_action_text", lambda v, n: parse_text(v, n, max_len=200)),
    "recertification_action_url": ("recertification_action_url", _url),
    "asset": ("asset", _url),
    "is_published": ("is_published", lambda v, n: parse_bool(v, n, nullable=False)),
    "certificate_type_id": ("certificate_type_id", lambda v, n: _uuid_or_none(v, n)),
}
FIELDS = tuple(_FIELDS)


def parse_template_input(body: dict, *, creating: bool) -> dict:
    """Model attribute values for the fields present in `body` (PUT/PATCH: only what is sent)."""
    unknown = sorted(set(body) - set(_FIELDS))
    if unknown:
        raise bad_input(f"Unknown field(s): {', '.join(unknown)}", unknown[0])
    values: dict = {}
    for name, (attr, parse) in _FIELDS.items():
        if name in body and parse is not None:
            values[attr] = parse(body[name], name)
    if creating:
        for name in ("title", "resource_type", "resource_id"):
            if body.get(name) is None:
                raise bad_input(f"{name} is required", name)
    if "resource_type" in body or "resource_id" in body:
        if body.get("resource_type") not in RESOURCE_TYPES:
            raise bad_input(f"resource_type must be one of: {', '.join(RESOURCE_TYPES)} (send it with resource_id)",
                            "resource_type")
        resource_id = body.get("resource_id")
        if not isinstance(resource_id, str) or not _is_uuid(resource_id):
            raise bad_input("resource_id must be a UUID (send it with resource_type)", "resource_id")
        values["resource_type"], values["resource_id"] = body["resource_type"], resource_id.lower()
    if "recertification_action" in body:
        action = body["recertification_action"]
        if action is not None and action not in RECERTIFICATION_ACTIONS:
            raise bad_input(f"recertification_action must be one of: {', '.join(RECERTIFICATION_ACTIONS)}",
                            "recertification_action")
        values["recertification_action"] = action
    sent_validity = [name for name in VALIDITY_FIELDS if name in body]
    if sent_validity:
        given = [name for name in sent_validity if body[name] is not None]
        if len(given) > 1:
            raise bad_input(f"Give only one of {', '.join(VALIDITY_FIELDS)}", given[1])
        # The template has one validity: setting one clears the others.
        for name in VALIDITY_FIELDS:
            values.setdefault(_FIELDS[name][0], None)
    return values


def _uuid_or_none(value, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _is_uuid(value):
        raise bad_input(f"{name} must be a certificate type id (a UUID) or null", name)
    return value.lower()


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _check(template: CertificateTemplate) -> None:
    """Rules over the whole template, after the changes are applied."""
    never_expires = not (template.expiration_days or template.expiration_months or template.expiration_date)
    if template.reset_days_before_expiry is not None and never_expires:
        raise bad_input("reset_days_before_expiry needs a validity (validity_days, validity_months or "
                        "expiration_date)", "reset_days_before_expiry")
    if template.recertification_action == "actionUrl" and not template.recertification_action_url:
        raise bad_input("recertification_action actionUrl needs recertification_action_url",
                        "recertification_action_url")


async def _check_resource(session: AsyncSession, *, resource_type: str, resource_id: str) -> None:
    kinds = (LEARNING_PATH,) if resource_type == "learningPath" else COURSE_KINDS
    found = await session.scalar(select(ContentItem.id).where(ContentItem.id == resource_id, ContentItem.kind.in_(kinds)))
    if found is None:
        label = "Learning path" if resource_type == "learningPath" else "Course"
        raise not_found(label, "resource_id")


async def _check_type(session: AsyncSession, type_id: str | None) -> None:
    if type_id is not None:
        from app.certificates.types import usable_type  # types builds on this module's parsers

        await usable_type(session, type_id=type_id, field="certificate_type_id")


# ---- use cases --------------------------------------------------------------------------------

async def create_template(session: AsyncSession, *, body: dict) -> CertificateTemplate:
    values = parse_template_input(body, creating=True)
    await _check_resource(session, resource_type=values["resource_type"], resource_id=values["resource_id"])
    await _check_type(session, values.get("certificate_type_id"))
    values.setdefault("is_published", False)
    template = CertificateTemplate(**values)
    if template.is_published:
        template.published_at = utcnow()
    _check(template)
    session.add(template)
    await session.flush()
    return template


async def get_template(session: AsyncSession, *, template_id: str, lock: bool = False) -> CertificateTemplate:
    """A non-deleted template, or NOT_FOUND. `lock`: SELECT … FOR UPDATE (PostgreSQL)."""
    query = select(CertificateTemplate).where(CertificateTemplate.id == template_id,
                                              CertificateTemplate.deleted_at.is_(None))
    if lock:
        query = query.with_for_update()
    template = await session.scalar(query)
    if template is None:
        raise not_found("Certificate template", "id")
    return template


async def lock_templates(session: AsyncSession, *, template_ids: list[str]) -> dict[str, CertificateTemplate]:
    """Non-deleted templates by id, row-locked in id order (issuing and reset per template are serialised;
    on SQLite the write transaction's BEGIN IMMEDIATE already is)."""
    ids = sorted(set(template_ids))
    rows = (await session.scalars(
        select(CertificateTemplate)
        .where(CertificateTemplate.id.in_(ids), CertificateTemplate.deleted_at.is_(None))
        .order_by(CertificateTemplate.id).with_for_update()
    )).all()
    return {t.id: t for t in rows}


async def update_template(session: AsyncSession, *, template_id: str, body: dict) -> CertificateTemplate:
    values = parse_template_input(body, creating=False)
    template = await get_template(session, template_id=template_id, lock=True)
    if "resource_id" in values:
        await _check_resource(session, resource_type=values["resource_type"], resource_id=values["resource_id"])
    await _check_type(session, values.get("certificate_type_id"))
    publish = values.pop("is_published", None)
    for attr, value in values.items():
        setattr(template, attr, value)
    if publish is not None:
        _set_published(template, publish)
    _check(template)
    template.updated_at = utcnow()
    await session.flush()
    return template


def _set_published(template: CertificateTemplate, published: bool) -> None:
    if published and not template.is_published:
        template.published_at = utcnow()
    elif not published:
        template.published_at = None
    template.is_published = published


async def publish_template(session: AsyncSession, *, template_id: str) -> CertificateTemplate:
    """Publish (idempotent: an already published template keeps its published_at)."""
    template = await get_template(session, template_id=template_id, lock=True)
    if not template.is_published:
        _set_published(template, True)
        template.updated_at = utcnow()
        await session.flush()
    return template


async def delete_template(session: AsyncSession, *, template_id: str) -> None:
    """Soft delete: the template disappears from lists and reads; issued certificates stay."""
    template = await get_template(session, template_id=template_id, lock=True)
    template.deleted_at = utcnow()
    template.updated_at = template.deleted_at
    await session.flush()


@dataclass(frozen=True)
class Page:
    items: list
    total: int
    page: int
    per_page: int

    @property
    def total_pages(self) -> int:
        return (self.total + self.per_page - 1) // self.per_page


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def list_templates(session: AsyncSession, *, is_published: bool | None = None, title: str | None = None,
                         since: datetime | None = None, certificate_type_id: str | None = None, page: int = 1,
                         per_page: int = 20) -> Page:
    """Non-deleted templates, oldest first; title is a case-insensitive partial match, since a created_at bound."""
    conditions = [CertificateTemplate.deleted_at.is_(None)]
    if certificate_type_id is not None:
        conditions.append(CertificateTemplate.certificate_type_id == certificate_type_id)
    if is_published is not None:
        conditions.append(CertificateTemplate.is_published.is_(is_published))
    if title:
        conditions.append(func.lower(CertificateTemplate.title).like(f"%{escape_like(title.lower())}%", escape="\\"))
    if since is not None:
        conditions.append(CertificateTemplate.created_at >= since)
    total = await session.scalar(select(func.count()).select_from(CertificateTemplate).where(*conditions))
    rows = (await session.scalars(
        select(CertificateTemplate).where(*conditions)
        .order_by(CertificateTemplate.created_at, CertificateTemplate.id)
        .offset((page - 1) * per_page).limit(per_page)
    )).all()
    return Page(items=list(rows), total=total or 0, page=page, per_page=per_page)


async def active_users_counts(session: AsyncSession, *, template_ids: list[str]) -> dict[str, int]:
    """Per template: users holding an active certificate of it (one query for any number of templates)."""
    if not template_ids:
        return {}
    rows = await session.execute(
        select(Certificate.template_id, func.count(func.distinct(Certificate.user_id)))
        .where(Certificate.template_id.in_(template_ids), *active_filter())
        .group_by(Certificate.template_id)
    )
    return {template_id: count for template_id, count in rows}
