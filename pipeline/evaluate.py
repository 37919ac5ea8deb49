"""Measure the pipeline against the gold annotations of `corpora/gold/` (see corpora/ANNOTATION.md).

    >>> report = evaluate(load_gold(GOLD_DIR))          # doctest: +SKIP
    >>> print(format_table(report))                     # doctest: +SKIP
    >>> check_floors(report, load_floors())             # doctest: +SKIP
    []

`load_gold` reads and verifies the gold files (checksum of each text, every span against its
`text`); `evaluate` runs `extract(ingest(path))` once per annotated text and scores it; the
`Report` holds per-document and micro-averaged figures plus the list of errors to fix.
The metrics are defined in corpora/EVALUATION.md.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol, TypeVar

from .normalize import fold
from .records import Deadline, DocumentMeta, ExtractedDocument, RoleFiller, Signer

REPO_ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = REPO_ROOT / "corpora" / "gold"
DEFAULT_GOLD = GOLD_DIR  # the name pipeline/cli.py uses
FLOORS_PATH = REPO_ROOT / "corpora" / "floors.json"
FLOOR_MARGIN = 0.02
LAYERS = ("references", "tasks")
ROLES = ("lead", "coordinate", "report_to", "via")
META_FIELDS = ("kind", "symbol", "issuer", "date", "place", "title")
SIGNER_FIELDS = ("capacity", "title", "name")
DEADLINE_FIELDS = ("date", "year", "start_year", "end_year", "frequency")
OVERLAP_THRESHOLD = 0.5

# metric name → (kind, layer): kind "prf" (precision/recall/F1) or "accuracy"
METRICS: dict[str, tuple[str, str]] = {
    "references.span": ("prf", "references"),
    "references.identity": ("prf", "references"),
    "references.resolution": ("accuracy", "references"),
    "metadata": ("accuracy", "references"),
    "tasks.segmentation": ("prf", "tasks"),
    "bodies.recognition": ("prf", "tasks"),
    "bodies.canonicalization": ("accuracy", "tasks"),
    "roles": ("prf", "tasks"),
    "deadlines": ("accuracy", "tasks"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "source": ("path", "sha256"),
    "document": (),
    "reference": ("start", "end", "text", "status", "target"),
    "task": ("id", "start", "end", "text"),
    "body": ("start", "end", "text", "id"),
    "coverage": ("start", "end"),
}


class GoldError(Exception):
    """A gold file cannot be used: names the file, the line and what is wrong."""

    def __init__(self, file: Path | str, line: int, message: str) -> None:
        self.file = str(file)
        self.line = line
        self.message = message
        super().__init__(f"{self.file}:{line}: {message}")


# ---------------------------------------------------------------------------------------------
# Gold records


@dataclass(frozen=True)
class GoldReference:
    start: int
    end: int
    text: str
    status: str
    target: str | None
    symbol: str | None = None
    kind: str | None = None
    date: str | None = None
    candidates: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class GoldBody:
    start: int
    end: int
    text: str
    id: str | None
    line: int = 0


@dataclass(frozen=True)
class GoldTask:
    id: str
    start: int
    end: int
    text: str
    section: str | None = None
    kind: str | None = None
    verbs: tuple[str, ...] = ()
    lead: tuple[RoleFiller, ...] = ()
    coordinate: tuple[RoleFiller, ...] = ()
    report_to: tuple[RoleFiller, ...] = ()
    via: tuple[RoleFiller, ...] = ()
    deadlines: tuple[Deadline, ...] = ()  # usually 0 or 1; a few gold tasks list several
    line: int = 0


@dataclass(frozen=True)
class GoldDocument:
    """One gold file: one layer (`references` or `tasks`) of one text."""

    name: str  # the text's stem, e.g. 000_ab5e45f9e3a49525
    layer: str  # references | tasks
    gold_file: Path
    source: str  # as written: shared:corpus/... or corpora/samples/...
    file: Path  # the text, resolved
    sha256: str
    text: str = field(repr=False, default="")
    meta: DocumentMeta | None = None
    meta_fields: tuple[str, ...] = ()  # fields the gold `document` record states
    references: tuple[GoldReference, ...] = ()
    tasks: tuple[GoldTask, ...] = ()
    bodies: tuple[GoldBody, ...] = ()
    coverage: tuple[tuple[int, int], ...] = ()


def shared_root() -> Path:
    return Path(os.environ.get("PIPELINE_SHARED", REPO_ROOT.parent / "shared"))


def resolve_source(path: str) -> Path:
    """`shared:corpus/x.txt` → <shared>/corpus/x.txt; `corpora/samples/x` → <repo>/corpora/samples/x."""
    if path.startswith("shared:"):
        return shared_root() / path.split(":", 1)[1]
    return REPO_ROOT / path


def load_gold(gold_dir: Path = GOLD_DIR) -> list[GoldDocument]:
    """Every `<gold_dir>/references/*.jsonl` and `<gold_dir>/tasks/*.jsonl`, verified.

    Raises `GoldError` (file and line) for a missing text, a checksum that does not match, a
    span whose `text` differs from the text at that span, or a malformed record.
    """
    gold_dir = Path(gold_dir)
    files = [p for layer in LAYERS for p in sorted((gold_dir / layer).glob("*.jsonl"))]
    return [load_gold_file(p) for p in files]


def load_gold_file(path: Path, layer: str | None = None) -> GoldDocument:
    layer = layer or path.parent.name
    if layer not in LAYERS:
        raise GoldError(path, 0, f"unknown layer folder {layer!r}; expected one of {LAYERS}")
    records = _read_records(path)
    if not records or records[0][1].get("layer") != "source":
        raise GoldError(path, records[0][0] if records else 1, "line 1 must be the source record")
    source = records[0][1]
    file = resolve_source(str(source["path"]))
    text = _source_text(path, file, str(source["sha256"]))
    parts = _parse_records(path, records[1:], text)
    return GoldDocument(
        name=path.stem, layer=layer, gold_file=path, source=str(source["path"]), file=file,
        sha256=str(source["sha256"]), text=text, **parts,
    )


def _read_records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise GoldError(path, number, f"not JSON: {error}") from None
        if not isinstance(record, dict) or record.get("layer") not in REQUIRED:
            layer = record.get("layer") if isinstance(record, dict) else None
            raise GoldError(path, number, f"unknown layer {layer!r}; expected one of {sorted(REQUIRED)}")
        missing = [k for k in REQUIRED[record["layer"]] if k not in record]
        if missing:
            raise GoldError(path, number, f"{record['layer']} record lacks {missing}")
        records.append((number, record))
    return records


def _source_text(gold_file: Path, file: Path, sha256: str) -> str:
    """The annotated text: the file decoded as is (TXT/MD) or as ingested (PDF/DOCX)."""
    if not file.is_file():
        raise GoldError(gold_file, 1, f"the text {file} does not exist (set PIPELINE_SHARED?)")
    data = file.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != sha256:
        raise GoldError(gold_file, 1, f"sha256 of {file} is {actual}, the gold file says {sha256}; "
                                      "the text changed: re-check the annotations, then the checksum")
    if file.suffix.lower() in {".pdf", ".docx"}:
        from .ingest import ingest

        return ingest(file).text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        from .ingest import decode_text

        return decode_text(data, str(file))[0]


def _parse_records(path: Path, records: list[tuple[int, dict[str, Any]]], text: str) -> dict[str, Any]:
    parts: dict[str, list[Any]] = defaultdict(list)
    for line, record in records:
        layer = record["layer"]
        if "start" in record:
            _check_span(path, line, record, text)
        if layer in ("source", "document") and parts[layer]:
            raise GoldError(path, line, f"a second {layer!r} record (one per file)")
        try:
            parts[layer].append(_PARSERS[layer](line, record))
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            reason = f"{type(error).__name__}: {error}"
            raise GoldError(path, line, f"malformed {layer} record ({reason})") from None
    result: dict[str, Any] = {PLURALS[k]: tuple(v) for k, v in parts.items() if k in PLURALS}
    if parts["document"]:
        meta, fields = parts["document"][0]
        result |= {"meta": meta, "meta_fields": fields}
    return result


def _check_span(path: Path, line: int, record: dict[str, Any], text: str) -> None:
    start, end = record.get("start"), record.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
        raise GoldError(path, line, f"bad span [{start}, {end}) for a text of {len(text)} characters")
    if "text" in record and text[start:end] != record["text"]:
        raise GoldError(path, line, f"text[{start}:{end}] is {text[start:end]!r}, "
                                    f"the record says {record['text']!r}")


def _parse_document(line: int, record: dict[str, Any]) -> tuple[DocumentMeta, tuple[str, ...]]:
    """The gold metadata, and the fields it states (`signer` alone when the signer is null)."""
    signer = record.get("signer")
    meta = DocumentMeta(
        **{k: record.get(k) for k in META_FIELDS},
        signer=Signer(**{k: signer.get(k) for k in SIGNER_FIELDS}) if signer else None,
    )
    fields = [k for k in META_FIELDS if k in record]
    if "signer" in record:
        fields += [f"signer.{k}" for k in SIGNER_FIELDS if k in signer] if signer else ["signer"]
    return meta, tuple(fields)


def _parse_reference(line: int, record: dict[str, Any]) -> GoldReference:
    return GoldReference(
        start=record["start"], end=record["end"], text=record["text"], status=record["status"],
        target=record["target"], symbol=record.get("symbol"), kind=record.get("kind"),
        date=record.get("date"), candidates=tuple(record.get("candidates") or ()), line=line,
    )


def _parse_task(line: int, record: dict[str, Any]) -> GoldTask:
    roles = {role: tuple(RoleFiller(f.get("id"), f.get("text"), bool(f.get("inherited")))
                         for f in record.get(role) or ()) for role in ROLES}
    deadline = record.get("deadline")
    deadlines = deadline if isinstance(deadline, list) else [deadline] if deadline else []
    return GoldTask(
        id=str(record["id"]), start=record["start"], end=record["end"], text=record["text"],
        section=record.get("section"), kind=record.get("kind"),
        verbs=tuple(record.get("verbs") or ()), **roles,
        deadlines=tuple(_parse_deadline(d) for d in deadlines), line=line,
    )


def _parse_body(line: int, record: dict[str, Any]) -> GoldBody:
    return GoldBody(record["start"], record["end"], record["text"], record["id"], line)


def _parse_coverage(line: int, record: dict[str, Any]) -> tuple[int, int]:
    return (record["start"], record["end"])


def _parse_deadline(data: dict[str, Any]) -> Deadline:
    return Deadline(
        text=data.get("text") or "", type=data.get("type") or "", date=data.get("date"),
        year=data.get("year"), start_year=data.get("start_year"), end_year=data.get("end_year"),
        frequency=tuple(data.get("frequency") or ()),
    )


_PARSERS: dict[str, Callable[[int, dict[str, Any]], Any]] = {
    "source": lambda line, record: record,
    "document": _parse_document,
    "reference": _parse_reference,
    "task": _parse_task,
    "body": _parse_body,
    "coverage": _parse_coverage,
}
PLURALS = {"reference": "references", "task": "tasks", "body": "bodies", "coverage": "coverage"}


# ---------------------------------------------------------------------------------------------
# Scores


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 from counts. All three are None (n/a) when there is no gold item."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        if not self.gold:
            return None
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float | None:
        return self.tp / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures(self) -> dict[str, float | None]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class Accuracy:
    """Share of correct items; None (n/a) when there is no gold item."""

    correct: int = 0
    total: int = 0

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.correct + other.correct, self.total + other.total)

    @property
    def gold(self) -> int:
        return self.total

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None

    def figures(self) -> dict[str, float | None]:
        return {"accuracy": self.accuracy}


Metric = Score | Accuracy


@dataclass(frozen=True)
class ErrorItem:
    """One thing the pipeline got wrong. `start`/`end` point into the text (None if not a span)."""

    document: str
    metric: str
    kind: str  # missed | spurious | wrong
    text: str
    start: int | None
    end: int | None
    expected: str | None
    got: str | None


@dataclass
class DocumentReport:
    name: str
    path: str
    metrics: dict[str, Metric]


@dataclass
class Report:
    documents: list[DocumentReport]
    total: dict[str, Metric]
    errors: list[ErrorItem]
    problems: list[str] = field(default_factory=list)  # texts the pipeline failed on, offset drift
    seconds: float = 0.0

    def figures(self) -> dict[str, float | None]:
        """Flat figures of the total: `references.span.f1`, `metadata.accuracy` ..."""
        return {f"{name}.{key}": value for name, metric in self.total.items()
                for key, value in metric.figures().items()}


# ---------------------------------------------------------------------------------------------
# Matching


class Spanned(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def overlap(a: Spanned, b: Spanned) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def iou(a: Spanned, b: Spanned) -> float:
    """Characters in common over characters covered by either span."""
    union = max(a.end, b.end) - min(a.start, b.start)
    return overlap(a, b) / union if union > 0 else float(a.start == b.start)


G = TypeVar("G", bound=Spanned)
P = TypeVar("P", bound=Spanned)


def match_exact(
    gold: Sequence[G], predicted: Sequence[P]
) -> tuple[list[tuple[G, P]], list[G], list[P]]:
    """Pairs with the same (start, end), the gold items missed, the predicted ones spurious."""
    waiting: dict[tuple[int, int], list[P]] = defaultdict(list)
    for item in predicted:
        waiting[(item.start, item.end)].append(item)
    pairs, missed = [], []
    for item in gold:
        queue = waiting.get((item.start, item.end))
        if queue:
            pairs.append((item, queue.pop(0)))
        else:
            missed.append(item)
    spurious = [p for queue in waiting.values() for p in queue]
    return pairs, missed, sorted(spurious, key=lambda p: (p.start, p.end))


def match_overlap(
    gold: Sequence[G], predicted: Sequence[P], threshold: float = OVERLAP_THRESHOLD
) -> tuple[list[tuple[G, P]], list[G], list[P]]:
    """One-to-one pairs whose overlap / union ≥ threshold, greedily by best overlap first."""
    candidates = sorted(
        ((iou(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(predicted)
         if overlap(g, p) and iou(g, p) >= threshold),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_gold: dict[int, int] = {}
    used_predicted: set[int] = set()
    for _, i, j in candidates:
        if i not in used_gold and j not in used_predicted:
            used_gold[i] = j
            used_predicted.add(j)
    pairs = [(gold[i], predicted[j]) for i, j in sorted(used_gold.items())]
    missed = [g for i, g in enumerate(gold) if i not in used_gold]
    spurious = [p for j, p in enumerate(predicted) if j not in used_predicted]
    return pairs, missed, spurious


def score_from_match(pairs: Sequence[Any], missed: Sequence[Any], spurious: Sequence[Any]) -> Score:
    return Score(tp=len(pairs), fp=len(spurious), fn=len(missed))


def score_sets(gold: Iterable[Any], predicted: Iterable[Any]) -> Score:
    """P/R/F1 of two multisets (Counter semantics: duplicates count)."""
    g, p = Counter(gold), Counter(predicted)
    tp = sum((g & p).values())
    return Score(tp=tp, fp=sum(p.values()) - tp, fn=sum(g.values()) - tp)


# ---------------------------------------------------------------------------------------------
# Metrics, one function each: (metric, errors) for one document


Result = tuple[Metric, list[ErrorItem]]


def _nearest(item: Spanned, others: Sequence[Any]) -> str | None:
    """The overlapping item of the other side, to show a boundary error as such."""
    best = max(others, key=lambda o: overlap(item, o), default=None)
    if best is None or not overlap(item, best):
        return None
    return f"{best.text!r} [{best.start}:{best.end}]"


def _span_errors(name: str, metric: str, missed: Sequence[Any], spurious: Sequence[Any],
                 gold: Sequence[Any], predicted: Sequence[Any]) -> list[ErrorItem]:
    errors = [ErrorItem(name, metric, "missed", g.text, g.start, g.end, g.text, _nearest(g, predicted))
              for g in missed]
    errors += [ErrorItem(name, metric, "spurious", p.text, p.start, p.end, _nearest(p, gold), p.text)
               for p in spurious]
    return errors


def score_reference_spans(name: str, gold: Sequence[GoldReference], predicted: Sequence[Any]) -> Result:
    pairs, missed, spurious = match_exact(gold, predicted)
    errors = _span_errors(name, "references.span", missed, spurious, gold, predicted)
    return score_from_match(pairs, missed, spurious), errors


def score_identity(name: str, gold: Sequence[GoldReference], predicted: Sequence[Any]) -> Result:
    """Distinct targets (None excluded, `self` included) of the document, gold vs predicted."""
    gold_first = _first_by_target(gold)
    predicted_first = _first_by_target(predicted)
    score = score_sets(list(gold_first), list(predicted_first))
    errors = [ErrorItem(name, "references.identity", "missed", r.text, r.start, r.end, t, None)
              for t, r in gold_first.items() if t not in predicted_first]
    errors += [ErrorItem(name, "references.identity", "spurious", r.text, r.start, r.end, None, t)
               for t, r in predicted_first.items() if t not in gold_first]
    return score, errors


def _first_by_target(references: Sequence[Any]) -> dict[str, Any]:
    first: dict[str, Any] = {}
    for reference in references:
        if reference.target is not None:
            first.setdefault(reference.target, reference)
    return first


def resolution_correct(gold: GoldReference, predicted: Any) -> bool:
    """Same (status, target); an ambiguous prediction is right only when gold is ambiguous too."""
    if gold.status == "ambiguous" or predicted.status == "ambiguous":
        return gold.status == predicted.status
    return (gold.status, gold.target) == (predicted.status, predicted.target)


def score_resolution(name: str, gold: Sequence[GoldReference], predicted: Sequence[Any]) -> Result:
    pairs, _, _ = match_exact(gold, predicted)
    wrong = [(g, p) for g, p in pairs if not resolution_correct(g, p)]
    errors = [ErrorItem(name, "references.resolution", "wrong", g.text, g.start, g.end,
                        f"{g.status} {g.target}", f"{p.status} {p.target}") for g, p in wrong]
    return Accuracy(len(pairs) - len(wrong), len(pairs)), errors


def normalize_value(value: Any) -> str | None:
    """The comparison key of a metadata value: `fold` and whitespace squashed; '' is None."""
    if value is None:
        return None
    squashed = " ".join(fold(str(value)).split())
    return squashed or None


def meta_value(meta: DocumentMeta | None, name: str) -> Any:
    """`kind`, `signer.name` ... of a DocumentMeta; `signer` alone is the whole signer or None."""
    if meta is None:
        return None
    if name == "signer":
        signer = meta.signer
        parts = [getattr(signer, k) for k in SIGNER_FIELDS] if signer else []
        return " / ".join(p for p in parts if p) or None
    if name.startswith("signer."):
        return getattr(meta.signer, name.split(".", 1)[1], None) if meta.signer else None
    return getattr(meta, name, None)


def score_metadata(name: str, gold: DocumentMeta, fields: Sequence[str],
                   predicted: DocumentMeta | None) -> Result:
    errors = []
    for field_name in fields:
        expected, got = meta_value(gold, field_name), meta_value(predicted, field_name)
        folded_expected, folded_got = normalize_value(expected), normalize_value(got)
        if folded_expected != folded_got:
            kind = "missed" if folded_got is None else "spurious" if folded_expected is None else "wrong"
            errors.append(ErrorItem(name, "metadata", kind, field_name, None, None,
                                    _text_or_none(expected), _text_or_none(got)))
    return Accuracy(len(fields) - len(errors), len(fields)), errors


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def in_coverage(item: Spanned, coverage: Sequence[tuple[int, int]]) -> bool:
    """True without coverage records; else when at least half of the span lies inside them."""
    if not coverage:
        return True
    if item.end <= item.start:
        return any(s <= item.start < e for s, e in coverage)
    inside = sum(max(0, min(item.end, e) - max(item.start, s)) for s, e in coverage)
    return 2 * inside >= item.end - item.start


def score_segmentation(name: str, gold: Sequence[GoldTask], predicted: Sequence[Any],
                       coverage: Sequence[tuple[int, int]] = ()) -> tuple[Score, list[ErrorItem],
                                                                         list[tuple[GoldTask, Any]]]:
    gold = [t for t in gold if in_coverage(t, coverage)]
    predicted = [t for t in predicted if in_coverage(t, coverage)]
    pairs, missed, spurious = match_overlap(gold, predicted)
    errors = [ErrorItem(name, "tasks.segmentation", "missed", g.text, g.start, g.end, g.text,
                        _best_overlap(g, predicted)) for g in missed]
    errors += [ErrorItem(name, "tasks.segmentation", "spurious", p.text, p.start, p.end,
                         _best_overlap(p, gold), p.text) for p in spurious]
    return score_from_match(pairs, missed, spurious), errors, pairs


def _best_overlap(item: Spanned, others: Sequence[Any]) -> str | None:
    best = max(others, key=lambda o: iou(item, o), default=None)
    if best is None or not overlap(item, best):
        return None
    return f"overlaps [{best.start}:{best.end}] by {iou(item, best):.2f}: {best.text[:60]!r}"


def score_bodies(name: str, gold: Sequence[GoldBody], predicted: Sequence[Any],
                 coverage: Sequence[tuple[int, int]] = ()) -> tuple[Result, Result]:
    """(recognition, canonicalization) of body mentions."""
    gold = [b for b in gold if in_coverage(b, coverage)]
    predicted = [b for b in predicted if in_coverage(b, coverage)]
    pairs, missed, spurious = match_exact(gold, predicted)
    recognition = score_from_match(pairs, missed, spurious)
    recognition_errors = _span_errors(name, "bodies.recognition", missed, spurious, gold, predicted)
    wrong = [(g, p) for g, p in pairs if g.id != p.id]
    canonical_errors = [ErrorItem(name, "bodies.canonicalization", "wrong", g.text, g.start, g.end,
                                  g.id, p.id) for g, p in wrong]
    return ((recognition, recognition_errors),
            (Accuracy(len(pairs) - len(wrong), len(pairs)), canonical_errors))


def role_pairs(task: Any) -> Counter[tuple[str, str]]:
    """(role, body) of a task; the body is its id, else its folded text. `inherited` is ignored."""
    pairs: Counter[tuple[str, str]] = Counter()
    for role in ROLES:
        for filler in getattr(task, role, ()) or ():
            key = filler.id if filler.id else f"text:{normalize_value(filler.text)}"
            pairs[(role, key)] += 1
    return pairs


def score_roles(name: str, pairs: Sequence[tuple[GoldTask, Any]]) -> Result:
    total = Score()
    errors = []
    for gold, predicted in pairs:
        expected, got = role_pairs(gold), role_pairs(predicted)
        total += score_sets(expected.elements(), got.elements())
        errors += [ErrorItem(name, "roles", "missed", gold.text, gold.start, gold.end, f"{r} {b}", None)
                   for r, b in (expected - got).elements()]
        errors += [ErrorItem(name, "roles", "spurious", gold.text, gold.start, gold.end, None, f"{r} {b}")
                   for r, b in (got - expected).elements()]
    return total, errors


def deadline_matches(gold: Deadline, predicted: Deadline | None) -> bool:
    """Same type, and the same date/year/start_year/end_year/frequency where gold states them."""
    if predicted is None or gold.type != predicted.type:
        return False
    for name in DEADLINE_FIELDS:
        expected = getattr(gold, name)
        if expected in (None, (), []):
            continue
        got = getattr(predicted, name, None)
        if name == "frequency":
            expected, got = sorted(expected), sorted(got or ())
        if expected != got:
            return False
    return True


def predicted_deadlines(task: Any) -> tuple[Deadline, ...]:
    deadline = getattr(task, "deadline", None)
    if deadline is None:
        return ()
    return tuple(deadline) if isinstance(deadline, (list, tuple)) else (deadline,)


def deadline_correct(gold: Sequence[Deadline], predicted: Sequence[Deadline]) -> bool:
    """No deadline on either side is right; else some predicted deadline matches some gold one."""
    if not gold or not predicted:
        return not gold and not predicted
    return any(deadline_matches(g, p) for g in gold for p in predicted)


def score_deadlines(name: str, pairs: Sequence[tuple[GoldTask, Any]]) -> Result:
    correct, total, errors = 0, 0, []
    for gold, task in pairs:
        got = predicted_deadlines(task)
        if not gold.deadlines and not got:
            continue
        total += 1
        if deadline_correct(gold.deadlines, got):
            correct += 1
            continue
        kind = "missed" if not got else "spurious" if not gold.deadlines else "wrong"
        errors.append(ErrorItem(name, "deadlines", kind, gold.text, gold.start, gold.end,
                                _deadline_text(gold.deadlines), _deadline_text(got)))
    return Accuracy(correct, total), errors


def _deadline_text(deadlines: Sequence[Deadline]) -> str | None:
    if not deadlines:
        return None
    parts = []
    for d in deadlines:
        values = [f"{k}={getattr(d, k)}" for k in DEADLINE_FIELDS if getattr(d, k, None) not in (None, ())]
        parts.append(" ".join([d.type, *values, repr(d.text)]))
    return " | ".join(parts)


# ---------------------------------------------------------------------------------------------
# Evaluation


Extractor = Callable[[Path], ExtractedDocument]


@dataclass
class _Prediction:
    """What the pipeline found in one text, offsets in the gold text's coordinates."""

    meta: DocumentMeta | None = None
    references: list[Any] = field(default_factory=list)
    bodies: list[Any] = field(default_factory=list)
    tasks: list[Any] = field(default_factory=list)


def default_extractor() -> Extractor:
    """The pipeline as a batch runs it: every document with a knowledge base of its own (an
    overlay of `corpora/kb`), so no figure depends on the order the texts are read in."""
    from .extract import extract
    from .ingest import ingest

    return lambda path: extract(ingest(path))


def evaluate(gold_docs: Sequence[GoldDocument], extractor: Extractor | None = None) -> Report:
    """Run the pipeline once per annotated text and score every layer annotated for it."""
    started = time.perf_counter()
    extractor = extractor or default_extractor()
    by_file: dict[Path, list[GoldDocument]] = defaultdict(list)
    for gold in gold_docs:
        by_file[gold.file].append(gold)
    documents, errors, problems = [], [], []
    for file in sorted(by_file, key=lambda f: by_file[f][0].name):
        golds = by_file[file]
        prediction = _predict(golds[0], extractor, problems)
        document, document_errors = evaluate_document(golds, prediction)
        documents.append(document)
        errors += document_errors
    total = _micro_average(documents)
    return Report(documents, total, errors, problems, round(time.perf_counter() - started, 3))


def _predict(gold: GoldDocument, extractor: Extractor, problems: list[str]) -> _Prediction:
    try:
        doc = extractor(gold.file)
    except Exception as error:  # one text failing must not hide the others' figures
        problems.append(f"{gold.name}: the pipeline failed ({type(error).__name__}: {error}); "
                        "scored as if it found nothing")
        return _Prediction()
    shift = _offset_shift(gold, doc.source.text, problems)
    return _Prediction(
        meta=doc.meta,
        references=[_shifted(r, shift) for r in doc.references],
        bodies=[_shifted(b, shift) for b in doc.bodies],
        tasks=[_shifted(t, shift) for t in doc.tasks],
    )


def _offset_shift(gold: GoldDocument, text: str, problems: list[str]) -> int:
    """0, or 1 when the pipeline dropped a byte-order mark the gold text keeps."""
    if text == gold.text:
        return 0
    if gold.text.startswith("\ufeff") and gold.text[1:] == text:
        return 1
    problems.append(f"{gold.name}: the pipeline's text differs from the annotated text "
                    f"({len(text)} vs {len(gold.text)} characters); spans may not align")
    return 0


def _shifted(item: Any, shift: int) -> Any:
    if not shift:
        return item
    return replace(item, start=item.start + shift, end=item.end + shift)


def evaluate_document(golds: Sequence[GoldDocument], prediction: _Prediction) -> tuple[DocumentReport,
                                                                                      list[ErrorItem]]:
    """Every metric of the layers annotated for one text (one or two gold files)."""
    metrics: dict[str, Metric] = {}
    errors: list[ErrorItem] = []
    for gold in golds:
        scorer = _score_references if gold.layer == "references" else _score_tasks
        for metric_name, (metric, metric_errors) in scorer(gold, prediction).items():
            metrics[metric_name] = metric
            errors += metric_errors
    return DocumentReport(golds[0].name, golds[0].source, metrics), errors


def _score_references(gold: GoldDocument, prediction: _Prediction) -> dict[str, Result]:
    name, refs = gold.name, prediction.references
    results = {
        "references.span": score_reference_spans(name, gold.references, refs),
        "references.identity": score_identity(name, gold.references, refs),
        "references.resolution": score_resolution(name, gold.references, refs),
    }
    if gold.meta is not None:
        results["metadata"] = score_metadata(name, gold.meta, gold.meta_fields, prediction.meta)
    return results


def _score_tasks(gold: GoldDocument, prediction: _Prediction) -> dict[str, Result]:
    name = gold.name
    segmentation, errors, pairs = score_segmentation(name, gold.tasks, prediction.tasks, gold.coverage)
    recognition, canonicalization = score_bodies(name, gold.bodies, prediction.bodies, gold.coverage)
    return {
        "tasks.segmentation": (segmentation, errors),
        "bodies.recognition": recognition,
        "bodies.canonicalization": canonicalization,
        "roles": score_roles(name, pairs),
        "deadlines": score_deadlines(name, pairs),
    }


def _micro_average(documents: Sequence[DocumentReport]) -> dict[str, Metric]:
    total: dict[str, Metric] = {}
    for name, (kind, _) in METRICS.items():
        parts = [d.metrics[name] for d in documents if name in d.metrics]
        if parts:
            start: Metric = Score() if kind == "prf" else Accuracy()
            total[name] = sum(parts, start)  # type: ignore[arg-type]
    return total


# ---------------------------------------------------------------------------------------------
# Output


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _row(name: str, metric: Metric, width: int) -> str:
    if isinstance(metric, Score):
        cells = [_fmt(metric.precision), _fmt(metric.recall), _fmt(metric.f1),
                 str(metric.tp), str(metric.fp), str(metric.fn)]
    else:
        cells = ["", "", _fmt(metric.accuracy), str(metric.correct),
                 str(metric.total - metric.correct), ""]
    return (f"{name:<{width}}" + "".join(f"{c:>8}" for c in cells)).rstrip()


def format_table(report: Report) -> str:
    """Fixed-width text: the totals (rows = metrics), then F1 or accuracy per document.

    For accuracy rows the tp column counts correct items and fp wrong ones.
    """
    width = max(len(n) for n in METRICS) + 2
    header = f"{'metric':<{width}}" + "".join(f"{c:>8}" for c in ("P", "R", "F1/acc", "tp", "fp", "fn"))
    lines = [header, "-" * len(header)]
    lines += [_row(name, metric, width) for name, metric in report.total.items()]
    count = len(report.documents)
    lines += ["", f"{count} text{'' if count == 1 else 's'}, {report.seconds:.1f} s; "
                  "accuracy rows: tp = correct, fp = wrong", "", *_document_table(report)]
    if report.problems:
        lines += ["", "Problems:", *(f"  {p}" for p in report.problems)]
    return "\n".join(lines)


SHORT_NAMES = {
    "references.span": "ref.span", "references.identity": "ref.id", "references.resolution": "ref.res",
    "metadata": "meta", "tasks.segmentation": "task.seg", "bodies.recognition": "body.rec",
    "bodies.canonicalization": "body.id", "roles": "roles", "deadlines": "deadl.",
}


def _headline(metric: Metric) -> float | None:
    return metric.f1 if isinstance(metric, Score) else metric.accuracy


def _document_table(report: Report) -> list[str]:
    """Per document: F1 (P/R/F1 metrics) or accuracy; blank where the layer is not annotated."""
    width = max([len(d.name) for d in report.documents] + [8]) + 2
    header = f"{'document':<{width}}" + "".join(f"{SHORT_NAMES[n]:>9}" for n in METRICS)
    lines = ["Per document (F1 or accuracy; blank = layer not annotated, n/a = no gold item):",
             header, "-" * len(header)]
    for document in report.documents:
        cells = [_fmt(_headline(document.metrics[n])) if n in document.metrics else "" for n in METRICS]
        lines.append((f"{document.name:<{width}}" + "".join(f"{c:>9}" for c in cells)).rstrip())
    return lines


def format_errors(report: Report, metric: str | None = None) -> str:
    """One line per error: document, metric, kind, span, text, expected → got."""
    lines = []
    for e in report.errors:
        if metric and not e.metric.startswith(metric):
            continue
        span = f"[{e.start}:{e.end}]" if e.start is not None else "-"
        text = " ".join(e.text.split())
        text = text if len(text) <= 70 else text[:67] + "..."
        lines.append(f"{e.document}\t{e.metric}\t{e.kind}\t{span}\t{text!r}\t"
                     f"expected {e.expected!r} got {e.got!r}")
    return "\n".join(lines)


def _metric_json(metric: Metric) -> dict[str, Any]:
    figures = {k: (None if v is None else round(v, 4)) for k, v in metric.figures().items()}
    if isinstance(metric, Score):
        return {**figures, "tp": metric.tp, "fp": metric.fp, "fn": metric.fn}
    return {**figures, "correct": metric.correct, "total": metric.total}


def report_to_json(report: Report) -> dict[str, Any]:
    return {
        "total": {name: _metric_json(m) for name, m in report.total.items()},
        "documents": [
            {"name": d.name, "path": d.path,
             "metrics": {name: _metric_json(m) for name, m in d.metrics.items()}}
            for d in report.documents
        ],
        "errors": [asdict(e) for e in report.errors],
        "figures": {k: (None if v is None else round(v, 4)) for k, v in report.figures().items()},
        "problems": list(report.problems),
        "seconds": report.seconds,
    }


# ---------------------------------------------------------------------------------------------
# Floors


def load_floors(path: Path = FLOORS_PATH) -> dict[str, float]:
    return json.loads(Path(path).read_text(encoding="utf-8")) if Path(path).exists() else {}


def check_floors(report: Report, floors: dict[str, float]) -> list[str]:
    """A message per figure below its floor (an n/a figure is below any floor above 0)."""
    figures = report.figures()
    violations = []
    for name, floor in floors.items():
        if name not in figures:
            violations.append(f"metric {name} has a floor ({floor}) but the report has no such figure")
            continue
        value = figures[name]
        if (value is None and floor > 0) or (value is not None and value < floor):
            violations.append(f"metric {name} is {_fmt(value)}, below its floor {floor}")
    return violations


def floor_for(value: float | None, margin: float = FLOOR_MARGIN) -> float:
    """The value rounded down to 2 decimals, minus the margin, not below 0."""
    if value is None:
        return 0.0
    rounded = math.floor(value * 100 + 1e-9) / 100
    return max(0.0, round(rounded - margin, 2))


def floors_from_report(report: Report, margin: float = FLOOR_MARGIN) -> dict[str, float]:
    return {name: floor_for(value, margin) for name, value in report.figures().items()}


def update_floors(report: Report, path: Path = FLOORS_PATH, margin: float = FLOOR_MARGIN) -> dict[str, float]:
    """Raise each floor to the current figure minus the margin; never lower one. Writes `path`."""
    floors = load_floors(path)
    for name, candidate in floors_from_report(report, margin).items():
        floors[name] = max(floors.get(name, 0.0), candidate)
    Path(path).write_text(json.dumps(floors, indent=2) + "\n", encoding="utf-8")
    return floors
