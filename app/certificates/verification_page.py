"""The public verification page as HTML: what a browser (an employer following the QR code) sees.

Only the holder's name, the title, the issuer, the dates and the status; no script, no external
resource. The same facts are the JSON answer of /verify/certificates/{identifier}.
"""
from __future__ import annotations

from html import escape

from app.certificates.lifecycle import Verification
from app.certificates.rendering.document import format_date

STATUS_TEXT = {
    "active": ("Valid", "This certificate is valid."),
    "expired": ("Expired", "This certificate was valid but has expired."),
    "revoked": ("Revoked", "This certificate was revoked by its issuer and is not valid."),
}
CSS = """
body { margin: 0; padding: 32px 16px; background: #F3F4F6; color: #111827;
  font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 560px; margin: 0 auto; background: #FFFFFF; border-radius: 8px; padding: 28px 32px;
  box-shadow: 0 1px 6px rgba(0,0,0,.12); }
h1 { font-size: 22px; margin: 0 0 16px; }
.status { display: inline-block; padding: 4px 12px; border-radius: 999px; font-weight: 600; }
.status.active { background: #DCFCE7; color: #166534; }
.status.expired { background: #FEF3C7; color: #92400E; }
.status.revoked { background: #FEE2E2; color: #991B1B; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 8px 20px; margin: 20px 0 0; }
dt { color: #6B7280; } dd { margin: 0; }
footer { margin-top: 24px; font-size: 13px; color: #6B7280; }
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def render_verification_page(v: Verification, *, issuer: str | None, credential_url: str | None = None) -> str:
    label, sentence = STATUS_TEXT.get(v.status, (v.status, ""))
    rows = [("Holder", v.holder_name or "—"), ("Certificate", v.title or "—"), ("Issued by", issuer or "—"),
            ("Certificate ID", v.identifier), ("Issued", format_date(v.issued_at)),
            ("Expires", format_date(v.expires_at) if v.expires_at else "Never")]
    if v.revoked_at is not None:
        rows.append(("Revoked", format_date(v.revoked_at)))
    details = "".join(f"<dt>{escape(k)}</dt><dd>{escape(value)}</dd>" for k, value in rows)
    credential = (f'<p><a href="{escape(credential_url)}" download>Download the signed credential '
                  "(Open Badges 3.0)</a></p>") if credential_url else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Certificate verification — {escape(v.identifier)}</title><style>{CSS}</style></head><body><main>"
        f"<h1>Certificate verification</h1>"
        f'<p><span class="status {escape(v.status)}" id="status">{escape(label)}</span> {escape(sentence)}</p>'
        f"<dl>{details}</dl>{credential}"
        "<footer>This page is public: anyone with the certificate ID can check it.</footer>"
        "</main></body></html>"
    )
