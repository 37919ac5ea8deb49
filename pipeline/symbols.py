"""Document symbols (số, ký hiệu) and dates: one grammar for headers and citations.

Party: `08-KL/BTCTW`, `100 - KL/TW`, `25-NQ/TƯ`. State: `34/2016/NĐ-CP`, `80/2015/QH13`,
`123/QĐ-UBND`, `1961/QĐUBND` (hyphen lost), `30c/NQ-CP`, `2928/LĐTBXH-BVCSTE`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UPPER = "A-ZĐÀ-ỸƯƠÂĂÊÔ"
_LETTERS = r"[^\W\d_]"
_CODE = rf"{_LETTERS}[{UPPER}a-zđ&]{{0,11}}"
_NUMBER = r"\d{1,5}[a-zđ]?"
# Between a state symbol's codes a line may break after a dash (`217/2025/NĐ-⏎CP`), not before
# one: there a list item begins (`Nghị quyết số 48/NQ-CP⏎- Tập trung …`). A Party symbol's
# dash may open a line (`100⏎- KL/TW`): its `KIND/ISSUER` after it is no item's first word.
_DASH = r"[ \t]?[-–‐]\s?"
_PARTY_DASH = r"\s?[-–‐]\s?"
# Party: number-KIND/ISSUER[-UNIT]; a delegation's code may end with its term (`ĐĐQH15`)
PARTY = (rf"(?P<pn>{_NUMBER}){_PARTY_DASH}(?P<pk>{_CODE})\s?/\s?"
         rf"(?P<pi>{_CODE}(?:(?<=QH)\d{{2}})?(?:-{_CODE})?)")
# State: number[/year]/TAIL, the tail's codes split in `parse_symbol` (hyphens may be lost)
_TAIL_PART = rf"{_LETTERS}(?:[^\W_]|&){{0,14}}"
STATE = (rf"(?P<sn>{_NUMBER})/(?:(?P<sy>(?:19|20)\d\d)/\s?)?"
         rf"(?P<st>{_TAIL_PART}(?:(?:{_DASH}|/(?=[{UPPER}]{{2}})){_TAIL_PART})*)")
# `(?=\d)` first: the regex engine then skips to the next digit instead of trying every position.
SYMBOL = re.compile(rf"(?=\d)(?<![\w/-])(?:{PARTY}|{STATE})(?![\w])")

KIND_CODES = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "KL": "Kết luận", "QC": "Quy chế",
    "HD": "Hướng dẫn", "TB": "Thông báo", "KH": "Kế hoạch", "BC": "Báo cáo", "CTR": "Chương trình",
    "ĐA": "Đề án", "TTR": "Tờ trình", "TT": "Thông tư", "CV": "Công văn", "NĐ": "Nghị định",
    "TTLT": "Thông tư liên tịch", "QH": "Luật", "CĐ": "Công điện", "PL": "Pháp lệnh",
    "NQLT": "Nghị quyết liên tịch", "HĐ": "Hướng dẫn", "PA": "Phương án", "QĐI": "Quy định",
}
# Issuer codes that mark a document as central (Party centre, Government, ministries, NA).
CENTRAL_ISSUERS = {
    "TW", "BTCTW", "BTGTW", "BDVTW", "BTGDVTW", "UBKTTW", "VPTW", "BNCTW", "BKTTW", "BĐNTW",
    "CP", "TTG", "VPCP", "UBTVQH", "QH", "BNV", "BTC", "BKHĐT", "BCA", "BQP", "BGDĐT", "BYT",
    "BTP", "BCT", "BXD", "BGTVT", "BTTTT", "BKHCN", "BNNPTNT", "BNNMT", "BTNMT", "BLĐTBXH",
    "BVHTTDL", "BNG", "NHNN", "TTCP", "KTNN", "TANDTC", "VKSNDTC", "BDTTG", "UBDT", "ĐĐQH",
}
PARTY_ISSUERS = {"TW", "TU", "HU", "QU", "ĐU", "BTCTW", "BTGTW", "BDVTW", "BTGDVTW", "UBKTTW",
                 "VPTW", "BTCTU", "ĐĐ", "BCSĐ"}
_PARTY_KIND_CODES = {"NQ", "QĐ", "CT", "KL", "QC", "HD", "TB", "KH", "BC", "CTR", "ĐA", "TTR",
                     "TT", "CV", "QY", "QĐI"}


@dataclass(frozen=True)
class Symbol:
    text: str  # as written
    normalized: str
    number: str
    kind_code: str | None
    issuer_code: str | None
    year: int | None
    party: bool

    @property
    def central(self) -> bool:
        return is_central_issuer(self.issuer_code)


def is_central_issuer(issuer_code: str | None) -> bool:
    """The one rule for "central": the issuer code's first part, less a term number
    (`QH15`, `UBTVQH15`), is a central body's (`NĐ-CP` → `CP`, `KL/TW` → `TW`)."""
    head = (issuer_code or "").split("-")[0]
    return re.sub(r"\d+$", "", head) in CENTRAL_ISSUERS


def level_of_code(issuer_code: str | None) -> str | None:
    """The level an issuer code says: `central` (`is_central_issuer`), `district` (`-KH/HU`,
    `QU`, `TXU`: a district's party committee), `provincial` for any other code; None without
    one."""
    code = issuer_code or ""
    if is_central_issuer(code):
        return "central"
    if code.startswith(("HU", "QU", "TXU")):
        return "district"
    return "provincial" if code else None


def normalize_number(number: str) -> str:
    digits = re.match(r"\d+", number)
    if digits is None:
        return number
    value = int(digits.group(0))
    rest = number[digits.end():].lower()
    return (f"{value:02d}" if value < 10 else str(value)) + rest


def normalize_code(code: str) -> str:
    """Upper case, no spaces; `TƯ` (Trung ương) opening or ending a code is `TW` (`25-NQ/TƯ`,
    `TƯĐTN`), not a `TƯ` inside one (`TTTTƯD`: Trung tâm Thông tin và Ứng dụng)."""
    return re.sub(r"(?:^|(?<=-))TƯ|TƯ(?=$|-)", "TW", code.upper().replace(" ", ""))


_PARSED: dict[str, Symbol | None] = {}
_UNPARSED = object()


def parse_symbol(match: re.Match[str]) -> Symbol | None:
    """Build a `Symbol` from a `SYMBOL` match; None for what only looks like one (a date).

    The same matched text always parses the same way (the pattern's lookarounds only test its
    edges), so results are kept by text: a corpus cites the same few thousand symbols again and
    again."""
    written = match.group(0)
    symbol = _PARSED.get(written, _UNPARSED)  # one look-up: safe if another thread clears it
    if symbol is not _UNPARSED:
        return symbol  # type: ignore[return-value]
    if len(_PARSED) >= 50_000:
        _PARSED.clear()
    parsed = _PARSED[written] = _parse(match)
    return parsed


def _parse(match: re.Match[str]) -> Symbol | None:
    if match.group("pn") is not None:
        number, kind, issuer = match.group("pn"), match.group("pk"), match.group("pi")
        kind_code, issuer_code = normalize_code(kind), normalize_code(issuer)
        if kind_code not in _PARTY_KIND_CODES and kind_code not in KIND_CODES:
            return None
        normalized = f"{normalize_number(number)}-{kind_code}/{issuer_code}"
        return Symbol(match.group(0), normalized, normalize_number(number), kind_code,
                      issuer_code, None, True)
    return _state_symbol(match)


def _state_symbol(match: re.Match[str]) -> Symbol | None:
    number, year = match.group("sn"), match.group("sy")
    parts = [normalize_code(p) for p in re.split(rf"{_DASH}|/", match.group("st"))]
    kind_code: str | None
    if len(parts) == 1:
        kind_code, issuer = _split_lost_hyphen(parts[0], year)
        if issuer is None:
            return None
        parts = [issuer]
    elif parts[0] in KIND_CODES:
        kind_code, parts = parts[0], parts[1:]
    else:
        kind_code = None  # `2928/LĐTBXH-BVCSTE`: an official letter, number/issuer-unit
    issuer_code = "-".join(parts)
    if not year and kind_code in _PARTY_KIND_CODES and issuer_code in PARTY_ISSUERS:
        # `22/CT-TW`, `27/NQ- TW`: a Party document written in the state style
        normalized = f"{normalize_number(number)}-{kind_code}/{issuer_code}"
        return Symbol(match.group(0), normalized, normalize_number(number), kind_code,
                      issuer_code, None, True)
    head = f"{normalize_number(number)}/" + (f"{year}/" if year else "")
    if kind_code == "QH":
        normalized = head + issuer_code
    else:
        normalized = head + "-".join(p for p in (kind_code, issuer_code) if p)
    return Symbol(match.group(0), normalized, normalize_number(number), kind_code, issuer_code,
                  int(year) if year else None, False)


_KIND_PREFIXES = sorted((code for code in KIND_CODES if code != "QH"), key=len, reverse=True)


def _split_lost_hyphen(code: str, year: str | None) -> tuple[str | None, str | None]:
    """`QĐUBND` → (QĐ, UBND); `QH13` with a year → (QH, QH13); `UBTVQH15` with a year (a
    resolution or ordinance of the National Assembly Standing Committee, `76/2025/UBTVQH15`) →
    (None, UBTVQH15); anything else → (None, None)."""
    if year and re.fullmatch(r"QH\d{1,2}", code):
        return "QH", code
    if year and re.fullmatch(r"UBTVQH\d{1,2}", code):
        return None, code
    for prefix in _KIND_PREFIXES:
        rest = code[len(prefix):]
        if code.startswith(prefix) and len(rest) >= 2 and rest[0].isalpha():
            return prefix, rest
    return None, None


def find_symbols(text: str) -> list[tuple[int, int, Symbol]]:
    found = []
    for match in SYMBOL.finditer(text):
        symbol = parse_symbol(match)
        if symbol is not None:
            found.append((match.start(), match.end(), symbol))
    return found


# Dates: `ngày 04/01/2023`, `4-1-2023`, `ngày 04 tháng 01 năm 2023`, `ngày 04 tháng 01/2023`.
# a scan may leave a mark after the day or the month (`ngày 15_ tháng 9 năm 2025`)
DATE = re.compile(
    r"(?P<d>\d{1,2})\s*(?:[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*|[_.,]?\s+tháng\s+(?P<m2>\d{1,2})"
    r"[_.,]?\s*(?:năm\s+|/\s*))(?P<y>(?:19|20)\d\d)",
    re.IGNORECASE,
)


def parse_date(match: re.Match[str]) -> str | None:
    day, month, year = int(match.group("d")), int(match.group("m") or match.group("m2")), int(
        match.group("y"))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


# The kind words documents are named by (`Kế hoạch`, `Nghị quyết` ...), longest forms included.
KIND_WORDS = [
    "Kế hoạch", "Kết luận", "Nghị quyết", "Quyết định", "Quy định", "Chỉ thị", "Hướng dẫn",
    "Thông báo", "Thông tư liên tịch", "Thông tư", "Nghị định", "Luật", "Chương trình hành động",
    "Chương trình", "Báo cáo", "Tờ trình", "Đề án", "Quy chế", "Công văn", "Công điện",
    "Thông tri", "Pháp lệnh", "Điều lệ", "Lệnh", "Hiến pháp", "Phương án",
    "Thông báo kết luận",
]
