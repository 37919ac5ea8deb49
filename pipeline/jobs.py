"""The main job of `python -m pipeline run` (and `make run`), as a library function: ingest a
folder, build the graph once, write every export, and count what the store now holds."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import query
from .batch import BatchReport, ingest_paths
from .export import export_tasks
from .graph import build_graph, write_gexf, write_graphml, write_node_link_json
from .resources import Resources
from .store import open_db

TASK_FORMATS = ("csv", "xlsx", "json", "docx")
GRAPH_WRITERS = (("graph.graphml", write_graphml), ("graph.gexf", write_gexf),
                 ("graph.json", write_node_link_json))


@dataclass(frozen=True)
class JobResult:
    report: BatchReport
    summary: dict[str, Any]
    nodes: int
    edges: int
    files: tuple[Path, ...]


def run_job(paths: Iterable[str | Path], db_path: str | Path, exports: str | Path,
            jobs: int | None = None, resources: Resources | None = None,
            progress: Callable[[BatchReport, str], None] | None = None) -> JobResult:
    """Ingest `paths` into `db_path`, then write the graph files and the task lists (every
    task) into the folder `exports`."""
    report = ingest_paths(paths, db_path, jobs=jobs, progress=progress, resources=resources)
    db = open_db(db_path, readonly=True)
    graph = build_graph(db)  # once for the three graph files
    folder = Path(exports)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for fmt in TASK_FORMATS:
        export_tasks(db, fmt, folder / f"tasks.{fmt}")
        files.append(folder / f"tasks.{fmt}")
    for name, write in GRAPH_WRITERS:
        write(graph, folder / name)
        files.append(folder / name)
    return JobResult(report, query.summary(db), graph.number_of_nodes(), graph.number_of_edges(),
                     tuple(files))
