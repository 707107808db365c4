"""GET /verify/certificates/{identifier}: public certificate verification (seed 001), no API key.

Tells a third party whether a certificate is valid, with only its title, the holder's name, the
issuer and its dates: no e-mail, no user or certificate ids. A browser (Accept preferring text/html)
gets the HTML page of app/certificates/verification_page.py; API clients get JSON.
"""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from app.certificates.lifecycle import verify_certificate
from app.certificates.rendering.paths import verify_path
from app.certificates.verification_page import CSP, render_verification_page
from app.company.service import instance_company
from app.db import utcnow
from app.errors import AppError, bad_input
from app.rest.certificate_shapes import iso
from app.rest.common import endpoint
from app.web.responses import ORJSONResponse

PATH = "/verify/certificates/{identifier}"
HTML_TYPES = ("text/html", "application/xhtml+xml")


def wants_html(accept: str | None) -> bool:
    """True when the Accept header ranks HTML above JSON (browsers); JSON otherwise (API clients, */*)."""
    best_html = best_json = 0.0
    for part in (accept or "").split(","):
        media, *params = [p.strip() for p in part.split(";")]
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        media = media.lower()
        if media in HTML_TYPES:
            best_html = max(best_html, quality)
        elif media in ("application/json", "application/*"):
            best_json = max(best_json, quality)
    return best_html > best_json


@endpoint(None)
async def verify(request: Request, api_key) -> Response:
    html = wants_html(request.headers.get("accept"))
    identifier = request.path_params["identifier"].strip()
    headers = {"cache-control": "no-store", "vary": "Accept"}
    try:
        if not identifier or len(identifier) > 100:
            raise bad_input("identifier must be 1 to 100 characters", "identifier")
        async with request.app.state.services.session_factory() as session:
            v = await verify_certificate(session, identifier=identifier, now=utcnow())
            company = await instance_company(session)
    except AppError as err:
        if not html:
            raise
        page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Certificate not found</title>" \
               "</head><body><h1>Certificate not found</h1><p>No certificate has this ID.</p></body></html>"
        return HTMLResponse(page, status_code=err.http_status, headers={**headers, "content-security-policy": CSP})
    issuer = (company.organization_name or company.name) if company else None
    if html:
        credential = f"{verify_path(v.identifier)}/credential"
        return HTMLResponse(render_verification_page(v, issuer=issuer, credential_url=credential),
                            headers={**headers, "content-security-policy": CSP, "referrer-policy": "no-referrer"})
    return ORJSONResponse({"data": {
        "identifier": v.identifier,
        "title": v.title,
        "holder_name": v.holder_name,
        "issuer": issuer,
        "status": v.status,
        "validity_status": v.validity_status,
        "verification_status": v.verification_status,
        "issued_at": iso(v.issued_at),
        "expires_at": iso(v.expires_at),
        "revoked_at": iso(v.revoked_at),
    }}, headers=headers)


ROUTES = [Route(PATH, verify, methods=["GET"])]
