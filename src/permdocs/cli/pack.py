"""``permdocs pack``: the panel pack, one ordered document with an index, in Word and PDF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .common import (
    case_dirs_argument,
    case_options,
    case_out,
    documents_dict,
    format_option,
    out_option,
    plural,
    run_cases,
    say,
    with_command,
)

if TYPE_CHECKING:
    from ..build.options import BuildOptions
    from ..build.pack import PackResult


@click.command("pack")
@case_dirs_argument
@out_option()
@case_options(
    templates="A council's folder of Word templates (panel-pack.docx for the index, and the "
    "reports'), used kind by kind in place of the bundled ones.",
    force="Replace a pack even when changed by hand or not permdocs' own.",
    draft="Make the pack even with papers missing (listed in its index) and gaps in the "
    "reports (marked [MISSING: ...]); every page says DRAFT.",
    as_of="Work out ages and dates as on this date, for reproducible packs. [default: today]",
)
@click.option(
    "--pdfa",
    is_flag=True,
    help="Make the PDF pack PDF/A-2b, for archiving (every attached PDF must be PDF/A).",
)
@click.option("--no-pdf", "no_pdf", is_flag=True, help="Make the Word pack only.")
@format_option()
@click.option(
    "--panel-item",
    "panel_item",
    is_flag=True,
    help="One pack for the panel item: this case and every brother's or sister's case it links"
    " to (siblings matched with the same carers): one index, each child's papers in turn, shared"
    " papers once.",
)
def pack_command(
    case_dirs: tuple[Path, ...],
    out: Path | None,
    options: BuildOptions,
    pdfa: bool,
    no_pdf: bool,
    output_format: str,
    panel_item: bool,
) -> None:
    """Assemble the panel pack for each CASE_DIR.

    In the order of the council's panel checklist: an index giving each paper's pages, the
    panel front sheet, the checklist, the matching meeting report Parts 2 and 3 with the
    support plan, then every paper in attachments/ (care plan, chronology, PPM minutes, Form F
    update, PEP ...). Writes <case-reference>_panel-pack-word-papers.docx (the reports and Word
    papers only, a section each with its own headers and footers; PDF papers are listed as in
    the PDF pack only) and, where LibreOffice is installed, <case-reference>_panel-pack.pdf
    (every paper, a bookmark each, every page numbered across the pack), listed in
    manifest.json. The front sheet inside each pack lists the papers with their pages in it.

    A final pack is refused while the checklist shows a required paper missing: the message
    names each one and who owes it. Nothing is written if anything fails. Without LibreOffice
    the Word pack is still written, with a notice saying how to get the PDF (exit code 0).

    With --panel-item, a brother and sister matched with the same carers (each case naming the
    other under siblings: linked_case) make one pack, <reference>+<reference>_panel-pack-word-papers.docx,
    in the first case's output folder: one index, each child's papers in turn, the papers they
    share (the carers' assessment, the sibling assessment ...) once.

    Attached papers are untrusted: each is checked before anything opens it, and linked
    pictures, fields that include files, links to local files, JavaScript, actions and embedded
    files are taken out of it, with a notice naming the paper (web links too, unless the
    council profile says pack: {web_links: true}).

    \b
    Examples:
      permdocs pack samples/01-existing-carer-agreed
      permdocs pack --draft --as-of 2026-11-23 cases/PF-2026-0157
      permdocs pack --format json --pdfa cases/*
      permdocs pack --panel-item --as-of 2026-11-23 samples/02-siblings-new-carers-confidential
    """
    from ..api import build_pack, build_panel_item_pack

    def run(case_dir: Path) -> PackResult:
        chosen = options.but(out=case_out(out, case_dir, len(case_dirs)), pdf=not no_pdf, pdfa=pdfa)
        flags = {"--pdfa": pdfa, "--no-pdf": no_pdf, "--panel-item": panel_item}
        build = build_panel_item_pack if panel_item else build_pack
        return build(case_dir, with_command("pack", case_dir, chosen, flags))

    def show(case_dir: Path, result: PackResult) -> None:
        status = "DRAFT" if result.draft else "final"
        papers = plural(len(result.contents.entries), "paper")
        owed = len(result.contents.owed)
        still = f", {owed} still owed" if owed else ""
        say(f"{case_dir}: wrote the panel pack ({status}, {papers}{still}) in {result.out}")
        in_pdf_only = sum(1 for entry in result.contents.entries if entry.format == "pdf")
        for document in result.documents:
            if document.file_name.endswith(".pdf"):
                detail = f"{result.pdf_pages} pages, a bookmark per paper"
            elif in_pdf_only:
                detail = f"all but the {plural(in_pdf_only, 'PDF paper')}"
            else:
                detail = "every paper"
            say(f"  {document.file_name}  ({detail})")
        if result.manifest is not None:
            say(f"  {result.manifest.name}")
        for notice in result.notices:
            say(f"  notice: {notice}")

    def as_dict(result: PackResult) -> dict[str, Any]:
        return {
            "reference": result.reference,
            "status": "built",
            "draft": result.draft,
            "as_of": result.as_of.isoformat(),
            "out": str(result.out),
            "documents": documents_dict(result.documents),
            "papers": len(result.contents.entries),
            "owed": len(result.contents.owed),
            "pdf_pages": result.pdf_pages,
            "notices": list(result.notices),
        }

    run_cases(case_dirs, run, show, output_format=output_format, as_dict=as_dict)
