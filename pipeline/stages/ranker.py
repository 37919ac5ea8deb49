"""The learned passage ranker of alignment (`learned`, issue 16): weights over what the other
methods already compute for each (task, passage).

The hand-set methods add their evidence with fixed weights (`outline`: BM25 normalised, half the
reuse share, 0.8 of the section's vote, 0.5 of the heading map). A pairwise logistic regression
(a gold passage against a wrong one of the same task, as RankSVM does) sets those weights, and
those of two signals the fixed sum lacks, from the tune pairs' gold:

- `passage_share`: how much of the passage's own distinctive vocabulary the task holds (a short
  demand restated whole beats a long sentence that shares one rare word);
- `window_vote`: the bullets of the higher text where the best passages of the task's neighbours
  in the plan (two before, two after) lie: plans follow the central text's order bullet by
  bullet, more finely than by sections (`structure`'s vote).

Only the `CANDIDATES` best passages by `combined` are re-scored (the model learned to order
those; below them the evidence is too thin), and the second and third places go to passages
that do not repeat the first (`DIVERSITY`): a task that merges two demands has its gold in two
places, and recall at 3 counts both.

`python -m pipeline train` fits it on the tune pairs (`pipeline.evaluation.ranker`) and writes
`passage_ranker.json` beside the task screen; a run reads the weights and sums (no library).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import ResourceError

RANKER_FILE = "passage_ranker.json"
# What the model weighs, in this order (`PassageIndex.features` computes them).
FEATURES = ("bm25", "reuse", "section_vote", "heading_map", "passage_share", "window_vote")
CANDIDATES = 30  # passages re-scored per task: the best by `combined`
DIVERSITY = 0.2  # places 2 and 3: score (÷ the best) less this × likeness to a passage above
WINDOW = 2  # neighbours on each side whose best passages vote (`window_vote`)
FIT_C = 0.1  # inverse strength of the L2 penalty of the fit


@dataclass(frozen=True)
class PassageRanker:
    """Weights over `FEATURES` (a higher sum ranks a passage higher) and what they came from."""

    weights: tuple[float, ...]
    features: tuple[str, ...] = FEATURES
    candidates: int = CANDIDATES
    diversity: float = DIVERSITY
    trained_on: tuple[str, ...] = ()
    pairs: int = 0  # (gold passage, wrong passage) comparisons fitted
    notes: dict[str, object] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {"kind": "pairwise-logistic-regression", "features": list(self.features),
                "weights": [round(w, 6) for w in self.weights], "candidates": self.candidates,
                "diversity": self.diversity, "trained_on": list(self.trained_on),
                "pairs": self.pairs, "notes": self.notes}


def save_ranker(folder: Path, ranker: PassageRanker) -> Path:
    """Write the ranker beside the packaged pipeline (sorted, rounded: a refit on the same gold
    gives the same bytes)."""
    path = Path(folder) / RANKER_FILE
    path.write_text(json.dumps(ranker.as_json(), ensure_ascii=False, indent=1, sort_keys=True)
                    + "\n", encoding="utf-8")
    load_ranker.cache_clear()
    return path


@lru_cache(maxsize=4)
def load_ranker(folder: Path) -> PassageRanker:
    """The ranker in `folder` (`resources.passage_ranker`: the packaged pipeline's), read once
    per process. A missing or broken file is a `ResourceError` naming it: `learned` never falls
    back silently."""
    path = Path(folder) / RANKER_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        ranker = PassageRanker(weights=tuple(float(w) for w in data["weights"]),
                               features=tuple(data["features"]),
                               candidates=int(data["candidates"]),
                               diversity=float(data["diversity"]),
                               trained_on=tuple(data.get("trained_on", ())),
                               pairs=int(data.get("pairs", 0)), notes=dict(data.get("notes", {})))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise ResourceError(path, f"is not a passage ranker ({type(error).__name__}: {error}); "
                                  "run `python -m pipeline train`") from error
    if ranker.features != FEATURES or len(ranker.weights) != len(FEATURES):
        raise ResourceError(path, f"weighs {list(ranker.features)}, this version computes "
                                  f"{list(FEATURES)}; run `python -m pipeline train`")
    return ranker
