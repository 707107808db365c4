"""The outbox: e-mails written in the transaction that causes them, delivered later by the sender."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, utcnow

# OutboxMessage.status values
PENDING = "pending"
SENT = "sent"
FAILED = "failed"  # gave up after MAX_ATTEMPTS


class OutboxMessage(IdMixin, Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_status_created", "status", "created_at"),)

    kind: Mapped[str] = mapped_column(String(50))  # e.g. certificate_issued, certificate_revoked
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # A sender holds a message until this time while it delivers it (a lease, so two
    # senders never deliver one message twice and a crashed sender's claim runs out).
    claimed_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
