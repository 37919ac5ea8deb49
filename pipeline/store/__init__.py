"""The store: a SQLite file that holds documents, tasks, bodies, references and edges.

`rows` decides what a document means in the graph (pure functions); `db` writes and reads
those rows; `migrations` evolves the schema. The public API is re-exported here.
"""

from .alignments import align_store
from .db import (
    DEFAULT_DB,
    TRANSIENT,
    failure_reason,
    failures_under,
    file_state,
    mark_removed,
    open_db,
    outstanding_failures,
    record_failure,
    reresolve,
    stale_parts,
    touch_file,
    transient_reason,
    write_document,
)
from .rows import document_level

__all__ = [
    "DEFAULT_DB",
    "TRANSIENT",
    "align_store",
    "document_level",
    "failure_reason",
    "failures_under",
    "file_state",
    "mark_removed",
    "open_db",
    "outstanding_failures",
    "record_failure",
    "reresolve",
    "stale_parts",
    "touch_file",
    "transient_reason",
    "write_document",
]
