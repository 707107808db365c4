"""Helium catalog types backed by content_items: Course, LearningPath, Bundle, and their parts.

Course, LearningPath and Bundle are depth-3 types of the reference: they expose every reference
field (see README, "Schema coverage" and "Catalog settings"); their parts are in parts.py.
"""
from __future__ import annotations

import strawberry
from sqlalchemy import select
from strawberry.dataloader import DataLoader

from app.clients.models import Client as ClientRow
from app.content import queries, rules
from app.content.kinds import COURSE, KIND_LABELS, LEARNING_PATH, WEBINAR, WEBINAR_COURSE, course_group_kind
from app.content.models import ContentItem
from app.content.models import ItemPrice as ItemPriceRow
from app.content.models import Location as LocationRow
from app.content.models import Meeting as MeetingRow
from app.content.models import MeetingAttendance as MeetingAttendanceRow
from app.content.models import Ribbon as RibbonRow
from app.content.parts import (
    AwardClaimingOption as AwardClaimingOptionRow,
)
from app.content.parts import (
    ContentSection,
    WebinarDetails,
)
from app.content.parts import (
    FulfillmentCenter as FulfillmentCenterRow,
)
from app.content.parts import (
    Layout as LayoutRow,
)
from app.content.parts import (
    LearningPathTab as LearningPathTabRow,
)
from app.content.parts import (
    SeatPackage as SeatPackageRow,
)
from app.content.parts import (
    SeatTier as SeatTierRow,
)
from app.content.parts import (
    TopicGroup as TopicGroupRow,
)
from app.graphql.content.parts import (
    BundleVariation,
    CourseAwardClaimingOption,
    DateRange,
    FulfillmentCenter,
    InPersonEventInfo,
    Layout,
    LearningPathTabs,
    Lesson,
    Milestone,
    SeatPackage,
    SeatTier,
    Section,
    TopicGroup,
    WebinarBlock,
    path_milestones,
    sample_lessons,
)
from app.graphql.content.viewer import viewer_path_start_date, viewer_pending_certificate
from app.graphql.context import Info
from app.graphql.enums import AlternativePricingType, CourseGroupKind, Status
from app.graphql.loaders import by_id, children, counts, grouped, records
from app.graphql.refs import ClientRef, UserRef
from app.graphql.scalars import JSON, URL, Date, Slug
from app.learning.access import accessible_content
from app.users.models import User as UserRow


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
    return records(ctx, queries.TAGS_OF)


def authors_loader(ctx) -> DataLoader:
    return records(ctx, queries.AUTHORS_OF)


def meetings_loader(ctx) -> DataLoader:
    return children(ctx, MeetingRow, MeetingRow.course_id, MeetingRow.start_date)


def enrolled_counts_loader(ctx) -> DataLoader:
    return counts(ctx, "enrollment_counts", queries.enrollment_counts)


async def content_tags(info: Info, content_id: str) -> list:
    return await tags_loader(info.context).load(content_id)


async def content_authors(info: Info, content_id: str) -> list[str]:
    return [a.name for a in await authors_loader(info.context).load(content_id)]


async def content_prices(info: Info, content_id: str) -> list:
    return await children(info.context, ItemPriceRow, ItemPriceRow.content_id, ItemPriceRow.currency_code).load(
        content_id
    )


async def enrolled_count(info: Info, content_id: str) -> int:
    return await enrolled_counts_loader(info.context).load(content_id)


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


def pricing_type_of(item) -> AlternativePricingType | None:
    value = item.alternative_pricing_type
    return AlternativePricingType(value) if value in AlternativePricingType._value2member_map_ else None


async def seat_tiers(info: Info, content_id: str) -> list:
    return await children(info.context, SeatTierRow, SeatTierRow.content_id, SeatTierRow.seats).load(content_id)


async def seat_packages(info: Info, content_id: str) -> list:
    return await children(info.context, SeatPackageRow, SeatPackageRow.content_id, SeatPackageRow.seats).load(
        content_id
    )


async def _sample_lesson(info: Info, course_id: str):
    lessons = await grouped(info.context, "sample_lessons", sample_lessons).load(course_id)
    return lessons[0] if lessons else None


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

    @strawberry.field
    async def attendees(self, info: Info) -> list[UserRef] | None:
        """Who attended (meeting_attendances). Administrators see everyone; a learner sees only
        themselves, so a learner's attendance is not shown to other learners."""
        users = await grouped(info.context, "meeting_attendees", _meeting_attendees).load(self.id)
        if info.context.acts_as_admin:
            return users
        viewer = info.context.user
        return [u for u in users if viewer is not None and u.id == viewer.id]


def _meeting_attendees(meeting_ids):
    return (
        select(MeetingAttendanceRow.meeting_id, UserRow)
        .join(UserRow, UserRow.id == MeetingAttendanceRow.user_id)
        .where(MeetingAttendanceRow.meeting_id.in_(meeting_ids))
        .order_by(MeetingAttendanceRow.attendance_date, UserRow.id)
    )


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
    # Course settings: content_items columns of the same names.
    alternative_pricing_ref: int | None
    appearance_block: strawberry.ID | None = strawberry.field(description="The ID of the Appearance Block.")
    confirmation_block: strawberry.ID | None = strawberry.field(description="The ID of the Confirmation Block.")
    paywalls_block: strawberry.ID | None = strawberry.field(description="The ID of the Paywalls Block.")
    terms_block: strawberry.ID | None = strawberry.field(description="The ID of the Terms Block.")
    tax_category: strawberry.ID | None = strawberry.field(description="The ID of the Tax Category.")
    topic_group_id: strawberry.ID | None = strawberry.field(description="The ID of the Topic Group.")
    taxable: bool | None
    last_tier_price_in_cents: int | None
    ask_learner_password: bool | None
    balance_requirement: float | None
    completion_time_per_page: int | None
    discussions_enabled: bool | None
    display_map: bool
    display_results: bool
    final_assessment: str | None
    force_linear_progress: bool | None
    gallery_enabled: bool | None
    instructor_access_enabled: bool | None
    instructor_access_price_in_cents: int | None
    linked_workbook_enabled: bool | None
    linked_workbook_skip_enabled: bool | None
    meetings_overview_enabled: bool | None
    resources_enabled: bool | None
    roster: bool | None
    roster_submitted_date: Date | None
    scorm_collect_user_details: bool | None
    show_progress: bool | None
    show_syllabus_while_unenrolled: bool | None
    superquiz_enabled: bool | None
    syllabus_titles_enabled: bool | None
    workbook_enabled: bool | None
    webinar_id: str | None

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
        return await meetings_loader(info.context).load(self.id)

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
    def alternative_pricing_type(self) -> AlternativePricingType | None:
        return pricing_type_of(self)

    @strawberry.field
    def appearance_hash(self) -> str | None:
        return rules.appearance_hash(self)

    @strawberry.field
    def enrollment_active(self) -> bool | None:
        return rules.enrollment_active(self)

    @strawberry.field
    def future_publish_date(self) -> Date | None:
        return rules.future_publish_date(self)

    @strawberry.field(description="The ID of the Fulfillment Center.")
    def fulfillment_center(self) -> strawberry.ID | None:
        return self.fulfillment_center_id

    @strawberry.field
    def in_person_event_info(self) -> InPersonEventInfo | None:
        if not (self.in_person_event_subtitle or self.in_person_event_hero_asset):
            return None
        return InPersonEventInfo(hero_asset=self.in_person_event_hero_asset, subtitle=self.in_person_event_subtitle)

    @strawberry.field
    async def instructor_emails(self, info: Info) -> list[str | None] | None:
        return [a.email for a in await authors_loader(info.context).load(self.id) if a.is_instructor and a.email]

    @strawberry.field
    async def award_claiming_options(self, info: Info) -> list[CourseAwardClaimingOption] | None:
        return await children(info.context, AwardClaimingOptionRow, AwardClaimingOptionRow.course_id,
                              AwardClaimingOptionRow.position).load(self.id)

    @strawberry.field
    async def sections(self, info: Info) -> list[Section | None] | None:
        return await children(info.context, ContentSection, ContentSection.course_id, ContentSection.position).load(
            self.id
        )

    @strawberry.field
    async def sample_lesson(self, info: Info) -> Lesson | None:
        return await _sample_lesson(info, self.id)

    @strawberry.field(description="The ID of the Sample Lesson.")
    async def sample_lesson_id(self, info: Info) -> strawberry.ID | None:
        lesson = await _sample_lesson(info, self.id)
        return lesson.id if lesson else None

    @strawberry.field
    async def seat_packages(self, info: Info) -> list[SeatPackage] | None:
        return await seat_packages(info, self.id)

    @strawberry.field
    async def seat_tiers(self, info: Info) -> list[SeatTier] | None:
        return await seat_tiers(info, self.id)

    @strawberry.field
    async def topic_group(self, info: Info) -> TopicGroup | None:
        return await by_id(info.context, TopicGroupRow).load(self.topic_group_id) if self.topic_group_id else None

    @strawberry.field
    async def webinar_dates(self, info: Info) -> list[DateRange | None] | None:
        if await _group_kind(info, self) not in (WEBINAR, WEBINAR_COURSE):
            return None
        meetings = await meetings_loader(info.context).load(self.id)
        return [DateRange(start_date=m.start_date, end_date=m.end_date) for m in meetings]

    @strawberry.field
    async def webinar_details(self, info: Info) -> WebinarBlock | None:
        rows = await children(info.context, WebinarDetails, WebinarDetails.course_id).load(self.id)
        return rows[0] if rows else None

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
    # Learning path settings: content_items columns of the same names.
    alternative_pricing_ref: int | None
    confirmation_html: str | None
    hero_asset: URL | None
    detail_asset: URL | None
    video_asset: strawberry.ID | None = strawberry.field(description="The ID of the Video Asset.")
    external_detail_url: str | None
    due_date: Date | None
    due_date_days: int | None
    is_pay_as_you_go: bool | None
    last_tier_price_in_cents: int | None
    related_query: str | None
    layout_id: strawberry.ID | None = strawberry.field(description="The ID of the Layout.")
    learner_layout_id: strawberry.ID | None = strawberry.field(description="The ID of the Learner Layout.")
    tax_category: strawberry.ID | None = strawberry.field(description="The ID of the Tax Category.")
    taxable: bool | None

    @classmethod
    def is_type_of(cls, obj, info) -> bool:
        return isinstance(obj, ContentItem) and obj.kind == LEARNING_PATH

    @strawberry.field
    def alternative_pricing_type(self) -> AlternativePricingType | None:
        return pricing_type_of(self)

    @strawberry.field(description="The ID of the Authoring Client.")
    def authoring_client(self) -> strawberry.ID | None:
        return self.authoring_client_id

    @strawberry.field(description="The ID of the Client.")
    async def client(self, info: Info) -> ClientRef | None:
        return await by_id(info.context, ClientRow).load(self.client_id) if self.client_id else None

    @strawberry.field
    async def fulfillment_center(self, info: Info) -> FulfillmentCenter | None:
        if not self.fulfillment_center_id:
            return None
        return await by_id(info.context, FulfillmentCenterRow).load(self.fulfillment_center_id)

    @strawberry.field
    def future_publish_date(self) -> Date | None:
        return rules.future_publish_date(self)

    @strawberry.field
    async def layout(self, info: Info) -> Layout | None:
        return await by_id(info.context, LayoutRow).load(self.layout_id) if self.layout_id else None

    @strawberry.field
    async def learner_layout(self, info: Info) -> Layout | None:
        return await by_id(info.context, LayoutRow).load(self.learner_layout_id) if self.learner_layout_id else None

    @strawberry.field
    async def milestones(self, info: Info) -> list[Milestone | None] | None:
        return await path_milestones(info).load(self.id)

    @strawberry.field
    def related_query_signature(self, info: Info) -> str | None:
        return rules.related_query_signature(self, info.context.settings.secret_key)

    @strawberry.field
    async def seat_packages(self, info: Info) -> list[SeatPackage] | None:
        return await seat_packages(info, self.id)

    @strawberry.field
    async def seat_tiers(self, info: Info) -> list[SeatTier] | None:
        return await seat_tiers(info, self.id)

    @strawberry.field
    async def tabs(self, info: Info) -> LearningPathTabs | None:
        rows = await children(info.context, LearningPathTabRow, LearningPathTabRow.learning_path_id,
                              LearningPathTabRow.position).load(self.id)
        if not rows:
            return None
        return LearningPathTabs(id=self.id, generated=self.tabs_generated, tabs=rows)

    @strawberry.field
    async def current_user_pending_certificate(self, info: Info) -> bool:
        return await viewer_pending_certificate(info, self.id)

    @strawberry.field
    async def current_user_start_action_date(self, info: Info) -> Date | None:
        return await viewer_path_start_date(info, self.id)

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
    plan_id: strawberry.ID | None = strawberry.field(description="The ID of the Plan.")
    annual_plan_id: strawberry.ID | None = strawberry.field(description="The ID of the Annual Plan.")
    annual_price_in_cents: int | None
    need_shipping_address: bool | None
    taxable: bool | None
    weight: float | None

    @strawberry.field
    def variations(self) -> list[BundleVariation | None] | None:
        return [BundleVariation(label=label) for label in self.variation_labels or []]

    @strawberry.field
    def name(self) -> str:
        return self.title
