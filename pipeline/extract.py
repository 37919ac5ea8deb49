"""One document through every stage: clean → segment → references → bodies → tasks.

`extract(source)` returns an `ExtractedDocument` whose spans all point into `source.text`.
`to_json(doc)` is the stable, versioned JSON object of `python -m pipeline extract FILE --json`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from .clean import CleanDocument, clean
from .knowledge import KnowledgeBase, load_default_kb
from .records import (
    SCHEMA_VERSION,
    DocumentMeta,
    ExtractedDocument,
    Reference,
    Section,
    SourceDocument,
    to_jsonable,
)
from .segment import extract_meta, segment


def extract(source: SourceDocument, kb: KnowledgeBase | None = None) -> ExtractedDocument:
    kb = kb if kb is not None else load_default_kb()
    cleaned = clean(source)
    meta = extract_meta(cleaned.text)
    skip = [(t.start, t.end) for t in cleaned.tables]
    sections = segment(cleaned.text, body_end=meta.body_end, skip=skip)
    meta = kb.complete_meta(source.sha256, meta)
    doc = ExtractedDocument(
        source=source,
        meta=_meta_to_original(meta, cleaned),
        sections=[_section_to_original(s, cleaned) for s in sections],
    )
    from .references import extract_references

    doc.references = extract_references(cleaned, meta, sections, kb)
    doc.implements = _unique_targets(r for r in doc.references
                                     if r.implements and r.target != "self")
    try:
        from .tasks import extract_tasks
    except ImportError:
        return doc
    doc.bodies, doc.tasks = extract_tasks(cleaned, meta, sections, doc.references, kb)
    return doc


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
    start, end = cleaned.view.span_to_original(0, meta.body_end) if meta.body_end else (0, 0)
    return replace(meta, body_start=cleaned.body_start + 0 * start, body_end=end)


def _section_to_original(section: Section, cleaned: CleanDocument) -> Section:
    start, end = cleaned.view.span_to_original(section.start, section.end)
    _, heading_end = cleaned.view.span_to_original(section.start, section.heading_end)
    return replace(section, start=start, end=end, heading_end=heading_end)


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
