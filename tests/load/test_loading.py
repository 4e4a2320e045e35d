"""Reading a case folder faithfully: values as typed, dates, yes/no, and where every problem is.

Each test builds a small case file and checks either the loaded value or the exact
``file:line:column`` and message of the problems it is refused with.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from loading_cases import (
    MINIMAL_DATA,
    MINIMAL_YAML,
    WHERE,
    at,
    check,
    loads,
    only_problem,
    refused,
    write_case,
)
from permdocs.errors import CaseDataError
from permdocs.load.files import MAX_FILE_BYTES
from permdocs.load.json_reader import parse_json
from permdocs.load.reader import MAX_DEPTH, MAX_NODES, MAX_PROBLEMS, parse_yaml

# ------------------------------------------------------------------------ values keep their text


@pytest.mark.parametrize(
    "typed",
    [
        "NO",
        "no",
        "yes",
        "on",
        "Off",
        "True",
        "Null",
        "NULL",
        "12:30",
        "1:20:30",
        "07700900123",
        "0x1F",
        "1e3",
        "1_000",
        ".inf",
        ".NaN",
        "2025-03-14",
        "+44 7700 900123",
        "=SUM(A1)",
        "O'Brien",
    ],
)
def test_a_text_field_keeps_exactly_what_was_typed(tmp_path: Path, typed: str) -> None:
    folder = write_case(tmp_path, MINIMAL_YAML + f"  gender: {typed}\n")
    assert loads(folder).child.gender == typed


def test_a_telephone_number_keeps_its_leading_zero(tmp_path: Path) -> None:
    text = MINIMAL_YAML + (
        "professionals:\n  iro:\n    name: Sam Lee\n    contact:\n      phone: 07700900123\n"
    )
    case = loads(write_case(tmp_path, text))
    assert case.professionals.iro is not None
    assert case.professionals.iro.contact is not None
    assert case.professionals.iro.contact.phone == "07700900123"


def test_quoted_values_keep_their_text_too(tmp_path: Path) -> None:
    text = MINIMAL_YAML + "  gender: 'null'\n  religion: \"~\"\n"
    child = loads(write_case(tmp_path, text)).child
    assert (child.gender, child.religion) == ("null", "~")


def test_quoted_empty_text_is_given_and_so_refused_as_blank(tmp_path: Path) -> None:
    problem = only_problem(write_case(tmp_path, MINIMAL_YAML + "  ethnicity: ''\n"))
    assert (problem.field, at(problem), problem.message) == (
        "child.ethnicity",
        (6, 14),
        "must not be blank",
    )


@pytest.mark.parametrize("empty", ["", " ~", " null"])
def test_empty_tilde_and_null_mean_not_given(tmp_path: Path, empty: str) -> None:
    folder = write_case(tmp_path, MINIMAL_YAML + f"  preferred_name:{empty}\n")
    assert loads(folder).child.preferred_name is None


def test_multi_line_text_keeps_its_lines(tmp_path: Path) -> None:
    text = (
        MINIMAL_YAML + '  wishes_and_feelings: |\n    Amy wants to stay.\n\n    She said: "yes".\n'
    )
    child = loads(write_case(tmp_path, text)).child
    assert child.wishes_and_feelings == 'Amy wants to stay.\n\nShe said: "yes".\n'


# ------------------------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2025-03-14", date(2025, 3, 14)),
        ("14/03/2025", date(2025, 3, 14)),
        ("4/3/2025", date(2025, 3, 4)),
        ("'2025-03-14'", date(2025, 3, 14)),
        ('"03/04/2025"', date(2025, 4, 3)),
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_dates_are_iso_or_uk_day_first(tmp_path: Path, typed: str, expected: date) -> None:
    folder = write_case(tmp_path, MINIMAL_YAML.replace("2015-01-01", typed))
    assert loads(folder).child.date_of_birth == expected


@pytest.mark.parametrize(
    ("typed", "message", "hint"),
    [
        ("03/14/2025", "'03/14/2025' is not a real date: there is no month 14", "14/03/2025"),
        ("31/02/2025", "'31/02/2025' is not a real date: February 2025 has 28 days", "day"),
        ("2025-02-29", "February 2025 has 28 days", "day"),
        ("2025-13-01", "there is no month 13", "2025-03-14"),
        ("14/03/25", "needs a four-digit year", "14/03/2025"),
        ("14 March 2025", "is not a date", "day first"),
        ("2025-03-14T10:00", "is not a date", "2025-03-14"),
        ("14-03-2025", "is not a date", "14/03/2025"),
    ],
)
def test_dates_in_other_orders_or_impossible_are_refused(
    tmp_path: Path, typed: str, message: str, hint: str
) -> None:
    problem = only_problem(write_case(tmp_path, MINIMAL_YAML.replace("2015-01-01", typed)))
    assert problem.field == "child.date_of_birth"
    assert at(problem) == (5, 18)
    assert message in problem.message
    assert hint in problem.hint


def test_a_date_given_as_a_json_number_is_refused(tmp_path: Path) -> None:
    data = json.loads(json.dumps(MINIMAL_DATA))
    data["child"]["date_of_birth"] = 20150101
    problem = only_problem(write_case(tmp_path, json.dumps(data), "case.json"))
    assert problem.message == "expected a date, not the number 20150101"
    assert "in quotes" in problem.hint


# ----------------------------------------------------------------------------------------- yes/no


@pytest.mark.parametrize(("typed", "expected"), [("true", True), ("false", False)])
def test_yes_no_fields_take_true_and_false(tmp_path: Path, typed: str, expected: bool) -> None:
    folder = write_case(tmp_path, MINIMAL_YAML + f"school_confidential: {typed}\n")
    assert loads(folder).school_confidential is expected


@pytest.mark.parametrize("typed", ["yes", "no", "NO", "True", "FALSE", "on", "off", "y", "1"])
def test_yes_no_fields_refuse_everything_else(tmp_path: Path, typed: str) -> None:
    problem = only_problem(write_case(tmp_path, MINIMAL_YAML + f"school_confidential: {typed}\n"))
    assert problem.field == "school_confidential"
    assert problem.message == f"expected true or false, not '{typed}'"
    assert "write true or false" in problem.hint
    assert at(problem) == (6, 22)


def test_json_yes_no_fields_take_only_json_booleans(tmp_path: Path) -> None:
    good = write_case(
        tmp_path / "good", json.dumps({**MINIMAL_DATA, "school_confidential": True}), "case.json"
    )
    assert loads(good).school_confidential is True
    bad = write_case(
        tmp_path / "bad", json.dumps({**MINIMAL_DATA, "school_confidential": 1}), "case.json"
    )
    assert only_problem(bad).message == "expected true or false, not the number 1"


# -------------------------------------------------------------------------------------- positions


def test_a_wrong_value_is_located_at_the_value(tmp_path: Path) -> None:
    text = MINIMAL_YAML + "  legal_status: care order\n"
    problem = only_problem(write_case(tmp_path, text))
    assert (problem.field, at(problem)) == ("child.legal_status", (6, 17))
    assert problem.message == "'care order' is not an allowed value"
    assert problem.hint.startswith("did you mean 'care-order'?")


def test_a_missing_field_is_located_at_its_parent_key(tmp_path: Path) -> None:
    text = "reference: PF-TEST-1\n\nchild:\n  first_names: Amy\n  last_name: Smith\n"
    problem = only_problem(write_case(tmp_path, text))
    assert problem.field == "child.date_of_birth"
    assert at(problem) == (3, 1)
    assert problem.message == "is required but missing"
    assert problem.hint == "add 'date_of_birth:' under 'child'"


def test_a_missing_top_level_field_is_located_at_the_first_field(tmp_path: Path) -> None:
    text = "# a case\n\n" + MINIMAL_YAML.replace("reference: PF-TEST-1\n", "")
    problem = only_problem(write_case(tmp_path, text))
    assert (problem.field, at(problem)) == ("reference", (3, 1))


def test_a_missing_field_in_a_list_item_is_located_at_the_item(tmp_path: Path) -> None:
    text = MINIMAL_YAML + (
        "carers:\n"
        "  route: existing-in-house\n"
        "  carers:\n"
        "    - first_names: Jo\n"
        "      last_name: Jones\n"
        "    - first_names: Sam\n"
    )
    problem = only_problem(write_case(tmp_path, text))
    assert problem.field == "carers.carers[1].last_name"
    assert at(problem) == (11, 7)


def test_an_unknown_key_is_located_at_the_key_with_a_suggestion(tmp_path: Path) -> None:
    text = MINIMAL_YAML + "  gendre: girl\n"
    problem = only_problem(write_case(tmp_path, text))
    assert problem.field == "child.gendre"
    assert at(problem) == (6, 3)
    assert problem.message == "unknown field 'gendre'"
    assert problem.hint == "did you mean 'gender'?"


def test_a_misspelt_required_field_is_linked_to_the_missing_one(tmp_path: Path) -> None:
    text = MINIMAL_YAML + (
        "carers:\n"
        "  route: existing-in-house\n"
        "  carers:\n"
        "    - frist_names: Jo\n"
        "      last_name: Jones\n"
    )
    problems = refused(write_case(tmp_path, text))
    by_field = {problem.field: problem for problem in problems}
    assert set(by_field) == {"carers.carers[0].first_names", "carers.carers[0].frist_names"}
    unknown = by_field["carers.carers[0].frist_names"]
    assert (at(unknown), unknown.hint) == ((9, 7), "did you mean 'first_names'?")
    missing = by_field["carers.carers[0].first_names"]
    assert at(missing) == (9, 7)
    assert "'frist_names' here looks like a misspelling of 'first_names'" in missing.hint


def test_an_unknown_key_with_nothing_close_lists_what_is_allowed(tmp_path: Path) -> None:
    problem = only_problem(write_case(tmp_path, MINIMAL_YAML + "court:\n  when: soon\n"))
    assert problem.field == "court"
    assert "allowed here: reference, profile, child" in problem.hint


def test_a_list_item_value_is_located_exactly(tmp_path: Path) -> None:
    text = MINIMAL_YAML + (
        "  lac_reviews:\n"
        "    - date: 2016-01-01\n"
        "    - date: 2016-13-01\n"
        "      notes: second review\n"
    )
    problem = only_problem(write_case(tmp_path, text))
    assert problem.field == "child.lac_reviews[1].date"
    assert at(problem) == (8, 13)


def test_flow_style_values_are_located_exactly(tmp_path: Path) -> None:
    text = (
        "reference: PF-TEST-1\n"
        "child: {first_names: Amy, last_name: Smith, date_of_birth: 31/02/2015}\n"
    )
    problem = only_problem(write_case(tmp_path, text))
    assert (problem.field, at(problem)) == ("child.date_of_birth", (2, 60))


def test_an_empty_value_is_located_at_its_key(tmp_path: Path) -> None:
    problem = only_problem(write_case(tmp_path, MINIMAL_YAML.replace("Smith", "")))
    assert (problem.field, at(problem)) == ("child.last_name", (4, 3))
    assert (problem.message, problem.hint) == ("is empty", "fill it in")


def test_every_problem_is_reported_at_once_in_line_order(tmp_path: Path) -> None:
    text = (
        "school_confidential: maybe\n"  # line 1, but the last field of the model
        "reference: PF TEST 1\n"
        "child:\n"
        "  first_names: Amy\n"
        "  date_of_birth: 03/14/2015\n"
        "  gendre: girl\n"
        "  lac_reviews:\n"
        "    - date: 2016-01-01\n"
        "      recommended_permanent_fostering: yes\n"
        "panel:\n"
        "  date: tomorrow\n"
    )
    problems = refused(write_case(tmp_path, text))
    located = [(problem.field, at(problem)) for problem in problems]
    assert located == [
        ("school_confidential", (1, 22)),
        ("reference", (2, 12)),
        ("child.last_name", (3, 1)),
        ("child.date_of_birth", (5, 18)),
        ("child.gendre", (6, 3)),
        ("child.lac_reviews[0].recommended_permanent_fostering", (9, 40)),
        ("panel.date", (11, 9)),
    ]


def test_the_cli_prints_every_problem_as_file_line_column(tmp_path: Path) -> None:
    text = MINIMAL_YAML + "  gendre: girl\nschool_confidential: yes\n"
    result = check(str(write_case(tmp_path, text)))
    assert result.exit_code == 1
    lines = [line.strip() for line in result.output.splitlines() if WHERE.search(line)]
    assert len(lines) == 2
    assert lines[0].endswith(
        "case.yaml:6:3: child.gendre: unknown field 'gendre' (did you mean 'gender'?)"
    )
    assert "case.yaml:7:22: school_confidential: expected true or false, not 'yes'" in lines[1]


def test_the_cli_json_format_carries_line_and_column(tmp_path: Path) -> None:
    result = check("--format", "json", str(write_case(tmp_path, MINIMAL_YAML + "  gendre: x\n")))
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["valid"] is False
    (problem,) = payload["problems"]
    assert (problem["line"], problem["column"], problem["field"]) == (6, 3, "child.gendre")


def test_a_valid_case_gets_past_loading_in_the_cli(tmp_path: Path) -> None:
    # A minimal case is valid data but owes many papers: the checks may still exit 1.
    result = check("--format", "json", str(write_case(tmp_path, MINIMAL_YAML)))
    payload = json.loads(result.stdout)
    assert (payload["valid"], payload["problems"]) == (True, [])
    assert payload["reference"] == "PF-TEST-1"


# ------------------------------------------------------------------------- line endings and BOMs


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_numbers_hold_for_every_line_ending(tmp_path: Path, newline: str) -> None:
    text = (MINIMAL_YAML + "  gendre: girl\n  lac_reviews:\n    - date: 2016-13-01\n").replace(
        "\n", newline
    )
    problems = refused(write_case(tmp_path, text))
    assert [(p.field, at(p)) for p in problems] == [
        ("child.gendre", (6, 3)),
        ("child.lac_reviews[0].date", (8, 13)),
    ]


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_control_characters_are_located_for_every_line_ending(tmp_path: Path, newline: str) -> None:
    text = (MINIMAL_YAML + "  gender: girl\n  religion: no\x07ne\n").replace("\n", newline)
    problem = only_problem(write_case(tmp_path, text))
    assert (problem.field, at(problem)) == ("child.religion", (7, 15))


def test_crlf_does_not_reach_the_values(tmp_path: Path) -> None:
    text = (MINIMAL_YAML + "  wishes_and_feelings: |\n    one\n    two\n").replace("\n", "\r\n")
    assert loads(write_case(tmp_path, text)).child.wishes_and_feelings == "one\ntwo\n"


def test_a_utf8_bom_keeps_columns_on_line_one(tmp_path: Path) -> None:
    text = "school_confidential: nope\n" + MINIMAL_YAML
    problem = only_problem(write_case(tmp_path, b"\xef\xbb\xbf" + text.encode()))
    assert at(problem) == (1, 22)


def test_problem_columns_count_characters_not_bytes(tmp_path: Path) -> None:
    text = MINIMAL_YAML.replace("Amy", "Zoë Élodie") + "  religion: none\x07\n"
    problem = only_problem(write_case(tmp_path, text))
    assert at(problem) == (6, 17)
    text = MINIMAL_YAML + "  gender: “girl” \x0b\n"
    assert at(only_problem(write_case(tmp_path, text))) == (6, 18)


def test_several_bad_utf8_bytes_are_all_reported(tmp_path: Path) -> None:
    text = MINIMAL_YAML + "  gender: \u201cgirl\u201d\n  religion: caf\u00e9\n"
    problems = refused(write_case(tmp_path, text.encode("cp1252")))
    assert [at(p) for p in problems] == [(6, 11), (6, 16), (7, 16)]
    assert "'é'" in problems[2].message


# ------------------------------------------------------------------------------------------- JSON


JSON_CASE = """\
{
  "reference": "PF-TEST-1",
  "child": {
    "first_names": "Amy",
    "last_name": "Smith",
    "date_of_birth": "2015-01-01",
    "lac_reviews": [
      {"date": "2016-01-01"},
      {"date": "2016-13-01"}
    ],
    "gendre": "girl"
  },
  "school_confidential": "yes"
}
"""


def test_json_problems_have_line_and_column(tmp_path: Path) -> None:
    problems = refused(write_case(tmp_path, JSON_CASE, "case.json"))
    assert [(p.field, at(p)) for p in problems] == [
        ("child.lac_reviews[1].date", (9, 16)),
        ("child.gendre", (11, 5)),
        ("school_confidential", (13, 26)),
    ]


def test_json_indented_with_tabs_keeps_its_columns(tmp_path: Path) -> None:
    text = JSON_CASE.replace("  ", "\t")
    problems = refused(write_case(tmp_path, text, "case.json"))
    assert [(p.field, at(p)) for p in problems] == [
        ("child.lac_reviews[1].date", (9, 13)),
        ("child.gendre", (11, 3)),
        ("school_confidential", (13, 25)),
    ]


def test_json_missing_field_points_at_its_parent(tmp_path: Path) -> None:
    text = JSON_CASE.replace('    "last_name": "Smith",\n', "")
    problems = refused(write_case(tmp_path, text, "case.json"))
    assert ("child.last_name", (3, 3)) in [(p.field, at(p)) for p in problems]


def test_json_text_values_are_kept_as_written(tmp_path: Path) -> None:
    data = json.loads(json.dumps(MINIMAL_DATA))
    data["child"]["gender"] = "NO"
    data["child"]["wishes_and_feelings"] = "Stay \U0001f600\n\ttabbed"
    case = loads(write_case(tmp_path, json.dumps(data), "case.json"))
    assert case.child.gender == "NO"
    assert case.child.wishes_and_feelings == "Stay \U0001f600\n\ttabbed"


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ('{"reference": "X",\n "child": {"first_names": "A",}\n}', (2, 30), "',' after the last"),
        ("{'reference': 'X'}", (1, 2), "field names must be in double quotes"),
        ('{"reference": "X"\n "child": {}}', (2, 2), "a ',' is missing"),
        ('{"reference": "X", "child": [1, 2', (1, 34), "ends before the JSON is complete"),
        ('{"reference": "C:\\Users"}', (1, 18), "unknown escape"),
        ('{"reference": "X"} trailing', (1, 20), "more text after the end"),
        ('{"reference": "a\tb"}', (1, 17), "a tab or line break inside quoted text"),
    ],
)
def test_json_syntax_errors_say_where_and_what(
    tmp_path: Path, text: str, where: tuple[int, int], message: str
) -> None:
    problem = only_problem(write_case(tmp_path, text, "case.json"))
    assert at(problem) == where
    assert message in problem.message


# -------------------------------------------------------------------------------- YAML structure


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            "reference: PF-TEST-1\nchild\n  first_names: Amy\n",
            (2, 1),
            "no ':' after the field name",
        ),
        ("reference: PF: 1\n", (1, 14), "a ':' is not expected here"),
        ("reference: PF-TEST-1\nchild:\n    a: 1\n  b: 2\n", (4, 3), "does not line up"),
        ("reference: x\n- item\n", (2, 1), "a list item ('- ') is not expected here"),
        ('reference: "x" y\n', (1, 16), "unexpected text"),
        ("reference: @x\n", (1, 12), "cannot start with '@'"),
        ('reference: "\\q"\n', (1, 14), "unknown escape"),
        ("reference: x\n...\nchild: y\n", (3, 1), "text after the end of the case"),
        ("reference: [a, b\nchild: x\n", (2, 6), "'[' opened here is not closed before line 2"),
    ],
)
def test_yaml_syntax_errors_say_where_and_what(
    tmp_path: Path, text: str, where: tuple[int, int], message: str
) -> None:
    problem = only_problem(write_case(tmp_path, text))
    if "opened here" in message:
        assert at(problem) == (1, 12)
    else:
        assert at(problem) == where
    assert message in problem.message
    assert problem.hint


def test_duplicates_anchors_and_tags_are_all_reported_together(tmp_path: Path) -> None:
    text = MINIMAL_YAML + (
        "  gender: !!str girl\n"
        "  religion: &r none\n"
        "  first_language: *r\n"
        "  last_name: Jones\n"
        "reference: PF-TEST-2\n"
    )
    problems = refused(write_case(tmp_path, text))
    assert [(at(p), p.message.split(",")[0]) for p in problems] == [
        ((6, 11), "uses the YAML tag !!str"),
        ((7, 13), "uses a YAML anchor (&r)"),
        ((8, 19), "uses a YAML alias (*r)"),
        ((9, 3), "is given twice: first on line 4"),
        ((10, 1), "is given twice: first on line 1"),
    ]
    assert [p.field for p in problems if "twice" in p.message] == ["child.last_name", "reference"]


def test_a_key_that_is_not_plain_text_is_refused(tmp_path: Path) -> None:
    problem = only_problem(write_case(tmp_path, MINIMAL_YAML + "? [a, b]\n: c\n"))
    assert at(problem) == (6, 3)
    assert "a field name must be plain text" in problem.message


def test_escaped_characters_beyond_the_basic_plane_are_joined(tmp_path: Path) -> None:
    text = MINIMAL_YAML + '  wishes_and_feelings: "\\ud83d\\ude00 happy"\n'
    assert loads(write_case(tmp_path, text)).child.wishes_and_feelings == "\U0001f600 happy"
    text = MINIMAL_YAML + '  wishes_and_feelings: "half \\ud83d"\n'
    problem = only_problem(write_case(tmp_path, text))
    assert (problem.field, at(problem)) == ("child.wishes_and_feelings", (6, 24))
    assert "half of a character" in problem.message


def test_c1_control_characters_are_named_with_their_likely_origin(tmp_path: Path) -> None:
    problem = only_problem(write_case(tmp_path, MINIMAL_YAML + "  gender: \u0093girl\n"))
    assert (problem.field, at(problem)) == ("child.gender", (6, 11))
    assert "U+0093" in problem.message
    assert "'“'" in problem.message


# ------------------------------------------------------------------------------------------ limits


def test_the_limits_are_stated_in_the_messages(tmp_path: Path) -> None:
    deep = "reference: x\nchild: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    assert f"more than {MAX_DEPTH} levels" in only_problem(write_case(tmp_path / "a", deep)).message
    many = "reference: x\nchild: [" + "1, " * (MAX_NODES + 10) + "1]\n"
    assert len(many) < MAX_FILE_BYTES
    assert (
        f"more than {MAX_NODES:,} values" in only_problem(write_case(tmp_path / "b", many)).message
    )


def test_a_file_beyond_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    folder = write_case(tmp_path, MINIMAL_YAML + "# " + "x" * MAX_FILE_BYTES + "\n")
    problem = only_problem(folder)
    assert f"at most {MAX_FILE_BYTES:,} bytes" in problem.message
    assert at(problem) == (1, 1)


def test_a_json_file_beyond_the_value_limit_is_refused(tmp_path: Path) -> None:
    data = {**MINIMAL_DATA, "siblings": [{"name": "x"}] * (MAX_NODES // 2)}
    problem = only_problem(write_case(tmp_path, json.dumps(data), "case.json"))
    assert f"more than {MAX_NODES:,} values" in problem.message


# ---------------------------------------------------------------------------- impossible dates


def test_looked_after_before_birth_is_located(tmp_path: Path) -> None:
    text = MINIMAL_YAML + "  looked_after_since: 31/12/2014\n"
    problem = only_problem(write_case(tmp_path, text))
    assert (problem.field, at(problem)) == ("child.looked_after_since", (6, 23))
    assert "before the child's date of birth" in problem.message


def test_a_review_before_birth_is_located_in_its_list(tmp_path: Path) -> None:
    text = MINIMAL_YAML + "  lac_reviews:\n    - date: 2015-06-01\n    - date: 01/06/2014\n"
    problem = only_problem(write_case(tmp_path, text))
    assert (problem.field, at(problem)) == ("child.lac_reviews[1].date", (8, 13))


# ----------------------------------------------------------------------------------- attachments


def _attachment(path: str) -> str:
    return f"  - kind: other\n    title: A paper\n    path: {path}\n"


def test_attachment_paths_must_exist_inside_the_case_folder(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    (folder / "attachments").mkdir(parents=True)
    (folder / "attachments" / "plan.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / "attachments" / "notes.txt").write_text("notes")
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(b"%PDF-1.4\n")
    (folder / "attachments" / "link.pdf").symlink_to(outside)
    paths = [
        "attachments/plan.pdf",
        "../../etc/passwd",
        "/etc/passwd",
        "attachments/link.pdf",
        "attachments/missing.pdf",
        "attachments/notes.txt",
        "attachments",
        "'C:\\Users\\sw\\plan.pdf'",
        "'attachments\\plan.pdf'",
    ]
    text = MINIMAL_YAML + "attachments:\n" + "".join(_attachment(p) for p in paths)
    problems = refused(write_case(folder, text))
    assert [(p.field, at(p), p.message) for p in problems] == [
        ("attachments[1].path", (12, 11), "'../../etc/passwd' leaves the case folder"),
        ("attachments[2].path", (15, 11), "'/etc/passwd' is not a path inside the case folder"),
        ("attachments[3].path", (18, 11), "'attachments/link.pdf' leaves the case folder"),
        ("attachments[4].path", (21, 11), "'attachments/missing.pdf' does not exist"),
        (
            "attachments[5].path",
            (24, 11),
            "'attachments/notes.txt' is not a PDF or Word (.docx) file",
        ),
        ("attachments[6].path", (27, 11), "'attachments' is a folder, not a file"),
        (
            "attachments[7].path",
            (30, 11),
            "'C:\\Users\\sw\\plan.pdf' is not a path inside the case folder",
        ),
        ("attachments[8].path", (33, 11), "'attachments\\plan.pdf' uses backslashes"),
    ]


def test_attachment_problems_come_with_the_other_problems(tmp_path: Path) -> None:
    text = MINIMAL_YAML + "  gendre: girl\nattachments:\n" + _attachment("../outside.pdf")
    problems = refused(write_case(tmp_path, text))
    assert [p.field for p in problems] == ["child.gendre", "attachments[0].path"]


# ------------------------------------------------------------------------- characters and BOMs


def test_a_raw_next_line_character_is_refused_not_read_as_a_line_break(tmp_path: Path) -> None:
    # U+0085 in a UTF-8 file is nearly always Word's "…" (byte 0x85) saved in the wrong encoding;
    # YAML 1.1 would silently turn it into a line break or a space.
    problem = only_problem(write_case(tmp_path, MINIMAL_YAML + "  gender: girl\u0085\n"))
    assert (problem.field, at(problem)) == ("child.gender", (6, 15))
    assert "probably '…'" in problem.message
    escaped = MINIMAL_YAML + '  wishes_and_feelings: "a\\Nb"\n'
    assert loads(write_case(tmp_path, escaped)).child.wishes_and_feelings == "a\x85b"


def test_json_counts_only_json_line_breaks(tmp_path: Path) -> None:
    text = '{"reference": "PF-TEST-1",\n "note\u2028s": "a\u2028b\u0085c",\n "x": NaN}'
    problems = refused(write_case(tmp_path, text, "case.json"))
    assert [(p.field, at(p)) for p in problems] == [("x", (3, 7))]


def test_the_parsers_drop_a_byte_order_mark_given_in_text() -> None:
    with pytest.raises(CaseDataError) as caught:
        parse_yaml("\ufeffschool_confidential: &x true\n", "profile.yaml")
    assert at(caught.value.problems[0]) == (1, 22)
    with pytest.raises(CaseDataError) as caught:
        parse_json('\ufeff{"reference": NaN}', "case.json")
    assert at(caught.value.problems[0]) == (1, 15)


def test_reading_stops_after_many_problems_and_says_so(tmp_path: Path) -> None:
    text = MINIMAL_YAML + "".join(f"k{i}: !!str x\n" for i in range(MAX_PROBLEMS + 10))
    problems = refused(write_case(tmp_path, text))
    assert len(problems) == MAX_PROBLEMS + 1
    assert f"reading stopped here after {MAX_PROBLEMS} problems" in problems[-1].message
