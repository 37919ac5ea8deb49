"""Ingestion and extraction throughput, with peak memory, as a markdown table.

    .venv/bin/python benchmarks/bench_ingest.py [--repeat 3] [--skip-laws] [--output out.json]

Workloads: the sample PDF (and the same PDF concatenated 30 times, built with pypdfium2 in a temp
folder) read by our reader (pypdfium2 text layer) and by pdfplumber's `extract_text()`; the TXT,
MD and DOCX samples; the 216 files of `official-2025/` and the 208 laws of the shared corpus
(`PIPELINE_SHARED`, default `../shared`), ingested, then extracted.

Each workload runs in its own child process so that `maxrss` (resource.getrusage) is its own;
times are the best of `--repeat` runs; `peak traced` is tracemalloc's peak over one more run
(tracing slows the code, so it is never timed). `maxrss` includes the interpreter and the
imported libraries (`baseline` in the notes under the table).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpora" / "samples"
SHARED = Path(os.environ.get("PIPELINE_SHARED", REPO / ".." / "shared"))
PDF = SAMPLES / "kh-96-hu.pdf"
COPIES = 30
MIN_ROUND = 0.3  # seconds: small workloads are repeated inside a round to last at least this

sys.path.insert(0, str(REPO))


@dataclass
class Row:
    workload: str
    what: str
    docs: int = 0
    pages: int = 0
    megabytes: float = 0.0  # input size of one round
    rounds: int = 1  # rounds of the workload in one timing (small workloads are repeated)
    seconds: float = 0.0
    peak_traced_mb: float = 0.0
    maxrss_mb: float = 0.0
    baseline_rss_mb: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def mb_per_second(self) -> str:
        return self.rate(self.megabytes * self.rounds)

    def rate(self, amount: float) -> str:
        return f"{amount / self.seconds:,.1f}" if self.seconds and amount else "–"


# --------------------------------------------------------------------------- workloads
def _files(kind: str, pdf_copies: Path | None) -> list[Path]:
    if kind == "pdf-sample":
        return [PDF]
    if kind == f"pdf-x{COPIES}":
        assert pdf_copies is not None
        return [pdf_copies]
    if kind in {"txt-sample", "md-sample", "docx-sample"}:
        suffix = "." + kind.split("-")[0]
        return sorted(p for p in SAMPLES.iterdir() if p.suffix == suffix)
    folder = SHARED / "corpus" / kind
    if not folder.is_dir():
        raise SystemExit(f"{folder} not found: set PIPELINE_SHARED to the shared/ folder")
    return sorted(p for p in folder.iterdir() if p.is_file())


def _ours(files: list[Path]) -> Callable[[], tuple[int, int]]:
    from pipeline import ingest

    def run() -> tuple[int, int]:
        return len(files), sum(ingest(path).pages for path in files)

    return run


def _pdfplumber(files: list[Path]) -> Callable[[], tuple[int, int]]:
    import pdfplumber

    def run() -> tuple[int, int]:
        pages = 0
        for path in files:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    pages += 1
        return len(files), pages

    return run


def _extract(files: list[Path], stages: tuple[str, ...] | None
             ) -> Callable[[], tuple[int, int, float]]:
    """Extract every file; return the documents, 0 pages and the seconds spent in `stages` (all
    stages when None), ingestion excluded."""
    from pipeline import ingest
    from pipeline.extract import extract_timed

    sources = [ingest(path) for path in files]

    def run() -> tuple[int, int, float]:
        spent = 0.0
        for source in sources:
            _, laps = extract_timed(source)
            spent += sum(seconds for name, seconds in laps if stages is None or name in stages)
        return len(sources), 0, spent

    return run


CORE = ("clean", "segment", "references")
WORKLOADS: dict[str, tuple[str, str, str]] = {
    # name: (files, what, runner)
    "pdf-sample/ours": ("pdf-sample", "PDF ingest, ours (pypdfium2)", "ours"),
    "pdf-sample/pdfplumber": ("pdf-sample", "PDF pdfplumber extract_text()", "pdfplumber"),
    f"pdf-x{COPIES}/ours": (f"pdf-x{COPIES}", "PDF ingest, ours (pypdfium2)", "ours"),
    f"pdf-x{COPIES}/pdfplumber": (f"pdf-x{COPIES}", "PDF pdfplumber extract_text()", "pdfplumber"),
    "txt-sample": ("txt-sample", "TXT ingest", "ours"),
    "md-sample": ("md-sample", "MD ingest", "ours"),
    "docx-sample": ("docx-sample", "DOCX ingest", "ours"),
    "official-2025/ingest": ("official-2025", "MD ingest", "ours"),
    "official-2025/core": ("official-2025", "clean+segment+references", "core"),
    "official-2025/extract": ("official-2025", "full extract (+bodies, tasks)", "extract"),
    "laws/ingest": ("laws", "TXT ingest", "ours"),
    "laws/core": ("laws", "clean+segment+references", "core"),
    "laws/extract": ("laws", "full extract (+bodies, tasks)", "extract"),
}


def measure(name: str, repeat: int, pdf_copies: Path | None) -> Row:
    """Run one workload in this process (the child)."""
    kind, what, runner = WORKLOADS[name]
    files = _files(kind, pdf_copies)
    row = Row(kind, what, megabytes=sum(p.stat().st_size for p in files) / 1e6)
    import pdfplumber  # noqa: F401  (every child imports the same, so baselines compare)

    import pipeline.extract  # noqa: F401

    row.baseline_rss_mb = _maxrss_mb()
    work: Callable[[], object]
    if runner in {"ours", "pdfplumber"}:
        work = (_ours if runner == "ours" else _pdfplumber)(files)
        row.rounds, timed = _timed_ingest(work)
    else:
        work = timed = _extract(files, CORE if runner == "core" else None)
    results = [timed() for _ in range(repeat)]
    row.docs, row.pages, row.seconds = min(results, key=lambda result: result[2])
    if not kind.startswith("pdf"):
        row.pages = 0  # pages of a text file mean nothing
    tracemalloc.start()
    work()
    row.peak_traced_mb = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    row.maxrss_mb = _maxrss_mb()
    if row.rounds > 1:
        row.notes.append(f"{row.rounds} rounds of {len(files)} file(s) per timing")
    return row


def _timed_ingest(work: Callable[[], tuple[int, int]]
                  ) -> tuple[int, Callable[[], tuple[int, int, float]]]:
    """Repeat a small workload inside one timing so that it lasts at least MIN_ROUND seconds."""
    work()  # warm up: lazy imports, caches
    start = time.perf_counter()
    work()
    rounds = max(1, int(MIN_ROUND / max(time.perf_counter() - start, 1e-6)))

    def timed() -> tuple[int, int, float]:
        docs = pages = 0
        start = time.perf_counter()
        for _ in range(rounds):
            done, read = work()
            docs, pages = docs + done, pages + read
        return docs, pages, time.perf_counter() - start

    return rounds, timed


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --------------------------------------------------------------------------- parent
def concatenated_pdf(folder: Path, copies: int = COPIES) -> Path:
    """The sample PDF `copies` times over, built with pypdfium2."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(PDF))
    target = pdfium.PdfDocument.new()
    for _ in range(copies):
        target.import_pages(source)
    path = folder / f"kh-96-hu-x{copies}.pdf"
    target.save(str(path))
    target.close()
    source.close()
    return path


def run_child(name: str, repeat: int, pdf_copies: Path) -> Row:
    command = [sys.executable, __file__, "--child", name, "--repeat", str(repeat),
               "--pdf-copies", str(pdf_copies)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stderr}")
    return Row(**json.loads(done.stdout))


def table(rows: list[Row]) -> str:
    lines = [
        "| workload | what | docs | pages | MB | best s | docs/s | pages/s | MB/s "
        "| peak traced MB | maxrss MB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.workload} | {row.what} | {row.docs:,} | {row.pages or '–'} "
            f"| {row.megabytes:.2f} | {row.seconds:.3f} | {row.rate(row.docs)} "
            f"| {row.rate(row.pages)} | {row.mb_per_second} "
            f"| {row.peak_traced_mb:.1f} | {row.maxrss_mb:.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per workload (best kept)")
    parser.add_argument("--skip-laws", action="store_true", help="leave out the 208 laws (slow)")
    parser.add_argument("--only", nargs="*", choices=sorted(WORKLOADS), help="these workloads only")
    parser.add_argument("--output", type=Path, help="also write the rows as JSON")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--pdf-copies", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(asdict(measure(args.child, args.repeat, args.pdf_copies))))
        return 0
    names = args.only or [n for n in WORKLOADS if not (args.skip_laws and n.startswith("laws/"))]
    with tempfile.TemporaryDirectory() as folder:
        pdf_copies = concatenated_pdf(Path(folder))
        rows = []
        for name in names:
            print(f"running {name} ...", file=sys.stderr, flush=True)
            rows.append(run_child(name, args.repeat, pdf_copies))
    print(table(rows))
    baseline = min(row.baseline_rss_mb for row in rows)
    print(f"\nBest of {args.repeat} timed runs. Baseline maxrss of a child (interpreter, pypdfium2, "
          f"pdfplumber and the pipeline imported, before any work): {baseline:.0f} MB.")
    for row in rows:
        for note in row.notes:
            print(f"- {row.workload} / {row.what}: {note}")
    if args.output:
        args.output.write_text(json.dumps([asdict(row) for row in rows], indent=2,
                                          ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
