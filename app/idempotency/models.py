"""Idempotency keys: the first response of a request made with an `Idempotency-Key` header."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, utcnow

__all__ = ["IdempotencyKey"]

IN_PROGRESS = "in_progress"
COMPLETED = "completed"


class IdempotencyKey(IdMixin, Base):
    """One claimed key of one API key. The unique (api_key_id, key) row is the claim."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("api_key_id", "key"),)

    api_key_id: Mapped[str] = mapped_column(ForeignKey("api_keys.id", ondelete="CASCADE"))
    # The client's key (at most 255 characters), prefixed "<namespace>:" when scoped further (GraphQL: the authToken).
    key: Mapped[str] = mapped_column(String(320))
    # SHA-256 of method, path and (canonical) body: the same key with another request is refused.
    request_hash: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(500))
    state: Mapped[str] = mapped_column(String(20), default=IN_PROGRESS)
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_media_type: Mapped[str | None] = mapped_column(String(100))
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]
    # After this moment the row is ignored (and may be purged): the key can be used afresh.
    expires_at: Mapped[datetime] = mapped_column(index=True)
