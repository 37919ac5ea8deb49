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
    lines += ["", f"{count} text{'' if count == 1 else 's'} extracted and scored in "
                  f"{report.seconds:.1f} s; accuracy rows: tp = correct, fp = wrong", "",
              *_source_table(report), "", *_document_table(report)]
    if report.problems:
        lines += ["", "Problems:", *(f"  {p}" for p in report.problems)]
    return "\n".join(lines)


SHORT_NAMES = {
    "references.span": "ref.span", "references.identity": "ref.id", "references.resolution": "ref.res",
    "metadata": "meta", "metadata.symbol": "symbol", "metadata.date": "date",
    "tasks.segmentation": "task.seg", "bodies.recognition": "body.rec",
    "bodies.canonicalization": "body.id", "roles": "roles", "roles.lead": "lead",
    "roles.coordinate": "coord.", "roles.report_to": "report", "roles.via": "via",
    "deadlines": "deadl.",
}
# The figures a reader compares across sources (issue 12's targets), in the per-source table.
SOURCE_COLUMNS = ("tasks.segmentation", "roles.lead", "roles.coordinate", "roles.report_to",
                  "deadlines", "metadata.symbol", "metadata.date", "references.identity")


def _headline(metric: Metric) -> float | None:
    return metric.f1 if isinstance(metric, Score) else metric.accuracy


def _source_table(report: Report) -> list[str]:
    """Per group (`tuned`, `unseen`, `first-wave`) and per source: F1 or accuracy of the headline figures,
    with the number of gold tasks each stands on."""
    rows = [(f"[{group}]", metrics) for group, metrics in report.by_group.items() if metrics]
    rows += [(_short_source(name) + ("*" if name in report.tuned else ""), metrics)
             for name, metrics in sorted(report.by_collection.items())]
    width = max([len(name) for name, _ in rows] + [8]) + 2
    header = (f"{'source':<{width}}" + f"{'tasks':>6}"
              + "".join(f"{SHORT_NAMES[n]:>9}" for n in SOURCE_COLUMNS))
    lines = ["Per group and source (F1 or accuracy; * = rules were tuned on the source,",
             "[unseen] = the sources without * (never tuned on), [formerly-unseen] = held out once,",
             "their errors read since; tasks blank = no task annotated):", header,
             "-" * len(header)]
    for name, metrics in rows:
        segmentation = metrics.get("tasks.segmentation")
        gold = str(segmentation.gold) if isinstance(segmentation, Score) else ""
        cells = [_fmt(_headline(metrics[n])) if n in metrics else "" for n in SOURCE_COLUMNS]
        lines.append((f"{name:<{width}}{gold:>6}"
                      + "".join(f"{c:>9}" for c in cells)).rstrip())
    return lines


def _short_source(name: str) -> str:
    """`dev-2026-12/src01-vpubnd49-VBAI` → `dev/src01-vpubnd49`: the table fits a terminal."""
    if name.startswith("dev-2026-12/"):
        return "dev/" + "-".join(name.split("/", 1)[1].split("-")[:2])
    return name


DOCUMENT_COLUMNS = ("references.identity", "metadata", *SOURCE_COLUMNS[:-1])
NAME_WIDTH = 28


def _document_table(report: Report) -> list[str]:
    """Per document: F1 (P/R/F1 metrics) or accuracy of the headline figures; blank where the
    layer is not annotated. `--json` has every metric of every document."""
    header = f"{'document':<{NAME_WIDTH}}" + "".join(f"{SHORT_NAMES[n]:>9}" for n in DOCUMENT_COLUMNS)
    lines = ["Per document (F1 or accuracy; blank = not annotated, n/a = no gold item):",
             header, "-" * len(header)]
    for document in report.documents:
        name = document.name if len(document.name) < NAME_WIDTH else (
            document.name[:NAME_WIDTH - 2] + "…")
        cells = [_fmt(_headline(document.metrics[n])) if n in document.metrics else ""
                 for n in DOCUMENT_COLUMNS]
        lines.append((f"{name:<{NAME_WIDTH}}" + "".join(f"{c:>9}" for c in cells)).rstrip())
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
        "groups": {group: {name: _metric_json(m) for name, m in metrics.items()}
                   for group, metrics in report.by_group.items()},
        "sources": {source: {name: _metric_json(m) for name, m in metrics.items()}
                    for source, metrics in report.by_collection.items()},
        "problems": list(report.problems),
        "seconds": report.seconds,
    }


# ---------------------------------------------------------------------------------------------
# Floors


Floors = dict[str, dict[str, float]]  # group (`tuned`, `unseen`) → figure → floor


def load_floors(path: Path = FLOORS_PATH) -> Floors:
    """Floors per group: `tuned` holds today's gold to its figures, `unseen` the sources no rule
    was tuned on (a flat file of the first wave counts as `tuned`)."""
    if not Path(path).exists():
        return {}
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data if all(isinstance(v, dict) for v in data.values()) else {"tuned": data}


def check_floors(report: Report, floors: Floors) -> list[str]:
    """A message per figure below its floor (an n/a figure is below any floor above 0)."""
    violations = []
    for group, group_floors in floors.items():
        figures = report.figures(group)
        for name, floor in group_floors.items():
            if name not in figures:
                violations.append(f"{group}: metric {name} has a floor ({floor}) but the report "
                                  "has no such figure")
                continue
            value = figures[name]
            if (value is None and floor > 0) or (value is not None and value < floor):
                violations.append(f"{group}: metric {name} is {_fmt(value)}, below its floor {floor}")
    return violations


def floor_for(value: float | None, margin: float = FLOOR_MARGIN) -> float:
    """The value rounded down to 2 decimals, minus the margin, not below 0."""
    if value is None:
        return 0.0
    rounded = math.floor(value * 100 + 1e-9) / 100
    return max(0.0, round(rounded - margin, 2))


def floors_from_report(report: Report, margin: float = FLOOR_MARGIN) -> Floors:
    return {group: {name: floor_for(value, margin) for name, value in report.figures(group).items()}
            for group in report.by_group}


def update_floors(report: Report, path: Path = FLOORS_PATH, margin: float = FLOOR_MARGIN) -> Floors:
    """Raise each floor to the current figure minus the margin; never lower one. Writes `path`."""
    floors = load_floors(path)
    for group, candidates in floors_from_report(report, margin).items():
        current = floors.setdefault(group, {})
        for name, candidate in candidates.items():
            current[name] = max(current.get(name, 0.0), candidate)
    Path(path).write_text(json.dumps(floors, indent=2) + "\n", encoding="utf-8")
    return floors
