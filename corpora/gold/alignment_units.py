#!/usr/bin/env python3
"""List the units an alignment annotator works with: a local document's tasks and a higher
document's passages (its sections and its tasks), each with its offsets in the text the
pipeline reads (for `.md`/`.txt` the file decoded as is).

Usage: ``.venv/bin/python corpora/gold/alignment_units.py LOCAL CENTRAL [--local-only]``.
It shows units, never an alignment: annotators decide links by reading (`ALIGNMENT.md`).
"""
from __future__ import annotations

import argparse

from pipeline.extract import extract
from pipeline.ingest import ingest


def _short(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width - 1] + "…"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("local")
    parser.add_argument("central")
    parser.add_argument("--width", type=int, default=400)
    args = parser.parse_args()
    central = extract(ingest(args.central))
    text = central.source.text
    print(f"# CENTRAL {args.central}\n## sections (path kind [start,end) heading)")
    for section in central.sections:
        print(f"S {section.path} {section.kind} [{section.start},{section.end}) "
              f"{_short(text[section.start:section.heading_end], 160)}")
    print("## tasks ([start,end) section text)")
    for task in central.tasks:
        print(f"C [{task.start},{task.end}) {task.section} {_short(task.text, args.width)}")
    local = extract(ingest(args.local))
    print(f"\n# LOCAL {args.local}\n## tasks ([start,end) section | headings | text)")
    for task in local.tasks:
        print(f"L [{task.start},{task.end}) {task.section} | "
              f"{_short(' / '.join(task.headings), 160)} | {_short(task.text, args.width)}")


if __name__ == "__main__":
    main()
