"""Papers that describe the match as it is (issue 17): siblings named together with their own
case references, the agency's registered manager signing for an IFA carer, connected persons in
their own terms, every sibling assessment with its date and outcome."""

from __future__ import annotations

from typing import Any

from case_factory import AS_OF, complete_data, make_case, set_path
from docx_helpers import open_docx, section
from permdocs.build.options import BuildOptions
from permdocs.build.run import Rendering
from permdocs.load.profiles import load_profile
from permdocs.model import Case
from permdocs.policy.documents import KINDS
from render_builds import Built, builds  # noqa: F401  (the session fixture)

RUBY = "02-siblings-new-carers-confidential"
KAI = "05-sibling-kai-new-carers-confidential"


def render(case: Case, kind: str) -> Any:
    rendering = Rendering.of(case, load_profile("default"), BuildOptions(as_of=AS_OF))
    return open_docx(rendering.render_report(KINDS[kind]).data)


def built(builds: list[Built], name: str, kind: str) -> Any:  # noqa: F811
    return open_docx(next(b for b in builds if b.name == name).path(kind))


def children_rows(text_section: Any) -> list[list[str]]:
    return next(t for t in text_section.tables if t[0][:2] == ["Child", "Case reference"])[1:]


def test_the_front_sheet_names_every_child_in_the_match_with_each_reference(
    builds: list[Built],  # noqa: F811
) -> None:
    for name, first in ((RUBY, "Ruby Esther Callender"), (KAI, "Kai Joseph Callender")):
        document = built(builds, name, "panel-front-sheet")
        rows = children_rows(section(document, "The child"))
        assert rows[0][0] == first
        assert {tuple(row[:2]) for row in rows} == {
            ("Ruby Esther Callender", "PF-2026-0157"),
            ("Kai Joseph Callender", "PF-2026-0158"),
        }
        sought = section(document, "Recommendation sought").text
        assert "Ruby Esther Callender" in sought and "Kai Joseph Callender" in sought
        assert "matched together with Natalie and Jerome Whitfield" in sought


def test_the_checklist_names_every_child_in_the_match(builds: list[Built]) -> None:  # noqa: F811
    document = built(builds, RUBY, "panel-checklist")
    rows = children_rows(section(document, "The case"))
    assert [row[:2] for row in rows] == [
        ["Ruby Esther Callender", "PF-2026-0157"],
        ["Kai Joseph Callender", "PF-2026-0158"],
    ]
    title = "\n".join(section(document, "(before").paragraphs)
    assert "Ruby Esther Callender and Kai Joseph Callender" in title


def test_a_single_child_match_has_no_children_table(builds: list[Built]) -> None:  # noqa: F811
    document = built(builds, "01-existing-carer-agreed", "panel-front-sheet")
    assert "Children in this panel item" not in section(document, "The child").text


def test_every_sibling_assessment_shows_its_date_and_outcome(builds: list[Built]) -> None:  # noqa: F811
    document = built(builds, RUBY, "matching-report-part2")
    rows = {
        t[0]: t
        for table in section(document, "Brothers and sisters").tables
        for t in table
        if len(t) == 6
    }
    assert rows["Kai Joseph Callender"][5] == "30 January 2025: live together"
    assert (
        rows["Chloe Brennan"][5] == "30 January 2025: live apart, with family time every six weeks"
    )
    checklist = built(builds, RUBY, "panel-checklist")
    (row,) = [r for r in section(checklist, "Papers").tables[0] if r[0] == "Sibling assessment"]
    assert "Assessed: Kai Joseph Callender: 30 Jan 2025 (live together); Chloe Brennan" in row[6]


def test_an_unassessed_sibling_placed_together_reads_not_needed() -> None:
    data = complete_data()
    set_path(data, "siblings[0].placed_together", True)
    set_path(data, "siblings[0].sibling_assessment_date", None)
    document = render(make_case(data), "matching-report-part2")
    rows = [r for t in section(document, "Brothers and sisters").tables for r in t]
    assert rows[1][:5] == ["Sam Fictional", "Half-brother", "Not recorded", "His father", "Yes"]
    assert rows[1][5] == "Not needed: placed together"


def ifa_case() -> Case:
    data = complete_data()
    set_path(data, "carers.route", "ifa")
    set_path(
        data,
        "carers.agency",
        {"name": "Example Fostering Ltd", "registered_manager": {"name": "Rhona Registered"}},
    )
    return make_case(data)


def test_for_an_ifa_carer_the_agencys_registered_manager_agrees_part3() -> None:
    document = render(ifa_case(), "matching-report-part3")
    rows = {r[0]: r for t in section(document, "Sign-off").tables for r in t}
    assert rows["Agreed by the agency's registered manager"][1] == "Rhona Registered"
    assert "Agreed by the fostering team manager" not in rows
    about = {r[0]: r[1] for r in section(document, "About this report").tables[0]}
    assert about["Supervising social worker's manager"] == "Rhona Registered"
    assert about["Fostering team manager (chairs the matching meeting)"] == (
        "Fostering Team Manager Person"
    )


def test_for_an_in_house_carer_the_fostering_team_manager_agrees_part3() -> None:
    document = render(make_case(), "matching-report-part3")
    rows = {r[0]: r for t in section(document, "Sign-off").tables for r in t}
    assert rows["Agreed by the fostering team manager"][1] == "Fostering Team Manager Person"


def test_the_ifa_front_sheet_names_the_registered_manager_and_the_chair() -> None:
    document = render(ifa_case(), "panel-front-sheet")
    roles = {r[0]: r[1] for r in section(document, "Professionals").tables[0][1:]}
    assert roles["Agency's registered manager"] == "Rhona Registered"
    assert roles["Fostering team manager (chairs the matching meeting)"] == (
        "Fostering Team Manager Person"
    )
    assert list(roles)[2:4] == ["Supervising social worker", "Agency's registered manager"]


def test_connected_persons_are_described_in_their_own_terms() -> None:
    data = complete_data()
    set_path(data, "carers.route", "connected-person")
    set_path(
        data,
        "carers.connected_person",
        {
            "relationship_to_child": "maternal grandmother",
            "temporary_approval_on": "2025-01-06",
            "temporary_approval_extended_to": "2025-06-09",
            "assessment_completed_on": "2025-05-01",
            "assessed_by": "Kit Kinship",
        },
    )
    case = make_case(data)
    front = render(case, "panel-front-sheet")
    assert (
        "That Pat Carer, Ellie's maternal grandmother, be approved as permanent foster carers for"
        " Ellie May Fictional as connected persons"
    ) in section(front, "Recommendation sought").text
    carers = {r[0]: r[1] for r in section(front, "The carers").tables[0]}
    assert carers["Connection to the child"] == "Maternal grandmother"
    part3 = render(case, "matching-report-part3")
    rows = {r[0]: r[1] for t in section(part3, "The carers").tables for r in t if len(r) == 2}
    assert (
        rows["Temporary approval (regulation 24)"] == "From 6 January 2025, extended to 9 June 2025"
    )
    assert rows["Connected person assessment"] == "1 May 2025, by Kit Kinship"


def test_planned_respite_is_shown_in_part3_with_why_and_when_reviewed() -> None:
    data = complete_data()
    set_path(
        data,
        "carers.planned_respite",
        {
            "arrangement": "A weekend a month.",
            "reason": "Helps the placement.",
            "review_on": "2026-09-01",
        },
    )
    part3 = render(make_case(data), "matching-report-part3")
    rows = {r[0]: r[1] for t in section(part3, "The carers").tables for r in t if len(r) == 2}
    assert rows["Planned respite"] == (
        "A weekend a month.\nWhy: Helps the placement.\nReviewed by 1 September 2026"
    )
