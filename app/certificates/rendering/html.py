"""The certificate as an HTML page: the same page and positions as the PDF, no JavaScript.

The background travels inside the page as a data: URL (it was fetched by the server under the
asset rules), so the browser fetches nothing a template names. A template's customCss applies
inside the certificate only (`.certificate …`); it cannot close the style element.
"""
from __future__ import annotations

import base64
from html import escape

import segno

from app.certificates.rendering.assets import Background
from app.certificates.rendering.document import CertificateDocument, format_date
from app.certificates.rendering.layout import PAGE_HEIGHT, PAGE_WIDTH, PlacedText, hex_color, qr_box

PAGE_CSS = f"""
body {{ margin: 0; padding: 24px; background: #E5E7EB; font-family: "Bitstream Vera Sans", "DejaVu Sans",
  Verdana, sans-serif; color: #111827; }}
.certificate {{ position: relative; width: {PAGE_WIDTH}px; height: {PAGE_HEIGHT}px; margin: 0 auto;
  background: #FFFFFF; box-shadow: 0 2px 12px rgba(0,0,0,.2); overflow: hidden; }}
.certificate .background {{ position: absolute; inset: 0; width: 100%; height: 100%; }}
.certificate .frame {{ position: absolute; inset: 24px; border: 6px solid #1F3A5F; }}
.certificate .frame::after {{ content: ""; position: absolute; inset: 6px; border: 1.2px solid #1F3A5F; }}
.certificate .label {{ position: absolute; line-height: 1; white-space: nowrap; }}
.certificate .qr {{ position: absolute; background: #FFFFFF; }}
.certificate .revoked {{ position: absolute; left: 0; right: 0; top: 230px; text-align: center; font-size: 110px;
  font-weight: bold; color: rgba(185,28,28,.35); transform: rotate(-28deg); }}
.notice {{ max-width: {PAGE_WIDTH}px; margin: 0 auto 16px; padding: 12px 16px; border-radius: 6px; }}
.notice.revoked {{ background: #FEE2E2; color: #991B1B; }}
.notice.expired {{ background: #FEF3C7; color: #92400E; }}
nav {{ max-width: {PAGE_WIDTH}px; margin: 16px auto 0; }}
nav a {{ margin-right: 16px; }}
"""

_TRANSFORM = {"left": "none", "center": "translateX(-50%)", "right": "translateX(-100%)"}


def render_html(doc: CertificateDocument, background: Background | None, *, pdf_url: str | None) -> str:
    parts = [f'<div class="certificate" role="img" aria-label="{escape(doc.title)} certificate of '
             f'{escape(doc.holder_name)}">']
    if background is not None:
        data = base64.b64encode(background.data).decode()
        parts.append(f'<img class="background" alt="" src="data:{background.media_type};base64,{data}">')
    else:
        parts.append('<div class="frame"></div>')
    parts.extend(_label(text) for text in doc.texts)
    if doc.verify_url:
        x, y, size = qr_box()
        svg = segno.make(doc.verify_url, error="m", micro=False).svg_data_uri(border=0)
        parts.append(f'<a href="{escape(doc.verify_url)}"><img class="qr" alt="Verify this certificate" '
                     f'src="{svg}" style="left:{x}px;top:{y}px;width:{size}px;height:{size}px"></a>')
    if doc.revoked:
        parts.append('<div class="revoked" aria-hidden="true">REVOKED</div>')
    parts.append("</div>")
    notice = ""
    if doc.revoked:
        notice = (f'<p class="notice revoked">This certificate was revoked on {format_date(doc.revoked_at)} '
                  "and is no longer valid.</p>")
    elif doc.status == "expired":
        notice = f'<p class="notice expired">This certificate expired on {format_date(doc.expires_at)}.</p>'
    links = []
    if pdf_url:
        links.append(f'<a href="{escape(pdf_url)}">Download PDF</a>')
    if doc.verify_url:
        links.append(f'<a href="{escape(doc.verify_url)}">Verification page</a>')
    custom = _scoped_css(doc.custom_css)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(doc.title)} — {escape(doc.holder_name)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<style>{PAGE_CSS}{custom}</style></head><body>"
        f"{notice}{''.join(parts)}<nav>{''.join(links)}</nav></body></html>"
    )


def _label(text: PlacedText) -> str:
    weight = "font-weight:bold;" if text.bold else ""
    return (f'<div class="label" style="left:{text.x:g}px;top:{text.y:g}px;font-size:{text.font_size:g}px;'
            f'color:{hex_color(text.color)};transform:{_TRANSFORM.get(text.align, "none")};{weight}">'
            f"{escape(text.text)}</div>")


def _scoped_css(css: str | None) -> str:
    if not css:
        return ""
    # Nothing may end the style element or pull in other resources.
    cleaned = css.replace("<", "").replace("@import", "").replace("url(", "invalid(")
    return f"\n@scope (.certificate) {{ {cleaned} }}"
