"""Lines of a text with their offsets: the unit the outline, metadata and tasks read."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from itertools import accumulate, compress, repeat
from operator import add, sub
from typing import NamedTuple


class Line(NamedTuple):
    """A non-empty line, stripped, and where it is in its text."""

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
    """Each step over every line of the text at once (C-level `map`s): the line's start, its
    leading blanks, its stripped text and its end; the lines left empty are dropped."""
    raws = text.split("\n")
    starts = accumulate(map(add, map(len, raws), repeat(1)), initial=0)
    stripped = list(map(str.strip, raws))
    leading = map(sub, map(len, raws), map(len, map(str.lstrip, raws)))
    firsts = list(map(add, starts, leading))
    ends = map(add, firsts, map(len, stripped))
    # `tuple.__new__(Line, fields)` is `Line(*fields)` without a Python-level call
    return list(map(tuple.__new__, repeat(Line), compress(zip(firsts, ends, stripped, strict=False),
                                                          stripped)))
