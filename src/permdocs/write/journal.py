"""Putting a whole set of outputs in place as one step that a kill cannot split.

A run's outputs (the documents, ``manifest.json``, ``completeness.md``) and its line in the audit
log belong together: a folder holding some new documents and the old manifest is worse than
either set, since the manifest would vouch for files that are not there. Renaming files one at a
time cannot be made atomic by itself, so the set goes in under a journal:

1. every new file is already on disk under a hidden temporary name (``output._stage``), flushed;
2. the journal, ``.permdocs-journal.json``, is written (itself atomically: a temporary file
   renamed into place) naming each output, its temporary file, the name its earlier version is
   kept under, and the audit log's size before this run's line;
3. each earlier version is kept under a hidden ``.NAME.permdocs-XXXX.old`` name (a hard link, so
   the output's own name never goes missing; a rename where links are not allowed), then the new
   file is renamed over the output's name;
4. the audit line is appended;
5. the journal is removed: this is the moment the new set counts as written;
6. the kept earlier versions are deleted.

If anything fails in steps 3 and 4 while the run is alive (a rename refused, a full disk, Ctrl+C,
SIGTERM), everything done is undone from the journal at once. If the run is killed outright
(SIGKILL, a power cut), the journal stays behind, and the next permdocs run that takes the
folder's lock undoes the same steps before doing anything else (:func:`recover`): every output is
put back from its kept version, every new file that had no earlier version is taken out, the
audit log is cut back to where it was. So at any instant the folder holds the earlier set or the
new one, or a journal that the next run turns back into the earlier set; the message it prints
says so. Hidden temporary and kept files left by a run killed outside a journal (before step 2,
after step 5, or by an older permdocs) are removed, or put back where the output they belong to
is missing, with a message.

``_after_step`` lets the tests stop a run after any step (see ``tests/write/test_robust_kill.py``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import OutputError
from .interrupts import interrupts_held
from .links import append_bytes, is_link, read_bytes, read_tail, sync_folder, truncate

JOURNAL_NAME = ".permdocs-journal.json"
TEMPORARY_TAG = "permdocs-"
"""In every hidden file permdocs makes beside an output: ``.NAME.permdocs-XXXXXXXX.tmp``."""
# Also the names earlier versions of permdocs used, so what they left behind is cleaned up too.
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.(?:permdocs-)?[a-z0-9_]{8}\.tmp")
_KEPT = re.compile(r"\.(?P<name>.+)\.(?:permdocs-)?[0-9a-f]{12}\.old")
_JOURNAL_VERSION = 1

_after_step: Callable[[str], None] | None = None
"""Called with the name of each step once it is done; for the tests' fault injection only."""


def after_step(name: str) -> None:
    """Mark a step done (the tests may stop the run here)."""
    if _after_step is not None:
        _after_step(name)


class AuditLineError(OSError):
    """The audit log could not be added to (the outputs were then put back)."""


@dataclass(frozen=True)
class Placement:
    """One output going into place: names relative to the folder."""

    name: str
    temporary: str
    earlier: str | None
    """Where the output's earlier version is kept meanwhile; None when there was none."""
    sha256: str


@dataclass(frozen=True)
class AuditAddition:
    """The line a run adds to the audit log, and the log's size before it."""

    name: str
    size: int
    line: str
    existed: bool
    """Whether the log was there before (if not, taking the line back removes it)."""


@dataclass(frozen=True)
class Journal:
    placements: tuple[Placement, ...]
    audit: AuditAddition | None

    def as_bytes(self) -> bytes:
        payload = {
            "version": _JOURNAL_VERSION,
            "placements": [asdict(placement) for placement in self.placements],
            "audit": asdict(self.audit) if self.audit is not None else None,
        }
        return (json.dumps(payload, indent=1) + "\n").encode("utf-8")

    @classmethod
    def parse(cls, data: bytes) -> Journal:
        payload = json.loads(data.decode("utf-8"))
        if payload.get("version") != _JOURNAL_VERSION:
            raise ValueError(f"unknown journal version {payload.get('version')!r}")
        placements = tuple(Placement(**entry) for entry in payload["placements"])
        for placement in placements:
            for name in (placement.name, placement.temporary, placement.earlier):
                if name is not None:
                    _check_relative(name)
        audit = payload.get("audit")
        addition = AuditAddition(**audit) if audit else None
        if addition is not None:
            _check_relative(addition.name)
        return cls(placements, addition)


def _check_relative(name: str) -> None:
    """A journal names files inside its folder only: it is read back from disk, so a name that
    climbs out of the folder is refused rather than followed."""
    parts = Path(name).parts
    if not parts or Path(name).is_absolute() or ".." in parts:
        raise ValueError(f"the journal names a file outside its folder: {name!r}")


def earlier_name(name: str) -> str:
    """A fresh hidden name beside ``name`` to keep its earlier version under."""
    path = Path(name)
    return str(path.with_name(f".{path.name}.{TEMPORARY_TAG}{secrets.token_hex(6)}.old"))


def plan(folder: Path, staged: Sequence[tuple[Path, Path, str]]) -> tuple[Placement, ...]:
    """Placements for ``staged`` (temporary file, output, SHA-256), in order."""
    placements = []
    for temporary, target, sha256 in staged:
        name = target.relative_to(folder).as_posix()
        placements.append(
            Placement(
                name=name,
                temporary=temporary.relative_to(folder).as_posix(),
                earlier=earlier_name(name) if os.path.lexists(target) else None,
                sha256=sha256,
            )
        )
    return tuple(placements)


def put_in_place(
    folder: Path,
    placements: Sequence[Placement],
    *,
    audit: tuple[str, bytes] | None,
    journaled: bool,
) -> None:
    """Steps 2 to 6 of the module's docstring. ``audit`` is (log file name, line) to append.

    ``journaled`` is False where no lock protects the folder (a file written outside a case's
    output folder): the set is still all-or-nothing while the run lives, but no journal is left
    for a later run, which could not tell it from another run's work in progress.

    On failure everything is undone and the error raised as it came (the caller words it); if
    even that fails, OutputError says what could not be put back (the journal stays, and the next
    run finishes the job).
    """
    addition = None
    if audit is not None:
        audit_path = folder / audit[0]
        existed = os.path.lexists(audit_path)
        size = audit_path.lstat().st_size if existed else 0
        addition = AuditAddition(audit[0], size, audit[1].decode("utf-8"), existed)
    journal = Journal(tuple(placements), addition)
    try:
        if journaled:
            _write_journal(folder, journal)
            after_step("journal written")
        for placement in placements:
            target = folder / placement.name
            if placement.earlier is not None:
                _keep_earlier(target, folder / placement.earlier)
                after_step(f"kept {placement.name}")
            (folder / placement.temporary).replace(target)
            after_step(f"placed {placement.name}")
        sync_folder(folder)
        if audit is not None:
            try:
                append_bytes(folder / audit[0], audit[1])
            except OSError as exc:
                raise AuditLineError(exc.errno, exc.strerror, audit[0]) from exc
            after_step("audit line added")
    except BaseException as exc:
        with interrupts_held():
            problems = roll_back(folder, journal, journaled=journaled)
        if problems:
            raise OutputError(
                f"{folder}: could not put the outputs in place ({_reason(exc)}), and could not "
                "put back: " + "; ".join(problems),
                hint="run the command again: it first finishes putting the earlier versions back"
                if journaled
                else "rename each kept earlier version back by hand before running again",
            ) from exc
        raise
    with interrupts_held():  # once the journal is gone the new set stands; finish tidying up
        if journaled:
            _remove(folder / JOURNAL_NAME)
            sync_folder(folder)
            after_step("journal removed")
        for placement in placements:
            if placement.earlier is not None:
                with contextlib.suppress(OSError):
                    _remove(folder / placement.earlier)
                after_step(f"removed the earlier {placement.name}")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted"
    return str(exc) or type(exc).__name__


def _keep_earlier(target: Path, kept: Path) -> None:
    """Keep ``target``'s current version under ``kept``: a second name for the same file, so the
    output is never missing; renamed instead where the file system has no hard links."""
    try:
        os.link(target, kept, follow_symlinks=False)
    except (OSError, NotImplementedError):
        target.replace(kept)


def _write_journal(folder: Path, journal: Journal) -> None:
    descriptor, name = tempfile.mkstemp(
        prefix=f"{JOURNAL_NAME}.{TEMPORARY_TAG}", suffix=".tmp", dir=folder
    )
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(journal.as_bytes())
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(folder / JOURNAL_NAME)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    sync_folder(folder)


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _same_file(a: Path, b: Path) -> bool:
    try:
        first, second = a.lstat(), b.lstat()
    except OSError:
        return False
    return (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def roll_back(folder: Path, journal: Journal, *, journaled: bool = True) -> list[str]:
    """Undo every step ``journal`` records, latest first; returns what could not be undone, in
    words (nothing: the folder is as it was before the run, and the journal is removed)."""
    problems: list[str] = []
    for placement in reversed(journal.placements):
        target = folder / placement.name
        temporary = folder / placement.temporary
        try:
            if placement.earlier is not None:
                kept = folder / placement.earlier
                if os.path.lexists(kept):
                    if _same_file(kept, target):
                        kept.unlink()  # rename() between two names of one file does nothing
                    else:
                        kept.replace(target)
                # else it was never set aside: the output still is its earlier version
            elif not os.path.lexists(temporary) and os.path.lexists(target):
                # The new file went in where there was none before: take it out, if it is ours.
                if not is_link(target) and _sha256(target) == placement.sha256:
                    target.unlink()
                else:
                    problems.append(f"{placement.name} (changed since; left as it is)")
            _remove(temporary)
        except OSError as exc:
            kept_name = f", its earlier version is {placement.earlier}" if placement.earlier else ""
            problems.append(f"{placement.name} ({exc.strerror}{kept_name})")
    if journal.audit is not None:
        problem = _take_back_audit_line(folder, journal.audit)
        if problem:
            problems.append(problem)
    sync_folder(folder)
    if journaled and not problems:
        _remove(folder / JOURNAL_NAME)
        sync_folder(folder)
    return problems


def _take_back_audit_line(folder: Path, audit: AuditAddition) -> str:
    path = folder / audit.name
    try:
        if not os.path.lexists(path) or is_link(path):
            return ""
        size = path.lstat().st_size
        if size <= audit.size:
            if not audit.existed and size == 0:
                path.unlink()  # made empty by this run and not yet written to
            return ""
        line = audit.line.encode("utf-8")
        added = read_tail(path, audit.size, size - audit.size)
        if not line.startswith(added):
            return f"{audit.name} (lines were added after this run's; left as it is)"
        if audit.existed:
            truncate(path, audit.size)
        else:
            path.unlink()
    except (OSError, OutputError) as exc:
        return f"{audit.name} ({getattr(exc, 'strerror', None) or exc})"
    return ""


def recover(folder: Path) -> list[str]:
    """Put ``folder`` back in order after a run that was killed there; what was done, in words.

    Call it holding the folder's lock, before anything else is read or written there.
    """
    notices: list[str] = []
    journal_path = folder / JOURNAL_NAME
    if os.path.lexists(journal_path):
        try:
            journal = Journal.parse(read_bytes(journal_path))
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise OutputError(
                f"{journal_path}: a run was stopped while putting its outputs in place, and its "
                f"journal cannot be read ({exc}), so nothing was written",
                hint="check each output against manifest.json, then delete the journal and the "
                "hidden .permdocs- files beside the outputs, and run the command again",
            ) from exc
        problems = roll_back(folder, journal)
        if problems:
            raise OutputError(
                f"{folder}: a run was stopped while putting its outputs in place, and they "
                "could not all be put back: " + "; ".join(problems),
                hint="put back each earlier version named (the hidden .old files) by hand, "
                f"delete {JOURNAL_NAME}, then run the command again; nothing was written",
            )
        count = sum(1 for placement in journal.placements)
        notices.append(
            f"{folder}: an earlier run was stopped while putting its {count} outputs in place; "
            "its changes were undone, so the folder holds the outputs from before it"
        )
    notices += _tidy(folder)
    return notices


def needs_recovery(folder: Path) -> bool:
    """Whether a killed run left anything in ``folder`` (looked at without the lock: taking the
    lock creates its file, which a folder with nothing to put right need not gain)."""
    try:
        names = [path.name for path in folder.iterdir()]
    except OSError:
        return False
    return any(
        name == JOURNAL_NAME or _TEMPORARY.fullmatch(name) or _KEPT.fullmatch(name)
        for name in names
    )


def _tidy(folder: Path) -> list[str]:
    """Hidden temporary and kept files left by a run killed outside a journal."""
    removed: list[str] = []
    put_back: list[str] = []
    try:
        paths = sorted(folder.iterdir())
    except OSError:
        return []
    for path in paths:
        name = path.name
        temporary = _TEMPORARY.fullmatch(name)
        kept = _KEPT.fullmatch(name)
        try:
            if temporary is not None:
                path.unlink()
                removed.append(name)
            elif kept is not None:
                output = folder / kept["name"]
                if os.path.lexists(output):
                    path.unlink()
                    removed.append(name)
                elif not is_link(path):
                    path.replace(output)
                    put_back.append(kept["name"])
        except OSError:
            continue  # left for the next run; it harms nothing meanwhile
    notices = []
    if removed:
        notices.append(
            f"{folder}: removed {len(removed)} hidden file(s) left by an earlier run that was "
            "stopped while writing ("
            + ", ".join(removed[:3])
            + (" ..." if len(removed) > 3 else "")
            + ")"
        )
    if put_back:
        notices.append(
            f"{folder}: put back {', '.join(put_back)}, which an earlier run had set aside when "
            "it was stopped"
        )
    return notices
