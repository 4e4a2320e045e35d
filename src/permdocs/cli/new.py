"""``permdocs new``: scaffold a commented case.yaml for a social worker to fill in."""

from __future__ import annotations

from pathlib import Path

import click

from .common import report_error, say


@click.command("new")
@click.argument("case_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option("--reference", help="The case reference (default: the folder's name).")
def new_command(case_dir: Path, reference: str | None) -> None:
    """Create CASE_DIR with a commented case.yaml and an empty attachments/ folder.

    An existing case file is never overwritten.

    \b
    Example:
      permdocs new cases/PF-2026-0150
    """
    from ..api import create_case
    from ..errors import PermdocsError

    try:
        path = create_case(case_dir, reference or case_dir.name)
    except PermdocsError as error:
        report_error(case_dir, error)
        raise SystemExit(1) from None
    say(f"Created {path}. Fill it in, then run: permdocs check {case_dir}")
