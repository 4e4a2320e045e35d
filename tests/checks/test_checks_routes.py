"""Every route a panel sees (issue 17): linked sibling cases that agree and that disagree, each
route's checklist rows, and the invitee, respite and temporary-approval rules at their edges."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from case_factory import AS_OF, all_rules_profile, complete_data, make_case, set_path
from permdocs.api import check_case
from permdocs.checks import Finding, run_checks
from permdocs.load.profiles import load_profile
from permdocs.render.panel_papers import checklist_rows
from render_builds import ROOT

SAMPLE_AS_OF = date(2026, 11, 23)
RUBY = "02-siblings-new-carers-confidential"
KAI = "05-sibling-kai-new-carers-confidential"


def check(data: dict[str, Any], as_of: date = AS_OF) -> list[Finding]:
    return run_checks(make_case(data), all_rules_profile(), as_of)


def changed(*changes: tuple[str, Any]) -> dict[str, Any]:
    data = complete_data()
    for path, value in changes:
        set_path(data, path, value)
    return data


# --- linked sibling cases ------------------------------------------------------------------------


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """Ruby's and Kai's case folders, side by side as in samples/, free to change."""
    for name in (RUBY, KAI):
        shutil.copytree(
            ROOT / "samples" / name, tmp_path / name, ignore=shutil.ignore_patterns("out")
        )
    return tmp_path / RUBY, tmp_path / KAI


def edit(folder: Path, path: str, value: Any) -> None:
    """Change one value of a case file (YAML round trip: comments go, values stay)."""
    file = folder / "case.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    set_path(data, path, value)
    file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def sibling_findings(folder: Path) -> list[Finding]:
    return [f for f in check_case(folder, as_of=SAMPLE_AS_OF) if f.code.startswith("sibling-case")]


def test_linked_sibling_cases_that_agree_raise_nothing(pair: tuple[Path, Path]) -> None:
    ruby, kai = pair
    assert sibling_findings(ruby) == []
    assert sibling_findings(kai) == []


@pytest.mark.parametrize(
    ("path", "value", "field", "severity", "says"),
    [
        (
            "panel.date",
            "2026-03-12",
            "panel.date",
            "blocker",
            "5 March 2026 in PF-2026-0157, 12 March 2026 in PF-2026-0158",
        ),
        (
            "panel.item_number",
            "5",
            "panel.item_number",
            "blocker",
            "4 in PF-2026-0157, 5 in PF-2026-0158",
        ),
        (
            "matching_meeting.date",
            "2026-01-29",
            "matching_meeting.date",
            "blocker",
            "the matching meeting",
        ),
        ("carers.reference", "FC-0999", "carers", "blocker", "reference FC-0999"),
        (
            "decision.outcome",
            "deferred",
            "decision",
            "warning",
            "agreed on 19 March 2026 in PF-2026-0157, deferred",
        ),
    ],
)
def test_linked_sibling_cases_that_disagree_name_the_difference(
    pair: tuple[Path, Path], path: str, value: Any, field: str, severity: str, says: str
) -> None:
    ruby, kai = pair
    if path == "decision.outcome":
        edit(kai, "decision.further_information", "More about family time.")
        edit(kai, "decision.information_due", "2026-04-30")
    edit(kai, path, value)
    (finding,) = sibling_findings(ruby)
    assert (finding.code, finding.field, finding.severity) == (
        "sibling-case-differs",
        field,
        severity,
    )
    assert "Ruby and Kai Joseph Callender are matched together" in finding.message
    assert says in finding.message


def test_a_linked_case_with_another_reference_is_a_blocker(pair: tuple[Path, Path]) -> None:
    ruby, _kai = pair
    edit(ruby, "siblings[0].linked_case.reference", "PF-2026-0199")
    (finding,) = [f for f in sibling_findings(ruby) if f.field.endswith(".reference")]
    assert finding.severity == "blocker"
    assert "named PF-2026-0199 here, but the case file in" in finding.message


def test_a_linked_case_that_does_not_link_back_is_a_warning(pair: tuple[Path, Path]) -> None:
    ruby, kai = pair
    edit(kai, "siblings[0].linked_case", None)
    (finding,) = sibling_findings(ruby)
    assert (finding.code, finding.severity) == ("sibling-case-not-linked-back", "warning")
    assert "does not name this case (PF-2026-0157)" in finding.message


def test_a_linked_case_that_cannot_be_read_is_a_warning_naming_the_folder(
    pair: tuple[Path, Path],
) -> None:
    ruby, _kai = pair
    edit(ruby, "siblings[0].linked_case.folder", "../nowhere")
    (finding,) = sibling_findings(ruby)
    assert (finding.code, finding.severity) == ("sibling-case-unreadable", "warning")
    assert "nowhere" in finding.message and "cannot be read" in finding.message


def test_a_link_is_only_for_a_sibling_matched_with_the_same_carers() -> None:
    with pytest.raises(ValidationError) as caught:
        make_case(changed(("siblings[0].linked_case", {"reference": "PF-X", "folder": "../x"})))
    assert "placed_together: true" in str(caught.value)


# --- each route's checklist rows -----------------------------------------------------------------

ROUTE_ROWS = (
    "Carers' full assessment (Form F), as carers approved within the year",
    "Connected person assessment (in place of the Form F)",
    "Record of the carers' temporary approval (regulation 24)",
    "Carers' Form F update or latest annual review",
    "The child's profile (family finding)",
    "Linking and matching record (family finding)",
    "IFA business case approval",
    "IFA panel's recommendation",
)


def needed(data: dict[str, Any]) -> set[str]:
    """The route rows the checklist shows as owed, with no paper attached."""
    data["attachments"] = []
    rows = checklist_rows(make_case(data), load_profile("default"), as_of=AS_OF)
    return {row.paper for row in rows if row.paper in ROUTE_ROWS and row.status != "not-applicable"}


@pytest.mark.parametrize(
    ("changes", "rows"),
    [
        ((), {"Carers' Form F update or latest annual review"}),
        (
            (("carers.route", "new-in-house"), ("ppm.family_finding", {"needed": True})),
            {
                "Carers' Form F update or latest annual review",
                "The child's profile (family finding)",
                "Linking and matching record (family finding)",
            },
        ),
        (
            # Panel 23 April 2026: approved 24 April 2025 is within the year before it.
            (
                ("carers.route", "new-in-house"),
                ("ppm.family_finding", {"needed": True}),
                ("carers.approval.approved_on", "2025-04-24"),
            ),
            {
                "Carers' full assessment (Form F), as carers approved within the year",
                "The child's profile (family finding)",
                "Linking and matching record (family finding)",
            },
        ),
        (
            # ... approved 22 April 2025 is more than a year before it.
            (("carers.route", "new-in-house"), ("carers.approval.approved_on", "2025-04-22")),
            {"Carers' Form F update or latest annual review"},
        ),
        (
            (("carers.route", "ifa"),),
            {
                "Carers' Form F update or latest annual review",
                "IFA business case approval",
                "IFA panel's recommendation",
            },
        ),
        (
            (
                ("carers.route", "connected-person"),
                ("carers.approval.approved_on", "2025-09-04"),
                (
                    "carers.connected_person",
                    {"relationship_to_child": "aunt", "temporary_approval_on": "2025-04-02"},
                ),
            ),
            {
                "Connected person assessment (in place of the Form F)",
                "Record of the carers' temporary approval (regulation 24)",
            },
        ),
        (
            (
                ("carers.route", "connected-person"),
                ("carers.connected_person", {"relationship_to_child": "family friends"}),
            ),
            {
                "Connected person assessment (in place of the Form F)",
                "Carers' Form F update or latest annual review",
            },
        ),
    ],
    ids=[
        "existing",
        "new-family-finding",
        "new-approved-within-year",
        "new-approved-over-a-year",
        "ifa",
        "connected-temporary",
        "connected-approved-long-ago",
    ],
)
def test_each_route_asks_for_its_own_papers(
    changes: tuple[tuple[str, Any], ...], rows: set[str]
) -> None:
    assert needed(changed(*changes)) == rows


def test_a_connected_persons_approval_is_required_on_their_route() -> None:
    findings = check(changed(("carers.route", "connected-person")))
    missing = {f.field for f in findings if f.code == "missing-field"}
    assert {"carers.connected_person"} <= missing
    findings = check(
        changed(
            ("carers.route", "connected-person"),
            ("carers.connected_person", {"relationship_to_child": "grandmother"}),
        )
    )
    missing = {f.field: f for f in findings if f.code == "missing-field"}
    assert missing["carers.connected_person.assessment_completed_on"].severity == "blocker"
    assert missing["carers.connected_person.assessed_by"].severity == "warning"


def test_an_ifa_carer_needs_the_agencys_registered_manager() -> None:
    data = changed(("carers.route", "ifa"), ("carers.agency", {"name": "Example Fostering Ltd"}))
    missing = {f.field: f for f in check(data) if f.code == "missing-field"}
    finding = missing["carers.agency.registered_manager"]
    assert finding.severity == "blocker"
    assert finding.documents == ("matching-report-part3", "panel-front-sheet")


# --- PPM invitees ----------------------------------------------------------------------------------

EVERYONE = [
    {"name": "A", "role": "Foster carer"},
    {"name": "B", "role": "Supervising social worker"},
    {"name": "C", "role": "IRO"},
    {"name": "D", "role": "Looked after children nurse"},
    {"name": "E", "role": "Designated teacher"},
    {"name": "F", "role": "Regional adoption agency"},
]


def invitees_missing(invitees: list[dict[str, str]], *changes: tuple[str, Any]) -> list[str]:
    findings = check(changed(("ppm.invitees", invitees), *changes))
    return [f.message for f in findings if f.code == "ppm-invitee-missing"]


@pytest.mark.parametrize("left_out", range(5))
def test_each_role_that_must_be_invited_is_missed_when_left_out(left_out: int) -> None:
    invitees = [person for index, person in enumerate(EVERYONE) if index != left_out]
    (message,) = invitees_missing(invitees)
    role = EVERYONE[left_out]["role"].split()[-1].casefold()
    assert message.startswith("No one with the role of")
    assert role[:3] in message.casefold() or "education" in message


def test_the_owner_is_the_childs_social_worker_and_it_is_a_warning() -> None:
    findings = check(changed(("ppm.invitees", EVERYONE[1:])))
    (finding,) = [f for f in findings if f.code == "ppm-invitee-missing"]
    assert (finding.owner, finding.severity, finding.documents) == (
        "child's social worker",
        "warning",
        ("ppm-referral",),
    )


@pytest.mark.parametrize(
    ("born", "education_needed"),
    # Of school age from 4 on the 1 September before the as-of date (1 June 2026).
    [("2021-09-01", True), ("2021-09-02", False)],
)
def test_education_is_invited_for_a_child_of_school_age(born: str, education_needed: bool) -> None:
    messages = invitees_missing(EVERYONE[:4] + EVERYONE[5:], ("child.date_of_birth", born))
    assert any("education" in m for m in messages) is education_needed


@pytest.mark.parametrize(
    ("born", "adoption_needed"),
    [("2019-06-01", False), ("2019-06-02", True)],  # 7 on 1 June 2026; a day short of 7
)
def test_the_adoption_agency_is_invited_for_a_child_under_7(
    born: str, adoption_needed: bool
) -> None:
    messages = invitees_missing(EVERYONE[:5], ("child.date_of_birth", born))
    assert any("adoption agency" in m for m in messages) is adoption_needed


def test_the_adoption_agency_is_invited_when_adoption_is_a_parallel_plan() -> None:
    messages = invitees_missing(
        EVERYONE[:5], ("care_plan.options_considered[1].outcome", "parallel")
    )
    assert any("adoption is being considered" in m for m in messages)


# --- respite and temporary approval ----------------------------------------------------------------


def test_planned_respite_in_a_permanent_match_is_a_warning() -> None:
    assert not [f for f in check(complete_data()) if f.code == "respite-planned"]
    respite = {"arrangement": "One weekend every two months."}
    (finding,) = [
        f
        for f in check(changed(("carers.planned_respite", respite)))
        if f.code == "respite-planned"
    ]
    assert (finding.severity, finding.owner) == ("warning", "fostering social worker")
    assert "One weekend every two months. In a permanent placement" in finding.message
    assert "Not recorded yet: why it helps the child and when it is reviewed." in finding.message
    respite.update(reason="It keeps the placement steady.", review_on="2026-09-01")
    (finding,) = [
        f
        for f in check(changed(("carers.planned_respite", respite)))
        if f.code == "respite-planned"
    ]
    assert "Not recorded yet" not in finding.message


@pytest.mark.parametrize(
    ("approved", "extended", "lapsed"),
    [
        ("2025-04-20", None, False),  # 16 weeks after 29 December 2024
        ("2025-04-21", None, True),
        ("2025-06-15", "2025-06-15", False),  # extended (regulation 25)
        ("2025-06-16", "2025-06-15", True),
    ],
)
def test_a_temporary_approval_lapses_after_16_weeks_or_its_extension(
    approved: str, extended: str | None, lapsed: bool
) -> None:
    connected: dict[str, Any] = {
        "relationship_to_child": "grandmother",
        "temporary_approval_on": "2024-12-29",
        "assessment_completed_on": "2025-03-01",
    }
    if extended:
        connected["temporary_approval_extended_to"] = extended
    data = changed(
        ("carers.route", "connected-person"),
        ("carers.connected_person", connected),
        ("carers.approval.approved_on", approved),
    )
    found = [f for f in check(data) if f.code == "temporary-approval-lapsed"]
    assert bool(found) is lapsed
