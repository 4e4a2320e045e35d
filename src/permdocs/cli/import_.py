"""``permdocs import``: fill a case from the council's SSDA903 return or Standard Safeguarding
Dataset, each value with its source, never over a value someone typed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .common import report_error, say

if TYPE_CHECKING:
    from ..build.importing import ImportResult

EPILOG = """\b
What happens to each value:
  the case has none (or the blank case's placeholder)  filled, with a comment
                                                       naming the file and row
  the case has the same value                          left as it is
  the case has a different value                       left as typed and listed for
                                                       the child's social worker;
                                                       --replace takes the file's value

\b
Exit codes: 0 imported (or, with --dry-run, planned); 1 a problem in the files or the case,
listed with file and row, and nothing written; 2 a usage error.
"""


def _options(command: Callable[..., Any]) -> Callable[..., Any]:
    decorators: list[Callable[[Any], Any]] = [
        click.argument("case_dir", type=click.Path(path_type=Path, file_okay=False)),
        click.argument(
            "files",
            metavar="FILES...",
            nargs=-1,
            required=True,
            type=click.Path(path_type=Path, exists=True, dir_okay=False),
        ),
        click.option(
            "--child",
            required=True,
            metavar="ID",
            help="The child's ID in the files, exactly as they write it (leading zeros kept).",
        ),
        click.option(
            "--replace",
            is_flag=True,
            help="Replace values the case holds that differ from the files, listing each.",
        ),
        click.option("--dry-run", is_flag=True, help="Show what would change, and write nothing."),
        click.option(
            "--reference",
            help="The case reference for a new case file (default: the folder's name).",
        ),
        click.option(
            "--format",
            "output_format",
            type=click.Choice(["text", "json"]),
            default="text",
            show_default=True,
            help="text for people, json for programs.",
        ),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


@click.group("import", epilog=EPILOG)
def import_group() -> None:
    """Fill a case from the council's own data, instead of typing it again.

    Reads one child's rows from the SSDA903 looked-after children return or the Standard
    Safeguarding Dataset and writes what the case lacks into CASE_DIR/case.yaml (starting it
    from the blank case if there is none), keeping every comment and every value already there.

    \b
    Examples:
      permdocs import 903 cases/PF-2026-0150 --child 000417 header.csv episodes.csv
      permdocs import 903 cases/PF-2026-0150 --child 000417 --dry-run return.xml
      permdocs import ssd cases/PF-2026-0150 --child 71234 ssd_person.csv ssd_cla_placement.csv
    """


@import_group.command("903", epilog=EPILOG)
@_options
def import_903(
    case_dir: Path,
    files: tuple[Path, ...],
    child: str,
    replace: bool,
    dry_run: bool,
    reference: str | None,
    output_format: str,
) -> None:
    """Fill CASE_DIR from the SSDA903 return: its header and episodes CSV files (and its reviews
    file for the LAC review dates), or its XML form.

    Takes the date of birth, sex, ethnicity, the legal status in force, when the child became
    looked after, their placements (the current one, and the history as a paragraph) and the
    review dates. The placement postcode (PL_POST) is the carers' postcode: it is only written
    to the carers' address, and never shown when that address is confidential.

    \b
    Examples:
      permdocs import 903 cases/PF-2026-0150 --child 000417 header.csv episodes.csv reviews.csv
      permdocs import 903 cases/PF-2026-0150 --child 000417 --dry-run return.xml
      permdocs import 903 cases/PF-2026-0150 --child 000417 --replace header.csv episodes.csv
    """
    _run("903", case_dir, files, child, replace, dry_run, reference, output_format)


@import_group.command("ssd", epilog=EPILOG)
@_options
def import_ssd(
    case_dir: Path,
    files: tuple[Path, ...],
    child: str,
    replace: bool,
    dry_run: bool,
    reference: str | None,
    output_format: str,
) -> None:
    """Fill CASE_DIR from Standard Safeguarding Dataset tables exported as CSV (ssd_person,
    ssd_cla_episodes, ssd_cla_placement, ssd_legal_status, ssd_cla_reviews, ssd_cla_care_plan).

    Takes the child's names, date of birth, gender, ethnicity, legal status, when they became
    looked after, their placements, review dates and permanence plan. The ssd_permanence
    table's adoption dates are shown, not imported.

    \b
    Examples:
      permdocs import ssd cases/PF-2026-0150 --child 71234 ssd_person.csv ssd_cla_episodes.csv \\
          ssd_cla_placement.csv ssd_legal_status.csv
      permdocs import ssd cases/PF-2026-0150 --child 71234 --dry-run extract/*.csv
    """
    _run("ssd", case_dir, files, child, replace, dry_run, reference, output_format)


def _run(
    dataset: str,
    case_dir: Path,
    files: tuple[Path, ...],
    child: str,
    replace: bool,
    dry_run: bool,
    reference: str | None,
    output_format: str,
) -> None:
    from ..api import import_into_case
    from ..errors import PermdocsError

    try:
        result = import_into_case(
            case_dir,
            "903" if dataset == "903" else "ssd",
            child,
            list(files),
            replace=replace,
            dry_run=dry_run,
            reference=reference,
        )
    except PermdocsError as error:
        report_error(case_dir, error)
        raise SystemExit(1) from None
    if output_format == "json":
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    else:
        say(result_text(case_dir, result), nl=False)


def result_text(case_dir: Path, result: ImportResult) -> str:
    """The import's report: what was read, written, left as typed, and noted."""
    filled = sum(1 for change in result.changes if change.action != "replaced")
    replaced = len(result.changes) - filled
    start = " (a new case file, from the blank case)" if result.created else ""
    verb = "would change" if result.dry_run else "changed"
    lines = [
        f"{case_dir}: child {result.child} from {result.dataset} into"
        f" {result.case_file.name}{start}: {filled} filled, {replaced} replaced,"
        f" {len(result.conflicts)} left as typed, {result.unchanged} already the same"
    ]
    lines += [f"  read {name}" for name in result.files]
    if result.changes:
        lines.append("")
        lines.append(
            f"Dry run: nothing was written. The import {verb}:"
            if result.dry_run
            else f"The import {verb}:"
        )
        for change in result.changes:
            if change.action == "replaced":
                what = f"{change.shown(change.old)} -> {change.shown(change.new)}"
            elif change.old is not None:
                what = f"{change.shown(change.new)} (in place of the blank case's {change.old!r})"
            else:
                what = change.shown(change.new)
            lines.append(f"  {change.action:<8}  {change.field}: {what}  [{change.source}]")
    elif not result.conflicts:
        lines.append("Nothing to change: the case already holds everything the files say.")
    if result.conflicts:
        lines.append("")
        lines.append("Left as typed, for the child's social worker (the files say something else):")
        for finding in result.conflicts:
            lines.append(f"  {finding.field} ({finding.label}): {finding.message}")
            lines.append(f"    To fix: {finding.fix}")
    if result.notes:
        lines.append("")
        lines.append("Notes:")
        lines += [f"  - {note}" for note in result.notes]
    lines.append("")
    lines.append(f"Code lists: {result.guidance}")
    return "\n".join(lines) + "\n"
