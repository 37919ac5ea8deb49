"""Rows of a query laid out for a terminal: what `--table` prints.

A query's rows carry every field a script may want (ids, the document's id and symbol, the
deadline as written, as a date and as a year ...): twelve columns cannot all be read in 80 or
100 characters. So the table keeps the columns a reader reads — the task's text, who leads it,
by when — at a useful width, and leaves out the ones that repeat another column or matter least
(`PRIORITY`) until the rest fits; only the text columns are cut, with `…`. `--wide` prints every
column and cell whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CELL_WIDTH = 70  # characters a cell shows at most, unless --wide
GAP = 2  # spaces between columns (tabulate's)
HEADER = 13  # characters of a header kept at least (`deadline_date`), if no value is wider

# Columns of free text: they take the width left once the others are whole, each keeping at
# least (characters, share of the terminal): a task's text needs about 30 characters to be
# recognised, and gets more on a wider terminal rather than the ids.
FLEXIBLE = {"text": (30, 0.4), "passage_text": (30, 0.4), "title": (24, 0.35),
            "lead": (16, 0.2), "evidence": (20, 0.2), "provinces": (12, 0.1),
            "passage": (24, 0.3)}

# How much a column is worth keeping (higher: kept longer); unlisted columns 50. Columns that
# repeat another one (`document_id` is the start of a task's `id`, `deadline_year` of its
# `deadline_date`) or are for scripts (`depth`, `ingested`) go first.
PRIORITY = {
    "text": 100, "passage_text": 100, "title": 95, "what": 100, "count": 100, "lead": 90,
    "deadline_date": 85, "cited_by": 85, "implemented_by": 85, "rank": 85, "part": 85,
    "id": 80, "document_symbol": 75, "symbol": 75, "target_document": 75, "date": 70,
    "role": 70, "tasks": 70, "deadline_text": 60, "section": 60, "coverage": 60,
    "reuse_class": 55, "body_id": 55, "provinces": 55, "jurisdiction": 45, "documents": 45,
    "kind": 35, "confident": 35, "level": 30, "deadline_type": 25, "passage_section": 40,
    "document_id": 20, "deadline_year": 15, "ingested": 15, "depth": 10,
}


@dataclass(frozen=True)
class Layout:
    """The columns a table shows, each with its width, and those left out to fit."""

    widths: dict[str, int]
    dropped: tuple[str, ...]


def short(value: Any, width: int | None = CELL_WIDTH) -> str:
    """A cell on one line, cut to `width` characters with `…` (None: whole)."""
    text = " ".join(str(value).split()) if value is not None else ""
    return text if width is None or len(text) <= width else text[: width - 1] + "…"


def fit(rows: list[dict[str, Any]], width: int) -> tuple[list[dict[str, str]], tuple[str, ...]]:
    """`rows` cut to a table of at most `width` characters a line, and the columns left out."""
    cells = [{k: short(v) for k, v in row.items()} for row in rows]
    layout = plan(cells, width)
    return [{short(k, w): short(row[k], w) for k, w in layout.widths.items()}
            for row in cells], layout.dropped


def plan(cells: list[dict[str, str]], width: int) -> Layout:
    """Leave out the least worth columns until the rest fit with their minimum widths (and
    bring back any left out that fits again once a wider one went), then give the text columns
    what is left, the widest cut first."""
    order = list(cells[0])
    natural = {k: max(len(k), *(len(r[k]) for r in cells)) for k in order}
    keys = list(order)
    dropped: list[str] = []
    while len(keys) > 1 and not _fits(keys, natural, cells, width):
        worst = min(keys, key=lambda k: (_priority(k, keys), -keys.index(k)))
        keys.remove(worst)
        dropped.append(worst)
    for key in reversed(list(dropped)):  # the most worth first
        trial = [k for k in order if k in keys or k == key]
        if _fits(trial, natural, cells, width):
            keys = trial
            dropped.remove(key)
    widths = {k: natural[k] for k in keys}
    floor = {k: _floor(k, keys, natural, cells, width) for k in keys}
    while sum(widths.values()) + GAP * (len(keys) - 1) > width:
        cuttable = [k for k in keys if widths[k] > floor[k]]
        if not cuttable:
            break  # one column wider than the terminal: it stays so
        widths[max(cuttable, key=lambda k: widths[k] - floor[k])] -= 1
    return Layout(widths, tuple(dropped))


def _fits(keys: list[str], natural: dict[str, int], cells: list[dict[str, str]],
          width: int) -> bool:
    """The columns fit `width` at their narrowest (`_floor`)."""
    least = sum(_floor(k, keys, natural, cells, width) for k in keys)
    return least + GAP * (len(keys) - 1) <= width


def _priority(key: str, keys: list[str]) -> int:
    """`PRIORITY`, and nothing for a column that repeats another (a task's `document_id` when
    its `id` is shown: the id starts with it)."""
    if key == "document_id" and "id" in keys:
        return 0
    return PRIORITY.get(key, 50)


def _floor(key: str, keys: list[str], natural: dict[str, int], cells: list[dict[str, str]],
           width: int) -> int:
    """How narrow a column may be cut: a text column to its minimum (`FLEXIBLE`); another to its
    widest value (an id cut short is no id), its header to `HEADER` characters or what tells it
    from the others (`document_sym…`)."""
    if key in FLEXIBLE:
        least, share = FLEXIBLE[key]
        return min(natural[key], max(least, int(share * width)))
    values = max(len(r[key]) for r in cells)
    return max(values, min(len(key), max(_unique_prefix(key, keys) + 1, HEADER)))


def _unique_prefix(key: str, keys: list[str]) -> int:
    """How many of `key`'s first characters no other key starts with."""
    return next((n for n in range(1, len(key) + 1)
                 if not any(o != key and o.startswith(key[:n]) for o in keys)), len(key))
