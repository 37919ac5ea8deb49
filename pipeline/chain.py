"""The one meaning of a task's source chain, used by `query sources`, the exports and the graph.

A task's chain is the documents it carries out, nearest first:

1. its own sources (`stages.sources`: a citation in the task, else in a heading above it, else
   what its document implements), the nearest first: a source that another of them implements
   (directly or through other documents) comes after it, then the more local level (commune,
   district, provincial, central, unknown), then the order the text gives;
2. then, breadth first, every document those implement, directly or through other documents,
   each once, up to the top (a government programme implementing a Politburo resolution keeps
   both); it stops only where nothing more is implemented, and never loops.

The walk is the same whatever holds the edges: the store (`query.task_sources`), maps read once
from it (`export`), or a networkx graph (`graph.source_chain`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence

Implements = Callable[[str], Iterable[str]]
Level = Callable[[str], str | None]
LEVEL_ORDER = {"commune": 0, "district": 1, "provincial": 2, "central": 3}


def source_chain(sources: Sequence[str], implements: Implements, level: Level) -> list[str]:
    """The documents a task with `sources` (in the text's order) derives from, nearest first.
    `implements(id)`: the documents `id` implements; `level(id)`: its level, if known."""
    chain: list[str] = []
    seen: set[str] = set()
    frontier = deque(nearest_first(sources, implements, level))
    while frontier:
        current = frontier.popleft()
        if current in seen:
            continue
        seen.add(current)
        chain.append(current)
        frontier.extend(sorted(set(implements(current))))
    return chain


def nearest_first(sources: Sequence[str], implements: Implements, level: Level) -> list[str]:
    """A task's own sources ordered nearest first: a task citing a conclusion and the provincial
    plan that implements it is nearest to the plan; `theo tinh thần Nghị quyết 21-NQ/TW ... và
    hướng dẫn tại Kế hoạch 215-KH/TU` is nearest to the (more local) plan. A source comes after
    every other source that implements it (fewest implementing it first)."""
    unique = list(dict.fromkeys(sources))
    above = {source: upward(source, implements) for source in unique}

    def key(item: tuple[int, str]) -> tuple[int, int, int]:
        rank, source = item
        below = sum(source in above[other] for other in unique if other != source)
        return below, LEVEL_ORDER.get(level(source) or "", len(LEVEL_ORDER)), rank

    return [source for _, source in sorted(enumerate(unique), key=key)]


def upward(document: str, implements: Implements) -> set[str]:
    """Every document `document` implements, directly or through others (itself excluded)."""
    found: set[str] = set()
    frontier = deque([document])
    while frontier:
        for above in implements(frontier.popleft()):
            if above not in found and above != document:
                found.add(above)
                frontier.append(above)
    return found
