"""What goes into a case's panel pack, in which order, and which papers are still owed.

The pack is the panel checklist made physical, so it is planned from the checklist's own rows
(``panel_papers.checklist_rows``, which the completeness checks share): a paper the checklist
shows as present is in the pack, one it shows as missing is named with its owner, and nothing
else decides. The order is the panel's reading order (``panel_papers.pack_order``, which the
front sheet's list of papers follows too): the front sheet, the checklist, then the council
profile's checklist rows in turn (the matching meeting report's Parts 2 and 3, then each
attached paper), and last any attached paper no row asks for, so that every attachment reaches
the panel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from ..checks.requirements import papers_for
from ..errors import PackIncompleteError
from ..model import Case
from ..model.case import Attachment
from ..model.fields import Owner, owner_of
from ..policy.conditions import Context
from ..policy.documents import KINDS, Paper, paper_owner
from ..policy.profiles import Profile
from ..render.formatting import uk_date
from ..render.panel_papers import NOT_RECORDED, checklist_rows, pack_order, report_dated

Format = Literal["docx", "pdf"]


@dataclass(frozen=True)
class PackEntry:
    """One document of the pack, in pack order."""

    title: str
    """As the index and the PDF bookmark show it."""
    kind: str
    """A report kind (``panel-front-sheet``) or an attachment kind (``care-plan``)."""
    generated: bool
    """True for a report permdocs renders; False for an attached paper."""
    format: Format
    date: str
    author: str
    path: Path | None = None
    """The attached paper's file, inside the case folder; None for a report."""


@dataclass(frozen=True)
class OwedPaper:
    """A checklist row that shows as missing: the paper, who owes it, and why it is needed."""

    label: str
    owner: Owner
    note: str

    def __str__(self) -> str:
        why = f" ({self.note})" if self.note else ""
        return f"{self.label}{why}, owed by the {self.owner}"


@dataclass(frozen=True)
class PackContents:
    entries: tuple[PackEntry, ...]
    owed: tuple[OwedPaper, ...]

    @property
    def reports(self) -> tuple[str, ...]:
        """The report kinds the pack needs rendered, in pack order."""
        return tuple(entry.kind for entry in self.entries if entry.generated)


def plan_contents(case: Case, profile: Profile, *, as_of: date, folder: Path) -> PackContents:
    """The pack's documents in order, and the papers the checklist shows as missing."""
    context = Context(case=case, profile=profile, as_of=as_of)
    papers = papers_for(context, KINDS["panel-checklist"])
    rows = checklist_rows(case, profile, as_of=as_of)
    # checklist_rows makes exactly one row per paper, in order; pairing them is what keeps the
    # pack and the checklist from ever disagreeing about a paper.
    if len(rows) != len(papers):
        raise AssertionError("checklist_rows no longer gives one row per paper")

    owed = [
        OwedPaper(row.paper, _owner(case, paper), row.note)
        for paper, row in zip(papers, rows, strict=True)
        if row.status == "missing"
    ]
    order = pack_order(case, profile, as_of=as_of)
    entries = [_report_entry(context, kind) for kind in order.reports]
    entries += [_attachment_entry(folder, case.attachments[index]) for index in order.attachments]
    return PackContents(entries=tuple(entries), owed=tuple(owed))


def ensure_complete(contents: PackContents) -> None:
    """Refuse a final pack while any paper is owed (PackIncompleteError names each one)."""
    if contents.owed:
        raise PackIncompleteError(contents.owed)


def _owner(case: Case, paper: Paper) -> Owner:
    """Who owes a missing row: for the matching report, the author of the part not yet done."""
    meeting = case.matching_meeting
    if "matching-report-part2" in paper.kinds and meeting.part2_completed_on is None:
        return owner_of("matching_meeting.part2_completed_on")
    if "matching-report-part3" in paper.kinds and meeting.part3_completed_on is None:
        return owner_of("matching_meeting.part3_completed_on")
    if "matching-meeting-record" in paper.kinds:
        return owner_of("matching_meeting.date")
    return paper_owner(paper)


def _report_entry(context: Context, kind: str) -> PackEntry:
    when, who = report_dated(context, kind)
    return PackEntry(
        title=KINDS[kind].title,
        kind=kind,
        generated=True,
        format="docx",
        date=uk_date(when) if when else NOT_RECORDED,
        author=who or NOT_RECORDED,
    )


def _attachment_entry(folder: Path, attachment: Attachment) -> PackEntry:
    path = folder / attachment.path
    return PackEntry(
        title=attachment.title,
        kind=attachment.kind,
        generated=False,
        # Validation has already refused anything but .pdf and .docx.
        format="pdf" if path.suffix.lower() == ".pdf" else "docx",
        date=uk_date(attachment.date) if attachment.date else NOT_RECORDED,
        author=attachment.author or NOT_RECORDED,
        path=path,
    )
