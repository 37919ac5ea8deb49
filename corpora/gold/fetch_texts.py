#!/usr/bin/env python3
"""Bring the fetched texts the gold annotates onto this machine (stdlib and git only).

Gold files whose source path reads ``fetched:<owner>+<repo>/<file>`` annotate public official
documents taken from a repository outside the shared corpus (an alignment pair names them as its
``local`` or ``central`` side, its ``origin`` keyed by side). The project commits only the
annotations and where each text came from (the source record's ``origin``: repository, commit,
path); the texts themselves live in ``$PIPELINE_FETCHED`` (default ``<repo>/../fetched``).
This script copies each one there from a snapshot of its repository (``$PIPELINE_MIRROR``,
default ``<repo>/../.mirror``, where the snapshot tool leaves ``<owner>+<repo>/repo``, a bare git
directory, or for some repositories ``<owner>+<repo>/repo/.git``), by ``git show
<commit>:<path>``, and checks its sha256. An alignment pair (``alignment/*.jsonl``) names its
fetched sides the same way: ``local``/``central`` with their ``*_sha256`` and, under ``origin``, one
record per fetched side. An origin with a ``member`` is a file inside an archive of the
repository: it is taken out with ``zipfile``/``tarfile``, or ``bsdtar``/``unar`` for other archives
(RAR). A text it cannot bring says why; without them ``evaluate`` scores every other text and names
the ones it left out.

Usage: ``python3 corpora/gold/fetch_texts.py`` (exit 1 when a text is still missing).
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

from check_gold import GOLD_DIR, REPO, fetched_root  # the same folder: where the texts go


def wanted() -> dict[str, dict]:
    """Each fetched text the gold names, with its checksum and origin (first record per text):
    a gold file's source record, or a fetched side of an alignment pair."""
    found: dict[str, dict] = {}
    for path in sorted(GOLD_DIR.glob("*/*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            head = json.loads(lines.readline())
        for source in sources(head):
            if str(source.get("path", "")).startswith("fetched:"):
                found.setdefault(source["path"].split(":", 1)[1], source)
    return found


def sources(head: dict) -> list[dict]:
    """The texts a gold file's first record names: its source record itself, or the two sides of
    an alignment pair (``local``/``central``, with ``<side>_sha256`` and ``origin[<side>]``)."""
    if head.get("layer") != "pair":
        return [head]
    origins = head.get("origin") or {}
    return [{"path": head.get(side, ""), "sha256": head.get(f"{side}_sha256"),
             "origin": origins.get(side)} for side in ("local", "central")]


def take_out(archive: bytes, name: str, member: str) -> bytes | str:
    """One member of an archive the repository keeps; the reason when it cannot be read."""
    try:
        if zipfile.is_zipfile(io.BytesIO(archive)):
            return zipfile.ZipFile(io.BytesIO(archive)).read(member)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            taken = tar.extractfile(member)
            return taken.read() if taken else f"{member} is not a file in {name}"
    except KeyError:
        return f"{name} has no {member}"
    except tarfile.TarError:
        pass  # neither zip nor tar (RAR, 7z): an archiver reads it
    tools = [[tool, "-xOf"] if tool == "bsdtar" else [tool, "-q", "-o", "-"]
             for tool in ("bsdtar", "unar") if shutil.which(tool)]
    if not tools:
        return f"{name} needs bsdtar or unar (apt-get install libarchive-tools or unar)"
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / Path(name).name
        copy.write_bytes(archive)
        for tool in tools:
            done = subprocess.run([*tool, str(copy), member], capture_output=True, check=False)
            if done.returncode == 0 and done.stdout:
                return done.stdout
    return f"{' and '.join(tool[0] for tool in tools)} could not take {member} out of {name}"


def bring(relative: str, source: dict, fetched: Path, mirror: Path) -> str | None:
    """Copy one text into place; None when it is there and whole, else why not."""
    target = fetched / relative
    if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == source["sha256"]:
        return None
    origin = source.get("origin") or {}
    git_dir = mirror / relative.split("/")[0] / "repo"
    if (git_dir / ".git").is_dir():  # some snapshots come as a clone without a work tree
        git_dir = git_dir / ".git"
    if not {"repository", "commit", "path"} <= origin.keys():
        return "its gold record names no repository, commit and path"
    if not git_dir.is_dir() and origin.get("via"):
        return f"it was taken from {origin['via']}; place it at {target} by hand"
    if not git_dir.is_dir():
        return f"no snapshot of {origin['repository']} at {git_dir} (fetch github:{origin['repository']})"
    shown = subprocess.run(["git", f"--git-dir={git_dir}", "show",
                            f"{origin['commit']}:{origin['path']}"], capture_output=True, check=False)
    if shown.returncode != 0:
        return shown.stderr.decode("utf-8", "replace").strip() or "git show failed"
    data: bytes | str = shown.stdout
    if origin.get("member"):
        data = take_out(shown.stdout, origin["path"], origin["member"])
        if isinstance(data, str):
            return data
    if hashlib.sha256(data).hexdigest() != source["sha256"]:
        return f"{origin['path']} at {origin['commit'][:10]} is not the annotated text (sha256)"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return None


def main() -> int:
    fetched = fetched_root()
    mirror = Path(os.environ.get("PIPELINE_MIRROR") or REPO.parent / ".mirror")
    missing = 0
    for relative, source in wanted().items():
        why = bring(relative, source, fetched, mirror)
        if why is not None:
            missing += 1
            print(f"{relative}: not brought: {why}", file=sys.stderr)
    print(f"{len(wanted()) - missing} of {len(wanted())} fetched texts in {fetched}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
