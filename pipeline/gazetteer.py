"""The gazetteer of bodies and jurisdictions (`bodies.jsonl`, `jurisdictions.jsonl` of a
knowledge base folder) and the spaCy pipeline built from it.

Nothing here knows where the files are: `resources` passes the folder in. Names are matched on
the folded form (NFC, one tone-mark convention, lower case), so `UBND`, `Uỷ ban nhân dân` and
`ỦY BAN NHÂN DÂN` are one phrase. The extractor matches them with `phrases.PhraseMatcher`
(spaCy's tokenizer rules and the EntityRuler's patterns, read from the packaged pipeline without
importing spaCy); spaCy builds and packages that pipeline.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .knowledge import read_jsonl
from .normalize import fold, strip_diacritics, trie_pattern
from .phrases import PhraseMatcher, Tokenizer, load_matcher

if TYPE_CHECKING:  # spaCy is imported when a pipeline is built or loaded: ~1 s of start-up
    from spacy.language import Language

BODY, PLACE = "BODY", "PLACE"
# A local unit's word in a header under a central body's name (`BỘ CÔNG AN / CÔNG AN TỈNH LÂM
# ĐÒNG`): the province is the document's even when a scan misspells its name (`TÍNH`, `ĐÒNG`).
# Read after the central name only, and `xã hội` is no commune (`BỘ LAO ĐỘNG - THƯƠNG BINH VÀ
# XÃ HỘI / CỤC BẢO TRỢ XÃ HỘI`).
_LOCAL_UNIT = re.compile(r"(?<![\w])(?:tỉnh|tinh|tính|thành phố|huyện|quận|thị xã|xã(?! hội)|"
                         r"phường)(?![\w])")
_NOT_LETTERS = re.compile(r"[^\w]+|\d+|_")


@dataclass(frozen=True)
class GazetteerEntry:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    level: str | None = None
    type: str | None = None
    template: bool = False
    members: tuple[str, ...] = ()
    collective: str | None = None  # the group it names in a document above its level


class Communes:
    """The communes, wards and special zones of two-tier local government (from 07/2025), each
    with its province, from the `vietnam-provinces` package: a commune's document names its
    commune (`ĐẢNG UỶ XÃ CÔNG HẢI`, `UBND phường Tam Điệp`) and often no province at all. The
    table (3,321 units; about 60 ms to read and compile) is read the first time a document's
    issuer, or a commune-level body it names (`UBND xã ...`), may be followed by a commune's
    name."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._by_name: dict[str, list[tuple[str, str]]] | None = None
        self._regex: re.Pattern[str] | None = None

    def _load(self) -> tuple[dict[str, list[tuple[str, str]]], re.Pattern[str]]:
        """Folded full name (`xã công hải`) → [(province id, commune slug)]; a name several
        provinces have (243 full names; 306 without the kind word) lists each."""
        if self._by_name is None or self._regex is None:
            path = self._path
            if path is None:
                import vietnam_provinces  # data only: a path to its JSON

                path = Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH)
            by_name: dict[str, list[tuple[str, str]]] = {}
            for province in json.loads(path.read_text(encoding="utf-8")):
                province_id = province["codename"].replace("_", "-")
                slugs = Counter(unit["short_codename"] for unit in province["wards"])
                for unit in province["wards"]:
                    slug = unit["short_codename"].replace("_", "-")
                    if slugs[unit["short_codename"]] > 1:  # `Văn Lăng` and `Văn Lang`
                        slug = f"{slug}-{unit['code']}"
                    by_name.setdefault(fold(unit["name"]), []).append((province_id, slug))
            self._by_name = by_name
            self._regex = re.compile(rf"(?<![\w])(?<!thị )({trie_pattern(sorted(by_name))})(?![\w])")
        return self._by_name, self._regex

    def named(self, folded: str, start: int = 0, end: int | None = None
              ) -> list[tuple[int, int, list[tuple[str, str]]]]:
        """(start, end, candidates) of each commune a folded text names with its kind word
        (`xã công hải`, `phường tam điệp`; not a district-level `thị xã`), in order."""
        if not any(word in folded[start:end] for word in ("xã", "phường", "đặc khu")):
            return []
        by_name, regex = self._load()
        stop = len(folded) if end is None else end
        return [(m.start(), m.end(), by_name[m.group(1)])
                for m in regex.finditer(folded, start, stop)]


# The words that put a district as the issuer (`ỦY BAN NHÂN DÂN` ⏎ `HUYỆN KRÔNG NÔ`, `Đảng bộ
# huyện Châu Thành A`), not as a place spoken of (`tại huyện ...`).
_ISSUING_BEFORE = re.compile(r"(?:ủy ban nhân dân|ubnd|hội đồng nhân dân|hđnd|đảng bộ|chủ tịch)"
                             r"[\s,.\-–]*$")


@dataclass
class Gazetteer:
    bodies: dict[str, GazetteerEntry] = field(default_factory=dict)
    places: dict[str, list[str]] = field(default_factory=dict)  # slug → names
    kinds: dict[str, str] = field(default_factory=dict)  # slug → `tỉnh`, `thành phố`, `huyện`…
    communes: Communes = field(default_factory=Communes, repr=False, compare=False)
    _commune_forms: tuple[dict[str, str], re.Pattern[str]] | None = field(
        default=None, repr=False, compare=False)
    _commune_groups: frozenset[str] | None = field(default=None, repr=False, compare=False)
    _slugs_by_name: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)
    _slugs_places: int = field(default=-1, repr=False, compare=False)  # places when it was built
    # (places when built, districts by their name's letters, by their folded bare name)
    _district_index: tuple[int, dict[str, list[str]], dict[str, list[str]]] | None = field(
        default=None, repr=False, compare=False)
    _place_regex: re.Pattern[str] | None = field(default=None, repr=False, compare=False)
    _regex_places: int = field(default=-1, repr=False, compare=False)
    _central_regex: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    def patterns(self) -> list[dict[str, Any]]:
        """Phrase patterns; a phrase several entries share (`Ban Thường vụ Thành ủy` is a
        provincial or a district-level city's board) carries all their ids joined by `|`."""
        ids: dict[tuple[str, str], list[str]] = {}
        for entry in self.bodies.values():
            for name in {entry.name, *entry.aliases}:
                if "{P}" in name:
                    continue  # `Tỉnh ủy {P}`: the place is matched on its own and joined
                for variant in separator_variants(fold(name)):
                    ids.setdefault((BODY, variant), []).append(entry.id)
        for slug, name in self.place_names():
            if "/" not in slug:  # a district is the document's place, read from its header:
                # in running text `huyện X` would outrun the body before it (`UBND huyện`)
                ids.setdefault((PLACE, fold(name)), []).append(slug)
        return [{"label": label, "pattern": pattern, "id": "|".join(sorted(set(found)))}
                for (label, pattern), found in sorted(ids.items())]

    def commune_groups(self) -> frozenset[str]:
        """The groups whose members are communes' bodies (`{J}/group/commune-ubnd`, the
        collective of `UBND cấp xã`; `lực lượng Công an xã`): below a district, its own."""
        if self._commune_groups is None:
            self._commune_groups = frozenset(
                {e.collective for e in self.bodies.values() if e.collective and e.level == "commune"}
                | {e.id for e in self.bodies.values() if e.type == "group" and e.level == "commune"})
        return self._commune_groups

    def place_names(self) -> list[tuple[str, str]]:
        """(slug, name) for every name a place is found by: a province by its bare name too
        (`Hậu Giang`), a district only with its kind (`huyện Krông Nô`): bare district names
        are words (`Quận 7` is `7`, `tháng 7`) and commune names of other provinces."""
        return [(slug, name) for slug, names in self.places.items()
                for name in (names[1:] if "/" in slug and len(names) > 1 else names)]

    def place_pattern(self) -> re.Pattern[str]:
        """Any place name (folded), the longest that ends a word first: a trie, so that the
        engine tries a branch or two at each position instead of every name."""
        names = {fold(name) for _, name in self.place_names()}
        return re.compile(rf"(?<![\w])({trie_pattern(sorted(names))})(?![\w])")

    def _places_regex(self) -> re.Pattern[str]:
        """`place_pattern`, built once (tens of milliseconds) and again only when places change."""
        if self._place_regex is None or self._regex_places != len(self.places):
            self._place_regex, self._regex_places = self.place_pattern(), len(self.places)
        return self._place_regex

    def provinces_named(self, folded: str) -> set[str]:
        """The provinces a folded text names (a district's name names none)."""
        return {slug for match in self._places_regex().finditer(folded)
                for slug in self.place_slugs(match.group(1)) if "/" not in slug}

    def jurisdiction_of(self, *texts: str | None) -> str | None:
        """The province or district a document belongs to, from its issuer, place and header
        (in that order): a district the first text (the issuer) names, or one named as an
        issuer is (`ỦY BAN NHÂN DÂN / HUYỆN ĐẮK R'LẤP`), or one named where no province is;
        else the first province named. A district's name several provinces share (`huyện
        Châu Thành`) counts only where one of them is named, or where one alone has it."""
        regex = self._places_regex()
        found: list[tuple[int, str, int]] = []  # (which text, folded name, its offset)
        folded_texts = [fold(text) if text else "" for text in texts]
        for index, folded in enumerate(folded_texts):
            found += [(index, m.group(1), m.start()) for m in regex.finditer(folded)]
        provinces = [s for _, name, _ in found for s in self.place_slugs(name) if "/" not in s]
        named = set(provinces)
        for index, name, offset in found:
            slugs = self.place_slugs(name)
            if any("/" not in s for s in slugs):
                continue  # a province's name (`thành phố Huế`) before a district's
            district = self._one_district(slugs, named)
            if district is not None and (index == 0 or not named or _ISSUING_BEFORE.search(
                    folded_texts[index], max(0, offset - 40), offset)):
                return district
        return provinces[0] if provinces else None

    @staticmethod
    def _one_district(slugs: list[str], provinces: set[str]) -> str | None:
        """Of the districts a name stands for, the one under a named province, else the only
        one."""
        under = [s for s in slugs if s.split("/")[0] in provinces]
        if len(under) == 1:
            return under[0]
        return slugs[0] if len(slugs) == 1 else None

    def districts_by_letters(self, name: str) -> list[str]:
        """The districts whose name has the letters of `name` once case, tone marks, spaces and
        punctuation are gone (`ĐÁK R'LÁP`, `Đắk R lấp` → `dakrlap`): what a scan's OCR keeps of
        a name whose tones it misread. Several where names collide that way."""
        return self._districts()[0].get(letters_of(name), [])

    def district_of(self, folded_name: str, province: str) -> str | None:
        """The district of `province` whose bare name this is (`đắk r'lấp` → `dak-nong/dak-r-lap`
        in a Đắk Nông document): after a district's body, `UBND huyện Đắk R'lấp`."""
        return next((slug for slug in self._districts()[1].get(folded_name, ())
                     if slug.split("/")[0] == province), None)

    def _districts(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """Every district under its bare name's letters and under its folded bare name, in one
        pass over the places (again when a place is added, as `place_slugs` rebuilds)."""
        if self._district_index is None or self._district_index[0] != len(self.places):
            by_letters: dict[str, list[str]] = {}
            by_name: dict[str, list[str]] = {}
            for slug, names in self.places.items():
                if "/" in slug:
                    by_letters.setdefault(letters_of(names[0]), []).append(slug)
                    by_name.setdefault(fold(names[0]), []).append(slug)
            self._district_index = (len(self.places), by_letters, by_name)
        return self._district_index[1], self._district_index[2]

    def place_slugs(self, folded_name: str) -> list[str]:
        """Every jurisdiction a folded place name stands for, provinces first. The names are
        folded once (again when a place is added: `load_gazetteer` fills `places` and nothing
        changes their names afterwards)."""
        if self._slugs_places != len(self.places):
            self._slugs_by_name.clear()
            for slug, name in sorted(self.place_names(), key=lambda item: "/" in item[0]):
                listed = self._slugs_by_name.setdefault(fold(name), [])
                if slug not in listed:
                    listed.append(slug)
            self._slugs_places = len(self.places)
        return self._slugs_by_name.get(folded_name, [])

    def commune_forms(self) -> tuple[dict[str, str], re.Pattern[str]]:
        """The province's kinds of body as a commune names its own: a template's folded name
        without its `tỉnh` / `thành phố`, then the commune's level word (`hội nông dân xã`),
        or without its `tỉnh ủy` / `thành ủy`, then `đảng ủy` (`ban thường vụ đảng ủy`, `văn
        phòng đảng ủy xã`). By stem, the template that stands for it: the commune-level entry of
        the same kind where there is one (`Ban Chấp hành Đảng bộ xã` is `{J}/xa/du`, the
        commune's committee, not `{J}/tu`). Built once per gazetteer."""
        if self._commune_forms is None:
            counterpart = {e.type: e.id for e in self.bodies.values()  # commune entry by kind
                           if "{J}" in e.id and e.level == "commune" and e.type != "group"}
            stems: dict[str, str] = {}  # `<base> xã` or `<base> đảng ủy` → template
            bases: set[str] = set()
            for entry in self.bodies.values():
                if "{J}" not in entry.id or entry.level != "provincial" or entry.type == "group":
                    continue
                target = counterpart.get(entry.type, entry.id)
                for name in (entry.name, *entry.aliases):
                    folded = fold(name)
                    stem = re.sub(r"\s+(?:tỉnh|thành phố)$", "", folded)
                    if stem != folded:
                        stems.setdefault(f"{stem} xã", target)
                        bases.add(stem)
                    party = re.sub(r"\s+(?:tỉnh ủy|thành ủy)$", "", folded)
                    if party != folded and party:
                        stems.setdefault(f"{party} đảng ủy", target)
                        bases.add(party)
            words = trie_pattern(sorted(bases)) if bases else "(?!)"  # no template: no form
            pattern = (rf"(?<![\w])({words})[ \t]+(?:(?:cấp\s+)?(xã|phường|đặc khu)|"
                       r"(đảng ủy)(?:[ \t]+(?:xã|phường|đặc khu))?)(?![\w])")
            self._commune_forms = (stems, re.compile(pattern))
        return self._commune_forms

    def names_central_issuer(self, header: str | None) -> bool:
        """True when a document's issuer block opens with a central body's name (`BỘ NỘI VỤ`,
        `VĂN PHÒNG CHÍNH PHỦ`, `ĐẢNG ỦY CHÍNH PHỦ / VĂN PHÒNG`, `BỘ CÔNG THƯƠNG / CỤC ...`) and
        names no province or district: a ministry's letter without its number still comes from
        the centre, and the `Hà Nội` of its place line is where the ministry sits, not whose
        document it is. Names of two words or more only (`Trung ương` alone opens local
        names too), and only at the opening (`Ủy ban MTTQ Việt Nam tỉnh X` is local)."""
        folded = " ".join(_NOT_LETTERS.sub(" ", fold(header or "")).split())
        if not folded:
            return False
        if self._central_regex is None:
            names = {" ".join(_NOT_LETTERS.sub(" ", fold(name)).split())
                     for entry in self.bodies.values()
                     if entry.level == "central" and entry.type != "group" and not entry.template
                     for name in (entry.name, *entry.aliases)}
            names = {name for name in names if len(name.split()) > 1}
            self._central_regex = re.compile(rf"(?:{trie_pattern(sorted(names))})(?![\w])")
        opening = self._central_regex.match(folded)
        return (opening is not None and self.jurisdiction_of(folded) is None
                and not _LOCAL_UNIT.search(folded[opening.end():]))

    def level_of(self, jurisdiction: str | None) -> str | None:
        """`provincial`, `district` (a district the knowledge base lists) or `commune` (a
        province's commune, `khanh-hoa/cong-hai`); None for a central document."""
        if not jurisdiction:
            return None
        if "/" not in jurisdiction:
            return "provincial"
        return "district" if jurisdiction in self.places else "commune"

    def display_name(self, body_id: str) -> str:
        """A readable name for a canonical id: the gazetteer's name, with the place.

        `can-tho/group/party-subordinates` → `Các quận ủy, huyện ủy, ... trực thuộc Thành ủy (Cần Thơ)`.
        """
        if body_id in self.bodies:
            return self.bodies[body_id].name
        for template_id, entry in self.bodies.items():
            if "{J}" not in template_id:
                continue
            suffix = template_id.split("{J}", 1)[1]
            if body_id.endswith(suffix) and body_id != suffix:
                place = body_id[: -len(suffix)]
                names = self.places.get(place)
                return f"{entry.name} ({names[0] if names else place})"
        return body_id


def load_gazetteer(directory: Path) -> Gazetteer:
    """The gazetteer of a knowledge base folder (`bodies.jsonl`, `jurisdictions.jsonl`)."""
    gazetteer = Gazetteer()
    for data in read_jsonl(directory / "bodies.jsonl", required=True):
        entry = GazetteerEntry(
            id=data["id"], name=data["name"], aliases=tuple(data.get("aliases", ())),
            level=data.get("level"), type=data.get("type"),
            template=bool(data.get("template")) or "{J}" in data["id"],
            members=tuple(data.get("members", ())), collective=data.get("collective"),
        )
        gazetteer.bodies[entry.id] = entry
    for data in read_jsonl(directory / "jurisdictions.jsonl", required=True):
        names = [data["name"], *data.get("aliases", ())]
        gazetteer.places[data["id"]] = names
        if data.get("kind"):
            gazetteer.kinds[data["id"]] = data["kind"]
    return gazetteer


# An agency's name joins its fields with `,`, `-`, `–` or `và` as the writer pleases: `Sở Lao
# động, Thương binh và Xã hội` is `Sở Lao động - Thương binh và Xã hội`, `Sở Kế hoạch và Đầu tư`
# is `Sở Kế hoạch - Đầu tư`.
_AGENCY = re.compile(r"^(?:sở|bộ|phòng|cục|chi cục|vụ|ban) ")
_SEPARATORS = (", ", " - ", " – ")


def separator_variants(name: str) -> list[str]:
    """A folded agency name with its other usual separators (itself first); other names as
    they are."""
    if not _AGENCY.match(name):
        return [name]
    variants = [name]
    for used in _SEPARATORS:
        fields = name.split(used)
        if len(fields) > 1 and not any(_AGENCY.match(f + " ") for f in fields[1:]):
            # (`cục thuế - bộ tài chính`: a hyphen before the parent agency joins two names)
            variants += [name.replace(used, other) for other in _SEPARATORS if other != used]
    if " và " in name and not any(sep in name for sep in _SEPARATORS) and name.count(" và ") == 1:
        variants += [name.replace(" và ", sep) for sep in _SEPARATORS[1:]]
    return list(dict.fromkeys(variants))


def build_nlp(gazetteer: Gazetteer) -> Language:
    """The spaCy pipeline of the extractor: the multi-language tokenizer (splits punctuation off
    syllables) and an EntityRuler of gazetteer phrases."""
    import spacy

    nlp = spacy.blank("xx")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH",
                                                 "overwrite_ents": True})
    ruler.add_patterns(gazetteer.patterns())  # type: ignore[attr-defined]
    nlp.meta["name"] = "vndoc_bodies"
    nlp.meta["version"] = "1.0.0"
    nlp.meta["description"] = ("Body mentions in Vietnamese directives: tokenizer + EntityRuler "
                               "built from corpora/kb/bodies.jsonl and jurisdictions.jsonl")
    return nlp


def save_model(directory: Path, gazetteer: Gazetteer) -> Path:
    """Write the pipeline built from `gazetteer` to `directory` (`python -m pipeline train`)."""
    nlp = build_nlp(gazetteer)
    directory.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(directory)
    return directory


# The pipeline is a tokenizer and a phrase matcher, linear in the text: it takes any document
# the readers accept (64 MiB), not spaCy's default of 1,000,000 characters meant for parsers.
MAX_LENGTH = 100_000_000


def load_phrases(directory: Path, gazetteer: Gazetteer) -> PhraseMatcher:
    """The phrase matcher of the packaged pipeline in `directory` (read without spaCy); where
    none is packaged, of one built from the gazetteer (which needs spaCy for its tokenizer
    rules)."""
    matcher = load_matcher(directory)
    if matcher is not None:
        return matcher
    import msgpack

    nlp = build_nlp(gazetteer)
    tokenizer: Any = nlp.tokenizer
    rules = msgpack.unpackb(tokenizer.to_bytes(exclude=["vocab"]), raw=False,
                            strict_map_key=False)
    return PhraseMatcher(gazetteer.patterns(), Tokenizer(rules))


def load_nlp(directory: Path, gazetteer: Gazetteer) -> Language:
    """The packaged pipeline in `directory`, or one built from the gazetteer if it is absent."""
    import spacy

    nlp = spacy.load(directory) if (directory / "config.cfg").exists() else build_nlp(gazetteer)
    nlp.max_length = MAX_LENGTH
    return nlp


def letters_of(text: str) -> str:
    """Lower-case ascii letters and digits only (`Đắk R'Lấp` → `dakrlap`): a slug without its
    dashes."""
    return body_slug(text).replace("-", "")


def body_slug(text: str) -> str:
    """`Sở Tài chính` → `so-tai-chinh`: an id part made of the words as written."""
    return re.sub(r"[^a-z0-9]+", "-", strip_diacritics(text).lower()).strip("-")
