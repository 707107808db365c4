"""Parts of catalog items behind Helium's Course, LearningPath and Bundle fields: a course's syllabus
(sections and lessons), seat pricing, award claiming options and webinar details; a learning path's
milestones, tabs and layouts; and the fulfillment centers and topic groups items point to."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, JSONDoc


class ContentSection(IdMixin, Base):
    """A section of a course's syllabus (Helium's Section)."""

    __tablename__ = "content_sections"

    course_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str | None] = mapped_column(String(20), default="published")  # Status
    position: Mapped[int] = mapped_column(Integer, default=0)


class ContentLesson(IdMixin, Base):
    """A lesson of a section (Helium's Lesson). `is_sample`: the course's sample lesson, open to everyone."""

    __tablename__ = "content_lessons"

    section_id: Mapped[str] = mapped_column(ForeignKey("content_sections.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(300))
    access_level: Mapped[str | None] = mapped_column(String(30))  # AccessLevel
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)


class SeatTier(IdMixin, Base):
    """Bulk pricing: up to `seats` seats cost `price_in_cents` each (beyond the last tier:
    content_items.last_tier_price_in_cents)."""

    __tablename__ = "seat_tiers"

    content_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), index=True)
    seats: Mapped[int] = mapped_column(Integer)
    price_in_cents: Mapped[int] = mapped_column(Integer)


class SeatPackage(IdMixin, Base):
    """A package size offered for bulk purchase."""

    __tablename__ = "seat_packages"

    content_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), index=True)
    seats: Mapped[int] = mapped_column(Integer)


class AwardClaimingOption(IdMixin, Base):
    """Awards a learner may claim for a course: the amounts offered of one award type."""

    __tablename__ = "award_claiming_options"

    course_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), index=True)
    award_type_id: Mapped[str] = mapped_column(ForeignKey("award_types.id", ondelete="CASCADE"))
    range: Mapped[str] = mapped_column(String(100))  # e.g. "0.5-2"
    award_amounts: Mapped[list | None] = mapped_column(JSONDoc)  # [0.5, 1.0, …]
    position: Mapped[int] = mapped_column(Integer, default=0)


class WebinarDetails(IdMixin, Base):
    """A webinar course's provider settings (Helium's WebinarBlock)."""

    __tablename__ = "webinar_details"

    course_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), unique=True)
    webinar_provider: Mapped[str] = mapped_column(String(50))  # zoom, webex, goToWebinar …
    webinar_type: Mapped[str | None] = mapped_column(String(50))
    join_url: Mapped[str | None] = mapped_column(String(500))
    attendee_dial_in: Mapped[str | None] = mapped_column(String(200))
    organizer_dial_in: Mapped[str | None] = mapped_column(String(200))
    time_zone: Mapped[str | None] = mapped_column(String(64))
    co_organizers: Mapped[list | None] = mapped_column(JSONDoc)
    enable_auto_recording: Mapped[bool] = mapped_column(Boolean, default=False)
    retrieve_recording: Mapped[bool] = mapped_column(Boolean, default=False)


class FulfillmentCenter(IdMixin, Base):
    """Where physical goods of an item ship from."""

    __tablename__ = "fulfillment_centers"

    name: Mapped[str] = mapped_column(String(200))
    address1: Mapped[str | None] = mapped_column(String(200))
    address2: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(100))
    zip_code: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(100))
    latitude: Mapped[str | None] = mapped_column(String(30))
    longitude: Mapped[str | None] = mapped_column(String(30))


class Layout(IdMixin, Base):
    """A page layout (learning path detail or learner page …): its widgets as Helium stores them."""

    __tablename__ = "layouts"

    kind: Mapped[str | None] = mapped_column(String(40))  # LayoutKind
    has_enrollment_widget: Mapped[bool] = mapped_column(Boolean, default=False)
    scripts: Mapped[str | None] = mapped_column(Text)
    widgets: Mapped[list | None] = mapped_column(JSONDoc)


class TopicGroup(IdMixin, Base):
    """A group of topic categories a course is filed under."""

    __tablename__ = "topic_groups"

    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    label: Mapped[str | None] = mapped_column(String(200))


class Milestone(IdMixin, Base):
    """A stage of a learning path; its items are the path's content_children rows with this milestone_id."""

    __tablename__ = "milestones"

    learning_path_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(30), default="content")  # MilestoneKind
    requirement: Mapped[str] = mapped_column(String(20), default="required")  # MilestoneRequirement
    release_date: Mapped[datetime | None]
    release_days: Mapped[int | None] = mapped_column(Integer)
    completion_criteria_description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


class LearningPathTab(IdMixin, Base):
    """A tab of a learning path's page (Helium's LearningPathTab)."""

    __tablename__ = "learning_path_tabs"

    learning_path_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), index=True)
    label: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(Text)
    tab_type: Mapped[str | None] = mapped_column(String(50))
    position: Mapped[int] = mapped_column(Integer, default=0)
