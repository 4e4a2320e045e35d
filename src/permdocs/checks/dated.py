"""Documents true to their own date: what a paper prints, or leaves out, that is dated after it.

Each document is dated (``policy.dating``) and shows the case as it stood that day
(``render.as_at``): a review held later is left out, a school started later is not named. Two
things are worth telling the author:

- ``dated.printed-after`` (warning): a value the document prints anyway although it is dated
  after the document, because the case holds no earlier one (a care plan dated after the
  referral, a paper attached for panel dated after the front sheet);
- ``dated.left-out`` (warning): a value the document must carry on its date was left out,
  because the only one recorded is dated later (the school on a referral written before the
  child started there).

A document already sent is a record and is not judged again here (``checks.records`` says when
the case has changed since).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ..model.fields import label_of, owner_of
from ..policy.calendar import long_date
from ..policy.conditions import CONDITIONS, Context, holds
from ..policy.dating import BUILD_DATE, SENT_RECORD, dating
from ..policy.documents import LETTERS, REPORTS, DocumentKind
from .findings import Finding

CODES: dict[str, str] = {
    "dated.letter-before-decision": "A final decision letter would be dated before the decision"
    " it reports.",
    "dated.printed-after": "A value a document prints is dated after the document's own date.",
    "dated.left-out": "A value a document must carry is dated after the document's own date, so"
    " the document leaves it out.",
}

# permdocs' own rule, with no public citation to give (sources are published citations only).
SOURCE = ""


@dataclass(frozen=True)
class DatedValue:
    """A value a document shows, and the date it comes from."""

    path: str
    when: date
    what: str
    """How the message names it: "the care plan dated 15 January 2026"."""


def check_dated(context: Context, *, sent: frozenset[str] = frozenset()) -> list[Finding]:
    """Findings for every report that applies and is not in ``sent`` (its kind's name)."""
    findings: list[Finding] = []
    for kind in REPORTS:
        if kind.kind in sent or not holds(kind.when, context):
            continue
        dated = dating(context, kind.kind)
        day = dated.dated
        document = f"“{kind.title}”"
        since = "" if dated.source == BUILD_DATE else f" (from {dated.source})"
        for value in _printed(context, kind.kind):
            if value.when <= day:
                continue
            findings.append(
                Finding(
                    code="dated.printed-after",
                    severity="warning",
                    documents=(kind.kind,),
                    field=value.path,
                    label=label_of(value.path),
                    owner=owner_of(value.path),
                    message=f"{document} is dated {long_date(day)}{since}, but prints"
                    f" {value.what}, which is later: the paper shows something that did not yet"
                    " exist on its date.",
                    fix=f"Check {value.path} and the document's date; if both are right, record"
                    " why in the paper's text or date the document after it.",
                    source=SOURCE,
                )
            )
        as_then = Context(case=context.case, profile=context.profile, as_of=day)
        for value in _left_out(as_then, kind):
            findings.append(
                Finding(
                    code="dated.left-out",
                    severity="warning",
                    documents=(kind.kind,),
                    field=value.path,
                    label=label_of(value.path),
                    owner=owner_of(value.path),
                    message=f"{document} is dated {long_date(day)}{since} and must show"
                    f" {value.what}, but the one recorded is from"
                    f" {long_date(value.when)}, later, so the paper leaves it out.",
                    fix="Add what held on the document's date to the paper's text, or check"
                    f" {value.path} and the document's date.",
                    source=SOURCE,
                )
            )
    return findings


def check_letter_dates(
    context: Context, *, sent_on: dict[str, date] | None = None
) -> list[Finding]:
    """A blocker for each letter that would be dated before the decision it reports: a letter
    must never tell its reader of a decision made after its own date. ``sent_on`` gives, by
    kind, the day a letter was recorded as sent (its date)."""
    decision = context.case.decision
    if decision is None:
        return []
    findings: list[Finding] = []
    for kind in LETTERS:
        if not holds(kind.when, context):
            continue
        dated = dating(context, kind.kind, sent_on=(sent_on or {}).get(kind.kind))
        if dated.dated >= decision.date:
            continue
        field = "decision.date" if dated.source in (BUILD_DATE, SENT_RECORD) else dated.source
        whence = "the build's date" if dated.source == BUILD_DATE else dated.source
        findings.append(
            Finding(
                code="dated.letter-before-decision",
                severity="blocker",
                documents=(kind.kind,),
                field=field,
                label=label_of(field),
                owner="business support",
                message=f"“{kind.title}” would be dated {long_date(dated.dated)} ({whence}),"
                f" before the decision it reports ({long_date(decision.date)}): a letter must"
                " never report a decision made after its own date.",
                fix="Make the letters on or after the decision's date (--as-of), or correct"
                f" decision.date or {field if field != 'decision.date' else 'the letter date'}.",
                source=SOURCE,
            )
        )
    return findings


def _printed(context: Context, kind: str) -> Iterator[DatedValue]:
    """The dated values ``kind`` prints whatever their date (nothing earlier is recorded)."""
    case = context.case
    plan = case.care_plan.plan_date
    if kind in ("ppm-referral", "matching-report-part2") and plan is not None:
        yield DatedValue("care_plan.plan_date", plan, f"the care plan dated {long_date(plan)}")
    minutes = case.ppm.minutes_received
    if kind == "matching-report-part2" and minutes is not None and case.ppm.minutes_summary:
        yield DatedValue(
            "ppm.minutes_received",
            minutes,
            f"a summary of the PPM minutes received on {long_date(minutes)}",
        )
    if kind in ("panel-front-sheet", "panel-checklist"):
        meeting = case.matching_meeting
        for part, on in (("2", meeting.part2_completed_on), ("3", meeting.part3_completed_on)):
            if on is not None:
                yield DatedValue(
                    f"matching_meeting.part{part}_completed_on",
                    on,
                    f"Part {part} of the matching meeting report, completed on {long_date(on)}",
                )
        for index, attachment in enumerate(case.attachments):
            if attachment.date is not None:
                yield DatedValue(
                    f"attachments[{index}].date",
                    attachment.date,
                    f"the paper “{attachment.title}” dated {long_date(attachment.date)}",
                )


def _left_out(context: Context, kind: DocumentKind) -> Iterator[DatedValue]:
    """Values ``kind`` must carry on its date (``context.as_of``) whose only record is later."""
    case = context.case
    day = context.as_of
    required = {
        requirement.path
        for requirement in kind.requirements
        if holds([name for name in requirement.when if not CONDITIONS[name].item], context)
    }
    education = case.child.education
    started = education.school_since
    if "child.education.school" in required and education.school and started and started > day:
        yield DatedValue("child.education.school_since", started, "the child's school")
    carers = case.carers
    if carers is not None:
        approval = carers.approval
        for path, when, what in (
            ("carers.approval.approved_on", approval.approved_on, "the carers' approval"),
            (
                "carers.approval.last_annual_review",
                approval.last_annual_review,
                "the carers' last annual review",
            ),
        ):
            if path in required and when is not None and when > day:
                yield DatedValue(path, when, what)
    reviews = case.child.lac_reviews
    if "child.lac_reviews" in required and any(
        review.recommended_permanent_fostering for review in reviews
    ):
        held = [r for r in reviews if r.recommended_permanent_fostering and r.date <= day]
        if not held:
            first = next(r.date for r in reviews if r.recommended_permanent_fostering)
            yield DatedValue(
                "child.lac_reviews",
                first,
                "the LAC review that recommended permanent fostering",
            )
