"""Task lists: selection by document, body and central source; every format read back intact."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils
from conftest import OFFICIAL, SAMPLES, SEED, corpus_file
from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from pipeline.batch import ingest_paths
from pipeline.export import (
    DOCX_HEADER,
    FORMATS,
    HEADER_ROW,
    HEADERS,
    SEPARATOR,
    TaskRow,
    export_tasks,
    task_rows,
    write_csv,
    write_docx,
    write_json,
    write_xlsx,
)
from pipeline.graph import build_graph
from pipeline.store import open_db

CONCLUSION = "187-KL/TW@2024-03-14"
PROVINCE = "215-KH/TU@2024-05-10"
DISTRICT = "96-KH/HU@2024-06-05"
PEOPLES_COMMITTEE = "142/KH-UBND@2024-06-20"
SEED_ID = "sha:58514f2f7acde647"



@pytest.fixture(scope="session")
def district_rows(sample_db: sqlite_utils.Database) -> list[TaskRow]:
    return task_rows(sample_db, document_id=DISTRICT)


def section_task(db: sqlite_utils.Database, section: str) -> str:
    """The district plan's task in `section` (found by place, not by its running number)."""
    return next(db.query("select id from tasks where document_id = ? and section = ? "
                         "order by start limit 1", [DISTRICT, section]))["id"]


@pytest.fixture(scope="session")
def assignment(sample_db: sqlite_utils.Database) -> str:
    """III.1: Ban Tổ chức Huyện ủy chủ trì, phối hợp Văn phòng Huyện ủy ..."""
    return section_task(sample_db, "III.1")


def stored_text(db: sqlite_utils.Database, task_id: str) -> str:
    return db["tasks"].get(task_id)["text"]


def row_of(rows: list[TaskRow], task_id: str) -> TaskRow:
    return next(row for row in rows if row.task_id == task_id)


# ------------------------------------------------------------------ rows
def test_unknown_selection_gives_no_rows(sample_db: sqlite_utils.Database) -> None:
    assert task_rows(sample_db, document_id="no-such-document") == []
    assert task_rows(sample_db, body_id="no/such-body") == []
    assert task_rows(sample_db, source_id="no-such-source") == []


def test_rows_of_one_document(sample_db: sqlite_utils.Database, district_rows: list[TaskRow]) -> None:
    assert len(district_rows) == sample_db["tasks"].count_where("document_id = ?", [DISTRICT])
    assert [row.stt for row in district_rows] == list(range(1, len(district_rows) + 1))
    assert {row.document_id for row in district_rows} == {DISTRICT}
    assert {row.document_symbol for row in district_rows} == {"96-KH/HU"}
    in_order = [r["id"] for r in sample_db.query(
        "select id from tasks where document_id = ? order by start", [DISTRICT])]
    assert [row.task_id for row in district_rows] == in_order


def test_row_fields(sample_db: sqlite_utils.Database, district_rows: list[TaskRow],
                    assignment: str) -> None:
    row = row_of(district_rows, assignment)
    assert row.text == stored_text(sample_db, assignment)
    assert (row.section, row.kind) == ("III.1", "assignment")
    assert (row.lead, row.coordinate) == ("Ban Tổ chức Huyện ủy", "Văn phòng Huyện ủy")
    assert row.deadline == "hằng năm"
    assert row.sources == "215-KH/TU; 187-KL/TW"


def test_deadline_text_as_written(sample_db: sqlite_utils.Database,
                                  district_rows: list[TaskRow]) -> None:
    assert row_of(district_rows, section_task(sample_db, "III.2")).deadline == \
        "trước ngày 31/12/2024"


def test_rows_by_body_lead(sample_db: sqlite_utils.Database) -> None:
    """The Cần Thơ organization board leads III.3 of the seed plan."""
    rows = task_rows(sample_db, body_id="can-tho/btc")
    seed_task = next(row for row in rows if row.document_id == SEED_ID and row.section == "III.3")
    assert seed_task.text.startswith("Ban Tổ chức Thành ủy chủ trì")
    assert seed_task.jurisdiction == "can-tho"
    assert seed_task.sources == "08-KL/BTCTW"


def test_rows_by_body_include_what_it_coordinates(sample_db: sqlite_utils.Database,
                                                  assignment: str) -> None:
    office = sample_db.execute(
        "select body_id from task_roles where task_id = ? and role = 'coordinate'",
        [assignment]).fetchone()[0]
    rows = task_rows(sample_db, body_id=office)
    assert assignment in {row.task_id for row in rows}
    led = {r[0] for r in sample_db.execute(
        "select task_id from task_roles where body_id = ? and role in ('lead', 'coordinate')",
        [office])}
    assert {row.task_id for row in rows} == led
    reported = {r[0] for r in sample_db.execute(
        "select task_id from task_roles where body_id = 'tw/btc' and role = 'report_to'")}
    assert not reported & {row.task_id for row in task_rows(sample_db, body_id="tw/btc")}


def test_rows_by_central_source(sample_db: sqlite_utils.Database, assignment: str) -> None:
    """Every task of a plan implementing 187-KL/TW, directly or through 215-KH/TU, and any
    other task deriving from it: the same tasks as `query implements`."""
    rows = task_rows(sample_db, source_id=CONCLUSION)
    documents = Counter(row.document_id for row in rows)
    assert set(documents) == {PROVINCE, DISTRICT, PEOPLES_COMMITTEE}
    assert assignment in {row.task_id for row in rows}
    plans = [PROVINCE, DISTRICT, PEOPLES_COMMITTEE]
    of_plans = {r[0] for r in sample_db.execute(
        "select id from tasks where document_id in (?, ?, ?)", plans)}
    deriving = {r[0] for r in sample_db.execute(
        "select src from edges where type = 'derives_from' and dst in (?, ?, ?, ?)",
        [CONCLUSION, *plans])}
    assert {row.task_id for row in rows} == of_plans | deriving
    chained = [row for row in rows if row.task_id in deriving]
    assert chained and all(row.sources.endswith("187-KL/TW") for row in chained)
    # a plan task citing only 35-NQ/TW is there too, its own chain ending at 35-NQ/TW
    assert any(row.sources.endswith("35-NQ/TW") for row in rows)


def test_selectors_combine(sample_db: sqlite_utils.Database) -> None:
    rows = task_rows(sample_db, source_id=CONCLUSION, body_id="can-tho/btc")
    assert rows == []
    rows = task_rows(sample_db, document_id=DISTRICT, source_id=CONCLUSION)
    assert {row.document_id for row in rows} == {DISTRICT}


def test_names_fall_back_to_text_then_id(tmp_path: Path) -> None:
    db = open_db(tmp_path / "names.db")
    db["documents"].insert({"id": "a", "ingested": 1, "symbol": "1/KH-UBND"})
    db["tasks"].insert({"id": "a#t1", "document_id": "a", "text": "Rà soát", "start": 0})
    db["bodies"].insert_all([{"id": "x/sct", "name": "Sở Công Thương"},
                             {"id": "x/group/departments", "name": "x/group/departments"}])
    db["task_roles"].insert_all([
        {"task_id": "a#t1", "role": "lead", "body_id": "x/sct", "text": "Sở Công thương"},
        {"task_id": "a#t1", "role": "lead", "body_id": "x/sct", "text": "Sở Công Thương"},
        {"task_id": "a#t1", "role": "coordinate", "body_id": "x/group/departments",
         "text": "các sở, ngành"},
        {"task_id": "a#t1", "role": "coordinate", "body_id": "x/no-row", "text": None},
    ])
    [row] = task_rows(db)
    assert row.lead == "Sở Công Thương"
    assert row.coordinate == "các sở, ngành; x/no-row"
    assert (row.sources, row.deadline, row.jurisdiction) == ("", "", "")


# ------------------------------------------------------------------ writers
def test_csv_has_bom_and_reads_back(sample_db: sqlite_utils.Database,
                                    district_rows: list[TaskRow], tmp_path: Path,
                                    assignment: str) -> None:
    path = tmp_path / "tasks.csv"
    write_csv(district_rows, path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert list(records[0]) == list(HEADER_ROW)
    assert len(records) == len(district_rows)
    record = next(r for r in records if r[HEADERS["task_id"]] == assignment)
    assert record["Nội dung nhiệm vụ"] == stored_text(sample_db, assignment)
    stt = row_of(district_rows, assignment).stt
    assert record["Cơ quan chủ trì"] == "Ban Tổ chức Huyện ủy" and record["STT"] == str(stt)
    assert record["Số ký hiệu"] == "96-KH/HU" and record["Ngày văn bản"] == "2024-06-05"


def test_rows_give_bodies_as_written_beside_their_registry_names(
        district_rows: list[TaskRow]) -> None:
    """`lead` is the registry's name (one spelling for every document); `lead_as_written` the
    words of this text (none for a lead inherited from a heading)."""
    written = [row for row in district_rows if row.lead_as_written]
    assert written and all(row.lead for row in written)
    assert any(row.lead != row.lead_as_written for row in written)


def test_rows_carry_the_document_and_a_sortable_deadline(district_rows: list[TaskRow]) -> None:
    """Issuing body, date and title beside each task; an ISO deadline beside the words."""
    assert {row.document_date for row in district_rows} == {"2024-06-05"}
    assert all(row.issuer and row.document_title for row in district_rows)
    dated = [row for row in district_rows if row.deadline_date]
    assert dated and all(len(row.deadline_date) == 10 and row.deadline_date[4] == "-"
                         for row in dated)
    year_end = [row for row in dated if row.section == "III.2"]
    assert year_end and year_end[0].deadline_date == "2024-12-31" and year_end[0].deadline


def test_xlsx_layout_and_text(sample_db: sqlite_utils.Database,
                              district_rows: list[TaskRow], tmp_path: Path,
                              assignment: str) -> None:
    path = tmp_path / "tasks.xlsx"
    write_xlsx(district_rows, path)
    sheet = load_workbook(path).active
    assert len(load_workbook(path).worksheets) == 1
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:S{len(district_rows) + 1}"
    assert [c.value for c in sheet[1]] == list(HEADER_ROW)
    assert all(c.font.bold for c in sheet[1])
    assert sheet.column_dimensions["F"].width > sheet.column_dimensions["A"].width
    texts = {sheet.cell(r, 2).value: sheet.cell(r, 6) for r in range(2, sheet.max_row + 1)}
    cell = texts[assignment]
    assert cell.value == stored_text(sample_db, assignment)
    assert cell.alignment.wrap_text


def test_json_reads_back(sample_db: sqlite_utils.Database,
                         district_rows: list[TaskRow], tmp_path: Path, assignment: str) -> None:
    path = tmp_path / "tasks.json"
    write_json(district_rows, path)
    assert "Huyện ủy" in path.read_text(encoding="utf-8")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [TaskRow(**item) for item in data] == district_rows
    stt = row_of(district_rows, assignment).stt
    assert data[stt - 1]["text"] == stored_text(sample_db, assignment)


def test_docx_table(sample_db: sqlite_utils.Database,
                    district_rows: list[TaskRow], tmp_path: Path, assignment: str) -> None:
    path = tmp_path / "tasks.docx"
    write_docx(district_rows, path, "Danh mục nhiệm vụ thực hiện Kế hoạch số 96-KH/HU")
    document = Document(str(path))
    assert document.paragraphs[0].text == "Danh mục nhiệm vụ thực hiện Kế hoạch số 96-KH/HU"
    [table] = document.tables
    assert table.style.name == "Table Grid"
    assert tuple(c.text for c in table.rows[0].cells) == DOCX_HEADER
    assert len(table.rows) == len(district_rows) + 1
    stt = row_of(district_rows, assignment).stt
    cells = [c.text for c in table.rows[stt].cells]
    assert cells == [str(stt), stored_text(sample_db, assignment), "Ban Tổ chức Huyện ủy",
                     "Văn phòng Huyện ủy", "hằng năm", "215-KH/TU; 187-KL/TW",
                     row_of(district_rows, assignment).carries_out]
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height


def test_writers_take_an_empty_list(tmp_path: Path) -> None:
    write_csv([], tmp_path / "e.csv")
    write_xlsx([], tmp_path / "e.xlsx")
    write_json([], tmp_path / "e.json")
    write_docx([], tmp_path / "e.docx", "Trống")
    assert (tmp_path / "e.csv").read_text(encoding="utf-8-sig").strip() == ",".join(HEADER_ROW)
    assert load_workbook(tmp_path / "e.xlsx").active.auto_filter.ref == "A1:S1"
    assert json.loads((tmp_path / "e.json").read_text(encoding="utf-8")) == []
    assert len(Document(str(tmp_path / "e.docx")).tables[0].rows) == 1


@pytest.mark.parametrize("text", [
    "=SUM(A1:A2) không phải công thức", "- Rà soát, bổ sung", "+84 đường dây nóng",
])
def test_text_that_looks_like_a_formula_stays_text(district_rows: list[TaskRow], tmp_path: Path,
                                                    text: str) -> None:
    row = replace(district_rows[0], text=text)
    write_xlsx([row], tmp_path / "f.xlsx")
    write_csv([row], tmp_path / "f.csv")
    cell = load_workbook(tmp_path / "f.xlsx").active["F2"]
    assert cell.value == text and cell.data_type == "s"
    with (tmp_path / "f.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert next(csv.DictReader(handle))[HEADERS["text"]] == "'" + text  # shown as text


def test_control_characters_are_dropped_where_xml_forbids_them(district_rows: list[TaskRow],
                                                                tmp_path: Path) -> None:
    row = replace(district_rows[0], text="Trang 1\x0cTrang 2")
    write_xlsx([row], tmp_path / "c.xlsx")
    write_docx([row], tmp_path / "c.docx", "Tiêu đề\x00")
    assert load_workbook(tmp_path / "c.xlsx").active["F2"].value == "Trang 1Trang 2"
    assert Document(str(tmp_path / "c.docx")).tables[0].rows[1].cells[1].text == "Trang 1Trang 2"


# ------------------------------------------------------------------ dispatch
@pytest.mark.parametrize("fmt", FORMATS)
def test_export_tasks_writes_each_format(sample_db: sqlite_utils.Database, tmp_path: Path,
                                         fmt: str) -> None:
    path = tmp_path / "out" / f"tasks.{fmt}"
    count = export_tasks(sample_db, fmt, path, source_id=CONCLUSION)
    assert count == len(task_rows(sample_db, source_id=CONCLUSION)) > 0
    assert path.stat().st_size > 0


def test_export_everything(sample_db: sqlite_utils.Database, tmp_path: Path) -> None:
    count = export_tasks(sample_db, "json", tmp_path / "all.json")
    assert count == sample_db["tasks"].count


def test_the_source_column_is_the_chain_query_sources_gives(tmp_path: Path) -> None:
    """One meaning of a task's chain: for every task of the samples, the seed and the 216 real
    documents of 2025, the export's `Căn cứ` column lists exactly the documents
    `query sources` gives, in its order, and the graph's walk agrees."""
    from pipeline.batch import ingest_paths
    from pipeline.graph import source_chain
    from pipeline.query import task_sources

    db_path = tmp_path / "real.db"
    report = ingest_paths([SAMPLES, corpus_file(SEED), corpus_file(OFFICIAL)], db_path, jobs=2)
    assert report.failed == 0 and report.tasks > 3000
    db = open_db(db_path)
    graph = build_graph(db)
    labels = {row["id"]: row["symbol"] or row["title"] or row["id"]
              for row in db.query("select id, symbol, title from documents")}
    rows = task_rows(db)
    assert len(rows) == db["tasks"].count
    disagree = []
    for row in rows:
        chain = [step["id"] for step in task_sources(db, row.task_id)]
        if row.sources != SEPARATOR.join(labels[d] for d in chain):
            disagree.append((row.task_id, row.sources, chain))
        if source_chain(graph, row.task_id) != chain:
            disagree.append((row.task_id, "graph", source_chain(graph, row.task_id)))
    assert not disagree[:5]
    assert sum(1 for row in rows if SEPARATOR in row.sources) > 100  # chains, not single hops


def test_export_tasks_docx_title(sample_db: sqlite_utils.Database, tmp_path: Path) -> None:
    export_tasks(sample_db, "docx", tmp_path / "t.docx", document_id=DISTRICT)
    assert Document(str(tmp_path / "t.docx")).paragraphs[0].text == f"Danh mục nhiệm vụ ({DISTRICT})"
    export_tasks(sample_db, "docx", tmp_path / "t.docx", title="Kế hoạch", document_id=DISTRICT)
    assert Document(str(tmp_path / "t.docx")).paragraphs[0].text == "Kế hoạch"


def test_export_tasks_rejects_an_unknown_format(sample_db: sqlite_utils.Database,
                                                tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"unknown export format 'pdf'; use one of csv, xlsx, json, docx"):
        export_tasks(sample_db, "pdf", tmp_path / "t.pdf")
    assert not (tmp_path / "t.pdf").exists()


def test_rows_show_the_central_passage_they_carry_out(sample_db: sqlite_utils.Database) -> None:
    """The `carries_out` column: the conclusion's sentence a provincial task restates."""
    rows = task_rows(sample_db, document_id="215-KH/TU@2024-05-10")
    conclusion = next(iter(sample_db.query(
        "select text from documents where id = '187-KL/TW@2024-03-14'")))["text"]
    shown = [row for row in rows if row.carries_out]
    assert len(shown) >= len(rows) // 2
    for row in shown:
        label, passage = row.carries_out.split(": ", 1)
        assert label.startswith("187-KL/TW")
        assert " ".join(conclusion.split()).find(passage.rstrip("…")) >= 0
    paperless = [r for r in rows if r.text.startswith("phấn đấu đến hết năm 2025, 100% văn bản")]
    assert "100% văn bản không mật" in paperless[0].carries_out


def test_sentences_broken_by_a_web_copy_are_joined_in_task_lists(tmp_path: Path) -> None:
    """The web copies break lines mid-sentence; a task list shows the sentence whole, and keeps
    a line break only before a new item. The store keeps the text as written."""
    folder = tmp_path / "in"
    folder.mkdir()
    source = corpus_file(OFFICIAL / "b527d7996ed66f24.md")
    (folder / source.name).write_bytes(source.read_bytes())
    ingest_paths([folder], tmp_path / "w.db", jobs=1)
    db = open_db(tmp_path / "w.db", readonly=True)
    try:
        stored = {r["id"]: r["text"] for r in db.query("select id, text from tasks")}
        rows = task_rows(db)
    finally:
        db.close()
    mid_sentence = re.compile(r"\n\s*[a-zà-ỹđ](?![).]\s)")  # not an item `a) …`
    broken = [row for row in rows if mid_sentence.search(stored[row.task_id])]
    assert len(broken) >= 100
    assert not [row for row in rows if mid_sentence.search(row.text)]
    for row in broken:
        assert " ".join(row.text.split()) == " ".join(stored[row.task_id].split())
