"""The Helium Content type (any catalog item as the learner lists see it), ArchivedContent and
ContentGroup.

Content's source is a content_items row. Fields about "the current user" use the request's
viewer (null / false without one). Derived fields (README, "Content fields"):
- courseGroup: the id of the course group the item is a session of;
- displayCourse / displayCourseSlug: for course-like items, the next session of the group (the
  first whose start is not past, else the last), or the item itself when it has no sessions;
  null for learning paths and bundles;
- meetingStartDate: start of the first meeting that has not ended;
- authorsAndInstructors: the authors, then the meetings' instructors not already listed;
- coursePresold: the course starts in the future and is on sale already (purchasable);
- courseGracePeriodEnded: the grace period end date is past;
- canAddToQueue: a user is present, the item is active, and the user neither has access to it
  nor waits for it;
- state: the current user's enrolment status (not-started | started | completed);
- issuedAt: when the item carries a Credly badge (badgeUrl), the user's completion date;
- currentUserDueDate: the user's enrolment due date, for learning paths the allocation's;
- currentUserMayReschedule: the user is enrolled, not completed, in a session (courseGroup set)
  that has not started;
- currentUserUnmetCoursePrerequisites: prerequisite courses the user has not completed;
- currentUserUnmetLearningPathPrerequisites: prerequisite learning paths for which the user holds
  no certificate and has not completed every item;
- completedPassedDueDate: the user completed the item after its due date.
"""
from __future__ import annotations

import asyncio

import strawberry

from app.company.service import instance_company_query
from app.content import queries, rules
from app.content.models import COURSE_KINDS, LEARNING_PATH, ContentItem
from app.db import utcnow
from app.graphql.content.types import (
    ItemPrice,
    Location,
    Ribbon,
    Tag,
    _prerequisites,
    authors_loader,
    content_prices,
    enrolled_counts_loader,
    load_location,
    load_ribbon,
    meetings_loader,
    status_of,
    tags_loader,
    viewer_accessible_ids,
    waitlist_count,
)
from app.graphql.content.viewer import (
    load_viewer_progress,
    loaded_enrollment,
    loaded_path_allocation,
    viewer_certificate_for,
)
from app.graphql.context import Info
from app.graphql.enums import AlternativePricingType, ContentGroupKind, ContentKind, Status
from app.graphql.loaders import by_id, children, counts, grouped
from app.graphql.prefetch import load_all, loaded, read_field
from app.graphql.refs import CompanyRef
from app.graphql.scalars import JSON, AbsoluteOrRelativeURL, Date, Slug
from app.learning.models import COMPLETED, Enrollment, WaitlistEntry


async def _meetings(info: Info, content_id: str) -> list:
    return await meetings_loader(info.context).load(content_id)


async def _sessions(info: Info, content_id: str) -> list:
    return await children(
        info.context, ContentItem, ContentItem.course_group_id, ContentItem.course_start_date, ContentItem.id,
        name="course_sessions",
    ).load(content_id)


async def _display_course(info: Info, item) -> ContentItem | None:
    if item.kind not in COURSE_KINDS:
        return None
    sessions = await _sessions(info, item.id)
    if not sessions:
        return item
    now = utcnow()
    upcoming = [s for s in sessions if s.course_start_date is None or s.course_start_date >= now]
    return upcoming[0] if upcoming else sessions[-1]


async def _completed_ids(info: Info) -> set[str]:
    user = info.context.user
    if user is None:
        return set()
    rows = await children(info.context, Enrollment, Enrollment.user_id).load(user.id)
    return {e.content_id for e in rows if e.status == COMPLETED}


# The Content fields computed from request batches (app/graphql/prefetch.py): what a list loads for the
# fields selected, and how each field reads its item's value from it.
def _load_tags(ctx, items):
    return load_all(tags_loader(ctx), [i.id for i in items])


def _load_authors(ctx, items):
    return load_all(authors_loader(ctx), [i.id for i in items])


def _load_meetings(ctx, items):
    return load_all(meetings_loader(ctx), [i.id for i in items])


def _load_authors_and_meetings(ctx, items):
    return asyncio.gather(_load_authors(ctx, items), _load_meetings(ctx, items))


def _load_enrolled_counts(ctx, items):
    return load_all(enrolled_counts_loader(ctx), [i.id for i in items])


def _tags(item, ctx) -> list:
    return loaded(tags_loader(ctx), item.id)


def _authors(item, ctx) -> list[str]:
    return [a.name for a in loaded(authors_loader(ctx), item.id)]


def _authors_and_instructors(item, ctx) -> list[str]:
    names = _authors(item, ctx)
    for meeting in loaded(meetings_loader(ctx), item.id):
        for name in meeting.instructors or []:
            if name not in names:
                names.append(name)
    return names


def _meeting_start_date(item, ctx):
    now = utcnow()
    return next((m.start_date for m in loaded(meetings_loader(ctx), item.id) if m.end_date > now), None)


def _enrollment_count(item, ctx) -> int:
    return loaded(enrolled_counts_loader(ctx), item.id)


def _waitlisting_triggered(item, ctx) -> bool:
    return rules.waitlisting_triggered(item, _enrollment_count(item, ctx))


def _state(item, ctx) -> str | None:
    enrollment = loaded_enrollment(ctx, item.id)
    return enrollment.status if enrollment else None


def _issued_at(item, ctx):
    if not item.badge_url:
        return None
    enrollment = loaded_enrollment(ctx, item.id)
    return enrollment.completed_at if enrollment and enrollment.status == COMPLETED else None


def _current_user_due_date(item, ctx):
    if item.kind == LEARNING_PATH:
        allocation = loaded_path_allocation(ctx, item.id)
        if allocation and allocation.due_date:
            return allocation.due_date
    enrollment = loaded_enrollment(ctx, item.id)
    return enrollment.due_date if enrollment else None


def _completed_passed_due_date(item, ctx) -> bool:
    enrollment = loaded_enrollment(ctx, item.id)
    return bool(
        enrollment and enrollment.status == COMPLETED and enrollment.due_date and enrollment.completed_at
        and enrollment.completed_at > enrollment.due_date
    )


def _current_user_may_reschedule(item, ctx) -> bool:
    if not item.course_group_id or not item.course_start_date or item.course_start_date <= utcnow():
        return False
    enrollment = loaded_enrollment(ctx, item.id)
    return enrollment is not None and enrollment.status != COMPLETED


@strawberry.type
class Content:
    """Source: a content_items row."""

    id: strawberry.ID = strawberry.field(description="The ID of the Content.")
    title: str | None
    slug: Slug
    session_title: str | None
    language: str | None
    meta_title: str | None
    meta_description: str | None
    description: str | None
    alt_description_body: str | None
    asset: str | None
    asset_alt_text: str | None
    image_url: str | None
    sku: str | None
    price_in_cents: int | None
    suggested_retail_price_in_cents: int | None
    alternative_pricing_ref: int | None
    free_with_registration: bool | None
    bulk_purchasing_enabled: bool | None
    embedded_enabled: bool | None
    hide_course_description: bool
    annotations_enabled: bool
    rating: int | None
    custom_fields: JSON | None
    content_type_label: str | None
    content_type_asset_aspect_ratio: str | None
    seats_limit: int | None
    source: str | None
    time_zone: str | None
    waitlisting_enabled: bool
    badge_name: str | None
    badge_url: str | None
    accept_badge_url: str | None
    credly_badge_expires_at: Date | None
    publish_date: Date | None
    display_date: Date | None
    course_start_date: Date | None
    course_end_date: Date | None
    enrollment_start_date: Date | None
    enrollment_end_date: Date | None
    expires_at: Date | None
    created_at: Date | None = strawberry.field(description="The time the field was created.")
    updated_at: Date | None = strawberry.field(description="The time the field was updated.")
    url: AbsoluteOrRelativeURL | None

    @strawberry.field
    def kind(self) -> ContentKind | None:
        return ContentKind(self.kind) if self.kind in ContentKind._value2member_map_ else None

    @strawberry.field
    def status(self) -> Status | None:
        return status_of(self)

    @strawberry.field
    def alternative_pricing_type(self) -> AlternativePricingType | None:
        value = self.alternative_pricing_type
        return AlternativePricingType(value) if value in AlternativePricingType._value2member_map_ else None

    @strawberry.field
    def course_group(self) -> str | None:
        return self.course_group_id

    @strawberry.field
    def is_active(self) -> bool:
        return rules.is_active(self)

    @strawberry.field
    def availability_status(self) -> str | None:
        return rules.availability_status(self)

    @strawberry.field
    def course_grace_period_ended(self) -> bool:
        return self.grace_period_end_date is not None and self.grace_period_end_date <= utcnow()

    @strawberry.field
    def course_presold(self) -> bool:
        return bool(self.purchasable and self.course_start_date and self.course_start_date > utcnow())

    tags: list[Tag | None] | None = read_field(_load_tags, _tags)
    authors: list[str | None] | None = read_field(_load_authors, _authors)
    authors_and_instructors: list[str] | None = read_field(_load_authors_and_meetings, _authors_and_instructors)

    @strawberry.field
    async def prices(self, info: Info) -> list[ItemPrice] | None:
        return await content_prices(info, self.id)

    @strawberry.field
    async def ribbon(self, info: Info) -> Ribbon | None:
        return await load_ribbon(info, self.ribbon_id)

    @strawberry.field
    async def location(self, info: Info) -> Location | None:
        return await load_location(info, self.location_id)

    enrollment_count: int | None = read_field(_load_enrolled_counts, _enrollment_count)

    @strawberry.field
    async def waitlist_count(self, info: Info) -> int | None:
        return await waitlist_count(info, self.id)

    waitlisting_triggered: bool = read_field(_load_enrolled_counts, _waitlisting_triggered)

    @strawberry.field
    async def has_children(self, info: Info) -> bool:
        return await counts(info.context, "child_counts", queries.child_counts).load(self.id) > 0

    @strawberry.field(description="The ID of the Display Course.")
    async def display_course(self, info: Info) -> strawberry.ID | None:
        shown = await _display_course(info, self)
        return shown.id if shown else None

    @strawberry.field
    async def display_course_slug(self, info: Info) -> Slug | None:
        shown = await _display_course(info, self)
        return shown.slug if shown else None

    meeting_start_date: Date | None = read_field(_load_meetings, _meeting_start_date)

    @strawberry.field
    async def can_add_to_queue(self, info: Info) -> bool | None:
        user = info.context.user
        if user is None or not rules.is_active(self):
            return False
        if self.id in await viewer_accessible_ids(info):
            return False
        waiting = await children(info.context, WaitlistEntry, WaitlistEntry.user_id).load(user.id)
        return all(w.content_id != self.id for w in waiting)

    state: str | None = read_field(load_viewer_progress, _state)
    issued_at: Date | None = read_field(load_viewer_progress, _issued_at)
    current_user_due_date: Date | None = read_field(load_viewer_progress, _current_user_due_date)
    completed_passed_due_date: bool = read_field(load_viewer_progress, _completed_passed_due_date)
    current_user_may_reschedule: bool = read_field(load_viewer_progress, _current_user_may_reschedule)

    @strawberry.field
    async def current_user_unmet_course_prerequisites(self, info: Info) -> list[strawberry.ID | None] | None:
        if info.context.user is None:
            return None
        required = await _prerequisites(info, self, lambda kind: kind != LEARNING_PATH)
        completed = await _completed_ids(info)
        return [p.id for p in required if p.id not in completed]

    @strawberry.field
    async def current_user_unmet_learning_path_prerequisites(self, info: Info) -> list[strawberry.ID | None] | None:
        if info.context.user is None:
            return None
        paths = await _prerequisites(info, self, lambda kind: kind == LEARNING_PATH)
        if not paths:
            return []
        completed = await _completed_ids(info)
        members = await grouped(info.context, "content_children", queries.children_of).load_many([p.id for p in paths])
        unmet = []
        for path, items in zip(paths, members):
            if items and all(i.id in completed for i in items):
                continue
            if await viewer_certificate_for(info, path.id) is not None:
                continue
            unmet.append(path.id)
        return unmet


RESOURCE_TYPES = {LEARNING_PATH: "LearningPath", "bundle": "Bundle"}


async def _instance_company(info: Info):
    async def load(keys):
        async with info.context.db.read() as session:
            company = await session.scalar(instance_company_query())
        return [company for _ in keys]

    return await info.context.loader(("instance_company",), load).load("instance")


@strawberry.type
class ArchivedContent:
    """Source: an archived_items row."""

    id: strawberry.ID = strawberry.field(description="The ID of the Archived Content.")
    status: str | None
    archived_at: Date | None
    reinstatable: bool

    @strawberry.field(description="The ID of the User.")
    def user(self) -> strawberry.ID | None:
        return self.user_id

    @strawberry.field(description="The ID of the Resource.")
    def resource(self) -> strawberry.ID | None:
        return self.content_id

    @strawberry.field
    async def name(self, info: Info) -> str | None:
        item = await by_id(info.context, ContentItem).load(self.content_id)
        return item.title if item else None

    @strawberry.field
    async def resource_type(self, info: Info) -> str | None:
        """Course for course-like items, LearningPath, Bundle, else the item's kind."""
        item = await by_id(info.context, ContentItem).load(self.content_id)
        if item is None:
            return None
        return "Course" if item.kind in COURSE_KINDS else RESOURCE_TYPES.get(item.kind, item.kind)

    @strawberry.field
    async def waitlist_active(self, info: Info) -> bool:
        """Someone is waiting for a seat in the archived item."""
        return await waitlist_count(info, self.content_id) > 0

    @strawberry.field
    async def company(self, info: Info) -> CompanyRef | None:
        return await _instance_company(info)


@strawberry.type
class ContentGroup:
    kind: ContentGroupKind
    count: int
