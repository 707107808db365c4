"""The usage ledger: API points spent per API key, per operation, per day (UTC)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin

__all__ = ["ApiUsage"]


class ApiUsage(IdMixin, Base):
    """One (API key, day, operation) row, incremented by an upsert after every request."""

    __tablename__ = "api_usage"
    __table_args__ = (UniqueConstraint("api_key_id", "day", "operation"),)

    api_key_id: Mapped[str] = mapped_column(ForeignKey("api_keys.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    # The root field's name (Helium's operation name, e.g. UserRecentContent).
    operation: Mapped[str] = mapped_column(String(100))
    # Points charged (the actual cost), root field executions, and selections refused as THROTTLED (not charged).
    points: Mapped[int] = mapped_column(Integer, default=0)
    calls: Mapped[int] = mapped_column(Integer, default=0)
    refused: Mapped[int] = mapped_column(Integer, default=0)
