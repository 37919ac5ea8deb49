"""The document proper, as clean text with a way back to the original.

* cuts a legal web site's chrome before the document's header and after its end (site metadata,
  copyright banner, privacy notice citing Nghị định 13/2023/NĐ-CP, log-in prompts, related lists);
* removes markdown markup (`**`, `*`, `#`, rules) and reads pipe tables, both GFM rows
  (`| a | b |`) and the one-cell-per-line layout web copies use, into `Table` records;
* joins lines broken mid-phrase and paragraphs split by a page break (next starts in lower case).

Every offset of the clean text maps back to the original through `CleanDocument.view`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from ..normalize import TextView, ViewBuilder, fold, nfc_view
from ..readers.layout import is_block_start
from ..records import Cell, SourceDocument, Table

_HEAD_CHROME = re.compile(
    r"bản dịch này thuộc quyền|đang tải văn bản|số hiệu:|^source:|tải bản đầy đủ|"
    r"bạn đang xem bản rút gọn|các nội dung được sửa đổi|click vào phần|^loại văn bản:|"
    r"^nơi ban hành:|^người ký:|^ngày ban hành:|^ngày hiệu lực:|^ngày công báo:|^số công báo:|"
    r"^tình trạng:"
)
_TAIL_CHROME = re.compile(
    r"^#*\s*văn bản liên quan\s*$|^nội dung sửa đổi, hướng dẫn|^văn bản bị thay thế\s*$|"
    r"^file được đính kèm theo văn bản|^tp\. hcm, ngày 31/05/2021|^thưa quý khách|"
    r"^cảm ơn đã dùng|^lược đồ\s*$|^tải văn bản|^thông báo về lưu trữ|^địa chỉ:\s*$"
)
# A markdown heading that names a document by kind and symbol (`# Kết luận số 69-KL/TW`): the
# file's title, or, naming another document, the start of a text the file bundles after it (a web
# copy of a resolution followed by the conclusion it replaces), where the document ends.
_BUNDLED_HEADING = re.compile(
    r"^#{1,6}\s+(?:\*\*)?(?:nghị quyết|kết luận|chỉ thị|quyết định|kế hoạch|thông báo|công văn|"
    r"hướng dẫn|quy định|thông tư|nghị định|luật|chương trình|đề án|thông tri|quy chế)"
    r"\s+(?:số\s*:?\s*)?\d+[-/][^\s]*\w", re.I)
# The site repeats the document's name on the line before this one.
_SITE_TITLE_FOLLOWER = re.compile(r"^văn bản này chưa cập nhật nội dung tiếng anh")
_HEADER_LINE = re.compile(
    r"^(ủy ban|uỷ ban|hội đồng nhân dân|ban chấp hành|đảng cộng sản|đảng bộ|tỉnh ủy|thành ủy|"
    r"huyện ủy|quận ủy|bộ|chính phủ|quốc hội|thủ tướng|văn phòng|cộng hòa xã hội|ban|số:)(?:\s|$)"
)
_MOTTO = re.compile(r"^(?:cộng hòa xã hội|đảng cộng sản|độc lập\s*-\s*tự do)")
_MARKUP = re.compile(r"\*+|^\s*#{1,6}\s+|\\(?=[*_|])|<br\s*/?>|(?<=\s)-{4,}(?=\s|$)")
# Markdown's backslash escapes of other ASCII punctuation (CommonMark 2.4): a converter writes
# `1\.` and `\-` so that a numbered item or a dash is not read as a list; the text is `1.`.
_ESCAPE = re.compile(r"\\([!-)+-/:-@\[\]^`{}~])")
_RULE = re.compile(r"^\s*(?:[-=_*]\s*){3,}$|^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_PIPE_ONLY = re.compile(r"^\s*\|\s*$")
_GFM_ROW = re.compile(r"^\s*\|.*\|\s*$")
_YEAR_END = re.compile(r"(?:19|20)\d\d$")
_YEAR_RANGE_START = re.compile(r"^[-–]\s*(?:19|20)\d\d\b")
_LONE_MARKER = re.compile(r"^(?:[IVXLC]{1,5}|\d{1,2}(?:\.\d{1,2}){0,3}|[a-zđ])\s*[.)]$|"
                          r"^(?:Điều|Chương|Mục|Phần)\s+[\dIVXLC]+[a-z]?\s*[.:]?$")
_SENTENCE_END = re.compile(r"[.:;!?…]\W*$")


@dataclass(frozen=True)
class CleanDocument:
    view: TextView  # clean text → original offsets
    tables: tuple[Table, ...]  # cell spans in *clean* offsets
    body_start: int  # in the original
    body_end: int

    @property
    def text(self) -> str:
        return self.view.text


@dataclass
class _Line:
    start: int  # original offsets of the line's content (no newline)
    end: int
    text: str  # markup removed
    raw: str


def clean(source: SourceDocument) -> CleanDocument:
    base = nfc_view(source.text)
    text = base.text
    lines = _split_lines(text)
    first, last = _body_range(lines)
    builder = _CleanBuilder(text)
    tables = builder.run(lines[first:last], laid_out=source.format in {"docx", "pdf"})
    view = base.compose(builder.view())
    body_start = base.to_original(lines[first].start) if first < len(lines) else 0
    body_end = base.to_original(lines[last - 1].end - 1) + 1 if last > first else len(source.text)
    if source.format == "docx":
        tables = _docx_tables(source, view)
    return CleanDocument(view, tuple(tables), body_start, body_end)


def _split_lines(text: str) -> list[_Line]:
    lines = []
    start = 0
    for piece in text.split("\n"):
        raw = piece.rstrip("\r")
        lines.append(_Line(start, start + len(raw), _strip_markup(raw), raw))
        start += len(piece) + 1
    return lines


def _strip_markup(raw: str) -> str:
    if not ("*" in raw or "#" in raw or "\\" in raw or "<" in raw or "----" in raw):
        return raw  # no markup character: most lines
    unescaped = _ESCAPE.sub(r"\1 ", raw) if "\\" in raw else raw  # `1\.` → `1. `, same length
    return _MARKUP.sub(lambda m: " " * len(m.group(0)), unescaped)


def _body_range(lines: list[_Line]) -> tuple[int, int]:
    """The lines of the document proper: after the head chrome, before the tail chrome."""
    folded_lines = _folded_lines(lines)
    first = 0
    top = lines[: max(1, int(len(lines) * 0.6))]
    motto = next((i for i in range(len(top)) if _MOTTO.search(
        folded_lines[i] + " " + (folded_lines[i + 1] if i + 1 < len(top) else ""))), len(top))
    markers = [i for i in range(min(motto, len(top))) if _HEAD_CHROME.search(folded_lines[i])]
    if markers:  # the header block starts after the site's last chrome line before the motto
        first = next((i for i in range(markers[-1] + 1, min(motto + 1, len(lines)))
                      if _HEADER_LINE.match(folded_lines[i])), markers[-1] + 1)
    if first > 0 and _is_caps(line_text(lines[first - 1])) and len(
            line_text(lines[first - 1]).split()) <= 2:
        first -= 1  # `ỦY` / `BAN NHÂN DÂN ...`: the issuer's name broken across lines
    if first > 0 and _PIPE_ONLY.match(lines[first - 1].raw):
        first -= 1  # the table the header block sits in
    last = len(lines)
    bundled = _bundled_document(lines)
    for i in range(first + 1, len(lines)):
        folded = folded_lines[i]
        if _SITE_TITLE_FOLLOWER.match(folded) and lines[i - 1].text.strip():
            last = i - 1
            break
        if _TAIL_CHROME.search(folded) or i == bundled:
            last = i
            break
    while last > first and (not lines[last - 1].text.strip() or _PIPE_ONLY.match(lines[last - 1].raw)):
        last -= 1
    return first, max(last, first)


def _bundled_document(lines: list[_Line]) -> int | None:
    """The line where a second document of the file starts: a markdown heading naming a
    document other than the one the file's first such heading names (its own title)."""
    own = None
    for i, line in enumerate(lines):
        if line.raw[:1] != "#":
            continue
        match = _BUNDLED_HEADING.match(line.raw)
        if match is None:
            continue
        named = fold(match.group(0).lstrip("#* "))
        if own is None:
            own = named
        elif named != own:
            return i
    return None


def _folded_lines(lines: list[_Line]) -> list[str]:
    """`fold(line_text(line))` of every line, sliced from one fold of the whole text (folding is
    length-preserving on NFC text and line breaks stop its context); lines with markup are
    folded on their own."""
    whole = fold("\n".join(line.raw for line in lines))
    folded = []
    position = 0
    for line in lines:
        end = position + len(line.raw)
        folded.append((whole[position:end] if line.text is line.raw
                       else fold(line.text)).strip())
        position = end + 1
    return folded


def line_text(line: _Line) -> str:
    return line.text.strip()


class _CleanBuilder:
    """Walks the body lines, writing paragraphs and tables into a view."""

    def __init__(self, text: str) -> None:
        self.builder = ViewBuilder(text)
        self.previous: str | None = None  # last content line written
        self.pending_break = False
        self.length = 0
        self.tables: list[Table] = []

    def view(self) -> TextView:
        return self.builder.build()

    def run(self, lines: list[_Line], laid_out: bool) -> list[Table]:
        """`laid_out`: the reader already made one line per paragraph (PDF, DOCX)."""
        i = 0
        while i < len(lines):
            line = lines[i]
            if not laid_out and _PIPE_ONLY.match(line.raw):
                i = self._pipe_table(lines, i)
                continue
            if not laid_out and _GFM_ROW.match(line.raw) and line.raw.count("|") >= 2:
                i = self._gfm_table(lines, i)
                continue
            self._line(line, hard_break=laid_out)
            i += 1
        if self.length:
            self.builder.insert("\n", self.builder.last_origin)
        return self.tables

    # -- paragraphs ---------------------------------------------------------------------------
    def _line(self, line: _Line, hard_break: bool = False) -> tuple[int, int] | None:
        content = line.text.strip()
        if not content or _RULE.match(line.raw):
            self.pending_break = True
            return None
        offset = line.start + (len(line.text) - len(line.text.lstrip()))
        if self.previous is not None:
            joiner = "\n" if hard_break else self._joiner(self.previous, content)
            self.builder.insert(joiner, offset)
            self.length += 1
        start = self.length
        self._write_content(line, offset)
        self.previous = content
        self.pending_break = False
        return start, self.length

    def _write_content(self, line: _Line, offset: int) -> None:
        """Keep the line's words; each run of spaces (and blanked markup) becomes one space."""
        text = line.text.rstrip()
        content = text[offset - line.start:]
        if "  " not in content and "\t" not in content and "\\" not in line.raw:
            self.builder.keep(offset, offset + len(content))  # nothing to repair: one run
            self.length += len(content)
            return
        previous_end = None
        for word in re.finditer(r"\S+", text[offset - line.start:]):
            word_start = offset + word.start()
            if previous_end is not None:
                # four or more spaces: the columns of a plain-text header block
                gap = "\n" if word_start - previous_end >= 4 else " "
                self.builder.insert(gap, word_start - 1)
                self.length += 1
            previous_end = offset + word.end()
            self._write_word(line, word.group(0), word_start)

    def _write_word(self, line: _Line, word: str, start: int) -> None:
        """A word as the original has it, except where a markdown escape was read (`1\\.` is
        written `1.`, the `.` standing on the backslash's offset)."""
        at = start - line.start
        if line.raw[at:at + len(word)] == word:
            self.builder.keep(start, start + len(word))
        else:
            for i, char in enumerate(word):
                if line.raw[at + i] == char:
                    self.builder.keep(start + i, start + i + 1)
                else:
                    self.builder.substitute(char, start + i)
        self.length += len(word)

    def _joiner(self, previous: str, current: str) -> str:
        if _LONE_MARKER.match(previous) and not self.pending_break:
            return " "  # `**1.` ⏎ `Nhiệm vụ của ...**`: a web copy broke the line after the marker
        if _YEAR_END.fullmatch(previous[-4:]) and _YEAR_RANGE_START.match(current):
            return " "  # `giai đoạn 2026` ⏎ `- 2030`: a range wrapped, not a bullet
        if current[:1].islower() and not is_block_start(current) and not _is_caps(previous):
            return " "  # broken mid-phrase, or split by a page break (not under a title)
        if self.pending_break or is_block_start(current):
            return "\n"
        if _SENTENCE_END.search(previous) or _is_caps(previous) != _is_caps(current):
            return "\n"
        return " "

    def _break(self, at: int) -> None:
        if self.previous is not None:
            self.builder.insert("\n", at)
            self.length += 1
        self.previous = None
        self.pending_break = False

    # -- tables -------------------------------------------------------------------------------
    def _cell(self, lines: list[_Line]) -> Cell:
        at = lines[0].start if lines else 0
        self._break(at)
        start = self.length
        for line in lines:
            self._line(line)
        self.previous = self.previous or ""
        return Cell(self.builder_text(start), start, self.length)

    def builder_text(self, start: int) -> str:
        return "".join(self.builder._parts)[start:] if start < self.length else ""

    def _pipe_table(self, lines: list[_Line], i: int) -> int:
        """The one-cell-per-line layout: `|` alone on a line closes a cell. A run of pipes is a
        row break when it is three or more long, or two long after the header row, before a
        row number (`1`, `I`, `I.1`) or when the row is full; otherwise it holds an empty cell."""
        rows: list[list[Cell]] = []
        row: list[Cell] = []
        cell_lines: list[_Line] = []
        columns: int | None = None
        i += 1
        while i < len(lines):
            if not _PIPE_ONLY.match(lines[i].raw):
                if not lines[i].text.strip() and columns and len(row) >= columns:
                    break
                cell_lines.append(lines[i])
                i += 1
                continue
            run = _pipe_run(lines, i)
            if cell_lines or row:
                row.append(self._cell(cell_lines))
            cell_lines = []
            i += run
            if run == 1:
                full = columns is not None and len(row) >= columns
                if full or (columns is None and len(row) >= 2 and _part_follows(lines, i)):
                    break  # the table ends after its last cell
                continue
            if run >= 3 or not rows or _row_number_follows(lines, i) or (
                    columns is not None and len(row) >= columns):
                if row:
                    rows.append(row)
                    columns = columns or len(row)
                row = []
            else:
                row.append(Cell("", self.length, self.length))  # `| |`: an empty cell
        if cell_lines:
            row.append(self._cell(cell_lines))
        if row:
            rows.append(row)
        self._finish_table(rows)
        return i

    def _gfm_table(self, lines: list[_Line], i: int) -> int:
        rows: list[list[Cell]] = []
        while i < len(lines) and (_GFM_ROW.match(lines[i].raw) or _RULE.match(lines[i].raw)):
            line = lines[i]
            i += 1
            if _RULE.match(line.raw):
                continue
            cells = []
            for match in re.finditer(r"(?<=\|)[^|]*(?=\|)", line.raw):
                part = _Line(line.start + match.start(), line.start + match.end(),
                             _strip_markup(match.group(0)), match.group(0))
                cells.append(self._cell([part]))
            rows.append(cells)
        self._finish_table(rows)
        return i

    def _finish_table(self, rows: list[list[Cell]]) -> None:
        self._break(self.builder.last_origin)
        spans = [cell for row in rows for cell in row if cell.end > cell.start]
        if spans:
            self.tables.append(Table(min(c.start for c in spans), max(c.end for c in spans),
                                     tuple(tuple(row) for row in rows)))
        self.pending_break = True


_PART_START = re.compile(
    r"^(?:phụ lục|danh mục|quyết định|kế hoạch|nghị quyết|chỉ thị|thông báo|kết luận|quy định|"
    r"quy chế|hướng dẫn|chương trình|thông tư|nghị định|công điện|căn cứ|điều \d|chương [ivxlc\d]|"
    r"phần thứ|kính gửi|v/v|thực hiện)(?![\w])"
)


def _pipe_run(lines: list[_Line], i: int) -> int:
    run = 0
    while i + run < len(lines) and _PIPE_ONLY.match(lines[i + run].raw):
        run += 1
    return run


_ROW_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}(?:\.\d{1,2})*\.?|[a-zđ]\))$")


def _row_number_follows(lines: list[_Line], i: int) -> bool:
    for line in lines[i:i + 2]:
        text = line.text.strip()
        if text:
            return bool(_ROW_NUMBER.match(text))
    return False


def _part_follows(lines: list[_Line], i: int) -> bool:
    """Does the next non-empty line open a part of a document (not a table cell)?"""
    for line in lines[i:i + 4]:
        text = line.text.strip()
        if text:
            return bool(_PART_START.match(fold(text)))
    return False


def _is_caps(line: str) -> bool:
    """An upper-case heading line (not a symbol like `90/2025/QH15`)."""
    # `isupper`: no lower-case letter and at least one cased one (every Vietnamese letter is)
    return line[:1].isalpha() and line.isupper() and any(ch.isalpha() for ch in line[1:])


def _docx_tables(source: SourceDocument, view: TextView) -> list[Table]:
    """DOCX tables come from ingestion in original offsets: express them in clean offsets."""
    to_clean = _inverse(view)
    tables = []
    for table in source.tables:
        rows = tuple(
            tuple(Cell(cell.text, to_clean(cell.start), to_clean(cell.end)) for cell in row)
            for row in table.rows
        )
        tables.append(Table(to_clean(table.start), to_clean(table.end), rows))
    return tables


def _inverse(view: TextView) -> Callable[[int], int]:
    def to_clean(original_offset: int) -> int:
        k = bisect_right(view.origins, original_offset) - 1
        if k < 0:
            return 0
        return min(view.starts[k] + (original_offset - view.origins[k]), len(view.text))

    return to_clean
