"""Clean text → outline (sections) and the document's own metadata.

The outline follows the markers documents use: `Phần`, `Chương`, `Mục`, `Điều`, Roman parts
`I-`/`I.`, numbered items `1.`, `2.1.`, letters `a)`, bullets `-`/`+`. Offsets here are offsets
into the clean text; `extract` maps them to the original.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from .normalize import fold, folded_text, squash
from .readers.layout import ROMAN
from .records import DocumentMeta, Section, Signer
from .symbols import DATE, KIND_CODES, find_symbols, parse_date

# Part titles written without a number (`Tổ chức thực hiện` closing a conclusion).
_UNNUMBERED_PART = re.compile(
    r"^(tổ chức thực hiện|mục đích,? yêu cầu|nhiệm vụ,? giải pháp|nhiệm vụ và giải pháp|"
    r"nhiệm vụ trọng tâm|giải pháp thực hiện|kinh phí thực hiện|chế độ báo cáo|"
    r"điều khoản thi hành)\s*[.:]?$"
)
_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("part-named", re.compile(r"^(Phần\s+(?:thứ\s+\w+|[IVXLC\d]+))\b[.:\s-]*", re.I)),
    ("chapter", re.compile(r"^(Chương\s+[IVXLC\d]+)\b[.:\s-]*")),
    ("division", re.compile(r"^(Mục\s+\d+)\b[.:\s-]*")),
    ("article", re.compile(r"^(Điều\s+\d+[a-z]?)\s*[.:]?\s*")),
    ("part", re.compile(rf"^((?=[IVXLC]){ROMAN})\s*[-.–—/]\s*")),
    ("item", re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\s*[.)]\s*(?=\S)")),
    ("letter", re.compile(r"^([a-zđ])\s*\)\s*")),
    ("bullet", re.compile(r"^([-–•]|\+)\s+")),
]
# The characters each marker can start with: a line is tried only against the markers its first
# character allows (most lines start a sentence and have none).
_MARKER_FIRST_CHARS = {
    "part-named": "Pp", "chapter": "C", "division": "M", "article": "Đ", "part": "IVXLC",
    "item": "0123456789", "letter": "abcdefghijklmnopqrstuvwxyzđ", "bullet": "-–•+",
}
_MARKERS_BY_FIRST: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _kind, _pattern in _MARKERS:
    for _first in _MARKER_FIRST_CHARS[_kind]:
        _MARKERS_BY_FIRST.setdefault(_first, []).append((_kind, _pattern))
_ITEM_MARKERS = _MARKERS_BY_FIRST["0"]  # `\d` also takes other scripts' digits
_TITLED = {"part-named", "chapter", "division", "article", "part"}
_RANK = {"part-named": 0, "chapter": 1, "division": 2, "article": 3, "part": 4, "letter": 20,
         "bullet": 30}

KIND_WORDS = [
    "Kế hoạch", "Kết luận", "Nghị quyết", "Quyết định", "Quy định", "Chỉ thị", "Hướng dẫn",
    "Thông báo", "Thông tư liên tịch", "Thông tư", "Nghị định", "Luật", "Chương trình hành động",
    "Chương trình", "Báo cáo", "Tờ trình", "Đề án", "Quy chế", "Công văn", "Công điện",
    "Thông tri", "Pháp lệnh", "Điều lệ", "Lệnh", "Hiến pháp", "Phương án",
    "Thông báo kết luận",
]
_KIND_LINE = re.compile(
    r"^(" + "|".join(k.upper() for k in KIND_WORDS) + r")(?:\s+|$)(.*)$"
)
_MOTTO = re.compile(r"cộng hòa xã hội|độc lập\s*-|đảng cộng sản việt nam|^[-*\s]*$")
_OPENING = re.compile(r"^(căn cứ|thực hiện|theo đề nghị|xét đề nghị|để |nhằm |trong những năm|"
                      r"kính gửi|nội dung)")
_AUTHORITY_TAIL = re.compile(
    r"\s+((?:BỘ TRƯỞNG|THỦ TƯỚNG|CHỦ TỊCH|GIÁM ĐỐC|CHÍNH PHỦ|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|"
    r"HỘI ĐỒNG NHÂN DÂN|QUỐC HỘI|ỦY BAN THƯỜNG VỤ QUỐC HỘI|BAN CHẤP HÀNH|BAN THƯỜNG VỤ|"
    r"BỘ CHÍNH TRỊ|BAN BÍ THƯ|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG)[^a-zà-ỹđ]*)$"
)
_CAPACITY = re.compile(r"^((?:T/M|TM\.?|KT\.?|K/T|T/L|TL\.?|TUQ\.?|Q\.|Q/)\s?.*)$")
_TITLES = [
    "PHÓ BÍ THƯ THƯỜNG TRỰC", "PHÓ BÍ THƯ", "BÍ THƯ", "PHÓ CHỦ TỊCH THƯỜNG TRỰC", "PHÓ CHỦ TỊCH",
    "CHỦ TỊCH", "PHÓ THỦ TƯỚNG", "THỦ TƯỚNG", "THỨ TRƯỞNG", "BỘ TRƯỞNG", "CHÁNH VĂN PHÒNG",
    "PHÓ CHÁNH VĂN PHÒNG", "PHÓ GIÁM ĐỐC", "GIÁM ĐỐC", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC",
    "PHÓ TRƯỞNG BAN", "TRƯỞNG BAN", "TỔNG BÍ THƯ", "CHỦ NHIỆM", "PHÓ CHỦ NHIỆM", "VỤ TRƯỞNG",
    "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "TỔNG CỤC TRƯỞNG", "CHÁNH THANH TRA", "TRƯỞNG PHÒNG",
]
_TITLE_TAIL = re.compile(r"(?:^|\s)(" + "|".join(_TITLES) + r")\s*$")
_RECIPIENTS = re.compile(r"^nơi nhận\s*:?", re.I)
_PLACE_DATE = re.compile(r"(?:^|\s)(?P<place>[A-ZĐÀ-Ỹ][^\d,|:]{1,40}?)\s*,\s*ngày\s+\d")


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str


_LINES = threading.local()  # per thread, like `normalize.folded_text`


def lines_of(text: str) -> list[Line]:
    """The non-empty lines of `text` with their offsets (cached for the last text seen in this
    thread)."""
    last: tuple[str, list[Line]] | None = getattr(_LINES, "last", None)
    if last is not None and last[0] is text:
        return last[1]
    lines = _lines_of(text)
    _LINES.last = (text, lines)
    return lines


def iter_lines(text: str, start: int = 0) -> Iterator[Line]:
    """The non-empty lines of `text` from offset `start` (a line boundary), built one at a time:
    for readers that stop after a few lines."""
    position = start
    while position <= len(text):
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        raw = text[position:end]
        stripped = raw.strip()
        if stripped:
            offset = position + raw.index(stripped[0])
            yield Line(offset, offset + len(stripped), stripped)
        position = end + 1


def _lines_of(text: str) -> list[Line]:
    out = []
    position = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            offset = position + raw.index(stripped[0])
            out.append(Line(offset, offset + len(stripped), stripped))
        position += len(raw) + 1
    return out


# --------------------------------------------------------------------------- outline
@dataclass(slots=True)
class _Draft:
    """A section while the outline is read: its end is known only once all are."""

    path: str
    level: int
    marker: str
    kind: str
    heading: str
    start: int
    heading_end: int
    parent: str | None


def segment(text: str, body_end: int | None = None, skip: list[tuple[int, int]] | None = None,
            closing_start: int | None = None) -> list[Section]:
    """The section tree of the clean text, as a flat list in document order (parents first)."""
    end_of_body = len(text) if body_end is None else body_end
    skip = skip or []
    sections: list[_Draft] = []
    stack: list[tuple[float, _Draft]] = []
    bullets: dict[str | None, int] = {}
    used: dict[str, int] = {}
    all_lines = lines_of(text)
    skipped = _merged(skip)  # lines go forward, so does the range they are tested against
    next_skip = 0
    for index, line in enumerate(all_lines):
        if line.start >= end_of_body:
            continue
        while next_skip < len(skipped) and skipped[next_skip][1] <= line.start:
            next_skip += 1
        if next_skip < len(skipped) and skipped[next_skip][0] <= line.start:
            continue  # in a table or the closing block
        found = _marker(line.text)
        if found is None:
            continue
        kind, marker, number, heading_offset = found
        rank = _rank(kind, number)
        while stack and stack[-1][0] >= rank:
            stack.pop()
        parent = stack[-1][1] if stack else None
        path = _unique(_path(kind, number, parent, bullets), used)
        heading = _heading(line.text[heading_offset:])
        heading_end = line.start + heading_offset + len(heading)
        following = all_lines[index + 1] if index + 1 < len(all_lines) else None
        if not heading and following is not None and kind in _TITLED and len(following.text) < 200:
            heading, heading_end = _heading(following.text), following.end  # `Điều 8.` ⏎ title
        section = _Draft(path, len(stack) + 1, marker, kind, heading, line.start, heading_end,
                         parent.path if parent else None)
        sections.append(section)
        stack.append((rank, section))
    return _close(sections, end_of_body, closing_start)


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


def _marker(text: str) -> tuple[str, str, str, int] | None:
    if len(text) < 40 and _UNNUMBERED_PART.match(fold(text).strip()):
        return "part", "", text.strip().rstrip(".:"), 0
    first = text[:1]
    candidates = _MARKERS_BY_FIRST.get(first) or (_ITEM_MARKERS if first.isdecimal() else ())
    for kind, pattern in candidates:
        match = pattern.match(text)
        if match is None:
            continue
        if kind == "part" and not _plausible_roman_heading(text, match.end()):
            continue
        return kind, match.group(0).strip(), match.group(1), match.end()
    return None


def _plausible_roman_heading(text: str, after: int) -> bool:
    """`I- MỤC ĐÍCH` yes; `V.v. ...` or `I. Nguyễn` inside running text less so."""
    rest = text[after:].strip()
    return bool(rest) and (rest[0].isupper() or rest[0].isdigit())


def _rank(kind: str, number: str) -> float:
    if kind == "item":
        return 5 + number.count(".")
    if kind == "bullet":
        return 30 if number in "-–•" else 31
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


def _heading(text: str, limit: int = 200) -> str:
    """The heading of a section: up to its first sentence end, at most `limit` characters cut at
    a word boundary."""
    match = re.search(r"[.:;](\s|$)", text)
    heading = text[: match.start() + 1] if match else text
    if len(heading) > limit:
        cut = heading[: limit + 1]
        heading = cut[: cut.rfind(" ")] if " " in cut else heading[:limit]
    return heading.rstrip()


def _close(sections: list[_Draft], end_of_body: int, closing_start: int | None = None
           ) -> list[Section]:
    """A section ends where the next section of the same or a higher rank starts, and the body's
    sections end where the signature and `Nơi nhận` block starts (annex sections follow it)."""
    ends = [end_of_body if closing_start is None or section.start >= closing_start
            else closing_start for section in sections]
    open_sections: list[int] = []  # indexes of sections not yet closed, levels increasing
    for index, section in enumerate(sections):
        while open_sections and sections[open_sections[-1]].level >= section.level:
            closed = open_sections.pop()
            ends[closed] = min(ends[closed], section.start)
        open_sections.append(index)
    return [Section(path=s.path, level=s.level, marker=s.marker, kind=s.kind, heading=s.heading,
                    start=s.start, end=max(end, s.heading_end), heading_end=s.heading_end,
                    parent=s.parent)
            for s, end in zip(sections, ends, strict=True)]


# --------------------------------------------------------------------------- metadata
def header_zone(lines: Iterable[Line], folded_source: str | None = None) -> list[Line]:
    """The lines before the body: up to the first section marker or opening sentence, among
    the first 40. `folded_source`: the fold of the text the lines come from, if the caller has
    it."""
    zone = []
    for line in islice(lines, 40):
        folded = (fold(line.text) if folded_source is None
                  else folded_source[line.start:line.end])
        opening = _OPENING.match(folded) and not line.text[:1].islower()
        sentence = len(line.text.split()) > 8 and line.text.rstrip().endswith((".", ";"))
        if opening or sentence or (_marker(line.text) and len(zone) > 2):
            break
        zone.append(line)
    return zone


def extract_meta(text: str) -> DocumentMeta:
    lines = lines_of(text)
    zone = header_zone(lines, folded_text(text))  # the fold is kept for the later stages
    kind, title = _kind_and_title(zone)
    symbol = _own_symbol(zone)
    if kind is None and symbol is not None and symbol.kind_code in KIND_CODES:
        kind = KIND_CODES[symbol.kind_code]  # `Số: 186/KH-UBND` says Kế hoạch
    place, date = _place_and_date(zone)
    closing = find_closing(lines, len(zone))
    issuer = _issuer(zone, lines, closing.signer, title)
    if title and _OF_BODIES.match(title):
        title = title[_OF_BODIES.match(title).end():]  # type: ignore[union-attr]
    return DocumentMeta(
        kind=kind, symbol=symbol.normalized if symbol else None,
        number=symbol.number if symbol else None,
        kind_code=symbol.kind_code if symbol else None,
        issuer_code=symbol.issuer_code if symbol else None,
        year=int(date[:4]) if date else (symbol.year if symbol else None),
        issuer=issuer, place=place, date=date, title=title, signer=closing.signer,
        recipients=tuple(closing.recipients), body_start=0, body_end=len(text),
        closing_start=closing.start, closing_end=closing.end,
    )


@dataclass(frozen=True)
class Closing:
    """The signature and `Nơi nhận` block that closes the document body (annexes may follow)."""

    signer: Signer | None
    recipients: list[str]
    start: int | None
    end: int | None


def find_closing(lines: list[Line], first: int = 0) -> Closing:
    recipient_index = next((i for i, line in enumerate(lines) if i >= first
                            and _RECIPIENTS.match(line.text)), None)
    signature_index = _signature_index(lines, first, recipient_index)
    if recipient_index is None and signature_index is None:
        return Closing(None, [], None, None)
    recipients, recipients_last = (_recipients_at(lines, recipient_index)
                                   if recipient_index is not None else ([], None))
    signer, signer_last = (_signer_at(lines, signature_index)
                           if signature_index is not None else (None, None))
    indexes = [i for i in (recipient_index, signature_index, recipients_last, signer_last)
               if i is not None]
    return Closing(signer, recipients, lines[min(indexes)].start, lines[max(indexes)].end)


def _is_signature_line(line: Line) -> bool:
    return bool(_CAPACITY.match(line.text)) or bool(
        len(line.text) < 80 and line.text.isupper() and _TITLE_TAIL.search(line.text))


def _signature_index(lines: list[Line], first: int, near: int | None) -> int | None:
    """The signature nearest the `Nơi nhận` block, or the last one of the document."""
    candidates = [i for i, line in enumerate(lines) if i >= first and _is_signature_line(line)]
    if not candidates:
        return None
    if near is None:
        return candidates[-1]
    return min(candidates, key=lambda i: (abs(i - near), i))


_CAPACITY_ONLY = re.compile(r"(?:.*\s)?(?:T/M|TM\.?|KT\.?|K/T|T/L|TL\.?|TUQ\.?|Q\.)")
_CAPACITY_MARK = re.compile(r"(?:^|\s)(?=(?:T/M|TM\.|KT\.|K/T|T/L|TL\.|TUQ\.|Q\.)\s?)")


def _signer_at(lines: list[Line], index: int) -> tuple[Signer, int]:
    """`TM. ỦY BAN NHÂN DÂN` / `KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH` / name — on one line or several:
    capacities are joined by `; `, the title is the rank that follows them."""
    capacities: list[str] = []
    title = None
    last = index
    for offset, line in enumerate(lines[index:index + 4]):
        if offset and not (line.text.isupper() or _CAPACITY.match(line.text)):
            break
        text = line.text
        title_match = _TITLE_TAIL.search(text)
        before = text[: title_match.start()].strip() if title_match else ""
        if title_match and not _CAPACITY_ONLY.fullmatch(before) and not (
                title_match.group(1) == "BÍ THƯ" and before.endswith("BAN")):
            title = title_match.group(1)  # not `KT. CHỦ TỊCH`, not `T/M BAN BÍ THƯ`
            text = text[: title_match.start()]
        capacities += [c.strip() for c in _CAPACITY_MARK.split(text) if c.strip()]
        last = index + offset
        if title:
            break
    name = None
    for offset, later in enumerate(lines[last + 1: last + 4], start=1):
        if _looks_like_name(later.text):
            name, last = later.text, last + offset
            break
    return Signer("; ".join(capacities) or None, title, name), last


def _recipients_at(lines: list[Line], index: int) -> tuple[list[str], int]:
    """The `Nơi nhận:` list: `- ...` items (and lines continuing them) up to the signature or
    the first line that is neither."""
    items: list[str] = []
    line = lines[index]
    rest = line.text[_RECIPIENTS.match(line.text).end():].strip()  # type: ignore[union-attr]
    last = index
    texts = ([(index, rest)] if rest else []) + [(i, lines[i].text)
                                                for i in range(index + 1, len(lines))]
    for i, text in texts:
        if _is_signature_line(lines[i]) and i != index:
            break
        is_item = text.startswith(("-", "+", "–")) or (not items and i == index)
        if not is_item and not (items and text[:1].islower()):
            break
        for item in re.split(r"\s+-\s+|^[-+–]\s*", text):
            item = item.strip(" ,;.")
            if item:
                if is_item or not items:
                    items.append(item)
                else:
                    items[-1] = f"{items[-1]}, {item}"
        last = i
    return items, last


_SUBJECT_LINE = re.compile(r"^V/v\s*:?\s*(.*)$", re.I)


def _kind_and_title(zone: list[Line]) -> tuple[str | None, str | None]:
    kind, title = _kind_line(zone)
    if kind is not None:
        return kind, title
    for i, line in enumerate(zone):  # an official letter: `V/v <subject>` under its number
        match = _SUBJECT_LINE.search(line.text) or re.search(r"\s(v/v\s.*)$", line.text, re.I)
        if match:
            subject = match.group(1)
            if not subject.strip() and i + 1 < len(zone):
                subject = zone[i + 1].text
            subject = re.sub(r"^(v/v)\s*:?\s*", r"\1 ", subject, flags=re.I)
            if not re.match(r"v/v", subject, re.I):
                subject = "V/v " + subject
            return "Công văn", squash(subject).rstrip(".") or None
    return None, None


def _kind_line(zone: list[Line]) -> tuple[str | None, str | None]:
    for i, line in enumerate(zone):
        match = _KIND_LINE.match(line.text)
        if match is None:
            continue
        kind = next(k for k in KIND_WORDS if k.upper() == match.group(1))
        parts = [match.group(2)]
        for later in zone[i + 1:]:
            if _MOTTO.search(fold(later.text)):
                continue
            if len(later.text) > 250 or later.text.rstrip().endswith(":"):
                break  # the first paragraph of the body, not the title
            parts.append(later.text)
        title = squash(" ".join(p for p in parts if p))
        title = _AUTHORITY_TAIL.sub("", title).strip() or None
        return kind, title
    return None, None


def _own_symbol(zone: list[Line]):  # type: ignore[no-untyped-def]
    for index, line in enumerate(zone):
        match = re.match(r"^(?:Số|So)\s*(?:hiệu)?\s*:?\s*(.*)$", line.text, re.I)
        if match:
            value = match.group(1) or (zone[index + 1].text if index + 1 < len(zone) else "")
            found = find_symbols(value)  # `Số:` may stand alone, the symbol on the next line
            if found:
                return found[0][2]
    return None


def _place_and_date(zone: list[Line]) -> tuple[str | None, str | None]:
    for line in zone:
        date_match = DATE.search(line.text)
        place_match = _PLACE_DATE.search(line.text)
        if date_match is None or not (place_match or fold(line.text).startswith("ngày")):
            continue
        place = squash(place_match.group("place")) if place_match else None
        return place, parse_date(date_match)
    return None, None


def _looks_like_name(text: str) -> bool:
    words = text.replace("(đã ký)", "").split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words) and not text.isupper()


_ISSUER_SUBJECT = re.compile(
    r",\s*((?:Ban Thường vụ|Ban Chấp hành|Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Thường trực|"
    r"Ban [A-ZĐ]\w*|Bộ Chính trị|Ban Bí thư|Chính phủ|Thủ tướng|Tỉnh ủy|Thành ủy|Huyện ủy)"
    r"[^,.;]{0,60}?)\s+(?:ban hành|xây dựng|triển khai|đề ra|yêu cầu|chỉ thị|kết luận)"
)


_ON_BEHALF = re.compile(r"^T/?M\.?\s+(BỘ CHÍNH TRỊ|BAN BÍ THƯ|BAN CHẤP HÀNH TRUNG ƯƠNG)\b")


_CENTRE_NAMES = {"BỘ CHÍNH TRỊ": "Bộ Chính trị", "BAN BÍ THƯ": "Ban Bí thư",
                 "BAN CHẤP HÀNH TRUNG ƯƠNG": "Ban Chấp hành Trung ương",
                 "BỘ CHÍNH TRỊ, BAN BÍ THƯ": "Bộ Chính trị, Ban Bí thư"}
# `KẾT LUẬN CỦA BỘ CHÍNH TRỊ, BAN BÍ THƯ VỀ ...`: the title names who concludes
_OF_BODIES = re.compile(r"^CỦA ((?:BỘ CHÍNH TRỊ|BAN BÍ THƯ|BAN CHẤP HÀNH TRUNG ƯƠNG)"
                        r"(?:,? (?:BỘ CHÍNH TRỊ|BAN BÍ THƯ))?)\s+(?=VỀ|về)")


def _issuer(zone: list[Line], lines: list[Line], signer: Signer | None,
            title: str | None = None) -> str | None:
    """Who issues the document: the body a Party centre document is signed for (`T/M BAN BÍ
    THƯ`), the subject of the opening sentence (`..., Ban Thường vụ Tỉnh ủy xây dựng kế hoạch`)
    completed with the header's place, or the header's issuer block."""
    of_title = _OF_BODIES.match(title or "")
    if of_title:
        return _CENTRE_NAMES.get(of_title.group(1), of_title.group(1))
    on_behalf = _ON_BEHALF.match(signer.capacity or "") if signer else None
    if on_behalf:
        return _CENTRE_NAMES[on_behalf.group(1)]
    header = _header_issuer(zone)
    for line in lines[:60]:
        match = _ISSUER_SUBJECT.search(line.text)
        if match and fold(line.text).startswith(("thực hiện", "căn cứ", "để")):
            return _with_place(squash(match.group(1)), header)
    return header


_PLACE_IN_HEADER = re.compile(r"(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ)\s+([A-ZĐÀ-Ỹ][^|\n]*?)\s*$")


def _with_place(subject: str, header: str | None) -> str:
    """`Ủy ban nhân dân tỉnh` + a header `... TỈNH BẮC NINH` → `Ủy ban nhân dân tỉnh Bắc Ninh`."""
    from .bodies import default_gazetteer, infer_jurisdiction

    subject = re.sub(r"^UBND\b", "Ủy ban nhân dân", subject)
    if not re.search(r"(?:tỉnh|thành phố|huyện|quận|Tỉnh ủy|Thành ủy|Huyện ủy)$", subject):
        return subject
    slug = infer_jurisdiction(header)
    names = default_gazetteer().places.get(slug or "")
    return f"{subject} {names[0]}" if names else subject


def _header_issuer(zone: list[Line]) -> str | None:
    header = []
    for line in zone:
        folded = fold(line.text)
        if _MOTTO.search(folded) or folded.startswith(("số", "so ")) or DATE.search(line.text):
            if header:
                break
            continue
        if _KIND_LINE.match(line.text):
            break
        header.append(line.text)
    issuer = squash(" ".join(header)) or None
    return _central_office(issuer) or issuer


def _central_office(issuer: str | None) -> str | None:
    """`BAN CHẤP HÀNH TRUNG ƯƠNG` over `VĂN PHÒNG` is the Central Committee's Office: the child
    named with `Trung ương` as the gazetteer knows it."""
    match = re.match(r"^BAN CHẤP HÀNH TRUNG ƯƠNG\s+(.+)$", issuer or "")
    if match is None:
        return None
    from .bodies import default_gazetteer

    child = fold(match.group(1))
    for candidate in (f"{child} trung ương đảng", f"{child} trung ương"):
        for entry in default_gazetteer().bodies.values():
            if candidate in {fold(n) for n in (entry.name, *entry.aliases)}:
                return entry.name
    return None
