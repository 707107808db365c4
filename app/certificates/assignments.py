"""Bulk assignment of certificate templates to users (seed 003 "Assign certificates to users").

Each (template, user) pair is issued the template's certificate as of its completed_at, with
the expiry derived from the template; users already holding an ACTIVE certificate of that
template are skipped, and so is a pair repeated within one request. Unknown templates or
users fail the whole request (NOT_FOUND naming the item), so a batch is all-or-nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.certificates.issuing import issue_certificate
from app.certificates.lifecycle import active_filter, expiration_for, recertification_for
from app.certificates.models import Certificate, CertificateTemplate
from app.certificates.templates import lock_templates
from app.db import utcnow
from app.errors import AppError, ErrorCode, bad_input, not_found
from app.users.models import User

MAX_ASSIGNMENTS = 1000  # (template, user) pairs per request

ALREADY_ACTIVE = "already_active"
DUPLICATE = "duplicate_in_request"


@dataclass(frozen=True)
class AssignmentItem:
    template_id: str
    user_id: str
    completed_at: datetime | None
    path: str  # where the item is in the request, for errors: assignments[0].users[1]


@dataclass
class AssignResult:
    issued: list[tuple[AssignmentItem, Certificate]] = field(default_factory=list)
    skipped: list[tuple[AssignmentItem, str, Certificate | None]] = field(default_factory=list)


async def assign_certificates(session: AsyncSession, *, items: list[AssignmentItem],
                              now: datetime | None = None) -> AssignResult:
    """Issue certificates for every item; flushes, never commits (the caller's one transaction)."""
    now = now or utcnow()
    if len(items) > MAX_ASSIGNMENTS:
        raise bad_input(f"At most {MAX_ASSIGNMENTS} users per request", "assignments")
    templates = await lock_templates(session, template_ids=[i.template_id for i in items])
    for item in items:
        template = templates.get(item.template_id)
        if template is None:
            raise not_found("Certificate template", f"{item.path.rsplit('.users', 1)[0]}.certificate_template_id")
        if not template.is_published:
            raise AppError(ErrorCode.CONFLICT, f"Certificate template {template.id} is a draft: publish it first",
                           f"{item.path.rsplit('.users', 1)[0]}.certificate_template_id")
        if template.resource_id is None:
            raise AppError(ErrorCode.CONFLICT, f"Certificate template {template.id} has no resource",
                           f"{item.path.rsplit('.users', 1)[0]}.certificate_template_id")
    user_ids = sorted({i.user_id for i in items})
    known = set((await session.scalars(select(User.id).where(User.id.in_(user_ids)))).all()) if user_ids else set()
    for item in items:
        if item.user_id not in known:
            raise not_found("User", f"{item.path}.user_id")

    active: dict[tuple[str, str], Certificate] = {}
    if items:
        rows = (await session.scalars(
            select(Certificate)
            .where(Certificate.template_id.in_(list(templates)), Certificate.user_id.in_(user_ids), *active_filter(now))
            .order_by(Certificate.issued_at)
        )).all()
        active = {(c.template_id, c.user_id): c for c in rows}

    result = AssignResult()
    seen: set[tuple[str, str]] = set()
    for item in items:
        pair = (item.template_id, item.user_id)
        if pair in seen:
            result.skipped.append((item, DUPLICATE, None))
            continue
        seen.add(pair)
        if pair in active:
            result.skipped.append((item, ALREADY_ACTIVE, active[pair]))
            continue
        result.issued.append((item, await _issue(session, templates[item.template_id], item, now)))
    return result


async def _issue(session: AsyncSession, template: CertificateTemplate, item: AssignmentItem,
                 now: datetime) -> Certificate:
    issued_at = item.completed_at or now
    if issued_at > now:
        raise bad_input("completed_at cannot be in the future", f"{item.path}.completed_at")
    expires = expiration_for(template, issued_at)
    if expires is not None and expires <= issued_at:
        raise bad_input("The template's fixed expiration_date is not after completed_at", f"{item.path}.completed_at")
    recertification = recertification_for(template, issued_at, expires)
    certificate = await issue_certificate(
        session, user_id=item.user_id, resource_type=template.resource_type, resource_id=template.resource_id,
        issued_at=issued_at, expiration_date=expires, recertification_date=recertification, source="api",
        send_email=False)
    # This template (not whichever template the resource currently has) issued it, with its validity.
    certificate.template_id = template.id
    certificate.expiration_date = expires
    certificate.recertification_date = recertification
    await session.flush()
    return certificate
