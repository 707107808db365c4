"""Helium certificate types: Certificate, CertificateTemplate, CertificateTemplateLabel, CertificateField.

Sources are ORM rows. Expiry, as exposed on Certificate:
- isExpired: the certificate's expiration date is at or before now (it is expired now);
- didExpire: the certificate ended at some point: isExpired, or it was reset/revoked by expiring
  it (revoked_at set; the reset also pulls its expiration date back to that moment).
CertificateTemplate.isExpired: the template's fixed expiration date is at or before now.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import strawberry
from sqlalchemy import select

from app.awards.models import AwardType as AwardTypeRow
from app.certificates.models import CertificateField as CertificateFieldRow
from app.certificates.models import CertificateTemplate as CertificateTemplateRow
from app.certificates.models import CertificateTemplateLabel as LabelRow
from app.certificates.rendering.paths import pdf_path
from app.company.models import CustomField as CustomFieldRow
from app.company.models import UserCustomField as UserCustomFieldRow
from app.content.models import LEARNING_PATH, ContentItem
from app.db import utcnow
from app.graphql.content.types import Course, LearningPath
from app.graphql.context import Info
from app.graphql.enums import (
    CertificateDateFormatType,
    CertificateFieldType,
    CertificateResourceType,
    CertificateTemplateRecertificationActionType,
    CertificateTemplateResourceType,
    TextAlignment,
)
from app.graphql.loaders import by_id, children, grouped
from app.graphql.refs import AwardTypeRef, ContentRef, CustomFieldRef, UserCustomFieldRef, UserRef
from app.graphql.scalars import URL, AbsoluteOrRelativeURL, Date, HexColor, Slug
from app.users.models import User as UserRow

CertificateResource = Annotated[Course | LearningPath, strawberry.union("CertificateResource")]
CertificateTemplateResource = Annotated[Course | LearningPath, strawberry.union("CertificateTemplateResource")]

RESOURCE_TYPE_LABELS = {"course": "Course", "learningPath": "Learning Path"}


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def is_past(value: datetime | None) -> bool:
    value = _aware(value)
    return value is not None and value <= utcnow()


def _enum(enum, value):
    return enum(value) if value in enum._value2member_map_ else None


async def _content(info: Info, content_id: str | None):
    return await by_id(info.context, ContentItem).load(content_id) if content_id else None


def _by_slug(info: Info, model):
    return grouped(
        info.context, f"{model.__tablename__}.slug", lambda slugs: select(model.slug, model).where(model.slug.in_(slugs))
    )


async def load_user_custom_field(info: Info, slug: str | None):
    if not slug:
        return None
    rows = await _by_slug(info, UserCustomFieldRow).load(slug)
    return rows[0] if rows else None


async def load_custom_field(info: Info, slug: str | None):
    if not slug:
        return None
    rows = await _by_slug(info, CustomFieldRow).load(slug)
    return rows[0] if rows else None


@strawberry.type
class CertificateField:
    """Source: a certificate_fields row."""

    id: strawberry.ID = strawberry.field(description="The ID of the Certificate Field.")
    label: str
    include_on_transcript: bool
    include_on_external_certificate: bool
    text: str | None
    identifier_prefix: str | None
    identifier_body_length: int | None
    award_type_id: strawberry.ID | None = strawberry.field(description="The ID of the Award Type.")
    custom_field_slug: Slug | None
    user_custom_field_slug: Slug | None
    session_custom_content_field_slug: Slug | None

    @strawberry.field
    def type(self) -> CertificateFieldType:
        return CertificateFieldType(self.type)

    @strawberry.field
    def date_format(self) -> CertificateDateFormatType | None:
        return _enum(CertificateDateFormatType, self.date_format)

    @strawberry.field
    def has_identifier_prefix(self) -> bool | None:
        return bool(self.identifier_prefix)

    @strawberry.field
    async def award_type(self, info: Info) -> AwardTypeRef | None:
        return await by_id(info.context, AwardTypeRow).load(self.award_type_id) if self.award_type_id else None

    @strawberry.field
    async def custom_field(self, info: Info) -> CustomFieldRef | None:
        return await load_custom_field(info, self.custom_field_slug)

    @strawberry.field
    async def user_custom_field(self, info: Info) -> UserCustomFieldRef | None:
        return await load_user_custom_field(info, self.user_custom_field_slug)


@strawberry.type
class CertificateTemplateLabel:
    """Source: a certificate_template_labels row."""

    id: strawberry.ID = strawberry.field(description="The ID of the Certificate Template Label.")
    x: int
    y: int
    font_size: int
    font_color: HexColor
    certificate_field_id: strawberry.ID

    @strawberry.field
    def text_align(self) -> TextAlignment:
        return _enum(TextAlignment, self.text_align) or TextAlignment.left

    @strawberry.field
    async def certificate_field(self, info: Info) -> CertificateField | None:
        return await by_id(info.context, CertificateFieldRow).load(self.certificate_field_id)


@strawberry.type
class CertificateTemplate:
    """Source: a certificate_templates row."""

    id: strawberry.ID = strawberry.field(description="The ID of the Certificate Template.")
    title: str | None
    asset: URL | None
    asset_library_id: strawberry.ID | None = strawberry.field(description="The ID of the Asset Library.")
    custom_css: str | None
    expiration_date: Date | None
    expiration_days: int | None
    recertification_action_text: str | None
    recertification_action_url: URL | None
    recertification_after_days: int | None
    recertification_auto_reset: bool | None
    recertification_instructions: str | None
    user_custom_field_slug: Slug | None
    user_custom_field_value: str | None

    @strawberry.field
    def is_expired(self) -> bool:
        return is_past(self.expiration_date)

    @strawberry.field
    def supplemental_assets(self) -> list[URL] | None:
        return [str(a) for a in self.supplemental_assets] if self.supplemental_assets is not None else None

    @strawberry.field
    def recertification_action(self) -> CertificateTemplateRecertificationActionType | None:
        return _enum(CertificateTemplateRecertificationActionType, self.recertification_action)

    @strawberry.field
    def resource_type(self) -> CertificateTemplateResourceType:
        return CertificateTemplateResourceType(self.resource_type)

    @strawberry.field
    async def resource(self, info: Info) -> CertificateTemplateResource:
        return await _content(info, self.resource_id)

    @strawberry.field
    async def labels(self, info: Info) -> list[CertificateTemplateLabel | None] | None:
        return await children(info.context, LabelRow, LabelRow.template_id, LabelRow.y, LabelRow.x, LabelRow.id).load(
            self.id
        )

    @strawberry.field
    async def user_custom_field(self, info: Info) -> UserCustomFieldRef | None:
        return await load_user_custom_field(info, self.user_custom_field_slug)


def _resource_type(certificate, item) -> str | None:
    if certificate.resource_type in RESOURCE_TYPE_LABELS:
        return certificate.resource_type
    if item is not None:
        return "learningPath" if item.kind == LEARNING_PATH else "course"
    return None


@strawberry.type
class Certificate:
    """Source: a certificates row."""

    id: strawberry.ID = strawberry.field(description="The ID of the Certificate.")
    issued_at: Date
    expiration_date: Date | None
    recertification_date: Date | None
    url: AbsoluteOrRelativeURL
    resource_id: strawberry.ID | None = strawberry.field(description="The ID of the Resource.")
    progress_was_reset: bool
    source: str | None
    is_external: bool
    external_resource_title: str | None
    identifier: str | None

    @strawberry.field
    def pdf_asset(self) -> AbsoluteOrRelativeURL | None:
        # Served by app/rest/certificate_documents.py; rows issued before it kept no path.
        return self.pdf_asset or pdf_path(self)

    @strawberry.field(description="Beyond Helium: this certificate as a signed Open Badges 3.0 "
                                  "OpenBadgeCredential (a VC-JOSE JWT, EdDSA); null when the certificate is deleted.")
    async def credential(self, info: Info) -> str | None:
        from app.credentials.graphql import credential_for

        return await credential_for(info.context, self)

    @strawberry.field(description="Returns true when the Certificate is deleted.")
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @strawberry.field
    def is_expired(self) -> bool:
        return is_past(self.expiration_date)

    @strawberry.field
    def did_expire(self) -> bool:
        return self.revoked_at is not None or is_past(self.expiration_date)

    @strawberry.field
    async def resource_type(self, info: Info) -> CertificateResourceType | None:
        value = _resource_type(self, None if self.resource_type else await _content(info, self.resource_id))
        return CertificateResourceType(value) if value else None

    @strawberry.field
    async def resource_type_label(self, info: Info) -> str | None:
        value = _resource_type(self, None if self.resource_type else await _content(info, self.resource_id))
        return RESOURCE_TYPE_LABELS.get(value) if value else None

    @strawberry.field
    async def resource(self, info: Info) -> CertificateResource | None:
        return await _content(info, self.resource_id)

    @strawberry.field
    async def content_item(self, info: Info) -> ContentRef | None:
        return await _content(info, self.resource_id)

    @strawberry.field
    async def certificate_template(self, info: Info) -> CertificateTemplate | None:
        if not self.template_id:
            return None
        return await by_id(info.context, CertificateTemplateRow).load(self.template_id)

    @strawberry.field
    async def user(self, info: Info) -> UserRef:
        return await by_id(info.context, UserRow).load(self.user_id)
