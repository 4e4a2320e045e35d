"""``permdocs batch``: build every case folder under a folder, in parallel, with a summary."""

from __future__ import annotations

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
    report_error,
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
@case_options(
    force="Replace documents already in each case's out/.",
    as_of="Work out ages and dates as on this date, for every case. [default: today]",
    profile="Council profile to use for every case instead of the one each case names.",
)
@click.option(
    "--pack",
    is_flag=True,
    help="Assemble each case's panel pack too (Word, and PDF where LibreOffice is installed), "
    "as `permdocs build` does; each worker keeps one LibreOffice running for all its cases.",
)
@click.option("--pdfa", is_flag=True, help="With --pack: make each PDF pack PDF/A-2b.")
def batch_command(
    root: Path,
    jobs: int | None,
    only: tuple[str, ...],
    options: BuildOptions,
    pack: bool,
    pdfa: bool,
) -> None:
    """Build the documents of every case folder under ROOT, several at a time.

    A case folder is any folder holding case.yaml (or case.yml, case.json); out/ folders,
    hidden folders and each case's attachments/ are not searched. Each case is built exactly as
    `permdocs build CASE_DIR` builds it, into CASE_DIR/out, and one case that cannot be built
    never stops the others. Progress goes to stderr; a table of every case (built, blocked or
    failed, and why) and the totals close the run. Exit 1 unless every case was built.

    With --pack each case's panel pack is made as `permdocs build` makes it, in the worker
    that builds the case; each worker starts LibreOffice once and converts every case's papers
    with it.

    \b
    Example:
      permdocs batch cases/
      permdocs batch --jobs 2 --force --as-of 2026-11-23 cases/
      permdocs batch --pack --force cases/
      permdocs batch --draft --only ppm-referral --templates council-templates/ cases/
    """
    from ..api import build_many
    from ..build.batch import summary_table
    from ..load.discover import find_case_folders

    options = options.but(only=only, pack=pack, pdfa=pdfa)
    options = options.but(
        command=audit_command(
            "batch", root, options, jobs=jobs, flags={"--pack": pack, "--pdfa": pdfa}
        )
    )

    total = len(find_case_folders(root))
    if total == 0:
        report_error(
            root, "no case folders found (a case folder holds case.yaml, case.yml or case.json)"
        )
        raise SystemExit(1)

    progress = _Progress(total, root)
    try:
        result = build_many(root, options, jobs=jobs, on_result=progress.update)
    except PermdocsError as error:
        progress.close()
        report_error(root, error)
        raise SystemExit(1) from None
    finally:
        progress.close()

    for outcome in result.outcomes:
        if outcome.status != "built":
            report_error(outcome.folder, f"{outcome.status}: {outcome.detail}")
    notices: dict[str, int] = {}
    for outcome in result.outcomes:
        for notice in outcome.notices:
            notices[notice] = notices.get(notice, 0) + 1
    for notice, count in notices.items():
        click.echo(f"notice ({plural(count, 'case')}): {notice}", err=True)
    if notices or any(outcome.status != "built" for outcome in result.outcomes):
        click.echo(err=True)
    click.echo(summary_table(result), nl=False)
    if not result.ok:
        raise SystemExit(1)


class _Progress:
    """A progress bar on a terminal; otherwise one line per case as it finishes (for logs)."""

    def __init__(self, total: int, root: Path) -> None:
        self.total = total
        self.root = root
        self.done = 0
        self.bar: Any = None
        if sys.stderr.isatty():
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
        if self.bar is not None:
            self.bar.update(1)
            return
        try:
            name = str(outcome.folder.relative_to(self.root)) or str(outcome.folder)
        except ValueError:
            name = str(outcome.folder)
        if name == ".":
            name = str(outcome.folder)
        detail = f" ({outcome.documents} documents)" if outcome.status == "built" else ""
        why = f": {outcome.why}" if outcome.why else ""
        click.echo(f"[{self.done}/{self.total}] {name}: {outcome.status}{detail}{why}", err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
