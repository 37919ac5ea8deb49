"""Training material for the task screen (`pipeline.stages.screen`): every task the rules find
in a gold text, with the features the screen weighs and whether an annotator called it a task.

Only texts of sources marked tuned in `collections.json` train the screen that ships: a source
held out must stay a measure of text nothing was fitted on. `leave_one_out` gives, per source,
the figures of the rules alone and of the rules with a screen trained on the other tuned
sources (`benchmarks/compare_screen.py`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..extract import extract
from ..ingest import ingest
from ..records import Task
from ..resources import Resources
from ..stages.screen import SCREEN_FILE, THRESHOLD, Screen, TaskScreen, features, fit_screen
from .gold import FETCHED_COLLECTION, Collection, GoldDocument
from .metrics import in_coverage, match_overlap


@dataclass(frozen=True)
class Example:
    """One task the rules found in a gold text: its features and whether gold has it."""

    source: str  # the gold text's collection
    document: str
    features: tuple[str, ...]
    label: int  # 1: an annotated task overlaps it (the evaluation's matching), 0: spurious


@dataclass(frozen=True)
class SourceCounts:
    """How many gold tasks a source has, and the examples of its texts."""

    gold_tasks: int
    examples: tuple[Example, ...]


def examples_of(golds: Sequence[GoldDocument], resources: Resources) -> dict[str, SourceCounts]:
    """Per source, the tasks the rules find in its task-annotated texts (the screen off)."""
    found: dict[str, list[Example]] = {}
    gold_tasks: dict[str, int] = {}
    for gold in golds:
        if gold.layer != "tasks":
            continue
        recorded: list[list[str]] = []
        doc = extract(ingest(gold.file), resources, screen=_recorder(recorded))
        annotated = [t for t in gold.tasks if in_coverage(t, gold.coverage)]
        pairs, _, _ = match_overlap(annotated, doc.tasks)
        matched = {id(task) for _, task in pairs}
        found.setdefault(gold.collection, []).extend(
            Example(gold.collection, gold.name, tuple(names), int(id(task) in matched))
            for task, names in zip(doc.tasks, recorded, strict=True)
            if in_coverage(task, gold.coverage))
        gold_tasks[gold.collection] = gold_tasks.get(gold.collection, 0) + len(annotated)
    return {name: SourceCounts(gold_tasks[name], tuple(found[name])) for name in found}


def _recorder(into: list[list[str]]) -> Screen:
    """A screen that keeps every task and records its features (at the stage's offsets)."""
    def record(tasks: list[Task]) -> list[Task]:
        into.extend(features(task) for task in tasks)
        return tasks
    return record


def train_screen(by_source: Mapping[str, SourceCounts], collections: Mapping[str, Collection],
                 threshold: float = THRESHOLD) -> TaskScreen:
    """The screen fitted on every tuned source's examples, and on nothing else. A fetched
    source (`external/...`: its texts live outside the repository) never trains it, tuned or
    not, so every machine, CI included, rebuilds the same screen from the same texts."""
    tuned = sorted(name for name in by_source if collections.get(name) and collections[name].tuned
                   and not name.startswith(FETCHED_COLLECTION))
    examples = [(e.features, e.label) for name in tuned for e in by_source[name].examples]
    return fit_screen(examples, trained_on=tuned, threshold=threshold)


@dataclass(frozen=True)
class Comparison:
    """Task-finding figures of one source, rules alone and rules with a screen."""

    source: str
    tuned: bool
    rules: tuple[int, int, int]  # tp, fp, fn
    screened: tuple[int, int, int]


def leave_one_out(by_source: Mapping[str, SourceCounts], collections: Mapping[str, Collection],
                  threshold: float = THRESHOLD) -> list[Comparison]:
    """Per source, the rules alone against the rules with a screen trained on the tuned sources
    other than itself (for a held-out source: on all of them, the screen as it ships)."""
    tuned = {name for name, c in collections.items() if c.tuned}
    rows = []
    for name, counts in sorted(by_source.items()):
        others = {n: c for n, c in by_source.items() if n != name}
        screen = train_screen(others, collections, threshold)
        kept = [e for e in counts.examples if screen.probability_of(e.features) >= threshold]
        rows.append(Comparison(name, name in tuned, _counts(counts.examples, counts.gold_tasks),
                               _counts(kept, counts.gold_tasks)))
    return rows


def _counts(examples: Sequence[Example], gold_tasks: int) -> tuple[int, int, int]:
    tp = sum(e.label for e in examples)
    return tp, len(examples) - tp, gold_tasks - tp


def save_screen(model_dir: Path, golds: Sequence[GoldDocument], resources: Resources,
                collections: Mapping[str, Collection]) -> TaskScreen:
    """Fit the screen on the tuned sources' gold and write it into the model folder."""
    screen = train_screen(examples_of(golds, resources), collections)
    (Path(model_dir) / SCREEN_FILE).write_text(screen.to_json(), encoding="utf-8")
    return screen
