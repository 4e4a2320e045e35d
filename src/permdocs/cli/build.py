"""``permdocs build``: render each case's documents from Word templates into its out/ folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .common import (
    case_dirs_argument,
    case_options,
    case_out,
    documents_dict,
    echo_written,
    format_option,
    only_option,
    out_option,
    plural,
    run_cases,
    say,
    with_command,
)

if TYPE_CHECKING:
    from ..build.options import BuildOptions
    from ..build.reports import BuildResult


@click.command("build")
@case_dirs_argument
@out_option()
@only_option()
@case_options(
    as_of="Work out ages and dates as on this date, for reproducible builds. [default: today]"
)
@click.option(
    "--pack/--no-pack",
    default=None,
    help="Assemble the panel pack (as `permdocs pack` does) from the reports built. "
    "[default: on, unless --only chooses the documents]",
)
@click.option("--pdfa", is_flag=True, help="With --pack: make the PDF pack PDF/A-2b.")
@format_option()
@click.option(
    "--reissue",
    "reissue",
    metavar="PAPER",
    multiple=True,
    help="Make a new version of a sent paper (repeatable), keeping the version sent beside it "
    "as NAME.vN-DATE.docx. Every other sent paper is kept byte for byte, --force or not.",
)
def build_command(
    case_dirs: tuple[Path, ...],
    out: Path | None,
    only: tuple[str, ...],
    options: BuildOptions,
    pack: bool | None,
    pdfa: bool,
    output_format: str,
    reissue: tuple[str, ...],
) -> None:
    """Build the documents for each CASE_DIR from Word templates.

    Writes one <case-reference>_<kind>.docx per document (the reports and, once the ADM has
    decided, the letters), the panel pack (.docx, and .pdf where LibreOffice is installed),
    manifest.json and completeness.md into CASE_DIR/out. A paper recorded as sent
    (`permdocs sent`) is a record: it is kept byte for byte, and the pack uses it.
    Every document is rendered and checked in memory first: if any fails, nothing is written
    for that case. permdocs replaces its own earlier outputs that nobody has changed since (a
    draft, then the final build), and says "up to date" when there is nothing new to write; a
    file changed by hand or not its own is replaced only with --force. --only adds to what
    manifest.json lists. Each CASE_DIR is built on its own; the exit code is 1 if any failed.

    \b
    Examples:
      permdocs build samples/01-existing-carer-agreed
      permdocs build --draft --only ppm-referral cases/PF-2026-0150
      permdocs build --only matching-meeting-record cases/PF-2026-0150
      permdocs build --format json --as-of 2026-11-23 --templates council-templates/ cases/*
      permdocs build --reissue matching-report-part2 cases/PF-2026-0157
    """
    from ..api import build_case

    # The pack is part of "everything for this case"; a build narrowed with --only is not.
    pack = not only if pack is None else pack

    def run(case_dir: Path) -> BuildResult:
        chosen = options.but(
            out=case_out(out, case_dir, len(case_dirs)),
            only=only,
            pack=pack,
            pdfa=pdfa,
            reissue=reissue,
        )
        flags = {"--pack": pack, "--pdfa": pdfa}
        return build_case(case_dir, with_command("build", case_dir, chosen, flags))

    def show(case_dir: Path, result: BuildResult) -> None:
        if result.up_to_date:
            documents = plural(len(result.documents), "document")
            say(
                f"{case_dir}: up to date: the {documents} in {result.out} are already what this"
                " build makes, so nothing was written"
            )
            return
        echo_written(case_dir, "built", "document", result)
        say(f"  {result.manifest.name}")
        say("  completeness.md (what is still owed, by whom)")
        for kind in result.skipped:
            say(f"  (not built: {kind} does not apply to this case)")
        for notice in result.notices:
            say(f"  notice: {notice}")

    def as_dict(result: BuildResult) -> dict[str, Any]:
        return {
            "reference": result.reference,
            "status": "up to date" if result.up_to_date else "built",
            "draft": result.draft,
            "as_of": result.as_of.isoformat(),
            "out": str(result.out),
            "documents": documents_dict(result.documents),
            "skipped": list(result.skipped),
            "notices": list(result.notices),
        }

    run_cases(case_dirs, run, show, output_format=output_format, as_dict=as_dict)
