"""Issuing a certificate to a user for a course or learning path (REST certify, bulk assign)."""
from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.certificates.identifiers import identifier_format, random_identifier
from app.certificates.models import Certificate, CertificateTemplate
from app.content.models import COURSE_KINDS, LEARNING_PATH, ContentItem
from app.db import column_length, utcnow
from app.errors import AppError, ErrorCode, bad_input, not_found
from app.users.models import User
from app.webhooks import events as webhook_events

# CertificateResourceType values of the reference schema.
RESOURCE_TYPES = ("course", "learningPath")
SOURCES = ("platform", "api", "import", "manual", "self-reported")
IDENTIFIER_MAX_LENGTH = column_length(Certificate.identifier)


def add_months(moment: datetime, months: int) -> datetime:
    """`moment` plus calendar months; the day is clamped to the target month's length (Jan 31 + 1 = Feb 28/29)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def template_expiration(template: CertificateTemplate | None, issued_at: datetime) -> datetime | None:
    """When a certificate issued at `issued_at` from `template` expires (None: never).

    A fixed date wins over a relative validity; days win over months when both are set.
    """
    if template is None:
        return None
    if template.expiration_date is not None:
        return template.expiration_date
    if template.expiration_days:
        return issued_at + timedelta(days=template.expiration_days)
    if template.expiration_months:
        return add_months(issued_at, template.expiration_months)
    return None


def template_recertification(template: CertificateTemplate | None, issued_at: datetime) -> datetime | None:
    if template is None or not template.recertification_after_days:
        return None
    return issued_at + timedelta(days=template.recertification_after_days)


async def resource_template(session: AsyncSession, *, resource_id: str) -> CertificateTemplate | None:
    """The resource's published, non-deleted certificate template (the latest published one)."""
    return await session.scalar(
        select(CertificateTemplate)
        .where(CertificateTemplate.resource_id == resource_id, CertificateTemplate.is_published.is_(True),
               CertificateTemplate.deleted_at.is_(None))
        .order_by(CertificateTemplate.published_at.desc(), CertificateTemplate.created_at.desc())
        .limit(1)
    )


async def _resource(session: AsyncSession, *, resource_type: str, resource_id: str) -> ContentItem:
    kinds = (LEARNING_PATH,) if resource_type == "learningPath" else COURSE_KINDS
    item = await session.scalar(
        select(ContentItem).where(ContentItem.id == resource_id, ContentItem.kind.in_(kinds))
    )
    if item is None:
        label = "Learning path" if resource_type == "learningPath" else "Course"
        raise not_found(label, "resourceId")
    return item


async def new_identifier(session: AsyncSession) -> str:
    """A unique identifier following the instance's identifier field."""
    prefix, length = await identifier_format(session)
    for _ in range(10):
        candidate = random_identifier(prefix, length)
        taken = await session.scalar(select(Certificate.id).where(Certificate.identifier == candidate))
        if taken is None:
            return candidate
        length += 1  # a crowded space: widen it rather than loop
    raise RuntimeError("could not find a free certificate identifier")


async def _check_identifier(session: AsyncSession, identifier: str) -> None:
    if not identifier or len(identifier) > IDENTIFIER_MAX_LENGTH or identifier != identifier.strip() \
            or any(ord(ch) < 33 for ch in identifier):
        raise bad_input(f"identifier must have 1 to {IDENTIFIER_MAX_LENGTH} characters and no spaces", "identifier")
    if await session.scalar(select(Certificate.id).where(Certificate.identifier == identifier)) is not None:
        raise AppError(ErrorCode.CONFLICT, "Another certificate has this identifier", "identifier")


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


async def issue_certificate(
    session: AsyncSession,
    *,
    user_id: str,
    resource_type: str,
    resource_id: str,
    issued_at: datetime | None = None,
    expiration_date: datetime | None = None,
    recertification_date: datetime | None = None,
    source: str = "api",
    send_email: bool = False,
    identifier: str | None = None,
    certificate_id: str | None = None,
) -> Certificate:
    """Issue a certificate to a user for a course or learning path; flushes, never commits.

    The template is the resource's published, non-deleted certificate template (if any).
    Expiration and recertification dates default to the template's validity counted from
    `issued_at` (default: now). With `send_email`, a notification is put in the outbox.
    `identifier` (default: a new random one) and `certificate_id` (default: a random id) are for
    certificates carried over from elsewhere (imports, the demo).
    Raises BAD_USER_INPUT (resourceType, expirationDate, identifier), NOT_FOUND (userId, resourceId)
    and CONFLICT (identifier: another certificate has it).
    """
    if resource_type not in RESOURCE_TYPES:
        raise bad_input(f"resourceType must be one of {', '.join(RESOURCE_TYPES)}", "resourceType")
    if source not in SOURCES:
        raise bad_input(f"source must be one of {', '.join(SOURCES)}", "source")
    if identifier is not None:
        await _check_identifier(session, identifier)
    user = await session.get(User, user_id)
    if user is None:
        raise not_found("User", "userId")
    item = await _resource(session, resource_type=resource_type, resource_id=resource_id)
    template = await resource_template(session, resource_id=item.id)

    issued_at = _aware(issued_at) or utcnow()
    expiration_date = _aware(expiration_date) or template_expiration(template, issued_at)
    if expiration_date is not None and expiration_date <= issued_at:
        raise bad_input("expirationDate must be after issuedAt", "expirationDate")
    recertification_date = _aware(recertification_date) or template_recertification(template, issued_at)

    certificate = Certificate(
        user_id=user.id, template_id=template.id if template else None, resource_type=resource_type,
        resource_id=item.id, issued_at=issued_at, expiration_date=expiration_date,
        recertification_date=recertification_date, source=source,
        identifier=identifier if identifier is not None else await new_identifier(session),
    )
    if certificate_id is not None:
        certificate.id = certificate_id
    session.add(certificate)
    await session.flush()
    await webhook_events.emit(session, webhook_events.CERTIFICATE_ISSUED, [webhook_events.certificate_data(certificate)])
    if send_email:
        await _notify(session, user=user, item=item, certificate=certificate)
    return certificate


async def _notify(session: AsyncSession, *, user: User, item: ContentItem, certificate: Certificate) -> None:
    from app.notifications.outbox import enqueue  # written by the certificates lifecycle work

    expiry = (f"It is valid until {certificate.expiration_date:%Y-%m-%d}."
              if certificate.expiration_date else "It does not expire.")
    body = (f"Hello {user.first_name or user.email},\n\n"
            f"You have been awarded a certificate for {item.title} (certificate {certificate.identifier}).\n"
            f"{expiry}\n")
    await enqueue(session, to=user.email, subject=f"Your certificate for {item.title}", body=body,
                  kind="certificate_issued")
