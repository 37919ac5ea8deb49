"""The limits every reader checks before it trusts a file (size, pages, expansion), and the one
the stages need: how much text a document may have (`max_chars`, checked by `ingest` before any
stage runs)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 64 * 1024 * 1024
    max_docx_uncompressed: int = 256 * 1024 * 1024
    max_docx_ratio: int = 150
    max_pdf_pages: int = 3000
    min_chars_per_page: int = 20  # below this on average, a PDF has no usable text layer
    # The stages' time grows faster than the text (the seed repeated: 0.55 M characters 2.8 s,
    # 2.2 M 24 s): 4 M characters (about 2,000 pages, ten times the longest real document seen)
    # keeps one document near a minute.
    max_chars: int = 4_000_000


DEFAULT_LIMITS = Limits()


def human_size(size: int) -> str:
    """`812 bytes`, `204 kB`, `67 MB`: for messages."""
    if size < 10_000:
        return f"{size:,} bytes"
    if size < 10_000_000:
        return f"{size / 1e3:,.0f} kB"
    return f"{size / 1e6:,.0f} MB"
