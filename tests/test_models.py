"""The packaged spaCy pipeline in models/ is what `train` builds from corpora/kb, and it works."""

from __future__ import annotations

import json
from pathlib import Path

import spacy
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.gazetteer import save_model
from pipeline.resources import default_model_dir, load_resources
from pipeline.stages.bodies import find_bodies

MODEL_DIR = default_model_dir()


def _bodies(text: str, jurisdiction: str) -> list:
    resources = load_resources()
    return find_bodies(text, jurisdiction, resources.phrases, resources.gazetteer)


def _patterns(directory: Path) -> list[dict]:
    lines = (directory / "entity_ruler" / "patterns.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_packaged_model_is_what_train_builds(tmp_path: Path) -> None:
    rebuilt = save_model(tmp_path / "model", load_resources().gazetteer)
    assert _patterns(rebuilt) == _patterns(MODEL_DIR), "run `python -m pipeline train`"


def test_train_command_writes_a_loadable_pipeline(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["train", "--output", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    nlp = spacy.load(tmp_path / "m")
    assert nlp.pipe_names == ["entity_ruler"]
    doc = nlp("ban tổ chức thành ủy chủ trì, phối hợp ban tuyên giáo trung ương")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("ban tổ chức thành ủy", "BODY"), ("ban tuyên giáo trung ương", "BODY")]


def test_relative_bodies_take_the_documents_jurisdiction() -> None:
    text = "Ban Tổ chức Thành ủy chủ trì, phối hợp Ban Tuyên giáo Tỉnh ủy Hậu Giang và UBND tỉnh."
    found = {m.text: m.id for m in _bodies(text, "can-tho")}
    assert found["Ban Tổ chức Thành ủy"] == "can-tho/btc"
    assert found["Ban Tuyên giáo Tỉnh ủy Hậu Giang"] == "hau-giang/btg"  # the place named wins
    assert found["UBND tỉnh"] == "can-tho/ubnd"


def test_a_body_ending_in_the_kind_word_of_the_place_after_it_is_found() -> None:
    # `thành phố Hồ Chí Minh`, the longer match, holds `Công an Thành phố`'s last words
    text = ("Công an Thành phố Hồ Chí Minh, Hội Nông dân tỉnh Bà Rịa - Vũng Tàu và Thuế tỉnh "
            "Lào Cai phối hợp; trên địa bàn tỉnh Lào Cai.")
    assert [(m.text, m.id) for m in _bodies(text, "ha-noi")] == [
        ("Công an Thành phố Hồ Chí Minh", "ho-chi-minh/cong-an"),
        ("Hội Nông dân tỉnh Bà Rịa - Vũng Tàu", "ba-ria-vung-tau/hnd"),
        ("Thuế tỉnh Lào Cai", "lao-cai/thue")]


def test_spelling_variants_are_one_body() -> None:
    ids = {m.id for m in _bodies("Uỷ ban nhân dân tỉnh và ỦY BAN NHÂN DÂN TỈNH", "hau-giang")}
    assert ids == {"hau-giang/ubnd"}
