"""PDF → `SourceDocument`.

Text comes from pypdfium2 (PDFium's text layer, fast); tables from pdfplumber, only on pages that
draw lines. Running headers and footers and page numbers are removed, lines are joined into
paragraphs, a paragraph split by a page break is joined again, and `NĐ-\\nCP` loses its break.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from ..errors import IngestError, Reason
from ..ingest import Limits
from ..records import Cell, SourceDocument, Table
from .layout import is_block_start

_PAGE_NUMBER = re.compile(r"^\s*[-–—]?\s*(trang\s*)?\d{1,4}(\s*/\s*\d{1,4})?\s*[-–—]?\s*$", re.I)
_DIGITS = re.compile(r"\d+")
_SENTENCE_END = re.compile(r"[.:;!?…]\W*$")
_EDGE_LINES = 2  # lines at the top and bottom of a page that may be running headers/footers


@dataclass
class _Page:
    lines: list[str]
    has_rulings: bool


def read_pdf(name: str, data: bytes, sha256: str, limits: Limits) -> SourceDocument:
    if not data.lstrip().startswith(b"%PDF-"):
        raise IngestError(name, Reason.CORRUPT, "not a PDF (no %PDF- header)")
    pdf = _open(name, data)
    try:
        if len(pdf) > limits.max_pdf_pages:
            raise IngestError(name, Reason.TOO_LARGE,
                              f"{len(pdf)} pages is over the {limits.max_pdf_pages}-page limit")
        pages = [_read_page(name, pdf[i]) for i in range(len(pdf))]
    finally:
        pdf.close()
    chars = sum(len("".join(page.lines).strip()) for page in pages)
    if chars < limits.min_chars_per_page * max(len(pages), 1):
        raise IngestError(
            name, Reason.NO_TEXT_LAYER,
            f"no text layer ({chars} characters on {len(pages)} pages): a scan needs OCR first",
        )
    headers, footers = _running_lines(pages)
    text, page_starts = _assemble(pages, headers | footers)
    tables = _tables(name, data, pages, text, page_starts)
    return SourceDocument(
        path=name, format="pdf", sha256=sha256, text=text, pages=len(pages),
        page_starts=tuple(page_starts), tables=tuple(tables),
        headers=tuple(sorted(headers)), footers=tuple(sorted(footers)),
    )


def _open(name: str, data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        message = str(error)
        if "password" in message.lower():
            raise IngestError(name, Reason.ENCRYPTED,
                              "the PDF is password-protected; decrypt it first") from None
        raise IngestError(name, Reason.CORRUPT, f"damaged or truncated PDF ({message})") from None


def _read_page(name: str, page: pdfium.PdfPage) -> _Page:
    try:
        textpage = page.get_textpage()
        raw = textpage.get_text_range()
        textpage.close()
        rulings = sum(1 for _ in page.get_objects(filter=(pdfium_raw.FPDF_PAGEOBJ_PATH,),
                                                   max_depth=2))
    except pdfium.PdfiumError as error:
        raise IngestError(name, Reason.CORRUPT, f"unreadable page ({error})") from None
    finally:
        page.close()
    lines = [line.rstrip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return _Page([line for line in lines if line.strip()], has_rulings=rulings >= 4)


def _running_lines(pages: list[_Page]) -> tuple[set[str], set[str]]:
    """Lines repeated at the top (bottom) of most pages, digits ignored, and page numbers."""
    if len(pages) < 2:
        return set(), set()
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for page in pages:
        tops.update({_DIGITS.sub("#", line.strip()) for line in page.lines[:_EDGE_LINES]})
        bottoms.update({_DIGITS.sub("#", line.strip()) for line in page.lines[-_EDGE_LINES:]})
    threshold = max(2, int(0.6 * len(pages)))
    return ({key for key, n in tops.items() if n >= threshold},
            {key for key, n in bottoms.items() if n >= threshold})


def _body_lines(page: _Page, running: set[str]) -> list[str]:
    lines = list(page.lines)
    for edge in (slice(0, _EDGE_LINES), slice(-_EDGE_LINES, None)):
        for line in lines[edge]:
            if _DIGITS.sub("#", line.strip()) in running or _PAGE_NUMBER.match(line):
                lines.remove(line)
    return lines


def _assemble(pages: list[_Page], running: set[str]) -> tuple[str, list[int]]:
    """Join lines into paragraphs across pages; return the text and where each page starts."""
    parts: list[str] = []
    page_starts: list[int] = []
    length = 0
    previous = ""
    width = max((len(line) for page in pages for line in page.lines), default=80)
    for page in pages:
        page_starts.append(length)
        for line in _body_lines(page, running):
            joiner = _joiner(previous, line, width) if parts else ""
            piece = joiner + line.strip()
            parts.append(piece)
            length += len(piece)
            previous = line
    return "".join(parts) + "\n", page_starts


def _joiner(previous: str, line: str, width: int) -> str:
    prev, current = previous.rstrip(), line.strip()
    if prev.endswith("\u00ad"):
        return ""
    if prev.endswith("-") and len(prev) > 1 and prev[-2].isalnum() and current[:1].isalnum():
        return ""  # NĐ-\nCP: a symbol broken at its hyphen
    if current[:1].islower() and not is_block_start(current):
        return " "  # a paragraph split by a line wrap or a page break
    if is_block_start(current) or current.isupper():
        return "\n"
    if _SENTENCE_END.search(prev) or len(prev) < 0.6 * width:
        return "\n"
    return " "


def _tables(name: str, data: bytes, pages: list[_Page], text: str,
            page_starts: list[int]) -> list[Table]:
    """pdfplumber's tables, only for pages that draw lines; cells located in our text."""
    wanted = [i for i, page in enumerate(pages) if page.has_rulings]
    if not wanted:
        return []
    import io

    import pdfplumber

    tables: list[Table] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for i in wanted:
                for raw_table in pdf.pages[i].extract_tables():
                    table = _locate_table(raw_table, text, page_starts[i])
                    if table is not None:
                        tables.append(table)
    except Exception as error:  # pdfplumber/pdfminer raise many types on odd files
        raise IngestError(name, Reason.CORRUPT, f"table extraction failed ({error})") from None
    return tables


def _locate_table(raw_table: list[list[str | None]], text: str, search_from: int) -> Table | None:
    rows: list[tuple[Cell, ...]] = []
    cursor = search_from
    for raw_row in raw_table:
        cells: list[Cell] = []
        for raw_cell in raw_row:
            words = (raw_cell or "").split()
            if not words:
                cells.append(Cell("", cursor, cursor))
                continue
            pattern = r"\s+".join(re.escape(word) for word in words)
            found = re.compile(pattern).search(text, cursor)
            if found is None:
                cells.append(Cell(" ".join(words), cursor, cursor))
                continue
            cells.append(Cell(" ".join(words), found.start(), found.end()))
            cursor = found.end()
        rows.append(tuple(cells))
    if not rows:
        return None
    spans = [cell for row in rows for cell in row if cell.end > cell.start]
    if not spans:
        return None
    return Table(min(c.start for c in spans), max(c.end for c in spans), tuple(rows))
