"""Load errors say where in a person's words: an item of a list counted from 1 and named (the
2nd attachment, 'Chronology'), never ``attachments[1]``; programs still get the path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from loading_cases import MINIMAL_YAML, write_case
from permdocs.cli import cli
from permdocs.errors import Problem
from permdocs.model.fields import field_place

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "01-existing-carer-agreed"


def broken_sample(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    shutil.copytree(SAMPLE, folder)
    path = folder / "case.yaml"
    text = path.read_text("utf-8").replace(
        "attachments/chronology.pdf", "attachments/chronolgy.pdf"
    )
    path.write_text(text, "utf-8")
    return folder


def test_a_load_error_in_a_list_counts_from_one_and_names_the_item(tmp_path: Path) -> None:
    folder = broken_sample(tmp_path)
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert result.exit_code == 1
    line = next(text for text in result.output.splitlines() if "chronolgy" in text)
    title = next(
        a["title"]
        for a in __import__("yaml").safe_load((SAMPLE / "case.yaml").read_text("utf-8"))[
            "attachments"
        ]
        if a["path"] == "attachments/chronology.pdf"
    )
    typed = (folder / "case.yaml").read_text("utf-8").splitlines()
    number = next(i for i, text in enumerate(typed, 1) if "attachments/chronolgy.pdf" in text)
    column = typed[number - 1].index("attachments/") + 1
    assert f"case.yaml:{number}:{column}: path of the 2nd attachment, '{title}': " in line
    assert "attachments[1]" not in result.output and "[0]" not in result.output
    as_json = CliRunner().invoke(cli, ["check", "--format", "json", str(folder)])
    problem = json.loads(as_json.stdout)["problems"][0]
    assert problem["field"] == "attachments[1].path"  # the path, for programs
    assert problem["place"].startswith("path of the 2nd attachment, '")


def test_nested_lists_and_lists_of_text_read_as_words(tmp_path: Path) -> None:
    text = (
        MINIMAL_YAML
        + "carers:\n  address:\n    lines:\n      - 8 Orchard Way\n      - Flat #4, Orchard Way\n"
    )
    folder = write_case(tmp_path / "case", text)
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert result.exit_code == 1
    assert "the 2nd line of the carers' address: " in result.output, result.output
    parents = {"birth_parents": [{"name": "Ann Example", "address": {"lines": ["a", "b"]}}]}
    assert field_place("birth_parents[0].address.lines[1]", parents) == (
        "the 2nd line of the address of the 1st birth parent, 'Ann Example'"
    )
    assert field_place("child.lac_reviews[10].date") == "date of the 11th LAC review"
    assert field_place("child.education.ehcp") == "Child: education: EHCP"


def test_a_problem_outside_any_list_keeps_its_path_as_the_file_writes_it() -> None:
    from permdocs.errors import Location

    problem = Problem(Location("case.yaml", 6, 3), "child.gendre", "unknown field 'gendre'")
    assert str(problem) == "case.yaml:6:3: child.gendre: unknown field 'gendre'"
