"""Certificate.url and Certificate.pdfAsset: the certificate as a page and as a PDF.

- GET /certificates/{identifier}.pdf is public: the identifier is the secret, as on the
  verification page. The holder (or an administrator) may also use the certificate id there.
- GET /certificates/{id} is the holder's page: it needs the holder's authToken (header or the
  cookie Login sets) or an administrator's. Anyone else gets 404, so ids reveal nothing.
Deleted certificates are 404; revoked ones render marked as revoked.
"""
from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from app.certificates.rendering.paths import pdf_path, public_base_url
from app.certificates.rendering.service import CertificateRenderer, find_certificate
from app.db import utcnow
from app.pipeline.authenticate import authenticate_token
from app.pipeline.frame import build_frame

# The page runs no script and loads nothing but its own inline images.
PAGE_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'"


def renderer(request: Request) -> CertificateRenderer:
    state = request.app.state
    if getattr(state, "certificate_renderer", None) is None:
        state.certificate_renderer = CertificateRenderer(state.services.settings)
    return state.certificate_renderer


async def _viewer(request: Request):
    services = request.app.state.services
    found = await authenticate_token(services, await build_frame(request))
    return found[0] if found else None


def _may_see(viewer, certificate) -> bool:
    return viewer is not None and (viewer.id == certificate.user_id or viewer.is_admin)


async def certificate_pdf(request: Request) -> Response:
    key = request.path_params["identifier"]
    services = request.app.state.services
    async with services.session_factory() as session:
        certificate = await find_certificate(session, identifier=key) if len(key) <= 100 else None
        if certificate is None:
            by_id = await find_certificate(session, certificate_id=key) if len(key) == 36 else None
            if by_id is not None and _may_see(await _viewer(request), by_id):
                certificate = by_id
        if certificate is None:
            return _error_page(404, "Certificate not found", "There is no certificate at this address.")
        r = renderer(request)
        doc = await r.document(session, certificate, base_url=public_base_url(services.settings, request), now=utcnow())
    etag = f'"{doc.fingerprint()}"'
    headers = {"etag": etag, "cache-control": "no-cache", "x-content-type-options": "nosniff"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    rendered = await r.pdf(doc)
    name = f"certificate-{certificate.identifier or certificate.id}.pdf"
    headers["content-disposition"] = f'inline; filename="{name}"'
    return Response(rendered.data, media_type="application/pdf", headers=headers)


async def certificate_page(request: Request) -> Response:
    certificate_id = request.path_params["certificate_id"]
    services = request.app.state.services
    async with services.session_factory() as session:
        viewer = await _viewer(request)
        if viewer is None:
            return _error_page(401, "Sign in to see this certificate",
                               "This page shows a certificate to its holder. Sign in, or use the certificate's "
                               "public verification link.")
        certificate = await find_certificate(session, certificate_id=certificate_id) if len(certificate_id) <= 36 else None
        if certificate is None or not _may_see(viewer, certificate):
            return _error_page(404, "Certificate not found", "There is no certificate at this address.")
        r = renderer(request)
        doc = await r.document(session, certificate, base_url=public_base_url(services.settings, request), now=utcnow())
    page = await r.html(doc, pdf_url=pdf_path(certificate))
    return HTMLResponse(page, headers={"cache-control": "private, no-store", "content-security-policy": PAGE_CSP,
                                       "x-content-type-options": "nosniff", "referrer-policy": "no-referrer"})


def _error_page(status: int, title: str, text: str) -> HTMLResponse:
    body = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f"<body><h1>{escape(title)}</h1><p>{escape(text)}</p></body></html>")
    return HTMLResponse(body, status_code=status, headers={"content-security-policy": PAGE_CSP,
                                                           "cache-control": "no-store"})


# The PDF route comes first: /certificates/{certificate_id} would also match "X.pdf".
ROUTES = [
    Route("/certificates/{identifier}.pdf", certificate_pdf, methods=["GET"]),
    Route("/certificates/{certificate_id}", certificate_page, methods=["GET"]),
]
