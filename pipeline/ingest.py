"""Path → `SourceDocument`: read TXT/MD, PDF and DOCX files, or every such file of a folder.

Unusable files raise `IngestError` with the file name and a reason; `iter_folder` yields those
errors in place of documents so a batch can report them and go on.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import IngestError, Reason
from .records import SourceDocument

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | {".pdf", ".docx"}


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 64 * 1024 * 1024
    max_docx_uncompressed: int = 256 * 1024 * 1024
    max_docx_ratio: int = 150
    max_pdf_pages: int = 3000
    min_chars_per_page: int = 20  # below this on average, a PDF has no usable text layer


DEFAULT_LIMITS = Limits()


def ingest(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> SourceDocument:
    """Read one file into a `SourceDocument` or raise `IngestError`."""
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(
            str(file), Reason.UNKNOWN_FORMAT,
            f"unknown extension {suffix or '(none)'!r}; supported: "
            + ", ".join(sorted(SUPPORTED_SUFFIXES)),
        )
    data = _read_bytes(file, limits)
    sha256 = hashlib.sha256(data).hexdigest()
    if suffix == ".pdf":
        from .readers.pdf import read_pdf

        return read_pdf(str(file), data, sha256, limits)
    if suffix == ".docx":
        from .readers.docx import read_docx

        return read_docx(str(file), data, sha256, limits)
    text, encoding, warnings = _decode(data, str(file))
    fmt = "md" if suffix in {".md", ".markdown"} else "txt"
    return SourceDocument(path=str(file), format=fmt, sha256=sha256, text=text, encoding=encoding,
                          warnings=warnings)


def iter_folder(
    folder: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS
) -> Iterator[SourceDocument | IngestError]:
    """Every supported file below `folder`, in path order; unusable ones as `IngestError`."""
    for file in iter_paths(folder):
        try:
            yield ingest(file, limits)
        except IngestError as error:
            yield error


def iter_paths(folder: str | os.PathLike[str]) -> Iterator[Path]:
    """Supported files below a folder, recursively, in path order (`a.txt`, `sub/b.txt`,
    `z.txt`); hidden files and folders skipped. A path that is not a folder is yielded as is."""
    root = Path(folder)
    if not root.is_dir():
        yield root
        return
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found.extend(
            Path(dirpath) / name for name in filenames
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES
        )
    yield from sorted(found, key=lambda path: path.relative_to(root).parts)


def _read_bytes(file: Path, limits: Limits) -> bytes:
    try:
        size = file.stat().st_size
    except FileNotFoundError:
        raise IngestError(str(file), Reason.NOT_FOUND, "no such file") from None
    except OSError as error:
        raise IngestError(str(file), Reason.UNREADABLE, f"cannot read: {error.strerror}") from None
    if not file.is_file():
        raise IngestError(str(file), Reason.UNREADABLE, "not a regular file")
    if size > limits.max_bytes:
        raise IngestError(
            str(file), Reason.TOO_LARGE,
            f"{size:,} bytes ({human_size(size)}) is over the limit of {limits.max_bytes:,} bytes",
        )
    try:
        data = file.read_bytes()
    except OSError as error:
        raise IngestError(str(file), Reason.UNREADABLE, f"cannot read: {error.strerror}") from None
    if not data.strip():
        raise IngestError(str(file), Reason.EMPTY, "the file is empty")
    return data


def human_size(size: int) -> str:
    """`812 bytes`, `204 kB`, `67 MB`: for messages."""
    if size < 10_000:
        return f"{size:,} bytes"
    if size < 10_000_000:
        return f"{size / 1e3:,.0f} kB"
    return f"{size / 1e6:,.0f} MB"


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


def _decode(data: bytes, name: str) -> tuple[str, str, tuple[str, ...]]:
    """`decode_text`, plus warnings (a few bytes of a UTF-8 file that are not UTF-8)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return (*_finish(data.decode(encoding), encoding, name), ())
    if b"\x00" in data[:4096]:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise IngestError(name, Reason.BINARY, "binary data, not text")
        return (*_finish(data.decode(encoding), encoding, name), ())
    try:
        return (*_finish(data.decode("utf-8"), "utf-8", name), ())
    except UnicodeDecodeError as error:
        first_bad = error.start
    damaged = _mostly_utf8(data)
    if damaged is not None:
        text, bad = damaged
        warning = (f"{bad} byte sequence(s) not valid UTF-8 (the first at byte {first_bad}) "
                   "replaced by U+FFFD")
        return (*_finish(text, "utf-8", name), (warning,))
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        text = ""
    if text and _looks_vietnamese(text):
        return (*_finish(text, "cp1258", name), ())
    raise IngestError(
        name, Reason.ENCODING,
        "not UTF-8, UTF-16 or Windows-1258 text (legacy TCVN3/VNI files must be converted first)",
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
