"""``permdocs build``: render each case's documents from Word templates into its out/ folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ..errors import PermdocsError
from .check import IsoDate
from .common import case_dirs_argument, report_error


def _check_kinds(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    # Checked here rather than with click.Choice so that `permdocs --help` need not import the
    # document registry; an unknown kind is still a usage error (exit 2).
    if not value:
        return value
    from ..documents import KINDS

    unknown = [kind for kind in value if kind not in KINDS]
    if unknown:
        raise click.BadParameter(
            f"unknown document kind {', '.join(unknown)}; use one of: {', '.join(KINDS)}",
            ctx=ctx,
            param=param,
        )
    return value


@click.command("build")
@case_dirs_argument
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder to write into. [default: CASE_DIR/out; with several CASE_DIRs, "
    "one subfolder per case folder]",
)
@click.option(
    "--only",
    "only",
    metavar="KIND",
    multiple=True,
    callback=_check_kinds,
    help="Build only this kind of document (repeatable), e.g. --only panel-checklist.",
)
@click.option(
    "--templates",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    default=None,
    help="A council's folder of Word templates (ppm-referral.docx ...), used kind by kind "
    "in place of the bundled ones.",
)
@click.option("--force", is_flag=True, help="Replace documents already in the output folder.")
@click.option(
    "--draft",
    is_flag=True,
    help="Mark gaps as [MISSING: ...] and every page DRAFT, instead of refusing documents "
    "with missing values.",
)
@click.option(
    "--as-of",
    type=IsoDate(),
    default=None,
    help="Work out ages and dates as on this date, for reproducible builds. [default: today]",
)
@click.option(
    "--profile",
    "profile_name",
    metavar="NAME|FILE.yaml",
    default=None,
    help="Council profile to use instead of the one the case names.",
)
@click.option(
    "--pack/--no-pack",
    default=None,
    help="Assemble the panel pack (as `permdocs pack` does) from the reports built. "
    "[default: on, unless --only chooses the documents]",
)
@click.option("--pdfa", is_flag=True, help="With --pack: make the PDF pack PDF/A-2b.")
def build_command(
    case_dirs: tuple[Path, ...],
    out: Path | None,
    only: tuple[str, ...],
    templates: Path | None,
    force: bool,
    draft: bool,
    as_of: date | None,
    profile_name: str | None,
    pack: bool | None,
    pdfa: bool,
) -> None:
    """Build the documents for each CASE_DIR from Word templates.

    Writes one <case-reference>_<kind>.docx per document (the reports and, once the ADM has
    decided, the letters), the panel pack (.docx, and .pdf where LibreOffice is installed),
    manifest.json and completeness.md into CASE_DIR/out.
    Every document is rendered and checked in memory first: if any fails, nothing is written
    for that case. Existing documents are replaced only with --force. Each CASE_DIR is built
    on its own; the exit code is 1 if any failed.

    \b
    Examples:
      permdocs build samples/01-existing-carer-agreed
      permdocs build --draft --only ppm-referral cases/PF-2026-0150
      permdocs build --force --as-of 2026-11-23 --templates council-templates/ cases/*
    """
    from ..api import build_case

    # The pack is part of "everything for this case"; a build narrowed with --only is not.
    pack = not only if pack is None else pack
    failed = False
    for case_dir in case_dirs:
        target = out / case_dir.resolve().name if out is not None and len(case_dirs) > 1 else out
        command = ["permdocs", "build", *_options(target, only, templates, force, draft, as_of)]
        if profile_name:
            command += ["--profile", profile_name]
        command += [flag for flag, on in (("--pack", pack), ("--pdfa", pdfa)) if on]
        try:
            result = build_case(
                case_dir,
                out=target,
                only=only or None,
                templates=templates,
                force=force,
                draft=draft,
                as_of=as_of,
                profile=profile_name,
                command=[*command, str(case_dir)],
                pack=pack,
                pdfa=pdfa,
            )
        except PermdocsError as error:
            failed = True
            report_error(case_dir, error)
            continue
        status = "DRAFT, gaps marked [MISSING: ...]" if result.draft else "final"
        count = len(result.documents)
        click.echo(
            f"{case_dir}: built {count} document{'s' if count != 1 else ''} ({status}) "
            f"in {result.out}"
        )
        for document in result.documents:
            click.echo(f"  {document.file_name}")
        click.echo(f"  {result.manifest.name}")
        click.echo("  completeness.md (what is still owed, by whom)")
        for kind in result.skipped:
            click.echo(f"  (not built: {kind} does not apply to this case)")
        for notice in result.notices:
            click.echo(f"  notice: {notice}")
    if failed:
        raise SystemExit(1)


def _options(
    out: Path | None,
    only: tuple[str, ...],
    templates: Path | None,
    force: bool,
    draft: bool,
    as_of: date | None,
) -> list[str]:
    """The options as given, for the audit log (the library does not read sys.argv)."""
    options: list[str] = []
    if out is not None:
        options += ["--out", str(out)]
    for kind in only:
        options += ["--only", kind]
    if templates is not None:
        options += ["--templates", str(templates)]
    if force:
        options.append("--force")
    if draft:
        options.append("--draft")
    if as_of is not None:
        options += ["--as-of", as_of.isoformat()]
    return options
