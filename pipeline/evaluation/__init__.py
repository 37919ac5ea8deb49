"""Measure the pipeline against the gold annotations of `corpora/gold/` (corpora/ANNOTATION.md).

    >>> report = evaluate(load_gold(GOLD_DIR))          # doctest: +SKIP
    >>> print(format_table(report))                     # doctest: +SKIP
    >>> check_floors(report, load_floors())             # doctest: +SKIP
    []

By job: `gold` reads and verifies the gold files (checksum of each text, every span against its
`text`); `metrics` defines the scores (corpora/EVALUATION.md); `run` extracts each annotated
text once and scores it; `report` prints, serialises and checks floors.
"""

from .gold import (
    DEFAULT_GOLD,
    FLOORS_PATH,
    GOLD_DIR,
    GoldBody,
    GoldDocument,
    GoldError,
    GoldReference,
    GoldTask,
    load_gold,
    load_gold_file,
    resolve_source,
    shared_root,
)
from .metrics import (
    Accuracy,
    DocumentReport,
    ErrorItem,
    Report,
    Score,
    deadline_correct,
    deadline_matches,
    in_coverage,
    iou,
    match_exact,
    match_overlap,
    overlap,
    resolution_correct,
    role_pairs,
    score_bodies,
    score_deadlines,
    score_identity,
    score_metadata,
    score_reference_spans,
    score_resolution,
    score_roles,
    score_segmentation,
    score_sets,
)
from .report import (
    check_floors,
    floor_for,
    floors_from_report,
    format_errors,
    format_table,
    load_floors,
    report_to_json,
    update_floors,
)
from .run import default_extractor, evaluate, evaluate_document

__all__ = [
    "DEFAULT_GOLD", "FLOORS_PATH", "GOLD_DIR", "Accuracy", "DocumentReport", "ErrorItem",
    "GoldBody", "GoldDocument", "GoldError", "GoldReference", "GoldTask", "Report", "Score",
    "check_floors", "deadline_correct", "deadline_matches", "default_extractor", "evaluate",
    "evaluate_document", "floor_for", "floors_from_report", "format_errors", "format_table",
    "in_coverage", "iou", "load_floors", "load_gold", "load_gold_file", "match_exact",
    "match_overlap", "overlap", "report_to_json", "resolution_correct", "resolve_source",
    "role_pairs", "score_bodies",
    "score_deadlines", "score_identity", "score_metadata", "score_reference_spans",
    "score_resolution", "score_roles", "score_segmentation", "score_sets", "shared_root",
    "update_floors",
]
