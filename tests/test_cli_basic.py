"""The command line: every command documents itself, `--version`, and `extract --json`."""

from __future__ import annotations

import json
from importlib.metadata import version

import click
import pytest
from click.testing import CliRunner
from conftest import SAMPLES, SEED, corpus_file

from pipeline.cli import cli
from pipeline.records import SCHEMA_VERSION


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and sub-command, as the words that invoke it."""
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found.extend(_commands(command, (*prefix, name)))
    return found


COMMANDS = _commands(cli)


def _command(words: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for word in words:
        assert isinstance(command, click.Group)
        command = command.commands[word]
    return command


def test_there_are_commands():
    assert ("extract",) in COMMANDS


@pytest.mark.parametrize("words", [(), *COMMANDS], ids=lambda words: " ".join(words) or "vndoc")
def test_help(words):
    result = CliRunner().invoke(cli, [*words, "--help"], prog_name="vndoc")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: vndoc {' '.join(words)}".rstrip())
    assert (_command(words).help or "").strip(), "the command has no help text"


def test_version():
    result = CliRunner().invoke(cli, ["--version"], prog_name="vndoc")
    assert result.exit_code == 0
    assert result.stdout == f"vndoc, version {version('vn-directives-pipeline')}\n"


def test_usage_error_exits_2():
    result = CliRunner().invoke(cli, ["extract"], prog_name="vndoc")
    assert result.exit_code == 2
    assert "Error: Missing argument 'PATH'." in result.stderr


@pytest.mark.parametrize("path", [SEED, SAMPLES / "kh-215-tu.docx"], ids=lambda p: p.name)
def test_extract_json_prints_one_object(path):
    result = CliRunner().invoke(cli, ["extract", str(corpus_file(path)), "--json"])
    assert (result.exit_code, result.stderr) == (0, "")
    data = json.loads(result.stdout)  # one object: anything after it would fail here
    assert isinstance(data, dict)
    assert set(data) == {"schema", "source", "document", "sections", "references", "tasks",
                         "bodies", "problems"}
    assert data["schema"] == f"vndoc/{SCHEMA_VERSION}"
    assert data["source"]["path"] == str(path)


def test_extract_jsonl_prints_one_line_per_document(tmp_path):
    for name in ("kl-187-tw.txt", "kh-142-ubnd.md"):
        (tmp_path / name).write_bytes((SAMPLES / name).read_bytes())
    result = CliRunner().invoke(cli, ["extract", str(tmp_path), "--jsonl"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [json.loads(line)["source"]["path"] for line in lines] == [
        str(tmp_path / "kh-142-ubnd.md"), str(tmp_path / "kl-187-tw.txt")]
