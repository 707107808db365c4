"""Task leases, and what the certificate expiry task has done for each certificate."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class TaskLease(Base):
    """Whoever holds the lease of a task (until `lease_until`) is the one process running it."""

    __tablename__ = "task_leases"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    lease_until: Mapped[datetime]


class CertificateExpiryNotice(Base):
    """The expiry task's marks: the reminder was sent, the expiry was processed (each once)."""

    __tablename__ = "certificate_expiry_notices"

    certificate_id: Mapped[str] = mapped_column(ForeignKey("certificates.id", ondelete="CASCADE"), primary_key=True)
    reminder_sent_at: Mapped[datetime | None]
    expired_at: Mapped[datetime | None]
