"""Sources stage: the documents each task carries out, nearest first.

A citation inside the task, else one in a heading above it that the heading implements (`... theo
tinh thần Nghị quyết số 21-NQ/TW`), else what the whole document implements (its title or
opening). Offsets are clean offsets, like the references and sections it reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..identity import target_key
from ..normalize import fold
from ..records import Reference, Section, Task, evolve


def link_sources(tasks: list[Task], references: list[Reference], sections: list[Section],
                 text: str) -> list[Task]:
    """Every task with its `sources` (document ids) and `reference_ids` (the citations that say so)."""
    return [_with_sources(task, references, sections, text) for task in tasks]


def _with_sources(task: Task, references: list[Reference], sections: list[Section],
                  text: str) -> Task:
    inside = [i for i, r in enumerate(references) if task.start <= r.start and r.end <= task.end
              and _citable(r)]
    if inside:
        return evolve(task, reference_ids=tuple(inside),
                      sources=_targets(references[i] for i in inside))
    heading_refs = _heading_references(task, references, sections, text)
    if heading_refs:
        return evolve(task, reference_ids=tuple(heading_refs),
                      sources=_targets(references[i] for i in heading_refs))
    implemented = [r for r in references if r.implements]
    return evolve(task, sources=_targets(implemented))


def _citable(reference: Reference) -> bool:
    return reference.target != "self" and reference.form != "bare-number"


def _targets(references: Iterable[Reference]) -> tuple[str, ...]:
    out: list[str] = []
    for reference in references:
        key = target_key(reference)
        if key and key not in out:
            out.append(key)
    return tuple(out)


def _heading_references(task: Task, references: list[Reference], sections: list[Section],
                        text: str) -> list[int]:
    found: list[int] = []
    for section in sections:
        if not (section.start <= task.start < section.end) or section.start == task.start:
            continue
        found += [i for i, r in enumerate(references)
                  if section.start <= r.start and r.end <= section.heading_end and _citable(r)
                  and i not in found
                  and _IMPLEMENTED_IN_HEADING.search(fold(text[section.start:r.start]))]
    return found


# A heading's citation governs the tasks below it when the heading implements it
# (`... theo tinh thần Nghị quyết số 21-NQ/TW`), not when it names a field of work
# (`Công tác tổ chức bộ máy, biên chế, Điều lệ Đảng`).
_IMPLEMENTED_IN_HEADING = re.compile(r"(?:thực hiện|triển khai|quán triệt|cụ thể hóa|theo|"
                                     r"tinh thần|căn cứ)(?![\w])")
