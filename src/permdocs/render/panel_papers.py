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

from ..checks.currency import too_old
from ..checks.requirements import paper_present, papers_for
from ..model import Case
from ..model.case import Attachment
from ..policy.calendar import working_days_between
from ..policy.conditions import Context, because, holds, reference_date_for_panel
from ..policy.dating import dating
from ..policy.documents import KINDS, PACK_REPORTS, Paper
from ..policy.profiles import Profile
from .formatting import short_date, uk_date

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
    if kind == "matching-meeting-record":
        return meeting.date, meeting.minuted_by or meeting.chair
    if kind in ("panel-front-sheet", "panel-checklist"):
        # The panel adviser's papers, dated as the documents themselves are.
        adviser = case.professionals.panel_adviser
        return dating(context, kind).dated, adviser.name if adviser else None
    return dating(context, kind).dated, None


@dataclass(frozen=True)
class PapersSent:
    """When the papers went to panel members, and whether that met the council's rule."""

    date: str
    """The date they were sent, or "Not sent yet"."""
    met: str
    """"Yes: 7 working days before panel (at least 5 working days before panel needed)", "No:
    ...", or what is due and by when."""


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
            for extra in (_out_of_date(context, found), _sibling_assessments(case, paper)):
                note = f"{note}. {extra}" if note and extra else note or extra
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


def _sibling_assessments(case: Case, paper: Paper) -> str:
    """For the sibling assessment row: each brother or sister assessed, with the date and what
    the assessment recommended, whether they live together or apart."""
    if "sibling-assessment" not in paper.kinds:
        return ""
    assessed = [
        f"{sibling.name}: {short_date(sibling.sibling_assessment_date)}"
        + (f" ({sibling.sibling_assessment_outcome})" if sibling.sibling_assessment_outcome else "")
        for sibling in case.siblings
        if sibling.sibling_assessment_date is not None
    ]
    return f"Assessed: {'; '.join(assessed)}" if assessed else ""


def _out_of_date(context: Context, found: Sequence[Attachment]) -> str:
    """A warning for the row when a paper is older at panel than the council allows."""
    at = reference_date_for_panel(context)
    for attachment in found:
        limit = context.profile.max_age_of(attachment.kind)
        dated = attachment.date
        if dated is not None and limit is not None and too_old(dated, at, limit):
            return f"Older at panel than the council's limit of {limit}: an update is needed"
    return ""


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
    if "matching-meeting-record" in kinds:
        return _meeting_record(case, paper)
    reports = [parts[kind] for kind in kinds if kind in parts]
    if not reports:
        # A council row naming another permdocs document: it is made with this build.
        return _row(paper.label, "present", "Produced by permdocs", NOT_RECORDED, NOT_RECORDED)
    owing = [name for name, completed, _ in reports if completed is None]
    if owing:
        return _row(paper.label, "missing", f"{' and '.join(owing)} not completed", NONE, NONE)
    if len(reports) == 1:
        _, completed, author = reports[0]
        assert completed is not None
        return _row(paper.label, "present", "", short_date(completed), author or NOT_RECORDED)
    # A council row covering both parts still gives each part's own date and author.
    dates = "; ".join(
        f"{name}: {short_date(completed)}" for name, completed, _ in reports if completed
    )
    authors = "; ".join(f"{name}: {author or NOT_RECORDED}" for name, _, author in reports)
    return _row(paper.label, "present", "", dates, authors)


def papers_sent(case: Case, profile: Profile) -> PapersSent:
    """When the papers went to panel members and whether that met the council's rule (by
    default at least 5 working days before panel, NMS 14): the checklist's "papers sent" row."""
    sent, panel = case.panel.papers_sent_on, case.panel.date
    rule = "panel-papers"
    if not profile.rule_enabled(rule):
        return PapersSent(uk_date(sent) if sent else "Not sent yet", "No rule applies")
    timescale = profile.timescale(rule)
    needed = f"at least {timescale} needed"
    if panel is None:
        return PapersSent(uk_date(sent) if sent else "Not sent yet", "No panel date yet")
    due = timescale.before(panel)
    if sent is None:
        return PapersSent("Not sent yet", f"Due by {uk_date(due)} ({needed})")
    ahead = working_days_between(sent, panel)
    days = f"{ahead} working day{'s' if ahead != 1 else ''} before panel"
    if sent <= due:
        return PapersSent(uk_date(sent), f"Yes: {days} ({needed})")
    return PapersSent(uk_date(sent), f"No: {days} ({needed}; due by {uk_date(due)})")


def _meeting_record(case: Case, paper: Paper) -> ChecklistRow:
    """The matching meeting's record: present once the meeting and its recommendation are
    recorded, dated the day of the meeting, by whoever took the minutes (else the chair)."""
    meeting = case.matching_meeting
    if meeting.date is None or not (meeting.recommendation or "").strip():
        return _row(paper.label, "missing", "The matching meeting is not recorded yet", NONE, NONE)
    author = meeting.minuted_by or meeting.chair or NOT_RECORDED
    return _row(paper.label, "present", "", short_date(meeting.date), author)
