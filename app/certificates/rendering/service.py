"""One renderer per app: finds a certificate, builds its document, serves cached PDFs and pages."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.certificates.models import Certificate
from app.certificates.rendering.assets import AssetFetcher
from app.certificates.rendering.cache import PdfCache
from app.certificates.rendering.document import CertificateDocument, load_document
from app.certificates.rendering.html import render_html
from app.certificates.rendering.paths import verify_url
from app.certificates.rendering.pdf import render_pdf
from app.settings import Settings


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    version: str
    identifier: str | None


class CertificateRenderer:
    def __init__(self, settings: Settings, *, fetcher: AssetFetcher | None = None):
        self.settings = settings
        self.fetcher = fetcher or AssetFetcher(
            allowed_hosts=settings.certificate_asset_hosts, local_dir=settings.certificate_asset_dir,
            max_bytes=settings.certificate_asset_max_bytes, timeout_seconds=settings.certificate_asset_timeout_seconds)
        self.cache = PdfCache(settings.certificate_cache_dir)

    async def document(self, session: AsyncSession, certificate: Certificate, *, base_url: str,
                       now: datetime) -> CertificateDocument:
        return await load_document(session, certificate, verify_url=verify_url(base_url, certificate.identifier),
                                   now=now)

    async def pdf(self, doc: CertificateDocument) -> RenderedPdf:
        version = doc.fingerprint()
        cached = self.cache.get(doc.certificate_id, version)
        if cached is None:
            background = await self.fetcher.background(doc.background)
            # reportlab is CPU-bound: keep the event loop free while it draws.
            cached = await asyncio.to_thread(render_pdf, doc, background)
            await asyncio.to_thread(self.cache.put, doc.certificate_id, version, cached)
        return RenderedPdf(cached, version, doc.identifier)

    async def html(self, doc: CertificateDocument, *, pdf_url: str | None) -> str:
        return render_html(doc, await self.fetcher.background(doc.background), pdf_url=pdf_url)


async def find_certificate(session: AsyncSession, *, identifier: str | None = None,
                           certificate_id: str | None = None) -> Certificate | None:
    """A certificate that is not deleted, by identifier or by id."""
    query = select(Certificate).where(Certificate.deleted_at.is_(None))
    if identifier is not None:
        query = query.where(Certificate.identifier == identifier)
    else:
        query = query.where(Certificate.id == certificate_id)
    return await session.scalar(query)
