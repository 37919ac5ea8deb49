"""The researchers' web workbench: Datasette over the store (issue 15).

Datasette (a dependency, run as its own process) browses, facets, filters, searches and shares
the store's tables; this module gives it what makes the store readable: a title and a
description, in Vietnamese and English, of every table and its main columns, the facets that
fit, the tasks' full-text index (the same diacritic-aware index as `query search`), and canned
queries for the researchers' questions. `serve` writes that metadata to a file beside a temporary
folder and starts `datasette serve` on it.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

# table → (Vietnamese, English, facets, {column: (Vietnamese, English)})
TABLES: dict[str, tuple[str, str, list[str], dict[str, tuple[str, str]]]] = {
    "documents": (
        "Văn bản (đã đọc, hoặc chỉ được trích dẫn)", "Documents (read, or only cited: stubs)",
        ["kind", "level", "jurisdiction", "year", "ingested"], {
            "id": ("Mã: số ký hiệu@ngày", "Id: symbol@date"),
            "symbol": ("Số ký hiệu", "Symbol"), "kind": ("Loại văn bản", "Kind"),
            "date": ("Ngày ban hành", "Date issued"), "issuer": ("Cơ quan ban hành", "Issuer"),
            "level": ("Cấp: trung ương, tỉnh, huyện, xã", "Level: central to commune"),
            "jurisdiction": ("Địa bàn", "Province or district"),
            "title": ("Trích yếu", "Title"),
            "ingested": ("1: đã đọc toàn văn; 0: chỉ được trích dẫn", "1 read; 0 only cited"),
        }),
    "tasks": (
        "Nhiệm vụ", "Tasks", ["kind", "deadline_type", "deadline_year"], {
            "text": ("Nội dung nhiệm vụ (nguyên văn)", "Task text as written"),
            "section": ("Mục trong văn bản", "Section path"),
            "deadline_text": ("Thời hạn (nguyên văn)", "Deadline as written"),
            "deadline_date": ("Thời hạn (ngày, để sắp xếp)", "Deadline date (ISO)"),
            "sources": ("Văn bản mà nhiệm vụ thực hiện", "Documents the task carries out"),
        }),
    "task_roles": (
        "Cơ quan chủ trì, phối hợp, báo cáo, thông qua", "Bodies and their role in a task",
        ["role", "inherited"], {
            "role": ("lead: chủ trì; coordinate: phối hợp; report_to: báo cáo; via: thông qua",
                     "lead, coordinate, report_to, via"),
            "text": ("Cơ quan (nguyên văn)", "Body as written"),
            "inherited": ("1: suy từ tiêu đề mục", "1: read from the heading above"),
        }),
    "bodies": ("Cơ quan, tổ chức", "Bodies", ["level", "is_group"], {
        "name": ("Tên", "Name"), "level": ("Cấp", "Level")}),
    "references": ("Trích dẫn văn bản khác", "References to other documents",
                   ["form", "status", "kind"], {
        "text": ("Trích dẫn (nguyên văn)", "Citation as written"),
        "target": ("Văn bản được trích dẫn", "Resolved document"),
        "status": ("resolved / ambiguous / unresolved", "Resolution status")}),
    "edges": ("Quan hệ trong đồ thị", "Graph edges", ["type", "method"], {
        "type": ("implements: thực hiện; cites: trích dẫn; derives_from: nhiệm vụ → văn bản",
                 "implements, cites, derives_from, roles")}),
    "alignments": (
        "Nhiệm vụ thực hiện đoạn nào của văn bản cấp trên", "Which passage a task carries out",
        ["reuse_class", "confident", "rank", "method"], {
            "passage_section": ("Mục của đoạn văn bản cấp trên", "Section of the passage"),
            "coverage": ("Tỷ lệ từ ngữ của nhiệm vụ có trong đoạn (0–1)",
                         "Share of the task's words the passage holds"),
            "reuse_class": ("verbatim: chép nguyên văn; adapted: cụ thể hóa; new: diễn đạt mới",
                            "verbatim, adapted or new"),
            "confident": ("1: đủ căn cứ để khẳng định", "1: the link is claimed")}),
    "problems": ("Những điểm cần lưu ý khi đọc văn bản", "What reading a document doubted",
                 ["code", "stage"], {}),
    "files": ("Tệp đã đọc", "Files read", ["format", "status", "role"], {}),
    "failures": ("Tệp không đọc được", "Files that failed", ["stage", "reason"], {}),
}

_DOCUMENT = "(select id from documents where id = :document or symbol = :document)"

# name → (title, description, SQL)
# the canned queries that can return thousands of rows show 200, from the `offset` field
_PAGE = "\nlimit 200 offset cast(coalesce(nullif(:offset, ''), '0') as integer)"

QUERIES: dict[str, tuple[str, str, str]] = {
    "implementing_tasks": (
        "Nhiệm vụ thực hiện một văn bản · Tasks implementing a document",
        "Mọi nhiệm vụ của các văn bản thực hiện văn bản này (qua mọi cấp), cơ quan chủ trì, thời "
        "hạn. document: số ký hiệu hoặc mã, ví dụ 187-KL/TW; offset: bỏ qua bao nhiêu dòng (200 "
        "dòng một trang) · 200 rows a page, offset for the next.", f"""
with recursive chain(id, depth) as (
  select id, 0 from documents where id in {_DOCUMENT}
  union select e.src, chain.depth + 1 from edges e join chain on e.dst = chain.id
  where e.type = 'implements' and chain.depth < 12)
select t.id as task, d.symbol, d.jurisdiction, chain.depth, t.section, t.text,
  (select group_concat(coalesce(b.name, r.text), '; ') from task_roles r
     left join bodies b on b.id = r.body_id where r.task_id = t.id and r.role = 'lead') as lead,
  t.deadline_text, t.deadline_date
from chain join documents d on d.id = chain.id join tasks t on t.document_id = d.id
where chain.depth > 0 order by chain.depth, d.jurisdiction, d.id, t.start""" + _PAGE),
    "task_chain": (
        "Chuỗi căn cứ của một nhiệm vụ · A task's chain to its central source",
        "Văn bản mà nhiệm vụ thực hiện, lên đến văn bản trung ương, với đoạn văn bản nó thực "
        "hiện. task: mã nhiệm vụ, ví dụ 96-KH/HU@2024-06-05#t3.", """
with recursive up(id, depth) as (
  select value, 0 from tasks, json_each(tasks.sources) where tasks.id = :task
  union select e.dst, up.depth + 1 from edges e join up on e.src = up.id
  where e.type = 'implements' and up.depth < 12)
select min(up.depth) as depth, d.id, d.symbol, d.kind, d.date, d.level, d.ingested,
  a.passage_section, substr(d.text, a.passage_start + 1, a.passage_end - a.passage_start)
    as passage, a.coverage, a.reuse_class
from up join documents d on d.id = up.id
left join alignments a on a.task_id = :task and a.target_document = d.id and a.rank = 1
  and a.confident = 1
group by d.id order by min(up.depth), case d.level when 'commune' then 0 when 'district' then 1
  when 'provincial' then 2 when 'central' then 3 else 4 end"""),
    "coverage_by_province": (
        "Tỉnh nào thực hiện văn bản · Coverage of a central document by province",
        "Mỗi địa bàn: số kế hoạch, số nhiệm vụ và số nội dung của văn bản được thực hiện.",
        f"""
select d.jurisdiction, count(distinct a.document_id) as plans,
  count(distinct a.task_id) as tasks, count(distinct a.passage_parent) as parts_carried_out
from alignments a join documents d on d.id = a.document_id
where a.target_document in {_DOCUMENT} and a.rank = 1 and a.confident = 1
group by d.jurisdiction order by tasks desc"""),
    "gaps": (
        "Nội dung chưa địa phương nào thực hiện · Tasks of a document no plan carries out",
        "Nhiệm vụ của văn bản mà không nhiệm vụ địa phương nào thực hiện.", f"""
select t.id, t.section, t.text from tasks t
where t.document_id in {_DOCUMENT} and not exists (
  select 1 from alignments a where a.target_document = t.document_id
  and a.passage_parent = t.id and a.rank = 1 and a.confident = 1)
order by t.start"""),
    "tasks_of_body": (
        "Nhiệm vụ của một cơ quan · Tasks a body leads or coordinates",
        "body: mã cơ quan, ví dụ hau-giang/btc; offset: 200 dòng một trang · 200 rows a page, "
        "offset for the next.", """
select r.role, t.id as task, t.document_id, t.text, t.deadline_text, t.deadline_date
from task_roles r join tasks t on t.id = r.task_id
where r.body_id = :body and r.role in ('lead', 'coordinate')
order by t.deadline_date is null, t.deadline_date, t.document_id""" + _PAGE),
    "deadlines": (
        "Thời hạn trong một khoảng · Deadlines in a window",
        "from, to: ngày ISO, ví dụ 2024-01-01 và 2024-12-31; offset: 200 dòng một trang · 200 "
        "rows a page, offset for the next.", """
select t.deadline_date, t.deadline_text, t.id as task, t.document_id, t.text
from tasks t where t.deadline_date between :from and :to
order by t.deadline_date, t.document_id""" + _PAGE),
    "most_cited": (
        "Văn bản được trích dẫn nhiều nhất · Most cited documents", "", """
select e.dst as document, d.symbol, d.kind, d.level, d.ingested,
  count(distinct e.src) as cited_by
from edges e join documents d on d.id = e.dst
where e.type = 'cites' group by e.dst order by cited_by desc limit 50"""),
    "most_implemented": (
        "Văn bản được thực hiện nhiều nhất · Most implemented documents", "", """
select e.dst as document, d.symbol, d.kind, d.level, count(distinct e.src) as implemented_by
from edges e join documents d on d.id = e.dst
where e.type = 'implements' group by e.dst order by implemented_by desc limit 50"""),
    "cited_not_ingested": (
        "Văn bản được trích dẫn nhưng chưa có toàn văn · Cited but not ingested", "", """
select d.id, d.symbol, d.kind, d.level, count(distinct e.src) as cited_by
from documents d join edges e on e.dst = d.id and e.type in ('cites', 'implements')
where d.ingested = 0 group by d.id order by cited_by desc limit 200"""),
}


def metadata(database: str) -> dict[str, Any]:
    """Datasette's metadata for a store whose file is `database`.db."""
    tables: dict[str, Any] = {}
    for table, (vi, en, facets, columns) in TABLES.items():
        tables[table] = {"title": f"{vi} · {en}", "description": en, "facets": facets,
                         "columns": {c: f"{v} · {e}" for c, (v, e) in columns.items()}}
    tables["tasks"].update({"fts_table": "tasks_fts", "fts_pk": "rowid", "searchmode": "raw"})
    queries = {name: {"title": title, "description": description, "sql": sql.strip()}
               for name, (title, description, sql) in QUERIES.items()}
    return {
        "title": "Văn bản chỉ đạo thành dữ liệu · Vietnamese directives as data",
        "description_html": "Nhiệm vụ, cơ quan chủ trì, thời hạn và chuỗi căn cứ đến văn bản "
                            "trung ương · Tasks, bodies, deadlines and their chain to the central "
                            "source. <a href=\"/-/search\">Tìm nhiệm vụ · Search tasks</a>",
        "source": "vn-directives-pipeline", "license": "MIT",
        "databases": {database: {"tables": tables, "queries": queries}},
    }


# where the workbench's own scripts and the vendored graph library are served (no CDN: the
# pages work offline); under Datasette's `/-/` so no database name can take the path
STATIC_MOUNT = "-/workbench"


def serve(db_path: Path, host: str = "127.0.0.1", port: int = 8001) -> int:
    """Run Datasette on the store until it is stopped; returns its exit code."""
    with tempfile.TemporaryDirectory(prefix="vndoc-serve-") as folder:
        meta = Path(folder) / "metadata.json"
        meta.write_text(json.dumps(metadata(db_path.stem), ensure_ascii=False, indent=1),
                        encoding="utf-8")
        web = Path(__file__).parent / "web"
        command = [sys.executable, "-m", "datasette", "serve", str(db_path), "--metadata",
                   str(meta), "--host", host, "--port", str(port),
                   "--plugins-dir", str(web / "plugins"), "--template-dir", str(web / "templates"),
                   "--static", f"{STATIC_MOUNT}:{web / 'static'}",
                   "--setting", "default_page_size", "50", "--setting", "sql_time_limit_ms",
                   "3000"]
        server = subprocess.Popen(command)
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            # stopping `serve` stops Datasette: no server left holding the port
            signal.signal(signum, lambda number, _: server.send_signal(number))
        return server.wait()
