"""``permdocs batch``: build every case folder under a folder, in parallel, with a summary."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import PermdocsError
from .common import (
    audit_command,
    case_options,
    only_option,
    plural,
    quiet,
    report_error,
    say,
)

if TYPE_CHECKING:
    from ..build.batch import CaseOutcome
    from ..build.options import BuildOptions


@click.command("batch")
@click.argument(
    "root", type=click.Path(path_type=Path, exists=True, file_okay=False, dir_okay=True)
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Cases built at the same time, each in its own process. [default: the number of cores]",
)
@only_option()
@click.option(
    "--pack",
    is_flag=True,
    help="Assemble each case's panel pack too (Word, and PDF where LibreOffice is installed), "
    "as `permdocs build` does; each worker keeps one LibreOffice running for all its cases.",
)
@click.option("--pdfa", is_flag=True, help="With --pack: make each PDF pack PDF/A-2b.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="The closing summary as a table for people, or JSON or CSV for programs.",
)
@case_options(
    force="Replace documents in each case's out/ even when changed by hand or not permdocs' own.",
    as_of="Work out ages and dates as on this date, for every case. [default: today]",
    profile="Council profile to use for every case instead of the one each case names.",
)
def batch_command(
    root: Path,
    jobs: int | None,
    only: tuple[str, ...],
    pack: bool,
    pdfa: bool,
    output_format: str,
    options: BuildOptions,
) -> None:
    """Build the documents of every case folder under ROOT, several at a time.

    A case folder is any folder holding case.yaml (or case.yml, case.json); out/ folders,
    hidden folders and each case's attachments/ are not searched. Each case is built exactly as
    `permdocs build CASE_DIR` builds it, into CASE_DIR/out, and one case that cannot be built
    never stops the others. A case is "built", "up to date" (every document it would write is
    already there, byte for byte), "blocked" (refused for a reason to act on) or "failed".
    permdocs replaces its own earlier outputs when they are unchanged since, without --force.
    Progress goes to stderr; a table of every case and the totals close the run (--format json
    or csv for programs). Exit 1 unless every case was built or up to date.

    With --pack each case's panel pack is made as `permdocs build` makes it, in the worker
    that builds the case; each worker starts LibreOffice once and converts every case's papers
    with it.

    \b
    Example:
      permdocs batch cases/
      permdocs batch --jobs 2 --pack --as-of 2026-11-23 cases/
      permdocs batch --pack --pdfa --force cases/
      permdocs batch --format csv cases/ > batch-summary.csv
      permdocs batch --draft --only ppm-referral --templates council-templates/ cases/
    """
    from ..api import build_many
    from ..build.batch import summary_csv, summary_dict, summary_table
    from ..load.discover import find_case_folders

    options = options.but(only=only, pack=pack, pdfa=pdfa)
    flags = {"--pack": pack, "--pdfa": pdfa}
    options = options.but(command=audit_command("batch", root, options, jobs=jobs, flags=flags))

    total = len(find_case_folders(root))
    if total == 0:
        report_error(
            root, "no case folders found (a case folder holds case.yaml, case.yml or case.json)"
        )
        raise SystemExit(1)

    progress = _Progress(total, root, shown=not quiet())
    try:
        result = build_many(root, options, jobs=jobs, on_result=progress.update)
    except PermdocsError as error:
        progress.close()
        report_error(root, error)
        raise SystemExit(1) from None
    finally:
        progress.close()

    troubled = [o for o in result.outcomes if o.status in ("blocked", "failed")]
    for outcome in troubled:
        report_error(outcome.folder, f"{outcome.status}: {outcome.detail}")
    # Notices stopped nothing: on stderr (stdout may be JSON or CSV), and not with --quiet.
    notices: dict[str, int] = {}
    for outcome in result.outcomes if not quiet() else ():
        for notice in outcome.notices:
            notices[notice] = notices.get(notice, 0) + 1
    for notice, count in notices.items():
        click.echo(f"notice ({plural(count, 'case')}): {notice}", err=True)
    if troubled or notices:
        click.echo(err=True)
    if output_format == "json":
        click.echo(json.dumps(summary_dict(result), indent=2, ensure_ascii=False))
    elif output_format == "csv":
        click.echo(summary_csv(result), nl=False)
    else:
        say(summary_table(result), nl=False)
    if not result.ok:
        raise SystemExit(1)


class _Progress:
    """A progress bar on a terminal; otherwise one line per case as it finishes (for logs)."""

    def __init__(self, total: int, root: Path, *, shown: bool = True) -> None:
        self.total = total
        self.root = root
        self.done = 0
        self.shown = shown
        self.bar: Any = None
        if shown and sys.stderr.isatty():
            self.bar = click.progressbar(
                length=total,
                label=f"Building {plural(total, 'case')}",
                file=sys.stderr,
                show_pos=True,
                show_eta=True,
            )
            self.bar.__enter__()

    def update(self, outcome: CaseOutcome) -> None:
        self.done += 1
        if not self.shown:
            return
        if self.bar is not None:
            self.bar.update(1)
            return
        try:
            name = str(outcome.folder.relative_to(self.root)) or str(outcome.folder)
        except ValueError:
            name = str(outcome.folder)
        if name == ".":
            name = str(outcome.folder)
        done = outcome.status in ("built", "up to date")
        detail = f" ({outcome.documents} documents)" if done else ""
        why = f": {outcome.why}" if outcome.why else ""
        click.echo(f"[{self.done}/{self.total}] {name}: {outcome.status}{detail}{why}", err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
