"""The instance itself: company, appearance, languages, translations, custom field definitions."""
from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, JSONDoc, TimestampMixin


class Company(IdMixin, TimestampMixin, Base):
    __tablename__ = "companies"

    name: Mapped[str] = mapped_column(String(200))
    subdomain: Mapped[str] = mapped_column(String(100), unique=True)
    school_name: Mapped[str | None] = mapped_column(String(200))
    copyright_name: Mapped[str | None] = mapped_column(String(200))
    organization_name: Mapped[str | None] = mapped_column(String(200))
    global_terms: Mapped[str | None] = mapped_column(Text)
    catalog_visibility_emails: Mapped[list | None] = mapped_column(JSONDoc)
    catalog_block_id: Mapped[str | None] = mapped_column(String(36))
    # {"html": ..., "links": [{"label", "href", "asset"}]}
    microsite_header: Mapped[dict | None] = mapped_column(JSONDoc)
    microsite_footer: Mapped[dict | None] = mapped_column(JSONDoc)
    # {"favicon", "headerScripts", "footerScripts"}
    root_layout: Mapped[dict | None] = mapped_column(JSONDoc)
    appearance_id: Mapped[str | None] = mapped_column(String(36))
    # The award type BadgeLeaderboard ranks by; null means the first on-dashboard type.
    leaderboard_award_type_id: Mapped[str | None] = mapped_column(String(36))
    default_currency: Mapped[str] = mapped_column(String(3), default="USD")
    dashboard_url: Mapped[str] = mapped_column(String(200), default="/learn/dashboard")


class AppearanceSettings(IdMixin, TimestampMixin, Base):
    """Branding of the company, or of a client or license when they override it."""

    __tablename__ = "appearance_settings"

    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    accent_color: Mapped[str | None] = mapped_column(String(9))
    secondary_color: Mapped[str | None] = mapped_column(String(9))
    link_color: Mapped[str | None] = mapped_column(String(9))
    font: Mapped[str | None] = mapped_column(String(100))
    alt_font: Mapped[str | None] = mapped_column(String(100))
    background_asset: Mapped[str | None] = mapped_column(String(500))
    background_asset_tiled: Mapped[bool | None] = mapped_column(Boolean)
    custom_css: Mapped[str | None] = mapped_column(Text)
    favicon: Mapped[str | None] = mapped_column(String(500))
    logo_asset: Mapped[str | None] = mapped_column(String(500))
    retina_logo: Mapped[bool | None] = mapped_column(Boolean)
    # [{"label": ..., "href": ...}] in display order
    global_navigation_links: Mapped[list | None] = mapped_column(JSONDoc)


class Language(IdMixin, Base):
    __tablename__ = "languages"

    code: Mapped[str] = mapped_column(String(20), unique=True)
    label: Mapped[str] = mapped_column(String(100))
    selector_label: Mapped[str | None] = mapped_column(String(100))
    is_custom: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Translation(IdMixin, Base):
    """One translated string: (namespace, lang, key) -> value."""

    __tablename__ = "translations"
    __table_args__ = (UniqueConstraint("namespace", "lang", "key"),)

    namespace: Mapped[str] = mapped_column(String(20))  # lms | emails
    lang: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(200))
    value: Mapped[str] = mapped_column(Text)


class CustomField(IdMixin, Base):
    """A custom field defined on content (for example `difficulty`)."""

    __tablename__ = "custom_fields"

    slug: Mapped[str] = mapped_column(String(100), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    indexed: Mapped[bool] = mapped_column(Boolean, default=True)
    multiple: Mapped[bool] = mapped_column(Boolean, default=False)
    include_label_on_content: Mapped[bool] = mapped_column(Boolean, default=False)
    include_value_on_content: Mapped[bool] = mapped_column(Boolean, default=False)
    sort: Mapped[str | None] = mapped_column(String(50))


class UserCustomField(IdMixin, Base):
    """A custom field defined on learners."""

    __tablename__ = "user_custom_fields"

    slug: Mapped[str] = mapped_column(String(100), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20), default="singleField")  # UserCustomFieldType
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    ref: Mapped[int | None] = mapped_column(Integer)
    choices: Mapped[list | None] = mapped_column(JSONDoc)
