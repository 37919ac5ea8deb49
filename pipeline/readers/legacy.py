"""Legacy Vietnamese encodings: TCVN3 (ABC, the `.VnTime` fonts) and VNI (the `VNI-Times` fonts).

Before Unicode, offices typed with 8-bit fonts: a TCVN3 document stores `KÕT LUËN` for `KẾT
LUẬN`, a VNI one `Xin chaøo` for `Xin chào`. Their bytes reach us three ways: as a raw 8-bit text
file, as Unicode text whose characters are those bytes read as Windows-1252 (a document pasted
from a `.VnTime` file, a PDF whose font is `.VnTime`), and as DOCX runs set in a legacy font. This
module converts all three to Unicode and decides, line by line, whether a line needs it: a line is
converted when the conversion turns more of its words into Vietnamese syllables (`vietnamese_share`)
— a line already in Unicode never gains, so it is left alone.

TCVN3 is the upper half of TCVN 5712:1993 (VN3): 67 lower-case letters and 7 capitals
(`ĂÂÊÔƠƯĐ`); the table is checked against glibc's `TCVN5712-1` converter by the tests. Toned
capitals do not exist in it: writers switched to the capitals font (`.VnTimeH`), which draws the
lower-case codes as capitals. So case is restored from the font (a DOCX run in an `…H` font) or
from the word (`KÕT` → `KẾT`: a word whose other letters are capitals is a capital word). A toned
capital inside a mixed-case word of a plain text file (`Ñy ban` typed in two fonts) cannot be
recovered and stays lower-case. VNI writes every letter as its base plus one mark character and
has capitals, so its conversion is exact both ways.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal

from ..records import Cell, Problem, SourceDocument, Table
from .quality import VIETNAMESE_LETTERS, is_vietnamese_word

Legacy = Literal["tcvn3", "vni"]
LABELS: dict[Legacy, str] = {"tcvn3": "TCVN3 (ABC, .VnTime fonts)", "vni": "VNI (VNI-Times fonts)"}

# TCVN3: the byte slots it uses and the letters they hold (in this order).
_TCVN3_SLOTS = (*range(0xA1, 0xAF), *range(0xB5, 0xBA), *range(0xBB, 0xBF), *range(0xC6, 0xCD),
                *range(0xCE, 0xD9), *range(0xDC, 0xE0), *range(0xE1, 0xF0), *range(0xF1, 0xFF))
_TCVN3_LETTERS = ("ĂÂÊÔƠƯĐăâêôơưđàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")
TCVN3_TABLE: dict[str, str] = {chr(slot): letter for slot, letter
                               in zip(_TCVN3_SLOTS, _TCVN3_LETTERS, strict=True)}
_TCVN3_LOWER = frozenset(letter for letter in _TCVN3_LETTERS if letter.islower())
_TCVN3_ENCODE = {letter: code for code, letter in TCVN3_TABLE.items()}

# VNI: a vowel's tone, circumflex or breve is a character after it (lower- or upper-case form,
# the latter drawn for capitals); a few letters have a single character of their own.
_TONES = {"\u0301": "ùÙ", "\u0300": "øØ", "\u0309": "ûÛ", "\u0303": "õÕ", "\u0323": "ïÏ"}
_CIRCUMFLEX_TONES = {"": "âÂ", "\u0301": "áÁ", "\u0300": "àÀ", "\u0309": "åÅ", "\u0303": "ãÃ",
                     "\u0323": "äÄ"}
_BREVE_TONES = {"": "êÊ", "\u0301": "éÉ", "\u0300": "èÈ", "\u0309": "úÚ", "\u0303": "üÜ",
                "\u0323": "ëË"}
_VNI_SINGLE = {"ơ": "ôÔ", "ư": "öÖ", "đ": "ñÑ", "í": "íÍ", "ì": "ìÌ", "ỉ": "æÆ", "ĩ": "óÓ",
               "ị": "òÒ", "ỵ": "îÎ"}


def _vni_pairs() -> Iterator[tuple[str, str, str]]:
    """(letter, the base VNI writes before the mark, the mark's two forms) for every letter VNI
    writes with two characters."""
    for base in "aeouy":
        for tone, marks in _TONES.items():
            if not (base == "y" and tone == "\u0323"):  # ỵ has a character of its own
                yield _nfc(base + tone), base, marks
    for base in "aeo":
        for tone, marks in _CIRCUMFLEX_TONES.items():
            yield _nfc(base + "\u0302" + tone), base, marks
    for tone, marks in _BREVE_TONES.items():
        yield _nfc("a\u0306" + tone), "a", marks
    for horn, head in (("ơ", "ô"), ("ư", "ö")):
        for tone, marks in _TONES.items():
            yield _nfc(horn + tone), head, marks


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(VNI sequence → letter, letter → VNI sequence); both forms of a mark are read after
    either case of a base (fonts draw them alike), the form matching the base's case written."""
    decode: dict[str, str] = {}
    encode: dict[str, str] = {}
    for letter, base, marks in _vni_pairs():
        for upper in (False, True):
            target, head = (letter.upper(), base.upper()) if upper else (letter, base)
            encode[target] = head + marks[upper]
            for form in marks:
                decode[head + form] = target
    for letter, forms in _VNI_SINGLE.items():
        encode[letter], encode[letter.upper()] = forms[0], forms[1]
        decode[forms[0]], decode[forms[1]] = letter, letter.upper()
    return decode, encode


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


VNI_TABLE, _VNI_ENCODE = _vni_tables()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, VNI_TABLE), key=len, reverse=True)))


@dataclass(frozen=True)
class Conversion:
    """A text after conversion: the text, `offsets[i]` = where original offset `i` now is (one
    more entry than the original has characters), and which encoding converted how many lines."""

    text: str
    offsets: tuple[int, ...]
    encoding: Legacy | None
    lines: int


def from_tcvn3(text: str, capitals: bool = False) -> str:
    """TCVN3 characters (read as Windows-1252/Latin-1) → Unicode. `capitals`: the text was set in
    a capitals font (`.VnTimeH`), so every letter is upper-case."""
    converted = "".join(TCVN3_TABLE.get(char, char) for char in text)
    if capitals:
        return converted.upper()
    return _restore_capital_words(text, converted)


def from_vni(text: str) -> str:
    """VNI characters (read as Windows-1252) → Unicode."""
    return _VNI_PATTERN.sub(lambda match: VNI_TABLE[match.group()], text)


def to_tcvn3(text: str) -> str:
    """Unicode → TCVN3 characters (as Windows-1252 text), the way its fonts write: a toned
    capital becomes the lower-case code (the capitals font draws it upright)."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        code = _TCVN3_ENCODE.get(char) or _TCVN3_ENCODE.get(char.lower())
        out.append(code if code is not None else char)
    return "".join(out)


def to_vni(text: str) -> str:
    """Unicode → VNI characters (as Windows-1252 text)."""
    return "".join(_VNI_ENCODE.get(char, char) for char in unicodedata.normalize("NFC", text))


def convert(text: str, encoding: Legacy, capitals: bool = False) -> str:
    """`text` converted from `encoding`."""
    return from_tcvn3(text, capitals) if encoding == "tcvn3" else from_vni(text)


_WORD = re.compile(r"\S+")
_EDGES = ".,;:!?()[]{}\"'“”‘’-–—…/*"


def vietnamese_share(text: str) -> tuple[float, int]:
    """(share of the words with a non-ASCII character that are Vietnamese syllables, their count):
    what tells converted text from text that needs converting (ASCII words say nothing)."""
    counted = good = 0
    for match in _WORD.finditer(text):
        word = match.group().strip(_EDGES)
        if word.isascii() or not any(char.isalpha() for char in word):
            continue  # `×`, `÷`: a symbol is not a word
        counted += 1
        good += is_vietnamese_word(unicodedata.normalize("NFC", word))
    return (good / counted if counted else 1.0), counted


def repair(text: str) -> Conversion:
    """Convert the lines of `text` that are TCVN3 or VNI mojibake, keeping the others.

    When most of the document is in one legacy encoding, every line that does not lose by it is
    converted (`Sè: 12` is a word either way; in a TCVN3 document it is `Số: 12`); otherwise only
    the lines that clearly gain."""
    lines = text.splitlines(keepends=True)
    scores = [_line_scores(line) for line in lines]
    document = _document_encoding(scores)
    parts: list[str] = []
    offsets: list[int] = []
    counts: dict[Legacy, int] = {"tcvn3": 0, "vni": 0}
    length = 0
    for line, score in zip(lines, scores, strict=True):
        encoding = _line_encoding(score, document)
        if encoding is None:
            new, mapping = line, list(range(len(line)))
        else:
            new, mapping = _convert_mapped(line, encoding)
            counts[encoding] += new != line
        offsets.extend(length + index for index in mapping)
        parts.append(new)
        length += len(new)
    offsets.append(length)
    most = max(counts, key=counts.__getitem__)
    return Conversion("".join(parts), tuple(offsets), most if counts[most] else None,
                      sum(counts.values()))


def detect_bytes(data: bytes) -> Legacy | None:
    """Which legacy encoding a raw 8-bit file is in, if its words say so clearly."""
    text = windows_1252(data)
    return _document_encoding([_line_scores(line) for line in text.splitlines()])


def windows_1252(data: bytes) -> str:
    """Bytes as Windows-1252 characters, the five bytes it leaves undefined as Latin-1: how the
    legacy fonts' codes reach Unicode text."""
    return "".join(_CP1252[byte] for byte in data)


_CP1252 = [bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in range(256)]
_Scores = dict[str, tuple[float, int]]
# Vietnamese letters beyond Latin-1 (`ư`, `ạ`, `đ`): Unicode text, which neither encoding writes.
_MODERN = re.compile("[" + "".join(sorted(c for c in VIETNAMESE_LETTERS if ord(c) > 0xFF)) + "]")


def _line_scores(line: str) -> _Scores | None:
    """How Vietnamese the line reads as it is (`""`) and converted from each legacy encoding;
    None for a line that cannot be legacy text (ASCII, no words, or Vietnamese letters beyond
    Latin-1 — `ư`, `ạ` —, which neither encoding produces)."""
    if line.isascii() or _MODERN.search(line):
        return None
    share, counted = vietnamese_share(line)
    if counted == 0:
        return None
    scores: _Scores = {"": (share, counted)}
    for name in LABELS:
        scores[name] = vietnamese_share(convert(line, name))
    return scores


def _document_encoding(scores: list[_Scores | None]) -> Legacy | None:
    """The legacy encoding most of the document's words are in, if any: converted, at least 80 %
    of them read as Vietnamese, 20 points more than as they are."""
    totals = {name: 0.0 for name in ("", *LABELS)}
    words = 0
    for score in scores:
        if score is None:
            continue
        words += score[""][1]
        for name, (share, counted) in score.items():
            totals[name] += share * counted
    if words == 0:
        return None
    best: Legacy = max(LABELS, key=lambda name: totals[name])
    share = totals[best] / words
    return best if share >= 0.8 and share > totals[""] / words + 0.2 else None


def _line_encoding(score: _Scores | None, document: Legacy | None) -> Legacy | None:
    """The encoding to convert this line from, if any."""
    if score is None:
        return None
    original = score[""][0]
    if document is not None and score[document][0] >= original:
        return document
    gains = [name for name in LABELS if score[name][0] >= 0.8 and score[name][0] > original]
    if not gains:
        return None
    best = max(gains, key=lambda name: score[name][0])
    others = [score[name][0] for name in gains if name != best]
    return best if not others or score[best][0] > max(others) else None


def _convert_mapped(line: str, encoding: Legacy) -> tuple[str, list[int]]:
    """`line` converted, and where each of its characters went (VNI joins two into one)."""
    if encoding == "tcvn3":
        return from_tcvn3(line), list(range(len(line)))
    parts: list[str] = []
    mapping: list[int] = []
    length = position = 0
    for match in _VNI_PATTERN.finditer(line):
        gap = line[position:match.start()]
        mapping.extend(range(length, length + len(gap)))
        mapping.extend([length + len(gap)] * (match.end() - match.start()))
        parts += [gap, VNI_TABLE[match.group()]]
        length += len(gap) + 1
        position = match.end()
    mapping.extend(range(length, length + len(line) - position))
    parts.append(line[position:])
    return "".join(parts), mapping


_LETTERS = re.compile(r"[^\W\d_]+")


def _restore_capital_words(original: str, converted: str) -> str:
    """Upper-case the TCVN3 lower-case codes of capital words: words with two or more other
    letters, all capitals (`KÕT` → `KẾT`, `§¶NG` → `ĐẢNG`), and every word of a line in capitals
    (`BÉ` in `BÉ CHÝNH TRÞ`). `Bé` (`Bộ`) alone stays as it is."""
    chars = list(converted)
    for line in re.finditer(r"[^\n]+", converted):
        words = [(match, _telling(original, converted, match))
                 for match in _LETTERS.finditer(converted, line.start(), line.end())]
        telling = [char for _, letters in words for char in letters]
        capitals_line = len(telling) >= 3 and all(char.isupper() for char in telling)
        for match, letters in words:
            if (capitals_line or len(letters) >= 2) and letters and all(
                    char.isupper() for char in letters):
                for i in range(match.start(), match.end()):
                    chars[i] = chars[i].upper()
    return "".join(chars)


def _telling(original: str, converted: str, word: re.Match[str]) -> list[str]:
    """The cased letters of a word that say its case: all but TCVN3's lower-case codes."""
    return [converted[i] for i in range(word.start(), word.end())
            if converted[i].lower() != converted[i].upper()
            and not (converted[i] in _TCVN3_LOWER and original[i] != converted[i])]


def convert_run(text: str, encoding: Legacy, capitals: bool = False) -> str | None:
    """A DOCX run set in a legacy font, converted; None when it is not legacy text after all
    (Word keeps the font name on runs typed later in Unicode: `Ban tổ chức` in `.VnTime`, which
    converting would spoil; or its words read less as Vietnamese converted) or nothing changes."""
    if _MODERN.search(text):
        return None
    converted = convert(text, encoding, capitals)
    share, counted = vietnamese_share(text)
    # a run of a word or two says too little to overrule its font (Word splits runs anywhere)
    if converted == text or (counted >= 3 and vietnamese_share(converted)[0] < share):
        return None
    return converted


def font_encoding(font: str | None) -> tuple[Legacy, bool] | None:
    """The legacy encoding a font name implies, and whether it is a capitals font: `.VnTime`,
    `.VnArialH` (TCVN3; `H` draws capitals), `VNI-Times` (VNI)."""
    if not font:
        return None
    name = font.strip().lower()
    if name.startswith(".vn"):
        return "tcvn3", name.endswith("h")
    if name.startswith("vni-") or name.startswith("vni "):
        return "vni", False
    return None


def repair_document(document: SourceDocument) -> SourceDocument:
    """`document` with its TCVN3/VNI lines converted (`repair`), the pages, tables, headers and
    footers moved with them, and the conversion recorded as a problem `legacy-encoding`."""
    conversion = repair(document.text)
    if conversion.encoding is None:
        return document
    at = conversion.offsets
    tables = tuple(
        Table(at[table.start], at[table.end], tuple(
            tuple(Cell(_cell_text(cell, document.text, conversion), at[cell.start], at[cell.end])
                  for cell in row) for row in table.rows))
        for table in document.tables)
    note = Problem(stage="ingest", code="legacy-encoding", message=(
        f"{conversion.lines} line(s) converted from {LABELS[conversion.encoding]} to Unicode"))
    return replace(
        document, text=conversion.text, tables=tables,
        page_starts=tuple(at[start] for start in document.page_starts),
        headers=tuple(repair(header).text for header in document.headers),
        footers=tuple(repair(footer).text for footer in document.footers),
        encoding=conversion.encoding if document.encoding == "windows-1252" else document.encoding,
        warnings=(*document.warnings, note),
    )


def _cell_text(cell: Cell, original: str, conversion: Conversion) -> str:
    """A table cell's text after conversion: its span of the converted text when the cell is
    that span (lines joined by spaces, as the readers write cells), else the cell converted on
    its own."""
    span = original[cell.start:cell.end]
    if cell.text in (span, span.replace("\n", " ")):
        new = conversion.text[conversion.offsets[cell.start]:conversion.offsets[cell.end]]
        return new if cell.text == span else new.replace("\n", " ")
    return repair(cell.text).text
