"""LibreOffice's private work folders: marked in use while a run has them, and those of runs
killed outright removed by the next.

A conversion copies the child's documents into a folder in the system's temporary folder, with
LibreOffice's profile beside them, and removes it when it ends, Ctrl+C, SIGTERM and SIGHUP
included. A run killed outright (SIGKILL, out of memory, a power cut) cannot, and the copies
would stay for good. So each folder holds a lock file, held for as long as its run lives (the
operating system's lock, released with the process however it ends), and every converter
starting looks for this account's folders whose lock nobody holds and removes them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

from filelock import FileLock, Timeout

PREFIX = "permdocs-soffice-"
_IN_USE = ".in-use"
_UNMARKED_AFTER = 24 * 3600
"""A folder with no lock file at all (made by an older permdocs) counts as left after a day."""


class WorkFolder:
    """A new private work folder, marked in use until :meth:`remove`."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=PREFIX))
        self._lock = FileLock(self.path / _IN_USE, timeout=0, mode=0o600, thread_local=False)
        self._lock.acquire()

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        self._lock.release()
        with contextlib.suppress(OSError):
            shutil.rmtree(self.path)  # where the lock file outlived the first pass (Windows)


def remove_left_behind() -> list[str]:
    """Remove this account's work folders whose runs were killed; what was removed, in words."""
    removed: list[Path] = []
    try:
        candidates = sorted(Path(tempfile.gettempdir()).glob(PREFIX + "*"))
    except OSError:
        return []
    for folder in candidates:
        if _left_behind(folder):
            shutil.rmtree(folder, ignore_errors=True)
            if not folder.exists():
                removed.append(folder)
    if not removed:
        return []
    return [
        f"removed {len(removed)} temporary folder(s) left in {removed[0].parent} by a PDF "
        "conversion that was stopped outright; they held copies of documents"
    ]


def _left_behind(folder: Path) -> bool:
    try:
        info = folder.lstat()
    except OSError:
        return False
    if folder.is_symlink() or not folder.is_dir():
        return False
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        return False  # another account's: not ours to judge or remove
    marker = folder / _IN_USE
    if not marker.exists():
        return time.time() - info.st_mtime > _UNMARKED_AFTER
    lock = FileLock(marker, timeout=0, thread_local=False)
    try:
        lock.acquire()
    except (Timeout, OSError):
        return False  # in use by a living run
    lock.release()
    return True
