"""Helium types for the parts of catalog items (app/content/parts.py), each read from its rows.

They are depth-4 types of the reference (reached from Course, LearningPath, Bundle): they expose
the fields our store backs, with the reference's names, types and nullability.
"""
from __future__ import annotations

import strawberry
from sqlalchemy import select

from app.awards.models import AwardType as AwardTypeRow
from app.content.models import ContentChild, ContentItem
from app.content.parts import ContentLesson, ContentSection
from app.content.parts import Milestone as MilestoneRow
from app.graphql.context import Info
from app.graphql.enums import AccessLevel, LayoutKind, MilestoneKind, MilestoneRequirement, Status
from app.graphql.loaders import by_id, children, grouped
from app.graphql.refs import AwardTypeRef, ContentRef, LearningPathRef
from app.graphql.scalars import JSON, URL, Date, Slug


def _enum(enum, value):
    return enum(value) if value in enum._value2member_map_ else None


@strawberry.type
class Section:
    """Source: a content_sections row."""

    id: strawberry.ID = strawberry.field(description="The ID of the Section.")
    slug: Slug
    title: str | None

    @strawberry.field
    def status(self) -> Status | None:
        return _enum(Status, self.status)

    @strawberry.field
    async def lessons(self, info: Info) -> list[Lesson | None] | None:
        return await children(info.context, ContentLesson, ContentLesson.section_id, ContentLesson.position).load(self.id)


@strawberry.type
class Lesson:
    """Source: a content_lessons row."""

    id: strawberry.ID = strawberry.field(description="The ID of the Lesson.")
    slug: Slug
    title: str | None

    @strawberry.field
    def slug_or_id(self) -> str | None:
        return self.slug or self.id

    @strawberry.field
    def access_level(self) -> AccessLevel | None:
        return _enum(AccessLevel, self.access_level)

    @strawberry.field
    async def section(self, info: Info) -> Section | None:
        return await by_id(info.context, ContentSection).load(self.section_id)


def sample_lessons(course_ids):
    """(course id, lesson) for each course's lesson flagged as its sample (the first one if several)."""
    return (
        select(ContentSection.course_id, ContentLesson)
        .join(ContentSection, ContentSection.id == ContentLesson.section_id)
        .where(ContentSection.course_id.in_(course_ids), ContentLesson.is_sample.is_(True))
        .order_by(ContentSection.position, ContentLesson.position)
    )


@strawberry.type
class SeatTier:
    """Source: a seat_tiers row."""

    price_in_cents: int
    seats: int


@strawberry.type
class SeatPackage:
    """Source: a seat_packages row."""

    seats: int


@strawberry.type
class CourseAwardClaimingOption:
    """Source: an award_claiming_options row."""

    award_amounts: list[float] | None
    award_type_id: strawberry.ID
    range: str

    @strawberry.field
    async def award_type(self, info: Info) -> AwardTypeRef:
        return await by_id(info.context, AwardTypeRow).load(self.award_type_id)


@strawberry.type
class InPersonEventInfo:
    """From the course's in_person_event_* columns."""

    hero_asset: URL | None
    subtitle: str | None


@strawberry.type
class DateRange:
    """A meeting's start and end (Course.webinarDates)."""

    start_date: Date | None
    end_date: Date | None


@strawberry.type
class WebinarBlock:
    """Source: a webinar_details row."""

    id: strawberry.ID = strawberry.field(description="The ID of the Webinar Block.")
    webinar_provider: str
    webinar_type: str | None
    join_url: str | None
    attendee_dial_in: str | None
    organizer_dial_in: str | None
    time_zone: str | None
    co_organizers: list[str] | None
    enable_auto_recording: bool | None
    retrieve_recording: bool | None


@strawberry.type
class FulfillmentCenter:
    """Source: a fulfillment_centers row."""

    id: strawberry.ID = strawberry.field(description="The ID of the Fulfillment Center.")
    name: str
    address1: str | None
    address2: str | None
    city: str | None
    state: str | None
    zip_code: str | None
    country: str | None
    latitude: str | None
    longitude: str | None


@strawberry.type
class Layout:
    """Source: a layouts row."""

    id: strawberry.ID = strawberry.field(description="The ID of the Layout.")
    has_enrollment_widget: bool
    scripts: str | None
    widgets: JSON | None

    @strawberry.field
    def kind(self) -> LayoutKind | None:
        return _enum(LayoutKind, self.kind)


@strawberry.type
class TopicGroup:
    """Source: a topic_groups row."""

    id: strawberry.ID = strawberry.field(description="The ID of the Topic Group.")
    company_id: strawberry.ID


@strawberry.type
class Milestone:
    """Source: a milestones row; its items are the path's items filed under it."""

    id: strawberry.ID = strawberry.field(description="The ID of the Milestone.")
    name: str
    release_date: Date | None
    release_days: int | None
    completion_criteria_description: str | None

    @strawberry.field
    def kind(self) -> MilestoneKind:
        return MilestoneKind(self.kind)

    @strawberry.field
    def requirement(self) -> MilestoneRequirement:
        return MilestoneRequirement(self.requirement)

    @strawberry.field(description="The ID of the Learning Path.")
    async def learning_path(self, info: Info) -> LearningPathRef:
        return await by_id(info.context, ContentItem).load(self.learning_path_id)

    @strawberry.field
    async def content_items(self, info: Info) -> list[ContentRef] | None:
        return await grouped(info.context, "milestone_items", _milestone_items).load(self.id)


def _milestone_items(milestone_ids):
    return (
        select(ContentChild.milestone_id, ContentItem)
        .join(ContentItem, ContentItem.id == ContentChild.child_id)
        .where(ContentChild.milestone_id.in_(milestone_ids))
        .order_by(ContentChild.position)
    )


def path_milestones(info: Info):
    return children(info.context, MilestoneRow, MilestoneRow.learning_path_id, MilestoneRow.position)


@strawberry.type
class LearningPathTab:
    """Source: a learning_path_tabs row."""

    id: strawberry.ID = strawberry.field(description="The ID of the Learning Path Tab.")
    label: str | None
    body: str | None
    tab_type: str | None


@strawberry.type
class LearningPathTabs:
    """A learning path's tab set: one per path, so its id is the path's id."""

    id: strawberry.ID = strawberry.field(description="The ID of the Learning Path Tabs.")
    generated: bool | None
    tabs: list[LearningPathTab] | None


@strawberry.type
class BundleVariation:
    """One of content_items.variation_labels."""

    label: str | None


@strawberry.type
class CatalogSubcategory:
    """From the client's catalog settings (`categories[].subcategories[]`)."""

    id: strawberry.ID = strawberry.field(description="The ID of the Catalog Subcategory.")
    description: str | None
    label: str
    query: str
    slug: Slug


@strawberry.type
class CatalogCategory:
    """From the client's catalog settings (`categories[]`)."""

    id: strawberry.ID = strawberry.field(description="The ID of the Catalog Category.")
    label: str
    slug: Slug
    subcategories: list[CatalogSubcategory | None] | None

    @classmethod
    def from_setting(cls, data: dict) -> CatalogCategory:
        subs = [CatalogSubcategory(id=s["id"], description=s.get("description"), label=s["label"], query=s["query"],
                                   slug=s["slug"]) for s in data.get("subcategories") or []]
        return cls(id=data["id"], label=data["label"], slug=data["slug"], subcategories=subs)


@strawberry.type
class SSOAttributeMapping:
    """From the client's SSO settings (`samlAttributeMappings` …)."""

    key_attribute: str | None
    key_name: str
