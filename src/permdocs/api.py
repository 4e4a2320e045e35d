"""The public functions. The library does the work and never prints or exits; the CLI calls these."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .loading import LoadedCase, load_case_file
from .model import Case
from .model.case import REFERENCE_PATTERN
from .validation import validate_case

if TYPE_CHECKING:
    from .batch import BatchResult, CaseOutcome
    from .build import BuildResult
    from .checks import Finding
    from .documents import DocumentKind
    from .importing import ImportResult
    from .importing.run import DatasetName, SourceInput
    from .letters_build import LettersResult
    from .pack_build import PackResult
    from .profiles import Profile


@dataclass(frozen=True)
class CaseFolder:
    """A validated case and where it came from."""

    case: Case
    source: LoadedCase

    @property
    def folder(self) -> Path:
        return self.source.folder


def load_case(folder: Path) -> CaseFolder:
    """Read and validate a case folder. Raises CaseDataError / CaseFolderError."""
    loaded = load_case_file(Path(folder))
    return CaseFolder(case=validate_case(loaded), source=loaded)


def case_json_schema() -> dict[str, Any]:
    """The JSON Schema of case files, generated from the models."""
    schema = Case.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "permdocs case file"
    return schema


def case_json_schema_text() -> str:
    return json.dumps(case_json_schema(), indent=2, ensure_ascii=False) + "\n"


def create_case(folder: Path, reference: str) -> Path:
    """Create a case folder with a commented blank case.yaml and attachments/. Never overwrites."""
    from .errors import CaseFolderError
    from .loading import CASE_FILE_NAMES
    from .output import ensure_output_folder, write_new_file
    from .scaffold import blank_case_yaml

    if not REFERENCE_PATTERN.fullmatch(reference):
        raise CaseFolderError(
            f"'{reference}' cannot be used as a case reference",
            hint="use letters, digits, '.', '_' or '-' only (at most 40), "
            "e.g. --reference PF-2026-0150",
        )
    existing = [name for name in CASE_FILE_NAMES if (folder / name).exists()]
    if existing:
        raise CaseFolderError(
            f"{folder}: already holds {existing[0]}",
            hint="choose a new folder name; the existing case was left as it was",
        )
    path = folder / "case.yaml"
    write_new_file(path, blank_case_yaml(reference).encode("utf-8"))
    ensure_output_folder(folder / "attachments")
    return path


def case_profile(folder: CaseFolder, profile: Profile | str | None = None) -> Profile:
    """The council profile to check or build ``folder`` with.

    ``profile`` overrides the case's own (``--profile``): a Profile, or a bundled name or path
    (relative to the working folder). Without it, the case's ``profile:`` is used, a path being
    relative to the case folder. Raises ProfileError / CaseDataError for a bad profile.
    """
    from .profiles import load_profile

    if isinstance(profile, str):
        return load_profile(profile)
    if profile is not None:
        return profile
    return load_profile(folder.case.profile, base=folder.folder)


def check_case(
    folder_or_casefolder: Path | str | CaseFolder,
    *,
    as_of: date | None = None,
    profile: Profile | str | None = None,
) -> list[Finding]:
    """What is owed, late or inconsistent in a case, as of ``as_of`` (default: today).

    Takes a case folder (loaded and validated first, so it raises CaseDataError /
    CaseFolderError as :func:`load_case` does) or an already loaded :class:`CaseFolder`.
    Findings come blockers first, then warnings, then information, each group by owner.
    """
    from .checks import run_checks

    folder = (
        folder_or_casefolder
        if isinstance(folder_or_casefolder, CaseFolder)
        else load_case(Path(folder_or_casefolder))
    )
    chosen = case_profile(folder, profile)
    return run_checks(folder.case, chosen, as_of or date.today())


def blockers_for(findings: Iterable[Finding], kinds: Iterable[str | DocumentKind]) -> list[Finding]:
    """The blockers that stop any of ``kinds`` going out as final (see checks.blockers_for)."""
    from .checks import blockers_for as _blockers_for

    return _blockers_for(findings, kinds)


def build_case(
    folder: Path | str,
    *,
    out: Path | None = None,
    only: Sequence[str] | None = None,
    templates: Path | None = None,
    force: bool = False,
    draft: bool = False,
    as_of: date | None = None,
    profile: Profile | str | None = None,
    command: Sequence[str] = (),
    pack: bool = False,
    pdfa: bool = False,
) -> BuildResult:
    """Render a case's report documents from Word templates and write them with manifest.json.

    Writes into ``folder/out`` (or ``out``) one ``<reference>_<kind>.docx`` per document: every
    report that applies to the case, or just the kinds in ``only``. ``templates`` is a folder of
    the council's templates, used kind by kind in place of the bundled ones. Ages and dates that
    depend on today are worked out as of ``as_of`` (default: today).

    Everything is rendered and verified in memory first; if any document fails, nothing is
    written (RenderError / TemplateError list every failure). Existing outputs are replaced only
    with ``force`` (else OutputError). ``draft`` marks gaps as [MISSING: ...] and the pages as
    DRAFT instead of refusing documents with missing values. ``command`` is recorded in the
    output folder's audit log.

    With ``pack``, the panel pack is made too when the reports it holds are among those built
    (see :func:`build_pack`; ``pdfa`` as there) and written with them; the result's
    ``notices`` say when there was no LibreOffice for its PDF.
    """
    from .build import build_case as _build_case

    return _build_case(
        folder,
        out=out,
        only=only,
        templates=templates,
        force=force,
        draft=draft,
        as_of=as_of,
        profile=profile,
        command=command,
        pack=pack,
        pdfa=pdfa,
    )


def build_letters(
    folder: Path | str,
    *,
    out: Path | None = None,
    templates: Path | None = None,
    force: bool = False,
    draft: bool = False,
    as_of: date | None = None,
    profile: Profile | str | None = None,
    command: Sequence[str] = (),
) -> LettersResult:
    """Render the Agency Decision Maker's letters for a case's recorded decision and write them.

    One letter per recipient (see ``letters.plan_letters``), written as
    ``<reference>_<kind>[-<parent>].docx`` with ``letters-manifest.json`` into ``folder/out`` (or
    ``out``); options as for :func:`build_case`. Every birth parent's letter is searched in every
    part for the case's restricted values first: on any hit nothing is written and
    ConfidentialityError names the letter, field and part. With no decision recorded, nothing is
    written and the result's findings say so.
    """
    from .letters_build import build_letters as _build_letters

    return _build_letters(
        folder,
        out=out,
        templates=templates,
        force=force,
        draft=draft,
        as_of=as_of,
        profile=profile,
        command=command,
    )


def build_many(
    root: Path | str,
    *,
    jobs: int | None = None,
    only: Sequence[str] | None = None,
    templates: Path | None = None,
    force: bool = False,
    draft: bool = False,
    as_of: date | None = None,
    profile: Profile | str | None = None,
    command: Sequence[str] = (),
    on_result: Callable[[CaseOutcome], None] | None = None,
) -> BatchResult:
    """Build every case folder under ``root``, each as :func:`build_case` would, in parallel.

    A case folder is one holding case.yaml, case.yml or case.json; hidden folders, ``out/``
    folders and a case's ``attachments/`` are not searched. Each case is built in one of ``jobs``
    worker processes (default: the number of cores; 1 builds in this process), each of which
    prepares every template once. Options are as for :func:`build_case`; ``as_of`` defaults to
    today, the same day for every case.

    One case never stops the others: a case permdocs refuses (any PermdocsError: invalid data, a
    missing value, existing outputs without ``force``) is *blocked*, and an unexpected error, even
    a worker process dying, makes it *failed*; either way nothing is written for that case.
    ``on_result`` is called in this process with each case's outcome as it finishes (for a
    progress display). The result lists every case in path order; ``result.ok`` is true when
    every case was built. Raises only for options that would block every case (an unknown kind,
    a missing templates folder or profile) or a ``root`` that is not a folder.
    """
    from .batch import build_many as _build_many

    return _build_many(
        root,
        jobs=jobs,
        only=only,
        templates=templates,
        force=force,
        draft=draft,
        as_of=as_of,
        profile=profile,
        command=command,
        on_result=on_result,
    )


def build_pack(
    folder: Path | str,
    *,
    out: Path | None = None,
    templates: Path | None = None,
    force: bool = False,
    draft: bool = False,
    as_of: date | None = None,
    profile: Profile | str | None = None,
    pdf: bool = True,
    pdfa: bool = False,
    command: Sequence[str] = (),
) -> PackResult:
    """Assemble the case's panel pack and write it with manifest.json.

    The pack holds, in the council's checklist order, the front sheet, the checklist, the
    matching meeting report's Parts 2 and 3, then every attached paper, after an index page that
    gives each paper's pages. Writes ``<reference>_panel-pack.docx`` (the reports and the Word
    papers, a section each with its own headers and footers; PDF papers cannot be Word content,
    so its index sends the reader to the PDF pack for them) and, where LibreOffice is installed
    and ``pdf`` is true, ``<reference>_panel-pack.pdf`` (every paper, a bookmark each, every page
    stamped with its pack page number; PDF/A-2b with ``pdfa``, which needs PDF/A attachments).

    A final pack is refused (PackIncompleteError, naming each paper and its owner) while the
    panel checklist shows a required paper missing, and (BlockedError) while a blocker stops one
    of its reports; ``draft`` makes it anyway, the gaps listed in the index. Everything is made
    in memory first: a damaged paper or a failing LibreOffice (ConversionError) means nothing is
    written. Without LibreOffice only the Word pack is written and the result's ``notices`` say
    how to get the PDF. Other options as for :func:`build_case`.
    """
    from .pack_build import build_pack as _build_pack

    return _build_pack(
        folder,
        out=out,
        templates=templates,
        force=force,
        draft=draft,
        as_of=as_of,
        profile=profile,
        pdf=pdf,
        pdfa=pdfa,
        command=command,
    )


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
    """Fill a case from the council's SSDA903 return (``dataset="903"``) or Standard
    Safeguarding Dataset tables (``"ssd"``) about ``child`` (their ID in the files, as text).

    ``files`` are paths (read where they are, never copied) or uploads as (file name, bytes).
    Values the case lacks are written into case.yaml, each with a comment naming its file and
    row, keeping every comment; values the case holds that differ are left and returned as
    ``conflicts`` (findings for the child's social worker naming both values), unless
    ``replace``. With ``dry_run`` nothing is written: the result lists the planned ``changes``,
    ``conflicts`` and ``notes`` and the case file's would-be ``text`` (for a form to confirm).
    A folder without a case file is started from the blank case of :func:`create_case`.
    Raises SourceDataError (every problem in the files, with file and row), CaseDataError (the
    case itself is invalid), CaseFolderError or OutputError; nothing is written then.
    """
    from .importing import import_into_case as _import_into_case

    return _import_into_case(
        folder,
        dataset,
        child,
        files,
        replace=replace,
        dry_run=dry_run,
        reference=reference,
        today=today,
    )
