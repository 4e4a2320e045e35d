"""The matching meeting record goes into the panel pack where the council's checklist asks for it,
in the checklist's order, and is owed by the fostering social worker until the meeting is
recorded. No LibreOffice here: the plan is pure."""

from __future__ import annotations

from pathlib import Path

from pack_cases import AS_OF, sample_01
from permdocs.api import load_case
from permdocs.load.profiles import load_profile
from permdocs.pack.contents import PackContents, plan_contents
from permdocs.policy.profiles import Profile
from permdocs.render.panel_papers import checklist_rows

RECORD = "matching-meeting-record"


def plan(folder: Path, profile: Profile) -> PackContents:
    loaded = load_case(folder)
    return plan_contents(loaded.case, profile, as_of=AS_OF, folder=loaded.folder)


def _council(rows: list[dict[str, object]]) -> Profile:
    data = load_profile("default").model_dump(mode="json")
    data["checklist"] = rows
    return Profile.model_validate(data)


def test_the_standard_checklist_puts_the_record_after_the_matching_report(tmp_path: Path) -> None:
    contents = plan(sample_01(tmp_path / "case"), load_profile("default"))
    assert contents.reports == (
        "panel-front-sheet",
        "panel-checklist",
        "matching-report-part2",
        "matching-report-part3",
        RECORD,
    )
    entry = next(entry for entry in contents.entries if entry.kind == RECORD)
    assert (entry.title, entry.date, entry.author) == (
        "Matching meeting record: agenda and minutes",
        "10 September 2026",
        "Jo Bramley, Business Support Officer",
    )


def test_a_councils_own_order_is_followed(tmp_path: Path) -> None:
    # Milton Keynes-style rows: the record straight after the combined matching report row.
    contents = plan(sample_01(tmp_path / "case"), load_profile("milton-keynes-example"))
    kinds = [entry.kind for entry in contents.entries]
    assert kinds[:5] == [
        "panel-front-sheet",
        "panel-checklist",
        "matching-report-part2",
        "matching-report-part3",
        RECORD,
    ]
    # A council that puts it first among its papers gets it there.
    council = _council(
        [
            {"kind": "panel-front-sheet", "label": "Front sheet"},
            {"kind": RECORD, "label": "Matching meeting minutes"},
            {"kind": "care-plan", "label": "Care plan"},
            {"kind": ["matching-report-part2", "matching-report-part3"], "label": "Report"},
        ]
    )
    kinds = [entry.kind for entry in plan(sample_01(tmp_path / "again"), council).entries]
    assert kinds[:6] == [
        "panel-front-sheet",
        "panel-checklist",
        RECORD,
        "matching-report-part2",
        "matching-report-part3",
        "care-plan",
    ]


def test_a_checklist_that_does_not_ask_for_it_leaves_it_out(tmp_path: Path) -> None:
    council = _council(
        [
            {"kind": "panel-front-sheet", "label": "Front sheet"},
            {"kind": ["matching-report-part2", "matching-report-part3"], "label": "Report"},
        ]
    )
    contents = plan(sample_01(tmp_path / "case"), council)
    assert RECORD not in contents.reports


def test_until_the_meeting_is_recorded_the_record_is_owed_by_the_fostering_social_worker(
    tmp_path: Path,
) -> None:
    folder = sample_01(tmp_path / "case")
    text = (folder / "case.yaml").read_text(encoding="utf-8")
    start = text.index("  recommendation: >-\n    The matching meeting recommends")
    end = text.index("  sign_offs:", start)
    (folder / "case.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    loaded = load_case(folder)
    profile = load_profile("default")
    (row,) = [
        row
        for row in checklist_rows(loaded.case, profile, as_of=AS_OF)
        if row.paper.startswith("Matching meeting record")
    ]
    assert (row.status, row.note) == ("missing", "The matching meeting is not recorded yet")
    owed = [paper for paper in plan(folder, profile).owed if paper.label == row.paper]
    assert [paper.owner for paper in owed] == ["fostering social worker"]
