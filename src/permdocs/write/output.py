"""Writing outputs without ever losing anything.

Everything is produced in memory first. Here it is written all-or-nothing: every file goes to a
hidden temporary name in the destination folder, flushed to disk, and only when all are there
does the set go into place, with the run's audit line, as one step (``journal``): a failure, an
interrupt or a kill at any moment leaves the earlier set or the new one, never a mix. An
existing file is replaced without ``force`` only when it is permdocs' own and unchanged since
(``ownership.replaceable``); a file open in Word (its ``~$`` owner file beside it)
is never replaced at all, and nothing is ever written through a symbolic link (``links``). A lock
stops two runs writing one folder at once; it is the operating system's, so a crashed run never
leaves it held, and whoever takes it next first puts right whatever a killed run left
(``journal.recover``). The folders permdocs creates and the files it writes are readable by
their owner only, and an output folder found open to others is made so.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from filelock import FileLock, Timeout

from ..errors import OutputError
from . import journal
from .links import OWNER_ONLY_FILE, is_link, link_error, refuse_link
from .ownership import replaceable

LOCK_NAME = ".permdocs.lock"
_OWNER_ONLY_DIR = 0o700
_OWNER_ONLY_FILE = OWNER_ONLY_FILE


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
def output_lock(folder: Path) -> Iterator[list[str]]:
    """Hold the output folder's lock; a second run on the same folder stops with a clear message.

    The lock is the operating system's (filelock: ``flock`` on Linux and macOS, ``msvcrt`` on
    Windows), so a run that is killed or crashes releases it with its process and never blocks
    the next one. Its file, ``.permdocs.lock``, is left in place and holds nothing.

    Once the lock is held, whatever a killed run left is put right (``journal.recover``) and an
    output folder open to others is made owner-only; the block receives the list of notices
    saying what was done, to pass on to the user.
    """
    refuse_link(folder, "the output folder")
    ensure_output_folder(folder)
    key = _held_key(folder)
    ours = _is_outputs_folder(folder)  # before the lock's file makes every folder look ours
    lock_path = folder / LOCK_NAME
    refuse_link(lock_path, "the output folder's lock")
    lock = FileLock(lock_path, timeout=0, mode=_OWNER_ONLY_FILE, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise OutputError(
            f"{folder}: another permdocs run is writing to this folder",
            hint="wait for it to finish, then run the command again; nothing was written",
        ) from None
    except OSError as exc:
        if is_link(lock_path):
            raise link_error(lock_path, "the output folder's lock") from exc
        raise OutputError(
            f"{folder}: cannot write there ({exc.strerror})",
            hint="check the folder's permissions, or use --out; nothing was written",
        ) from exc
    _held.add(key)
    try:
        notices = _tighten(folder) if ours else []  # another folder: ``settle`` reported it
        notices += journal.recover(folder)
        yield notices
    finally:
        _held.discard(key)
        lock.release()


_held: set[tuple[int, int, str]] = set()
"""The folders whose lock this process holds, by thread: ``write_all`` journals its writes there."""


def _held_key(folder: Path) -> tuple[int, int, str]:
    return (os.getpid(), threading.get_ident(), os.path.normcase(str(folder.resolve())))


def settle(folder: Path) -> list[str]:
    """Before a run reads anything from an output folder: make it owner-only if it is open to
    others, and put right what a killed run left there (see ``journal.recover``); return what was
    done, in words.

    The lock is taken only when a killed run left something (taking it creates its file, which a
    folder with nothing to put right need not gain), and nothing happens when another run holds
    it (that run is the one writing there, and whoever takes the lock next puts things right).
    """
    if not folder.is_dir() or is_link(folder):
        return []
    notices = _tighten(folder)
    if not journal.needs_recovery(folder):
        return notices
    try:
        with output_lock(folder) as recovered:
            return notices + recovered
    except OutputError as error:
        if "another permdocs run" in error.message:
            return notices
        raise


def _tighten(folder: Path) -> list[str]:
    """An output folder readable or writable by others (made by hand, or copied) is made
    owner-only, since its files hold a child's details; if that fails, or the folder is not
    permdocs' own (see :func:`_is_outputs_folder`), it is reported instead."""
    if os.name != "posix":
        return []
    mode = stat.S_IMODE(folder.stat().st_mode)
    if not mode & 0o077:
        return []
    if not _is_outputs_folder(folder):
        # A folder given with --out that holds other things (a shared Documents folder) is the
        # user's to set: reported, not changed.
        return [
            f"{folder} can be read by other users of this computer (permissions {mode:o}); "
            "the documents in it can be too. Make it owner-only (chmod 700) or write to "
            "another folder with --out"
        ]
    try:
        folder.chmod(_OWNER_ONLY_DIR)
    except OSError as exc:
        return [
            f"{folder} can be read by other users of this computer (permissions {mode:o}), and "
            f"could not be made owner-only ({exc.strerror}); ask its owner to run: chmod 700 "
            f"'{folder}'"
        ]
    return [
        f"{folder} could be read by other users of this computer (permissions {mode:o}); it is "
        "now owner-only (700)"
    ]


_OUTPUT_MARKS = (LOCK_NAME, "manifest.json", "audit.jsonl", "letters-manifest.json")


def _is_outputs_folder(folder: Path) -> bool:
    """A case's ``out/`` or a folder permdocs has written into before: its to tighten."""
    return folder.name == "out" or any((folder / name).exists() for name in _OUTPUT_MARKS)


def check_replaceable(folder: Path, names: Iterable[str], *, force: bool) -> None:
    """Refuse before writing anything if an output is a symbolic link or open in Word, or (without
    force) if one is already there that permdocs may not replace: changed since permdocs wrote
    it, or never its own (see :func:`ownership.replaceable`). Its own unchanged outputs are
    replaced."""
    names = list(names)
    for name in names:
        refuse_link(folder / name)
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


def write_all(
    folder: Path,
    files: Mapping[str, bytes],
    *,
    force: bool,
    audit: tuple[str, bytes] | None = None,
) -> list[Path]:
    """Write every file or none, with ``audit`` = (log name, line) appended as part of the same
    step. Names are relative to ``folder``. Returns the written paths.

    Holding the folder's ``output_lock``, the set goes in under a journal, so even a kill
    leaves the earlier set or the new one (see ``journal``); without the lock (a file written
    outside a case's output folder), it is still all or nothing while the run lives.
    """
    # Made absolute first: the journal names each file relative to the folder, and a relative or
    # empty folder (a file written into the current directory) has no such relation.
    # Not resolve(): a link must stay visible to refuse_link below.
    folder = Path(os.path.abspath(folder))  # noqa: PTH100
    names = list(files)
    refuse_link(folder, "the output folder")
    check_replaceable(folder, names, force=force)
    if audit is not None:
        refuse_link(folder / audit[0], "the audit log")
    staged: list[tuple[Path, Path, str]] = []
    try:
        for name, data in files.items():
            target = folder / name
            _make_folders(target.parent)
            staged.append((_stage(target, data), target, hashlib.sha256(data).hexdigest()))
            journal.after_step(f"staged {name}")
        placements = journal.plan(folder, staged)
    except BaseException as exc:  # an interrupted run leaves no temporary file either
        _discard(temporary for temporary, _, _ in staged)
        if not isinstance(exc, OSError):
            raise
        raise OutputError(
            f"{folder}: could not write the outputs ({exc.strerror})",
            hint="free some disk space or fix the folder's permissions; nothing was changed",
        ) from exc
    journaled = _held_key(folder) in _held
    try:
        journal.put_in_place(folder, placements, audit=audit, journaled=journaled)
    except OutputError:
        raise
    except OSError as exc:
        what = (
            "add this run's line to the audit log"
            if isinstance(exc, journal.AuditLineError)
            else "put the outputs in place"
        )
        raise OutputError(
            f"{folder}: could not {what} ({exc.strerror}), so nothing was written: the earlier "
            "outputs are as they were",
            hint="close any program that has the documents open, check the folder's "
            "permissions and free space; nothing was changed",
        ) from exc
    return [target for _, target, _ in staged]


def _discard(temporaries: Iterable[Path]) -> None:
    for temporary in temporaries:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _stage(target: Path, data: bytes) -> Path:
    """Write ``data`` to a hidden temporary file beside ``target``, flushed to disk.

    ``mkstemp`` creates it exclusively (never through a link), and its permissions are set on the
    open file, not by name, so nothing swapped in meanwhile is touched.
    """
    descriptor, name = tempfile.mkstemp(
        prefix=f".{target.name}.{journal.TEMPORARY_TAG}", suffix=".tmp", dir=target.parent
    )
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), _OWNER_ONLY_FILE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if not hasattr(os, "fchmod"):  # pragma: no cover - Windows
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
