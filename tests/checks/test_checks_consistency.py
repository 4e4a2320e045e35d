"""Consistency: dates in process order, ages at panel, invitations and sign-offs, and the policy
rules about the case's shape."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from case_factory import (
    AS_OF,
    REMOVE,
    all_rules_profile,
    complete_data,
    default_profile,
    make_case,
    set_path,
)
from permdocs.checks import Finding, run_checks
from permdocs.load.profiles import load_profile
from permdocs.policy.profiles import Profile


def codes(
    *changes: tuple[str, Any], profile: Profile | None = None, as_of: date = AS_OF
) -> list[Finding]:
    data = complete_data()
    for path, value in changes:
        set_path(data, path, value)
    return run_checks(make_case(data), profile or default_profile(), as_of)


def only(findings: list[Finding], code: str) -> Finding:
    matching = [f for f in findings if f.code == code]
    assert len(matching) == 1, [f.code for f in findings]
    return matching[0]


# --- dates -------------------------------------------------------------------------------------


def test_panel_before_the_matching_meeting_is_out_of_order() -> None:
    findings = codes(("panel.date", "2026-02-27"), ("panel.papers_sent_on", "2026-02-18"))
    finding = only(findings, "dates-out-of-order")
    assert finding.severity == "blocker"
    assert finding.field == "panel.date"
    assert "matching meeting" in finding.message
    assert "panel-front-sheet" in finding.documents
    assert "matching_meeting.date" in finding.fix


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("child.lac_reviews[0].date", "2025-01-03", "child.lac_reviews[0].date"),
        ("child.lac_reviews[2].date", "2025-04-01", "child.lac_reviews[2].date"),
        ("ppm.referral_date", "2025-02-01", "ppm.meeting_date"),
        ("ppm.minutes_received", "2025-01-29", "ppm.minutes_received"),
        ("decision.permanent_from", "2026-05-06", "decision.permanent_from"),
        ("carers.approval.approved_on", "2026-03-03", "matching_meeting.date"),
        ("panel.final_minutes_received", "2026-04-22", "panel.final_minutes_received"),
    ],
)
def test_dates_out_of_process_order(path: str, value: str, field: str) -> None:
    fields = {f.field for f in codes((path, value)) if f.code == "dates-out-of-order"}
    assert field in fields


def test_equal_dates_are_in_order() -> None:
    # A PPM combined with the matching meeting (Milton Keynes allows it) is not out of order.
    findings = codes(("ppm.meeting_date", "2026-03-02"), ("ppm.minutes_received", "2026-03-02"))
    assert not [f for f in findings if f.code == "dates-out-of-order"]


def test_deciding_before_the_final_minutes_is_a_warning() -> None:
    findings = codes(("panel.final_minutes_received", "2026-05-08"))
    finding = only(findings, "dates-out-of-order")
    assert finding.severity == "warning"
    assert finding.field == "decision.date"


def test_a_decision_dated_in_the_future_is_doubtful() -> None:
    findings = codes(
        ("decision.arrangement_confirmed_on", REMOVE),
        ("decision.carers_told_on", REMOVE),
        as_of=date(2026, 5, 6),
    )
    finding = only(findings, "recorded-date-in-future")
    assert finding.field == "decision.date"
    assert finding.owner == "ADM"


# --- ages --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "adult"),
    [("2008-04-24", False), ("2008-04-23", True), ("2008-04-22", True)],  # panel 23 April 2026
)
def test_eighteen_at_panel_is_a_blocker(born: str, adult: bool) -> None:
    findings = codes(("child.date_of_birth", born), ("child.education", {}))
    flagged = [f for f in findings if f.code == "adult-at-panel" and f.field == "panel.date"]
    assert bool(flagged) is adult


# --- invitations and sign-off ------------------------------------------------------------------


def test_the_supervising_social_worker_must_be_invited_to_the_ppm() -> None:
    findings = codes(("ppm.invitees", [{"name": "Pat Carer", "role": "Foster carer"}]))
    missing = [f for f in findings if f.code == "ppm-invitee-missing"]
    (finding,) = [f for f in missing if "supervising social worker" in f.message]
    assert finding.documents == ("ppm-referral",)
    assert len(missing) == 4  # also the IRO, health and education


def test_the_adoption_agency_is_invited_for_a_child_under_7() -> None:
    findings = codes(("child.date_of_birth", "2020-01-01"), ("child.receives_letter", True))
    finding = only(findings, "ppm-invitee-missing")
    assert "adoption agency" in finding.message
    assert "under 7" in finding.message


def test_the_current_carers_are_invited_even_while_family_finding() -> None:
    findings = codes(
        ("ppm.invitees", [{"name": "Ivy Reviewer", "role": "IRO"}]),
        ("ppm.family_finding", {"needed": True}),
    )
    missing = " ".join(f.message for f in findings if f.code == "ppm-invitee-missing")
    assert "the foster carers" in missing and "supervising social worker" in missing


def test_matching_needs_four_sign_offs() -> None:
    data = complete_data()
    sign_offs = data["matching_meeting"]["sign_offs"][:3]
    finding = only(codes(("matching_meeting.sign_offs", sign_offs)), "sign-offs-incomplete")
    assert finding.owner == "fostering social worker"


# --- long-term placement (statutory) -----------------------------------------------------------


def test_the_permanence_plan_must_be_fostering() -> None:
    finding = only(
        codes(("care_plan.permanence_plan", "adoption")), "long-term-placement.plan-not-fostering"
    )
    assert finding.severity == "blocker"
    assert "SI 2015/495" in finding.source


def test_the_carers_must_commit_until_the_child_leaves_care() -> None:
    finding = only(
        codes(("carers.commitment_until_leaves_care", False)), "long-term-placement.no-commitment"
    )
    assert finding.owner == "fostering social worker"


_NOT_CONFIRMED = "long-term-placement.not-confirmed"
_UNCONFIRMED = ("decision.arrangement_confirmed_on", REMOVE)


def test_an_agreed_match_not_confirmed_once_permanent_is_a_warning_for_business_support() -> None:
    # The placement became permanent on 7 May 2026; the as-of date is 1 June 2026.
    finding = only(codes(_UNCONFIRMED), _NOT_CONFIRMED)
    assert finding.severity == "warning"
    assert finding.owner == "business support"
    assert finding.field == "decision.arrangement_confirmed_on"
    assert finding.documents == ("letter-carers", "letter-child", "letter-birth-parent")
    assert "became permanent on 7 May 2026" in finding.message
    assert "the carers, the child and the birth parents" in finding.message
    assert "permdocs letters" in finding.fix
    assert "decision.arrangement_confirmed_on" in finding.fix
    assert "reg 22B" in finding.source


@pytest.mark.parametrize(
    ("as_of", "permanent_from", "severity"),
    [
        (date(2026, 5, 7), "2026-05-07", "info"),  # the day it becomes permanent
        (date(2026, 5, 8), "2026-05-07", "warning"),  # the day after
        (date(2026, 5, 8), "2026-05-20", "info"),  # decided, permanent later
        (date(2026, 6, 1), REMOVE, "info"),  # no permanent date to judge by yet
    ],
)
def test_confirmation_is_a_note_until_the_placement_has_become_permanent(
    as_of: date, permanent_from: Any, severity: str
) -> None:
    changes = (_UNCONFIRMED, ("decision.permanent_from", permanent_from))
    finding = only(codes(*changes, as_of=as_of), _NOT_CONFIRMED)
    assert finding.severity == severity


@pytest.mark.parametrize("outcome", ["not-agreed", "deferred"])
def test_only_an_agreed_match_is_confirmed(outcome: str) -> None:
    findings = codes(_UNCONFIRMED, ("decision.outcome", outcome))
    assert not [f for f in findings if f.code == _NOT_CONFIRMED]


def test_a_recorded_confirmation_is_enough() -> None:
    assert not [f for f in codes() if f.code == _NOT_CONFIRMED]


def test_a_confirmation_before_the_decision_is_out_of_order() -> None:
    finding = only(codes(("decision.arrangement_confirmed_on", "2026-05-06")), "dates-out-of-order")
    assert finding.severity == "warning"
    assert finding.field == "decision.arrangement_confirmed_on"
    assert finding.owner == "business support"
    assert "ADM has decided" in finding.message


def test_a_confirmation_dated_in_the_future_is_doubtful() -> None:
    findings = codes(("decision.arrangement_confirmed_on", "2026-06-02"))
    finding = only(findings, "recorded-date-in-future")
    assert finding.field == "decision.arrangement_confirmed_on"
    assert finding.owner == "business support"


def test_a_statutory_rule_switched_off_reports_nothing() -> None:
    profile = all_rules_profile(**{"long-term-placement": {"enabled": False}})
    findings = codes(("carers.commitment_until_leaves_care", False), _UNCONFIRMED, profile=profile)
    assert not [f for f in findings if f.code.startswith("long-term-placement")]


# --- under 13 to panel (Luton) -----------------------------------------------------------------

_NO_PANEL = ("panel", {})


def test_under_13_decided_without_panel_or_reason_is_a_blocker() -> None:
    findings = codes(_NO_PANEL, profile=load_profile("luton-example"))
    finding = only(findings, "under-13-to-panel.no-panel")
    assert finding.severity == "blocker"
    assert "letter-carers" in finding.documents
    assert "Luton" in finding.source


def test_under_13_after_matching_without_panel_is_a_warning() -> None:
    findings = codes(_NO_PANEL, ("decision", REMOVE), profile=load_profile("luton-example"))
    assert only(findings, "under-13-to-panel.no-panel").severity == "warning"


def test_under_13_with_a_recorded_reason_is_fine() -> None:
    findings = codes(
        ("panel", {"reason_not_to_panel": "Child's wish, supported by the IRO."}),
        profile=load_profile("luton-example"),
    )
    assert not [f for f in findings if f.code.startswith("under-13")]


@pytest.mark.parametrize(
    ("born", "flagged"),
    [("2013-05-06", False), ("2013-05-07", False), ("2013-05-08", True)],
)
def test_thirteen_on_the_decision_date_may_go_straight_to_the_adm(born: str, flagged: bool) -> None:
    # Decision on 7 May 2026: born on or before 7 May 2013 means 13 that day.
    findings = codes(
        _NO_PANEL,
        ("child.date_of_birth", born),
        ("child.education", {}),
        profile=load_profile("luton-example"),
    )
    assert bool([f for f in findings if f.code.startswith("under-13")]) is flagged


def test_under_13_rule_is_local_and_off_by_default() -> None:
    assert not [f for f in codes(_NO_PANEL) if f.code.startswith("under-13")]


# --- siblings apart only after an assessment (London, Luton) -----------------------------------


def test_sibling_assessment_after_the_matching_meeting_is_a_warning() -> None:
    findings = codes(
        ("siblings[0].sibling_assessment_date", "2026-03-03"),
        profile=load_profile("london-example"),
    )
    finding = only(findings, "siblings-apart-assessed.after-matching")
    assert finding.field == "siblings[0].sibling_assessment_date"
    assert "Sam Fictional" in finding.message


def test_sibling_assessment_on_the_matching_day_is_fine() -> None:
    findings = codes(
        ("siblings[0].sibling_assessment_date", "2026-03-02"),
        profile=load_profile("london-example"),
    )
    assert not [f for f in findings if f.code.startswith("siblings-apart")]
