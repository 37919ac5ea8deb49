"""Gazetteer phrases found in folded text without loading spaCy at run time.

The packaged pipeline (`models/vndoc-bodies`, built by `python -m pipeline train`) is a spaCy
tokenizer and an EntityRuler of phrase patterns. Importing spaCy and loading that pipeline cost
about 0.6 s of every run, for what is a dictionary look-up over tokens. `PhraseMatcher` reads the
same patterns (the model's `entity_ruler/patterns.jsonl`, or the gazetteer's when no model is
packaged), splits text into tokens the way spaCy's multi-language tokenizer splits Vietnamese
(whitespace, then punctuation off syllables; `benchmarks/compare_phrases.py` checks the spans
are identical to spaCy's on the corpora) and keeps the longest match first, as the
EntityRuler does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from .normalize import bare_letters

_ORTH = 65  # spaCy's attribute id of a token's text, the key of a special case's pieces

@dataclass(frozen=True)
class Phrase:
    """One gazetteer phrase found in the text (character offsets of the folded text)."""

    start: int
    end: int
    label: str  # BODY or PLACE
    ids: str  # the pattern's id(s), several joined by `|`


_CHUNK = re.compile(r"\S+|\s+")
_WORD = re.compile(r"\S*")
_NEVER = re.compile("a^")
_BARE_TOKENS = 3  # the fewest tokens a phrase matched without its marks has
_MEMO_SIZE = 200_000  # words whose split is remembered (a few MB)


class Tokenizer:
    """spaCy's tokenizer algorithm (`Tokenizer.explain` in spaCy's source, the documented
    pure-Python statement of it) over the rules a packaged pipeline saved: whitespace, then
    prefixes, suffixes, special cases, URLs and infixes. Only token boundaries are kept. A
    word's split is remembered: Vietnamese text repeats a few thousand syllables."""

    def __init__(self, rules: dict[Any, Any]) -> None:
        def compiled(key: str) -> re.Pattern[str]:
            return re.compile(rules[key]) if rules.get(key) else _NEVER

        self._prefix = compiled("prefix_search").search
        self._suffix = compiled("suffix_search").search
        self._infix = compiled("infix_finditer").finditer
        self._token = compiled("token_match").match
        self._url = compiled("url_match").match
        self._special = {orth: [piece[_ORTH] for piece in pieces]
                         for orth, pieces in rules.get("exceptions", {}).items()}
        self._memo: dict[str, tuple[int, ...]] = {}

    def __call__(self, text: str) -> list[tuple[int, int]]:
        """The tokens of `text` as (start, end) offsets; whitespace other than one space between
        two words is a token of its own, as in spaCy (a phrase never spans a line break)."""
        spans: list[tuple[int, int]] = []
        for chunk in _CHUNK.finditer(text):
            word, base = chunk.group(), chunk.start()
            if word.isspace():
                if word != " ":
                    spans.append(chunk.span())
                continue
            cuts = self.word(word)
            spans.extend((base + a, base + b) for a, b in pairwise(cuts))
        return spans

    def word(self, word: str) -> tuple[int, ...]:
        """The remembered token boundaries of one whitespace-free word."""
        cuts = self._memo.get(word)
        if cuts is None:
            if len(self._memo) > _MEMO_SIZE:
                self._memo.clear()
            cuts = self._memo[word] = self._cuts(word)
        return cuts

    def _cuts(self, word: str) -> tuple[int, ...]:
        """Token boundaries inside one whitespace-free word, from 0 to len(word)."""
        pieces = [len(piece) for piece in self._pieces(word)]
        return tuple(sum(pieces[:i]) for i in range(len(pieces) + 1))

    def _pieces(self, substring: str) -> list[str]:
        tokens: list[str] = []
        suffixes: list[str] = []
        special, prefix, suffix = self._special, self._prefix, self._suffix
        while substring:
            if substring in special:
                tokens.extend(special[substring])
                substring = ""
                continue
            while prefix(substring) or suffix(substring):
                if self._token(substring):
                    tokens.append(substring)
                    substring = ""
                    break
                if substring in special:
                    tokens.extend(special[substring])
                    substring = ""
                    break
                found = prefix(substring)
                if found:
                    if found.end() == 0:
                        break
                    tokens.append(substring[:found.end()])
                    substring = substring[found.end():]
                    if substring in special:
                        continue
                found = suffix(substring)
                if found:
                    if found.start() == len(substring):
                        break
                    suffixes.append(substring[found.start():])
                    substring = substring[:found.start()]
            if substring:
                tokens.extend(self._rest(substring))
                substring = ""
        tokens.extend(reversed(suffixes))
        return tokens

    def _rest(self, substring: str) -> list[str]:
        """What is left of a word once its affixes are off: one token, a special case, or
        pieces around its infixes."""
        if self._token(substring) or self._url(substring):
            return [substring]
        if substring in self._special:
            return list(self._special[substring])
        tokens, offset = [], 0
        for match in self._infix(substring):
            if offset == 0 and match.start() == 0:
                continue
            tokens += [t for t in (substring[offset:match.start()], match.group()) if t]
            offset = match.end()
        if substring[offset:]:
            tokens.append(substring[offset:])
        return tokens


class _Node:
    """A trie node: the tokens that may follow, and the patterns that end here."""

    __slots__ = ("children", "ends")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.ends: list[tuple[str, str]] = []


class PhraseMatcher:
    """Longest-first matching of token sequences against a fixed set of patterns."""

    def __init__(self, patterns: Iterable[dict[str, Any]], tokenizer: Tokenizer) -> None:
        self._tokens = tokenizer
        self._root = _Node()
        self._patterns = list(patterns)
        self._bare: PhraseMatcher | None = None
        self._written: dict[str, list[list[str]]] = {}  # a bare phrase → its phrases' words
        for pattern in self._patterns:
            text = pattern["pattern"]
            node = self._root
            for a, b in tokenizer(text):
                node = node.children.setdefault(text[a:b], _Node())
            if node is not self._root:
                node.ends.append((pattern["label"], pattern["id"]))
        # where a phrase may start: one of the first words, not right after a letter (a
        # token starts after whitespace, punctuation or a digit)
        firsts = sorted(self._root.children, key=lambda w: (-len(w), w))
        alternatives = "|".join(map(re.escape, firsts))
        self._first = re.compile(rf"(?<![^\W\d_])(?:{alternatives})" if firsts else "a^")

    def __call__(self, folded: str) -> list[Phrase]:
        """Phrases in `folded`, non-overlapping, in text order. Of overlapping matches the
        longest wins, then the earliest (the EntityRuler's order). Only places where a
        pattern's first word occurs are tokenized, and only as far as a pattern goes."""
        found: list[tuple[int, int, int, str, str]] = []
        for candidate in self._first.finditer(folded):
            found.extend(self._walk(folded, candidate.start()))
        return [Phrase(start, end, label, ids)
                for start, end, _, label, ids in _longest_first(found)]

    def misread(self, folded: str) -> list[Phrase]:
        """Phrases whose marks the OCR misread (`Thương bình`, `thành phó`): found on the bare
        letters (`bare_letters`), kept where the text's first word is the phrase's own and at
        most one other word differs in its marks (`số y tế` is a digital health service, not
        `sở y tế`). Only phrases of at least `_BARE_TOKENS` tokens whose bare form names one
        body are tried; the matcher is built on first use."""
        bare = bare_letters(folded)  # character for character: the phrases' offsets hold
        kept = []
        for phrase in self._bare_matcher()(bare):
            words = folded[phrase.start:phrase.end].split()
            written = self._written.get(" ".join(bare[phrase.start:phrase.end].split()), [])
            if any(len(w) == len(words) and w[0] == words[0]
                   and sum(a != b for a, b in zip(w, words, strict=True)) <= 1 for w in written):
                kept.append(phrase)
        return kept

    def _bare_matcher(self) -> PhraseMatcher:
        if self._bare is None:
            ids: dict[str, set[tuple[str, str]]] = {}
            for pattern in self._patterns:
                if len(self._tokens(pattern["pattern"])) >= _BARE_TOKENS:
                    key = bare_letters(pattern["pattern"])
                    ids.setdefault(key, set()).add((pattern["label"], pattern["id"]))
                    self._written.setdefault(" ".join(key.split()), []).append(
                        pattern["pattern"].split())
            self._bare = PhraseMatcher(
                [{"pattern": key, "label": label, "id": body}
                 for key, found in ids.items() if len(found) == 1
                 for label, body in found], self._tokens)
        return self._bare

    def _walk(self, text: str, position: int) -> list[tuple[int, int, int, str, str]]:
        """The patterns that start with the token at `position` (none if no token starts
        there: `tỉnh` inside `ubnd.tỉnh`), following the trie token by token."""
        base = position
        while base > 0 and not text[base - 1].isspace():
            base -= 1
        end = _WORD.match(text, position).end()  # type: ignore[union-attr]
        cuts = self._tokens.word(text[base:end])
        if position - base not in cuts[:-1]:
            return []
        k = cuts.index(position - base)
        node, count = self._root, 0
        found: list[tuple[int, int, int, str, str]] = []
        while True:
            child = node.children.get(text[base + cuts[k]:base + cuts[k + 1]])
            if child is None:
                return found
            node, count, k = child, count + 1, k + 1
            found.extend((position, base + cuts[k], count, label, ids) for label, ids in node.ends)
            if k == len(cuts) - 1:  # the word is done: on to the next, across one space
                if text[end:end + 1] != " " or not text[end + 1:end + 2].strip():
                    return found
                base = end + 1
                end = _WORD.match(text, base).end()  # type: ignore[union-attr]
                cuts, k = self._tokens.word(text[base:end]), 0


def _longest_first(found: list[tuple[int, int, int, str, str]]
                   ) -> list[tuple[int, int, int, str, str]]:
    """Greedy choice of non-overlapping spans, most tokens first, then leftmost."""
    kept: list[tuple[int, int, int, str, str]] = []
    for match in sorted(found, key=lambda m: (-m[2], m[0])):
        if not any(k[0] < match[1] and match[0] < k[1] for k in kept):
            kept.append(match)
    return sorted(kept)


def load_matcher(model_dir: Path) -> PhraseMatcher | None:
    """The packaged pipeline's tokenizer rules and phrase patterns as a matcher, or None where
    no pipeline is packaged there."""
    rules_path = model_dir / "tokenizer"
    patterns_path = model_dir / "entity_ruler" / "patterns.jsonl"
    if not all(p.exists() for p in (model_dir / "config.cfg", rules_path, patterns_path)):
        return None
    import msgpack  # spaCy's own serialisation format (through srsly), without spaCy

    rules = msgpack.unpackb(rules_path.read_bytes(), raw=False, strict_map_key=False)
    with patterns_path.open(encoding="utf-8") as handle:
        patterns = [json.loads(line) for line in handle if line.strip()]
    return PhraseMatcher(patterns, Tokenizer(rules))
