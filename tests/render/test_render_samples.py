"""Every sample (and the render fixture) builds, and each document carries its facts in the right
section, passes an independent validator, and opens in LibreOffice with every page marked."""

from __future__ import annotations

import re
import shutil

import pytest
from pypdf import PdfReader

from docx_helpers import (
    convert_to_pdf,
    header_footer_texts,
    open_docx,
    openxml_errors,
    section,
    sections,
    xml_parts,
)
from permdocs.policy.documents import REPORTS, STANDARD_PAPERS
from permdocs.render.as_at import legal_status_on
from permdocs.render.formatting import (
    LEGAL_STATUS_LABELS,
    OPTION_LABELS,
    couple_names,
    describe_age,
    short_date,
)
from permdocs.render.formatting import uk_date as d
from render_builds import FIXTURE, SAMPLE_AS_OF, Built, builds, sample_folders

__all__ = ["builds"]  # the session fixture, imported for pytest

NAMES = [FIXTURE.name, *(folder.name for folder in sample_folders())]


def _get(builds: list[Built], name: str) -> Built:
    return next(built for built in builds if built.name == name)


@pytest.mark.parametrize("name", NAMES)
def test_every_report_is_built_with_a_manifest(builds: list[Built], name: str) -> None:
    built = _get(builds, name)
    kinds = {document.kind for document in built.result.documents}
    reports = {kind.kind for kind in REPORTS}
    assert (kinds & reports) | set(built.result.skipped) == reports
    # Once the ADM has decided, the build includes the decision letters too.
    assert bool(kinds - reports) == (built.case.decision is not None)
    for document in built.result.documents:
        assert (built.result.out / document.file_name).is_file()
    assert built.result.manifest.is_file()


@pytest.mark.parametrize("name", NAMES)
def test_ppm_referral_carries_the_child_history_siblings_and_contact(
    builds: list[Built], name: str
) -> None:
    built = _get(builds, name)
    case = built.case
    document = open_docx(built.path("ppm-referral"))
    child = section(document, "The child").text
    assert case.child.full_name in child
    assert d(case.child.date_of_birth) in child
    placement = section(document, "Placement and legal status").text
    # As at the referral's date: a care order made later is the interim order it was then.
    status = legal_status_on(case.child, case.ppm.referral_date or SAMPLE_AS_OF)
    if status:
        assert LEGAL_STATUS_LABELS[status] in placement
    if case.carers is not None:
        names = couple_names((c.first_names, c.last_name) for c in case.carers.carers)
        assert (names in placement) != case.ppm.family_finding.needed
    now = case.child.current_placement
    if now is not None:
        assert f"Lives with now | {now.carers}" in placement
        if now.since is not None:
            assert f"Living there since | {d(now.since)}" in placement
    if case.child.looked_after_since:
        assert d(case.child.looked_after_since) in placement
    siblings = section(document, "Brothers and sisters")
    first_column = [row[0] for row in siblings.tables[0][1:]]
    assert first_column == [sibling.name for sibling in case.siblings] or (
        not case.siblings and first_column == ["No brothers or sisters are recorded."]
    )
    contact = section(document, "Family time and contact").text
    for parent in case.birth_parents:
        assert parent.name in contact
    options = section(document, "The care plan and permanence options").text
    for option in case.care_plan.options_considered:
        assert OPTION_LABELS[option.option] in options
    sign_off = section(document, "Sign-off").text
    if case.professionals.childs_social_worker:
        assert case.professionals.childs_social_worker.name in sign_off


@pytest.mark.parametrize("name", NAMES)
def test_part2_carries_needs_and_siblings(builds: list[Built], name: str) -> None:
    built = _get(builds, name)
    case = built.case
    document = open_docx(built.path("matching-report-part2"))
    assert case.child.full_name in section(document, "The child").text
    needs = section(document, "Needs and how these carers will meet them").tables[0]
    assert [row[0] for row in needs[1:]][:1] == ["Health"]
    if case.child.needs.health.how_carers_meet:
        assert needs[1][2] == case.child.needs.health.how_carers_meet.rstrip("\n")
    brothers = section(document, "Brothers and sisters").text
    for sibling in case.siblings:
        assert sibling.name in brothers
        if sibling.date_of_birth:
            assert d(sibling.date_of_birth) in brothers


@pytest.mark.parametrize("name", NAMES)
def test_part3_support_plan_table_has_a_row_per_item(builds: list[Built], name: str) -> None:
    built = _get(builds, name)
    case = built.case
    document = open_docx(built.path("matching-report-part3"))
    carers = section(document, "The carers").text
    if case.carers is not None:
        for carer in case.carers.carers:
            assert carer.full_name in carers
    table = section(document, "Support plan").tables[0]
    assert table[0] == [
        "Need",
        "Support",
        "Provided by",
        "How often",
        "From",
        "Funding",
        "Review",
    ]
    rows = table[1:]
    assert len(rows) == max(1, len(case.matching_meeting.support_plan))
    for row, item in zip(rows, case.matching_meeting.support_plan, strict=False):
        assert row[0] == item.need.rstrip("\n")
        if item.provider:
            assert row[2] == item.provider
        # The support plan is a dense table: its dates are short ("5 Nov 2026").
        if item.start:
            assert row[4] == short_date(item.start)
        if item.review:
            assert row[6] == short_date(item.review)
    if case.matching_meeting.date:
        assert d(case.matching_meeting.date) in section(document, "The matching meeting").text


@pytest.mark.parametrize("name", NAMES)
def test_front_sheet_carries_panel_child_and_papers(builds: list[Built], name: str) -> None:
    built = _get(builds, name)
    case = built.case
    if "panel-front-sheet" in built.result.skipped:
        pytest.skip("this case does not go to panel")
    document = open_docx(built.path("panel-front-sheet"))
    the_case = section(document, "The case").text
    if case.panel.date:
        assert d(case.panel.date) in the_case
        child = section(document, "The child").text
        assert describe_age(case.child.date_of_birth, case.panel.date) in child
    if case.panel.item_number:
        assert case.panel.item_number in the_case
    assert d(case.child.date_of_birth) in section(document, "The child").text
    papers = section(document, "Papers for panel").text
    for attachment in case.attachments:
        assert attachment.title in papers


@pytest.mark.parametrize("name", NAMES)
def test_checklist_ticks_each_attached_paper(builds: list[Built], name: str) -> None:
    built = _get(builds, name)
    case = built.case
    if "panel-checklist" in built.result.skipped:
        pytest.skip("this case does not go to panel")
    document = open_docx(built.path("panel-checklist"))
    table = section(document, "Papers").tables[0]
    assert table[0][:4] == ["Paper", "Present", "Missing", "N/A"]
    by_label = {row[0]: row for row in table[1:]}
    for row in table[1:]:
        assert sorted(row[1:4]) == ["☐", "☐", "☒"], row  # exactly one box ticked
    attached = {attachment.kind for attachment in case.attachments}
    for paper in STANDARD_PAPERS:
        if paper.label in by_label and attached & set(paper.kinds):
            assert by_label[paper.label][1] == "☒", paper.label


@pytest.mark.parametrize("name", NAMES)
def test_every_document_is_marked_with_status_and_page_fields(
    builds: list[Built], name: str
) -> None:
    built = _get(builds, name)
    status = "DRAFT" if built.result.draft else "FINAL"
    for document in built.result.documents:
        path = built.result.out / document.file_name
        opened = open_docx(path)
        header, footer = header_footer_texts(opened)
        assert "OFFICIAL-SENSITIVE" in header and "OFFICIAL-SENSITIVE" in footer
        if document.audience == "child":
            # For the child to read: no case reference and no FINAL (a draft still says so).
            assert built.case.reference not in footer and "FINAL" not in footer
            assert ("DRAFT" in footer) == built.result.draft
        else:
            assert document.title in footer and built.case.reference in footer
            assert status in footer
        footer_xml = b"".join(
            data for part, data in xml_parts(path.read_bytes()).items() if "footer" in part
        ).decode()
        assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", footer_xml)
        assert re.search(r"<w:instrText[^>]*> NUMPAGES </w:instrText>", footer_xml)
        body = "\n".join(part.text for part in sections(opened))
        if not built.result.draft:
            assert "[MISSING:" not in body


def test_every_output_passes_openxml_audit(builds: list[Built]) -> None:
    problems = {}
    for built in builds:
        for document in built.result.documents:
            errors = openxml_errors(built.result.out / document.file_name)
            if errors:
                problems[f"{built.name}/{document.kind}"] = errors[:5]
    assert problems == {}


@pytest.mark.libreoffice
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_opens_every_output_and_every_page_is_marked(
    builds: list[Built], tmp_path_factory: pytest.TempPathFactory
) -> None:
    files = [built.result.out / d.file_name for built in builds for d in built.result.documents]
    root = tmp_path_factory.mktemp("pdf")
    pdfs = convert_to_pdf(files, root / "out", root / "profile")
    for source, pdf in pdfs.items():
        assert pdf.is_file(), f"LibreOffice did not convert {source.name}"
        reader = PdfReader(pdf)
        count = len(reader.pages)
        assert count >= 1
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text()
            assert text.count("OFFICIAL-SENSITIVE") >= 2, f"{pdf.name} page {number}"
            assert f"Page {number} of {count}" in text, f"{pdf.name} page {number}"
