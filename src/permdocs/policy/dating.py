"""Each document's own date, and the day its ages are given at.

A paper is a record of its day: the PPM referral of its referral date, Parts 2 and 3 of their
completion dates, the matching meeting's record of the meeting, the front sheet and checklist of the day the panel papers were prepared, each
letter of the day it was sent. Everything a document shows is as at its date (see
``render.as_at``); ages in panel papers are ages at panel, so one pack gives one age.

A date the case does not record yet falls back to the build's date (``--as-of``), which is what a
document being written today is dated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .conditions import Context

PANEL_PAPERS: frozenset[str] = frozenset(
    {
        "matching-report-part2",
        "matching-report-part3",
        "matching-meeting-record",
        "panel-front-sheet",
        "panel-checklist",
        "panel-pack",
    }
)
"""The papers the panel reads: their ages are ages at panel."""

BUILD_DATE = "build date"
SENT_RECORD = "sent record"


@dataclass(frozen=True)
class Dating:
    """When a document is dated, and the day its ages are worked out on."""

    dated: date
    """The document's own date: what it shows is as at this day."""
    ages_on: date
    """The day its ages are given at: the panel's for panel papers, else ``dated``."""
    source: str
    """Where ``dated`` comes from: a case field's path, the sent record, or the build date."""
    at_panel: bool = False
    """Whether ``ages_on`` is the panel's date (the document says "Age at panel")."""


def dating(context: Context, kind: str, *, sent_on: date | None = None) -> Dating:
    """The date of a document of ``kind`` for this case. ``sent_on`` is the day the paper was
    recorded as sent (a letter is dated the day it went out)."""
    case = context.case
    meeting = case.matching_meeting
    panel = case.panel
    recorded: tuple[str, date | None]
    if sent_on is not None and kind.startswith(("letter-", "permanency-certificate")):
        recorded = (SENT_RECORD, sent_on)
    elif kind == "ppm-referral":
        recorded = ("ppm.referral_date", case.ppm.referral_date)
    elif kind == "matching-report-part2":
        recorded = ("matching_meeting.part2_completed_on", meeting.part2_completed_on)
    elif kind == "matching-report-part3":
        recorded = ("matching_meeting.part3_completed_on", meeting.part3_completed_on)
    elif kind == "matching-meeting-record":
        recorded = ("matching_meeting.date", meeting.date)
    elif kind in ("panel-front-sheet", "panel-checklist", "panel-pack"):
        recorded = _panel_papers_date(context)
    elif case.decision is not None and case.decision.arrangement_confirmed_on is not None:
        # The decision letters went out together on the day the arrangement was confirmed.
        recorded = ("decision.arrangement_confirmed_on", case.decision.arrangement_confirmed_on)
    else:
        recorded = (BUILD_DATE, None)
    source, when = recorded
    dated = when if when is not None else context.as_of
    if when is None:
        source = BUILD_DATE
    if kind in PANEL_PAPERS and panel.date is not None:
        return Dating(dated, panel.date, source, at_panel=True)
    return Dating(dated, dated, source)


def _panel_papers_date(context: Context) -> tuple[str, date | None]:
    """The front sheet and checklist: prepared for panel (else sent to members); unrecorded, the
    build's date, but never after the panel they were for."""
    panel = context.case.panel
    if panel.papers_prepared_on is not None:
        return ("panel.papers_prepared_on", panel.papers_prepared_on)
    if panel.papers_sent_on is not None:
        return ("panel.papers_sent_on", panel.papers_sent_on)
    if panel.date is not None and panel.date < context.as_of:
        return ("panel.date", panel.date)
    return (BUILD_DATE, None)
