"""Award types, awards earned on content, badges and earned badges."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, desc
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, TimestampMixin, utcnow


class AwardType(IdMixin, TimestampMixin, Base):
    __tablename__ = "award_types"

    label: Mapped[str] = mapped_column(String(100))
    plural_label: Mapped[str | None] = mapped_column(String(100))
    icon: Mapped[str | None] = mapped_column(String(20))  # AwardTypeIcon
    include_on_dashboard: Mapped[bool] = mapped_column(Boolean, default=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class CourseAward(IdMixin, Base):
    """What completing an item awards (for example 2.5 CPE credits)."""

    __tablename__ = "course_awards"

    content_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), index=True)
    award_type_id: Mapped[str] = mapped_column(ForeignKey("award_types.id", ondelete="CASCADE"))
    amount: Mapped[float] = mapped_column(Float)


class Award(IdMixin, Base):
    """An amount of an award type a learner earned on a resource (course or learning path)."""

    __tablename__ = "awards"
    __table_args__ = (Index("ix_awards_user_resource", "user_id", "resource_id"),)

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    award_type_id: Mapped[str] = mapped_column(ForeignKey("award_types.id", ondelete="CASCADE"), index=True)
    resource_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"))
    amount: Mapped[float] = mapped_column(Float)
    earned_at: Mapped[datetime] = mapped_column(default=utcnow)


class Badge(IdMixin, TimestampMixin, Base):
    __tablename__ = "badges"

    label: Mapped[str] = mapped_column(String(200))
    asset: Mapped[str] = mapped_column(String(500))
    award_type_id: Mapped[str | None] = mapped_column(ForeignKey("award_types.id"), index=True)
    award_threshold: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class EarnedBadge(IdMixin, Base):
    __tablename__ = "earned_badges"
    __table_args__ = (Index("ix_earned_badges_user_badge", "user_id", "badge_id", unique=True),)

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    badge_id: Mapped[str] = mapped_column(ForeignKey("badges.id", ondelete="CASCADE"), index=True)
    earned_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class BadgeTotal(Base):
    """Earned badges per learner and award type, kept in step with earned_badges.

    BadgeLeaderboard ranks from this table (and BadgeTotalHistogram) so that its cost
    does not grow with the number of learners.
    """

    __tablename__ = "badge_totals"

    award_type_id: Mapped[str] = mapped_column(ForeignKey("award_types.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    total: Mapped[int] = mapped_column(Integer, default=0)
    # When the learner reached this total: earlier ranks first among equal totals.
    reached_at: Mapped[datetime] = mapped_column(default=utcnow)


# The leaderboard order (total high to low, then who reached it first, then user id) read
# straight off the index, so the top N costs O(N) whatever the number of learners.
Index("ix_badge_totals_rank", BadgeTotal.award_type_id, desc(BadgeTotal.total), BadgeTotal.reached_at,
      BadgeTotal.user_id)


class BadgeTotalHistogram(Base):
    """How many learners have each badge total (> 0) of an award type, kept in step with badge_totals.

    A learner's rank is 1 + the learners with a higher total: a sum over the distinct totals
    above theirs (at most the number of badges of the award type), not a count of learners.
    """

    __tablename__ = "badge_total_histogram"

    award_type_id: Mapped[str] = mapped_column(ForeignKey("award_types.id", ondelete="CASCADE"), primary_key=True)
    total: Mapped[int] = mapped_column(Integer, primary_key=True)
    learners: Mapped[int] = mapped_column(Integer, default=0)
