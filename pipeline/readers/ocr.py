"""OCR for PDF pages that carry no text, with Tesseract and its Vietnamese data.

A page is rendered by PDFium at `DPI` (300: the resolution Tesseract's models are trained for;
measured below 2 % character error on rendered pages, `tests/test_ocr.py`) and read by the
`tesseract` program (Debian packages `tesseract-ocr`, `tesseract-ocr-vie`) as TSV: words with
their block, paragraph and line, and a confidence. Where Tesseract or its Vietnamese data is
missing, `ocr_available()` says so and the reader names what to install.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

import pypdfium2 as pdfium

DPI = 300
LANGUAGE = "vie"
TIMEOUT_S = 300
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-vie"


@dataclass(frozen=True)
class OcrPage:
    lines: tuple[str, ...]
    confidence: float  # mean word confidence, 0-100
    # the words with a digit among the page's first `HEAD_WORDS` that the engine doubted
    # (confidence under `DOUBTED`, or signs no number has), with their confidence: a stamped
    # or handwritten number
    doubted_numbers: tuple[tuple[str, float], ...] = ()


# A number read by OCR is doubted when the engine was unsure of it (confidence under
# `DOUBTED`) or when it comes with signs no number carries (`#4` for 84, `Ê§0`, `⁄‡6` for 16):
# a doubt, not a rejection (a right number doubted costs a look, a wrong one trusted a wrong
# identity). On the dev corpus's 23 scans, 9 give their document a number: the 5 wrong ones are
# all doubted (confidence 0-56, or signs: `#4` at 80); of the 4 right ones, one is (42; the
# others 65-72 and clean), and a typed header rendered at 200 dpi is not (`96-KH/HU`, 82).
# Confidence alone does not part them: right numbers are read at 42-82, wrong ones at 0-80.
DOUBTED = 60.0
_SIGNS = re.compile(r"[^\w/⁄\-.:,()]")
HEAD_WORDS = 80  # the header's words: number and date lie in a page's first lines


@functools.lru_cache(maxsize=1)
def ocr_available() -> bool:
    """Tesseract is installed and has its Vietnamese data (asked once per process)."""
    tool = shutil.which("tesseract")
    if tool is None:
        return False
    done = subprocess.run([tool, "--list-langs"], capture_output=True, text=True, check=False)
    return LANGUAGE in done.stdout.split()


def ocr_page(page: pdfium.PdfPage, dpi: int = DPI) -> OcrPage:
    """The words of a rendered page, line by line as Tesseract groups them."""
    image = page.render(scale=dpi / 72, grayscale=True).to_pil()
    png = io.BytesIO()
    image.save(png, format="PNG")
    done = subprocess.run(["tesseract", "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(dpi),
                           "--psm", "3", "tsv"], input=png.getvalue(), capture_output=True,
                          timeout=TIMEOUT_S, check=True, env=_ONE_THREAD)
    return parse_tsv(done.stdout.decode("utf-8", "replace"))


# One thread per page: the batch already runs one worker per core (Tesseract's own threads
# would only fight them: a 3-page scan took 22 s with them, 4.6 s without, on 2 cores).
_ONE_THREAD = {**os.environ, "OMP_THREAD_LIMIT": "1"}


# Tesseract's `vie` model often reads `Đ` as `ĐÐ` or `Ð` (Icelandic eth, U+00D0, never Vietnamese):
# `QĐÐ-UBND` for `QĐ-UBND`, in 4 of the dev corpus's 23 scans.
_ETH = re.compile("Đ?Ð")


def parse_tsv(tsv: str) -> OcrPage:
    """Tesseract's TSV → lines of words (block, paragraph and line kept apart) and the mean
    confidence of the words read; a blank line between paragraphs."""
    lines: dict[tuple[int, int, int], list[str]] = {}
    confidences: list[float] = []
    doubted: list[tuple[str, float]] = []
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) < 12 or fields[0] != "5" or not fields[11].strip():
            continue
        key = (int(fields[2]), int(fields[3]), int(fields[4]))
        word = _ETH.sub("Đ", fields[11].strip())
        lines.setdefault(key, []).append(word)
        confidences.append(float(fields[10]))
        if (len(confidences) <= HEAD_WORDS and any(c.isdigit() for c in word)
                and (confidences[-1] < DOUBTED or _SIGNS.search(word))):
            doubted.append((word, round(confidences[-1], 1)))
    out: list[str] = []
    previous: tuple[int, int] | None = None
    for (block, paragraph, _), words in lines.items():
        if previous is not None and previous != (block, paragraph):
            out.append("")
        out.append(" ".join(words))
        previous = (block, paragraph)
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return OcrPage(tuple(out), round(mean, 1), tuple(doubted))
