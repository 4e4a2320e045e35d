"""Two rule defects fixed, at their edges: the ADM's 7-working-day clock runs from the later of
the panel's recommendation and the final minutes, and every date that records something done
gets the "date in the future" warning, the list of such dates read from the model."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from case_factory import AS_OF, complete_data, default_profile, make_case, set_path
from permdocs.checks import Finding, run_checks
from permdocs.model.fields import done_dates
from permdocs.policy.calendar import add_working_days


def _adm(panel: str, minutes: str, decided: str | None, as_of: date) -> list[Finding]:
    data = complete_data()
    set_path(data, "panel.date", panel)
    set_path(data, "panel.final_minutes_received", minutes)
    if decided is None:
        del data["decision"]
    else:
        set_path(data, "decision.date", decided)
        set_path(data, "decision.permanent_from", decided)
    findings = run_checks(make_case(data), default_profile(), as_of)
    return [f for f in findings if f.code.startswith("adm-decision.")]


def test_the_adm_clock_runs_from_the_final_minutes_when_they_come_after_the_panel() -> None:
    # Panel on Thursday 18 December 2025, minutes on Tuesday 23 December: 7 working days over
    # Christmas, Boxing Day and New Year's Day end on Tuesday 6 January 2026.
    due = date(2026, 1, 6)
    assert add_working_days(date(2025, 12, 23), 7) == due
    assert _adm("2025-12-18", "2025-12-23", "2026-01-06", date(2026, 1, 20)) == []
    (late,) = _adm("2025-12-18", "2025-12-23", "2026-01-07", date(2026, 1, 20))
    assert late.code == "adm-decision.late" and late.due == due
    assert "1 working day after" in late.message
    assert "final minutes on 23 December 2025" in late.message


def test_the_adm_clock_runs_from_the_recommendation_when_the_minutes_came_first() -> None:
    # Minutes recorded as received before the panel sat: the ADM cannot decide on a
    # recommendation not yet made, so the clock runs from the panel (a later 7 working days).
    due = add_working_days(date(2026, 4, 23), 7)
    assert due == date(2026, 5, 5)  # over the early May bank holiday
    (overdue,) = _adm("2026-04-23", "2026-04-20", None, due + timedelta(days=1))
    assert overdue.code == "adm-decision.overdue" and overdue.due == due
    assert "the panel's recommendation on 23 April 2026" in overdue.message
    # Under the old rule (from the minutes alone) this decision would have been late.
    assert _adm("2026-04-23", "2026-04-20", "2026-05-05", date(2026, 6, 1)) == []


def test_the_adm_clock_on_the_same_day_and_before_both_have_arrived() -> None:
    due = add_working_days(date(2026, 4, 23), 7)
    (at_risk,) = _adm("2026-04-23", "2026-04-23", None, due)
    assert at_risk.code == "adm-decision.at-risk" and at_risk.due == due
    # Minutes in hand, but the panel has not sat by the as-of date: no clock yet.
    assert _adm("2026-04-23", "2026-04-20", None, date(2026, 4, 22)) == []


# --- dates that record something done ---------------------------------------------------------


def _every_done_date_filled() -> dict[str, Any]:
    data = complete_data()
    set_path(data, "child.legal_status_since", "2025-03-01")
    set_path(data, "child.education.school_since", "2023-09-01")
    set_path(
        data,
        "child.current_placement",
        {"carers": "Janet Pilling", "placement_type": "Short-term", "since": "2025-01-06"},
    )
    set_path(data, "panel.papers_prepared_on", "2026-04-13")
    set_path(data, "panel.previous_appearances", [{"date": "2025-11-01"}])
    return data


DONE_PATHS = [path for path, _ in done_dates(make_case(_every_done_date_filled()))]


def test_the_done_dates_are_read_from_the_model() -> None:
    # Including the two the old fixed list forgot.
    assert "carers.approval.last_annual_review" in DONE_PATHS
    assert "child.placed_with_carers_since" in DONE_PATHS
    assert "matching_meeting.sign_offs[3].date" in DONE_PATHS
    # Dates booked ahead are not "done" dates.
    for booked in ("panel.date", "matching_meeting.date", "ppm.meeting_date"):
        assert booked not in DONE_PATHS
    assert "decision.permanent_from" not in DONE_PATHS
    assert "child.lac_reviews[0].date" not in DONE_PATHS


@pytest.mark.parametrize("path", DONE_PATHS)
def test_every_done_date_after_the_as_of_date_is_warned_about(path: str) -> None:
    data = _every_done_date_filled()

    def future(findings: list[Finding]) -> list[str]:
        return [f.field for f in findings if f.code == "recorded-date-in-future"]

    set_path(data, path, AS_OF.isoformat())
    assert future(run_checks(make_case(data), default_profile(), AS_OF)) == []
    set_path(data, path, (AS_OF + timedelta(days=1)).isoformat())
    findings = run_checks(make_case(data), default_profile(), AS_OF)
    assert future(findings) == [path]
    (finding,) = [f for f in findings if f.code == "recorded-date-in-future"]
    assert finding.severity == "warning" and "2 June 2026" in finding.message
