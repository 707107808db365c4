"""Users (learners and administrators), their login sessions and failed-login throttle."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, JSONDoc, Record, TimestampMixin, utcnow

ROLE_LEARNER = "learner"
ROLE_ADMIN = "admin"
ROLE_MANAGER = "manager"


class UserFacts:
    """What is derived from a user's columns; shared by the ORM row (User) and UserRecord."""

    if TYPE_CHECKING:  # the columns read here, declared by both classes
        first_name: str | None
        last_name: str | None
        balance_cents: int
        email_verified: bool
        role_key: str

    @property
    def name(self) -> str | None:
        full = " ".join(p for p in (self.first_name, self.last_name) if p)
        return full or None

    @property
    def first_initial(self) -> str | None:
        return self.first_name[0] if self.first_name else None

    @property
    def last_initial(self) -> str | None:
        return self.last_name[0] if self.last_name else None

    @property
    def abbreviated_name(self) -> str | None:
        if not self.first_name:
            return self.last_name
        return f"{self.first_name} {self.last_name[0]}." if self.last_name else self.first_name

    @property
    def balance(self) -> float:
        return self.balance_cents / 100

    @property
    def must_verify_email(self) -> bool:
        return not self.email_verified

    @property
    def is_admin(self) -> bool:
        return self.role_key == ROLE_ADMIN


class User(UserFacts, IdMixin, TimestampMixin, Base):
    __tablename__ = "users"

    # Stored lower-cased and stripped, so uniqueness ignores case.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    role_key: Mapped[str] = mapped_column(String(20), default=ROLE_LEARNER)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    email_verified: Mapped[bool] = mapped_column(Boolean, default=True)
    client_id: Mapped[str | None] = mapped_column(ForeignKey("clients.id"), index=True)
    active_license_id: Mapped[str | None] = mapped_column(ForeignKey("licenses.id"))
    # Credits in hundredths, so that spending is exact integer arithmetic.
    balance_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    lang: Mapped[str | None] = mapped_column(String(20))
    preferred_currency: Mapped[str | None] = mapped_column(String(3))
    asset: Mapped[str | None] = mapped_column(String(500))
    bio: Mapped[str | None] = mapped_column(Text)
    address1: Mapped[str | None] = mapped_column(String(200))
    address2: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(100))
    zip_code: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(100))
    telephone: Mapped[str | None] = mapped_column(String(50))
    shipping_name: Mapped[str | None] = mapped_column(String(200))
    stripe_customer_id: Mapped[str | None] = mapped_column(String(100))
    external_customer_id: Mapped[str | None] = mapped_column(String(100))
    sf_account_id: Mapped[str | None] = mapped_column(String(100))
    sf_contact_id: Mapped[str | None] = mapped_column(String(100))
    learner_user_id: Mapped[str | None] = mapped_column(String(36))
    manager_user_id: Mapped[str | None] = mapped_column(String(36))
    invited_by_name: Mapped[str | None] = mapped_column(String(200))
    two_factor_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    should_highlight: Mapped[bool] = mapped_column(Boolean, default=False)
    last_active_at: Mapped[datetime | None]
    custom_fields: Mapped[dict | None] = mapped_column(JSONDoc)
    accessed_flows: Mapped[list | None] = mapped_column(JSONDoc)
    # [{"label": "Leadership", "boost": 3}] and [{"slug": "intro-to-python", "boost": 2}]
    recommended_tags: Mapped[list | None] = mapped_column(JSONDoc)
    recommended_slugs: Mapped[list | None] = mapped_column(JSONDoc)
    ref1: Mapped[str | None] = mapped_column(String(255))
    ref2: Mapped[str | None] = mapped_column(String(255))
    ref3: Mapped[str | None] = mapped_column(String(255))
    ref4: Mapped[str | None] = mapped_column(String(255))
    ref5: Mapped[str | None] = mapped_column(String(255))
    ref6: Mapped[str | None] = mapped_column(String(255))
    ref7: Mapped[str | None] = mapped_column(String(255))
    ref8: Mapped[str | None] = mapped_column(String(255))
    ref9: Mapped[str | None] = mapped_column(String(255))
    ref10: Mapped[str | None] = mapped_column(String(255))


class UserRecord(UserFacts, Record):
    """A users row read with SQLAlchemy Core: every column as an attribute, no ORM identity.

    What a bulk write returns (CreateLearners): hydrating 1000 ORM objects costs about as much
    as inserting them (docs/performance.md). GraphQL's User type reads either.
    """


class AuthSession(Base):
    """One issued login token (by its JWT id). Logout revokes it for every process."""

    __tablename__ = "auth_sessions"

    jti: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class LoginThrottle(Base):
    """Failed logins per (normalised) email within the current window."""

    __tablename__ = "login_throttles"

    email: Mapped[str] = mapped_column(String(320), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None]


class InvitationToken(Base):
    """A one-time token a provisioned learner uses to set a first password."""

    __tablename__ = "invitation_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
