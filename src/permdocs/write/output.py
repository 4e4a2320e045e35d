"""Writing outputs without ever losing anything.

Everything is produced in memory first. Here it is written all-or-nothing: every file goes to a
temporary name in the destination folder, and only when all are safely on disk are they renamed
into place. If a rename fails part-way (a file held open on a network share, say), the files
already replaced are put back as they were, so a case's outputs are never a mix of two runs.
An existing file is replaced without ``force`` only when it is permdocs' own and unchanged since
(``ownership.replaceable``); a file open in Word (its ``~$`` owner file beside it) is never
replaced at all. A lock stops two builds of one folder at once; it is the
operating system's, so a crashed run never leaves it held. The folders
permdocs creates and the files it writes are readable by their owner only.

A run killed while renaming (power cut) can leave a hidden ``.NAME.*.old`` file beside an output:
it is that output's earlier version, and is never needed once the run has been repeated.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from filelock import FileLock, Timeout

from ..errors import OutputError
from .ownership import replaceable

LOCK_NAME = ".permdocs.lock"
_OWNER_ONLY_DIR = 0o700
_OWNER_ONLY_FILE = 0o600


def word_owner_file(path: Path) -> Path:
    """The ``~$`` file Word creates beside a document it has open (it drops the first two chars)."""
    stem = path.name
    return path.with_name("~$" + (stem[2:] if len(stem) > 2 else stem))


def ensure_output_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents owner-only (a folder's name may be a child's)."""
    try:
        _make_folders(folder)
    except OSError as exc:
        raise OutputError(
            f"{folder}: cannot create the output folder ({exc.strerror})",
            hint="check you can write there, or choose another folder with --out",
        ) from exc


def _make_folders(folder: Path) -> None:
    missing = [path for path in (folder, *folder.parents) if not path.exists()]
    for path in reversed(missing):
        path.mkdir(mode=_OWNER_ONLY_DIR, exist_ok=True)


@contextlib.contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold the output folder's lock; a second build of the same folder stops with a clear message.

    The lock is the operating system's (filelock: ``flock`` on Linux and macOS, ``msvcrt`` on
    Windows), so a run that is killed or crashes releases it with its process and never blocks
    the next one. Its file, ``.permdocs.lock``, is left in place and holds nothing.
    """
    ensure_output_folder(folder)
    lock = FileLock(folder / LOCK_NAME, timeout=0, mode=_OWNER_ONLY_FILE, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise OutputError(
            f"{folder}: another permdocs run is writing to this folder",
            hint="wait for it to finish, then run the command again; nothing was written",
        ) from None
    except OSError as exc:
        raise OutputError(
            f"{folder}: cannot write there ({exc.strerror})",
            hint="check the folder's permissions, or use --out; nothing was written",
        ) from exc
    try:
        yield
    finally:
        lock.release()


def check_replaceable(folder: Path, names: list[str], *, force: bool) -> None:
    """Refuse before writing anything if an output is open in Word, or (without force) if one
    is already there that permdocs may not replace: changed since permdocs wrote it, or never
    its own (see :func:`ownership.replaceable`). Its own unchanged outputs are replaced."""
    open_in_word = [name for name in names if word_owner_file(folder / name).exists()]
    if open_in_word:
        raise OutputError(
            f"{folder}: {', '.join(open_in_word)} is open in Word (a ~$ file is beside it)",
            hint="close the document in Word, then run the command again; nothing was written",
        )
    if force:
        return
    found = replaceable(folder, names)
    kept = found.refused
    if kept:
        shown = ", ".join(f"{name} ({found.why(name)})" for name in kept[:5])
        more = f" and {len(kept) - 5} more" if len(kept) > 5 else ""
        files = "1 file already exists" if len(kept) == 1 else f"{len(kept)} files already exist"
        them = "it" if len(kept) == 1 else "them"
        raise OutputError(
            f"{folder}: {files} that permdocs may not replace: {shown}{more}",
            hint=f"to keep {them}, move or rename {them} first; to replace {them}, add --force;"
            " or write elsewhere with --out. Nothing was written",
        )


def write_all(folder: Path, files: Mapping[str, bytes], *, force: bool) -> list[Path]:
    """Write every file or none. Names are relative to ``folder``. Returns the written paths."""
    names = list(files)
    check_replaceable(folder, names, force=force)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            target = folder / name
            _make_folders(target.parent)
            staged.append((_stage(target, data), target))
    except BaseException as exc:  # an interrupted run leaves no temporary file either
        _discard(temporary for temporary, _ in staged)
        if not isinstance(exc, OSError):
            raise
        raise OutputError(
            f"{folder}: could not write the outputs ({exc.strerror})",
            hint="free some disk space or fix the folder's permissions; nothing was changed",
        ) from exc
    _commit(folder, staged)
    return [target for _, target in staged]


def _commit(folder: Path, staged: list[tuple[Path, Path]]) -> None:
    """Rename each staged file into place. If one cannot be, every output already replaced gets
    its earlier version back (and a new one is removed), so the folder is as it was."""
    done: list[tuple[Path, Path | None]] = []  # (target, its earlier version set aside)
    try:
        for temporary, target in staged:
            earlier = _set_aside(target)
            try:
                temporary.replace(target)
            except BaseException:
                if earlier is not None:  # the roll-back puts it back
                    done.append((target, earlier))
                raise
            done.append((target, earlier))
    except BaseException as exc:
        not_restored = _roll_back(done)
        _discard(temporary for temporary, _ in staged)
        if not isinstance(exc, OSError):
            raise
        if not_restored:
            raise OutputError(
                f"{folder}: could not put the outputs in place ({exc.strerror}), and could not "
                "put back: " + "; ".join(not_restored),
                hint="rename each kept earlier version back by hand before running again",
            ) from exc
        raise OutputError(
            f"{folder}: could not put the outputs in place ({exc.strerror})",
            hint="close any program that has the documents open and check the folder's "
            "permissions; nothing was changed",
        ) from exc
    for _, earlier in done:
        if earlier is not None:
            with contextlib.suppress(OSError):
                earlier.unlink()


def _set_aside(target: Path) -> Path | None:
    """Rename an existing ``target`` to a hidden name beside it; None if there is none."""
    if not target.exists():
        return None
    earlier = target.with_name(f".{target.name}.{secrets.token_hex(6)}.old")
    target.replace(earlier)
    return earlier


def _roll_back(done: list[tuple[Path, Path | None]]) -> list[str]:
    """Undo the renames in ``done``, latest first; returns what could not be undone, in words."""
    failures = []
    for target, earlier in reversed(done):
        try:
            if earlier is not None:
                earlier.replace(target)
            else:
                target.unlink()
        except OSError as exc:
            kept = f", its earlier version is {earlier.name}" if earlier is not None else ""
            failures.append(f"{target.name} ({exc.strerror}{kept})")
    return failures


def _discard(temporaries: Iterable[Path]) -> None:
    for temporary in temporaries:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _stage(target: Path, data: bytes) -> Path:
    """Write ``data`` to a hidden temporary file beside ``target``, flushed to disk."""
    descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.chmod(_OWNER_ONLY_FILE)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return temporary


def write_new_file(path: Path, data: bytes) -> None:
    """Write one file that must not exist yet (used by ``permdocs new``)."""
    if path.exists():
        raise OutputError(
            f"{path}: already exists", hint="choose another folder; nothing was changed"
        )
    ensure_output_folder(path.parent)
    write_all(path.parent, {path.name: data}, force=False)
