"""Scanned pages made from known text, to measure OCR against it (tests and the OCR benchmark).

A real text typeset on an A4 page at a scanner's resolution, optionally skewed and speckled as
scans are, and saved as an image-only PDF: what a scanned office letter looks like to the PDF
reader, with the typed text as the answer.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core


def typeset_page(path: Path, lines: list[str], font: Path = DEJAVU / "DejaVuSerif.ttf",
                 dpi: int = 300, skew: float = 0.0, noise: float = 0.0) -> Path:
    """`lines` in 12 pt `font` on an A4 page scanned at `dpi`; `skew` degrees of rotation and
    `noise` the share of pixels turned black (seeded: the same page every time)."""
    page = Image.new("L", (int(8.27 * dpi), int(11.69 * dpi)), 255)
    draw = ImageDraw.Draw(page)
    face = ImageFont.truetype(str(font), size=int(12 / 72 * dpi))
    for index, line in enumerate(lines):
        draw.text((int(0.9 * dpi), int((1.0 + index * 0.28) * dpi)), line, fill=0, font=face)
    if skew:
        page = page.rotate(skew, expand=False, fillcolor=255)
    if noise:
        chance = random.Random(7)
        pixels = page.load()
        assert pixels is not None
        for _ in range(int(noise * page.width * page.height)):
            pixels[chance.randrange(page.width), chance.randrange(page.height)] = 0
    page.save(path, "PDF", resolution=dpi)
    return path


def opening_lines(text: str, count: int = 14, width: int = 75) -> list[str]:
    """The first `count` lines of `text`'s words wrapped at about `width` characters."""
    lines, line = [], ""
    for word in text.split()[: count * 15]:
        if line and len(line) + len(word) > width:
            lines.append(line)
            line = ""
        line = f"{line} {word}".strip()
    return [*lines, line][:count]
