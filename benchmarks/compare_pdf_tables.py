"""PDFium's tables against pdfplumber's, page by page and document by document.

    .venv/bin/python benchmarks/compare_pdf_tables.py [--generated 4] [--word] [--ocr] [PDF ...]

Inputs: the PDFs of `corpora/samples`, of the dev corpus (`PIPELINE_SHARED`/corpus/dev-2026-12,
read in place), `--generated N` ruled-table PDFs (`ruled_pdfs.py`), with `--word` the dev
corpus's Word files (.docx, .doc) converted to PDF by LibreOffice (real tables drawn by another
program), both in a temporary folder, and any PDF named.

* Pages: on every page of every PDF, pdfplumber's `extract_tables()` against
  `pdf_tables.read_tables()` (rows of cell strings, `None` under a merged cell), compared
  exactly. A page the reader leaves to pdfplumber (`Unreadable`, a garbled text layer) counts as
  such, with its reason; a garbled one PDFium could read is compared apart. A cell that differs
  is the same text in another Unicode form (`NFC`: pdfplumber keeps a font's ToUnicode as it
  is, `ư` + U+0301, where PDFium may compose it, `ứ`), the same but for blanks (`blank`: PDFium
  sees a word space where pdfplumber's 3 pt rule sees none) or `other`.
* Documents: `read_pdf(tables_by="pdfium")` against `read_pdf(tables_by="pdfplumber")`: the
  `Table` records (rows, cells, text, offsets) must be equal; where they are not, how many
  cells of each were found in the document's text. Without `--ocr` no page is read by OCR (a
  page read by OCR has no tables in either reading; OCR takes minutes).

Differences are printed (file, page, table, row, column, both texts) to the terminal only: the
dev corpus's text is not written anywhere. Exit status 1 when a difference is `other`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from benchlib import CORPUS, REPO, log

import pipeline.readers.pdf as pdf_reader
from pipeline.readers.limits import Limits
from pipeline.readers.pdf_tables import RawTable, Unreadable, read_tables, scan_objects
from pipeline.readers.quality import is_garbled
from pipeline.records import SourceDocument

DEV = CORPUS / "dev-2026-12"
KINDS = ("NFC", "blank", "other")  # how a cell differs, mildest first


@dataclass
class Tally:
    pages: int = 0
    ruled: int = 0
    by: Counter[str] = field(default_factory=Counter)  # reader of each ruled page
    tables: int = 0
    cells: int = 0
    differing_cells: Counter[str] = field(default_factory=Counter)  # NFC / other
    differing_pages: dict[str, str] = field(default_factory=dict)  # page: NFC / other
    garbled_differ: list[str] = field(default_factory=list)  # left to pdfplumber by the reader
    documents: int = 0
    document_tables: int = 0
    differing_documents: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def compare_pages(path: Path, tally: Tally) -> None:
    """Every page: pdfplumber's tables against PDFium's."""
    import pdfplumber
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    with pdfplumber.open(path) as plumber:
        for index, plumbed in enumerate(plumber.pages):
            page = document[index]
            ours, how, ruled = _pdfium_page(page)
            page.close()
            theirs = plumbed.extract_tables()
            plumbed.close()
            tally.pages += 1
            if ruled:
                tally.ruled += 1
                tally.by[how] += 1
            if ours is not None:
                _compare_page(f"{path.name} page {index + 1}", theirs, ours, how, tally)
    document.close()


def _pdfium_page(page: object) -> tuple[list[RawTable] | None, str, bool]:
    """PDFium's tables of a page (None when left to pdfplumber), which reader the reader would
    use, and whether the page draws enough lines to be read for tables at all."""
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    objects = scan_objects(page)  # type: ignore[arg-type]
    try:
        ours: list[RawTable] | None = read_tables(page, textpage, objects)  # type: ignore[arg-type]
        how = ("pdfplumber: garbled text layer" if is_garbled(textpage.get_text_range())
               else "pdfium")
    except Unreadable as why:
        ours, how = None, f"pdfplumber: {why}"
    textpage.close()
    return ours, how, objects.counted_paths >= pdf_reader._RULINGS


def _compare_page(where: str, theirs: list[RawTable], ours: list[RawTable], how: str,
                  tally: Tally) -> None:
    tally.tables += len(theirs)
    tally.cells += sum(len(row) for table in theirs for row in table)
    if ours == theirs:
        return
    if how != "pdfium":
        tally.garbled_differ.append(where)
        return
    kinds = report(where, theirs, ours)
    tally.differing_cells.update(kinds)
    tally.differing_pages[where] = next(kind for kind in reversed(KINDS) if kind in kinds)


def report(where: str, theirs: list[RawTable], ours: list[RawTable]) -> Counter[str]:
    """Print where two readings of a page differ (terminal only); the differing cells by kind."""
    shapes = [[len(row) for row in table] for table in theirs]
    if shapes != [[len(row) for row in table] for table in ours]:
        print(f"{where}: shapes differ: pdfplumber {shapes}, "
              f"pdfium {[[len(row) for row in table] for table in ours]}")
        return Counter(other=1)
    kinds: Counter[str] = Counter()
    for t, (a, b) in enumerate(zip(theirs, ours, strict=True)):
        for r, (row_a, row_b) in enumerate(zip(a, b, strict=True)):
            for c, (cell_a, cell_b) in enumerate(zip(row_a, row_b, strict=True)):
                if cell_a == cell_b:
                    continue
                kind = _kind(cell_a, cell_b)
                kinds[kind] += 1
                print(f"{where} table {t + 1} row {r + 1} column {c + 1} ({kind}):\n"
                      f"  pdfplumber {cell_a!r}\n  pdfium     {cell_b!r}")
    return kinds


def _kind(theirs: str | None, ours: str | None) -> str:
    """How two cell texts differ: `NFC`, `blank` or `other` (see the module's note)."""
    if theirs is None or ours is None:
        return "other"
    theirs, ours = unicodedata.normalize("NFC", theirs), unicodedata.normalize("NFC", ours)
    if theirs == ours:
        return "NFC"
    return "blank" if "".join(theirs.split()) == "".join(ours.split()) else "other"


def compare_document(path: Path, tally: Tally) -> None:
    """The reader's `Table` records both ways."""
    data = path.read_bytes()
    try:
        new = pdf_reader.read_pdf(str(path), data, "", Limits(), tables_by="pdfium")
        old = pdf_reader.read_pdf(str(path), data, "", Limits(), tables_by="pdfplumber")
    except Exception as error:  # a scan without OCR: no text to compare
        tally.failed.append(f"{path.name} ({type(error).__name__}: {error})"[:160])
        return
    tally.documents += 1
    tally.document_tables += len(old.tables)
    if new.tables != old.tables or new.text != old.text:
        tally.differing_documents.append(path.name)
        print(f"{path.name}: the documents differ; cells found in the text: pdfplumber "
              f"{_found(old)}, pdfium {_found(new)}")


def _found(document: SourceDocument) -> str:
    """How many of a document's table cells with text were found in its text."""
    cells = [cell for table in document.tables for row in table.rows for cell in row
             if cell.text]
    return f"{sum(cell.end > cell.start for cell in cells)}/{len(cells)}"


def inputs(generated: int, word: bool, named: list[Path], folder: Path) -> list[Path]:
    paths = sorted((REPO / "corpora" / "samples").glob("*.pdf"))
    if DEV.is_dir():
        paths += sorted(DEV.rglob("*.pdf"))
    else:
        log(f"{DEV} not found (set PIPELINE_SHARED): the dev corpus is left out")
    if generated:
        from ruled_pdfs import build

        paths += build(folder / "generated", docs=generated)
    if word and DEV.is_dir():
        paths += converted_word(folder / "word")
    return paths + named


def converted_word(folder: Path) -> list[Path]:
    """The dev corpus's Word files as LibreOffice prints them (in a temporary folder)."""
    from ruled_pdfs import convert

    sources = sorted(p for p in DEV.rglob("*") if p.suffix.lower() in (".docx", ".doc"))
    folder.mkdir(parents=True)
    convert(sources, folder, folder / "profile")
    return sorted(folder.glob("*.pdf"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--generated", type=int, default=0, help="ruled-table PDFs to build")
    parser.add_argument("--word", action="store_true", help="the dev corpus's Word files too")
    parser.add_argument("--ocr", action="store_true", help="read scanned pages by OCR")
    args = parser.parse_args(argv)
    if not args.ocr:
        pdf_reader.ocr_available = lambda: False  # type: ignore[assignment]
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="compare-tables-") as folder:
        paths = inputs(args.generated, args.word, args.pdfs, Path(folder))
        for path in paths:
            compare_pages(path, tally)
            compare_document(path, tally)
    summary(len(paths), tally)
    return 1 if "other" in tally.differing_cells else 0


def summary(files: int, tally: Tally) -> None:
    print(f"\n{files} PDFs, {tally.pages} pages ({tally.ruled} ruled: "
          + ", ".join(f"{how} {n}" for how, n in sorted(tally.by.items())) + ")")
    pages = Counter(tally.differing_pages.values())
    print(f"pages: {tally.tables} tables, {tally.cells} cells compared; cells that differ: "
          + ", ".join(f"{kind} {tally.differing_cells[kind]}" for kind in KINDS)
          + "; pages: " + ", ".join(f"{kind} {pages[kind]}" for kind in KINDS)
          + "; " + ", ".join(f"{page} ({kind})" for page, kind in tally.differing_pages.items()
                             if kind != "NFC"))
    print(f"garbled pages (read by pdfplumber in the reader) where PDFium would differ: "
          f"{len(tally.garbled_differ)} {tally.garbled_differ}")
    print(f"documents: {tally.documents} read both ways, {tally.document_tables} tables; "
          f"{len(tally.differing_documents)} differ {tally.differing_documents}")
    if tally.failed:
        print(f"not read (no text without OCR): {len(tally.failed)}")


if __name__ == "__main__":
    sys.exit(main())
