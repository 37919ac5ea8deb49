"""The graph built from the store: nodes, edges, walks, and files that carry Vietnamese intact."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
import sqlite_utils

from pipeline.graph import (
    add_edge,
    build_graph,
    implemented_documents,
    implementing_documents,
    neighbourhood,
    portable_value,
    read_node_link_json,
    source_chain,
    subgraph_for,
    tasks_of,
    titled_labels,
    write_gexf,
    write_graphml,
    write_node_link_json,
)
from pipeline.store import open_db

CONCLUSION = "187-KL/TW@2024-03-14"
PROVINCE = "215-KH/TU@2024-05-10"
DISTRICT = "96-KH/HU@2024-06-05"
PEOPLES_COMMITTEE = "142/KH-UBND@2024-06-20"
SEED_ID = "sha:58514f2f7acde647"
EDGE_TYPES = {"implements", "cites", "derives_from", "issued_by",
              "leads", "coordinates", "reports_to", "via", "carries_out", "part_of"}



@pytest.fixture(scope="session")
def graph(sample_db: sqlite_utils.Database) -> nx.MultiDiGraph:
    return build_graph(sample_db)


def task(graph: nx.MultiDiGraph, document: str, section: str | None = None,
         starts: str | None = None) -> str:
    """The first task of `document` in `section` (and whose text starts with `starts`): tasks
    are found by where they are and what they say, not by their running number."""
    found = sorted((n for n, d in graph.nodes(data=True) if d.get("type") == "task"
                    and d.get("document") == document
                    and (section is None or d.get("section") == section)
                    and (starts is None or str(d.get("text", "")).startswith(starts))),
                   key=lambda n: int(n.rsplit("#t", 1)[1]))
    assert found, (document, section, starts)
    return found[0]


def _node(document: str = "d", **attributes: object) -> dict[str, object]:
    return {"evidence": None, "document": document, "method": "test", **attributes}


def chain_graph(*links: tuple[str, str], levels: dict[str, str] | None = None) -> nx.MultiDiGraph:
    """Documents joined by `implements` links, with the given levels."""
    graph = nx.MultiDiGraph()
    for src, dst in links:
        add_edge(graph, src, dst, "implements", _node(src))
    for node, level in (levels or {}).items():
        graph.nodes[node].update(type="document", level=level)
    return graph


# ------------------------------------------------------------------ building
def test_tasks_carry_out_passages_of_the_documents_they_implement(
        graph: nx.MultiDiGraph) -> None:
    """task ──carries_out──▶ passage ──part_of──▶ the conclusion, the passage's text on it."""
    carried = [(src, dst, data) for src, dst, key, data in graph.edges(keys=True, data=True)
               if key == "carries_out"]
    assert len(carried) >= 20
    for src, dst, data in carried:
        assert graph.nodes[src]["type"] == "task" and graph.nodes[dst]["type"] == "passage"
        assert graph.has_edge(dst, graph.nodes[dst]["document"], "part_of")
        assert data["reuse"] in ("verbatim", "adapted", "new") and 0 < data["coverage"] <= 1
    into_conclusion = [dst for _, dst, _ in carried if graph.nodes[dst]["document"] == CONCLUSION]
    assert into_conclusion


def test_empty_store_gives_empty_graph(tmp_path: Path) -> None:
    graph = build_graph(open_db(tmp_path / "empty.db"))
    assert graph.number_of_nodes() == 0 and graph.number_of_edges() == 0


def test_node_types(graph: nx.MultiDiGraph) -> None:
    types = Counter(data["type"] for _, data in graph.nodes(data=True))
    assert set(types) == {"document", "stub", "task", "body", "passage"}
    assert types["document"] == 5


@pytest.mark.parametrize(("node", "expected"), [
    (CONCLUSION, {"type": "document", "ingested": True, "level": "central", "symbol": "187-KL/TW",
                  "kind": "Kết luận", "date": "2024-03-14"}),
    (DISTRICT, {"type": "document", "level": "district", "symbol": "96-KH/HU"}),
    ("52-NQ/TW@2019-09-27", {"type": "stub", "ingested": False, "level": "central"}),
    ((DISTRICT, "III.1"), {"type": "task", "document": DISTRICT, "section": "III.1",
                           "kind": "assignment", "deadline_text": "hằng năm"}),
    ((DISTRICT, "III.2"), {"type": "task", "deadline_date": "2024-12-31"}),
    ("can-tho/btc", {"type": "body", "level": "provincial", "is_group": False}),
    ("generic/co-quan-lien-quan", {"type": "body", "is_group": True}),
])
def test_node_attributes(graph: nx.MultiDiGraph, node: str | tuple[str, str],
                         expected: dict[str, object]) -> None:
    data = graph.nodes[task(graph, *node) if isinstance(node, tuple) else node]
    assert {key: data.get(key) for key in expected} == expected


def test_edge_types_and_attributes(graph: nx.MultiDiGraph) -> None:
    assert {key for _, _, key in graph.edges(keys=True)} == EDGE_TYPES
    for _, _, key, data in graph.edges(keys=True, data=True):
        assert {"evidence", "document", "method"} <= set(data)
        assert graph.nodes[data["document"]]["type"] == "document"
        assert ("rank" in data) == (key == "derives_from")


@pytest.mark.parametrize(("src", "dst", "key"), [
    (PROVINCE, CONCLUSION, "implements"),
    (DISTRICT, PROVINCE, "implements"),
    (PEOPLES_COMMITTEE, PROVINCE, "implements"),
    (PEOPLES_COMMITTEE, "52-NQ/TW@2019-09-27", "cites"),
    ((DISTRICT, "I.2"), PROVINCE, "derives_from"),
    (CONCLUSION, "tw/bbt", "issued_by"),
    ("can-tho/btc", (SEED_ID, "III.3"), "leads"),  # body → task
    ("generic/co-quan-lien-quan", (SEED_ID, "III.3"), "coordinates"),
    ("tw/btc", (SEED_ID, "III.3"), "reports_to"),
])
def test_edges_point_the_documented_way(graph: nx.MultiDiGraph, src: str | tuple[str, str],
                                        dst: str | tuple[str, str], key: str) -> None:
    src = task(graph, *src) if isinstance(src, tuple) else src
    dst = task(graph, *dst) if isinstance(dst, tuple) else dst
    assert graph.has_edge(src, dst, key)
    assert not graph.has_edge(dst, src, key)


def role_evidence(graph: nx.MultiDiGraph, task: str, key: str) -> set[str]:
    """What the text says for each body holding role `key` in `task` (ids may change, text not)."""
    return {d["evidence"] for _, _, k, d in graph.in_edges(task, keys=True, data=True) if k == key}


@pytest.mark.parametrize(("key", "written"), [
    ("leads", "Ban Tổ chức Huyện ủy"), ("coordinates", "Văn phòng Huyện ủy"),
    ("reports_to", "Ban Thường vụ Tỉnh ủy"), ("via", "Ban Tổ chức Tỉnh ủy"),
])
def test_every_role_becomes_an_edge_into_the_task(graph: nx.MultiDiGraph, key: str, written: str) -> None:
    # III.1 ... báo cáo ... với Ban Thường vụ Tỉnh ủy (qua Ban Tổ chức Tỉnh ủy)
    assignment = task(graph, DISTRICT, "III.1")
    assert role_evidence(graph, assignment, key) == {written}
    for body, _, data in graph.in_edges(assignment, data=True):
        assert graph.nodes[body]["type"] == "body" and data["document"] == DISTRICT
        assert data["method"] == "task-role"


def test_derives_from_rank_orders_sources(graph: nx.MultiDiGraph) -> None:
    first = task(graph, DISTRICT, "I.1")  # cites Kết luận 187-KL/TW, then Kế hoạch 215-KH/TU
    assert graph.edges[first, CONCLUSION, "derives_from"]["rank"] == 0
    assert graph.edges[first, PROVINCE, "derives_from"]["rank"] == 1


def test_one_fact_read_in_three_documents_is_one_edge(graph: nx.MultiDiGraph) -> None:
    """215 implements 187 is stated by 215 itself and repeated by the two plans below it."""
    assert graph.number_of_edges(PROVINCE, CONCLUSION) == 2  # implements + cites
    edge = graph.edges[PROVINCE, CONCLUSION, "implements"]
    assert edge["document"] == PROVINCE
    assert edge["evidence"] == "Kết luận số 187-KL/TW"
    assert sorted(edge["evidence_documents"]) == sorted([PROVINCE, PEOPLES_COMMITTEE, DISTRICT])


def test_ids_no_table_describes_become_unknown_nodes(tmp_path: Path) -> None:
    db = open_db(tmp_path / "dangling.db")
    db["documents"].insert({"id": "a", "ingested": 1, "title": "Kế hoạch"})
    db["tasks"].insert({"id": "a#t1", "document_id": "a", "text": "Rà soát"})
    db["task_roles"].insert_all([
        {"task_id": "a#t1", "role": "lead", "body_id": "x/nowhere", "text": "Sở Ngoại vụ"},
        {"task_id": "a#t1", "role": "coordinate", "body_id": None, "text": "các đơn vị"},
    ])
    db["edges"].insert({"src": "a", "dst": "b@2020-01-01", "type": "implements",
                        "document_id": "a", "method": "test"})
    graph = build_graph(db)
    assert graph.nodes["x/nowhere"] == {"type": "unknown"}
    assert graph.nodes["b@2020-01-01"] == {"type": "unknown"}
    assert graph.has_edge("x/nowhere", "a#t1", "leads")
    assert graph.edges["x/nowhere", "a#t1", "leads"]["evidence"] == "Sở Ngoại vụ"
    assert graph.number_of_nodes() == 4  # a role with no body id adds no node


# ------------------------------------------------------------------ walks
@pytest.mark.parametrize("where", [(DISTRICT, "I.1"), (DISTRICT, "I.2"), (DISTRICT, "III.1"),
                                   (PEOPLES_COMMITTEE, "I.1.-1")])
def test_source_chain_reaches_the_conclusion_through_the_provincial_plan(
        graph: nx.MultiDiGraph, where: tuple[str, str]) -> None:
    assert source_chain(graph, task(graph, *where)) == [PROVINCE, CONCLUSION]


@pytest.mark.parametrize(("where", "expected"), [
    ((CONCLUSION, None, "Hoàn thiện Cơ sở dữ liệu"), []),  # derives from nothing
    ((CONCLUSION, None, "Đẩy mạnh công tác thông tin"), ["28-NQ/TW@2022-11-17"]),  # central: stop
    ((PROVINCE, "I.1", None), [CONCLUSION]),
])
def test_source_chain_edge_cases(graph: nx.MultiDiGraph, where: tuple[str, str | None, str | None],
                                 expected: list[str]) -> None:
    assert source_chain(graph, task(graph, *where)) == expected


def test_source_chain_goes_to_the_top() -> None:
    """A programme of the Government implementing a Politburo resolution keeps both."""
    graph = chain_graph(("d", "p"), ("p", "c1"), ("c1", "c2"),
                        levels={"d": "district", "p": "provincial", "c1": "central", "c2": "central"})
    add_edge(graph, "d#t1", "d", "derives_from", _node(rank=0))
    assert source_chain(graph, "d#t1") == ["d", "p", "c1", "c2"]


def test_source_chain_survives_a_cycle() -> None:
    graph = chain_graph(("a", "b"), ("b", "a"), levels={"a": "provincial", "b": "provincial"})
    add_edge(graph, "t", "a", "derives_from", _node(rank=0))
    assert source_chain(graph, "t") == ["a", "b"]


def _task_citing(graph: nx.MultiDiGraph, *sources: str) -> str:
    for rank, source in enumerate(sources):
        add_edge(graph, "x#t1", source, "derives_from", _node(rank=rank))
    return "x#t1"


def test_the_chain_starts_at_the_more_specific_source() -> None:
    graph = chain_graph(("plan", "conclusion"), ("district", "plan"))
    assert source_chain(graph, _task_citing(graph, "conclusion", "plan")) == ["plan", "conclusion"]
    graph = chain_graph(("plan", "conclusion"), ("district", "plan"))
    assert source_chain(graph, _task_citing(graph, "conclusion", "district", "plan")) == [
        "district", "plan", "conclusion"]
    graph = chain_graph(("plan", "conclusion"))
    graph.add_node("unrelated")
    assert source_chain(graph, _task_citing(graph, "unrelated", "plan")) == [
        "unrelated", "plan", "conclusion"]  # same level: the text's order decides


def test_the_chain_starts_at_the_more_local_level() -> None:
    """\"theo tinh thần Nghị quyết số 21-NQ/TW ... và hướng dẫn tại Kế hoạch số 215-KH/TU\"."""
    graph = chain_graph(("plan", "conclusion"), levels={"plan": "provincial", "conclusion": "central"})
    graph.add_node("resolution", type="stub", level="central")
    graph.add_node("somewhere", type="unknown")
    assert source_chain(graph, _task_citing(graph, "resolution", "plan"))[0] == "plan"
    graph.remove_node("x#t1")
    assert source_chain(graph, _task_citing(graph, "somewhere", "resolution"))[0] == "resolution"


def test_implementing_documents(graph: nx.MultiDiGraph) -> None:
    below = implementing_documents(graph, CONCLUSION)
    assert {PROVINCE, DISTRICT, PEOPLES_COMMITTEE} <= below
    assert CONCLUSION not in below
    assert implementing_documents(graph, DISTRICT) == set()
    assert implemented_documents(graph, DISTRICT) == {PROVINCE, CONCLUSION}


def test_walks_name_a_missing_id(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(KeyError, match="no-such-document"):
        implementing_documents(graph, "no-such-document")
    with pytest.raises(KeyError, match="no-such-task"):
        source_chain(graph, "no-such-task")


def test_subgraph_for_a_document(graph: nx.MultiDiGraph) -> None:
    sub = subgraph_for(graph, DISTRICT)
    tasks = {n for n, d in sub.nodes(data=True) if d["type"] == "task"}
    in_store = {n for n, d in graph.nodes(data=True) if d["type"] == "task" and d["document"] == DISTRICT}
    assert tasks == in_store and len(tasks) > 25
    assert {DISTRICT, PROVINCE, CONCLUSION, "21-NQ/TW@2022-06-16"} <= set(sub)
    assert PEOPLES_COMMITTEE not in sub and "tw/bbt" not in sub
    roles = {src for task in tasks for src, _ in graph.in_edges(task)}
    assert roles and roles <= set(sub)
    assert role_evidence(sub, task(graph, DISTRICT, "III.1"), "leads") == {"Ban Tổ chức Huyện ủy"}
    sub.nodes[DISTRICT]["title"] = "changed"  # a copy, not a view
    assert graph.nodes[DISTRICT]["title"] != "changed"


# ------------------------------------------------------------------ files
@pytest.mark.parametrize(("value", "expected"), [
    (None, ""), ("", ""), (True, True), (0, 0), (1.5, 1.5), ("Thành ủy", "Thành ủy"),
    (["a", "Tỉnh ủy"], '["a", "Tỉnh ủy"]'), ("trang 1\x0ctrang 2\x00", "trang 1trang 2"),
])
def test_portable_value(value: object, expected: object) -> None:
    assert portable_value(value) == expected


def _read_graphml(path: Path) -> nx.MultiDiGraph:
    return nx.read_graphml(path, edge_key_type=str, force_multigraph=True)


READERS: list[tuple[str, Callable[[nx.MultiDiGraph, Path], None], Callable[[Path], nx.MultiDiGraph]]] = [
    ("graphml", write_graphml, _read_graphml),
    ("gexf", write_gexf, nx.read_gexf),
    ("json", write_node_link_json, read_node_link_json),
]


def _relation(data: dict[str, object], key: str) -> object:
    return data.get("relation", key)


@pytest.mark.parametrize(("suffix", "write", "read"), READERS, ids=[r[0] for r in READERS])
def test_files_round_trip_vietnamese(graph: nx.MultiDiGraph, tmp_path: Path, suffix: str,
                                     write: Callable[[nx.MultiDiGraph, Path], None],
                                     read: Callable[[Path], nx.MultiDiGraph]) -> None:
    path = tmp_path / f"graph.{suffix}"
    write(graph, path)
    back = read(path)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    title = graph.nodes[PEOPLES_COMMITTEE]["title"]
    assignment = task(graph, DISTRICT, "III.1")
    text = graph.nodes[assignment]["text"]
    assert "HOẠCH" in title and "Ban Tổ chức Huyện ủy" in text
    assert back.nodes[PEOPLES_COMMITTEE]["title"] == title
    assert back.nodes[assignment]["text"] == text
    assert unicodedata.is_normalized("NFC", back.nodes[assignment]["text"])
    relations = Counter(_relation(d, k) for _, _, k, d in back.edges(keys=True, data=True))
    assert relations == Counter(k for _, _, k in graph.edges(keys=True))


def test_graphml_edge_ids_are_unique(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    """Gephi drops an edge whose id it has seen; keys alone (`implements`) repeat."""
    path = tmp_path / "graph.graphml"
    write_graphml(graph, path)
    keys = [k for _, _, k in _read_graphml(path).edges(keys=True)]
    assert len(keys) == len(set(keys)) == graph.number_of_edges()


def test_gexf_attributes_are_plain_values(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "graph.gexf"
    write_gexf(graph, path)
    back = nx.read_gexf(path)
    for _, data in back.nodes(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in data.values())
    stub = back.nodes["86/2015/QH13@2015-11-19"]  # cited, not ingested: None became ""
    assert stub["ingested"] is False and stub["jurisdiction"] == "" and stub["label"] == "86/2015/QH13"
    assert back.nodes[CONCLUSION]["label"] == "187-KL/TW"
    edge = next(d for u, v, d in back.edges(data=True) if (u, v) == (PROVINCE, CONCLUSION)
                and d["relation"] == "implements")
    assert json.loads(edge["evidence_documents"])[0] == PEOPLES_COMMITTEE


def test_control_characters_do_not_break_xml(tmp_path: Path) -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("t", type="task", text="Hoàn thành\x0c trước 31/12")
    for write, read in [(write_graphml, _read_graphml), (write_gexf, nx.read_gexf)]:
        path = tmp_path / f"g.{write.__name__}"
        write(graph, path)
        assert read(path).nodes["t"]["text"] == "Hoàn thành trước 31/12"


def test_node_link_json_keeps_keys_and_nulls(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    write_node_link_json(graph, path)
    raw = path.read_text(encoding="utf-8")
    assert "Ban Tổ chức Huyện ủy" in raw  # not \u-escaped
    data = json.loads(raw)
    assert set(data) >= {"nodes", "edges"}
    edge = next(e for e in data["edges"] if e["source"] == PROVINCE and e["key"] == "implements")
    assert edge["target"] == CONCLUSION
    assert any(e["evidence"] is None for e in data["edges"])


def test_labels_are_readable_and_tell_nodes_apart(graph: nx.MultiDiGraph) -> None:
    """Gephi shows labels: a body with its place, a task with its document and first words;
    no two bodies or tasks share one."""
    from pipeline.graph import portable_graph

    labelled = portable_graph(graph)
    for kind in ("body", "task"):
        labels = [data["label"] for _, data in labelled.nodes(data=True) if data["type"] == kind]
        assert len(set(labels)) == len(labels), kind
    assert labelled.nodes["hau-giang/btc"]["label"].endswith("(hau-giang)")
    first = task(graph, DISTRICT, "III.1")
    assert labelled.nodes[first]["label"].startswith("96-KH/HU t")
    assert len(labelled.nodes[first]["label"]) < 80


# ------------------------------------------------------------------ the workbench's neighbourhood
def test_a_neighbourhood_walks_up_and_down_the_chain(sample_db: sqlite_utils.Database,
                                                     graph: nx.MultiDiGraph) -> None:
    """From the district plan: up, what it implements or cites (one step: the province's plan
    and the conclusion both, as the plan cites both), then what those cite; nothing below it.
    Its edges are the whole graph's, as the exports have them."""
    near = neighbourhood(sample_db, DISTRICT, depth=1)
    far = neighbourhood(sample_db, DISTRICT, depth=2)
    distance = dict(far.nodes(data="distance"))
    assert distance[DISTRICT] == 0
    assert distance[PROVINCE] == distance[CONCLUSION] == -1
    assert distance["52-NQ/TW@2019-09-27"] == -2  # cited by the conclusion only
    assert "52-NQ/TW@2019-09-27" not in near and set(near) < set(far)
    assert all(d < 1 for d in distance.values())
    for src, dst, key in far.edges(keys=True):
        assert key in ("implements", "cites") and graph.has_edge(src, dst, key)
    assert far.has_edge(DISTRICT, PROVINCE, "implements")
    assert far.has_edge(PROVINCE, CONCLUSION, "implements")


def test_a_neighbourhood_below_a_central_document(sample_db: sqlite_utils.Database) -> None:
    below = neighbourhood(sample_db, CONCLUSION, depth=2)
    plans = {node for node, d in below.nodes(data="distance") if d > 0}
    assert plans == {PROVINCE, DISTRICT, PEOPLES_COMMITTEE}
    assert below.nodes[PROVINCE]["type"] == "document"
    assert below.nodes["21-NQ/TW@2022-06-16"]["type"] == "stub"
    with pytest.raises(KeyError, match="check the id"):
        neighbourhood(sample_db, "187-KL/TW@1999-01-01")


def test_a_neighbourhood_with_tasks_and_bodies(sample_db: sqlite_utils.Database,
                                               graph: nx.MultiDiGraph) -> None:
    """Its own tasks, the tasks of the plans in view deriving from it, and the bodies with a
    role in them; every edge one of the whole graph's."""
    view = neighbourhood(sample_db, CONCLUSION, depth=2, tasks=True)
    tasks = {n for n, d in view.nodes(data=True) if d["type"] == "task"}
    own = {n for n in tasks if view.nodes[n]["document"] == CONCLUSION}
    assert own == set(tasks_of(graph, CONCLUSION))
    deriving = tasks - own
    assert deriving and all(view.has_edge(t, CONCLUSION, "derives_from") for t in deriving)
    assert {view.nodes[t]["document"] for t in deriving} <= {PROVINCE, DISTRICT, PEOPLES_COMMITTEE}
    bodies = {n for n, d in view.nodes(data=True) if d["type"] == "body"}
    assert "hau-giang/btc" in bodies
    assert all(any(view.has_edge(b, t) for t in tasks) for b in bodies)
    for src, dst, key in view.edges(keys=True):
        assert graph.has_edge(src, dst, key), (src, dst, key)
    assert view.graph["omitted_tasks"] == 0


def test_titled_labels_are_readable_and_unique(sample_db: sqlite_utils.Database) -> None:
    view = neighbourhood(sample_db, CONCLUSION, depth=2, tasks=True)
    labels = titled_labels(view)
    assert len(set(labels.values())) == len(labels)
    assert labels[CONCLUSION].startswith("187-KL/TW — về đẩy mạnh chuyển đổi số")
    assert labels["hau-giang/btc"] == "Ban Tổ chức Tỉnh ủy (hau-giang)"
    assert all("@" not in label for label in labels.values())  # symbols, not ids
    assert all(len(labels[n]) < 80 for n, d in view.nodes(data=True) if d["type"] != "body")


def test_titled_labels_tell_a_reused_symbol_apart() -> None:
    """A symbol numbered again in a later year: the date follows it; the same date too: the id."""
    twins = nx.MultiDiGraph()
    for node, day in (("5-KH/TU@2020-01-02", "2020-01-02"), ("5-KH/TU@2024-03-04", "2024-03-04"),
                      ("5-KH/TU@2024-03-04#b", "2024-03-04")):
        twins.add_node(node, type="document", symbol="5-KH/TU", date=day, title="về chuyển đổi số")
    labels = titled_labels(twins)
    assert labels["5-KH/TU@2020-01-02"] == "5-KH/TU — về chuyển đổi số (2020-01-02)"
    assert len(set(labels.values())) == 3
