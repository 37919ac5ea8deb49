"""What the workbench's pages show, read from the store with the same queries as the CLI and the
Python API (`pipeline.query`, `pipeline.graph`): a document with its tasks, the documents it
implements and that implement it (with the lag in days) and the timeline of those plans
(`timeline`); a task with its roles as written, its deadline and its chain to the central source
with the passage it carries out; a body with its tasks; the graph of a document's neighbourhood
(`graph_data`, the JSON the graph view draws)."""

from __future__ import annotations

import functools
import urllib.parse
from collections.abc import Callable
from datetime import date
from typing import Any

import sqlite_utils

from .. import graph as graphs
from .. import query
from ..gazetteer import load_gazetteer
from ..records import EdgeType
from ..resources import default_kb_dir
from . import timeline

Page = dict[str, Any]


def _one(db: sqlite_utils.Database, sql: str, key: str) -> dict[str, Any] | None:
    """The row a page is about, or None (the page answers 404)."""
    return next(iter(db.query(sql, [key])), None)


def document_page(db: sqlite_utils.Database, document_id: str) -> Page | None:
    row = _one(db, "select id, symbol, kind, date, issuer, title, level, jurisdiction, ingested, "
               "path from documents where id = ?", document_id)
    if row is None:
        return None
    tasks = list(db.query("""
        select t.id, t.section, t.text, t.deadline_text, t.deadline_date,
          (select group_concat(coalesce(r.text, b.name, r.body_id), '; ') from task_roles r
             left join bodies b on b.id = r.body_id where r.task_id = t.id and r.role = 'lead')
            as lead
        from tasks t where t.document_id = ? order by t.start""", [document_id]))
    up = [_with_lag(other, row["date"], later=False) for other in db.query("""
        select d.id, d.symbol, d.kind, d.date, d.level from edges e join documents d
        on d.id = e.dst where e.src = ? and e.type = 'implements' order by d.date""",
        [document_id])]
    down = [_with_lag(other, row["date"], later=True)
            for other in query.implementing_documents(db, document_id)]
    plot = timeline.plot(row, timeline.provinces(down, place_name), _href("document"))
    return {"document": row, "tasks": tasks, "implements": up, "implemented_by": down,
            "timeline": plot}


def task_page(db: sqlite_utils.Database, task_id: str) -> Page | None:
    row = _one(db, "select t.*, d.symbol from tasks t join documents d on d.id = t.document_id "
               "where t.id = ?", task_id)
    if row is None:
        return None
    roles = list(db.query("""
        select r.role, r.body_id, b.name, r.text, r.inherited from task_roles r
        left join bodies b on b.id = r.body_id where r.task_id = ? order by r.rowid""",
        [task_id]))
    passages = [p for p in query.task_passages(db, task_id) if p["rank"] == 1]
    return {"task": row, "roles": roles, "chain": query.task_sources(db, task_id),
            "passages": passages}


PAGE_ROWS = 200  # tasks a page lists (a province's group leads thousands)


def body_page(db: sqlite_utils.Database, body_id: str, offset: int = 0) -> Page | None:
    """A body and a page of the tasks it leads or coordinates, with where the pages before
    and after start (None: there is none)."""
    row = _one(db, "select * from bodies where id = ?", body_id)
    if row is None:
        return None
    tasks = query.tasks_by_body(db, body_id, limit=PAGE_ROWS + 1, offset=offset)
    return {"body": row, "tasks": tasks[:PAGE_ROWS], "offset": offset,
            "previous": max(0, offset - PAGE_ROWS) if offset else None,
            "next": offset + PAGE_ROWS if len(tasks) > PAGE_ROWS else None}


def _with_lag(other: dict[str, Any], own: str | None, later: bool) -> dict[str, Any]:
    """The other document with the days between the two dates (how long a plan followed)."""
    lag = None
    if own and other.get("date"):
        try:
            days = (date.fromisoformat(other["date"]) - date.fromisoformat(own)).days
            lag = days if later else -days
        except ValueError:
            lag = None
    return {**other, "lag_days": lag}


@functools.cache
def _places() -> dict[str, list[str]]:
    """The gazetteer's place names, read once per server (the timeline names provinces)."""
    return load_gazetteer(default_kb_dir()).places


def place_name(jurisdiction: str) -> str:
    """A jurisdiction id's name in the gazetteer (`hau-giang` → `Hậu Giang`), else the id."""
    names = _places().get(jurisdiction)
    return names[0] if names else jurisdiction


def _href(page: str) -> Callable[[str], str]:
    """The workbench's page of an id of this kind (`/-/document/<id, quoted>`)."""
    return lambda key: f"/-/{page}/{urllib.parse.quote(key, safe='')}"


# ------------------------------------------------------------------ the graph view
# type → (colour, line style, name); the JSON carries those present, the page draws the legend
EDGE_STYLES: dict[str, tuple[str, str, str]] = {
    graphs.IMPLEMENTS: ("#c0392b", "solid", "thực hiện · implements"),
    graphs.CITES: ("#808b96", "dashed", "trích dẫn · cites"),
    graphs.DERIVES_FROM: ("#2471a3", "solid", "nhiệm vụ thực hiện văn bản · derives from"),
    EdgeType.LEADS.value: ("#1e8449", "solid", "chủ trì · leads"),
    EdgeType.COORDINATES.value: ("#7dcea0", "dashed", "phối hợp · coordinates"),
    EdgeType.REPORTS_TO.value: ("#8e44ad", "dotted", "báo cáo · reports to"),
    EdgeType.VIA.value: ("#a04000", "dotted", "thông qua · via"),
}
OTHER_EDGE = ("#b3b6b7", "dotted", "khác · other")
NODE_STYLES: dict[str, tuple[str, str]] = {
    graphs.DOCUMENT: ("#1f4e79", "văn bản đã đọc · document read"),
    graphs.STUB: ("#d5d8dc", "chỉ được trích dẫn · cited, not read"),
    graphs.TASK: ("#f5b041", "nhiệm vụ · task"),
    graphs.BODY: ("#48c9b0", "cơ quan · body"),
    graphs.UNKNOWN: ("#ffffff", "không rõ · unknown"),
}
PAGES = {graphs.DOCUMENT: "document", graphs.STUB: "document", graphs.TASK: "task",
         graphs.BODY: "body"}


def graph_data(db: sqlite_utils.Database, document_id: str, depth: int = 2,
               tasks: bool = False) -> Page | None:
    """The JSON the graph view draws (None for an unknown document): the nodes of
    `graph.neighbourhood` with their readable unique labels (`graph.titled_labels`), type,
    page, distance and the row the layered layout puts them in; the edges with their type; the
    legend of the types present."""
    try:
        graph = graphs.neighbourhood(db, document_id, depth, tasks)
    except KeyError:
        return None
    labels = graphs.titled_labels(graph)
    nodes = [_graph_node(node, data, labels[node], document_id)
             for node, data in graph.nodes(data=True)]
    _place_bodies(nodes)
    edges = [{"id": f"e{index}", "source": src, "target": dst, "type": kind,
              "evidence": data.get("evidence")}
             for index, (src, dst, kind, data) in enumerate(graph.edges(keys=True, data=True))]
    kinds = sorted({edge["type"] for edge in edges}, key=_edge_order)
    node_kinds = [kind for kind in NODE_STYLES if any(n["type"] == kind for n in nodes)]
    return {"document": document_id, "depth": graphs.bounded_depth(depth),
            "tasks": tasks, "omitted_tasks": graph.graph["omitted_tasks"],
            "nodes": nodes, "edges": edges,
            "legend": {"edges": [_edge_legend(kind) for kind in kinds],
                       "nodes": [{"type": k, "colour": NODE_STYLES[k][0], "name": NODE_STYLES[k][1]}
                                 for k in node_kinds]}}


def _graph_node(node: str, data: dict[str, Any], label: str, centre: str) -> dict[str, Any]:
    """A node as the page draws it: documents in a row per step from the centre (above it what
    it implements or cites, below what implements or cites it), tasks in the row under their
    document's."""
    kind = data.get("type") or graphs.UNKNOWN
    distance = data.get("distance")
    row = None if distance is None else 2 * distance + (kind == graphs.TASK)
    page = PAGES.get(kind)
    return {"id": node, "label": label, "type": kind, "centre": node == centre,
            "href": _href(page)(node) if page else None, "distance": distance, "row": row,
            "date": data.get("date"), "level": data.get("level")}


def _place_bodies(nodes: list[dict[str, Any]]) -> None:
    """Bodies (and any node without a distance) in a row of their own, under all the others."""
    rows = [node["row"] for node in nodes if node["row"] is not None]
    for node in nodes:
        if node["row"] is None:
            node["row"] = max(rows, default=0) + 1


def _edge_order(kind: str) -> tuple[int, str]:
    """The legend's order: the chain's edges first, then the tasks', then the bodies'."""
    names = list(EDGE_STYLES)
    return (names.index(kind) if kind in names else len(names), kind)


def _edge_legend(kind: str) -> dict[str, str]:
    """An edge type's entry in the legend (colour, line style, name); the script styles by it."""
    colour, line, name = EDGE_STYLES.get(kind, OTHER_EDGE)
    return {"type": kind, "colour": colour, "line": line, "name": name}


def graph_page(db: sqlite_utils.Database, document_id: str, depth: int = 2,
               tasks: bool = False) -> Page | None:
    """The graph view's page: the document, the controls' values, the legend and the nodes as
    a list (what a reader without the drawing, or without script, can still use)."""
    data = graph_data(db, document_id, depth, tasks)
    if data is None:
        return None
    row = _one(db, "select id, symbol, kind, date, title from documents where id = ?",
               document_id)
    nodes = sorted(data["nodes"], key=lambda n: (n["row"], n["label"]))
    return {"document": row, "graph": data, "nodes": nodes, "depths": range(1, graphs.MAX_DEPTH + 1)}
