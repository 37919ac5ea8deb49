"""The store: migrations, foreign keys, one transaction per document, idempotent and clean
re-ingestion, stub documents for cited documents, and full-text search without diacritics."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
import unicodedata
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
import sqlite_utils
from conftest import SAMPLES, SEED, corpus_file

from pipeline import query
from pipeline.batch import ingest_paths
from pipeline.extract import extract
from pipeline.ingest import ingest
from pipeline.records import ExtractedDocument
from pipeline.store import db as store_db
from pipeline.store import open_db, write_document
from pipeline.store.migrations import MIGRATIONS, migrate, schema_version

CONCLUSION = "187-KL/TW@2024-03-14"
PROVINCE = "215-KH/TU@2024-05-10"
DISTRICT = "96-KH/HU@2024-06-05"
TABLES = ("files", "documents", "sections", "tasks", "task_roles", "bodies", "body_mentions",
          "references", "edges", "failures")
WHEN_WRITTEN = {"files": {"updated_at", "seconds"}, "failures": {"at"}}
# In kl-187-tw.txt: a bullet citing 21-NQ/TW (removed by the edit) and a task (reworded).
CITING_BULLET = "- Gắn chuyển đổi số với việc thực hiện Nghị quyết số 21-NQ/TW"
NEXT_ITEM = "4. Tăng cường bảo đảm"
OLD_TASK, NEW_TASK = "Rà soát, bổ sung vị trí việc làm", "Rà soát, điều chỉnh vị trí việc làm"


# ------------------------------------------------------------------ helpers
def rows(db_path: Path, table: str, drop: set[str] | frozenset[str] = frozenset(),
         where: str = "1 = 1") -> list[str]:
    """The table's rows as sorted JSON lines (columns in `drop` left out), read on a fresh
    connection, so only what was committed counts."""
    with closing(sqlite3.connect(db_path)) as conn:
        cursor = conn.execute(f'select * from "{table}" where {where}')
        names = [d[0] for d in cursor.description]
        return sorted(json.dumps({n: v.hex() if isinstance(v, bytes) else v
                                  for n, v in zip(names, row, strict=True) if n not in drop},
                                 ensure_ascii=False, sort_keys=True) for row in cursor)


def dump(db_path: Path, ignore_write_times: bool = False) -> dict[str, list[str]]:
    return {t: rows(db_path, t, WHEN_WRITTEN.get(t, set()) if ignore_write_times else set())
            for t in TABLES}


def checksum_all_tables(db_path: Path) -> tuple[dict[str, int], str]:
    """Row counts and one hash over every table the file holds (FTS internals included)."""
    with closing(sqlite3.connect(db_path)) as conn:
        names = [r[0] for r in conn.execute(
            "select name from sqlite_master where type = 'table' order by name")]
    digest = hashlib.sha256()
    counts = {}
    for name in names:
        table = rows(db_path, name)
        counts[name] = len(table)
        digest.update(name.encode() + b"\0" + "\n".join(table).encode())
    return counts, digest.hexdigest()


def extracted(path: Path) -> ExtractedDocument:
    return extract(ingest(path))


@pytest.fixture
def fail_tasks_insert(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """`fail_tasks_insert()`: from then on, writing `tasks` rows raises, as a full disk or a bug
    half-way through a document would."""
    original = store_db.insert_rows

    def insert_rows(db: object, table: str, *args: object, **kwargs: object) -> object:
        if table == "tasks":
            raise RuntimeError("simulated failure while writing tasks")
        return original(db, table, *args, **kwargs)  # type: ignore[arg-type]

    def arm() -> None:
        monkeypatch.setattr(store_db, "insert_rows", insert_rows)

    return arm


# ------------------------------------------------------------------ migrations
def test_fresh_database_records_every_migration(tmp_path: Path) -> None:
    db = open_db(tmp_path / "new.db")
    assert [r["name"] for r in db["_migrations"].rows] == [m.__name__ for m in MIGRATIONS]
    assert schema_version(db) == len(MIGRATIONS)
    assert set(TABLES) | {"_migrations", "tasks_fts", "documents_fts"} <= set(db.table_names())


def test_reopening_applies_no_migration_and_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "reopen.db"
    db = open_db(path)
    write_document(db, extracted(SAMPLES / "kl-187-tw.txt"), "kl-187-tw.txt")
    recorded = list(db["_migrations"].rows)
    before = dump(path)
    db.close()

    again = open_db(path)
    assert list(again["_migrations"].rows) == recorded  # same names, same applied_at
    assert migrate(again) == 0
    assert dump(path) == before


def test_open_db_turns_foreign_keys_on(tmp_path: Path) -> None:
    db = open_db(tmp_path / "fk.db")
    assert db.execute("pragma foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        db["tasks"].insert({"id": "nowhere#t1", "document_id": "nowhere", "text": "Tổ chức"})


def test_a_document_with_tasks_cannot_be_deleted_alone(tmp_path: Path) -> None:
    db = open_db(tmp_path / "fk.db")
    document = extracted(SAMPLES / "kl-187-tw.txt")
    write_document(db, document, "kl-187-tw.txt")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("delete from documents where id = ?", [CONCLUSION])
    assert db["tasks"].count_where("document_id = ?", [CONCLUSION]) == len(document.tasks) > 20


# ------------------------------------------------------------------ one transaction
def test_failed_first_write_leaves_nothing(tmp_path: Path,
                                           fail_tasks_insert: Callable[[], None]) -> None:
    path = tmp_path / "first.db"
    db = open_db(path)
    empty = dump(path)
    document = extracted(SAMPLES / "kl-187-tw.txt")
    fail_tasks_insert()
    with pytest.raises(RuntimeError, match="simulated failure"):
        write_document(db, document, str(SAMPLES / "kl-187-tw.txt"))
    assert not db.conn.in_transaction
    assert dump(path) == empty


def test_failed_rewrite_keeps_the_previous_version(tmp_path: Path,
                                                   fail_tasks_insert: Callable[[], None]) -> None:
    source = tmp_path / "kl.txt"
    text = (SAMPLES / "kl-187-tw.txt").read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    path = tmp_path / "rewrite.db"
    db = open_db(path)
    first = extracted(source)
    write_document(db, first, str(source))
    previous = dump(path)
    assert db["tasks"].count_where("document_id = ?", [CONCLUSION]) == len(first.tasks) > 20

    source.write_text(text.replace(OLD_TASK, NEW_TASK), encoding="utf-8")
    changed = extracted(source)
    fail_tasks_insert()
    with pytest.raises(RuntimeError, match="simulated failure"):
        write_document(db, changed, str(source))
    assert not db.conn.in_transaction
    assert dump(path) == previous  # the old version, whole, and nothing of the new one


# ------------------------------------------------------------------ re-ingestion
def test_reingesting_the_same_files_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "same.db"
    first = ingest_paths([SAMPLES, corpus_file(SEED)], path, jobs=1)
    assert (first.processed, first.documents, first.failed) == (5, 5, 0)
    before = checksum_all_tables(path)

    second = ingest_paths([SAMPLES, corpus_file(SEED)], path, jobs=1)
    assert (second.processed, second.unchanged, second.removed) == (0, 5, 0)
    assert checksum_all_tables(path) == before


def test_writing_the_same_document_again_changes_no_row(tmp_path: Path) -> None:
    """The store alone (no batch skipping unchanged files): only the write times move."""
    path = tmp_path / "twice.db"
    db = open_db(path)
    documents = [(extracted(p), str(p)) for p in (SAMPLES / "kh-96-hu.pdf",
                                                   SAMPLES / "kh-215-tu.docx")]
    for document, name in documents:
        write_document(db, document, name)
    before = dump(path, ignore_write_times=True)
    found = {r["id"] for r in query.search_tasks(db, "chuyen doi so", limit=1000)}

    for document, name in documents:
        write_document(db, document, name)
    assert dump(path, ignore_write_times=True) == before
    assert {r["id"] for r in query.search_tasks(db, "chuyen doi so", limit=1000)} == found
    assert found


def _edit(text: str) -> str:
    start, end = text.index(CITING_BULLET), text.index(NEXT_ITEM)
    return (text[:start] + text[end:]).replace(OLD_TASK, NEW_TASK)


@pytest.fixture(scope="module")
def changed_and_fresh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The conclusion ingested, edited, ingested again (`changed.db`); and the edited file
    ingested into an empty store (`fresh.db`). Same path in both."""
    root = tmp_path_factory.mktemp("changed")
    folder = root / "docs"
    folder.mkdir()
    source = folder / "kl.txt"
    text = (SAMPLES / "kl-187-tw.txt").read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    ingest_paths([folder], root / "changed.db", jobs=1)
    source.write_text(_edit(text), encoding="utf-8")
    report = ingest_paths([folder], root / "changed.db", jobs=1)
    assert (report.processed, report.documents) == (1, 1)
    ingest_paths([folder], root / "fresh.db", jobs=1)
    return root / "changed.db", root / "fresh.db", source


ORPHANS = {
    "tasks": "select count(*) from tasks where document_id not in "
             "(select id from documents where ingested = 1)",
    "task_roles": "select count(*) from task_roles where task_id not in (select id from tasks)",
    "sections": "select count(*) from sections where document_id not in "
                "(select id from documents where ingested = 1)",
    "references": 'select count(*) from "references" where document_id not in '
                  "(select id from documents where ingested = 1)",
    "body_mentions": "select count(*) from body_mentions where document_id not in "
                     "(select id from documents where ingested = 1)",
    "edges": "select count(*) from edges where document_id not in "
             "(select id from documents where ingested = 1)",
    "derives_from": "select count(*) from edges where type = 'derives_from' "
                    "and src not in (select id from tasks)",
}


@pytest.mark.parametrize("table", ORPHANS)
def test_changed_file_leaves_no_orphans(changed_and_fresh: tuple[Path, Path, Path],
                                        table: str) -> None:
    changed, _, _ = changed_and_fresh
    with closing(sqlite3.connect(changed)) as conn:
        assert conn.execute(ORPHANS[table]).fetchone()[0] == 0


def test_changed_file_drops_what_the_old_version_said(
        changed_and_fresh: tuple[Path, Path, Path]) -> None:
    changed, _, _ = changed_and_fresh
    db = sqlite_utils.Database(changed)
    texts = [r["text"] for r in db["tasks"].rows_where("document_id = ?", [CONCLUSION])]
    assert not [t for t in texts if "Gắn chuyển đổi số" in t or OLD_TASK in t]
    assert [t for t in texts if t.startswith(NEW_TASK)]
    assert not db["references"].count_where("document_id = ? and symbol = '21-NQ/TW'", [CONCLUSION])
    assert not db["edges"].count_where("src = ? and dst = '21-NQ/TW@2022-06-16'", [CONCLUSION])


def _indexed_terms(db_path: Path, tmp: Path) -> list[tuple[str, int]]:
    """Each term of the tasks' full-text index with the number of tasks it is indexed for (read
    from the index itself, not from the tasks table), on a copy of the store."""
    copy = tmp / f"vocab-{db_path.name}"
    shutil.copy(db_path, copy)
    with closing(sqlite3.connect(copy)) as conn:
        conn.execute("create virtual table temp.vocab using fts5vocab(main, tasks_fts, row)")
        return conn.execute("select term, doc from temp.vocab order by term").fetchall()


def test_changed_file_full_text_index_equals_a_fresh_ingest(
        changed_and_fresh: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """The writer fills the index per document (no insert trigger, migration m008) and the
    delete trigger empties it: after an edit it indexes exactly the new version's tasks."""
    changed, fresh, _ = changed_and_fresh
    terms = _indexed_terms(changed, tmp_path)
    assert terms and terms == _indexed_terms(fresh, tmp_path)


@pytest.mark.parametrize("table", ["sections", "tasks", "task_roles", "references", "edges",
                                   "body_mentions", "bodies"])
def test_changed_file_rows_equal_a_fresh_ingest(changed_and_fresh: tuple[Path, Path, Path],
                                                table: str) -> None:
    changed, fresh, _ = changed_and_fresh
    assert rows(changed, table) == rows(fresh, table)


def test_changed_file_document_row_equals_a_fresh_ingest(
        changed_and_fresh: tuple[Path, Path, Path]) -> None:
    changed, fresh, _ = changed_and_fresh
    assert rows(changed, "documents", where="ingested = 1") == rows(fresh, "documents",
                                                                      where="ingested = 1")


def test_changed_file_leaves_no_uncited_stub(changed_and_fresh: tuple[Path, Path, Path]) -> None:
    changed, fresh, _ = changed_and_fresh
    assert rows(changed, "documents") == rows(fresh, "documents")


# ------------------------------------------------------------------ stubs
def test_cited_document_is_a_stub_until_it_is_ingested(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SAMPLES / "kh-96-hu.pdf", folder)
    path = tmp_path / "stubs.db"
    ingest_paths([folder], path, jobs=1)
    db = open_db(path)
    stub = db["documents"].get(PROVINCE)
    assert (stub["ingested"], stub["symbol"], stub["kind"], stub["date"], stub["path"]) == (
        0, "215-KH/TU", "Kế hoạch", "2024-05-10", None)
    assert {(r["id"], r["cited_by"]) for r in query.not_ingested(db)} >= {(PROVINCE, 1),
                                                                          (CONCLUSION, 1)}
    into_stub = {(r["src"], r["type"]) for r in db["edges"].rows_where("dst = ?", [PROVINCE])}
    assert {(DISTRICT, "implements"), (DISTRICT, "cites")} <= into_stub

    shutil.copy(SAMPLES / "kh-215-tu.docx", folder)
    report = ingest_paths([folder], path, jobs=1)
    assert (report.processed, report.unchanged) == (1, 1)
    assert db["documents"].count_where("id = ?", [PROVINCE]) == 1
    document = db["documents"].get(PROVINCE)
    assert (document["ingested"], document["path"]) == (1, str(folder / "kh-215-tu.docx"))
    assert {(r["src"], r["type"]) for r in db["edges"].rows_where("dst = ?", [PROVINCE])} == into_stub
    deriving = {r["src"] for r in db["edges"].rows_where("dst = ? and type = 'derives_from'",
                                                         [PROVINCE])}
    assert deriving == {t["id"] for t in db["tasks"].rows_where("document_id = ?", [DISTRICT])
                        if PROVINCE in json.loads(t["sources"])}
    assert len(deriving) > 30
    stubs = {r["id"]: r["cited_by"] for r in query.not_ingested(db)}
    assert PROVINCE not in stubs
    assert stubs[CONCLUSION] == 2  # the district plan and now the provincial plan


def test_two_versions_of_one_document_at_different_paths_are_both_kept(tmp_path: Path) -> None:
    """A version that adds a task of its own (here: the longest line of another sample) is
    another text under the same identity: kept apart, and said so."""
    copy = tmp_path / "kl-187-ban-sua.txt"
    text = (SAMPLES / "kl-187-tw.txt").read_text(encoding="utf-8")
    added = max((SAMPLES / "kh-142-ubnd.md").read_text(encoding="utf-8").splitlines(), key=len)
    assert len(added.split()) > 40
    copy.write_text(text.replace(OLD_TASK, f"{OLD_TASK}\n- {added}"), encoding="utf-8")
    db = open_db(tmp_path / "versions.db")
    one = extracted(SAMPLES / "kl-187-tw.txt")
    other = extracted(copy)
    assert write_document(db, one, str(SAMPLES / "kl-187-tw.txt")) == CONCLUSION
    second = write_document(db, other, str(copy))
    assert second == f"{CONCLUSION}~{other.source.sha256[:8]}"
    assert db["tasks"].count_where("document_id = ?", [CONCLUSION]) == len(one.tasks)
    assert db["tasks"].count_where("document_id = ?", [second]) == len(other.tasks)
    assert db["documents"].count_where("ingested = 1") == 2
    [problem] = db["problems"].rows_where("document_id = ? and code = 'same-identity'", [second])
    assert str(SAMPLES / "kl-187-tw.txt") in problem["message"]


def _copy_of_the_conclusion(tmp_path: Path) -> tuple[ExtractedDocument, ExtractedDocument]:
    """The conclusion as published (UTF-8) and a copy saved again as UTF-16 with one word
    retyped: another file, the same document."""
    copy = tmp_path / "kl-187-ban-chep.txt"
    text = (SAMPLES / "kl-187-tw.txt").read_text(encoding="utf-8")
    copy.write_bytes(text.replace(OLD_TASK, NEW_TASK).encode("utf-16"))
    return extracted(SAMPLES / "kl-187-tw.txt"), extracted(copy)


@pytest.mark.parametrize("order", ["published first", "copy first"])
def test_a_near_identical_copy_is_one_document_whichever_comes_first(tmp_path: Path,
                                                                     order: str) -> None:
    one, other = _copy_of_the_conclusion(tmp_path)
    db = open_db(tmp_path / "copies.db")
    pairs = [(one, str(SAMPLES / "kl-187-tw.txt")), (other, other.source.path)]
    for document, name in pairs if order == "published first" else pairs[::-1]:
        assert write_document(db, document, name) == CONCLUSION
    assert db["documents"].count_where("ingested = 1") == 1
    assert db["tasks"].count == len(one.tasks)
    # the UTF-8 file and the UTF-16 one read equally well: the first path is the text
    text_path, copy_path = sorted(name for _, name in pairs)
    assert {r["path"]: (r["role"], r["document_id"]) for r in db["files"].rows} == {
        text_path: ("text", CONCLUSION), copy_path: ("copy", CONCLUSION)}
    assert db["documents"].get(CONCLUSION)["path"] == text_path


def test_the_copy_that_reads_better_becomes_the_text(tmp_path: Path) -> None:
    """A copy read with doubts (here: converted from a legacy encoding) stays a copy of the
    clean one, whichever path sorts first."""
    clean, _ = _copy_of_the_conclusion(tmp_path)
    legacy_file = tmp_path / "a-kl-187-vni.txt"
    from pipeline.readers.legacy import to_vni
    legacy_file.write_bytes(to_vni(clean.source.text).encode("cp1252"))
    converted = extracted(legacy_file)
    assert "legacy-encoding" in {p.code for p in converted.problems}
    db = open_db(tmp_path / "better.db")
    write_document(db, converted, str(legacy_file))
    write_document(db, clean, str(SAMPLES / "kl-187-tw.txt"))
    assert db["documents"].get(CONCLUSION)["path"] == str(SAMPLES / "kl-187-tw.txt")
    assert db["files"].get(str(legacy_file))["role"] == "copy"
    assert db["files"].get(str(legacy_file))["similarity"] > 0.95


def test_removing_the_text_file_leaves_the_copy_as_the_text(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = (SAMPLES / "kl-187-tw.txt").read_text(encoding="utf-8")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_bytes(text.replace(OLD_TASK, NEW_TASK).encode("utf-16"))
    path = tmp_path / "removal.db"
    report = ingest_paths([folder], path, jobs=1)
    assert (report.documents, report.copies) == (1, 1)
    (folder / "a.txt").unlink()
    ingest_paths([folder], path, jobs=1)
    db = open_db(path)
    assert db["documents"].get(CONCLUSION)["path"] == str(folder / "b.txt")
    assert db["files"].get(str(folder / "b.txt"))["role"] == "text"
    assert db["tasks"].count_where("document_id = ?", [CONCLUSION]) > 20


# ------------------------------------------------------------------ full-text search
@pytest.fixture(scope="module")
def search_db(tmp_path_factory: pytest.TempPathFactory) -> sqlite_utils.Database:
    path = tmp_path_factory.mktemp("search") / "search.db"
    ingest_paths([SAMPLES, corpus_file(SEED)], path, jobs=1)
    return open_db(path)


def plain_words(text: str) -> set[str]:
    """Words without any diacritic, lower case: an oracle written apart from `normalize`."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return set(re.findall(r"\w+", "".join(c for c in decomposed
                                          if not unicodedata.combining(c)).lower()))


def found(db: sqlite_utils.Database, words: str) -> set[str]:
    return {r["id"] for r in query.search_tasks(db, words, limit=10_000)}


def expected(db: sqlite_utils.Database, words: str) -> set[str]:
    wanted = plain_words(words)
    return {t["id"] for t in db["tasks"].rows if wanted <= plain_words(t["text"])}


def test_search_without_diacritics_finds_the_same_tasks(search_db: sqlite_utils.Database) -> None:
    with_marks = found(search_db, "tổ chức")
    assert with_marks == expected(search_db, "tổ chức")
    assert len(with_marks) > 10
    assert found(search_db, "to chuc") == with_marks
    assert found(search_db, "TỔ CHỨC") == with_marks
    assert found(search_db, unicodedata.normalize("NFD", "tổ chức")) == with_marks


@pytest.mark.parametrize(("new_style", "old_style"), [
    ("hài hòa", "hài hoà"),      # the seed writes `hài hòa`
    ("chuẩn hóa", "chuẩn hoá"),  # the samples write `chuẩn hóa`
    ("Ủy ban", "Uỷ ban"),        # the samples write `Ủy ban`
])
def test_search_either_tone_mark_convention(search_db: sqlite_utils.Database, new_style: str,
                                            old_style: str) -> None:
    written = [t["id"] for t in search_db["tasks"].rows
               if new_style in t["text"] or old_style in t["text"]]
    assert written, f"no task writes {new_style!r} or {old_style!r}"
    ids = found(search_db, new_style)
    assert set(written) <= ids
    assert ids == found(search_db, old_style) == expected(search_db, new_style)


@pytest.mark.parametrize("words", ['"', "", "   ", "("])
def test_search_with_no_words_finds_nothing(search_db: sqlite_utils.Database, words: str) -> None:
    assert query.search_tasks(search_db, words) == []


def test_the_summary_is_kept_at_write_time_and_never_out_of_date(tmp_path: Path) -> None:
    """A batch ends by counting (one row read by `query summary`); writing a document clears
    the row, so a read in between counts live and is never stale."""
    from pipeline.store import summary

    db_path = tmp_path / "summary.db"
    ingest_paths([SAMPLES], db_path, jobs=1)
    db = open_db(db_path)
    kept = db.execute("select data from summary").fetchone()
    assert kept is not None and json.loads(kept[0]) == summary.count(db)
    assert query.summary(db) == summary.count(db) and summary.count(db)["tasks"] > 50
    write_document(db, extracted(corpus_file(SEED)), str(corpus_file(SEED)))
    assert db.execute("select data from summary").fetchone() is None
    assert query.summary(db) == summary.count(db)  # counted live: the seed's tasks are in
    assert query.summary(db)["tasks"] > json.loads(kept[0])["tasks"]
    db.close()
    ingest_paths([SAMPLES], db_path, jobs=1)  # nothing new, but the batch counts again
    db = open_db(db_path)
    assert json.loads(db.execute("select data from summary").fetchone()[0]) == summary.count(db)
