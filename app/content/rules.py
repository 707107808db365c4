"""Derived facts about a content item that several API types share."""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from app.db import utcnow


def is_active(item, now: datetime | None = None) -> bool:
    """Published, and not past its expiry or course end."""
    now = now or utcnow()
    if item.status != "published":
        return False
    if item.expires_at and item.expires_at <= now:
        return False
    if item.course_end_date and item.course_end_date <= now:
        return False
    return True


def availability_status(item, now: datetime | None = None) -> str:
    """available | upcoming | enrollmentClosed | ended | unavailable."""
    now = now or utcnow()
    if item.status != "published":
        return "unavailable"
    if (item.course_end_date and item.course_end_date <= now) or (item.expires_at and item.expires_at <= now):
        return "ended"
    if item.enrollment_end_date and item.enrollment_end_date <= now:
        return "enrollmentClosed"
    if (item.enrollment_start_date and item.enrollment_start_date > now) or (
        item.publish_date and item.publish_date > now
    ):
        return "upcoming"
    return "available"


def seats_full(item, enrolled: int) -> bool:
    return item.seats_limit is not None and enrolled >= item.seats_limit


def waitlisting_triggered(item, enrolled: int) -> bool:
    """Waitlisting is on and every seat is taken, so new learners join the waitlist."""
    return bool(item.waitlisting_enabled) and seats_full(item, enrolled)


def future_publish_date(item, now: datetime | None = None) -> datetime | None:
    """The publish date while it is still ahead (the item is scheduled), else None."""
    now = now or utcnow()
    return item.publish_date if item.publish_date and item.publish_date > now else None


def enrollment_active(item, now: datetime | None = None) -> bool:
    """A learner can enrol now: the item is active and now is inside its enrolment window."""
    now = now or utcnow()
    if not is_active(item, now):
        return False
    if item.enrollment_start_date and item.enrollment_start_date > now:
        return False
    return not (item.enrollment_end_date and item.enrollment_end_date <= now)


def appearance_hash(item) -> str | None:
    """A short digest of the item's appearance block and last change: a page caches its styles
    under it and fetches them again when either changes. None without an appearance block."""
    if not item.appearance_block:
        return None
    stamp = item.updated_at.isoformat() if item.updated_at else ""
    return hashlib.sha256(f"{item.appearance_block}:{stamp}".encode()).hexdigest()[:16]


def related_query_signature(item, secret_key: str) -> str | None:
    """HMAC-SHA256 (hex) of the related-items query under the instance's secret: a page passes the
    query and its signature to the catalog, which can tell the query was not altered."""
    if not item.related_query:
        return None
    return hmac.new(secret_key.encode(), item.related_query.encode(), hashlib.sha256).hexdigest()
