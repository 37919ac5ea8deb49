"""Which passage of a higher document does a local task carry out (issue 16)?

A local plan restates, makes concrete or copies the demands of the document it implements. The
aligner ranks the higher document's passages (its sentences and `;` clauses: one demand each,
`store.alignments.passages`) for each local task, with six methods measured on gold
(`corpora/ALIGNMENT.md`, `evaluate --alignment`):

- `bm25`: lexical retrieval (BM25 over the `bm25s` library's index) over folded syllables and
  syllable pairs (a Vietnamese word is one to three syllables: pairs carry most compounds);
- `bm25-headings`: the same query plus the heading the task sits under (plans follow the higher
  text's headings: `1. Nâng cao nhận thức ...` above the task names the item it carries out);
- `reuse`: text reuse in the manner of passim: the share of the task's syllables inside word
  runs of `REUSE_N` or more syllables copied from the passage;
- `combined`: BM25 normalised by the query's best score, plus the reuse share (the heading's
  words added to the query measured worse on the tune pairs once headings were read as a map);
- `structure`: `combined` plus the vote of the task's siblings: a plan's section carries out one
  part of the higher text (its item `2.` follows the resolution's item `2.`), so the share of the
  section's tasks whose best passage lies in a part of the higher document raises every passage
  of that part for each of them (among the passages sharing words with the task);
- `outline`: `structure` plus the map of headings: a heading above the task that restates the
  heading of a part of the higher text (`1. Nâng cao nhận thức, ...` over the plan's items, the
  resolution's `III.1`; a task table's group row) raises that part's passages;
- `learned` (the default): the evidence of `outline` and two more signals weighed by a model
  fitted on the tune pairs' gold (`stages.ranker`), the top three kept from repeating each other.

Every match also says how much of the task's distinctive vocabulary the passage holds
(`coverage`, IDF-weighted, 0–1): below `ABSTAIN_BELOW` the task is taken to carry out the
document as a whole rather than a passage (no `carries_out` link, the ranking is still kept).
The reuse share classes a task as `verbatim`, `adapted` or `new`.

Pure functions over typed records: the store (`store.alignments`) feeds them and keeps the result.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain, pairwise, repeat
from typing import Any

import numpy as np

from ..normalize import fold
from .ranker import WINDOW, PassageRanker

METHODS = ("bm25", "bm25-headings", "reuse", "combined", "structure", "outline", "learned")
DEFAULT_METHOD = "learned"
TOP = 3  # passages kept per task and higher document
REUSE_N = 4  # a copied run is at least this many syllables (passim uses word 5-grams)
VERBATIM_AT = 0.6  # reuse share from which a task is the higher text copied
ADAPTED_AT = 0.15  # … from which it restates it (shared runs, not sentences)
ABSTAIN_BELOW = 0.25  # coverage under which no passage is claimed (0.81 precise on tune pairs)
REUSE_WEIGHT = 0.5  # weight of the reuse share in `combined`
SECTION_WEIGHT = 0.8  # weight of the sibling tasks' vote in `structure`
VOTES = 2  # each task votes for the parts of its two best passages, 1 and 1/2
HEADING_N = 3  # a heading restates a part's heading in runs of at least this many syllables
HEADING_SHARE = 0.6  # … covering this share of its syllables
HEADING_WEIGHT = 0.5  # the raise of the restated part's passages in `outline`
DIVERSE_AMONG = 20  # `learned`'s places 2 and 3 are chosen among the task's best 20
LIKENESS_KEPT = 128  # passages' likeness rows an index keeps (each as long as its passages)
BM25_K1, BM25_B = 1.5, 0.75  # the library's defaults (others measured no better on tune pairs)

_SYLLABLE = re.compile(r"[^\W_]+")
# Syllables too common in directives to say which passage a task carries out.
_STOP_WORDS = ("và các của những trong để với theo về cho là được có này đó một cần tại từ đến "
               "trên dưới khi đã sẽ như thì mà hoặc nhằm bảo đảm thực hiện triển khai tổ chức")
_STOP = frozenset(fold(_STOP_WORDS).split())


@dataclass(frozen=True)
class Passage:
    """A unit of a higher document a task can carry out."""

    id: str  # `doc@start`
    document_id: str
    kind: str  # "sentence" (a sentence or `;` clause)
    path: str | None  # the section it is in
    start: int
    end: int
    text: str
    heading: str = ""  # the heading of its section, for context
    parent: str = ""  # the higher document's task it lies in, else `doc#section`, else `doc`
    part_heading: str = ""  # the heading of the part it votes in (`part_of`)


@dataclass(frozen=True)
class LocalTask:
    id: str
    text: str
    headings: tuple[str, ...] = ()  # outermost first
    group: str | None = None  # the local section it sits in: its siblings vote (`structure`)


@dataclass(frozen=True)
class Match:
    passage: Passage
    rank: int  # 1-based, within the higher document
    score: float  # the method's score
    coverage: float  # IDF-weighted share of the task's terms the passage holds
    reuse: float  # share of the task's syllables in runs copied from the passage
    evidence: tuple[str, ...]  # the copied runs, else the rarest shared words

    @property
    def confident(self) -> bool:
        return self.coverage >= ABSTAIN_BELOW


def syllables(text: str) -> list[str]:
    """Folded syllables (diacritics kept: `đảng` is not `dạng`), digits kept."""
    return _SYLLABLE.findall(fold(text))


def terms(words: Sequence[str]) -> list[str]:
    """Index terms: content syllables and adjacent syllable pairs."""
    singles = [w for w in words if w not in _STOP and not w.isdigit()]
    pairs = [f"{a}_{b}" for a, b in pairwise(words)
             if not (a in _STOP and b in _STOP)]
    return singles + pairs


@lru_cache(maxsize=8192)
def _words_of(text: str) -> tuple[str, ...]:
    """A task's syllables, computed once however many higher documents it is aligned with."""
    return tuple(syllables(text))


@lru_cache(maxsize=8192)
def _terms_of(text: str) -> tuple[str, ...]:
    return tuple(terms(_words_of(text)))


@lru_cache(maxsize=8192)
def _gram_places(text: str) -> dict[str, list[int]]:
    """A task's runs of `REUSE_N` syllables (joined by spaces, as `PassageIndex._holding` keys
    them), each with where it starts (`PassageIndex._reuse`; not to be changed by the
    caller)."""
    words = _words_of(text)
    places: dict[str, list[int]] = {}
    for i in range(len(words) - REUSE_N + 1):
        places.setdefault(" ".join(words[i:i + REUSE_N]), []).append(i)
    return places


@lru_cache(maxsize=8192)
def _gram_masks(text: str) -> dict[str, int]:
    """Each of a task's runs of `REUSE_N` syllables (`_gram_places`) with the positions of
    the syllables it covers wherever it starts, as the bits of an int (`PassageIndex._reuse`
    unions them per passage with `|` instead of filling sets)."""
    run = (1 << REUSE_N) - 1
    found = {}
    for gram, places in _gram_places(text).items():
        mask = 0
        for place in places:
            mask |= run << place
        found[gram] = mask
    return found


@lru_cache(maxsize=8192)
def _query_of(text: str) -> tuple[tuple[str, ...], Any]:
    """A task's distinct terms, first seen first, and for each of its terms (`_terms_of`) the
    place of that term among them."""
    distinct: dict[str, int] = {}
    places = [distinct.setdefault(t, len(distinct)) for t in _terms_of(text)]
    return tuple(distinct), np.asarray(places, dtype=np.int64)


def reuse_class(share: float) -> str:
    return "verbatim" if share >= VERBATIM_AT else "adapted" if share >= ADAPTED_AT else "new"


class PassageIndex:
    """The passages of one higher document, indexed once and queried by every local task."""

    def __init__(self, passages: Sequence[Passage]) -> None:
        self.passages = list(passages)
        self._words = [syllables(p.text) for p in self.passages]
        self._terms = [terms([*_words_of(p.heading), *words])  # a heading is read once
                       for p, words in zip(self.passages, self._words, strict=True)]
        self._sets = [set(t) for t in self._terms]
        # n-gram (its syllables joined by spaces: a string keeps its hash) → passages with it
        self._holding: dict[str, list[int]] = defaultdict(list)
        for index, words in enumerate(self._words):
            # a run the passage repeats: the passage once (`dict.fromkeys`)
            for gram in dict.fromkeys(map(" ".join, zip(*(words[k:] for k in range(REUSE_N)),
                                                        strict=False))):
                self._holding[gram].append(index)
        df: Counter[str] = Counter(chain.from_iterable(self._sets))
        n = len(self.passages)
        self._idf = {t: math.log(1 + n / count) for t, count in df.items()}
        self._default_idf = math.log(1 + n)
        # BM25 from the terms' numbers (the same scores as from the terms, a term's number
        # aside): the library need not find the vocabulary again
        self._vocabulary = {term: n for n, term in enumerate(self._idf)}
        self._idf_values = np.asarray(list(self._idf.values()), dtype=np.float64)
        vocabulary = self._vocabulary
        if not all(self._terms):  # a passage without terms is indexed as `_`, as before
            vocabulary = {**vocabulary, "_": vocabulary.get("_", len(vocabulary))}
        import bm25s  # the index: only when something is aligned

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # not a line per index built
        self._bm25: Any = bm25s.BM25(k1=BM25_K1, b=BM25_B)
        self._bm25.index(([[vocabulary[t] for t in terms] if terms else [vocabulary["_"]]
                           for terms in self._terms], vocabulary), show_progress=False)
        names = [part_of(p.path) for p in self.passages]  # the part each passage votes in
        numbers = {name: n for n, name in enumerate(dict.fromkeys(x for x in names if x))}
        self._parts = np.asarray([numbers[x] if x else -1 for x in names], dtype=np.int64)
        self._heading_parts: dict[tuple[str, ...], set[int]] = {}  # n-gram → parts' headings
        headings = [p.part_heading for p in self.passages]
        for name, heading in dict.fromkeys(zip(names, headings, strict=True)):
            if name and heading:  # each part's heading once (its passages repeat it)
                for run in _ngrams(syllables(heading), HEADING_N):
                    self._heading_parts.setdefault(run, set()).add(numbers[name])
        self._restated: dict[str, int | None] = {}  # a plan's headings recur in every task
        self._restated_under: dict[tuple[str, ...], int | None] = {}  # … and their lists
        bullets = [p.path for p in self.passages]  # the innermost item: `window_vote`'s unit
        bullet_numbers = {name: n for n, name in enumerate(dict.fromkeys(x for x in bullets if x))}
        self._bullets = np.asarray([bullet_numbers[x] if x else -1 for x in bullets],
                                   dtype=np.int64)
        self._alike: dict[int, Any] = {}  # `_likeness` rows already computed

    @cached_property
    def _terms_index(self) -> tuple[dict[str, int], tuple[Any, Any, Any], Any, Any]:
        """Term → row numbers, each term's passages weighted by IDF (for `_gather`), and each
        passage's IDF total and norm: built on first use, by `learned` only."""
        vocabulary, holders = self._vocabulary, _postings(self._sets, self._idf)
        data, indices, _ = holders
        n = len(self.passages)
        return (vocabulary, holders, np.bincount(indices, weights=data, minlength=n),
                np.sqrt(np.bincount(indices, weights=data ** 2, minlength=n)))

    def rank(self, task: LocalTask, method: str = DEFAULT_METHOD, top: int = TOP,
             ranker: PassageRanker | None = None) -> list[Match]:
        """The `top` passages for `task` by `method`, best first (empty when nothing is shared).
        `structure` needs the task's siblings: use `rank_all`."""
        return self.rank_all([task], method, top, ranker)[0]

    def rank_all(self, tasks: Sequence[LocalTask], method: str = DEFAULT_METHOD,
                 top: int = TOP, ranker: PassageRanker | None = None) -> list[list[Match]]:
        """`rank` for each of a document's tasks (siblings vote under `structure`). The scores of
        all tasks are one matrix (tasks × passages): BM25 from the index's postings by one
        `bincount`, reuse from the n-gram postings. `learned` weighs with `ranker`
        (`resources.passage_ranker()`: the packaged one)."""
        words = [list(_words_of(task.text)) for task in tasks]
        queries = [list(_terms_of(task.text)) for task in tasks]
        if not self.passages or not tasks:
            return [[] for _ in tasks]
        reuse, copied = self._reuse(tasks, words)
        if method == "learned":
            return self._rank_learned(tasks, queries, words, reuse, copied, top, ranker)
        scores = self._scores(tasks, queries, reuse, "combined"
                              if method in ("structure", "outline") else method)
        shared = scores > 0  # the raises below go to passages sharing words with the task
        if method in ("structure", "outline"):
            scores = scores + SECTION_WEIGHT * _votes(scores, [t.group for t in tasks],
                                                      self._parts) * shared
        if method == "outline":
            scores = scores + HEADING_WEIGHT * self._heading_map(tasks) * shared
        return [self._top(scores[row], top, queries[row], words[row], reuse[row], copied[row])
                if queries[row] else [] for row in range(len(tasks))]

    def _heading_map(self, tasks: Sequence[LocalTask], columns: Any = None) -> Any:
        """1 for the passages of the higher text's part whose heading a heading above the task
        restates (`1. Nâng cao nhận thức, ...` over the plan's items, as the resolution's
        `III.1`), the deepest such heading deciding; 0 elsewhere or without one. With
        `columns` (tasks × k passage numbers), only at those passages."""
        parts = []
        for task in tasks:  # a plan's tasks share their headings: each list read once
            if task.headings not in self._restated_under:
                self._restated_under[task.headings] = next(
                    (p for p in map(self._part_restated, reversed(task.headings))
                     if p is not None), None)
            part = self._restated_under[task.headings]
            parts.append(-2 if part is None else part)  # -2: no part (passages outside are -1)
        parts_of = self._parts if columns is None else self._parts[columns]
        return (parts_of == np.asarray(parts, dtype=np.int64)[:, None]).astype(np.float64)

    def _part_restated(self, heading: str) -> int | None:
        """The part whose heading this heading restates: most of its syllables in runs of
        `HEADING_N` copied from that part's heading, and no other part as close."""
        if heading not in self._restated:
            words = _words_of(heading)
            covered: dict[int, set[int]] = {}  # part → positions of the heading it copies
            for i in range(len(words) - HEADING_N + 1):
                for part in self._heading_parts.get(tuple(words[i:i + HEADING_N]), ()):
                    covered.setdefault(part, set()).update(range(i, i + HEADING_N))
            shares = sorted(((len(at) / len(words), part) for part, at in covered.items()),
                            reverse=True)
            self._restated[heading] = (shares[0][1] if shares and shares[0][0] >= HEADING_SHARE
                                       and (len(shares) == 1 or shares[1][0] < shares[0][0])
                                       else None)
        return self._restated[heading]

    def _bm25_matrix(self, queries: Sequence[list[str]]) -> Any:
        """BM25 of every query against every passage, as bm25s scores one query (its postings,
        a token repeated in the query counted again), for all queries at once."""
        vocab, index = self._bm25.vocab_dict, self._bm25.scores
        data, indices, indptr = index["data"], index["indices"], index["indptr"]
        n = len(self.passages)
        rows, ids = [], []
        for row, query in enumerate(queries):
            known = [vocab[t] for t in query if t in vocab]
            rows += [row] * len(known)
            ids += known
        return _gather(rows, ids, data, indices, indptr, len(queries), n)

    def _reuse(self, tasks: Sequence[LocalTask], words: Sequence[list[str]]
               ) -> tuple[Any, list[dict[int, int]]]:
        """Each passage's reuse share of each task, walking only the passages that hold one of
        the task's runs (the n-gram postings), not every passage; and for each task, the
        positions of its syllables each of those passages copies, as a bit mask (`_runs` reads
        its evidence from them). A mask's bits are the set of positions the runs
        cover, so the share is the same count over the same length."""
        shares = np.zeros((len(words), len(self.passages)))
        copied: list[dict[int, int]] = []
        holding = self._holding
        for row, (task, task_words) in enumerate(zip(tasks, words, strict=True)):
            covered: dict[int, int] = {}
            masks = _gram_masks(task.text)
            for gram in holding.keys() & masks.keys():  # the runs some passage holds
                mask = masks[gram]
                for i in holding[gram]:
                    covered[i] = covered.get(i, 0) | mask
            if covered:
                length = len(task_words)
                shares[row, list(covered)] = [m.bit_count() / length for m in covered.values()]
            copied.append(covered)
        return shares, copied

    def _scores(self, tasks: Sequence[LocalTask], queries: Sequence[list[str]], reuse: Any,
                method: str) -> Any:
        if method == "reuse":
            return reuse
        if method == "bm25":
            return self._bm25_matrix(queries)
        if method == "bm25-headings":
            headings = [list(_terms_of(t.headings[-1])) if t.headings else [] for t in tasks]
            return self._bm25_matrix([q + h for q, h in zip(queries, headings, strict=True)])
        # headings: by `structure` and `outline`, not as words
        return self._normalised_bm25(queries) + REUSE_WEIGHT * reuse

    def _normalised_bm25(self, queries: Sequence[list[str]]) -> Any:
        """BM25 divided by the task's best (1 for its best passage), as `combined` adds it."""
        bm25 = self._bm25_matrix(queries)
        best = bm25.max(axis=1, keepdims=True)
        return bm25 / np.where(best > 0, best, 1.0)


    def features(self, tasks: Sequence[LocalTask]) -> tuple[Any, Any]:
        """What `learned` weighs for every (task, passage), as an array tasks × passages ×
        `ranker.FEATURES`, and `combined`'s scores (which choose the candidates): the evidence
        of `outline` taken apart, the share of the passage's vocabulary the task holds, and the
        vote of the task's neighbours for bullets. Zero where the passage shares no word."""
        words = [list(_words_of(task.text)) for task in tasks]
        queries = [list(_terms_of(task.text)) for task in tasks]
        return self._features(tasks, queries, self._reuse(tasks, words)[0])[:2]

    def _features(self, tasks: Sequence[LocalTask], queries: Sequence[list[str]],
                  reuse: Any) -> tuple[Any, Any, Any, Any]:
        """`features` with, third, the IDF each task holds of each passage's terms (the
        numerator of `coverage` and of `passage_share`), fourth each task's IDF total (the
        denominator of `coverage`). Every task's terms are looked up once, for all three."""
        bm25, combined, held, totals = self._evidence(tasks, queries, reuse)
        _, _, weight, _ = self._terms_index
        shared = combined > 0
        columns = (bm25, reuse, _votes(combined, [t.group for t in tasks], self._parts),
                   self._heading_map(tasks),
                   held / np.where(weight > 0, weight, 1.0),  # `_passage_share`
                   _window_votes(combined, self._bullets, WINDOW))
        return np.stack([c * shared for c in columns], axis=-1), combined, held, totals

    def _evidence(self, tasks: Sequence[LocalTask], queries: Sequence[list[str]],
                  reuse: Any) -> tuple[Any, Any, Any, Any]:
        """For every (task, passage): BM25 normalised by the task's best, `combined`, the IDF
        the task holds of the passage's terms; and each task's IDF total (`_features`)."""
        _, (data, indices, indptr), _, _ = self._terms_index
        n = len(self.passages)
        (rows, ids), (distinct_rows, distinct_ids), totals = self._looked_up(tasks)
        index = self._bm25.scores
        bm25 = _gather(rows, ids, index["data"], index["indices"], index["indptr"],
                       len(tasks), n)  # `_bm25_matrix`
        best = bm25.max(axis=1, keepdims=True)
        bm25 = bm25 / np.where(best > 0, best, 1.0)  # `_normalised_bm25`
        combined = bm25 + REUSE_WEIGHT * reuse
        held = _gather(distinct_rows, distinct_ids, data, indices, indptr, len(tasks), n)
        return bm25, combined, held, totals

    def _candidate_features(self, tasks: Sequence[LocalTask], queries: Sequence[list[str]],
                            reuse: Any, count: int) -> tuple[Any, Any, Any, Any, Any]:
        """`_features` at each task's `count` best passages by `combined` only (the ranker
        re-scores no others; at least `VOTES` of them, the passages the votes read): the
        candidates, their features tasks × candidates × `FEATURES`, `combined`, held, totals.
        Each cell's value comes from the same operations as in `_features` (the votes from the
        same ballots, read at the candidates): the same numbers for a fraction of the cells,
        and a task's candidates a matrix of two rows or more, as its passages were (the same
        matrix-vector product for `@`)."""
        bm25, combined, held, totals = self._evidence(tasks, queries, reuse)
        _, _, weight, _ = self._terms_index
        candidates = _best(combined, max(count, VOTES))  # `candidates_of` of every task at once
        rows = np.arange(len(tasks))[:, None]
        voters = candidates[:, :VOTES]  # `_best(combined, VOTES)`: a stable sort's first
        at_weight = weight[candidates]
        columns = (bm25[rows, candidates], reuse[rows, candidates],
                   _votes_at(combined, voters, [t.group for t in tasks], self._parts,
                             candidates),
                   self._heading_map(tasks, candidates),
                   held[rows, candidates] / np.where(at_weight > 0, at_weight, 1.0),
                   _window_votes_at(combined, voters, self._bullets, WINDOW, candidates))
        shared = combined[rows, candidates] > 0
        return (candidates, np.stack([c * shared for c in columns], axis=-1), combined, held,
                totals)

    def _looked_up(self, tasks: Sequence[LocalTask]
                   ) -> tuple[tuple[Any, Any], tuple[Any, Any], Any]:
        """For every task at once: (row, term number) of its terms the index holds in the
        query's order, a repeated term again (as `_bm25_matrix` reads them); the same of its
        distinct terms (as `_held`); and the sum of the IDF of its distinct terms, known or not
        (the default IDF), added in the query's order (as `coverage` adds them). One dictionary
        lookup a distinct term; the rest in numpy, with the same values."""
        shapes = [_query_of(task.text) for task in tasks]
        counts = [len(distinct) for distinct, _ in shapes]
        every = [t for distinct, _ in shapes for t in distinct]
        ids = np.asarray(list(map(self._vocabulary.get, every, repeat(-1, len(every)))),
                         dtype=np.int64)
        task_rows = np.arange(len(tasks), dtype=np.int64)
        distinct_rows = np.repeat(task_rows, counts)
        lengths = [len(p) for _, p in shapes]
        if sum(lengths):  # each task's places shifted past the tasks before it, in one go
            starts = np.cumsum([0, *counts])[:-1]
            full = ids[np.concatenate([p for _, p in shapes]) + np.repeat(starts, lengths)]
        else:
            full = np.zeros(0, dtype=np.int64)
        rows = np.repeat(task_rows, lengths)
        known = ids >= 0
        weights = np.full(len(ids), self._default_idf)
        weights[known] = self._idf_values[ids[known]]
        totals = np.bincount(distinct_rows, weights=weights, minlength=len(tasks))
        return ((rows[full >= 0], full[full >= 0]), (distinct_rows[known], ids[known]),
                totals)

    def _rank_learned(self, tasks: Sequence[LocalTask], queries: Sequence[list[str]],
                      words: Sequence[list[str]], reuse: Any, copied: list[dict[int, int]],
                      top: int, ranker: PassageRanker | None) -> list[list[Match]]:
        """`learned`: the ranker's sum over the features of each task's best candidates by
        `combined` (shifted so the weakest candidate scores 1; the rest 0), the top ones kept
        from repeating each other."""
        if ranker is None:
            raise ValueError("`learned` needs its ranker (resources.passage_ranker())")
        model = ranker
        candidates, features, combined, held, totals = self._candidate_features(
            tasks, queries, reuse, model.candidates)
        raw = features @ np.asarray(model.weights)  # the candidates' cells of `_features @ w`
        candidates, raw = candidates[:, :model.candidates], raw[:, :model.candidates]
        rows = np.arange(len(tasks))[:, None]
        sharing = combined[rows, candidates] > 0
        lowest = np.where(sharing, raw, np.inf).min(axis=1, keepdims=True)
        scores = np.zeros_like(combined)
        scores[rows, candidates] = np.where(sharing, raw - lowest + 1.0, 0.0)
        if not model.diversity:
            return [self._top(scores[row], top, queries[row], words[row], reuse[row],
                              copied[row]) if queries[row] else [] for row in range(len(tasks))]
        placed = self._diverse_all(scores, top, model.diversity)
        return self._learned_matches(tasks, queries, words, placed, scores, reuse, copied,
                                     held, totals)

    def _learned_matches(self, tasks: Sequence[LocalTask], queries: Sequence[list[str]],
                         words: Sequence[list[str]], placed: list[list[int]], scores: Any,
                         reuse: Any, copied: list[dict[int, int]], held: Any, totals: Any
                         ) -> list[list[Match]]:
        """The placed passages as `Match`es: score, coverage (the IDF held ÷ the task's total)
        and reuse read for all placed cells at once (as Python floats: the values
        `float(matrix[row, i])` gives), evidence the copied runs, else the rarest shared
        words."""
        keep = [row for row, passages in enumerate(placed) if queries[row] and passages]
        rows = [row for row in keep for _ in placed[row]]
        columns = [i for row in keep for i in placed[row]]
        at_score, at_held, at_reuse = (m[rows, columns].tolist() for m in (scores, held, reuse))
        totals_of = totals.tolist()
        idf = self._idf
        found: list[list[Match]] = [[] for _ in placed]
        cell = 0
        for row in keep:
            distinct = _query_of(tasks[row].text)[0]
            total = totals_of[row] or 1.0
            matches = found[row]
            for rank, i in enumerate(placed[row], 1):
                share = at_reuse[cell]
                evidence = _runs(words[row], copied[row][i]) if share > 0 else ()
                if not evidence:  # the rarest shared words (each once: the order is the sort's)
                    shared = [(-idf[t], t) for t in self._sets[i].intersection(distinct)]
                    evidence = tuple(t.replace("_", " ") for _, t in sorted(shared)[:5])
                matches.append(Match(self.passages[i], rank, round(at_score[cell], 4),
                                     round(at_held[cell] / total, 4), round(share, 4),
                                     evidence))
                cell += 1
        return found

    def _diverse_all(self, scores: Any, top: int, diversity: float) -> list[list[int]]:
        """Each task's best passage, then each place to the candidate among its 20 best whose
        score (÷ the best) less `diversity` × its likeness to a passage already placed is
        highest (the earlier passage among equals): a task merging two demands has its gold in
        two places, and a sentence repeating the first one adds nothing. All tasks at once;
        the same operations, element by element, as the loop over one task's candidates this
        replaces (the same values)."""
        rows = np.arange(len(scores))
        order = _best(scores, DIVERSE_AMONG)
        sharing = scores[rows[:, None], order] > 0
        first = order[:, 0]
        placed = [[int(i)] if ok else [] for i, ok in zip(first, sharing[:, 0], strict=True)]
        rest, open_ = order[:, 1:], sharing[:, 1:].copy()
        ratios = scores[rows[:, None], rest] / np.where(sharing[:, :1],
                                                        scores[rows, first][:, None], 1.0)
        repeats = np.zeros(rest.shape)  # each candidate's likeness to the closest placed one
        last = first.copy()
        for _ in range(top - 1):
            active = np.flatnonzero(open_.any(axis=1))
            if not len(active):
                break
            ids, inverse = np.unique(last[active], return_inverse=True)
            likeness = self._likeness_rows(ids.tolist())
            mine = rest[active]
            repeats[active] = np.maximum(repeats[active], likeness[inverse[:, None], mine])
            value = np.where(open_[active], ratios[active] - diversity * repeats[active],
                             -np.inf)
            ties = (value == value.max(axis=1, keepdims=True)) & open_[active]
            at = np.where(ties, mine, np.iinfo(np.int64).max).argmin(axis=1)
            chosen = mine[np.arange(len(active)), at]
            open_[active, at] = False
            last[active] = chosen
            for row, passage in zip(active.tolist(), chosen.tolist(), strict=True):
                placed[row].append(passage)
        return placed

    @staticmethod
    def candidates_of(scores: Any, count: int) -> Any:
        """The `count` best passages sharing words with the task, the earlier first among
        equals."""
        sharing = np.flatnonzero(scores > 0)  # all before the rest in the order: the same first
        return sharing[np.lexsort((sharing, -scores[sharing]))][:count]

    def _likeness_rows(self, ids: list[int]) -> Any:
        """For each of passages `ids`, the cosine of its distinct terms with every passage's,
        weighted by IDF (1: the same vocabulary), from the term postings, as rows of a matrix;
        the rows of the `LIKENESS_KEPT` passages asked for first are kept (a plan's tasks keep
        placing the same passages first). The rows not kept come from one `_gather` (each
        cell's terms added in the order one row alone adds them: the same values)."""
        missing = [a for a in ids if a not in self._alike]
        if missing:
            vocabulary, (data, indices, indptr), _, norm = self._terms_index
            rows, terms = [], []
            for row, a in enumerate(missing):
                known = [vocabulary[t] for t in self._sets[a]]
                rows += [row] * len(known)
                terms += known
            shared = _gather(rows, terms, data ** 2, indices, indptr, len(missing),
                             len(self.passages))
            norms = norm[missing][:, None] * norm
            computed = np.where(norms > 0, shared / np.where(norms > 0, norms, 1.0), 0.0)
            fresh = dict(zip(missing, computed, strict=True))
            for a in missing:
                if len(self._alike) < LIKENESS_KEPT:
                    self._alike[a] = fresh[a]
        else:
            fresh = {}
        return np.stack([self._alike[a] if a in self._alike else fresh[a] for a in ids])

    def _top(self, scores: Any, top: int, query: list[str], words: list[str],
             reuse: Any, copied: dict[int, int]) -> list[Match]:
        """The `top` passages by score, the earlier first among equals (`learned`'s places
        after the first: `_diverse_all`)."""
        if len(scores) > top:  # the passages scoring at least the top-th best: ties kept
            candidates = np.flatnonzero(scores >= np.partition(scores, -top)[-top])
            order = candidates[np.lexsort((candidates, -scores[candidates]))][:top].tolist()
        else:
            candidates = np.arange(len(scores))
            order = candidates[np.lexsort((candidates, -scores[candidates]))][:top].tolist()
        found = [(i, float(scores[i])) for i in order]
        found = [(i, score) for i, score in found if score > 0]
        if not found:
            return []
        idf, default = self._idf, self._default_idf
        weights = {t: idf.get(t, default) for t in dict.fromkeys(query)}
        total = sum(weights.values()) or 1.0
        return [self._match(i, rank, score, weights, total, words, float(reuse[i]),
                            copied.get(i, 0))
                for rank, (i, score) in enumerate(found, 1)]

    def _match(self, i: int, rank: int, score: float, weights: dict[str, float], total: float,
               words: list[str], reuse: float, copied: int) -> Match:
        passage_terms = self._sets[i]
        shared = [t for t in weights if t in passage_terms]
        coverage = sum([weights[t] for t in shared]) / total
        evidence = (_runs(words, copied) if reuse > 0 else ()) or tuple(
            t.replace("_", " ") for t in sorted(shared, key=lambda t: (-weights[t], t))[:5])
        return Match(self.passages[i], rank, round(score, 4), round(coverage, 4),
                     round(reuse, 4), evidence)


def _best(scores: Any, count: int) -> Any:
    """Each row's `count` best columns, best first, the earlier first among equals (a stable
    sort: what `np.lexsort((np.arange(n), -row))` gives row by row)."""
    return np.argsort(-scores, axis=1, kind="stable")[:, :count]


def _gather(rows: Sequence[int] | Any, ids: Sequence[int] | Any, data: Any, indices: Any, indptr: Any,
            height: int, width: int) -> Any:
    """A matrix height × width summing, for each (row, token id), the weights of the token's
    postings (a compressed sparse row index: `indptr` into `indices` and `data`) by one
    `bincount`."""
    token_ids = np.asarray(ids, dtype=np.int64)
    starts, ends = indptr[token_ids], indptr[token_ids + 1]
    lengths = ends - starts
    if not lengths.sum():
        return np.zeros((height, width))
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    postings = np.arange(int(lengths.sum())) + offsets
    cells = np.repeat(np.asarray(rows, dtype=np.int64), lengths) * width + indices[postings]
    return np.bincount(cells, weights=data[postings],
                       minlength=height * width).reshape(height, width)


def _postings(sets: Sequence[set[str]], idf: dict[str, float]) -> tuple[Any, Any, Any]:
    """Each term's passages, as a compressed sparse row index weighted by the term's IDF (for
    `_gather`; a term's row is its place in `idf`)."""
    vocabulary = {term: n for n, term in enumerate(idf)}
    terms_of = [vocabulary[t] for s in sets for t in s]
    holders = np.repeat(np.arange(len(sets), dtype=np.int64), [len(s) for s in sets])
    order = np.lexsort((holders, np.asarray(terms_of, dtype=np.int64)))
    term_ids = np.asarray(terms_of, dtype=np.int64)[order]
    weights = np.asarray([w for w in idf.values()])[term_ids] if len(term_ids) else np.zeros(0)
    indptr = np.concatenate(([0], np.cumsum(np.bincount(term_ids, minlength=len(vocabulary)))))
    return weights, holders[order], indptr.astype(np.int64)


def _window_votes(scores: Any, bullets: Any, window: int) -> Any:
    """For each task, the share of its neighbours' votes (up to `window` tasks on each side,
    a nearer one weighing more: 1/distance) each passage's bullet got: every neighbour votes
    for the bullets of its `VOTES` best passages (1, 1/2). Plans follow the higher text's order,
    so the bullets a task's neighbours carry out are the likely ones for it."""
    shares, totals = _window_shares(scores, _best(scores, VOTES), bullets, window)
    voted = totals > 0
    raised = np.zeros_like(scores)
    raised[voted] = np.where(bullets >= 0, shares[voted][:, bullets]
                             / totals[voted][:, None], 0.0)
    return raised


def _window_votes_at(scores: Any, order: Any, bullets: Any, window: int, columns: Any) -> Any:
    """`_window_votes` at `columns` (tasks × k passage numbers) only, from `order` (each
    task's `VOTES` best passages): each cell the same quotient."""
    shares, totals = _window_shares(scores, order, bullets, window)
    voted = totals > 0
    of = bullets[columns[voted]]
    raised = np.zeros(columns.shape)
    raised[voted] = np.where(of >= 0, shares[voted][np.arange(len(of))[:, None], of]
                             / totals[voted][:, None], 0.0)
    return raised


def _window_shares(scores: Any, order: Any, bullets: Any, window: int) -> tuple[Any, Any]:
    """Each task's neighbours' votes by bullet (tasks × bullets, the last columns spare) and
    each task's total, from `order`, each task's `VOTES` best passages (`_window_votes`)."""
    count, width = scores.shape
    rows = np.arange(count)[:, None]
    best = [[i for i, ok in zip(places, sharing, strict=True) if ok] for places, sharing
            in zip(order.tolist(), (scores[rows, order] > 0).tolist(), strict=True)]
    of = bullets.tolist()
    shares = np.zeros((count, int(bullets.max()) + 2 if width else 1))
    for row in range(count):
        share = shares[row]
        for other in range(max(0, row - window), min(count, row + window + 1)):
            for rank, index in enumerate(best[other] if other != row else (), 1):
                if of[index] >= 0:
                    share[of[index]] += 1 / rank / abs(row - other)
    return shares, shares.sum(axis=1)  # each row's sum, as `share.sum()` row by row


def part_of(path: str | None) -> str | None:
    """The part of a higher document a passage counts for in a vote: its section path cut to two
    levels (`III.2.-3` → `III.2`)."""
    return ".".join(path.split(".")[:2]) if path else None


def _votes(scores: Any, groups: Sequence[str | None], parts: Any) -> Any:
    """For the tasks of each local section, the share of the section's votes each passage's part
    got: every task votes for the parts of its `VOTES` best passages (1, 1/2, …)."""
    raised = np.zeros_like(scores)
    if not scores.shape[1]:
        return raised
    raise_of = {group: np.where(parts >= 0, share[parts], 0.0)  # once per section
                for group, share in _section_shares(scores, _best(scores, VOTES), groups,
                                                     parts).items()}
    for row, group in enumerate(groups):
        if group in raise_of:
            raised[row] = raise_of[group]
    return raised


def _votes_at(scores: Any, order: Any, groups: Sequence[str | None], parts: Any,
              columns: Any) -> Any:
    """`_votes` at `columns` (tasks × k passage numbers) only, from `order` (each task's
    `VOTES` best passages): each cell the same share."""
    raised = np.zeros(columns.shape)
    shares = _section_shares(scores, order, groups, parts)
    of = parts[columns]
    for row, group in enumerate(groups):
        if group in shares:
            raised[row] = np.where(of[row] >= 0, shares[group][of[row]], 0.0)
    return raised


def _section_shares(scores: Any, order: Any, groups: Sequence[str | None], parts: Any
                    ) -> dict[str, Any]:
    """Each local section's share of its votes by part (`_votes`), from `order`, each task's
    `VOTES` best passages."""
    ballots: dict[str, dict[int, float]] = {}
    at = scores[np.arange(len(scores))[:, None], order]
    voting, sharing, of = (at[:, 0] > 0).tolist(), (at > 0).tolist(), parts.tolist()
    for row, group in enumerate(groups):
        if group is None or not voting[row]:  # its best shares nothing
            continue
        for rank, index in enumerate(order[row].tolist(), 1):
            if of[index] >= 0 and sharing[row][rank - 1]:
                ballot = ballots.setdefault(group, {})
                ballot[of[index]] = ballot.get(of[index], 0.0) + 1 / rank
    shares: dict[str, Any] = {}
    for group, votes in ballots.items():
        total = sum(votes.values())
        share = np.zeros(int(parts.max()) + 2)
        for part, weight in votes.items():
            share[part] = weight / total
        shares[group] = share
    return shares


def _ngrams(words: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _runs(words: Sequence[str], mask: int, keep: int = 3) -> tuple[str, ...]:
    """The longest copied runs (the task's syllables at the positions `mask` holds, those in
    runs of `REUSE_N` or more copied from the passage: `PassageIndex._reuse`), as folded
    words, longest first, the earlier first among equals. Each run of set bits is found by
    arithmetic (its lowest bit, then its trailing ones), not bit by bit."""
    runs: list[tuple[int, int]] = []  # (start, length), in order
    while mask:
        start = (mask & -mask).bit_length() - 1
        shifted = mask >> start
        length = (~shifted & (shifted + 1)).bit_length() - 1
        runs.append((start, length))
        mask &= ~(((1 << length) - 1) << start)
    runs.sort(key=lambda run: run[1], reverse=True)  # stable: the earlier first among equals
    return tuple(" ".join(words[start:start + length]) for start, length in runs[:keep])
