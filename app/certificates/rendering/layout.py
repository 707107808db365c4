"""The page both renderers draw on, and the default layout used without a template.

Coordinates: a US Letter page in landscape, 792 x 612 units (PDF points; CSS pixels in the HTML
page, so both renderers agree). A label's (x, y) is measured from the page's top-left corner:
x is the left edge, centre or right edge of the text for textAlign left, center, right; y is the
top of the text line (its baseline lies the font's ascent below y). The background asset is stretched over the whole page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

PAGE_WIDTH = 792
PAGE_HEIGHT = 612
QR_SIZE = 84  # the QR code to the verification page, in the bottom-right corner
QR_MARGIN = 48
ALIGNMENTS = ("left", "center", "right")


@dataclass(frozen=True)
class PlacedText:
    text: str
    x: float
    y: float
    font_size: float = 12
    color: str = "#000000"
    align: str = "left"
    bold: bool = False


_HEX_COLOR = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def hex_color(value: str | None) -> str:
    """`#RRGGBB` for a stored font colour (#RGB, #RRGGBB, with or without #); black otherwise."""
    match = _HEX_COLOR.fullmatch((value or "").strip())
    if match is None:
        return "#000000"
    digits = match.group(1)
    return "#" + (digits if len(digits) == 6 else "".join(c * 2 for c in digits)).upper()


def qr_box() -> tuple[float, float, float]:
    """(x, y, size) of the QR code, top-left origin."""
    return PAGE_WIDTH - QR_MARGIN - QR_SIZE, PAGE_HEIGHT - QR_MARGIN - QR_SIZE, QR_SIZE


def default_layout(*, holder: str, title: str, issued: str, expires: str | None, identifier: str | None,
                   issuer: str | None) -> list[PlacedText]:
    """A clean centred layout for certificates without a template (or a template without labels)."""
    middle = PAGE_WIDTH / 2
    dark, muted = "#1F2937", "#4B5563"
    texts = [
        PlacedText("Certificate of Completion", middle, 110, 34, dark, "center", bold=True),
        PlacedText("This certifies that", middle, 190, 15, muted, "center"),
        PlacedText(holder, middle, 225, 30, dark, "center", bold=True),
        PlacedText("has successfully completed", middle, 285, 15, muted, "center"),
        PlacedText(title, middle, 318, 22, dark, "center", bold=True),
        PlacedText(f"Issued {issued}" + (f"  ·  Expires {expires}" if expires else ""), middle, 390, 13, muted,
                   "center"),
    ]
    if issuer:
        texts.append(PlacedText(issuer, middle, 420, 13, muted, "center"))
    if identifier:
        texts.append(PlacedText(f"Certificate ID {identifier}", 56, PAGE_HEIGHT - 56, 10, muted, "left"))
    return texts
