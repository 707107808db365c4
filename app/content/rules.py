"""Derived facts about a content item that several API types share."""
from __future__ import annotations

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
