"""What every file of the dev corpus gives: how it was read, the document it is (or is a copy
or a part of), its tasks and references, and the problems noted.

    .venv/bin/python benchmarks/dev_corpus.py     # about a minute on 2 cores; writes
                                                  # benchmarks/results-dev-corpus.md

The folder `../shared/corpus/dev-2026-12/` is ingested into a fresh store, as a user would
(`vndoc ingest`), and the store is read back: one row per file. This is the list issue 13 asks the
README to point at; figures of accuracy are `vndoc evaluate`'s, not this.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchlib import BENCH, CORPUS, log, machine, table

from pipeline.batch import ingest_paths
from pipeline.store import open_db

DEV = CORPUS / "dev-2026-12"
OUTPUT = BENCH / "results-dev-corpus.md"
_HOW = {"ocr": "OCR", "converted-doc": "converted .doc", "web-page": "web page",
        "legacy-encoding": "legacy font", "garbled-text": "garbled, kept",
        "pages-without-text": "pages missing"}


def rows(db_path: Path, read: dict[str, list[str]]) -> list[list[str]]:
    """One row per file of the store; `read`: each file's problems as the batch reported them
    (a copy's own, which the store does not keep)."""
    db = open_db(db_path)
    out = []
    for file in db.query("""
            select f.path, f.format, f.pages, f.role, f.similarity, f.document_id, f.status,
                   d.kind, d.symbol, d.date, d.path as text_path,
                   (select count(*) from tasks t where t.document_id = d.id) as tasks,
                   (select count(*) from "references" r where r.document_id = d.id) as refs,
                   (select count(*) from "references" r where r.document_id = d.id
                      and r.status = 'resolved') as resolved,
                   (select reason from failures x where x.path = f.path) as failure
            from files f left join documents d on d.id = f.document_id order by f.path"""):
        name = str(Path(file["path"]).relative_to(DEV))
        if file["status"] != "ok":
            out.append([name, file["format"] or "", "", f"failed: {file['failure']}", "", "", ""])
            continue
        codes = set(read.get(file["path"], ()))
        how = ", ".join(sorted(_HOW[c] for c in codes if c in _HOW)) or "text"
        if file["role"] in ("copy", "part"):
            text = Path(file["text_path"]).name
            out.append([name, file["format"], str(file["pages"]), how,
                        f"{file['role']} of {text} ({file['similarity']:.2f})", "", ""])
            continue
        identity = " ".join(filter(None, [file["kind"], file["symbol"], file["date"]]))
        out.append([name, file["format"], str(file["pages"]), how, identity or "(no symbol)",
                    str(file["tasks"]), f"{file['resolved']}/{file['refs']}"])
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "dev.db"
        log(f"ingesting {DEV}")
        report = ingest_paths([DEV], db_path)
        found = rows(db_path, {entry["path"]: entry.get("problems", [])
                               for entry in report.files})
    header = ["file", "format", "pages", "read by", "document", "tasks", "references resolved"]
    facts = machine()
    lines = [
        "# The dev corpus, file by file",
        "",
        f"`benchmarks/dev_corpus.py`, {facts['date']}, commit {facts['commit']}, "
        f"{facts['nproc']} cores: `vndoc ingest ../shared/corpus/dev-2026-12` "
        f"into a fresh store. {report.seen} files: {report.documents} documents, "
        f"{report.copies} copies of another file's document, {report.parts} parts of one, "
        f"{report.failed} failed; "
        f"{report.tasks} tasks; noted: "
        + ", ".join(f"{code} {count}" for code, count in sorted(report.problems.items()))
        + f"; {report.seconds:.0f} s.",
        "",
        "`read by`: text (the file's own text layer or characters), OCR (Tesseract, pages without "
        "text or with a garbled one), converted .doc (LibreOffice, else antiword), web page (the "
        "body of a saved page), "
        "legacy font (TCVN3/VNI converted). `tasks` and `references resolved` are what the "
        "pipeline extracted, not checked figures (accuracy is `vndoc evaluate`'s, per source).",
        "",
        table(header, [[cell.replace("|", "\\|") for cell in row] for row in found],
              right=[False, False, True, False, False, True, True]),
        "",
    ]
    OUTPUT.write_text("\n".join(lines), encoding="utf-8")
    log(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
