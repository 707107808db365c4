"""What a rendered certificate shows: its template's labels filled with the certificate's values.

`load_document` reads one certificate with everything its labels need, in a handful of queries, and
returns a CertificateDocument that pdf.py and html.py draw without touching the database.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.awards.models import Award, AwardType
from app.certificates.lifecycle import certificate_title, lifecycle_status
from app.certificates.models import (
    Certificate,
    CertificateField,
    CertificateFieldValue,
    CertificateTemplate,
    CertificateTemplateLabel,
)
from app.certificates.rendering.layout import ALIGNMENTS, PlacedText, default_layout
from app.clients.models import Client
from app.company.service import instance_company
from app.content.models import ContentItem
from app.learning.models import Enrollment
from app.users.models import User

# CertificateDateFormatType -> strftime pattern; usLong is the default (as Helium shows dates).
DATE_FORMATS = {"usLong": "%B %-d, %Y", "usShort": "%m/%d/%Y", "euroShort": "%d/%m/%Y", "iso8601": "%Y-%m-%d"}


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def format_date(value: datetime | None, date_format: str | None = None) -> str:
    if value is None:
        return ""
    return value.strftime(DATE_FORMATS.get(date_format or "usLong", DATE_FORMATS["usLong"]))


@dataclass(frozen=True)
class CertificateDocument:
    certificate_id: str
    identifier: str | None
    status: str  # active | expired | revoked
    holder_name: str
    title: str
    issuer_name: str | None
    issued_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    verify_url: str | None  # absolute URL of the public verification page (the QR code)
    texts: list[PlacedText] = field(default_factory=list)
    background: str | None = None  # the template's asset reference (fetched by assets.py)
    custom_css: str | None = None
    template_id: str | None = None
    template_version: str | None = None  # the template's updated_at

    @property
    def revoked(self) -> bool:
        return self.status == "revoked"

    def fingerprint(self) -> str:
        """Changes whenever anything drawn changes: the PDF cache's version key."""
        data = asdict(self)
        return hashlib.sha256(repr(sorted(data.items())).encode()).hexdigest()[:32]


def holder_name(user: User) -> str:
    return " ".join(p for p in (user.first_name, user.last_name) if p) or "Certificate holder"


async def load_document(session: AsyncSession, certificate: Certificate, *, verify_url: str | None,
                        now: datetime) -> CertificateDocument:
    user = await session.get(User, certificate.user_id)
    template = await session.get(CertificateTemplate, certificate.template_id) if certificate.template_id else None
    item = await session.get(ContentItem, certificate.resource_id) if certificate.resource_id else None
    company = await instance_company(session)
    issuer = (company.organization_name or company.name) if company else None
    title = certificate_title(certificate, template, item) or "Certificate"
    issued, expires = _aware(certificate.issued_at), _aware(certificate.expiration_date)
    name = holder_name(user)

    texts: list[PlacedText] = []
    if template is not None:
        labels = (await session.execute(
            select(CertificateTemplateLabel, CertificateField)
            .join(CertificateField, CertificateField.id == CertificateTemplateLabel.certificate_field_id)
            .where(CertificateTemplateLabel.template_id == template.id)
            .order_by(CertificateField.position, CertificateTemplateLabel.id)
        )).all()
        values = _FieldValues(session, certificate, user, item, issuer, verify_url)
        for label, cert_field in labels:
            text = await values.text(cert_field)
            if text:
                texts.append(PlacedText(
                    text=text, x=label.x, y=label.y, font_size=max(4, min(label.font_size or 12, 144)),
                    color=label.font_color or "#000000",
                    align=label.text_align if label.text_align in ALIGNMENTS else "left"))
    if not texts:
        texts = default_layout(holder=name, title=title, issued=format_date(issued),
                               expires=format_date(expires) if expires else None,
                               identifier=certificate.identifier, issuer=issuer)
    return CertificateDocument(
        certificate_id=certificate.id, identifier=certificate.identifier, status=lifecycle_status(certificate, now),
        holder_name=name, title=title, issuer_name=issuer, issued_at=issued, expires_at=expires,
        revoked_at=_aware(certificate.revoked_at), verify_url=verify_url, texts=texts,
        background=template.asset if template is not None else None,
        custom_css=template.custom_css if template is not None else None,
        template_id=template.id if template is not None else None,
        template_version=template.updated_at.isoformat() if template is not None and template.updated_at else None,
    )


class _FieldValues:
    """The text of each certificate field type for one certificate (lazily, each query at most once)."""

    def __init__(self, session, certificate, user, item, issuer, verify_url):
        self.session, self.certificate, self.user, self.item = session, certificate, user, item
        self.issuer, self.verify_url = issuer, verify_url
        self._stored: dict[str, CertificateFieldValue] | None = None
        self._enrollment: Enrollment | None | bool = False

    async def stored(self, field_id: str) -> CertificateFieldValue | None:
        if self._stored is None:
            rows = await self.session.scalars(
                select(CertificateFieldValue).where(CertificateFieldValue.certificate_id == self.certificate.id))
            self._stored = {v.certificate_field_id: v for v in rows}
        return self._stored.get(field_id)

    async def enrollment(self) -> Enrollment | None:
        if self._enrollment is False:
            self._enrollment = None if self.item is None else await self.session.scalar(
                select(Enrollment).where(Enrollment.user_id == self.user.id, Enrollment.content_id == self.item.id))
        return self._enrollment

    async def text(self, f: CertificateField) -> str:
        stored = await self.stored(f.id)
        if stored is not None:  # an uploaded certificate carries its own values
            if stored.date is not None:
                return format_date(stored.date, f.date_format)
            if stored.award_amount is not None:
                return _amount(stored.award_amount)
            if stored.value:
                return stored.value
        c, user, kind = self.certificate, self.user, f.type
        if kind == "nameLabel":
            return holder_name(user)
        if kind == "courseLabel":
            return c.external_resource_title or (self.item.title if self.item else "")
        if kind in ("contentCompletionDate", "dateLabel"):
            enrollment = await self.enrollment()
            done = enrollment.completed_at if enrollment and enrollment.completed_at else c.issued_at
            return format_date(done, f.date_format)
        if kind == "contentStartDate":
            enrollment = await self.enrollment()
            return format_date(enrollment.started_at if enrollment else None, f.date_format)
        if kind == "expirationDateLabel":
            return format_date(c.expiration_date, f.date_format)
        if kind == "identifier":
            return c.identifier or ""
        if kind == "textLabel":
            return f.text or ""
        if kind == "awardLabel" and f.award_type_id and c.resource_id:
            total = await self.session.scalar(
                select(func.sum(Award.amount)).where(Award.user_id == user.id, Award.resource_id == c.resource_id,
                                                     Award.award_type_id == f.award_type_id))
            if not total:
                return ""
            award = await self.session.get(AwardType, f.award_type_id)
            unit = (award.label if total == 1 else award.plural_label or award.label) if award else ""
            return f"{_amount(total)} {unit}".strip()
        if kind == "userFieldLabel" and f.user_custom_field_slug:
            value = (user.custom_fields or {}).get(f.user_custom_field_slug)
            return ", ".join(map(str, value)) if isinstance(value, list) else str(value or "")
        if kind == "contentFieldLabel" and f.custom_field_slug and self.item is not None:
            value = (getattr(self.item, "custom_fields", None) or {}).get(f.custom_field_slug)
            return str(value or "")
        if kind.startswith("userRef") and kind.endswith("Label"):
            return getattr(user, "ref" + kind[len("userRef"):-len("Label")], None) or ""
        if kind == "learnerClientNameLabel" and user.client_id:
            return await self.session.scalar(select(Client.name).where(Client.id == user.client_id)) or ""
        if kind == "viewCertificateLink":
            return self.verify_url or ""
        return ""  # shareToLinkedIn and unknown kinds print nothing


def _amount(value: float) -> str:
    return f"{value:g}"
