"""Write the `extract --json` object of every document of some folders, one file each, and compare
two such dumps: the check that a speed-up leaves every output byte-identical.

    python benchmarks/compare_extract.py dump OUT [FOLDER ...]
    python benchmarks/compare_extract.py diff BEFORE AFTER

`dump` runs every document in one process (`pipeline.extract.extract`, then `to_json` written as
`extract --json` writes it); default folders: the shared corpus (the seed, the web copies, the
laws, the excerpts, the dev corpus) and `corpora/samples`. The JSON carries each file's path as
given: to compare two checkouts, give both dumps the same absolute folders (the samples of one of
them). A file that cannot be read or fails
gets a `.error` file with the message instead. `diff` prints each file that differs or is in one
dump only, then the counts; exit code 1 on any difference.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from benchlib import CORPUS  # noqa: E402


def default_folders() -> list[Path]:
    return [CORPUS, REPO / "corpora" / "samples"]


def dump_name(path: Path) -> str:
    """A flat, stable file name for a document path (the folder's name kept readable)."""
    digest = hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:10]
    return f"{path.parent.name}--{path.name}--{digest}"


def dump(out: Path, folders: list[Path]) -> int:
    """One `.json` (or `.error`) per document of `folders`; returns the number of documents."""
    from pipeline.extract import extract, to_json
    from pipeline.ingest import ingest, iter_paths
    from pipeline.resources import load_resources

    resources = load_resources()
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for folder in folders:
        for path in iter_paths(folder):
            count += 1
            name = dump_name(path)
            try:
                data = to_json(extract(ingest(path), resources))
            except Exception as error:  # an unreadable file or a failure: recorded, compared
                (out / f"{name}.error").write_text(f"{type(error).__name__}: {error}\n",
                                                   encoding="utf-8")
                continue
            (out / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False, indent=2),
                                              encoding="utf-8")
    return count


def diff(before: Path, after: Path) -> int:
    """Print the files that differ; returns the number of differences."""
    names_before = {p.name for p in before.iterdir()}
    names_after = {p.name for p in after.iterdir()}
    differences = 0
    for name in sorted(names_before ^ names_after):
        print(f"only in {'before' if name in names_before else 'after'}: {name}")
        differences += 1
    common = sorted(names_before & names_after)
    for name in common:
        if (before / name).read_bytes() != (after / name).read_bytes():
            print(f"differs: {name}")
            differences += 1
    print(f"{len(common)} files compared, {differences} differences")
    return differences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump", help="write one JSON file per document")
    dumping.add_argument("out", type=Path)
    dumping.add_argument("folders", type=Path, nargs="*")
    comparing = commands.add_parser("diff", help="compare two dumps")
    comparing.add_argument("before", type=Path)
    comparing.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "dump":
        count = dump(args.out, args.folders or default_folders())
        print(f"{count} documents written to {args.out}")
        return 0
    return 1 if diff(args.before, args.after) else 0


if __name__ == "__main__":
    sys.exit(main())
