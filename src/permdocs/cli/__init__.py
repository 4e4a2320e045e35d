"""The ``permdocs`` command line. Commands only map options to one library call each.

Exit codes: 0 everything is fine; 1 problems in the case data (or blockers, or a failed build);
2 a usage error (unknown option, missing folder argument).
"""

from __future__ import annotations

import os
import sys

import click

from .. import __version__
from ..write.interrupts import terminate_like_ctrl_c
from .batch import batch_command
from .build import build_command
from .check import check_command
from .common import QUIET
from .import_ import import_group
from .letters import letters_command
from .new import new_command
from .pack import pack_command
from .profile import profile_group
from .schema import schema_command
from .serve import serve_command
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
  permdocs import 903 cases/PF-2026-0150 --child 000417 header.csv episodes.csv
"""


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="permdocs")
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="Print only errors: no progress, no lists of files written, no check report (the exit"
    " code says how it went; --format json or csv output is still printed).",
)
@click.pass_context
def cli(ctx: click.Context, quiet: bool) -> None:
    """Turn a child's case folder into the paperwork for a permanent foster placement.

    A case folder holds case.yaml (or case.json) and an attachments/ folder with papers
    produced elsewhere. permdocs checks the data and renders the documents from Word templates.
    Set NO_COLOR to leave colour out of messages. Shell completion: see the README ("Shell
    completion"), e.g. eval "$(_PERMDOCS_COMPLETE=bash_source permdocs)".
    """
    ctx.meta[QUIET] = quiet
    if os.environ.get("NO_COLOR"):  # https://no-color.org: any non-empty value
        ctx.color = False


cli.add_command(batch_command)
cli.add_command(build_command)
cli.add_command(check_command)
cli.add_command(import_group)
cli.add_command(letters_command)
cli.add_command(new_command)
cli.add_command(pack_command)
cli.add_command(profile_group)
cli.add_command(schema_command)
cli.add_command(serve_command)
cli.add_command(templates_group)
cli.add_command(tracker_command)


def main() -> None:
    utf8_streams()
    # SIGTERM (a scheduler, `timeout`) and SIGHUP (a closed terminal) stop a run the way Ctrl+C
    # does: LibreOffice is stopped, temporary copies removed, half-placed outputs put back.
    with terminate_like_ctrl_c():
        cli(prog_name="permdocs")


def utf8_streams() -> None:
    """Write stdout and stderr as UTF-8 whatever the console or code page.

    Windows gives output redirected to a file (``permdocs check CASE > report.txt``) its legacy
    code page, cp1252, in which a name such as "Michał" cannot be written at all: Python would
    stop with UnicodeEncodeError half-way through a report. UTF-8 holds every name, and Notepad
    and Excel read it. A console Python already writes as Unicode is left as it is.
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").replace("-", "").replace("_", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding.lower() != "utf8" and reconfigure is not None:
            reconfigure(encoding="utf-8")
