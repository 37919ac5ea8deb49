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
from .normalize import fold, folded_text
from .records import BodyMention
from .symbols import SYMBOL

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
    _slug_by_name: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _slug_places: int = field(default=-1, repr=False, compare=False)  # places when it was built

    def patterns(self) -> list[dict[str, Any]]:
        """Phrase patterns; a phrase several entries share (`Ban Thường vụ Thành ủy` is a
        provincial or a district-level city's board) carries all their ids joined by `|`."""
        ids: dict[tuple[str, str], list[str]] = {}
        for entry in self.bodies.values():
            for name in {entry.name, *entry.aliases}:
                if "{P}" in name:
                    continue  # `Tỉnh ủy {P}`: the place is matched on its own and joined
                ids.setdefault((BODY, fold(name)), []).append(entry.id)
        for slug, names in self.places.items():
            for name in names:
                ids.setdefault((PLACE, fold(name)), []).append(slug)
        return [{"label": label, "pattern": pattern, "id": "|".join(sorted(set(found)))}
                for (label, pattern), found in sorted(ids.items())]

    def place_pattern(self) -> re.Pattern[str]:
        names = {fold(name): slug for slug, names in self.places.items() for name in names}
        alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        return re.compile(rf"(?<![\w])({alternation})(?![\w])")

    def place_slug(self, folded_name: str) -> str | None:
        """The jurisdiction a folded place name stands for (the first listed, if several).
        The names are folded once (again when a place is added: `load_gazetteer` fills
        `places` and nothing changes their names afterwards)."""
        if self._slug_places != len(self.places):
            self._slug_by_name.clear()
            for slug, names in self.places.items():
                for name in names:
                    self._slug_by_name.setdefault(fold(name), slug)
            self._slug_places = len(self.places)
        return self._slug_by_name.get(folded_name)


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
    folded = folded_text(text)
    doc = (nlp or load_nlp())(folded)
    mentions: list[BodyMention] = []
    entities = list(doc.ents)
    symbols = [(m.start(), m.end()) for m in SYMBOL.finditer(text)]
    for index, ent in enumerate(entities):
        if ent.label_ != BODY:
            continue
        start, end = ent.start_char, ent.end_char
        if any(a <= start < b for a, b in symbols) or not _noun_use(text, folded, start, end):
            continue  # `CP` in `NĐ-CP`; `Trung ương` as an adjective
        place = _place_after(entities, index, end)
        place_slug = place.ent_id_.split("|")[0] if place is not None else None
        if place is not None:
            end = place.end_char
        template = _choose(ent.ent_id_, gazetteer, place_slug or jurisdiction)
        entry = gazetteer.bodies.get(template)
        body_id = _instantiate(template, entry, place_slug or jurisdiction)
        mentions.append(BodyMention(text=text[start:end], start=start, end=end, id=body_id,
                                    name=entry.name if entry else None,
                                    level=entry.level if entry else None,
                                    group=bool(entry and entry.type in {"group", "generic"})))
    taken = [(m.start, m.end) for m in mentions]
    for match in GROUP.finditer(folded):  # lists the gazetteer does not name
        if not any(a < match.end() and match.start() < b for a, b in taken):
            mentions.append(_group(match, text, jurisdiction, gazetteer))
    return sorted(mentions, key=lambda m: m.start)


_CENTRE_BEFORE = re.compile(r"(?:của|với|về|đến|lên|gửi|và|báo cáo|trình|xin ý kiến)\s+$")


def _noun_use(text: str, folded: str, start: int, end: int) -> bool:
    """Bare `Trung ương` names the Party Centre only as a noun (`báo cáo Trung ương`), not in
    `các cơ quan Trung ương`."""
    if folded[start:end] != "trung ương":
        return True
    return text[start].isupper() and bool(_CENTRE_BEFORE.search(folded, max(0, start - 20), start))


def _choose(ids: str, gazetteer: Gazetteer, jurisdiction: str | None) -> str:
    """Of the entries sharing a phrase, the one of the document's level (a district document
    means district bodies by `Huyện ủy`, `Thành ủy` of a district-level city)."""
    options = ids.split("|")
    if len(options) == 1:
        return options[0]
    district = bool(jurisdiction and "/" in jurisdiction)
    for option in options:
        entry = gazetteer.bodies.get(option)
        if entry is not None and (entry.level == "district") == district:
            return option
    return options[0]


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
    # a district body, or a group of the issuer's own subordinates, is the document's own place
    own = level == "district" or (entry is not None and entry.type == "group"
                                  and "party-subordinates" in template_id)
    place = jurisdiction if own else jurisdiction.split("/")[0]
    return template_id.replace("{J}", place)


def _group(match: re.Match[str], text: str, jurisdiction: str | None,
           gazetteer: Gazetteer) -> BodyMention:
    phrase = match.group(0)
    members = tuple(dict.fromkeys(
        m.strip() for m in re.split(r",|\bvà\b", re.sub(r"^các\s+|\s+(?:trực thuộc|thuộc)\s+.*$",
                                                          "", phrase)) if m.strip()))
    template = _group_template(members)
    entry = gazetteer.bodies.get(template)
    body_id = _instantiate(template, entry, jurisdiction)
    return BodyMention(text=text[match.start():match.end()], start=match.start(), end=match.end(),
                       id=body_id, name=", ".join(members), level=None, group=True)


_DEPARTMENT_TYPES = {"sở", "ban", "ngành", "cơ quan", "đơn vị", "đoàn thể"}
_COMMUNE_TYPES = {"ubnd các xã", "ủy ban nhân dân các xã", "xã", "phường", "thị trấn"}


def _group_template(members: tuple[str, ...]) -> str:
    kinds = set(members)
    if kinds <= _PARTY_MEMBER_TYPES:
        return "{J}/group/party-subordinates"
    if kinds <= _DEPARTMENT_TYPES and {"sở"} & kinds:
        return "{J}/group/departments"
    if kinds <= _COMMUNE_TYPES:
        return "{J}/group/commune-ubnd"
    return "{J}/group/" + "-".join(_slug(m) for m in members)


def display_name(body_id: str, gazetteer: Gazetteer | None = None) -> str:
    """A readable name for a canonical id: the gazetteer's name, with the place.

    `can-tho/group/party-subordinates` → `Các quận ủy, huyện ủy, ... trực thuộc Thành ủy (Cần Thơ)`.
    """
    gazetteer = gazetteer or default_gazetteer()
    if body_id in gazetteer.bodies:
        return gazetteer.bodies[body_id].name
    for template_id, entry in gazetteer.bodies.items():
        if "{J}" not in template_id:
            continue
        suffix = template_id.split("{J}", 1)[1]
        if body_id.endswith(suffix) and body_id != suffix:
            place = body_id[: -len(suffix)]
            names = gazetteer.places.get(place)
            return f"{entry.name} ({names[0] if names else place})"
    return body_id


def infer_jurisdiction(*texts: str | None, gazetteer: Gazetteer | None = None) -> str | None:
    """The province (or district) a document belongs to, from its issuer and place: the
    longest place name found; a district only when its province is not named instead."""
    gazetteer = gazetteer or default_gazetteer()
    pattern = _place_regex(id(gazetteer), gazetteer)
    found = []
    for text in texts:
        if text:
            found += [m.group(1) for m in pattern.finditer(fold(text))]
    slugs = [slug for name in found if (slug := gazetteer.place_slug(name))]
    districts = [s for s in slugs if "/" in s]
    if districts:
        return districts[0]
    return slugs[0] if slugs else None


_PLACE_REGEX: dict[int, re.Pattern[str]] = {}


def _place_regex(key: int, gazetteer: Gazetteer) -> re.Pattern[str]:
    if key not in _PLACE_REGEX:
        _PLACE_REGEX[key] = gazetteer.place_pattern()
    return _PLACE_REGEX[key]


def _slug(text: str) -> str:
    from .normalize import strip_diacritics

    return re.sub(r"[^a-z0-9]+", "-", strip_diacritics(text).lower()).strip("-")
