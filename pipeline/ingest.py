"""Path → `SourceDocument`: read TXT/MD, HTML, PDF, DOCX, DOC and scanned page images (PNG, JPEG,
TIFF), or every such file of a folder.

Unusable files raise `IngestError` with the file name and a reason; `iter_folder` yields those
errors in place of documents so a batch can report them and go on.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from .errors import IngestError, Reason
from .readers.doc import read_doc
from .readers.docx import read_docx
from .readers.html import read_html
from .readers.image import IMAGE_SUFFIXES, read_image
from .readers.legacy import repair_document
from .readers.limits import DEFAULT_LIMITS, Limits, human_size
from .readers.pdf import read_pdf
from .readers.text import read_text
from .records import SourceDocument

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | IMAGE_SUFFIXES | {".pdf", ".docx", ".doc"}


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
    # text in a legacy font (TCVN3, VNI) reaches every reader as Latin letters: converted here,
    # once for all formats
    document = repair_document(_read(file, suffix, data, limits))
    if len(document.text) > limits.max_chars:
        raise IngestError(str(file), Reason.TOO_LARGE, (
            f"{len(document.text):,} characters of text is over the limit of "
            f"{limits.max_chars:,} (about {max(1, limits.max_chars // 2000):,} pages)"))
    return document


def _read(file: Path, suffix: str, data: bytes, limits: Limits) -> SourceDocument:
    """The reader for the file's format."""
    sha256 = hashlib.sha256(data).hexdigest()
    if suffix == ".pdf":
        return read_pdf(str(file), data, sha256, limits)
    if suffix == ".docx":
        return read_docx(str(file), data, sha256, limits)
    if suffix == ".doc":
        return read_doc(str(file), data, sha256, limits)
    if suffix in HTML_SUFFIXES:
        return read_html(str(file), data, sha256, limits)
    if suffix in IMAGE_SUFFIXES:  # a scanned page saved as an image: OCR, as a PDF scan's
        return read_image(str(file), data, sha256, limits)
    return read_text(str(file), data, sha256, "md" if suffix in {".md", ".markdown"} else "txt")


def iter_folder(
    folder: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS
) -> Iterator[SourceDocument | IngestError]:
    """Every supported file below `folder`, in path order; unusable ones as `IngestError`."""
    for file in iter_paths(folder):
        try:
            yield ingest(file, limits)
        except IngestError as error:
            yield error


def iter_paths(folder: str | os.PathLike[str], skipped: list[Path] | None = None
               ) -> Iterator[Path]:
    """Supported files below a folder, recursively, in path order (`a.txt`, `sub/b.txt`,
    `z.txt`); hidden files and folders skipped. A path that is not a folder is yielded as is.
    Files of a type no reader reads are added to `skipped` when it is given, so that a batch
    can say what it left out rather than leave it out silently."""
    root = Path(folder)
    if not root.is_dir():
        yield root
        return
    found: list[Path] = []
    others: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith("."):
                readable = Path(name).suffix.lower() in SUPPORTED_SUFFIXES
                (found if readable else others).append(Path(dirpath) / name)
    if skipped is not None:
        skipped.extend(sorted(others, key=lambda path: path.relative_to(root).parts))
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


__all__ = ["DEFAULT_LIMITS", "Limits", "human_size", "ingest", "iter_folder", "iter_paths"]
