"""Finding case folders under a root (for ``batch`` and ``tracker``), and how many processes to use.

Light on purpose: the tracker imports this without any of the document machinery.
"""

from __future__ import annotations

import os
from pathlib import Path

from .files import CASE_FILE_NAMES

SKIPPED_FOLDERS = frozenset({"out"})


CASE_ONLY_SKIPPED = frozenset({"attachments"})


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def find_case_folders(root: Path) -> list[Path]:
    """Every case folder under ``root`` (``root`` itself included), in path order.

    A case folder holds case.yaml, case.yml or case.json. Hidden folders and ``out/`` folders are
    not searched, nor a case folder's ``attachments/``. Symbolic links to folders are followed,
    each real folder once; folders that cannot be read are passed over.
    """
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    pending = [Path(root)]
    while pending:
        folder = pending.pop()
        try:
            stat = folder.stat()
            if (stat.st_dev, stat.st_ino) in seen:
                continue
            seen.add((stat.st_dev, stat.st_ino))
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError:
            continue
        files = {entry.name for entry in entries if _is_file(entry)}
        case = any(name in files for name in CASE_FILE_NAMES)
        if case:
            found.append(folder)
        for entry in reversed(entries):
            name = entry.name
            if name.startswith(".") or name in SKIPPED_FOLDERS:
                continue
            if case and name in CASE_ONLY_SKIPPED:
                continue
            if _is_dir(entry):
                pending.append(Path(entry.path))
    return sorted(found, key=lambda path: path.parts)


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
