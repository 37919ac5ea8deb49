"""One document in several files, on the dev corpus's real pairs (`../shared/corpus/dev-2026-12/
README.md`, "Same document in two formats"): each pair is counted once, and the draft without a
number stays apart from its signed copy. Needs antiword and Tesseract (the .doc and the PDF whose
font has no Unicode map)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, corpus_file

from pipeline.batch import ingest_paths
from pipeline.readers.ocr import ocr_available
from pipeline.store import open_db

DEV = CORPUS / "dev-2026-12"
PAIRS = {  # the pair, and the document they are (None: kept apart)
    ("src01-vpubnd49-VBAI/ld40-TW-HD-36-HD-VPTW-2018-the-thuc-van-ban-dang.doc",
     "src01-vpubnd49-VBAI/ld41-TW-HD-36-HD-VPTW-2018-the-thuc-van-ban-dang.docx"): "36-HD/VPTW",
    ("src02-Trangsct-skill-sct/lc13-laocai-SCT-KH-1105-KH-DKT-2026-broken-font.pdf",
     "src02-Trangsct-skill-sct/lc14-laocai-SCT-KH-1105-KH-DKT-2026.txt"): "1105/KH-ĐKT",
    ("src09-nguyenminhhieu06878-stack-ngocnam/dt03-phucthinh-DTN-KH-dem-nhac-xuan-yeu-thuong-2026.doc",
     "src09-nguyenminhhieu06878-stack-ngocnam/dt04-phucthinh-DTN-KH-dem-nhac-xuan-yeu-thuong-2026.docx"
     ): None,  # no number: one document only because the texts are the same
    ("src02-Trangsct-skill-sct/lc10-laocai-SCT-TB-1894-TB-SCT-2026.docx",
     "src02-Trangsct-skill-sct/lc17-laocai-SCT-TB-1894-TB-SCT-2026-signed-broken-font.pdf"): "",
}

needs_tools = pytest.mark.skipif(
    not (ocr_available() and shutil.which("antiword")) and not os.environ.get("CI"),
    reason="antiword and Tesseract are needed (make system installs them); CI always has them")


@needs_tools
def test_each_pair_of_the_dev_corpus_is_one_document(tmp_path: Path) -> None:
    folder = tmp_path / "pairs"
    for pair in PAIRS:
        for name in pair:
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(corpus_file(DEV / name))
    report = ingest_paths([folder], tmp_path / "pairs.db", jobs=2)
    assert (report.failed, report.processed) == (0, 8)
    # three pairs merge; the unsigned draft (no number, no date) stays apart from the signed notice
    assert (report.documents, report.copies) == (5, 3)
    db = open_db(tmp_path / "pairs.db")
    roles = {Path(r["path"]).name: (r["role"], r["document_id"]) for r in db["files"].rows}
    for pair, symbol in PAIRS.items():
        (first_role, first_id), (second_role, second_id) = (roles[Path(n).name] for n in pair)
        if symbol == "":
            assert (first_role, second_role) == ("text", "text") and first_id != second_id
            continue
        assert first_id == second_id and {first_role, second_role} == {"text", "copy"}
        document = db["documents"].get(first_id)
        assert document["symbol"] == (symbol or None)
        # the text is the file read without doubts: the .docx, the clean .txt
        assert Path(document["path"]).suffix in (".docx", ".txt")
    assert db["tasks"].count == report.tasks
