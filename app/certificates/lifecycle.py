"""Certificate lifecycle (seed 001/003): status rules, expiry/recertification dates, reset/revoke,
public verification.

Status of one issuance, computed at a moment `now`:
  revoked  - revoked_at is set (an administrator reset it with expire=true);
  expired  - otherwise, its expiration_date is at or before now;
  active   - otherwise (no expiration_date: it never expires).
validity_status is `valid` only for an active, non-deleted certificate that an administrator has
not rejected (verification_status `rejected`: a record from elsewhere found to be false).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.certificates.issuing import template_expiration, template_recertification
from app.certificates.models import ACTIVE, EXPIRED, REJECTED, REVOKED, Certificate, CertificateTemplate
from app.content.models import ContentChild, ContentItem
from app.db import utcnow
from app.errors import not_found
from app.learning.models import NOT_STARTED, Enrollment
from app.users.models import User
from app.webhooks import events as webhook_events

VALID = "valid"
INVALID = "invalid"

__all__ = [
    "ACTIVE", "EXPIRED", "REVOKED", "VALID", "INVALID", "lifecycle_status", "validity_status", "is_expired",
    "active_filter", "held_filter", "expiration_for", "recertification_for", "reset_certificates", "ResetResult",
    "verify_certificate", "Verification", "certificate_title",
]


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


# ---- pure rules -------------------------------------------------------------------------------

def is_expired(certificate: Certificate, now: datetime | None = None) -> bool:
    expires = _aware(certificate.expiration_date)
    return expires is not None and expires <= (now or utcnow())


def lifecycle_status(certificate: Certificate, now: datetime | None = None) -> str:
    if certificate.revoked_at is not None:
        return REVOKED
    if is_expired(certificate, now):
        return EXPIRED
    return ACTIVE


def validity_status(certificate: Certificate, now: datetime | None = None) -> str:
    ok = (certificate.deleted_at is None and certificate.verification_status != REJECTED
          and lifecycle_status(certificate, now) == ACTIVE)
    return VALID if ok else INVALID


def active_filter(now: datetime | None = None) -> tuple:
    """SQL conditions of an active certificate (the status rule above, for WHERE clauses)."""
    now = now or utcnow()
    return (
        *held_filter(),
        or_(Certificate.expiration_date.is_(None), Certificate.expiration_date > now),
    )


def held_filter() -> tuple:
    """A certificate is held (listed, counted) while neither deleted, revoked nor rejected; expired ones were earned."""
    return (Certificate.deleted_at.is_(None), Certificate.revoked_at.is_(None),
            Certificate.verification_status != REJECTED)


def expiration_for(template: CertificateTemplate, issued_at: datetime) -> datetime | None:
    """When a certificate issued from `template` at `issued_at` expires (None: never).
    A fixed expiration_date wins, then validity days, then validity months."""
    return template_expiration(template, issued_at)


def recertification_for(template: CertificateTemplate, issued_at: datetime,
                        expires_at: datetime | None) -> datetime | None:
    """When recertification opens: recertification_after_days after issue; otherwise
    reset_days_before_expiry before the expiry; None for a certificate that never expires."""
    after = template_recertification(template, issued_at)
    if after is not None:
        return after
    if expires_at is not None and template.reset_days_before_expiry:
        return max(issued_at, expires_at - timedelta(days=template.reset_days_before_expiry))
    return None


def certificate_title(certificate: Certificate, template: CertificateTemplate | None,
                      item: ContentItem | None) -> str | None:
    if template is not None and template.title:
        return template.title
    if certificate.external_resource_title:
        return certificate.external_resource_title
    return item.title if item is not None else None


# ---- reset / revoke ---------------------------------------------------------------------------

@dataclass
class ResetResult:
    # (user, certificates changed) for each affected user, in the order asked
    reset: list[tuple[User, list[Certificate]]] = field(default_factory=list)
    not_holding: list[str] = field(default_factory=list)
    notified: int = 0


async def reset_certificates(
    session: AsyncSession,
    *,
    template: CertificateTemplate,
    user_ids: list[str] | None = None,
    expire: bool = False,
    notify: bool = False,
    now: datetime | None = None,
) -> ResetResult:
    """Reset a template's certificate for users (default: every holder); flushes, never commits.

    Always: the learner's completion of the template's resource (its enrolment, and for a
    learning path the enrolments of its items) goes back to not-started, and the user's
    current certificates are marked progress_was_reset. With `expire`: every unrevoked
    certificate of the user for the template is revoked (revoked_at = now) and a future
    expiry is pulled back to now. `notify` (only with `expire`) puts an e-mail per user in
    the outbox. Rows are never deleted: they stay as the issuance history.
    The caller holds the template row lock (see templates.lock_templates).
    """
    now = now or utcnow()
    query = select(Certificate).where(Certificate.template_id == template.id, *held_filter())
    if user_ids is not None:
        query = query.where(Certificate.user_id.in_(user_ids))
    certificates = list((await session.scalars(query.order_by(Certificate.issued_at))).all())
    by_user: dict[str, list[Certificate]] = {}
    for certificate in certificates:
        by_user.setdefault(certificate.user_id, []).append(certificate)
    order = user_ids if user_ids is not None else sorted(by_user)
    result = ResetResult(not_holding=[u for u in dict.fromkeys(order) if u not in by_user])
    if not by_user:
        return result

    users = {u.id: u for u in (await session.scalars(select(User).where(User.id.in_(list(by_user))))).all()}
    for certificate in certificates:
        certificate.progress_was_reset = True
        if expire:
            certificate.revoked_at = now
            expires = _aware(certificate.expiration_date)
            if expires is None or expires > now:
                certificate.expiration_date = now
    await _reset_progress(session, resource_id=template.resource_id, user_ids=list(by_user))
    await session.flush()
    changed = [webhook_events.certificate_data(c) for c in certificates]
    await webhook_events.emit(session, webhook_events.CERTIFICATE_RESET, changed, now=now)
    if expire:
        await webhook_events.emit(session, webhook_events.CERTIFICATE_REVOKED, changed, now=now)
    for user_id in dict.fromkeys(order):
        if user_id in by_user:
            result.reset.append((users[user_id], by_user[user_id]))
    if notify and expire:
        from app.notifications.outbox import enqueue

        for user, _changed in result.reset:
            await enqueue(
                session, to=user.email, kind="certificate_revoked",
                subject=f"Your certificate {template.title} is no longer valid",
                body=(f"Hello {user.first_name or user.email},\n\n"
                      f"Your certificate {template.title} was reset on {now:%Y-%m-%d} and is no longer valid.\n"
                      "Complete the course again to earn it anew.\n"))
            result.notified += 1
    return result


async def _reset_progress(session: AsyncSession, *, resource_id: str | None, user_ids: list[str]) -> None:
    if resource_id is None:
        return
    children = select(ContentChild.child_id).where(ContentChild.parent_id == resource_id)
    await session.execute(
        update(Enrollment)
        .where(Enrollment.user_id.in_(user_ids),
               or_(Enrollment.content_id == resource_id, Enrollment.content_id.in_(children)))
        .values(status=NOT_STARTED, progress=0, started_at=None, completed_at=None, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )


# ---- public verification ----------------------------------------------------------------------

@dataclass(frozen=True)
class Verification:
    """What a third party may learn about a certificate: no e-mail, no ids."""

    identifier: str
    status: str
    validity_status: str
    verification_status: str  # unverified: a record from elsewhere nobody has checked yet
    title: str | None
    holder_name: str | None
    issued_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None


async def verify_certificate(session: AsyncSession, *, identifier: str,
                             now: datetime | None = None) -> Verification:
    """The certificate with this identifier, or NOT_FOUND (deleted certificates are not found)."""
    row = (await session.execute(
        select(Certificate, CertificateTemplate, ContentItem, User.first_name, User.last_name)
        .join(User, User.id == Certificate.user_id)
        .outerjoin(CertificateTemplate, CertificateTemplate.id == Certificate.template_id)
        .outerjoin(ContentItem, ContentItem.id == Certificate.resource_id)
        .where(Certificate.identifier == identifier, Certificate.deleted_at.is_(None))
    )).first()
    if row is None:
        raise not_found("Certificate", "identifier")
    certificate, template, item, first, last = row
    name = " ".join(p for p in (first, last) if p) or None
    return Verification(
        identifier=certificate.identifier, status=lifecycle_status(certificate, now),
        validity_status=validity_status(certificate, now), verification_status=certificate.verification_status,
        title=certificate_title(certificate, template, item),
        holder_name=name, issued_at=_aware(certificate.issued_at), expires_at=_aware(certificate.expiration_date),
        revoked_at=_aware(certificate.revoked_at),
    )
