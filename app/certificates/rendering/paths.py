"""Where a certificate's page, PDF and verification page are served (app/rest/certificate_documents.py,
app/rest/verification.py)."""
from __future__ import annotations

from urllib.parse import quote

VERIFY_PATH = "/verify/certificates/"


def verify_path(identifier: str) -> str:
    return f"{VERIFY_PATH}{quote(identifier, safe='')}"


def verify_url(base_url: str, identifier: str | None) -> str | None:
    return f"{base_url.rstrip('/')}{verify_path(identifier)}" if identifier else None


def pdf_path(certificate) -> str | None:
    return f"/certificates/{quote(certificate.identifier, safe='')}.pdf" if certificate.identifier else None


def public_base_url(settings, request) -> str:
    """PUBLIC_BASE_URL, else the origin the request came to."""
    return settings.public_base_url or str(request.base_url).rstrip("/")
