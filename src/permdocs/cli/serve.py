"""``permdocs serve``: fill in and fix a case in the browser, see what is owed, and build."""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

import click

from ..errors import PermdocsError
from .common import as_of_option, profile_option, report_error


@click.command("serve")
@click.argument(
    "folder",
    metavar="CASE_DIR",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
)
@click.option("--no-browser", is_flag=True, help="Print the address only; do not open a browser.")
@as_of_option("Judge timescales as on this date. [default: today]")
@profile_option()
def serve_command(
    folder: Path, no_browser: bool, as_of: date | None, profile_name: str | None
) -> None:
    """Open a case (or a folder of cases) in the browser, to fill in, check and build.

    Starts a web page on this computer only (127.0.0.1, a free port), prints its address and
    opens it. The address holds a one-time key: only the browser that opens it can use the
    pages, and no other computer can reach them. Saving a page writes case.yaml as the command
    line would (checked first, all at once, the earlier version kept in earlier-versions/),
    keeping its comments; a file changed in an editor meanwhile is never overwritten.

    CASE_DIR is a case folder, or a folder of case folders (then the first page lists them with
    their next deadline and who owes what). Stop it with Ctrl+C.

    \b
    Examples:
      permdocs serve cases/PF-2026-0150
      permdocs serve cases/
      permdocs serve --no-browser --as-of 2026-11-23 samples/01-existing-carer-agreed
    """
    from ..serve.server import prepare  # imported here: other commands never load the web stack

    try:
        launch = prepare(folder, as_of=as_of, profile=profile_name)
    except PermdocsError as error:
        report_error(folder, error)
        raise SystemExit(1) from None
    except OSError as error:
        report_error(folder, f"cannot start the web page ({error.strerror})")
        raise SystemExit(1) from None
    click.echo(f"permdocs serve: open {launch.url}")
    click.echo("The address works once, in one browser. Stop with Ctrl+C.")
    if not no_browser:
        import webbrowser

        webbrowser.open(launch.url)
    with contextlib.suppress(KeyboardInterrupt):
        launch.run()
    click.echo("permdocs serve: stopped.")
