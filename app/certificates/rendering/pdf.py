"""The certificate as a one-page PDF (reportlab), laid out as layout.py describes."""
from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import reportlab
import segno
from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from app.certificates.rendering.assets import Background
from app.certificates.rendering.document import CertificateDocument, format_date
from app.certificates.rendering.layout import PAGE_HEIGHT, PAGE_WIDTH, PlacedText, hex_color, qr_box

# Bitstream Vera ships with reportlab: embedded, so the PDF looks the same everywhere.
FONT, BOLD = "Vera", "VeraBd"
REVOKED_COLOR = "#B91C1C"


@cache
def _register_fonts() -> None:
    folder = Path(reportlab.__file__).parent / "fonts"
    for name in (FONT, BOLD):
        pdfmetrics.registerFont(TTFont(name, str(folder / f"{name}.ttf")))


def ascent(font_size: float, bold: bool = False) -> float:
    """Distance from the top of a text line to its baseline."""
    _register_fonts()
    return pdfmetrics.getAscent(BOLD if bold else FONT, font_size)


def text_width(text: str, font_size: float, bold: bool = False) -> float:
    _register_fonts()
    return pdfmetrics.stringWidth(text, BOLD if bold else FONT, font_size)


def render_pdf(doc: CertificateDocument, background: Background | None) -> bytes:
    _register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=True, pageCompression=1)
    canvas.setTitle(f"{doc.title} - {doc.holder_name}")
    canvas.setAuthor(doc.issuer_name or "")
    canvas.setSubject(f"Certificate {doc.identifier or doc.certificate_id}")
    if background is not None:
        canvas.drawImage(ImageReader(io.BytesIO(background.data)), 0, 0, PAGE_WIDTH, PAGE_HEIGHT,
                         preserveAspectRatio=False, mask="auto")
    else:
        _frame(canvas)
    for text in doc.texts:
        _draw_text(canvas, text)
    if doc.verify_url:
        _draw_qr(canvas, doc.verify_url)
    if doc.revoked:
        _revoked_mark(canvas, doc)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _frame(canvas: Canvas) -> None:
    canvas.setStrokeColor(HexColor("#1F3A5F"))
    canvas.setLineWidth(6)
    canvas.rect(24, 24, PAGE_WIDTH - 48, PAGE_HEIGHT - 48)
    canvas.setLineWidth(1.2)
    canvas.rect(36, 36, PAGE_WIDTH - 72, PAGE_HEIGHT - 72)


def _draw_text(canvas: Canvas, text: PlacedText) -> None:
    font = BOLD if text.bold else FONT
    canvas.setFont(font, text.font_size)
    canvas.setFillColor(HexColor(hex_color(text.color)))
    baseline = PAGE_HEIGHT - text.y - ascent(text.font_size, text.bold)
    draw = {"center": canvas.drawCentredString, "right": canvas.drawRightString}.get(text.align, canvas.drawString)
    draw(text.x, baseline, text.text)


def _draw_qr(canvas: Canvas, url: str) -> None:
    x, y, size = qr_box()
    matrix = segno.make(url, error="m", micro=False).matrix
    cell = size / len(matrix)
    canvas.setFillColor(HexColor("#FFFFFF"))
    canvas.rect(x - 4, PAGE_HEIGHT - y - size - 4, size + 8, size + 8, stroke=0, fill=1)
    canvas.setFillColor(HexColor("#000000"))
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            if dark:
                canvas.rect(x + col * cell, PAGE_HEIGHT - y - (row + 1) * cell, cell, cell, stroke=0, fill=1)


def _revoked_mark(canvas: Canvas, doc: CertificateDocument) -> None:
    canvas.saveState()
    canvas.setFillColor(HexColor(REVOKED_COLOR), alpha=0.35)
    canvas.setFont(BOLD, 110)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(28)
    canvas.drawCentredString(0, -40, "REVOKED")
    canvas.restoreState()
    canvas.setFillColor(HexColor(REVOKED_COLOR))
    canvas.setFont(BOLD, 12)
    canvas.drawCentredString(PAGE_WIDTH / 2, 50, f"This certificate was revoked on {format_date(doc.revoked_at)}"
                                                 " and is no longer valid.")
