"""Helium catalog types backed by content_items: Course, LearningPath, Bundle, and their parts.

Course, LearningPath and Bundle are depth-3 types of the reference: they expose the
fields our store backs (see README, "Schema coverage").
"""
from __future__ import annotations

import strawberry
from sqlalchemy import select
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from app.content import queries, rules
from app.content.kinds import COURSE, KIND_LABELS, LEARNING_PATH, WEBINAR, WEBINAR_COURSE, course_group_kind
from app.content.models import ContentItem, ItemPrice as ItemPriceRow
from app.content.models import Location as LocationRow
from app.content.models import Meeting as MeetingRow
from app.content.models import Ribbon as RibbonRow
from app.graphql import refs
from app.graphql.enums import CourseGroupKind, Status
from app.graphql.loaders import by_id, children, counts, grouped, records
from app.graphql.scalars import JSON, URL, Date, Slug
from app.learning.access import accessible_content


@strawberry.type
class Tag:
    id: strawberry.ID
    is_folder: bool
    label: str | None
    updated_at: Date | None


@strawberry.type
class Ribbon:
    color: str | None
    contrast_color: str | None
    darker_color: str | None
    label: str | None
    slug: Slug


@strawberry.type
class Location:
    id: strawberry.ID
    name: str
    address1: str
    address2: str | None
    city: str
    state: str | None
    zip_code: str | None
    country: str | None
    room: str | None
    time_zone: str | None


@strawberry.type
class ItemPrice:
    """Source: an item_prices row."""

    id: strawberry.ID
    currency_code: str
    price_in_cents: int | None


# Shared resolvers of the content-backed types --------------------------------------------

def tags_loader(ctx) -> DataLoader:
    return records(ctx, "content_tags", queries.tags_of)


def authors_loader(ctx) -> DataLoader:
    return records(ctx, "content_authors", queries.authors_of)


async def content_tags(info: Info, content_id: str) -> list:
    return await tags_loader(info.context).load(content_id)


async def content_authors(info: Info, content_id: str) -> list[str]:
    return [a.name for a in await authors_loader(info.context).load(content_id)]


async def content_prices(info: Info, content_id: str) -> list:
    return await children(info.context, ItemPriceRow, ItemPriceRow.content_id, ItemPriceRow.currency_code).load(
        content_id
    )


async def enrolled_count(info: Info, content_id: str) -> int:
    return await counts(info.context, "enrollment_counts", queries.enrollment_counts).load(content_id)


async def waitlist_count(info: Info, content_id: str) -> int:
    return await counts(info.context, "waitlist_counts", queries.waitlist_counts).load(content_id)


async def viewer_accessible_ids(info: Info) -> set[str]:
    """Ids of content the current user can open (empty without a user)."""
    user = info.context.user
    if user is None:
        return set()
    rows = await grouped(info.context, "accessible_content", _accessible_pairs).load(user.id)
    return set(rows)


def _accessible_pairs(user_ids):
    reachable = accessible_content(user_ids).subquery()
    return select(reachable.c.user_id, reachable.c.content_id)


async def load_ribbon(info: Info, ribbon_id: str | None):
    return await by_id(info.context, RibbonRow).load(ribbon_id) if ribbon_id else None


async def load_location(info: Info, location_id: str | None):
    return await by_id(info.context, LocationRow).load(location_id) if location_id else None


def status_of(item) -> Status | None:
    return Status(item.status) if item.status else None


def _prerequisites(info: Info, item, kind_filter):
    async def load():
        rows = await grouped(info.context, "content_prerequisites", queries.prerequisites_of).load(item.id)
        return [r for r in rows if kind_filter(r.kind)]

    return load()


@strawberry.type
class Meeting:
    """Source: a meetings row."""

    id: strawberry.ID
    title: str | None
    start_date: Date
    end_date: Date
    time_zone: str | None
    attendee_info: str | None
    instructors: list[str] | None
    course_id: strawberry.ID = strawberry.field(description="The ID of the Course.")
    location_id: strawberry.ID | None = strawberry.field(description="The ID of the Location.")

    @strawberry.field(description="The ID of the Course.")
    async def course(self, info: Info) -> Course:
        return await by_id(info.context, ContentItem).load(self.course_id)

    @strawberry.field
    async def location(self, info: Info) -> Location | None:
        return await load_location(info, self.location_id)


async def _group_kind(info: Info, item) -> str:
    """The stored kind of the item's course group: a session's group's kind, else its own."""
    if item.kind == COURSE and item.course_group_id:
        group = await by_id(info.context, ContentItem).load(item.course_group_id)
        if group is not None:
            return group.kind
    return item.kind


@strawberry.type
class ContentType:
    """The content type of an item: its kind, with a label (KIND_LABELS, or the stored label)."""

    kind: str
    label: str | None
    asset_aspect_ratio: str | None


def content_type_of(item) -> ContentType:
    return ContentType(kind=item.kind, label=item.content_type_label or KIND_LABELS.get(item.kind),
                       asset_aspect_ratio=item.content_type_asset_aspect_ratio)


async def course_group_of(info: Info, item):
    """The course group item a course belongs to: a session's group, else the item itself when it
    is a group (a `course` on its own counts as one); None for other kinds."""
    if item.kind == COURSE and item.course_group_id:
        group = await by_id(info.context, ContentItem).load(item.course_group_id)
        if group is not None:
            return group
    return item if course_group_kind(item.kind) else None


@strawberry.type
class CourseGroup:
    """Source: a content_items row of a course group kind (a subset of the reference's fields)."""

    id: strawberry.ID
    title: str | None
    slug: Slug
    source: str | None
    asset: str | None

    @strawberry.field
    def kind(self) -> CourseGroupKind | None:
        value = course_group_kind(self.kind)
        return CourseGroupKind(value) if value else None

    @strawberry.field
    async def authors(self, info: Info) -> list[str | None] | None:
        return await content_authors(info, self.id)

    @strawberry.field
    def content_type(self) -> ContentType | None:
        return content_type_of(self)


@strawberry.type
class Course:
    """Source: a content_items row of a course-like kind."""

    id: strawberry.ID
    title: str | None
    slug: Slug
    sku: str | None
    access_days: int | None
    price_in_cents: int | None
    suggested_retail_price_in_cents: int | None
    purchasable: bool
    bulk_purchasing_enabled: bool
    free_with_registration: bool | None
    embedded_enabled: bool | None
    seats_limit: int | None
    waitlisting_enabled: bool
    custom_fields: JSON | None
    course_start_date: Date | None
    course_end_date: Date | None
    enrollment_start_date: Date | None
    enrollment_end_date: Date | None
    grace_period_end_date: Date | None
    publish_date: Date | None
    created_at: Date | None
    updated_at: Date | None

    @classmethod
    def is_type_of(cls, obj, info) -> bool:
        return isinstance(obj, ContentItem) and obj.kind != LEARNING_PATH

    @strawberry.field
    async def kind(self, info: Info) -> CourseGroupKind | None:
        # The course group's kind: a session (kind course, in a group) has its group's kind.
        value = course_group_kind(await _group_kind(info, self))
        return CourseGroupKind(value) if value else None

    @strawberry.field
    def status(self) -> Status | None:
        return status_of(self)

    @strawberry.field
    def is_active(self) -> bool:
        return rules.is_active(self)

    @strawberry.field
    def availability_status(self) -> str | None:
        return rules.availability_status(self)

    @strawberry.field
    def session_is_titled(self) -> bool:
        return bool(self.session_title)

    @strawberry.field
    async def webinar_time_zone(self, info: Info) -> str | None:
        return self.time_zone if await _group_kind(info, self) in (WEBINAR, WEBINAR_COURSE) else None

    @strawberry.field(description="The ID of the Parent Course.")
    def parent_course_id(self) -> strawberry.ID | None:
        return self.course_group_id

    @strawberry.field
    async def course_group_title(self, info: Info) -> str | None:
        if not self.course_group_id:
            return None
        group = await by_id(info.context, ContentItem).load(self.course_group_id)
        return group.title if group else None

    @strawberry.field
    async def course_group(self, info: Info) -> CourseGroup | None:
        return await course_group_of(info, self)

    @strawberry.field
    def is_child(self) -> bool | None:
        return self.course_group_id is not None

    @strawberry.field
    async def has_children(self, info: Info) -> bool:
        return await counts(info.context, "child_counts", queries.child_counts).load(self.id) > 0

    @strawberry.field
    async def has_multiple_currencies(self, info: Info) -> bool:
        return len(await content_prices(info, self.id)) > 1

    @strawberry.field
    async def prices(self, info: Info) -> list[ItemPrice]:
        return await content_prices(info, self.id)

    @strawberry.field
    async def location(self, info: Info) -> Location | None:
        return await load_location(info, self.location_id)

    @strawberry.field
    async def meetings(self, info: Info) -> list[Meeting] | None:
        return await children(info.context, MeetingRow, MeetingRow.course_id, MeetingRow.start_date).load(self.id)

    @strawberry.field
    async def seats_used_count(self, info: Info) -> int:
        return await enrolled_count(info, self.id)

    @strawberry.field
    async def seats_allocated_count(self, info: Info) -> int:
        return await enrolled_count(info, self.id)

    @strawberry.field
    async def seats_limit_met(self, info: Info) -> bool:
        return rules.seats_full(self, await enrolled_count(info, self.id))

    @strawberry.field
    async def waitlist_count(self, info: Info) -> int | None:
        return await waitlist_count(info, self.id)

    @strawberry.field
    async def waitlist_active(self, info: Info) -> bool | None:
        return await waitlist_count(info, self.id) > 0

    @strawberry.field
    async def waitlisting_triggered(self, info: Info) -> bool:
        return rules.waitlisting_triggered(self, await enrolled_count(info, self.id))

    @strawberry.field
    async def current_user_has_access(self, info: Info) -> bool:
        return self.id in await viewer_accessible_ids(info)

    @strawberry.field
    async def prerequisite_courses(self, info: Info) -> list[Course | None] | None:
        return await _prerequisites(info, self, lambda k: k != LEARNING_PATH)

    @strawberry.field
    async def prerequisite_learning_paths(self, info: Info) -> list[LearningPath | None] | None:
        return await _prerequisites(info, self, lambda k: k == LEARNING_PATH)


@strawberry.type
class LearningPath:
    """Source: a content_items row of kind learningPath."""

    id: strawberry.ID
    slug: Slug
    sku: str | None
    access_days: int | None
    language: str | None
    meta_title: str | None
    meta_description: str | None
    short_description: str | None
    price_in_cents: int | None
    suggested_retail_price_in_cents: int | None
    purchasable: bool
    bulk_purchasing_enabled: bool
    free_with_registration: bool | None
    seats_limit: int | None
    source: str | None
    custom_fields: JSON | None
    asset: URL | None
    enrollment_start_date: Date | None
    enrollment_end_date: Date | None
    publish_date: Date | None
    created_at: Date | None
    updated_at: Date | None

    @classmethod
    def is_type_of(cls, obj, info) -> bool:
        return isinstance(obj, ContentItem) and obj.kind == LEARNING_PATH

    @strawberry.field
    def name(self) -> str:
        return self.title

    @strawberry.field
    def long_description(self) -> str | None:
        return self.description

    @strawberry.field
    def status(self) -> Status:
        return Status(self.status)

    @strawberry.field
    def kind(self) -> str | None:
        return self.kind

    @strawberry.field
    def resource_type(self) -> str:
        return LEARNING_PATH

    @strawberry.field
    def content_type(self) -> str | None:
        return self.content_type_label or "Learning Path"

    @strawberry.field
    def availability_status(self) -> str | None:
        return rules.availability_status(self)

    @strawberry.field
    def start_date(self) -> Date | None:
        return self.course_start_date

    @strawberry.field
    def end_date(self) -> Date | None:
        return self.course_end_date

    @strawberry.field
    async def authors(self, info: Info) -> list[str] | None:
        return await content_authors(info, self.id)

    @strawberry.field
    async def tags(self, info: Info) -> list[Tag | None] | None:
        return await content_tags(info, self.id)

    @strawberry.field
    async def ribbon(self, info: Info) -> Ribbon | None:
        return await load_ribbon(info, self.ribbon_id)

    @strawberry.field
    async def prices(self, info: Info) -> list[ItemPrice]:
        return await content_prices(info, self.id)

    @strawberry.field
    async def has_multiple_currencies(self, info: Info) -> bool:
        return len(await content_prices(info, self.id)) > 1

    @strawberry.field
    async def current_user_due_date(self, info: Info) -> Date | None:
        from app.graphql.content.viewer import viewer_path_allocation

        allocation = await viewer_path_allocation(info, self.id)
        return allocation.due_date if allocation else None

    @strawberry.field
    async def current_user_earned_certificate(self, info: Info) -> bool:
        from app.graphql.content.viewer import viewer_certificate_for

        return await viewer_certificate_for(info, self.id) is not None

    @strawberry.field
    async def prerequisite_courses(self, info: Info) -> list[Course | None] | None:
        return await _prerequisites(info, self, lambda k: k != LEARNING_PATH)

    @strawberry.field
    async def prerequisite_learning_paths(self, info: Info) -> list[LearningPath | None] | None:
        return await _prerequisites(info, self, lambda k: k == LEARNING_PATH)


@strawberry.type
class Bundle:
    """Source: a content_items row of kind bundle."""

    id: strawberry.ID
    slug: Slug
    price_in_cents: int | None
    purchasable: bool | None

    @strawberry.field
    def name(self) -> str:
        return self.title
