"""Bodies stage: body mentions from the gazetteer's phrases, plus groups and jurisdictions.

The gazetteer becomes phrase patterns over the *folded* text (the packaged spaCy EntityRuler's,
matched by `phrases.PhraseMatcher` without loading spaCy). Relative bodies are templates
(`{J}/btc` is the organization board of the issuer's committee) resolved with the document's
jurisdiction; a place name right after the body (`Tỉnh ủy Hậu Giang`) overrides it. Groups
(`Các quận ủy, huyện ủy, đảng đoàn, ...`) are kept as one mention with its member types.
Offsets are clean offsets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..gazetteer import BODY, PLACE, Gazetteer, GazetteerEntry, body_slug
from ..normalize import folded_text
from ..phrases import Phrase, PhraseMatcher
from ..records import BodyMention, Task
from ..symbols import SYMBOL

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



def find_bodies(text: str, jurisdiction: str | None, phrases: PhraseMatcher,
                gazetteer: Gazetteer, misread: Sequence[tuple[int, int]] = ()
                ) -> list[BodyMention]:
    """Body mentions in `text` (clean offsets), with canonical ids. `phrases` is the
    gazetteer's matcher (`Resources.phrases`). In the spans the OCR read (`misread`: its pages,
    in clean offsets), a name with a wrong mark (`Sở Lao động - Thương bình và Xã hội`) is found
    by its bare letters too; a typed page's wrong mark is no misreading."""
    folded = folded_text(text)
    mentions: list[BodyMention] = []
    found = phrases(folded)
    if misread:
        bare = [p for p in phrases.misread(folded)
                if any(a <= p.start and p.end <= b for a, b in misread)]
        found = _with_bare(found, bare)
    entities = _bodies_before_places(folded, found, phrases)
    symbols = [(m.start(), m.end()) for m in SYMBOL.finditer(text)]
    for index, ent in enumerate(entities):
        if ent.label != BODY:
            continue
        start, end = ent.start, ent.end
        if any(a <= start < b for a, b in symbols) or not _noun_use(text, folded, start, end):
            continue  # `CP` in `NĐ-CP`; `Trung ương` as an adjective
        if folded.endswith("phó ", 0, start):
            continue  # `Phó Thủ tướng`, `Phó Chủ tịch UBND xã`: a deputy, not the office
        place = _place_after(entities, index, end)
        place_slug = place.ids.split("|")[0] if place is not None else None
        if place is not None:
            end = place.end
        template = _choose(ent.ids, gazetteer, place_slug or jurisdiction)
        entry = gazetteer.bodies.get(template)
        local = (None if place is not None or (entry is not None and entry.type == "department")
                 else _commune_word(folded, end, gazetteer, jurisdiction))
        if local is not None:
            end = local  # `Ủy ban MTTQ xã`: the commune's own front, named with its level
        where = place_slug or jurisdiction
        if place is None and (local is not None or (entry is not None and entry.level == "commune")):
            named = _named_commune(text, folded, start, end, gazetteer, jurisdiction)
            if named is not None:  # `UBND xã Lợi Hải`: that commune's, whoever writes
                end, where, local = named[0], named[1], end
        own = local is not None or _own_committees(template, text, folded, end)
        end, body_id = _resolved(template, entry, folded, (start, end), where, gazetteer,
                                 local=own, placed=place is not None)
        mentions.append(BodyMention(text=text[start:end], start=start, end=end, id=body_id,
                                    name=entry.name if entry else None,
                                    level=entry.level if entry else None,
                                    group=bool(entry and entry.type in {"group", "generic"})))
    if gazetteer.level_of(jurisdiction) == "commune":
        mentions = _commune_bodies(text, folded, mentions, gazetteer, jurisdiction)
    places = {e.start: e for e in entities if e.label == PLACE}
    mentions += _committees_by_abbreviation(text, folded, mentions, places)
    listed = (_headed_lists(text, folded, jurisdiction, phrases, gazetteer)
              + _listed_places(text, folded, places, central=jurisdiction is None)
              + _committees_listed_on(mentions, text, folded, places))
    if listed:  # `các Sở: Tài chính, Xây dựng`: the departments, not `các Sở` as a group
        mentions = [m for m in mentions
                    if not any(m.start < b.end and b.start < m.end for b in listed)]
        mentions += [m for m in listed if not m.group]
    mentions = _related(text, folded, mentions, gazetteer)
    mentions = _units_of_committee(text, folded, mentions)
    mentions = _councils_before_committees(text, folded, mentions, gazetteer)
    taken = [(m.start, m.end) for m in (*mentions, *listed)]  # a list's head stays dropped
    for match in GROUP.finditer(folded):  # lists the gazetteer does not name
        if not any(a < match.end() and match.start() < b for a, b in taken):
            mentions.append(_group(match, text, jurisdiction, gazetteer))
    return sorted(mentions, key=lambda m: m.start)


def _with_bare(exact: list[Phrase], bare: list[Phrase]) -> list[Phrase]:
    """The exact phrases, and those found by bare letters where no exact one lies."""
    spans = [(p.start, p.end) for p in exact]
    extra = [p for p in bare if not any(a < p.end and p.start < b for a, b in spans)]
    return sorted(exact + extra, key=lambda p: p.start) if extra else exact


# A place named with its kind word (`thành phố Hồ Chí Minh`) may hold the last word of the body
# before it (`Công an Thành phố` ...): the longer match, the place, hides the body.
_KIND_WORD = re.compile(r"(?:tỉnh|thành phố)(?=\s)")
_BODY_REACH = 60  # how far before the place the body's name may start


def _bodies_before_places(folded: str, entities: list[Phrase], phrases: PhraseMatcher
                          ) -> list[Phrase]:
    """The phrases, with each body whose name ends in the kind word a place starts with
    (`công an thành phố` | `hồ chí minh`, `thuế tỉnh` | `lào cai`) found again before the place
    named without that word, which `_place_after` then joins to it."""
    for place in [e for e in entities if e.label == PLACE]:
        kind = _KIND_WORD.match(folded, place.start)
        if kind is None or any(e.label == BODY and e.end <= place.start < e.end + 2
                               for e in entities):
            continue
        window = folded.rfind(" ", 0, max(0, place.start - _BODY_REACH)) + 1
        body = next((p for p in phrases(folded[window:kind.end()])
                     if p.label == BODY and window + p.end == kind.end()), None)
        if body is None:
            continue
        start, rest = window + body.start, kind.end() + 1
        entities = [e for e in entities if e is not place and not (
            e.start < kind.end() and start < e.end)]
        entities += [Phrase(start, kind.end(), BODY, body.ids),
                     Phrase(rest, place.end, PLACE, place.ids)]
        entities.sort(key=lambda e: e.start)
    return entities


# `(các) cơ quan, địa phương (có) liên quan`, `các đơn vị liên quan`, `thủ trưởng các đơn vị liên
# quan`: whatever kinds of unit it lists, a phrase ended by `liên quan` names no body in particular.
_UNIT = (r"(?:cơ quan chuyên môn|cơ quan|đơn vị|địa phương|sở|ban|ngành|bộ|tổ chức|cá nhân|"
         r"lực lượng chức năng|phòng(?: chuyên môn)?)")  # a department's or district's rooms
# (`cơ sở`, `cán bộ`, `toàn bộ`, `nội bộ`, `ủy ban`, `văn phòng`, `Bộ Quốc phòng` end in a unit
# word but are none)
_RELATED = re.compile(rf"(?<![\w])(?<!cơ )(?<!cán )(?<!toàn )(?<!nội )(?<!ủy )(?<!uỷ )(?<!văn )"
                      r"(?<!quốc )(?<!dự )"
                      rf"(?:thủ trưởng\s+)?(?:các\s+)?{_UNIT}(?:\s*(?:,|và)\s*{_UNIT}){{0,6}}"
                      r"\s+(?:khác\s+)?(?:có\s+)?liên quan(?![\w])")
_RELATED_ID = "generic/co-quan-lien-quan"


def _related(text: str, folded: str, mentions: list[BodyMention], gazetteer: Gazetteer
             ) -> list[BodyMention]:
    """Mentions with every `... liên quan` phrase as the generic body, where the gazetteer's
    matches cover only part of it (`cơ quan, địa phương liên quan` is not read as `địa
    phương`); a gazetteer match that reaches beyond it is kept."""
    entry = gazetteer.bodies.get(_RELATED_ID)
    if entry is None:
        return mentions
    for match in _RELATED.finditer(folded):
        start, end = match.start(), match.end()
        if any(m.start < end and start < m.end and not (start <= m.start and m.end <= end)
               for m in mentions):
            continue
        mentions = [m for m in mentions if not (start <= m.start and m.end <= end)]
        mentions.append(BodyMention(text=text[start:end], start=start, end=end, id=_RELATED_ID,
                                    name=entry.name, level=entry.level, group=True))
    return sorted(mentions, key=lambda m: m.start)


# `các cơ quan chuyên môn thuộc UBND huyện Krông Nô`: the committee's own departments, a group
# of the committee, not the committee; a district's or a commune's is kept as written (a
# province's is the gazetteer's `{J}/group/departments`, and left to it).
_UNITS_OF = re.compile(r"(?<![\w])(?:thủ trưởng\s+)?(?:các\s+)?(?:cơ quan|phòng\s*,?\s*ban|phòng|"
                       r"đơn vị)\s+chuyên môn\s+(?:trực\s+)?thuộc\s+$")


def _units_of_committee(text: str, folded: str, mentions: list[BodyMention]
                        ) -> list[BodyMention]:
    """A committee named as whose specialised units a group is (`các cơ quan chuyên môn thuộc
    UBND huyện Krông Nô`) becomes the group, written as the text has it."""
    out: list[BodyMention] = []
    for mention in mentions:
        units = (_UNITS_OF.search(folded, max(0, mention.start - 50), mention.start)
                 if mention.id and not mention.group and mention.id.endswith("/ubnd")
                 and mention.level in {"district", "commune"} else None)
        if units is None or any(m.start < mention.start and units.start() < m.end
                                for m in out):
            out.append(mention)
            continue
        out.append(BodyMention(text=text[units.start():mention.end], start=units.start(),
                               end=mention.end, id=None, level=mention.level, group=True))
    return out


# `báo cáo Tỉnh ủy, HĐND, UBND tỉnh`, `Thường trực Hội đồng nhân dân và Ủy ban nhân dân huyện`:
# the council named bare before its committee shares the committee's level and place.
_COUNCIL_BEFORE = re.compile(r"(?<![\w])(?P<council>(?P<standing>thường trực\s+)?"
                             r"(?:hđnd|hội đồng nhân dân))\s*(?:,|và|&)\s*$")
_COMMITTEE_ID = re.compile(r"^[a-z0-9-]+/(?:[a-z0-9-]+/hu/)?ubnd$")  # a province's, a district's
# A list whose earlier words name an office, a board or an office holder over the council
# (`Văn phòng Đoàn ĐBQH và HĐND, UBND`, `Thường trực Tỉnh ủy, HĐND, UBND`, `Chủ tịch HĐND,
# UBND`): which of them the council stands for is not told, so no council is named.
_OVER_COUNCIL = re.compile(r"(?<![\w])(?:văn phòng|vp|đoàn đbqh|đoàn đại biểu|cơ quan|thường trực|"
                           r"ttr?|chủ tịch|lãnh đạo)(?![\w])")
_LIST_OPENS = re.compile(r"[;:\n(]")


def _councils_before_committees(text: str, folded: str, mentions: list[BodyMention],
                                gazetteer: Gazetteer) -> list[BodyMention]:
    """Each committee (`{J}/ubnd`, a district's `{J}/hu/ubnd`) named right after a bare council
    (`HĐND, UBND tỉnh`) brings that council as a mention of its own, with the committee's place:
    the gazetteer knows the council only with its level word (`HĐND tỉnh`)."""
    added: list[BodyMention] = []
    for mention in mentions:
        if mention.group or not mention.id or not _COMMITTEE_ID.match(mention.id):
            continue
        council = _COUNCIL_BEFORE.search(folded, max(0, mention.start - 40), mention.start)
        if council is None or _over_council(folded, council.start()) or any(
                m.start < council.end("council") and council.start() < m.end for m in mentions):
            continue
        body_id = mention.id[:-len("ubnd")] + "hdnd"
        if council.group("standing") and "/hu/" in body_id:
            continue  # a district council's standing board: not in the gazetteer
        if council.group("standing"):
            body_id += "/tt"
        entry = gazetteer.bodies.get(_template_of(body_id, mention.id))
        start, end = council.span("council")
        added.append(BodyMention(text=text[start:end], start=start, end=end, id=body_id,
                                 name=entry.name if entry else None, level=mention.level))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


def _over_council(folded: str, at: int) -> bool:
    """Does the list the council stands in name an office or board over it before it?"""
    opening = max((m.end() for m in _LIST_OPENS.finditer(folded, max(0, at - 80), at)),
                  default=max(0, at - 80))
    return _OVER_COUNCIL.search(folded, opening, at) is not None


def _template_of(body_id: str, committee_id: str) -> str:
    """The gazetteer's template id of a council id made from its committee's
    (`son-la/hdnd` → `{J}/hdnd`, `an-giang/an-phu/hu/hdnd` → `{J}/hu/hdnd`)."""
    place = committee_id[:-len("/hu/ubnd")] if committee_id.endswith("/hu/ubnd") else (
        committee_id[:-len("/ubnd")])
    return "{J}" + body_id[len(place):]


# `các Sở: Tài chính, Kế hoạch và Đầu tư, Xây dựng`, `các Bộ: Công an, Quốc phòng`: one kind word
# for a list of names, each of which is `Sở Tài chính`, `Sở Kế hoạch và Đầu tư`, ...
# `các Sở: Tài chính, Nội vụ`, also `các Sở, ngành: ...`, `các Bộ, cơ quan: ...`
_LIST_HEAD = re.compile(r"(?<![\w])(các\s+(sở|bộ)(?:\s*,\s*(?:ban|ngành|cơ quan))*)\s*:\s*")
_LIST_SEPARATOR = re.compile(r"\s*(?:,|;|\bvà\b)\s*")
_NAME_WORDS = 8  # the longest name tried after the kind word


def _headed_lists(text: str, folded: str, jurisdiction: str | None, phrases: PhraseMatcher,
                  gazetteer: Gazetteer) -> list[BodyMention]:
    """The names a `các Sở:` list gives, each a mention of its own body (words as written), and
    the head itself as a group mention (for the caller to drop); nothing where no name is one."""
    found: list[BodyMention] = []
    for head in _LIST_HEAD.finditer(folded):
        names = []
        position = head.end()
        while True:
            name = _longest_name(folded, position, head.group(2), phrases)
            if name is None:
                break
            end, ids = name
            template = _choose(ids, gazetteer, jurisdiction)
            entry = gazetteer.bodies.get(template)
            names.append(BodyMention(text=text[position:end], start=position, end=end,
                                     id=_instantiate(template, entry, jurisdiction, gazetteer),
                                     name=entry.name if entry else None,
                                     level=entry.level if entry else None, group=False))
            separator = _LIST_SEPARATOR.match(folded, end)
            if separator is None or separator.end() == end:
                break
            position = separator.end()
        if names:
            found.append(BodyMention(text=text[head.start(1):head.end(1)], start=head.start(1),
                                     end=head.end(1), id=None, name=None, level=None, group=True))
            found += names
    return found


# `Các tỉnh Nghệ An, Quảng Ngãi, Cao Bằng khẩn trương ...`, `Ủy ban nhân dân các tỉnh, thành phố:
# Tuyên Quang, Đồng Nai`: the provinces named act, each by its People's Committee. The head, read
# backwards from the first place (a place name is rare, `các` is not).
_PLACE_HEAD = re.compile(r"(?<![\w])(?:(?:ủy ban nhân dân|ubnd)\s+)?các\s+(?:(?:tỉnh|thành phố)"
                         r"(?:\s*,\s*(?:thành phố|tỉnh))?\s*(:?)\s*)?$")
_WHERE_BEFORE = re.compile(r"(?:địa bàn|tại|ở|thuộc|của|trên|với|đến|cho)\s+$")
# A place opening an item (`1.`, `a)`, `-` or a line's start), `tỉnh`/`thành phố` before it.
_ITEM_START = re.compile(r"(?:^|\n)[^\S\n]*(?:(?:\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\)|[-+•])[^\S\n]*)?"
                         r"(?:thành phố|tỉnh)?[^\S\n]*$")
_MORE_PLACES = re.compile(r"(các\s+)?((?:tỉnh|thành phố)\s+)?")


# … and what the places do next (a verb of action, not `là`, `có`, a noun phrase).
_ACTS = re.compile(r"\s+(?:khẩn trương|đẩy nhanh|chủ động|tập trung|tiếp tục|khẩn cấp|rà soát|"
                   r"chỉ đạo|triển khai|hoàn thành|hoàn thiện|phối hợp|chịu trách nhiệm|"
                   r"tổ chức|bố trí|thực hiện|xây dựng|quyết liệt|nghiên cứu|báo cáo)\b")


# `UBND tỉnh Đắk Lắk`, `UBND Thành phố Hồ Chí Minh`: the place's own words (`tỉnh Đắk Lắk`) are a
# longer phrase than the abbreviated `UBND tỉnh` and win the overlap, leaving `UBND` unread.
_COMMITTEE_BEFORE = re.compile(r"(?<![\w])(?:chủ tịch\s+)?(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd)"
                               r"[^\S\n]+$")  # on one line: not a letterhead's two


def _committees_by_abbreviation(text: str, folded: str, mentions: list[BodyMention],
                                places: dict[int, Phrase]) -> list[BodyMention]:
    """The People's Committee of a place named right after `UBND` where no body was read."""
    found = []
    for place in places.values():
        head = _COMMITTEE_BEFORE.search(folded, max(0, place.start - 30), place.start)
        slug = place.ids.split("|")[0]
        if head is None or "/" in slug or any(m.start < place.end and head.start() < m.end
                                              for m in mentions):
            continue  # a district's committee has a template of its own
        found.append(BodyMention(text=text[head.start():place.end], start=head.start(),
                                 end=place.end, id=f"{slug}/ubnd", name=None,
                                 level="provincial", group=False))
    return found


def _committees_listed_on(mentions: list[BodyMention], text: str, folded: str,
                          places: dict[int, Phrase]) -> list[BodyMention]:
    """`Ủy ban nhân dân thành phố Hà Nội, thành phố Hồ Chí Minh và tỉnh Quảng Ninh`: the places
    listed after a People's Committee named with its place are People's Committees too."""
    return [_committee(text, place, place.ids.split("|")[0])
            for mention in mentions if (mention.id or "").endswith("/ubnd") and not mention.group
            for place in _place_run(folded, mention.end, places)]


def _place_run(folded: str, end: int, places: dict[int, Phrase]) -> list[Phrase]:
    """The places listed on from `end` (`, thành phố Hồ Chí Minh và các tỉnh Bắc Ninh, ...`)."""
    run: list[Phrase] = []
    while (separator := _LIST_SEPARATOR.match(folded, end)) is not None \
            and separator.end() > end:
        place = _next_place(folded, separator.end(), places)
        if place is None:
            break
        run.append(place)
        end = place.end
    return run


def _next_place(folded: str, at: int, places: dict[int, Phrase]) -> Phrase | None:
    """The place a list goes on with at `at`, past `các` and `tỉnh` (`và các tỉnh Bắc Ninh`:
    the place may hold `tỉnh` or not)."""
    more = _MORE_PLACES.match(folded, at)  # all optional: it always matches
    assert more is not None
    cuts = (at, more.end(1) if more.group(1) else at, more.end())
    return next((places[cut] for cut in cuts if cut in places), None)


def _committee(text: str, place: Phrase, slug: str) -> BodyMention:
    """The People's Committee of `slug`, the place's words as written."""
    return BodyMention(text=text[place.start:place.end], start=place.start, end=place.end,
                       id=f"{slug}/ubnd", name=None, level="provincial", group=False)


def _listed_places(text: str, folded: str, places: dict[int, Phrase], central: bool = False
                   ) -> list[BodyMention]:
    """The People's Committees of the provinces a list names as actors (not where something is:
    `trên địa bàn các tỉnh ...`), each mention the place's words as written; the head as a
    group mention for the caller to drop. In a central document, places opening an item act
    too (`Thành phố Hà Nội và các tỉnh Bắc Ninh, Gia Lai đẩy nhanh ...`)."""
    found: list[BodyMention] = []
    after = -1  # the end of the last list read
    for first in places.values():
        if first.start < after:
            continue
        window = max(0, first.start - 60)
        head = _PLACE_HEAD.search(folded, window, first.start + (
            5 if folded.startswith("tỉnh ", first.start) else 0))  # `các tỉnh Nghệ An`
        opening = central and _ITEM_START.search(folded, window, first.start)
        if (head is None and not opening) or (head is not None and _WHERE_BEFORE.search(
                folded, max(0, head.start() - 12), head.start())):
            continue
        run = [first, *_place_run(folded, first.end, places)]
        listed = [_committee(text, p, p.ids.split("|")[0].split("/")[0]) for p in run]
        after = run[-1].end
        if opening and head is None:
            if _ACTS.match(folded, after):
                found += listed
            continue
        if head is not None and (len(listed) >= 2 or head.group(1)):
            end = min(head.end(), first.start)
            words = text[head.start():end].rstrip(" :")
            found.append(BodyMention(text=words, start=head.start(), end=head.start() + len(words),
                                     id=None, name=None, level=None, group=True))
            found += listed
    return found


def _longest_name(folded: str, position: int, kind: str, phrases: PhraseMatcher
                  ) -> tuple[int, str] | None:
    """The end of the longest run of words at `position` that, after `kind` (`sở`), is one body
    of the gazetteer whole, with its ids."""
    words = list(re.finditer(r"[^\s,;.:()]+", folded[position:position + 120]))[:_NAME_WORDS]
    for count in range(len(words), 0, -1):
        if words[count - 1].group(0) == "và":
            continue  # a name does not end with `và`
        end = position + words[count - 1].end()
        candidate = f"{kind} {folded[position:end]}"
        entities = phrases(candidate)
        if len(entities) == 1 and entities[0].label == BODY and entities[0].start == 0 \
                and entities[0].end == len(candidate):
            return end, entities[0].ids
    return None


_CENTRE_BEFORE = re.compile(r"(?:của|với|về|đến|lên|gửi|và|báo cáo|trình|xin ý kiến)\s+$")


def _noun_use(text: str, folded: str, start: int, end: int) -> bool:
    """Bare `Trung ương` names the Party Centre only as a noun (`báo cáo Trung ương`), not in
    `các cơ quan Trung ương`."""
    if folded[start:end] != "trung ương":
        return True
    return text[start].isupper() and bool(_CENTRE_BEFORE.search(folded, max(0, start - 20), start))


def _choose(ids: str, gazetteer: Gazetteer, jurisdiction: str | None) -> str:
    """Of the entries sharing a phrase, the one of the document's level (a district document
    means district bodies by `Huyện ủy`, `Thành ủy` of a district-level city, a commune's its
    own by `Đảng ủy xã`), else any but a district's; in a document
    of a province, the province's own group before a generic phrase (`các sở, ban, ngành` in
    a provincial plan are that province's departments)."""
    options = ids.split("|")
    if len(options) == 1:
        return options[0]
    if jurisdiction:
        own = [o for o in options if "{J}" in o]
        options = own + [o for o in options if "{J}" not in o]
    level = gazetteer.level_of(jurisdiction)
    levels = {o: entry.level for o in options if (entry := gazetteer.bodies.get(o)) is not None}
    own_level = [o for o in levels if levels[o] == level and level in ("district", "commune")]
    not_district = [o for o in levels if levels[o] != "district"]
    return (own_level or not_district or options)[0]


def _place_after(entities: list[Phrase], index: int, end: int) -> Phrase | None:
    """The place named right after a body (`Tỉnh ủy Hậu Giang`)."""
    if index + 1 < len(entities):
        following = entities[index + 1]
        if following.label == PLACE and following.start - end <= 1:
            return following
    return None


def _own_committees(template: str, text: str, folded: str, end: int) -> bool:
    """`Các cơ quan tham mưu, giúp việc Đảng ủy`: the boards of the committee that writes, named
    without its level (a commune's or a district's `Đảng ủy`); `... Tỉnh ủy` names the
    province's whoever writes, and `... Đảng ủy UBND tỉnh` another committee."""
    if not (template.endswith("group/party-boards") and folded.endswith("đảng ủy", 0, end)):
        return False
    after = text[end:end + 12].lstrip(" \t")  # a name or `các ...` after it says whose it is
    return not (after[:1].isupper() or folded[end:end + 12].lstrip(" \t").startswith("các "))


def _instantiate(template_id: str, entry: GazetteerEntry | None, jurisdiction: str | None,
                 gazetteer: Gazetteer, local: bool = False) -> str | None:
    """The body a relative name (`UBND xã`, `Sở Tài chính`) means in this document's place;
    None where no place is known (the mention keeps its words, not a made-up `?/...` id).
    In a commune's document its commune-level bodies (`UBND xã`, `Đảng ủy xã`), and any body
    named with the commune's level word (`local`: `Ủy ban MTTQ xã`), are that commune's; a
    province's body (`Sở Tài chính`, `Tỉnh ủy`) stays the province's. Above the commune, a
    commune body names every commune's: its `collective` group, one identity for `UBND cấp
    xã` and `UBND các xã, phường`; in a district's document, the district's communes."""
    if "{J}" not in template_id:
        return template_id
    if not jurisdiction:
        return None
    level = entry.level if entry else None
    document_level = gazetteer.level_of(jurisdiction)
    if entry is not None and entry.type == "group" and (
            "party-subordinates" in template_id or ("party-boards" in template_id and local)):
        own = True  # the issuer's own subordinates, its own committee's boards
    elif document_level == "commune":
        own = level == "commune" or local
    else:
        own = level == "district"
        if entry is not None and entry.collective and level == "commune":
            template_id = entry.collective  # `UBND cấp xã` in a province's plan: every commune's
        if document_level == "district" and template_id in gazetteer.commune_groups():
            own = True  # `UBND các xã, thị trấn` in a district's plan: the district's communes
    place = jurisdiction if own else jurisdiction.split("/")[0]
    return template_id.replace("{J}", place)


def _resolved(template: str, entry: GazetteerEntry | None, folded: str, span: tuple[int, int],
              where: str | None, gazetteer: Gazetteer, local: bool, placed: bool
              ) -> tuple[int, str | None]:
    """(end, id) of a body found at `span` in `where`: a district's body followed by a
    district's name is that district's (`UBND huyện Đắk R'lấp` in the province's letter), and
    `UBND thành phố` in a province's district-level city that city's, where no place came
    after it (`placed`)."""
    start, end = span
    if not placed and entry is not None and entry.level == "district" and where:
        named = _named_district(folded, end, where, gazetteer)
        if named is not None:
            end, where = named
    body_id = _instantiate(template, entry, where, gazetteer, local=local)
    if not placed and "thành phố" in folded[start:end]:
        body_id = _district_city(template, where, gazetteer) or body_id
    return end, body_id


_DISTRICT_WORD = re.compile(r"[ \t]+[^\W\d_][\w'’-]*")


def _named_district(folded: str, end: int, jurisdiction: str, gazetteer: Gazetteer
                    ) -> tuple[int, str] | None:
    """(end, district id) when a district's body (`UBND huyện`, `Công an huyện`) is followed by
    the bare name of a district of the document's province, its longest run of one to four
    words: that district's body, not the document's own."""
    words: list[re.Match[str]] = []
    at = end
    while len(words) < 4 and (word := _DISTRICT_WORD.match(folded, at)):
        words.append(word)
        at = word.end()
    for last in reversed(words):
        district = gazetteer.district_of(folded[words[0].start():last.end()].strip(),
                                         jurisdiction.split("/")[0])
        if district is not None:
            return last.end(), district
    return None


def _district_city(template: str, where: str | None, gazetteer: Gazetteer) -> str | None:
    """`UBND thành phố` in a document of a district-level city of a province (`thành phố Vũng
    Tàu`, Bà Rịa - Vũng Tàu; before 07/2025) is that city's committee, not the province's: the
    words name a provincial body only in the five centrally-run cities. None elsewhere, or
    where the district tier has no such body."""
    if (not where or not template.startswith("{J}/") or template.startswith("{J}/hu")
            or gazetteer.kinds.get(where) != "thành phố"
            or gazetteer.kinds.get(where.split("/")[0]) != "tỉnh"):
        return None
    counterpart = "{J}/hu/" + template[len("{J}/"):]
    return counterpart.replace("{J}", where) if counterpart in gazetteer.bodies else None


_COMMUNE_LEVEL = re.compile(r"[ \t]+(?:cấp\s+)?(?:xã|phường|đặc khu)(?![\w])(?!\s+hội)")
_NAME_REACH = 40  # how far past a body a commune's name may end


def _commune_bodies(text: str, folded: str, mentions: list[BodyMention], gazetteer: Gazetteer,
                    jurisdiction: str | None) -> list[BodyMention]:
    """In a commune's document, a province's kind of body named with the commune's level
    (`Hội Nông dân xã`, `Ủy ban MTTQ xã`, `HĐND xã`: the gazetteer names them `... tỉnh`) is
    that commune's own; a gazetteer match inside it gives way."""
    stems, regex = gazetteer.commune_forms()
    for match in regex.finditer(folded):
        start, end = match.start(), match.end()
        if any(m.start < end and start < m.end and ((m.start <= start and end <= m.end)
                                                    or not (start <= m.start and m.end <= end))
               for m in mentions):
            continue  # the gazetteer names it whole (`UBND xã`), or a longer body holds it
        template = stems.get(f"{match.group(1)} {'đảng ủy' if match.group(3) else 'xã'}")
        if template is None:  # a stem of the other form only (`ủy ban kiểm tra` + `xã`)
            continue
        entry = gazetteer.bodies.get(template)
        named = _named_commune(text, folded, start, end, gazetteer, jurisdiction)
        end, where = named if named is not None else (end, jurisdiction)
        mentions = [m for m in mentions if not (start <= m.start and m.end <= end)]
        mentions.append(BodyMention(text=text[start:end], start=start, end=end,
                                    id=_instantiate(template, entry, where, gazetteer,
                                                    local=True),
                                    name=entry.name if entry else None, level="commune",
                                    group=False))
    return sorted(mentions, key=lambda m: m.start)


def _named_commune(text: str, folded: str, start: int, end: int, gazetteer: Gazetteer,
                   jurisdiction: str | None) -> tuple[int, str] | None:
    """(end, `<province>/<commune>`) when the commune-level body at [start, end) is followed by
    a commune's name (`UBND xã Lợi Hải`, `Hội Nông dân xã Thuận Bắc`) of the document's
    province (or district): that commune's body, not the document's own commune nor every
    commune."""
    if not jurisdiction:
        return None
    province = jurisdiction.split("/")[0]
    for named_start, named_end, candidates in gazetteer.communes.named(
            folded, start, min(len(folded), end + _NAME_REACH)):
        if named_start < end <= named_end or end <= named_start <= end + 1:
            slugs = dict(candidates)
            if province in slugs:
                return named_end, f"{province}/{slugs[province]}"
    if gazetteer.level_of(jurisdiction) == "district":
        return _districts_commune(text, start, end, jurisdiction)
    return None


# a commune of a district (before 07/2025) named after its body: `UBND xã Quảng Phú`, `Chủ tịch
# UBND thị trấn Đắk Mâm`, `UBND xã Nâm N'Đir` (the level word may end the body's words)
_LEVEL_END = re.compile(r"(?:xã|phường|thị trấn)$", re.I)
_LEVEL_NEXT = re.compile(r"[ \t]+(?:xã|phường|thị trấn)(?![\w])", re.I)
_NAME_WORD = re.compile(r"[ \t]+([^\W\d_][\w'’-]*|\d+)")


def _districts_commune(text: str, start: int, end: int, jurisdiction: str
                       ) -> tuple[int, str] | None:
    """(end, `<province>/<district>/<commune>`) for a commune of the document's district named
    by its capitalised words right after a commune-level body: the communes of three-tier
    government are in no table the project reads, and the gold names them so."""
    if not _LEVEL_END.search(text, start, end):
        level = _LEVEL_NEXT.match(text, end)
        if level is None:
            return None
        end = level.end()
    words: list[re.Match[str]] = []
    while len(words) < 3 and (word := _NAME_WORD.match(text, words[-1].end() if words else end)) \
            and (word.group(1)[0].isupper() or word.group(1).isdigit()):
        words.append(word)
    if not words:
        return None
    name = text[words[0].start(1):words[-1].end()]
    return words[-1].end(), f"{jurisdiction}/{body_slug(name)}"


def _commune_word(folded: str, end: int, gazetteer: Gazetteer, jurisdiction: str | None
                  ) -> int | None:
    """The end of the commune's level word right after a body (`Hội Nông dân| xã`), in a
    commune's document only; None otherwise."""
    if gazetteer.level_of(jurisdiction) != "commune":
        return None
    match = _COMMUNE_LEVEL.match(folded, end)
    return match.end() if match else None


def _group(match: re.Match[str], text: str, jurisdiction: str | None,
           gazetteer: Gazetteer) -> BodyMention:
    phrase = match.group(0)
    members = tuple(dict.fromkeys(
        m.strip() for m in re.split(r",|\bvà\b", re.sub(r"^các\s+|\s+(?:trực thuộc|thuộc)\s+.*$",
                                                          "", phrase)) if m.strip()))
    template = _group_template(members)
    entry = gazetteer.bodies.get(template)
    body_id = _instantiate(template, entry, jurisdiction, gazetteer)
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
    return "{J}/group/" + "-".join(body_slug(m) for m in members)


def named_or_role_filling(bodies: list[BodyMention], tasks: list[Task]) -> list[BodyMention]:
    """The mentions kept: every specific body, and a vague phrase (`các cơ quan liên quan`)
    only where it fills a role of a task."""
    in_roles = {(f.text, f.id) for t in tasks for role in ("lead", "coordinate", "report_to", "via")
                for f in getattr(t, role)}
    return [b for b in bodies if not (b.id or "").startswith("generic/") or (b.text, b.id) in in_roles]
