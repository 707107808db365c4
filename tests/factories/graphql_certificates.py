"""Certificates a learner holds, made through the certificates services: issued for a course or learning
path (app/certificates/issuing.py), uploaded from elsewhere (uploads.py), revoked by a reset
(lifecycle.py), deleted (records.py). Templates and certificate fields come from the catalog import."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app.certificates.issuing import issue_certificate
from app.certificates.lifecycle import reset_certificates
from app.certificates.models import Certificate, CertificateField, CertificateTemplate
from app.certificates.records import delete_record
from app.certificates.uploads import UploadFieldValue, create_uploaded_certificate


async def issued(db, user_id: str, resource_id: str, *, resource_type: str = "course",
                 issued_at: datetime | None = None, source: str = "platform", **dates) -> Certificate:
    """The learner's certificate for the resource (dates default to its template's validity)."""
    async with db() as session:
        certificate = await issue_certificate(session, user_id=user_id, resource_type=resource_type,
                                              resource_id=resource_id, issued_at=issued_at, source=source, **dates)
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


async def revoked(db, user_id: str, template_title: str) -> None:
    """Reset the learner's certificate of the template with expiry: revoked, kept as history."""
    async with db() as session:
        template = await session.scalar(select(CertificateTemplate).where(CertificateTemplate.title == template_title))
        await reset_certificates(session, template=template, user_ids=[user_id], expire=True)
        await session.commit()


async def deleted(db, certificate_id: str) -> None:
    async with db() as session:
        await delete_record(session, record_id=certificate_id)
        await session.commit()
