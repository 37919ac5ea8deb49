"""Task lists out of the store: CSV, Excel, JSON and a Word table in the administrative layout.

Select the tasks of one document, the tasks one body leads or coordinates, or every task that
derives from a central source or from a plan implementing it:

    export_tasks(db, "xlsx", "tasks.xlsx", source_id="187-KL/TW@2024-03-14")
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import Any

import sqlite_utils

from .chain import source_chain
from .normalize import xml_safe
from .outputs import write_atomically
from .query import LED_OR_COORDINATED, implementing_documents
from .readers.layout import is_block_start
from .store.maps import implements_map, levels_map

FORMATS = ("csv", "xlsx", "json", "docx")
DOCX_HEADER = ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Căn cứ",
               "Thực hiện nội dung")
SEPARATOR = "; "


@dataclass(frozen=True)
class TaskRow:
    """One line of a task list; text fields are "" when the store has nothing."""

    stt: int
    task_id: str
    document_id: str
    document_symbol: str
    section: str
    text: str
    kind: str
    lead: str
    coordinate: str
    deadline: str
    sources: str
    jurisdiction: str
    carries_out: str  # the passage of the furthest aligned document it carries out (issue 16)
    deadline_date: str = ""  # ISO, sortable, when the words name a day
    document_date: str = ""
    document_title: str = ""
    issuer: str = ""  # the issuing body as the document names it
    lead_as_written: str = ""  # the words of the text (`lead` gives the registry's names)
    coordinate_as_written: str = ""


COLUMNS = tuple(f.name for f in fields(TaskRow))
# What an office's task list calls each column (CSV and XLSX headers; JSON keeps COLUMNS).
HEADERS = {
    "stt": "STT", "task_id": "Mã nhiệm vụ", "document_id": "Mã văn bản",
    "document_symbol": "Số ký hiệu", "section": "Mục", "text": "Nội dung nhiệm vụ",
    "kind": "Loại", "lead": "Cơ quan chủ trì", "coordinate": "Cơ quan phối hợp",
    "deadline": "Thời hạn", "sources": "Căn cứ", "jurisdiction": "Địa bàn",
    "carries_out": "Thực hiện nội dung", "deadline_date": "Thời hạn (ngày)",
    "document_date": "Ngày văn bản", "document_title": "Trích yếu", "issuer": "Cơ quan ban hành",
    "lead_as_written": "Cơ quan chủ trì (nguyên văn)",
    "coordinate_as_written": "Cơ quan phối hợp (nguyên văn)",
}
HEADER_ROW = tuple(HEADERS[column] for column in COLUMNS)


# ------------------------------------------------------------------ selection
_TASKS_SQL = """
select t.id, t.document_id, d.symbol, t.section, t.text, t.kind, t.deadline_text,
       t.deadline_date, d.jurisdiction, t.sources, d.date as document_date,
       d.title as document_title, d.issuer
from tasks t join documents d on d.id = t.document_id
where {where}
order by d.date, t.document_id, t.start
"""


Bodies = str | Sequence[str] | None  # a body id, or several


def _selection(db: sqlite_utils.Database, document_id: str | None,
               body_id: Bodies, source_id: str | None) -> tuple[str, list[Any]]:
    """The where clause and parameters for the selection; several selectors all apply."""
    clauses, params = ["1 = 1"], []
    if document_id is not None:
        clauses.append("t.document_id = ?")
        params.append(document_id)
    if body_id is not None:  # one id, or several (a name every province's office bears)
        clauses.append(f"t.id in ({LED_OR_COORDINATED.format(bodies='?')})")
        params.append(json.dumps([body_id] if isinstance(body_id, str) else list(body_id)))
    if source_id is not None:  # the same tasks as `query implements`: of the plans, or citing
        implementers = {row["id"] for row in implementing_documents(db, source_id)}
        chain = json.dumps(sorted({source_id, *implementers}))
        clauses.append("t.document_id != ? and (t.document_id in (select value from json_each(?))"
                       " or t.id in (select src from edges where type = 'derives_from' "
                       "and dst in (select value from json_each(?))))")
        params += [source_id, chain, chain]
    return " and ".join(clauses), params


def _role_names(db: sqlite_utils.Database, task_ids: list[str]) -> dict[tuple[str, str], list[str]]:
    """(task id, role) → names: the body's name, else the text as written, else the id; and
    (task id, role + "_as_written") → the words of the text."""
    sql = ("select r.task_id, r.role, r.body_id, r.text, b.name from task_roles r "
           "left join bodies b on b.id = r.body_id "
           "where r.role in ('lead', 'coordinate') and r.task_id in (select value from json_each(?)) "
           "order by r.rowid")
    names: dict[tuple[str, str], list[str]] = {}
    for row in db.query(sql, [json.dumps(task_ids)]):
        name = row["name"] if row["name"] and row["name"] != row["body_id"] else None
        for key, shown in (((row["task_id"], row["role"]), name or row["text"] or row["body_id"]),
                           ((row["task_id"], row["role"] + "_as_written"), row["text"])):
            listed = names.setdefault(key, [])
            if shown and shown not in listed:
                listed.append(shown)
    return names


def _document_labels(db: sqlite_utils.Database) -> dict[str, str]:
    """What the `Căn cứ` column shows for a document: its symbol, else its title, else its id."""
    return {row["id"]: row["symbol"] or row["title"] or row["id"]
            for row in db.query("select id, symbol, title from documents")}


def task_rows(db: sqlite_utils.Database, *, document_id: str | None = None,
              body_id: Bodies = None, source_id: str | None = None) -> list[TaskRow]:
    """The selected tasks as rows, in document date and text order, numbered from 1."""
    where, params = _selection(db, document_id, body_id, source_id)
    records = list(db.query(_TASKS_SQL.format(where=where), params))
    names = _role_names(db, [r["id"] for r in records])
    edges, levels, labels = implements_map(db), levels_map(db), _document_labels(db)
    carried = _carried_passages(db, [r["id"] for r in records], labels)

    def chain_of(record: dict[str, Any]) -> list[str]:
        return source_chain(json.loads(record["sources"] or "[]"), lambda doc: edges.get(doc, ()),
                            levels.get)

    return [_row(index, record, names, chain_of(record), labels, carried)
            for index, record in enumerate(records, 1)]


PASSAGE_WIDTH = 200  # characters of the carried-out passage an export shows


def _carried_passages(db: sqlite_utils.Database, task_ids: list[str],
                      labels: dict[str, str]) -> dict[str, dict[str, str]]:
    """task → {higher document → `SYMBOL § section: passage`}: each confident first-ranked
    alignment (`store.alignments`), for the export to show the one furthest up the chain."""
    found: dict[str, dict[str, str]] = {}
    sql = ("select a.task_id, a.target_document, a.passage_section, "
           "substr(d.text, a.passage_start + 1, a.passage_end - a.passage_start) as passage "
           "from alignments a join documents d on d.id = a.target_document "
           "where a.rank = 1 and a.confident = 1 and a.task_id in (select value from json_each(?))")
    for row in db.query(sql, [json.dumps(task_ids)]):
        passage = " ".join((row["passage"] or "").split())
        if len(passage) > PASSAGE_WIDTH:
            passage = passage[:PASSAGE_WIDTH - 1] + "…"
        where = labels.get(row["target_document"], row["target_document"])
        section = f" § {row['passage_section']}" if row["passage_section"] else ""
        found.setdefault(row["task_id"], {})[row["target_document"]] = (
            f"{where}{section}: {passage}")
    return found


def display_text(text: str) -> str:
    """A task's words for a task list: lines a web copy or a PDF broke mid-sentence joined with a
    space, a line that opens a new item (`-`, `a)`, `2.`) kept on its own line. The store keeps
    the text as written, with its offsets."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    joined = ""
    for line in (line for line in lines if line):
        joined += ("\n" if is_block_start(line) else " ") + line if joined else line
    return joined


def _row(index: int, record: dict[str, Any], names: dict[tuple[str, str], list[str]],
         chain: list[str], labels: dict[str, str],
         carried: dict[str, dict[str, str]]) -> TaskRow:
    return TaskRow(
        stt=index, task_id=record["id"], document_id=record["document_id"],
        document_symbol=record["symbol"] or "", section=record["section"] or "",
        text=display_text(record["text"] or ""), kind=record["kind"] or "",
        lead=SEPARATOR.join(names.get((record["id"], "lead"), [])),
        coordinate=SEPARATOR.join(names.get((record["id"], "coordinate"), [])),
        deadline=record["deadline_text"] or record["deadline_date"] or "",
        sources=SEPARATOR.join(labels.get(d, d) for d in chain),
        jurisdiction=record["jurisdiction"] or "",
        carries_out=next((carried[record["id"]][d] for d in reversed(chain)
                          if d in carried.get(record["id"], {})), ""),
        deadline_date=record["deadline_date"] or "", document_date=record["document_date"] or "",
        document_title=record["document_title"] or "", issuer=record["issuer"] or "",
        lead_as_written=SEPARATOR.join(names.get((record["id"], "lead_as_written"), [])),
        coordinate_as_written=SEPARATOR.join(
            names.get((record["id"], "coordinate_as_written"), [])),
    )


# ------------------------------------------------------------------ writers
def _prepare(path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def write_csv(rows: Iterable[TaskRow], path: str | Path) -> None:
    """UTF-8 with a byte-order mark, so Excel opens Vietnamese text correctly; a cell that a
    spreadsheet would take for a formula (`=`, `+`, `-`, `@` ...) starts with `'`."""
    with _prepare(path).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER_ROW)
        writer.writerows([spreadsheet_safe(value) for value in astuple(row)] for row in rows)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """`=HYPERLINK(...)` or `- Phụ trách ...` as text, not a formula (CSV injection)."""
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def write_json(rows: Iterable[TaskRow], path: str | Path) -> None:
    data = [dict(zip(COLUMNS, astuple(row), strict=True)) for row in rows]
    with _prepare(path).open("w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)


XLSX_WIDTHS = {"stt": 6, "text": 70, "lead": 30, "coordinate": 30, "sources": 30,
               "carries_out": 60, "document_title": 40, "issuer": 24, "deadline_date": 12,
               "document_date": 12,
               "task_id": 28, "document_id": 24, "document_symbol": 16, "deadline": 18}


def write_xlsx(rows: Iterable[TaskRow], path: str | Path, sheet_title: str = "Nhiệm vụ") -> None:
    """One sheet: bold frozen header, auto-filter over the table, wrapped text, fixed widths.
    Written streaming (openpyxl's write-only mode): time grows with the rows, memory stays flat
    (reading back the sheet after every row made 3,701 tasks take 20 s)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title)
    for column, name in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(column)].width = XLSX_WIDTHS.get(name, 12)
    sheet.freeze_panes = "A2"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    sheet.append([_xlsx_cell(sheet, name, font=bold) for name in HEADER_ROW])
    count = 0
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value, alignment=wrap) for value in astuple(row)])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"
    book.save(_prepare(path))


def _xlsx_cell(sheet: Any, value: Any, **style: Any) -> Any:
    """A cell holding `value` as data: a text starting with "=" stays text, not a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=xml_safe(value) if isinstance(value, str) else value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"
    return cell


def write_docx(rows: Iterable[TaskRow], path: str | Path, title: str = "Danh mục nhiệm vụ") -> None:
    """A title, then one 'Table Grid' table (STT, Nội dung nhiệm vụ, ...) on landscape pages."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    _landscape(document.sections[0])
    _body_font(document)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(xml_safe(title)).bold = True
    rows = list(rows)
    table = document.add_table(rows=1, cols=len(DOCX_HEADER))
    table.style = "Table Grid"
    _docx_header(table)
    for row in rows:
        cells = table.add_row().cells
        values = (str(row.stt), row.text, row.lead, row.coordinate, row.deadline, row.sources,
                  row.carries_out)
        for cell, value in zip(cells, values, strict=True):
            cell.text = xml_safe(value)
    _docx_widths(table)
    document.save(str(_prepare(path)))


def _landscape(section: Any) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(1.5)


def _body_font(document: Any) -> None:
    """Times New Roman 12, as administrative documents are set (Nghị định 30/2020/NĐ-CP)."""
    from docx.shared import Pt

    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)


def _docx_header(table: Any) -> None:
    """Bold header cells, repeated at the top of every page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = table.rows[0]
    for cell, text in zip(header.cells, DOCX_HEADER, strict=True):
        cell.text = ""
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.paragraphs[0].add_run(text).bold = True
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)


DOCX_WIDTHS_CM = (1.2, 8.0, 3.6, 3.6, 2.4, 2.6, 4.3)  # 25.7 cm between the margins


def _docx_widths(table: Any) -> None:
    from docx.shared import Cm

    table.autofit = False
    for column, width in zip(table.columns, DOCX_WIDTHS_CM, strict=True):
        column.width = Cm(width)  # the grid, which LibreOffice reads
    for row in table.rows:  # the cells, which Word reads
        for cell, width in zip(row.cells, DOCX_WIDTHS_CM, strict=True):
            cell.width = Cm(width)


# ------------------------------------------------------------------ dispatch
def _default_title(selection: dict[str, Any]) -> str:
    picked = [v if isinstance(v, str) else ", ".join(v) for v in selection.values()
              if v is not None]
    return "Danh mục nhiệm vụ" + (f" ({', '.join(picked)})" if picked else "")


WRITERS: dict[str, Callable[[list[TaskRow], Path], None]] = {
    "csv": write_csv, "xlsx": write_xlsx, "json": write_json,
}


def export_tasks(db: sqlite_utils.Database, fmt: str, path: str | Path, *, title: str | None = None,
                 document_id: str | None = None, body_id: Bodies = None,
                 source_id: str | None = None) -> int:
    """Write the selected tasks (`document_id=`, `body_id=` one id or several, `source_id=`;
    none: every task) as `fmt` to `path`. Returns how many were written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    selection = {"document_id": document_id, "body_id": body_id, "source_id": source_id}
    rows = task_rows(db, document_id=document_id, body_id=body_id, source_id=source_id)
    if fmt == "docx":
        write_atomically(Path(path), lambda target: write_docx(
            rows, target, title or _default_title(selection)))
    else:
        write_atomically(Path(path), lambda target: WRITERS[fmt](rows, target))
    return len(rows)
