"""The evaluation report as a table, JSON and the errors list; floors CI enforces."""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .gold import FLOOR_MARGIN, FLOORS_PATH
from .metrics import (
    METRICS,
    Metric,
    Report,
    Score,
)

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
