"""Certificate templates (catalog entries: build them with tests.factories.catalog.build) and
certificates learners hold, made through the certificates services: issued for a course or learning path
(app/certificates/issuing.py), uploaded from elsewhere (uploads.py), revoked by a reset (the reset service,
lifecycle.py) or deleted (records.py)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select

from app.certificates.issuing import issue_certificate
from app.certificates.lifecycle import reset_certificates
from app.certificates.models import Certificate, CertificateField
from app.certificates.records import delete_record
from app.certificates.templates import get_template
from app.certificates.uploads import UploadFieldValue, create_uploaded_certificate
from tests.factories.catalog import build, certificate_field, certificate_template, course, id_of, learning_path
from tests.factories.users import learners


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
                             resource_type: str = "course", source: str = "platform", **fields: Any) -> Certificate:
    """A certificate issued by the platform `days_ago` days ago from the resource's published template (its
    validity counted from then: an old one has expired)."""
    async with db() as session:
        certificate = await issue_certificate(
            session, user_id=user_id, resource_type=resource_type, resource_id=resource_id, source=source,
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


async def uploaded(db, user_id: str, *, title: str, asset: str = "https://files.example.com/cert.pdf",
                   issued_at: datetime | None = None) -> Certificate:
    """A certificate from elsewhere the learner uploaded, titled through the instance's courseLabel field."""
    async with db() as session:
        field_id = await session.scalar(select(CertificateField.id).where(CertificateField.type == "courseLabel"))
        assert field_id is not None, "the catalog needs a courseLabel certificate field"
        values = [UploadFieldValue(field_id, "courseLabel", value=title)]
        certificate = await create_uploaded_certificate(session, user_id=user_id, asset=asset, fields=values,
                                                        now=issued_at)
        await session.commit()
    return certificate


async def revoke(db, template_id: str, *user_ids: str) -> None:
    """Reset the template's certificates of these users with expire: they are revoked."""
    async with db() as session:
        template = await get_template(session, template_id=template_id, lock=True)
        await reset_certificates(session, template=template, user_ids=list(user_ids), expire=True)
        await session.commit()


async def three_templates(db, *, path_validity_days: int | None = 365) -> SimpleNamespace:
    """Three published templates: Python (Ann holds it), Security (Ann and two others) and a learning
    path's (no holder); every title ends in "Certificate". Ids: python, path, py_t, sa_t, path_t, ann."""
    await build(db, courses=[course("python"), course("security"), course("communication")],
                learning_paths=[learning_path("leadership-path", ["communication"])],
                certificate_templates=[
                    published_template("Introduction to Python Certificate", "python"),
                    published_template("Security Awareness Certificate", "security", validity_days=180),
                    published_template("Leadership Path Certificate", "leadership-path", resourceType="learningPath",
                                       validity_days=path_validity_days)])
    w = SimpleNamespace(python=await id_of(db, "content", "python"), path=await id_of(db, "content", "leadership-path"),
                        py_t=await id_of(db, "certificateTemplate", "Introduction to Python Certificate"),
                        sa_t=await id_of(db, "certificateTemplate", "Security Awareness Certificate"),
                        path_t=await id_of(db, "certificateTemplate", "Leadership Path Certificate"))
    w.ann, *others = await learners(db, "ann@example.com", "bob@example.com", "cat@example.com")
    await issued_certificate(db, w.ann, w.python)
    for user in (w.ann, *others):
        await issued_certificate(db, user, await id_of(db, "content", "security"))
    return w
