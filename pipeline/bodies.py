"""Body mentions: a spaCy EntityRuler built from the gazetteer, plus groups and jurisdictions.

The gazetteer (`corpora/kb/bodies.jsonl`, `corpora/kb/jurisdictions.jsonl`) becomes phrase
patterns over the *folded* text (NFC, one tone-mark convention, lower case), so `UBND`,
`Uỷ ban nhân dân` and `ỦY BAN NHÂN DÂN` all match. Relative bodies are templates (`{J}/btc`
is the organization board of the issuer's committee) resolved with the document's jurisdiction;
a place name right after the body (`Tỉnh ủy Hậu Giang`) overrides it. Groups (`Các quận ủy,
huyện ủy, đảng đoàn, ...`) are kept as one mention with its member types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .knowledge import REPO_ROOT, kb_dir, read_jsonl
from .normalize import fold
from .records import BodyMention

MODEL_DIR = REPO_ROOT / "models" / "vndoc-bodies"
BODY, PLACE = "BODY", "PLACE"

_PARTY_MEMBER_TYPES = {"quận ủy", "huyện ủy", "thị ủy", "thành ủy", "đảng đoàn",
                       "ban cán sự đảng", "đảng ủy trực thuộc", "đảng ủy", "chi bộ",
                       "đảng bộ cơ sở", "chi, đảng bộ cơ sở", "cấp ủy", "tổ chức đảng"}
_MEMBER = (r"(?:quận ủy|huyện ủy|thị ủy|thành ủy|đảng đoàn|ban cán sự đảng|đảng ủy(?: trực thuộc)?|"
           r"chi bộ|chi, đảng bộ cơ sở|đảng bộ cơ sở|sở|ban|ngành|cấp ủy|tổ chức đảng|"
           r"ubnd các xã|ủy ban nhân dân các xã|phường|thị trấn|xã|đoàn thể|cơ quan|đơn vị|"
           r"địa phương|huyện|thị xã|thành phố)")
GROUP = re.compile(
    rf"(?<![\w])các\s+{_MEMBER}(?:\s*(?:,|và)\s*{_MEMBER}){{1,8}}"
    r"(?:\s+(?:trực thuộc|thuộc)\s+(?:tỉnh ủy|thành ủy|huyện ủy|ủy ban nhân dân tỉnh|ubnd tỉnh))?"
)


@dataclass(frozen=True)
class GazetteerEntry:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    level: str | None = None
    type: str | None = None
    template: bool = False
    members: tuple[str, ...] = ()


@dataclass
class Gazetteer:
    bodies: dict[str, GazetteerEntry] = field(default_factory=dict)
    places: dict[str, list[str]] = field(default_factory=dict)  # slug → names

    def patterns(self) -> list[dict[str, Any]]:
        patterns: list[dict[str, Any]] = []
        for entry in self.bodies.values():
            for name in {entry.name, *entry.aliases}:
                if "{P}" in name:
                    continue  # `Tỉnh ủy {P}`: the place is matched on its own and joined
                patterns.append({"label": BODY, "pattern": fold(name), "id": entry.id})
        for slug, names in self.places.items():
            for name in names:
                patterns.append({"label": PLACE, "pattern": fold(name), "id": slug})
        return sorted(patterns, key=lambda p: (p["label"], p["id"], p["pattern"]))


def load_gazetteer(directory: Path | None = None) -> Gazetteer:
    base = directory or kb_dir()
    gazetteer = Gazetteer()
    for data in read_jsonl(base / "bodies.jsonl"):
        entry = GazetteerEntry(
            id=data["id"], name=data["name"], aliases=tuple(data.get("aliases", ())),
            level=data.get("level"), type=data.get("type"),
            template=bool(data.get("template")) or "{J}" in data["id"],
            members=tuple(data.get("members", ())),
        )
        gazetteer.bodies[entry.id] = entry
    for data in read_jsonl(base / "jurisdictions.jsonl"):
        names = [data["name"], *data.get("aliases", ())]
        gazetteer.places[data["id"]] = names
    return gazetteer


def build_nlp(gazetteer: Gazetteer):  # type: ignore[no-untyped-def]
    """The spaCy pipeline of the extractor: the multi-language tokenizer (splits punctuation off
    syllables) and an EntityRuler of gazetteer phrases."""
    import spacy

    nlp = spacy.blank("xx")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH",
                                                 "overwrite_ents": True})
    ruler.add_patterns(gazetteer.patterns())
    nlp.meta["name"] = "vndoc_bodies"
    nlp.meta["version"] = "1.0.0"
    nlp.meta["description"] = ("Body mentions in Vietnamese directives: tokenizer + EntityRuler "
                               "built from corpora/kb/bodies.jsonl and jurisdictions.jsonl")
    return nlp


def save_model(directory: Path = MODEL_DIR, gazetteer: Gazetteer | None = None) -> Path:
    nlp = build_nlp(gazetteer or load_gazetteer())
    directory.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(directory)
    return directory


@lru_cache(maxsize=2)
def load_nlp(directory: str = str(MODEL_DIR)):  # type: ignore[no-untyped-def]
    """The packaged pipeline from `models/`, or one built from the gazetteer if absent."""
    import spacy

    path = Path(directory)
    if (path / "config.cfg").exists():
        return spacy.load(path)
    return build_nlp(load_gazetteer())


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return load_gazetteer()


def find_bodies(text: str, jurisdiction: str | None, nlp: Any = None,
                gazetteer: Gazetteer | None = None) -> list[BodyMention]:
    """Body mentions in `text` (clean offsets), with canonical ids."""
    gazetteer = gazetteer or default_gazetteer()
    folded = fold(text)
    doc = (nlp or load_nlp())(folded)
    groups = [_group(m, text, jurisdiction, gazetteer) for m in GROUP.finditer(folded)]
    taken = [(g.start, g.end) for g in groups]
    mentions = list(groups)
    entities = list(doc.ents)
    for index, ent in enumerate(entities):
        if ent.label_ != BODY:
            continue
        start, end = ent.start_char, ent.end_char
        if any(a <= start < b for a, b in taken):
            continue
        place = _place_after(entities, index, end)
        place_slug = place.ent_id_ if place is not None else None
        if place is not None:
            end = place.end_char
        entry = gazetteer.bodies.get(ent.ent_id_)
        body_id = _instantiate(ent.ent_id_, entry, place_slug or jurisdiction)
        mentions.append(BodyMention(text=text[start:end], start=start, end=end, id=body_id,
                                    name=entry.name if entry else None,
                                    level=entry.level if entry else None,
                                    group=bool(entry and entry.type in {"group", "generic"})))
    return sorted(mentions, key=lambda m: m.start)


def _place_after(entities: list[Any], index: int, end: int) -> Any:
    if index + 1 < len(entities):
        following = entities[index + 1]
        if following.label_ == PLACE and following.start_char - end <= 1:
            return following
    return None


def _instantiate(template_id: str, entry: GazetteerEntry | None, jurisdiction: str | None) -> str:
    if "{J}" not in template_id:
        return template_id
    if not jurisdiction:
        return template_id.replace("{J}", "?")
    level = entry.level if entry else None
    place = jurisdiction if level == "district" else jurisdiction.split("/")[0]
    return template_id.replace("{J}", place)


def _group(match: re.Match[str], text: str, jurisdiction: str | None,
           gazetteer: Gazetteer) -> BodyMention:
    phrase = match.group(0)
    members = tuple(dict.fromkeys(
        m.strip() for m in re.split(r",|\bvà\b", re.sub(r"^các\s+|\s+(?:trực thuộc|thuộc)\s+.*$",
                                                          "", phrase)) if m.strip()))
    party = all(m in _PARTY_MEMBER_TYPES for m in members)
    template = "{J}/group/party-subordinates" if party else "{J}/group/" + "-".join(
        _slug(m) for m in members)
    entry = gazetteer.bodies.get(template)
    body_id = _instantiate(template, entry, jurisdiction)
    return BodyMention(text=text[match.start():match.end()], start=match.start(), end=match.end(),
                       id=body_id, name=", ".join(members), level=None, group=True)


def _slug(text: str) -> str:
    from .normalize import strip_diacritics

    return re.sub(r"[^a-z0-9]+", "-", strip_diacritics(text).lower()).strip("-")
