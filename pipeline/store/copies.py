"""One document in several files: which stored document a new file is a copy of, and which of
the two reads better. Pure functions over texts and rows; `store.db` applies them.

Offices publish the same plan as a PDF and a DOCX, a signed scan and its draft, a `.doc` and its
`.docx`. Counted twice, every figure of "tasks implementing X" goes up. Two files are one
document when nothing identifies them apart (their symbols, dates and kinds agree where both have
one) and their texts are near-identical: most word pairs of the shorter are in the longer
(`MIN_SHARED`), and neither has a passage the other lacks: more than `MAX_RUN` word triples in a
row absent from the other. Measured on the four pairs of the dev corpus (PDF/TXT, signed
PDF/DOCX, .doc/.docx twice): pairs shared 0.88–0.99, longest passage 2–14 triples (OCR noise,
tables laid out differently); on eight pairs of different plans of one office: shared 0.20–0.35,
longest passage 47–251. A version that adds or rewrites a task with words of its own is a
passage and stays apart; one that changes a few words is the same document.

Without a symbol on both sides the identity cannot vouch for the pair, and one office's plans
cut from one template come close (two Lào Cai plans, KH 2242 and KH 3898, whose numbers the
header reader missed: shared 0.84, passages of 17 triples). Such files are one document only
when they are the same text read twice (`STRICT_SHARED`, `STRICT_RUN`: the .doc/.docx pair
without a number, 0.99 and 2, is; an unnumbered draft and its signed copy, 0.88, are not).

A file may also hold only a part of a stored document: an appendix published alone beside the
resolution that carries it (03/NQ-CP's task appendix II, 9,181 words, all of them in the
resolution's 18,350; its appendix I, 1,588). Counted as a document of its own, each task of the
appendix came twice in "tasks implementing 57-NQ/TW". Such a file is a `part` of the stored
document when its text is `contained` in it (as near-identical as a copy, but one way only), is
at least `MIN_PART_WORDS` long and has no number nor date of its own; the sketch keeps, besides
its `SKETCH` smallest hashes, every hash that is a multiple of `SAMPLE_EVERY`, the same runs for
a part and for the whole that holds it (a bottom-k sketch of an appendix shares 4 of 64 hashes
with its resolution's).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from ..normalize import fold

MIN_SHARED = 0.8  # share of the shorter text's word pairs found in the other
MAX_RUN = 25  # word triples in a row of one text that the other does not have
STRICT_SHARED, STRICT_RUN = 0.95, 10  # the same, when no symbol vouches for the pair
SKETCH = 64  # word-pair hashes kept per document to find candidates
SAMPLE_EVERY = 32  # ... and every hash that is a multiple of it: the parts a document holds
MIN_PART_WORDS = 500  # a shorter text inside another is a quotation, not a part of it
MIN_PART_SAMPLES = 4  # sampled hashes shared, for a whole and a part to be compared at all
MIN_SKETCH_SHARED = 16  # of them shared, for a document to be compared at all
MAX_CANDIDATES = 8  # stored documents whose text a new file is compared with, at most
PER_HASH = 64  # documents looked up per sketch hash (the latest stored)

# what each problem says about how well a file was read (more is worse)
_READING_COST = {"ocr": 3, "garbled-text": 3, "pages-without-text": 3, "not-utf8": 1,
                 "legacy-encoding": 1, "converted-doc": 1, "web-page": 1}
_FORMAT_RANK = {"docx": 3, "txt": 2, "md": 2, "pdf": 2, "html": 1, "doc": 1, "image": 1}


def words(text: str) -> list[str]:
    """Folded words: how copies read by different means (OCR, a converter) still compare."""
    return re.findall(r"\w+", fold(text).lower())


def pairs(text_words: list[str]) -> set[tuple[str, str]]:
    return set(pairwise(text_words))


def sketch(text: str) -> list[int]:
    """The `SKETCH` smallest hashes of the text's runs of four words (a bottom-k sketch): two
    near-identical texts share most of them, two different ones few; stored to find candidates
    without reading every text. Four words, not two: the phrases every directive has (the
    motto, `ủy ban nhân dân tỉnh`) are fewer, so fewer hashes match most of the store. In
    order, with the larger hashes that are multiples of `SAMPLE_EVERY` after them: the first
    `SKETCH` are the sketch, `sampled` picks the samples."""
    text_words = words(text)
    hashes = {_hash(text_words[i:i + 4]) for i in range(len(text_words) - 3)}
    ordered = sorted(hashes)
    return ordered[:SKETCH] + sampled(ordered[SKETCH:])


def _hash(run: list[str]) -> int:
    digest = hashlib.blake2b(" ".join(run).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def sampled(hashes: list[int]) -> list[int]:
    """The hashes of a `sketch` that are multiples of `SAMPLE_EVERY` (stored in `samples`)."""
    return [h for h in hashes if h % SAMPLE_EVERY == 0]


def may_be_part(symbol: str | None, date: str | None) -> bool:
    """A part of a document has no identity of its own: neither number nor date."""
    return not (symbol or date)


def near_identical(text: str, other: str, strict: bool = False) -> float | None:
    """The share of word pairs the two texts have in common (of the shorter's), if they are
    near-identical (`strict`: the same text read twice); None if they are not."""
    least, longest = (STRICT_SHARED, STRICT_RUN) if strict else (MIN_SHARED, MAX_RUN)
    first, second = words(text), words(other)
    first_pairs, second_pairs = pairs(first), pairs(second)
    if not first_pairs or not second_pairs:
        return None
    shared = len(first_pairs & second_pairs) / min(len(first_pairs), len(second_pairs))
    if shared < least:
        return None
    if _longest_missing(first, second) > longest or _longest_missing(second, first) > longest:
        return None
    return round(shared, 3)


def contained(part: str, whole: str, strict: bool = False) -> float | None:
    """The share of `part`'s word pairs found in `whole`, if `part` is a part of it: as near
    as a copy one way (no passage of its own), at least `MIN_PART_WORDS` long, and `whole`
    longer by a passage of its own (else the two are copies); None otherwise."""
    least, longest = (STRICT_SHARED, STRICT_RUN) if strict else (MIN_SHARED, MAX_RUN)
    part_words, whole_words = words(part), words(whole)
    if len(part_words) < MIN_PART_WORDS or len(whole_words) <= len(part_words):
        return None
    part_pairs = pairs(part_words)
    shared = len(part_pairs & pairs(whole_words)) / len(part_pairs)
    if shared < least or _longest_missing(part_words, whole_words) > longest:
        return None
    if _longest_missing(whole_words, part_words) <= longest:
        return None
    return round(shared, 3)


def _longest_missing(text_words: list[str], other_words: list[str]) -> int:
    """The most word triples in a row of one text that the other lacks: a passage of its own,
    as opposed to a misread word here and there (which breaks three triples)."""
    other = set(zip(other_words, other_words[1:], other_words[2:], strict=False))
    longest = run = 0
    for triple in zip(text_words, text_words[1:], text_words[2:], strict=False):
        run = 0 if triple in other else run + 1
        longest = max(longest, run)
    return longest


def compatible(one: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    """Nothing identifies the two apart: symbol, date and kind agree wherever both have one."""
    return all(not one.get(key) or not other.get(key) or one[key] == other[key]
               for key in ("symbol", "date", "kind"))


@dataclass(frozen=True)
class Reading:
    """How well a file was read, to choose which copy is the document's text: first the one
    that identifies it (a signed copy has the number a draft left blank), then the one read with
    fewer doubts, then the format that keeps most structure, then the first path."""

    path: str
    format: str
    symbol: str | None
    date: str | None
    problems: frozenset[str]

    def key(self) -> tuple[int, int, int, int]:
        cost = sum(_READING_COST.get(code, 0) for code in self.problems)
        return (bool(self.symbol), bool(self.date), -cost, _FORMAT_RANK.get(self.format, 0))


def reads_better(new: Reading, stored: Reading) -> bool:
    """Whether the new file should be the document's text in place of the stored one."""
    if new.key() != stored.key():
        return new.key() > stored.key()
    return new.path < stored.path
