"""Findings as a text table, as JSON, and as the completeness.md report."""

from __future__ import annotations

import json
from datetime import date

from case_factory import AS_OF, complete_data, default_profile, make_case, minimal_data, set_path
from permdocs.checks import Finding, run_checks
from permdocs.checks.report import (
    MARKING,
    findings_as_markdown,
    findings_as_text,
    report_dict,
    reports_as_json,
)
from permdocs.checks.wording import contacts, placed
from permdocs.load.reader import Positions

FINDING_KEYS = {
    "code",
    "severity",
    "documents",
    "field",
    "label",
    "owner",
    "message",
    "fix",
    "source",
    "due",
    "line",
    "place",
}


def blank_findings() -> list[Finding]:
    return run_checks(make_case(minimal_data()), default_profile(), AS_OF)


def late_findings() -> list[Finding]:
    data = complete_data()
    set_path(data, "panel.papers_sent_on", "2026-04-20")  # late: due 16 April
    return run_checks(make_case(data), default_profile(), AS_OF)


# --- text --------------------------------------------------------------------------------------


def test_text_groups_by_owner_in_a_fixed_order() -> None:
    text = findings_as_text(blank_findings())
    headings = [line for line in text.splitlines() if line and not line.startswith(" ")]
    assert headings[:2] == [headings[0], "First to do:"]
    assert headings[0].startswith("Who owes what: Child's social worker ")
    assert [h.split(":")[0] for h in headings[2:]] == [
        "Child's social worker",
        "Fostering social worker",
        "Panel adviser",
        "ADM",
    ]
    assert headings[-1] == "ADM: 1 note"


def test_text_wraps_long_messages_without_breaking_a_word() -> None:
    width = 90
    findings = blank_findings()
    text = findings_as_text(findings, width=width)
    words = set(text.split())
    for finding in findings:
        for word in f"{finding.message} {finding.fix}".split():
            assert word in words, word  # never cut across two lines
    assert all(len(line) <= width for line in text.splitlines() if " " in line.strip())
    # A continuation line starts in the text column, not at the left edge.
    rows = text.splitlines()
    start = next(row for row in rows if row.startswith("  BLOCKER")).index("BLOCKER") + 10
    continuation = [r for r in rows if r.startswith(" " * start) and r.strip()]
    assert continuation


def test_text_says_what_where_and_what_to_do() -> None:
    text = findings_as_text(late_findings())
    assert "WARNING   Panel: papers sent on [panel]" in text
    assert "To do: Tell the panel chair the papers went late" in text
    assert "[panel-papers.late]" in text
    assert "standard 14" in text


def test_text_names_the_person_and_the_line_once_placed() -> None:
    data = complete_data()
    set_path(data, "attachments[2].author", None)
    set_path(data, "professionals.childs_social_worker.contact", {"phone": "07700 900101"})
    case = make_case(data)
    findings = placed(
        run_checks(case, default_profile(), AS_OF), case, Positions("case.yaml", {}, {})
    )
    people = contacts(case)
    text = findings_as_text(findings, people=people, file="case.yaml")
    owner = "Child's social worker (Childs Social Worker Person, 07700 900101)"
    assert f"{owner}: 1 blocker" in text.splitlines()
    assert "author of the 3rd attachment, 'ppm-minutes paper' [panel]" in text
    assert "Author of the 3rd attachment, 'ppm-minutes paper' is not filled in." in text
    assert "To do: Fill in 'author:' under the 3rd attachment, 'ppm-minutes paper' in the" in text
    assert "attachments[2]" not in text


def test_text_with_nothing_owed() -> None:
    assert findings_as_text([]) == "Nothing owed: no blockers, warnings or notes.\n"


# --- JSON --------------------------------------------------------------------------------------


def test_json_shape_for_one_case() -> None:
    findings = late_findings()
    payload = json.loads(
        reports_as_json(
            [
                report_dict(
                    "cases/x", findings, reference="PF-TEST-0001", as_of=AS_OF, profile="default"
                )
            ]
        )
    )
    assert set(payload) == {
        "case",
        "reference",
        "valid",
        "as_of",
        "profile",
        "counts",
        "findings",
        "problems",
    }
    assert payload["case"] == "cases/x"
    assert payload["as_of"] == "2026-06-01"
    assert payload["counts"] == {"blocker": 0, "warning": 1, "info": 0}
    (finding,) = payload["findings"]
    assert set(finding) == FINDING_KEYS
    assert finding["due"] == "2026-04-16"
    assert finding["documents"] == ["panel-front-sheet", "panel-checklist"]


def test_json_is_a_list_for_several_cases() -> None:
    one = report_dict("a", [])
    assert isinstance(json.loads(reports_as_json([one])), dict)
    assert [r["case"] for r in json.loads(reports_as_json([one, report_dict("b", [])]))] == [
        "a",
        "b",
    ]


# --- Markdown ----------------------------------------------------------------------------------


def test_markdown_is_marked_and_grouped() -> None:
    case = make_case(minimal_data())
    text = findings_as_markdown(case, blank_findings(), as_of=AS_OF, profile="default")
    lines = text.strip().splitlines()
    assert lines[0] == f"**{MARKING}**"
    assert lines[-1] == f"**{MARKING}**"
    assert "# Completeness report: PF-TEST-0002" in text
    assert "Checked as of 1 June 2026, council profile 'default'." in text
    assert "### Child's social worker (" in text
    assert "| Matching meeting report, Part 2: the child | no |" in text


def test_markdown_table_cells_are_escaped() -> None:
    data = complete_data()
    set_path(data, "siblings[0].name", "Sam | Pipe <script>")
    set_path(data, "siblings[0].plan", None)
    case = make_case(data)
    findings = run_checks(case, default_profile(), AS_OF)
    text = findings_as_markdown(case, findings)
    row = next(line for line in text.splitlines() if "Plan of the 1st brother" in line)
    assert "Sam \\| Pipe &lt;script&gt;" in row
    assert row.count(" | ") == 5  # six cells: the pipe in the name is escaped


def test_markdown_when_ready() -> None:
    case = make_case()
    text = findings_as_markdown(case, [], as_of=date(2026, 6, 1))
    assert "No blockers: every document can be produced as final." in text
    assert "Nothing is owed." in text
