"""The catalog: content items of every kind, with tags, authors, ribbons, locations, meetings."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

# ContentKind values we store and the kind groups live in app/content/kinds.py; re-exported here.
from app.content.kinds import (  # noqa: F401
    ARTICLE,
    BUNDLE,
    COURSE,
    COURSE_GROUP,
    COURSE_GROUP_KINDS,
    COURSE_KINDS,
    EVENT_KINDS,
    IN_PERSON_EVENT,
    LEARNING_PATH,
    MICRO_COURSE,
    VIDEO,
    WEBINAR,
)
from app.db import Base, IdMixin, JSONDoc, Record, TimestampMixin


class Ribbon(IdMixin, Base):
    __tablename__ = "ribbons"

    slug: Mapped[str] = mapped_column(String(100), unique=True)
    label: Mapped[str | None] = mapped_column(String(100))
    color: Mapped[str | None] = mapped_column(String(9))
    contrast_color: Mapped[str | None] = mapped_column(String(9))
    darker_color: Mapped[str | None] = mapped_column(String(9))


class Location(IdMixin, Base):
    __tablename__ = "locations"

    name: Mapped[str] = mapped_column(String(200))
    address1: Mapped[str] = mapped_column(String(200))
    address2: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(100))
    zip_code: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(100))
    room: Mapped[str | None] = mapped_column(String(100))
    time_zone: Mapped[str | None] = mapped_column(String(64))


class Tag(IdMixin, TimestampMixin, Base):
    __tablename__ = "tags"

    label: Mapped[str] = mapped_column(String(200), unique=True)
    is_folder: Mapped[bool] = mapped_column(Boolean, default=False)


class ContentFacts:
    """What is derived from an item's columns; shared by the ORM row (ContentItem) and ContentRecord."""

    if TYPE_CHECKING:  # the columns read here, declared by both classes
        kind: str
        slug: str

    @property
    def url(self) -> str:
        prefix = "learning-paths" if self.kind == LEARNING_PATH else "courses"
        return f"/{prefix}/{self.slug}"


class ContentItem(ContentFacts, IdMixin, TimestampMixin, Base):
    """Every kind of catalog item: course groups and their sessions, learning paths, bundles (app/content/kinds.py)."""

    __tablename__ = "content_items"
    __table_args__ = (Index("ix_content_items_kind_status", "kind", "status"),)

    kind: Mapped[str] = mapped_column(String(40))  # ContentKind
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default="published")  # Status
    description: Mapped[str | None] = mapped_column(Text)
    short_description: Mapped[str | None] = mapped_column(Text)
    alt_description_body: Mapped[str | None] = mapped_column(Text)
    session_title: Mapped[str | None] = mapped_column(String(300))
    asset: Mapped[str | None] = mapped_column(String(500))
    asset_alt_text: Mapped[str | None] = mapped_column(String(300))
    image_url: Mapped[str | None] = mapped_column(String(500))
    language: Mapped[str | None] = mapped_column(String(20))
    meta_title: Mapped[str | None] = mapped_column(String(300))
    meta_description: Mapped[str | None] = mapped_column(Text)
    sku: Mapped[str | None] = mapped_column(String(100))
    price_in_cents: Mapped[int | None] = mapped_column(Integer)
    suggested_retail_price_in_cents: Mapped[int | None] = mapped_column(Integer)
    # Helium's alternative pricing: type "membership" and the reference of that membership.
    alternative_pricing_type: Mapped[str | None] = mapped_column(String(20))
    alternative_pricing_ref: Mapped[int | None] = mapped_column(Integer)
    purchasable: Mapped[bool] = mapped_column(Boolean, default=True)
    free_with_registration: Mapped[bool] = mapped_column(Boolean, default=False)
    bulk_purchasing_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    embedded_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    hide_course_description: Mapped[bool] = mapped_column(Boolean, default=False)
    rating: Mapped[int | None] = mapped_column(Integer)
    publish_date: Mapped[datetime | None]
    display_date: Mapped[datetime | None]
    course_start_date: Mapped[datetime | None]
    course_end_date: Mapped[datetime | None]
    enrollment_start_date: Mapped[datetime | None]
    enrollment_end_date: Mapped[datetime | None]
    grace_period_end_date: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    time_zone: Mapped[str | None] = mapped_column(String(64))
    seats_limit: Mapped[int | None] = mapped_column(Integer)
    waitlisting_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    access_days: Mapped[int | None] = mapped_column(Integer)
    content_type_label: Mapped[str | None] = mapped_column(String(100))
    content_type_asset_aspect_ratio: Mapped[str | None] = mapped_column(String(20))
    source: Mapped[str | None] = mapped_column(String(100))
    badge_name: Mapped[str | None] = mapped_column(String(200))
    badge_url: Mapped[str | None] = mapped_column(String(500))
    accept_badge_url: Mapped[str | None] = mapped_column(String(500))
    credly_badge_expires_at: Mapped[datetime | None]
    annotations_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    ribbon_id: Mapped[str | None] = mapped_column(ForeignKey("ribbons.id"))
    location_id: Mapped[str | None] = mapped_column(ForeignKey("locations.id"))
    # Set on a session (kind "course"): the course group it belongs to.
    course_group_id: Mapped[str | None] = mapped_column(ForeignKey("content_items.id"))
    # Content custom field values by slug, e.g. {"difficulty": "Easy"}; searchable
    # copies live in content_custom_values.
    custom_fields: Mapped[dict | None] = mapped_column(JSONDoc)

    # Commerce (Course, LearningPath, Bundle). Bulk seats beyond the last seat_tiers row cost
    # last_tier_price_in_cents each.
    taxable: Mapped[bool] = mapped_column(Boolean, default=False)
    tax_category: Mapped[str | None] = mapped_column(String(100))
    last_tier_price_in_cents: Mapped[int | None] = mapped_column(Integer)
    fulfillment_center_id: Mapped[str | None] = mapped_column(ForeignKey("fulfillment_centers.id"))
    # Course settings, under Helium's Course field names. The *_block columns are ids of the
    # instance's page blocks (appearance, confirmation, paywalls, terms).
    appearance_block: Mapped[str | None] = mapped_column(String(100))
    confirmation_block: Mapped[str | None] = mapped_column(String(100))
    paywalls_block: Mapped[str | None] = mapped_column(String(100))
    terms_block: Mapped[str | None] = mapped_column(String(100))
    ask_learner_password: Mapped[bool] = mapped_column(Boolean, default=False)
    balance_requirement: Mapped[float | None] = mapped_column(Float)
    completion_time_per_page: Mapped[int | None] = mapped_column(Integer)  # seconds
    discussions_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    display_map: Mapped[bool] = mapped_column(Boolean, default=False)
    display_results: Mapped[bool] = mapped_column(Boolean, default=False)
    final_assessment: Mapped[str | None] = mapped_column(String(200))
    force_linear_progress: Mapped[bool] = mapped_column(Boolean, default=False)
    gallery_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    instructor_access_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    instructor_access_price_in_cents: Mapped[int | None] = mapped_column(Integer)
    linked_workbook_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    linked_workbook_skip_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    meetings_overview_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    resources_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    roster: Mapped[bool] = mapped_column(Boolean, default=False)
    roster_submitted_date: Mapped[datetime | None]
    scorm_collect_user_details: Mapped[bool] = mapped_column(Boolean, default=False)
    show_progress: Mapped[bool] = mapped_column(Boolean, default=True)
    show_syllabus_while_unenrolled: Mapped[bool] = mapped_column(Boolean, default=False)
    superquiz_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    syllabus_titles_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    workbook_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    webinar_id: Mapped[str | None] = mapped_column(String(100))  # the provider's id of the webinar
    in_person_event_subtitle: Mapped[str | None] = mapped_column(String(300))
    in_person_event_hero_asset: Mapped[str | None] = mapped_column(String(500))
    topic_group_id: Mapped[str | None] = mapped_column(ForeignKey("topic_groups.id"))
    # Learning path settings, under Helium's LearningPath field names.
    client_id: Mapped[str | None] = mapped_column(ForeignKey("clients.id"))  # the client it is made for
    authoring_client_id: Mapped[str | None] = mapped_column(ForeignKey("clients.id"))  # the client that authors it
    confirmation_html: Mapped[str | None] = mapped_column(Text)
    hero_asset: Mapped[str | None] = mapped_column(String(500))
    detail_asset: Mapped[str | None] = mapped_column(String(500))
    video_asset: Mapped[str | None] = mapped_column(String(100))
    external_detail_url: Mapped[str | None] = mapped_column(String(500))
    due_date: Mapped[datetime | None]  # a fixed due date for everyone …
    due_date_days: Mapped[int | None] = mapped_column(Integer)  # … or days after the learner's allocation
    is_pay_as_you_go: Mapped[bool] = mapped_column(Boolean, default=False)
    related_query: Mapped[str | None] = mapped_column(String(1000))  # a catalog query of related items
    layout_id: Mapped[str | None] = mapped_column(ForeignKey("layouts.id"))
    learner_layout_id: Mapped[str | None] = mapped_column(ForeignKey("layouts.id"))
    tabs_generated: Mapped[bool] = mapped_column(Boolean, default=False)  # tabs made from the path's items
    # Bundle settings, under Helium's Bundle field names.
    plan_id: Mapped[str | None] = mapped_column(String(100))
    annual_plan_id: Mapped[str | None] = mapped_column(String(100))
    annual_price_in_cents: Mapped[int | None] = mapped_column(Integer)
    need_shipping_address: Mapped[bool] = mapped_column(Boolean, default=False)
    weight: Mapped[float | None] = mapped_column(Float)
    variation_labels: Mapped[list | None] = mapped_column(JSONDoc)  # ["Digital", "Print"]


class ContentRecord(ContentFacts, Record):
    """A content_items row read with SQLAlchemy Core (every column as an attribute), for the
    learner's lists: hydrating 100 ORM rows costs about a fifth of UserContentItems."""


CONTENT_COLUMNS = ContentItem.__table__


class ContentTag(Base):
    __tablename__ = "content_tags"

    content_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[str] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ContentAuthor(IdMixin, Base):
    __tablename__ = "content_authors"

    content_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    is_instructor: Mapped[bool] = mapped_column(Boolean, default=False)
    email: Mapped[str | None] = mapped_column(String(320))  # instructors' emails: Course.instructorEmails
    position: Mapped[int] = mapped_column(Integer, default=0)


class ContentCustomValue(IdMixin, Base):
    """One value of a content custom field, indexed for `slug:value` search."""

    __tablename__ = "content_custom_values"
    __table_args__ = (Index("ix_content_custom_values_slug_value", "field_slug", "value"),)

    content_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), index=True)
    field_slug: Mapped[str] = mapped_column(String(100))
    value: Mapped[str] = mapped_column(String(300))


class ContentChild(Base):
    """Membership of an item in a learning path or a bundle, in order."""

    __tablename__ = "content_children"

    parent_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), primary_key=True)
    child_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # In a learning path: the milestone (app/content/parts.py) the item belongs to.
    milestone_id: Mapped[str | None] = mapped_column(ForeignKey("milestones.id", ondelete="SET NULL"))


class ContentPrerequisite(Base):
    __tablename__ = "content_prerequisites"

    content_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), primary_key=True)
    prerequisite_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), primary_key=True)


class ItemPrice(IdMixin, Base):
    __tablename__ = "item_prices"
    __table_args__ = (UniqueConstraint("content_id", "currency_code"),)

    content_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), index=True)
    currency_code: Mapped[str] = mapped_column(String(3))
    price_in_cents: Mapped[int] = mapped_column(Integer)


class Meeting(IdMixin, TimestampMixin, Base):
    __tablename__ = "meetings"

    course_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), index=True)
    title: Mapped[str | None] = mapped_column(String(300))
    start_date: Mapped[datetime]
    end_date: Mapped[datetime]
    time_zone: Mapped[str | None] = mapped_column(String(64))
    location_id: Mapped[str | None] = mapped_column(ForeignKey("locations.id"))
    attendee_info: Mapped[str | None] = mapped_column(Text)
    instructors: Mapped[list | None] = mapped_column(JSONDoc)


class MeetingAttendance(IdMixin, Base):
    __tablename__ = "meeting_attendances"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    attendance_date: Mapped[datetime]
