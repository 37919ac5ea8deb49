"""The learned passage ranker of alignment (issue 16): what it weighs, how it orders the top
three, and that the shipped weights are what `train` fits on the tune pairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ResourceError
from pipeline.evaluation.ranker import train_ranker
from pipeline.resources import default_model_dir, passage_ranker
from pipeline.stages.align import DEFAULT_METHOD, LocalTask, Passage, PassageIndex
from pipeline.stages.ranker import FEATURES, RANKER_FILE, PassageRanker, load_ranker


def _passage(n: int, path: str, text: str, heading: str = "") -> Passage:
    return Passage(f"c@{n * 100}", "c", "sentence", path, n * 100, n * 100 + len(text), text,
                   heading, "c", heading)


def _ranker(**weights: float) -> PassageRanker:
    return PassageRanker(weights=tuple(weights.get(name, 0.0) for name in FEATURES))


def test_learned_is_the_default_and_ships_its_weights() -> None:
    assert DEFAULT_METHOD == "learned"
    ranker = passage_ranker()
    assert ranker.features == FEATURES and ranker.trained_on
    assert all(w > 0 for w in ranker.weights[:1])  # BM25 counts for a passage, never against


def test_learned_ranks_the_passage_sharing_the_tasks_words_and_section_first() -> None:
    index = PassageIndex([
        _passage(0, "III.1.-1", "Phát triển hạ tầng số, bảo đảm an ninh mạng quốc gia.",
                 "Phát triển hạ tầng số"),
        _passage(1, "III.2.-1", "Củng cố tổ chức cơ sở đảng, nâng cao chất lượng sinh hoạt "
                                "chi bộ và chất lượng đảng viên.", "Xây dựng tổ chức cơ sở đảng"),
    ])
    tasks = [LocalTask("l#1", "Nâng cao chất lượng sinh hoạt chi bộ ở các tổ chức cơ sở đảng.",
                       ("Về xây dựng tổ chức cơ sở đảng",), "II.1"),
             LocalTask("l#2", "Rà soát chất lượng đảng viên, củng cố tổ chức cơ sở đảng.",
                       ("Về xây dựng tổ chức cơ sở đảng",), "II.1")]
    for ranked in index.rank_all(tasks, "learned", ranker=passage_ranker()):
        assert [m.passage.id for m in ranked] == ["c@100"]  # the other shares no word
        assert ranked[0].rank == 1 and ranked[0].score > 0 and ranked[0].confident


def test_neighbours_in_the_plan_decide_between_equal_passages() -> None:
    """The same sentence stands in two items; the plan's tasks around the ambiguous one carry
    out the second item, so `learned` places it there, where `outline` keeps the earlier one."""
    index = PassageIndex([
        _passage(0, "III.1.-1", "Tăng cường kiểm tra, giám sát việc thực hiện nhiệm vụ."),
        _passage(1, "III.1.-1", "Đào tạo kỹ năng số cho cán bộ, công chức cấp xã."),
        _passage(2, "III.2.-1", "Tăng cường kiểm tra, giám sát việc thực hiện nhiệm vụ."),
        _passage(3, "III.2.-1", "Ưu đãi thuế cho doanh nghiệp sản xuất chip bán dẫn."),
        _passage(4, "III.2.-1", "Thành lập quỹ đầu tư mạo hiểm cho khởi nghiệp sáng tạo."),
    ])
    tasks = [LocalTask("l#1", "Xây dựng chính sách ưu đãi thuế cho sản xuất chip bán dẫn."),
             LocalTask("l#2", "Tăng cường kiểm tra, giám sát."),
             LocalTask("l#3", "Thành lập quỹ đầu tư mạo hiểm hỗ trợ khởi nghiệp.")]
    assert index.rank_all(tasks, "outline")[1][0].passage.id == "c@0"
    assert index.rank_all(tasks, "learned", ranker=_ranker(bm25=1.0))[1][0].passage.id == "c@0"
    voted = index.rank_all(tasks, "learned", ranker=_ranker(bm25=1.0, window_vote=1.0))
    assert voted[1][0].passage.id == "c@200"
    shipped = index.rank_all(tasks, "learned", ranker=passage_ranker())
    assert shipped[1][0].passage.id == "c@200"


def test_the_second_place_goes_to_a_passage_not_repeating_the_first() -> None:
    """A task merging two demands: without diversity the near copy of the first passage takes
    the second place; with it, the other demand does."""
    index = PassageIndex([
        _passage(0, "III.1.-1", "Xây dựng cơ sở dữ liệu quốc gia về khoa học, công nghệ."),
        _passage(1, "III.1.-1", "Hoàn thành cơ sở dữ liệu quốc gia về khoa học, công nghệ và "
                                "đổi mới sáng tạo."),
        _passage(2, "III.3.-1", "Phát triển nền tảng số dùng chung."),
        _passage(3, "III.4.-1", "Đào tạo nhân lực cho doanh nghiệp."),
    ])
    task = [LocalTask("l#1", "Xây dựng cơ sở dữ liệu quốc gia về khoa học, công nghệ; "
                             "phát triển nền tảng.")]
    plain = PassageRanker(weights=_ranker(bm25=1.0).weights, diversity=0.0)
    assert [m.passage.id for m in index.rank_all(task, "learned", ranker=plain)[0]] == [
        "c@0", "c@100", "c@200"]
    diverse = PassageRanker(weights=_ranker(bm25=1.0).weights, diversity=1.0)
    assert [m.passage.id for m in index.rank_all(task, "learned", ranker=diverse)[0]] == [
        "c@0", "c@200", "c@100"]


def test_a_missing_ranker_says_to_train(tmp_path: Path) -> None:
    load_ranker.cache_clear()
    with pytest.raises(ResourceError, match="run `python -m pipeline train`"):
        load_ranker(tmp_path)
    (tmp_path / RANKER_FILE).write_text('{"weights": [1.0]}', encoding="utf-8")
    with pytest.raises(ResourceError, match="not a passage ranker"):
        load_ranker.__wrapped__(tmp_path)


def test_the_shipped_ranker_is_what_train_fits_on_the_tune_pairs(tmp_path: Path) -> None:
    ranker = train_ranker(tmp_path)
    assert ranker.trained_on == ("vm02-to-vm01", "vm05-to-vm01", "vm06-to-vm01")
    shipped = default_model_dir() / RANKER_FILE
    assert (tmp_path / RANKER_FILE).read_bytes() == shipped.read_bytes()
