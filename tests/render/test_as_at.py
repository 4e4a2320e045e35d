"""Papers true to their own date: each document is dated, and shows the case as it stood then.

Each kind of fact is made to post-date a document (a placement, a final order, a review, an
approval and an annual review, a school, a PEP, a ratification, a sibling assessment) and the
document's view must leave it out or word it as not yet; the same fact dated on or before the
document is shown. Rendered documents, the manifest and ``check`` are read back for the dates.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from case_factory import (
    AS_OF,
    complete_data,
    default_profile,
    make_case,
    set_path,
    write_case_folder,
)
from docx_helpers import open_docx, row_cells, section
from permdocs.api import build_case
from permdocs.build.options import BuildOptions
from permdocs.build.run import Rendering
from permdocs.checks import Finding, run_checks
from permdocs.policy.conditions import Context
from permdocs.policy.dating import dating
from permdocs.render.views import CaseView

REFERRAL = date(2025, 1, 20)
PART2 = date(2026, 2, 20)
PART3 = date(2026, 2, 23)
PAPERS_SENT = date(2026, 4, 14)
PANEL = date(2026, 4, 23)


def _rendering(data: dict[str, Any]) -> Rendering:
    return Rendering.of(make_case(data), default_profile(), BuildOptions(as_of=AS_OF))


def _view(data: dict[str, Any], kind: str) -> CaseView:
    return _rendering(data).view_for(kind)


def _findings(data: dict[str, Any], code: str) -> list[Finding]:
    return [f for f in run_checks(make_case(data), default_profile(), AS_OF) if f.code == code]


# --- each document's own date -----------------------------------------------------------------


def test_each_document_is_dated_its_own_recorded_date() -> None:
    context = Context(make_case(), default_profile(), AS_OF)
    assert dating(context, "ppm-referral").dated == REFERRAL
    assert dating(context, "matching-report-part2").dated == PART2
    assert dating(context, "matching-report-part3").dated == PART3
    # The panel papers: the day they were prepared, else the day they were sent.
    assert dating(context, "panel-front-sheet").dated == PAPERS_SENT
    assert dating(context, "panel-checklist").source == "panel.papers_sent_on"
    # The letters: the day the decision letters went out.
    assert dating(context, "letter-carers").dated == date(2026, 5, 14)


def test_a_date_not_recorded_falls_back_to_the_build_date_but_never_after_the_panel() -> None:
    data = complete_data()
    set_path(data, "ppm.referral_date", None)
    set_path(data, "panel.papers_sent_on", None)
    context = Context(make_case(data), default_profile(), AS_OF)
    assert dating(context, "ppm-referral").dated == AS_OF
    assert dating(context, "ppm-referral").source == "build date"
    # Built after the panel sat, the panel papers are dated no later than the panel itself.
    assert dating(context, "panel-front-sheet").dated == PANEL
    prepared = set_path(complete_data(), "panel.papers_prepared_on", "2026-04-10")
    context = Context(make_case(prepared), default_profile(), AS_OF)
    assert dating(context, "panel-front-sheet").dated == date(2026, 4, 10)


def test_the_manifest_records_each_documents_date(tmp_path: Path) -> None:
    folder = write_case_folder(tmp_path / "case")
    result = build_case(folder, BuildOptions(out=tmp_path / "out", as_of=AS_OF))
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    dated = {
        entry["kind"]: (entry["dated"], entry["dated_from"]) for entry in manifest["documents"]
    }
    assert dated["ppm-referral"] == ("2025-01-20", "ppm.referral_date")
    assert dated["matching-report-part2"] == ("2026-02-20", "matching_meeting.part2_completed_on")
    assert dated["panel-front-sheet"] == ("2026-04-14", "panel.papers_sent_on")
    assert dated["letter-carers"] == ("2026-05-14", "decision.arrangement_confirmed_on")
    # ... and each document shows its date.
    referral = open_docx(result.out / "PF-TEST-0001_ppm-referral.docx")
    first = [p.text for p in referral.paragraphs[:5]]
    assert any("Dated 20 January 2025" in text for text in first)


# --- one pack, one age --------------------------------------------------------------------------


def _age_cell(path: Path, heading: str) -> tuple[str, str]:
    for cells in (c for t in section(open_docx(path), heading).tables for c in t):
        for index, cell in enumerate(cells):
            if cell.startswith("Age"):
                return cell, cells[index + 1]
    raise AssertionError(f"no age in {path.name}")


def test_one_pack_gives_the_child_one_age_the_age_at_panel(tmp_path: Path) -> None:
    folder = write_case_folder(tmp_path / "case")
    out = tmp_path / "out"
    build_case(folder, BuildOptions(out=out, as_of=AS_OF, only=("ppm-referral",)))
    build_case(
        folder,
        BuildOptions(
            out=out, as_of=AS_OF, force=True, only=("matching-report-part2", "panel-front-sheet")
        ),
    )
    # Ellie, born 10 May 2017: 8 years 11 months at panel (23 April 2026), although Part 2 is
    # dated in February, and 7 years 8 months on the referral's date.
    part2 = _age_cell(out / "PF-TEST-0001_matching-report-part2.docx", "The child")
    front = _age_cell(out / "PF-TEST-0001_panel-front-sheet.docx", "The child")
    assert part2 == front == ("Age at panel", "8 years 11 months")
    assert _age_cell(out / "PF-TEST-0001_ppm-referral.docx", "The child") == (
        "Age",
        "7 years 8 months",
    )


# --- facts dated after the document -------------------------------------------------------------


def test_a_placement_after_the_document_reads_proposed_carers_not_yet_placed() -> None:
    data = complete_data()
    set_path(data, "child.placed_with_carers_since", "2026-03-10")
    assert _view(data, "matching-report-part2").child.placed_with_carers_since == (
        "Proposed carers, not yet placed"
    )
    # A document dated after the move shows its date.
    assert _view(data, "panel-front-sheet").child.placed_with_carers_since == "10 March 2026"


def test_a_referral_before_the_move_shows_where_the_child_lived_then() -> None:
    data = complete_data()
    set_path(data, "child.placed_with_carers_since", "2026-03-10")
    placement = {"carers": "Janet Pilling", "placement_type": "Short-term", "since": "2025-01-06"}
    set_path(data, "child.current_placement", placement)
    assert _view(data, "ppm-referral").ppm.current_carers == "Janet Pilling"
    # Once the child has moved, a paper shows the carers, not the old placement.
    after = _view(data, "panel-front-sheet").ppm
    assert (after.current_carers, after.current_placement_since) == ("Pat Carer", "10 March 2026")


def test_a_final_order_made_after_the_document_shows_the_interim_order() -> None:
    data = complete_data()
    set_path(data, "child.court", {"final_hearing": "2025-06-01"})
    assert _view(data, "ppm-referral").child.legal_status == "Interim care order (s38)"
    assert _view(data, "matching-report-part2").child.legal_status == "Care order (s31)"
    # The order's own date, when recorded, decides rather than the hearing.
    set_path(data, "child.legal_status_since", "2026-03-01")
    assert _view(data, "matching-report-part2").child.legal_status == "Interim care order (s38)"
    assert _view(data, "panel-front-sheet").child.legal_status == "Care order (s31)"


def test_reviews_held_after_the_document_are_left_out() -> None:
    view = _view(complete_data(), "matching-report-part2")
    # Of the four reviews, the one on 10 April 2026 post-dates Part 2 (20 February 2026).
    assert [review.date for review in view.child.lac_reviews] == [
        "31 January 2025",
        "25 April 2025",
        "17 October 2025",
    ]
    referral = _view(complete_data(), "ppm-referral").child
    assert referral.lac_reviews == []
    assert referral.recommending_review_date.__class__.__name__ == "Missing"


def test_an_approval_or_annual_review_after_the_document_is_left_out() -> None:
    data = complete_data()
    set_path(data, "carers.approval.approved_on", "2026-02-25")
    set_path(data, "carers.approval.last_annual_review", "2026-03-01")
    set_path(data, "carers.approval.form_f_updated", "2026-03-01")
    carers = _view(data, "matching-report-part3").carers
    assert carers.approved_on == "Not yet on 23 February 2026"
    assert carers.last_annual_review == "None recorded before 23 February 2026"
    assert carers.form_f_updated == "None recorded before 23 February 2026"
    later = _view(data, "panel-front-sheet").carers
    assert (later.approved_on, later.last_annual_review) == ("25 February 2026", "1 March 2026")


def test_a_school_started_after_the_document_is_not_named_on_it(tmp_path: Path) -> None:
    data = complete_data()
    set_path(data, "child.education.school_since", "2025-09-01")
    education = _view(data, "ppm-referral").child.education
    assert education.school == ("Not recorded as at 20 January 2025 (the one on record is later)")
    assert education.year_group == education.school
    # Not anywhere in the rendered referral either.
    folder = write_case_folder(tmp_path / "case", data)
    result = build_case(
        folder, BuildOptions(out=tmp_path / "out", as_of=AS_OF, only=("ppm-referral",))
    )
    document = open_docx(result.out / "PF-TEST-0001_ppm-referral.docx")
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [" ".join(cells) for table in document.tables for cells in row_cells(table)]
    )
    assert "Example Primary School" not in text
    # Started on or before the document: named.
    assert _view(data, "panel-front-sheet").child.education.school == "Example Primary School"


@pytest.mark.parametrize(
    ("path", "value", "kind", "read", "expected"),
    [
        (
            "child.education.pep_date",
            "2026-03-01",
            "matching-report-part2",
            lambda v: v.child.education.pep_date,
            "None recorded before 20 February 2026",
        ),
        (
            "care_plan.adm_ratified_on",
            "2026-03-01",
            "matching-report-part2",
            lambda v: v.care_plan.adm_ratified_on,
            "Not yet on 20 February 2026",
        ),
        (
            "siblings[0].sibling_assessment_date",
            "2026-03-01",
            "matching-report-part2",
            lambda v: v.siblings[0].sibling_assessment,
            "Not yet on 20 February 2026",
        ),
    ],
)
def test_other_dated_facts_after_the_document_are_not_yet(
    path: str, value: str, kind: str, read: Any, expected: str
) -> None:
    data = set_path(complete_data(), path, value)
    assert read(_view(data, kind)) == expected
    assert read(_view(data, "panel-front-sheet")) == "1 March 2026"


def test_a_parts_sign_off_tells_its_completion_from_the_managers_later_agreement() -> None:
    block = _view(complete_data(), "matching-report-part2").matching.part2_sign_off
    # Part 2 is dated its completion (20 February); the team manager's agreement (24 February)
    # belongs to the same paper's sign-off, so it is shown, told apart, not left out as later.
    assert [(s.role, s.date) for s in block] == [
        ("Completed by the child's social worker", "20 February 2026"),
        ("Agreed by the team manager", "24 February 2026"),
    ]


def test_views_are_built_once_per_date() -> None:
    rendering = _rendering(complete_data())
    # The front sheet and checklist share a date, so they share one view; Part 2 has its own.
    assert rendering.view_for("panel-front-sheet") is rendering.view_for("panel-checklist")
    assert rendering.view_for("matching-report-part2") is not rendering.view_for("ppm-referral")
    assert rendering.view_for("ppm-referral") is rendering.view_for("ppm-referral")


# --- check says what a document prints or leaves out that is dated after it ---------------------


def test_check_warns_when_a_printed_value_is_dated_after_the_document() -> None:
    data = set_path(complete_data(), "care_plan.plan_date", "2026-03-01")
    findings = _findings(data, "dated.printed-after")
    assert {f.documents for f in findings} == {("ppm-referral",), ("matching-report-part2",)}
    for finding in findings:
        assert finding.field == "care_plan.plan_date" and finding.severity == "warning"
        assert "the care plan dated 1 March 2026" in finding.message
    part2 = next(f for f in findings if f.documents == ("matching-report-part2",))
    assert "Part 2" in part2.message and "20 February 2026" in part2.message


def test_check_names_a_paper_for_panel_dated_after_the_front_sheet() -> None:
    data = set_path(complete_data(), "attachments[0].date", "2026-04-20")
    findings = _findings(data, "dated.printed-after")
    assert {(f.field, f.documents) for f in findings} == {
        ("attachments[0].date", ("panel-front-sheet",)),
        ("attachments[0].date", ("panel-checklist",)),
    }


def test_check_warns_when_a_value_a_document_needs_is_left_out_as_later() -> None:
    data = set_path(complete_data(), "child.education.school_since", "2025-09-01")
    (finding,) = _findings(data, "dated.left-out")
    assert finding.documents == ("ppm-referral",)
    assert finding.field == "child.education.school_since"
    assert "20 January 2025" in finding.message and "1 September 2025" in finding.message
    # The complete case, every fact on or before its documents, is clean.
    assert _findings(complete_data(), "dated.left-out") == []
    assert _findings(complete_data(), "dated.printed-after") == []
