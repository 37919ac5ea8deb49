"""Metadata stage: the document's own identity from its header and closing block.

Kind, symbol, date and place, title, issuer, signer and recipients, and the jurisdiction (the
province or district the document belongs to), decided once here and carried in `DocumentMeta`.
Offsets are clean offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import islice

from ..gazetteer import Gazetteer, body_slug, letters_of
from ..knowledge import KnowledgeBase
from ..lines import Line, lines_of
from ..normalize import fold, folded_text, squash, strip_diacritics
from ..records import DocumentMeta, Signer
from ..symbols import (
    DATE,
    KIND_CODES,
    KIND_WORDS,
    Symbol,
    find_symbols,
    is_central_issuer,
    level_of_code,
    parse_date,
)
from .outline import marker_of

_KIND_LINE = re.compile(
    r"^(" + "|".join(k.upper() for k in KIND_WORDS) + r")(?:\s+|$)(.*)$"
)
_MOTTO = re.compile(r"cộng hòa xã hội|độc lập\s*-|đảng cộng sản việt nam|^[-*\s]*$")
_OPENING = re.compile(r"^(căn cứ|thực hiện|theo đề nghị|xét đề nghị|để |nhằm |trong những năm|"
                      r"kính gửi|nội dung)")
# The authority that issues a decision, in capitals under its title (`Về việc thành lập ... /
# CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG`, `TỔ TRƯỞNG TỔ GIÚP VIỆC ...`): not the title's.
_AUTHORITY_START = re.compile(
    r"\s+(?:BỘ TRƯỞNG|THỦ TƯỚNG|CHỦ TỊCH|GIÁM ĐỐC|CHÍNH PHỦ|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|"
    r"HỘI ĐỒNG NHÂN DÂN|QUỐC HỘI|ỦY BAN THƯỜNG VỤ QUỐC HỘI|BAN CHẤP HÀNH|BAN THƯỜNG VỤ|"
    r"BỘ CHÍNH TRỊ|BAN BÍ THƯ|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG|TRƯỞNG BAN|TỔ TRƯỞNG)(?![\w])"
)


def _without_authority(title: str) -> str:
    """The title without the issuing authority's capitals after it. Upper case is tested on
    the characters, not a range: `Ờ`, `Ị`, `Ồ` sit among the lower-case letters of Unicode's
    Vietnamese block, so a character class of lower-case letters took them for lower case."""
    for match in _AUTHORITY_START.finditer(title):
        tail = title[match.start():]
        if not any(c.islower() for c in tail) and any(c.islower() for c in title[:match.start()]):
            return title[:match.start()]
    return title
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
_PLACE_DATE = re.compile(r"(?:^|\s)(?P<place>[A-ZĐÀ-Ỹ][^\d,|:/]{1,40}?)\s*,\s*ngày\s+\d")
# `Lào Cai, ngày      tháng 5 năm 2026`: a draft's or a registered copy's blank day (or one
# OCR could not read, `ngày |D tháng 01`; or the blank broke the line) still names the place
_PLACE_UNDATED = re.compile(
    r"(?:^|\s)(?P<place>[A-ZĐÀ-Ỹ][^\d,|:/]{1,40}?)\s*,\s*ngày\b(?:.{0,16}?\btháng\b|\s*$)")


_INNER_STOP = re.compile(r"[.;]\s+\w")


def header_zone(lines: Iterable[Line], folded_source: str | None = None) -> list[Line]:
    """The lines before the body: up to the first section marker or opening sentence, among
    the first 40. `folded_source`: the fold of the text the lines come from, if the caller has
    it."""
    zone: list[Line] = []
    for line in islice(lines, 40):
        folded = (fold(line.text) if folded_source is None
                  else folded_source[line.start:line.end])
        opening = (_OPENING.match(folded) and not line.text[:1].islower()
                   and not _titles_kind_line(zone, line.text))
        # a letter's subject line (`V/v xin ý kiến ... quốc gia.`) is the header's, however long
        # (one sentence of it: a body joined to it by cleaning is not)
        subject = folded.lstrip("*_ ").startswith("v/v") and not _INNER_STOP.search(
            line.text.rstrip(" .;"))
        sentence = (len(line.text.split()) > 8 and line.text.rstrip().endswith((".", ";"))
                    and not subject)
        if opening or sentence or (marker_of(line.text) and len(zone) > 2):
            break
        zone.append(line)
    return zone


# A title that opens as a body does: `Thực hiện …`, `Triển khai …`; not a lead-in whose
# issuer acts after a comma (`Thực hiện Công văn số 45/UBND-VX …, UBND xã yêu cầu …`).
_TITLE_OPENING = re.compile(r"^\s*(?:thực hiện|triển khai)\s")
_LEAD_IN = re.compile(r",\s+(?:[^,]{0,60}\s)?(?:yêu cầu|ban hành|đề nghị|xây dựng|giao|chỉ đạo|"
                      r"thông báo)(?![\w])")


def _titles_kind_line(zone: list[Line], text: str) -> bool:
    """A line under a kind line that stands alone (`KẾ HOẠCH` / `Thực hiện Nghị quyết số …`) is
    the title, though it opens as the body does, unless it ends as a sentence or a lead-in."""
    folded = fold(text)
    if (not zone or len(text) > 250 or text.rstrip().endswith((".", ":", ";", ","))
            or not _TITLE_OPENING.match(folded) or _LEAD_IN.search(folded)):
        return False
    found = _exact_kind(zone[-1:]) or _misread_kind(zone[-1:])
    return found is not None and not found[2]


def read_metadata(text: str, sha256: str, kb: KnowledgeBase, gazetteer: Gazetteer) -> DocumentMeta:
    """The document's own metadata (clean offsets): what its header and closing say, completed
    by a hand-entered profile of that exact file (`kb/sources.jsonl`), and its jurisdiction."""
    meta = kb.complete_meta(sha256, extract_meta(text, gazetteer))
    central = _is_central(meta, text, gazetteer)
    if meta.jurisdiction is None:
        meta = replace(meta, jurisdiction=jurisdiction(meta, text, gazetteer, central))
    return replace(meta, level=meta.level or _level(meta, central, gazetteer))


def _is_central(meta: DocumentMeta, text: str, gazetteer: Gazetteer) -> bool:
    """The one decision of "central" every later stage and the store read: the symbol's issuer
    code is a central body's, or the header opens with a central body's name (a ministry's
    letter whose number was left blank, `ĐẢNG ỦY CHÍNH PHỦ / VĂN PHÒNG`)."""
    if is_central_issuer(meta.issuer_code) or gazetteer.names_central_issuer(meta.issuer):
        return True
    block = _issuer_block(text)
    if not gazetteer.names_central_issuer(block):
        return False
    # the block is cut at a motto on its first line (`BỘ CÔNG AN  CỘNG HOÀ ...` over `CÔNG AN
    # TỈNH LÂM ĐÒNG`): an issuer in capitals under it that names a local unit is local
    return not (meta.issuer and meta.issuer.isupper()
                and not gazetteer.names_central_issuer(f"{block} {meta.issuer}"))


def _level(meta: DocumentMeta, central: bool, gazetteer: Gazetteer) -> str | None:
    """`central`, else the level of the jurisdiction (`provincial`, `district`, `commune`), else
    what the issuer code says (`-KH/HU` is a district committee's); None when nothing does. The
    store had its own guess from the issuer's words, which called a province's National Assembly
    delegation (`ĐOÀN ĐBQH TỈNH`) central and a ministry without a number provincial."""
    if central:
        return "central"
    found = gazetteer.level_of(meta.jurisdiction)
    if found is not None:
        return found
    by_code = level_of_code(meta.issuer_code)  # not central: `central` would have said so
    if by_code == "district" or _DISTRICT_WORDS.search(fold(meta.issuer or "")):
        return "district"
    return "provincial" if by_code or meta.issuer else None


_DISTRICT_WORDS = re.compile(r"(?<!\w)(?:huyện|quận|thị xã)(?!\w)")


def jurisdiction(meta: DocumentMeta, text: str, gazetteer: Gazetteer,
                 central: bool | None = None) -> str | None:
    """The province or district a document belongs to, decided once for every later stage: a
    local document's issuer, place or header names it; a central document has none unless its
    title is about one province (`Thông báo kết luận ... với tỉnh Phú Thọ`)."""
    found = None
    if central is None:
        central = _is_central(meta, text, gazetteer)
    if not central:
        found = gazetteer.jurisdiction_of(meta.issuer, meta.place, text[: min(len(text), 400)])
        commune = _issuing_commune(meta.issuer, found, text, gazetteer)
        if commune is not None:
            return commune
    if found is None and not central:
        found = _district_by_letters(meta, gazetteer)
    if found is None and meta.title:
        title = _without_place_line(fold(meta.title), meta.place)
        # a central document's title about several provinces (`... tại Khánh Hòa, Đắk Lắk và
        # Gia Lai`) belongs to none of them
        found = (gazetteer.jurisdiction_of(title) if len(gazetteer.provinces_named(title)) < 2
                 else None)
    return found


def _without_place_line(title: str, place: str | None) -> str:
    """A scan's title that ran into the place line beside it (`... câp Hà Nội, ngày 0} tháng`),
    without that place: where the issuer sits (the document's place, else Hà Nội, where the
    central bodies sit) says nothing of whom a central document is about."""
    places = {"hà nội", *([fold(place)] if place else [])}
    for name in places:
        title = re.sub(rf"(?<![\w]){re.escape(name)}\s*,\s*ngày", " ", title)
    return title


_MOTTO = re.compile(r"cộng\s*h\w*\s*x\w*\s*hội|độc lập\s*[-–]")


def _issuer_block(text: str) -> str:
    """The header's left column as the text gives it: what comes before the national motto
    (`BỘ CÔNG THƯƠNG / CỤC ...`), else the first line. The issuer field keeps only the issuing
    unit (`CỤC ...`); the body above it says whose unit that is."""
    head = fold(text[: min(len(text), 400)])
    motto = _MOTTO.search(head)
    return head[: motto.start()] if motto else head.split("\n", 1)[0]


_DISTRICT_NAMED = re.compile(r"(?<![\w])(?:huyện|quận|thị xã|thành phố)\s+(.+)$")


def _district_by_letters(meta: DocumentMeta, gazetteer: Gazetteer) -> str | None:
    """The district a scan's issuer or place names with misread tone marks (`ỦY BAN NHÂN DÂN
    HUYỆN ĐÁK R'LÁP`, `Đắk R lấp, ngày ...`), by its letters alone: the issuer's name after its
    kind word (or its last words, past a stray OCR word: `ĐÁKI ĐÁKR°LẤP`), else the place where
    the issuer is a district's; only where one district has those letters."""
    named = _DISTRICT_NAMED.search(fold(meta.issuer or ""))
    if named is None:
        return None
    words = named.group(1).split()
    names = [" ".join(words[i:]) for i in range(len(words))]
    for name in [*names, meta.place]:
        found = gazetteer.districts_by_letters(name) if name and len(letters_of(name)) > 3 else []
        if len(found) == 1:
            return found[0]
    return None


# a province-level word after the commune: the issuer is above it (`... xã X, tỉnh Y` is fine)
_ABOVE_COMMUNE = re.compile(r"(?<![\w])(?:sở|tỉnh ủy|thành ủy|ủy ban nhân dân tỉnh|ubnd tỉnh)"
                            r"(?![\w])")
_BARE_COMMUNE = re.compile(r"(?<![\w])(?<!thị )(?:xã|phường|đặc khu)$")  # the level, no name


def _issuing_commune(issuer: str | None, province: str | None, text: str,
                     gazetteer: Gazetteer) -> str | None:
    """`<province>/<commune>` when the issuer is a commune's body (`ĐẢNG UỶ XÃ CÔNG HẢI`, `Chủ
    tịch UBND xã Nghĩa Lâm`): the commune's own bodies (`UBND xã`, `Đảng ủy`) are then that
    commune's, not every commune of the province. The province is the one the document names
    among the communes of that name, else the only one, else the one the text names most. In a
    district's document (before 07/2025) the commune is the district's (`_older_commune`)."""
    if not issuer:
        return None
    folded = fold(issuer)
    named = gazetteer.communes.named(folded)
    if named:
        _, end, candidates = named[-1]  # the issuer's lowest level comes last
        if _ABOVE_COMMUNE.search(folded, end):
            return None
    elif _BARE_COMMUNE.search(folded):
        # `Ban Thường vụ Đảng ủy xã` read from the opening sentence: the header names it
        named = gazetteer.communes.named(fold(text[: min(len(text), 400)]))
        if not named:
            return None
        candidates = named[0][2]
    else:
        return _older_commune(folded, province, gazetteer)
    provinces = [p for p, _ in candidates]
    if (province is not None and province.split("/")[0] not in provinces
            and gazetteer.level_of(province) == "district"):
        # a district's document is older than the two-tier communes: `xã Long Sơn` of thành
        # phố Vũng Tàu, not the commune of Hồ Chí Minh City that took its name in 2025
        return _older_commune(folded, province, gazetteer)
    if province is not None and province.split("/")[0] in provinces:
        choice = province.split("/")[0]
    elif len(set(provinces)) == 1:
        choice = provinces[0]
    else:
        whole = folded_text(text)
        ranked = sorted(((sum(whole.count(fold(name)) for name in gazetteer.places.get(p, ())), p)
                         for p in set(provinces)), reverse=True)
        if ranked[0][0] == 0 or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
            return None  # a name several provinces have, and nothing to choose by
        choice = ranked[0][1]
    return f"{choice}/{dict(candidates)[choice]}"


# a commune of three-tier government closing the issuer's name: `ỦY BAN NHÂN DÂN PHƯỜNG 1`,
# `UBND xã Quảng Phú` (its name one to four words, or a number)
_OLD_COMMUNE = re.compile(r"(?<![\w])(?<!thị )(xã|phường|thị trấn)\s+((?:[^\W\d_][\w'’-]*"
                          r"(?:\s+[^\W\d_][\w'’-]*){0,3})|\d+)$")


def _older_commune(folded_issuer: str, district: str | None, gazetteer: Gazetteer
                   ) -> str | None:
    """`<province>/<commune>` for a commune of the district the document names (before
    07/2025: in no table the project reads) issuing it, as a commune's own document is named
    (`bodies._districts_commune` names one a district's document speaks of, under the
    district): `ỦY BAN NHÂN DÂN PHƯỜNG 1` in a plan about thành phố Vũng Tàu is
    `ba-ria-vung-tau/phuong-1` (a number keeps its level word, as the communes' codenames do);
    its own bodies are then that commune's."""
    if district is None or gazetteer.level_of(district) != "district":
        return None
    match = _OLD_COMMUNE.search(folded_issuer.strip(" .,:"))
    if match is None:
        return None
    level, name = match.groups()
    slug = body_slug(f"{level} {name}" if name.isdigit() else name)
    return f"{district.split('/')[0]}/{slug}"


def extract_meta(text: str, gazetteer: Gazetteer) -> DocumentMeta:
    lines = lines_of(text)
    folded = folded_text(text)  # kept for the later stages
    zone = header_zone(lines, folded)
    kind, title = _kind_and_title(zone)
    if kind is not None and title is None and len(lines) > len(zone):
        title = _title_run_into_body(lines[len(zone)].text)
    named = _heading_symbol(zone)  # a web copy named by its heading, without a `Số:` line
    symbol = _numbered_symbol(zone) or named
    if kind is None and symbol is not None and symbol.kind_code in KIND_CODES:
        kind = KIND_CODES[symbol.kind_code]  # `Số: 186/KH-UBND` says Kế hoạch
    web_title = kind is None and symbol is None and _web_title(lines[:3])[0] is not None
    if web_title:
        kind, title = _web_title(lines[:3])
    place, date, undated_year = _place_and_date(zone)
    if date is None and symbol is not None and symbol is named:
        date = _date_beside(text, symbol)
    closing = find_closing(lines, len(zone))
    issuer = _titled_issuer(title) if web_title else (
        (kind == "Quyết định" and _authority(zone)) or _issuer(
            zone, lines, closing.signer, gazetteer, title))
    issuer = _chairman_s(kind, issuer, closing.signer)
    title = _without_issuer(title, issuer)
    addressees, addressed = _addressees(lines[:80], folded)
    if kind is None and addressees and (symbol is None or symbol.kind_code is None):
        kind = "Công văn"  # `Kính gửi: ...` under a number without a kind: a letter whose
        # `V/v` line the scan lost
    if title and _OF_BODIES.match(title):
        title = title[_OF_BODIES.match(title).end():]  # type: ignore[union-attr]
    return DocumentMeta(
        kind=kind, symbol=symbol.normalized if symbol else None,
        number=symbol.number if symbol else None,
        kind_code=symbol.kind_code if symbol else None,
        issuer_code=symbol.issuer_code if symbol else None,
        year=int(date[:4]) if date else (undated_year or (symbol.year if symbol else None)),
        issuer=issuer, place=place, date=date, title=title, signer=closing.signer,
        recipients=tuple(closing.recipients), body_start=0, body_end=len(text),
        closing_start=closing.start, closing_end=closing.end, addressees=addressees,
        addressees_start=addressed[0] if addressed else None,
        addressees_end=addressed[1] if addressed else None,
    )


def _without_issuer(title: str | None, issuer: str | None) -> str | None:
    """A web copy joins the line under a title (`ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM`, `THỦ TƯỚNG
    CHÍNH PHỦ`, `CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG`) to it: the issuer's name closing a
    title, set off by a space, is not the title's."""
    if not title or not issuer:
        return title
    folded = fold(title)
    office = _DECIDING_OFFICE.match(issuer)
    for name in {fold(issuer), fold(issuer[office.end() - 1:]) if office else ""} - {""}:
        if not folded.endswith(" " + name) or len(folded) < len(name) + 20:
            continue
        kept = title[:len(title) - len(name)].rstrip(" ,.-")
        if _OBJECT_OF.search(fold(kept)):  # `... CÁN BỘ CỦA BỘ TƯ PHÁP`: the title's words
            return title
        return _OFFICE_END.sub("", kept)  # `... CHỦ TỊCH` `ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG`
    return title


_OBJECT_OF = re.compile(r"(?<![\w])(?:của|với|và|tại|thuộc|cho|đối với|giữa)$")
_OFFICE_END = re.compile(r"\s+(?:CHỦ TỊCH|THỦ TƯỚNG|BỘ TRƯỞNG|GIÁM ĐỐC|TRƯỞNG BAN)$")


def _chairman_s(kind: str | None, issuer: str | None, signer: Signer | None) -> str | None:
    """A People's Committee's letter or telegram signed for its Chairman (`KT. CHỦ TỊCH`, `TL.
    CHỦ TỊCH`, `CHỦ TỊCH`) and not on behalf of the committee (`TM. ỦY BAN NHÂN DÂN`) is the
    Chairman's (Decree 30/2020/NĐ-CP on how documents are signed)."""
    if kind not in {"Công văn", "Công điện"} or issuer is None or signer is None:
        return issuer
    signed = fold(" ".join(filter(None, (signer.capacity, signer.title))))
    if "tm." in signed or "t/m" in signed or "chủ tịch" not in signed:
        return issuer
    if not re.match(r"(?:ủy|uỷ) ban nhân dân|ubnd\s", fold(issuer)):
        return issuer
    return ("CHỦ TỊCH " if issuer.isupper() else "Chủ tịch ") + issuer


# The holder of an office who decides, in capitals under a decision's title.
_DECIDING_OFFICE = re.compile(
    r"^(?:CHỦ TỊCH|GIÁM ĐỐC|BỘ TRƯỞNG|THỦ TƯỚNG|TRƯỞNG BAN|TỔ TRƯỞNG|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG|"
    r"CHÁNH VĂN PHÒNG|HIỆU TRƯỞNG|VIỆN TRƯỞNG|TRƯỞNG PHÒNG)\s+\S")
_DECIDES = re.compile(r"\s+QUYẾT ĐỊNH\s*:?\s*$")  # a web copy joins `QUYẾT ĐỊNH:` to it


def _authority(zone: list[Line]) -> str | None:
    """Whose decision it is: the office named under the title (`CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH
    LÂM ĐỒNG`, `GIÁM ĐỐC SỞ CÔNG THƯƠNG ...`). A Chairman's decision is the Chairman's, not the
    committee's whose name heads the page."""
    for line in zone:
        text = squash(line.text)
        if _DECIDING_OFFICE.match(text) and _is_caps(text):
            return _DECIDES.sub("", text)
    return None


_ADDRESSED = re.compile(r"(?:^|\s)kính gửi\s*:\s*|^.{0,60}\bđiện\s*:\s*$")
_BULLET = re.compile(r"^[-–+•*]\s*")


def _addressees(lines: list[Line], folded: str
                ) -> tuple[tuple[str, ...], tuple[int, int] | None]:
    """Who a letter is addressed to: `Kính gửi: Sở Tài chính` or a list of `- ...;` lines under
    `Kính gửi:` (a telegram's `THỦ TƯỚNG CHÍNH PHỦ điện:`), and where that list stands."""
    for index, line in enumerate(lines):
        folded_line = folded[line.start:line.end]  # `fold(line.text)`
        if "kính gửi" not in folded_line and not (folded_line.endswith(":")
                                                  and "điện" in folded_line):
            continue  # what each of `_ADDRESSED`'s forms needs (the line is stripped)
        match = _ADDRESSED.search(folded_line)
        if match is None:
            continue
        names, end = [], line.end
        rest = line.text[match.end():].strip(" :;.")
        if rest:
            names.append(rest)
        for following in lines[index + 1:index + 30]:
            bullet = _BULLET.match(following.text)
            if bullet is None and (names or len(following.text.split()) > 12):
                break
            names.append(following.text[bullet.end() if bullet else 0:].strip(" ;.,"))
            end = following.end
        return tuple(n for n in names if n), (line.start, end)
    return (), None


@dataclass(frozen=True)
class Closing:
    """The signature and `Nơi nhận` block that closes the document body (annexes may follow)."""

    signer: Signer | None
    recipients: list[str]
    start: int | None
    end: int | None


def find_closing(lines: list[Line], first: int = 0) -> Closing:
    recipient_index = next((i for i in range(first, len(lines)) if lines[i].text[:1] in "nN"
                            and _RECIPIENTS.match(lines[i].text)), None)
    signature_index = _signature_index(lines, first, recipient_index)
    if recipient_index is None and signature_index is None:
        return Closing(None, [], None, None)
    recipients, recipients_last = (_recipients_at(lines, recipient_index)
                                   if recipient_index is not None else ([], None))
    signer, signer_last = (_signer_at(lines, signature_index)
                           if signature_index is not None else (None, None))
    if signer is None and recipient_index is not None:
        signer = _signer_in_columns(lines, recipient_index)
    elif signer is not None and recipient_index is not None and signature_index is not None and (
            recipient_index < signature_index):
        signer = _capacity_beside_recipients(lines[recipient_index].text, signer)
    indexes = [i for i in (recipient_index, signature_index, recipients_last, signer_last)
               if i is not None]
    return Closing(signer, recipients, lines[min(indexes)].start, lines[max(indexes)].end)


# What a `_CAPACITY` line starts with: looked for before the pattern (every line is tested).
_CAPACITY_OPENINGS = ("T/M", "TM", "KT", "K/T", "T/L", "TL", "TUQ", "Q.", "Q/")


def _is_signature_line(text: str) -> bool:
    """Is this line's text a signature's (`KT. CHỦ TỊCH`, `PHÓ GIÁM ĐỐC`)?"""
    return bool(text.startswith(_CAPACITY_OPENINGS) and _CAPACITY.match(text)) or bool(
        len(text) < 80 and text.isupper() and _TITLE_TAIL.search(text))


def _signature_index(lines: list[Line], first: int, near: int | None) -> int | None:
    """The signature nearest the `Nơi nhận` block, or the last one of the document."""
    candidates = [i for i in range(first, len(lines)) if _is_signature_line(lines[i].text)]
    if not candidates:
        return None
    if near is None:
        return candidates[-1]
    return min(candidates, key=lambda i: (abs(i - near), i))


_CAPACITY_ONLY = re.compile(r"(?:.*\s)?(?:T/M|TM\.?|KT\.?|K/T|T/L|TL\.?|TUQ\.?|Q\.)")
_CAPACITY_MARK = re.compile(r"(?:^|\s)(?=(?:T/M|TM\.|KT\.|K/T|T/L|TL\.|TUQ\.|Q\.)\s?)")


def _two_titles(before: str, title: str) -> bool:
    """`KT. BỘ TRƯỞNG, CHỦ NHIỆM`: a capacity whose office holds two titles goes on past the
    comma (not `KT. CHỦ TỊCH, PHÓ CHỦ TỊCH`, the deputy's rank after a line joined)."""
    return before.endswith(",") and bool(_CAPACITY.match(before)) and not title.startswith("PHÓ")


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
        if title_match and not _CAPACITY_ONLY.fullmatch(before) and not _two_titles(
                before, title_match.group(1)) and not (
                title_match.group(1) == "BÍ THƯ" and before.endswith("BAN")):
            # not `KT. CHỦ TỊCH`, not `T/M BAN BÍ THƯ`, not `KT. BỘ TRƯỞNG, CHỦ NHIỆM` (one
            # office holding two titles: the capacity goes on)
            title = title_match.group(1)
            text = text[: title_match.start()]
        capacities += [c.strip(" ,") for c in _CAPACITY_MARK.split(text) if c.strip(" ,")]
        last = index + offset
        if title:
            break
    name = None
    for offset, later in enumerate(lines[last + 1: last + 4], start=1):
        if _looks_like_name(later.text):
            name, last = _DEGREES.sub("", later.text), last + offset
            break
    if name is None:
        title, name, last = _beside_recipients(lines, last, title, capacities)
    return Signer("; ".join(capacities) or None, title, name), last


_RECIPIENT_ITEM = ("-", "+", "–")
# A scan that reads a closing's two columns row by row leaves the signature at the ends of the
# recipients' lines: `Nơi nhận: KT. CHỦ TỊCH` / `- UBND tỉnh; PHÓ CHỦ TỊCH` / `- Lưu: VT, NN.
# Mai Toản`.
_CAPACITY_AT_END = re.compile(r"(?:^|\s)((?:T/M|TM|KT|K/T|T/L|TL|TUQ)\.?\s?[^\W\d_][^\d;:()]{2,60}?)"
                              r"\s*$")
_NAME_AT_END = re.compile(r"[.;)]\s+(?:[^\W\d]{1,2}\s+)?([^\W\d_][\w]*(?:\s+[^\W\d_][\w]*){1,4})\s*$")
_COLUMN_REACH = 15  # the recipients' lines a signature read beside them may take


def _signer_in_columns(lines: list[Line], index: int) -> Signer | None:
    """The signature a scan interleaved with the `Nơi nhận` items, read from the ends of their
    lines: the capacity (in capitals), then a title, and the name after the last item's stop."""
    capacity = title = name = None
    for line in lines[index:index + _COLUMN_REACH]:
        text = line.text.rstrip()
        at_end = _CAPACITY_AT_END.search(text)
        if capacity is None and at_end and at_end.group(1).isupper():
            capacity = squash(at_end.group(1)).rstrip(" ,")
            continue
        tail = _TITLE_TAIL.search(text)
        if capacity is not None and title is None and tail and text[:tail.start()].rstrip(
                ).endswith((";", ",", ":")):
            title = tail.group(1)
            continue
        named = _NAME_AT_END.search(text) if capacity is not None else None
        words = named.group(1).split() if named else []
        while words and len(words[0]) > 1 and words[0].isupper():
            words.pop(0)  # a scan's shred of the column's capitals before the name (`ỜNG`)
        if words and _looks_like_name(" ".join(words)):
            name = " ".join(words)
    if capacity is None:
        return None
    return Signer(capacity, title, name)


_MARKED = re.compile(r"(?:T/M|TM|KT|K/T|T/L|TL|TUQ)(?:\.|\s)")


def _bare_capacity(capacity: str) -> str:
    return re.sub(r"[\s.]+", "", capacity)


def _capacity_beside_recipients(text: str, signer: Signer) -> Signer:
    """A first capacity a page's two columns left on the `Nơi nhận:` line (`Nơi nhận: TL. CHỦ
    TỊCH`, the rest of the signature below the items): it opens the signer's capacities."""
    at_end = _CAPACITY_AT_END.search(text.rstrip())
    if at_end is None or not at_end.group(1).isupper() or not _MARKED.match(at_end.group(1)):
        return signer  # `Nơi nhận: TLĐLĐ VIỆT NAM`: a name, no capacity
    first = squash(at_end.group(1)).rstrip(" ,")
    if signer.capacity and _bare_capacity(signer.capacity).startswith(_bare_capacity(first)):
        return signer  # `KT.CHỦ TỊCH` above `KT. CHỦ TỊCH`: the same
    return replace(signer, capacity="; ".join(c for c in (first, signer.capacity) if c))


def _beside_recipients(lines: list[Line], last: int, title: str | None, capacities: list[str]
                       ) -> tuple[str | None, str | None, int]:
    """The signature's further capacities (added to `capacities`), title and name read between
    and after the `Nơi nhận` items: a page's two columns read row by row (`KT. CHỦ TỊCH` / `- Như
    trên;` / `PHÓ CHỦ TỊCH` / `- Lưu: VT.` / `Nguyễn Văn A`). Only recipient items are stepped
    over; anything else ends the search."""
    for index in range(last + 1, min(len(lines), last + _SIGNATURE_REACH)):
        text = lines[index].text.strip()
        if not text or text.startswith(_RECIPIENT_ITEM) or text[:1].islower():
            continue
        if title is None and text.startswith(_CAPACITY_OPENINGS) and _CAPACITY.match(text):
            capacities.append(text)  # `TM. ỦY BAN NHÂN DÂN` ... `KT. CHỦ TỊCH`
            continue
        tail = _TITLE_TAIL.search(text) if text.isupper() else None
        if tail is not None and title is None and len(text) < 80:
            title = tail.group(1)
            continue
        if _looks_like_name(text):
            return title, _DEGREES.sub("", text), index
        break
    return title, None, last


_SIGNATURE_REACH = 30  # the lines a recipient list beside a signature may take


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
        if _is_signature_line(lines[i].text) and i != index:
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


# The body's opening run into a title that has no stop (`Thực hiện chương trình Dân số năm 2025
# Căn cứ Nghị quyết số 21-NQ/TW …`): cleaning joined them, the capital shows where they meet
_GLUED_OPENING = re.compile(r"\s(?:Căn cứ|Thực hiện|Theo đề nghị|Xét đề nghị|"
                            r"Ngày \d{1,2}/\d{1,2}/(?:19|20)\d\d,)")  # not a holiday: `Ngày 27/7`


_NO_TITLE = re.compile(r"^\s*(?:căn cứ|theo đề nghị|xét đề nghị|kính gửi|nội dung)(?![\w])")


def _title_run_into_body(text: str) -> str | None:
    """The title on the line under a kind line that stands alone, where the body's opening ran
    into it: the words before the opening, if they are a title's (no stop among them)."""
    if marker_of(text) or _NO_TITLE.match(fold(text)):
        return None  # `I. MỤC ĐÍCH …`, `Căn cứ …`: the body's first part, no title
    glued = _GLUED_OPENING.search(text, 10)
    title = _without_authority(text[:glued.start()]).strip() if glued else ""
    if len(title.split()) < 4 or re.search(r"[.;:]", title):
        return None
    return title


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
            elif _SUBJECT_LINE.match(line.text):  # the subject wraps (`... Quyết định số` /
                subject = " ".join([subject, *_subject_wraps(zone[i + 1:])])  # `1074/QĐ-BXD ...`)
            subject = _ADDRESSEES_JOINED.split(subject)[0]  # a text file's lines joined by cleaning
            subject = re.sub(r"^(v/v)\s*:?\s*", r"\1 ", subject, flags=re.I)
            if not re.match(r"v/v", subject, re.I):
                subject = "V/v " + subject
            return "Công văn", squash(subject).rstrip(".") or None
    return None, None


# A web copy's page title, its site's tag before it: `[CTSV] Kế hoạch tổ chức Lễ tốt nghiệp đợt
# tháng 5/2024`, `Thông báo về việc ...` (in sentence case: capitals are the header's kind line).
_WEB_TITLE = re.compile(r"^(?:\[[^\]\n]{1,20}\]\s*)?(" + "|".join(
    sorted(KIND_WORDS, key=len, reverse=True)) + r")\s+(?!(?:này|đó|trên|viên|được|đã|sẽ|là)\s)"
    r"(\S[^\n]{0,240})$")


def _web_title(lines: list[Line]) -> tuple[str | None, str | None]:
    """A page without an official header whose first line names its kind: the kind and the
    title (only the first line: a later one that opens with a kind word is a sentence)."""
    first = next((line.text.strip() for line in lines if line.text.strip()), "")
    match = _WEB_TITLE.match(first)
    if match is None or first.endswith((":", ".", ";")) or match.group(2).isupper():
        return None, None
    return match.group(1), squash(match.group(2)) or None


# `... năm 2022 của Trường Đại học Bách khoa Hà Nội`: a page title that names its issuer last
_OF_ISSUER = re.compile(r"\scủa\s+((?:Trường|Đại học|Học viện|Ban|Sở|Bộ|Ủy ban|UBND|Phòng|"
                        r"Văn phòng|Tỉnh ủy|Thành ủy|Huyện ủy|Đảng ủy|Hội|Đoàn|Trung tâm|Viện)"
                        r"\s[^,.;:]{2,80})$")


def _titled_issuer(title: str | None) -> str | None:
    """The issuer a web copy's title names (`... của Trường Đại học Bách khoa Hà Nội`), or none:
    the title line itself is no issuer, nor the author of a document it cites (`Kế hoạch triển
    khai Nghị quyết số 57-NQ/TW của Bộ Chính trị`), nor a name running into the subject (`của
    UBND tỉnh về việc ...`)."""
    title = title or ""
    match = _OF_ISSUER.search(title)
    if match is None or _CITED_KIND.search(title[:match.start()]) or _SUBJECT_WORDS.search(
            match.group(1)):
        return None
    return match.group(1)


_CITED_KIND = re.compile(r"(?<![\w])(?:" + "|".join(KIND_WORDS) + r")(?![\w])", re.I)
_SUBJECT_WORDS = re.compile(r"(?<![\w])(?:về|triển khai|thực hiện|ban hành)(?![\w])")


_ADDRESSEES_JOINED = re.compile(r"\s+kính gửi\s*:", re.I)
_WRAP_STOP = re.compile(r"^(?:kính gửi|số\s*:|v/v|nơi nhận)|cộng hòa xã hội|độc lập\s*-"
                        r"|,\s*ngày(?:\s|$)")  # `Hà Nội, ngày   tháng   năm 2025`: a draft's date


def _subject_wraps(lines: list[Line]) -> list[str]:
    """The lines a letter's subject (`V/v ...`) goes on to, up to a blank line, the addressees,
    the number, the motto, the place and date or a line in capitals (the next header block)."""
    wraps: list[str] = []
    for line in lines[:3]:
        words = line.text.strip()
        if (not words or _WRAP_STOP.search(fold(words)) or _PLACE_DATE.search(words)
                or _is_caps(words) or words.endswith(":")):
            break
        wraps.append(words)
    return wraps


def _kind_line(zone: list[Line]) -> tuple[str | None, str | None]:
    """The kind line (`QUYẾT ĐỊNH`, `KẾ HOẠCH ...`) and the title it opens."""
    found = _exact_kind(zone) or _misread_kind(zone)
    if found is None:
        return None, None
    i, kind, rest = found
    parts = [rest]
    for later in zone[i + 1:]:
        if _MOTTO.search(fold(later.text)):
            continue
        if len(later.text) > 250 or later.text.rstrip().endswith(":"):
            if not any(parts):  # a title the body's opening ran into
                parts.append(_title_run_into_body(later.text) or "")
            break  # the first paragraph of the body, not the title
        parts.append(later.text)
    joined = squash(" ".join(p for p in parts if p))
    return kind, _without_authority(joined).strip() or None


def _exact_kind(zone: list[Line]) -> tuple[int, str, str] | None:
    """The first line that opens with a kind word in capitals: its index, kind and the rest."""
    for i, line in enumerate(zone):
        match = _KIND_LINE.match(line.text)
        if match:
            return i, _KIND_OF_CAPS[match.group(1)], match.group(2)
    return None


_KIND_OF_CAPS = {k.upper(): k for k in KIND_WORDS}
_BARE_KINDS = sorted(((strip_diacritics(k.lower()), k) for k in KIND_WORDS), key=lambda b: -len(b[0]))


def _misread_kind(zone: list[Line]) -> tuple[int, str, str] | None:
    """The kind line in capitals as OCR misreads its tones (`QUYÉT ĐỊNH` for `QUYẾT ĐỊNH`):
    matched without diacritics, asked only when no line reads as a kind exactly."""
    for i, line in enumerate(zone):
        text = line.text.strip()
        if not _is_caps(text):
            continue
        bare = _bare(text)
        for word, kind in _BARE_KINDS:
            if bare == word or bare.startswith(word + " "):
                return i, kind, text[len(word):].strip()
    return None


# A web copy's heading that names the document: `Nghị quyết số 57-NQ/TW`.
_NAMING_HEADING = re.compile(r"^(?:" + "|".join(KIND_WORDS) + r")\s+số\s+(\S+)\s*$", re.I)


def _heading_symbol(zone: list[Line]) -> Symbol | None:
    """The symbol of a first line that names the document (`Nghị quyết số 57-NQ/TW`)."""
    heading = _NAMING_HEADING.match(zone[0].text.strip(" #*")) if zone else None
    found = find_symbols(heading.group(1)) if heading else []
    return found[0][2] if found else None


_BESIDE = re.compile(r"\s*\(?\s*(?:ngày|,)?\s*")


def _date_beside(text: str, symbol: Symbol) -> str | None:
    """A web copy named by its heading gives its date where its lead-in names it: `... ký ban
    hành Nghị quyết số 57-NQ/TW (ngày 22/12/2024) của Bộ Chính trị`."""
    for mention in re.finditer(re.escape(symbol.text), text[:3000]):
        gap = _BESIDE.match(text, mention.end())
        match = DATE.match(text, gap.end()) if gap else None
        if match:
            return parse_date(match)
    return None


def _numbered_symbol(zone: list[Line]) -> Symbol | None:
    """The symbol on the header's `Số:` line. A number without the colon may be another
    document's, named in the issuer's block (`ĐOÀN KIỂM TRA / THEO QUYẾT ĐỊNH / SỐ 1050/QĐ-SCT`
    above `Số: 1105/KH-ĐKT`): a `Số:` line comes first, and one whose number was left blank for
    the registry (`Số:      /UBND-NC`) leaves the document without one, rather than taking the
    letter's subject line (`V/v triển khai Công văn / số 3653/VPCP-CĐS`), as does one a scan
    damaged (a mark glued to its digits). A line opening with a small `số` continues a
    sentence: it never numbers the document."""
    numbered: list[tuple[bool, Symbol]] = []
    labelled_line = False
    for index, line in enumerate(zone):
        match = _NUMBER_LINE.match(line.text)
        if match and not match.group(1) and line.text.lstrip()[:1] == "s":
            continue
        if match:
            labelled_line = labelled_line or bool(match.group(1) and match.group(2).strip())
            value = match.group(2) or (zone[index + 1].text if index + 1 < len(zone) else "")
            # `Số:` may stand alone, the symbol on the next line; `12 /QĐ-UBND` has a space
            tight = _TIGHT.sub(lambda m: m.group(1) or m.group(2), value)
            found = find_symbols(tight)
            if found and not _DAMAGED_BEFORE.match(tight[found[0][0] - 1:found[0][0]]):
                numbered.append((bool(match.group(1)), found[0][2]))
    labelled = [symbol for colon, symbol in numbered if colon]
    if labelled_line and not labelled:
        return None
    candidates = labelled or [symbol for _, symbol in numbered]
    return candidates[0] if candidates else None


# A mark glued to the number's first digit (`Số:2£9/TB-TTr`, `Số: Á$3/KH-DCT`): a scan lost
# the number's other digits, so the document has no number it can be sure of
_DAMAGED_BEFORE = re.compile(r"[$£€¥¢§©®°#@%^~¤]")  # not a speck or a quote (`|29`, `“29`)
# `Số:`, and as OCR reads its tone (`Sô:`, `Sồ:`, `Sổ:`)
_NUMBER_LINE = re.compile(r"^S[oôốồổỗộ]\s*(?:hiệu)?\s*(:)?\s*(.*)$", re.I)


_TIGHT = re.compile(r"(?<=\d)\s+([/-])\s*|\s*([/-])\s+(?=[A-ZĐ])")
_SPLIT_DIGITS = re.compile(r"(?<=\b\d) (?=\d\b)")  # `tháng 0 3` typed with a space
_GLUED_DAY = re.compile(r"ngày(?=\d)")  # `ngày30 tháng 4`, as OCR often reads it
# `ngảy 15 thảng 3`: the tones of the date's words as OCR misreads them (the date line only)
_OCR_DATE_WORDS = re.compile(r"(?<![\w])(?:ng[aàáảãạ]y|th[aàáảãạ]ng)(?=\s*\d)", re.I)


def _place_and_date(zone: list[Line]) -> tuple[str | None, str | None, int | None]:
    """The place and date of the header's date line; a date line whose day is blank or
    unreadable gives its place and, where it is written, its year (`ngày |D tháng 01 năm
    2011`, a draft's `ngày    tháng 12 năm 2025`)."""
    undated: str | None = None
    year: int | None = None
    for line in zone:
        text = _GLUED_DAY.sub("ngày ", _SPLIT_DIGITS.sub("", _OCR_DATE_WORDS.sub(
            lambda m: "ngày" if m.group(0)[0] in "nN" else "tháng", line.text)))
        date_match = DATE.search(text)
        place_match = _PLACE_DATE.search(text)
        # `ngày ...` alone is the date line; a paragraph that opens with a date (`Ngày
        # 12/11/2024, tại trụ sở UBND tỉnh, ...`) tells of a meeting, not of the document
        dated_line = (fold(text).startswith("ngày") and len(text.split()) <= 12) or bool(
            _NUMBER_LINE.match(text) and re.search(r"\sngày\s", text))  # `Số: 12/QĐ-UBND ngày ...`
        if date_match is None or not (place_match or dated_line):
            blank = None if undated else _PLACE_UNDATED.search(text)
            if blank:
                undated = squash(blank.group("place"))
                written = _UNDATED_YEAR.search(text, blank.end("place"))
                year = int(written.group(1)) if written else None
            continue
        place = squash(place_match.group("place")) if place_match else None
        return place, parse_date(date_match), None
    return undated, None, year


_UNDATED_YEAR = re.compile(r"(?<![\w])tháng(?![\w]).{0,12}?(?<![\w])năm\s+((?:19|20)\d\d)(?!\d)")


# A signer's degrees before the name (`ThS. Lê Hà Như Thảo`, `PGS.TS. Nguyễn Văn A`): not the name.
_DEGREES = re.compile(r"^(?:(?:GS|PGS|TSKH|TS|ThS|Ths|KS|BS|CN|DS|LS|CKI|CKII|BSCKI|BSCKII|NGƯT|NGND|"
                      r"TTƯT)(?:\.\s*|\s+(?=[A-ZĐ]\w*\s)))+")


def _looks_like_name(text: str) -> bool:
    words = _DEGREES.sub("", text.replace("(đã ký)", "")).split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words) and not text.isupper()


_ISSUER_SUBJECT = re.compile(
    r",\s*((?:Ban Thường vụ|Ban Chấp hành|Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Thường trực|"
    r"Ban [A-ZĐ]\w*|Bộ Chính trị|Ban Bí thư|Chính phủ|Thủ tướng|Tỉnh ủy|Thành ủy|Huyện ủy)"
    r"[^,.;]{0,60}?)\s+(?:ban hành|xây dựng|triển khai|đề ra|yêu cầu|chỉ thị|kết luận)"
)


_ON_BEHALF = re.compile(r"^T/?M\.?\s+(BỘ CHÍNH TRỊ|BAN BÍ THƯ|BAN CHẤP HÀNH TRUNG ƯƠNG)\b")
# A web copy announces the signing before the text: `Thay mặt Bộ Chính trị, Tổng Bí thư ... đã
# ký ban hành Nghị quyết số 57-NQ/TW ...`.
_ANNOUNCED = re.compile(r"^thay mặt (bộ chính trị|ban bí thư|ban chấp hành trung ương)\b.{0,80}"
                        r"\bký ban hành\b", re.I)
# `Nghị quyết số 57-NQ/TW` over a web copy: the document's name, not its issuer.
_DESIGNATION_LINE = re.compile(r"^(?:" + "|".join(KIND_WORDS) + r")\s+số\b", re.I)


_CENTRE_NAMES = {"BỘ CHÍNH TRỊ": "Bộ Chính trị", "BAN BÍ THƯ": "Ban Bí thư",
                 "BAN CHẤP HÀNH TRUNG ƯƠNG": "Ban Chấp hành Trung ương",
                 "BỘ CHÍNH TRỊ, BAN BÍ THƯ": "Bộ Chính trị, Ban Bí thư"}
# `KẾT LUẬN CỦA BỘ CHÍNH TRỊ, BAN BÍ THƯ VỀ ...`: the title names who concludes
_OF_BODIES = re.compile(r"^CỦA ((?:BỘ CHÍNH TRỊ|BAN BÍ THƯ|BAN CHẤP HÀNH TRUNG ƯƠNG)"
                        r"(?:,? (?:BỘ CHÍNH TRỊ|BAN BÍ THƯ))?)\s+(?=VỀ|về)")


def _issuer(zone: list[Line], lines: list[Line], signer: Signer | None, gazetteer: Gazetteer,
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
    announced = next((m for line in lines[:8] if (m := _ANNOUNCED.match(line.text))), None)
    if announced:
        return _CENTRE_NAMES[announced.group(1).upper()]
    header = _header_issuer(zone, gazetteer)
    for line in lines[:60]:
        match = _ISSUER_SUBJECT.search(line.text)
        if match and fold(line.text).startswith(("thực hiện", "căn cứ", "để")):
            return _with_place(squash(match.group(1)), header, gazetteer)
    return header or _enacting_issuer(lines[:60], gazetteer)


# The enacting formula that closes a plan's preamble: `...; UBND thành phố Vũng Tàu ban hành Kế
# hoạch ... như sau:`. Its subject is the issuer when the header names none (a PDF whose header
# block the reader placed after the first page's table, a web copy without its header).
_ENACTING = re.compile(
    r"(?:^|[;,.:]\s+)((?:Ban Thường vụ|Ban Chấp hành|Ủy ban nhân dân|Uỷ ban nhân dân|UBND|"
    r"Thường trực|Hội đồng nhân dân|HĐND|Tỉnh ủy|Thành ủy|Huyện ủy|Đảng ủy|Sở|Ban [A-ZĐ]\w*)"
    r"[^,.;:]{0,60}?)\s+ban hành\s+(?:" + "|".join(KIND_WORDS) + r")\b[^.;]*?như sau\s*:?\s*$")


def _enacting_issuer(lines: list[Line], gazetteer: Gazetteer) -> str | None:
    """The subject of the preamble's enacting formula (`UBND thành phố Vũng Tàu ban hành Kế
    hoạch ... như sau:`), its place completed as the opening sentence's is; None without one."""
    for line in lines:
        match = _ENACTING.search(line.text)
        if match:
            return _with_place(squash(match.group(1)), None, gazetteer)
    return None


_PLACE_IN_HEADER = re.compile(r"(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ)\s+([A-ZĐÀ-Ỹ][^|\n]*?)\s*$")


def _with_place(subject: str, header: str | None, gazetteer: Gazetteer) -> str:
    """`Ủy ban nhân dân tỉnh` + a header `... TỈNH BẮC NINH` → `Ủy ban nhân dân tỉnh Bắc Ninh`."""
    subject = re.sub(r"^UBND\b", "Ủy ban nhân dân", subject)
    if not re.search(r"(?:tỉnh|thành phố|huyện|quận|Tỉnh ủy|Thành ủy|Huyện ủy)$", subject):
        return subject
    slug = gazetteer.jurisdiction_of(header)
    names = gazetteer.places.get(slug or "")
    return f"{subject} {names[0]}" if names else subject


def _header_issuer(zone: list[Line], gazetteer: Gazetteer) -> str | None:
    """The issuer block of the header: its lines up to the number, date or kind line. A
    two-column header read row by row interleaves the motto with it (`UBND TỈNH LÀO CAI`,
    `CỘNG HOÀ ...`, `SỞ CÔNG THƯƠNG`): the motto is skipped, the block goes on."""
    header: list[str] = []
    for line in zone:
        folded = fold(line.text)
        if _KIND_LINE.match(line.text) or _DESIGNATION_LINE.match(line.text):
            break  # the title follows the kind line, never the issuer (a header-less copy)
        if folded.startswith(("số", "so ")) or DATE.search(line.text):
            if header:
                break
            continue
        bare = _bare(line.text)
        if _MOTTO.search(folded) or _MOTTO_BARE.search(bare):
            # an OCR'd two-column header: issuer and motto on one line
            header += _beside_motto(line.text, bare)
            continue
        if header and not _is_caps(line.text):
            break
        header.append(line.text)
    issuer = squash(" ".join(header)) or None
    return _central_office(issuer, gazetteer) or _department(header) or issuer


_MOTTO_BARE = re.compile(r"cong hoa xa hoi|doc lap\s*-|dang cong san viet nam")


def _bare(text: str) -> str:
    """Lower case without diacritics, one character for each of `text`'s (so offsets carry
    over): the motto as OCR misreads its tones (`CỌNG HÒA`) is still the motto."""
    return "".join(strip_diacritics(c) or c for c in text.lower())


# the issuer's second line between the motto's two lines: `SỞ KH&CN SƠN LA CỘNG HÒA XÃ HỘI CHỦ
# NGHĨA VIỆT NAM TRUNG TÂM THÔNG TIN VÀ Độc lập - Tự do - Hạnh phúc`
_BETWEEN_MOTTO = re.compile(r"cong hoa xa hoi chu nghia viet nam(.*?)doc lap\s*-")


def _beside_motto(text: str, bare: str) -> list[str]:
    """The issuer's words beside the motto on a line that holds both (`ỦY BAN NHÂN DÂN CỘNG
    HÒA XÃ HỘI ...`, `TỈNH HẢI DƯƠNG Độc lập - Tự do ...`): a scan's two columns read as one
    line, before the motto and between its two lines. Nothing when the motto opens the line
    and is all it holds. `bare`: `_bare(text)`, which the caller has."""
    match = _MOTTO_BARE.search(bare)
    if match is None or len(bare) != len(text):
        return []
    between = _BETWEEN_MOTTO.search(bare, match.start())
    pieces = [text[: match.start()], text[between.start(1):between.end(1)] if between else ""]
    return [piece for piece in (p.strip(" -–|*_^") for p in pieces)
            if sum(c.isalpha() for c in piece) >= 3 and _is_caps(piece)]


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


# What a school's name says it is (not `MÔI TRƯỜNG`, `TRƯỜNG HỢP`).
_SCHOOL_KIND = (r"(?:đại học|cao đẳng|trung cấp|trung học|thpt|thcs|tiểu học|mầm non|phổ thông|"
                r"chính trị|bồi dưỡng|dạy nghề|quân sự|sĩ quan|cán bộ|nghiệp vụ)")
# A body under its governing one in a header (`UBND TỈNH LÀO CAI` over `SỞ CÔNG THƯƠNG`).
_SUBORDINATE = re.compile(r"^(?:sở|phòng|trung tâm|công an|chi cục|cục|văn phòng|ban quản lý|"
                          r"thanh tra|ban dân tộc|bộ chỉ huy|đài|kho bạc|bảo hiểm xã hội|"
                          # a school under its ministry or university (`ĐẠI HỌC ĐÀ NẴNG` /
                          # `TRƯỜNG ĐẠI HỌC …`)
                          r"trường\s+" + _SCHOOL_KIND + r")\b")
_PLACE_OF_PARENT = re.compile(r"\b((?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường)\s+.+)$", re.I)


_GOVERNED = re.compile(r"^(?:UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+((?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|"
                       r"THỊ XÃ)\s+.+?)\s+((?:SỞ|PHÒNG|TRUNG TÂM|CÔNG AN|CHI CỤC|VĂN PHÒNG|"
                       r"BAN QUẢN LÝ|THANH TRA)\s.+)$", re.I)


# The school after its governing body on one line (a text file's cleaning joined them).
_SCHOOL_BELOW = re.compile(r"^(?:BỘ|ĐẠI HỌC|SỞ|UBND|ỦY BAN NHÂN DÂN)\s.+?(?<!MÔI)\s(TRƯỜNG\s+(?i:"
                           + _SCHOOL_KIND + r")\s.+)$")


def _department(header: list[str]) -> str | None:
    """The issuer of a two-level header is the lower body, of the upper one's place:
    `UBND TỈNH LÀO CAI` / `SỞ CÔNG THƯƠNG` → `SỞ CÔNG THƯƠNG TỈNH LÀO CAI` (also when a text
    file's cleaning put both on one line)."""
    if len(header) == 1:
        joined = _GOVERNED.match(squash(header[0]))
        if joined is None:  # `ĐẠI HỌC ĐÀ NẴNG TRƯỜNG ĐẠI HỌC …`: the school, on one line
            school = _SCHOOL_BELOW.search(squash(header[0]))
            return school.group(1) if school else None
        return f"{joined.group(2)} {joined.group(1)}"
    if (len(header) > 2 and _SUBORDINATE.match(fold(header[1]))
            and not _SUBORDINATE.match(fold(header[-1]))):
        header = [header[0], " ".join(header[1:])]  # the lower body's name over two lines
    if len(header) < 2 or not _SUBORDINATE.match(fold(header[-1])):
        return None
    place = _PLACE_OF_PARENT.search(squash(header[0]))
    child = squash(header[-1])
    if place is None or _PLACE_OF_PARENT.search(child):
        return child
    level, _, name = place.group(1).partition(" ")
    if fold(child).endswith(" " + fold(level)):  # `THANH TRA TỈNH` of `UBND TỈNH ĐẮK NÔNG`
        return f"{child} {name}"
    return f"{child} {place.group(1)}"


def _central_office(issuer: str | None, gazetteer: Gazetteer) -> str | None:
    """`BAN CHẤP HÀNH TRUNG ƯƠNG` over `VĂN PHÒNG` is the Central Committee's Office: the child
    named with `Trung ương` as the gazetteer knows it."""
    match = re.match(r"^BAN CHẤP HÀNH TRUNG ƯƠNG\s+(.+)$", issuer or "")
    if match is None:
        return None
    child = fold(match.group(1))
    for candidate in (f"{child} trung ương đảng", f"{child} trung ương"):
        for entry in gazetteer.bodies.values():
            if candidate in {fold(n) for n in (entry.name, *entry.aliases)}:
                return entry.name
    return None
