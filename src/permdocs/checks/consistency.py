"""Consistency: dates in process order, ages, who is invited and signs, and the policy rules that
are about the shape of the case rather than a deadline (long-term placement conditions, under-13s
to panel, siblings assessed before they are kept apart)."""

from __future__ import annotations

import re
from datetime import date

from ..model.fields import Owner, done_dates, label_of, owner_of
from ..policy.calendar import age_on, long_date
from ..policy.conditions import Context, adoption_considered, child_age, holds, school_age
from ..policy.documents import LETTER_KIND_NAMES, documents_using
from ..policy.rules import LONDON, SOUTHWARK, get_rule
from .findings import Finding, Severity
from .wording import in_file, place

CODES: dict[str, str] = {
    "dates-out-of-order": "Two process dates are in the wrong order.",
    "recorded-date-in-future": "A date recording something done is after the as-of date.",
    "adult-at-panel": "The young person is 18 or over at panel or decision.",
    "ppm-invitee-missing": "Someone who must be invited to the PPM is not on the list.",
    "sign-offs-incomplete": "The matching meeting lacks sign-off by both social workers and"
    " their managers.",
    "long-term-placement.plan-not-fostering": "The care plan's permanence plan is not permanent"
    " fostering.",
    "long-term-placement.no-commitment": "The carers have not agreed to care until the child"
    " leaves care.",
    "long-term-placement.not-confirmed": "The ADM agreed the match, but no date is recorded for"
    " the council confirming the arrangement to the carers, the child and the birth parents.",
    "under-13-to-panel.no-panel": "A child under 13 is not going to panel and no reason is"
    " recorded.",
    "siblings-apart-assessed.after-matching": "A sibling assessment is dated after the matching"
    " meeting that kept the siblings apart.",
}

_MATCH_PAPERS = (
    "matching-report-part2",
    "matching-report-part3",
    "panel-front-sheet",
    "panel-checklist",
)
_OPTION_WORDS = {
    "return-home": "return home",
    "connected-persons": "connected persons",
    "adoption": "adoption",
    "special-guardianship-order": "a special guardianship order",
    "child-arrangements-order": "a child arrangements order",
    "permanent-fostering": "permanent fostering",
    "residential": "residential care",
}


def check_consistency(context: Context) -> list[Finding]:
    return [
        *_dates_in_order(context),
        *_dates_not_in_future(context),
        *_adult_at_panel(context),
        *_ppm_invitees(context),
        *_sign_offs(context),
        *_long_term_placement(context),
        *_under_13_to_panel(context),
        *_siblings_assessed(context),
    ]


# --- dates -------------------------------------------------------------------------------------

_DatePair = tuple[str, date | None, str, date | None, str, Severity]


def _date_pairs(context: Context) -> list[_DatePair]:
    case = context.case
    child = case.child
    reviews = child.lac_reviews
    decided = case.decision.date if case.decision is not None else None
    permanent = case.decision.permanent_from if case.decision is not None else None
    confirmed = case.decision.arrangement_confirmed_on if case.decision is not None else None
    approved = case.carers.approval.approved_on if case.carers is not None else None
    meeting = case.matching_meeting.date
    panel = case.panel
    pairs: list[_DatePair] = []
    if reviews:
        pairs.append(
            (
                "child.looked_after_since",
                child.looked_after_since,
                "child.lac_reviews[0].date",
                reviews[0].date,
                "a child's first LAC review comes after they become looked after",
                "blocker",
            )
        )
    pairs += [
        (
            f"child.lac_reviews[{i}].date",
            reviews[i].date,
            f"child.lac_reviews[{i + 1}].date",
            reviews[i + 1].date,
            "LAC reviews are listed oldest first",
            "blocker",
        )
        for i in range(len(reviews) - 1)
    ]
    pairs += [
        (
            "child.looked_after_since",
            child.looked_after_since,
            "child.current_placement.since",
            child.current_placement.since if child.current_placement is not None else None,
            "a child is placed by the council on or after the day they become looked after",
            "warning",
        ),
        (
            "child.looked_after_since",
            child.looked_after_since,
            "ppm.meeting_date",
            case.ppm.meeting_date,
            "a Permanency Planning Meeting is held for a child who is looked after",
            "blocker",
        ),
        (
            "ppm.referral_date",
            case.ppm.referral_date,
            "ppm.meeting_date",
            case.ppm.meeting_date,
            "the PPM referral is made before the meeting",
            "blocker",
        ),
        (
            "ppm.referral_date",
            case.ppm.referral_date,
            "ppm.manager_authorised_on",
            case.ppm.manager_authorised_on,
            "the team manager authorises a referral once it is written",
            "warning",
        ),
        (
            "matching_meeting.part2_completed_on",
            case.matching_meeting.part2_completed_on,
            "matching_meeting.part2_agreed_on",
            case.matching_meeting.part2_agreed_on,
            "the team manager agrees Part 2 once the social worker has completed it",
            "warning",
        ),
        (
            "matching_meeting.part3_completed_on",
            case.matching_meeting.part3_completed_on,
            "matching_meeting.part3_agreed_on",
            case.matching_meeting.part3_agreed_on,
            "the manager agrees Part 3 once the supervising social worker has completed it",
            "warning",
        ),
        (
            "ppm.meeting_date",
            case.ppm.meeting_date,
            "ppm.minutes_received",
            case.ppm.minutes_received,
            "minutes are received after the meeting",
            "blocker",
        ),
        (
            "ppm.meeting_date",
            case.ppm.meeting_date,
            "matching_meeting.date",
            meeting,
            "the matching meeting follows the Permanency Planning Meeting",
            "blocker",
        ),
        (
            "carers.approval.approved_on",
            approved,
            "matching_meeting.date",
            meeting,
            "carers are approved before they are matched with a child",
            "blocker",
        ),
        (
            "matching_meeting.date",
            meeting,
            "panel.date",
            panel.date,
            "the panel hears the match after the matching meeting",
            "blocker",
        ),
        (
            "panel.papers_sent_on",
            panel.papers_sent_on,
            "panel.date",
            panel.date,
            "panel papers are sent before the panel sits",
            "blocker",
        ),
        (
            "panel.date",
            panel.date,
            "panel.final_minutes_received",
            panel.final_minutes_received,
            "the panel's minutes follow the panel",
            "blocker",
        ),
        (
            "matching_meeting.date",
            meeting,
            "decision.date",
            decided,
            "the ADM decides after the matching meeting",
            "blocker",
        ),
        (
            "panel.date",
            panel.date,
            "decision.date",
            decided,
            "the ADM decides after the panel's recommendation",
            "blocker",
        ),
        (
            "panel.final_minutes_received",
            panel.final_minutes_received,
            "decision.date",
            decided,
            "the ADM should decide on the final panel minutes, not before receiving them",
            "warning",
        ),
        (
            "decision.date",
            decided,
            "decision.permanent_from",
            permanent,
            "a placement cannot become permanent before the decision that makes it so",
            "blocker",
        ),
        (
            "decision.date",
            decided,
            "decision.arrangement_confirmed_on",
            confirmed,
            "the council confirms the arrangement only once the ADM has decided it",
            "warning",
        ),
    ]
    pairs += [
        (
            f"panel.previous_appearances[{i}].date",
            earlier.date,
            "panel.date",
            panel.date,
            "a previous panel appearance comes before this panel",
            "blocker",
        )
        for i, earlier in enumerate(panel.previous_appearances)
    ]
    return pairs


def _dates_in_order(context: Context) -> list[Finding]:
    findings: list[Finding] = []
    for first, first_date, second, second_date, rule, severity in _date_pairs(context):
        if first_date is None or second_date is None or first_date <= second_date:
            continue
        documents = tuple(dict.fromkeys((*documents_using(first), *documents_using(second))))
        findings.append(
            Finding(
                code="dates-out-of-order",
                severity=severity,
                documents=documents,
                field=second,
                label=label_of(second),
                owner=owner_of(second),
                message=f"{_capital(place(second, context.case))} ({long_date(second_date)}) is"
                f" before {place(first, context.case)} ({long_date(first_date)}), but {rule}."
                " One of the two dates is wrong.",
                fix=f"Check {in_file(first, context.case)} and {in_file(second, context.case)}"
                " against the records and correct the wrong one.",
                source="",
            )
        )
    return findings


def _dates_not_in_future(context: Context) -> list[Finding]:
    findings: list[Finding] = []
    # Every field typed DoneDate in the model (model.fields.done_dates), not a list kept here.
    for path, when in done_dates(context.case):
        if when <= context.as_of:
            continue
        findings.append(
            Finding(
                code="recorded-date-in-future",
                severity="warning",
                documents=documents_using(path),
                field=path,
                label=label_of(path),
                owner=owner_of(path),
                message=f"{_capital(place(path, context.case))} is {long_date(when)}, after"
                f" {long_date(context.as_of)}: it records something that has happened, so it"
                " cannot be in the future.",
                fix=f"Correct {in_file(path, context.case)}, or leave it out until it has"
                " happened.",
            )
        )
    return findings


# --- ages, invitations, sign-off ---------------------------------------------------------------


def _adult_at_panel(context: Context) -> list[Finding]:
    case = context.case
    findings: list[Finding] = []
    decided = case.decision.date if case.decision is not None else None
    for path, when in (("panel.date", case.panel.date), ("decision.date", decided)):
        if when is None:
            continue
        age = age_on(case.child.date_of_birth, when)
        if age < 18:
            continue
        findings.append(
            Finding(
                code="adult-at-panel",
                severity="blocker",
                documents=(*_MATCH_PAPERS, *LETTER_KIND_NAMES)
                if path == "decision.date"
                else _MATCH_PAPERS,
                field=path,
                label=label_of(path),
                owner=owner_of(path),
                message=f"{case.child.known_as} is {age} on {long_date(when)}"
                f" ({in_file(path, case)}):"
                " permanent fostering is for children, and at 18 a young person leaves care.",
                fix="Check the child's date of birth and this date. If both are right, talk to the"
                " leaving care team about Staying Put instead of a permanent fostering match.",
                source="Children Act 1989, s 105 (a child is a person under 18)",
            )
        )
    return findings


# Who must be invited to the PPM, each recognised by the words people write in its role.
_INVITEE_ROLES: dict[str, re.Pattern[str]] = {
    "the foster carers": re.compile(r"carer"),
    "the carers' supervising social worker": re.compile(r"supervising|fostering social worker"),
    "the IRO": re.compile(r"\biro\b|independent reviewing"),
    "health (such as the looked after children nurse)": re.compile(
        r"health|nurse|doctor|paediatric"
    ),
    "education (such as the designated teacher or the Virtual School)": re.compile(
        r"education|teacher|school|senco"
    ),
    "the adoption agency": re.compile(r"adopt"),
}


def _ppm_invitees(context: Context) -> list[Finding]:
    """The PPM's invitation list has someone in each role that must be invited: the carers and
    their supervising social worker, the IRO and health always; education for a child of school
    age; the adoption agency when the child is under 7 or adoption is a parallel plan."""
    case = context.case
    roles = [invitee.role.casefold() for invitee in case.ppm.invitees]
    if not roles:
        return []  # an empty list is a missing field, reported by the requirements
    must = "they must be invited"
    wanted: list[tuple[str, str]] = [
        ("the foster carers", must),
        ("the carers' supervising social worker", must),
        ("the IRO", must),
        ("health (such as the looked after children nurse)", must),
    ]
    if school_age(context):
        wanted.append(
            (
                "education (such as the designated teacher or the Virtual School)",
                f"{must} because the child is of school age",
            )
        )
    if child_age(context) < 7 or adoption_considered(context):
        wanted.append(
            (
                "the adoption agency",
                f"{must} because the child is under 7 or adoption is being considered",
            )
        )
    return [
        Finding(
            code="ppm-invitee-missing",
            severity="warning",
            documents=("ppm-referral",),
            field="ppm.invitees",
            label=label_of("ppm.invitees"),
            owner="child's social worker",
            message=f"No one with the role of {who} is on the PPM invitation list; {reason}.",
            fix=f"Add {who} under ppm.invitees (name and role), or check the roles written there.",
            source=f"{LONDON}: who is invited to a Permanency Planning Meeting; {SOUTHWARK}:"
            " health and education at the Permanency Planning Meeting",
        )
        for who, reason in wanted
        if not any(_INVITEE_ROLES[who].search(role) for role in roles)
    ]


def _sign_offs(context: Context) -> list[Finding]:
    sign_offs = context.case.matching_meeting.sign_offs
    if not sign_offs or len(sign_offs) >= 4:
        return []
    return [
        Finding(
            code="sign-offs-incomplete",
            severity="warning",
            documents=("matching-report-part3",),
            field="matching_meeting.sign_offs",
            label=label_of("matching_meeting.sign_offs"),
            owner="fostering social worker",
            message=f"The matching meeting report has {len(sign_offs)} sign-off(s); it needs four:"
            " the child's social worker, the supervising social worker, and each one's manager.",
            fix="Add the missing sign-offs (role, name, date) under matching_meeting.sign_offs.",
            source="",
        )
    ]


# --- policy rules ------------------------------------------------------------------------------


def _long_term_placement(context: Context) -> list[Finding]:
    rule = "long-term-placement"
    if not context.profile.rule_enabled(rule):
        return []
    case = context.case
    findings: list[Finding] = []
    plan = case.care_plan.permanence_plan
    if plan is not None and plan != "permanent-fostering":
        findings.append(
            Finding(
                code=f"{rule}.plan-not-fostering",
                severity="blocker",
                documents=_MATCH_PAPERS,
                field="care_plan.permanence_plan",
                label=label_of("care_plan.permanence_plan"),
                owner="child's social worker",
                message=f"The care plan's permanence plan is {_OPTION_WORDS.get(plan, plan)}."
                " A permanent (long-term) fostering match needs fostering to be the permanence"
                " plan in the care plan.",
                fix="If the plan has changed to permanent fostering, update"
                " care_plan.permanence_plan after the LAC review that agreed it; otherwise this"
                " match should not go forward.",
                source=get_rule(rule).source,
            )
        )
    if case.carers is not None and case.carers.commitment_until_leaves_care is False:
        findings.append(
            Finding(
                code=f"{rule}.no-commitment",
                severity="blocker",
                documents=("matching-report-part3", "panel-front-sheet"),
                field="carers.commitment_until_leaves_care",
                label=label_of("carers.commitment_until_leaves_care"),
                owner="fostering social worker",
                message="The carers have not agreed to care for the child until they leave care."
                " A long-term foster placement needs that commitment.",
                fix="Talk with the carers; record true in carers.commitment_until_leaves_care once"
                " they commit, or consider long-term (not permanent) fostering instead.",
                source=get_rule(rule).source,
            )
        )
    findings += _arrangement_confirmed(context)
    return findings


# The people the council confirms a long-term placement to, and the letters that do it.
_CONFIRMATION_LETTERS = ("letter-carers", "letter-child", "letter-birth-parent")


def _arrangement_confirmed(context: Context) -> list[Finding]:
    """An agreed match is a long-term placement only once the council has confirmed it to the
    carers, the child and the birth parents: owed (a note) from the decision, overdue (a warning)
    once the placement's permanent date has passed."""
    rule = "long-term-placement"
    decision = context.case.decision
    if decision is None or decision.outcome != "agreed":
        return []
    if decision.arrangement_confirmed_on is not None:
        return []
    owed, sent = _confirmation_owed(context)
    if not owed:
        return []  # every confirmation letter is recorded as sent
    path = "decision.arrangement_confirmed_on"
    permanent = decision.permanent_from
    overdue = permanent is not None and permanent < context.as_of
    severity: Severity = "warning" if overdue else "info"
    what = f"The ADM agreed the match on {long_date(decision.date)}"
    if permanent is None:
        what += ". No date is recorded yet"
    elif overdue:
        what += f" and the placement became permanent on {long_date(permanent)}, but no date is"
        what += " recorded"
    else:
        what += f" and the placement becomes permanent on {long_date(permanent)}. No date is"
        what += " recorded yet"
    return [
        Finding(
            code=f"{rule}.not-confirmed",
            severity=severity,
            documents=_CONFIRMATION_LETTERS,
            field=path,
            label=label_of(path),
            owner="business support",
            message=f"{what} for the council confirming the arrangement in writing to the carers,"
            " the child and the birth parents. A long-term foster placement needs that"
            f" confirmation.{sent}",
            fix="Send the decision letters to the carers, the child and each birth parent who is"
            " to receive one (run permdocs letters on the case folder to make them; a child too"
            " young for a letter is told in person), then record the date they went out in"
            f" {path}.",
            source=get_rule(rule).source,
        )
    ]


def _confirmation_owed(context: Context) -> tuple[list[str], str]:
    """Who the arrangement is still to be confirmed to, judged from the letters recorded as
    sent (``permdocs sent``), and a sentence about those that are."""
    case = context.case
    needed: list[tuple[str, str, int]] = []
    if case.carers is not None:
        needed.append(("letter-carers", "the carers", 1))
    if holds(("child-receives-letter",), context):
        needed.append(("letter-child", "the child", 1))
    if holds(("letters-to-birth-parents",), context):
        parents = sum(
            1 for parent in case.birth_parents if holds(("parent-gets-letter",), context, parent)
        )
        if parents:
            needed.append(("letter-birth-parent", "each birth parent written to", parents))
    owed = [who for kind, who, count in needed if len(context.sent_on(kind)) < count]
    done = [who for kind, who, count in needed if len(context.sent_on(kind)) >= count]
    if not context.sent or not done:
        return owed, ""
    return (
        owed,
        f" The letters to {' and '.join(done)} are recorded as sent; still to send: {' and '.join(owed)}.",
    )


def _under_13_to_panel(context: Context) -> list[Finding]:
    rule = "under-13-to-panel"
    case = context.case
    panel = case.panel
    if not context.profile.rule_enabled(rule) or panel.date is not None:
        return []
    if (panel.reason_not_to_panel or "").strip():
        return []
    meeting = case.matching_meeting.date
    decision = case.decision
    if decision is not None:
        on = decision.date
    elif meeting is not None and meeting <= context.as_of:
        on = meeting
    else:
        return []  # too early to say whether the match will go to panel
    age = child_age(context, on)
    if age >= 13:
        return []
    decided = decision is not None
    severity: Severity = "blocker" if decided else "warning"
    owner: Owner = "child's social worker"
    what = "The ADM has decided" if decided else "The matching meeting has been held"
    return [
        Finding(
            code=f"{rule}.no-panel",
            severity=severity,
            documents=LETTER_KIND_NAMES if decided else ("panel-front-sheet",),
            field="panel.reason_not_to_panel",
            label=label_of("panel.reason_not_to_panel"),
            owner=owner,
            message=f"{what}, but {case.child.known_as} ({age} on {long_date(on)}) has no panel"
            " date and no reason is recorded for not going to panel. Children under 13 go to"
            " panel unless there is a recorded reason.",
            fix="Book the match into panel (panel.date), or record why panel is not right for"
            " this child in panel.reason_not_to_panel.",
            source=get_rule(rule).source,
        )
    ]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _siblings_assessed(context: Context) -> list[Finding]:
    rule = "siblings-apart-assessed"
    case = context.case
    meeting = case.matching_meeting.date
    if not context.profile.rule_enabled(rule) or meeting is None:
        return []
    findings: list[Finding] = []
    for index, sibling in enumerate(case.siblings):
        assessed = sibling.sibling_assessment_date
        if sibling.placed_together is not False or assessed is None or assessed <= meeting:
            continue
        path = f"siblings[{index}].sibling_assessment_date"
        findings.append(
            Finding(
                code=f"{rule}.after-matching",
                severity="warning",
                documents=("matching-report-part2", "panel-checklist"),
                field=path,
                label=label_of(path),
                owner="child's social worker",
                message=f"The sibling assessment for {sibling.name} is dated"
                f" {long_date(assessed)}, after the matching meeting on {long_date(meeting)} that"
                " agreed a plan keeping them apart. Siblings are placed apart only after a sibling"
                " assessment.",
                fix="Check the date; if it is right, make sure the panel sees the assessment and"
                " the matching meeting's decision is reviewed in its light.",
                source=get_rule(rule).source,
            )
        )
    return findings
