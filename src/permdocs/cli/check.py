"""``permdocs check``: validate case folders and report what is wrong, where, and what to do."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..errors import CaseDataError, PermdocsError
from .common import case_dirs_argument, report_error


@click.command("check")
@case_dirs_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for programs.",
)
def check_command(case_dirs: tuple[Path, ...], output_format: str) -> None:
    """Check that each CASE_DIR's case file is valid.

    \b
    Examples:
      permdocs check samples/01-existing-carer-agreed
      permdocs check --format json cases/*
    """
    from ..api import load_case

    results: list[dict[str, Any]] = []
    failed = False
    for case_dir in case_dirs:
        try:
            folder = load_case(case_dir)
        except PermdocsError as error:
            failed = True
            problems = error.problems if isinstance(error, CaseDataError) else []
            results.append(
                {
                    "case": str(case_dir),
                    "valid": False,
                    "error": error.message,
                    "problems": [problem.as_dict() for problem in problems],
                }
            )
            if output_format == "text":
                report_error(case_dir, error)
            continue
        results.append(
            {
                "case": str(case_dir),
                "reference": folder.case.reference,
                "valid": True,
                "problems": [],
            }
        )
        if output_format == "text":
            click.echo(f"{case_dir}: case {folder.case.reference} is valid")
    if output_format == "json":
        payload: Any = results[0] if len(results) == 1 else results
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    if failed:
        raise SystemExit(1)
