"""JSON shapes of certificate templates and issued certificates, and list query parameters."""
from __future__ import annotations

from datetime import UTC, datetime

from app.certificates.holdings import CertificateGroup, Holder
from app.certificates.lifecycle import is_expired, lifecycle_status, validity_status
from app.certificates.models import Certificate, CertificateTemplate, CertificateType
from app.certificates.templates import MAX_PER_PAGE, Page, parse_timestamp
from app.errors import bad_input

DEFAULT_PER_PAGE = 20


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def certificate_type_json(ct: CertificateType | None) -> dict | None:
    """Seed 003's embedded `certificate_type` (null: none, or deleted)."""
    if ct is None:
        return None
    return {"id": ct.id, "title": ct.title, "is_published": ct.is_published, "published_at": iso(ct.published_at),
            "created_at": iso(ct.created_at), "updated_at": iso(ct.updated_at)}


def template_json(t: CertificateTemplate, active_users_count: int, certificate_type: CertificateType | None) -> dict:
    return {
        "id": t.id,
        "title": t.title,
        "description": t.description,
        "certificate_type_id": certificate_type.id if certificate_type else None,
        "certificate_type": certificate_type_json(certificate_type),
        "resource_type": t.resource_type,
        "resource_id": t.resource_id,
        "validity_days": t.expiration_days,
        "validity_months": t.expiration_months,
        "expiration_date": iso(t.expiration_date),
        "never_expires": not (t.expiration_days or t.expiration_months or t.expiration_date),
        "reset_days_before_expiry": t.reset_days_before_expiry,
        "recertification_action": t.recertification_action,
        "recertification_after_days": t.recertification_after_days,
        "recertification_auto_reset": t.recertification_auto_reset,
        "recertification_instructions": t.recertification_instructions,
        "recertification_action_text": t.recertification_action_text,
        "recertification_action_url": t.recertification_action_url,
        "asset": t.asset,
        "is_published": t.is_published,
        "published_at": iso(t.published_at),
        "active_users_count": active_users_count,
        "created_at": iso(t.created_at),
        "updated_at": iso(t.updated_at),
    }


def certificate_json(c: Certificate, now: datetime) -> dict:
    return {
        "id": c.id,
        "identifier": c.identifier,
        "status": lifecycle_status(c, now),
        "validity_status": validity_status(c, now),
        "is_expired": is_expired(c, now),
        "issued_at": iso(c.issued_at),
        "expires_at": iso(c.expiration_date),
        "recertification_date": iso(c.recertification_date),
        "revoked_at": iso(c.revoked_at),
        "progress_was_reset": c.progress_was_reset,
        "source": c.source,
        "verification_status": c.verification_status,
    }


def user_certificate_json(group: CertificateGroup, now: datetime, certificate_type: CertificateType | None) -> dict:
    """Seed 003's shape: the template's fields, the current issuance flat, earlier ones in history."""
    t, c = group.template, group.current
    current = certificate_json(c, now)
    return {
        "template_id": t.id if t else None,
        "title": (t.title if t else None) or c.external_resource_title or (group.item.title if group.item else None),
        "description": t.description if t else None,
        "resource_type": c.resource_type,
        "resource_id": c.resource_id,
        "validity_days": t.expiration_days if t else None,
        "validity_months": t.expiration_months if t else None,
        "certificate_type": certificate_type_json(certificate_type),
        "certificate_id": current.pop("id"),
        **current,
        "history": [certificate_json(h, now) for h in group.history],
    }


def holder_json(holder: Holder, now: datetime) -> dict:
    c = holder.group.current
    e = holder.enrollment
    status = lifecycle_status(c, now)
    return {
        "user": {"id": holder.user.id, "name": holder.user.name, "email": holder.user.email},
        "user_state": {
            "has_certificate": validity_status(c, now) == "valid",  # active and not rejected
            "status": status,
            "certificate_id": c.id,
            "identifier": c.identifier,
            "issued_at": iso(c.issued_at),
            "expires_at": iso(c.expiration_date),
            "is_expired": is_expired(c, now),
            "revoked_at": iso(c.revoked_at),
            "progress_was_reset": c.progress_was_reset,
            "completion": None if e is None else {
                "status": e.status, "progress": e.progress, "completed_at": iso(e.completed_at)},
            "history": [certificate_json(h, now) for h in holder.group.history],
        },
    }


def page_meta(page: Page) -> dict:
    return {"page": page.page, "per_page": page.per_page, "total": page.total, "total_pages": page.total_pages}


def _positive_int(raw: str | None, name: str, default: int, maximum: int | None = None) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad_input(f"{name} must be an integer", name) from None
    if value < 1:
        raise bad_input(f"{name} must be at least 1", name)
    if maximum is not None and value > maximum:
        raise bad_input(f"{name} must be at most {maximum}", name)
    return value


def pagination(params) -> tuple[int, int]:
    page = _positive_int(params.get("page"), "page", 1, 10_000_000)
    per_page = _positive_int(params.get("per_page"), "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    return page, per_page


def optional_bool(raw: str | None, name: str) -> bool | None:
    if raw is None or raw == "":
        return None
    lowered = raw.lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    raise bad_input(f"{name} must be true or false", name)


def optional_timestamp(raw: str | None, name: str) -> datetime | None:
    return parse_timestamp(raw, name) if raw not in (None, "") else None
