"""``permdocs new``: scaffold a commented case.yaml for a social worker to fill in."""

from __future__ import annotations

from pathlib import Path

import click

from .common import report_error, say


@click.command("new")
@click.argument("case_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option("--reference", help="The case reference (default: the folder's name).")
@click.option(
    "--example",
    is_flag=True,
    help="Copy a bundled fictional sample case instead, to try permdocs on.",
)
@click.option(
    "--sample",
    metavar="NN",
    default=None,
    help="With --example: which sample (01, 02, 03 ... or its folder name). [default: 01]",
)
def new_command(case_dir: Path, reference: str | None, example: bool, sample: str | None) -> None:
    """Create CASE_DIR with a commented case.yaml and an empty attachments/ folder.

    With --example, CASE_DIR gets a copy of a bundled fictional sample case instead, with its
    attached papers and the case.schema.json its first line points editors at. An existing
    case file is never overwritten.

    \b
    Examples:
      permdocs new cases/PF-2026-0150
      permdocs new --example try-it
      permdocs new --example --sample 02 try-confidential
    """
    from ..api import create_case, create_example
    from ..errors import PermdocsError

    try:
        if example or sample is not None:
            path = create_example(case_dir, sample)
        else:
            path = create_case(case_dir, reference or case_dir.name)
    except PermdocsError as error:
        report_error(case_dir, error)
        raise SystemExit(1) from None
    say(f"Created {path}. Fill it in, then run: permdocs check {case_dir}")
    if example or sample is not None:
        from ..build.new_case import linked_samples

        for _source, linked in linked_samples(path.parent.resolve(), case_dir):
            say(
                f"It links to a sibling's case, matched together with this child: {linked}"
                " (copied there unless a case was there already)"
            )
