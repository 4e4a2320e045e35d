"""``permdocs schema``: print the JSON Schema of case files."""

from __future__ import annotations

import click


@click.command("schema")
def schema_command() -> None:
    """Print the JSON Schema for case files (generated from the case model).

    \b
    Example:
      permdocs schema > schemas/case.schema.json
    """
    from ..api import case_json_schema_text

    click.echo(case_json_schema_text(), nl=False)
