"""Certificate templates (catalog entries: build them with tests.factories.catalog.build) and
certificates issued to learners through the certificates services: issued (app/certificates/issuing.py),
revoked (the reset service, app/certificates/lifecycle.py) or deleted (app/certificates/records.py)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from app.certificates.issuing import issue_certificate
from app.certificates.lifecycle import reset_certificates
from app.certificates.models import Certificate
from app.certificates.records import delete_record
from app.certificates.templates import get_template
from tests.factories.catalog import certificate_field, certificate_template


def identifier_field(prefix: str = "CERT-", body_length: int = 8) -> dict:
    """The catalog entry of the field that makes certificate identifiers (`CERT-` and 8 characters)."""
    return certificate_field("Certificate ID", "identifier", identifierPrefix=prefix, identifierBodyLength=body_length)


def published_template(title: str, resource: str, *, validity_days: int | None = 365,
                       recertify_days_before: int = 30, **fields: Any) -> dict:
    """A published template's catalog entry: valid `validity_days` from issue (None: never expires),
    recertification due `recertify_days_before` the expiry. Made and published long ago."""
    if validity_days is not None:
        fields = {"expirationDays": validity_days,
                  "recertificationAfterDays": validity_days - recertify_days_before, **fields}
    long_ago = (datetime.now(UTC) - timedelta(days=1000)).isoformat()
    return certificate_template(title, resource, isPublished=True, publishedAt=long_ago, createdAt=long_ago, **fields)


async def issued_certificate(db, user_id: str, resource_id: str, *, days_ago: float = 0,
                             resource_type: str = "course", **fields: Any) -> Certificate:
    """A certificate issued `days_ago` days ago from the resource's published template (its validity
    counted from then: an old one has expired)."""
    async with db() as session:
        certificate = await issue_certificate(
            session, user_id=user_id, resource_type=resource_type, resource_id=resource_id,
            issued_at=datetime.now(UTC).replace(microsecond=0) - timedelta(days=days_ago), **fields)
        await session.commit()
    return certificate


async def deleted_certificate(db, user_id: str, resource_id: str, **fields: Any) -> Certificate:
    """An issued certificate, then deleted (gone from reads, kept as a row)."""
    certificate = await issued_certificate(db, user_id, resource_id, **fields)
    async with db() as session:
        await delete_record(session, record_id=certificate.id)
        await session.commit()
    return certificate


async def revoke(db, template_id: str, *user_ids: str) -> None:
    """Reset the template's certificates of these users with expire: they are revoked."""
    async with db() as session:
        template = await get_template(session, template_id=template_id, lock=True)
        await reset_certificates(session, template=template, user_ids=list(user_ids), expire=True)
        await session.commit()
