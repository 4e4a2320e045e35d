"""Required content: what each document must carry, with its conditions, and who owes it."""

from __future__ import annotations

import typing
from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel

from case_factory import (
    AS_OF,
    REMOVE,
    all_rules_profile,
    complete_data,
    default_profile,
    make_case,
    minimal_data,
    profile_with,
    set_path,
)
from permdocs.checks import SEVERITIES, Finding, run_checks
from permdocs.load.profiles import load_profile
from permdocs.model import Case
from permdocs.model.fields import OWNERS, label_of
from permdocs.model.fields import unwrap_annotation as _unwrap
from permdocs.policy.documents import KINDS, STANDARD_PAPERS, checked_kinds
from permdocs.policy.profiles import Profile


def check(
    data: dict[str, Any], profile: Profile | None = None, as_of: date = AS_OF
) -> list[Finding]:
    return run_checks(make_case(data), profile or default_profile(), as_of)


def fields_missing(findings: list[Finding]) -> dict[str, Finding]:
    return {f.field: f for f in findings if f.code == "missing-field"}


def papers_missing(findings: list[Finding]) -> dict[str, Finding]:
    return {f.label: f for f in findings if f.code == "missing-paper"}


def changed(*changes: tuple[str, Any]) -> dict[str, Any]:
    data = complete_data()
    for path, value in changes:
        set_path(data, path, value)
    return data


# --- the fixtures themselves -------------------------------------------------------------------


@pytest.mark.parametrize(
    "profile", [default_profile(), all_rules_profile()], ids=["default", "all"]
)
def test_the_complete_case_owes_nothing(profile: Profile) -> None:
    assert check(complete_data(), profile) == []


@pytest.mark.parametrize(
    "name",
    ["default", "southwark-example", "milton-keynes-example", "luton-example", "london-example"],
)
def test_the_complete_case_owes_nothing_under_each_bundled_profile(name: str) -> None:
    """Nothing but the council itself: each of these profiles carries an example council's
    name and contact details, which a real case's documents must not."""
    assert [f.code for f in check(complete_data(), load_profile(name))] == ["example-council"]
    assert check(complete_data(), load_profile("fictional-sample")) == []


# --- a blank case: the whole list of what is owed, by owner -------------------------------------


def test_a_blank_case_lists_everything_owed_by_owner() -> None:
    findings = check(minimal_data())
    owners = {f.owner for f in findings}
    assert {"child's social worker", "fostering social worker", "panel adviser", "ADM"} <= owners
    # Everything is owed now except the ADM's decision, which is awaited (a note), not late, and
    # what a panel adviser would query without stopping the papers (warnings).
    assert {f.code for f in findings if f.severity == "info"} == {"awaiting-decision"}
    assert {f.field for f in findings if f.severity == "warning"} == {
        "ppm.manager_comments",
        "panel.adviser_qa_note",
        "child.education.year_group",
        "matching_meeting.minuted_by",
    }
    missing = fields_missing(findings)
    # One finding per field, however many documents need it.
    assert len(missing) == len([f for f in findings if f.code == "missing-field"])
    assert missing["child.ethnicity"].documents == (
        "ppm-referral",
        "matching-report-part2",
        "panel-front-sheet",
    )
    assert missing["carers.assessment.motivation"].owner == "fostering social worker"
    assert missing["panel.date"].owner == "panel adviser"
    assert [f.owner for f in findings if f.code == "awaiting-decision"] == ["ADM"]
    assert {"Up-to-date care plan", "Chronology", "Health assessment"} <= set(
        papers_missing(findings)
    )
    for finding in findings:
        assert finding.documents, finding
        if finding.code == "missing-field":
            assert finding.label == label_of(finding.field)
            assert finding.field in finding.message or finding.label.casefold() == finding.field
            assert finding.fix.startswith("Fill in ")


def test_a_blank_case_is_sorted_by_severity_then_owner() -> None:
    findings = check(minimal_data())
    order = [(SEVERITIES.index(f.severity), OWNERS.index(f.owner)) for f in findings]
    assert order == sorted(order)


# --- conditions --------------------------------------------------------------------------------


def test_ifa_carers_need_the_business_case_and_the_ifa_panel() -> None:
    data = changed(("carers.route", "ifa"))
    findings = check(data)
    papers = papers_missing(findings)
    assert set(papers) == {"IFA business case approval", "IFA panel's recommendation"}
    assert "agency" in papers["IFA business case approval"].message
    assert papers["IFA panel's recommendation"].owner == "fostering social worker"
    assert "carers.agency" in fields_missing(findings)
    # The match is agreed: the Director writes to the child and the carer, and must be named.
    assert "professionals.director" in fields_missing(findings)
    # With the papers, the agency and the Director recorded, nothing more is owed.
    set_path(
        data,
        "carers.agency",
        {
            "name": "Example Fostering Ltd",
            "address": {"lines": ["1 Road"]},
            "registered_manager": {"name": "Rhona Manager"},
        },
    )
    set_path(data, "professionals.director", {"name": "Director Fictional"})
    for kind in ("ifa-business-case", "ifa-panel-recommendation"):
        data["attachments"].append(
            {
                "kind": kind,
                "title": kind,
                "path": f"a/{kind}.pdf",
                "author": "A",
                "date": "2026-02-01",
            }
        )
    assert check(data) == []


def test_in_house_carers_need_no_ifa_papers() -> None:
    labels = set(papers_missing(check(minimal_data())))
    assert "IFA business case approval" not in labels


def test_siblings_apart_need_a_sibling_assessment() -> None:
    data = changed(("siblings[0].sibling_assessment_date", REMOVE))
    data["attachments"] = [a for a in data["attachments"] if a["kind"] != "sibling-assessment"]
    findings = check(data)
    finding = fields_missing(findings)["siblings[0].sibling_assessment_date"]
    assert finding.documents == ("matching-report-part2",)
    assert "Sam Fictional" in finding.message
    assert "lives apart" in finding.message
    assert set(papers_missing(findings)) == {"Sibling assessment"}


def test_siblings_together_need_no_sibling_assessment() -> None:
    data = changed(
        ("siblings[0].placed_together", True), ("siblings[0].sibling_assessment_date", REMOVE)
    )
    data["attachments"] = [a for a in data["attachments"] if a["kind"] != "sibling-assessment"]
    assert check(data) == []


def test_every_sibling_is_accounted_for_in_the_plan() -> None:
    data = changed(("siblings[0].placed_together", REMOVE), ("siblings[0].plan", REMOVE))
    missing = fields_missing(check(data))
    assert {"siblings[0].placed_together", "siblings[0].plan"} <= set(missing)


@pytest.mark.parametrize(
    ("previous", "required"),
    [
        ("2025-04-22", False),  # 12 months and a day before the panel on 23 April 2026
        ("2025-04-23", True),  # exactly 12 months before
        ("2025-04-24", True),
        ("2026-01-10", True),
    ],
)
def test_previous_panel_minutes_needed_when_panel_sat_within_12_months(
    previous: str, required: bool
) -> None:
    data = changed(("panel.previous_appearances", [{"date": previous, "outcome": "Deferred"}]))
    assert ("Previous panel minutes" in papers_missing(check(data))) is required


def test_previous_panel_minutes_owed_by_the_panel_adviser() -> None:
    data = changed(("panel.previous_appearances", [{"date": "2026-01-10"}]))
    assert papers_missing(check(data))["Previous panel minutes"].owner == "panel adviser"


def test_a_birth_parent_letter_needs_an_address() -> None:
    findings = check(changed(("birth_parents[0].address", REMOVE)))
    finding = fields_missing(findings)["birth_parents[0].address"]
    assert finding.documents == ("letter-birth-parent",)
    assert finding.owner == "child's social worker"
    assert "Jane Fictional" in finding.message


def test_whereabouts_unknown_needs_the_enquiries_not_an_address() -> None:
    findings = check(changed(("birth_parents[1].whereabouts_enquiries", REMOVE)))
    missing = fields_missing(findings)
    assert set(missing) == {"birth_parents[1].whereabouts_enquiries"}
    assert "whereabouts are unknown" in missing["birth_parents[1].whereabouts_enquiries"].message


def test_a_parent_not_to_receive_a_letter_needs_no_address() -> None:
    data = changed(
        ("birth_parents[0].address", REMOVE), ("birth_parents[0].receives_letter", False)
    )
    assert check(data) == []


def test_a_council_that_does_not_write_to_parents_needs_no_address() -> None:
    profile = profile_with(letters={"to_birth_parents": False})
    assert check(changed(("birth_parents[0].address", REMOVE)), profile) == []


def test_every_support_plan_row_has_a_provider() -> None:
    finding = fields_missing(check(changed(("matching_meeting.support_plan[0].provider", REMOVE))))[
        "matching_meeting.support_plan[0].provider"
    ]
    assert finding.owner == "fostering social worker"
    assert finding.documents == ("matching-report-part3", "letter-carers")
    assert "Emotional wellbeing" in finding.message


def test_family_finding_plan_needed_only_when_family_finding_is() -> None:
    data = changed(("ppm.family_finding", {"needed": True, "location": "Within 20 miles"}))
    missing = fields_missing(check(data))
    assert "ppm.family_finding.lead" in missing
    assert "ppm.family_finding.location" not in missing
    assert "family finding is needed" in missing["ppm.family_finding.lead"].message


def test_court_timetable_needed_during_proceedings() -> None:
    missing = fields_missing(check(changed(("child.legal_status", "interim-care-order"))))
    assert "child.court.final_hearing" in missing


def test_school_details_not_needed_for_a_baby() -> None:
    data = changed(("child.date_of_birth", "2025-06-01"), ("child.education", {}))
    data["attachments"] = [a for a in data["attachments"] if a["kind"] != "pep"]
    findings = check(data)
    assert not [f for f in fields_missing(findings) if f.startswith("child.education")]
    assert "Personal Education Plan (PEP)" not in papers_missing(findings)


def test_annual_review_needed_once_carers_have_been_approved_a_year() -> None:
    data = changed(("carers.approval.last_annual_review", REMOVE))
    assert "carers.approval.last_annual_review" in fields_missing(check(data))
    set_path(data, "carers.approval.approved_on", "2025-09-01")
    # Approved within the year before panel: the full Form F, not an update, goes to panel.
    assert set(papers_missing(check(data))) == {
        "Carers' full assessment (Form F), as carers approved within the year"
    }
    data["attachments"].append(
        {
            "kind": "form-f",
            "title": "Form F",
            "path": "a/f.pdf",
            "author": "A",
            "date": "2025-08-01",
        }
    )
    assert check(data) == []


def test_decision_not_agreed_needs_reasons() -> None:
    data = changed(("decision", {"date": "2026-05-07", "outcome": "not-agreed"}))
    missing = fields_missing(check(data))
    assert set(missing) == {"decision.reasons"}
    assert missing["decision.reasons"].owner == "ADM"


def test_decision_deferred_needs_what_and_by_when() -> None:
    data = changed(("decision", {"date": "2026-05-07", "outcome": "deferred"}))
    assert set(fields_missing(check(data))) == {
        "decision.further_information",
        "decision.information_due",
    }


def test_the_decision_maker_may_be_named_on_the_decision_instead() -> None:
    data = changed(("professionals.adm", REMOVE))
    assert "professionals.adm" in fields_missing(check(data))
    set_path(data, "decision.maker", "Ada Decider")
    assert check(data) == []


def test_no_panel_papers_owed_when_not_going_to_panel_for_a_recorded_reason() -> None:
    data = changed(("panel", {"reason_not_to_panel": "Aged 14; IRO recommends straight to ADM."}))
    data["attachments"] = []
    findings = check(data)
    assert not [f for f in findings if {"panel-front-sheet", "panel-checklist"} & set(f.documents)]


def test_a_child_too_young_for_a_letter_owes_nothing_for_it() -> None:
    data = changed(("child.date_of_birth", "2020-06-01"), ("child.education", {}))
    data["attachments"] = [a for a in data["attachments"] if a["kind"] != "pep"]
    findings = check(data)
    assert not [f for f in findings if "letter-child" in f.documents]
    set_path(data, "decision", REMOVE)
    findings = check(data)
    (awaiting,) = [f for f in findings if f.code == "awaiting-decision"]
    assert awaiting.severity == "info"
    assert "decision" not in fields_missing(findings)
    assert "letter-carers" in awaiting.documents
    assert "letter-child" in awaiting.documents  # every letter waits, whoever receives it


# --- content beyond single fields --------------------------------------------------------------


def test_the_review_that_recommended_permanent_fostering_is_needed() -> None:
    data = complete_data()
    for review in data["child"]["lac_reviews"]:
        review["recommended_permanent_fostering"] = False
    (finding,) = check(data)
    assert finding.code == "review-recommendation-missing"
    assert finding.documents == ("matching-report-part2",)


def test_adoption_sgo_and_cao_must_be_considered() -> None:
    data = complete_data()
    data["care_plan"]["options_considered"] = [
        o for o in data["care_plan"]["options_considered"] if o["option"] != "adoption"
    ]
    (finding,) = check(data)
    assert finding.code == "option-not-considered"
    assert finding.message.startswith("Adoption is not recorded as considered")
    assert "Southwark" in finding.source


def test_an_option_still_pursued_beside_permanent_fostering_is_a_warning() -> None:
    data = complete_data()
    data["care_plan"]["options_considered"][2]["outcome"] = "parallel"
    (finding,) = check(data)
    assert (finding.code, finding.severity) == ("option-not-ruled-out", "warning")


# --- council checklists ------------------------------------------------------------------------


def test_a_council_checklist_replaces_the_standard_rows() -> None:
    profile = load_profile("milton-keynes-example")
    papers = profile.papers()
    assert papers is not None and papers != STANDARD_PAPERS
    data = complete_data()
    data["attachments"] = [a for a in data["attachments"] if a["kind"] != "ppm-minutes"]
    missing = papers_missing(check(data, profile))
    assert set(missing) == {"Permanency Planning Meeting minutes"}


def test_optional_checklist_rows_are_never_owed() -> None:
    profile = load_profile("milton-keynes-example")
    assert "Life story work" not in papers_missing(check(complete_data(), profile))


# --- the registry stays honest -----------------------------------------------------------------


def _path_exists(path: str) -> bool:
    model: Any = Case
    for token in path.split("."):
        name = token.removesuffix("[*]")
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return False
        info = model.model_fields.get(name)
        if info is None:
            return False
        model = _unwrap(info.annotation)
        if typing.get_origin(model) is list:
            model = _unwrap(typing.get_args(model)[0])
    return True


@pytest.mark.parametrize("kind", checked_kinds(), ids=lambda k: k.kind)
def test_every_requirement_names_a_real_field(kind: Any) -> None:
    bad = [
        path
        for requirement in kind.requirements
        for path in (requirement.path, *requirement.alternatives)
        if not _path_exists(path)
    ]
    assert bad == []


def test_every_report_declares_requirements_and_keeps_its_old_api() -> None:
    for kind in KINDS.values():
        assert kind.requirements, kind.kind
        assert kind.template_name == f"{kind.kind}.docx"
        assert kind.file_name("PF-1", "x") == f"PF-1_{kind.kind}-x.docx"
    assert KINDS["panel-checklist"].papers == STANDARD_PAPERS
