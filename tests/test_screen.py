"""The task screen: its features, how it drops and renumbers tasks, and that the packaged screen
is the one `train` fits on the tuned sources' gold, and on nothing else."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import ResourceError
from pipeline.evaluation import load_collections, load_gold
from pipeline.evaluation.screen import examples_of, train_screen
from pipeline.extract import extract
from pipeline.records import Deadline, RoleFiller, SourceDocument, Task
from pipeline.resources import default_model_dir, load_resources
from pipeline.stages.screen import SCREEN_FILE, TaskScreen, features, keep_all, load_screen


def a_task(text: str, section: str = "II.1", **fields: Any) -> Task:
    return Task(id="t9", section=section, text=text, start=0, end=len(text), kind="task",
                **fields)


def test_features_say_how_a_task_opens_where_it_sits_and_whom_it_names() -> None:
    task = a_task("Sở Nội vụ chủ trì rà soát quy chế; hoàn thành trong năm 2026.",
                  section="II.1.a", verbs=("rà soát",), headings=("Nhiệm vụ cụ thể",),
                  lead=(RoleFiller("j/so-noi-vu", "Sở Nội vụ"),),
                  deadline=Deadline("năm 2026", "year", year=2026))
    assert set(features(task)) >= {"w1=sở", "w12=sở nội", "kind=task", "depth=3", "last=letter",
                                  "h1=nhiệm", "lead=explicit", "dl=year", "len=1", "end=."}
    assert "noverb" not in features(task) and "noheading" not in features(task)


def test_a_screen_drops_what_scores_below_its_threshold_and_numbers_the_rest_again() -> None:
    screen = TaskScreen(weights={"w1=việc": -5.0}, bias=1.0, threshold=0.3)
    tasks = [a_task("Việc ban hành kế hoạch năm."), a_task("Rà soát quy chế làm việc.")]
    kept = screen(tasks)
    assert [(t.id, t.text[:6]) for t in kept] == [("t1", "Rà soá")]
    assert screen.probability(tasks[0]) < 0.3 < screen.probability(tasks[1])


def test_a_model_folder_without_a_screen_keeps_every_task(tmp_path: Path) -> None:
    assert load_screen(tmp_path) is keep_all
    saved = TaskScreen(weights={"w1=việc": -2.5, "end=:": -1.25}, bias=0.5, threshold=0.4,
                       trained_on=("seed",), examples=3)
    (tmp_path / SCREEN_FILE).write_text(saved.to_json(), encoding="utf-8")
    assert load_screen(tmp_path) == saved


def test_the_pipeline_runs_the_packaged_screen_and_can_be_given_another() -> None:
    text = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 15/KH-UBND\nLâm Đồng, ngày 10 tháng 3 năm 2026\n"
            "KẾ HOẠCH\nVề việc X\nII. NHIỆM VỤ\n1. Sở Nội vụ rà soát quy chế làm việc.\n"
            "2. Sở Tài chính bố trí kinh phí thực hiện.\n")
    source = SourceDocument(path="t.txt", format="txt",
                            sha256=hashlib.sha256(text.encode()).hexdigest(), text=text)
    everything = extract(source, screen=keep_all).tasks
    assert len(everything) == 2
    nothing = TaskScreen(weights={}, bias=-10.0)
    assert extract(source, screen=nothing).tasks == []
    packaged = load_resources().screen
    assert isinstance(packaged, TaskScreen)
    kept = [t.text for t in everything if packaged.probability(t) >= packaged.threshold]
    assert [t.text for t in extract(source).tasks] == kept  # the default is the packaged one


def test_a_broken_screen_file_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / SCREEN_FILE).write_text('{"weights": {', encoding="utf-8")
    with pytest.raises(ResourceError, match=r"task_screen\.json: is not a task screen"):
        load_screen(tmp_path)
    (tmp_path / SCREEN_FILE).write_text('{"weights": {}, "bias": 0}', encoding="utf-8")
    with pytest.raises(ResourceError, match="KeyError"):
        load_screen(tmp_path)


def test_the_packaged_screen_is_what_train_fits_on_the_tuned_sources_only() -> None:
    packaged = json.loads((default_model_dir() / SCREEN_FILE).read_text(encoding="utf-8"))
    collections = load_collections()
    tuned = {name for name, c in collections.items() if c.tuned}
    assert set(packaged["trained_on"]) <= tuned
    refit = train_screen(examples_of(load_gold(), load_resources()), collections)
    assert refit.examples == packaged["examples"], "run `python -m pipeline train`"
    assert set(refit.trained_on) == set(packaged["trained_on"])
    weights = {k: v for k, v in refit.weights.items() if round(v, 6)}
    assert weights.keys() == packaged["weights"].keys(), "run `python -m pipeline train`"
    assert all(abs(weights[k] - packaged["weights"][k]) < 1e-3 for k in weights)


def test_a_fetched_source_never_trains_the_screen_even_when_tuned() -> None:
    from pipeline.evaluation.gold import Collection
    from pipeline.evaluation.screen import Example, SourceCounts

    def counts(source: str) -> SourceCounts:
        return SourceCounts(4, tuple(Example(source, f"d{i}", (f"f{i % 2}",), i % 2)
                                     for i in range(4)))
    collections = {name: Collection(name, True, "", None)
                   for name in ("samples", "external/someone+repo")}
    screen = train_screen({"samples": counts("samples"),
                           "external/someone+repo": counts("external/someone+repo")},
                          collections)
    assert list(screen.trained_on) == ["samples"]
    assert screen.examples == 4  # the fetched source's four are left out
