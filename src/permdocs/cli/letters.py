"""``permdocs letters``: the Agency Decision Maker's letters alone, for every recipient."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ..errors import PermdocsError
from .build import _options
from .check import IsoDate
from .common import case_dirs_argument, report_error


@click.command("letters")
@case_dirs_argument
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder to write into. [default: CASE_DIR/out; with several CASE_DIRs, "
    "one subfolder per case folder]",
)
@click.option(
    "--templates",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    default=None,
    help="A council's folder of Word templates (letter-carers.docx ...), used kind by kind "
    "in place of the bundled ones.",
)
@click.option("--force", is_flag=True, help="Replace letters already in the output folder.")
@click.option(
    "--draft",
    is_flag=True,
    help="Mark gaps as [MISSING: ...] and every page DRAFT, instead of refusing letters "
    "with missing values.",
)
@click.option(
    "--as-of",
    type=IsoDate(),
    default=None,
    help="Date the letters and work out ages as on this date. [default: today]",
)
@click.option(
    "--profile",
    "profile_name",
    metavar="NAME|FILE.yaml",
    default=None,
    help="Council profile to use instead of the one the case names.",
)
def letters_command(
    case_dirs: tuple[Path, ...],
    out: Path | None,
    templates: Path | None,
    force: bool,
    draft: bool,
    as_of: date | None,
    profile_name: str | None,
) -> None:
    """Write the decision letters for each CASE_DIR's recorded ADM decision.

    One letter per recipient: the carers, the copy for the child's file, the child (when of an
    age to receive it), each birth parent separately (none where whereabouts are unknown), the
    fostering agency for an agency carer, and the child's certificate where the council gives
    one. Writes <case-reference>_<kind>[-<parent>].docx and letters-manifest.json into
    CASE_DIR/out. Every birth parent's letter is searched, in every part of the file, for the
    case's restricted details; if one is found, nothing is written. Exit code 1 if any case
    failed.

    \b
    Examples:
      permdocs letters samples/01-existing-carer-agreed
      permdocs letters --draft --as-of 2026-11-23 cases/PF-2026-0157
      permdocs letters --force --templates council-templates/ cases/*
    """
    from ..api import build_letters

    failed = False
    for case_dir in case_dirs:
        target = out / case_dir.resolve().name if out is not None and len(case_dirs) > 1 else out
        command = ["permdocs", "letters", *_options(target, (), templates, force, draft, as_of)]
        if profile_name:
            command += ["--profile", profile_name]
        try:
            result = build_letters(
                case_dir,
                out=target,
                templates=templates,
                force=force,
                draft=draft,
                as_of=as_of,
                profile=profile_name,
                command=[*command, str(case_dir)],
            )
        except PermdocsError as error:
            failed = True
            report_error(case_dir, error)
            continue
        count = len(result.documents)
        if count:
            status = "DRAFT, gaps marked [MISSING: ...]" if result.draft else "final"
            click.echo(
                f"{case_dir}: wrote {count} letter{'s' if count != 1 else ''} ({status}) "
                f"in {result.out}"
            )
            for document in result.documents:
                click.echo(f"  {document.file_name}")
            if result.manifest is not None:
                click.echo(f"  {result.manifest.name}")
        else:
            click.echo(f"{case_dir}: no letters written")
        for finding in result.findings:
            click.echo(f"  {finding.severity}: {finding.message}")
    if failed:
        raise SystemExit(1)
