"""Lines of a text with their offsets: the unit the outline, metadata and tasks read."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str


_LINES = threading.local()  # per thread, like `normalize.folded_text`


def lines_of(text: str) -> list[Line]:
    """The non-empty lines of `text` with their offsets (cached for the last text seen in this
    thread)."""
    last: tuple[str, list[Line]] | None = getattr(_LINES, "last", None)
    if last is not None and last[0] is text:
        return last[1]
    lines = _lines_of(text)
    _LINES.last = (text, lines)
    return lines


def iter_lines(text: str, start: int = 0) -> Iterator[Line]:
    """The non-empty lines of `text` from offset `start` (a line boundary), built one at a time:
    for readers that stop after a few lines."""
    position = start
    while position <= len(text):
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        raw = text[position:end]
        stripped = raw.strip()
        if stripped:
            offset = position + raw.index(stripped[0])
            yield Line(offset, offset + len(stripped), stripped)
        position = end + 1


def _lines_of(text: str) -> list[Line]:
    out = []
    position = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            offset = position + raw.index(stripped[0])
            out.append(Line(offset, offset + len(stripped), stripped))
        position += len(raw) + 1
    return out
