"""The metrics of corpora/EVALUATION.md: matching spans, precision/recall/F1 and accuracy per
layer, and the errors behind each figure."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from ..normalize import fold, nfc
from ..records import Deadline, DocumentMeta
from .gold import DEADLINE_FIELDS, ROLES, SIGNER_FIELDS, GoldBody, GoldReference, GoldTask

OVERLAP_THRESHOLD = 0.5

# metric name → (kind, layer): kind "prf" (precision/recall/F1) or "accuracy"
METRICS: dict[str, tuple[str, str]] = {
    "references.span": ("prf", "references"),
    "references.identity": ("prf", "references"),
    "references.resolution": ("accuracy", "references"),
    "metadata": ("accuracy", "references"),
    "metadata.symbol": ("accuracy", "references"),
    "metadata.date": ("accuracy", "references"),
    "tasks.segmentation": ("prf", "tasks"),
    "bodies.recognition": ("prf", "tasks"),
    "bodies.canonicalization": ("accuracy", "tasks"),
    "roles": ("prf", "tasks"),
    "roles.lead": ("prf", "tasks"),
    "roles.coordinate": ("prf", "tasks"),
    "roles.report_to": ("prf", "tasks"),
    "roles.via": ("prf", "tasks"),
    "deadlines": ("accuracy", "tasks"),
}

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
    collection: str = ""  # the publishing source (`gold.collection_of`)
    wave: int = 1  # the annotation wave of its gold files


@dataclass
class Report:
    documents: list[DocumentReport]
    total: dict[str, Metric]
    errors: list[ErrorItem]
    problems: list[str] = field(default_factory=list)  # texts the pipeline failed on, offset drift
    seconds: float = 0.0
    by_collection: dict[str, dict[str, Metric]] = field(default_factory=dict)
    # `tuned`: sources some rule was fitted on; `unseen`: sources never used for tuning;
    # `first-wave`: the 29 texts of the first wave, whatever their source (today's gold)
    by_group: dict[str, dict[str, Metric]] = field(default_factory=dict)
    tuned: tuple[str, ...] = ()  # the sources some rule was fitted on

    def figures(self, group: str | None = None) -> dict[str, float | None]:
        """Flat figures of the total (or of one group): `references.span.f1`, `metadata.accuracy`."""
        metrics = self.total if group is None else self.by_group.get(group, {})
        return {f"{name}.{key}": value for name, metric in metrics.items()
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
    for guess in predicted:
        waiting[(guess.start, guess.end)].append(guess)
    pairs: list[tuple[G, P]] = []
    missed: list[G] = []
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
    """(recognition, canonicalization) of body mentions. Canonicalization is judged where the
    gold names the body (an id): a mention annotated without one (the gazetteer lacked it)
    leaves nothing to check, whatever id a grown gazetteer gives it now."""
    gold = [b for b in gold if in_coverage(b, coverage)]
    predicted = [b for b in predicted if in_coverage(b, coverage)]
    pairs, missed, spurious = match_exact(gold, predicted)
    recognition = score_from_match(pairs, missed, spurious)
    recognition_errors = _span_errors(name, "bodies.recognition", missed, spurious, gold, predicted)
    pairs = [(g, p) for g, p in pairs if g.id is not None]
    wrong = [(g, p) for g, p in pairs if g.id != p.id]
    canonical_errors = [ErrorItem(name, "bodies.canonicalization", "wrong", g.text, g.start, g.end,
                                  g.id, p.id) for g, p in wrong]
    return ((recognition, recognition_errors),
            (Accuracy(len(pairs) - len(wrong), len(pairs)), canonical_errors))


def role_pairs(task: Any, roles: Sequence[str] = ROLES) -> Counter[tuple[str, str]]:
    """(role, body) of a task; the body is its id, else its folded text. `inherited` is ignored.

    A filler with neither id nor text (a gold lead inherited from bodies the gazetteer has no
    group for, and the text does not name) names nobody: no system could match it, so it is not
    scored; a task whose only lead is such a filler is right with no lead."""
    pairs: Counter[tuple[str, str]] = Counter()
    for role in roles:
        for filler in getattr(task, role, ()) or ():
            if not filler.id and not filler.text:
                continue
            key = filler.id if filler.id else f"text:{normalize_value(filler.text)}"
            pairs[(role, key)] += 1
    return pairs


def score_roles(name: str, pairs: Sequence[tuple[GoldTask, Any]],
                roles: Sequence[str] = ROLES) -> Result:
    """Role fillers of the matched tasks (all roles, or the ones named)."""
    total = Score()
    errors = []
    for gold, predicted in pairs:
        expected, got = role_pairs(gold, roles), role_pairs(predicted, roles)
        _match_unnamed(expected, got, predicted, roles)
        total += score_sets(expected.elements(), got.elements())
        errors += [ErrorItem(name, "roles", "missed", gold.text, gold.start, gold.end, f"{r} {b}", None)
                   for r, b in (expected - got).elements()]
        errors += [ErrorItem(name, "roles", "spurious", gold.text, gold.start, gold.end, None, f"{r} {b}")
                   for r, b in (got - expected).elements()]
    return total, errors


def _match_unnamed(expected: Counter[tuple[str, str]], got: Counter[tuple[str, str]],
                   predicted: Any, roles: Sequence[str]) -> None:
    """A gold filler without an id (the gazetteer had no entry when it was annotated) is met
    by a predicted filler of the same words, whatever id that one carries: a gazetteer that has
    since learned the body must not turn a right answer into a miss and a spurious pair. The
    predicted pair is renamed to the gold's key in `got`, once per gold occurrence. The gold's
    words may name the office's holder (`Chánh Văn phòng HĐND và UBND huyện`), where the guide
    allows the office's id as well: the holder's title before the predicted words meets them."""
    for role in roles:
        for filler in getattr(predicted, role, ()) or ():
            if not filler.id or not filler.text:
                continue
            named = (role, filler.id)
            for title in _HOLDER_TITLES:
                unnamed = (role, f"text:{normalize_value(f'{title} {filler.text}')}")
                if got[named] > expected[named] and got[unnamed] < expected[unnamed]:
                    got[named] -= 1
                    got[unnamed] += 1
                    break
    got += Counter()  # drop the zero counts left behind


# Who holds an office, named before it: `A person acting in an office fills the role with the
# office's id, or id: null and the words` (ANNOTATION.md); "" is the office's own words.
_HOLDER_TITLES = ("", "chánh", "phó chánh", "giám đốc", "phó giám đốc", "trưởng", "phó trưởng",
                  "thủ trưởng", "chủ tịch", "phó chủ tịch", "bí thư", "phó bí thư")


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


def character_error_rate(expected: str, got: str) -> float:
    """Edit distance over the expected length, spaces squashed and both NFC: the measure of OCR
    (a line break read as a space is not an error)."""
    a = " ".join(nfc(expected).split())
    b = " ".join(nfc(got).split())
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char != other)))
        previous = current
    return previous[-1] / max(len(a), 1)
