"""Small case files and helpers shared by the loading tests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from permdocs.api import load_case
from permdocs.cli import cli
from permdocs.errors import CaseDataError, Problem
from permdocs.model import Case

MINIMAL_YAML = """\
reference: PF-TEST-1
child:
  first_names: Amy
  last_name: Smith
  date_of_birth: 2015-01-01
"""
"""The smallest valid case. A line appended with two spaces' indent belongs to ``child``; its
value starts at column 3 + len(key) + 2."""

MINIMAL_DATA: dict[str, Any] = {
    "reference": "PF-TEST-1",
    "child": {"first_names": "Amy", "last_name": "Smith", "date_of_birth": "2015-01-01"},
}

WHERE = re.compile(r"case\.(?:yaml|json):(\d+):(\d+): ")


def write_case(folder: Path, content: str | bytes, name: str = "case.yaml") -> Path:
    """Write ``content`` as the case file of ``folder`` (created if needed); returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    raw = content.encode("utf-8") if isinstance(content, str) else content
    (folder / name).write_bytes(raw)
    return folder


def loads(folder: Path) -> Case:
    return load_case(folder).case


def refused(folder: Path) -> list[Problem]:
    """The problems a case folder is refused with (fails the test if it loads)."""
    with pytest.raises(CaseDataError) as caught:
        load_case(folder)
    problems = caught.value.problems
    assert problems, "CaseDataError without problems"
    for problem in problems:
        assert problem.location.line is not None, problem
        assert problem.location.column is not None, problem
    return problems


def only_problem(folder: Path) -> Problem:
    problems = refused(folder)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def at(problem: Problem) -> tuple[int | None, int | None]:
    return problem.location.line, problem.location.column


def check(*args: str) -> Result:
    """Run ``permdocs check``; the command must never end in an unexpected exception."""
    result = CliRunner().invoke(cli, ["check", *args])
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result
