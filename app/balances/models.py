"""The ledger of a learner's credit balance (users.balance_cents holds the current total)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, utcnow


class BalanceTransaction(IdMixin, Base):
    __tablename__ = "balance_transactions"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Positive credits the balance, negative spends it.
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(30))  # grant | redemption | code
    content_id: Mapped[str | None] = mapped_column(ForeignKey("content_items.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
