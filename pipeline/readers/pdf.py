"""PDF → `SourceDocument`.

Text comes from pypdfium2 (PDFium's text layer, fast); tables only on pages that draw lines, from
PDFium's page objects as pdfplumber would read them (`pdf_tables`), by pdfplumber itself on a
page PDFium cannot give as pdfplumber sees it. Running headers and footers and page numbers are
removed, lines are joined into paragraphs, a paragraph split by a page break is joined again, and
`NĐ-\\nCP` loses its break.
"""

from __future__ import annotations

import logging
import re
import subprocess
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import pypdfium2 as pdfium

from ..errors import IngestError, Reason
from ..records import Cell, Problem, ReadByOcr, SourceDocument, Table
from .layout import in_o_list, is_block_start, is_o_bullet
from .limits import Limits
from .ocr import DPI, INSTALL, LANGUAGE, OcrPage, ocr_available, ocr_page
from .pdf_tables import PageObjects, RawTable, Unreadable, read_tables, scan_objects
from .quality import is_garbled

_PAGE_NUMBER = re.compile(r"^\s*[-–—]?\s*(trang\s*)?\d{1,4}(\s*/\s*\d{1,4})?\s*[-–—]?\s*$", re.I)
_DIGITS = re.compile(r"\d+")
_SENTENCE_END = re.compile(r"[.:;!?…]\W*$")
_EDGE_LINES = 2  # lines at the top and bottom of a page that may be running headers/footers
_RULINGS = 4  # path objects on a page that may draw a table
PDFIUM, PDFPLUMBER = "pdfium", "pdfplumber"

# Which reader read the tables of each ruled page since the process started: `pdfium`, or
# `pdfplumber: <why>` (for `benchmarks/` and the tests; a debug line names each page too).
TABLE_PAGES: Counter[str] = Counter()
_log = logging.getLogger(__name__)


@dataclass
class _Page:
    lines: list[str]
    has_rulings: bool
    image_share: float = 0.0  # the share of the page its largest image covers
    garbled: bool = False  # a text layer that is not Vietnamese (a broken font map, noisy OCR)
    tables: list[RawTable] | None = None  # read from PDFium; None: pdfplumber reads them
    tables_by: str = PDFPLUMBER  # which reader, and why pdfplumber when it is


def read_pdf(name: str, data: bytes, sha256: str, limits: Limits,
             tables_by: str = PDFIUM) -> SourceDocument:
    """`tables_by="pdfplumber"` reads every ruled page with pdfplumber, as before PDFium's
    reading of tables (`benchmarks/compare_pdf_tables.py` compares the two)."""
    if b"%PDF-" not in data[:1024]:  # readers accept the header anywhere in the first 1 kB
        raise IngestError(name, Reason.CORRUPT, "not a PDF (no %PDF- header)")
    pdf = _open(name, data)
    try:
        if len(pdf) > limits.max_pdf_pages:
            raise IngestError(name, Reason.TOO_LARGE,
                              f"{len(pdf)} pages is over the {limits.max_pdf_pages}-page limit")
        pages = [_read_page(name, pdf[i], tables_by) for i in range(len(pdf))]
        notes, ocr_pages = _read_scans(name, pdf, pages, limits)
    finally:
        pdf.close()
    if _chars(pages) < limits.min_chars_per_page:  # no text, no image: text drawn as shapes
        raise IngestError(name, Reason.NO_TEXT_LAYER,
                          f"no text layer and no scanned image on its {len(pages)} pages")
    running = _running_lines(pages)
    text, page_starts, headers, footers = _assemble(pages, running)
    tables = _tables(name, data, pages, text, page_starts)
    return SourceDocument(
        path=name, format="pdf", sha256=sha256, text=text, pages=len(pages),
        page_starts=tuple(page_starts), tables=tuple(tables),
        headers=tuple(headers), footers=tuple(footers), warnings=notes, ocr_pages=ocr_pages,
    )


def _read_scans(name: str, pdf: pdfium.PdfDocument, pages: list[_Page], limits: Limits
                ) -> tuple[tuple[Problem, ...], tuple[ReadByOcr, ...]]:
    """Pages without a text layer, or with a garbled one, are read by OCR (in place); the note
    says which, with the engine's confidence, and each such page is recorded."""
    empty = [i for i, page in enumerate(pages) if _is_scan(page, limits)]
    if not empty:
        return (), ()
    garbled = [i for i in empty if pages[i].garbled]
    if not ocr_available():
        missing = [i for i in empty if i not in garbled]
        if _chars(p for i, p in enumerate(pages) if i not in missing) < limits.min_chars_per_page:
            raise IngestError(name, Reason.NO_TEXT_LAYER,
                              f"no text layer: a scan; reading it needs OCR ({INSTALL})")
        return _without_ocr(missing, garbled), ()
    read = {i: _ocr(name, pdf, i) for i in empty}
    for i, result in read.items():
        pages[i] = _Page([line for line in result.lines if line.strip()], has_rulings=False)
    if _chars(pages) < limits.min_chars_per_page:
        raise IngestError(name, Reason.NO_TEXT_LAYER, "no text, even by OCR")
    worded = {i: r.confidence for i, r in read.items() if r.lines}  # a blank page has no words
    ocr_pages = tuple(ReadByOcr(i + 1, worded.get(i), doubted_numbers=read[i].doubted_numbers)
                      for i in empty)
    if not worded:
        return (Problem(stage="ingest", code="ocr", message=(
            f"pages {_pages(empty)} have an image but no text, even by OCR")),), ocr_pages
    low = min(worded, key=worded.__getitem__)
    mean = sum(worded.values()) / len(worded)
    extra = ""
    if len(worded) < len(read):
        extra += f"; pages {_pages(sorted(set(read) - set(worded)))} blank"
    if garbled:
        extra += f"; the text layer of pages {_pages(garbled)} was garbled"
    return (Problem(stage="ingest", code="ocr", message=(
        f"pages {_pages(empty)} read by OCR (Tesseract, {LANGUAGE}, {DPI} dpi): mean word "
        f"confidence {mean:.0f}, lowest {worded[low]:.0f} on page {low + 1}{extra}")),), ocr_pages


def _chars(pages: Iterable[_Page]) -> int:
    return sum(len("".join(page.lines).strip()) for page in pages)


def _without_ocr(missing: list[int], garbled: list[int]) -> tuple[Problem, ...]:
    """No Tesseract (and some text to keep): a partly scanned PDF keeps its text pages, and a
    garbled text layer is kept as it is, each with a note naming what would read them."""
    notes = []
    if missing:
        notes.append(Problem(stage="ingest", code="pages-without-text", message=(
            f"pages {_pages(missing)} have no text layer and were left out ({INSTALL} reads "
            "them)")))
    if garbled:
        notes.append(Problem(stage="ingest", code="garbled-text", message=(
            f"pages {_pages(garbled)}: the text layer is not Vietnamese (a broken font map or a "
            f"noisy OCR layer), kept as it is ({INSTALL} re-reads them)")))
    return tuple(notes)


def _is_scan(page: _Page, limits: Limits) -> bool:
    """An image over half the page with little text on it (a signature box's text may be), or
    a sizeable image and no text at all; a page with neither text nor image is just blank."""
    chars = len("".join(page.lines).strip())
    return (page.garbled or (chars < _SCAN_TEXT and page.image_share > 0.5)
            or (chars < limits.min_chars_per_page and page.image_share > 0.1))


def _ocr(name: str, pdf: pdfium.PdfDocument, index: int) -> OcrPage:
    """One page by OCR; an engine that fails or hangs names the file and page."""
    page = pdf[index]
    try:
        return ocr_page(page)
    except (OSError, subprocess.SubprocessError, pdfium.PdfiumError) as error:
        raise IngestError(name, Reason.CORRUPT,
                          f"OCR failed on page {index + 1} ({_first_line(error)})") from None
    finally:
        page.close()


def _first_line(error: Exception) -> str:
    stderr = getattr(error, "stderr", None)
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else str(error)
    return (text.strip().splitlines() or [type(error).__name__])[0][:120]


def _pages(indexes: list[int]) -> str:
    return ", ".join(str(i + 1) for i in indexes)


def _open(name: str, data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        message = str(error)
        if "password" in message.lower():
            raise IngestError(name, Reason.ENCRYPTED,
                              "the PDF is password-protected; decrypt it first") from None
        raise IngestError(name, Reason.CORRUPT, f"damaged or truncated PDF ({message})") from None


def _read_page(name: str, page: pdfium.PdfPage, tables_by: str) -> _Page:
    try:
        textpage = page.get_textpage()
        raw = textpage.get_text_range()
        objects = scan_objects(page)
        read = _Page([], has_rulings=objects.counted_paths >= _RULINGS,
                     image_share=_image_share(page, objects.largest_image),
                     garbled=is_garbled(raw))
        if read.has_rulings:
            read.tables, read.tables_by = _pdfium_tables(page, textpage, objects, read, tables_by)
        textpage.close()
    except pdfium.PdfiumError as error:
        raise IngestError(name, Reason.CORRUPT, f"unreadable page ({error})") from None
    finally:
        page.close()
    lines = [line.rstrip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    read.lines = [line for line in lines if line.strip()]
    return read


def _pdfium_tables(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, objects: PageObjects,
                   read: _Page, tables_by: str) -> tuple[list[RawTable] | None, str]:
    """A ruled page's tables from PDFium while the page is open, or None and why pdfplumber
    reads them: asked to, a garbled text layer (pdfplumber writes `(cid:N)` for a glyph without a
    character, PDFium the glyph's code: neither is text, and pdfplumber's reading is kept), or
    what `pdf_tables` cannot read."""
    if tables_by == PDFPLUMBER:
        return None, f"{PDFPLUMBER}: asked"
    if read.garbled:
        return None, f"{PDFPLUMBER}: garbled text layer"
    try:
        return read_tables(page, textpage, objects), PDFIUM
    except Unreadable as why:
        return None, f"{PDFPLUMBER}: {why}"
    except pdfium.PdfiumError as error:  # the text was read: the tables may be still
        return None, f"{PDFPLUMBER}: PDFium failed ({error})"


# A scanned page may still carry some text (a digital signature's box): under this many
# characters, with an image over half the page, it is read by OCR.
_SCAN_TEXT = 300


def _image_share(page: pdfium.PdfPage, largest: float) -> float:
    """The share of the page the largest image (its area, `scan_objects`) covers."""
    width, height = page.get_size()
    return largest / (width * height) if width and height else 0.0


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
    o_list = False  # inside Word's `o` list: its lower-case items open lines too
    width = max((len(line) for page in pages for line in page.lines), default=80)
    for page in pages:
        body, page_headers, page_footers = _split_page(page, running)
        headers.update(dict.fromkeys(page_headers))
        footers.update(dict.fromkeys(page_footers))
        page_starts.append(length)
        for number, line in enumerate(body):
            joiner = _joiner(previous, line, width, o_list) if parts else ""
            o_list = in_o_list(line, o_list)
            if number == 0:
                page_starts[-1] = length + len(joiner)  # the page's first character
            piece = joiner + line.strip()
            parts.append(piece)
            length += len(piece)
            previous = line
    return "".join(parts) + "\n", page_starts, list(headers), list(footers)


def _joiner(previous: str, line: str, width: int, o_list: bool = False) -> str:
    prev, current = previous.rstrip(), line.strip()
    if o_list and is_o_bullet(current, in_list=True):
        return "\n"
    if prev.endswith("\u00ad"):
        return ""
    if prev.endswith("-") and len(prev) > 1 and prev[-2].isalnum() and current[:1].isalnum():
        return ""  # NĐ-\nCP: a symbol broken at its hyphen
    if current[:1].islower() and not is_block_start(current, prev) and not _is_caps(prev):
        return " "  # a paragraph split by a line wrap or a page break
    if is_block_start(current, prev) or current.isupper():
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
    """The tables of the pages that draw lines (PDFium's reading, or pdfplumber's where PDFium
    could not read them); cells located in our text."""
    wanted = [i for i, page in enumerate(pages) if page.has_rulings]
    left = [i for i in wanted if pages[i].tables is None]
    by_pdfplumber = _pdfplumber_tables(name, data, left) if left else {}
    tables: list[Table] = []
    for i in wanted:
        TABLE_PAGES[pages[i].tables_by] += 1
        _log.debug("%s page %d: tables by %s", name, i + 1, pages[i].tables_by)
        for raw_table in by_pdfplumber.get(i, pages[i].tables) or []:
            table = _locate_table(raw_table, text, page_starts[i])
            if table is not None:
                tables.append(table)
    return tables


def _pdfplumber_tables(name: str, data: bytes, indexes: list[int]) -> dict[int, list[RawTable]]:
    """pdfplumber's `extract_tables()` of these pages (imported only when a page needs it)."""
    import io

    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return {i: pdf.pages[i].extract_tables() for i in indexes}
    except Exception as error:  # pdfplumber/pdfminer raise many types on odd files
        raise IngestError(name, Reason.CORRUPT, f"table extraction failed ({error})") from None


def _locate_table(raw_table: list[list[str | None]], text: str, search_from: int) -> Table | None:
    """Each cell's words found in the text after the previous cell's (a cell not found stays
    at the cursor, empty)."""
    rows: list[tuple[Cell, ...]] = []
    cursor = search_from
    for raw_row in raw_table:
        cells: list[Cell] = []
        for raw_cell in raw_row:
            words = (raw_cell or "").split()
            if not words:
                cells.append(Cell("", cursor, cursor))
                continue
            found = find_words(words, text, cursor)
            if found is None:
                cells.append(Cell(" ".join(words), cursor, cursor))
                continue
            cells.append(Cell(" ".join(words), *found))
            cursor = found[1]
        rows.append(tuple(cells))
    if not rows:
        return None
    spans = [cell for row in rows for cell in row if cell.end > cell.start]
    if not spans:
        return None
    return Table(min(c.start for c in spans), max(c.end for c in spans), tuple(rows))


def find_words(words: list[str], text: str, start: int) -> tuple[int, int] | None:
    """The first place from `start` where `words` (no blanks in them) follow one another with
    blanks between: what `re.compile(r"\\s+".join(map(re.escape, words))).search(text, start)`
    finds, without compiling a pattern per cell (the compiling was most of the time tables took
    once PDFium read them)."""
    first = words[0]
    at = text.find(first, start)
    while at != -1:
        end = _follow(words, text, at + len(first))
        if end is not None:
            return at, end
        at = text.find(first, at + 1)
    return None


def _follow(words: list[str], text: str, end: int) -> int | None:
    """Where the other words end if each comes after one or more blanks, else None."""
    for word in words[1:]:
        gap = end
        while gap < len(text) and text[gap].isspace():
            gap += 1
        if gap == end or not text.startswith(word, gap):
            return None
        end = gap + len(word)
    return end
