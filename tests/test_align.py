"""Task → passage alignment (issue 16): the aligner's methods, the store keeping alignments in
step with what is ingested, and the gold scoring rules."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES, SEED, corpus_file

from pipeline.batch import ingest_paths
from pipeline.evaluation.alignment import (
    GoldLink,
    GoldPair,
    check_alignment_floors,
    check_quotes,
    hits,
    load_pairs,
)
from pipeline.evaluation.gold import GoldError
from pipeline.evaluation.ranker import evaluate_with_left_out
from pipeline.resources import passage_ranker
from pipeline.stages.align import METHODS, LocalTask, Passage, PassageIndex, reuse_class
from pipeline.store import alignments, open_db

# A conclusion written for this test in the style of the Central Organisation Commission's
# yearly conclusions (the seed plan implements the real 08-KL/BTCTW, whose text is not here).
CONCLUSION = """BAN CHẤP HÀNH TRUNG ƯƠNG
BAN TỔ CHỨC TRUNG ƯƠNG
*
Số 08-KL/BTCTW
ĐẢNG CỘNG SẢN VIỆT NAM
Hà Nội, ngày 04 tháng 01 năm 2023

KẾT LUẬN
của Ban Tổ chức Trung ương về nhiệm vụ trọng tâm năm 2023 của ngành Tổ chức xây dựng Đảng

Năm 2023, ngành Tổ chức xây dựng Đảng tập trung thực hiện các nhiệm vụ trọng tâm sau:

1. Tham mưu xây dựng, chỉnh đốn Đảng và hệ thống chính trị; tiếp tục thực hiện Kết luận số \
21-KL/TW của Hội nghị Trung ương 4 khóa XIII về đẩy mạnh xây dựng, chỉnh đốn Đảng.

2. Củng cố tổ chức cơ sở đảng, nâng cao chất lượng sinh hoạt chi bộ và chất lượng đảng viên; \
rà soát, sàng lọc, đưa ra khỏi Đảng những đảng viên không còn đủ tư cách.

3. Thực hiện đồng bộ, chặt chẽ các khâu của công tác cán bộ: đánh giá, quy hoạch, đào tạo, bồi \
dưỡng, luân chuyển, bổ nhiệm cán bộ; thực hiện tốt chế độ, chính sách đối với cán bộ.

4. Làm tốt công tác bảo vệ chính trị nội bộ: thẩm định, thẩm tra, xác minh và kết luận tiêu \
chuẩn chính trị; quản lý cán bộ, đảng viên đi nước ngoài.

5. Đẩy mạnh tuyên truyền về công tác tổ chức xây dựng Đảng trên báo chí và mạng xã hội.

T/M BAN TỔ CHỨC TRUNG ƯƠNG
TRƯỞNG BAN
"""


def _passage(i: int, text: str) -> Passage:
    return Passage(f"c#{i}", "c", "task", None, i * 1000, i * 1000 + len(text), text)


def test_each_method_ranks_the_passage_a_task_restates_first() -> None:
    index = PassageIndex([
        _passage(0, "Củng cố tổ chức cơ sở đảng, nâng cao chất lượng sinh hoạt chi bộ."),
        _passage(1, "Làm tốt công tác bảo vệ chính trị nội bộ, thẩm định tiêu chuẩn chính trị."),
        _passage(2, "Phát triển hạ tầng số, bảo đảm an ninh mạng."),
    ])
    task = LocalTask("l#1", "Sở Tư pháp thực hiện thẩm định tiêu chuẩn chính trị và bảo vệ "
                            "chính trị nội bộ trong năm 2023.")
    for method in METHODS:
        ranked = index.rank(task, method, ranker=passage_ranker())
        assert ranked[0].passage.id == "c#1", method
        assert [m.rank for m in ranked] == list(range(1, len(ranked) + 1))


def test_diacritics_tell_passages_apart() -> None:
    """`đảng` (the Party) and `dạng` (form) fold to the same letters without diacritics."""
    index = PassageIndex([_passage(0, "Đa dạng hóa hình thức tuyên truyền."),
                          _passage(1, "Phát triển đảng viên trong doanh nghiệp.")])
    ranked = index.rank(LocalTask("l", "Kết nạp đảng viên mới trong doanh nghiệp"), "bm25")
    assert ranked[0].passage.id == "c#1"


def test_reuse_share_and_class_of_a_copied_task() -> None:
    central = ("Rà soát, sàng lọc, đưa ra khỏi Đảng những đảng viên không còn đủ tư cách, "
               "nâng cao chất lượng sinh hoạt chi bộ.")
    index = PassageIndex([_passage(0, central), _passage(1, "Phát triển hạ tầng số.")])
    copied = index.rank(LocalTask("l", "Rà soát, sàng lọc, đưa ra khỏi Đảng những đảng viên "
                                       "không còn đủ tư cách."), "reuse")[0]
    assert copied.reuse == 1.0 and reuse_class(copied.reuse) == "verbatim"
    assert "ra khỏi đảng những đảng viên" in copied.evidence[0]
    own = index.rank(LocalTask("l", "Kiểm tra việc sinh hoạt của các chi bộ ở xã."), "bm25")[0]
    assert reuse_class(own.reuse) == "new" and own.evidence


def test_a_task_sharing_nothing_gets_no_passage() -> None:
    index = PassageIndex([_passage(0, "Phát triển hạ tầng số.")])
    assert index.rank(LocalTask("l", "Trồng cây xanh ven đường."), "combined") == []


def test_a_heading_restating_a_part_of_the_higher_text_raises_that_part() -> None:
    """Both parts ask for training and the task's words lean to part 1; the plan's heading
    restates part 2's heading, so `outline` ranks part 2's passage first (and only then)."""
    parts = [("III.1", "Nâng cao nhận thức về chuyển đổi số trong toàn xã hội",
              "Đào tạo, bồi dưỡng kiến thức số cho cán bộ, công chức."),
             ("III.2", "Phát triển nhân lực chất lượng cao cho khoa học và công nghệ",
              "Đào tạo, bồi dưỡng nhân lực cho các ngành công nghệ chiến lược.")]
    index = PassageIndex([Passage(f"c@{n}", "c", "sentence", f"{path}.-1", n * 100,
                                  n * 100 + len(text), text, heading, "c", heading)
                          for n, (path, heading, text) in enumerate(parts)])
    text = "Đào tạo, bồi dưỡng nhân lực cho cán bộ, công chức."
    task = LocalTask("l#1", text, ("NHIỆM VỤ CỤ THỂ", "Về phát triển nhân lực chất lượng cao "
                                   "cho khoa học và công nghệ"), "II.2")
    assert index.rank_all([task], "structure")[0][0].passage.id == "c@0"
    assert index.rank_all([task], "outline")[0][0].passage.id == "c@1"
    unheaded = LocalTask("l#2", text, ("NHIỆM VỤ CỤ THỂ",), "II")
    assert index.rank_all([unheaded], "outline")[0][0].passage.id == "c@0"


def test_gold_hit_rule() -> None:
    assert hits((10, 20), (0, 100))  # a sentence inside the gold item
    assert hits((0, 150), (0, 100))  # the item a little longer than the gold span
    assert not hits((0, 1000), (0, 100))  # a whole part is not the gold sentence
    assert not hits((200, 300), (0, 100))


@pytest.fixture()
def seed_store(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(corpus_file(SEED), folder / "seed.txt")
    db_path = tmp_path / "s.db"
    ingest_paths([folder], db_path, jobs=1)
    return db_path


def test_the_seed_plan_aligns_once_its_conclusion_is_ingested(seed_store: Path,
                                                            tmp_path: Path) -> None:
    db = open_db(seed_store, readonly=True)
    assert db["alignments"].count == 0  # 08-KL/BTCTW is only cited
    db.close()
    (tmp_path / "in" / "08-KL-BTCTW.txt").write_text(CONCLUSION, encoding="utf-8")
    report = ingest_paths([tmp_path / "in"], seed_store, jobs=1)
    assert report.aligned == 1  # the seed plan, against the conclusion now in the store
    db = open_db(seed_store, readonly=True)
    try:
        row = next(iter(db.query("""
            select a.passage_start, a.passage_end, a.target_document, a.confident
            from alignments a join tasks t on t.id = a.task_id
            where t.text like 'Thực hiện nghiêm túc, chặt chẽ, chính xác công tác rà soát%'
              and a.rank = 1""")))
        assert row["target_document"] == "08-KL/BTCTW@2023-01-04"
        assert "bảo vệ chính trị nội bộ" in CONCLUSION[row["passage_start"]:row["passage_end"]]
        assert row["confident"] == 1
        aligned = db.execute("select count(distinct task_id) from alignments").fetchone()[0]
        assert aligned >= 40  # of the seed's 58 tasks
    finally:
        db.close()


def test_alignments_follow_the_central_text_out_and_back(seed_store: Path,
                                                         tmp_path: Path) -> None:
    central = tmp_path / "in" / "08-KL-BTCTW.txt"
    central.write_text(CONCLUSION, encoding="utf-8")
    ingest_paths([tmp_path / "in"], seed_store, jobs=1)
    again = ingest_paths([tmp_path / "in"], seed_store, jobs=1)
    assert again.aligned == 0  # nothing changed: nothing recomputed
    central.unlink()
    ingest_paths([tmp_path / "in"], seed_store, jobs=1)
    db = open_db(seed_store, readonly=True)
    try:
        assert db["alignments"].count == 0
    finally:
        db.close()


# ------------------------------------------------------------------ gold and its scoring
def test_the_gold_is_large_enough_and_kept_apart() -> None:
    pairs = load_pairs()
    links = [link for pair in pairs for link in pair.links]
    assert len(links) >= 300
    held_out = [link for pair in pairs if pair.split == "held-out" for link in pair.links
                if link.kind == "specific"]
    assert len(held_out) >= 100
    assert {pair.split for pair in pairs} == {"tune", "held-out"}


def test_a_quote_that_no_longer_matches_stops_the_evaluation() -> None:
    pair = GoldPair("p", Path("l"), Path("c"), "tune", (
        GoldLink((0, 5), "specific", ((3, 9),), "new", "Tổ ch", ("chức",)),))
    check_quotes(pair, "Tổ chức", "abcchức")  # as annotated: nothing raised
    with pytest.raises(GoldError):
        check_quotes(pair, "Tổ chức", "abcdefgh")


def test_alignment_on_the_gold_pairs_meets_its_floors() -> None:
    """Runs every gold pair through the pipeline (scans by OCR): the figures the README quotes."""
    report = evaluate_with_left_out(load_pairs())  # `learned` fitted without each tune pair too
    assert check_alignment_floors(report) == []
    assert report.score("tune-cv", "learned").specific == report.score("tune", "outline").specific
    assert report.score("held-out", "structure").specific >= 100


def _alignment_rows(db_path: Path) -> list[tuple[object, ...]]:
    db = open_db(db_path, readonly=True)
    try:
        return [tuple(row.values()) for row in db.query(
            "select task_id, target_document, rank, passage_id, score from alignments "
            "order by task_id, target_document, rank")]
    finally:
        db.close()


def test_a_pass_killed_half_way_is_finished_by_the_next_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows and signatures land together per transaction, the stale mark stays until a pass
    completes: the next run (nothing else changed) ends with what a clean run gives."""
    clean = tmp_path / "clean.db"
    ingest_paths([SAMPLES], clean, jobs=1)
    expected = _alignment_rows(clean)
    assert expected

    calls = {"n": 0}
    real = alignments._align_document

    def dies_on_the_second(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(alignments, "COMMIT_EVERY", 1)
    monkeypatch.setattr(alignments, "_align_document", dies_on_the_second)
    crashed = tmp_path / "crashed.db"
    with pytest.raises(KeyboardInterrupt):
        ingest_paths([SAMPLES], crashed, jobs=1)
    monkeypatch.setattr(alignments, "_align_document", real)
    assert 0 < len(_alignment_rows(crashed)) < len(expected)
    report = ingest_paths([SAMPLES], crashed, jobs=1)
    assert report.processed == 0 and report.aligned >= 1
    assert _alignment_rows(crashed) == expected


def test_evaluate_alignment_without_the_corpus_says_so_in_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "pipeline", "evaluate", "--alignment"],
                          capture_output=True, text=True, cwd=Path(__file__).parents[1],
                          env={**os.environ, "PIPELINE_SHARED": str(tmp_path / "none")})
    assert done.returncode == 2
    assert done.stdout == "" and len(done.stderr.splitlines()) == 1
    assert "not found" in done.stderr and "Traceback" not in done.stderr


def test_alignments_do_not_depend_on_the_process(tmp_path: Path) -> None:
    """Two runs in processes with different string hashing store the same rows, evidence
    included (ties between shared words are broken by the words, not by set order)."""
    import subprocess
    import sys

    stored = []
    for seed in ("1", "2"):
        db_path = tmp_path / f"s{seed}.db"
        subprocess.run([sys.executable, "-m", "pipeline", "ingest", str(SAMPLES), "--db",
                        str(db_path), "--silent"], check=True, cwd=Path(__file__).parents[1],
                       env={**os.environ, "PYTHONHASHSEED": seed})
        db = open_db(db_path, readonly=True)
        stored.append([tuple(row.values()) for row in db.query(
            "select * from alignments order by task_id, target_document, rank")])
        db.close()
    assert stored[0] and stored[0] == stored[1]


def test_a_pass_in_worker_processes_stores_what_one_process_stores(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The alignment pass handed to a pool (each worker reading the store on its own
    connection, a chunk at a time) writes the very rows a pass in this process writes."""
    from concurrent.futures import ProcessPoolExecutor

    monkeypatch.setattr(alignments, "CHUNK", 1)  # every document its own chunk
    db_path = tmp_path / "s.db"
    ingest_paths([SAMPLES], db_path, jobs=1)
    stored = []
    for workers in (None, ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"))):
        db = open_db(db_path)
        with db.atomic():
            db.execute("delete from alignments")
            db.execute("delete from alignment_state")
            alignments.mark_stale(db)
        if workers is None:
            aligned = alignments.align_store(db)
        else:
            with workers:
                aligned = alignments.align_store(db, workers=workers)
        stored.append((aligned, [tuple(row.values()) for row in db.query(
            "select * from alignments order by task_id, target_document, rank")]))
        db.close()
    assert stored[0][0] >= 2 and stored[0][1]
    assert stored[0] == stored[1]


def test_a_pool_used_again_aligns_against_the_higher_text_as_it_now_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers keep the indexes they build for the rest of a pass; a pool used for a second
    pass, after the central text changed under the same id, must not rank against the old one."""
    from concurrent.futures import ProcessPoolExecutor

    monkeypatch.setattr(alignments, "CHUNK", 1)
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES, folder)
    db_path = tmp_path / "s.db"
    ingest_paths([folder], db_path, jobs=1)

    def a_pass(workers: ProcessPoolExecutor | None) -> list[tuple[object, ...]]:
        db = open_db(db_path)
        with db.atomic():
            db.execute("delete from alignments")
            db.execute("delete from alignment_state")
            alignments.mark_stale(db)
        alignments.align_store(db, workers=workers)
        rows = [tuple(row.values()) for row in db.query(
            "select * from alignments order by task_id, target_document, rank")]
        db.close()
        return rows

    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        before = a_pass(pool)
        central = folder / "kl-187-tw.txt"
        central.write_text(central.read_text(encoding="utf-8").replace(
            "Cơ sở dữ liệu đảng viên", "Hệ thống lưu trữ hồ sơ cán bộ"), encoding="utf-8")
        ingest_paths([folder], db_path, jobs=1)
        after = a_pass(pool)
    assert after != before  # the change reaches the rankings
    assert after == a_pass(None)


def test_a_store_from_before_alignments_says_how_to_upgrade_and_then_aligns(
        tmp_path: Path) -> None:
    """Read-only queries do not migrate: on a store without the alignment tables the CLI says
    in one line to ingest once; that ingest (nothing changed) migrates and aligns."""
    import subprocess
    import sys

    import sqlite_utils

    db_path = tmp_path / "old.db"
    ingest_paths([SAMPLES], db_path, jobs=1)
    old = sqlite_utils.Database(db_path)
    old.execute("drop table alignments")
    old.execute("drop table alignment_state")
    old.execute("delete from _migrations where name = 'm006_alignments'")
    old.conn.commit()
    old.close()

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pipeline", *args, "--db", str(db_path)],
                              capture_output=True, text=True, cwd=Path(__file__).parents[1])

    done = cli("query", "coverage", "187-KL/TW")
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1
    assert "`ingest` into it once" in done.stderr
    assert cli("ingest", str(SAMPLES), "--silent").returncode == 0
    done = cli("query", "coverage", "187-KL/TW")
    assert done.returncode == 0 and '"covered"' in done.stdout


def test_a_pair_whose_fetched_text_is_absent_is_left_out_and_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fetched text lives on the machine that fetched it: its pair is skipped (and named), a
    missing text of the repository or the shared corpus stays an error."""
    monkeypatch.setenv("PIPELINE_FETCHED", str(tmp_path / "fetched"))
    (tmp_path / "alignment").mkdir()
    central = (tmp_path / "central.md")
    central.write_text("1. Tổ chức thực hiện.", encoding="utf-8")
    digest = hashlib.sha256(central.read_bytes()).hexdigest()
    head = {"layer": "pair", "local": "fetched:owner+repo/x01-plan.md", "local_sha256": digest,
            "central": str(central), "central_sha256": digest, "split": "held-out"}
    (tmp_path / "alignment" / "x01-to-c.jsonl").write_text(json.dumps(head) + "\n",
                                                           encoding="utf-8")
    skipped: list[str] = []
    assert load_pairs(tmp_path, skipped) == []
    assert len(skipped) == 1 and "x01-plan.md" in skipped[0]
    head["local"] = str(tmp_path / "absent.md")
    (tmp_path / "alignment" / "x01-to-c.jsonl").write_text(json.dumps(head) + "\n",
                                                           encoding="utf-8")
    with pytest.raises(GoldError, match="not found"):
        load_pairs(tmp_path, [])
