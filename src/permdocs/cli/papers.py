"""``permdocs status``, ``permdocs checked`` and ``permdocs sent``: each paper's state, and
recording who checked it and what went to whom."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import PermdocsError
from .common import IsoDate, as_of_option, format_option, out_option, profile_option, report_error

if TYPE_CHECKING:
    from ..build.diff import DiffResult
    from ..build.dispatch import DispatchResult
    from ..build.paper_commands import MarkResult, StatusResult

case_argument = click.argument(
    "case_dir", metavar="CASE_DIR", type=click.Path(path_type=Path, file_okay=True)
)
papers_argument = click.argument("papers", metavar="PAPER...", nargs=-1, required=True)
on_option = click.option(
    "--on",
    type=IsoDate(),
    default=None,
    help="The day it happened. [default: today; never a day in the future]",
)


@click.command("status")
@case_argument
@out_option()
@as_of_option("Decide which papers are due as on this date. [default: today]")
@profile_option()
@format_option()
def status_command(
    case_dir: Path,
    out: Path | None,
    as_of: date | None,
    profile_name: str | None,
    output_format: str,
) -> None:
    """Show every paper of CASE_DIR and its state, by owner: not due (and why), not built,
    drafted, checked (by whom, when) or sent (to whom, how, when).

    \b
    Examples:
      permdocs status samples/01-existing-carer-agreed
      permdocs status --format json cases/PF-2026-0150
    """
    from ..build.options import BuildOptions
    from ..build.paper_commands import papers_status

    options = BuildOptions(out=out, as_of=as_of, profile=profile_name)
    try:
        result = papers_status(case_dir, options)
    except PermdocsError as error:
        report_error(case_dir, error)
        raise SystemExit(1) from None
    if output_format == "json":
        click.echo(json.dumps(_status_json(result), indent=2, ensure_ascii=False))
        return
    _show_status(case_dir, result)


def _status_json(result: StatusResult) -> dict[str, object]:
    from ..build.papers import state_entry

    return {
        "reference": result.reference,
        "papers": [
            {
                **state_entry(status),
                "kind": status.paper.kind,
                "title": status.paper.title,
                "owner": status.paper.owner,
                "files": list(status.paper.files),
                "words": status.words(),
            }
            for status in result.papers
        ],
    }


def _show_status(case_dir: Path, result: StatusResult) -> None:
    click.echo(f"{case_dir}: papers of {result.reference}, in {result.out}")
    owners = list(dict.fromkeys(status.paper.owner for status in result.papers))
    for owner in owners:
        click.echo(f"\n{owner[:1].upper()}{owner[1:]}:")
        for status in result.papers:
            if status.paper.owner == owner:
                click.echo(f"  {status.paper.name:<34} {status.state:<9}  {status.words()}")
    if result.unreadable:
        click.echo(f"\nnotice: {result.unreadable} line(s) of the record could not be read")


@click.command("checked")
@case_argument
@papers_argument
@click.option("--by", "by", metavar="NAME", required=True, help="Who checked the papers.")
@on_option
@out_option()
@profile_option()
def checked_command(
    case_dir: Path,
    papers: tuple[str, ...],
    by: str,
    on: date | None,
    out: Path | None,
    profile_name: str | None,
) -> None:
    """Record that NAME checked each PAPER of CASE_DIR (as built, final, in its output folder).

    A PAPER is a document kind (ppm-referral, letter-birth-parent ...: every paper of that
    kind) or one paper by its name (letter-birth-parent-mother). Refused, recording nothing,
    for a paper that is not due, not built, built as a draft, changed since it was built, or
    already sent. A birth parent's letter in a confidential placement needs a second check by
    someone other than its author before it can be sent.

    \b
    Examples:
      permdocs checked cases/PF-2026-0150 ppm-referral --by "Priya Ramdas"
      permdocs checked cases/PF-2026-0157 letter-birth-parent-mother --by "Lorraine Doyle"
    """
    from ..build.options import BuildOptions
    from ..build.paper_commands import mark_checked

    options = BuildOptions(out=out, profile=profile_name)
    try:
        result = mark_checked(case_dir, papers, by=by, on=on, options=options)
    except PermdocsError as error:
        report_error(case_dir, error)
        raise SystemExit(1) from None
    _show_marked(case_dir, "checked", result)


@click.command("sent")
@case_argument
@papers_argument
@click.option("--to", "to", metavar="RECIPIENT", required=True, help="Who it was sent to.")
@click.option(
    "--by",
    "method",
    type=click.Choice(["post", "secure-email", "handed"]),
    required=True,
    help="How it was sent.",
)
@on_option
@out_option()
@profile_option()
def sent_command(
    case_dir: Path,
    papers: tuple[str, ...],
    to: str,
    method: str,
    on: date | None,
    out: Path | None,
    profile_name: str | None,
) -> None:
    """Record that each PAPER of CASE_DIR was sent to RECIPIENT, by post, secure email or by
    hand. A sent paper is a record: every later build keeps it byte for byte, and `build
    --reissue PAPER` makes a new version beside it.

    Only a checked paper can be sent; a letter not before its decision; nothing in the future.
    A copy of each file and of the case file it was made from is kept in CASE_DIR/record/, with
    a hash (not the text) of the address used.

    \b
    Examples:
      permdocs sent cases/PF-2026-0150 panel-pack --to "panel members" --by secure-email
      permdocs sent cases/PF-2026-0150 letter-carers --to "Mr and Mrs Ellery" --by post --on 2026-11-09
    """
    from ..build.options import BuildOptions
    from ..build.paper_commands import mark_sent

    options = BuildOptions(out=out, profile=profile_name)
    try:
        result = mark_sent(case_dir, papers, to=to, method=method, on=on, options=options)
    except PermdocsError as error:
        report_error(case_dir, error)
        raise SystemExit(1) from None
    _show_marked(case_dir, "sent", result)


def _show_marked(case_dir: Path, verb: str, result: MarkResult) -> None:
    count = len(result.marked)
    click.echo(f"{case_dir}: recorded {count} paper{'s' if count != 1 else ''} as {verb}")
    for status in result.marked:
        click.echo(f"  {status.paper.name}: {status.words()}")
    for notice in result.notices:
        click.echo(f"  notice: {notice}")


@click.command("diff")
@case_argument
@format_option()
def diff_command(case_dir: Path, output_format: str) -> None:
    """Show, in plain words, what has changed in CASE_DIR's case since the last panel pack the
    panel received (the last pack marked sent with `permdocs sent CASE_DIR panel-pack`; until
    then, the last pack built, and it says so). The same list ends completeness.md.

    \b
    Examples:
      permdocs diff cases/PF-2026-0142
      permdocs diff --format json cases/PF-2026-0142
    """
    from ..build.diff import case_diff

    try:
        result = case_diff(case_dir)
    except PermdocsError as error:
        report_error(case_dir, error)
        raise SystemExit(1) from None
    if output_format == "json":
        click.echo(json.dumps(_diff_json(result), indent=2, ensure_ascii=False))
        return
    click.echo(f"{case_dir}: {result.reference}")
    for line in result.lines():
        click.echo(f"  {line}")


def _diff_json(result: DiffResult) -> dict[str, object]:
    return {
        "reference": result.reference,
        "basis": result.basis,
        "compared": result.compared,
        "changes": [
            {
                "path": c.path,
                "label": c.label,
                "before": c.before,
                "after": c.after,
                "words": c.words(),
            }
            for c in result.changes
        ],
    }


@click.command("dispatch")
@case_argument
@out_option()
@click.option("--force", is_flag=True, help="Replace the packets and sheet already there.")
@profile_option()
def dispatch_command(
    case_dir: Path, out: Path | None, force: bool, profile_name: str | None
) -> None:
    """Sort CASE_DIR's decision letters into one packet per recipient, named by role, with a
    dispatch sheet to post them from (out/dispatch/). Each letter's address block, as printed,
    is first checked against its recipient in the case: a letter in the wrong envelope (two
    parents' letters swapped) stops it and nothing is written.

    \b
    Examples:
      permdocs dispatch samples/01-existing-carer-agreed
      permdocs dispatch --force cases/PF-2026-0157
    """
    from ..build.dispatch import make_dispatch
    from ..build.options import BuildOptions

    try:
        result = make_dispatch(case_dir, BuildOptions(out=out, force=force, profile=profile_name))
    except PermdocsError as error:
        report_error(case_dir, error)
        raise SystemExit(1) from None
    _show_dispatch(case_dir, result)


def _show_dispatch(case_dir: Path, result: DispatchResult) -> None:
    count = len(result.envelopes)
    click.echo(f"{case_dir}: {count} envelope{'s' if count != 1 else ''} in {result.folder}")
    for envelope in result.envelopes:
        papers = ", ".join(name for name, _ in envelope.letters)
        click.echo(f"  {envelope.role}/: {papers}")
    click.echo("  dispatch-sheet.md (print it; tick each envelope as it goes)")
