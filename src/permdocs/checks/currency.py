"""Currency: papers and statutory checks too old to put before a panel.

A council sets how old each may be at panel (``max_age`` in its profile: a sibling assessment,
a carer's enhanced DBS check or medical). Age is measured at the panel date, or the as-of date
while no panel is booked, since that is the day the panel reads the papers. Each is a warning: a
panel adviser asks for an update, but a paper a few weeks over a local limit does not stop the
papers going.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..model.fields import label_of
from ..policy.calendar import Timescale, long_date
from ..policy.conditions import Context, reference_date_for_panel
from ..policy.documents import Paper, paper_owner
from .findings import Finding

CODES: dict[str, str] = {
    "check-out-of-date": "A carer's (or an adult household member's) DBS check or medical is"
    " older at panel than the council allows.",
    "paper-out-of-date": "An attached paper is older at panel than the council allows.",
}

SOURCE = "The council's profile (max_age): how old a paper or check may be at panel"
_CHECK_NAMES = {"dbs-check": "enhanced DBS check", "medical": "medical"}


def check_currency(context: Context) -> list[Finding]:
    return [*_statutory_checks(context), *_papers(context)]


def too_old(done: date, at: date, limit: Timescale) -> bool:
    """Whether something done on ``done`` is older than ``limit`` on ``at``."""
    return limit.after(done) < at


def _age(done: date, at: date) -> str:
    months = (at.year - done.year) * 12 + at.month - done.month - (at.day < done.day)
    years, rest = divmod(max(months, 0), 12)
    parts = [f"{years} year{'s' if years != 1 else ''}"] if years else []
    if rest or not years:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " ".join(parts)


def _statutory_checks(context: Context) -> Iterator[Finding]:
    carers = context.case.carers
    if carers is None:
        return
    at = reference_date_for_panel(context)
    dated: list[tuple[str, str, str, date | None]] = []
    for index, carer in enumerate(carers.carers):
        path = f"carers.carers[{index}]"
        dated.append(("dbs-check", carer.full_name, f"{path}.dbs_checked_on", carer.dbs_checked_on))
        dated.append(("medical", carer.full_name, f"{path}.medical_on", carer.medical_on))
    for index, member in enumerate(carers.household):
        path = f"carers.household[{index}].dbs_checked_on"
        dated.append(("dbs-check", member.name, path, member.dbs_checked_on))
    for check, who, path, done in dated:
        limit = context.profile.max_age_of(check)
        if done is None or limit is None or not too_old(done, at, limit):
            continue
        what = _CHECK_NAMES[check]
        yield Finding(
            code="check-out-of-date",
            severity="warning",
            documents=("matching-report-part3",),
            field=path,
            label=label_of(path),
            owner="fostering social worker",
            message=f"{who}'s {what} of {long_date(done)} will be {_age(done, at)} old at panel"
            f" on {long_date(at)}; the council allows {limit}.",
            fix=f"Renew the {what} before panel and record its date in {path}, or tell the"
            " panel adviser why it has not been renewed.",
            source=SOURCE,
        )


def _papers(context: Context) -> Iterator[Finding]:
    at = reference_date_for_panel(context)
    for index, attachment in enumerate(context.case.attachments):
        limit = context.profile.max_age_of(attachment.kind)
        if attachment.date is None or limit is None or not too_old(attachment.date, at, limit):
            continue
        path = f"attachments[{index}].date"
        yield Finding(
            code="paper-out-of-date",
            severity="warning",
            documents=("panel-checklist",),
            field=path,
            label=label_of(path),
            owner=paper_owner(Paper((attachment.kind,), attachment.title)),
            message=f"“{attachment.title}” ({attachment.kind}) is dated"
            f" {long_date(attachment.date)}: it will be {_age(attachment.date, at)} old at panel"
            f" on {long_date(at)}; the council allows {limit}.",
            fix="Update the paper (or confirm it still stands, in writing) before panel, attach"
            " the new one with its date, or tell the panel adviser why it has not been updated.",
            source=SOURCE,
        )
