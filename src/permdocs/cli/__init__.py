"""The ``permdocs`` command line. Commands only map options to one library call each.

Exit codes: 0 everything is fine; 1 problems in the case data (or blockers, or a failed build);
2 a usage error (unknown option, missing folder argument).
"""

from __future__ import annotations

import click

from .. import __version__
from .batch import batch_command
from .build import build_command
from .check import check_command
from .letters import letters_command
from .new import new_command
from .pack import pack_command
from .papers import (
    checked_command,
    diff_command,
    dispatch_command,
    sent_command,
    status_command,
)
from .schema import schema_command
from .templates import templates_group
from .tracker import tracker_command

EPILOG = """\b
Exit codes:
  0  everything is fine
  1  problems in the case data, blockers, or a build that could not finish
  2  usage error (an unknown option or a missing argument)

\b
Examples:
  permdocs new cases/PF-2026-0150
  permdocs check cases/PF-2026-0150
  permdocs check --format json cases/*
"""


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="permdocs")
def cli() -> None:
    """Turn a child's case folder into the paperwork for a permanent foster placement.

    A case folder holds case.yaml (or case.json) and an attachments/ folder with papers
    produced elsewhere. permdocs checks the data and renders the documents from Word templates.
    """


cli.add_command(batch_command)
cli.add_command(build_command)
cli.add_command(check_command)
cli.add_command(checked_command)
cli.add_command(diff_command)
cli.add_command(dispatch_command)
cli.add_command(letters_command)
cli.add_command(new_command)
cli.add_command(pack_command)
cli.add_command(schema_command)
cli.add_command(sent_command)
cli.add_command(status_command)
cli.add_command(templates_group)
cli.add_command(tracker_command)


def main() -> None:
    cli(prog_name="permdocs")
