"""The content_items columns a list of Content reads, from the fields its query selects.

A content row has over a hundred columns; a learner's list of 100 items that selects thirty fields
reads about forty of them. Fetching and converting the rest cost more than the whole list's GraphQL
work, so the lists select only what the selected fields read:
- a field read straight from the row reads its own column;
- a computed field reads what READS lists for it (its resolver, and the rules it calls, read
  nothing else: tests/graphql/content/test_columns.py runs every field on every demo item with
  only these columns);
- a field not known here (added later, or `__typename`-like meta fields aside) makes the list read
  every column, so forgetting an entry costs speed, never correctness.
"""
from __future__ import annotations

import functools

from sqlalchemy import ColumnElement
from strawberry.types.base import get_object_definition
from strawberry.utils.str_converters import to_camel_case

from app.content.models import CONTENT_COLUMNS
from app.graphql.content.items import Content

# Computed fields (by Python name) -> the columns they read. `id` is always read.
READS: dict[str, tuple[str, ...]] = {
    "url": ("kind", "slug"),
    "kind": ("kind",),
    "status": ("status",),
    "alternative_pricing_type": ("alternative_pricing_type",),
    "course_group": ("course_group_id",),
    "is_active": ("status", "expires_at", "course_end_date"),
    "availability_status": ("status", "course_end_date", "expires_at", "enrollment_end_date",
                            "enrollment_start_date", "publish_date"),
    "course_grace_period_ended": ("grace_period_end_date",),
    "course_presold": ("purchasable", "course_start_date"),
    "tags": (),
    "authors": (),
    "authors_and_instructors": (),
    "prices": (),
    "ribbon": ("ribbon_id",),
    "location": ("location_id",),
    "enrollment_count": (),
    "waitlist_count": (),
    "waitlisting_triggered": ("waitlisting_enabled", "seats_limit"),
    "has_children": (),
    "display_course": ("kind", "slug"),
    "display_course_slug": ("kind", "slug"),
    "meeting_start_date": (),
    "can_add_to_queue": ("status", "expires_at", "course_end_date"),
    "state": (),
    "issued_at": ("badge_url",),
    "current_user_due_date": ("kind",),
    "completed_passed_due_date": (),
    "current_user_may_reschedule": ("course_group_id", "course_start_date"),
    "current_user_unmet_course_prerequisites": (),
    "current_user_unmet_learning_path_prerequisites": (),
}

META_FIELDS = frozenset({"__typename"})


def _reads_by_graphql_name() -> dict[str, tuple[str, ...]]:
    stored = set(CONTENT_COLUMNS.c.keys())
    reads = {}
    for field in get_object_definition(Content, strict=True).fields:
        name = field.graphql_name or to_camel_case(field.python_name)
        if field.python_name in READS:
            reads[name] = READS[field.python_name]
        elif field.base_resolver is None and field.python_name in stored:
            reads[name] = (field.python_name,)
    return reads


_READS = _reads_by_graphql_name()


@functools.lru_cache(maxsize=512)
def content_columns(selected: frozenset[str]) -> tuple[ColumnElement, ...]:
    """The columns to select for a list of Content whose items select these field names (every
    column when one of them is not known)."""
    names = {"id"}
    for field in selected - META_FIELDS:
        reads = _READS.get(field)
        if reads is None:
            return tuple(CONTENT_COLUMNS.c)
        names.update(reads)
    return tuple(column for column in CONTENT_COLUMNS.c if column.key in names)
