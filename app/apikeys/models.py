"""Instance API keys, stored hashed."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, JSONDoc, utcnow


class ApiKey(IdMixin, Base):
    __tablename__ = "api_keys"

    name: Mapped[str] = mapped_column(String(100))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters of the key, to tell keys apart in listings.
    prefix: Mapped[str] = mapped_column(String(12))
    # None means full scope (keys made before scopes existed keep working).
    scopes: Mapped[list | None] = mapped_column(JSONDoc)
    # The key's budget of API points (leaky bucket); None: Settings.rate_limit_capacity / _restore_rate.
    rate_limit_capacity: Mapped[int | None]
    rate_limit_restore_rate: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
