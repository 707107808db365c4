"""Who holds what: a user's certificates grouped by template with their issuance history, and a
template's holders with their state. Deleted certificates are gone; revoked and expired ones stay
as history. Each read runs a fixed number of SQL statements whatever the list lengths."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.certificates.models import Certificate, CertificateTemplate
from app.certificates.templates import Page
from app.content.models import ContentItem
from app.errors import not_found
from app.learning.models import Enrollment
from app.users.models import User


@dataclass
class CertificateGroup:
    """The issuances of one template (or one resource, or one external certificate) to one user."""

    template: CertificateTemplate | None
    item: ContentItem | None
    current: Certificate  # the latest issuance
    history: list[Certificate] = field(default_factory=list)  # earlier ones, newest first


def _group_key(certificate: Certificate) -> tuple[str, str]:
    if certificate.template_id:
        return ("template", certificate.template_id)
    if certificate.resource_id:
        return ("resource", certificate.resource_id)
    return ("certificate", certificate.id)


def _groups(rows) -> list[CertificateGroup]:
    """rows: (Certificate, template, item) newest issuance first."""
    groups: dict[tuple[str, str], CertificateGroup] = {}
    for certificate, template, item in rows:
        key = (certificate.user_id, *_group_key(certificate))
        if key in groups:
            groups[key].history.append(certificate)
        else:
            groups[key] = CertificateGroup(template=template, item=item, current=certificate)
    return list(groups.values())


def _certificates_query():
    return (
        select(Certificate, CertificateTemplate, ContentItem)
        .outerjoin(CertificateTemplate, CertificateTemplate.id == Certificate.template_id)
        .outerjoin(ContentItem, ContentItem.id == Certificate.resource_id)
        .where(Certificate.deleted_at.is_(None))
        .order_by(Certificate.issued_at.desc(), Certificate.created_at.desc(), Certificate.id)
    )


async def user_certificates(session: AsyncSession, *, user_id: str) -> list[CertificateGroup]:
    if await session.scalar(select(User.id).where(User.id == user_id)) is None:
        raise not_found("User", "id")
    rows = (await session.execute(_certificates_query().where(Certificate.user_id == user_id))).all()
    return _groups(rows)


@dataclass
class Holder:
    user: User
    group: CertificateGroup
    enrollment: Enrollment | None  # the user's completion of the template's resource


async def template_holders(session: AsyncSession, *, template: CertificateTemplate, page: int,
                           per_page: int) -> Page:
    """Users with a (non-deleted) certificate of the template, by e-mail, a page at a time."""
    holder_ids = select(Certificate.user_id).where(
        Certificate.template_id == template.id, Certificate.deleted_at.is_(None)).distinct()
    total = await session.scalar(select(func.count()).select_from(holder_ids.subquery()))
    users = list((await session.scalars(
        select(User).where(User.id.in_(holder_ids)).order_by(User.email)
        .offset((page - 1) * per_page).limit(per_page)
    )).all())
    ids = [u.id for u in users]
    holders: list[Holder] = []
    if ids:
        rows = (await session.execute(
            _certificates_query().where(Certificate.template_id == template.id, Certificate.user_id.in_(ids))
        )).all()
        by_user = {g.current.user_id: g for g in _groups(rows)}
        enrollments = {}
        if template.resource_id:
            enrollments = {e.user_id: e for e in (await session.scalars(
                select(Enrollment).where(Enrollment.user_id.in_(ids), Enrollment.content_id == template.resource_id)
            )).all()}
        holders = [Holder(user=u, group=by_user[u.id], enrollment=enrollments.get(u.id)) for u in users]
    return Page(items=holders, total=total or 0, page=page, per_page=per_page)
