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
    format_option,
    profile_option,
    report_error,
)

if TYPE_CHECKING:
    from ..policy.profiles import Profile


@click.command("check")
@case_dirs_argument
@format_option()
@as_of_option("Judge timescales as on this date, for reproducible runs. [default: today]")
@profile_option()
@click.option(
    "--strict", is_flag=True, help="Treat warnings as failures too (exit 1), like mkdocs --strict."
)
def check_command(
    case_dirs: tuple[Path, ...],
    output_format: str,
    as_of: date | None,
    profile_name: str | None,
    strict: bool,
) -> None:
    """Check each CASE_DIR: valid data, what is still owed and by whom, and what is late.

    Findings are grouped by who must act. Blockers stop a final build of the documents they
    name; warnings (at-risk deadlines, lateness, doubtful data) do not, unless --strict.
    Exit 1 when there is a blocker (or, with --strict, a warning) or the case data is invalid.

    \b
    Examples:
      permdocs check samples/01-existing-carer-agreed
      permdocs check --as-of 2026-11-23 --profile luton-example cases/PF-2026-0150
      permdocs check --strict --format json cases/*
    """
    from ..api import case_profile, load_case
    from ..checks import fails, run_checks
    from ..checks.report import counts_text, findings_as_text, report_dict, reports_as_json
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
        findings = run_checks(folder.case, profile, when, record)
        failed = failed or fails(findings, strict=strict)
        results.append(
            report_dict(
                str(case_dir),
                findings,
                reference=folder.case.reference,
                as_of=when,
                profile=profile.name,
            )
        )
        if output_format == "text":
            if index:
                click.echo()
            click.echo(
                f"{case_dir}: case {folder.case.reference}, as of {when.isoformat()}, profile"
                f" '{profile.name}': {counts_text(findings)}"
            )
            click.echo(findings_as_text(findings), nl=False)
    if output_format == "json":
        click.echo(reports_as_json(results), nl=False)
    if failed:
        raise SystemExit(1)


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
