"""``permdocs profile``: start a council's own profile from the bundled one."""

from __future__ import annotations

import click

from .common import report_error, say


@click.group("profile")
def profile_group() -> None:
    """Council profiles: the council's name and contact details for the letterhead, its local
    rules and timescales, its panel checklist and who receives letters.

    \b
    Example:
      permdocs profile new northmoor
    """


@profile_group.command("new")
@click.argument("name")
def profile_new_command(name: str) -> None:
    """Write NAME.yaml: the bundled profile for a council to edit, every field explained.

    The council's name, address, telephone and email are left as CHANGE ME: a final build
    refuses documents until they are filled in. Name the file in each case (profile:
    NAME.yaml, relative to the case folder) or pass --profile NAME.yaml. An existing file is
    never overwritten.

    \b
    Examples:
      permdocs profile new northmoor
      permdocs profile new councils/northmoor.yaml
    """
    from ..api import create_profile
    from ..errors import PermdocsError

    try:
        path = create_profile(name)
    except PermdocsError as error:
        report_error(name, error)
        raise SystemExit(1) from None
    say(
        f"Created {path}. Fill in every CHANGE ME (the council's name, address, telephone and"
        f" email), then use it: permdocs check --profile {path} CASE_DIR"
    )
