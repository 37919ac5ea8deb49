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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import accumulate, repeat
from operator import add

from ..normalize import TextView, ViewBuilder, fold, nfc_view
from ..readers.doc import read_as_docx
from ..readers.layout import (
    CITED_PROVISION,
    SYMBOL_BULLETS,
    ends_mid_phrase,
    in_o_list,
    is_block_start,
    is_o_bullet,
)
from ..records import Cell, SourceDocument, Table, make

# The site's chrome above the header: words anywhere in a line, or a line's label. Two patterns
# so that the first opens with literals (the regex engine skips to their first letters).
_HEAD_CHROME = re.compile(
    r"bản dịch này thuộc quyền|đang tải văn bản|số hiệu:|tải bản đầy đủ|"
    r"bạn đang xem bản rút gọn|các nội dung được sửa đổi|click vào phần"
)
_HEAD_CHROME_LABEL = re.compile(
    r"source:|loại văn bản:|nơi ban hành:|người ký:|ngày ban hành:|ngày hiệu lực:|"
    r"ngày công báo:|số công báo:|tình trạng:"
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


class _Lines:
    """The lines of a text as parallel lists, without an object per line (most lines are looked
    at once): `starts[i]` is where line i starts, `raws[i]` its text without the line break (and
    carriage return), `texts[i]` the same with markdown markup blanked (same length)."""

    def __init__(self, text: str) -> None:
        pieces = text.split("\n")
        self.raws = [piece.rstrip("\r") for piece in pieces] if "\r" in text else pieces
        # each line starts one past the end of the one before (C-level running sum)
        self.starts = list(accumulate(map(add, map(len, pieces), repeat(1)), initial=0))[:-1]
        self.texts = _blank_markup(text, self.raws, self.starts)
        self.whole = text

    def __len__(self) -> int:
        return len(self.raws)

    def end(self, index: int) -> int:
        return self.starts[index] + len(self.raws[index])

    def text(self, index: int) -> str:
        return self.texts[index].strip()

    def items(self, first: int, end: int) -> Iterator[tuple[int, str, str]]:
        """(start, text, raw) of lines `first` to `end`."""
        return zip(self.starts[first:end], self.texts[first:end], self.raws[first:end],
                   strict=True)

    def next_with_pipe(self, index: int) -> int:
        """The first line from `index` on with a `|` (the number of lines if none)."""
        position = self.whole.find("|", self.starts[index]) if index < len(self.starts) else -1
        return len(self.starts) if position < 0 else bisect_right(self.starts, position) - 1


_MARKUP_HINTS = ("*", "#", "\\", "<", "----")  # what `_strip_markup` looks for first


def _blank_markup(text: str, raws: list[str], starts: list[int]) -> list[str]:
    """`_strip_markup` of every line, found from the markup characters of the whole text (a
    `str.find` per hint and line that has it): the lines without any (most) are the raw lines
    themselves."""
    marked: set[int] = set()
    for hint in _MARKUP_HINTS:
        position = text.find(hint)
        while position >= 0:
            index = bisect_right(starts, position) - 1
            marked.add(index)
            position = text.find(hint, starts[index + 1]) if index + 1 < len(starts) else -1
    texts = list(raws)
    for index in marked:
        texts[index] = _strip_markup(raws[index])
    return texts


# Slashes and hyphens a broken font or a typesetter put for `/` and `-` (`Số: 1105⁄KH-ĐKT`; a
# PDF's text layer giving U+FFFE for the hyphen of `186/KH-UBND`; the non-breaking hyphen, the
# minus sign): read as `/` and `-`, one for one. Some Vietnamese fonts map `ư` to the letter
# `ƣ` (U+01A3, `oi`), which no Vietnamese word has (`BỘ CÔNG THƢƠNG`, `đƣợc`): read as `ư`.
# A web copy's no-break spaces (`3.\u00a0Các đơn vị`, `Viện Sư phạm Kỹ thuật\u00a0và Khoa`) and
# the narrow and thin ones are spaces to every rule.
_LOOKALIKES = {"\u2044": "/", "\u2215": "/", "\uff0f": "/", "\ufffe": "-", "\u2011": "-",
               "\u2212": "-", "\u01a3": "ư", "\u01a2": "Ư", "\u00a0": " ", "\u202f": " ",
               "\u2007": " ", "\u2009": " "}
_PLAIN = str.maketrans(_LOOKALIKES)


# A symbol font's bullet (`SYMBOL_BULLETS`) opening a line reads as a bullet: `•`, or `+` for the
# square `▪` (U+F0A7) a word processor draws one level down (`➢ Quy định chung` ⏎ `• Sinh viên
# phải …` ⏎ `▪ Kết quả`).
_SYMBOL_BULLET = re.compile(r"(?m)^([^\S\n]*)([" + SYMBOL_BULLETS + r"])(?=\s)")


def _plain_bullets(text: str) -> str:
    """The symbol fonts' bullets as `•` and `+`, one for one (the offsets stay)."""
    return _SYMBOL_BULLET.sub(
        lambda bullet: bullet.group(1) + ("+" if bullet.group(2) == "\uf0a7" else "•"), text)


# Word's second-level bullet `o` (`is_o_bullet`) at a line's start reads as `+`, the bullet one
# level down, as the outline knows it.
_O_BULLET_LINE = re.compile(r"(?m)^([^\S\n]*)o(?=[^\S\n])")


def _o_bullets(text: str) -> str:
    """Word's `o` bullets as `+`, one for one (the offsets stay); a lower-case item counts once
    the list has begun (`in_o_list`)."""
    out: list[str] = []
    o_list = False
    for line in re.findall(r"[^\n]*\n|[^\n]+$", text):  # lines as the cleaner reads them
        bullet = _O_BULLET_LINE.match(line)
        item = bullet is not None and is_o_bullet(line, o_list)
        o_list = in_o_list(line, o_list)
        out.append(bullet.group(1) + "+" + line[bullet.end():] if bullet and item else line)
    return "".join(out)


def clean(source: SourceDocument) -> CleanDocument:
    base = nfc_view(source.text)
    if any(c in base.text for c in _LOOKALIKES):
        base = replace(base, text=base.text.translate(_PLAIN))  # same length: same offsets
    if any(c in base.text for c in SYMBOL_BULLETS):
        base = replace(base, text=_plain_bullets(base.text))
    if _O_BULLET_LINE.search(base.text):
        base = replace(base, text=_o_bullets(base.text))
    text = base.text
    lines = _Lines(text)
    first, last = _body_range(lines, text)
    builder = _CleanBuilder(text)
    laid_out = source.format in {"docx", "pdf"} or (source.format == "doc" and read_as_docx(source))
    tables = builder.run(lines, first, last, laid_out=laid_out)
    view = base.compose(builder.build())
    body_start = base.to_original(lines.starts[first]) if first < len(lines) else 0
    body_end = base.to_original(lines.end(last - 1) - 1) + 1 if last > first else len(source.text)
    if source.format == "docx":
        tables = _source_tables(source, view)
    elif source.format == "pdf" and source.tables:
        tables = [*tables, *_pdf_task_tables(_source_tables(source, view), view.text)]
    return CleanDocument(view, tuple(tables), body_start, body_end)


def _strip_markup(raw: str) -> str:
    """`raw` with its markup blanked (the same length) and its escapes read (`1\\.` → `1. `)."""
    if not ("#" in raw or "\\" in raw or "<" in raw or "----" in raw):
        # only `\*+` can match: each star becomes a space (no star: most lines, unchanged)
        return raw.replace("*", " ") if "*" in raw else raw
    unescaped = _ESCAPE.sub(r"\1 ", raw) if "\\" in raw else raw
    return _MARKUP.sub(lambda m: " " * len(m.group(0)), unescaped)


def _body_range(lines: _Lines, text: str) -> tuple[int, int]:
    """The lines of the document proper: after the head chrome, before the tail chrome."""
    folded = _FoldedLines(lines)
    first = 0
    top = max(1, int(len(lines) * 0.6))
    motto = next((i for i in range(top) if folded[i].startswith(("c", "đ")) and _MOTTO.search(
        folded[i] + " " + (folded[i + 1] if i + 1 < top else ""))), top)  # `_MOTTO`'s openings
    markers = [i for i in range(min(motto, top))
               if _HEAD_CHROME.search(line := folded[i]) or _HEAD_CHROME_LABEL.match(line)]
    if markers:  # the header block starts after the site's last chrome line before the motto
        first = next((i for i in range(markers[-1] + 1, min(motto + 1, len(lines)))
                      if _HEADER_LINE.match(folded[i])), markers[-1] + 1)
    if first > 0 and _is_caps(lines.text(first - 1)) and len(lines.text(first - 1).split()) <= 2:
        first -= 1  # `ỦY` / `BAN NHÂN DÂN ...`: the issuer's name broken across lines
    if first > 0 and _pipe_only(lines.raws[first - 1]):
        first -= 1  # the table the header block sits in
    last = len(lines)
    for i in _tail_candidates(lines, first + 1):
        if _SITE_TITLE_FOLLOWER.match(folded[i]) and lines.texts[i - 1].strip():
            last = i - 1
            break
        if _TAIL_CHROME.search(folded[i]):
            last = i
            break
    bundled = _bundled_document(lines.raws)
    if bundled is not None and first < bundled < last:
        last = bundled  # another document the file holds after this one starts there
    while last > first and (not lines.texts[last - 1].strip()
                            or _pipe_only(lines.raws[last - 1])):
        last -= 1
    return first, max(last, first)


def _bundled_document(raws: list[str]) -> int | None:
    """The line where a second document of the file starts: a markdown heading naming a
    document other than the one the file's first such heading names (its own title)."""
    own = None
    for index, raw in enumerate(raws):
        if raw[:1] != "#":
            continue
        match = _BUNDLED_HEADING.match(raw)
        if match is None:
            continue
        named = fold(match.group(0).lstrip("#* "))
        if own is None:
            own = named
        elif named != own:
            return index
    return None


# A line that may be tail chrome (`_TAIL_CHROME`, `_SITE_TITLE_FOLLOWER`): it opens with one of
# their phrases in any case. A wider net than theirs on the folded line (none of the phrases has
# a tone mark that folding moves), searched from the line break: fast over a whole text.
_TAIL_HINT = re.compile(
    r"\n[^\S\n]*#*[^\S\n]*(?:văn bản (?:này chưa cập nhật|liên quan|bị thay thế)|"
    r"nội dung sửa đổi|file được đính kèm|tp\. hcm, ngày 31/05/2021|thưa quý khách|"
    r"cảm ơn đã dùng|lược đồ|tải văn bản|thông báo về lưu trữ|địa chỉ:)",
    re.IGNORECASE,
)


def _tail_candidates(lines: _Lines, first: int) -> Iterator[int]:
    """The lines from `first` on that may be tail chrome, in order."""
    joined = "\n" + "\n".join(lines.texts[first:])  # the blanked lines the chrome is read on
    offset = first - 1  # line k of `joined` (after its leading break) is line offset + k
    breaks = 0
    position = 0
    while (hint := _TAIL_HINT.search(joined, position)) is not None:
        breaks += joined.count("\n", position, hint.start() + 1)
        yield offset + breaks
        position = hint.start() + 1


class _FoldedLines:
    """`fold(line text).strip()` of the lines asked for (the head of a document and a few tail
    candidates: folding the whole text would cost more than all of them), folded a block of
    lines at a time (folding is length-preserving on NFC text and line breaks stop its context,
    so a block's fold split at its line breaks is each line's)."""

    BLOCK = 16

    def __init__(self, lines: _Lines) -> None:
        self.texts = lines.texts
        self.blocks: dict[int, list[str]] = {}

    def __getitem__(self, index: int) -> str:
        block, at = divmod(index, self.BLOCK)
        folded = self.blocks.get(block)
        if folded is None:
            start = block * self.BLOCK
            folded = self.blocks[block] = list(map(str.strip, fold(
                "\n".join(self.texts[start:start + self.BLOCK])).split("\n")))
        return folded[at]


class _CleanBuilder(ViewBuilder):
    """Walks the body lines, writing paragraphs and tables into a view of the text."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.previous: str | None = None  # last content line written
        self.previous_caps = False  # `_is_caps(self.previous)`
        self.pending_break = False
        self.tables: list[Table] = []

    def run(self, lines: _Lines, first: int, last: int, laid_out: bool) -> list[Table]:
        """Lines `first` to `last`. `laid_out`: the reader already made one line per paragraph
        (PDF, DOCX)."""
        i = first
        while i < last:
            end = last if laid_out else min(last, lines.next_with_pipe(i))
            self._write_lines(lines.items(i, end), hard_break=laid_out)
            if end >= last:
                break
            raw = lines.raws[end]  # a line with a `|`: a table may start there
            if _pipe_only(raw):
                i = self._pipe_table(lines, end, last)
            elif _GFM_ROW.match(raw) and raw.count("|") >= 2:
                i = self._gfm_table(lines, end, last)
            else:
                self._write_lines(lines.items(end, end + 1))
                i = end + 1
        if self._length:
            self.insert("\n", self.last_origin)
        return self.tables

    # -- paragraphs ---------------------------------------------------------------------------
    def _write_lines(self, lines: Iterable[tuple[int, str, str]], hard_break: bool = False
                     ) -> None:
        """Each line (start, text: the raw line with markup blanked, raw) joined to the paragraph
        before it or opening a new one. Runs for every line of every document: the view's runs
        are appended here directly and the state kept in locals."""
        parts, starts, origins, synthetic = self._parts, self._starts, self._origins, self._synthetic
        original, length = self._original, self._length
        previous, previous_caps, pending_break = self.previous, self.previous_caps, self.pending_break
        for start, text, raw in lines:
            content = text.strip()
            first = content[:1]
            if not first or (first in _RULE_FIRST and _RULE.match(raw)):
                pending_break = True
                continue
            offset = start + text.index(first)
            caps = (first.isalpha() and content.isupper()  # `_is_caps(content)`
                    and any(map(str.isalpha, content[1:])))
            if previous is not None:  # `insert(joiner, offset)`
                parts.append(_laid_out_joiner(previous, content) if hard_break else _joiner(
                    previous, previous_caps, pending_break, content, caps))
                starts.append(length)
                origins.append(offset)
                synthetic.append(True)
                length += 1
            if "  " in content or "\t" in content or (text is not raw and "\\" in raw):
                self._length = length  # (an escape read is not the original's: its words are)
                self._write_words(content, offset)
                length = self._length
            else:  # nothing to repair: one run (`keep`; a line without markup is the original's)
                parts.append(content if text is raw else original[offset:offset + len(content)])
                starts.append(length)
                origins.append(offset)
                synthetic.append(False)
                length += len(content)
            previous, previous_caps, pending_break = content, caps, False
        self.previous, self.previous_caps, self.pending_break = previous, previous_caps, pending_break
        self._length = length

    def _write_words(self, content: str, offset: int) -> None:
        """Keep the line's words; each run of spaces (and blanked markup) becomes one space, a
        new character at the run's last position; four or more spaces (the columns of a
        plain-text header block) a line break. A word has no blanked character: it is the
        original's. A line's marker keeps its heading however wide the gap (blanked bold
        markup, a tab stop)."""
        pieces = _BLANKS.split(content)  # word, blanks, word, ..., word (`content` is stripped)
        origins = list(accumulate(map(len, pieces[:-1]), initial=offset))  # each piece's offset
        origins[1::2] = [origin + len(blanks) - 1 for origin, blanks in zip(
            origins[1::2], pieces[1::2], strict=True)]  # a gap stands at its last blank
        pieces[1::2] = ["\n" if len(blanks) >= 4 else " " for blanks in pieces[1::2]]
        if len(pieces) > 2 and _LONE_MARKER.match(pieces[0]):
            pieces[1] = " "  # `**2.** **Sở Nông nghiệp ...:**`: a marker and its heading
        starts = list(accumulate(map(len, pieces[:-1]), initial=self._length))
        self._parts += pieces
        self._starts += starts
        self._origins += origins
        self._synthetic += [False, True] * (len(pieces) // 2) + [False]
        self._length = starts[-1] + len(pieces[-1])

    def _break(self, at: int) -> None:
        if self.previous is not None:  # `insert("\n", at)`
            self._parts.append("\n")
            self._starts.append(self._length)
            self._origins.append(at)
            self._synthetic.append(True)
            self._length += 1
        self.previous = None
        self.pending_break = False

    # -- tables -------------------------------------------------------------------------------
    def _cell(self, lines: Iterable[tuple[int, str, str]], at: int) -> Cell:
        """A cell of the (start, text, raw) lines given, the first at `at` (0 if none)."""
        self._break(at)
        start, first_part = self._length, len(self._parts)
        self._write_lines(lines)
        if self.previous is None:
            self.previous, self.previous_caps = "", False
        return make(Cell, text="".join(self._parts[first_part:]), start=start, end=self._length)

    def _pipe_table(self, lines: _Lines, i: int, last: int) -> int:
        """The one-cell-per-line layout: `|` alone on a line closes a cell. A run of pipes is a
        row break when it is three or more long, or two long after the header row, before a
        row number (`1`, `I`, `I.1`) or when the row is full; otherwise it holds an empty cell."""
        raws, texts, starts = lines.raws, lines.texts, lines.starts
        rows: list[list[Cell]] = []
        row: list[Cell] = []
        cell_first = i = i + 1  # the cell's lines so far: `cell_first` to `i`
        columns: int | None = None
        while i < last:
            if raws[i].strip() != "|":  # not `_pipe_only`: a line of the cell
                if columns and len(row) >= columns and not texts[i].strip():
                    break
                i += 1
                continue
            run = _pipe_run(lines, i, last)
            if cell_first < i or row:
                row.append(self._cell(lines.items(cell_first, i),
                                      starts[cell_first] if cell_first < i else 0))
            i += run
            cell_first = i
            if run == 1:
                full = columns is not None and len(row) >= columns
                if full or (columns is None and len(row) >= 2 and _part_follows(lines, i, last)):
                    break  # the table ends after its last cell
                continue
            if run >= 3 or not rows or _row_number_follows(lines, i, last) or (
                    columns is not None and len(row) >= columns):
                if row:
                    rows.append(row)
                    columns = columns or len(row)
                row = []
            else:
                row.append(make(Cell, text="", start=self._length, end=self._length))  # `| |`
        if cell_first < i:
            row.append(self._cell(lines.items(cell_first, i), starts[cell_first]))
        if row:
            rows.append(row)
        self._finish_table(rows)
        return i

    def _gfm_table(self, lines: _Lines, i: int, last: int) -> int:
        rows: list[list[Cell]] = []
        while i < last and (_GFM_ROW.match(lines.raws[i]) or _RULE.match(lines.raws[i])):
            raw, start = lines.raws[i], lines.starts[i]
            i += 1
            if _RULE.match(raw):
                continue
            cells = []
            for match in _GFM_CELL.finditer(raw):
                part = match.group(0)
                cells.append(self._cell([(start + match.start(), _strip_markup(part), part)],
                                        start + match.start()))
            rows.append(cells)
        self._finish_table(rows)
        return i

    def _finish_table(self, rows: list[list[Cell]]) -> None:
        self._break(self.last_origin)
        spans = [cell for row in rows for cell in row if cell.end > cell.start]
        if spans:
            self.tables.append(Table(min(c.start for c in spans), max(c.end for c in spans),
                                     tuple(tuple(row) for row in rows)))
        self.pending_break = True


def _cited_on(previous: str, current: str) -> bool:
    """The line goes on with a provision the sentence above cites (`... theo quy định tại` ⏎
    `Điều 24 Nghị định số 06/2021/NĐ-CP ...`), which only looks like an article's start."""
    return CITED_PROVISION.match(current) is not None and ends_mid_phrase(previous.lower())


def _laid_out_joiner(previous: str, current: str) -> str:
    """The reader made one line per paragraph; where it still broke one off mid-phrase (`... Sở
    Văn hóa và` ⏎ `Thể thao và các đơn vị ...`: a wrap its line lengths did not tell), the next
    line goes on with it unless it opens a block of its own."""
    if is_block_start(current, previous) and not _cited_on(previous, current):
        return "\n"
    if ends_mid_phrase(previous.lower()) or (
            (_BULLET_LINE.match(previous) or current[:1].islower())
            and len(previous) >= _WRAPPED_BULLET and not _SENTENCE_END.search(previous)):
        # a long bullet line that ends no sentence goes on on the next line; so does any long
        # line that a line in lower case follows (`... nếu để xảy ra` ⏎ `tình trạng ...`)
        return " "
    return "\n"


_BULLET_LINE = re.compile(r"^[-+•–]\s")
# A header's field opens its own line, in capitals too (`TỈNH LÂM ĐỒNG` ⏎ `SỐ: 12/QĐ-UBND` is
# not one line): the number, a letter's subject, its addressees.
_HEADER_FIELD = re.compile(r"(?i:s[oôốồổỗộ])\s*(?i:hiệu\s*)?:|S[ỐÔ]\s+\d|(?i:v/v|kính gửi)\b")
_ADDRESSEES = re.compile(r"\W*(?i:kính gửi)\s*:")
_WRAPPED_BULLET = 60  # a bullet line this long is a sentence, not a heading (`- Sở Tài chính`)


def _joiner(previous: str, previous_caps: bool, pending_break: bool, current: str,
            current_caps: bool) -> str:
    """How a line follows the one before: in the same paragraph (a space) or not."""
    if not pending_break and _LONE_MARKER.match(previous):
        return " "  # `**1.` ⏎ `Nhiệm vụ của ...**`: a web copy broke the line after the marker
    if current[0] in "-–" and _YEAR_RANGE_START.match(current) and _YEAR_END.fullmatch(
            previous[-4:]):
        return " "  # `giai đoạn 2026` ⏎ `- 2030`: a range wrapped, not a bullet
    if _cited_on(previous, current):
        return " "  # `... theo quy định tại` ⏎ `Điều 24 Nghị định số ...`: one sentence
    block_start = is_block_start(current, previous) or _HEADER_FIELD.match(current) is not None
    if current[0].islower() and not block_start and not previous_caps:
        return " "  # broken mid-phrase, or split by a page break (not under a title)
    if pending_break or block_start or _ADDRESSEES.match(previous):
        return "\n"  # the letter's text starts under its addressees' line
    if previous_caps != current_caps or _SENTENCE_END.search(previous):
        return "\n"
    return " "


_RULE_FIRST = frozenset("-=_*|:")  # what a `_RULE` line's first visible character can be
_BLANKS = re.compile(r"(\s+)")
_GFM_CELL = re.compile(r"(?<=\|)[^|]*(?=\|)")


_PART_START = re.compile(
    r"^(?:phụ lục|danh mục|quyết định|kế hoạch|nghị quyết|chỉ thị|thông báo|kết luận|quy định|"
    r"quy chế|hướng dẫn|chương trình|thông tư|nghị định|công điện|căn cứ|điều \d|chương [ivxlc\d]|"
    r"phần thứ|kính gửi|v/v|thực hiện)(?![\w])"
)


def _pipe_only(raw: str) -> bool:
    """A line holding a `|` alone (a cell break of the one-cell-per-line layout)."""
    return raw.strip() == "|"


def _pipe_run(lines: _Lines, i: int, last: int) -> int:
    run = 0
    while i + run < last and _pipe_only(lines.raws[i + run]):
        run += 1
    return run


_ROW_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}(?:\.\d{1,2})*\.?|[a-zđ]\))$")


def _row_number_follows(lines: _Lines, i: int, last: int) -> bool:
    for index in range(i, min(i + 2, last)):
        text = lines.text(index)
        if text:
            return bool(_ROW_NUMBER.match(text))
    return False


def _part_follows(lines: _Lines, i: int, last: int) -> bool:
    """Does the next non-empty line open a part of a document (not a table cell)?"""
    for index in range(i, min(i + 4, last)):
        text = lines.text(index)
        if text:
            return bool(_PART_START.match(fold(text)))
    return False


def _is_caps(line: str) -> bool:
    """An upper-case heading line (not a symbol like `90/2025/QH15`)."""
    # `isupper`: no lower-case letter and at least one cased one (every Vietnamese letter is)
    return line[:1].isalpha() and line.isupper() and any(map(str.isalpha, line[1:]))


# What a task table's columns hold, by their headers (`TT | Nội dung | Cơ quan chủ trì | Thời
# gian`): the tasks stage reads one task a row where there are content and who or when.
_COLUMN_ROLES = [
    ("content", re.compile(r"nội dung|nhiệm vụ|công việc|tên (?:nhiệm vụ|nội dung)")),
    ("coordinate", re.compile(r"phối hợp")),
    ("lead", re.compile(r"chủ trì|cơ quan thực hiện|đơn vị thực hiện|thực hiện|cơ quan|đơn vị")),
    ("time", re.compile(r"thời gian|thời hạn|tiến độ|hoàn thành")),
]


def _task_columns(header: tuple[Cell, ...]) -> dict[str, int]:
    """Which column holds a task's content, lead, partners and time, by the header's words."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        heading = fold(cell.text)
        for role, pattern in _COLUMN_ROLES:
            if role not in columns and pattern.search(heading):
                columns[role] = index
                break
    return columns


def task_table_columns(header: tuple[Cell, ...]) -> dict[str, int] | None:
    """`_task_columns` of a header that makes a task table (content, and who or when), else
    None."""
    columns = _task_columns(header)
    return columns if "content" in columns and {"lead", "time"} & columns.keys() else None


def _pdf_task_tables(tables: list[Table], text: str) -> list[Table]:
    """A PDF's ruled tables that list tasks (`task_table_columns`), each with the header-less rest
    the next page carries on with right after it (as many columns, nothing but the page break
    between): its rows are the same table's. Other ruled tables (a scale of marks, a list of
    members, a signature's frame) and a table whose cells were found scattered over the text
    are left to be read as lines, as before."""
    kept: list[Table] = []
    open_table: Table | None = None
    for table in tables:
        if not table.rows or not _compact(table):
            open_table = None
            continue
        if task_table_columns(table.rows[0]) is not None:
            open_table = table
            kept.append(table)
        elif (open_table is not None and len(table.rows[0]) == len(open_table.rows[0])
              and not text[open_table.end:table.start].strip()):
            open_table = Table(open_table.start, table.end, open_table.rows + table.rows)
            kept[-1] = open_table
        else:
            open_table = None
    return kept


def _compact(table: Table) -> bool:
    """The table's span holds little more than its cells' words: where a cell's words were
    matched far down the text, the span would take in paragraphs that are no part of it."""
    words = sum(len(cell.text) + 1 for row in table.rows for cell in row)
    return table.end - table.start <= 2 * words + 80


def _source_tables(source: SourceDocument, view: TextView) -> list[Table]:
    """The reader's tables (a DOCX's, a PDF's ruled ones) come from ingestion in original
    offsets: express them in clean offsets."""
    to_clean = _inverse(view)
    tables = []
    for table in source.tables:
        rows = tuple(
            tuple(Cell(cell.text, to_clean(cell.start), to_clean(cell.end)) for cell in row)
            for row in table.rows
        )
        tables.append(Table(to_clean(table.start), to_clean(table.end), rows))
    return tables


def clean_spans(document: CleanDocument, spans: Iterable[tuple[int, int]]
                ) -> list[tuple[int, int]]:
    """Spans of the original text (a PDF's pages) as spans of the clean text."""
    to_clean = _inverse(document.view)
    return [(to_clean(start), to_clean(end)) for start, end in spans]


def _inverse(view: TextView) -> Callable[[int], int]:
    def to_clean(original_offset: int) -> int:
        k = bisect_right(view.origins, original_offset) - 1
        if k < 0:
            return 0
        return min(view.starts[k] + (original_offset - view.origins[k]), len(view.text))

    return to_clean
