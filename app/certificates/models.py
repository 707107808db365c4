"""Certificate fields, templates (with validity and recertification), issued certificates."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, JSONDoc, TimestampMixin, utcnow

# Lifecycle status values (seed 001).
ACTIVE = "active"
EXPIRED = "expired"
REVOKED = "revoked"

# Verification status values (seed 001): whether the platform vouches for a record.
UNVERIFIED = "unverified"
VERIFIED = "verified"
REJECTED = "rejected"
VERIFICATION_STATUSES = (UNVERIFIED, VERIFIED, REJECTED)


class CertificateType(IdMixin, TimestampMixin, Base):
    """A category of certificate templates (seed 003 Certificate Types, seed 001 certification_type)."""

    __tablename__ = "certificate_types"

    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    is_published: Mapped[bool] = mapped_column(Boolean, default=False)
    published_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]


def _issued_method(context) -> str | None:
    """A record the platform issued itself is verified by that issuance: the method is its source."""
    params = context.get_current_parameters()
    return params.get("source") if params.get("verification_status") == VERIFIED else None


def _issued_verified_at(context) -> datetime | None:
    return utcnow() if context.get_current_parameters().get("verification_status") == VERIFIED else None


class CertificateField(IdMixin, TimestampMixin, Base):
    __tablename__ = "certificate_fields"

    type: Mapped[str] = mapped_column(String(40))  # CertificateFieldType
    label: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    include_on_transcript: Mapped[bool] = mapped_column(Boolean, default=True)
    include_on_external_certificate: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str | None] = mapped_column(Text)
    date_format: Mapped[str | None] = mapped_column(String(20))  # CertificateDateFormatType
    identifier_prefix: Mapped[str | None] = mapped_column(String(50))
    identifier_body_length: Mapped[int | None] = mapped_column(Integer)
    award_type_id: Mapped[str | None] = mapped_column(ForeignKey("award_types.id"))
    custom_field_slug: Mapped[str | None] = mapped_column(String(100))
    user_custom_field_slug: Mapped[str | None] = mapped_column(String(100))
    session_custom_content_field_slug: Mapped[str | None] = mapped_column(String(100))

    @property
    def has_identifier_prefix(self) -> bool:
        return bool(self.identifier_prefix)


class CertificateTemplate(IdMixin, TimestampMixin, Base):
    __tablename__ = "certificate_templates"

    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    certificate_type_id: Mapped[str | None] = mapped_column(ForeignKey("certificate_types.id"), index=True)
    resource_type: Mapped[str] = mapped_column(String(20))  # course | learningPath
    resource_id: Mapped[str | None] = mapped_column(ForeignKey("content_items.id"), index=True)
    asset: Mapped[str | None] = mapped_column(String(500))
    asset_library_id: Mapped[str | None] = mapped_column(String(36))
    supplemental_assets: Mapped[list | None] = mapped_column(JSONDoc)
    custom_css: Mapped[str | None] = mapped_column(Text)
    # Validity: a fixed date, or days / months after issue; none means it never expires.
    expiration_date: Mapped[datetime | None]
    expiration_days: Mapped[int | None] = mapped_column(Integer)
    expiration_months: Mapped[int | None] = mapped_column(Integer)
    recertification_action: Mapped[str | None] = mapped_column(String(30))
    recertification_action_text: Mapped[str | None] = mapped_column(String(200))
    recertification_action_url: Mapped[str | None] = mapped_column(String(500))
    recertification_after_days: Mapped[int | None] = mapped_column(Integer)
    recertification_auto_reset: Mapped[bool | None] = mapped_column(Boolean)
    recertification_instructions: Mapped[str | None] = mapped_column(Text)
    # Days before expiry at which recertification opens (seed 003 reset_days_before_expiry).
    reset_days_before_expiry: Mapped[int | None] = mapped_column(Integer)
    user_custom_field_slug: Mapped[str | None] = mapped_column(String(100))
    user_custom_field_value: Mapped[str | None] = mapped_column(String(200))
    is_published: Mapped[bool] = mapped_column(Boolean, default=False)
    published_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]


class CertificateTemplateLabel(IdMixin, Base):
    __tablename__ = "certificate_template_labels"

    template_id: Mapped[str] = mapped_column(ForeignKey("certificate_templates.id", ondelete="CASCADE"), index=True)
    certificate_field_id: Mapped[str] = mapped_column(ForeignKey("certificate_fields.id", ondelete="CASCADE"))
    x: Mapped[int] = mapped_column(Integer, default=0)
    y: Mapped[int] = mapped_column(Integer, default=0)
    text_align: Mapped[str] = mapped_column(String(10), default="left")
    font_size: Mapped[int] = mapped_column(Integer, default=12)
    font_color: Mapped[str] = mapped_column(String(9), default="#000000")


class Certificate(IdMixin, TimestampMixin, Base):
    """One issuance. Reset or revoke sets revoked_at/expiration and keeps the row as history."""

    __tablename__ = "certificates"
    __table_args__ = (
        Index("ix_certificates_user_issued", "user_id", "issued_at"),
        # A record's identity in the system it came from (NULLs never collide: local records have none).
        UniqueConstraint("external_source", "external_id", name="uq_certificates_external"),
    )

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    template_id: Mapped[str | None] = mapped_column(ForeignKey("certificate_templates.id"), index=True)
    resource_type: Mapped[str | None] = mapped_column(String(20))  # course | learningPath
    resource_id: Mapped[str | None] = mapped_column(ForeignKey("content_items.id"))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    expiration_date: Mapped[datetime | None]
    recertification_date: Mapped[datetime | None]
    # platform | api | import | manual | self-reported (a learner's upload)
    source: Mapped[str] = mapped_column(String(20), default="platform")
    external_id: Mapped[str | None] = mapped_column(String(200))
    external_source: Mapped[str | None] = mapped_column(String(100))
    issuer_name: Mapped[str | None] = mapped_column(String(300))
    serial_number: Mapped[str | None] = mapped_column(String(200))
    verification_status: Mapped[str] = mapped_column(String(20), default=VERIFIED)
    verification_method: Mapped[str | None] = mapped_column(String(100), default=_issued_method)
    verification_note: Mapped[str | None] = mapped_column(Text)
    last_verified_at: Mapped[datetime | None] = mapped_column(default=_issued_verified_at)
    identifier: Mapped[str | None] = mapped_column(String(100), unique=True)
    asset: Mapped[str | None] = mapped_column(String(500))
    pdf_asset: Mapped[str | None] = mapped_column(String(500))
    is_external: Mapped[bool] = mapped_column(Boolean, default=False)
    external_resource_title: Mapped[str | None] = mapped_column(String(300))
    progress_was_reset: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    @property
    def url(self) -> str:
        return f"/certificates/{self.id}"


class CertificateFieldValue(IdMixin, Base):
    """A value given for a certificate field, for example on an uploaded certificate."""

    __tablename__ = "certificate_field_values"

    certificate_id: Mapped[str] = mapped_column(ForeignKey("certificates.id", ondelete="CASCADE"), index=True)
    certificate_field_id: Mapped[str] = mapped_column(ForeignKey("certificate_fields.id", ondelete="CASCADE"))
    value: Mapped[str | None] = mapped_column(Text)
    date: Mapped[datetime | None]
    award_type_id: Mapped[str | None] = mapped_column(ForeignKey("award_types.id"))
    award_amount: Mapped[float | None]
