"""Measure the NLP alternatives on the gold annotations and keep what is better.

1. Body recognition with the gazetteer EntityRuler behind three tokenizers: spaCy's
   multi-language tokenizer (punctuation split off syllables; the packaged choice), spaCy's
   Vietnamese tokenizer without pyvi (whitespace syllables), and underthesea's word segmentation
   (syllables joined into words, patterns segmented the same way). F1 on the gold body spans and
   speed.
2. Task openings: the verb lexicon alone, underthesea's POS tagger alone, and the lexicon with
   the tagger as fallback (the packaged choice) — how well each recognises sentences that open a
   gold task (precision/recall/F1 over all sentences of the annotated task parts), and time.

Usage: python benchmarks/compare_nlp.py [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline import evaluation as ev  # noqa: E402
from pipeline.gazetteer import BODY, build_nlp  # noqa: E402
from pipeline.ingest import ingest  # noqa: E402
from pipeline.normalize import fold  # noqa: E402
from pipeline.resources import load_resources  # noqa: E402
from pipeline.stages.clean import clean  # noqa: E402


def f1(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def score_decisions(decide: Callable[[str], bool], samples: list[tuple[str, bool]]
                    ) -> dict[str, float]:
    """Precision, recall and F1 of a yes/no decision over labelled sentences."""
    tp = fp = fn = 0
    for sentence, expected in samples:
        guess = decide(sentence)
        tp += guess and expected
        fp += guess and not expected
        fn += expected and not guess
    return f1(tp, fp, fn)


# ----------------------------------------------------------------------------- bodies
def ruler_spans(nlp: Any, text: str) -> set[tuple[int, int]]:
    doc = nlp(fold(text))
    return {(e.start_char, e.end_char) for e in doc.ents if e.label_ == BODY}


def underthesea_nlp(gazetteer: Any) -> Callable[[str], set[tuple[int, int]]]:
    """Words from underthesea; patterns segmented by underthesea too, matched on words."""
    import spacy
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc
    from underthesea import word_tokenize

    nlp = spacy.blank("xx")
    matcher = PhraseMatcher(nlp.vocab)

    def to_doc(text: str) -> Doc:
        words = word_tokenize(text)
        return Doc(nlp.vocab, words=words, spaces=[True] * len(words))

    patterns = [p for p in gazetteer.patterns() if p["label"] == BODY]
    matcher.add(BODY, [to_doc(p["pattern"]) for p in patterns])

    def spans(text: str) -> set[tuple[int, int]]:
        folded = fold(text)
        words = word_tokenize(folded)
        offsets, position = [], 0
        for word in words:
            found = folded.find(word, position)
            if found < 0:
                found = position
            offsets.append((found, found + len(word)))
            position = found + len(word)
        doc = Doc(nlp.vocab, words=words, spaces=[True] * len(words))
        matches = spacy.util.filter_spans([doc[s:e] for _, s, e in matcher(doc)])
        return {(offsets[m.start][0], offsets[m.end - 1][1]) for m in matches}

    return spans


def compare_bodies(gold: list[Any]) -> list[dict[str, Any]]:
    gazetteer = load_resources().gazetteer
    xx = build_nlp(gazetteer)
    vi = _vi_nlp(gazetteer)
    systems: dict[str, Callable[[str], set[tuple[int, int]]]] = {
        "spaCy xx tokenizer + EntityRuler (packaged)": lambda t: ruler_spans(xx, t),
        "spaCy vi tokenizer (no pyvi) + EntityRuler": lambda t: ruler_spans(vi, t),
        "underthesea word_tokenize + PhraseMatcher": underthesea_nlp(gazetteer),
    }
    texts = [(doc, ingest(doc.file)) for doc in gold if doc.bodies]
    rows = []
    for name, find in systems.items():
        tp = fp = fn = 0
        started = time.perf_counter()
        characters = 0
        for doc, source in texts:
            cleaned = clean(source)
            found = {cleaned.view.span_to_original(s, e) for s, e in find(cleaned.text)}
            characters += len(cleaned.text)
            expected = {(b.start, b.end) for b in doc.bodies}
            if doc.coverage:
                found = {s for s in found if any(a <= s[0] < b for a, b in doc.coverage)}
            tp += len(found & expected)
            fp += len(found - expected)
            fn += len(expected - found)
        seconds = time.perf_counter() - started
        rows.append({"system": name, **f1(tp, fp, fn),
                     "chars_per_s": round(characters / seconds)})
    return rows


def _vi_nlp(gazetteer: Any) -> Any:
    import spacy

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(gazetteer.patterns())
    return nlp


# ----------------------------------------------------------------------------- task openings
_SENTENCE = re.compile(r"[^.;\n]+[.;]?")


def compare_openings(gold: list[Any]) -> list[dict[str, Any]]:
    from underthesea import pos_tag

    from pipeline.stages.tasks import _VERB_AT_START, is_verb_led

    def lexicon(sentence: str) -> bool:
        return bool(_VERB_AT_START.match(fold(sentence.strip())))

    def tagger(sentence: str) -> bool:
        tags = pos_tag(" ".join(sentence.split()[:6]))
        return bool(tags) and tags[0][1] == "V"

    systems = {"verb lexicon": lexicon, "underthesea POS": tagger,
               "lexicon, POS as fallback (packaged)": is_verb_led}
    samples = _opening_samples(gold)
    rows = []
    for name, decide in systems.items():
        started = time.perf_counter()
        scores = score_decisions(decide, samples)
        rows.append({"system": name, **scores, "sentences": len(samples),
                     "ms": round((time.perf_counter() - started) * 1000)})
    return rows


def _opening_samples(gold: list[Any]) -> list[tuple[str, bool]]:
    return [sample for _, sample in _opening_samples_by_doc(gold)]


def _opening_samples_by_doc(gold: list[Any]) -> list[tuple[str, tuple[str, bool]]]:
    """Every sentence inside a gold task, labelled by whether a gold task starts with it."""
    samples = []
    for doc in gold:
        if not doc.tasks:
            continue
        text = ingest(doc.file).text
        starts = {t.start for t in doc.tasks}
        for task in doc.tasks:
            if task.kind not in {"task"}:
                continue
            for match in _SENTENCE.finditer(text, task.start, task.end):
                sentence = match.group(0)
                begin = match.start() + len(sentence) - len(sentence.lstrip())
                if sentence.strip():
                    samples.append((doc.name, (sentence, begin in starts)))
    return samples


def compare_trained(gold: list[Any], seed: int = 0) -> list[dict[str, Any]]:
    """A spaCy text classifier (bag of words) for task openings, trained on the annotated
    documents of even rank and tested on the others, against the packaged rule on the same
    held-out sentences. It would replace the rule only if it scored better."""
    import random

    import spacy
    from spacy.training import Example

    from pipeline.stages.tasks import is_verb_led

    samples = _opening_samples_by_doc(gold)
    names = sorted({name for name, _ in samples})
    train_names = set(names[0::2])
    train = [s for name, s in samples if name in train_names]
    test = [s for name, s in samples if name not in train_names]
    nlp = spacy.blank("xx")
    textcat = nlp.add_pipe("textcat", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
        "no_output_layer": False}})
    textcat.add_label("TASK")
    textcat.add_label("OTHER")
    examples = [Example.from_dict(nlp.make_doc(fold(text)),
                                  {"cats": {"TASK": float(y), "OTHER": float(not y)}})
                for text, y in train]
    random.Random(seed).shuffle(examples)
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(12):
        for batch in spacy.util.minibatch(examples, size=32):
            nlp.update(batch, sgd=optimizer)
    rows = []
    for name, decide in (("trained textcat (bag of words)",
                          lambda t: nlp(fold(t)).cats["TASK"] > 0.5),
                         ("lexicon, POS as fallback (packaged)", is_verb_led)):
        rows.append({"system": name, **score_decisions(decide, test),
                      "train_sentences": len(train), "test_sentences": len(test)})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    gold = ev.load_gold()
    result = {"bodies": compare_bodies(gold), "task_openings": compare_openings(gold),
              "task_openings_held_out": compare_trained(gold)}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    for title, rows in result.items():
        print(f"\n{title}\n")
        keys = list(rows[0])
        print("| " + " | ".join(keys) + " |")
        print("|" + "---|" * len(keys))
        for row in rows:
            print("| " + " | ".join(str(row[k]) for k in keys) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
