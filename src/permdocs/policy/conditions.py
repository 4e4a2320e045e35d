"""Named conditions under which a document, a field or a paper is required.

The document registry and council profiles refer to conditions by name ("ifa-route",
"siblings-apart"), so a council can write ``when: ifa-route`` in YAML and the registry stays a
declaration rather than code. Each condition also says, in words, why something is needed, which
goes into the finding a social worker reads ("needed because the carers are agency carers").

Item conditions ("whereabouts-unknown") are tested against one list item, such as one birth
parent, when a requirement's path runs through a list (``birth_parents[*].address``).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import Case
from ..model.carers import HouseholdMember
from ..model.case import BirthParent, Sibling
from .calendar import add_months, age_on

if TYPE_CHECKING:
    from .profiles import Profile


@dataclass(frozen=True)
class LinkedSibling:
    """A brother's or sister's own case file, named by this case (``siblings[*].linked_case``)
    and read from its folder: the case, or why it could not be read."""

    index: int
    """The sibling's place in ``siblings``."""
    reference: str
    """The reference this case gives for it."""
    folder: Path
    case: Case | None
    problem: str = ""
    """Why the case could not be read ("" when it was)."""


@dataclass(frozen=True)
class Context:
    """What every check and condition is a function of: nothing else is read."""

    case: Case
    profile: Profile
    as_of: date
    sent: tuple[tuple[str, date], ...] = ()
    """(document kind, day) for each paper recorded as sent (its current version), from the
    case's record (``load.records``): letters are dated, and timescales judged, by it."""

    def sent_on(self, kind: str) -> list[date]:
        """The days papers of ``kind`` were sent, one per paper, earliest first."""
        return sorted(day for name, day in self.sent if name == kind)

    linked: tuple[LinkedSibling, ...] = ()
    """The linked siblings' cases, when this case was read from its folder (a sibling group
    matched with the same carers goes to panel as one item)."""


@dataclass(frozen=True)
class Condition:
    name: str
    because: str
    test: Callable[[Context, Any], bool]
    # An item condition needs the list item its requirement runs through.
    item: bool = False


def child_age(context: Context, on: date | None = None) -> int:
    return age_on(context.case.child.date_of_birth, on or context.as_of)


def reference_date_for_panel(context: Context) -> date:
    """The panel date when booked, otherwise the as-of date."""
    return context.case.panel.date or context.as_of


def previous_panel_within_year(context: Context) -> bool:
    reference = reference_date_for_panel(context)
    return any(
        earlier.date <= reference <= add_months(earlier.date, 12)
        for earlier in context.case.panel.previous_appearances
    )


def carers_newly_approved(context: Context) -> bool:
    """Approved as foster carers within the 12 months before panel (today, while no panel is
    booked): the panel reads their full assessment, not an update of it."""
    carers = context.case.carers
    if carers is None or carers.approval.approved_on is None:
        return False
    approved = carers.approval.approved_on
    return approved <= reference_date_for_panel(context) <= add_months(approved, 12)


def school_age(context: Context) -> bool:
    """Of school age: 4 or over on the most recent 1 September (English reception entry)."""
    today = context.as_of
    september = date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    return age_on(context.case.child.date_of_birth, september) >= 4


def adoption_considered(context: Context) -> bool:
    plan = context.case.care_plan
    return (
        plan.permanence_plan == "adoption"
        or plan.adm_adoption_decision_needed is True
        or any(
            option.option == "adoption" and option.outcome in ("pursued", "parallel")
            for option in plan.options_considered
        )
    )


def placed_elsewhere(context: Context) -> bool:
    """The child lives somewhere other than with the carers under ``carers``: family finding is
    looking for new carers, or the case records a current placement of its own."""
    case = context.case
    return case.ppm.family_finding.needed or case.child.current_placement is not None


def goes_to_panel(context: Context) -> bool:
    """False only when no panel is booked and a reason not to go to panel is recorded."""
    panel = context.case.panel
    return panel.date is not None or not (panel.reason_not_to_panel or "").strip()


def child_receives_letter(context: Context) -> bool:
    """As ``letters.child_receives_letter`` decides it: the case says so, or the child had reached
    the council's age on the decision date (today's age while no decision is recorded)."""
    if not context.profile.letters.to_child:
        return False
    chosen = context.case.child.receives_letter
    if chosen is not None:
        return chosen
    decision = context.case.decision
    on = decision.date if decision is not None else None
    return child_age(context, on) >= context.profile.letters.child_letter_min_age


def child_told_by_letter(context: Context) -> bool:
    """An agreed match is written to the child; a match not agreed, or a decision deferred, is
    told to the child in person first, and written only where the council's profile asks."""
    decision = context.case.decision
    if decision is None or decision.outcome == "agreed":
        return True
    return context.profile.letters.child_letter_when_not_agreed


def parent_gets_letter(context: Context, parent: BirthParent) -> bool:
    """A parent is written to when the case says so, their whereabouts are known, and they hold
    parental responsibility or the council's profile writes to parents without it."""
    if not (parent.receives_letter and parent.whereabouts_known):
        return False
    return (
        parent.parental_responsibility is not False
        or context.profile.letters.to_parents_without_parental_responsibility
    )


def _decision_is(outcome: str) -> Callable[[Context, Any], bool]:
    def test(context: Context, _item: Any) -> bool:
        decision = context.case.decision
        return decision is not None and decision.outcome == outcome

    return test


def _parent(item: Any) -> BirthParent:
    if not isinstance(item, BirthParent):
        raise TypeError("this condition applies to birth_parents[*] only")
    return item


def _member(item: Any) -> HouseholdMember:
    if not isinstance(item, HouseholdMember):
        raise TypeError("this condition applies to carers.household[*] only")
    return item


def member_age(context: Context, member: HouseholdMember) -> int | None:
    """A household member's age at panel (today's while no panel is booked), if known."""
    if member.date_of_birth is None:
        return None
    return age_on(member.date_of_birth, reference_date_for_panel(context))


def _at_least(age: int | None, years: int, *, unknown: bool) -> bool:
    return unknown if age is None else age >= years


def _sibling(item: Any) -> Sibling:
    if not isinstance(item, Sibling):
        raise TypeError("this condition applies to siblings[*] only")
    return item


_ALL: tuple[Condition, ...] = (
    Condition(
        "ifa-route",
        "the carers are independent fostering agency (IFA) carers",
        lambda c, _i: c.case.carers is not None and c.case.carers.route == "ifa",
    ),
    Condition(
        "connected-person-route",
        "the carers are connected persons (family and friends)",
        lambda c, _i: c.case.carers is not None and c.case.carers.route == "connected-person",
    ),
    Condition(
        "carers-newly-approved",
        "the carers were approved within the 12 months before panel, so the panel reads their"
        " full assessment",
        lambda c, _i: (
            carers_newly_approved(c)
            and c.case.carers is not None
            and c.case.carers.route != "connected-person"
        ),
    ),
    Condition(
        "carers-approved-before",
        "the carers were approved more than 12 months before panel, or their approval date is"
        " not recorded",
        lambda c, _i: c.case.carers is None or not carers_newly_approved(c),
    ),
    Condition(
        "temporary-approval-given",
        "the connected person carers were first approved temporarily (regulation 24)",
        lambda c, _i: (
            c.case.carers is not None
            and c.case.carers.connected_person is not None
            and c.case.carers.connected_person.temporary_approval_on is not None
        ),
    ),
    Condition(
        "siblings-apart",
        "a brother or sister lives apart from the child",
        lambda c, _i: any(s.placed_together is False for s in c.case.siblings),
    ),
    Condition(
        "previous-panel-within-12-months",
        "the child's case was at panel within the last 12 months",
        lambda c, _i: previous_panel_within_year(c),
    ),
    Condition(
        "family-finding-needed",
        "family finding is needed",
        lambda c, _i: c.case.ppm.family_finding.needed,
    ),
    Condition(
        "current-carers-keep-child",
        "the current carers are to keep the child (no family finding)",
        lambda c, _i: not c.case.ppm.family_finding.needed,
    ),
    Condition(
        "placed-elsewhere",
        "the child does not live with the carers who are to keep them yet (family finding is"
        " needed, or a current placement is recorded)",
        lambda c, _i: placed_elsewhere(c),
    ),
    Condition(
        "placed-with-the-carers",
        "the child already lives with the carers who are to keep them",
        lambda c, _i: not placed_elsewhere(c),
    ),
    Condition(
        "in-proceedings",
        "care proceedings are under way (interim care order)",
        lambda c, _i: c.case.child.legal_status == "interim-care-order",
    ),
    Condition(
        "school-age",
        "the child is of school age",
        lambda c, _i: school_age(c),
    ),
    Condition(
        "carers-approved-over-a-year",
        "the carers were approved more than a year ago",
        lambda c, _i: (
            c.case.carers is not None
            and c.case.carers.approval.approved_on is not None
            and add_months(c.case.carers.approval.approved_on, 12) < c.as_of
        ),
    ),
    Condition(
        "adoption-considered",
        "adoption is being considered",
        lambda c, _i: adoption_considered(c),
    ),
    Condition(
        "goes-to-panel",
        "the match goes to the fostering panel",
        lambda c, _i: goes_to_panel(c),
    ),
    Condition(
        "decision-recorded",
        "the ADM's decision is recorded",
        lambda c, _i: c.case.decision is not None,
    ),
    Condition("decision-agreed", "the ADM agreed the match", _decision_is("agreed")),
    Condition("decision-not-agreed", "the ADM did not agree the match", _decision_is("not-agreed")),
    Condition(
        "decision-deferred",
        "the ADM deferred the decision for more information",
        _decision_is("deferred"),
    ),
    Condition(
        "decision-not-agreed-or-deferred",
        "the ADM did not agree the match, or deferred the decision",
        lambda c, _i: c.case.decision is not None and c.case.decision.outcome != "agreed",
    ),
    Condition(
        "child-told-by-letter",
        "the decision is written to the child (an agreed match, or the council's profile writes"
        " to the child whatever the outcome)",
        lambda c, _i: child_told_by_letter(c),
    ),
    Condition(
        "director-letter",
        "the Director of Children's Services writes to the child and the carers",
        lambda c, _i: c.profile.letters.director_letter,
    ),
    Condition(
        "information-sheets",
        "the council gives the carers and the child an information sheet after the decision",
        lambda c, _i: c.profile.letters.information_sheets,
    ),
    Condition(
        "child-receives-letter",
        "the child is of an age and understanding to receive the decision letter",
        lambda c, _i: child_receives_letter(c),
    ),
    Condition(
        "letters-to-birth-parents",
        "the council writes to birth parents",
        lambda c, _i: c.profile.letters.to_birth_parents,
    ),
    Condition(
        "letters-to-agency",
        "the council writes to the fostering agency",
        lambda c, _i: c.profile.letters.to_agency,
    ),
    Condition(
        "copy-to-childs-social-worker",
        "the council copies the decision to the child's social worker",
        lambda c, _i: c.profile.letters.copy_to_childs_social_worker,
    ),
    Condition(
        "certificate",
        "the council gives the child a permanency certificate",
        lambda c, _i: c.profile.letters.certificate,
    ),
    # Item conditions.
    Condition(
        "parent-gets-letter",
        "this parent is to receive the decision letter, their whereabouts are known, and they hold"
        " parental responsibility or the council writes to parents without it",
        lambda c, i: parent_gets_letter(c, _parent(i)),
        item=True,
    ),
    Condition(
        "whereabouts-unknown",
        "this parent's whereabouts are unknown",
        lambda _c, i: not _parent(i).whereabouts_known,
        item=True,
    ),
    Condition(
        "old-enough-for-views",
        "this member of the household is old enough to give a view (4 or over at panel, or"
        " their age is not recorded)",
        lambda c, i: _at_least(member_age(c, _member(i)), 4, unknown=True),
        item=True,
    ),
    Condition(
        "adult-household-member",
        "this member of the household is an adult (18 or over at panel)",
        lambda c, i: _at_least(member_age(c, _member(i)), 18, unknown=False),
        item=True,
    ),
    Condition(
        "placed-apart",
        "this brother or sister lives apart from the child",
        lambda _c, i: _sibling(i).placed_together is False,
        item=True,
    ),
)

CONDITIONS: dict[str, Condition] = {condition.name: condition for condition in _ALL}
CASE_CONDITIONS: tuple[str, ...] = tuple(c.name for c in _ALL if not c.item)


def holds(names: Iterable[str], context: Context, item: Any = None) -> bool:
    """True when every named condition holds (no names: always)."""
    return all(CONDITIONS[name].test(context, item) for name in names)


def because(names: Iterable[str]) -> str:
    """The reasons in words, joined: "the carers are IFA carers and ..."."""
    return " and ".join(CONDITIONS[name].because for name in names)


def unknown_condition_message(name: str, allowed: Iterable[str]) -> str:
    options = list(allowed)
    guess = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    if guess:
        return f"unknown condition '{name}' (did you mean '{guess[0]}'?)"
    return f"unknown condition '{name}'; use one of: {', '.join(options)}"
