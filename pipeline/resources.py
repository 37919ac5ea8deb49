"""What the pipeline reads besides the documents: the knowledge base, the gazetteer and the
packaged pipeline's phrase matcher. The one module that knows where they are and reads the
environment for them.

Where each comes from, first found wins:

1. the folder passed in (`load_resources(kb_dir=..., model_dir=...)`, `--kb`);
2. `PIPELINE_KB` / `PIPELINE_MODEL` in the environment (`PIPELINE_CACHE`: where answers kept
   between runs go, see `cache_dir`);
3. the checkout this package runs from (`corpora/kb`, `models/vndoc-bodies`);
4. the copy shipped inside an installed wheel (`pipeline/_data/kb`, `pipeline/_data/model`).

A folder that does not exist, or a base with no document, is a `ResourceError` naming the path
(never a silently empty base). Resources are loaded once per process and folder pair and shared;
each document extracts with an overlay of the base, so what one document teaches it stays there.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ResourceError
from .gazetteer import Gazetteer, load_gazetteer, load_phrases
from .knowledge import KnowledgeBase, load_knowledge_base
from .openings import OpeningTagger, cache_name
from .phrases import PhraseMatcher
from .stages.ranker import PassageRanker, load_ranker
from .stages.screen import Screen, keep_all, load_screen

ENV_KB = "PIPELINE_KB"
ENV_MODEL = "PIPELINE_MODEL"
ENV_CACHE = "PIPELINE_CACHE"
_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent
_CHECKOUT_KB = _CHECKOUT / "corpora" / "kb"
_CHECKOUT_MODEL = _CHECKOUT / "models" / "vndoc-bodies"
_SHIPPED_KB = _PACKAGE / "_data" / "kb"
_SHIPPED_MODEL = _PACKAGE / "_data" / "model"


def default_kb_dir() -> Path:
    """The knowledge base folder used when none is passed in."""
    return _first(os.environ.get(ENV_KB), _CHECKOUT_KB, _SHIPPED_KB)


def default_model_dir() -> Path:
    """The packaged spaCy pipeline used when none is passed in (`python -m pipeline train`
    writes here)."""
    return _first(os.environ.get(ENV_MODEL), _CHECKOUT_MODEL, _SHIPPED_MODEL)


def passage_ranker() -> PassageRanker:
    """Alignment's `learned` ranker packaged beside the pipeline (`passage_ranker.json`, written
    by `train`), read once per process."""
    return load_ranker(default_model_dir())


def cache_dir() -> Path:
    """Where answers worth keeping between runs go: `PIPELINE_CACHE`, else the user's cache
    folder (`$XDG_CACHE_HOME/vndoc`, `~/.cache/vndoc`)."""
    configured = os.environ.get(ENV_CACHE)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "vndoc"


def _first(configured: str | None, checkout: Path, shipped: Path) -> Path:
    """A configured path as given (checked when loaded), else the checkout's, else the wheel's."""
    if configured:
        return Path(configured)
    return checkout if checkout.exists() or not shipped.exists() else shipped


@dataclass
class Resources:
    """The knowledge base, the gazetteer, (loaded on first use) its phrase matcher, and the task
    screen."""

    kb_dir: Path
    model_dir: Path
    kb: KnowledgeBase
    gazetteer: Gazetteer
    _phrases: PhraseMatcher | None = field(default=None, repr=False)
    _openings: OpeningTagger | None = field(default=None, repr=False)
    # the task screen packaged beside the pipeline (`task_screen.json`), or one keeping every task
    screen: Screen = field(default=keep_all, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def phrases(self) -> PhraseMatcher:
        """The gazetteer's phrase matcher, from the packaged pipeline (loaded on first use)."""
        with self._lock:
            if self._phrases is None:
                self._phrases = load_phrases(self.model_dir, self.gazetteer)
            return self._phrases

    @property
    def openings(self) -> OpeningTagger:
        """The POS answers for sentence openings, kept in the cache folder across runs."""
        with self._lock:
            if self._openings is None:
                self._openings = OpeningTagger(cache_dir() / cache_name())
            return self._openings

    @property
    def spec(self) -> tuple[str, str]:
        """What a worker process needs to load the same resources (`load_resources(*spec)`)."""
        return str(self.kb_dir), str(self.model_dir)


_LOADED: dict[tuple[str, str], Resources] = {}
_LOADING = threading.Lock()


def load_resources(kb_dir: str | Path | None = None,
                   model_dir: str | Path | None = None) -> Resources:
    """The resources of these folders (defaults: see the module), loaded once per process."""
    kb_path = Path(kb_dir) if kb_dir is not None else default_kb_dir()
    model_path = Path(model_dir) if model_dir is not None else default_model_dir()
    key = (str(kb_path.resolve()), str(model_path.resolve()))
    with _LOADING:
        if key not in _LOADED:
            _LOADED[key] = _load(kb_path, model_path)
        return _LOADED[key]


def _load(kb_path: Path, model_path: Path, with_screen: bool = True) -> Resources:
    kb = load_knowledge_base(kb_path)
    gazetteer = load_gazetteer(kb_path)
    if not gazetteer.bodies:
        raise ResourceError(kb_path / "bodies.jsonl", "lists no body")
    # the screen read now: a broken one stops the run before any file, not every file on its own
    return Resources(kb_dir=kb_path, model_dir=model_path, kb=kb, gazetteer=gazetteer,
                     screen=load_screen(model_path) if with_screen else keep_all)


def training_resources(kb_dir: str | Path, model_dir: str | Path) -> Resources:
    """Fresh resources of a model folder `train` has just written, without its task screen
    (training passes its own, and must work where the old screen file is broken)."""
    return _load(Path(kb_dir), Path(model_dir), with_screen=False)
