"""The cross-reference graph, built from the store. The only module that imports networkx.

One `MultiDiGraph`; every edge's key is its type, so `graph.has_edge(a, b, "implements")` reads
as it says. Node types: `document` (ingested), `stub` (cited, not ingested), `task`, `body`,
and `unknown` for an id an edge names that no table describes.

    plan ──implements──▶ conclusion          task ──derives_from──▶ document
    plan ──cites──────▶ resolution           body ──leads / coordinates / reports_to / via──▶ task
    plan ──issued_by──▶ body                 task ──carries_out──▶ passage ──part_of──▶ document

Edges carry `evidence` (the text that says so, or None), `document` (the document it was read
in), `method`, `evidence_documents` (every document that says so); `derives_from` adds `rank`.
"""

from __future__ import annotations

import json
from collections import Counter, deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import sqlite_utils

from . import chain
from .normalize import xml_safe
from .records import ROLE_EDGES, EdgeType, NodeType

DOCUMENT, STUB, TASK, BODY, UNKNOWN = (NodeType.DOCUMENT.value, NodeType.STUB.value,
                                       NodeType.TASK.value, NodeType.BODY.value,
                                       NodeType.UNKNOWN.value)
PASSAGE = NodeType.PASSAGE.value
CARRIES_OUT, PART_OF = EdgeType.CARRIES_OUT.value, EdgeType.PART_OF.value
IMPLEMENTS, CITES, DERIVES_FROM, ISSUED_BY = (EdgeType.IMPLEMENTS.value, EdgeType.CITES.value,
                                              EdgeType.DERIVES_FROM.value,
                                              EdgeType.ISSUED_BY.value)
Graph = nx.MultiDiGraph  # for modules that take a graph without importing networkx


# ------------------------------------------------------------------ building
def build_graph(db: sqlite_utils.Database) -> nx.MultiDiGraph:
    """Every document, task and body of the store, and every edge between them."""
    graph = nx.MultiDiGraph()
    _add_documents(graph, db)
    _add_tasks(graph, db)
    _add_bodies(graph, db)
    for src, dst, kind, attributes in _stored_edges(db):
        add_edge(graph, src, dst, kind, attributes)
    for src, dst, kind, attributes in _role_edges(db):
        add_edge(graph, src, dst, kind, attributes)
    _add_alignments(graph, db)
    return graph


Ids = list[str] | None  # the rows to read (None: all of them)


def _among(column: str, ids: Ids) -> tuple[str, list[str]]:
    """A `where` condition keeping the rows whose `column` is one of `ids` (none when ids is
    None), with its parameter: one JSON list, so a neighbourhood is one query however large."""
    if ids is None:
        return "1", []
    return f"{column} in (select value from json_each(?))", [json.dumps(ids)]


def _add_documents(graph: nx.MultiDiGraph, db: sqlite_utils.Database, ids: Ids = None) -> None:
    where, params = _among("id", ids)
    sql = ("select id, ingested, kind, symbol, date, title, issuer, level, jurisdiction "
           f"from documents where {where}")
    for row in db.query(sql, params):
        ingested = bool(row.pop("ingested"))
        graph.add_node(row.pop("id"), type=DOCUMENT if ingested else STUB, ingested=ingested, **row)


def _add_tasks(graph: nx.MultiDiGraph, db: sqlite_utils.Database, ids: Ids = None) -> None:
    where, params = _among("id", ids)
    sql = ("select id, document_id as document, section, kind, text, deadline_text, deadline_date "
           f"from tasks where {where} order by document_id, start")
    for row in db.query(sql, params):
        graph.add_node(row.pop("id"), type=TASK, **row)


def _add_bodies(graph: nx.MultiDiGraph, db: sqlite_utils.Database, ids: Ids = None) -> None:
    where, params = _among("id", ids)
    for row in db.query(f"select id, name, level, is_group from bodies where {where}", params):
        graph.add_node(row["id"], type=BODY, name=row["name"], level=row["level"],
                       is_group=bool(row["is_group"]))


def _stored_edges(db: sqlite_utils.Database, kinds: tuple[str, ...] | None = None,
                  sources: Ids = None, targets: Ids = None,
                  ) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """The edges table (of the given types, from and to the given nodes) as graph edges."""
    from_where, from_params = _among("src", sources)
    to_where, to_params = _among("dst", targets)
    kind_where, kind_params = _among("type", list(kinds) if kinds is not None else None)
    sql = ("select src, dst, type, document_id, evidence, method, rank from edges "
           f"where {kind_where} and {from_where} and {to_where} order by rowid")
    for row in db.query(sql, [*kind_params, *from_params, *to_params]):
        attributes = {"evidence": row["evidence"], "document": row["document_id"],
                      "method": row["method"]}
        if row["type"] == DERIVES_FROM:
            attributes["rank"] = row["rank"] or 0
        yield row["src"], row["dst"], row["type"], attributes


def _role_edges(db: sqlite_utils.Database, tasks: Ids = None,
                ) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """task_roles as body → task edges; a role with no body id has no node to start from."""
    where, params = _among("r.task_id", tasks)
    sql = ("select r.task_id, r.role, r.body_id, r.text, r.inherited, t.document_id "
           "from task_roles r left join tasks t on t.id = r.task_id "
           f"where r.body_id is not null and {where} order by r.rowid")
    for row in db.query(sql, params):
        kind = ROLE_EDGES.get(row["role"])
        if kind is None:
            continue
        yield row["body_id"], row["task_id"], kind.value, {
            "evidence": row["text"], "document": row["document_id"],
            "method": "inherited" if row["inherited"] else "task-role"}


PASSAGE_LABEL = 160  # characters of a passage's text kept on its node


def _add_alignments(graph: nx.MultiDiGraph, db: sqlite_utils.Database) -> None:
    """Each confident first-ranked alignment: task ──carries_out──▶ passage ──part_of──▶ its
    document (the passage's text, section and span on its node)."""
    if "alignments" not in db.table_names():
        return
    sql = ("select a.task_id, a.document_id, a.target_document, a.passage_id, "
           "a.passage_section, a.passage_start, a.passage_end, a.score, a.coverage, "
           "a.reuse_class, a.method, a.evidence, "
           "substr(d.text, a.passage_start + 1, a.passage_end - a.passage_start) as text "
           "from alignments a join documents d on d.id = a.target_document "
           "where a.rank = 1 and a.confident = 1 order by a.task_id, a.target_document")
    for row in db.query(sql):
        passage = row["passage_id"]
        if passage not in graph:
            graph.add_node(passage, type=PASSAGE, document=row["target_document"],
                           section=row["passage_section"], start=row["passage_start"],
                           end=row["passage_end"],
                           text=" ".join((row["text"] or "").split())[:PASSAGE_LABEL])
            add_edge(graph, passage, row["target_document"], PART_OF,
                     {"evidence": None, "document": row["target_document"], "method": "outline"})
        add_edge(graph, row["task_id"], passage, CARRIES_OUT, {
            "evidence": "; ".join(json.loads(row["evidence"] or "[]")),
            "document": row["document_id"], "method": row["method"], "score": row["score"],
            "coverage": row["coverage"], "reuse": row["reuse_class"]})


def add_edge(graph: nx.MultiDiGraph, src: str, dst: str, kind: str,
             attributes: dict[str, Any]) -> None:
    """Add one edge keyed by its type. The same fact read in several documents stays one edge:
    the source's own statement is preferred as evidence, and every witness is listed."""
    for node in (src, dst):
        if node not in graph:
            graph.add_node(node, type=UNKNOWN)
    if not graph.has_edge(src, dst, kind):
        graph.add_edge(src, dst, key=kind, **attributes,
                       evidence_documents=[attributes["document"]])
        return
    current = graph.edges[src, dst, kind]
    if attributes["document"] not in current["evidence_documents"]:
        current["evidence_documents"].append(attributes["document"])
    if attributes["document"] == src and current["document"] != src:
        current.update(attributes)


# ------------------------------------------------------------------ walking
def _targets(graph: nx.MultiDiGraph, node: str, kind: str) -> list[str]:
    edges = [(data.get("rank", 0), dst) for _, dst, key, data in
             graph.out_edges(node, keys=True, data=True) if key == kind]
    return [dst for _, dst in sorted(edges, key=lambda edge: edge[0])]


def _closure(graph: nx.MultiDiGraph, start: str, kind: str, upward: bool) -> set[str]:
    """Nodes reached from `start` along `kind` edges (forward when upward), `start` excluded."""
    seen: set[str] = set()
    queue = deque([start])
    while queue:
        node = queue.popleft()
        edges = graph.out_edges(node, keys=True) if upward else graph.in_edges(node, keys=True)
        for src, dst, key in edges:
            other = dst if upward else src
            if key == kind and other not in seen and other != start:
                seen.add(other)
                queue.append(other)
    return seen


def _require(graph: nx.MultiDiGraph, node: str) -> None:
    if node not in graph:
        raise KeyError(f"{node} is not in the graph; check the id (documents look like "
                       f"187-KL/TW@2024-03-14, tasks like 187-KL/TW@2024-03-14#t1)")


def implementing_documents(graph: nx.MultiDiGraph, document_id: str) -> set[str]:
    """Every document that implements `document_id`, directly or through other plans."""
    _require(graph, document_id)
    return _closure(graph, document_id, IMPLEMENTS, upward=False)


def implemented_documents(graph: nx.MultiDiGraph, document_id: str) -> set[str]:
    """Every document `document_id` implements, directly or through the documents it implements."""
    _require(graph, document_id)
    return _closure(graph, document_id, IMPLEMENTS, upward=True)


def source_chain(graph: nx.MultiDiGraph, task_id: str) -> list[str]:
    """The task's source chain in the graph: `chain.source_chain`, the one meaning the store's
    `query.task_sources` and the exports use too."""
    _require(graph, task_id)
    return chain.source_chain(_targets(graph, task_id, DERIVES_FROM),
                              lambda document: _targets(graph, document, IMPLEMENTS),
                              lambda document: graph.nodes[document].get("level")
                              if document in graph else None)


def tasks_of(graph: nx.MultiDiGraph, document_id: str) -> list[str]:
    return [node for node, data in graph.nodes(data=True)
            if data.get("type") == TASK and data.get("document") == document_id]


def subgraph_for(graph: nx.MultiDiGraph, document_id: str) -> nx.MultiDiGraph:
    """The document, its tasks, the bodies with a role in them and the documents they derive from."""
    _require(graph, document_id)
    tasks = tasks_of(graph, document_id)
    roles = {kind.value for kind in ROLE_EDGES.values()}
    bodies = {src for task in tasks for src, _, key in graph.in_edges(task, keys=True) if key in roles}
    sources = {dst for task in tasks for dst in _targets(graph, task, DERIVES_FROM)}
    return graph.subgraph({document_id, *tasks, *bodies, *sources}).copy()


# ------------------------------------------------------------------ a document's neighbourhood
NEIGHBOURS = (IMPLEMENTS, CITES)  # the edges a neighbourhood walks, up and down
MAX_DEPTH = 4
MAX_TASKS = 150  # tasks shown around a document, its own first


def neighbourhood(db: sqlite_utils.Database, document_id: str, depth: int = 2,
                  tasks: bool = False) -> nx.MultiDiGraph:
    """What the workbench's graph view draws around a document: the documents it implements or
    cites, and what those implement or cite, up to `depth` steps (`distance` -1, -2 ...); the
    documents that implement or cite it, and so on down (`distance` 1, 2 ...); every edge among
    them. With `tasks`, also its own tasks, the tasks of those documents deriving from it and the
    bodies with a role in them (`graph.graph["omitted_tasks"]` counts those left out). Read from
    the store by id rather than cut from `build_graph`, so a page costs the same on a large store."""
    distances = _distances(db, document_id, bounded_depth(depth))
    graph = nx.MultiDiGraph(omitted_tasks=0)
    _add_documents(graph, db, list(distances))
    _require(graph, document_id)
    documents = list(distances)
    for src, dst, kind, attributes in _stored_edges(db, NEIGHBOURS, documents, documents):
        add_edge(graph, src, dst, kind, attributes)
    nx.set_node_attributes(graph, distances, "distance")  # an id no table describes too
    if tasks:
        _add_task_neighbours(graph, db, document_id, documents)
    return graph


def bounded_depth(depth: int) -> int:
    """A depth the view can draw: at least one step, at most MAX_DEPTH (a whole large store is
    a few steps away from any central document)."""
    return max(1, min(depth, MAX_DEPTH))


def _distances(db: sqlite_utils.Database, start: str, depth: int) -> dict[str, int]:
    """Document → steps from `start` along implements / cites edges, negative upward (what it
    implements or cites) and positive downward (what implements or cites it); the nearest kept."""
    found = {start: 0}
    for sign, near, far in ((-1, "src", "dst"), (1, "dst", "src")):
        frontier = [start]
        for step in range(1, depth + 1):
            where, params = _among(near, frontier)
            kinds, kind_params = _among("type", list(NEIGHBOURS))
            rows = db.execute(f"select distinct {far} from edges where {kinds} and {where}",
                              [*kind_params, *params])
            frontier = [row[0] for row in rows if row[0] not in found]
            found.update((node, sign * step) for node in frontier)
    return found


def _add_task_neighbours(graph: nx.MultiDiGraph, db: sqlite_utils.Database, document_id: str,
                         documents: list[str]) -> None:
    """The document's own tasks, then the tasks of the documents in view deriving from it
    (at most MAX_TASKS in all), their derives_from edges to the documents in view, and the
    bodies with a role in them."""
    own = [row[0] for row in db.execute(
        "select id from tasks where document_id = ? order by start", [document_id])]
    where, params = _among("t.document_id", documents)
    deriving = [row[0] for row in db.execute(
        "select distinct t.id from edges e join tasks t on t.id = e.src "
        "join documents d on d.id = t.document_id where e.type = ? and e.dst = ? "
        f"and t.document_id != ? and {where} order by d.date, t.document_id, t.start",
        [DERIVES_FROM, document_id, document_id, *params])]
    chosen = (own + deriving)[:MAX_TASKS]
    graph.graph["omitted_tasks"] = len(own) + len(deriving) - len(chosen)
    _add_tasks(graph, db, chosen)
    for task in chosen:
        owner = graph.nodes[graph.nodes[task]["document"]]
        graph.nodes[task]["distance"] = owner.get("distance", 0)
    for src, dst, kind, attributes in _stored_edges(db, (DERIVES_FROM,), chosen, documents):
        add_edge(graph, src, dst, kind, attributes)
    roles = list(_role_edges(db, chosen))
    _add_bodies(graph, db, sorted({src for src, _, _, _ in roles}))
    for src, dst, kind, attributes in roles:
        add_edge(graph, src, dst, kind, attributes)


# ------------------------------------------------------------------ files
def portable_value(value: Any) -> str | int | float | bool:
    """A value GraphML, GEXF and Gephi accept: None → "", lists and dicts → JSON text."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple | dict):
        value = json.dumps(value, ensure_ascii=False)
    return xml_safe(str(value))


LABEL_TEXT = 48  # characters of a task's or passage's text in its label


def node_label(graph: nx.MultiDiGraph, node: str, data: dict[str, Any]) -> str:
    """What Gephi shows on a node, readable and unique: a document's symbol (else its title);
    a body's name with the place its id names (`Sở Tài chính (hau-giang)`: every province has
    one); a task as `symbol t3: its first words`; a passage as `symbol § section: its words`."""
    kind = data.get("type")
    if kind in (TASK, PASSAGE):
        owner = graph.nodes.get(data.get("document"), {})
        where = owner.get("symbol") or data.get("document") or ""
        mark = node.rsplit("#", 1)[-1] if kind == TASK else f"§ {data.get('section') or ''}"
        return f"{where} {mark}: {_short(data.get('text'))}".strip()
    place = "/".join(p for p in node.split("/")[:-1] if p != "group")
    if kind == BODY and data.get("name") and place and place != "generic":
        return f"{data['name']} ({place})"
    return str(data.get("symbol") or data.get("name") or data.get("title") or node)


def _short(text: Any) -> str:
    """The first LABEL_TEXT characters of a text on one line, `…` where it was cut."""
    line = " ".join(str(text or "").split())
    return line if len(line) <= LABEL_TEXT else line[:LABEL_TEXT - 1] + "…"


def titled_labels(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Labels for a drawing, where a document's symbol alone says little: `node_label` with a
    document's short title after it (`187-KL/TW — về đẩy mạnh chuyển đổi số …`); a label two
    nodes would share (a symbol reused in another year) gets the node's date, else its id."""
    labels = {}
    for node, data in graph.nodes(data=True):
        label = node_label(graph, node, data)
        if data.get("type") in (DOCUMENT, STUB) and data.get("symbol") and data.get("title"):
            label = f"{label} — {_short(data['title'])}"
        labels[node] = label
    dated = _told_apart(labels, lambda node: graph.nodes[node].get("date") or node)
    return _told_apart(dated, lambda node: node)  # the same date too: the id tells them apart


def _told_apart(labels: dict[str, str], extra: Callable[[str], str]) -> dict[str, str]:
    """Labels that several nodes share, each with `extra(node)` after it."""
    counts = Counter(labels.values())
    return {node: f"{label} ({extra(node)})" if counts[label] > 1 else label
            for node, label in labels.items()}


def portable_graph(graph: nx.MultiDiGraph, unique_edge_keys: bool = False) -> nx.MultiDiGraph:
    """A copy with portable values, a `label` on every node and edge and the edge type as
    `relation`; with `unique_edge_keys` every edge key becomes unique (`e0`, `e1`, ...)."""
    copy = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        values = {k: portable_value(v) for k, v in data.items()}
        copy.add_node(node, **values, label=xml_safe(node_label(graph, node, data)))
    for index, (src, dst, key, data) in enumerate(graph.edges(keys=True, data=True)):
        values = {k: portable_value(v) for k, v in data.items()}
        copy.add_edge(src, dst, key=f"e{index}" if unique_edge_keys else key,
                      **values, relation=key, label=key)
    return copy


def _prepare(path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def write_graphml(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """GraphML, UTF-8; edge ids are unique (Gephi drops repeated ids), the type is `relation`."""
    nx.write_graphml(portable_graph(graph, unique_edge_keys=True), _prepare(path), encoding="utf-8")


def write_gexf(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """GEXF for Gephi, UTF-8: every attribute a string, number or boolean."""
    nx.write_gexf(portable_graph(graph), _prepare(path), encoding="utf-8")


def write_node_link_json(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """networkx node-link JSON (`nodes`, `edges`, each edge with its `key`), UTF-8, unescaped."""
    data = nx.node_link_data(graph, edges="edges")
    with _prepare(path).open("w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)


def read_node_link_json(path: str | Path) -> nx.MultiDiGraph:
    with Path(path).open(encoding="utf-8") as handle:
        return nx.node_link_graph(json.load(handle), edges="edges")
