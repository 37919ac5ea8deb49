"""OCR: character error rate and speed by render resolution, and pages per second on the dev
corpus's scans.

    .venv/bin/python benchmarks/bench_ocr.py     # about 3 minutes; writes benchmarks/results-ocr.md

Rendered pages: the seed plan's opening typeset here (12 pt, DejaVu Serif and Sans) as a 300 dpi
scan, clean, skewed 0.8° and speckled; each is read back with PDFium rendering at 200, 300 and
400 dpi, and the character error rate is taken against the typed text. Dev scans: every
image-only or garbled PDF of `dev-2026-12/` ingested at the default resolution on one core
(Tesseract limited to one thread, as in the batch's workers), pages per second and Tesseract's
mean word confidence.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium
from benchlib import BENCH, CORPUS, SEED_DOC, log, machine, one_core, table

from pipeline.evaluation.metrics import character_error_rate
from pipeline.evaluation.scans import DEJAVU, opening_lines, typeset_page
from pipeline.ingest import ingest
from pipeline.readers.ocr import ocr_available, ocr_page

SCAN_DPI = 300
DPIS = (200, 300, 400)
OUTPUT = BENCH / "results-ocr.md"


def rendered_pages(folder: Path) -> list[list[object]]:
    lines = opening_lines(SEED_DOC.read_text(encoding="utf-8"))
    rows = []
    for font in ("DejaVuSerif.ttf", "DejaVuSans.ttf"):
        for label, skew, noise in (("clean", 0.0, 0.0), ("skew 0.8°", 0.8, 0.0),
                                   ("noise 0.2 %", 0.0, 0.002)):
            page = typeset_page(folder / "page.pdf", lines, DEJAVU / font, SCAN_DPI, skew, noise)
            pdf = pdfium.PdfDocument(str(page))
            row: list[object] = [font.removesuffix(".ttf"), label]
            for dpi in DPIS:
                started = time.perf_counter()
                read = ocr_page(pdf[0], dpi)
                seconds = time.perf_counter() - started
                got = "\n".join(read.lines)
                row += [f"{100 * character_error_rate(' '.join(lines), got):.2f} %",
                        f"{seconds:.1f}"]
            pdf.close()
            rows.append(row)
            log(f"{row[0]} {label}: {row[2:]}")
    return rows


def dev_scans() -> tuple[list[list[object]], float]:
    rows = []
    pages = seconds = 0.0
    for path in sorted((CORPUS / "dev-2026-12").rglob("*.pdf")):
        started = time.perf_counter()
        source = ingest(path)
        took = time.perf_counter() - started
        notes = [w.message for w in source.warnings if w.code == "ocr"]
        if not notes:
            continue
        read = len(notes[0].split(" read by")[0].removeprefix("pages ").split(", "))
        confidence = notes[0].split("mean word confidence ")[1].split(",")[0]
        pages += read
        seconds += took
        rows.append([path.name[:48], read, f"{took:.1f}", f"{read / took:.2f}", confidence])
        log(f"{path.name}: {read} pages in {took:.1f} s")
    return rows, pages / seconds if seconds else 0.0


def main() -> int:
    if not ocr_available():
        print("tesseract with Vietnamese data is not installed (make installs it)", file=sys.stderr)
        return 1
    one_core()
    with tempfile.TemporaryDirectory() as folder:
        rendered = rendered_pages(Path(folder))
    scans, rate = dev_scans()
    facts = machine()
    headers = ["font", "page"] + [f"{h} {dpi}" for dpi in DPIS for h in ("CER", "s")]
    text = "\n".join([
        "# OCR benchmark (`benchmarks/bench_ocr.py`)\n",
        f"{facts['date']}, commit {facts['commit']}, {facts['cpu']}, one core, load average "
        f"{facts['load average']}.\n",
        "## Rendered pages: character error rate and seconds by render resolution\n",
        table(headers, rendered, right=[False, False] + [True] * 6),
        f"\n## Dev-corpus scans at the default resolution: {rate:.2f} pages/s overall\n",
        table(["file", "pages", "s", "pages/s", "confidence"], scans,
              right=[False, True, True, True, True]), ""])
    print(text)
    OUTPUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
