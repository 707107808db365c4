"""The counts on User, as batched queries: (user_id, count) rows for many users at once."""
from __future__ import annotations

from sqlalchemy import Select, distinct, func, select

from app.certificates.lifecycle import held_filter
from app.certificates.models import Certificate
from app.content.models import COURSE_KINDS, ContentItem
from app.learning.access import accessible_content
from app.learning.models import COMPLETED, STARTED, Collaboration, Enrollment


def held_certificate_filter():
    """A certificate counts as held while it is neither deleted, revoked nor rejected (expired still counts)."""
    return held_filter()


def certificates_count(user_ids) -> Select:
    return (
        select(Certificate.user_id, func.count())
        .where(Certificate.user_id.in_(user_ids), *held_certificate_filter())
        .group_by(Certificate.user_id)
    )


def _course_enrollments(user_ids, statuses) -> Select:
    return (
        select(Enrollment.user_id, func.count())
        .join(ContentItem, ContentItem.id == Enrollment.content_id)
        .where(Enrollment.user_id.in_(user_ids), Enrollment.status.in_(statuses), ContentItem.kind.in_(COURSE_KINDS))
        .group_by(Enrollment.user_id)
    )


def completed_courses_count(user_ids) -> Select:
    return _course_enrollments(user_ids, (COMPLETED,))


def started_courses_count(user_ids) -> Select:
    """Courses the learner has begun, finished ones included."""
    return _course_enrollments(user_ids, (STARTED, COMPLETED))


def available_courses_count(user_ids) -> Select:
    reachable = accessible_content(user_ids).subquery()
    return (
        select(reachable.c.user_id, func.count(distinct(reachable.c.content_id)))
        .join(ContentItem, ContentItem.id == reachable.c.content_id)
        .where(ContentItem.kind.in_(COURSE_KINDS), ContentItem.status == "published")
        .group_by(reachable.c.user_id)
    )


def collaborations_count(user_ids) -> Select:
    return (
        select(Collaboration.user_id, func.count())
        .where(Collaboration.user_id.in_(user_ids))
        .group_by(Collaboration.user_id)
    )
