"""The phrase matcher read from the packaged pipeline finds what spaCy's EntityRuler finds, and
a run needs neither spaCy nor (once its openings are cached) underthesea."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.gazetteer import load_nlp, load_phrases
from pipeline.ingest import ingest
from pipeline.normalize import fold
from pipeline.openings import OpeningTagger
from pipeline.phrases import load_matcher
from pipeline.resources import load_resources
from pipeline.stages.clean import clean

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpora" / "samples"

# What splits or joins tokens differently from a plain word split: a name across a line break,
# `./.` after a name, a file name spaCy takes for a web address, lower-case `a.b`, hyphens,
# double spaces, brackets and quotes, a unit after a number.
TRICKY = [
    "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nCỘNG HÒA XÃ HỘI",
    "báo cáo, đề xuất Ủy ban nhân dân tỉnh./.\nNơi nhận:",
    "xem `lc22-bct-cv-2265-bct-atmt-2026-scan.pdf` và ubnd.tỉnh, UBND tỉnh.",
    "Sở Lao động - Thương binh và Xã hội;Sở Tài chính,  Sở Nội vụ (Sở Y tế) “Ban Tuyên giáo”",
    "Giao Sở Tài chính-Sở Kế hoạch và Đầu tư, 10km đường; Ban Chấp hành Trung ương Đảng",
    "Tỉnh ủy Hậu Giang, Huyện ủy Châu Thành A,Văn phòng Chính phủ/Bộ Nội vụ",
]


def _spacy_spans(nlp: object, folded: str) -> list[tuple[int, int, str, str]]:
    return [(e.start_char, e.end_char, e.label_, e.ent_id_) for e in nlp(folded).ents]  # type: ignore[operator, attr-defined]


def _our_spans(matcher: object, folded: str) -> list[tuple[int, int, str, str]]:
    return [(p.start, p.end, p.label, p.ids) for p in matcher(folded)]  # type: ignore[operator, attr-defined]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    documents = [fold(clean(ingest(path)).text) for path in sorted(SAMPLES.iterdir())]
    return documents + [fold(text) for text in TRICKY]


def test_same_spans_as_the_entity_ruler(texts: list[str]) -> None:
    resources = load_resources()
    nlp = load_nlp(resources.model_dir, resources.gazetteer)
    matcher = load_matcher(resources.model_dir)
    assert matcher is not None
    found = 0
    for folded in texts:
        expected = _spacy_spans(nlp, folded)
        assert _our_spans(matcher, folded) == expected, folded[:80]
        found += len(expected)
    assert found > 200  # the samples name many bodies: the comparison is not vacuous


def test_tricky_boundaries_are_spacys() -> None:
    """Spot checks of what the equality above covers: no name across a line break (only the
    place on the second line), none inside a file name, none glued to `./.` or `;` (spaCy
    keeps `tỉnh./.` and `hội;sở` whole), hyphens split."""
    matcher = load_resources().phrases

    def names(text: str) -> list[str]:
        folded = fold(text)
        return [folded[s:e] for s, e, _, _ in _our_spans(matcher, folded)]

    assert names(TRICKY[0]) == ["tỉnh lâm đồng"]
    assert names(TRICKY[1]) == []
    assert names(TRICKY[2]) == ["ubnd tỉnh"]
    assert names(TRICKY[3]) == ["sở nội vụ", "sở y tế"]
    assert names(TRICKY[4]) == ["sở tài chính", "sở kế hoạch và đầu tư",
                                "ban chấp hành trung ương đảng"]


def test_without_a_packaged_pipeline_the_gazetteer_gives_the_same(tmp_path: Path,
                                                                   texts: list[str]) -> None:
    resources = load_resources()
    built = load_phrases(tmp_path, resources.gazetteer)  # an empty folder: built with spaCy
    packaged = load_phrases(resources.model_dir, resources.gazetteer)
    for folded in texts:
        assert _our_spans(built, folded) == _our_spans(packaged, folded)


_RUN = """
import json, sys
from pipeline.extract import extract, to_json
from pipeline.ingest import ingest
data = to_json(extract(ingest(sys.argv[1])))
print(json.dumps({"tasks": len(data["tasks"]), "doc": data,
                  "spacy": "spacy" in sys.modules, "underthesea": "underthesea" in sys.modules}))
"""


def _run(path: Path, cache: Path) -> dict[str, object]:
    env = {"PIPELINE_CACHE": str(cache), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", _RUN, str(path)], env=env, cwd=REPO,
                          capture_output=True, text=True, check=True, timeout=120)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_a_run_loads_no_spacy_and_the_tagger_once(tmp_path: Path) -> None:
    """The seed-like sample has openings the lexicon does not know: the first run asks
    underthesea and keeps the answers; the second reads them and never imports it."""
    path = SAMPLES / "kh-142-ubnd.md"
    first = _run(path, tmp_path)
    cached = list(tmp_path.glob("openings-*.jsonl"))
    second = _run(path, tmp_path)
    assert first["doc"] == second["doc"] and first["tasks"]
    assert not first["spacy"] and not second["spacy"]
    if first["underthesea"]:  # the sample needed the tagger: its answers are on disk now
        assert cached and cached[0].read_text(encoding="utf-8").strip()
    assert not second["underthesea"]


def test_a_cut_short_cache_line_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "openings.jsonl"
    path.write_text('["Tổ chức thực hiện", true]\n["Ban tổ chức', encoding="utf-8")
    tagger = OpeningTagger(path)
    assert tagger.says_verb("Tổ chức thực hiện") is True  # from the file, not the tagger
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2  # nothing asked, nothing appended
