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
from ..records import Cell, SourceDocument, Table
from .layout import is_block_start
from .limits import Limits

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
    running = _running_lines(pages)
    text, page_starts, headers, footers = _assemble(pages, running)
    tables = _tables(name, data, pages, text, page_starts)
    return SourceDocument(
        path=name, format="pdf", sha256=sha256, text=text, pages=len(pages),
        page_starts=tuple(page_starts), tables=tuple(tables),
        headers=tuple(headers), footers=tuple(footers),
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


def _running_lines(pages: list[_Page]) -> set[str]:
    """Lines repeated at the top or bottom of most pages, compared with digits masked."""
    if len(pages) < 2:
        return set()
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for page in pages:
        tops.update({_mask(line) for line in page.lines[:_EDGE_LINES]})
        bottoms.update({_mask(line) for line in page.lines[-_EDGE_LINES:]})
    threshold = max(2, int(0.6 * len(pages)))
    return {key for counter in (tops, bottoms) for key, n in counter.items() if n >= threshold}


def _mask(line: str) -> str:
    return _DIGITS.sub("#", line.strip())


def _split_page(page: _Page, running: set[str]) -> tuple[list[str], list[str], list[str]]:
    """The page's body lines, and the running header and footer lines (page numbers included)
    removed from its top and bottom edges."""
    count = len(page.lines)
    top = range(min(_EDGE_LINES, count))
    bottom = range(max(count - _EDGE_LINES, 0), count)
    edge = [i for i in dict.fromkeys([*top, *bottom])
            if _mask(page.lines[i]) in running or _PAGE_NUMBER.match(page.lines[i])]
    body = [line for i, line in enumerate(page.lines) if i not in edge]
    headers = [page.lines[i].strip() for i in edge if i in top]
    footers = [page.lines[i].strip() for i in edge if i not in top]
    return body, headers, footers


def _assemble(pages: list[_Page], running: set[str]
              ) -> tuple[str, list[int], list[str], list[str]]:
    """Join lines into paragraphs across pages. Returns the text, where each page starts in it,
    and the distinct running header and footer lines removed, in order of appearance."""
    parts: list[str] = []
    page_starts: list[int] = []
    headers: dict[str, None] = {}
    footers: dict[str, None] = {}
    length = 0
    previous = ""
    width = max((len(line) for page in pages for line in page.lines), default=80)
    for page in pages:
        body, page_headers, page_footers = _split_page(page, running)
        headers.update(dict.fromkeys(page_headers))
        footers.update(dict.fromkeys(page_footers))
        page_starts.append(length)
        for number, line in enumerate(body):
            joiner = _joiner(previous, line, width) if parts else ""
            if number == 0:
                page_starts[-1] = length + len(joiner)  # the page's first character
            piece = joiner + line.strip()
            parts.append(piece)
            length += len(piece)
            previous = line
    return "".join(parts) + "\n", page_starts, list(headers), list(footers)


def _joiner(previous: str, line: str, width: int) -> str:
    prev, current = previous.rstrip(), line.strip()
    if prev.endswith("\u00ad"):
        return ""
    if prev.endswith("-") and len(prev) > 1 and prev[-2].isalnum() and current[:1].isalnum():
        return ""  # NĐ-\nCP: a symbol broken at its hyphen
    if current[:1].islower() and not is_block_start(current) and not _is_caps(prev):
        return " "  # a paragraph split by a line wrap or a page break
    if is_block_start(current) or current.isupper():
        return "\n"
    if _SENTENCE_END.search(prev) or len(prev) < 0.6 * width:
        return "\n"
    return " "


def _is_caps(line: str) -> bool:
    """A title line in capitals (`KẾ HOẠCH`): the lower-case line under it is not its continuation."""
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


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
