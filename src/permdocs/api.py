"""The public functions. The library does the work and never prints or exits; the CLI calls these."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .loading import LoadedCase, load_case_file
from .model import Case
from .model.case import REFERENCE_PATTERN
from .validation import validate_case

if TYPE_CHECKING:
    from .build import BuildResult
    from .checks import Finding
    from .documents import DocumentKind
    from .letters_build import LettersResult
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
