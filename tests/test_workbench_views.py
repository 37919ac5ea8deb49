"""The workbench's graph view and timeline over HTTP: `vndoc serve` on a store of the samples
(the `workbench` fixture); the JSON the graph page draws, the page and the static files it loads
(vendored, served by the workbench itself: no CDN); the timeline's SVG on a document's page."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest

CONCLUSION = "187-KL/TW@2024-03-14"
PROVINCE = "215-KH/TU@2024-05-10"
DISTRICT = "96-KH/HU@2024-06-05"
PEOPLES_COMMITTEE = "142/KH-UBND@2024-06-20"
PLANS = {PROVINCE, DISTRICT, PEOPLES_COMMITTEE}


def _link(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def fetch(url: str) -> tuple[int, str]:
    """Status and body of a GET, errors included (a 404 is an answer to check)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def graph_json(base: str, document: str, **params: str) -> dict[str, Any]:
    query = f"?{urllib.parse.urlencode(params)}" if params else ""
    status, body = fetch(f"{base}/-/graph/{_link(document)}.json{query}")
    assert status == 200, body
    return json.loads(body)


def test_the_graph_json_has_typed_edges_and_readable_unique_labels(workbench: str) -> None:
    data = graph_json(workbench, CONCLUSION)
    nodes = {node["id"]: node for node in data["nodes"]}
    assert data["depth"] == 2 and not data["tasks"]
    assert [n for n, node in nodes.items() if node["centre"]] == [CONCLUSION]
    assert {n for n, node in nodes.items() if node["distance"] > 0} == PLANS
    assert {node["type"] for node in nodes.values()} == {"document", "stub"}
    implements = {(e["source"], e["target"]) for e in data["edges"] if e["type"] == "implements"}
    assert implements == {(PROVINCE, CONCLUSION), (DISTRICT, PROVINCE),
                          (PEOPLES_COMMITTEE, PROVINCE)}
    assert {e["type"] for e in data["edges"]} == {"implements", "cites"}
    assert all(e["source"] in nodes and e["target"] in nodes for e in data["edges"])
    labels = [node["label"] for node in nodes.values()]
    assert len(set(labels)) == len(labels)
    assert nodes[CONCLUSION]["label"].startswith("187-KL/TW — về đẩy mạnh chuyển đổi số")
    assert all("@" not in label and len(label) < 80 for label in labels)
    assert nodes[PROVINCE]["href"] == "/-/document/215-KH%2FTU%402024-05-10"
    legend = {item["type"]: item for item in data["legend"]["edges"]}
    assert set(legend) == {"implements", "cites"}
    assert legend["implements"]["colour"] != legend["cites"]["colour"]


def test_the_depth_control_reaches_further_up(workbench: str) -> None:
    """From the district plan: one step up reaches the plans it cites; two, what those cite."""
    near = {node["id"]: node for node in graph_json(workbench, DISTRICT, depth="1")["nodes"]}
    far = {node["id"]: node for node in graph_json(workbench, DISTRICT, depth="2")["nodes"]}
    assert near[PROVINCE]["distance"] == near[CONCLUSION]["distance"] == -1
    assert "52-NQ/TW@2019-09-27" not in near and far["52-NQ/TW@2019-09-27"]["distance"] == -2
    assert far["52-NQ/TW@2019-09-27"]["row"] < far[CONCLUSION]["row"] < far[DISTRICT]["row"]
    assert graph_json(workbench, DISTRICT, depth="many")["depth"] == 2  # not a number: default
    assert graph_json(workbench, DISTRICT, depth="99")["depth"] == 4


def test_the_graph_json_with_tasks_and_bodies(workbench: str) -> None:
    data = graph_json(workbench, CONCLUSION, tasks="1")
    nodes = {node["id"]: node for node in data["nodes"]}
    tasks = {n for n, node in nodes.items() if node["type"] == "task"}
    assert {f"{CONCLUSION}#t1", f"{CONCLUSION}#t30"} <= tasks
    assert any(task.startswith(PROVINCE) for task in tasks)
    assert all(nodes[t]["href"].startswith("/-/task/") for t in tasks)
    assert nodes["hau-giang/btc"]["href"] == "/-/body/hau-giang%2Fbtc"
    kinds = {e["type"] for e in data["edges"]}
    assert {"implements", "cites", "derives_from", "leads"} <= kinds
    assert [item["type"] for item in data["legend"]["edges"]][:4] == [
        "implements", "cites", "derives_from", "leads"]
    labels = [node["label"] for node in nodes.values()]
    assert len(set(labels)) == len(labels)
    bodies = [node for node in nodes.values() if node["type"] == "body"]
    assert min(b["row"] for b in bodies) > max(nodes[t]["row"] for t in tasks)


def test_an_unknown_document_is_404(workbench: str) -> None:
    status, body = fetch(f"{workbench}/-/graph/{_link('187-KL/TW@1999-01-01')}.json")
    assert status == 404 and json.loads(body)["ok"] is False
    status, body = fetch(f"{workbench}/-/graph/{_link('<b>nope</b>')}")
    assert status == 404 and "<b>nope" not in body  # the id is escaped


def test_the_graph_page_loads_its_script_and_library_from_the_workbench(workbench: str) -> None:
    status, page = fetch(f"{workbench}/-/graph/{_link(CONCLUSION)}?depth=1")
    assert status == 200
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert "/-/workbench/vendor/cytoscape/cytoscape.min.js" in scripts
    assert "/-/workbench/graph.js" in scripts
    assert not [src for src in scripts if src.startswith(("http:", "https:", "//"))]
    assert f'data-src="/-/graph/{_link(CONCLUSION)}.json?depth=1"' in page
    status, library = fetch(f"{workbench}/-/workbench/vendor/cytoscape/cytoscape.min.js")
    assert status == 200 and 'version="3.35.0"' in library
    status, licence = fetch(f"{workbench}/-/workbench/vendor/cytoscape/LICENSE")
    assert status == 200 and "The Cytoscape Consortium" in licence
    assert fetch(f"{workbench}/-/workbench/graph.js")[0] == 200


def test_the_document_page_links_to_its_graph(workbench: str) -> None:
    status, page = fetch(f"{workbench}/-/document/{_link(DISTRICT)}")
    assert status == 200 and f'href="/-/graph/{_link(DISTRICT)}"' in page


@pytest.mark.parametrize("depth", ["1", "3"])
def test_the_page_lists_the_nodes_it_draws(workbench: str, depth: str) -> None:
    """Without script the page still lists every node the JSON has, with its link."""
    data = graph_json(workbench, CONCLUSION, depth=depth)
    page = fetch(f"{workbench}/-/graph/{_link(CONCLUSION)}?depth={depth}")[1]
    listed = re.findall(r'<tr><td><a href="(/-/[^"]+)">', page.split('id="graph-nodes"')[1])
    assert sorted(listed) == sorted(node["href"] for node in data["nodes"])


# ------------------------------------------------------------------ the timeline
SVG = "{http://www.w3.org/2000/svg}"


def timeline(base: str, document: str) -> ET.Element | None:
    """The timeline's SVG on the document's page, parsed (None when the page has none)."""
    status, page = fetch(f"{base}/-/document/{_link(document)}")
    assert status == 200
    found = re.search(r'<svg xmlns="http://www.w3.org/2000/svg" id="timeline".*?</svg>', page,
                      re.S)
    return ET.fromstring(found.group(0)) if found else None


def plans_drawn(svg: ET.Element) -> dict[str, ET.Element]:
    return {g.get("data-document") or "": g for g in svg.iter(f"{SVG}g")
            if g.get("class") == "plan"}


def issued(base: str) -> dict[str, date]:
    """Every document's date as the store has it (Datasette's JSON)."""
    status, body = fetch(f"{base}/directives/documents.json?_shape=array&_size=max"
                         "&_col=id&_col=date")
    assert status == 200
    return {row["id"]: date.fromisoformat(row["date"]) for row in json.loads(body) if row["date"]}


def test_the_timeline_puts_each_plan_at_its_lag_under_its_province(workbench: str) -> None:
    svg = timeline(workbench, CONCLUSION)
    assert svg is not None
    plans = plans_drawn(svg)
    assert set(plans) == PLANS
    dates = issued(workbench)
    for plan, drawn in plans.items():
        lag = (dates[plan] - dates[CONCLUSION]).days
        assert drawn.get("data-lag") == str(lag)
        assert [t.text for t in drawn.iter(f"{SVG}text") if t.get("class") == "lag"] == [
            f"{lag} ngày"]
    assert plans[PROVINCE].get("data-lag") == "57"  # 14 March → 10 May 2024
    zero = float(next(svg.iter(f"{SVG}line")).attrib["x1"])  # the document's day
    scale = [(float(drawn.findall(f".//{SVG}circle")[0].attrib["cx"]) - zero)
             / int(drawn.attrib["data-lag"]) for drawn in plans.values()]
    assert max(scale) - min(scale) < 0.01  # days to pixels on one straight scale from day 0
    provinces = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "province"]
    assert provinces == ["Hậu Giang (3)"]  # the district's plan with its province's
    assert "96-KH/HU (Châu Thành A), 2024-06-05" in (plans[DISTRICT].findtext(f"{SVG}title") or "")
    assert svg.get("role") == "img" and "57" in (svg.findtext(f"{SVG}desc") or "")


def test_a_plans_timeline_shows_what_implements_it(workbench: str) -> None:
    """The provincial plan's page: the district's and the committee's plans, days after it;
    the district plan, which nothing implements, has no timeline."""
    svg = timeline(workbench, PROVINCE)
    assert svg is not None
    assert {plan: g.get("data-lag") for plan, g in plans_drawn(svg).items()} == {
        DISTRICT: "26", PEOPLES_COMMITTEE: "41"}
    assert timeline(workbench, DISTRICT) is None


def test_a_plan_dated_before_its_document_stays_on_the_axis() -> None:
    """A plan dated before what it implements (a typo in a date, or a draft) is drawn left of
    day 0, on the axis; a plan without a date is not drawn (the table above still lists it)."""
    from pipeline.web import timeline as plot

    rows = [{"id": "a", "symbol": "1-KH/TU", "date": "2024-01-01", "level": "provincial",
             "jurisdiction": "hau-giang", "lag_days": -3},
            {"id": "b", "symbol": "2-KH/HU", "date": None, "level": "district",
             "jurisdiction": "hau-giang/chau-thanh-a", "lag_days": None}]
    groups = plot.provinces(rows, lambda place: place.upper())
    svg = ET.fromstring(str(plot.plot({"id": "c", "date": "2024-01-04"}, groups, str)))
    assert set(plans_drawn(svg)) == {"a"}
    axis = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "axis")
    assert [t.text for t in axis.iter(f"{SVG}text")][:-1] == ["-3", "-2", "-1", "0", "1"]


def test_a_body_page_lists_its_tasks_a_page_at_a_time(workbench: str) -> None:
    """`?offset=` starts the list further down and links back; a bad offset is the start."""
    url = f"{workbench}/-/body/{_link('hau-giang/group/party-subordinates')}"
    status, whole = fetch(url)
    assert status == 200
    rows = re.findall(r'<tr><td>(?:lead|coordinate)</td>', whole)
    assert len(rows) > 12 and 'rel="prev"' not in whole
    status, later = fetch(f"{url}?offset=10")
    assert status == 200
    assert len(re.findall(r'<tr><td>(?:lead|coordinate)</td>', later)) == len(rows) - 10
    assert f"(11–{len(rows)})" in later and 'rel="prev" href="?offset=0"' in later
    assert 'rel="next"' not in later
    assert fetch(f"{url}?offset=abc")[1] == whole


def test_the_search_page_finds_what_query_search_finds(workbench: str) -> None:
    """`/-/search` runs `query search`'s code: a phrase typed with diacritics first, `-` drops
    a word; the results link to the task and document pages."""
    status, page = fetch(f"{workbench}/-/search?" + urllib.parse.urlencode(
        {"q": "tổ chức cơ sở đảng"}))
    assert status == 200
    texts = [re.sub(r"\s+", " ", t).lower() for t in re.findall(
        r'<a href="/-/task/[^"]+">([^<]*)</a>', page)]
    assert texts and "tổ chức cơ sở đảng" in texts[0]
    status, fewer = fetch(f"{workbench}/-/search?" + urllib.parse.urlencode(
        {"q": "tổ chức cơ sở đảng -chi"}))
    kept = re.findall(r'<a href="/-/task/[^"]+">([^<]*)</a>', fewer)
    assert status == 200 and len(kept) < len(texts)
    assert all(" chi " not in f" {t.lower()} " for t in kept)
    status, home = fetch(f"{workbench}/")
    assert 'href="/-/search"' in home
