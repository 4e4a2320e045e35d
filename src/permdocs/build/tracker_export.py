"""The team tracker as people and programs read it: a terminal table, CSV, JSON, an Excel workbook
and a calendar, and writing the workbook and calendar safely.

What leaves the case folders: every export names a case by its reference, and a deadline or a
finding by its rule code, field path, owner (a role, and the professional's recorded name in the
table, CSV, JSON and workbook) and dates. No finding's message is exported, since messages may
quote the child's name or other case text, and so may restricted (confidential) words; the
finding's code and its fixed meaning say what it is. A case that cannot be read is named by its
folder and the places of its problems (``case.yaml:6:3: child.gendre``), never the values there.
The calendar carries even less: each event holds the case reference, the rule and the owner's
role, and nothing else from the case.

Every CSV and workbook cell is neutralised against formula injection (:mod:`permdocs.safe_cells`).
The workbook and calendar are made in memory and written all-or-nothing, never over an existing
file without ``force`` (:mod:`permdocs.output`).
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import OutputError
from ..model.fields import Owner
from ..write.output import check_replaceable, write_all
from ..write.safe_cells import CellValue, csv_text
from .tracker import (
    TrackedCase,
    TrackedDeadline,
    Tracker,
    UnreadableCase,
    collect_cases,
)

if TYPE_CHECKING:
    from ..policy.profiles import Profile

CALENDAR_PRODUCT = "-//permdocs//tracker//EN"
UID_DOMAIN = "tracker.permdocs"
# SEQUENCE counts minutes from here: each export is a newer revision than the last, so calendar
# programs that compare it replace an event they hold rather than keep the older one.
_SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)

_SHORT_OWNER: dict[Owner, str] = {
    "child's social worker": "child's SW",
    "fostering social worker": "fostering SW",
}

CASE_COLUMNS = (
    "Reference",
    "Route",
    "Stage",
    "Next deadline rule",
    "Next deadline",
    "Due",
    "Working days left",
    "Owed by",
    "Booked for",
    "Overdue",
    "Overdue count",
    "Blockers",
    "Warnings",
    "Blockers by owner",
    "Status",
    "Folder",
    "Problem",
)
FINDING_COLUMNS = (
    "Reference",
    "Severity",
    "Code",
    "Meaning",
    "Field",
    "Label",
    "Owner",
    "Documents",
    "Due",
    "Source",
)
DEADLINE_COLUMNS = (
    "Reference",
    "Rule",
    "What",
    "Field",
    "Owner",
    "Due",
    "Booked for",
    "Overdue",
    "Working days",
    "Source",
)


def track_cases(
    root: Path | str,
    *,
    as_of: date | None = None,
    profile: Profile | str | None = None,
    owner: str | None = None,
    stages: Sequence[str] = (),
    jobs: int | None = None,
    xlsx: Path | None = None,
    ics: Path | None = None,
    force: bool = False,
    now: datetime | None = None,
) -> Tracker:
    """Collect the tracker (see :func:`permdocs.api.track_cases`) and write the workbook and the
    calendar asked for. Files that would be replaced without ``force`` are refused before any
    case is read."""
    targets = [path for path in (xlsx, ics) if path is not None]
    _check_targets(targets, force=force)
    tracker = collect_cases(
        root, as_of=as_of, profile=profile, owner=owner, stages=stages, jobs=jobs
    )
    files: dict[Path, bytes] = {}
    if xlsx is not None:
        files[xlsx] = workbook_bytes(tracker)
    if ics is not None:
        files[ics] = calendar_bytes(tracker, now=now)
    if not files:
        return tracker
    return replace(tracker, written=tuple(write_files(files, force=force)))


def _check_targets(targets: Sequence[Path], *, force: bool) -> None:
    if len({path.resolve() for path in targets}) < len(targets):
        raise OutputError(
            f"{targets[0]}: the workbook and the calendar would be the same file",
            hint="give --xlsx and --ics different file names; nothing was written",
        )
    for path in targets:
        if path.is_dir():
            raise OutputError(
                f"{path}: is a folder",
                hint="give a file name, e.g. tracker.xlsx; nothing was written",
            )
        check_replaceable(path.parent, [path.name], force=force)


def write_files(files: dict[Path, bytes], *, force: bool) -> list[Path]:
    """Write each file atomically; every target is checked before the first is written."""
    by_folder: dict[Path, dict[str, bytes]] = {}
    for path, data in files.items():
        by_folder.setdefault(path.parent, {})[path.name] = data
    for folder, named in by_folder.items():
        check_replaceable(folder, list(named), force=force)
    written: list[Path] = []
    for folder, named in by_folder.items():
        written += write_all(folder, named, force=force)
    return written


# --- words shared by every format --------------------------------------------------------------


def short_date(day: date) -> str:
    """``03 Dec 2026``: short, day first, unambiguous."""
    return f"{day:%d %b %Y}"


def lateness(deadline: TrackedDeadline) -> str:
    days = -deadline.working_days
    return f"{days} working day{'s' if days != 1 else ''} late"


def overdue_text(case: TrackedCase) -> str:
    """``adm-decision (due 05 Nov 2026, 12 working days late); ...``."""
    return "; ".join(f"{d.key} (due {short_date(d.due)}, {lateness(d)})" for d in case.overdue)


def owner_with_name(case: TrackedCase, owner: Owner) -> str:
    """``panel adviser (Lorraine Doyle)``, or the role alone when no name is recorded."""
    name = case.name_of(owner)
    return f"{owner} ({name})" if name else owner


def owners_text(case: TrackedCase, *, names: bool = True) -> str:
    """``child's social worker (Priya Ramdas): 3; panel adviser: 1``."""
    return "; ".join(
        f"{owner_with_name(case, load.owner) if names else load.owner}: {load.blockers}"
        for load in case.owners
    )


def problem_text(case: UnreadableCase, *, most: int | None = None) -> str:
    """The summary and the place of each problem (the first ``most`` of them, if given)."""
    shown = list(case.places if most is None else case.places[:most])
    if len(shown) < len(case.places):
        shown.append(f"{len(case.places) - len(shown)} more")
    places = f" ({', '.join(shown)})" if shown else ""
    return f"{case.summary}{places}"


def _meanings() -> dict[str, str]:
    from ..checks import all_codes

    return all_codes()


# --- terminal table ------------------------------------------------------------------------------


def table_text(tracker: Tracker) -> str:
    """The tracker as a table for the terminal: one line per case, most urgent first, then the
    totals. Cases that cannot be read lead, with where the problem is."""
    rows = [("CASE", "ROUTE", "STAGE", "NEXT DEADLINE", "DUE", "WD LEFT", "BLOCKERS", "OVERDUE")]
    lines_before: list[str] = []
    for bad in tracker.unreadable:
        lines_before.append(
            f"{tracker.label(bad.folder)}  CANNOT BE READ: {problem_text(bad, most=3)}"
        )
    for case in tracker.cases:
        upcoming = case.next_deadline
        next_text = "-"
        if upcoming is not None:
            next_text = f"{upcoming.key} ({_short_owner(upcoming.owner)})"
            if upcoming.booked is not None:
                late = ", after its deadline" if upcoming.booked_late else ""
                next_text += f" booked {short_date(upcoming.booked)}{late}"
        rows.append(
            (
                case.reference,
                case.route or "-",
                case.stage,
                next_text,
                short_date(upcoming.due) if upcoming else "-",
                str(upcoming.working_days) if upcoming else "-",
                ", ".join(f"{_short_owner(o.owner)} {o.blockers}" for o in case.owners) or "-",
                "; ".join(
                    f"{d.key} ({_short_owner(d.owner)}, due {short_date(d.due)},"
                    f" {-d.working_days} wd late)"
                    for d in case.overdue
                )
                or "-",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = [_heading(tracker)]
    for index, row in enumerate(rows):
        cells = [f"{value:<{widths[i]}}" for i, value in enumerate(row[:-1])]
        lines.append(("  ".join(cells) + "  " + row[-1]).rstrip())
        if index == 0:
            lines += lines_before
    if not tracker.cases:
        lines.append("No cases match." if tracker.found else "No case folders found.")
    lines.append(_totals(tracker))
    return "\n".join(lines) + "\n"


def _short_owner(owner: Owner) -> str:
    return _SHORT_OWNER.get(owner, owner)


def _heading(tracker: Tracker) -> str:
    filters = []
    if tracker.owner:
        filters.append(f"owner '{tracker.owner}'")
    if tracker.stages:
        filters.append(f"stage {' or '.join(tracker.stages)}")
    shown = f", filtered by {' and '.join(filters)}" if filters else ""
    return f"Cases under {tracker.root} as of {short_date(tracker.as_of)}{shown}:"


def _totals(tracker: Tracker) -> str:
    found = tracker.found
    overdue = sum(1 for case in tracker.cases if case.overdue)
    blockers = sum(case.blockers for case in tracker.cases)
    parts = [
        f"{found} case{'s' if found != 1 else ''} found",
        f"{len(tracker.cases)} shown",
        f"{overdue} with something overdue",
        f"{blockers} blocker{'s' if blockers != 1 else ''}",
    ]
    if tracker.unreadable:
        parts.append(f"{len(tracker.unreadable)} cannot be read")
    return (
        "; ".join(parts)
        + f" ({tracker.seconds:.1f} s). wd: working days, not counting weekends and England and"
        " Wales bank holidays."
    )


# --- CSV and the Cases sheet ---------------------------------------------------------------------


def case_rows(tracker: Tracker) -> list[list[CellValue]]:
    """One row per case in :data:`CASE_COLUMNS` order: the unreadable first, then by urgency."""
    rows: list[dict[str, CellValue]] = [
        {
            "Reference": bad.reference or None,
            "Status": "cannot be read",
            "Folder": tracker.label(bad.folder),
            "Problem": problem_text(bad),
        }
        for bad in tracker.unreadable
    ]
    for case in tracker.cases:
        row: dict[str, CellValue] = {
            "Reference": case.reference,
            "Route": case.route or None,
            "Stage": case.stage,
            "Overdue": overdue_text(case) or None,
            "Overdue count": len(case.overdue),
            "Blockers": case.blockers,
            "Warnings": case.warnings,
            "Blockers by owner": owners_text(case) or None,
            "Status": "read",
        }
        upcoming = case.next_deadline
        if upcoming is not None:
            row |= {
                "Next deadline rule": upcoming.key,
                "Next deadline": upcoming.what,
                "Due": upcoming.due,
                "Working days left": upcoming.working_days,
                "Owed by": owner_with_name(case, upcoming.owner),
                "Booked for": upcoming.booked,
            }
        rows.append(row)
    return [[row.get(column) for column in CASE_COLUMNS] for row in rows]


def cases_csv(tracker: Tracker) -> str:
    """The Cases table as CSV, every text cell neutralised against formula injection."""
    return csv_text(CASE_COLUMNS, case_rows(tracker))


def finding_rows(tracker: Tracker) -> list[list[CellValue]]:
    """Every finding of every case shown: its code, fixed meaning, field, owner and due date,
    never its message (which may quote case text)."""
    from ..policy.documents import document_title

    meanings = _meanings()
    return [
        [
            case.reference,
            finding.severity,
            finding.code,
            meanings.get(finding.code, ""),
            finding.field,
            finding.label,
            finding.owner,
            "; ".join(document_title(kind) for kind in finding.documents) or "the whole case",
            finding.due,
            finding.source,
        ]
        for case in tracker.cases
        for finding in case.findings
    ]


def deadline_rows(tracker: Tracker) -> list[list[CellValue]]:
    return [
        [
            case.reference,
            d.key,
            d.what,
            d.field,
            d.owner,
            d.due,
            d.booked,
            d.overdue,
            d.working_days,
            d.source,
        ]
        for case in tracker.cases
        for d in case.deadlines
    ]


# --- JSON ----------------------------------------------------------------------------------------


def tracker_dict(tracker: Tracker) -> dict[str, Any]:
    """The tracker as plain data: the same facts as the workbook, for programs."""
    meanings = _meanings()
    return {
        "as_of": tracker.as_of.isoformat(),
        "found": tracker.found,
        "filters": {"owner": tracker.owner, "stages": list(tracker.stages)},
        "cases": [
            {
                "reference": case.reference,
                "route": case.route or None,
                "stage": case.stage,
                "next_deadline": _deadline_dict(case, case.next_deadline)
                if case.next_deadline
                else None,
                "overdue": [_deadline_dict(case, d) for d in case.overdue],
                "deadlines": [_deadline_dict(case, d) for d in case.deadlines],
                "blockers": case.blockers,
                "warnings": case.warnings,
                "owners": [
                    {"owner": o.owner, "name": o.name or None, "blockers": o.blockers}
                    for o in case.owners
                ],
                "findings": [
                    {
                        "severity": f.severity,
                        "code": f.code,
                        "meaning": meanings.get(f.code, ""),
                        "field": f.field,
                        "label": f.label,
                        "owner": f.owner,
                        "documents": list(f.documents),
                        "due": f.due.isoformat() if f.due else None,
                    }
                    for f in case.findings
                ],
            }
            for case in tracker.cases
        ],
        "unreadable": [
            {
                "folder": tracker.label(bad.folder),
                "reference": bad.reference or None,
                "why": bad.why,
                "summary": bad.summary,
                "places": list(bad.places),
            }
            for bad in tracker.unreadable
        ],
    }


def _deadline_dict(case: TrackedCase, d: TrackedDeadline) -> dict[str, Any]:
    return {
        "rule": d.rule,
        "key": d.key,
        "what": d.what,
        "field": d.field,
        "owner": d.owner,
        "owner_name": case.name_of(d.owner) or None,
        "due": d.due.isoformat(),
        "booked": d.booked.isoformat() if d.booked else None,
        "overdue": d.overdue,
        "working_days": d.working_days,
        "source": d.source,
    }


def tracker_json(tracker: Tracker) -> str:
    return json.dumps(tracker_dict(tracker), indent=2, ensure_ascii=False) + "\n"


# --- the workbook --------------------------------------------------------------------------------


def workbook_bytes(tracker: Tracker) -> bytes:
    """An .xlsx with a Cases sheet, a Findings sheet and a Deadlines sheet: each with a frozen
    header and a filter on every column, dates as real dates, text neutralised."""
    from ..write.safe_cells import add_sheet, new_workbook

    workbook = new_workbook()
    add_sheet(workbook, "Cases", CASE_COLUMNS, case_rows(tracker))
    add_sheet(workbook, "Findings", FINDING_COLUMNS, finding_rows(tracker))
    add_sheet(workbook, "Deadlines", DEADLINE_COLUMNS, deadline_rows(tracker))
    # The file's own properties say nothing about the cases either.
    workbook.properties.creator = "permdocs"
    workbook.properties.title = f"permdocs tracker as of {tracker.as_of.isoformat()}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the calendar --------------------------------------------------------------------------------


def event_uid(reference: str, key: str) -> str:
    """The same deadline of the same case always has the same UID (its date plays no part), so
    importing a newer calendar moves the event instead of adding a second one."""
    return f"{reference}.{key.replace(':', '.')}@{UID_DOMAIN}"


def calendar_bytes(tracker: Tracker, *, now: datetime | None = None) -> bytes:
    """An iCalendar file with one all-day event per deadline still to come (today included).

    Each event holds the case reference, the rule and the owner's role: no name, address, date
    of birth or other case text, in any property.
    """
    from icalendar import Calendar, Event

    from ..policy.rules import get_rule

    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    sequence = max(0, int((stamp - _SEQUENCE_EPOCH).total_seconds() // 60))
    calendar = Calendar()
    calendar.add("prodid", CALENDAR_PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "permdocs deadlines")
    for case in tracker.cases:
        for deadline in case.deadlines:
            if deadline.overdue:
                continue
            rule = get_rule(deadline.rule)
            event = Event()
            event.add("uid", event_uid(case.reference, deadline.key))
            event.add("dtstamp", stamp)
            event.add("sequence", sequence)
            event.add("dtstart", deadline.due)
            event.add("dtend", deadline.due + timedelta(days=1))
            event.add("summary", f"{case.reference}: {deadline.key} due")
            event.add(
                "description",
                f"Case {case.reference}. Rule {deadline.rule}: {rule.title} ({rule.source})."
                f" Owed by the {deadline.owner}. Run permdocs check on the case for details.",
            )
            event.add("categories", ["permdocs", deadline.rule])
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    return bytes(calendar.to_ical())
