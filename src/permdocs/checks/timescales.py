"""Timescales: each deadline in the process, judged against the as-of date.

Every rule becomes one or more :class:`Deadline` values (what is owed, by when, whether it is
done); :func:`judge` turns a deadline into at most one finding:

- done on or before the deadline: nothing;
- done after it: ``<rule>.late``, recording the lateness (panel and IRO ask about delay);
- not done, deadline passed: ``<rule>.overdue``;
- not done, deadline today or within the profile's ``at_risk_within`` (5 working days by
  default), or booked for a date after the deadline: ``<rule>.at-risk``.

A date later than the as-of date counts as booked, not done: a panel date in the diary is not a
panel that has sat.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ..model.fields import Owner, label_of
from ..policy.calendar import Timescale, TimescaleUnit, gap, long_date, working_days_between
from ..policy.conditions import Context, adoption_considered, goes_to_panel
from ..policy.documents import LETTER_KIND_NAMES
from ..policy.rules import get_rule
from .findings import Finding, Severity

# Rule code -> the statuses it can report (a rule with no "done" date cannot be late).
TIMESCALE_RULES: dict[str, tuple[str, ...]] = {
    "first-lac-review": ("overdue", "at-risk", "late"),
    "second-lac-review": ("overdue", "at-risk", "late"),
    "later-lac-reviews": ("overdue", "at-risk", "late"),
    "permanence-plan-by-second-review": ("overdue", "at-risk"),
    "panel-papers": ("overdue", "at-risk", "late"),
    "adm-decision": ("overdue", "at-risk", "late"),
    "ppm-after-entering-care": ("overdue", "at-risk", "late"),
    "ppm-after-permanence-review": ("overdue", "at-risk", "late"),
    "ppm-minutes": ("overdue", "at-risk", "late"),
    "ppm-minutes-adoption": ("overdue", "at-risk", "late"),
    "parts-before-matching": ("overdue", "at-risk", "late"),
    "panel-after-matching": ("overdue", "at-risk", "late"),
    "adm-ratification": ("overdue", "at-risk", "late"),
    "carers-told-orally": ("overdue", "at-risk", "late"),
    "carers-told-in-writing": ("overdue", "at-risk", "late"),
}

CODES: dict[str, str] = {
    f"{rule}.{status}": f"{get_rule(rule).title}: {status}"
    for rule, statuses in TIMESCALE_RULES.items()
    for status in statuses
}

_PANEL_PAPERS = ("panel-front-sheet", "panel-checklist")
_LATE_FIX = "Nothing to do now but record the reason for the delay in the case notes: the IRO and panel may ask about it."


@dataclass(frozen=True)
class Deadline:
    rule: str
    what: str  # "The first LAC review", starting with a capital
    measure: str  # "within 20 working days of ...", for the message
    field: str  # where the date it was done is recorded
    owner: Owner
    documents: tuple[str, ...]
    due: date
    done: date | None
    unit: TimescaleUnit
    overdue: Severity
    late: Severity
    fix: str
    fix_late: str = _LATE_FIX
    slot: str = ""
    """Tells apart deadlines of one rule that can be open at once (Part 2 and Part 3 before the
    matching meeting); with ``rule`` it names a deadline for good, whatever its date becomes."""

    def met(self, as_of: date) -> bool:
        """Done on or before ``as_of`` (a later date is booked, not done), late or not."""
        return self.done is not None and self.done <= as_of


def check_timescales(context: Context) -> list[Finding]:
    findings: list[Finding] = []
    for deadline in deadlines(context):
        finding = judge(deadline, context.as_of, context.profile.at_risk_within)
        if finding is not None:
            findings.append(finding)
    return findings


def deadlines(context: Context) -> Iterator[Deadline]:
    yield from _lac_reviews(context)
    yield from _permanence_plan(context)
    yield from _ppm(context)
    yield from _matching_and_panel(context)
    yield from _decisions(context)
    yield from _carers_told(context)


def open_deadlines(context: Context) -> list[Deadline]:
    """Every deadline not met as of the as-of date (overdue, due, or only booked), earliest first:
    what is still owed under each rule, for a tracker or a calendar."""
    pending = [d for d in deadlines(context) if not d.met(context.as_of)]
    return sorted(pending, key=lambda d: (d.due, d.rule, d.slot))


def judge(deadline: Deadline, as_of: date, at_risk_within: Timescale) -> Finding | None:
    due = long_date(deadline.due)
    done = deadline.done
    if done is not None and done <= as_of:
        if done <= deadline.due:
            return None
        late_by = gap(deadline.unit, deadline.due, done)
        return _finding(
            deadline,
            "late",
            deadline.late,
            f"{deadline.what} was on {long_date(done)}, {late_by} after its deadline of {due}"
            f" ({deadline.measure}).",
            deadline.fix_late,
        )
    booked = f"; it is booked for {long_date(done)}" if done is not None else ""
    if as_of > deadline.due:
        return _finding(
            deadline,
            "overdue",
            deadline.overdue,
            f"{deadline.what} was due by {due} ({deadline.measure}) and is not recorded as"
            f" done{booked}.",
            deadline.fix,
        )
    if done is not None and done > deadline.due:
        return _finding(
            deadline,
            "at-risk",
            "warning",
            f"{deadline.what} is booked for {long_date(done)}, after its deadline of {due}"
            f" ({deadline.measure}).",
            deadline.fix,
        )
    if done is None and deadline.due <= at_risk_within.after(as_of):
        left = working_days_between(as_of, deadline.due)
        when = "today" if left == 0 else f"in {left} working day{'s' if left != 1 else ''}"
        return _finding(
            deadline,
            "at-risk",
            "warning",
            f"{deadline.what} is due by {due} ({deadline.measure}), {when}, and is not recorded"
            " as done yet.",
            deadline.fix,
        )
    return None


def _finding(
    deadline: Deadline, status: str, severity: Severity, message: str, fix: str
) -> Finding:
    return Finding(
        code=f"{deadline.rule}.{status}",
        severity=severity,
        documents=deadline.documents,
        field=deadline.field,
        label=label_of(deadline.field),
        owner=deadline.owner,
        message=message,
        fix=fix,
        source=get_rule(deadline.rule).source,
        due=deadline.due,
    )


def _on(context: Context, rule: str) -> bool:
    return context.profile.rule_enabled(rule)


# --- the rules ---------------------------------------------------------------------------------


def _review(
    rule: str,
    what: str,
    measure: str,
    field: str,
    due: date,
    done: date | None,
    unit: TimescaleUnit,
) -> Deadline:
    return Deadline(
        rule=rule,
        what=what,
        measure=measure,
        field=field,
        owner="child's social worker",
        documents=(),
        due=due,
        done=done,
        unit=unit,
        overdue="warning",
        late="info",
        fix="Arrange the review with the IRO now; if it has been held, add its date under"
        " child.lac_reviews.",
    )


def _lac_reviews(context: Context) -> Iterator[Deadline]:
    child = context.case.child
    reviews = child.lac_reviews
    start = child.looked_after_since
    if _on(context, "first-lac-review") and start is not None:
        timescale = context.profile.timescale("first-lac-review")
        yield _review(
            "first-lac-review",
            "The first LAC review",
            f"within {timescale} of the child becoming looked after on {long_date(start)}",
            "child.lac_reviews[0].date" if reviews else "child.lac_reviews",
            timescale.after(start),
            reviews[0].date if reviews else None,
            timescale.unit,
        )
    if _on(context, "second-lac-review") and reviews and reviews[0].date <= context.as_of:
        timescale = context.profile.timescale("second-lac-review")
        yield _review(
            "second-lac-review",
            "The second LAC review",
            f"within {timescale} of the first review on {long_date(reviews[0].date)}",
            "child.lac_reviews[1].date" if len(reviews) > 1 else "child.lac_reviews",
            timescale.after(reviews[0].date),
            reviews[1].date if len(reviews) > 1 else None,
            timescale.unit,
        )
    if _on(context, "later-lac-reviews") and len(reviews) >= 2:
        timescale = context.profile.timescale("later-lac-reviews")
        for index in range(2, len(reviews) + 1):
            previous = reviews[index - 1].date
            if previous > context.as_of:
                break
            held = index < len(reviews)
            yield _review(
                "later-lac-reviews",
                f"LAC review {index + 1}",
                f"within {timescale} of the previous review on {long_date(previous)}",
                f"child.lac_reviews[{index}].date" if held else "child.lac_reviews",
                timescale.after(previous),
                reviews[index].date if held else None,
                timescale.unit,
            )


def _permanence_plan(context: Context) -> Iterator[Deadline]:
    reviews = context.case.child.lac_reviews
    rule = "permanence-plan-by-second-review"
    if not _on(context, rule) or not reviews or context.case.care_plan.permanence_plan:
        return
    if len(reviews) > 1:
        due = reviews[1].date
        measure = f"by the second LAC review on {long_date(due)}"
    else:
        # The second review has not been recorded: the plan is due by its latest lawful date.
        due = context.profile.timescale("second-lac-review").after(reviews[0].date)
        measure = f"by the second LAC review, due by {long_date(due)}"
    yield Deadline(
        rule=rule,
        what="A permanence plan in the care plan",
        measure=measure,
        field="care_plan.permanence_plan",
        owner="child's social worker",
        documents=("ppm-referral", "matching-report-part2"),
        due=due,
        done=None,
        unit="days",
        overdue="warning",
        late="info",
        fix="Record the permanence plan agreed in the care plan under care_plan.permanence_plan;"
        " if there is none, tell the IRO before the second review.",
    )


def _ppm(context: Context) -> Iterator[Deadline]:
    case = context.case
    ppm = case.ppm
    as_of = context.as_of
    fix = "Book the Permanency Planning Meeting and record its date in ppm.meeting_date."
    entered = case.child.looked_after_since
    rule = "ppm-after-entering-care"
    if _on(context, rule) and entered is not None and entered <= as_of:
        timescale = context.profile.timescale(rule)
        yield Deadline(
            rule=rule,
            what="The first Permanency Planning Meeting",
            measure=f"within {timescale} of the child entering care on {long_date(entered)}",
            field="ppm.meeting_date",
            owner="child's social worker",
            documents=("ppm-referral",),
            due=timescale.after(entered),
            done=ppm.meeting_date,
            unit=timescale.unit,
            overdue="warning",
            late="info",
            fix=fix,
        )
    rule = "ppm-after-permanence-review"
    agreed = next(
        (r.date for r in case.child.lac_reviews if r.recommended_permanent_fostering), None
    )
    if _on(context, rule) and agreed is not None and agreed <= as_of:
        timescale = context.profile.timescale(rule)
        yield Deadline(
            rule=rule,
            what="The Permanency Planning Meeting",
            measure=f"within {timescale} of the LAC review on {long_date(agreed)} that agreed"
            " permanent fostering",
            field="ppm.meeting_date",
            owner="child's social worker",
            documents=("ppm-referral",),
            due=timescale.after(agreed),
            done=ppm.meeting_date,
            unit=timescale.unit,
            overdue="warning",
            late="info",
            fix=fix,
        )
    held = ppm.meeting_date
    if held is None or held > as_of:
        return
    adoption = adoption_considered(context) and _on(context, "ppm-minutes-adoption")
    rule = "ppm-minutes-adoption" if adoption else "ppm-minutes"
    if not _on(context, rule):
        return
    timescale = context.profile.timescale(rule)
    owner: Owner = "child's social worker" if adoption else "business support"
    chase = (
        "the Permanency Team Manager, who chairs and minutes the meeting when adoption is considered"
        if adoption
        else "whoever took the minutes"
    )
    yield Deadline(
        rule=rule,
        what="The PPM minutes",
        measure=f"within {timescale} of the meeting on {long_date(held)}",
        field="ppm.minutes_received",
        owner=owner,
        documents=("matching-report-part2", "panel-checklist"),
        due=timescale.after(held),
        done=ppm.minutes_received,
        unit=timescale.unit,
        overdue="warning",
        late="info",
        fix=f"Chase the minutes from {chase}, then record the date they arrived in"
        " ppm.minutes_received.",
    )


def _matching_and_panel(context: Context) -> Iterator[Deadline]:
    case = context.case
    meeting = case.matching_meeting
    as_of = context.as_of
    if _on(context, "parts-before-matching") and meeting.date is not None:
        parts: tuple[tuple[str, date | None, Owner, str], ...] = (
            (
                "Part 2",
                meeting.part2_completed_on,
                "child's social worker",
                "matching-report-part2",
            ),
            (
                "Part 3",
                meeting.part3_completed_on,
                "fostering social worker",
                "matching-report-part3",
            ),
        )
        for part, done, owner, kind in parts:
            number = part[-1]
            yield Deadline(
                rule="parts-before-matching",
                what=f"{part} of the matching meeting report",
                measure=f"complete before the matching meeting on {long_date(meeting.date)}",
                field=f"matching_meeting.part{number}_completed_on",
                owner=owner,
                documents=(kind,),
                due=meeting.date,
                done=done,
                unit="days",
                overdue="blocker",
                late="warning",
                fix=f"Complete {part} and record the date in"
                f" matching_meeting.part{number}_completed_on; if the matching meeting cannot"
                " have it in time, agree a new date with the fostering team manager.",
                fix_late=f"Tell the matching meeting chair and the panel adviser that {part} was"
                " completed after the meeting; record why in the case notes.",
                slot=f"part{number}",
            )
    panel = case.panel
    to_panel = goes_to_panel(context)
    rule = "panel-after-matching"
    if _on(context, rule) and to_panel and meeting.date is not None and meeting.date <= as_of:
        timescale = context.profile.timescale(rule)
        yield Deadline(
            rule=rule,
            what="The fostering panel",
            measure=f"within {timescale} of the matching meeting on {long_date(meeting.date)}",
            field="panel.date",
            owner="panel adviser",
            documents=("panel-front-sheet",),
            due=timescale.after(meeting.date),
            done=panel.date,
            unit=timescale.unit,
            overdue="warning",
            late="info",
            fix="Book the match into the next fostering panel and record the date in panel.date.",
        )
    rule = "panel-papers"
    if _on(context, rule) and to_panel and panel.date is not None:
        timescale = context.profile.timescale(rule)
        yield Deadline(
            rule=rule,
            what="Sending the panel papers to panel members",
            measure=f"at least {timescale} before the panel on {long_date(panel.date)}",
            field="panel.papers_sent_on",
            owner="panel adviser",
            documents=_PANEL_PAPERS,
            due=timescale.before(panel.date),
            done=panel.papers_sent_on,
            unit=timescale.unit,
            overdue="warning",
            late="warning",
            fix="Send the papers to panel members now, record the date in panel.papers_sent_on,"
            " and ask the panel chair whether the item can still be heard on the day.",
            fix_late="Tell the panel chair the papers went late; the chair decides whether the"
            " item is heard.",
        )


def _decisions(context: Context) -> Iterator[Deadline]:
    case = context.case
    as_of = context.as_of
    decided = case.decision.date if case.decision is not None else None
    received = case.panel.final_minutes_received
    rule = "adm-decision"
    # The clock runs once the ADM has both the panel's recommendation (made the day the panel
    # sits) and the final minutes: from the later of the two.
    recommended = case.panel.date
    start = max(received, recommended) if received and recommended else received
    if _on(context, rule) and start is not None and start <= as_of:
        timescale = context.profile.timescale(rule)
        if recommended is not None and received is not None and recommended > received:
            since = f"the panel's recommendation on {long_date(recommended)} (the final minutes"
            since += f" were received on {long_date(received)}, before it)"
        elif recommended is not None:
            since = f"receiving the final minutes on {long_date(start)}, after the panel's"
            since += f" recommendation on {long_date(recommended)}"
        else:
            since = f"receiving the final minutes on {long_date(start)}"
        yield Deadline(
            rule=rule,
            what="The ADM's decision",
            measure=f"within {timescale} of {since}",
            field="decision.date",
            owner="ADM",
            documents=LETTER_KIND_NAMES,
            due=timescale.after(start),
            done=decided,
            unit=timescale.unit,
            overdue="warning",
            late="info",
            fix="Make the decision and record it under decision (date and outcome).",
        )
    reviews = case.child.lac_reviews
    rule = "adm-ratification"
    if _on(context, rule) and len(reviews) > 1 and reviews[1].date <= as_of:
        timescale = context.profile.timescale(rule)
        yield Deadline(
            rule=rule,
            what="The ADM's ratification of the permanence care plan",
            measure=f"within {timescale} of the second LAC review on {long_date(reviews[1].date)}",
            field="care_plan.adm_ratified_on",
            owner="ADM",
            documents=(),
            due=timescale.after(reviews[1].date),
            done=case.care_plan.adm_ratified_on,
            unit=timescale.unit,
            overdue="warning",
            late="info",
            fix="Put the permanence care plan to the ADM for ratification and record the date in"
            " care_plan.adm_ratified_on.",
        )


def _carers_told(context: Context) -> Iterator[Deadline]:
    """Telling the carers of the ADM's decision: in person or by telephone, then in writing,
    judged from the dates recorded (the carers' letter's sending date in the case's record,
    else the date the decision letters went out)."""
    decision = context.case.decision
    if decision is None:
        return
    decided = long_date(decision.date)
    rule = "carers-told-orally"
    if _on(context, rule):
        timescale = context.profile.timescale(rule)
        yield Deadline(
            rule=rule,
            what="Telling the carers the ADM's decision (in person or by telephone)",
            measure=f"within {timescale} of the decision on {decided}",
            field="decision.carers_told_on",
            owner="fostering social worker",
            documents=(),
            due=timescale.after(decision.date),
            done=decision.carers_told_on,
            unit=timescale.unit,
            overdue="warning",
            late="info",
            fix="Tell the carers the decision now, then record the day in decision.carers_told_on.",
        )
    rule = "carers-told-in-writing"
    if _on(context, rule):
        timescale = context.profile.timescale(rule)
        sent = context.sent_on("letter-carers")
        yield Deadline(
            rule=rule,
            what="Sending the carers the ADM's decision in writing",
            measure=f"within {timescale} of the decision on {decided}",
            field="decision.arrangement_confirmed_on",
            owner="business support",
            documents=("letter-carers",),
            due=timescale.after(decision.date),
            done=sent[0] if sent else decision.arrangement_confirmed_on,
            unit=timescale.unit,
            overdue="warning",
            late="info",
            fix="Send the carers' decision letter and record it: permdocs sent CASE_DIR"
            " letter-carers --to NAMES --by post (or record the day in"
            " decision.arrangement_confirmed_on).",
        )
