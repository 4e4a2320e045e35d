"""The requirement rules of the sections councils' forms carry (issue 24), at their edges: what a
panel adviser treats as a blocker and what as a warning, household members by age at panel, and
statutory checks and papers by their age against the council's limit."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from case_factory import AS_OF, complete_data, default_profile, make_case, profile_with, set_path
from permdocs.checks import Finding, run_checks
from permdocs.policy.profiles import Profile

PANEL = date(2026, 4, 23)  # the complete case's panel date


def check(data: dict[str, Any], profile: Profile | None = None) -> list[Finding]:
    return run_checks(make_case(data), profile or default_profile(), AS_OF)


def about(findings: list[Finding], path: str) -> list[Finding]:
    return [f for f in findings if f.field == path]


def changed(*changes: tuple[str, Any]) -> dict[str, Any]:
    data = complete_data()
    for path, value in changes:
        set_path(data, path, value)
    return data


@pytest.mark.parametrize(
    ("path", "severity", "documents"),
    [
        ("ppm.reason_for_referral", "blocker", ("ppm-referral",)),
        ("ppm.manager_authorised_on", "blocker", ("ppm-referral",)),
        ("ppm.manager_comments", "warning", ("ppm-referral",)),
        ("child.latest_health_assessment", "blocker", ("matching-report-part2",)),
        ("child.education.year_group", "warning", ("matching-report-part2",)),
        ("matching_meeting.part2_agreed_on", "blocker", ("matching-report-part2",)),
        ("matching_meeting.part3_agreed_on", "blocker", ("matching-report-part3",)),
        ("carers.carers[0].dbs_checked_on", "blocker", ("matching-report-part3",)),
        ("carers.carers[0].medical_on", "blocker", ("matching-report-part3",)),
        ("panel.adviser_qa_note", "warning", ("panel-checklist",)),
    ],
)
def test_each_new_field_is_a_blocker_or_a_warning_as_a_panel_adviser_treats_it(
    path: str, severity: str, documents: tuple[str, ...]
) -> None:
    (finding,) = about(check(changed((path, None))), path)
    assert (finding.code, finding.severity, finding.documents) == (
        "missing-field",
        severity,
        documents,
    )
    if severity == "warning":
        assert "It does not stop them, but the panel will ask" in finding.message
    else:
        assert "Waiting for it" in finding.message


def test_the_owners_are_the_authors_of_each_part() -> None:
    findings = check(
        changed(
            ("matching_meeting.part2_agreed_on", None),
            ("matching_meeting.part3_agreed_on", None),
            ("carers.carers[0].dbs_checked_on", None),
            ("panel.adviser_qa_note", None),
        )
    )
    owners = {f.field: f.owner for f in findings}
    assert owners == {
        "matching_meeting.part2_agreed_on": "child's social worker",
        "matching_meeting.part3_agreed_on": "fostering social worker",
        "carers.carers[0].dbs_checked_on": "fostering social worker",
        "panel.adviser_qa_note": "panel adviser",
    }


def _member(born: str | None, **more: Any) -> dict[str, Any]:
    member: dict[str, Any] = {"name": "Sam Member", "relationship": "Son", **more}
    if born is not None:
        member["date_of_birth"] = born
    return member


@pytest.mark.parametrize(
    ("born", "owed"),
    [
        ("2022-04-24", False),  # 3 at panel: too young to give a view
        ("2022-04-23", True),  # 4 on the panel's day
        (None, True),  # age not recorded: ask for the view
    ],
)
def test_a_household_members_view_is_owed_from_the_age_of_four_at_panel(
    born: str | None, owed: bool
) -> None:
    findings = check(changed(("carers.household", [_member(born)])))
    views = about(findings, "carers.household[0].views")
    assert [f.severity for f in views] == (["blocker"] if owed else [])
    if owed:
        assert "household member, 'Sam Member'" in views[0].message


@pytest.mark.parametrize(
    ("born", "owed"),
    [("2008-04-24", False), ("2008-04-23", True)],  # 17 at panel; 18 on the panel's day
)
def test_an_adult_in_the_household_needs_a_dbs_check_from_18_at_panel(
    born: str, owed: bool
) -> None:
    member = _member(born, views="Happy for the child to stay.")
    findings = check(changed(("carers.household", [member])))
    assert bool(about(findings, "carers.household[0].dbs_checked_on")) is owed
    assert about(findings, "carers.household[0].date_of_birth") == []


def test_a_household_members_unrecorded_date_of_birth_is_a_warning() -> None:
    findings = check(changed(("carers.household", [_member(None, views="Yes.")])))
    (finding,) = about(findings, "carers.household[0].date_of_birth")
    assert finding.severity == "warning"


@pytest.mark.parametrize(
    ("checked", "warned"),
    [("2023-04-23", False), ("2023-04-22", True)],  # exactly 36 months at panel; a day more
)
def test_a_dbs_check_older_than_the_councils_limit_at_panel_is_a_warning(
    checked: str, warned: bool
) -> None:
    data = changed(("carers.carers[0].dbs_checked_on", checked))
    findings = check(data, profile_with(max_age={"dbs-check": "36 months"}))
    stale = [f for f in findings if f.code == "check-out-of-date"]
    assert bool(stale) is warned
    if warned:
        (finding,) = stale
        assert finding.severity == "warning" and finding.owner == "fostering social worker"
        assert finding.field == "carers.carers[0].dbs_checked_on"
        assert finding.message.startswith("Pat Carer's enhanced DBS check of 22 April 2023")
        assert "will be 3 years old at panel on 23 April 2026; the council allows 36 months" in (
            finding.message
        )
    # No limit set: no warning, however old.
    assert not [f for f in check(data, profile_with(max_age={})) if f.code == "check-out-of-date"]


@pytest.mark.parametrize(
    ("dated", "warned"),
    [("2024-04-23", False), ("2024-04-22", True)],
)
def test_a_paper_older_than_the_councils_limit_names_the_paper_and_its_age(
    dated: str, warned: bool
) -> None:
    data = changed(("attachments[8].date", dated))  # the sibling assessment
    findings = check(data, profile_with(max_age={"sibling-assessment": "24 months"}))
    stale = [f for f in findings if f.code == "paper-out-of-date"]
    assert bool(stale) is warned
    if warned:
        (finding,) = stale
        assert finding.severity == "warning"
        assert finding.message.startswith(
            "“sibling-assessment paper” (sibling-assessment) is dated"
        )
        assert "2 years old at panel on 23 April 2026; the council allows 24 months" in (
            finding.message
        )


def test_the_default_profile_limits_dbs_checks_and_sibling_assessments() -> None:
    profile = default_profile()
    assert str(profile.max_age_of("dbs-check")) == "36 months"
    assert str(profile.max_age_of("sibling-assessment")) == "24 months"
    assert profile.max_age_of("medical") is None


def test_an_unknown_max_age_key_is_refused_with_a_suggestion() -> None:
    with pytest.raises(ValidationError) as caught:
        profile_with(max_age={"sibling-assesment": "24 months"})
    assert "did you mean 'sibling-assessment'?" in str(caught.value)


def test_a_manager_agreeing_a_part_before_it_was_completed_is_out_of_order() -> None:
    findings = check(changed(("matching_meeting.part2_agreed_on", "2026-02-19")))
    (finding,) = [f for f in findings if f.code == "dates-out-of-order"]
    assert finding.severity == "warning"
    assert finding.field == "matching_meeting.part2_agreed_on"
