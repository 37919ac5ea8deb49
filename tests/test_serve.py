"""The web workbench (`vndoc serve`): a real Datasette server on a free local port over a store
built from the samples, asked over HTTP, then stopped."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse
import urllib.request
from typing import Any

import pytest
from conftest import REPO

from pipeline.serve import QUERIES, TABLES

CONCLUSION = "187-KL/TW@2024-03-14"


@pytest.fixture(scope="module")
def server(workbench: str) -> str:
    return workbench


def get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=20) as response:
        return json.loads(response.read().decode("utf-8"))


def test_every_table_has_its_vietnamese_and_english_title(server: str) -> None:
    meta = get(f"{server}/-/metadata.json")
    tables = meta["databases"]["directives"]["tables"]
    for table, (vi, en, _, _) in TABLES.items():
        assert tables[table]["title"] == f"{vi} · {en}"
    html = urllib.request.urlopen(f"{server}/directives/tasks", timeout=20).read().decode()
    assert "Nhiệm vụ · Tasks" in html


def test_task_search_keeps_diacritics(server: str) -> None:
    def search(words: str) -> list[dict[str, Any]]:
        query = urllib.parse.urlencode({"_search": words, "_shape": "array", "_size": "max"})
        return get(f"{server}/directives/tasks.json?{query}")

    loose = search('"to chuc co so dang"')
    exact = search('"tổ chức cơ sở đảng"')
    assert exact and {r["id"] for r in exact} <= {r["id"] for r in loose}
    assert all("tổ chức cơ sở đảng" in " ".join(r["text"].lower().split()) for r in exact)


def test_canned_queries_answer_the_researchers_questions(server: str) -> None:
    def canned(name: str, **params: str) -> list[dict[str, Any]]:
        query = urllib.parse.urlencode({**params, "_shape": "array"})
        return get(f"{server}/directives/{name}.json?{query}")

    tasks = canned("implementing_tasks", document="187-KL/TW")
    assert {row["symbol"] for row in tasks} == {"215-KH/TU", "96-KH/HU", "142/KH-UBND"}
    assert canned("implementing_tasks", document="187-KL/TW", offset="5") == tasks[5:]
    provinces = canned("coverage_by_province", document="187-KL/TW")
    assert provinces and all(row["tasks"] > 0 for row in provinces)
    gaps = canned("gaps", document="187-KL/TW")
    assert gaps and all(row["id"].startswith(CONCLUSION) for row in gaps)
    chain = canned("task_chain", task=next(row["task"] for row in tasks
                                           if row["symbol"] == "96-KH/HU"))
    assert chain[-1]["symbol"] == "187-KL/TW" and chain[-1]["level"] == "central"
    assert {name for name in QUERIES} <= set(
        get(f"{server}/directives.json")["queries"][i]["name"]
        for i in range(len(QUERIES)))


def test_serve_without_a_store_says_so_in_one_line(tmp_path: Any) -> None:
    done = subprocess.run([sys.executable, "-m", "pipeline", "serve", "--db",
                           str(tmp_path / "none.db")], cwd=REPO, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2 and "does not exist" in done.stderr
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr


def test_stopping_serve_stops_datasette(tmp_path: Any) -> None:
    """A terminated `vndoc serve` leaves no Datasette behind holding the port."""
    import time
    import urllib.request

    from conftest import SAMPLES, start_server

    from pipeline.batch import ingest_paths

    ingest_paths([SAMPLES], tmp_path / "s.db", jobs=1)
    process, base = start_server(tmp_path / "s.db")
    process.terminate()  # the `serve` process alone, not its session
    assert process.wait(timeout=20) == 0
    assert "Error" not in (process.stdout.read().decode() if process.stdout else "")
    time.sleep(0.5)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{base}/-/versions.json", timeout=2)
