"""The workbench in a real browser: Debian's headless Chromium, driven by Selenium through the
system's chromedriver (no browser is downloaded), against `vndoc serve` on a free local port
(the `workbench` fixture). `make test` installs `chromium chromium-driver` where it can."""

from __future__ import annotations

import shutil
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import SAMPLES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def new_browser() -> Any:
    """Headless Chromium with its console log kept; fails (never skips) without the programs."""
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.fail("chromium and chromedriver are missing: `make test` installs them with "
                    "apt-get (packages chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1400,1000", "--lang=vi"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def _extracted_tasks(sample: str) -> list[Any]:
    """The tasks the pipeline finds in a sample, as the store behind the workbench holds them."""
    from pipeline.extract import extract
    from pipeline.ingest import ingest

    return extract(ingest(SAMPLES / sample)).tasks


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    driver = new_browser()
    try:
        yield driver
    finally:
        driver.quit()


def open_page(browser: Any, url: str) -> list[str]:
    """Load `url`; the console's errors (SEVERE entries), which a page must not have."""
    browser.get(url)
    return [entry["message"] for entry in browser.get_log("browser")
            if entry["level"] == "SEVERE"]


def rows(browser: Any) -> list[list[str]]:
    from selenium.webdriver.common.by import By

    return [[cell.text for cell in row.find_elements(By.CSS_SELECTOR, "td")]
            for row in browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")]


@pytest.mark.parametrize("path", ["/", "/directives", "/directives/tasks", "/directives/documents",
                                  "/directives/alignments", "/directives/task_roles",
                                  "/-/search?q=t%E1%BB%95+ch%E1%BB%A9c+c%C6%A1+s%E1%BB%9F"])
def test_pages_load_without_console_errors(workbench: str, browser: Any, path: str) -> None:
    assert open_page(browser, workbench + path) == []
    assert "Văn bản chỉ đạo thành dữ liệu" in browser.page_source or path != "/"
    if path.count("/") == 2:
        assert rows(browser), path


def test_search_in_the_browser_keeps_diacritics(workbench: str, browser: Any) -> None:
    query = urllib.parse.urlencode({"_search": '"tổ chức cơ sở đảng"'})
    assert open_page(browser, f"{workbench}/directives/tasks?{query}") == []
    found = rows(browser)
    assert found and all("tổ chức cơ sở đảng" in " ".join(" ".join(r).lower().split())
                         for r in found)


def test_a_canned_query_shows_a_tasks_chain(workbench: str, browser: Any) -> None:
    query = urllib.parse.urlencode({"document": "187-KL/TW"})
    assert open_page(browser, f"{workbench}/directives/implementing_tasks?{query}") == []
    tasks = rows(browser)
    assert len(tasks) >= 30
    task = next(cell for row in tasks for cell in row if cell.startswith("96-KH/HU@"))
    assert open_page(browser, f"{workbench}/directives/task_chain?"
                     + urllib.parse.urlencode({"task": task})) == []
    chain = rows(browser)
    assert any("187-KL/TW" in row for row in chain) and any("central" in row for row in chain)


def _link(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def test_the_document_page_shows_its_tasks_and_who_implements_it(workbench: str,
                                                                 browser: Any) -> None:
    from selenium.webdriver.common.by import By

    assert open_page(browser, f"{workbench}/-/document/{_link('187-KL/TW@2024-03-14')}") == []
    assert browser.find_element(By.TAG_NAME, "h1").text == "Kết luận 187-KL/TW"
    plans = {row[0]: row for row in _table(browser, "implemented-by")}
    assert set(plans) == {"215-KH/TU", "96-KH/HU", "142/KH-UBND"}
    assert plans["215-KH/TU"][-1] == "57"  # 14 March → 10 May 2024: the lag in days
    assert len(_table(browser, "tasks")) == len(_extracted_tasks("kl-187-tw.txt"))  # every one
    drawn = browser.find_elements(By.CSS_SELECTOR, "svg#timeline g.plan")  # the same lags, drawn
    assert {g.get_attribute("data-lag") for g in drawn} == {row[-1] for row in plans.values()}
    assert all(g.is_displayed() for g in drawn)


def test_the_task_page_shows_the_chain_with_the_passage_carried_out(workbench: str,
                                                                    browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{workbench}/-/document/{_link('215-KH/TU@2024-05-10')}")
    row = next(r for r in browser.find_elements(By.CSS_SELECTOR, "table#tasks tbody tr")
               if "100% văn bản không mật" in r.text)
    row.find_element(By.TAG_NAME, "a").click()  # the document page links each task to its page
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    chain = _table(browser, "chain")
    assert chain[-1][1] == "187-KL/TW" and chain[-1][3] == "central"
    assert "100% văn bản không mật" in chain[-1][4] and chain[-1][6] == "verbatim"
    assert browser.find_element(By.ID, "evidence").text


def test_the_body_page_lists_its_tasks(workbench: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    assert open_page(browser, f"{workbench}/directives/task_roles?"
                     + urllib.parse.urlencode({"body_id": "hau-giang/btc"})) == []
    browser.find_element(By.CSS_SELECTOR, "table.rows-and-columns a[href^='/-/body/']").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Ban Tổ chức Tỉnh ủy"
    tasks = _table(browser, "tasks")
    assert tasks and {row[0] for row in tasks} <= {"lead", "coordinate"}


def _table(browser: Any, table_id: str) -> list[list[str]]:
    from selenium.webdriver.common.by import By

    return [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")] for row in
            browser.find_elements(By.CSS_SELECTOR, f"table#{table_id} tbody tr")]


def _drawn(browser: Any) -> dict[str, Any]:
    """What the graph view reports once Cytoscape has drawn (it fails on the page's error)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 60).until(lambda driver: driver.execute_script(
        "return window.workbenchGraph && (window.workbenchGraph.ready"
        " || window.workbenchGraph.error !== null)"))
    state = browser.execute_script(
        "var s = window.workbenchGraph; return {ready: s.ready, nodes: s.nodes, edges: s.edges,"
        " visibleEdges: s.visibleEdges, error: s.error}")
    assert state["error"] is None and state["ready"], state
    return state


def test_the_graph_view_draws_the_neighbourhood(workbench: str, browser: Any) -> None:
    """Cytoscape (vendored, served by the workbench) draws every node and edge of the JSON on
    a canvas; the legend's buttons hide and show an edge type; clicking a node opens its page."""
    import json

    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    conclusion = _link("187-KL/TW@2024-03-14")
    assert open_page(browser, f"{workbench}/-/graph/{conclusion}") == []
    state = _drawn(browser)
    data = json.loads(urllib.request.urlopen(f"{workbench}/-/graph/{conclusion}.json",
                                             timeout=20).read())
    assert (state["nodes"], state["edges"]) == (len(data["nodes"]), len(data["edges"])) == (9, 20)
    assert browser.find_elements(By.CSS_SELECTOR, "#graph canvas")
    cites = browser.find_element(By.CSS_SELECTOR, "#graph-legend button[data-edge-type='cites']")
    assert "trích dẫn · cites (17)" in cites.text
    cites.click()
    assert cites.get_attribute("aria-pressed") == "false"
    assert browser.execute_script("return window.workbenchGraph.visibleEdges") == 20 - 17
    cites.click()
    assert browser.execute_script("return window.workbenchGraph.visibleEdges") == 20

    box = browser.find_element(By.ID, "graph")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    where = browser.execute_script(
        "return window.workbenchGraph.cy.$id(arguments[0]).renderedPosition()",
        "215-KH/TU@2024-05-10")
    ActionChains(browser).move_to_element_with_offset(
        box, int(where["x"] - box.size["width"] / 2), int(where["y"] - box.size["height"] / 2)
    ).click().perform()
    WebDriverWait(browser, 30).until(lambda driver: "/-/document/" in driver.current_url)
    assert browser.current_url.endswith("/-/document/215-KH%2FTU%402024-05-10")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Kế hoạch 215-KH/TU"
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_the_graph_view_with_tasks_and_a_deeper_walk(workbench: str, browser: Any) -> None:
    """The form's controls ask for tasks and depth; the legend then names the role edges."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    district = _link("96-KH/HU@2024-06-05")
    assert open_page(browser, f"{workbench}/-/graph/{district}?depth=1") == []
    before = _drawn(browser)["nodes"]
    browser.find_element(By.ID, "graph-tasks").click()  # the form is sent on change
    WebDriverWait(browser, 30).until(lambda driver: "tasks=1" in driver.current_url)
    with_tasks = _drawn(browser)["nodes"]
    assert with_tasks > before
    Select(browser.find_element(By.ID, "graph-depth")).select_by_value("2")
    WebDriverWait(browser, 30).until(lambda driver: "depth=2" in driver.current_url)
    assert "tasks=1" in browser.current_url and _drawn(browser)["nodes"] > with_tasks
    types = [b.get_attribute("data-edge-type") for b in
             browser.find_elements(By.CSS_SELECTOR, "#graph-legend button[data-edge-type]")]
    assert {"implements", "cites", "derives_from", "leads"} <= set(types)
    assert browser.find_element(By.ID, "graph-layout").get_attribute("value") == "force"
