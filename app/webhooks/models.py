"""Registered webhook endpoints. Deliveries are outbox messages of kind "webhook" (app/notifications)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, JSONDoc, TimestampMixin


class WebhookEndpoint(IdMixin, TimestampMixin, Base):
    __tablename__ = "webhook_endpoints"

    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str | None] = mapped_column(String(200))
    event_types: Mapped[list] = mapped_column(JSONDoc)
    secret_sealed: Mapped[str] = mapped_column(Text)  # "whsec_…", sealed with SECRET_KEY (app/secretbox.py)
    deleted_at: Mapped[datetime | None]
