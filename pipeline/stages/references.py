"""References stage: find every mention of another document and parse it (resolution is the
next stage's work, `resolve`).

Forms (eyecite's idea, for Vietnamese directives): a *full* citation (kind word, `số`, symbol,
date, `của` issuer, `(khóa XIII)`, `về` title), a *symbol* alone or in a list
(`các Nghị quyết số 18-NQ/TW, 19-NQ/TW ngày 25/10/2017`), a *named* reference without a symbol
(`Nghị quyết Trung ương 4 (khóa XII)`, `Điều lệ Đảng`, a law by name), a *self* reference
(`Kế hoạch này`) and a *bare number* (`Chỉ thị số 17`). Matching runs on the folded clean text
(same length as the clean text); spans are clean offsets until the orchestrator maps them. The
opening chain (`Thực hiện A ... thực hiện B`) is read here too: it depends on the words only.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice

from ..knowledge import KbDocument, KnowledgeBase
from ..lines import Line, iter_lines
from ..normalize import fold, folded_text, squash, trie_pattern
from ..records import CitationForm, DocumentMeta, Reference
from ..symbols import DATE, KIND_CODES, KIND_WORDS, SYMBOL, parse_date, parse_symbol
from .clean import CleanDocument
from .metadata import header_zone

_KIND_ALT = "|".join(sorted((fold(k) for k in KIND_WORDS), key=len, reverse=True))
_KIND_WORD = re.compile(rf"(?:^|[^\w])({_KIND_ALT})(?![\w])")
# After the kind word: `số` (repeated, or with its accent or a mark lost to a scan: `Công văn
# sô`, `Nghị định SỐ,`, `Công điện: số`, `Nghị định, số.`), or a few qualifying words then
# `số` (`Báo cáo thẩm tra số`, `Thông báo kết luận số`), or nothing but a colon or a stop.
_NUMBER_WORD = r"(?:\s*[:,]?\s+(?:số|sô|so))+\s*[:.,]?"
_KIND_TAIL = re.compile(rf"(?:{_NUMBER_WORD}|(?:\s+(?!số\b)[^\s,;.()]+,?){{1,4}}\s+số\s*[:.]?"
                        r"|\s*[:.]?)\s*$")
# `văn bản số 1552/BTTTT-TTH`, `văn bản 1447/BKHCN-CĐSQG`: the generic word is part of the
# citation as written, but it names no kind (the symbol's code does)
_DOCUMENT_NUMBER = re.compile(rf"(?<![\w])văn bản(?:{_NUMBER_WORD})?\s*$")


def _kind_before(before: str) -> re.Match[str] | None:
    """The kind word nearest the symbol whose remaining words fit `_KIND_TAIL`."""
    for match in reversed(list(_KIND_WORD.finditer(before))):
        if _KIND_TAIL.match(before, match.end(1)):
            return match
    return None
_KIND_BY_FOLD = {fold(k): k for k in KIND_WORDS}
_LIST_JOINER = re.compile(r"\s*(?:,|;|và|,\s*và)\s*(?:(?:số|so)\s+)?$")  # used with match(pos, endpos)
_AFTER_DATE = re.compile(r"^\s*,?\s*(?:ban hành\s+)?(?:ngày|ngay)\s+$|^\s*,?\s*$")
_YEAR_ONLY = re.compile(r"^\s*,?\s*(?:năm|nam)\s+((?:19|20)\d\d)\b")
_TERM = re.compile(r"^\s*,?\s*\(?\s*khóa\s+([ivxlc]+)\s*\)?", re.I)
_ISSUER = re.compile(
    r"^\s*,?\s*của\s+(.{3,160}?)(?=\s+(?:về|tại|thực hiện|hướng dẫn|ban hành|quy định|sửa đổi)\s"
    r"|\s*[(“\"]|[,;.:)]|\s+\d|$)"
)
_ABOUT = re.compile(r"^\s*,?\s*(?:về|ve)\s+(.{3,300}?)(?=\s*[;:(]|\.\s|\.$|,\s*(?:các|và)\s|$)")
_QUOTED = re.compile(r"^\s*,?\s*[“\"]\s*([^”\"]{3,300})[”\"]")
_SHORT_FORM = re.compile(r"\((?:sau đây\s+)?(?:viết|gọi)\s+tắt\s+là\s*$|\(gọi là\s*$")
_NAMED = [
    ("plenum", re.compile(r"(?<![\w])nghị quyết\s+(?:hội nghị\s+)?trung ương\s+(\d{1,2}|[a-zà-ỹ]+)"
                          r"\s*,?\s*\(?\s*khóa\s+([ivxlc]+)\s*\)?")),
    ("charter", re.compile(r"(?<![\w])điều lệ đảng(?![\w])")),
    ("congress", re.compile(r"(?<![\w])nghị quyết đại hội\s+(?:đại biểu\s+)?(đảng bộ\s+"
                            r"(?:(?!nghị quyết)[^,.;()]){2,60}?|(?:đảng\s+)?toàn quốc|)\s*lần thứ\s+"
                            r"([ivxlc]+)(?:\s+của\s+đảng(?![\w]))?")),
    ("annual", re.compile(r"(?<![\w])nghị quyết nhiệm vụ năm\s+((?:19|20)\d\d)\s+của\s+"
                          r"(thành ủy|tỉnh ủy|huyện ủy)")),
    ("constitution", re.compile(r"(?<![\w])hiến pháp(?: nước cộng hòa xã hội chủ nghĩa việt nam)?"
                                r"(?: năm (\d{4}))?")),
]
_LAW_WORD = re.compile(r"(?<![\w])(?:bộ[ \t]+)?luật[ \t]+")
_NOT_A_LAW_BEFORE = re.compile(r"(?:đại học|trường|khoa|viện|cử nhân|thạc sĩ|tiến sĩ|ngành|dự án|"
                               r"dự thảo|xây dựng|soạn thảo|đề nghị xây dựng|chương trình xây dựng)"
                               r"[ \t]*$")
# `Luật sửa đổi, bổ sung một số điều của `: an amending law named by the laws it amends; a
# scan loses the hooks of `đổi` and `bổ` (`sửa đôi, bô sung`, `Sửa đối, bố sung`), a line may
# break before `của`
_AMENDING_WORDS = (r"luật[ \t]+sửa[ \t]+đ[ổôốồ]i,?[ \t]+b[ổôốồ][ \t]+sung[^;.]{0,80}?"
                   r"(?<![\w])của\s+")
_AMENDING = re.compile(_AMENDING_WORDS + "$")
_LAW_CAPITAL = re.compile(r"(?:Bộ\s+[Ll]uật|BỘ\s+LUẬT|Luật|LUẬT)\s+[A-ZĐÀ-Ỹ]")
# Where an unknown law name ends: a function word, a number, punctuation, a line end.
_LAW_STOP = re.compile(
    r"\s+(?:số|ngày|năm|đã|được|và các|của|có|thì|hiện|về|cho|để|đối với|trong|theo|tại|với|"
    r"nhằm|quy định|hướng dẫn|sửa đổi|thi hành|là|mới|hiện hành|này|đó|và(?=\s+(?:bộ\s+)?luật\s))"
    r"(?![\w])|[;,()\n.:|\d]"
)


def find_references(cleaned: CleanDocument, meta: DocumentMeta, kb: KnowledgeBase
                    ) -> list[Reference]:
    """Every mention of a document in the clean text, in text order, parsed but unresolved.
    `kb` supplies the names to look for (laws, named programmes), not identities."""
    text = cleaned.text
    folded = folded_text(text)
    zone = header_zone(iter_lines(text), folded)
    header_end = zone[-1].end if zone else 0
    laws = kb.law_pattern()
    mentions = _symbol_mentions(text, folded, header_end, meta, laws)
    taken = Spans([(m.start, m.end) for m in mentions])
    kinds = _kind_hits(folded)
    mentions += _named_mentions(text, folded, taken)
    mentions += _law_mentions(text, folded, taken, laws)
    mentions += _alias_mentions(text, folded, kinds, taken, _alias_index(kb.named_aliases()),
                                mentions, kb)
    mentions += _defined_kind_mentions(text, folded, mentions, taken)
    mentions += _self_mentions(folded, kinds, taken, header_end)
    mentions += _blank_mentions(folded, kinds, taken, header_end, meta)
    mentions += _bare_mentions(folded, kinds, taken)
    mentions.sort(key=lambda m: m.start)
    for mention in mentions:
        _complete(mention, text)
    opening = islice(iter_lines(text, header_end), 80 - len(zone))  # the first 80 lines
    _mark_implements(mentions, folded, opening, header_end)
    return mentions


def _mention(start: int, end: int, form: CitationForm, **attributes: object) -> Reference:
    return Reference(start=start, end=end, form=form, **attributes)  # type: ignore[arg-type]


# ------------------------------------------------------------------ symbol citations
def _symbol_mentions(text: str, folded: str, header_end: int, meta: DocumentMeta,
                     laws: re.Pattern[str]) -> list[Reference]:
    mentions: list[Reference] = []
    group: list[Reference] = []
    for match in SYMBOL.finditer(text):
        symbol = parse_symbol(match)
        if symbol is None:
            continue
        at = match.start()
        if at < header_end and _is_own_header_symbol(text, at, meta, symbol.normalized):
            continue
        before = folded[max(0, at - 40):at]
        kind_match = _kind_before(before)
        if kind_match and "," in before[kind_match.end(1):] and not _agrees(
                _KIND_BY_FOLD[kind_match.group(1)], symbol.kind_code):
            kind_match = None  # `Nghị quyết, Quyết định, số 15/2024/NĐ-CP`: a list's word
        generic = _DOCUMENT_NUMBER.search(before)
        if generic and kind_match and kind_match.start(1) < generic.start():
            kind_match = None  # `hướng dẫn tại Văn bản số 687/…`: the nearer word is the citation's
        mention = _mention(at, match.end(), "symbol", symbol=symbol.normalized,
                           number=symbol.number, kind_code=symbol.kind_code,
                           issuer_code=symbol.issuer_code, year=symbol.year)
        in_list = bool(group) and _LIST_JOINER.match(folded, group[-1].end, at) is not None
        law_start = _law_named_before(text, folded, at, laws)
        if law_start is not None:  # `Luật Đất đai số 31/2024/QH15` is one mention
            mention.start, mention.form = law_start, "full"
            mention.kind = "Bộ luật" if folded.startswith("bộ", law_start) else "Luật"
            mention.name = squash(text[law_start:at]).rsplit(" số", 1)[0]
        elif kind_match:
            mention.start = at - len(before) + kind_match.start(1)
            mention.kind = _KIND_BY_FOLD[kind_match.group(1)]
            mention.form = "short" if _SHORT_FORM.search(
                folded, max(0, mention.start - 80), mention.start) else "full"
        elif generic is not None:
            mention.start = at - len(before) + generic.start()
            mention.kind = KIND_CODES.get(symbol.kind_code or "")
            mention.form = "full"
        elif in_list:
            mention.kind = group[-1].kind  # `18-NQ/TW, 19-NQ/TW`: the list shares the kind word
        else:
            mention.kind = KIND_CODES.get(symbol.kind_code or "")
        if group and not (in_list and mention.form != "full"):
            _finish_group(group, text, folded)
            group = []
        group.append(mention)
        mentions.append(mention)
    if group:
        _finish_group(group, text, folded)
    return mentions


def _agrees(kind: str, code: str | None) -> bool:
    """A kind word fits a symbol's kind code (or the symbol has none the grammar knows)."""
    coded = KIND_CODES.get(code or "")
    return coded is None or kind.startswith(coded) or coded.startswith(kind)


def _is_own_header_symbol(text: str, start: int, meta: DocumentMeta, normalized: str) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return normalized == meta.symbol or fold(text[line_start:start]).strip().startswith("số")


_DATE_BEFORE = re.compile(r"(?:^|[.;\n]\s*)ngày\s+([^,.;\n]{6,24}?)\s*,[^.;\n]{0,80}$")


def _date_before(folded: str, start: int) -> str | None:
    """`Ngày 01/7/2025, Cục Thuế đã có công điện số 102/CĐ-CT`: the date opens the sentence."""
    window_start = max(0, start - 120)
    if folded.find("ngày", window_start, start) < 0:
        return None  # most citations: no sentence-opening date before them
    match = _DATE_BEFORE.search(folded, window_start, start)
    if match is None:
        return None
    date = DATE.fullmatch(match.group(1).strip())
    return parse_date(date) if date else None


def _finish_group(group: list[Reference], text: str, folded: str) -> None:
    """Attributes after the last symbol of a list (date, issuer, term, title) apply to all."""
    last = group[-1]
    attrs = _attributes(text, folded, last.end)
    if "date" not in attrs and len(group) == 1:
        date = _date_before(folded, group[0].start)
        if date:
            attrs["date"] = date
    for mention in group:
        for name, value in attrs.items():
            if value is not None and getattr(mention, name) is None:
                setattr(mention, name, value)


_LEAD = re.compile(r"\s*,?\s*")
_ISSUER_OR_TERM_FIRST = frozenset("c(k")  # `của`, `(khóa`, `khóa`
_TITLE_FIRST = frozenset("v“\"")  # `về`, `ve`, a quoted title


def _first_after(folded: str, at: int) -> str:
    """The first character after the spaces and comma at `at`: what `_ISSUER`, `_TERM`,
    `_ABOUT` and `_QUOTED` would look at after their common `^\\s*,?\\s*`."""
    position = _LEAD.match(folded, at).end()  # type: ignore[union-attr]  # always matches
    return folded[position:position + 1]


def _attributes(text: str, folded: str, at: int) -> dict[str, object]:
    attrs: dict[str, object] = {}
    cursor = at
    window = folded[cursor:cursor + 40]
    date_match = DATE.search(window)
    if date_match and _AFTER_DATE.match(window[:date_match.start()]):
        attrs["date"] = parse_date(date_match)
        cursor += date_match.end()
    else:
        year_match = _YEAR_ONLY.match(window)
        if year_match:
            attrs["year"] = int(year_match.group(1))
            cursor += year_match.end()
    for _ in range(3):  # issuer, term and title come in a few orders
        if _first_after(folded, cursor) not in _ISSUER_OR_TERM_FIRST:
            break  # neither `của ...` nor `(khóa ...)` follows (most citations)
        rest = folded[cursor:cursor + 320]
        issuer = _ISSUER.match(rest)
        if issuer and "issuer" not in attrs:
            attrs["issuer"] = squash(text[cursor + issuer.start(1):cursor + issuer.end(1)])
            cursor += issuer.end()
            continue
        term = _TERM.match(rest)
        if term and "term" not in attrs:
            attrs["term"] = term.group(1).upper()
            cursor += term.end()
            continue
        break
    title = None
    if _first_after(folded, cursor) in _TITLE_FIRST:
        rest = folded[cursor:cursor + 320]
        title = _ABOUT.match(rest) or _QUOTED.match(rest)
    if title:
        attrs["title"] = squash(text[cursor + title.start(1):cursor + title.end(1)]).strip(" ,")
    issuer_text = attrs.get("issuer")
    if isinstance(issuer_text, str) and "term" not in attrs:
        term = re.search(r"khóa\s+([IVXLC]+)", issuer_text, re.I)
        if term:
            attrs["term"] = term.group(1).upper()
    return attrs


# ------------------------------------------------------------------ other forms
class Spans:
    """Disjoint spans already taken by a mention, kept sorted for overlap tests."""

    def __init__(self, spans: list[tuple[int, int]] | None = None) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans or []):
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        index = bisect_right(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect_right(self.starts, start) - 1
        if index >= 0 and self.ends[index] > start:
            return True
        return index + 1 < len(self.starts) and self.starts[index + 1] < end


_NAMED_ANCHOR = {"plenum": "nghị quyết", "congress": "nghị quyết", "annual": "nghị quyết",
                 "charter": "điều lệ đảng", "constitution": "hiến pháp"}


def _anchored(pattern: re.Pattern[str], folded: str, anchor: str) -> list[re.Match[str]]:
    """`pattern` tried only where its literal `anchor` occurs (fast on long texts)."""
    found = []
    position = folded.find(anchor)
    while position >= 0:
        match = pattern.match(folded, position)
        if match is not None:
            found.append(match)
        position = folded.find(anchor, position + 1)
    return found


def _named_mentions(text: str, folded: str, taken: Spans) -> list[Reference]:
    mentions = []
    for form, pattern in _NAMED:
        for match in _anchored(pattern, folded, _NAMED_ANCHOR[form]):
            if taken.overlaps(match.start(), match.end()):
                continue
            name = squash(text[match.start():match.end()])
            mention = _mention(match.start(), match.end(), "named", name=name,
                               kind=_named_kind(form), term=_named_term(form, match))
            attrs = _attributes(text, folded, match.end())
            mention.date = attrs.get("date")  # type: ignore[assignment]
            mention.issuer = attrs.get("issuer")  # type: ignore[assignment]
            mentions.append(mention)
            taken.add(match.start(), match.end())
    return mentions


def law_name_end(text: str, folded: str, at: int, laws: re.Pattern[str]) -> int | None:
    """If a law is named at `at` (`Luật Đất đai`, `Bộ luật Lao động`), where its name ends.
    Known names (the knowledge base) first; else the capitalised words up to a function word."""
    if not text.startswith(("B", "L"), at):
        return None  # `_LAW_CAPITAL` cannot match (most `luật` are lower case: `pháp luật`)
    word = _LAW_WORD.match(folded, at)
    if word is None or not _LAW_CAPITAL.match(text, at):
        return None
    known = laws.match(folded, at)
    if known:
        return known.end()
    if text[at:at + 4].isupper() or _NOT_A_LAW_BEFORE.search(folded, max(0, at - 40), at):
        return None  # an unknown name in a capitals title, a draft, a school of law
    return _unknown_name_end(folded, word)


_IMPLEMENT = "thực hiện"
# The second of a pair of words a law's name joins by a comma (`Luật Phòng, chống tham nhũng`,
# `Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ`, `Luật Thi đua, khen thưởng`, `Luật Tín
# ngưỡng, tôn giáo`): the comma does not end the name.
_PAIRS = (("phòng", "chống"), ("phòng cháy", "chữa cháy"), ("cứu nạn", "cứu hộ"),
          ("quản lý", "sử dụng"), ("thi đua", "khen thưởng"), ("thể dục", "thể thao"),
          ("xuất khẩu", "thuế nhập khẩu"), ("xuất khẩu", "nhập khẩu"), ("tín ngưỡng", "tôn giáo"),
          ("trật tự", "an toàn"), ("vũ khí", "vật liệu nổ"))
_PAIRED = {first: re.compile(r"\s*(?:" + "|".join(b for a, b in _PAIRS if a == first) + r")(?![\w])")
           for first, _ in _PAIRS}


def _paired(folded: str, comma: int) -> bool:
    """Is the comma at `comma` inside a pair of words a law's name joins (`Phòng, chống`)?"""
    return any(folded.endswith(first, 0, comma) and (comma == len(first) or not folded[
        comma - len(first) - 1].isalnum()) and pattern.match(folded, comma + 1) is not None
        for first, pattern in _PAIRED.items())


def _unknown_name_end(folded: str, word: re.Match[str]) -> int | None:
    """Where the name of a law the knowledge base lacks ends: the words after `luật` up to a
    function word, a number or a mark, ten at most."""
    # `Luật Thực hiện dân chủ ở cơ sở`: `hiện` stops a name only after its first word
    after = word.end() + (len(_IMPLEMENT) if folded.startswith(_IMPLEMENT, word.end()) else 0)
    limit = min(len(folded), word.end() + 90)
    stop = _LAW_STOP.search(folded, after, limit)
    first = stop.start() if stop else limit  # where a name ends that no pair goes on past
    while stop is not None and stop.group(0) == "," and _paired(folded, stop.start()):
        stop = _LAW_STOP.search(folded, stop.end(), limit)  # `Phòng cháy, chữa cháy`: one name
    end = stop.start() if stop else limit
    if len(folded[word.end():end].split()) > 10:
        end = first  # a long run past a pair is no name the pair made: the first words only
    name = folded[word.end():end].strip()
    if not name or len(name.split()) > 10:
        return None
    return word.end() + len(folded[word.end():end].rstrip())


# An amending law named by the laws it amends, not numbered: `Luật sửa đổi, bổ sung một số
# điều của Luật Chứng khoán, Luật Kế toán, ... và Luật Xử lý vi phạm hành chính`.
_AMENDING_AT = re.compile(_AMENDING_WORDS + r"(?=(?:bộ[ \t]+)?luật[ \t])")
# the laws it names follow one another on one line, by a comma or `và`
_NEXT_LAW = re.compile(r"[ \t]*(?:,[ \t]*|[ \t]và[ \t]+)(?=(?:bộ[ \t]+)?luật[ \t])")
# its day (a number after it is taken as the last law's: `… và Luật Viên chức số 52/2019/QH14`;
# a year is no proof, the amended law's maybe: `xây dựng … của Luật Đất đai năm 2013`)
_ENACTED_AFTER = re.compile(r"\s*,?\s*ngày\s")
# `căn cứ` before a document (`căn cứ Luật …`, `căn cứ vào Nghị định …`), not the noun (`là căn
# cứ để …`, `có căn cứ pháp lý`)
_GROUND_WORD = re.compile(r"(?<![\w])căn cứ\s+(?:vào\s+)?(?=\w)")
_GROUND_BROKEN = re.compile(r"[;:]|\.\s+(\w)|\n\s*(?:[-+•]|\d{1,2}[.)]|[a-zđ]\))\s")
_TO_COME = re.compile(r"kiến nghị|đề nghị|đề xuất|góp ý|ý kiến|xây dựng|dự thảo|soạn thảo")


def _is_ground(text: str, folded: str, at: int) -> bool:
    """The law at `at` is named in a ground of the document (`Căn cứ … Luật sửa đổi, … Luật Thi
    đua, Khen thưởng;`), so enacted: the ground runs on to it with no `;`, colon, sentence or
    list item between (a date's dots or a wrapped line are fine), and is no comment on a law to
    come (`Căn cứ …, kiến nghị ban hành Luật …`)."""
    grounds = [m for m in _GROUND_WORD.finditer(folded, max(0, at - 240), at)
               if text[m.end()].isupper()]
    if not grounds:
        return False
    between = grounds[-1].end()
    broken = any(m.group(1) is None or m.group(1).isupper()  # a stop before a capital: a sentence
                 for m in _GROUND_BROKEN.finditer(text, between, at))
    return not (broken or _TO_COME.search(folded, between, at))


def _amended_laws_end(text: str, folded: str, at: int, laws: re.Pattern[str], taken: Spans
                     ) -> int | None:
    """Where the name of an amending law that opens at `at` ends: after the last of the laws it
    names, one after another (one reference: the laws inside are its name, not citations), where
    its day follows or it is a ground of the document, and no reference already found
    lies inside."""
    amending = _AMENDING_AT.match(folded, at)
    if amending is None or _NOT_A_LAW_BEFORE.search(folded, max(0, at - 40), at):
        return None  # `xây dựng Luật sửa đổi, …`: a draft, and the law it amends is cited
    end, position = None, amending.end()
    while True:
        law_end = law_name_end(text, folded, position, laws) or _lower_law_end(folded, position)
        if law_end is None:
            break
        end = law_end
        following = _NEXT_LAW.match(folded, end)
        if following is None:
            break
        position = following.end()
    # enacted, so cited by its day or as a ground (a list of laws to draft names them too)
    if end is None or taken.overlaps(at, end):
        return None
    enacted = (_ENACTED_AFTER.match(folded, end)
               or _is_ground(text, folded, at))
    return end if enacted else None


def _lower_law_end(folded: str, at: int) -> int | None:
    """A law in a list written with a lower-case name (`Luật thuế thu nhập cá nhân`)."""
    word = _LAW_WORD.match(folded, at)
    return None if word is None else _unknown_name_end(folded, word)


def _law_named_before(text: str, folded: str, symbol_start: int, laws: re.Pattern[str]
                      ) -> int | None:
    window_start = max(0, symbol_start - 160)
    if folded.find("luật", window_start, symbol_start) < 0:
        return None  # most symbols: no law named before them
    for word in _LAW_WORD.finditer(folded, window_start, symbol_start):
        end = law_name_end(text, folded, word.start(), laws)
        if end is not None and re.fullmatch(r"\s+số\s*:?\s*", folded[end:symbol_start]):
            amending = _AMENDING.search(folded, max(0, word.start() - 120), word.start())
            return amending.start() if amending else word.start()
    return None


def _law_words(folded: str) -> list[re.Match[str]]:
    """`luật` / `bộ luật` words, found from the literal `luật` (fast on long texts)."""
    found = []
    position = folded.find("luật")
    while position >= 0:
        if folded[position + 4:position + 5] in (" ", "\t"):  # `_LAW_WORD` needs a blank after
            start = position - 3 if folded[max(0, position - 3):position] == "bộ " else position
            match = _LAW_WORD.match(folded, start)
            if match is not None:
                found.append(match)
        position = folded.find("luật", position + 1)
    return found


def _law_mentions(text: str, folded: str, taken: Spans, laws: re.Pattern[str]
                  ) -> list[Reference]:
    mentions = []
    for word in _law_words(folded):
        if taken.overlaps(word.start(), word.end()):
            continue
        end = (_amended_laws_end(text, folded, word.start(), laws, taken)
               or law_name_end(text, folded, word.start(), laws))
        if end is None:
            continue
        name = squash(text[word.start():end])
        kind = "Bộ luật" if folded.startswith("bộ", word.start()) else "Luật"
        mention = _mention(word.start(), end, "named", name=name, kind=kind)
        attrs = _attributes(text, folded, end)
        mention.date = attrs.get("date")  # type: ignore[assignment]
        mention.year = attrs.get("year")  # type: ignore[assignment]  # `Luật ... năm 2015`
        mentions.append(mention)
        taken.add(word.start(), end)
    return mentions


_NEXT_WORD = re.compile(r"\s+([^\s,;.:()]+)")
_ALIAS_WORDS = re.compile(r"[^\s,;.:()]+")


@lru_cache(maxsize=8)
def _alias_index(aliases: tuple[str, ...]) -> dict[str, dict[str, re.Pattern[str]]]:
    """The knowledge base's names of documents (folded) that open with a kind word, as one
    pattern per kind word and the word after it (`chương trình` → `chuyển` → pattern): the
    pattern is tried only where a kind word of the text is followed by that word. Names of fewer than three
    words or with a symbol in them are left out (too unspecific, or found as citations)."""
    grouped: dict[str, dict[str, list[str]]] = {}
    for alias in aliases:
        kind = _KIND_PLAIN.match(alias)
        words = _ALIAS_WORDS.findall(alias)
        if kind is None or len(words) < 3 or SYMBOL.search(alias):
            continue
        following = _NEXT_WORD.match(alias, kind.end())
        if following is None:
            continue
        grouped.setdefault(kind.group(0), {}).setdefault(following.group(1), []).append(alias)
    return {kind: {word: re.compile("(?:" + "|".join(
        r"\s+".join(re.escape(part) for part in name.split())
        for name in sorted(names, key=len, reverse=True)) + r")(?![\w])")
        for word, names in by_word.items()} for kind, by_word in grouped.items()}


def _alias_mentions(text: str, folded: str, kinds: list[tuple[int, int, str]], taken: Spans,
                    index: dict[str, dict[str, re.Pattern[str]]], cited: list[Reference],
                    kb: KnowledgeBase) -> list[Reference]:
    """Documents named as the knowledge base knows them (`Chương trình chuyển đổi số quốc
    gia`, `Nghị quyết Đại hội XIII của Đảng`), looked for after each kind word. A name in the
    same sentence as a citation of its document by symbol is that citation's title
    (`Quyết định số 749/QĐ-TTg ... phê duyệt "Chương trình Chuyển đổi số quốc gia ..."`)."""
    mentions = []
    for start, end, word in kinds if index else ():
        by_word = index.get(word)
        if by_word is None:
            continue  # no known name opens with this kind word (most kind words)
        following = _NEXT_WORD.match(folded, end)
        pattern = by_word.get(following.group(1)) if following else None
        match = pattern.match(folded, start) if pattern else None
        if match is None or taken.overlaps(start, match.end()):
            continue
        name = squash(text[start:match.end()])
        if _cited_beside(folded, start, match.end(), kb.named(name), cited):
            continue
        mention = _mention(start, match.end(), "named", kind=_KIND_BY_FOLD[word], name=name)
        attrs = _attributes(text, folded, match.end())
        mention.date = attrs.get("date")  # type: ignore[assignment]
        mention.issuer = attrs.get("issuer")  # type: ignore[assignment]
        mentions.append(mention)
        taken.add(start, match.end())
    return mentions


_SENTENCE_END = re.compile(r"[.;\n]")


def _cited_beside(folded: str, start: int, end: int, named: list[KbDocument],
                  cited: list[Reference]) -> bool:
    """Is one of the `named` documents cited by symbol in the sentence around [start, end)?"""
    symbols = {document.symbol for document in named if document.symbol}
    if not symbols:
        return False
    left = max(folded.rfind(mark, 0, start) for mark in ".;\n") + 1
    after = _SENTENCE_END.search(folded, end)
    right = after.start() if after else len(folded)
    return any(m.symbol in symbols and left <= m.start < right for m in cited)


_DEFINED_KIND = re.compile(rf"\(\s*(?:sau đây\s+)?(?:viết|gọi)\s+tắt\s+là\s+({_KIND_ALT})\s*\)")


def _defined_kind_mentions(text: str, folded: str, mentions: list[Reference],
                           taken: Spans) -> list[Reference]:
    """`Nghị định số 200/2025/NĐ-CP ... (sau đây viết tắt là Nghị định)`: every later bare
    `Nghị định` is that document."""
    found: list[Reference] = []
    for definition in _DEFINED_KIND.finditer(folded):
        antecedent = max((m for m in mentions if m.end <= definition.start() and m.symbol),
                         key=lambda m: m.end, default=None)
        if antecedent is None or re.search(r"[.;\n]", folded[antecedent.end:definition.start()]):
            continue  # the short form names something else (the document's own programme)
        word = re.compile(rf"(?<![\w]){re.escape(definition.group(1))}(?![\w])")
        kind = fold(antecedent.kind or "")
        if kind and not kind.startswith(definition.group(1)) and word.search(
                folded[antecedent.end:definition.start()]):
            # a document of the short form's kind named after the cited one is what it names:
            # the school's own plan after the decision it carries out (`Thực hiện Quyết định số
            # 585/QĐ-BGDĐT …, Trường … ban hành Kế hoạch “…” (sau đây gọi tắt là Kế hoạch)`)
            continue
        for use in word.finditer(folded, definition.end()):
            after = folded[use.end():use.end() + 12]
            if taken.overlaps(use.start(), use.end()) or re.match(r"\s+(?:số|này|\d)", after):
                continue
            found.append(_mention(use.start(), use.end(), "short", kind=antecedent.kind,
                                  symbol=antecedent.symbol, number=antecedent.number,
                                  kind_code=antecedent.kind_code,
                                  issuer_code=antecedent.issuer_code, year=antecedent.year,
                                  date=antecedent.date))
            taken.add(use.start(), use.end())
    return found


def _named_kind(form: str) -> str:
    return {"charter": "Điều lệ", "law": "Luật", "constitution": "Hiến pháp"}.get(form,
                                                                                   "Nghị quyết")


def _named_term(form: str, match: re.Match[str]) -> str | None:
    if form in {"plenum", "congress"}:
        return match.group(2).upper()
    return None


_KIND_PLAIN = re.compile(trie_pattern(_KIND_ALT.split("|")))
_SELF_AFTER = re.compile(r"\s+này(?![\w])")
_BARE_AFTER = re.compile(r"\s+(?:số\s+)?(\d{1,4})(?![\w/-])(?!\s*năm)")
_BARE_KINDS = {"chỉ thị", "kế hoạch", "nghị quyết", "kết luận", "quyết định", "thông báo", "đề án",
               "hướng dẫn", "quy định"}


def _kind_hits(folded: str) -> list[tuple[int, int, str]]:
    """Every kind word (`nghị quyết`, `kế hoạch`, ...) as a whole word, found in one pass."""
    hits = []
    for match in _KIND_PLAIN.finditer(folded):
        start, end = match.span()
        if (start and folded[start - 1].isalnum()) or (end < len(folded) and folded[end].isalnum()):
            continue
        hits.append((start, end, match.group(0)))
    return hits


def _self_mentions(folded: str, kinds: list[tuple[int, int, str]], taken: Spans,
                   header_end: int) -> list[Reference]:
    mentions = []
    for start, end, word in kinds:
        if start < header_end or not (folded.startswith("này", end + 1)
                                      or folded[end + 1:end + 2].isspace()):
            continue  # `_SELF_AFTER` needs `này` after one blank, or more blanks
        after = _SELF_AFTER.match(folded, end)
        if after is None or taken.overlaps(start, after.end()):
            continue
        mentions.append(_mention(start, after.end(), "self", kind=_KIND_BY_FOLD[word]))
        taken.add(start, after.end())
    return mentions


# A citation whose number a draft left blank: `Kế hoạch số          /KH-SCT` (cleaning may
# have broken the line in the blank), `Quyết định số /2021/QĐ-UBND`, `Văn bản số -CV/ĐU`: the
# kind code after the blank (`/KH-`, `-CV/`), then the issuer's code.
_BLANK_NUMBER = re.compile(r"[ \t]{1,3}(?:số|sô)[ \t]*[:.]?(?:[ \t._…]{0,40}[-/]|[ \t]*\n[ \t]*/)"
                           r"[ \t]*(?:(?:19|20)\d\d[ \t]*/[ \t]*)?"
                           r"(([a-zđ]{2,4})[ \t]*[-/][ \t]*[a-zđ][a-zđ0-9&]{0,11})(?![\w/-])")
# what a document does to another, never to itself
_OTHER_BEFORE = re.compile(r"(?:căn cứ|thay thế|bãi bỏ|sửa đổi|bổ sung)[ \t]+(?:các[ \t]+)?$")


def _blank_mentions(folded: str, kinds: list[tuple[int, int, str]], taken: Spans,
                    header_end: int, meta: DocumentMeta) -> list[Reference]:
    """A citation with a blank number is the document's own (its draft or an annex citing it)
    when its kind and codes are the document's: any other is left out, since nothing
    identifies it (nor one the document stands on or replaces)."""
    mentions = []
    generic = [(m.start(), m.end(), "văn bản") for m in re.finditer(r"(?<![\w])văn bản", folded)]
    for start, end, word in sorted([*kinds, *generic]):
        blank = _BLANK_NUMBER.match(folded, end)
        if (start < header_end or blank is None or taken.overlaps(start, blank.end())
                or _OTHER_BEFORE.search(folded, max(0, start - 20), start)):
            continue
        # `Văn bản số     /SNV-TCBC`: a letter, whose symbol has no kind code
        kind = (_KIND_BY_FOLD.get(word) or KIND_CODES.get(blank.group(2).upper())
                or "Công văn")
        if not _own_blank(kind, blank.group(1), meta):
            continue
        mentions.append(_mention(start, blank.end(), "self", kind=kind))
        taken.add(start, blank.end())
    return mentions


def _own_blank(kind: str, codes: str, meta: DocumentMeta) -> bool:
    """Of the document's kind; its codes (`KH-UBND`, `CV/ĐU`) the document's own symbol's after
    the number (an office may sign for its committee: `CV/ĐU` in `402-CV/VPĐU`)."""
    if meta.kind is None or not (meta.kind.startswith(kind) or kind.startswith(meta.kind)):
        return False
    code = re.split(r"[-/]", codes.replace(" ", "").replace("\t", "").upper(), maxsplit=1)
    coded = KIND_CODES.get(code[0])
    if coded is not None and not kind.startswith(coded):
        return False
    if not meta.symbol:
        return True
    own = re.sub(r"^[\d\s]*[-/]\s*(?:(?:19|20)\d\d\s*/\s*)?", "", meta.symbol).replace(" ", "").upper()
    own_code = re.split(r"[-/]", own, maxsplit=1)
    if len(own_code) < 2 or len(code) < 2 or own_code[0] != code[0]:
        return False
    return own_code[1].endswith(code[1]) or code[1].endswith(own_code[1])


def _bare_mentions(folded: str, kinds: list[tuple[int, int, str]], taken: Spans
                   ) -> list[Reference]:
    mentions = []
    for start, end, word in kinds:
        if word not in _BARE_KINDS:
            continue
        after = _BARE_AFTER.match(folded, end)
        if after is None or taken.overlaps(start, after.end()):
            continue
        mentions.append(_mention(start, after.end(), "bare-number", kind=_KIND_BY_FOLD[word],
                                 number=after.group(1)))
        taken.add(start, after.end())
    return mentions


# ------------------------------------------------------------------ records
def _complete(mention: Reference, text: str) -> None:
    """The mention's text and, from its date, its year."""
    mention.text = text[mention.start:mention.end]
    mention.year = mention.year or (int(mention.date[:4]) if mention.date else None)


_IMPLEMENT_VERB = re.compile(r"(?:thực hiện|triển khai thực hiện|triển khai|quán triệt|"
                             r"cụ thể hóa)\s")
_IMPLEMENT_VERB_BEFORE = re.compile(r"(?:thực hiện|triển khai|quán triệt|cụ thể hóa)\s+(?:các\s+)?$")


def _mark_implements(references: list[Reference], folded: str, opening: Iterable[Line],
                     header_end: int) -> None:
    """The opening chain: `Thực hiện A ... thực hiện B`: the document implements A, A
    implements B. Read from the title (header zone) and the first `Thực hiện ...` paragraph."""
    zones = _opening_zones(folded, opening, header_end)
    for zone_start, zone_end in zones:
        previous: int | None = None
        implementer: int | None = None  # None: the document itself
        cursor = zone_start
        for index, reference in enumerate(references):
            if not (zone_start <= reference.start < zone_end) or reference.form in {
                    "self", "bare-number", "short"}:
                continue
            between = folded[cursor:reference.start]
            if previous is not None and _IMPLEMENT_VERB_BEFORE.search(between):
                implementer = previous
            elif previous is None and not _IMPLEMENT_VERB.search(folded[zone_start:reference.start]):
                break
            reference.implements = implementer is None
            reference.implemented_by = implementer
            previous = index
            cursor = reference.end


def _opening_zones(folded: str, opening: Iterable[Line], header_end: int
                   ) -> list[tuple[int, int]]:
    """The title's `thực hiện ...` and the opening `Thực hiện ...` paragraphs (the lines after
    the header, `opening`)."""
    zones = []
    title = re.search(r"(?:^|\n)[^\n]*?\b(thực hiện|triển khai)\b", folded[:header_end])
    if title:
        line_end = folded.find("\n", title.start(1))
        zones.append((title.start(1), header_end if line_end < 0 else max(line_end, header_end)))
    for line in opening:
        if line.start < header_end:
            continue
        line_folded = folded[line.start:line.end]
        if line_folded.startswith(("thực hiện", "căn cứ", "triển khai")):
            if line_folded.startswith(("thực hiện", "triển khai")):
                clause = re.search(r",\s*(ban thường vụ|ban chấp hành|ủy ban|ubnd|thường trực|"
                                   r"bộ chính trị|ban bí thư|chính phủ|[^,]{0,40}(?:xây dựng|ban hành))",
                                   line_folded)
                zones.append((line.start, line.start + (clause.start() if clause else len(line.text))))
            continue
        break
    return zones
