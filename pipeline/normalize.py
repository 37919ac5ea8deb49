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
import threading
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

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


def _toned(vowel: str) -> str:
    return "".join(_with_tone(v, tone) for v in (vowel, vowel.upper()) for tone in _TONES)


# The second vowel of an open syllable ending in oa/oe/uy with the tone on it (`hoà`, `thuỷ`).
# The pattern starts with the toned vowel, a character class the regex engine skips ahead to;
# `tone_mark_traditional` then checks the pair (`_TONE_MOVES`) and that no `q` leads it (`quý`).
_TONED_SECOND = re.compile(
    "[" + _toned("a") + _toned("e") + _toned("y") + "](?<=[oOuU].)(?![" + _VIET_LETTER + "])"
)


def tone_mark_traditional(text: str) -> str:
    """Move tone marks of open `oa`/`oe`/`uy` syllables to the first vowel. Length-preserving
    on NFC input.

    >>> tone_mark_traditional("Hoà bình, thuỷ lợi, quý, hoàn")
    'Hòa bình, thủy lợi, quý, hoàn'
    """
    pieces: list[str] = []
    written = 0
    for match in _TONED_SECOND.finditer(text):
        second = match.start()
        moved = _TONE_MOVES.get(text[second - 1:second + 1])
        if moved is None or (second > 1 and text[second - 2] in "qQ"):
            continue  # `uá` (not a pair we move), `uỶ` (mixed case), `quý`
        pieces += (text[written:second - 1], moved)
        written = second + 1
    if not pieces:
        return text
    pieces.append(text[written:])
    return "".join(pieces)


def nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """The match key: NFC, traditional tone marks, lower case.

    >>> fold("UỶ BAN") == fold("Ủy ban")
    True
    """
    # `İ`.lower() is two characters: the one case where lowering would change the length
    return tone_mark_traditional(nfc(text).replace("İ", "i").lower())


_MARKS = re.compile("[\u0300-\u036f]")


def strip_diacritics(text: str) -> str:
    """`tổ chức` → `to chuc`, `Đảng` → `Dang` (for diacritic-insensitive search)."""
    decomposed = unicodedata.normalize("NFD", text)
    return _MARKS.sub("", decomposed).replace("đ", "d").replace("Đ", "D")


def _base_letter(char: str) -> str:
    """`ộ` → `o`, `đ` → `d`: one character for one, so offsets hold."""
    if char in "đĐ":
        return "d" if char == "đ" else "D"
    base = unicodedata.normalize("NFD", char)[:1]
    return base if base.isalpha() else char


# Latin-1 to Latin Extended Additional: every precomposed Vietnamese letter
_BARE = {code: _base_letter(chr(code)) for code in range(0xC0, 0x1F00)
         if _base_letter(chr(code)) != chr(code)}


def bare_letters(text: str) -> str:
    """`text` without its tone and vowel marks, character for character (`thương bình` and the
    OCR's `thương binh` give the same string): a diacritic-blind key whose offsets are the
    text's, for text the OCR misread (`strip_diacritics` may change the length)."""
    return text.translate(_BARE)


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Drop the control characters XML 1.0 cannot carry (a PDF's form feed, a stray NUL): for
    XLSX, DOCX, GraphML and GEXF."""
    return _XML_INVALID.sub("", text)


def search_key(text: str) -> str:
    """What full-text search indexes and queries with: folded, diacritics removed."""
    return strip_diacritics(fold(text))


def task_search_text(text: str) -> str:
    """What the tasks' full-text index holds: the folded words with their diacritics, then the
    same words without (the index keeps diacritics): a query typed with diacritics matches them
    exactly (`đảng` is not `dạng`), one typed without finds every spelling."""
    folded = fold(text)
    return f"{folded}\n{strip_diacritics(folded)}"


@dataclass(frozen=True)
class TextView:
    """A text derived from an original, with the offsets of each run back into the original.

    `starts[k]` is where run k starts in this text and `origins[k]` where it starts in the
    original; inside a run offsets advance together. A *synthetic* run (`synthetic[k]`, e.g. a
    space standing for a deleted line break) stands for no character of the original: it maps to
    a position between original characters, so a span ending with it ends at that position.
    """

    text: str
    starts: tuple[int, ...]
    origins: tuple[int, ...]
    original: str
    synthetic: tuple[bool, ...] = ()  # per run; empty: no run is synthetic

    @classmethod
    def identity(cls, text: str) -> TextView:
        return cls(text, (0,), (0,), text)

    def _is_identity(self) -> bool:
        return (self.starts == (0,) and self.origins == (0,) and not self.synthetic
                and len(self.text) == len(self.original))

    def _run_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def is_synthetic(self, offset: int) -> bool:
        """True if the character at `offset` was inserted and has no original character."""
        return bool(self.synthetic) and self.synthetic[self._run_of(offset)]

    def to_original(self, offset: int) -> int:
        """Map an offset of this view to the original; `len(view)` maps to the end of the last run."""
        if offset >= len(self.text):
            return self._after(len(self.text) - 1) if self.text else 0
        k = self._run_of(offset)
        return self.origins[k] + (offset - self.starts[k])

    def _after(self, offset: int) -> int:
        """The original position just after the character at `offset`."""
        at = self.to_original(offset)
        return at if self.is_synthetic(offset) else at + 1

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        original_start = self.to_original(start)
        if end <= start:
            return original_start, original_start
        original_end = self._after(end - 1)
        while 0 < original_end < len(self.original) and unicodedata.combining(
            self.original[original_end]
        ) and not self.is_synthetic(end - 1):
            original_end += 1  # the rest of a decomposed cluster
        return original_start, max(original_end, original_start)

    def compose(self, inner: TextView) -> TextView:
        """`inner` is a view of this view's text; the result maps straight to our original."""
        if self._is_identity():
            return TextView(inner.text, inner.starts, inner.origins, self.original, inner.synthetic)
        starts: list[int] = []
        origins: list[int] = []
        synthetic: list[bool] = []
        for k, run_start in enumerate(inner.starts):
            run_end = inner.starts[k + 1] if k + 1 < len(inner.starts) else len(inner.text)
            offset, here = run_start, inner.origins[k]
            if inner.synthetic and inner.synthetic[k]:  # new text: maps to a position only
                at = self.to_original(here) if here < len(self.text) else len(self.original)
                for position in range(offset, run_end):
                    starts.append(position)
                    origins.append(at)
                    synthetic.append(True)
                continue
            while offset < run_end:  # split the inner run where our runs change
                j = self._run_of(here)
                ours_end = self.starts[j + 1] if j + 1 < len(self.starts) else len(self.text)
                length = min(run_end - offset, max(ours_end - here, 1))
                starts.append(offset)
                origins.append(self.origins[j] + (here - self.starts[j]))
                synthetic.append(bool(self.synthetic) and self.synthetic[j])
                offset += length
                here += length
        return TextView(inner.text, tuple(starts) or (0,), tuple(origins) or (0,), self.original,
                        tuple(synthetic) if any(synthetic) else ())


class ViewBuilder:
    """Build a `TextView` by appending pieces of the original (kept), replacements of original
    pieces (substituted) or new text that stands for no original character (inserted)."""

    def __init__(self, original: str) -> None:
        self._original = original
        self._parts: list[str] = []
        self._starts: list[int] = []
        self._origins: list[int] = []
        self._synthetic: list[bool] = []
        self._length = 0

    def keep(self, start: int, end: int) -> None:
        if end <= start:
            return
        self._run(self._original[start:end], start)

    def insert(self, text: str, at_original: int) -> None:
        """New text (e.g. a space for a deleted line break) placed at `at_original`; it covers no
        original character, so a span ending with it ends at `at_original`."""
        if text:
            self._run(text, at_original, fixed=True, synthetic=True)

    def substitute(self, text: str, at_original: int) -> None:
        """Text replacing the original characters from `at_original` (an NFC-composed cluster):
        every character maps to `at_original`."""
        if text:
            self._run(text, at_original, fixed=True)

    @property
    def last_origin(self) -> int:
        """The original offset just after the last piece written (where a break belongs)."""
        if not self._parts:
            return 0
        width = 0 if self._synthetic[-1] else len(self._parts[-1])
        return self._origins[-1] + width

    def _run(self, piece: str, origin: int, fixed: bool = False, synthetic: bool = False) -> None:
        if fixed:  # every char of the piece maps to the same original offset
            for ch in piece:
                self._starts.append(self._length)
                self._origins.append(origin)
                self._synthetic.append(synthetic)
                self._parts.append(ch)
                self._length += 1
            return
        self._starts.append(self._length)
        self._origins.append(origin)
        self._synthetic.append(synthetic)
        self._parts.append(piece)
        self._length += len(piece)

    def build(self) -> TextView:
        return TextView("".join(self._parts), tuple(self._starts) or (0,),
                        tuple(self._origins) or (0,), self._original,
                        tuple(self._synthetic) if any(self._synthetic) else ())


_COMBINING_RUN = re.compile("[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def nfc_view(original: str) -> TextView:
    """NFC-compose the original, mapping each composed character back to its cluster.

    Only clusters that carry combining marks are touched; the text between them is kept as
    whole runs. If that does not give NFC (a composition without combining marks), every
    cluster is handled one by one.

    A text typed with separate Vietnamese tone marks is composed cluster by cluster first:
    the result is canonically equivalent to the original, so if it is NFC it *is* the
    original's NFC (and the original was NFC if nothing changed); checking that is cheap,
    normalizing the whole text to compare is not."""
    view = None
    if any(mark in original for mark in _TONES):
        view = _nfc_view_by_marks(original)
        if unicodedata.is_normalized("NFC", view.text):
            return TextView.identity(original) if view.text == original else view
    composed = unicodedata.normalize("NFC", original)  # the one whole-text normalization
    if composed == original:
        return TextView.identity(original)
    if view is None:
        view = _nfc_view_by_marks(original)
    if view.text == composed:
        return view
    return _nfc_view_by_cluster(original)


def _nfc_view_by_marks(original: str) -> TextView:
    """Each run of combining marks composed with the character before it."""
    builder = ViewBuilder(original)
    position = 0
    for marks in _COMBINING_RUN.finditer(original):
        cluster_start = max(position, marks.start() - 1)
        builder.keep(position, cluster_start)
        _compose_cluster(builder, original, cluster_start, marks.end())
        position = marks.end()
    builder.keep(position, len(original))
    return builder.build()


def _nfc_view_by_cluster(original: str) -> TextView:
    builder = ViewBuilder(original)
    cluster_start = 0
    for i in range(1, len(original) + 1):
        if i < len(original) and unicodedata.combining(original[i]):
            continue
        _compose_cluster(builder, original, cluster_start, i)
        cluster_start = i
    return builder.build()


def _compose_cluster(builder: ViewBuilder, original: str, start: int, end: int) -> None:
    cluster = original[start:end]
    composed = unicodedata.normalize("NFC", cluster)
    if composed == cluster:
        builder.keep(start, end)
    else:
        _substitute_cluster(builder, composed, cluster, start)


def _substitute_cluster(builder: ViewBuilder, composed: str, cluster: str, at: int) -> None:
    """The composed letter maps to the cluster's start; a mark left over by NFC (`ạ` + grave)
    maps to where it is in the original cluster."""
    builder.substitute(composed[0], at)
    found = 0
    for ch in composed[1:]:
        position = cluster.find(ch, found + 1)
        if position < 0:
            builder.substitute(ch, at)
            continue
        builder.substitute(ch, at + position)
        found = position


def join_lines(lines: Iterable[str]) -> str:
    return " ".join(part.strip() for part in lines if part.strip())


WHITESPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Collapse runs of whitespace and markup stars, strip: for displayed values."""
    return WHITESPACE.sub(" ", text.replace("*", " ")).strip()


_FOLDED = threading.local()  # per thread: Dask workers may extract in several threads at once


def folded_text(text: str) -> str:
    """`fold(text)` of a whole document, computed once however many stages ask (the last text
    folded in this thread is kept)."""
    last: tuple[str, str] | None = getattr(_FOLDED, "last", None)
    if last is not None and last[0] is text:
        return last[1]
    result = fold(text)
    _FOLDED.last = (text, result)
    return result


def trie_pattern(words: list[str]) -> str:
    """A regex alternation of literal words written as a trie (`kế (?:hoạch|t luận)`): the
    regex engine tries far fewer branches at each position than with a flat alternation."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_node(tree)


def _trie_node(node: dict[str, Any]) -> str:
    branches = [re.escape(ch) + _trie_node(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body
