"""The limits every reader checks before it trusts a file (size, pages, expansion)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 64 * 1024 * 1024
    max_docx_uncompressed: int = 256 * 1024 * 1024
    max_docx_ratio: int = 150
    max_pdf_pages: int = 3000
    min_chars_per_page: int = 20  # below this on average, a PDF has no usable text layer


DEFAULT_LIMITS = Limits()


def human_size(size: int) -> str:
    """`812 bytes`, `204 kB`, `67 MB`: for messages."""
    if size < 10_000:
        return f"{size:,} bytes"
    if size < 10_000_000:
        return f"{size / 1e3:,.0f} kB"
    return f"{size / 1e6:,.0f} MB"
