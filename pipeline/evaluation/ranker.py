"""Fitting the `learned` passage ranker (`pipeline.stages.ranker`) on alignment gold.

Only the pairs marked `tune` fit the ranker that ships: a held-out pair must stay a measure of
text nothing was fitted on. Each specific gold task gives comparisons between its candidate
passages (the `CANDIDATES` best by `combined`, as the ranker sees them at run time): a passage
hitting a gold passage against one that does not, as the difference of their features, both
ways round (a pairwise logistic regression without intercept, as RankSVM with a logistic loss).
`leave_one_pair_out` fits one ranker per tune pair on the other tune pairs, for the figure
`evaluate --alignment` reports as `tune-cv`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..resources import Resources
from ..stages.align import METHODS
from ..stages.ranker import CANDIDATES, DIVERSITY, FEATURES, FIT_C, PassageRanker, save_ranker
from .alignment import (
    AlignedPair,
    AlignmentReport,
    GoldPair,
    add_scores,
    hits,
    load_pairs,
    prepare_pairs,
    score_prepared,
)

LEFT_OUT = "tune-cv"  # the split of `learned` scored on each tune pair fitted without it


def comparisons(aligned: AlignedPair, candidates: int = CANDIDATES) -> tuple[Any, Any]:
    """The (feature difference, label) rows of one pair's specific gold tasks."""
    features, combined = aligned.index.features(aligned.tasks)
    spans = [(p.start, p.end) for p in aligned.index.passages]
    rows: list[Any] = []
    for row, link in enumerate(aligned.pair.links):
        if link.kind != "specific" or not link.passages:
            continue
        order = aligned.index.candidates_of(combined[row], candidates)
        right = [i for i in order if any(hits(spans[i], g) for g in link.passages)]
        wrong = [i for i in order if i not in right]
        rows += [features[row, i] - features[row, j] for i in right for j in wrong]
    differences = np.asarray(rows).reshape(-1, len(FEATURES))
    return (np.concatenate([differences, -differences]),
            np.concatenate([np.ones(len(differences)), np.zeros(len(differences))]))


def fit_ranker(prepared: Sequence[AlignedPair]) -> PassageRanker:
    """A ranker fitted on these pairs' gold with scikit-learn's logistic regression (L2, `FIT_C`;
    imported here: only training needs it)."""
    from sklearn.linear_model import LogisticRegression

    parts = [comparisons(aligned) for aligned in prepared]
    matrix = np.concatenate([x for x, _ in parts])
    labels = np.concatenate([y for _, y in parts])
    model = LogisticRegression(C=FIT_C, max_iter=5000, fit_intercept=False).fit(matrix, labels)
    return PassageRanker(weights=tuple(float(w) for w in model.coef_[0]),
                         candidates=CANDIDATES, diversity=DIVERSITY,
                         trained_on=tuple(sorted(a.pair.name for a in prepared)),
                         pairs=len(labels) // 2, notes={"C": FIT_C})


def leave_one_pair_out(prepared: Sequence[AlignedPair]) -> list[tuple[AlignedPair, PassageRanker]]:
    """Each tune pair with a ranker fitted on the other tune pairs (none for fewer than two)."""
    tune = [a for a in prepared if a.pair.split == "tune"]
    if len(tune) < 2:
        return []
    return [(aligned, fit_ranker([a for a in tune if a is not aligned])) for aligned in tune]


def train_ranker(folder: Path, resources: Resources | None = None) -> PassageRanker:
    """Fit the ranker on every tune pair of the alignment gold and write it into `folder`."""
    tune = [pair for pair in load_pairs() if pair.split == "tune"]
    ranker = fit_ranker(prepare_pairs(tune, resources))
    save_ranker(folder, ranker)
    return ranker


def evaluate_with_left_out(pairs: Sequence[GoldPair], resources: Resources | None = None,
                           methods: Sequence[str] = METHODS) -> AlignmentReport:
    """`evaluate_alignment`, and `learned` on each tune pair with a ranker fitted on the other
    tune pairs only (split `tune-cv`: the tune figure that is not a training-set figure)."""
    prepared = prepare_pairs(pairs, resources)
    report = score_prepared(prepared, methods)
    if "learned" in methods:
        for aligned, ranker in leave_one_pair_out(prepared):
            add_scores(report.score(LEFT_OUT, "learned"), aligned,
                       aligned.index.rank_all(aligned.tasks, "learned", ranker=ranker))
    return report
