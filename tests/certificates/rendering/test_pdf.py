"""The PDF read back: each label's text at the template's position, size, colour and alignment; the QR
code; the background; the revoked mark. The raster check draws the expected page independently with
Pillow and compares where the ink is (pdftoppm from poppler-utils; skipped without it, failed in CI)."""
from __future__ import annotations

import io
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import reportlab
from PIL import Image, ImageChops, ImageDraw, ImageFont
from pypdf import PdfReader

from app.certificates.rendering.assets import Background
from app.certificates.rendering.document import CertificateDocument
from app.certificates.rendering.layout import PAGE_HEIGHT, PAGE_WIDTH, PlacedText, qr_box
from app.certificates.rendering.pdf import ascent, render_pdf, text_width
from tests.certificates.rendering.conftest import png_bytes
from tests.integration.demo_server import require

ISSUED = datetime(2026, 3, 1, tzinfo=UTC)
LABELS = [
    PlacedText("Ada Lovelace", 396, 200, 32, "#1F3A5F", "center"),
    PlacedText("Analytical Engines 101", 120, 300, 18, "#B91C1C", "left"),
    PlacedText("CERT-ABCD2345", 700, 420, 11, "#0A7A2F", "right"),
]


def document(texts=LABELS, *, status="active", verify_url="https://learn.example.com/verify/certificates/CERT-ABCD2345"):
    return CertificateDocument(
        certificate_id="c1", identifier="CERT-ABCD2345", status=status, holder_name="Ada Lovelace",
        title="Analytical Engines 101", issuer_name="Acme", issued_at=ISSUED, expires_at=None,
        revoked_at=ISSUED if status == "revoked" else None, verify_url=verify_url, texts=list(texts))


def placed_runs(pdf: bytes) -> dict[str, tuple[float, float, float, tuple]]:
    """text -> (x, baseline y from the bottom, font size, fill colour) as pypdf reads them."""
    runs, colour = {}, [None]

    def operand(op, args, cm, tm):
        if op == b"rg":
            colour[0] = tuple(round(float(a), 3) for a in args)

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs[text.strip()] = (tm[4], tm[5], size, colour[0])

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit, visitor_operand_before=operand)
    return runs


def rgb(hex_colour: str) -> tuple:
    return tuple(round(int(hex_colour[i:i + 2], 16) / 255, 3) for i in (1, 3, 5))


def test_labels_are_where_the_template_puts_them():
    runs = placed_runs(render_pdf(document(), None))
    for label in LABELS:
        x, y, size, colour = runs[label.text]
        width = text_width(label.text, label.font_size)
        left = {"left": label.x, "center": label.x - width / 2, "right": label.x - width}[label.align]
        assert x == pytest.approx(left, abs=0.01)
        assert y == pytest.approx(PAGE_HEIGHT - label.y - ascent(label.font_size), abs=0.01)
        assert size == label.font_size
        assert colour == rgb(label.color)


def test_page_size_and_metadata():
    reader = PdfReader(io.BytesIO(render_pdf(document(), None)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (PAGE_WIDTH, PAGE_HEIGHT)
    assert reader.metadata.title == "Analytical Engines 101 - Ada Lovelace"


def test_revoked_is_marked():
    text = PdfReader(io.BytesIO(render_pdf(document(status="revoked"), None))).pages[0].extract_text()
    assert "REVOKED" in text and "was revoked on March 1, 2026 and is no longer valid" in text
    assert "REVOKED" not in PdfReader(io.BytesIO(render_pdf(document(), None))).pages[0].extract_text()


def test_background_is_embedded():
    reader = PdfReader(io.BytesIO(render_pdf(document(), Background(png_bytes(), "image/png"))))
    images = reader.pages[0].images
    assert len(images) == 1 and images[0].image.size == (64, 48)


def test_rendering_is_deterministic():
    assert render_pdf(document(), None) == render_pdf(document(), None)


# ---- raster ---------------------------------------------------------------------------------

PAPER = (245, 240, 225)


def rasterise(pdf: bytes, tmp_path: Path) -> Image.Image:
    require(shutil.which("pdftoppm") is not None, "pdftoppm is missing: install poppler-utils")
    source = tmp_path / "page.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "72", "-singlefile", str(source), str(tmp_path / "page")], check=True)
    return Image.open(tmp_path / "page.png").convert("RGB")


def expected_page(texts: list[PlacedText]) -> Image.Image:
    """The page as the layout rules describe it, drawn by Pillow (not by the code under test)."""
    page = Image.new("RGB", (PAGE_WIDTH, PAGE_HEIGHT), PAPER)
    draw = ImageDraw.Draw(page)
    vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    for t in texts:
        font = ImageFont.truetype(str(vera), t.font_size)
        anchor = {"left": "ls", "center": "ms", "right": "rs"}[t.align]
        # The layout's one rule taken from the code: the baseline sits the font's ascent below y.
        draw.text((t.x, t.y + ascent(t.font_size)), t.text, font=font, fill=t.color, anchor=anchor)
    return page


def ink_box(image: Image.Image, region: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    """Bounding box (page coordinates) of whatever differs from the paper inside `region`."""
    crop = image.crop(region)
    box = ImageChops.difference(crop, Image.new("RGB", crop.size, PAPER)).convert("L").point(
        lambda v: 255 if v > 60 else 0).getbbox()
    return None if box is None else (box[0] + region[0], box[1] + region[1], box[2] + region[0], box[3] + region[1])


def test_rasterised_page_matches_the_expected_layout(tmp_path):
    pdf = render_pdf(document(), Background(png_bytes(size=(792, 612), color=PAPER), "image/png"))
    page = rasterise(pdf, tmp_path)
    expected = expected_page(LABELS)
    assert page.size == (PAGE_WIDTH, PAGE_HEIGHT)
    assert page.getpixel((10, 10)) == PAPER  # the background covers the page
    for label in LABELS:
        region = (0, int(label.y) - 10, 640, int(label.y + label.font_size * 1.5))
        got, want = ink_box(page, region), ink_box(expected, region)
        assert got is not None and want is not None, label.text
        assert all(abs(a - b) <= 3 for a, b in zip(got, want)), (label.text, got, want)
        # The ink is the label's colour.
        colours = [c for _n, c in page.crop(got).getcolors(100_000)]
        target = tuple(int(label.color[i:i + 2], 16) for i in (1, 3, 5))
        assert any(sum(abs(a - b) for a, b in zip(c, target)) < 30 for c in colours), label.text
    # The QR code: dark modules inside its box, nothing dark outside the labels and the QR box.
    x, y, size = qr_box()
    qr = page.crop((int(x), int(y), int(x + size), int(y + size))).convert("L")
    dark = sum(1 for v in qr.get_flattened_data() if v < 100) / (size * size)
    assert 0.3 < dark < 0.7
    # Roughly the same page overall: outside the QR box, few pixels differ much.
    diff = ImageChops.difference(page, expected).convert("L")
    diff.paste(0, (int(x) - 6, int(y) - 6, int(x + size) + 6, int(y + size) + 6))
    differing = sum(1 for v in diff.get_flattened_data() if v > 100)
    assert differing < 0.005 * PAGE_WIDTH * PAGE_HEIGHT
