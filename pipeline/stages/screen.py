"""Screen stage: a learned check on the tasks the rules found.

The rules that cut tasks were written on a few sources; on layouts they were not written for
they over-generate (checklist lines, outcomes, headings that read like tasks). A logistic
regression over simple features of each task found (its opening words, the heading above it,
its kind and place in the outline, whether it names a lead, its length and ending) gives the
probability that an annotator would call it a task; tasks below the screen's threshold are
dropped. `python -m pipeline train` fits it on the gold of the sources marked tuned and nothing
else (`pipeline.evaluation.screen`); `benchmarks/compare_screen.py` compares it with the rules
alone, per source, leaving each source out of its own training. Without a screen file the
stage keeps every task.

Scoring is a sum of weights (no library at run time: a run should not pay for importing one).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import ResourceError
from ..normalize import fold
from ..records import Task

SCREEN_FILE = "task_screen.json"
# Chosen on the tuned sources, each left out of its own training (0.2-0.4 give the same F1).
THRESHOLD = 0.3

Screen = Callable[[list[Task]], list[Task]]

_ROMAN = re.compile(r"[IVXL]+")
_LETTER = re.compile(r"[a-zđ](?:~\d+)?")
_NOUN_OPENING = re.compile(r"^(?:việc|công tác)\b")
_LENGTHS = (40, 80, 160, 320, 800)


def features(task: Task) -> list[str]:
    """The words a screen weighs for one task: what it opens with, what heads it, where it sits,
    whom it names, how long it is and how it ends."""
    text = fold(" ".join(task.text.split()))
    words = text.split()
    found = [f"w1={words[0] if words else ''}", f"w12={' '.join(words[:2])}", f"kind={task.kind}"]
    found += _place(task.section)
    if task.headings:
        heading = fold(task.headings[-1]).split()
        found += [f"h1={heading[0] if heading else ''}", f"h12={' '.join(heading[:2])}"]
    else:
        found.append("noheading")
    explicit = any(not f.inherited for f in task.lead)
    found.append("lead=" + ("explicit" if explicit else "inherited" if task.lead else "none"))
    if task.deadline is not None:
        found.append(f"dl={task.deadline.type}")
    found += [name for name, present in (("coord", task.coordinate), ("rep", task.report_to),
                                         ("noverb", not task.verbs), ("pct", "%" in text),
                                         ("nounopen", _NOUN_OPENING.match(text)),
                                         ("colon60", ":" in text[:60]),
                                         ("lower", task.text[:1].islower())) if present]
    found.append(f"len={sum(len(text) >= n for n in _LENGTHS)}")
    found.append(f"end={text.rstrip()[-1:]}")
    return found


def _place(section: str | None) -> list[str]:
    """How deep the task sits and what kind of marker its own item has."""
    parts = section.split(".") if section else []
    last = parts[-1] if parts else ""
    kind = ("none" if not last else "bullet" if last.startswith("-") else
            "digit" if last[:1].isdigit() else "roman" if _ROMAN.fullmatch(last) else
            "letter" if _LETTER.fullmatch(last) else "other")
    return [f"depth={min(len(parts), 5)}", f"last={kind}"]


@dataclass(frozen=True)
class TaskScreen:
    """A logistic regression over `features`: weights by feature, a bias, a threshold."""

    weights: dict[str, float]
    bias: float
    threshold: float = THRESHOLD
    trained_on: tuple[str, ...] = ()  # the sources of its training examples
    examples: int = 0
    notes: dict[str, object] = field(default_factory=dict)

    def probability(self, task: Task) -> float:
        return self.probability_of(features(task))

    def probability_of(self, names: Iterable[str]) -> float:
        """The probability of a task with these features (each counted once)."""
        score = self.bias + sum(self.weights.get(name, 0.0) for name in sorted(set(names)))
        return 1.0 / (1.0 + math.exp(-score))

    def __call__(self, tasks: list[Task]) -> list[Task]:
        """The tasks at or above the threshold, numbered again from t1."""
        kept = [t for t in tasks if self.probability(t) >= self.threshold]
        return [replace(t, id=f"t{i + 1}") for i, t in enumerate(kept)]

    def to_json(self) -> str:
        data = {"kind": "logistic-regression", "features": "pipeline.stages.screen.features",
                "threshold": self.threshold, "bias": round(self.bias, 6),
                "trained_on": list(self.trained_on), "examples": self.examples,
                "notes": self.notes,
                "weights": {k: round(v, 6) for k, v in sorted(self.weights.items()) if v}}
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def keep_all(tasks: list[Task]) -> list[Task]:
    """The screen of a pipeline without a trained one: every task is kept."""
    return tasks


def load_screen(directory: Path) -> Screen:
    """The screen saved in a model folder, or `keep_all` where there is none. A file that
    cannot be read is a `ResourceError` (one line naming it), not a failure of every document."""
    path = Path(directory) / SCREEN_FILE
    if not path.is_file():
        return keep_all
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return TaskScreen(weights={k: float(v) for k, v in data["weights"].items()},
                          bias=float(data["bias"]), threshold=float(data["threshold"]),
                          trained_on=tuple(data.get("trained_on", ())),
                          examples=int(data.get("examples", 0)),
                          notes=dict(data.get("notes", {})))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise ResourceError(path, f"is not a task screen ({type(error).__name__}: {error}); "
                                  "run `python -m pipeline train`") from error


def fit_screen(examples: Sequence[tuple[Sequence[str], int]], trained_on: Iterable[str] = (),
               threshold: float = THRESHOLD, notes: dict[str, object] | None = None) -> TaskScreen:
    """A screen fitted on (features, 1 if an annotator called it a task) pairs, with
    scikit-learn's logistic regression (L2, C=1; imported here: only training needs it)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(names, 1) for names, _ in examples])
    labels = [label for _, label in examples]
    model = LogisticRegression(C=1.0, max_iter=2000, solver="lbfgs").fit(matrix, labels)
    weights = dict(zip(vectorizer.get_feature_names_out(), model.coef_[0].tolist(), strict=True))
    return TaskScreen(weights=weights, bias=float(model.intercept_[0]), threshold=threshold,
                      trained_on=tuple(sorted(set(trained_on))), examples=len(examples),
                      notes=notes or {})
