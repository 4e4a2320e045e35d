"""``permdocs tracker``: every case's stage, next deadline, what is overdue and who holds blockers."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import CaseDataError, PermdocsError, ProfileError
from .common import as_of_option, force_option, profile_option, report_error, say

if TYPE_CHECKING:
    from ..policy.profiles import Profile

# The tracker's stages, kept here as text so that `permdocs --help` need not import the checks;
# a test keeps them equal to permdocs.tracker.STAGES.
STAGE_NAMES = ("PPM", "matching", "panel", "decision", "letters", "permanent")


@click.command("tracker")
@click.argument(
    "root", type=click.Path(path_type=Path, exists=True, file_okay=False, dir_okay=True)
)
@as_of_option("Judge every deadline as on this date. [default: today]")
@profile_option("Council profile to use for every case instead of the one each case names.")
@click.option(
    "--owner",
    metavar="WHO",
    default=None,
    help="Only the cases where WHO holds an open deadline, a blocker or a warning, each showing"
    ' only theirs. WHO is part of a role ("panel adviser", "child\'s social worker", ADM) or'
    " of a professional's name as the case records it; case and apostrophes are ignored.",
)
@click.option(
    "--stage",
    "stages",
    multiple=True,
    type=click.Choice(STAGE_NAMES, case_sensitive=False),
    help="Only the cases at this stage (repeatable).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "csv", "json"]),
    default="text",
    show_default=True,
    help="What to print: a table for people, or CSV or JSON for programs.",
)
@click.option(
    "--xlsx",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    metavar="FILE",
    help="Also write an Excel workbook: sheets Cases, Findings and Deadlines.",
)
@click.option(
    "--ics",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    metavar="FILE",
    help="Also write a calendar: one event per deadline still to come (no child's details).",
)
@force_option("Replace the --xlsx and --ics files if they exist.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Cases read at the same time, each in its own process. [default: the number of cores,"
    " when there are enough cases]",
)
def tracker_command(
    root: Path,
    as_of: date | None,
    profile_name: str | None,
    owner: str | None,
    stages: tuple[str, ...],
    output_format: str,
    xlsx: Path | None,
    ics: Path | None,
    force: bool,
    jobs: int | None,
) -> None:
    """Every case under ROOT, most urgent first: its stage, next deadline, what is overdue and
    who holds the blockers, for a weekly permanence tracking meeting.

    Each case folder under ROOT (found as `permdocs batch` finds them) is checked as `permdocs
    check` would; nothing is rendered or written into it. A row gives the case reference, the
    carers' route, the stage (PPM, matching, panel, decision, letters or permanent, from the
    dates the case records), the next deadline (its rule, owner and date) with the working days
    left, every overdue deadline, and the blockers each owner holds. A case that cannot be read
    is listed first with where the problem is (the whole message goes to stderr), and never
    stops the others; the exit code is then 1.

    No output holds a child's name or address, or a finding's message: a case is named by its
    reference (one that cannot be read, by its folder), a finding by its rule and field. The
    --ics calendar holds only case references, rules and owners' roles; its events keep their
    identity from case reference and rule, so importing a newer calendar moves them rather than
    adding more. Every CSV and --xlsx cell that could start a formula is neutralised.

    \b
    Examples:
      permdocs tracker cases/
      permdocs tracker --as-of 2026-11-23 --stage panel --stage decision cases/
      permdocs tracker --owner "panel adviser" cases/
      permdocs tracker --format csv cases/ > tracker.csv
      permdocs tracker --xlsx tracker.xlsx --ics deadlines.ics --force cases/
    """
    from ..api import track_cases
    from ..build.tracker_export import cases_csv, table_text, tracker_json

    profile = _load_override(profile_name)
    try:
        tracker = track_cases(
            root,
            as_of=as_of,
            profile=profile,
            owner=owner,
            stages=stages,
            jobs=jobs,
            xlsx=xlsx,
            ics=ics,
            force=force,
        )
    except PermdocsError as error:
        report_error(root, error)
        raise SystemExit(1) from None

    for bad in tracker.unreadable:
        report_error(bad.folder, f"cannot be read: {bad.detail}")
    if tracker.unreadable:
        click.echo(err=True)
    if output_format == "json":
        click.echo(tracker_json(tracker), nl=False)
    elif output_format == "csv":
        click.echo(cases_csv(tracker), nl=False)
    else:
        say(table_text(tracker), nl=False)
    for path in tracker.written:
        say(f"Wrote {path}", err=True)
    if not tracker.ok:
        raise SystemExit(1)


def _load_override(name: str | None) -> Profile | None:
    """The --profile profile, loaded once. A name that finds nothing is a usage error; a
    profile file with bad contents is a data problem, reported with its locations."""
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
