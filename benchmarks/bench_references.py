"""Reference extraction and resolution throughput (MB/s) on one core, with peak memory.

    .venv/bin/python benchmarks/bench_references.py [--repeat 3] [--generated-mb 20] [--profile]
        [--workloads laws web generated] [--measures clean+segment+refs "refs only" ...]

Workloads: the 208 laws of the shared corpus (~24 MB), its 216 web copies (`official-2025`,
~5.6 MB) and a generated corpus of at least `--generated-mb` MB (`generate.py --mode flat`);
`--workloads` picks some. Three measures on each (`--measures` picks some):

* `clean+segment+refs`: the stages the orchestrator (`pipeline.extract`) runs before the bodies
  stage, called one by one as it calls them: clean → metadata → outline → references (finding)
  → resolve, with a fresh knowledge-base overlay per document. The time is the sum of the
  `clean`, `segment` (metadata + outline) and `references` (finding + resolution) laps.
* `refs only`: the references and resolve stages alone (`find_references` then `resolve_all`,
  with `resources.kb.overlay()`), on the clean texts and metadata prepared beforehand (not timed).
* `refs only, grown KB`: the same with a knowledge base that first learned every full citation of
  the workload (thousands of documents instead of the 355 of `corpora/kb`; each document gets an
  overlay of it): the knowledge-base look-ups must not slow the stage down as the base grows.

Beside each figure, its anchor measured in the same child: one pass of the symbol regex
(`pipeline.symbols.SYMBOL.finditer`, every match taken) over the same texts, best of `--repeat`;
`÷ regex` is the measure's MB/s over the anchor's, the figure to compare across machines and days.

Inputs are read (ingested) before timing; MB are the UTF-8 bytes of the files. Each workload runs in
a fresh child process pinned to one CPU; times are the best of `--repeat` passes after one warm-up
pass over a few documents; `peak traced` is tracemalloc's peak during one more (untimed) pass, above
the inputs already in memory; `maxrss` is the child's peak resident size (interpreter, libraries
and inputs included). `--profile` adds the functions with most own time under cProfile.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchlib import (
    OUTPUTS,
    child_input,
    exclusive,
    generated_corpus,
    log,
    maxrss_mb,
    one_core,
    profile_top,
    real_folder,
    run_child,
    table,
    text_files,
    write_json,
)

TARGET_MB_S = 10.0
STAGES = ("clean", "segment", "references")
MEASURES = ("clean+segment+refs", "refs only", "refs only, grown KB")


@dataclass
class Row:
    workload: str
    measure: str
    docs: int = 0
    megabytes: float = 0.0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # CPU time of the best pass: far below `seconds` means contention
    stage_seconds: dict[str, float] = field(default_factory=dict)
    peak_traced_mb: float = 0.0
    maxrss_mb: float = 0.0
    references: int = 0
    kb_documents: int = 0  # documents the knowledge base knows during the timed passes
    anchor_seconds: float = 0.0  # one symbol-regex pass over the same texts (best)
    profile: str | None = None

    @property
    def mb_per_s(self) -> float:
        return self.megabytes / self.seconds if self.seconds else 0.0

    @property
    def anchor_mb_per_s(self) -> float:
        return self.megabytes / self.anchor_seconds if self.anchor_seconds else 0.0

    @property
    def ratio(self) -> float:
        """The measure's speed as a share of one regex pass over the same text."""
        return self.mb_per_s / self.anchor_mb_per_s if self.anchor_mb_per_s else 0.0


# --------------------------------------------------------------------------- child
def pipeline_pass(sources: list[Any]) -> tuple[float, dict[str, float], int]:
    """clean → metadata → outline → references → resolve, stage by stage as `extract` runs them."""
    from pipeline.extract import _not_outline
    from pipeline.resources import load_resources
    from pipeline.stages.clean import clean
    from pipeline.stages.metadata import read_metadata
    from pipeline.stages.outline import segment
    from pipeline.stages.references import find_references
    from pipeline.stages.resolve import resolve_all

    resources = load_resources()
    laps: dict[str, float] = dict.fromkeys(STAGES, 0.0)
    found = 0
    for source in sources:
        kb = resources.kb.overlay()
        started = time.perf_counter()
        cleaned = clean(source)
        cleaned_at = time.perf_counter()
        meta = read_metadata(cleaned.text, source.sha256, kb, resources.gazetteer)
        segment(cleaned.text, body_end=meta.body_end, skip=_not_outline(cleaned, meta),
                closing_start=meta.closing_start)
        segmented_at = time.perf_counter()
        references = find_references(cleaned, meta, kb)
        resolve_all(references, cleaned.text, kb, meta)
        done = time.perf_counter()
        found += len(references)
        laps["clean"] += cleaned_at - started
        laps["segment"] += segmented_at - cleaned_at
        laps["references"] += done - segmented_at
    return sum(laps.values()), laps, found


def regex_pass(texts: list[str]) -> float:
    """The anchor: one pass of the symbol regex over every text, each match taken (seconds)."""
    from pipeline.symbols import SYMBOL

    started = time.perf_counter()
    for text in texts:
        for _ in SYMBOL.finditer(text):
            pass
    return time.perf_counter() - started


def prepare(sources: list[Any]) -> list[tuple[Any, Any]]:
    """The (cleaned, meta) the references stage is given, per document."""
    from pipeline.resources import load_resources
    from pipeline.stages.clean import clean
    from pipeline.stages.metadata import read_metadata

    resources = load_resources()
    prepared = []
    for source in sources:
        cleaned = clean(source)
        prepared.append((cleaned, read_metadata(cleaned.text, source.sha256,
                                                resources.kb.overlay(), resources.gazetteer)))
    return prepared


def references_pass(prepared: list[tuple[Any, Any]], grown: Any = None
                    ) -> tuple[float, dict[str, float], int]:
    """The references and resolve stages on every document, each with a base of its own: an
    overlay of the resources' base, or of `grown`."""
    from pipeline.resources import load_resources
    from pipeline.stages.references import find_references
    from pipeline.stages.resolve import resolve_all

    base = grown if grown is not None else load_resources().kb
    found = 0
    started = time.perf_counter()
    for cleaned, meta in prepared:
        kb = base.overlay()
        references = find_references(cleaned, meta, kb)
        resolve_all(references, cleaned.text, kb, meta)
        found += len(references)
    seconds = time.perf_counter() - started
    return seconds, {"references": seconds}, found


def grown_kb(prepared: list[tuple[Any, Any]]) -> Any:
    """The default base after learning every full citation of the workload (not timed)."""
    from pipeline.resources import load_resources
    from pipeline.stages.references import find_references
    from pipeline.stages.resolve import resolve_all

    grown = load_resources().kb.overlay()
    for cleaned, meta in prepared:
        resolve_all(find_references(cleaned, meta, grown), cleaned.text, grown, meta)
    return grown


def measure(workload: str, files: list[Path], measure_name: str, repeat: int, profile: bool) -> Row:
    """Run in the child: read the inputs, warm up, time `repeat` passes, trace one."""
    from pipeline import ingest

    one_core()
    sources = [ingest(path) for path in files]
    row = Row(workload, measure_name, docs=len(sources),
              megabytes=sum(len(s.text.encode("utf-8")) for s in sources) / 1e6)
    work: Callable[[], tuple[float, dict[str, float], int]]
    if measure_name.startswith("refs only"):
        from pipeline.resources import load_resources

        prepared = prepare(sources)
        grown = grown_kb(prepared) if measure_name == "refs only, grown KB" else None
        row.kb_documents = len((grown or load_resources().kb).documents)
        references_pass(prepared[:3], grown)  # warm-up: lazy imports, compiled patterns, laws
        work = lambda: references_pass(prepared, grown)  # noqa: E731
    else:
        pipeline_pass(sources[:3])
        work = lambda: pipeline_pass(sources)  # noqa: E731
    runs = [_with_cpu(work) for _ in range(repeat)]
    (row.seconds, row.stage_seconds, row.references), row.cpu_seconds = min(
        runs, key=lambda run: run[0][0])
    texts = [source.text for source in sources]
    row.anchor_seconds = min(regex_pass(texts) for _ in range(repeat))
    tracemalloc.start()
    work()
    row.peak_traced_mb = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    row.maxrss_mb = maxrss_mb()
    if profile:
        row.profile = _profile(work, f"references-{workload}-{measure_name.replace(' ', '-')}")
    return row


def _with_cpu(work: Callable[[], tuple[float, dict[str, float], int]]
              ) -> tuple[tuple[float, dict[str, float], int], float]:
    started = time.process_time()
    result = work()
    return result, time.process_time() - started


def _profile(work: Callable[[], object], name: str) -> str:
    slug = "-".join("".join(c if c.isalnum() else " " for c in name).split())
    path = OUTPUTS / f"profile-{slug}.pstats"
    path.parent.mkdir(parents=True, exist_ok=True)
    profiler = cProfile.Profile()
    profiler.runcall(work)
    profiler.dump_stats(str(path))
    return profile_top(path)


# --------------------------------------------------------------------------- parent
WORKLOADS = ("laws", "web", "generated")


def workloads(generated_mb: float, chosen: tuple[str, ...] = WORKLOADS
              ) -> dict[str, list[Path]]:
    """The files of each chosen workload: `laws`, `web` (the web copies), `generated`."""
    found: dict[str, list[Path]] = {}
    if "laws" in chosen:
        found["laws"] = text_files(real_folder("laws"))
    if "web" in chosen:
        found["web copies"] = text_files(real_folder("official-2025"))
    if "generated" in chosen:
        docs = max(100, int(generated_mb * 1e6 / 9_000) + 1)  # the samples average ~9.5 kB
        generated = text_files(generated_corpus(docs, mode="flat"))
        size = sum(path.stat().st_size for path in generated) / 1e6
        if size < generated_mb:
            raise SystemExit(f"the generated corpus has {size:.1f} MB, under {generated_mb} MB")
        found[f"generated ({docs} docs)"] = generated
    return found


def run(repeat: int = 3, generated_mb: float = 20.0, profile: bool = False,
        chosen: tuple[str, ...] = WORKLOADS, measures: tuple[str, ...] = MEASURES) -> list[Row]:
    rows = []
    for workload, files in workloads(generated_mb, chosen).items():
        for measure_name in measures:
            log(f"references: {workload} / {measure_name} ...")
            with child_input([str(path) for path in files]) as listing:
                args = ["--child", workload, "--measure", measure_name, "--files", str(listing),
                        "--repeat", str(repeat), *(["--profile"] if profile else [])]
                rows.append(Row(**run_child(Path(__file__), args)))
    return rows


def report(rows: list[Row]) -> str:
    lines = [table(
        ["workload", "measure", "docs", "MB", "best s", "CPU s", "MB/s", "regex pass MB/s",
         "÷ regex", "docs/s", "clean s", "segment s", "references s", "refs found",
         "KB documents", "peak traced MB", "maxrss MB"],
        [[r.workload, r.measure, r.docs, round(r.megabytes, 1), r.seconds, r.cpu_seconds,
          round(r.mb_per_s, 2), round(r.anchor_mb_per_s, 1) if r.anchor_seconds else "–",
          f"{r.ratio:.3f}" if r.anchor_seconds else "–",
          round(r.docs / r.seconds, 1) if r.seconds else 0,
          r.stage_seconds.get("clean", "–"), r.stage_seconds.get("segment", "–"),
          r.stage_seconds.get("references", 0.0), r.references, r.kb_documents or "–",
          round(r.peak_traced_mb, 1), round(r.maxrss_mb)] for r in rows],
        [False, False, *[True] * 15])]
    lines.append("")
    for r in rows:
        verdict = "meets" if r.mb_per_s >= TARGET_MB_S else \
            f"misses (needs {TARGET_MB_S / r.mb_per_s:.1f}× faster)" if r.mb_per_s else "?"
        anchor = (f" ({r.ratio:.3f} of one regex pass, {r.anchor_mb_per_s:.0f} MB/s)"
                  if r.anchor_seconds else "")
        lines.append(f"- {r.workload} / {r.measure}: {r.mb_per_s:.2f} MB/s on one core{anchor} "
                     f"{verdict} the target of {TARGET_MB_S:g} MB/s.")
    for r in rows:
        if r.profile:
            lines += ["", f"cProfile, {r.workload} / {r.measure} (most own time):", "", r.profile]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed passes (best kept)")
    parser.add_argument("--generated-mb", type=float, default=20.0,
                        help="size of the generated corpus in MB (default 20)")
    parser.add_argument("--profile", action="store_true", help="also profile one pass (cProfile)")
    parser.add_argument("--workloads", nargs="+", choices=WORKLOADS, default=list(WORKLOADS),
                        help="which workloads (default all)")
    parser.add_argument("--measures", nargs="+", choices=MEASURES, default=list(MEASURES),
                        help="which measures (default all)")
    parser.add_argument("--output", type=Path, help="also write the rows as JSON")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--files", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        files = [Path(p) for p in json.loads(args.files.read_text(encoding="utf-8"))]
        row = measure(args.child, files, args.measure, args.repeat, args.profile)
        print(json.dumps(asdict(row)))
        return 0
    with exclusive():
        rows = run(args.repeat, args.generated_mb, args.profile, tuple(args.workloads),
                   tuple(args.measures))
    print(report(rows))
    write_json(args.output, [asdict(row) for row in rows])
    return 0


if __name__ == "__main__":
    sys.exit(main())
