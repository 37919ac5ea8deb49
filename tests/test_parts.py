"""A file holding only a part of a stored document (an appendix published alone beside the
resolution that carries it) is a `part` of that document: its tasks are counted once, whichever
file comes first, and the part becomes a document of its own again when the whole goes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, corpus_file

from pipeline import query
from pipeline.batch import ingest_paths
from pipeline.extract import extract
from pipeline.ingest import ingest
from pipeline.store import open_db, write_document
from pipeline.store.copies import contained, sketch
from pipeline.store.migrations import migrate

SAMPLES = Path(__file__).resolve().parents[1] / "corpora" / "samples"
PLAN = SAMPLES / "kh-142-ubnd.md"
DEV = CORPUS / "dev-2026-12" / "src03-thetrungdtt-VNMasterplan"


def _appendix(text: str, heading: str = "PHỤ LỤC") -> str:
    """The plan's section II alone, under a heading of its own, as a portal publishes a
    document's task appendix in a file of its own (no number, no date)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"\**II\.", line))
    end = next(i for i, line in enumerate(lines) if re.match(r"\**III\.", line))
    return f"{heading}\nNHIỆM VỤ VÀ GIẢI PHÁP\n" + "\n".join(lines[start + 1:end]) + "\n"


def _folder(tmp_path: Path, with_plan: bool = True, heading: str = "PHỤ LỤC") -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    text = PLAN.read_text(encoding="utf-8")
    (folder / "phu-luc.md").write_text(_appendix(text, heading), encoding="utf-8")
    if with_plan:
        shutil.copy(PLAN, folder / "plan.md")
    return folder


def test_an_appendix_is_contained_in_its_plan_and_not_the_other_way() -> None:
    text = PLAN.read_text(encoding="utf-8")
    part = _appendix(text)
    assert contained(part, text, strict=True) >= 0.99  # the heading "PHỤ LỤC" is its own
    assert contained(text, part, strict=True) is None
    # the sampled hashes of the part are all in the whole's sketch: the part finds its whole
    assert set(sketch(part)) - set(sketch(text)) <= set(sorted(set(sketch(part)))[:64])
    assert len(set(sketch(part)) & set(sketch(text))) >= 16


def test_a_quotation_shorter_than_a_part_is_not_one() -> None:
    text = PLAN.read_text(encoding="utf-8")
    assert contained(" ".join(_appendix(text).split()[:300]), text, strict=True) is None


@pytest.mark.parametrize("heading", ["PHỤ LỤC", "QUY CHẾ"])
def test_the_appendix_counts_once_whichever_file_comes_first(tmp_path: Path,
                                                              heading: str) -> None:
    # under `QUY CHẾ` the part is of another kind than the plan holding it (a regulation issued
    # with the decision that approves it): a part and its whole may be of different kinds
    folder = _folder(tmp_path, heading=heading)
    plan_doc = extract(ingest(folder / "plan.md"))
    part_doc = extract(ingest(folder / "phu-luc.md"))
    assert part_doc.tasks  # alone, the appendix gives tasks of its own
    assert part_doc.meta.kind == ("Quy chế" if heading == "QUY CHẾ" else None)
    for order, pairs in (("part first", [(part_doc, "phu-luc.md"), (plan_doc, "plan.md")]),
                         ("plan first", [(plan_doc, "plan.md"), (part_doc, "phu-luc.md")])):
        db = open_db(tmp_path / f"{order}.db")
        ids = [write_document(db, doc, str(folder / name)) for doc, name in pairs]
        assert ids[1] == plan_doc.id, order  # the second file joins the plan, or takes it in
        assert db["documents"].count_where("ingested = 1") == 1, order
        assert db["tasks"].count == len(plan_doc.tasks), order
        roles = {Path(r["path"]).name: (r["role"], r["document_id"]) for r in db["files"].rows}
        assert roles == {"plan.md": ("text", plan_doc.id),
                         "phu-luc.md": ("part", plan_doc.id)}, order


def test_removing_the_whole_makes_the_part_a_document_in_the_same_run(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    path = tmp_path / "store.db"
    report = ingest_paths([folder], path, jobs=1)
    assert (report.documents, report.parts, report.failed) == (1, 1, 0)
    (folder / "plan.md").unlink()
    report = ingest_paths([folder], path, jobs=1)
    assert (report.removed, report.documents, report.parts) == (1, 1, 0)
    assert report.unchanged == 0 and report.processed == 1
    db = open_db(path)
    [row] = db["files"].rows_where("path = ?", [str(folder / "phu-luc.md")])
    assert (row["role"], row["status"]) == ("text", "ok")
    assert db["tasks"].count_where("document_id = ?", [row["document_id"]]) > 5
    # and a clean run on what is left gives the same store
    clean = tmp_path / "clean.db"
    ingest_paths([folder], clean, jobs=1)
    assert open_db(clean)["tasks"].count == db["tasks"].count


def test_a_whole_rewritten_without_the_part_lets_it_go(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    path = tmp_path / "store.db"
    ingest_paths([folder], path, jobs=1)
    text = PLAN.read_text(encoding="utf-8")
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"\**II\.", line))
    end = next(i for i, line in enumerate(lines) if re.match(r"\**III\.", line))
    (folder / "plan.md").write_text("\n".join(lines[:start] + lines[end:]) + "\n", encoding="utf-8")
    report = ingest_paths([folder], path, jobs=1)
    assert (report.documents, report.parts) == (2, 0)
    db = open_db(path)
    assert {r["role"] for r in db["files"].rows} == {"text"}
    assert db["documents"].count_where("ingested = 1") == 2


def test_the_resolutions_appendices_published_alone_count_once(tmp_path: Path) -> None:
    """03/NQ-CP with its two appendices, each also a file of its own (the dev corpus's vm02,
    vm03, vm04): the tasks implementing 57-NQ/TW are the resolution's, once."""
    folder = tmp_path / "vm"
    folder.mkdir()
    for name in ("vm01-TW-NQ-57-NQ-TW-2024-12-22.md", "vm02-CP-NQ-03-NQ-CP-2025-01-09-CTHD-57.md",
                 "vm03-CP-NQ-03-NQ-CP-phu-luc-II-nhiem-vu.md",
                 "vm04-CP-NQ-03-NQ-CP-phu-luc-I-chi-tieu.md"):
        (folder / name).symlink_to(corpus_file(DEV / name))
    path = tmp_path / "vm.db"
    report = ingest_paths([folder], path, jobs=1, align=False)
    assert (report.documents, report.parts, report.failed) == (2, 2, 0)
    db = open_db(path)
    roles = {Path(r["path"]).name[:4]: r["role"] for r in db["files"].rows}
    assert roles == {"vm01": "text", "vm02": "text", "vm03": "part", "vm04": "part"}
    tasks = query.implementing_tasks(db, "57-NQ/TW")
    assert tasks and len({t["id"] for t in tasks}) == len(tasks)
    assert {t["document_id"] for t in tasks} == {db["files"].get(
        str(folder / "vm02-CP-NQ-03-NQ-CP-2025-01-09-CTHD-57.md"))["document_id"]}


def test_a_long_law_and_its_copy_are_one_document(tmp_path: Path) -> None:
    """A code of law samples thousands of hashes: looked up in chunks (SQLite joins at most 500
    selects in one statement; the store failed on such a file with `too many terms in compound
    SELECT`), its copy still found."""
    law = corpus_file(CORPUS / "laws" / "Bo-luat-hinh-su-2015-296661.txt")
    assert len(sketch(law.read_text(encoding="utf-8"))) > 500
    folder = tmp_path / "laws"
    folder.mkdir()
    (folder / "a.txt").symlink_to(law)
    (folder / "b.txt").write_bytes(law.read_text(encoding="utf-8").encode("utf-16"))
    report = ingest_paths([folder], tmp_path / "laws.db", jobs=1, align=False)
    assert (report.failed, report.documents, report.copies) == (0, 1, 1)


def test_the_migration_fills_the_samples_a_fresh_store_writes(tmp_path: Path) -> None:
    folder = _folder(tmp_path, with_plan=True)
    path = tmp_path / "store.db"
    ingest_paths([folder], path, jobs=1, align=False)
    db = open_db(path)
    written = sorted(db.execute("select document_id, hash, loose from samples").fetchall())
    assert written and {loose for *_, loose in written} == {0}  # the part is not a document
    db.conn.execute("drop table samples")
    db.conn.execute("delete from _migrations where name = 'm010_samples'")
    db.conn.commit()
    assert migrate(db) == 1
    assert sorted(db.execute("select document_id, hash, loose from samples").fetchall()) == written


def test_every_part_a_whole_holds_joins_it_however_many(tmp_path: Path) -> None:
    """Ten appendices stored before the code holding them all become its parts (the search for
    a whole's parts is not capped as the search for copies is)."""
    law = corpus_file(CORPUS / "laws" / "Bo-luat-hinh-su-2015-296661.txt")
    words = law.read_text(encoding="utf-8").split()
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(10):
        piece = words[5000 + k * 2000:5000 + k * 2000 + 700]
        (folder / f"phu-luc-{k:02d}.txt").write_text(f"PHỤ LỤC {k + 1}\n" + " ".join(piece) + "\n",
                                                     encoding="utf-8")
    path = tmp_path / "store.db"
    report = ingest_paths([folder], path, jobs=1, align=False)
    assert (report.documents, report.parts) == (10, 0)
    (folder / "law.txt").symlink_to(law)
    report = ingest_paths([folder], path, jobs=1, align=False)
    db = open_db(path)
    assert {r["role"] for r in db["files"].rows if r["path"] != str(folder / "law.txt")} == {"part"}
    assert db["documents"].count_where("ingested = 1") == 1


def test_a_part_that_goes_never_takes_its_whole_with_it(tmp_path: Path) -> None:
    """The whole's own file fails to read now (its earlier reading is kept, as for any failure)
    and its appendix is deleted: the whole's document stays, the part never held it."""
    folder = _folder(tmp_path)
    path = tmp_path / "store.db"
    ingest_paths([folder], path, jobs=1, align=False)
    (folder / "plan.md").write_bytes(bytes(range(256)) * 64)  # binary now: a failure
    (folder / "phu-luc.md").unlink()
    report = ingest_paths([folder], path, jobs=1, align=False)
    assert (report.failed, report.removed) == (1, 1)
    db = open_db(path)
    [document] = db["documents"].rows_where("ingested = 1")
    assert db["tasks"].count_where("document_id = ?", [document["id"]]) > 20
