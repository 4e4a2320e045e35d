"""Rules that belong to one route to a permanent match, or to one kind of arrangement in it.

- **Connected persons**: carers approved temporarily under regulation 24 have 16 weeks, which may
  be extended once by up to 8 weeks (regulation 25), to be fully approved.
- **Respite**: in a permanent placement the child is a member of the family, so respite is for
  exceptional cases only, where it helps the child, and is reviewed (Milton Keynes).
  Planned respite in a permanent match is a warning, so the panel hears why.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from ..model.fields import label_of
from ..policy.calendar import long_date
from ..policy.conditions import Context
from ..policy.rules import CARE_PLANNING_REGS, MILTON_KEYNES
from .findings import Finding

CODES: dict[str, str] = {
    "respite-planned": "Respite is planned in a permanent match, which the procedures allow only"
    " exceptionally, agreed and reviewed.",
    "temporary-approval-lapsed": "A connected person's temporary approval (regulation 24) ran"
    " out before their full approval.",
}

REGS = f"{CARE_PLANNING_REGS}, regs 24 and 25"
RESPITE_SOURCE = f"{MILTON_KEYNES}: respite in a permanent placement"
TEMPORARY_WEEKS = 16


def check_routes(context: Context) -> list[Finding]:
    return [*_respite(context), *_temporary_approval(context)]


def _respite(context: Context) -> Iterator[Finding]:
    carers = context.case.carers
    if carers is None or carers.planned_respite is None:
        return
    respite = carers.planned_respite
    missing = [
        what
        for what, value in (
            ("why it helps the child", respite.reason),
            ("when it is reviewed", respite.review_on),
        )
        if value is None or (isinstance(value, str) and not value.strip())
    ]
    owed = f" Not recorded yet: {' and '.join(missing)}." if missing else ""
    arrangement = " ".join(respite.arrangement.split()).rstrip(".")
    yield Finding(
        code="respite-planned",
        severity="warning",
        documents=("matching-report-part3", "matching-meeting-record"),
        field="carers.planned_respite",
        label=label_of("carers.planned_respite"),
        owner="fostering social worker",
        message=f"Respite is planned in this permanent match: {arrangement}. In a permanent"
        " placement the child is a member of the family, so respite is for exceptional cases"
        f" only, where it helps the child and the placement, and is reviewed.{owed}",
        fix="Make sure Part 3 and the matching meeting record say why this respite helps the"
        " child (carers.planned_respite.reason) and when it is reviewed (review_on), so the panel"
        " can weigh it; if it is not needed, remove carers.planned_respite.",
        source=RESPITE_SOURCE,
    )


def _temporary_approval(context: Context) -> Iterator[Finding]:
    carers = context.case.carers
    if carers is None or carers.connected_person is None:
        return
    connected = carers.connected_person
    started = connected.temporary_approval_on
    if started is None:
        return
    ends = connected.temporary_approval_extended_to or started + timedelta(weeks=TEMPORARY_WEEKS)
    approved = carers.approval.approved_on
    if approved is not None and approved <= ends:
        return
    if approved is None and context.as_of <= ends:
        return
    path = "carers.approval.approved_on"
    when = (
        f"were fully approved on {long_date(approved)}"
        if approved is not None
        else "are not recorded as fully approved"
    )
    yield Finding(
        code="temporary-approval-lapsed",
        severity="warning",
        documents=("matching-report-part3",),
        field=path,
        label=label_of(path),
        owner="fostering social worker",
        message=f"The carers were temporarily approved on {long_date(started)}; that approval"
        f" ended on {long_date(ends)}, but they {when}.",
        fix="Check the approval dates (carers.approval.approved_on and"
        " carers.connected_person.temporary_approval_extended_to). If the approval did lapse,"
        " tell the fostering team manager: the child's placement needs another legal basis.",
        source=REGS,
    )
