"""The alignment pass's faster paths give the values of the ones they replace (issue 17): the
learned ranker's features read at its candidates against the full matrix, the evidence written
without the JSON encoder."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from pipeline.resources import passage_ranker
from pipeline.stages.align import (
    LocalTask,
    Passage,
    PassageIndex,
    _gram_masks,
    _gram_places,
    _runs,
    _terms_of,
    _words_of,
)
from pipeline.store.alignments import _EVIDENCE, _evidence

SENTENCES = [
    "Nâng cao nhận thức của cán bộ, đảng viên về công tác xây dựng Đảng",
    "Củng cố tổ chức cơ sở đảng, nâng cao chất lượng sinh hoạt chi bộ",
    "Rà soát, sàng lọc, đưa ra khỏi Đảng những đảng viên không còn đủ tư cách",
    "Thực hiện tốt chế độ, chính sách đối với cán bộ cơ sở",
    "Đẩy mạnh tuyên truyền về công tác tổ chức xây dựng Đảng trên báo chí",
    "Quản lý cán bộ, đảng viên đi nước ngoài theo quy định",
    "Đánh giá, quy hoạch, đào tạo, bồi dưỡng, luân chuyển cán bộ",
]


@pytest.mark.parametrize("count", [1, 2, 5, 30])
def test_the_candidates_features_are_the_full_matrix_s_cells(count: int) -> None:
    rng = random.Random(3)
    passages = [Passage(f"c@{i}", "c", "sentence", f"{i % 3 + 1}.{i % 2}", i * 100,
                        i * 100 + 50, text, part_heading=SENTENCES[i % 3])
                for i, text in enumerate(SENTENCES * 3)]
    index = PassageIndex(passages)
    tasks = [LocalTask(f"t{i}", " ".join(rng.sample(SENTENCES, 2)),
                       (SENTENCES[i % 3],), f"{i % 2}") for i in range(12)]
    words = [list(_words_of(t.text)) for t in tasks]
    queries = [list(_terms_of(t.text)) for t in tasks]
    reuse = index._reuse(tasks, words)[0]
    full, combined, held, totals = index._features(tasks, queries, reuse)
    candidates, at, combined_at, held_at, totals_at = index._candidate_features(
        tasks, queries, reuse, count)
    rows = np.arange(len(tasks))[:, None]
    assert candidates.shape == (len(tasks), min(max(count, 2), len(passages)))
    assert full[rows, candidates].tobytes() == at.tobytes()
    weights = np.asarray(passage_ranker().weights)
    assert (full @ weights)[rows, candidates].tobytes() == (at @ weights).tobytes()
    assert combined.tobytes() == combined_at.tobytes() and held.tobytes() == held_at.tobytes()
    assert totals.tobytes() == totals_at.tobytes()


def _positions(mask: int) -> list[int]:
    return [i for i in range(mask.bit_length()) if mask >> i & 1]


def _runs_of_positions(words: list[str], positions: list[int], keep: int = 3
                       ) -> tuple[str, ...]:
    """The evidence as it was read from a set of positions, one by one."""
    runs: list[list[str]] = []
    previous = -2
    for position in sorted(positions):
        if position == previous + 1:
            runs[-1].append(words[position])
        else:
            runs.append([words[position]])
        previous = position
    runs.sort(key=len, reverse=True)
    return tuple(" ".join(run) for run in runs[:keep])


def test_reuse_masks_hold_the_positions_the_runs_cover() -> None:
    text = "a b c d e a b c d f g h i j"
    covered = {position for places in _gram_places(text).values() for start in places
               for position in range(start, start + 4)}
    union = 0
    for mask in _gram_masks(text).values():
        union |= mask
    assert _positions(union) == sorted(covered)


@pytest.mark.parametrize("seed", range(20))
def test_runs_read_from_a_mask_are_those_read_position_by_position(seed: int) -> None:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(rng.randint(0, 70))]
    for _ in range(50):
        mask = rng.getrandbits(len(words)) if words else 0
        assert _runs(words, mask) == _runs_of_positions(words, _positions(mask))


@pytest.mark.parametrize("words", [(), ("",), ("a",), ("đảng bộ", "chi bộ cơ sở"),
                                   ('say "x"',), ("back\\slash",), ("tab\there",),
                                   ("\x01",), ("ü", "é", "a b")])
def test_evidence_is_written_as_the_json_encoder_writes_it(words: tuple[str, ...]) -> None:
    assert _evidence(words) == _EVIDENCE(list(words)) == json.dumps(list(words),
                                                                     ensure_ascii=False)
