"""Never through a link: files in an output folder opened without following symbolic links.

Someone who can write to a shared case folder can plant ``out/audit.jsonl`` as a symbolic link to
a file of their choosing, and every later run would append to it with the rights of whoever runs
permdocs. So every file permdocs opens for writing in an output folder is opened with
``O_NOFOLLOW`` (the open fails on a link, whatever happens between a check and the open), and a
path found to be a link is refused with a message instead. New files are always created under a
fresh name (``O_EXCL``) and renamed into place, and a rename replaces a link rather than writing
through it; the names permdocs would replace are checked for links beforehand all the same, so a
planted link is reported rather than silently dropped.

On Windows, where ``O_NOFOLLOW`` does not exist (and making links needs special rights), the
checks are made with ``lstat`` alone.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..errors import OutputError

OWNER_ONLY_FILE = 0o600
NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO planted under a log's name must not hang us


def is_link(path: Path) -> bool:
    return path.is_symlink()


def link_error(path: Path, what: str = "") -> OutputError:
    shown = f"{path} ({what})" if what else str(path)
    return OutputError(
        f"{shown} is a symbolic link; permdocs never writes through a link, so nothing was written",
        hint="delete the link (someone may have put it there to make permdocs write somewhere "
        "else) and run the command again",
    )


def refuse_link(path: Path, what: str = "") -> None:
    """Raise OutputError if ``path`` is a symbolic link (a missing path is fine)."""
    if is_link(path):
        raise link_error(path, what)


def _open(path: Path, flags: int, mode: int = OWNER_ONLY_FILE) -> int:
    try:
        descriptor = os.open(path, flags | NO_FOLLOW | _CLOEXEC | _NONBLOCK, mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP or is_link(path):
            raise link_error(path) from exc
        raise
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise OutputError(
                f"{path} is not an ordinary file, so permdocs will not write to it; nothing was "
                "written",
                hint="move it out of the output folder and run the command again",
            )
        if os.name == "posix" and info.st_mode & 0o077 and info.st_uid == os.geteuid():
            os.fchmod(descriptor, OWNER_ONLY_FILE)  # a log made readable by others is tightened
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def append_bytes(path: Path, data: bytes) -> int:
    """Append ``data`` to ``path`` (created owner-only if missing), flushed to disk, never through
    a link. Returns the file's size before, so the caller can take the addition back.

    ``O_APPEND`` keeps concurrent writers' lines whole, and a short write is completed rather than
    leaving half a line.
    """
    descriptor = _open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        size = os.fstat(descriptor).st_size
        written = 0
        while written < len(data):
            written += os.write(descriptor, data[written:])
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return size


def read_bytes(path: Path) -> bytes:
    """A file's bytes, refusing a link."""
    descriptor = _open(path, os.O_RDONLY)
    try:
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(descriptor)


def read_tail(path: Path, start: int, limit: int) -> bytes:
    """Up to ``limit`` bytes of ``path`` from ``start``, refusing a link."""
    descriptor = _open(path, os.O_RDONLY)
    try:
        if hasattr(os, "pread"):
            return os.pread(descriptor, limit, start)
        os.lseek(descriptor, start, os.SEEK_SET)
        return os.read(descriptor, limit)
    finally:
        os.close(descriptor)


def truncate(path: Path, size: int) -> None:
    """Cut ``path`` back to ``size`` bytes, flushed, refusing a link."""
    descriptor = _open(path, os.O_WRONLY)
    try:
        os.ftruncate(descriptor, size)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (the renames in it) to disk, where the system allows it."""
    if os.name != "posix":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems cannot; the renames themselves are still atomic
    finally:
        os.close(descriptor)
