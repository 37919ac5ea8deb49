"""Outline stage: clean text → sections.

The outline follows the markers documents use: `Phần`, `Chương`, `Mục`, `Điều`, Roman parts
`I-`/`I.`, numbered items `1.`, `2.1.`, letters `a)`, bullets `-`/`+`. Offsets here are offsets
into the clean text; the orchestrator (`extract`) maps them to the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import product

from ..lines import Line, lines_of
from ..normalize import fold
from ..readers.layout import CITED_KINDS, ROMAN
from ..records import Cell, Section, SectionKind, Table, make

# Part titles written without a number (`Tổ chức thực hiện` closing a conclusion).
_UNNUMBERED_PART = re.compile(
    r"^(tổ chức thực hiện|mục đích,? yêu cầu|nhiệm vụ,? giải pháp|nhiệm vụ và giải pháp|"
    r"nhiệm vụ trọng tâm|giải pháp thực hiện|kinh phí thực hiện|chế độ báo cáo|"
    r"điều khoản thi hành)\s*[.:]?$"
)
_MARKERS: list[tuple[SectionKind, re.Pattern[str]]] = [
    ("part-named", re.compile(r"^(Phần\s+(?:thứ\s+\w+|[IVXLC\d]+))\b[.:\s-]*", re.I)),
    # a scan's Roman numeral as OCR reads it (`Chương IH`, `Chương IL` for `Chương III`, `II`)
    ("chapter", re.compile(r"^(Chương\s+(?:[IVXLC][IVXLCHl]*|\d+))\b[.:\s-]*")),
    ("division", re.compile(r"^(Mục\s+\d+)\b[.:\s-]*")),
    # not a citation a line break left at a line's start (`... theo quy định tại` / `Điều 24
    # Nghị định số 06/2021/NĐ-CP`)
    # `Điêu 10.`, `Điễu 10.`: a scan's misread mark on the word (`marker_of` restores it)
    ("article", re.compile(r"^(Đi[ềêễểếệ]u\s+\d+(?!\d)[a-z]?)(?![ \t]+" + CITED_KINDS
                           + r")\s*[.:]?\s*")),
    ("part", re.compile(rf"^((?=[IVXLC]){ROMAN})\s*[-.–—/]\s*")),
    # `IV` as a scan's OCR reads it, the two strokes run into one letter (`W- CÁC GIẢI PHÁP`)
    ("part", re.compile(r"^(W)\s*[-.–—]\s+(?=[A-ZĐ])")),
    ("item", re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\s*[.)]\s*(?=\S)")),
    # the typewritten numbering of Party resolutions and old laws (`1- Quan điểm`), kept apart
    # from a range (`2 - 3 ngày`) by the capital that must follow (`marker_of`)
    ("item", re.compile(r"^(\d{1,2})\s?-\s+(?=\S)")),
    ("letter", re.compile(r"^([a-zđ])\s*\)\s*")),
    # `a. Đối tượng …`: a capital or a number must follow (`marker_of`)
    ("letter", re.compile(r"^([a-zđ])\.\s+(?=\S)")),
    # `—` as OCR reads a printed dash
    ("bullet", re.compile(r"^([-–—•]|\+)\s+")),
]
# The characters each marker can start with: a line is tried only against the markers its first
# character allows (most lines start a sentence and have none).
_MARKER_FIRST_CHARS = {
    "part-named": "Pp", "chapter": "C", "division": "M", "article": "Đ", "part": "IVXLCW",
    "item": "0123456789", "letter": "abcdefghijklmnopqrstuvwxyzđ", "bullet": "-–—•+",
}
_MARKERS_BY_FIRST: dict[str, list[tuple[SectionKind, re.Pattern[str]]]] = {}
for _kind, _pattern in _MARKERS:
    for _first in _MARKER_FIRST_CHARS[_kind]:
        _MARKERS_BY_FIRST.setdefault(_first, []).append((_kind, _pattern))
_ITEM_MARKERS = _MARKERS_BY_FIRST["0"]  # `\d` also takes other scripts' digits
_TITLED = {"part-named", "chapter", "division", "article", "part"}
Marker = tuple[SectionKind, str, str, int]  # kind, marker as written, number, heading offset
_RANK = {"part-named": 0, "chapter": 1, "division": 2, "article": 3, "part": 4, "letter": 20,
         "bullet": 30}


@dataclass(slots=True)
class _Draft:
    """A section while the outline is read: its end is known only once all are."""

    path: str
    level: int
    marker: str
    kind: SectionKind
    heading: str
    start: int
    heading_end: int
    parent: str | None
    end: int  # lowered when a later section closes it


# `A. Phân công nhiệm vụ` / `B. Tổ chức thực hiện`: parts lettered above the Roman ones (a
# capital, a full stop, a capital word); `segment` keeps them only in order from `A`.
# A scan's Roman part number as OCR reads it: strokes run into an `H` (`IH.` or `HI.` for `II.`
# or `III.`, `H. Cá nhân` for `II.`) or an `I` read as a small `l` (`Il.`). Taken only as the
# next part of the series (`_read_in_series`).
_MISREAD_ROMAN = re.compile(r"^([IVXlH]*[lH][IVXlH]*)\s*[-.–—]\s+(?=[A-ZĐ])")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_LETTER_PART = re.compile(r"^([A-HĐ])\s*\.\s+(?=[^\W\d_])")
_LETTERS = "ABCDĐEGH"
_GROUP_NUMBER = re.compile(r"^(?:[IVXLC]{1,5}|[A-ZĐ])\s*[.):-]?$")


def group_row(row: tuple[Cell, ...]) -> Cell | None:
    """The heading cell of a task table's group row (`| I. | Nâng cao nhận thức ... | | |`: a
    Roman or capital number, a title and nothing in the other columns), else None. The title
    heads the rows below it, as a part heading heads its items; it is no task."""
    if len(row) < 2 or not _GROUP_NUMBER.match(row[0].text.strip()) or not row[1].text.strip():
        return None
    return row[1] if all(not cell.text.strip() for cell in row[2:]) else None


def segment(text: str, body_end: int | None = None, skip: list[tuple[int, int]] | None = None,
            closing_start: int | None = None, annex_start: int | None = None,
            tables: tuple[Table, ...] = (), scanned: Sequence[tuple[int, int]] = ()
            ) -> list[Section]:
    """The section tree of the clean text, as a flat list in document order (parents first).
    What follows the signature block (`annex_start`) is an attached plan, programme or
    regulation: its outline starts afresh, not under the decision's last article. Tables are
    not read for markers, except their group rows (`group_row`), which are parts. On the spans
    the OCR read (`scanned`), an item's full stop read as a comma or an `L` (`1, Các tồn tại`,
    `1L Đánh giá chung`) still marks the item.

    A section ends where the next section of the same or a higher rank starts (the one that
    takes it off the stack), and the body's sections end where the signature and `Nơi nhận`
    block starts (annex sections follow it)."""
    end_of_body = len(text) if body_end is None else body_end
    groups = {row[0].start: title for table in tables for row in table.rows[1:]
              if (title := group_row(row)) is not None}
    sections: list[_Draft] = []
    stack: list[tuple[float, _Draft]] = []
    bullets: dict[str | None, int] = {}
    used: dict[str, int] = {}
    all_lines = lines_of(text)
    annexed = False
    series = _Series()
    for index, line in _outline_lines(all_lines, end_of_body, skip or [], groups):
        group = groups.get(line.start)
        on_scan = group is None and any(a <= line.start < b for a, b in scanned)
        found = _line_marker(line, group, on_scan)
        if annex_start is not None and line.start >= annex_start and not annexed and found:
            for _, open_section in stack:  # the annex's first section closes them all
                open_section.end = min(open_section.end, line.start)
            stack, annexed, series = [], True, _Series()
        found = series.admit(found, line.text, stack, on_scan) if found else None
        if found is None:
            continue
        kind, marker, number, heading_offset = found
        rank = _rank(kind, number)
        while stack and stack[-1][0] >= rank:
            closed = stack.pop()[1]
            closed.end = min(closed.end, line.start)
        parent = stack[-1][1] if stack else None
        path = _unique(_path(kind, number, parent, bullets), used)
        if group is not None:  # the title cell, whole: a group's title is one heading
            heading, heading_end = _heading(group.text, 400), group.end
        else:
            heading = _heading(line.text[heading_offset:])
            heading_end = line.start + heading_offset + len(heading)
        if not heading and kind in _TITLED and index + 1 < len(all_lines) and len(
                all_lines[index + 1].text) < 200:  # `Điều 8.` ⏎ its title
            following = all_lines[index + 1]
            heading, heading_end = _heading(following.text), following.end
        end = end_of_body if closing_start is None or line.start >= closing_start \
            else closing_start
        section = _Draft(path, len(stack) + 1, marker, kind, heading, line.start, heading_end,
                         parent.path if parent else None, end)
        sections.append(section)
        stack.append((rank, section))
    return [make(Section, path=s.path, level=s.level, marker=s.marker, kind=s.kind,
                 heading=s.heading, start=s.start, end=max(s.end, s.heading_end),
                 heading_end=s.heading_end, parent=s.parent) for s in sections]


# How far a quotation of provisions may run: a few articles of a decree, not a whole text
_QUOTE_REACH = 20000


def quoted_provisions(text: str) -> list[tuple[int, int]]:
    """The spans of provisions another document is quoted with, over several lines (`Tại Điều 24
    Nghị định số 115/2020/NĐ-CP quy định:` ⏎ `“1. Khi hết thời gian tập sự, …` ⏎ `2. …”.`):
    their numbers are the quoted text's, not items of the document that quotes them. Such a
    quotation opens after a colon or at a line's start with a marker (`“1.`, `“Điều 5.`, `“…`)
    and closes at a line's end (`…”.` ⏎); marks paired on one line (a title's) are passed over,
    and an opening mark with no such close quotes nothing."""
    spans: list[tuple[int, int]] = []
    for start, closes in _multiline_quotes(text):
        before = text[max(0, start - 80):start].rstrip(" \t")
        at_line_start = before.endswith("\n") or not before
        inside = text[start + 1:start + 40]
        opens_provisions = before.rstrip().endswith(":") or (
            at_line_start and (inside.startswith("…") or marker_of(inside) is not None))
        if opens_provisions and closes is not None:
            spans.append((start + 1, closes))
    return spans


_AT_LINE_END = re.compile(r"[.;,]?[ \t]*(?:\n|$)")


def _multiline_quotes(text: str) -> Iterator[tuple[int, int | None]]:
    """Each opening mark left open at its line's end, with the first closing mark at a line's end
    within reach that no later such opening takes first (None where there is none)."""
    open_marks: list[int] = []
    for line in lines_of(text):
        depth: list[int] = []
        for mark in re.finditer(r"[“”]", line.text):
            position = line.start + mark.start()
            if mark.group(0) == "“":
                depth.append(position)
            elif depth:
                depth.pop()  # paired on this line
            elif open_marks and _AT_LINE_END.match(text, position + 1):
                yield open_marks.pop(), position
                open_marks.clear()  # what opened before it and is still open quotes nothing
        open_marks = [p for p in open_marks + depth if line.end - p <= _QUOTE_REACH]
    for position in open_marks:
        yield position, None


def _line_marker(line: Line, group: Cell | None, on_scan: bool) -> Marker | None:
    """The marker a line opens with (a table's group row: its cells' text as one line), an
    item's misread full stop counted on a scanned page."""
    if on_scan:
        found = _misread_item(line.text)  # first: `2.1, Các tồn tại` is no `2.` over `1, ...`
        if found is not None:
            return found
    return marker_of(f"{line.text.strip()} {group.text}" if group else line.text)


@dataclass(slots=True)
class _Series:
    """Where the numbering stands, for the markers that count only in order: the last lettered
    part, the last letter of any lettered list (a part's own `A.` ... `G.` too), the last Roman
    part, and the item numbers seen since a part opened."""

    letter: str | None = None
    any_letter: str | None = None
    part: int = 0
    items: set[int] = field(default_factory=set)

    def admit(self, found: Marker, line: str, stack: list[tuple[float, _Draft]],
              on_scan: bool) -> Marker | None:
        """The marker as the series reads it, or None where it breaks the series."""
        kind, marker, number, _ = found
        if misread(kind, marker):
            read = _read_in_series(found, self.part, self.any_letter) if on_scan else None
            instead = read or _letter_part(line)
            if instead is None:
                return None
            found = instead
            kind, marker, number, _ = found
        if kind == "item":
            parts = [int(part) for part in number.split(".")]
            if marker[-1] in ",L" and parts[-1] != 1 and parts[-1] - 1 not in self.items:
                return None  # `12, Ủy ban ...` after `1.`: a wrapped number, not an item
            self.items.update(parts)
        elif kind in {"part", "part-named", "chapter", "article"}:
            self.items = set()
        if lettered(kind, number):
            in_order = _letter_in_order(number, self.letter)
            if _letter_in_order(number, self.any_letter) or in_order:
                self.any_letter = number
            if not in_order or not _letters_rule(stack):
                return None
            self.letter, self.part = number, 0
        elif kind in {"part-named", "chapter"}:
            self.letter, self.any_letter, self.part = None, None, 0  # `Phần thứ hai`: afresh
        elif kind == "part":
            self.part = roman_value(number)
        return found


def _outline_lines(lines: list[Line], end_of_body: int, skip: list[tuple[int, int]],
                   groups: dict[int, Cell]) -> Iterator[tuple[int, Line]]:
    """(index, line) of the lines before `end_of_body` outside the `skip` ranges (tables, the
    closing block), but for a table's group rows (`groups`, by their first cell's start)."""
    skipped = _merged(skip)  # lines go forward, so does the range they are tested against
    next_skip = 0
    for index, line in enumerate(lines):
        if line.start >= end_of_body:
            continue
        while next_skip < len(skipped) and skipped[next_skip][1] <= line.start:
            next_skip += 1
        if (next_skip < len(skipped) and skipped[next_skip][0] <= line.start
                and line.start not in groups):
            continue  # in a table or the closing block
        yield index, line


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, overlapping ranges joined: an offset is in one of them iff it is in the input's."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(r for r in ranges if r[0] < r[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _unique(path: str, used: dict[str, int]) -> str:
    """Annexes restart their numbering: a second `Điều 1` becomes `Điều 1~2`."""
    used[path] = used.get(path, 0) + 1
    return path if used[path] == 1 else f"{path}~{used[path]}"


# The first three characters of every `_UNNUMBERED_PART` title (folded): a line is folded and
# matched only if it opens with one of them.
_UNNUMBERED_OPENINGS = frozenset({"tổ ", "mục", "nhi", "giả", "kin", "chế", "điề"})


def _unnumbered_part(text: str) -> bool:
    """`text` is a part title written without a number (`Tổ chức thực hiện`)."""
    if len(text) >= 40:
        return False
    # the fold's first three characters: lower case gives them (no tone mark moves in the
    # openings; `İ`, lowered to two characters, starts with the `i` it folds to)
    opening = (text.lstrip() if text[:1].isspace() else text)[:3].lower()[:3]
    return opening in _UNNUMBERED_OPENINGS and bool(_UNNUMBERED_PART.match(fold(text).strip()))


def marker_of(text: str) -> Marker | None:
    """The section marker a line opens with: (kind, marker, number, where the heading starts).
    A scan's specks read as underscores before the marker (`__ 1- Nâng cao ...`) are passed
    over; the heading's offset counts them."""
    if len(text) < 40 and _unnumbered_part(text):
        return "part", "", text.strip().rstrip(".:"), 0
    skipped = 0
    if text[:1] == "_":
        skipped = len(text) - len(text.lstrip("_ "))
        text = text[skipped:]
    first = text[:1]
    candidates = _MARKERS_BY_FIRST.get(first) or (_ITEM_MARKERS if first.isdecimal() else ())
    for kind, pattern in candidates:
        match = pattern.match(text)
        if match is None:
            continue
        if kind == "part" and not _plausible_roman_heading(text, match.end()):
            continue
        if kind == "item" and match.group(0).rstrip().endswith("-") and not text[
                match.end():match.end() + 1].isupper():
            continue  # `2 - 3 ngày`: a range, not `2- Mục tiêu`
        if kind == "letter" and match.group(0).rstrip().endswith(".") and not (
                text[match.end()].isupper() or text[match.end()].isdigit()):
            continue
        number = "IV" if match.group(1) == "W" else match.group(1)
        if kind == "article" and not number.startswith("Điều"):
            number = "Điều" + number[4:]  # `Điêu 10` is `Điều 10`, as its path and title say
        return kind, match.group(0).strip(), number, skipped + match.end()
    misread_number = _MISREAD_ROMAN.match(text) if first in "IVXlH" else None
    if misread_number is not None and _readings(misread_number.group(1)):
        # the number as read; the series says which it is (`_read_in_series`)
        return ("part", misread_number.group(0).strip(), misread_number.group(1),
                skipped + misread_number.end())
    return _letter_part(text, skipped)


def _letter_part(text: str, skipped: int = 0) -> Marker | None:
    """`A. Phân công nhiệm vụ` as a lettered part's marker, or None."""
    letter = _LETTER_PART.match(text) if text[:1] in _LETTERS else None
    if letter is not None and text[letter.end()].isupper():
        return "part-named", letter.group(0).strip(), letter.group(1), skipped + letter.end()
    return None


def misread(kind: str, marker: str) -> bool:
    """A Roman part number the OCR misread (`IH.`): its letters are not all Roman."""
    return kind == "part" and any(char in "Hl" for char in marker)


def roman_value(number: str) -> int:
    """`IV` → 4; 0 for what is not a Roman numeral."""
    values = [_ROMAN_VALUES.get(char, 0) for char in number]
    if not values or 0 in values:
        return 0
    return sum(-value if value < after else value
               for value, after in zip(values, [*values[1:], 0], strict=True))


def _readings(number: str) -> dict[int, str]:
    """What a misread part number may be: each `H` one or two strokes, each `l` one (`IH` is
    `II` or `III`), by value."""
    found: dict[int, str] = {}
    for strokes in product(("I", "II"), repeat=number.count("H")):
        reading = iter(strokes)
        roman = "".join(next(reading) if char == "H" else "I" if char == "l" else char
                        for char in number)
        if re.fullmatch(ROMAN, roman) and roman_value(roman):
            found[roman_value(roman)] = roman
    return found


# An item's full stop as OCR may read it, a comma or an `L` (`1, Các tồn tại`, `1L Đánh giá
# chung`): only on a page the OCR read, where typed text's `12, Điều 13` wrapped is no risk.
_MISREAD_ITEM = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,2})\s*[,L]\s+(?=\w)")


def _misread_item(line: str) -> Marker | None:
    """`1, Các tồn tại` on a scanned page as the item `1.` (a capital must follow; the series
    decides whether the number stands, `_Series.admit`)."""
    match = _MISREAD_ITEM.match(line)
    if match is None or not line[match.end()].isupper():
        return None
    return "item", match.group(0).strip(), match.group(1), match.end()


def _read_in_series(found: Marker, last_part: int, last_letter: str | None) -> Marker | None:
    """A scanned page's misread part number as the numeral the series expects next (`IH.`
    after `I.` is `II.`, after `II.` is `III.`), unless a lone `H.` goes on a lettered list
    (`A.` ... `G.`); else None."""
    in_order = _readings(found[2]).get(last_part + 1)
    if in_order is None or (found[2] == "H" and _letter_in_order("H", last_letter)):
        return None
    return found[0], found[1], in_order, found[3]


def lettered(kind: str, number: str) -> bool:
    """`A. Phân công nhiệm vụ`: a part lettered above the Roman ones (`Phần ...` numbers are
    never one character)."""
    return kind == "part-named" and len(number) == 1


def _letters_rule(stack: list[tuple[float, _Draft]]) -> bool:
    """Lettered parts divide the whole text (or a `Phần`): one may open where nothing or only
    `Phần`s are open, or inside a lettered part (the next letter closes it); under a Roman part
    or an item of no lettered part (`Phần thứ hai` ⏎ `II. NHIỆM VỤ` ⏎ `A. Lĩnh vực kinh tế`, or
    `A. Rất hài lòng`), the letters are that section's own list, not new parts."""
    open_sections = [section for _, section in stack]
    return (all(section.kind == "part-named" for section in open_sections)  # none, or `Phần`s
            or any(lettered(section.kind, section.marker.rstrip(". ")) for section in open_sections))


def _letter_in_order(number: str, last: str | None) -> bool:
    """A lettered part is one only as the next of its series (`A.` first, then `B.` ...): a
    lone `B. Nguyễn` or an annex's `C.` in running text is not."""
    if last is None:
        return number == "A"
    at = _LETTERS.index(last)
    return number == _LETTERS[at + 1:at + 2] or (last == "D" and number == "E")


_ABOUT = re.compile(r"v/v(?![\w/])", re.I)


def _plausible_roman_heading(text: str, after: int) -> bool:
    """`I- MỤC ĐÍCH` yes; `V.v. ...` or `I. Nguyễn` inside running text less so; a subject line
    in capitals (`V/V HỖ TRỢ ...`: `về việc`) no."""
    if _ABOUT.match(text):
        return False
    rest = text[after:].strip()
    return bool(rest) and (rest[0].isupper() or rest[0].isdigit())


def _rank(kind: str, number: str) -> float:
    if lettered(kind, number):
        return 0.5  # `A.` under `Phần thứ nhất`, above `I.`
    if kind == "item":
        return 5 + number.count(".")
    if kind == "bullet":
        return 30 if number in "-–—•" else 31
    return _RANK[kind]


def _path(kind: str, number: str, parent: _Draft | None, bullets: dict[str | None, int]) -> str:
    prefix = f"{parent.path}." if parent else ""
    if kind == "bullet":
        key = parent.path if parent else None
        bullets[key] = bullets.get(key, 0) + 1
        return f"{prefix}-{bullets[key]}"
    if kind == "item" and "." in number and parent is not None and parent.kind == "item":
        # `2.1.` under `2.`: the path is the part's path plus the full number
        grand = parent.parent
        return (f"{grand}." if grand else "") + number
    return prefix + number


_HEADING_END = re.compile(r"[.:;](?:\s|$)")


def _heading(text: str, limit: int = 200) -> str:
    """The heading of a section: up to its first sentence end, at most `limit` characters cut at
    a word boundary."""
    match = _HEADING_END.search(text)
    heading = text[: match.start() + 1] if match else text
    if len(heading) > limit:
        cut = heading[: limit + 1]
        heading = cut[: cut.rfind(" ")] if " " in cut else heading[:limit]
    return heading.rstrip()
