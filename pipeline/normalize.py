"""Text normalization that never loses the way back to the original.

Two tools:

* `fold(text)` gives the *match key* of a text: NFC, one tone-mark convention (the traditional
  one: `hòa`, `thủy`, `khỏe`), lower case. It keeps the length of NFC input, so an offset into
  the key is an offset into the text. `fold("Uỷ ban") == fold("Ủy ban") == "ủy ban"`.
* `TextView` is a derived text (markup removed, NFD composed, ...) with a map from its offsets back
  to the original: `view.to_original(i)`.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

# Tone marks as combining characters.
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below


def _with_tone(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


def _build_tone_moves() -> dict[str, str]:
    """`oà` → `òa`, `uỷ` → `ủy`, `oẻ` → `ỏe` (open syllables only; the regex checks that)."""
    moves: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in _TONES:
            for f, s in ((first, second), (first.upper(), second.upper()), (first.upper(), second)):
                moves[f + _with_tone(s, tone)] = _with_tone(f, tone) + s
    return moves


_TONE_MOVES = _build_tone_moves()
_VIET_LETTER = "a-zA-Z\u00c0-\u024f\u1e00-\u1eff"
# An open syllable ending in oa/oe/uy with the tone on the second vowel; not after q (quý).
_NEW_STYLE = re.compile(
    "(?<![qQ])("
    + "|".join(sorted(_TONE_MOVES, key=len, reverse=True))
    + ")(?![" + _VIET_LETTER + "])"
)
_NEW_STYLE_PAIR = re.compile("|".join(_TONE_MOVES))


def _move_tone(match: re.Match[str]) -> str:
    return _TONE_MOVES[match.group(1)]


def tone_mark_traditional(text: str) -> str:
    """Move tone marks of open `oa`/`oe`/`uy` syllables to the first vowel. Length-preserving
    on NFC input.

    >>> tone_mark_traditional("Hoà bình, thuỷ lợi, quý, hoàn")
    'Hòa bình, thủy lợi, quý, hoàn'
    """
    if not _NEW_STYLE_PAIR.search(text):
        return text
    return _NEW_STYLE.sub(_move_tone, text)


def nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """The match key: NFC, traditional tone marks, lower case.

    >>> fold("UỶ BAN") == fold("Ủy ban")
    True
    """
    return tone_mark_traditional(nfc(text)).lower()


_MARKS = re.compile("[\u0300-\u036f]")


def strip_diacritics(text: str) -> str:
    """`tổ chức` → `to chuc`, `Đảng` → `Dang` (for diacritic-insensitive search)."""
    decomposed = unicodedata.normalize("NFD", text)
    return _MARKS.sub("", decomposed).replace("đ", "d").replace("Đ", "D")


@dataclass(frozen=True)
class TextView:
    """A text derived from an original, with the offsets of each run back into the original.

    `starts[k]` is where run k starts in this text and `origins[k]` where it starts in the
    original; inside a run offsets advance together.
    """

    text: str
    starts: tuple[int, ...]
    origins: tuple[int, ...]
    original: str

    @classmethod
    def identity(cls, text: str) -> TextView:
        return cls(text, (0,), (0,), text)

    def to_original(self, offset: int) -> int:
        """Map an offset of this view to the original; `len(view)` maps to the end of the last run."""
        if offset >= len(self.text):
            if not self.text:
                return 0
            return self.to_original(len(self.text) - 1) + 1
        k = bisect_right(self.starts, offset) - 1
        return self.origins[k] + (offset - self.starts[k])

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            at = self.to_original(start)
            return at, at
        original_end = self.to_original(end - 1) + 1
        while original_end < len(self.original) and unicodedata.combining(
            self.original[original_end]
        ):
            original_end += 1  # the rest of a decomposed cluster
        return self.to_original(start), original_end

    def compose(self, inner: TextView) -> TextView:
        """`inner` is a view of this view's text; the result maps straight to our original."""
        starts: list[int] = []
        origins: list[int] = []
        for k, run_start in enumerate(inner.starts):
            run_end = inner.starts[k + 1] if k + 1 < len(inner.starts) else len(inner.text)
            offset, here = run_start, inner.origins[k]
            while offset < run_end:  # split the inner run where our runs change
                j = bisect_right(self.starts, here) - 1
                ours_end = self.starts[j + 1] if j + 1 < len(self.starts) else len(self.text)
                length = min(run_end - offset, max(ours_end - here, 1))
                starts.append(offset)
                origins.append(self.origins[j] + (here - self.starts[j]))
                offset += length
                here += length
        return TextView(inner.text, tuple(starts) or (0,), tuple(origins) or (0,), self.original)


class ViewBuilder:
    """Build a `TextView` by appending pieces of the original (kept) or new text (replacements)."""

    def __init__(self, original: str) -> None:
        self._original = original
        self._parts: list[str] = []
        self._starts: list[int] = []
        self._origins: list[int] = []
        self._length = 0

    def keep(self, start: int, end: int) -> None:
        if end <= start:
            return
        self._run(self._original[start:end], start)

    def insert(self, text: str, at_original: int) -> None:
        """New text (e.g. a space for a deleted line break) that maps to `at_original`."""
        if text:
            self._run(text, at_original, fixed=True)

    def _run(self, piece: str, origin: int, fixed: bool = False) -> None:
        if fixed:  # every char of an inserted piece maps to the same original offset
            for ch in piece:
                self._starts.append(self._length)
                self._origins.append(origin)
                self._parts.append(ch)
                self._length += 1
            return
        self._starts.append(self._length)
        self._origins.append(origin)
        self._parts.append(piece)
        self._length += len(piece)

    def build(self) -> TextView:
        return TextView("".join(self._parts), tuple(self._starts) or (0,),
                        tuple(self._origins) or (0,), self._original)


def nfc_view(original: str) -> TextView:
    """NFC-compose the original, mapping each composed character back to its cluster."""
    if unicodedata.is_normalized("NFC", original):
        return TextView.identity(original)
    builder = ViewBuilder(original)
    cluster_start = 0
    for i in range(1, len(original) + 1):
        if i < len(original) and unicodedata.combining(original[i]):
            continue
        cluster = original[cluster_start:i]
        composed = unicodedata.normalize("NFC", cluster)
        if composed == cluster:
            builder.keep(cluster_start, i)
        else:
            builder.insert(composed, cluster_start)
        cluster_start = i
    return builder.build()


def join_lines(lines: Iterable[str]) -> str:
    return " ".join(part.strip() for part in lines if part.strip())


WHITESPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Collapse runs of whitespace and markup stars, strip: for displayed values."""
    return WHITESPACE.sub(" ", text.replace("*", " ")).strip()
