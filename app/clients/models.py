"""Clients (tenants of the instance), their licenses and license allocation."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, JSONDoc, TimestampMixin, utcnow

REF_FIELDS = tuple(f"ref{i}" for i in range(1, 11))


class Client(IdMixin, TimestampMixin, Base):
    __tablename__ = "clients"

    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    sku: Mapped[str | None] = mapped_column(String(100))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    school_name: Mapped[str | None] = mapped_column(String(200))
    custom_host: Mapped[str | None] = mapped_column(String(200))
    default_language: Mapped[str | None] = mapped_column(String(20))
    seats_limit: Mapped[int | None] = mapped_column(Integer)
    starting_balance: Mapped[float | None] = mapped_column(Float)
    license_end_date: Mapped[datetime | None]
    enable_branding: Mapped[bool] = mapped_column(Boolean, default=False)
    enable_ecommerce: Mapped[bool] = mapped_column(Boolean, default=True)
    enable_global_links: Mapped[bool] = mapped_column(Boolean, default=False)
    enable_nav_links: Mapped[bool] = mapped_column(Boolean, default=False)
    enable_onboarding_survey: Mapped[bool] = mapped_column(Boolean, default=False)
    enable_segmentation: Mapped[bool] = mapped_column(Boolean, default=False)
    panorama: Mapped[bool] = mapped_column(Boolean, default=False)
    allocated_credits: Mapped[float | None] = mapped_column(Float)
    current_balance: Mapped[float | None] = mapped_column(Float)
    notification_emails: Mapped[str | None] = mapped_column(String(500))
    languages: Mapped[list | None] = mapped_column(JSONDoc)
    dashboard_layout_id: Mapped[str | None] = mapped_column(String(36))
    redemption_layout_id: Mapped[str | None] = mapped_column(String(36))
    # Optional feature flags (enableDiscussions, languageSelectorEnabled …) by their
    # GraphQL name, and the nested "catalog", "emailLayout" and "sso" settings.
    settings: Mapped[dict | None] = mapped_column(JSONDoc)
    appearance_id: Mapped[str | None] = mapped_column(ForeignKey("appearance_settings.id"))


class License(IdMixin, TimestampMixin, Base):
    __tablename__ = "licenses"

    client_id: Mapped[str] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    parent_license_id: Mapped[str | None] = mapped_column(ForeignKey("licenses.id"))
    name: Mapped[str] = mapped_column(String(200))
    label: Mapped[str | None] = mapped_column(String(200))
    sku: Mapped[str | None] = mapped_column(String(100))
    school_name: Mapped[str | None] = mapped_column(String(200))
    access_days: Mapped[int | None] = mapped_column(Integer)
    expiration_date: Mapped[datetime | None]
    seats_limit: Mapped[int | None] = mapped_column(Integer)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    enable_branding: Mapped[bool] = mapped_column(Boolean, default=False)
    dashboard_layout_id: Mapped[str | None] = mapped_column(String(36))
    appearance_id: Mapped[str | None] = mapped_column(ForeignKey("appearance_settings.id"))
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


class LicenseContent(Base):
    """Content (courses, learning paths) a license gives access to."""

    __tablename__ = "license_content"

    license_id: Mapped[str] = mapped_column(ForeignKey("licenses.id", ondelete="CASCADE"), primary_key=True)
    content_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), primary_key=True, index=True)


class LicenseAllocation(IdMixin, TimestampMixin, Base):
    __tablename__ = "license_allocations"
    __table_args__ = (UniqueConstraint("user_id", "license_id"),)

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    license_id: Mapped[str] = mapped_column(ForeignKey("licenses.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="student")  # AllocatedLicenseRole
    status: Mapped[str] = mapped_column(String(20), default="active")


class ClientAdmin(Base):
    """Users who administer a client (User.adminClients)."""

    __tablename__ = "client_admins"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True)


class BackgroundJob(IdMixin, Base):
    """Long-running work for a client (bulk imports …), shown as Client.pendingJobs."""

    __tablename__ = "background_jobs"

    client_id: Mapped[str | None] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20), default="queued")  # BackgroundJobStatus
    description: Mapped[str | None] = mapped_column(Text)
    error_message: Mapped[str | None] = mapped_column(Text)
    repeatable: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
