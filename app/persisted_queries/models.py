"""Automatic persisted queries: documents registered by their SHA-256, shared by every process."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, utcnow

__all__ = ["PersistedQuery"]


class PersistedQuery(Base):
    __tablename__ = "persisted_queries"
    __table_args__ = (Index("ix_persisted_queries_created_at", "created_at"),)

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    query: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
