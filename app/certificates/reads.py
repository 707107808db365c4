"""Read-side SQL builders for held certificates: (user_id, Certificate) rows for many users at once.

A certificate is *held* while it is neither deleted (``deleted_at``), revoked (``revoked_at``) nor
rejected (``verification_status``).
An expired one (``expiration_date <= now``) is still held but is left out unless ``include_expired``.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, or_, select

from app.certificates.lifecycle import held_filter
from app.certificates.models import Certificate
from app.content.models import ContentItem
from app.db import utcnow


def not_expired(now: datetime):
    return or_(Certificate.expiration_date.is_(None), Certificate.expiration_date > now)


def user_certificates(
    user_ids, *, include_expired: bool = False, query: str | None = None, now: datetime | None = None
) -> Select:
    """(user_id, Certificate) rows of the held certificates of ``user_ids``, newest issued first.

    ``query`` keeps the certificates whose resource title (``content_items.title``) or external
    resource title contains it, case-insensitively. An empty or blank query filters nothing.
    """
    now = now or utcnow()
    stmt = (
        select(Certificate.user_id, Certificate)
        .where(
            Certificate.user_id.in_(user_ids),
            *held_filter(),
        )
        .order_by(Certificate.issued_at.desc(), Certificate.created_at.desc(), Certificate.id)
    )
    if not include_expired:
        stmt = stmt.where(not_expired(now))
    needle = (query or "").strip().lower()
    if needle:
        stmt = stmt.outerjoin(ContentItem, ContentItem.id == Certificate.resource_id).where(
            or_(
                func.lower(ContentItem.title).contains(needle, autoescape=True),
                func.lower(Certificate.external_resource_title).contains(needle, autoescape=True),
            )
        )
    return stmt
