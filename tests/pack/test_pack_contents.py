"""What goes into the panel pack, in which order, and that the pack and the checklist agree.

No LibreOffice here: the plan is pure, and the packs built are Word packs only.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from docx_helpers import W, open_docx, row_cells, section
from pack_cases import AS_OF, REFERENCE, remove_attachment, sample_01, snapshot
from permdocs.api import build_case, build_pack, case_profile, check_case, load_case
from permdocs.build.options import BuildOptions
from permdocs.cli import cli
from permdocs.errors import PackIncompleteError, RenderError
from permdocs.pack.contents import PackContents, plan_contents
from permdocs.pack.index import PDF_ONLY
from permdocs.render.panel_papers import checklist_rows
from render_builds import SAMPLE_AS_OF, copy_case, sample_folders


def plan(folder: Path) -> PackContents:
    loaded = load_case(folder)
    return plan_contents(loaded.case, case_profile(loaded), as_of=AS_OF, folder=loaded.folder)


def test_the_pack_follows_the_checklist_order(tmp_path: Path) -> None:
    contents = plan(sample_01(tmp_path / "case"))
    assert [entry.kind for entry in contents.entries] == [
        "panel-front-sheet",
        "panel-checklist",
        "matching-report-part2",
        "matching-report-part3",
        "matching-meeting-record",
        "care-plan",
        "chronology",
        "ppm-minutes",
        "form-f-update",
        "annual-review",
        "child-views",
        "iro-view",
        "pep",
        "health-assessment",
        "sibling-assessment",
    ]
    assert [entry.generated for entry in contents.entries[:5]] == [True] * 5
    assert contents.owed == ()


@pytest.mark.parametrize("sample", sample_folders(), ids=lambda path: path.name)
def test_every_attachment_is_in_the_pack_once(sample: Path, tmp_path: Path) -> None:
    folder = copy_case(sample, tmp_path / sample.name)
    case = load_case(folder).case
    contents = plan(folder)
    attached = [entry.path for entry in contents.entries if not entry.generated]
    assert sorted(str(path) for path in attached) == sorted(
        str(folder / attachment.path) for attachment in case.attachments
    )
    titles = [entry.title for entry in contents.entries if not entry.generated]
    assert sorted(titles) == sorted(attachment.title for attachment in case.attachments)


def test_a_paper_no_checklist_row_asks_for_goes_in_last(tmp_path: Path) -> None:
    folder = sample_01(tmp_path / "case")
    shutil.copy(folder / "attachments" / "pep.pdf", folder / "attachments" / "life-story.pdf")
    text = (folder / "case.yaml").read_text(encoding="utf-8")
    extra = (
        "  - kind: life-story\n    title: Maisie's Life Story Book\n"
        "    path: attachments/life-story.pdf\n    author: Priya Ramdas\n    date: 2026-10-01\n"
    )
    (folder / "case.yaml").write_text(
        text.replace("\nschool_confidential:", f"{extra}\nschool_confidential:"),
        encoding="utf-8",
    )
    entries = plan(folder).entries
    assert entries[-1].kind == "life-story"
    assert entries[-1].title == "Maisie's Life Story Book"


@pytest.mark.parametrize("missing", [None, "chronology", "iro-view"])
def test_the_pack_and_the_checklist_agree_about_missing_papers(
    missing: str | None, tmp_path: Path
) -> None:
    folder = sample_01(tmp_path / "case")
    if missing:
        remove_attachment(folder, missing)
    loaded = load_case(folder)
    rows = checklist_rows(loaded.case, case_profile(loaded), as_of=AS_OF)
    owed = plan(folder).owed
    assert [paper.label for paper in owed] == [row.paper for row in rows if row.status == "missing"]
    # ... and the completeness checks report each of them as a blocker, for the same owner.
    findings = [f for f in check_case(folder, as_of=AS_OF) if f.code == "missing-paper"]
    assert {(f.label, f.owner) for f in findings} == {(p.label, p.owner) for p in owed}
    if missing:
        assert len(owed) == 1
        # The missing paper is not in the pack either.
        assert missing not in [entry.kind for entry in plan(folder).entries]


def test_a_final_pack_refuses_missing_papers_naming_each_and_its_owner(tmp_path: Path) -> None:
    folder = sample_01(tmp_path / "case")
    remove_attachment(folder, "chronology")
    remove_attachment(folder, "form-f-update")
    remove_attachment(folder, "annual-review")
    before = snapshot(folder)
    with pytest.raises(PackIncompleteError) as caught:
        build_pack(folder, BuildOptions(as_of=AS_OF, pdf=False))
    message = str(caught.value)
    assert "Chronology, owed by the child's social worker" in message
    assert (
        "Carers' Form F update or latest annual review (Needed because the carers were approved"
        " more than 12 months before panel, or their approval date is not recorded), owed by the"
        " fostering social worker"
    ) in message
    assert "Nothing was written" in message and "--draft" in message
    assert snapshot(folder) == before

    result = CliRunner().invoke(cli, ["pack", "--as-of", AS_OF.isoformat(), str(folder)])
    assert result.exit_code == 1
    assert "Chronology, owed by the child's social worker" in result.output
    assert "Traceback" not in result.output
    assert snapshot(folder) == before


def test_a_draft_pack_lists_what_is_still_owed(tmp_path: Path) -> None:
    folder = sample_01(tmp_path / "case")
    remove_attachment(folder, "chronology")
    result = build_pack(folder, BuildOptions(as_of=AS_OF, pdf=False, draft=True))
    assert [paper.label for paper in result.contents.owed] == ["Chronology"]
    pack = open_docx(result.out / f"{REFERENCE}_panel-pack-word-papers.docx")
    rows = [cells for table in pack.tables[:1] for cells in row_cells(table)]
    assert ["—", "Chronology", "—", "Owed by the child's social worker", "MISSING"] in rows
    text = "\n".join(p.text for p in pack.paragraphs)
    assert re.search(r"1 paper the panel checklist requires is still owed", text)


def test_a_case_that_does_not_go_to_panel_has_no_pack(tmp_path: Path) -> None:
    folder = sample_01(tmp_path / "case")
    text = (folder / "case.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  date: 2026-10-22\n",
        "  reason_not_to_panel: Jordan is 14; the IRO agreed the match goes to the ADM.\n",
        1,
    )
    (folder / "case.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RenderError, match="made only when the match goes to the fostering panel"):
        build_pack(folder, BuildOptions(as_of=AS_OF, pdf=False, draft=True))
    assert not (folder / "out").exists()


@pytest.mark.parametrize("sample", sample_folders(), ids=lambda path: path.name)
def test_the_front_sheet_built_alone_lists_the_papers_in_pack_order_with_no_pages(
    sample: Path, tmp_path: Path
) -> None:
    folder = copy_case(sample, tmp_path / sample.name)
    loaded = load_case(folder)
    contents = plan_contents(
        loaded.case, case_profile(loaded), as_of=SAMPLE_AS_OF, folder=loaded.folder
    )
    options = BuildOptions(as_of=SAMPLE_AS_OF, draft=True, only=("panel-front-sheet",))
    built = build_case(folder, options)
    (document,) = built.documents
    papers = section(open_docx(document.data), "Papers for panel").tables
    assert len(papers) == 1, "one list of papers, the one without pages"
    heading, *rows = papers[0]
    # Built on its own the front sheet cannot know the pack's pages: no column for them.
    assert heading == ["Paper", "Date", "Author"]
    # Every paper but the front sheet itself, in pack order (the attachments are in another
    # order in each sample's case file).
    assert [row[0] for row in rows] == [entry.title for entry in contents.entries[1:]]


def test_the_front_sheet_in_the_word_pack_gives_each_paper_its_page_field(tmp_path: Path) -> None:
    """Without LibreOffice: the same Word fields as the index, which Word works out on opening."""
    result = build_pack(sample_01(tmp_path / "case"), BuildOptions(as_of=AS_OF, pdf=False))
    pack = open_docx(result.out / f"{REFERENCE}_panel-pack-word-papers.docx")
    index, front_sheet = [t for t in pack.tables if next(row_cells(t))[-1:] == ["Pages"]]
    entries = result.contents.entries
    rows = list(row_cells(front_sheet))[1:]
    assert [row[0] for row in rows] == [entry.title for entry in entries[1:]]
    fields = [
        " ".join(node.text.split())
        for node in front_sheet._tbl.iter(f"{W}instrText")
        if "PAGEREF" in node.text
    ]
    for number, (row, entry) in enumerate(zip(rows, entries[1:], strict=True), start=2):
        if entry.format == "pdf":
            assert row[3] == PDF_ONLY, entry.title
        else:
            assert f"PAGEREF _PackPaper{number}Start \\h" in fields, entry.title
    # The index and the front sheet show the same for every paper.
    assert [row[3] for row in rows] == [row[4] for row in list(row_cells(index))[2 : len(rows) + 2]]


def test_a_word_pack_under_its_old_name_is_named_as_from_an_earlier_run(tmp_path: Path) -> None:
    folder = sample_01(tmp_path / "case")
    old = folder / "out" / f"{REFERENCE}_panel-pack.docx"
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_bytes(b"an earlier Word pack")
    result = build_pack(folder, BuildOptions(as_of=AS_OF, pdf=False))
    assert any(notice.startswith(old.name) for notice in result.notices), result.notices
    assert old.read_bytes() == b"an earlier Word pack"
