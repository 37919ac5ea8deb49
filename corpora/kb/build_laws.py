"""Add the codes and laws of ../shared/corpus/laws/ to documents.jsonl (symbol, date, name).

Each law states its own facts: `Luật số: 45/2019/QH14` (or `Bộ luật số:`), `Hà Nội, ngày 20
tháng 11 năm 2019` and `Quốc hội ban hành Bộ luật Lao động.` (the name as cased in running text).
Existing entries keep their facts; a law already known gains the name as an alias. Rerunning
gives the same file. Usage: python corpora/kb/build_laws.py [SHARED_DIR]
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCUMENTS = HERE / "documents.jsonl"
SYMBOL = re.compile(r"(?:Bộ\s+)?[Ll]uật\s+số\s*:?\s*(\d{1,3}/(?:19|20)\d\d/QH\d{1,2})")
DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)")
NAME = re.compile(r"Quốc hội ban hành\s+((?:Bộ\s+luật|Luật)\s+[^.;\n]{2,120}?)\s*\.")


def law_facts(path: Path) -> dict[str, str] | None:
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8", errors="replace"))
    head = text[:6000]
    symbol, date, name = SYMBOL.search(head), DATE.search(head), NAME.search(head)
    if not (symbol and date and name):
        return None
    day, month, year = (int(g) for g in date.groups())
    return {
        "symbol": symbol.group(1),
        "date": f"{year:04d}-{month:02d}-{day:02d}",
        "name": " ".join(name.group(1).split()),
        "quote": " ".join(name.group(0).split()),
        "file": path.name,
    }


def entry(facts: dict[str, str]) -> dict[str, object]:
    kind = "Bộ luật" if facts["name"].startswith("Bộ") else "Luật"
    return {
        "id": f"{facts['symbol']}@{facts['date']}", "symbol": facts["symbol"], "kind": kind,
        "issuer": "Quốc hội", "issuer_code": facts["symbol"].rsplit("/", 1)[1],
        "date": facts["date"], "title": facts["name"], "aliases": [facts["name"]],
        "level": "central",
        "provenance": [{"fields": ["symbol", "date", "title", "aliases", "issuer", "kind",
                                   "issuer_code", "level"],
                        "source": f"shared:corpus/laws/{facts['file']}", "quote": facts["quote"]}],
    }


def main(shared: Path) -> int:
    rows = [json.loads(line) for line in DOCUMENTS.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    by_symbol: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_symbol.setdefault(str(row.get("symbol")), []).append(row)
    added = 0
    for path in sorted((shared / "corpus" / "laws").glob("*.txt")):
        facts = law_facts(path)
        if facts is None:
            continue
        known = by_symbol.get(facts["symbol"])
        if known:
            aliases = known[0].setdefault("aliases", [])
            if isinstance(aliases, list) and facts["name"] not in aliases:
                aliases.append(facts["name"])
            continue
        new = entry(facts)
        rows.append(new)
        by_symbol[facts["symbol"]] = [new]
        added += 1
    rows.sort(key=lambda row: str(row["id"]))
    DOCUMENTS.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows),
                         encoding="utf-8")
    print(f"{added} laws added, {len(rows)} documents in the base")
    return 0


if __name__ == "__main__":
    default = HERE.parents[2] / "shared"
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
