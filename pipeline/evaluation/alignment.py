"""Measure task → passage alignment against `corpora/gold/alignment/*.jsonl` (ALIGNMENT.md).

Each pair's two files go through the real pipeline into a temporary store; each gold task (its
span's text, with the headings of the extracted task it overlaps) is aligned against the higher
document's passages by every method; the scores are reported per method and per split (`tune`:
read while writing the aligner; `held-out`: never).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..batch import ingest_paths
from ..resources import Resources, passage_ranker
from ..stages.align import DEFAULT_METHOD, METHODS, LocalTask, Match, PassageIndex, reuse_class
from ..store import open_db
from ..store.alignments import document_text, local_tasks, passages
from .gold import FLOORS_PATH, GOLD_DIR, FetchedTextMissing, GoldError, resolve_source

Span = tuple[int, int]
ALIGNMENT_FLOORS = FLOORS_PATH.with_name("floors-alignment.json")


@dataclass(frozen=True)
class GoldLink:
    task: Span
    kind: str  # specific | general | none
    passages: tuple[Span, ...]
    reuse: str | None
    quote: str = ""  # the first characters of the task span, as the annotator read them
    passage_quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldPair:
    name: str
    local: Path
    central: Path
    split: str
    links: tuple[GoldLink, ...]


@dataclass
class MethodScore:
    specific: int = 0
    hit_at_1: int = 0
    recall_at_3: float = 0.0
    reciprocal: float = 0.0
    unspecific: int = 0
    abstained: int = 0
    confident: int = 0
    confident_right: int = 0
    reuse_right: int = 0
    reuse_judged: int = 0

    def as_dict(self) -> dict[str, Any]:
        def ratio(a: float, b: int) -> float | None:
            return round(a / b, 3) if b else None
        return {"specific_tasks": self.specific, "p_at_1": ratio(self.hit_at_1, self.specific),
                "r_at_3": ratio(self.recall_at_3, self.specific),
                "mrr": ratio(self.reciprocal, self.specific),
                "general_or_none": self.unspecific,
                "abstains": ratio(self.abstained, self.unspecific),
                "confident_precision": ratio(self.confident_right, self.confident),
                "reuse_accuracy": ratio(self.reuse_right, self.reuse_judged)}


@dataclass
class AlignmentReport:
    scores: dict[tuple[str, str], MethodScore] = field(default_factory=dict)  # (split, method)
    pairs: dict[str, dict[str, Any]] = field(default_factory=dict)
    per_pair: dict[str, MethodScore] = field(default_factory=dict)  # the default method's

    def score(self, split: str, method: str) -> MethodScore:
        return self.scores.setdefault((split, method), MethodScore())


def load_pairs(gold_dir: Path = GOLD_DIR, skipped: list[str] | None = None) -> list[GoldPair]:
    """Every pair file under `<gold_dir>/alignment`, with its checksums verified. A pair whose
    fetched side is not on this machine is left out, named in `skipped` (as `load_gold` does:
    fetched texts live where they were fetched, not in the repository)."""
    found = []
    for path in sorted((Path(gold_dir) / "alignment").glob("*.jsonl")):
        try:
            found.append(_load_pair(path))
        except FetchedTextMissing as missing:
            if skipped is not None:
                skipped.append(str(missing))
    return found


def _load_pair(path: Path) -> GoldPair:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    if not lines or lines[0].get("layer") != "pair":
        raise GoldError(path, 1, "the first record must be the pair")
    head = lines[0]
    files = {}
    for side in ("local", "central"):
        files[side] = resolve_source(head[side])
        if not files[side].exists():
            if head[side].startswith("fetched:"):
                raise FetchedTextMissing(path, 1, f"the fetched text {files[side]} is not on "
                                                  "this machine (corpora/gold/fetch_texts.py)")
            raise GoldError(path, 1, f"{head[side]} not found")
        digest = hashlib.sha256(files[side].read_bytes()).hexdigest()
        if digest != head[f"{side}_sha256"]:
            raise GoldError(path, 1, f"{head[side]} has changed (sha256)")
    links = tuple(GoldLink((r["task"][0], r["task"][1]), r["kind"],
                           tuple((p[0], p[1]) for p in r.get("passages") or ()), r.get("reuse"),
                           r.get("quote") or "", tuple(r.get("passage_quotes") or ()))
                  for r in lines[1:] if r.get("layer") == "link")
    return GoldPair(path.stem, files["local"], files["central"], head.get("split", "tune"), links)


def check_quotes(pair: GoldPair, local: str, central: str) -> None:
    """Every span's quote is the text the pipeline read there (a changed reader moves nothing
    silently)."""
    for link in pair.links:
        if not local[link.task[0]:].startswith(link.quote):
            raise GoldError(pair.name, 1, f"task {link.task} does not read {link.quote!r}")
        for span, quote in zip(link.passages, link.passage_quotes, strict=False):
            if not central[span[0]:].startswith(quote):
                raise GoldError(pair.name, 1, f"passage {span} does not read {quote!r}")


def hits(predicted: Span, gold: Span) -> bool:
    """At least half the predicted passage inside the gold span, or most of the gold span
    covered by a prediction at most twice as long."""
    inter = min(predicted[1], gold[1]) - max(predicted[0], gold[0])
    if inter <= 0:
        return False
    size, gold_size = predicted[1] - predicted[0], gold[1] - gold[0]
    return inter >= 0.5 * size or (inter >= 0.5 * gold_size and size <= 2 * gold_size)


@dataclass(frozen=True)
class AlignedPair:
    """A gold pair as the aligner sees it: the higher text's passage index and, for each gold
    link in order, the task (its span's text, with the headings and group of the extracted task
    it overlaps)."""

    pair: GoldPair
    index: PassageIndex
    tasks: tuple[LocalTask, ...]
    found: int  # gold tasks overlapping a task the extraction found


def prepare_pairs(pairs: Sequence[GoldPair], resources: Resources | None = None
                  ) -> list[AlignedPair]:
    """Run each pair's two files through the pipeline into a temporary store and read back what
    the aligner needs (shared by scoring and by fitting the `learned` ranker)."""
    files = sorted({str(p.local) for p in pairs} | {str(p.central) for p in pairs})
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "gold.db"
        ingest_paths(files, db_path, resources=resources, align=False, parts=False)
        db = open_db(db_path, readonly=True)
        try:
            # by the file's real path: the store keeps it resolved, a pair names it through
            # the shared folder, which may be a link (`../shared` → elsewhere)
            ids = {str(Path(row["path"]).resolve()): row["document_id"] for row in db.query(
                "select path, document_id from files")}
            indexes: dict[str, PassageIndex] = {}  # several pairs share one central text
            return [_prepare(db, pair, ids, indexes) for pair in pairs]
        finally:
            db.close()


def _prepare(db: Any, pair: GoldPair, ids: dict[str, str],
             indexes: dict[str, PassageIndex]) -> AlignedPair:
    local_id = ids.get(str(pair.local.resolve()))
    central_id = ids.get(str(pair.central.resolve()))
    if local_id is None or central_id is None:
        raise GoldError(pair.name, 1, "a file of the pair was not stored")
    if central_id not in indexes:
        indexes[central_id] = PassageIndex(passages(db, central_id))
    extracted = local_tasks(db, local_id)
    spans = {row["id"]: (row["start"], row["end"]) for row in db.query(
        "select id, start, end from tasks where document_id = ?", [local_id])}
    text = document_text(db, local_id)
    check_quotes(pair, text, document_text(db, central_id))
    nears = [_overlapping(link.task, extracted, spans) for link in pair.links]
    tasks = tuple(LocalTask(f"gold@{link.task[0]}", text[link.task[0]:link.task[1]],
                            near.headings if near else (), near.group if near else None)
                  for link, near in zip(pair.links, nears, strict=True))
    return AlignedPair(pair, indexes[central_id], tasks, sum(n is not None for n in nears))


def evaluate_alignment(pairs: Sequence[GoldPair], resources: Resources | None = None,
                       methods: Sequence[str] = METHODS) -> AlignmentReport:
    """Run each pair through the pipeline and score every method (`learned` with the shipped
    ranker, fitted on the tune pairs: its tune row is a training-set figure, and
    `evaluation.ranker.evaluate_with_left_out` adds the one that is not)."""
    return score_prepared(prepare_pairs(pairs, resources), methods)


def score_prepared(prepared: Sequence[AlignedPair], methods: Sequence[str] = METHODS
                   ) -> AlignmentReport:
    """Score every method on pairs already run through the pipeline."""
    report = AlignmentReport()
    for aligned in prepared:
        _score_pair(report, aligned, methods)
    return report


def add_scores(score: MethodScore, aligned: AlignedPair, ranked: Sequence[list[Match]]) -> None:
    """Count one pair's rankings (one list per gold link, in order) into `score`."""
    for link, matches in zip(aligned.pair.links, ranked, strict=True):
        _score_link(score, link, matches)


def _score_pair(report: AlignmentReport, aligned: AlignedPair, methods: Sequence[str]) -> None:
    pair = aligned.pair
    for method in methods:
        ranker = passage_ranker() if method == "learned" else None
        for link, ranked in zip(pair.links,
                                aligned.index.rank_all(aligned.tasks, method, ranker=ranker),
                                strict=True):
            _score_link(report.score(pair.split, method), link, ranked)
            if method == DEFAULT_METHOD:
                _score_link(report.per_pair.setdefault(pair.name, MethodScore()), link, ranked)
    report.pairs[pair.name] = {"split": pair.split, "links": len(pair.links),
                               "tasks_found_by_extraction": aligned.found}


def _overlapping(span: Span, tasks: list[LocalTask], spans: dict[str, Span]) -> LocalTask | None:
    best, best_inter = None, 0
    for task in tasks:
        start, end = spans[task.id]
        inter = min(end, span[1]) - max(start, span[0])
        if inter > best_inter and inter >= 0.5 * min(end - start, span[1] - span[0]):
            best, best_inter = task, inter
    return best


def _score_link(score: MethodScore, link: GoldLink, ranked: list[Match]) -> None:
    top = ranked[0] if ranked else None
    right = [any(hits((m.passage.start, m.passage.end), g) for g in link.passages)
             for m in ranked]
    if top is not None and top.confident:
        score.confident += 1
        score.confident_right += bool(link.passages) and right[0]
    if link.reuse and top is not None:
        score.reuse_judged += 1
        score.reuse_right += reuse_class(top.reuse) == link.reuse
    if link.kind != "specific" or not link.passages:
        score.unspecific += 1
        score.abstained += top is None or not top.confident
        return
    score.specific += 1
    score.hit_at_1 += bool(right) and right[0]
    found = {g for g in link.passages for m in ranked[:3]
             if hits((m.passage.start, m.passage.end), g)}
    score.recall_at_3 += len(found) / min(len(link.passages), 3)
    first = next((rank for rank, ok in enumerate(right, 1) if ok), None)
    score.reciprocal += 1 / first if first else 0.0


def format_alignment(report: AlignmentReport) -> str:
    """A table per split: one row per method."""
    lines = []
    for split in sorted({s for s, _ in report.scores}):
        shown = "tune" if split == "tune-cv" else split  # each pair fitted without itself
        lines.append(f"alignment — {split} pairs: "
                     + ", ".join(f"{name} ({p['links']})" for name, p in report.pairs.items()
                                 if p["split"] == shown))
        lines.append(f"  {'method':<14} {'tasks':>5} {'P@1':>6} {'R@3':>6} {'MRR':>6} "
                     f"{'abstain':>8} {'conf.P':>7} {'reuse':>6}")
        for (s, method), score in sorted(report.scores.items()):
            if s != split:
                continue
            lines.append(_line(method, score))
    lines.append(f"per pair ({DEFAULT_METHOD}):")
    for name, score in sorted(report.per_pair.items()):
        lines.append(_line(name, score))
    return "\n".join(lines)


def _line(label: str, score: MethodScore) -> str:
    d = score.as_dict()
    return (f"  {label:<14} {d['specific_tasks']:>5} {_f(d['p_at_1'])} {_f(d['r_at_3'])} "
            f"{_f(d['mrr'])} {_f(d['abstains'], 8)} {_f(d['confident_precision'], 7)} "
            f"{_f(d['reuse_accuracy'])}")


def _f(value: float | None, width: int = 6) -> str:
    return f"{value:>{width}.3f}" if value is not None else f"{'n/a':>{width}}"


def alignment_to_json(report: AlignmentReport) -> dict[str, Any]:
    return {"pairs": {name: {**pair, DEFAULT_METHOD: report.per_pair[name].as_dict()}
                      for name, pair in report.pairs.items() if name in report.per_pair},
            "scores": {f"{split}/{method}": score.as_dict()
                       for (split, method), score in sorted(report.scores.items())}}


def check_alignment_floors(report: AlignmentReport, floors_path: Path | None = None) -> list[str]:
    """Figures below their floor in corpora/floors-alignment.json (`split/method` → metric →
    floor)."""
    floors = json.loads((floors_path or ALIGNMENT_FLOORS).read_text(encoding="utf-8"))
    found = []
    for key, metrics in floors.items():
        split, method = key.split("/", 1)
        values = report.score(split, method).as_dict()
        for metric, floor in metrics.items():
            value = values.get(metric)
            if value is not None and value < floor:
                found.append(f"alignment {key} {metric} {value:.3f} is below its floor {floor}")
    return found
