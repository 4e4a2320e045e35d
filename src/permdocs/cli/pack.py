"""``permdocs pack``: the panel pack, one ordered document with an index, in Word and PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ..errors import PermdocsError
from .build import _options
from .check import IsoDate
from .common import case_dirs_argument, report_error


@click.command("pack")
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
    help="A council's folder of Word templates (panel-pack.docx for the index, and the "
    "reports'), used kind by kind in place of the bundled ones.",
)
@click.option("--force", is_flag=True, help="Replace a pack already in the output folder.")
@click.option(
    "--draft",
    is_flag=True,
    help="Make the pack even with papers missing (listed in its index) and gaps in the "
    "reports (marked [MISSING: ...]); every page says DRAFT.",
)
@click.option(
    "--as-of",
    type=IsoDate(),
    default=None,
    help="Work out ages and dates as on this date, for reproducible packs. [default: today]",
)
@click.option(
    "--profile",
    "profile_name",
    metavar="NAME|FILE.yaml",
    default=None,
    help="Council profile to use instead of the one the case names.",
)
@click.option(
    "--pdfa",
    is_flag=True,
    help="Make the PDF pack PDF/A-2b, for archiving (every attached PDF must be PDF/A).",
)
@click.option("--no-pdf", "no_pdf", is_flag=True, help="Make the Word pack only.")
def pack_command(
    case_dirs: tuple[Path, ...],
    out: Path | None,
    templates: Path | None,
    force: bool,
    draft: bool,
    as_of: date | None,
    profile_name: str | None,
    pdfa: bool,
    no_pdf: bool,
) -> None:
    """Assemble the panel pack for each CASE_DIR.

    In the order of the council's panel checklist: an index giving each paper's pages, the
    panel front sheet, the checklist, the matching meeting report Parts 2 and 3 with the
    support plan, then every paper in attachments/ (care plan, chronology, PPM minutes, Form F
    update, PEP ...). Writes <case-reference>_panel-pack.docx (the reports and Word papers, a
    section each with its own headers and footers; PDF papers are listed as in the PDF pack
    only) and, where LibreOffice is installed, <case-reference>_panel-pack.pdf (every paper, a
    bookmark each, every page numbered across the pack), listed in manifest.json.

    A final pack is refused while the checklist shows a required paper missing: the message
    names each one and who owes it. Nothing is written if anything fails. Without LibreOffice
    the Word pack is still written, with a notice saying how to get the PDF (exit code 0).

    \b
    Examples:
      permdocs pack samples/01-existing-carer-agreed
      permdocs pack --draft --as-of 2026-11-23 cases/PF-2026-0157
      permdocs pack --force --pdfa cases/*
    """
    from ..api import build_pack

    failed = False
    for case_dir in case_dirs:
        target = out / case_dir.resolve().name if out is not None and len(case_dirs) > 1 else out
        command = ["permdocs", "pack", *_options(target, (), templates, force, draft, as_of)]
        if profile_name:
            command += ["--profile", profile_name]
        command += [flag for flag, on in (("--pdfa", pdfa), ("--no-pdf", no_pdf)) if on]
        try:
            result = build_pack(
                case_dir,
                out=target,
                templates=templates,
                force=force,
                draft=draft,
                as_of=as_of,
                profile=profile_name,
                pdf=not no_pdf,
                pdfa=pdfa,
                command=[*command, str(case_dir)],
            )
        except PermdocsError as error:
            failed = True
            report_error(case_dir, error)
            continue
        status = "DRAFT" if result.draft else "final"
        papers = len(result.contents.entries)
        owed = len(result.contents.owed)
        still = f", {owed} still owed" if owed else ""
        click.echo(
            f"{case_dir}: wrote the panel pack ({status}, {papers} "
            f"paper{'s' if papers != 1 else ''}{still}) in {result.out}"
        )
        in_pdf_only = sum(1 for entry in result.contents.entries if entry.format == "pdf")
        for document in result.documents:
            if document.file_name.endswith(".pdf"):
                detail = f"{result.pdf_pages} pages, a bookmark per paper"
            elif in_pdf_only:
                detail = f"all but the {in_pdf_only} PDF paper{'s' if in_pdf_only != 1 else ''}"
            else:
                detail = "every paper"
            click.echo(f"  {document.file_name}  ({detail})")
        if result.manifest is not None:
            click.echo(f"  {result.manifest.name}")
        for notice in result.notices:
            click.echo(f"  notice: {notice}")
    if failed:
        raise SystemExit(1)
