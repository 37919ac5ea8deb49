"""Resources come from one module, are passed in, and a wrong folder is an error naming it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, SAMPLES

from pipeline.cli import cli
from pipeline.errors import ResourceError
from pipeline.extract import extract
from pipeline.ingest import ingest
from pipeline.resources import ENV_KB, default_kb_dir, load_resources

KB = REPO / "corpora" / "kb"


def test_a_knowledge_base_folder_that_does_not_exist_is_an_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-kb"
    with pytest.raises(ResourceError, match="no-such-kb: is not a knowledge base folder"):
        load_resources(kb_dir=missing)


def test_an_empty_or_partial_knowledge_base_is_an_error_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match=r"documents\.jsonl: not found"):
        load_resources(kb_dir=tmp_path)
    (tmp_path / "documents.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"documents\.jsonl: lists no document"):
        load_resources(kb_dir=tmp_path)
    (tmp_path / "documents.jsonl").write_text("{not json\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"documents\.jsonl: cannot be read"):
        load_resources(kb_dir=tmp_path)


def test_the_environment_names_the_folder_and_the_checkout_is_the_default(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert default_kb_dir() == KB
    monkeypatch.setenv(ENV_KB, str(tmp_path / "elsewhere"))
    assert default_kb_dir() == tmp_path / "elsewhere"
    with pytest.raises(ResourceError, match="elsewhere"):
        load_resources()


def test_extraction_uses_the_resources_it_is_given(tmp_path: Path) -> None:
    """A copy of the base without 187-KL/TW: the same text resolves differently."""
    copy = tmp_path / "kb"
    shutil.copytree(KB, copy)
    documents = copy / "documents.jsonl"
    kept = [line for line in documents.read_text(encoding="utf-8").splitlines()
            if '"21-NQ/TW@2022-06-16"' not in line]
    documents.write_text("\n".join(kept) + "\n", encoding="utf-8")
    source = ingest(SAMPLES / "kh-96-hu.pdf")
    default = {r.text: r.target for r in extract(source).references}
    own = {r.text: r.target for r in extract(source, load_resources(kb_dir=copy)).references}
    changed = [text for text in default if default[text] != own.get(text)]
    assert changed and all("21-NQ/TW" in text for text in changed)


def test_the_cli_reports_a_wrong_folder_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--kb", str(tmp_path / "nope"), "extract",
                                      str(SAMPLES / "kl-187-tw.txt")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "nope" in lines[0]
    assert "Traceback" not in result.output
