"""Find every mention of another document, parse it, and hand it to `resolve`.

Forms (eyecite's idea, for Vietnamese directives): a *full* citation (kind word, `số`, symbol,
date, `của` issuer, `(khóa XIII)`, `về` title), a *symbol* alone or in a list
(`các Nghị quyết số 18-NQ/TW, 19-NQ/TW ngày 25/10/2017`), a *named* reference without a symbol
(`Nghị quyết Trung ương 4 (khóa XII)`, `Điều lệ Đảng`, a law by name), a *self* reference
(`Kế hoạch này`) and a *bare number* (`Chỉ thị số 17`). Matching runs on the folded clean text
(same length as the clean text), spans are mapped back to the original at the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .clean import CleanDocument
from .knowledge import KnowledgeBase
from .normalize import fold, squash
from .records import DocumentMeta, Reference, Section
from .resolve import resolve_all
from .segment import KIND_WORDS, header_zone, lines_of
from .symbols import DATE, KIND_CODES, SYMBOL, parse_date, parse_symbol

_KIND_ALT = "|".join(sorted((fold(k) for k in KIND_WORDS), key=len, reverse=True))
_KIND_BEFORE = re.compile(rf"(?:^|[^\w])({_KIND_ALT})(?:\s+(?:số|so))?\s*[:.]?\s*$")
_KIND_BY_FOLD = {fold(k): k for k in KIND_WORDS}
_LIST_JOINER = re.compile(r"^\s*(?:,|;|và|,\s*và)\s*(?:(?:số|so)\s+)?$")
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
_SELF = re.compile(rf"(?<![\w])({_KIND_ALT})\s+(này)(?![\w])")
_BARE = re.compile(r"(?<![\w])(chỉ thị|kế hoạch|nghị quyết|kết luận|quyết định|thông báo|"
                   r"hướng dẫn|quy định)\s+(?:số\s+)?(\d{1,4})(?![\w/-])")
_NAMED = [
    ("plenum", re.compile(r"(?<![\w])nghị quyết\s+(?:hội nghị\s+)?trung ương\s+(\d{1,2}|[a-zà-ỹ]+)"
                          r"\s*,?\s*\(?\s*khóa\s+([ivxlc]+)\s*\)?")),
    ("charter", re.compile(r"(?<![\w])điều lệ đảng(?![\w])")),
    ("congress", re.compile(r"(?<![\w])nghị quyết đại hội\s+(?:đại biểu\s+)?(đảng bộ\s+"
                            r"(?:(?!nghị quyết)[^,.;()]){2,60}?|toàn quốc)\s+lần thứ\s+([ivxlc]+)")),
    ("annual", re.compile(r"(?<![\w])nghị quyết nhiệm vụ năm\s+((?:19|20)\d\d)\s+của\s+"
                          r"(thành ủy|tỉnh ủy|huyện ủy)")),
    ("constitution", re.compile(r"(?<![\w])hiến pháp(?: nước cộng hòa xã hội chủ nghĩa việt nam)?"
                                r"(?: năm (\d{4}))?")),
    ("law", re.compile(r"(?<![\w])(?:bộ\s+)?luật\s+([a-zà-ỹđ][^\n;,()]{2,90}?)"
                       r"(?=\s+(?:số|ngày|năm|đã|được|và|của|có|thì|hiện)\s|\s*[;,()\n.]|$)")),
]
_LAW_CAPITAL = re.compile(r"(?:Bộ\s+)?[Ll]uật\s+[A-ZĐÀ-Ỹ]")


@dataclass
class _Mention:
    start: int
    end: int
    form: str
    kind: str | None = None
    symbol: str | None = None
    number: str | None = None
    kind_code: str | None = None
    issuer_code: str | None = None
    year: int | None = None
    date: str | None = None
    issuer: str | None = None
    term: str | None = None
    title: str | None = None
    name: str | None = None
    attrs_end: int = 0


def extract_references(cleaned: CleanDocument, meta: DocumentMeta, sections: list[Section],
                       kb: KnowledgeBase) -> list[Reference]:
    text = cleaned.text
    folded = fold(text)
    zone = header_zone(lines_of(text))
    header_end = zone[-1].end if zone else 0
    mentions = _symbol_mentions(text, folded, header_end, meta)
    taken = [(m.start, m.end) for m in mentions]
    mentions += _named_mentions(text, folded, taken)
    mentions += _self_mentions(folded, taken, header_end)
    mentions += _bare_mentions(folded, taken)
    mentions.sort(key=lambda m: m.start)
    references = [_to_reference(m, text) for m in mentions]
    references = resolve_all(references, text, kb, meta)
    references = _mark_implements(references, text, folded, meta, header_end)
    return [_to_original(r, cleaned) for r in references]


# ------------------------------------------------------------------ symbol citations
def _symbol_mentions(text: str, folded: str, header_end: int, meta: DocumentMeta
                     ) -> list[_Mention]:
    mentions: list[_Mention] = []
    group: list[_Mention] = []
    for match in SYMBOL.finditer(text):
        symbol = parse_symbol(match)
        if symbol is None:
            continue
        if match.start() < header_end and _is_own_header_symbol(text, match.start(), meta,
                                                                symbol.normalized):
            continue
        before = folded[max(0, match.start() - 40):match.start()]
        kind_match = _KIND_BEFORE.search(before)
        mention = _Mention(match.start(), match.end(), "symbol", symbol=symbol.normalized,
                           number=symbol.number, kind_code=symbol.kind_code,
                           issuer_code=symbol.issuer_code, year=symbol.year)
        if kind_match:
            mention.start = match.start() - len(before) + kind_match.start(1)
            mention.kind = _KIND_BY_FOLD[kind_match.group(1)]
            mention.form = "short" if _SHORT_FORM.search(folded[:mention.start]) else "full"
        elif group and _LIST_JOINER.match(folded[group[-1].end:match.start()]):
            mention.kind = group[-1].kind  # `18-NQ/TW, 19-NQ/TW`: the list shares the kind word
        else:
            mention.kind = KIND_CODES.get(symbol.kind_code or "")
        if group and not (_LIST_JOINER.match(folded[group[-1].end:match.start()])
                          and mention.form != "full"):
            _finish_group(group, text, folded)
            group = []
        group.append(mention)
        mentions.append(mention)
    if group:
        _finish_group(group, text, folded)
    return mentions


def _is_own_header_symbol(text: str, start: int, meta: DocumentMeta, normalized: str) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return normalized == meta.symbol or fold(text[line_start:start]).strip().startswith("số")


def _finish_group(group: list[_Mention], text: str, folded: str) -> None:
    """Attributes after the last symbol of a list (date, issuer, term, title) apply to all."""
    last = group[-1]
    attrs = _attributes(text, folded, last.end)
    for mention in group:
        for name, value in attrs.items():
            if value is not None and getattr(mention, name) is None:
                setattr(mention, name, value)


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
def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in taken)


def _named_mentions(text: str, folded: str, taken: list[tuple[int, int]]) -> list[_Mention]:
    mentions = []
    for form, pattern in _NAMED:
        for match in pattern.finditer(folded):
            if _overlaps(match.start(), match.end(), taken):
                continue
            if form == "law" and not _LAW_CAPITAL.match(text, match.start()):
                continue  # `luật` in running text (`quy định của luật`)
            name = squash(text[match.start():match.end()])
            mention = _Mention(match.start(), match.end(), "named", name=name,
                               kind=_named_kind(form), term=_named_term(form, match))
            attrs = _attributes(text, folded, match.end())
            mention.date = attrs.get("date")  # type: ignore[assignment]
            mention.issuer = attrs.get("issuer")  # type: ignore[assignment]
            mentions.append(mention)
            taken.append((match.start(), match.end()))
    return mentions


def _named_kind(form: str) -> str:
    return {"charter": "Điều lệ", "law": "Luật", "constitution": "Hiến pháp"}.get(form,
                                                                                   "Nghị quyết")


def _named_term(form: str, match: re.Match[str]) -> str | None:
    if form in {"plenum", "congress"}:
        return match.group(2).upper()
    return None


def _self_mentions(folded: str, taken: list[tuple[int, int]], header_end: int) -> list[_Mention]:
    mentions = []
    for match in _SELF.finditer(folded):
        if match.start() < header_end or _overlaps(match.start(), match.end(), taken):
            continue
        mentions.append(_Mention(match.start(), match.end(), "self",
                                 kind=_KIND_BY_FOLD[match.group(1)]))
        taken.append((match.start(), match.end()))
    return mentions


def _bare_mentions(folded: str, taken: list[tuple[int, int]]) -> list[_Mention]:
    mentions = []
    for match in _BARE.finditer(folded):
        if _overlaps(match.start(), match.end(), taken):
            continue
        mentions.append(_Mention(match.start(), match.end(), "bare-number",
                                 kind=_KIND_BY_FOLD[match.group(1)], number=match.group(2)))
        taken.append((match.start(), match.end()))
    return mentions


# ------------------------------------------------------------------ records
def _to_reference(mention: _Mention, text: str) -> Reference:
    year = mention.year or (int(mention.date[:4]) if mention.date else None)
    return Reference(
        text=text[mention.start:mention.end], start=mention.start, end=mention.end,
        form=mention.form, symbol=mention.symbol, number=mention.number,
        kind_code=mention.kind_code, issuer_code=mention.issuer_code, year=year,
        kind=mention.kind, date=mention.date, issuer=mention.issuer, term=mention.term,
        title=mention.title, name=mention.name,
    )


_IMPLEMENT_VERB = re.compile(r"(?:thực hiện|triển khai thực hiện|triển khai|quán triệt|"
                             r"cụ thể hóa)\s")
_IMPLEMENT_VERB_BEFORE = re.compile(r"(?:thực hiện|triển khai|quán triệt|cụ thể hóa)\s+(?:các\s+)?$")


def _mark_implements(references: list[Reference], text: str, folded: str, meta: DocumentMeta,
                     header_end: int) -> list[Reference]:
    """The opening chain: `Thực hiện A ... thực hiện B`: the document implements A, A
    implements B. Read from the title (header zone) and the first `Thực hiện ...` paragraph."""
    zones = _opening_zones(text, folded, header_end)
    out = list(references)
    for zone_start, zone_end in zones:
        previous: int | None = None
        implementer: int | None = None  # None: the document itself
        cursor = zone_start
        for index, reference in enumerate(out):
            if not (zone_start <= reference.start < zone_end) or reference.form in {
                    "self", "bare-number", "short"}:
                continue
            between = folded[cursor:reference.start]
            if previous is not None and _IMPLEMENT_VERB_BEFORE.search(between):
                implementer = previous
            elif previous is None and not _IMPLEMENT_VERB.search(folded[zone_start:reference.start]):
                break
            out[index] = replace(reference, implements=implementer is None,
                                 implemented_by=implementer)
            previous = index
            cursor = reference.end
    return out


def _opening_zones(text: str, folded: str, header_end: int) -> list[tuple[int, int]]:
    zones = []
    title = re.search(r"(?:^|\n)[^\n]*?\b(thực hiện|triển khai)\b", folded[:header_end])
    if title:
        line_end = folded.find("\n", title.start(1))
        zones.append((title.start(1), header_end if line_end < 0 else max(line_end, header_end)))
    for line in lines_of(text)[:80]:
        if line.start < header_end:
            continue
        if fold(line.text).startswith(("thực hiện", "căn cứ", "triển khai")):
            if fold(line.text).startswith(("thực hiện", "triển khai")):
                clause = re.search(r",\s*(ban thường vụ|ban chấp hành|ủy ban|ubnd|thường trực|"
                                   r"bộ chính trị|ban bí thư|chính phủ|[^,]{0,40}(?:xây dựng|ban hành))",
                                   fold(line.text))
                zones.append((line.start, line.start + (clause.start() if clause else len(line.text))))
            continue
        break
    return zones


def _to_original(reference: Reference, cleaned: CleanDocument) -> Reference:
    start, end = cleaned.view.span_to_original(reference.start, reference.end)
    return replace(reference, start=start, end=end,
                   text=cleaned.view.original[start:end])
