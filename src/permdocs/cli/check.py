"""``permdocs check``: is the case valid, what is still owed and by whom, what is late."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import CaseDataError, PermdocsError, ProfileError
from .common import (
    as_of_option,
    case_dirs_argument,
    check_kinds,
    format_option,
    profile_option,
    report_error,
    say,
)

if TYPE_CHECKING:
    from ..policy.profiles import Profile


@click.command("check")
@case_dirs_argument
@format_option()
@as_of_option("Judge timescales as on this date, for reproducible runs. [default: today]")
@profile_option()
@click.option(
    "--strict", is_flag=True, help="Treat warnings as failures too (exit 1), not only blockers."
)
@click.option(
    "--owner",
    "owners",
    metavar="WHO",
    multiple=True,
    help='Only what WHO owes (repeatable): part of a role ("child\'s social worker", "panel'
    " adviser\", ADM) or of the person's name in the case.",
)
@click.option(
    "--document",
    "documents",
    metavar="KIND",
    multiple=True,
    callback=check_kinds,
    help="Only what holds up this document (repeatable), e.g. --document ppm-referral.",
)
def check_command(
    case_dirs: tuple[Path, ...],
    output_format: str,
    as_of: date | None,
    profile_name: str | None,
    strict: bool,
    owners: tuple[str, ...],
    documents: tuple[str, ...],
) -> None:
    """Check each CASE_DIR: valid data, what is still owed and by whom, and what is late.

    A short summary comes first; then the findings, grouped by who must act (with their name
    and contact where the case gives them), each in the order of the process (PPM, matching,
    panel, decision, letters) with its line in the case file. Blockers stop a final build of the
    documents they name; warnings (at-risk deadlines, lateness, doubtful data) do not, unless
    --strict. Exit 1 when there is a blocker (or, with --strict, a warning) among those shown,
    or the case data is invalid.
    A confidential placement is said on the line under the heading, and a restricted detail (a
    carer's name, the street, the school) found in text a birth parent's letter prints is a
    blocker naming the field and the words, before anyone builds.

    \b
    Examples:
      permdocs check samples/01-existing-carer-agreed
      permdocs check --owner "child's social worker" --document ppm-referral cases/PF-2026-0150
      permdocs check --as-of 2026-11-23 --profile luton-example cases/PF-2026-0150
      permdocs check --strict --format json cases/*
    """
    from ..api import case_profile, load_case
    from ..checks import fails
    from ..checks.confidentiality import confidential_summary
    from ..checks.report import counts_text, findings_as_text, report_dict, reports_as_json
    from ..checks.runner import check_folder
    from ..checks.wording import contacts, owner_matches
    from ..load.records import read_record

    override = _load_override(profile_name)
    when = as_of or date.today()
    results: list[dict[str, Any]] = []
    failed = False
    for index, case_dir in enumerate(case_dirs):
        try:
            folder = load_case(case_dir)
            profile = case_profile(folder, override)
        except PermdocsError as error:
            failed = True
            results.append(_invalid(case_dir, error))
            if output_format == "text":
                report_error(case_dir, error)
            continue
        try:
            record = read_record(folder.folder)
        except PermdocsError as error:
            failed = True
            results.append(_invalid(case_dir, error))
            if output_format == "text":
                report_error(case_dir, error)
            continue
        people = contacts(folder.case)
        findings = [
            f
            for f in check_folder(folder, profile, when, record)
            if (not owners or any(owner_matches(who, f.owner, people) for who in owners))
            and (not documents or f.affects(documents))
        ]
        failed = failed or fails(findings, strict=strict)
        confidential = confidential_summary(folder.case)
        report = report_dict(
            str(case_dir),
            findings,
            reference=folder.case.reference,
            as_of=when,
            profile=profile.name,
        )
        report["confidential"] = confidential
        results.append(report)
        if output_format == "text":
            if index:
                say()
            shown = _filters_text(owners, documents)
            say(
                f"{case_dir}: case {folder.case.reference}, as of {when.isoformat()}, profile"
                f" '{profile.name}'{shown}: {counts_text(findings)}"
            )
            if confidential:
                say(confidential)
            file = folder.source.path.name
            say(findings_as_text(findings, people=people, file=file), nl=False)
    if output_format == "json":
        click.echo(reports_as_json(results), nl=False)
    if failed:
        raise SystemExit(1)


def _filters_text(owners: tuple[str, ...], documents: tuple[str, ...]) -> str:
    parts = [f"owed by {' or '.join(owners)}"] if owners else []
    parts += [f"holding up {' or '.join(documents)}"] if documents else []
    return f", only what is {', '.join(parts)}" if parts else ""


def _load_override(name: str | None) -> Profile | None:
    """The --profile profile, loaded once for every case. A name that finds nothing is a usage
    error; a profile file with bad contents is a data problem, reported with its locations."""
    if name is None:
        return None
    from ..load.profiles import load_profile

    try:
        return load_profile(name)
    except ProfileError as error:
        raise click.BadParameter(str(error), param_hint="'--profile'") from None
    except CaseDataError as error:
        report_error("--profile", error)
        raise SystemExit(1) from None


def _invalid(case_dir: Path, error: PermdocsError) -> dict[str, Any]:
    problems = error.problems if isinstance(error, CaseDataError) else []
    return {
        "case": str(case_dir),
        "valid": False,
        "error": error.message,
        "problems": [problem.as_dict() for problem in problems],
        "findings": [],
    }
