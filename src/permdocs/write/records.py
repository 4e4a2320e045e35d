"""Adding to the case's record of its papers (``CASE_DIR/record/``; read by ``load.records``).

The log ``papers.jsonl`` is only ever appended to (``O_APPEND``: a line is never rewritten, and
two writers' lines stay whole). Copies of sent papers and of the case files they were made from
are named by their SHA-256, so they can never collide, and are written once. Everything is
owner-only (folders 0700, files 0600) and written without following symbolic links: each folder
is opened with ``O_NOFOLLOW`` and each file created relative to it, so a link planted in the
record (to send a copy of a child's papers elsewhere, or to overwrite another file) is refused,
never followed.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import hashlib
import json
import os
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from ..errors import RecordError
from ..load.records import CASES_DIR, EVENTS_NAME, RECORD_DIR, SENT_DIR, Event

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_DIR_FD = os.open in os.supports_dir_fd and os.mkdir in os.supports_dir_fd


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def account() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return f"uid:{os.getuid()}" if hasattr(os, "getuid") else "unknown"


@contextlib.contextmanager
def _folder(parent: Path | int, name: str, shown: Path) -> Iterator[int]:
    """Open (creating owner-only) the folder ``name`` in ``parent`` (a path or a folder's
    descriptor), refusing a symbolic link; yields its descriptor."""
    where = {"dir_fd": parent} if isinstance(parent, int) else {}
    target = name if isinstance(parent, int) else str(parent / name)
    try:
        with contextlib.suppress(FileExistsError):
            os.mkdir(target, 0o700, **where)  # noqa: PTH102 - relative to a folder's descriptor
        descriptor = os.open(target, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, **where)
    except OSError as exc:
        raise _refused(shown, exc) from exc
    try:
        yield descriptor
    finally:
        os.close(descriptor)


def _refused(path: Path, exc: OSError) -> RecordError:
    if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
        return RecordError(
            f"{path}: is a symbolic link (or not a folder), so the record of this case's papers"
            " was not written",
            hint="the record is written only into a real folder inside the case folder; remove"
            " the link and run the command again",
        )
    return RecordError(
        f"{path}: cannot write the record of this case's papers ({exc.strerror})",
        hint="check the case folder's permissions and free space, then run the command again",
    )


def _open(record: Path) -> contextlib.AbstractContextManager[int]:
    # Windows has no descriptors for folders: refuse a link by looking first.
    if not _DIR_FD and record.is_symlink():
        raise _refused(record, OSError(errno.ELOOP, "symbolic link"))
    return _folder(record.parent, record.name, record)


def append_event(case_folder: Path, event: Event) -> None:
    """Append one line to ``record/papers.jsonl``."""
    record = case_folder / RECORD_DIR
    line = (json.dumps(event.as_json(), ensure_ascii=False, sort_keys=True) + "\n").encode()
    with _open(record) as folder:
        try:
            descriptor = _create(folder, record, EVENTS_NAME, os.O_WRONLY | os.O_APPEND)
        except OSError as exc:
            raise _refused(record / EVENTS_NAME, exc) from exc
        try:
            written = 0
            while written < len(line):  # a short write must not leave half a line
                written += os.write(descriptor, line[written:])
            os.fsync(descriptor)
        except OSError as exc:
            raise _refused(record / EVENTS_NAME, exc) from exc
        finally:
            os.close(descriptor)


def _create(folder: int, record: Path, name: str, flags: int) -> int:
    """Open ``name`` in the folder ``folder`` for writing, creating it owner-only, never through
    a link."""
    if _DIR_FD:
        descriptor = os.open(name, flags | os.O_CREAT | _NOFOLLOW, 0o600, dir_fd=folder)
    else:  # pragma: no cover - Windows
        descriptor = os.open(record / name, flags | os.O_CREAT, 0o600)
    with contextlib.suppress(OSError):
        os.fchmod(descriptor, 0o600)
    return descriptor


def keep_sent_copy(case_folder: Path, file_name: str, data: bytes) -> Path:
    """Keep the bytes of a sent paper in ``record/sent/<sha256>.<ext>``; returns its path."""
    name = hashlib.sha256(data).hexdigest() + Path(file_name).suffix
    return _keep(case_folder, SENT_DIR, name, data)


def keep_case_copy(case_folder: Path, case_file: Path, sha256: str, data: bytes) -> Path:
    """Keep the case file a paper was made from in ``record/cases/<sha256>.<ext>``."""
    return _keep(case_folder, CASES_DIR, sha256 + (case_file.suffix or ".yaml"), data)


def _keep(case_folder: Path, subfolder: str, name: str, data: bytes) -> Path:
    record = case_folder / RECORD_DIR
    shown = record / subfolder / name
    with _open(record) as outer:
        where: Path | int = outer if _DIR_FD else record
        with _folder(where, subfolder, record / subfolder) as folder:
            try:
                if _exists_same(folder, record / subfolder, name, data):
                    return shown
                temporary = f".{name}.{secrets.token_hex(6)}.tmp"
                descriptor = _create(folder, record / subfolder, temporary, os.O_WRONLY | os.O_EXCL)
                try:
                    os.write(descriptor, data)
                    os.fsync(descriptor)
                finally:
                    os.close(descriptor)
                if _DIR_FD:
                    os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
                else:  # pragma: no cover - Windows
                    (record / subfolder / temporary).replace(shown)
            except OSError as exc:
                raise _refused(shown, exc) from exc
    return shown


def _exists_same(folder: int, where: Path, name: str, data: bytes) -> bool:
    try:
        if _DIR_FD:
            descriptor = os.open(name, os.O_RDONLY | _NOFOLLOW, dir_fd=folder)
        else:  # pragma: no cover - Windows
            descriptor = os.open(where / name, os.O_RDONLY)
    except FileNotFoundError:
        return False
    with os.fdopen(descriptor, "rb") as handle:
        if handle.read() == data:
            return True
    raise RecordError(
        f"{where / name}: a kept copy differs from the paper it is named after",
        hint="the record has been changed by hand; restore it from a backup before going on",
    )
