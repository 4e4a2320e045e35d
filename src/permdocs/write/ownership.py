"""Which files in an output folder permdocs may replace without ``--force``: the one place the
replace rule lives.

A file is permdocs' own when its last manifest (``manifest.json`` or ``letters-manifest.json``)
lists it with the SHA-256 it still has: nobody has touched it since permdocs wrote it, so writing
it again loses nothing, and going from a draft to a final build needs no flag. A manifest itself
is permdocs' own while it reads as one. Anything else that is already there (a document changed
by hand since, a file permdocs never wrote) is kept unless ``--force`` says otherwise, and is
named, so the user knows what would be lost.

One rule stands above this one: a paper recorded as sent is a record, which no build replaces,
``--force`` or not. The builds never offer a sent paper's file for writing (``build.keep``
puts the paper as sent in their place, and only ``--reissue`` writes a new version, keeping the
one sent beside it), so this module never sees it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST_NAMES = ("manifest.json", "letters-manifest.json")
_COMPLETENESS = "completeness.md"


@dataclass(frozen=True)
class Replaceable:
    """What writing ``names`` into a folder would replace, sorted by whether it may."""

    own: tuple[str, ...] = ()
    """Already there, permdocs wrote them and nobody changed them: replaced without --force."""
    changed: tuple[str, ...] = ()
    """permdocs wrote them, but they have been changed since (edited in Word, say)."""
    foreign: tuple[str, ...] = ()
    """Already there and not permdocs' (no manifest lists them)."""

    @property
    def refused(self) -> tuple[str, ...]:
        """What is kept unless --force: changed since permdocs wrote it, or never its own."""
        return self.changed + self.foreign

    def why(self, name: str) -> str:
        """In words, why ``name`` is kept."""
        if name in self.changed:
            return "changed since permdocs wrote it"
        return "not written by permdocs"


def replaceable(out_dir: Path, names: Iterable[str]) -> Replaceable:
    """Sort the ``names`` about to be written into ``out_dir`` by what may be replaced."""
    listed = _listed(out_dir)
    own: list[str] = []
    changed: list[str] = []
    foreign: list[str] = []
    for name in names:
        path = out_dir / name
        if not path.is_file():
            if path.exists():
                foreign.append(name)  # a folder or something else in the way
            continue
        if name in MANIFEST_NAMES:
            (own if _is_manifest(path) else foreign).append(name)
        elif name not in listed:
            foreign.append(name)
        elif _sha256(path) in listed[name]:
            own.append(name)
        else:
            changed.append(name)
    return Replaceable(tuple(own), tuple(changed), tuple(foreign))


def _listed(out_dir: Path) -> dict[str, set[str]]:
    """Every file the folder's manifests list, with each SHA-256 they give it."""
    listed: dict[str, set[str]] = {}
    for manifest in MANIFEST_NAMES:
        payload = _read(out_dir / manifest)
        if payload is None:
            continue
        for entry in payload.get("documents") or []:
            if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                listed.setdefault(entry["path"], set()).add(str(entry.get("sha256")))
        files = payload.get("files")
        if isinstance(files, dict):
            for name, digest in files.items():
                listed.setdefault(str(name), set()).add(str(digest))
        elif manifest == MANIFEST_NAMES[0] and (out_dir / _COMPLETENESS).is_file():
            # Manifests from before "files" was recorded: their completeness.md is permdocs'.
            listed.setdefault(_COMPLETENESS, set()).add(_sha256(out_dir / _COMPLETENESS))
    return listed


def _read(path: Path) -> dict[str, Any] | None:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return payload if isinstance(payload, dict) and "permdocs_version" in payload else None


def _is_manifest(path: Path) -> bool:
    return _read(path) is not None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
