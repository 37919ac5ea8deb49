"""Does a sentence open with a verb? underthesea's POS tagger, its answers kept on disk.

The tasks stage asks the tagger only about capitalised openings its verb lexicon does not know
(two in the seed plan), but importing and loading underthesea costs about 0.6 s, more than a
whole one-document run otherwise takes. The answers are appended to a JSON-lines file in the
cache folder (`Resources.openings`), one line per opening, so a later run, or another worker,
reads them instead of loading the tagger. The file's name carries underthesea's version and this
module's rule version, so a new tagger or a changed rule starts a new file.
"""

from __future__ import annotations

import json
import threading
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .normalize import fold

RULE_VERSION = 1  # bump when `_tag`'s reading of the tags changes
_NOT_ACTIONS = {"là", "có", "được"}  # copulas and auxiliaries tagged V that open no task


def cache_name() -> str:
    """The cache file's name for the installed tagger and this rule."""
    try:
        tagger = version("underthesea")
    except PackageNotFoundError:
        tagger = "none"
    return f"openings-underthesea-{tagger}-r{RULE_VERSION}.jsonl"


class OpeningTagger:
    """POS answers for sentence openings, remembered in memory and (when a path is given) on
    disk. Safe to share between threads; several processes may append to one file."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._answers: dict[str, bool] | None = None
        self._lock = threading.Lock()
        self.misses = 0  # openings the tagger itself answered (for benchmarks)

    def says_verb(self, opening: str) -> bool:
        """Is the first word of `opening` an action verb, by the tagger?"""
        with self._lock:
            answers = self._loaded()
            if opening not in answers:
                self.misses += 1
                answers[opening] = _tag(opening)
                self._append(opening, answers[opening])
            return answers[opening]

    def forget(self) -> None:
        """Answer every opening anew, as a process that has seen none would (benchmarks)."""
        with self._lock:
            self._answers = {}

    def _loaded(self) -> dict[str, bool]:
        """The answers on disk (a line cut short by a crash is skipped)."""
        if self._answers is None:
            self._answers = {}
            if self._path is None:
                return self._answers
            try:
                with open(self._path, encoding="utf-8") as handle:
                    for line in handle:
                        try:
                            opening, answer = json.loads(line)
                        except ValueError:
                            continue
                        self._answers[str(opening)] = bool(answer)
            except OSError:
                pass  # no cache yet, or none readable: the tagger answers
        return self._answers

    def _append(self, opening: str, answer: bool) -> None:
        """One line, written with one `write` in append mode (whole lines even with several
        writers). A cache that cannot be written is no error."""
        if self._path is None:
            return
        line = json.dumps([opening, answer], ensure_ascii=False) + "\n"
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            with open(self._path, "a", encoding="utf-8") as handle:
                handle.write(line)
        except OSError:
            self._path = None


def _tag(opening: str) -> bool:
    from underthesea import pos_tag  # ~0.6 s to import and load: only on a cache miss

    tags = pos_tag(opening)
    return bool(tags) and tags[0][1] == "V" and fold(tags[0][0]) not in _NOT_ACTIONS
