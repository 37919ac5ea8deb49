"""DOCX → `SourceDocument` with python-docx.

Body paragraphs and tables in document order; list numbering rendered as written in Word
(`1.`, `a)`, `-`); tables as rows of cells (also rendered into the text as `cell | cell`);
section headers and footers kept apart from the body.
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import IngestError, Reason
from ..records import Cell, Problem, SourceDocument, Table
from .legacy import LABELS, Legacy, convert_run, font_encoding
from .limits import Limits, human_size

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_docx(name: str, data: bytes, sha256: str, limits: Limits) -> SourceDocument:
    _check_container(name, data, limits)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises KeyError, ValueError, lxml errors ...
        raise IngestError(name, Reason.CORRUPT, f"not a readable DOCX ({error})") from None
    numbering = _Numbering.from_document(document)
    fonts = _Fonts.from_document(document)
    writer = _TextWriter(fonts)
    for child in _blocks(document.element.body):
        if child.tag == W + "p":
            writer.paragraph(_paragraph_text(child, fonts), numbering.label(child, document))
        else:
            writer.table(child)
    headers, footers = _headers_footers(document)
    text = writer.text()
    if not text.strip():
        raise IngestError(name, Reason.EMPTY, "the DOCX holds no text")
    return SourceDocument(
        path=name, format="docx", sha256=sha256, text=text, tables=tuple(writer.tables),
        headers=headers, footers=footers, warnings=_font_notes(fonts),
    )


def _font_notes(fonts: _Fonts) -> tuple[Problem, ...]:
    """The runs converted from legacy fonts, as problems `legacy-encoding`."""
    return tuple(
        Problem(stage="ingest", code="legacy-encoding", message=(
            f"{count} run(s) set in {LABELS[encoding]} converted to Unicode"))  # type: ignore[index]
        for encoding, count in sorted(fonts.converted.items()))


def _check_container(name: str, data: bytes, limits: Limits) -> None:
    if data.startswith(_OLE_MAGIC):
        raise IngestError(name, Reason.ENCRYPTED,
                          "an OLE file, not a DOCX: password-protected, or a legacy .doc")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise IngestError(name, Reason.CORRUPT, "not a DOCX (not a zip archive)") from None
    with archive:
        infos = archive.infolist()
        expanded = sum(info.file_size for info in infos)
        if expanded > limits.max_docx_uncompressed or expanded > limits.max_docx_ratio * max(
            len(data), 1 << 20
        ):
            raise IngestError(
                name, Reason.ZIP_BOMB,
                f"its parts expand to {human_size(expanded)} from {human_size(len(data))}",
            )
        if "word/document.xml" not in {info.filename for info in infos}:
            raise IngestError(name, Reason.CORRUPT, "not a DOCX (no word/document.xml)")


def _blocks(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables in document order, also those inside content controls (`w:sdt`),
    which Word uses for cover pages, tables of contents and form fields."""
    for child in parent.iterchildren():
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _blocks(content)


def _paragraph_text(p: Any, fonts: _Fonts) -> str:
    """The paragraph's runs in order; a run set in a legacy font (`.VnTime`, `VNI-Times`) is
    converted to Unicode by its font, which is surer than guessing from its letters."""
    parts: list[str] = []
    style = _val(p.find(f"{W}pPr/{W}pStyle"))
    legacy: dict[Any, tuple[Legacy, bool] | None] = {}  # run element → its font's encoding
    for node in p.iter(W + "t", W + "tab", W + "br", W + "cr"):
        if node.tag == W + "t":
            text = node.text or ""
            run = node.getparent()
            if run not in legacy:
                legacy[run] = font_encoding(fonts.of(run, style))
            encoding = legacy[run]
            converted = convert_run(text, *encoding) if text and encoding is not None else None
            if converted is not None and encoding is not None:
                text = converted
                fonts.converted[encoding[0]] += 1
            parts.append(text)
        elif node.tag == W + "tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


@dataclass
class _Fonts:
    """Which font each run is set in: its own, its character style's, its paragraph style's
    (following `basedOn`), or the document's default; and how many runs were converted."""

    styles: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    default_paragraph: str | None = None
    default_font: str | None = None
    converted: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @classmethod
    def from_document(cls, document: Any) -> _Fonts:
        fonts = cls()
        root = document.styles.element
        fonts.default_font = _font(root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))
        for style in root.iterchildren(W + "style"):
            style_id = style.get(W + "styleId", "")
            fonts.styles[style_id] = (_val(style.find(W + "basedOn")), _font(style.find(W + "rPr")))
            if style.get(W + "type") == "paragraph" and style.get(W + "default") in ("1", "true"):
                fonts.default_paragraph = style_id
        return fonts

    def of(self, run: Any, paragraph_style: str | None) -> str | None:
        direct = _font(run.find(W + "rPr"))
        if direct:
            return direct
        run_style = _val(run.find(f"{W}rPr/{W}rStyle"))
        return (self._style_font(run_style) or self._style_font(
            paragraph_style or self.default_paragraph) or self.default_font)

    def _style_font(self, style_id: str | None) -> str | None:
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            based_on, font = self.styles[style_id]
            if font:
                return font
            style_id = based_on
        return None


def _font(rpr: Any) -> str | None:
    """The font a run-properties element names for Latin text (`w:ascii`, else `w:hAnsi`)."""
    node = None if rpr is None else rpr.find(W + "rFonts")
    if node is None:
        return None
    return node.get(W + "ascii") or node.get(W + "hAnsi")


@dataclass
class _Numbering:
    """Word list numbering: numId → abstract levels, with running counters."""

    levels: dict[str, dict[int, tuple[str, str, int]]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))

    @classmethod
    def from_document(cls, document: Any) -> _Numbering:
        result = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return result
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iterchildren(W + "abstractNum"):
            levels = {}
            for lvl in node.iterchildren(W + "lvl"):
                fmt = _val(lvl.find(W + "numFmt")) or "decimal"
                text = _val(lvl.find(W + "lvlText")) or ""
                start = int(_val(lvl.find(W + "start")) or 1)
                levels[int(lvl.get(W + "ilvl", "0"))] = (fmt, text, start)
            abstract[node.get(W + "abstractNumId", "")] = levels
        for num in root.iterchildren(W + "num"):
            ref = _val(num.find(W + "abstractNumId"))
            if ref in abstract:
                result.levels[num.get(W + "numId", "")] = abstract[ref]
        return result

    def label(self, p: Any, document: Any) -> str:
        num_id, ilvl = _num_pr(p, document)
        if num_id is None or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        counters = self.counters[num_id]
        fmt, pattern, start = levels.get(ilvl, ("bullet", "-", 1))
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt == "bullet":
            return "- "
        label = pattern
        for level, (level_fmt, _, level_start) in levels.items():
            value = counters.get(level, level_start)
            label = label.replace(f"%{level + 1}", _format_number(value, level_fmt))
        return label + " "


def _val(node: Any) -> str | None:
    return None if node is None else node.get(W + "val")


def _num_pr(p: Any, document: Any) -> tuple[str | None, int]:
    ppr = p.find(W + "pPr")
    numpr = None if ppr is None else ppr.find(W + "numPr")
    if numpr is None and ppr is not None:
        style_id = _val(ppr.find(W + "pStyle"))
        numpr = _style_num_pr(document, style_id)
    if numpr is None:
        return None, 0
    return _val(numpr.find(W + "numId")), int(_val(numpr.find(W + "ilvl")) or 0)


def _style_num_pr(document: Any, style_id: str | None) -> Any:
    seen = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        style = document.styles.element.find(f"{W}style[@{W}styleId='{style_id}']")
        if style is None:
            return None
        ppr = style.find(W + "pPr")
        if ppr is not None and ppr.find(W + "numPr") is not None:
            return ppr.find(W + "numPr")
        style_id = _val(style.find(W + "basedOn"))
    return None


def _format_number(value: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return "abcdeghiklmnopqrstuvxy"[(value - 1) % 22]  # the Vietnamese alphabet order
    if fmt == "upperLetter":
        return "ABCDEGHIKLMNOPQRSTUVXY"[(value - 1) % 22]
    if fmt in {"upperRoman", "lowerRoman"}:
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(value)


def _roman(value: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = "L" * (value // 50)
    value %= 50
    for amount, numeral in numerals:
        while value >= amount:
            out += numeral
            value -= amount
    return out


class _TextWriter:
    """Accumulates the document text and the tables with their spans."""

    def __init__(self, fonts: _Fonts) -> None:
        self.fonts = fonts
        self.parts: list[str] = []
        self.length = 0
        self.tables: list[Table] = []

    def _write(self, piece: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return start, self.length

    def paragraph(self, text: str, label: str) -> None:
        self._write(label + text + "\n")

    def table(self, tbl: Any) -> None:
        """Each cell's paragraphs on lines of their own; the `Table` keeps rows and cells."""
        rows: list[tuple[Cell, ...]] = []
        table_start = self.length
        for tr in tbl.iterchildren(W + "tr"):
            cells: list[Cell] = []
            for tc in tr.iterchildren(W + "tc"):
                lines = [text for p in tc.iter(W + "p") if (text := _paragraph_text(p, self.fonts).strip())]
                start, end = self._write("\n".join(lines))
                self._write("\n")
                cells.append(Cell(" ".join(lines), start, end))
            rows.append(tuple(cells))
        if rows:
            self.tables.append(Table(table_start, self.length, tuple(rows)))

    def text(self) -> str:
        return "".join(self.parts)


def _headers_footers(document: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    headers: list[str] = []
    footers: list[str] = []
    for section in document.sections:
        for part, out in ((section.header, headers), (section.footer, footers)):
            text = "\n".join(p.text for p in part.paragraphs if p.text.strip())
            if text and text not in out:
                out.append(text)
    return tuple(headers), tuple(footers)
