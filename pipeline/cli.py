"""Command line: a thin layer that parses, calls the library and formats.

Exit codes: 0 success; 1 some input failed (reported by name, the rest processed);
2 usage error; 3 an evaluation figure fell below its floor.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .errors import IngestError

EXIT_FAILED_INPUT = 1
EXIT_BELOW_FLOOR = 3


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _error(message: str) -> None:
    click.echo(f"Error: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vn-directives-pipeline")
def cli() -> None:
    """Read Vietnamese directives as data: tasks, responsible bodies, deadlines and the
    documents they implement, in a cross-reference graph you can query and export."""


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per document.")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="One compact JSON object per line.")
def extract(path: Path, as_json: bool, as_jsonl: bool) -> None:
    """Extract metadata, sections, references, bodies and tasks from PATH (a file or folder).

    \b
    Example:
      python -m pipeline extract corpora/samples/kl-187-tw.txt --json
    """
    from .extract import extract as run_extract
    from .extract import to_json
    from .ingest import iter_folder

    failed = 0
    for item in iter_folder(path):
        if isinstance(item, IngestError):
            _error(str(item))
            failed += 1
            continue
        data = to_json(run_extract(item))
        if as_jsonl:
            click.echo(json.dumps(data, ensure_ascii=False))
        elif as_json:
            _echo_json(data)
        else:
            _summary_line(data)
    if failed:
        sys.exit(EXIT_FAILED_INPUT)


def _summary_line(data: dict[str, Any]) -> None:
    document = data["document"]
    click.echo(
        f"{data['source']['path']}: {document.get('kind') or '?'} "
        f"{document.get('symbol') or '(no symbol)'} {document.get('date') or ''} — "
        f"{len(data['sections'])} sections, {len(data['references'])} references, "
        f"{len(data['tasks'])} tasks, {len(data['bodies'])} bodies"
    )


def main() -> None:
    cli(prog_name="vndoc")


if __name__ == "__main__":
    main()
