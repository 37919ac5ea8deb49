"""Rebuild the fictional sample directives in ``corpora/samples/`` from ``corpora/sources/``.

Every sample is written from one UTF-8 (NFC) source file in ``corpora/sources/``. The sources use a
tiny line-based markup (see ``corpora/samples/README.md``):

``@header TEXT``        running page header (DOCX only)
``@table plain|grid``   the following ``|`` lines form a borderless / gridded table
``| a | b |``           a table row; ``<br>`` splits a cell into paragraphs
``= TEXT``              centred bold title line
``# / ## / ### TEXT``   heading level 1 / 2 / 3
``- TEXT``              bullet list item (Word list paragraph with a ``-`` bullet)
``#. TEXT``             numbered list item (Word list paragraph, real automatic numbering)
other lines             body paragraphs; ``**bold**`` and ``_italic_`` inline

Outputs::

    kl-187-tw.txt   copied verbatim (the source is plain text, no markup)
    kh-215-tu.docx  built with python-docx
    kh-96-hu.pdf    built as sources/kh-96-hu.docx, then converted by LibreOffice (soffice)
    kh-142-ubnd.md  rendered as a legal web site's markdown

Run: ``.venv/bin/python corpora/build_samples.py`` (``--no-pdf`` skips LibreOffice).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent
SOURCES = ROOT / "sources"
SAMPLES = ROOT / "samples"

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 13
SMALL_PT = 12
ZIP_TIME = (2024, 1, 1, 0, 0, 0)
DOC_TIME = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
BULLET_NUM_ID = "1"  # python-docx default template: 'List Bullet' -> numId 1
NUMBER_NUM_ID = "5"  # python-docx default template: 'List Number' -> numId 5
GRID_WIDTHS_CM = {5: (1.4, 5.5, 3.3, 3.6, 2.7)}
PLAIN_WIDTHS_CM = {2: (7.2, 9.3)}
MIN_PDF_PAGES = 3
SENTENCE_END = (".", ":", ";", ")", "./.")
SOFFICE_HINT = (
    "soffice not found; install LibreOffice Writer, e.g. "
    "apt-get install -y --no-install-recommends libreoffice-writer-nogui "
    "fonts-liberation2 fonts-dejavu"
)

INLINE_MARK = re.compile(r"(\*\*|_)")
HEADING = re.compile(r"^(#{1,3}) (.*)$")


# --------------------------------------------------------------------------- source model


@dataclass(frozen=True)
class Block:
    """One rendered unit of a source document."""

    kind: str  # title | h1 | h2 | h3 | para | bullet | number | table
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    grid: bool = False


@dataclass(frozen=True)
class Source:
    """A parsed source: optional running header plus blocks in reading order."""

    header: str | None
    blocks: tuple[Block, ...]


def read_source(path: Path) -> str:
    """Read a source file, insisting on NFC so samples stay NFC."""
    text = path.read_text(encoding="utf-8")
    if unicodedata.normalize("NFC", text) != text:
        raise ValueError(f"{path} is not NFC-normalized")
    return text


def split_row(line: str) -> tuple[str, ...]:
    """``| a | b |`` -> ``("a", "b")``."""
    return tuple(cell.strip() for cell in line.strip().strip("|").split(" | "))


def line_block(line: str) -> Block:
    """Classify one non-table, non-directive line."""
    if line.startswith("= "):
        return Block("title", line[2:])
    if line.startswith("#. "):
        return Block("number", line[3:])
    heading = HEADING.match(line)
    if heading:
        return Block(f"h{len(heading.group(1))}", heading.group(2))
    if line.startswith("- "):
        return Block("bullet", line[2:])
    return Block("para", line)


def parse_source(text: str) -> Source:
    """Parse the line markup described in the module docstring."""
    header: str | None = None
    blocks: list[Block] = []
    rows: list[tuple[str, ...]] = []
    grid = False

    def flush_table() -> None:
        if rows:
            blocks.append(Block("table", rows=tuple(rows), grid=grid))
            rows.clear()

    for raw in text.splitlines():
        line = raw.rstrip()
        if line.startswith("|"):
            rows.append(split_row(line))
            continue
        flush_table()
        if line.startswith("@header "):
            header = line.removeprefix("@header ")
        elif line.startswith("@table "):
            grid = line.removeprefix("@table ").strip() == "grid"
        elif line:
            blocks.append(line_block(line))
    flush_table()
    return Source(header, tuple(blocks))


def inline_runs(text: str) -> Iterator[tuple[str, bool, bool]]:
    """Yield ``(text, bold, italic)`` runs from ``**bold**`` / ``_italic_`` markup."""
    bold = italic = False
    for piece in INLINE_MARK.split(text):
        if piece == "**":
            bold = not bold
        elif piece == "_":
            italic = not italic
        elif piece:
            yield piece, bold, italic


def strip_inline(text: str) -> str:
    """Text without inline markup."""
    return "".join(piece for piece, _, _ in inline_runs(text))


# --------------------------------------------------------------------------- DOCX: styles


def set_run_font(rpr_owner: object, size: float | None = None) -> None:
    """Force Times New Roman (no theme fonts) on a style or run ``font`` owner."""
    font = rpr_owner.font  # type: ignore[attr-defined]
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    rpr = rpr_owner.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def style_headings(doc: DocxDocument) -> None:
    """Black, Times New Roman, 14 pt headings (level 3 bold italic), as in real directives."""
    for level in (1, 2, 3):
        style = doc.styles[f"Heading {level}"]
        set_run_font(style, BODY_PT)
        style.font.bold = True
        style.font.italic = level == 3
        color = style.element.rPr.find(qn("w:color"))
        if color is not None:
            style.element.rPr.remove(color)
        fmt = style.paragraph_format
        fmt.space_before = Pt(6)
        fmt.space_after = Pt(6)
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Cm(1) if level > 1 else None


def style_body(doc: DocxDocument) -> None:
    """Normal style: Times New Roman 14 pt, justified, first-line indent 1 cm."""
    normal = doc.styles["Normal"]
    set_run_font(normal, BODY_PT)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1)
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.15
    fmt.widow_control = True


def set_list_level(doc: DocxDocument, num_id: str, fmt: str, text: str) -> None:
    """Rewrite level 0 of the abstract numbering behind ``num_id`` (Vietnamese style lists)."""
    numbering = doc.part.numbering_part.element
    num = numbering.find(f"{qn('w:num')}[@{qn('w:numId')}='{num_id}']")
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = numbering.find(f"{qn('w:abstractNum')}[@{qn('w:abstractNumId')}='{abstract_id}']")
    lvl = abstract.find(qn("w:lvl"))
    for child in list(lvl):
        if child.tag in {qn("w:numFmt"), qn("w:lvlText"), qn("w:pPr"), qn("w:rPr"), qn("w:suff")}:
            lvl.remove(child)
    lvl.append(_element("w:numFmt", val=fmt))
    lvl.append(_element("w:suff", val="space"))
    lvl.append(_element("w:lvlText", val=text))
    ppr = OxmlElement("w:pPr")
    ppr.append(_element("w:ind", left="0", firstLine="567"))
    lvl.append(ppr)
    rpr = OxmlElement("w:rPr")
    rpr.append(_element("w:rFonts", ascii=FONT, hAnsi=FONT, hint="default"))
    lvl.append(rpr)


def _element(tag: str, **attrs: str) -> OxmlElement:
    """A ``w:`` element with ``w:`` attributes."""
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def style_lists(doc: DocxDocument) -> None:
    """'List Bullet' shows ``-``, 'List Number' shows ``1.``; both indented like body text."""
    set_list_level(doc, BULLET_NUM_ID, "bullet", "-")
    set_list_level(doc, NUMBER_NUM_ID, "decimal", "%1.")
    for name in ("List Bullet", "List Number"):
        style = doc.styles[name]
        style.paragraph_format.space_after = Pt(6)
        spacing = style.element.pPr.find(qn("w:contextualSpacing"))
        if spacing is not None:
            style.element.pPr.remove(spacing)


def setup_page(doc: DocxDocument) -> None:
    """A4 portrait, margins of Decree 30/2020 (top/bottom 2 cm, left 3 cm, right 1.5 cm)."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.header_distance = section.footer_distance = Cm(1)


def add_page_field(paragraph: Paragraph) -> None:
    """Append a ``PAGE`` field (begin / instrText / separate / result / end)."""
    for kind, payload in (
        ("begin", None),
        ("instr", " PAGE "),
        ("separate", None),
        ("text", "1"),
        ("end", None),
    ):
        run = paragraph.add_run()
        set_run_font(run, SMALL_PT)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = payload
            run._r.append(instr)
        elif kind == "text":
            run.text = payload or ""
        else:
            run._r.append(_element("w:fldChar", fldCharType=kind))


def setup_header_footer(doc: DocxDocument, header: str | None) -> None:
    """Running header text (italic, right) and a centred page-number footer."""
    section = doc.sections[0]
    if header:
        para = section.header.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        para.paragraph_format.first_line_indent = Cm(0)
        run = para.add_run(header)
        set_run_font(run, SMALL_PT)
        run.italic = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.paragraph_format.first_line_indent = Cm(0)
    add_page_field(footer)


def fix_core_properties(doc: DocxDocument, title: str) -> None:
    """Fixed metadata so rebuilding does not change the document properties."""
    props = doc.core_properties
    props.title = title
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    props.revision = 1
    props.created = DOC_TIME.replace(tzinfo=None)
    props.modified = DOC_TIME.replace(tzinfo=None)


# --------------------------------------------------------------------------- DOCX: content


def fill_paragraph(paragraph: Paragraph, text: str, size: float | None = None) -> None:
    """Add the runs of ``text`` (with inline markup) to ``paragraph``."""
    for piece, bold, italic in inline_runs(text):
        run = paragraph.add_run(piece)
        run.bold = bold or None
        run.italic = italic or None
        if size is not None:
            run.font.size = Pt(size)


def add_text_block(doc: DocxDocument, block: Block) -> None:
    """Titles, headings, list items and body paragraphs."""
    styles = {
        "h1": "Heading 1",
        "h2": "Heading 2",
        "h3": "Heading 3",
        "bullet": "List Bullet",
        "number": "List Number",
    }
    paragraph = doc.add_paragraph(style=styles.get(block.kind))
    if block.kind == "title":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Cm(0)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.keep_with_next = True
        text = block.text if block.text.startswith("-") else f"**{block.text}**"
        fill_paragraph(paragraph, text)
        return
    fill_paragraph(paragraph, block.text)


def set_table_widths(table: Table, widths_cm: Iterable[float]) -> None:
    """Fixed column widths (Word honours cell widths, LibreOffice the grid)."""
    table.autofit = False
    widths = list(widths_cm)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    for col, width in zip(table.columns, widths, strict=True):
        col.width = Cm(width)


def mark_header_row(table: Table) -> None:
    """Repeat the first row on each page, as a real task table does."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(_element("w:tblHeader", val="true"))


def keep_rows_whole(table: Table) -> None:
    """Layout rows (header / signature blocks) must not split across pages."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(_element("w:cantSplit", val="true"))


def fill_cell(cell: _Cell, text: str, *, grid: bool, header_row: bool) -> None:
    """Write ``<br>``-separated lines of ``text`` as paragraphs of ``cell``."""
    lines = text.split("<br>")
    listy = any(line.startswith("- ") for line in lines)
    size = SMALL_PT if listy and not grid else TABLE_PT
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.first_line_indent = Cm(0)
        fmt.space_after = Pt(0)
        fmt.line_spacing = 1.0
        if grid:
            centred = header_row or len(lines[0]) < 4
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
            line = f"**{line}**" if header_row else line
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if listy else WD_ALIGN_PARAGRAPH.CENTER
        fill_paragraph(paragraph, line, size)


def add_table(doc: DocxDocument, block: Block) -> None:
    """A gridded task table or a borderless layout table (header / signature blocks)."""
    ncols = len(block.rows[0])
    table = doc.add_table(rows=len(block.rows), cols=ncols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if block.grid:
        table.style = doc.styles["Table Grid"]
        mark_header_row(table)
    else:
        keep_rows_whole(table)
    widths = (GRID_WIDTHS_CM if block.grid else PLAIN_WIDTHS_CM).get(ncols)
    if widths is None:
        widths = (16.5 / ncols,) * ncols
    set_table_widths(table, widths)
    for r, row in enumerate(block.rows):
        for cell, text in zip(table.rows[r].cells, row, strict=True):
            fill_cell(cell, text, grid=block.grid, header_row=block.grid and r == 0)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def build_docx(source: Source, title: str) -> DocxDocument:
    """Assemble a DOCX document from a parsed source."""
    doc = Document()
    style_body(doc)
    style_headings(doc)
    style_lists(doc)
    setup_page(doc)
    setup_header_footer(doc, source.header)
    fix_core_properties(doc, title)
    for block in source.blocks:
        if block.kind == "table":
            add_table(doc, block)
        else:
            add_text_block(doc, block)
    return doc


def save_deterministic(doc: DocxDocument, path: Path) -> None:
    """Save with fixed zip timestamps so rebuilding gives identical bytes."""
    buffer = io.BytesIO()
    doc.save(buffer)
    buffer.seek(0)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))


# --------------------------------------------------------------------------- markdown


def md_inline(text: str) -> str:
    """``_x_`` -> ``*x*``; ``**x**`` is already markdown."""
    return text.replace("_", "*")


def md_table(block: Block) -> list[str]:
    """A pipe table; the first row becomes the markdown header row."""
    lines = [f"| {' | '.join(md_inline(cell) for cell in row)} |" for row in block.rows]
    lines.insert(1, "| " + " | ".join("---" for _ in block.rows[0]) + " |")
    return lines


def md_block(block: Block, number: int) -> str:
    """One block as markdown (legal sites print headings as bold lines)."""
    if block.kind == "table":
        return "\n".join(md_table(block))
    text = md_inline(block.text)
    if block.kind in {"title", "h1", "h2", "h3"}:
        return f"**{text}**"
    if block.kind == "bullet":
        return f"- {text}"
    if block.kind == "number":
        return f"{number}. {text}"
    return text


def render_markdown(source: Source) -> str:
    """Blocks joined by blank lines; consecutive list items stay in one list."""
    out: list[str] = []
    previous = ""
    number = 0
    for block in source.blocks:
        number = number + 1 if block.kind == "number" else 0
        tight = block.kind == previous and block.kind in {"bullet", "number"}
        if out:
            out.append("\n" if tight else "\n\n")
        out.append(md_block(block, number))
        previous = block.kind
    return "".join(out) + "\n"


# --------------------------------------------------------------------------- PDF


def convert_to_pdf(docx_path: Path, outdir: Path) -> Path:
    """Convert with LibreOffice headless, using a throw-away user profile."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit(SOFFICE_HINT)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(docx_path),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    pdf = outdir / f"{docx_path.stem}.pdf"
    if not pdf.exists():
        raise SystemExit(f"LibreOffice did not produce {pdf}")
    return pdf


def check_pdf(pdf: Path) -> list[str]:
    """Problems with the built PDF: too few pages, non-NFC text layer, no page-split paragraph."""
    with pdfplumber.open(pdf) as document:
        pages = [(page.extract_text() or "").splitlines() for page in document.pages]
    problems: list[str] = []
    if len(pages) < MIN_PDF_PAGES:
        problems.append(f"{pdf.name}: {len(pages)} pages, expected at least {MIN_PDF_PAGES}")
    text = "\n".join("\n".join(lines) for lines in pages)
    if not text.strip() or not unicodedata.is_normalized("NFC", text):
        problems.append(f"{pdf.name}: text layer missing or not NFC")
    # last line of a page is the page number; the line before it is the last body line
    split = [lines[-2] for lines in pages[:-1] if len(lines) > 1]
    if not any(not line.rstrip().endswith(SENTENCE_END) for line in split):
        problems.append(f"{pdf.name}: no paragraph breaks across a page boundary")
    return problems


# --------------------------------------------------------------------------- targets


def first_title(source: Source) -> str:
    """Document title for DOCX metadata: the title lines joined."""
    titles = [strip_inline(b.text) for b in source.blocks if b.kind == "title"]
    return " ".join(t for t in titles if not t.startswith("-"))


def build_text(name: str) -> Path:
    """Plain-text sample: the source itself."""
    target = SAMPLES / f"{name}.txt"
    target.write_text(read_source(SOURCES / f"{name}.txt"), encoding="utf-8")
    return target


def build_docx_file(name: str, outdir: Path) -> Path:
    """DOCX sample from a marked-up source."""
    source = parse_source(read_source(SOURCES / f"{name}.txt"))
    target = outdir / f"{name}.docx"
    save_deterministic(build_docx(source, first_title(source)), target)
    return target


def build_markdown(name: str) -> Path:
    """Markdown sample from a marked-up source."""
    source = parse_source(read_source(SOURCES / f"{name}.txt"))
    target = SAMPLES / f"{name}.md"
    target.write_text(render_markdown(source), encoding="utf-8")
    return target


def build_all(with_pdf: bool) -> list[Path]:
    """Build every sample; returns the written paths."""
    SAMPLES.mkdir(exist_ok=True)
    built = [
        build_text("kl-187-tw"),
        build_docx_file("kh-215-tu", SAMPLES),
        build_markdown("kh-142-ubnd"),
    ]
    district = build_docx_file("kh-96-hu", SOURCES)
    built.append(district)
    if with_pdf:
        built.append(convert_to_pdf(district, SAMPLES))
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice step")
    args = parser.parse_args(argv)
    problems: list[str] = []
    for path in build_all(with_pdf=not args.no_pdf):
        print(path.relative_to(ROOT.parent))
        if path.suffix == ".pdf":
            problems += check_pdf(path)
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
