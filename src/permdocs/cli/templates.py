"""``permdocs templates``: check a council's Word templates, list which are used, describe the
names templates can use, and copy the bundled ones as a starting point."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import PermdocsError
from .common import force_option, format_option, plural, profile_option, templates_option


@click.group("templates")
def templates_group() -> None:
    """Work with Word templates: a council's own, or the bundled ones.

    A council keeps its templates in one folder, each named after the document it makes
    (ppm-referral.docx, letter-carers.docx ...), and points permdocs at it with its profile's
    templates: setting or with --templates DIR. Any document the folder has no template for
    uses the bundled one.

    \b
    Examples:
      permdocs templates copy council-templates/
      permdocs templates check council-templates/
      permdocs templates list --templates council-templates/
      permdocs templates fields > docs/fields.md
    """


@templates_group.command("check")
@click.argument(
    "folder",
    metavar="[DIR]",
    required=False,
    type=click.Path(path_type=Path, exists=True, file_okay=False),
)
@format_option()
@click.option("--strict", is_flag=True, help="Treat warnings as failures too (exit 1).")
def check_command(folder: Path | None, output_format: str, strict: bool) -> None:
    """Check every Word template in DIR (default: the bundled templates).

    Reports, with the part of the file (word/document.xml is the body, word/header1.xml a
    header ...) and the paragraph or table cell: tag syntax errors; tags broken across
    paragraphs; docxtpl's {%p %} / {%tr %} / {%tc %} tags sharing a paragraph, row or cell;
    every name the case does not provide (with the nearest real name); details a birth
    parent's letter must never show; a missing OFFICIAL-SENSITIVE marking; unsafe files
    (macros, DOCTYPEs, zip bombs, linked pictures, INCLUDE/LINK fields, links to local files,
    attached templates); and, by rendering each template with example cases within the limits a
    build uses, tags that make or loop far more than a document needs.

    Exit codes: 0 no errors (warnings are shown), 1 errors (or warnings with --strict),
    2 usage error.

    \b
    Examples:
      permdocs templates check council-templates/
      permdocs templates check --format json council-templates/ > report.json
      permdocs templates check
    """
    from ..lint import lint_folder

    report = lint_folder(folder)
    if output_format == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        for finding in report.findings:
            click.echo(str(finding))
        for file_report in report.files:
            click.echo(file_report.text())
        click.echo(_summary(report.folder, len(report.files), report.errors, report.warnings))
    if report.errors or (strict and report.warnings):
        raise SystemExit(1)


def _summary(folder: str, files: int, errors: int, warnings: int) -> str:
    checked = f"{plural(files, 'template')} checked in {folder}"
    if not errors and not warnings:
        return f"{checked}: all can be used."
    parts = []
    if errors:
        parts.append(plural(errors, "error"))
    if warnings:
        parts.append(plural(warnings, "warning"))
    advice = (
        " A template with errors is not used: correct it in Word and check again." if errors else ""
    )
    return f"{checked}: {', '.join(parts)}.{advice}"


@templates_group.command("list")
@click.argument(
    "case_dir",
    metavar="[CASE_DIR]",
    required=False,
    type=click.Path(path_type=Path, file_okay=True, dir_okay=True),
)
@templates_option("A council's folder of Word templates, searched first (as for permdocs build).")
@profile_option(
    "Council profile to use instead of the case's own (default without CASE_DIR: default)."
)
@format_option()
def list_command(
    case_dir: Path | None, templates: Path | None, profile_name: str | None, output_format: str
) -> None:
    """List each kind of document and the template it would be made from.

    For CASE_DIR, its council profile decides (its templates: folder); --profile and
    --templates work as for permdocs build. Each line says where the template comes from:
    bundled, or the council file's path, and whether the template check would refuse it.

    \b
    Examples:
      permdocs templates list
      permdocs templates list samples/01-existing-carer-agreed
      permdocs templates list --profile council.yaml --templates council-templates/
    """
    from ..build.templates import list_templates

    try:
        listing = list_templates(case_dir, templates=templates, profile=profile_name)
    except PermdocsError as error:
        click.echo(str(error), err=True)
        raise SystemExit(1) from None
    if output_format == "json":
        payload = {
            "profile": listing.profile,
            "folders": [str(folder) for folder in listing.folders],
            "templates": [source.as_dict() for source in listing.sources],
            "notes": list(listing.notes),
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    click.echo(f"Profile: {listing.profile}")
    for folder in listing.folders:
        click.echo(f"Council templates folder: {folder}")
    for note in listing.notes:
        click.echo(f"Note: {note}")
    width = max(len(source.kind) for source in listing.sources)
    refused = 0
    for source in listing.sources:
        where = "bundled" if source.bundled else source.source
        state = ""
        if source.errors:
            refused += 1
            state = f"  REFUSED: {plural(source.errors, 'error')}"
        click.echo(f"  {source.kind:<{width}}  {where}  (sha256 {source.sha256[:12]}){state}")
    if refused:
        folders = " ".join(str(folder) for folder in listing.folders)
        click.echo(
            f"{plural(refused, 'council template')} would stop a build: "
            f"see permdocs templates check {folders}"
        )


@templates_group.command("fields")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="markdown for people (docs/fields.md), json for programs.",
)
def fields_command(output_format: str) -> None:
    """Print the field reference: every name a template can use, by kind of document.

    Starts with the template contract version those names belong to. Markdown, with each name's
    type and description, generated from the view model, is what docs/fields.md holds
    (regenerate it with make docs); JSON adds the contract's recorded changes.

    \b
    Examples:
      permdocs templates fields > docs/fields.md
      permdocs templates fields --format json > fields.json
    """
    from ..lint.reference import fields_dict, fields_markdown

    if output_format == "json":
        click.echo(json.dumps(fields_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(fields_markdown(), nl=False)


@templates_group.command("upgrade")
@click.argument(
    "folder", metavar="DIR", type=click.Path(path_type=Path, exists=True, file_okay=False)
)
@click.option("--dry-run", is_flag=True, help="Say what would change, and change nothing.")
def upgrade_command(folder: Path, dry_run: bool) -> None:
    """Rewrite the council's templates in DIR to the current template contract.

    Every name the contract renamed is rewritten to its new name inside the template's tags,
    and each template is marked as written for the current contract; nothing else in the file
    changes. The originals are kept in DIR/before-upgrade/. A name Word split across pieces of
    formatting cannot be rewritten safely: it is listed with where it is, to retype in Word.
    Exit code 1 if any such name is left.

    \b
    Examples:
      permdocs templates upgrade --dry-run council-templates/
      permdocs templates upgrade council-templates/
    """
    from ..lint.contract import current
    from ..lint.upgrade import upgrade_folder

    try:
        upgrades = upgrade_folder(folder, dry_run=dry_run)
    except PermdocsError as error:
        click.echo(str(error), err=True)
        raise SystemExit(1) from None
    verb = "would upgrade" if dry_run else "upgraded"
    version = current().version
    left = False
    for upgrade in upgrades:
        if not upgrade.changed:
            click.echo(f"{upgrade.path.name}: already written for template contract {version}")
            continue
        click.echo(
            f"{upgrade.path.name}: {verb} from template contract {upgrade.declared} to {version}"
        )
        for old, new in upgrade.renamed:
            click.echo(f"  {old} -> {new}")
        for place in upgrade.by_hand:
            left = True
            click.echo(f"  retype in Word (split by formatting): {place}")
        if upgrade.backup is not None:
            click.echo(f"  original kept as {upgrade.backup}")
    if left:
        raise SystemExit(1)


@templates_group.command("copy")
@click.argument("destination", metavar="DIR", type=click.Path(path_type=Path, file_okay=False))
@force_option("Replace templates already in DIR.")
def copy_command(destination: Path, force: bool) -> None:
    """Copy the bundled templates into DIR, to edit in Word as the council's own.

    Creates DIR if needed. Nothing is replaced without --force. Delete the copies of any
    documents the council does not want to change: permdocs uses the bundled template for
    every document the folder has no template for.

    \b
    Example:
      permdocs templates copy council-templates/
    """
    from ..build.templates import copy_bundled_templates

    try:
        written = copy_bundled_templates(destination, force=force)
    except PermdocsError as error:
        click.echo(str(error), err=True)
        raise SystemExit(1) from None
    click.echo(f"Copied {len(written)} templates into {destination}:")
    for path in written:
        click.echo(f"  {path.name}")
    click.echo(f"Edit them in Word, then check them with: permdocs templates check {destination}")
