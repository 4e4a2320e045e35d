"""What every command shares: the CASE_DIR argument and turning library errors into messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..errors import PermdocsError

F = TypeVar("F", bound=Callable[..., Any])

case_dirs_argument = click.argument(
    "case_dirs",
    metavar="CASE_DIR...",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path, file_okay=True, dir_okay=True),
)


def report_error(case_dir: Path, error: PermdocsError) -> None:
    """Print a library error for one case folder on stderr, in words a user can act on."""
    click.secho(f"{case_dir}: ", fg="red", bold=True, err=True, nl=False)
    click.echo(str(error), err=True)
