"""Ruled-table PDFs for the table benchmarks and comparisons, built when needed (never committed).

    .venv/bin/python benchmarks/ruled_pdfs.py OUT [--docs 4] [--rows 80] [--seed 1]

Each document is a plan whose task table fills most of its pages, as the plans of the corpus have
them: a bold header row repeated on every page, section rows merged across all five columns
(`I. ...`), lead bodies merged down over the tasks they lead, several paragraphs in some cells,
tasks long enough to wrap. It is written with python-docx and converted by LibreOffice
(`soffice --headless --convert-to pdf`, a throw-away profile), which draws the table's rules as
lines. Texts are the project's own fictional samples (`corpora/sources`): task sentences, body names
of `corpora/kb/bodies.jsonl`, deadlines; half the documents are landscape.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "corpora" / "sources"
BODIES = REPO / "corpora" / "kb" / "bodies.jsonl"
HEADER = ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp",
          "Thời gian hoàn thành")
WIDTHS_CM = (1.3, 7.0, 3.2, 3.6, 2.4)
DEADLINES = ("Quý I/2025", "Quý III/2025", "trước ngày 31/12/2025", "Hằng năm", "Thường xuyên",
             "Tháng 6/2025", "Năm 2025-2026")
SECTIONS = ("NHIỆM VỤ CHUNG", "CÔNG TÁC TUYÊN TRUYỀN", "HOÀN THIỆN THỂ CHẾ", "HẠ TẦNG SỐ",
            "NGUỒN NHÂN LỰC", "KIỂM TRA, GIÁM SÁT")
ROMAN = ("I", "II", "III", "IV", "V", "VI")


def task_texts() -> list[str]:
    """Sentences of the samples' sources that read as tasks (bullets, numbered items, rows)."""
    texts = []
    for source in sorted(SOURCES.glob("*.txt")):
        for line in source.read_text(encoding="utf-8").splitlines():
            line = re.sub(r"\*\*|(?<!\w)_|_(?!\w)", "", line.strip())
            if line.startswith(("- ", "#. ")):
                texts.append(line.split(" ", 1)[1])
            elif line.startswith("| ") and line.count("|") == 6 and not line.startswith("| STT"):
                texts.append(line.split("|")[2].strip())
    return [text for text in texts if len(text) > 40]


def body_names() -> list[str]:
    names = [json.loads(line)["name"] for line in BODIES.read_text(encoding="utf-8").splitlines()]
    return [name for name in names if 8 < len(name) < 60]


def build(folder: Path, docs: int = 4, rows: int = 80, seed: int = 1) -> list[Path]:
    """`docs` ruled-table PDFs of about `rows` tasks each in `folder`; their paths."""
    rng = random.Random(seed)
    tasks, bodies = task_texts(), body_names()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ruled-docx-") as scratch:
        sources = []
        for number in range(docs):
            path = Path(scratch) / f"ruled-{number + 1:02d}.docx"
            plan(rng, tasks, bodies, rows, landscape=number % 2 == 1).save(str(path))
            sources.append(path)
        convert(sources, folder, Path(scratch) / "profile")
    return [folder / f"{path.stem}.pdf" for path in sources]


def plan(rng: random.Random, tasks: list[str], bodies: list[str], rows: int,
         landscape: bool) -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    else:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    doc.add_paragraph("KẾ HOẠCH").runs[0].bold = True
    doc.add_paragraph(rng.choice(tasks))
    _task_table(doc, rng, tasks, bodies, rows, scale=1.35 if landscape else 1.0)
    doc.add_paragraph(rng.choice(tasks))
    return doc


def _task_table(doc: Document, rng: random.Random, tasks: list[str], bodies: list[str],
                rows: int, scale: float) -> None:
    table = doc.add_table(rows=1, cols=len(HEADER))
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    _repeat_header(table.rows[0])
    number = 0
    sections = iter(zip(ROMAN, SECTIONS, strict=True))
    while number < rows:
        if number % 15 == 0:
            _section_row(table, *next(sections, ("", "NHIỆM VỤ KHÁC")))
        lead_rows = rng.choice((1, 1, 2, 3))
        lead = rng.choice(bodies)
        first = None
        for _ in range(lead_rows):
            number += 1
            cells = table.add_row().cells
            cells[0].text = str(number)
            cells[1].text = rng.choice(tasks)
            cells[3].text = "; ".join(rng.sample(bodies, rng.choice((1, 2, 3))))
            if rng.random() < 0.2:
                cells[3].add_paragraph("- " + rng.choice(bodies))
            cells[4].text = rng.choice(DEADLINES)
            if first is None:
                first = cells[2]
                first.text = lead
            else:
                first = first.merge(cells[2])  # lead body merged down over its tasks
    _widths(table, [width * scale for width in WIDTHS_CM])


def _widths(table: object, widths: list[float]) -> None:
    """Fixed column widths: Word honours the cells' widths, LibreOffice the grid's."""
    table.autofit = False  # type: ignore[attr-defined]
    for row in table.rows:  # type: ignore[attr-defined]
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    for column, width in zip(table.columns, widths, strict=True):  # type: ignore[attr-defined]
        column.width = Cm(width)


def _section_row(table: object, roman: str, title: str) -> None:
    cells = table.add_row().cells  # type: ignore[attr-defined]
    merged = cells[0].merge(cells[-1])
    merged.text = ""
    merged.paragraphs[0].add_run(f"{roman}. {title}".lstrip(". ")).bold = True


def _repeat_header(row: object) -> None:
    """Word's `tblHeader`: LibreOffice repeats the row at the top of every page."""
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def convert(sources: list[Path], folder: Path, profile: Path) -> None:
    """LibreOffice, headless, with its own profile (another soffice may be running)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("soffice not found: apt-get install libreoffice-writer-nogui")
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), *map(str, sources)],
                   check=True, capture_output=True, timeout=600)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=4)
    parser.add_argument("--rows", type=int, default=80)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    for path in build(args.out, args.docs, args.rows, args.seed):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
