"""``permdocs import``: read a child from the council's return, plan, check, and write case.yaml.

Everything happens in memory first: the source files are read (every problem listed at once), the
case is loaded (or started from the blank case of ``permdocs new``), the changes are planned and
made to the text, and the result is checked three ways before anything is written:

1. every comment of the case file is still there;
2. every value is as it was, but those the plan writes, which read back as planned;
3. the case still loads and validates with permdocs' faithful loader.

Only then is case.yaml replaced, atomically, while holding the output folder's lock (so a build
of the same case never runs at the same time), and only if it has not changed since it was read.
The source files are read where they are: nothing of them is copied into the case folder or an
audit log, and a source file inside the case folder is refused, because a return holds other
children's records and the case folder's papers can go to panel.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from ...checks.findings import Finding
from ...errors import (
    CaseDataError,
    CaseFolderError,
    Location,
    PermdocsError,
    Problem,
    SourceDataError,
)
from ...load.files import CASE_FILE_NAMES, LoadedCase, find_case_file
from ...load.reader import dotted_path, parse_yaml
from ...load.validation import validate_case
from ...model import Case
from ...model.case import REFERENCE_PATTERN
from ...model.scaffold import blank_case_yaml
from ...write.output import ensure_output_folder, output_lock, write_all
from .codes import guidance
from .plan import Change, Write, plan_import
from .record import ChildRecord
from .ssd import read_ssd
from .ssda903 import read_ssda903
from .tables import Source, read_source
from .yamledit import edit, item_date, lost_comments, review_position

DatasetName = Literal["903", "ssd"]
DATASETS: dict[str, str] = {"903": "the SSDA903 return", "ssd": "the Standard Safeguarding Dataset"}
SourceInput = Path | str | tuple[str, bytes]
"""A source file: a path (read in place) or an upload as (file name, bytes)."""


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, in a dry run, would do) to a case."""

    case_file: Path
    dataset: str
    child: str
    created: bool
    """The case file did not exist: it is started from the blank case of ``permdocs new``."""
    written: bool
    dry_run: bool
    changes: tuple[Change, ...]
    conflicts: tuple[Finding, ...]
    """Values the case holds that differ from the source, left as typed: warnings for the
    child's social worker, each naming both values and the source row."""
    notes: tuple[str, ...]
    unchanged: int
    files: tuple[str, ...]
    """How each source file was read (its name, encoding, rows), for the report."""
    guidance: str
    text: str = field(repr=False)
    """The case file as written (or as it would be written)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "case_file": str(self.case_file),
            "dataset": self.dataset,
            "child": self.child,
            "created": self.created,
            "written": self.written,
            "dry_run": self.dry_run,
            "changes": [change.as_dict() for change in self.changes],
            "conflicts": [finding.as_dict() for finding in self.conflicts],
            "notes": list(self.notes),
            "unchanged": self.unchanged,
            "files": list(self.files),
            "guidance": self.guidance,
        }


def import_into_case(
    folder: Path | str,
    dataset: DatasetName,
    child: str,
    files: Sequence[SourceInput],
    *,
    replace: bool = False,
    dry_run: bool = False,
    reference: str | None = None,
    today: date | None = None,
) -> ImportResult:
    """Fill a case from the council's own data about ``child`` (their ID in the return, as text).

    ``dataset`` is ``"903"`` (the SSDA903 return: its header and episodes CSV files, optionally
    its reviews file, or its XML form) or ``"ssd"`` (Standard Safeguarding Dataset tables as CSV).
    ``files`` are paths, read where they are, or uploads as (name, bytes).

    Values the case lacks are filled, each with a comment naming its source file and row; values
    the case holds that differ are left, and listed in ``conflicts``, unless ``replace``. With
    ``dry_run`` nothing is written and the result says what would change (the web form shows it
    before the user confirms). A folder without a case file is started from the blank case
    (``reference``: its case reference, default the folder's name).

    Raises SourceDataError listing every problem in the source files, CaseDataError if the case
    file itself is not valid, CaseFolderError / OutputError when it cannot be read or written.
    """
    folder = Path(folder)
    today = today or date.today()
    sources = _sources(folder, files)
    record = _read(dataset, child, sources)
    path, text, raw, created = _case_text(folder, reference)
    loaded = _load(text, path, raw)
    plan = plan_import(
        record, loaded.data, loaded.positions, _validate(loaded), replace=replace, today=today
    )
    new_text, relaid = _edit(path, text, plan.writes) if plan.writes else (text, 0)
    notes = list(plan.notes)
    if relaid:
        notes.append(
            f"{path.name} was laid out in a way the editor could not keep exactly: {relaid}"
            " line(s) changed their indentation only (no value or comment changed)."
        )
    if plan.writes:
        _verify(path, text, new_text, loaded.data, plan.writes)
    written = False
    if not dry_run and (plan.writes or created):
        _write(folder, path, _encode(new_text, raw), raw if not created else None, created)
        written = True
    return ImportResult(
        case_file=path,
        dataset=DATASETS[dataset],
        child=child,
        created=created,
        written=written,
        dry_run=dry_run,
        changes=tuple(plan.changes),
        conflicts=tuple(plan.conflicts),
        notes=tuple(notes),
        unchanged=plan.unchanged,
        files=tuple(record.files),
        guidance=guidance("SSDA903" if dataset == "903" else "SSD"),
        text=new_text,
    )


# ------------------------------------------------------------------------------------ the sources


def _sources(folder: Path, files: Sequence[SourceInput]) -> list[Source]:
    if not files:
        raise SourceDataError(
            [
                Problem(
                    Location(""),
                    "FILES",
                    "no files given",
                    "give the return's files after the case folder",
                )
            ],
            summary="Nothing to import",
        )
    case_folder = folder.resolve()
    problems: list[Problem] = []
    sources: list[Source] = []
    for item in files:
        if isinstance(item, tuple):
            sources.append(read_source(item))
            continue
        path = Path(item)
        if path.resolve() == case_folder or case_folder in path.resolve().parents:
            problems.append(
                Problem(
                    Location(path.name),
                    "",
                    "is inside the case folder",
                    "move it out: a return holds other children's records, and papers in a case"
                    " folder can go to panel; the import reads it where it is",
                )
            )
            continue
        try:
            sources.append(read_source(path))
        except OSError as error:
            problems.append(
                Problem(
                    Location(path.name),
                    "",
                    f"cannot be read ({error.strerror})",
                    "check the path and that you may read the file",
                )
            )
    if problems:
        raise SourceDataError(problems, summary=_count(problems, "in the files given"))
    return sources


def _read(dataset: DatasetName, child: str, sources: list[Source]) -> ChildRecord:
    wanted = child.strip()
    if not wanted:
        raise SourceDataError(
            [Problem(Location(""), "--child", "is empty", "give the child's ID in the return")],
            summary="No child given",
        )
    reader = read_ssda903 if dataset == "903" else read_ssd
    record, problems = reader(sources, wanted)
    if problems:
        raise SourceDataError(problems, summary=_count(problems, f"in {DATASETS[dataset]}"))
    return record


def _count(problems: Sequence[Problem], where: str) -> str:
    return f"{len(problems)} problem{'s' if len(problems) != 1 else ''} {where}"


# --------------------------------------------------------------------------------------- the case


def _case_text(folder: Path, reference: str | None) -> tuple[Path, str, bytes, bool]:
    """(case file path, its text with \\n line ends and no byte-order mark, its bytes, whether it
    is new)."""
    if folder.is_file():
        raise CaseFolderError(
            f"{folder}: is a file, not a case folder", hint="give the folder that holds case.yaml"
        )
    existing = [name for name in CASE_FILE_NAMES if (folder / name).is_file()]
    if not existing:
        chosen = reference or folder.resolve().name
        if not REFERENCE_PATTERN.fullmatch(chosen):
            raise CaseFolderError(
                f"'{chosen}' cannot be used as a case reference",
                hint="give --reference with letters, digits, '.', '_' or '-' only (at most 40),"
                " e.g. --reference PF-2026-0150",
            )
        return folder / "case.yaml", blank_case_yaml(chosen), b"", True
    path = find_case_file(folder)
    if path.suffix == ".json":
        raise CaseFolderError(
            f"{path}: the import writes YAML with comments, and this case is kept as JSON",
            hint="type the values into case.json yourself, or keep the case as case.yaml",
        )
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CaseFolderError(
            f"{path}: cannot be read ({error.strerror})", hint="check the file's permissions"
        ) from error
    try:
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        text = ""  # the faithful loader reports it, with its place
    return path, text.replace("\r\n", "\n"), raw, False


def _load(text: str, path: Path, raw: bytes) -> LoadedCase:
    if raw:
        from ...load.files import load_case_file

        loaded = load_case_file(path)
        if loaded.sha256 != hashlib.sha256(raw).hexdigest():
            raise CaseFolderError(
                f"{path}: changed while it was being read", hint="run the import again"
            )
        return loaded
    data, positions = parse_yaml(text, path.name)
    return LoadedCase(
        folder=path.parent,
        path=path,
        data=data,
        positions=positions,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _validate(loaded: LoadedCase) -> Case:
    try:
        return validate_case(loaded)
    except CaseDataError as error:
        raise CaseDataError(
            error.problems,
            summary=f"{error.message}; correct the case file first (the import changes only a"
            " valid case)",
        ) from None


# ------------------------------------------------------------------------------------ the checks


def _edit(path: Path, text: str, writes: Sequence[Write]) -> tuple[str, int]:
    try:
        return edit(text, writes)
    except Exception as error:  # a bug in the editing: refused like a failed check, not a crash
        raise _guard(path, f"{type(error).__name__}: {error}") from error


def _verify(
    path: Path, before: str, after: str, data: dict[str, Any], writes: Sequence[Write]
) -> None:
    """Refuse (EditError as a PermdocsError) unless the new text keeps every comment and every
    other value, reads back the written values, and validates."""
    lost = lost_comments(before, after)
    if lost:
        raise _guard(path, f"it would lose {len(lost)} comment(s), the first being {lost[0]!r}")
    try:
        new_data, positions = parse_yaml(after, path.name)
    except CaseDataError as error:
        raise _guard(path, f"the edited file would not load: {error.problems[0]}") from None
    expected = _expected(data, writes)
    if new_data != expected:
        where = _first_difference(expected, new_data, ())
        raise _guard(path, f"{where or 'a value'} would not read back as planned")
    loaded = LoadedCase(path.parent, path, new_data, positions, "")
    try:
        validate_case(loaded)
    except CaseDataError as error:
        raise _guard(path, f"the edited case would not be valid: {error.problems[0]}") from None


def _guard(path: Path, why: str) -> PermdocsError:
    return PermdocsError(
        f"{path}: the import could not edit the case file safely: {why}; nothing was written",
        hint="type the values in yourself (run the import with --dry-run to list them), and"
        " report this to whoever supports permdocs",
    )


def _expected(data: dict[str, Any], writes: Sequence[Write]) -> dict[str, Any]:
    """The case's data as the faithful loader will read it once ``writes`` are made."""
    expected = copy.deepcopy(data)
    for write in writes:
        value = write.value.isoformat() if isinstance(write.value, date) else write.value
        if write.review:
            child = expected.setdefault("child", {})
            reviews = child.get("lac_reviews")
            if not isinstance(reviews, list):
                reviews = child["lac_reviews"] = []
            dates = [
                item_date(item.get("date")) if isinstance(item, dict) else None for item in reviews
            ]
            assert isinstance(write.value, date)
            reviews.insert(review_position(dates, write.value), {"date": value})
            continue
        node = expected
        for key in write.path[:-1]:
            if not isinstance(node.get(key), dict):
                node[key] = {}
            node = node[key]
        node[write.path[-1]] = value
    return expected


def _first_difference(expected: Any, actual: Any, path: tuple[str | int, ...]) -> str:
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in list(expected) + [k for k in actual if k not in expected]:
            if expected.get(key) != actual.get(key):
                return _first_difference(expected.get(key), actual.get(key), (*path, key))
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for index, (a, b) in enumerate(zip(expected, actual, strict=True)):
            if a != b:
                return _first_difference(a, b, (*path, index))
    return dotted_path(path)


# ------------------------------------------------------------------------------------- the write


def _encode(text: str, raw: bytes) -> bytes:
    """The text in the file's own form: its byte-order mark and Windows line ends kept."""
    if b"\r\n" in raw:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if raw.startswith(b"\xef\xbb\xbf") else data


def _write(folder: Path, path: Path, data: bytes, original: bytes | None, created: bool) -> None:
    ensure_output_folder(folder)
    with output_lock(folder / "out"):
        if created:
            if any((folder / name).exists() for name in CASE_FILE_NAMES):
                raise CaseFolderError(
                    f"{folder}: a case file appeared while the import ran",
                    hint="run the import again; nothing was written",
                )
        else:
            try:
                current = path.read_bytes()
            except OSError as error:
                raise CaseFolderError(
                    f"{path}: cannot be read again ({error.strerror})",
                    hint="run the import again; nothing was written",
                ) from error
            if current != original:
                raise CaseFolderError(
                    f"{path}: was changed by someone or something else while the import ran",
                    hint="run the import again; nothing was written",
                )
        write_all(folder, {path.name: data}, force=not created)
        if created:
            ensure_output_folder(folder / "attachments")
