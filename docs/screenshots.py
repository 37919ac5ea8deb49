"""Screenshots of the workbench's main pages, for the README: the samples are ingested into a
temporary store, `vndoc serve` starts on a free port, headless Chromium (the system's, as in
the tests, started as the tests start it) saves each page as PNG under docs/screenshots/.

    .venv/bin/python docs/screenshots.py        (or: make screenshots)
"""

from __future__ import annotations

import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from conftest import start_server  # noqa: E402
from test_browser import new_browser  # noqa: E402

from pipeline.batch import ingest_paths  # noqa: E402

OUT = REPO / "docs" / "screenshots"
PAGES = {
    "home": "/directives",
    "tasks-search": "/directives/tasks?" + urllib.parse.urlencode(
        {"_search": '"chuyển đổi số"', "_facet": "kind"}),
    "search-page": "/-/search?" + urllib.parse.urlencode({"q": "chuyển đổi số -hội"}),
    "implementing-tasks": "/directives/implementing_tasks?document=187-KL%2FTW",
    "coverage-by-province": "/directives/coverage_by_province?document=187-KL%2FTW",
    "alignments": "/directives/alignments?_facet=reuse_class&confident=1",
    "document-page": "/-/document/187-KL%2FTW%402024-03-14",
    "task-page": "/-/task/215-KH%2FTU%402024-05-10%23t19",
    "graph-view": "/-/graph/187-KL%2FTW%402024-03-14",
    "graph-view-tasks": "/-/graph/96-KH%2FHU%402024-06-05?depth=1&tasks=1",
    "timeline": "/-/document/187-KL%2FTW%402024-03-14#timeline-section",
}


def wait_for_drawing(browser: object) -> None:
    """On the graph view, until Cytoscape has drawn (the page reports it on `window`)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 60).until(lambda driver: driver.execute_script(
        "return !window.workbenchGraph || window.workbenchGraph.ready"
        " || window.workbenchGraph.error !== null"))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "directives.db"
        ingest_paths([REPO / "corpora" / "samples"], db_path, jobs=1)
        server, base = start_server(db_path)
        try:
            browser = new_browser()
            try:
                for name, path in PAGES.items():
                    browser.get(base + path)
                    wait_for_drawing(browser)
                    browser.save_screenshot(str(OUT / f"{name}.png"))
                    print(f"{OUT / name}.png", file=sys.stderr)
            finally:
                browser.quit()
        finally:
            server.terminate()
            server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
