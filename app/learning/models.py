"""A learner's relation to content: purchases, enrolment progress, allocations, archives,
waitlists, recent views, collaborations and bookmarks."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, TimestampMixin, utcnow

# Enrollment.status values
NOT_STARTED = "not-started"
STARTED = "started"
COMPLETED = "completed"


class Enrollment(IdMixin, TimestampMixin, Base):
    """A purchased or granted course (or other item) and the learner's progress in it."""

    __tablename__ = "enrollments"
    __table_args__ = (UniqueConstraint("user_id", "content_id"),)

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    content_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=NOT_STARTED)
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent
    # purchase | license | code | balance | learningPath | admin
    source: Mapped[str] = mapped_column(String(20), default="purchase")
    started_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    due_date: Mapped[datetime | None]
    last_active_at: Mapped[datetime | None]
    instructor_access_purchased: Mapped[bool] = mapped_column(Boolean, default=False)


class PurchasedBundle(IdMixin, TimestampMixin, Base):
    __tablename__ = "purchased_bundles"
    __table_args__ = (UniqueConstraint("user_id", "bundle_id"),)

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    bundle_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"))


class LearningPathAllocation(IdMixin, TimestampMixin, Base):
    __tablename__ = "learning_path_allocations"
    __table_args__ = (UniqueConstraint("user_id", "learning_path_id"),)

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    learning_path_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default="active")
    due_date: Mapped[datetime | None]


class ArchivedItem(IdMixin, Base):
    __tablename__ = "archived_items"
    __table_args__ = (UniqueConstraint("user_id", "content_id"),)

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    content_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"))
    archived_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default="archived")
    reinstatable: Mapped[bool] = mapped_column(Boolean, default=True)


class WaitlistEntry(IdMixin, Base):
    __tablename__ = "waitlist_entries"
    __table_args__ = (UniqueConstraint("user_id", "content_id"),)

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    content_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RecentView(Base):
    __tablename__ = "recent_views"
    __table_args__ = (Index("ix_recent_views_user_viewed", "user_id", "viewed_at"),)

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    content_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), primary_key=True)
    viewed_at: Mapped[datetime] = mapped_column(default=utcnow)


class Collaboration(IdMixin, Base):
    """A comment or discussion thread a learner posted in a course."""

    __tablename__ = "collaborations"
    __table_args__ = (Index("ix_collaborations_user_course", "user_id", "course_id"),)

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20), default="comment")  # comment | thread
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BookmarkFolder(IdMixin, TimestampMixin, Base):
    __tablename__ = "bookmark_folders"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    default_folder: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    external_resource_id: Mapped[str | None] = mapped_column(String(100))


class Bookmark(IdMixin, Base):
    """A content item (Helium: a course) a learner saved in one of their bookmark folders."""

    __tablename__ = "bookmarks"
    __table_args__ = (Index("ix_bookmarks_folder_created", "folder_id", "created_at"),)

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    folder_id: Mapped[str] = mapped_column(ForeignKey("bookmark_folders.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
