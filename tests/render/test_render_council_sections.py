"""The sections real councils' forms carry (issue 24), each found by its text in the reopened
document: the PPM referral's reason and the manager's authorisation, Part 2's education and
health box and its two-event sign-off, Part 3's household views and statutory checks, the front
sheet's placement date and terms of approval, and the checklist's split rows, papers-sent row and
QA note."""

from __future__ import annotations

from typing import Any

import pytest

from case_factory import AS_OF, complete_data, make_case, profile_with, set_path
from docx_helpers import open_docx, section
from permdocs.build.options import BuildOptions
from permdocs.build.run import Rendering
from permdocs.errors import RenderError
from permdocs.load.profiles import load_profile
from permdocs.model import Case
from permdocs.policy.documents import KINDS
from permdocs.policy.profiles import Profile


def render(case: Case, kind: str, *, profile: Profile | None = None, draft: bool = False) -> Any:
    chosen = profile or load_profile("default")
    rendering = Rendering.of(case, chosen, BuildOptions(as_of=AS_OF, draft=draft))
    return open_docx(rendering.render_report(KINDS[kind]).data)


def household_case() -> dict[str, Any]:
    data = complete_data()
    data["carers"]["carers"].append(
        {
            "first_names": "Lee",
            "last_name": "Carer",
            "title": "Mx",
            "dbs_checked_on": "2022-03-01",
            "medical_on": "2025-09-09",
        }
    )
    data["carers"]["household"] = [
        {
            "name": "Robin Carer",
            "relationship": "Son",
            "date_of_birth": "2004-02-02",
            "dbs_checked_on": "2025-01-15",
            "views": "Robin is glad Ellie is staying.",
        },
        {"name": "Baby Carer", "relationship": "Daughter", "date_of_birth": "2024-06-01"},
    ]
    return data


def test_the_ppm_referral_says_why_and_carries_the_managers_authorisation() -> None:
    document = render(make_case(), "ppm-referral")
    referral = section(document, "The referral")
    assert "Why the child is referred, and what the meeting is asked to decide" in referral.text
    assert "The second review recommended permanent fostering." in referral.text
    sign_off = section(document, "Sign-off")
    assert "Agreed." in sign_off.paragraphs
    rows = {cells[0]: cells for cells in sign_off.tables[0]}
    assert rows["Authorised by the team manager"][3] == "21 January 2025"
    assert rows["Referred by the child's social worker"][3] == "20 January 2025"


def test_part2_has_the_education_and_health_box_and_a_sign_off_telling_two_events_apart() -> None:
    document = render(make_case(), "matching-report-part2")
    child = section(document, "The child")
    box = {cells[0]: cells[1] for table in child.tables for cells in table if len(cells) == 2}
    assert box["School or setting"] == "Example Primary School"
    assert box["Year group"] == "Year 4"
    # The PEP of 1 March 2026 is after Part 2's own date (20 February): as at that day, none.
    assert box["Latest Personal Education Plan"] == "None recorded before 20 February 2026"
    assert box["Education, Health and Care Plan"] == "No"
    assert box["Latest health assessment"] == "20 January 2026"
    assert "Education and health at a glance" in child.text
    sign_off = section(document, "Sign-off")
    rows = {cells[0]: cells for cells in sign_off.tables[0][1:]}
    assert rows["Completed by the child's social worker"][1:] == [
        "Childs Social Worker Person",
        "",
        "20 February 2026",
    ]
    assert rows["Agreed by the team manager"][1:] == [
        "Childs Team Manager Person",
        "",
        "24 February 2026",
    ]


def test_part3_has_the_households_views_and_everyones_statutory_checks() -> None:
    profile = profile_with(max_age={"dbs-check": "36 months"})
    document = render(make_case(household_case()), "matching-report-part3", profile=profile)
    carers = section(document, "The carers")
    views = next(table for table in carers.tables if table[0][1].startswith("Their views"))
    assert ["Robin Carer", "Robin is glad Ellie is staying."] in views
    assert ["Baby Carer", "Too young to give a view"] in views
    checks = {
        cells[0]: cells
        for table in carers.tables
        if table[0][:2] == ["Name", "Carer or household member"]
        for cells in table[1:]
    }
    # Every carer and every adult in the household; the baby needs no check.
    assert set(checks) == {"Pat Carer", "Lee Carer", "Robin Carer"}
    assert checks["Pat Carer"][2] == "1 June 2024 (1 year 10 months old at panel)"
    assert checks["Lee Carer"][2].endswith(": older than the council's limit of 36 months")
    assert checks["Robin Carer"][1:] == [
        "Son",
        "15 January 2025 (1 year 3 months old at panel)",
        "Not needed (not a carer)",
    ]
    sign_off = section(document, "Sign-off")
    roles = [cells[0] for table in sign_off.tables for cells in table]
    assert "Completed by the supervising social worker" in roles
    assert "Agreed by the fostering team manager" in roles


def test_a_missing_statutory_check_stops_a_final_part3_and_is_marked_in_a_draft() -> None:
    data = household_case()
    set_path(data, "carers.household[0].dbs_checked_on", None)
    case = make_case(data)
    with pytest.raises(RenderError) as caught:
        render(case, "matching-report-part3")
    assert "carers.household[0].dbs_checked_on" in str(caught.value)
    text = section(render(case, "matching-report-part3", draft=True), "The carers").text
    assert (
        "[MISSING: Carers' household: DBS check date (Robin Carer) — fostering social worker]"
        in text
    )


def test_the_front_sheet_gives_the_date_placed_and_the_current_terms_of_approval() -> None:
    carers = section(render(make_case(), "panel-front-sheet"), "The carers")
    rows = {cells[0]: cells[1] for cells in carers.tables[0]}
    assert rows["Living with the carers since"] == "6 January 2025"
    assert rows["Current terms of approval"] == "One child aged 0 to 18."


def test_for_new_carers_the_front_sheet_says_the_child_has_not_moved_yet() -> None:
    data = complete_data()
    set_path(data, "ppm.family_finding.needed", True)
    set_path(data, "child.placed_with_carers_since", "2026-05-20")  # after the panel
    carers = section(render(make_case(data), "panel-front-sheet", draft=True), "The carers")
    rows = {cells[0]: cells[1] for cells in carers.tables[0]}
    assert rows["Living with the carers since"] == (
        "Not yet: the child moves to these carers after the decision"
    )


def test_the_checklist_splits_the_parts_and_shows_papers_sent_and_the_qa_note() -> None:
    document = render(make_case(), "panel-checklist")
    rows = {cells[0]: cells for cells in section(document, "Papers").tables[0]}
    # Short dates in the dense papers table.
    assert rows["Matching meeting report, Part 2: the child"][4:6] == [
        "20 Feb 2026",
        "Childs Social Worker Person",
    ]
    assert rows["Matching meeting report, Part 3: the carers, with the support plan"][4:6] == [
        "23 Feb 2026",
        "Supervising Social Worker Person",
    ]
    sent = {cells[0]: cells[1] for cells in section(document, "Papers to panel").tables[0]}
    assert sent["Papers sent to members on"] == "14 April 2026"
    assert (
        sent["Sent in time"] == "Yes: 7 working days before panel (at least 5 working days needed)"
    )
    assert "Papers complete and checked." in section(document, "Panel adviser's").paragraphs


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        # Panel on Thursday 23 April 2026: the last day for 5 working days is Thursday 16 April.
        ("2026-04-16", "Yes: 5 working days before panel (at least 5 working days needed)"),
        (
            "2026-04-17",
            "No: 4 working days before panel (at least 5 working days needed; due by 16 April"
            " 2026)",
        ),
        (None, "Due by 16 April 2026 (at least 5 working days needed)"),
    ],
)
def test_the_papers_sent_row_at_the_edge_of_the_rule(sent: str | None, shown: str) -> None:
    data = complete_data()
    set_path(data, "panel.papers_sent_on", sent)
    document = render(make_case(data), "panel-checklist", draft=True)
    rows = {cells[0]: cells[1] for cells in section(document, "Papers to panel").tables[0]}
    assert rows["Sent in time"] == shown


def test_a_council_row_for_both_parts_gives_each_its_own_date_and_author() -> None:
    profile = profile_with(
        checklist=[
            {
                "kind": ["matching-report-part2", "matching-report-part3"],
                "label": "Matching meeting report",
            }
        ]
    )
    document = render(make_case(), "panel-checklist", profile=profile)
    row = next(
        cells for cells in section(document, "Papers").tables[0] if cells[0].startswith("Matching")
    )
    assert row[4] == "Part 2: 20 Feb 2026; Part 3: 23 Feb 2026"
    assert row[5] == "Part 2: Childs Social Worker Person; Part 3: Supervising Social Worker Person"


def test_a_paper_older_than_the_councils_limit_says_so_on_its_row() -> None:
    data = complete_data()
    set_path(data, "attachments[8].date", "2024-04-22")  # the sibling assessment
    profile = profile_with(max_age={"sibling-assessment": "24 months"})
    document = render(make_case(data), "panel-checklist", profile=profile)
    row = next(
        cells for cells in section(document, "Papers").tables[0] if cells[0] == "Sibling assessment"
    )
    assert "Older at panel than the council's limit of 24 months: an update is needed." in row[6]
