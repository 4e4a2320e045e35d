"""Siblings matched together: their case files must agree, since the panel hears them as one item.

Each child in a sibling group matched with the same carers has their own case file and papers,
but the panel considers the group at the same time, as one item (Southwark). So the
linked case files must name the same carers and the same matching meeting, panel and item, and
in the end the same decision; each difference is named, with both values. A linked file that
cannot be read, or that does not link back, is said too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from ..model import Case
from ..model.fields import Owner, label_of
from ..policy.calendar import long_date
from ..policy.conditions import Context, LinkedSibling
from ..policy.documents import LETTER_KIND_NAMES
from ..policy.rules import SOUTHWARK
from .findings import Finding, Severity

CODES: dict[str, str] = {
    "sibling-case-unreadable": "A linked sibling's case file cannot be read, so the panel item"
    " cannot be checked.",
    "sibling-case-differs": "A linked sibling's case file disagrees about the match (carers,"
    " matching meeting, panel or decision).",
    "sibling-case-not-linked-back": "A linked sibling's case file does not link back to this case.",
}

SOURCE = (
    f"{SOUTHWARK}: siblings matched with the same carers go to panel as one item, considered at"
    " the same time"
)
_PANEL_PAPERS = ("panel-front-sheet", "panel-checklist")


@dataclass(frozen=True)
class _Aspect:
    """One thing the linked cases must agree on."""

    path: str
    what: str
    value: Callable[[Case], str]
    severity: Severity
    documents: tuple[str, ...]
    owner: Owner


def _carers(case: Case) -> str:
    carers = case.carers
    if carers is None:
        return "no carers recorded"
    names = " and ".join(sorted(carer.full_name for carer in carers.carers))
    return f"{names} ({carers.route}, reference {carers.reference or 'not recorded'})"


def _date(value: date | None) -> str:
    return long_date(value) if value is not None else "not recorded"


def _decision(case: Case) -> str:
    decision = case.decision
    if decision is None:
        return "no decision recorded"
    return f"{decision.outcome} on {long_date(decision.date)}"


ASPECTS: tuple[_Aspect, ...] = (
    _Aspect(
        "carers",
        "the carers",
        _carers,
        "blocker",
        ("matching-report-part3", *_PANEL_PAPERS),
        "fostering social worker",
    ),
    _Aspect(
        "matching_meeting.date",
        "the matching meeting",
        lambda case: _date(case.matching_meeting.date),
        "blocker",
        ("matching-report-part3", "matching-meeting-record", *_PANEL_PAPERS),
        "fostering social worker",
    ),
    _Aspect(
        "panel.date",
        "the panel date",
        lambda case: _date(case.panel.date),
        "blocker",
        _PANEL_PAPERS,
        "panel adviser",
    ),
    _Aspect(
        "panel.item_number",
        "the panel item number",
        lambda case: case.panel.item_number or "not recorded",
        "blocker",
        _PANEL_PAPERS,
        "panel adviser",
    ),
    _Aspect(
        "decision",
        "the ADM's decision",
        _decision,
        "warning",
        LETTER_KIND_NAMES,
        "ADM",
    ),
)


def check_siblings(context: Context) -> list[Finding]:
    return [finding for link in context.linked for finding in _check_link(context, link)]


def _check_link(context: Context, link: LinkedSibling) -> Iterator[Finding]:
    case = context.case
    sibling = case.siblings[link.index]
    path = f"siblings[{link.index}].linked_case"
    if link.case is None:
        yield Finding(
            code="sibling-case-unreadable",
            severity="warning",
            documents=_PANEL_PAPERS,
            field=path,
            label=label_of(path),
            owner="child's social worker",
            message=f"{sibling.name}'s case file ({link.reference}) in {link.folder} cannot be"
            f" read: {link.problem.rstrip('.')}. The panel item cannot be checked against it.",
            fix=f"Check {path}.folder points at {sibling.name}'s case folder (relative to this"
            " case's folder), then run permdocs check on that folder and correct what it reports.",
            source=SOURCE,
        )
        return
    other = link.case
    if other.reference != link.reference:
        yield Finding(
            code="sibling-case-differs",
            severity="blocker",
            documents=_PANEL_PAPERS,
            field=f"{path}.reference",
            label=label_of(f"{path}.reference"),
            owner="child's social worker",
            message=f"{sibling.name}'s case is named {link.reference} here, but the case file in"
            f" {link.folder} is {other.reference}.",
            fix=f"Correct {path}.reference or {path}.folder so both name {sibling.name}'s own"
            " case file.",
            source=SOURCE,
        )
    for aspect in ASPECTS:
        mine, theirs = aspect.value(case), aspect.value(other)
        if mine == theirs:
            continue
        yield Finding(
            code="sibling-case-differs",
            severity=aspect.severity,
            documents=aspect.documents,
            field=aspect.path,
            label=label_of(aspect.path),
            owner=aspect.owner,
            message=f"{case.child.known_as} and {sibling.name} are matched together, but their"
            f" case files disagree about {aspect.what}: {mine} in {case.reference}, {theirs} in"
            f" {other.reference}.",
            fix=f"Correct {aspect.path} in whichever case file is wrong, so the two papers the"
            " panel reads as one item say the same.",
            source=SOURCE,
        )
    if not any(
        back.linked_case is not None and back.linked_case.reference == case.reference
        for back in other.siblings
    ):
        yield Finding(
            code="sibling-case-not-linked-back",
            severity="warning",
            documents=_PANEL_PAPERS,
            field=path,
            label=label_of(path),
            owner="child's social worker",
            message=f"{sibling.name}'s case file ({other.reference}) does not name this case"
            f" ({case.reference}) under its siblings' linked_case, so its papers will not name"
            f" {case.child.known_as} as part of the same panel item.",
            fix=f"In {other.reference}'s case file, add linked_case (reference {case.reference}"
            " and the folder) to its entry for this child under siblings.",
            source=SOURCE,
        )
