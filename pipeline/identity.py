"""How documents, stubs and tasks are named in the graph (`corpora/CONVENTIONS.md`), in one place.

`187-KL/TW@2024-03-14` is a document known by symbol and date, `34/2016/NĐ-CP@2016` one known by
symbol and year, `stub:21-NQ/TW` a cited symbol no resolution could pin down, and
`187-KL/TW@2024-03-14#t3` the third task of a document.
"""

from __future__ import annotations

from .records import Reference, Task

STUB_PREFIX = "stub:"


def canonical_id(symbol: str, date: str | None = None, year: int | None = None) -> str:
    """`SYMBOL@DATE`, else `SYMBOL@YEAR`, else the symbol alone."""
    if date:
        return f"{symbol}@{date}"
    if year:
        return f"{symbol}@{year}"
    return symbol


def stub_id(symbol: str) -> str:
    """The node of a cited symbol whose document is not known: one per symbol."""
    return STUB_PREFIX + symbol


def target_key(reference: Reference) -> str | None:
    """Where a reference points in the graph: its target, or the stub of its symbol."""
    if reference.target:
        return reference.target
    if reference.symbol:
        return stub_id(reference.symbol)
    return None


def task_key(document_id: str, task: Task) -> str:
    return f"{document_id}#{task.id}"
