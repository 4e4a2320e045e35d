"""``permdocs letters``: the Agency Decision Maker's letters alone, for every recipient."""

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
    out_option,
    run_cases,
    say,
    with_command,
)

if TYPE_CHECKING:
    from ..build.letters import LettersResult
    from ..build.options import BuildOptions


@click.command("letters")
@case_dirs_argument
@out_option()
@case_options(
    templates="A council's folder of Word templates (letter-carers.docx ...), used kind by kind "
    "in place of the bundled ones.",
    force="Replace letters even when changed by hand or not permdocs' own.",
    draft="Mark gaps as [MISSING: ...] and every page DRAFT, instead of refusing letters "
    "with missing values.",
    as_of="Date the letters and work out ages as on this date. [default: today]",
)
@format_option()
def letters_command(
    case_dirs: tuple[Path, ...], out: Path | None, options: BuildOptions, output_format: str
) -> None:
    """Write the decision letters for each CASE_DIR's recorded ADM decision.

    One letter per recipient: the carers, the copy for the child's file, the child (when of an
    age to receive it, and for a match not agreed or deferred only where the council's profile
    says so), each birth parent separately (none where whereabouts are unknown), the fostering
    agency for an agency carer, the Director's letters to the carers and the child for an agreed
    agency match, and the child's certificate and the information sheets where the council gives
    them. Each letter's wording follows the route, the outcome, the number of carers and the
    child's age. Writes <case-reference>_<kind>[-<parent>].docx and letters-manifest.json into
    CASE_DIR/out. Every birth parent's letter is searched, in every part of the file, for the
    case's restricted details; if one is found, nothing is written. Exit code 1 if any case
    failed.

    \b
    Examples:
      permdocs letters samples/01-existing-carer-agreed
      permdocs letters --draft --as-of 2026-11-23 cases/PF-2026-0157
      permdocs letters --format json --templates council-templates/ cases/*
    """
    from ..api import build_letters

    def run(case_dir: Path) -> LettersResult:
        chosen = options.but(out=case_out(out, case_dir, len(case_dirs)))
        return build_letters(case_dir, with_command("letters", case_dir, chosen))

    def show(case_dir: Path, result: LettersResult) -> None:
        if result.documents:
            echo_written(case_dir, "wrote", "letter", result)
            if result.manifest is not None:
                say(f"  {result.manifest.name}")
        else:
            say(f"{case_dir}: no letters written")
        for finding in result.findings:
            say(f"  {finding.severity}: {finding.message}")
        for notice in result.notices:
            say(f"  notice: {notice}")

    def as_dict(result: LettersResult) -> dict[str, Any]:
        return {
            "reference": result.reference,
            "status": "written" if result.documents else "no letters",
            "draft": result.draft,
            "as_of": result.as_of.isoformat(),
            "out": str(result.out),
            "documents": documents_dict(result.documents),
            "notices": [finding.as_dict() for finding in result.findings],
        }

    run_cases(case_dirs, run, show, output_format=output_format, as_dict=as_dict)
