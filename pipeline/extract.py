"""The orchestrator: one document through every stage, in this order, each a peer of the others.

    clean       source text → clean text with a map back to the original, tables
    metadata    kind, symbol, date, issuer, signer ... and the jurisdiction, decided once
    outline     sections
    references  every mention of a document, parsed (finding only)
    resolve     each mention → one identity, through the knowledge base
    bodies      body mentions with canonical ids
    tasks       tasks with their roles (given the bodies) and the time words they state
    deadlines   time words → structured deadlines
    screen      a learned check that drops what an annotator would not call a task
    sources     the documents each task carries out

Every stage reads and returns clean offsets; `_to_original` maps the whole document back to the
original text once, at the end. `extract(source)` returns the `ExtractedDocument`, `to_json(doc)`
the stable, versioned JSON object of `python -m pipeline extract FILE --json`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from typing import Any

from .knowledge import KnowledgeBase
from .records import (
    SCHEMA_VERSION,
    BodyMention,
    DocumentMeta,
    ExtractedDocument,
    Problem,
    Reference,
    Section,
    SourceDocument,
    Task,
    evolve,
    to_jsonable,
)
from .resources import Resources, load_resources
from .stages.bodies import find_bodies, named_or_role_filling
from .stages.clean import CleanDocument, clean, clean_spans
from .stages.deadlines import read_deadlines
from .stages.metadata import read_metadata
from .stages.outline import quoted_provisions, segment
from .stages.references import find_references
from .stages.resolve import resolve_all
from .stages.screen import Screen
from .stages.sources import link_sources
from .stages.tasks import extract_tasks

Timings = tuple[tuple[str, float], ...]


def extract(source: SourceDocument, resources: Resources | None = None,
            kb: KnowledgeBase | None = None, screen: Screen | None = None) -> ExtractedDocument:
    """Run every stage on one document.

    `resources` defaults to `load_resources()`. The knowledge base used is an overlay of the
    resources' base, so a document's result never depends on which documents came before it
    (the store re-resolves across documents after a batch); pass `kb` (a base you keep) to
    have several documents learn from each other's full citations instead. `screen` replaces
    the resources' task screen (training passes one that keeps every task and records them).
    """
    return extract_timed(source, resources, kb, screen)[0]


def _ocr_spans(source: SourceDocument) -> list[tuple[int, int]]:
    """The spans of the original text on the pages the OCR read: only there is a wrong mark a
    misreading (a scan bound with typed pages keeps its typed pages exact)."""
    ends = (*source.page_starts[1:], len(source.text))
    return [(source.page_starts[page.page - 1], ends[page.page - 1])
            for page in source.ocr_pages if 0 < page.page <= len(source.page_starts)]


def extract_timed(source: SourceDocument, resources: Resources | None = None,
                  kb: KnowledgeBase | None = None, screen: Screen | None = None
                  ) -> tuple[ExtractedDocument, Timings]:
    """`extract`, and the seconds each stage took."""
    resources = resources if resources is not None else load_resources()
    kb = kb if kb is not None else resources.kb.overlay()
    clock = _Clock()
    cleaned = clean(source)
    clock.lap("clean")
    text = cleaned.text
    meta = read_metadata(text, source.sha256, kb, resources.gazetteer)
    clock.lap("metadata")
    scanned = clean_spans(cleaned, _ocr_spans(source))  # where a wrong mark is a misreading
    sections = segment(text, body_end=meta.body_end, skip=_not_outline(cleaned, meta),
                       closing_start=meta.closing_start, annex_start=meta.closing_end,
                       tables=cleaned.tables, scanned=scanned)
    clock.lap("outline")
    references = find_references(cleaned, meta, kb)
    clock.lap("references")
    resolve_all(references, text, kb, meta)
    clock.lap("resolve")
    bodies = find_bodies(text, meta.jurisdiction, resources.phrases, resources.gazetteer,
                         misread=scanned)
    clock.lap("bodies")
    tasks = extract_tasks(cleaned, meta, sections, bodies, resources.openings)
    clock.lap("tasks")
    tasks = read_deadlines(tasks)
    clock.lap("deadlines")
    tasks = (screen or resources.screen)(tasks)
    clock.lap("screen")
    tasks = link_sources(tasks, references, sections, text)
    clock.lap("sources")
    doc = _to_original(cleaned, source, meta, sections, references,
                       named_or_role_filling(bodies, tasks), tasks)
    return doc, tuple(clock.laps)


def _not_outline(cleaned: CleanDocument, meta: DocumentMeta) -> list[tuple[int, int]]:
    """Tables, the signature block and provisions quoted from other documents: their lines are
    not sections."""
    skip = [(t.start, t.end) for t in cleaned.tables] + quoted_provisions(cleaned.text)
    if meta.closing_start is not None and meta.closing_end is not None:
        skip.append((meta.closing_start, meta.closing_end))
    return skip


class _Clock:
    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.laps: list[tuple[str, float]] = []

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps.append((name, now - self.last))
        self.last = now


# ------------------------------------------------------------------ back to the original text
def _to_original(cleaned: CleanDocument, source: SourceDocument, meta: DocumentMeta,
                 sections: list[Section], references: list[Reference],
                 bodies: list[BodyMention], tasks: list[Task]) -> ExtractedDocument:
    """The document with every span mapped from clean to original offsets (the one place)."""
    view = cleaned.view
    original = view.original

    def span(start: int, end: int) -> tuple[int, int, str]:
        first, last = view.span_to_original(start, end)
        return first, last, original[first:last]

    for reference in references:  # filled in place by two stages; mapped in place once
        reference.start, reference.end, reference.text = span(reference.start, reference.end)
    return ExtractedDocument(
        source=source, meta=_meta_to_original(meta, cleaned),
        sections=[_section_to_original(s, cleaned) for s in sections],
        references=references,
        bodies=[evolve(b, **dict(zip(("start", "end", "text"), span(b.start, b.end),
                                     strict=True))) for b in bodies],
        tasks=[evolve(t, **dict(zip(("start", "end", "text"), span(t.start, t.end),
                                    strict=True))) for t in tasks],
        implements=_unique_targets(r for r in references if r.implements and r.target != "self"),
        problems=_problems(source, meta),
    )


def _meta_to_original(meta: DocumentMeta, cleaned: CleanDocument) -> DocumentMeta:
    _, end = cleaned.view.span_to_original(0, meta.body_end) if meta.body_end else (0, 0)
    closing_start = closing_end = None
    if meta.closing_start is not None and meta.closing_end is not None:
        closing_start, closing_end = cleaned.view.span_to_original(meta.closing_start,
                                                                   meta.closing_end)
    addressees_start = addressees_end = None
    if meta.addressees_start is not None and meta.addressees_end is not None:
        addressees_start, addressees_end = cleaned.view.span_to_original(meta.addressees_start,
                                                                         meta.addressees_end)
    return evolve(meta, body_start=cleaned.body_start, body_end=end,
                  closing_start=closing_start, closing_end=closing_end,
                  addressees_start=addressees_start, addressees_end=addressees_end)


def _section_to_original(section: Section, cleaned: CleanDocument) -> Section:
    start, end = cleaned.view.span_to_original(section.start, section.end)
    _, heading_end = cleaned.view.span_to_original(section.start, section.heading_end)
    return evolve(section, start=start, end=end, heading_end=heading_end)


def _unique_targets(references: Iterable[Reference]) -> list[Reference]:
    seen: set[str] = set()
    unique = []
    for reference in references:
        key = reference.target or reference.symbol or reference.text
        if key not in seen:
            seen.add(key)
            unique.append(reference)
    return unique


def _problems(source: SourceDocument, meta: DocumentMeta) -> list[Problem]:
    """What reading the file warned about, so that it reaches the user with the document, and
    a number of its own the OCR engine doubted."""
    return list(source.warnings) + _doubted_number(source, meta)


_DATE_WORD = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")  # `15/3/2025`: a date, not a number


def _doubted_number(source: SourceDocument, meta: DocumentMeta) -> list[Problem]:
    """The document's number read by OCR from a word the engine doubted (a stamped or
    handwritten number: `00/TB-UBND` from `Ê§0`, `34314/QĐ-UBND`): said, since nothing else
    tells a wrong identity from a right one. The word's first digits are the number, its start
    or its end (`Ê§0` for `00`); a date is not a number."""
    number = "".join(c for c in meta.number or "" if c.isdigit())
    if not number:
        return []
    first = next((page for page in source.ocr_pages if page.page == 1), None)
    for word, confidence in first.doubted_numbers if first else ():
        run = re.search(r"\d+", word)
        if _DATE_WORD.search(word) or run is None:
            continue
        digits = run.group(0)
        if digits == number or number.startswith(digits) or number.endswith(digits):
            return [Problem(stage="metadata", code="doubted-number", message=(
                f"the number of {meta.symbol or meta.number} was read by OCR from {word!r} "
                f"with confidence {confidence:.0f} (a stamped or handwritten number?): check "
                "it against the page"))]
    return []


# ------------------------------------------------------------------ JSON
def to_json(doc: ExtractedDocument) -> dict[str, Any]:
    meta = to_jsonable(doc.meta)
    meta["id"] = doc.id
    meta["implements"] = [
        {"symbol": r.symbol, "date": r.date, "kind": r.kind, "target": r.target,
         "status": r.status, "text": r.text}
        for r in doc.implements
    ]
    return {
        "schema": f"vndoc/{SCHEMA_VERSION}",
        "source": {
            "path": doc.source.path, "format": doc.source.format, "sha256": doc.source.sha256,
            "encoding": doc.source.encoding, "pages": doc.source.pages,
            "characters": len(doc.source.text), "ocr_pages": _ocr_pages_json(doc.source),
        },
        "document": meta,
        "sections": [
            {"path": s.path, "level": s.level, "kind": s.kind, "marker": s.marker,
             "heading": s.heading, "start": s.start, "end": s.end, "parent": s.parent}
            for s in doc.sections
        ],
        "references": [_reference_json(r) for r in doc.references],
        "tasks": [_task_json(t) for t in doc.tasks],
        "bodies": [to_jsonable(b) for b in doc.bodies],
        "problems": [to_jsonable(p) for p in doc.problems],
    }


def _reference_json(reference: Reference) -> dict[str, Any]:
    data: dict[str, Any] = to_jsonable(reference)
    data.pop("implemented", None)
    return data


def _task_json(task: Task) -> dict[str, Any]:
    data: dict[str, Any] = to_jsonable(task)
    data.pop("stated_times", None)  # used up by the deadlines stage
    return data


def _ocr_pages_json(source: SourceDocument) -> list[dict[str, Any]]:
    """Each page read by OCR, with its span of the text and the engine's confidence."""
    ends = (*source.page_starts[1:], len(source.text))
    return [{"page": page.page, "start": source.page_starts[page.page - 1],
             "end": ends[page.page - 1], "engine": page.engine, "confidence": page.confidence}
            for page in source.ocr_pages if page.page <= len(source.page_starts)]
