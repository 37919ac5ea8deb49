"""Ruled-table PDFs read with their tables by PDFium against pdfplumber, side by side.

    .venv/bin/python benchmarks/bench_pdf_tables.py [--docs 4] [--rows 80] [--repeat 3]
        [--baseline 0370170] [--output out.json]

Workloads (built in a temporary folder, never kept):

* `generated`: `--docs` plans whose task tables fill their pages (`ruled_pdfs.py`: python-docx,
  converted by LibreOffice), every page ruled;
* `dev ruled pages`: the ruled pages of the dev corpus's PDFs (`PIPELINE_SHARED`/corpus/
  dev-2026-12) with a good text layer, copied into one PDF by pypdfium2;
* `sample ×30`: the sample PDF 30 times over (`bench_ingest.py`'s), no page ruled: what the
  reader's new walk over a page's objects costs a page without tables.

Each is ingested by `read_pdf` four ways, in turn, in fresh one-core processes, `--repeat`
rounds: the code of `--baseline` (a commit, exported with `git archive`: what ran before),
today's code with `tables_by="pdfplumber"`, today's code (tables from PDFium), and today's code
reading no table at all (no page taken for ruled: the floor, PDFium's text). OCR is off (no
page needs it). A round times one pass after a warm-up pass; the best round is kept and every
round is listed. Then the tables alone, per ruled page: pdfplumber's `extract_tables()` against
`pdf_tables.read_tables()` (text page and objects already read), best of `--repeat`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

from benchlib import (
    CORPUS,
    REPO,
    child_input,
    exclusive,
    log,
    machine,
    one_core,
    run_child,
    table,
    write_json,
)

DEV = CORPUS / "dev-2026-12"
COPIES = 30
WAYS = ("baseline", "pdfplumber", "pdfium", "no tables")


# --------------------------------------------------------------------------- workloads
def dev_ruled_pages(out: Path) -> Path | None:
    """The dev corpus's ruled pages with a good text layer, in one PDF (None without the
    corpus)."""
    import pypdfium2 as pdfium

    from pipeline.readers.pdf import _RULINGS
    from pipeline.readers.pdf_tables import scan_objects
    from pipeline.readers.quality import is_garbled

    if not DEV.is_dir():
        log(f"{DEV} not found (set PIPELINE_SHARED): the dev corpus is left out")
        return None
    target = pdfium.PdfDocument.new()
    for path in sorted(DEV.rglob("*.pdf")):
        source = pdfium.PdfDocument(str(path))
        keep = []
        for index in range(len(source)):
            page = source[index]
            text = page.get_textpage().get_text_range()
            if (scan_objects(page).counted_paths >= _RULINGS and len(text.strip()) > 300
                    and not is_garbled(text)):
                keep.append(index)
        if keep:
            target.import_pages(source, keep)
        source.close()
    target.save(str(out))
    target.close()
    return out


def concatenated_pdf(folder: Path) -> Path:
    from bench_ingest import concatenated_pdf as build

    return build(folder, COPIES)


def generated(folder: Path, docs: int, rows: int) -> list[Path]:
    from ruled_pdfs import build

    return build(folder, docs=docs, rows=rows)


# --------------------------------------------------------------------------- children
def child_ingest(spec: dict[str, Any]) -> dict[str, Any]:
    """One timed pass of `read_pdf` over the files (after a warm-up pass), in this process."""
    if spec["package"]:
        sys.path.insert(0, spec["package"])
    one_core()
    import pipeline.readers.pdf as reader
    from pipeline.readers.limits import Limits

    reader.ocr_available = lambda: False  # type: ignore[attr-defined]
    options = {"tables_by": spec["way"]} if spec["way"] in ("pdfplumber", "pdfium") else {}
    if spec["way"] == "no tables":
        reader._RULINGS = sys.maxsize  # type: ignore[attr-defined]
    files = [(path, Path(path).read_bytes()) for path in spec["files"]]

    def run() -> tuple[int, int]:
        pages = tables = 0
        for path, data in files:
            document = reader.read_pdf(path, data, "", Limits(), **options)
            pages, tables = pages + document.pages, tables + len(document.tables)
        return pages, tables

    run()
    start = time.perf_counter()
    pages, tables = run()
    seconds = time.perf_counter() - start
    by = dict(getattr(reader, "TABLE_PAGES", {}))
    return {"seconds": seconds, "pages": pages, "tables": tables, "by": by,
            "module": reader.__file__}


def child_tables(spec: dict[str, Any]) -> dict[str, Any]:
    """Per ruled page, the tables alone: pdfplumber's against PDFium's (best of `repeat`)."""
    one_core()
    import pdfplumber
    import pypdfium2 as pdfium

    from pipeline.readers.pdf import _RULINGS
    from pipeline.readers.pdf_tables import read_tables, scan_objects

    plumber = pdfium_time = 0.0
    ruled = 0
    for path in spec["files"]:
        document = pdfium.PdfDocument(path)
        with pdfplumber.open(path) as plumbed:
            for index in range(len(document)):
                page = document[index]
                textpage = page.get_textpage()
                objects = scan_objects(page)
                if objects.counted_paths < _RULINGS:
                    continue
                ruled += 1
                pdfium_time += _best(spec["repeat"], partial(read_tables, page, textpage, objects))
                plumber += _best(spec["repeat"], partial(_fresh_tables, plumbed, index))
        document.close()
    return {"ruled": ruled, "pdfplumber_s": plumber, "pdfium_s": pdfium_time}


def _fresh_tables(pdf: Any, index: int) -> Any:
    """pdfplumber's tables of a page as the reader asks for them (a page object it has not
    parsed yet: pdfplumber caches a page's objects)."""
    page = pdf.pages[index]
    tables = page.extract_tables()
    page.close()
    return tables


def _best(repeat: int, work: Any) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


# --------------------------------------------------------------------------- parent
def export(commit: str, folder: Path) -> Path:
    """The `pipeline` package of a commit, exported next to nothing else."""
    archive = subprocess.run(["git", "archive", commit, "pipeline"], cwd=REPO, check=True,
                             capture_output=True).stdout
    folder.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def measure(name: str, files: list[Path], repeat: int, baseline: Path | None) -> dict[str, Any]:
    """The three ways in turn, `repeat` rounds; then the tables alone."""
    rounds: dict[str, list[dict[str, Any]]] = {way: [] for way in WAYS}
    for _ in range(repeat):
        for way in WAYS:
            if way == "baseline" and baseline is None:
                continue
            spec = {"files": [str(p) for p in files], "way": way,
                    "package": str(baseline) if way == "baseline" else ""}
            with child_input(spec) as path:
                rounds[way].append(run_child(Path(__file__), ["--child-ingest", str(path)]))
    with child_input({"files": [str(p) for p in files], "repeat": repeat}) as path:
        alone = run_child(Path(__file__), ["--child-tables", str(path)])
    return {"name": name, "rounds": rounds, "tables": alone}


def rows(results: list[dict[str, Any]]) -> list[list[Any]]:
    out = []
    for result in results:
        best = {way: min(r["seconds"] for r in runs)
                for way, runs in result["rounds"].items() if runs}
        any_round = next(runs[0] for runs in result["rounds"].values() if runs)
        pages = any_round["pages"]
        rates = {way: pages / seconds for way, seconds in best.items()}
        every = {way: ", ".join(f"{pages / r['seconds']:.1f}" for r in runs)
                 for way, runs in result["rounds"].items() if runs}
        alone = result["tables"]
        before = rates.get("baseline", rates["pdfplumber"])
        out.append([result["name"], pages, alone["ruled"], any_round["tables"],
                    _rate(rates, "baseline"), _rate(rates, "pdfplumber"), _rate(rates, "pdfium"),
                    _rate(rates, "no tables"), f"{rates['pdfium'] / before:.1f}×",
                    "; ".join(f"{way} {text}" for way, text in every.items()),
                    _per_page(alone["pdfplumber_s"], alone["ruled"], 1),
                    _per_page(alone["pdfium_s"], alone["ruled"], 2)])
    return out


def _per_page(seconds: float, pages: int, digits: int) -> str:
    return f"{1000 * seconds / pages:.{digits}f}" if pages else "–"


def _rate(rates: dict[str, float], way: str) -> str:
    return f"{rates[way]:.1f}" if way in rates else "–"


HEADERS = ["workload", "pages", "ruled pages", "tables", "before (baseline) pages/s",
           "tables_by=pdfplumber pages/s", "tables by PDFium pages/s", "no tables pages/s",
           "PDFium ÷ before", "pages/s of each round", "pdfplumber tables ms/ruled page",
           "PDFium tables ms/ruled page"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=4, help="generated ruled-table PDFs")
    parser.add_argument("--rows", type=int, default=80, help="tasks in each")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", help="a commit whose reader ran before (git archive)")
    parser.add_argument("--output", type=Path, help="also write the results as JSON")
    parser.add_argument("--child-ingest", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-tables", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    for flag, child in ((args.child_ingest, child_ingest), (args.child_tables, child_tables)):
        if flag:
            print(json.dumps(child(json.loads(flag.read_text(encoding="utf-8")))))
            return 0
    with exclusive(), tempfile.TemporaryDirectory(prefix="bench-tables-") as scratch:
        folder = Path(scratch)
        baseline = export(args.baseline, folder / "baseline") if args.baseline else None
        facts = machine()
        started = time.perf_counter()
        workloads = [(f"generated ({args.docs} plans)", generated(folder / "ruled", args.docs,
                                                                  args.rows))]
        dev = dev_ruled_pages(folder / "dev-ruled.pdf")
        if dev is not None:
            workloads.append(("dev ruled pages", [dev]))
        workloads.append((f"sample ×{COPIES}", [concatenated_pdf(folder)]))
        results = []
        for name, files in workloads:
            log(f"running {name} ...")
            results.append(measure(name, files, args.repeat, baseline))
    print(table(HEADERS, rows(results), [False, *[True] * 8, False, True, True]))
    print(f"\n`bench_pdf_tables.py --docs {args.docs} --rows {args.rows} --repeat {args.repeat}"
          f"{' --baseline ' + args.baseline if args.baseline else ''}`, {facts['date']}, "
          f"commit {facts['commit']}, load average {facts['load average']} at the start, "
          f"{time.perf_counter() - started:.0f} s.")
    for result in results:
        by = result["rounds"]["pdfium"][-1]["by"]
        print(f"- {result['name']}: ruled pages read by "
              + (", ".join(f"{how} {n}" for how, n in sorted(by.items())) or "none")
              + " (two passes)")
    write_json(args.output, {"machine": facts, "results": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
