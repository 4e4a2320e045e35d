"""Nothing typed is lost to a YAML comment: ``address: Flat #4, 8 Orchard Way`` would load as
``Flat``. A ' #' after an unquoted value, in any field, is refused at the '#' with the value in
quotes as the way to write it."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from loading_cases import MINIMAL_YAML, loads, refused, write_case
from permdocs.cli import cli
from permdocs.model import Case
from permdocs.model.fields import unwrap_annotation

TYPED = "Flat #4, 8 Orchard Way"


def _leaf_paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every field of the model that holds one typed value (text, a choice, a date, a number),
    as a path; a list's item is written ``*``."""
    paths: list[tuple[str, ...]] = []
    for name, info in model.model_fields.items():
        annotation = unwrap_annotation(info.annotation)
        path = (*prefix, name)
        if typing.get_origin(annotation) is list:
            annotation = unwrap_annotation(typing.get_args(annotation)[0])
            path = (*path, "*")
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            paths += _leaf_paths(annotation, path)
        elif annotation is not bool:
            paths.append(path)
    return paths


def _yaml_at(path: tuple[str, ...], value: str) -> tuple[str, int, int]:
    """YAML holding ``value`` at ``path`` (lists with one item), the value's line and column."""
    lines: list[str] = []
    indent = 0
    dash = False
    for position, part in enumerate(path):
        if part == "*":
            continue
        last = position == len(path) - 1 or (position == len(path) - 2 and path[-1] == "*")
        lead = " " * indent + ("- " if dash else "")
        dash = False
        if last and path[-1] == "*":
            lines.append(f"{lead}{part}:")
            lines.append(" " * (indent + 2) + f"- {value}")
            return "\n".join(lines) + "\n", len(lines), indent + 5
        if last:
            lines.append(f"{lead}{part}: {value}")
            return "\n".join(lines) + "\n", len(lines), len(lead) + len(part) + 3
        lines.append(f"{lead}{part}:")
        indent += 2 + (2 if lead.endswith("- ") else 0)
        dash = path[position + 1] == "*"
    raise AssertionError(path)


LEAVES = _leaf_paths(Case)


def test_the_walk_finds_the_fields_people_type_into() -> None:
    shown = {".".join(path) for path in LEAVES}
    assert {"child.last_name", "carers.address.lines.*", "attachments.*.title"} <= shown
    assert len(LEAVES) > 150


@pytest.mark.parametrize("path", LEAVES, ids=".".join)
def test_a_comment_after_an_unquoted_value_is_refused_in_every_field(
    tmp_path: Path, path: tuple[str, ...]
) -> None:
    text, line, column = _yaml_at(path, TYPED)
    problems = refused(write_case(tmp_path, text))
    assert len(problems) == 1, problems
    problem = problems[0]
    field = ".".join(path).replace(".*", "[0]")
    assert (problem.location.line, problem.location.column) == (line, column + len("Flat ")), text
    assert problem.field == field
    assert problem.message == (
        "would be cut short at ' #': YAML reads the rest of the line as a comment,"
        " leaving only 'Flat'"
    )
    assert problem.hint == f'put the value in quotes: "{TYPED}"'


def test_the_same_text_in_quotes_is_kept_whole(tmp_path: Path) -> None:
    text = MINIMAL_YAML + f"  religion: \"{TYPED}\"\n  gender: '{TYPED}'\n"
    child = loads(write_case(tmp_path, text)).child
    assert (child.religion, child.gender) == (TYPED, TYPED)


def test_a_hash_without_a_space_before_it_is_text(tmp_path: Path) -> None:
    child = loads(write_case(tmp_path, MINIMAL_YAML + "  religion: Flat#4\n")).child
    assert child.religion == "Flat#4"


def test_a_value_lost_entirely_to_a_comment_is_refused(tmp_path: Path) -> None:
    problems = refused(write_case(tmp_path, MINIMAL_YAML + "  religion:  #4 Orchard Way\n"))
    assert [(p.location.line, p.location.column, p.field, p.message, p.hint) for p in problems] == [
        (
            6,
            14,
            "child.religion",
            "would be empty: YAML reads ' #' and the rest of the line as a comment",
            "put the value in quotes: \"#4 Orchard Way\"; or, if it is a note, move the '#'"
            " and the note onto a line of their own",
        )
    ]


def test_a_value_holding_double_quotes_is_offered_in_single_quotes(tmp_path: Path) -> None:
    text = MINIMAL_YAML + '  religion: said "yes" #1, then it\'s "no"\n'
    problem = refused(write_case(tmp_path, text))[0]
    assert problem.hint == "put the value in quotes: 'said \"yes\" #1, then it''s \"no\"'"


def test_comments_on_their_own_lines_and_after_groups_are_fine(tmp_path: Path) -> None:
    text = (
        "# the case\nreference: PF-TEST-1\nchild:   # the child\n  # names\n"
        "  first_names: Amy\n  last_name: Smith\n  date_of_birth: 2015-01-01\n"
        "siblings: []   # none\n"
    )
    assert loads(write_case(tmp_path, text)).child.last_name == "Smith"


def test_a_multi_line_value_cut_short_is_refused_too(tmp_path: Path) -> None:
    text = MINIMAL_YAML + "  religion: Church\n    of England #x\n"
    problem = refused(write_case(tmp_path, text))[0]
    assert (problem.location.line, problem.location.column) == (7, 16)
    assert problem.hint == "put the value in quotes, the whole of it"


def test_the_cli_names_the_place_and_the_fix(tmp_path: Path) -> None:
    text = MINIMAL_YAML + "carers:\n  address:\n    lines:\n      - Flat #4, 8 Orchard Way\n"
    folder = write_case(tmp_path / "case", text)
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert result.exit_code == 1
    assert (
        "case.yaml:9:14: the 1st line of the carers' address: would be cut short at ' #': YAML reads the rest of"
        " the line as a comment, leaving only 'Flat' (put the value in quotes:"
        ' "Flat #4, 8 Orchard Way")'
    ) in result.output
