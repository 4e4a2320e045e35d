"""Checks judged from the days papers were recorded as sent: the carers' written notification,
the reg 22B confirmation to carer, child and parents, a letter's own date, and a sent paper no
longer judged afresh."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

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
from permdocs.load.records import Event, PaperRecord
from permdocs.policy.conditions import Context
from permdocs.policy.dating import dating


def _sent(*papers: tuple[str, str, date]) -> PaperRecord:
    return PaperRecord(
        Path("/nonexistent/record"),
        tuple(
            Event(event="sent", paper=name, kind=kind, at="", on=on, by="post", to="Someone")
            for name, kind, on in papers
        ),
    )


def _codes(data: dict[str, Any], record: PaperRecord, prefix: str, **kw: Any) -> list[Finding]:
    profile = kw.get("profile") or default_profile()
    findings = run_checks(make_case(data), profile, kw.get("as_of", AS_OF), record)
    return [f for f in findings if f.code.startswith(prefix)]


def _decided_before_christmas() -> dict[str, Any]:
    data = complete_data()
    set_path(data, "decision.date", "2025-12-23")
    set_path(data, "decision.permanent_from", "2025-12-23")
    set_path(data, "decision.carers_told_on", "2025-12-24")
    set_path(data, "decision.arrangement_confirmed_on", REMOVE)
    return data


def test_the_carers_letter_sent_within_5_working_days_over_the_bank_holidays() -> None:
    # 23 December 2025 + 5 working days (Christmas, Boxing Day, New Year's Day) is 2 January.
    profile = all_rules_profile()
    on_time = _sent(("letter-carers", "letter-carers", date(2026, 1, 2)))
    data = _decided_before_christmas()
    assert _codes(data, on_time, "carers-told", profile=profile) == []
    late = _sent(("letter-carers", "letter-carers", date(2026, 1, 5)))
    (finding,) = _codes(data, late, "carers-told", profile=profile)
    assert finding.code == "carers-told-in-writing.late"
    assert "1 working day after its deadline of 2 January 2026" in finding.message
    # Nothing recorded at all, a week later: overdue.
    (overdue,) = _codes(
        data, _sent(), "carers-told-in-writing", profile=profile, as_of=date(2026, 1, 9)
    )
    assert overdue.code == "carers-told-in-writing.overdue"


def test_the_notification_rules_are_off_unless_a_profile_switches_them_on() -> None:
    assert _codes(_decided_before_christmas(), _sent(), "carers-told") == []


def test_the_arrangement_is_confirmed_once_every_confirmation_letter_is_recorded_sent() -> None:
    data = set_path(complete_data(), "decision.arrangement_confirmed_on", REMOVE)
    everyone = _sent(
        ("letter-carers", "letter-carers", date(2026, 5, 12)),
        ("letter-child", "letter-child", date(2026, 5, 12)),
        ("letter-birth-parent-mother", "letter-birth-parent", date(2026, 5, 13)),
    )
    assert _codes(data, everyone, "long-term-placement.not-confirmed") == []
    carers_only = _sent(("letter-carers", "letter-carers", date(2026, 5, 12)))
    (finding,) = _codes(data, carers_only, "long-term-placement.not-confirmed")
    assert "The letters to the carers are recorded as sent" in finding.message
    assert "still to send: the child and each birth parent written to" in finding.message


def test_a_letter_is_dated_the_day_it_was_recorded_sent() -> None:
    context = Context(make_case(), default_profile(), AS_OF)
    dated = dating(context, "letter-carers", sent_on=date(2026, 5, 12))
    assert (dated.dated, dated.source) == (date(2026, 5, 12), "sent record")
    # A record saying it went before the decision it reports is a blocker on that letter.
    early = _sent(("letter-carers", "letter-carers", date(2026, 5, 1)))
    (finding,) = _codes(complete_data(), early, "dated.letter-before-decision")
    assert finding.documents == ("letter-carers",) and finding.severity == "blocker"
    assert "1 May 2026 (sent record)" in finding.message


def test_a_sent_paper_is_not_judged_afresh_for_what_it_prints() -> None:
    data = set_path(complete_data(), "care_plan.plan_date", "2026-03-01")
    assert {f.documents for f in _codes(data, _sent(), "dated.printed-after")} == {
        ("ppm-referral",),
        ("matching-report-part2",),
    }
    referral = _sent(("ppm-referral", "ppm-referral", date(2025, 1, 20)))
    assert {f.documents for f in _codes(data, referral, "dated.printed-after")} == {
        ("matching-report-part2",)
    }
