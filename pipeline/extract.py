"""One document through every stage: clean → segment → references → bodies → tasks.

`extract(source)` returns an `ExtractedDocument` whose spans all point into `source.text`.
`to_json(doc)` is the stable, versioned JSON object of `python -m pipeline extract FILE --json`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from .bodies import infer_jurisdiction
from .clean import CleanDocument, clean
from .knowledge import KnowledgeBase, load_kb
from .records import (
    SCHEMA_VERSION,
    DocumentMeta,
    ExtractedDocument,
    Reference,
    Section,
    SourceDocument,
    evolve,
    to_jsonable,
)
from .segment import extract_meta, segment


def extract(source: SourceDocument, kb: KnowledgeBase | None = None) -> ExtractedDocument:
    """Run every stage on one document. A fresh copy of the knowledge base is used unless one
    is given, so a document's result never depends on which documents came before it (the
    store re-resolves across documents after a batch)."""
    return extract_timed(source, kb)[0]


def extract_timed(source: SourceDocument, kb: KnowledgeBase | None = None
                  ) -> tuple[ExtractedDocument, tuple[tuple[str, float], ...]]:
    from .references import extract_references
    from .tasks import extract_tasks

    kb = kb if kb is not None else load_kb()
    clock = _Clock()
    cleaned = clean(source)
    clock.lap("clean")
    meta = kb.complete_meta(source.sha256, extract_meta(cleaned.text))
    if meta.jurisdiction is None and not _central(meta):
        header = cleaned.text[: min(len(cleaned.text), 400)]
        meta = replace(meta, jurisdiction=infer_jurisdiction(meta.issuer, meta.place, header))
    skip = [(t.start, t.end) for t in cleaned.tables]
    if meta.closing_start is not None and meta.closing_end is not None:
        skip.append((meta.closing_start, meta.closing_end))
    sections = segment(cleaned.text, body_end=meta.body_end, skip=skip,
                       closing_start=meta.closing_start)
    clock.lap("segment")
    references = extract_references(cleaned, meta, sections, kb)
    clock.lap("references")
    bodies, tasks = extract_tasks(cleaned, meta, sections, references, kb)
    clock.lap("tasks")
    doc = ExtractedDocument(
        source=source, meta=_meta_to_original(meta, cleaned),
        sections=[_section_to_original(s, cleaned) for s in sections],
        references=references, bodies=bodies, tasks=tasks,
        implements=_unique_targets(r for r in references if r.implements and r.target != "self"),
    )
    return doc, tuple(clock.laps)


def _central(meta: DocumentMeta) -> bool:
    from .symbols import CENTRAL_ISSUERS

    code = (meta.issuer_code or "").split("-")[0]
    return code in CENTRAL_ISSUERS or code.startswith("QH")


class _Clock:
    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.laps: list[tuple[str, float]] = []

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps.append((name, now - self.last))
        self.last = now


def _unique_targets(references: Iterable[Reference]) -> list[Reference]:
    seen: set[str] = set()
    unique = []
    for reference in references:
        key = reference.target or reference.symbol or reference.text
        if key not in seen:
            seen.add(key)
            unique.append(reference)
    return unique


def _meta_to_original(meta: DocumentMeta, cleaned: CleanDocument) -> DocumentMeta:
    _, end = cleaned.view.span_to_original(0, meta.body_end) if meta.body_end else (0, 0)
    closing_start = closing_end = None
    if meta.closing_start is not None and meta.closing_end is not None:
        closing_start, closing_end = cleaned.view.span_to_original(meta.closing_start,
                                                                   meta.closing_end)
    return replace(meta, body_start=cleaned.body_start, body_end=end,
                   closing_start=closing_start, closing_end=closing_end)


def _section_to_original(section: Section, cleaned: CleanDocument) -> Section:
    start, end = cleaned.view.span_to_original(section.start, section.end)
    _, heading_end = cleaned.view.span_to_original(section.start, section.heading_end)
    return evolve(section, start=start, end=end, heading_end=heading_end)


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
            "characters": len(doc.source.text),
        },
        "document": meta,
        "sections": [
            {"path": s.path, "level": s.level, "kind": s.kind, "marker": s.marker,
             "heading": s.heading, "start": s.start, "end": s.end, "parent": s.parent}
            for s in doc.sections
        ],
        "references": [_reference_json(r) for r in doc.references],
        "tasks": [to_jsonable(t) for t in doc.tasks],
        "bodies": [to_jsonable(b) for b in doc.bodies],
        "problems": [to_jsonable(p) for p in doc.problems],
    }


def _reference_json(reference: Any) -> dict[str, Any]:
    data = to_jsonable(reference)
    data.pop("implemented", None)
    return data
