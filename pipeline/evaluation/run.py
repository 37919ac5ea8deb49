"""Run the extractor on every annotated text and score it: `evaluate(load_gold(GOLD_DIR))`."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..extract import extract
from ..ingest import ingest
from ..records import DocumentMeta, ExtractedDocument
from ..resources import Resources, load_resources
from .gold import ROLES, Collection, GoldDocument, load_collections
from .metrics import (
    METRICS,
    Accuracy,
    DocumentReport,
    ErrorItem,
    Metric,
    Report,
    Result,
    Score,
    score_bodies,
    score_deadlines,
    score_identity,
    score_metadata,
    score_reference_spans,
    score_resolution,
    score_roles,
    score_segmentation,
)

# ---------------------------------------------------------------------------------------------
# Evaluation


Extractor = Callable[[Path], ExtractedDocument]


@dataclass
class _Prediction:
    """What the pipeline found in one text, offsets in the gold text's coordinates."""

    meta: DocumentMeta | None = None
    references: list[Any] = field(default_factory=list)
    bodies: list[Any] = field(default_factory=list)
    tasks: list[Any] = field(default_factory=list)


def default_extractor(resources: Resources | None = None) -> Extractor:
    """The pipeline as a batch runs it: every document with a knowledge base of its own (an
    overlay of the knowledge base), so no figure depends on the order the texts are read in."""
    chosen = resources if resources is not None else load_resources()
    return lambda path: extract(ingest(path), chosen)


def evaluate(gold_docs: Sequence[GoldDocument], extractor: Extractor | None = None,
             collections: Mapping[str, Collection] | None = None) -> Report:
    """Run the pipeline once per annotated text and score every layer annotated for it; the
    figures in total, per source (`collection`) and per group: `tuned` (sources some rule was
    fitted on, per `collections.json`), `unseen` (never used for tuning), `formerly-unseen` (held
    out once, their errors read since), `tuned-from-start` (tuned, never held out: what the
    `tuned` group was before sources moved into it) and `first-wave`."""
    started = time.perf_counter()
    extractor = extractor or default_extractor()
    by_file: dict[Path, list[GoldDocument]] = defaultdict(list)
    for gold in gold_docs:
        by_file[gold.file].append(gold)
    documents: list[DocumentReport] = []
    errors: list[ErrorItem] = []
    problems: list[str] = []
    for file in sorted(by_file, key=lambda f: by_file[f][0].name):
        golds = by_file[file]
        prediction = _predict(golds[0], extractor, problems)
        document, document_errors = evaluate_document(golds, prediction)
        documents.append(document)
        errors += document_errors
    collections = load_collections() if collections is None else collections
    by_collection = {name: _micro_average([d for d in documents if d.collection == name])
                     for name in sorted({d.collection for d in documents})}
    unknown = sorted(set(by_collection) - set(collections))
    problems += [f"source {name} is not listed in corpora/gold/collections.json: counted as "
                 "unseen" for name in unknown]
    tuned = {name for name, item in collections.items() if item.tuned}
    by_group = {group: _micro_average([d for d in documents if (d.collection in tuned) == is_tuned])
                for group, is_tuned in (("tuned", True), ("unseen", False))}
    read = {name for name, item in collections.items() if item.read_since}
    by_group["formerly-unseen"] = _micro_average([d for d in documents if d.collection in read])
    by_group["tuned-from-start"] = _micro_average(
        [d for d in documents if d.collection in tuned - read])
    by_group["first-wave"] = _micro_average([d for d in documents if d.wave == 1])
    return Report(documents, _micro_average(documents), errors, problems,
                  round(time.perf_counter() - started, 3), by_collection, by_group,
                  tuple(sorted(tuned)))


def _predict(gold: GoldDocument, extractor: Extractor, problems: list[str]) -> _Prediction:
    try:
        doc = extractor(gold.file)
    except Exception as error:  # one text failing must not hide the others' figures
        problems.append(f"{gold.name}: the pipeline failed ({type(error).__name__}: {error}); "
                        "scored as if it found nothing")
        return _Prediction()
    shift = _offset_shift(gold, doc.source.text, problems)
    return _Prediction(
        meta=doc.meta,
        references=[_shifted(r, shift) for r in doc.references],
        bodies=[_shifted(b, shift) for b in doc.bodies],
        tasks=[_shifted(t, shift) for t in doc.tasks],
    )


def _offset_shift(gold: GoldDocument, text: str, problems: list[str]) -> int:
    """0, or 1 when the pipeline dropped a byte-order mark the gold text keeps."""
    if text == gold.text:
        return 0
    if gold.text.startswith("\ufeff") and gold.text[1:] == text:
        return 1
    problems.append(f"{gold.name}: the pipeline's text differs from the annotated text "
                    f"({len(text)} vs {len(gold.text)} characters); spans may not align")
    return 0


def _shifted(item: Any, shift: int) -> Any:
    if not shift:
        return item
    return replace(item, start=item.start + shift, end=item.end + shift)


def evaluate_document(golds: Sequence[GoldDocument], prediction: _Prediction) -> tuple[DocumentReport,
                                                                                      list[ErrorItem]]:
    """Every metric of the layers annotated for one text (one or two gold files)."""
    metrics: dict[str, Metric] = {}
    errors: list[ErrorItem] = []
    for gold in golds:
        scorer = _score_references if gold.layer == "references" else _score_tasks
        for metric_name, (metric, metric_errors) in scorer(gold, prediction).items():
            metrics[metric_name] = metric
            errors += metric_errors
    return DocumentReport(golds[0].name, golds[0].source, metrics, golds[0].collection,
                          min(g.wave for g in golds)), errors


def _score_references(gold: GoldDocument, prediction: _Prediction) -> dict[str, Result]:
    name, refs = gold.name, prediction.references
    results: dict[str, Result] = {}
    if gold.annotates("references"):
        results["references.span"] = score_reference_spans(name, gold.references, refs)
        results["references.identity"] = score_identity(name, gold.references, refs)
        results["references.resolution"] = score_resolution(name, gold.references, refs)
    if gold.meta is not None:
        results["metadata"] = score_metadata(name, gold.meta, gold.meta_fields, prediction.meta)
        for field_name in ("symbol", "date"):  # the document's own identity, alone
            if field_name in gold.meta_fields:
                metric, _ = score_metadata(name, gold.meta, (field_name,), prediction.meta)
                results[f"metadata.{field_name}"] = (metric, [])  # errors listed by `metadata`
    return results


def _score_tasks(gold: GoldDocument, prediction: _Prediction) -> dict[str, Result]:
    name = gold.name
    segmentation, errors, pairs = score_segmentation(name, gold.tasks, prediction.tasks, gold.coverage)
    results: dict[str, Result] = {"tasks.segmentation": (segmentation, errors)}
    if gold.annotates("bodies"):
        recognition, canonicalization = score_bodies(name, gold.bodies, prediction.bodies,
                                                     gold.coverage)
        results["bodies.recognition"] = recognition
        results["bodies.canonicalization"] = canonicalization
    if gold.annotates("roles"):
        results["roles"] = score_roles(name, pairs)
        for role in ROLES:  # each role alone; its errors are listed under `roles`
            results[f"roles.{role}"] = (score_roles(name, pairs, (role,))[0], [])
    if gold.annotates("deadlines"):
        results["deadlines"] = score_deadlines(name, pairs)
    return results


def _micro_average(documents: Sequence[DocumentReport]) -> dict[str, Metric]:
    total: dict[str, Metric] = {}
    for name, (kind, _) in METRICS.items():
        parts = [d.metrics[name] for d in documents if name in d.metrics]
        if parts:
            start: Metric = Score() if kind == "prf" else Accuracy()
            total[name] = sum(parts, start)
    return total
