"""``permdocs verify``: the accessibility and print check of built Word documents."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import PermdocsError
from .common import format_option, plural, report_error, say


@click.command("verify")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=False))
@format_option()
def verify_command(paths: tuple[Path, ...], output_format: str) -> None:
    """Check Word documents can be read by everyone and print cleanly.

    PATHS are .docx files, folders of them, or case folders (their out/ folder is checked).
    Each document is checked for: a title and a language in its properties; real heading
    styles in order (no level skipped); table heading rows marked as header rows; alternative
    text on every picture; text contrast of at least 4.5:1 (3:1 for large text); and no table
    row that may break across two pages. Exit code 1 if any document has a finding.

    \b
    Examples:
      permdocs verify samples/01-existing-carer-agreed
      permdocs verify cases/PF-2026-0150/out/PF-2026-0150_ppm-referral.docx
      permdocs verify --format json council-templates/
    """
    from ..build.verify import verify_documents

    try:
        result = verify_documents(paths)
    except PermdocsError as error:
        report_error("verify", error)
        raise SystemExit(1) from None
    if output_format == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "document": str(check.path),
                        "passed": check.passed,
                        "error": check.error or None,
                        "findings": [
                            {"rule": f.rule, "where": f.where, "message": f.message}
                            for f in check.findings
                        ],
                    }
                    for check in result.documents
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for check in result.documents:
            if check.error:
                report_error(check.path, check.error)
            elif check.findings:
                say(f"{check.path}: {plural(len(check.findings), 'problem')}")
                for finding in check.findings:
                    say(f"  {finding}")
            else:
                say(f"{check.path}: passed")
        failed = sum(not check.passed for check in result.documents)
        say(
            f"{plural(len(result.documents), 'document')} checked: "
            + ("all passed" if not failed else f"{failed} with problems")
        )
    if not result.passed:
        raise SystemExit(1)
