"""Plain text and Markdown files: detect the encoding and decode.

UTF-8 (with or without BOM), UTF-16, Windows-1258, TCVN3 and VNI are recognised (the last two
read as Windows-1252 characters, which `legacy.repair_document` converts); a UTF-8 file with a few
damaged bytes is read with a warning. The text is kept exactly as decoded (offsets point into
it); NFC is the stages' business.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import IngestError, Reason
from ..records import Format, Problem, SourceDocument
from .legacy import detect_bytes, vietnamese_share, windows_1252


def read_text(name: str, data: bytes, sha256: str, fmt: Format) -> SourceDocument:
    """A text or Markdown file as a `SourceDocument`, or `IngestError`."""
    text, encoding, warnings = _decode(data, name)
    return SourceDocument(path=name, format=fmt, sha256=sha256, text=text, encoding=encoding,
                          warnings=warnings)


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Letters only Vietnamese uses (composed): evidence that a decoding is right.
_VIETNAMESE = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Detect the encoding of a text file: UTF-8 (with or without BOM), UTF-16, Windows-1258.

    Returns the decoded text and the encoding used. Raises `IngestError` for binary or
    undecodable data.
    """
    text, encoding, _ = _decode(data, name)
    return text, encoding


def _decode(data: bytes, name: str) -> tuple[str, str, tuple[Problem, ...]]:
    """`decode_text`, plus warnings (a few bytes of a UTF-8 file that are not UTF-8)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return (*_finish(data.decode(encoding), encoding, name), ())
    if b"\x00" in data[:4096]:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise IngestError(name, Reason.BINARY, "binary data, not text")
        return (*_finish(data.decode(utf16), utf16, name), ())
    try:
        return (*_finish(data.decode("utf-8"), "utf-8", name), ())
    except UnicodeDecodeError as error:
        first_bad = error.start
    damaged = _mostly_utf8(data)
    if damaged is not None:
        text, bad = damaged
        warning = Problem(stage="ingest", code="not-utf8", message=(
            f"{bad} byte sequence(s) not valid UTF-8 (the first at byte {first_bad}) "
            "replaced by U+FFFD"))
        return (*_finish(text, "utf-8", name), (warning,))
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        text = ""
    composed = unicodedata.normalize("NFC", text)
    if text and _looks_vietnamese(text) and vietnamese_share(composed)[0] >= 0.8:
        # Windows-1258 writes tone marks as combining characters: composed (NFC), so that a
        # word typed normally finds it; offsets point into this composed text
        return (*_finish(composed, "cp1258", name), ())
    if detect_bytes(data) is not None:
        # TCVN3/VNI bytes, as Windows-1252 characters: `ingest` converts them (repair_document)
        return (*_finish(windows_1252(data), "windows-1252", name), ())
    raise IngestError(
        name, Reason.ENCODING,
        "not UTF-8, UTF-16, Windows-1258, TCVN3 or VNI text",
    )


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few damaged bytes (a stray Latin-1 byte, a cut sequence): the text with
    U+FFFD for each bad sequence and their count, if valid multi-byte characters outnumber the
    bad sequences ten to one (a Windows-1258 file has almost no valid ones)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for ch in text if ord(ch) > 0x7F) - text.count("\ufffd")
    return (text, bad) if good >= 10 * bad else None


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _looks_vietnamese(text: str) -> bool:
    """Windows-1258 Vietnamese: letters mostly ASCII (the vowel and tone marks ride on them),
    tone marks only after vowels, and some letters only Vietnamese uses. Another 8-bit code page
    (Russian, Chinese GBK, ...) read as cp1258 gives mostly non-ASCII letters and stray marks."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 0.5 * len(text.replace(" ", "").replace("\n", "")):
        return False
    if sum(ord(ch) > 0x7F for ch in letters) > 0.5 * len(letters):
        return False
    marks = [i for i, ch in enumerate(text) if ch in _TONE_MARKS]
    misplaced = sum(1 for i in marks if i == 0 or _base(text[i - 1]) not in _VOWELS)
    if misplaced > 0.05 * len(marks):
        return False
    return len(_VIETNAMESE.findall(unicodedata.normalize("NFC", text))) >= max(1, len(letters) // 50)


_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aeiouyAEIOUY")


def _base(ch: str) -> str:
    return unicodedata.normalize("NFD", ch)[0]


def _finish(text: str, encoding: str, name: str) -> tuple[str, str]:
    if not text.strip():
        raise IngestError(name, Reason.EMPTY, "the file holds no text")
    if len(_CONTROL.findall(text)) > max(4, len(text) // 200):
        raise IngestError(name, Reason.BINARY, f"binary data, not {encoding} text")
    return text, encoding
