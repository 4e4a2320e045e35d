"""Every timescale rule at its edges: the day before, on and after its deadline, done on time,
done late, and booked late; deadlines counted across Christmas, New Year and Easter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from case_factory import (
    REMOVE,
    all_rules_profile,
    complete_data,
    default_profile,
    make_case,
    set_path,
)
from permdocs.checks import Finding, run_checks
from permdocs.checks.timescales import TIMESCALE_RULES
from permdocs.policy.calendar import Timescale, add_working_days
from permdocs.policy.profiles import Profile

Setup = Callable[[dict[str, Any], date | None], None]


@dataclass(frozen=True)
class Scenario:
    rule: str
    due: date
    setup: Setup
    field: str
    owner: str
    overdue: str = "warning"
    late: str | None = "info"

    def __str__(self) -> str:
        return self.rule


def _iso(day: date | None) -> Any:
    return day.isoformat() if day is not None else REMOVE


def _first_review(data: dict[str, Any], done: date | None) -> None:
    set_path(data, "child.looked_after_since", "2025-12-01")
    set_path(data, "child.lac_reviews", [] if done is None else [{"date": done.isoformat()}])


def _second_review(data: dict[str, Any], done: date | None) -> None:
    set_path(data, "child.looked_after_since", "2025-11-01")
    reviews = [{"date": "2025-11-30"}] + ([] if done is None else [{"date": done.isoformat()}])
    set_path(data, "child.lac_reviews", reviews)


def _later_review(data: dict[str, Any], done: date | None) -> None:
    set_path(data, "child.looked_after_since", "2025-02-01")
    reviews = [{"date": "2025-02-20"}, {"date": "2025-08-31"}]
    reviews += [] if done is None else [{"date": done.isoformat()}]
    set_path(data, "child.lac_reviews", reviews)


def _permanence_plan(data: dict[str, Any], done: date | None) -> None:
    set_path(data, "child.looked_after_since", "2025-09-01")
    set_path(data, "child.lac_reviews", [{"date": "2025-10-01"}, {"date": "2026-01-15"}])
    set_path(data, "care_plan.permanence_plan", "permanent-fostering" if done else REMOVE)


def _carers_told(data: dict[str, Any], done: date | None) -> None:
    # Decided on Tuesday 23 December 2025, over Christmas, Boxing Day and New Year.
    set_path(data, "decision.date", "2025-12-23")
    set_path(data, "decision.permanent_from", "2025-12-23")
    set_path(data, "decision.carers_told_on", _iso(done))


def _carers_written(data: dict[str, Any], done: date | None) -> None:
    set_path(data, "decision.date", "2025-12-23")
    set_path(data, "decision.permanent_from", "2025-12-23")
    set_path(data, "decision.arrangement_confirmed_on", _iso(done))


def _panel_papers(data: dict[str, Any], done: date | None) -> None:
    set_path(data, "panel.date", "2026-04-10")  # the Friday after Easter
    set_path(data, "panel.papers_sent_on", _iso(done))


def _adm_decision(data: dict[str, Any], done: date | None) -> None:
    # The panel sat before the final minutes arrived: the clock runs from the minutes.
    set_path(data, "panel.date", "2025-12-11")
    set_path(data, "panel.final_minutes_received", "2025-12-22")
    decision = {"date": _iso(done), "outcome": "agreed", "permanent_from": _iso(done)}
    set_path(data, "decision", decision if done is not None else REMOVE)


def _ppm_after_care(data: dict[str, Any], done: date | None) -> None:
    set_path(data, "child.looked_after_since", "2026-01-15")
    set_path(data, "ppm.meeting_date", _iso(done))


def _ppm_after_review(data: dict[str, Any], done: date | None) -> None:
    set_path(data, "child.looked_after_since", "2025-09-10")
    set_path(
        data, "child.lac_reviews", [{"date": "2025-10-03", "recommended_permanent_fostering": True}]
    )
    set_path(data, "ppm.meeting_date", _iso(done))


def _ppm_minutes(data: dict[str, Any], done: date | None) -> None:
    set_path(data, "ppm.meeting_date", "2025-12-23")
    set_path(data, "ppm.minutes_received", _iso(done))


def _ppm_minutes_adoption(data: dict[str, Any], done: date | None) -> None:
    set_path(data, "ppm.meeting_date", "2026-03-30")
    set_path(data, "care_plan.adm_adoption_decision_needed", True)
    set_path(data, "ppm.minutes_received", _iso(done))


def _parts(data: dict[str, Any], done: date | None) -> None:
    set_path(data, "matching_meeting.date", "2026-03-02")
    set_path(data, "matching_meeting.part2_completed_on", _iso(done))


def _panel_after_matching(data: dict[str, Any], done: date | None) -> None:
    set_path(data, "matching_meeting.date", "2025-12-31")
    set_path(data, "panel.date", _iso(done))


def _ratification(data: dict[str, Any], done: date | None) -> None:
    set_path(data, "child.lac_reviews", [{"date": "2025-10-01"}, {"date": "2025-12-31"}])
    set_path(data, "care_plan.adm_ratified_on", _iso(done))


CSW, FSW, ADVISER = "child's social worker", "fostering social worker", "panel adviser"

SCENARIOS = [
    # 1 December 2025 + 20 working days, over Christmas and Boxing Day.
    Scenario("first-lac-review", date(2025, 12, 31), _first_review, "child.lac_reviews", CSW),
    # 30 November + 3 months ends on the last day of February.
    Scenario("second-lac-review", date(2026, 2, 28), _second_review, "child.lac_reviews", CSW),
    Scenario("later-lac-reviews", date(2026, 2, 28), _later_review, "child.lac_reviews", CSW),
    Scenario(
        "permanence-plan-by-second-review",
        date(2026, 1, 15),
        _permanence_plan,
        "care_plan.permanence_plan",
        CSW,
        late=None,
    ),
    # 5 working days before Friday 10 April 2026, over Easter Monday and Good Friday.
    Scenario(
        "panel-papers",
        date(2026, 4, 1),
        _panel_papers,
        "panel.papers_sent_on",
        ADVISER,
        late="warning",
    ),
    # 22 December 2025 + 7 working days, over Christmas and New Year.
    Scenario("adm-decision", date(2026, 1, 5), _adm_decision, "decision.date", "ADM"),
    Scenario(
        "ppm-after-entering-care", date(2026, 2, 12), _ppm_after_care, "ppm.meeting_date", CSW
    ),
    # 3 October 2025 + 12 weeks falls on Boxing Day: calendar weeks, not working days.
    Scenario(
        "ppm-after-permanence-review",
        date(2025, 12, 26),
        _ppm_after_review,
        "ppm.meeting_date",
        CSW,
    ),
    # 23 December 2025 + 7 working days.
    Scenario(
        "ppm-minutes", date(2026, 1, 6), _ppm_minutes, "ppm.minutes_received", "business support"
    ),
    # 30 March 2026 + 10 working days, over Easter.
    Scenario(
        "ppm-minutes-adoption",
        date(2026, 4, 15),
        _ppm_minutes_adoption,
        "ppm.minutes_received",
        CSW,
    ),
    Scenario(
        "parts-before-matching",
        date(2026, 3, 2),
        _parts,
        "matching_meeting.part2_completed_on",
        CSW,
        overdue="blocker",
        late="warning",
    ),
    Scenario(
        "panel-after-matching", date(2026, 2, 28), _panel_after_matching, "panel.date", ADVISER
    ),
    Scenario(
        "adm-ratification", date(2026, 2, 28), _ratification, "care_plan.adm_ratified_on", "ADM"
    ),
    # 23 December 2025 + 2 working days: Christmas Eve, then Monday 29 December.
    Scenario(
        "carers-told-orally",
        date(2025, 12, 29),
        _carers_told,
        "decision.carers_told_on",
        "fostering social worker",
    ),
    # ... + 5 working days: 24, 29, 30 and 31 December, then Friday 2 January 2026.
    Scenario(
        "carers-told-in-writing",
        date(2026, 1, 2),
        _carers_written,
        "decision.arrangement_confirmed_on",
        "business support",
    ),
]


def rule_findings(
    scenario: Scenario, done: date | None, as_of: date, profile: Profile | None = None
) -> list[Finding]:
    data = complete_data()
    scenario.setup(data, done)
    findings = run_checks(make_case(data), profile or all_rules_profile(), as_of)
    return [f for f in findings if f.code.startswith(scenario.rule + ".")]


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, [f.code for f in findings]
    return findings[0]


def test_every_timescale_rule_has_a_scenario() -> None:
    assert {s.rule for s in SCENARIOS} == set(TIMESCALE_RULES)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_not_done_the_day_before_the_deadline_is_at_risk(scenario: Scenario) -> None:
    finding = only(rule_findings(scenario, None, scenario.due - timedelta(days=1)))
    assert finding.code == f"{scenario.rule}.at-risk"
    assert finding.severity == "warning"
    assert finding.due == scenario.due
    assert finding.field.startswith(scenario.field)
    assert finding.owner == scenario.owner
    assert finding.source


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_not_done_on_the_deadline_is_at_risk_today(scenario: Scenario) -> None:
    finding = only(rule_findings(scenario, None, scenario.due))
    assert finding.code == f"{scenario.rule}.at-risk"
    assert "today" in finding.message


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_not_done_the_day_after_the_deadline_is_overdue(scenario: Scenario) -> None:
    finding = only(rule_findings(scenario, None, scenario.due + timedelta(days=1)))
    assert finding.code == f"{scenario.rule}.overdue"
    assert finding.severity == scenario.overdue
    assert scenario.due.strftime("%B %Y") in finding.message


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_done_on_the_deadline_is_on_time(scenario: Scenario) -> None:
    assert rule_findings(scenario, scenario.due, scenario.due + timedelta(days=40)) == []


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if s.late], ids=str)
def test_done_the_day_after_the_deadline_is_recorded_late(scenario: Scenario) -> None:
    done = scenario.due + timedelta(days=1)
    finding = only(rule_findings(scenario, done, done + timedelta(days=40)))
    assert finding.code == f"{scenario.rule}.late"
    assert finding.severity == scenario.late
    assert "after its deadline" in finding.message


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if s.late], ids=str)
def test_booked_after_the_deadline_is_at_risk(scenario: Scenario) -> None:
    booked = scenario.due + timedelta(days=3)
    finding = only(rule_findings(scenario, booked, scenario.due - timedelta(days=10)))
    assert finding.code == f"{scenario.rule}.at-risk"
    assert "booked for" in finding.message


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_nothing_while_the_deadline_is_far_off(scenario: Scenario) -> None:
    # One working day outside the 5-working-day window (and still after each rule's start).
    as_of = add_working_days(scenario.due, -6)
    assert rule_findings(scenario, None, as_of) == []


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_a_rule_switched_off_reports_nothing(scenario: Scenario) -> None:
    profile = all_rules_profile(**{scenario.rule: {"enabled": False}})
    assert rule_findings(scenario, None, scenario.due + timedelta(days=1), profile) == []


def test_at_risk_window_is_five_working_days_by_default() -> None:
    scenario = next(s for s in SCENARIOS if s.rule == "ppm-minutes")  # due Tuesday 6 January
    # 29 December is 5 working days before (over New Year's Day); 24 December is 6.
    assert only(rule_findings(scenario, None, date(2025, 12, 29))).code == "ppm-minutes.at-risk"
    assert rule_findings(scenario, None, date(2025, 12, 24)) == []
    wider = all_rules_profile().model_copy(
        update={"at_risk_within": Timescale.parse("10 working days")}
    )
    assert only(rule_findings(scenario, None, date(2025, 12, 24), wider))


def test_a_profile_timescale_moves_the_deadline() -> None:
    scenario = next(s for s in SCENARIOS if s.rule == "ppm-after-entering-care")
    profile = all_rules_profile(**{"ppm-after-entering-care": {"timescale": "6 weeks"}})
    # 15 January + 4 weeks is 12 February; + 6 weeks is 26 February.
    assert rule_findings(scenario, None, date(2026, 2, 13), profile) == []
    finding = only(rule_findings(scenario, None, date(2026, 2, 27), profile))
    assert finding.code == "ppm-after-entering-care.overdue"
    assert finding.due == date(2026, 2, 26)
    assert "within 6 weeks" in finding.message


def test_local_rules_are_off_in_the_default_profile() -> None:
    scenario = next(s for s in SCENARIOS if s.rule == "ppm-after-entering-care")
    assert rule_findings(scenario, None, date(2026, 3, 1), default_profile()) == []


def test_statutory_rules_are_on_in_the_default_profile() -> None:
    scenario = next(s for s in SCENARIOS if s.rule == "first-lac-review")
    finding = only(rule_findings(scenario, None, date(2026, 1, 2), default_profile()))
    assert finding.code == "first-lac-review.overdue"
    assert "reg 33" in finding.source


def test_part3_late_is_owed_by_the_fostering_social_worker() -> None:
    data = complete_data()
    set_path(data, "matching_meeting.part3_completed_on", REMOVE)
    findings = run_checks(make_case(data), all_rules_profile(), date(2026, 3, 3))
    finding = only([f for f in findings if f.code.startswith("parts-before-matching.")])
    assert finding.owner == FSW
    assert finding.documents == ("matching-report-part3",)
    assert finding.severity == "blocker"


def test_each_missed_later_review_is_named() -> None:
    data = complete_data()  # reviews 4 of them, the last on 10 April 2026
    findings = run_checks(make_case(data), default_profile(), date(2026, 10, 12))
    finding = only([f for f in findings if f.code.startswith("later-lac-reviews.")])
    assert finding.code == "later-lac-reviews.overdue"
    assert finding.message.startswith("LAC review 5 was due by 10 October 2026")


def test_minutes_when_adoption_is_considered_use_the_adoption_rule_only() -> None:
    scenario = next(s for s in SCENARIOS if s.rule == "ppm-minutes-adoption")
    data = complete_data()
    scenario.setup(data, None)
    findings = run_checks(make_case(data), all_rules_profile(), date(2026, 4, 16))
    codes = {f.code for f in findings if f.code.startswith("ppm-minutes")}
    assert codes == {"ppm-minutes-adoption.overdue"}
