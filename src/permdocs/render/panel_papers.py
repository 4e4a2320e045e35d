"""The panel checklist's rows for one case: each paper present, missing or not applicable.

Which papers a panel expects is declared once, in the document registry (``STANDARD_PAPERS``) or
the council's profile (``checklist:``), with named conditions; the completeness checks read the
same declaration, so the checklist and the "who still owes what" report never disagree. This
module only words the outcome for the document: boxes, dates, authors, and why a paper is or is
not needed here.

It also decides the panel's reading order (:func:`pack_order`), which the pack, its index and
the front sheet's "Papers for panel" list all follow, so none of them can list the papers in a
different order from the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..checks.requirements import paper_present, papers_for
from ..model import Case
from ..model.case import Attachment
from ..policy.conditions import Context, because, holds
from ..policy.dating import dating
from ..policy.documents import KINDS, PACK_REPORTS, Paper
from ..policy.profiles import Profile
from .formatting import short_date

Status = Literal["present", "missing", "not-applicable"]
CHECKED = "☒"
UNCHECKED = "☐"
NOT_RECORDED = "Not recorded"
NONE = "—"


@dataclass(frozen=True)
class PackOrder:
    """The pack's documents in reading order: the reports permdocs writes, then the attached
    papers (by position in ``case.attachments``)."""

    reports: tuple[str, ...]
    attachments: tuple[int, ...]


def pack_order(case: Case, profile: Profile, *, as_of: date) -> PackOrder:
    """The front sheet, the checklist, then the council profile's checklist rows in turn (each
    report a row names, then each attached paper of the row's kinds), the rest of the matching
    meeting report, and last any attached paper no row asks for, so every attachment is read."""
    context = Context(case=case, profile=profile, as_of=as_of)
    reports: list[str] = ["panel-front-sheet", "panel-checklist"]
    # By position in the case, not by value: two identical entries are still two papers.
    attached: list[int] = []
    for paper in papers_for(context, KINDS["panel-checklist"]):
        for kind in paper.kinds:
            if kind in KINDS:
                if kind not in reports:
                    reports.append(kind)
                continue
            attached += [
                index
                for index, attachment in enumerate(case.attachments)
                if attachment.kind == kind and index not in attached
            ]
    # Parts 2 and 3 are the matching meeting report, whatever the council's rows call it.
    reports += [kind for kind in PACK_REPORTS if kind not in reports]
    attached += [index for index in range(len(case.attachments)) if index not in attached]
    return PackOrder(tuple(reports), tuple(attached))


def report_dated(context: Context, kind: str) -> tuple[date | None, str | None]:
    """When a report in the pack is dated and who wrote it (None where the case does not say):
    Parts 2 and 3 by their authors' completion, the rest by their own date (``policy.dating``)."""
    case = context.case
    meeting = case.matching_meeting
    if kind == "matching-report-part2":
        return meeting.part2_completed_on, meeting.part2_completed_by
    if kind == "matching-report-part3":
        return meeting.part3_completed_on, meeting.part3_completed_by
    if kind in ("panel-front-sheet", "panel-checklist"):
        # The panel adviser's papers, dated as the documents themselves are.
        adviser = case.professionals.panel_adviser
        return dating(context, kind).dated, adviser.name if adviser else None
    return dating(context, kind).dated, None


@dataclass(frozen=True)
class ChecklistRow:
    paper: str
    status: Status
    present: str
    """☒ when present, else ☐ (likewise ``missing`` and ``not_applicable``)."""
    missing: str
    not_applicable: str
    date: str
    author: str
    note: str
    """Why the paper is needed, or not needed, in this case; "" when it always is."""


def checklist_rows(case: Case, profile: Profile, *, as_of: date) -> list[ChecklistRow]:
    context = Context(case=case, profile=profile, as_of=as_of)
    rows: list[ChecklistRow] = []
    for paper in papers_for(context, KINDS["panel-checklist"]):
        applies = paper.required and holds(paper.when, context)
        produced = [name for name in paper.kinds if name in KINDS]
        if produced:
            rows.append(_produced(context, paper, produced))
            continue
        found = [a for a in case.attachments if a.kind in paper.kinds]
        if paper_present(context, paper):
            note = f"Needed because {because(paper.when)}" if paper.when and applies else ""
            rows.append(_row(paper.label, "present", note, *_dated(found)))
        elif applies:
            note = f"Needed because {because(paper.when)}" if paper.when else ""
            rows.append(_row(paper.label, "missing", note, NONE, NONE))
        else:
            note = f"Needed only when {because(paper.when)}" if paper.when else "Optional"
            rows.append(_row(paper.label, "not-applicable", note, NONE, NONE))
    return rows


def _row(paper: str, status: Status, note: str, when: str, who: str) -> ChecklistRow:
    return ChecklistRow(
        paper=paper,
        status=status,
        present=CHECKED if status == "present" else UNCHECKED,
        missing=CHECKED if status == "missing" else UNCHECKED,
        not_applicable=CHECKED if status == "not-applicable" else UNCHECKED,
        date=when,
        author=who,
        note=note,
    )


def _dated(found: Sequence[Attachment]) -> tuple[str, str]:
    dates = [a.date for a in found if a.date is not None]
    authors = sorted({a.author for a in found if a.author})
    return (short_date(max(dates)) if dates else NOT_RECORDED, ", ".join(authors) or NOT_RECORDED)


def _produced(context: Context, paper: Paper, kinds: Sequence[str]) -> ChecklistRow:
    """A paper permdocs writes itself: present once its authors have completed their parts."""
    case = context.case
    meeting = case.matching_meeting
    parts: dict[str, tuple[str, date | None, str | None]] = {
        "matching-report-part2": (
            "Part 2",
            meeting.part2_completed_on,
            meeting.part2_completed_by,
        ),
        "matching-report-part3": (
            "Part 3",
            meeting.part3_completed_on,
            meeting.part3_completed_by,
        ),
    }
    if "panel-front-sheet" in kinds:
        # The front sheet's own date (policy.dating), so every paper gives it the same one.
        adviser = case.professionals.panel_adviser
        return _row(
            paper.label,
            "present",
            "",
            short_date(dating(context, "panel-front-sheet").dated),
            adviser.name if adviser else NOT_RECORDED,
        )
    reports = [parts[kind] for kind in kinds if kind in parts]
    if not reports:
        # A council row naming another permdocs document: it is made with this build.
        return _row(paper.label, "present", "Produced by permdocs", NOT_RECORDED, NOT_RECORDED)
    owing = [name for name, completed, _ in reports if completed is None]
    if owing:
        return _row(paper.label, "missing", f"{' and '.join(owing)} not completed", NONE, NONE)
    latest = max(completed for _, completed, _ in reports if completed is not None)
    authors = [author for _, _, author in reports if author]
    return _row(paper.label, "present", "", short_date(latest), ", ".join(authors) or NOT_RECORDED)
