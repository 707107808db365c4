"""Registration and redemption codes and what each grants."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, TimestampMixin

REGISTRATION = "registration"
REDEMPTION = "redemption"


class Code(IdMixin, TimestampMixin, Base):
    __tablename__ = "codes"

    # Stored upper-cased; lookups normalise the same way.
    code: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # registration | redemption
    content_id: Mapped[str | None] = mapped_column(ForeignKey("content_items.id"))
    license_id: Mapped[str | None] = mapped_column(ForeignKey("licenses.id"))
    client_id: Mapped[str | None] = mapped_column(ForeignKey("clients.id"))
    balance_cents: Mapped[int | None] = mapped_column(Integer)
    expires_at: Mapped[datetime | None]
    redeemed_by_user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    redeemed_at: Mapped[datetime | None]
