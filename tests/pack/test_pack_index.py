"""The pack's index page: page ranges, what each version of the pack shows, and its template."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from docx_helpers import canonical, open_docx, openxml_errors, row_cells, xml_parts
from permdocs.pack.contents import OwedPaper, PackEntry
from permdocs.pack.index import (
    PDF_ONLY,
    PageRange,
    index_view,
    page_field,
    page_ranges,
    placeholder_ranges,
)
from permdocs.resources import bundled_templates_dir

ROOT = Path(__file__).resolve().parents[2]


def entry(title: str, format: str = "pdf", generated: bool = False) -> PackEntry:
    return PackEntry(
        title=title,
        kind="care-plan",
        generated=generated,
        format="docx" if format == "docx" else "pdf",
        date="1 September 2026",
        author="Priya Ramdas",
    )


def test_ranges_follow_each_other_from_the_first_page() -> None:
    assert page_ranges([2, 1, 5], first_page=2) == [
        PageRange(2, 3),
        PageRange(4, 4),
        PageRange(5, 9),
    ]
    assert [str(r) for r in page_ranges([2, 1], first_page=3)] == ["3–4", "5"]
    with pytest.raises(ValueError):
        page_ranges([1, 0], first_page=2)


def test_placeholders_are_at_least_as_wide_as_any_real_range() -> None:
    widest = str(placeholder_ranges(1)[0])
    assert len(widest) >= len(str(PageRange(100, 999)))


def test_the_pdf_index_gives_every_paper_its_pages() -> None:
    entries = [entry("Front sheet", "docx", generated=True), entry("Care plan")]
    view = index_view(
        entries,
        [],
        version="pdf",
        pages=[PageRange(2, 3), PageRange(4, 5)],
        total_pages=5,
    )
    assert [(row.number, row.title, row.pages) for row in view.rows] == [
        ("1", "Front sheet", "2–3"),
        ("2", "Care plan", "4–5"),
    ]
    assert view.summary == "This pack holds 2 papers on 5 pages."


def test_the_word_index_sends_pdf_papers_to_the_pdf_pack_and_marks_its_fields() -> None:
    entries = [entry("Front sheet", "docx", generated=True), entry("Care plan")]
    owed = [OwedPaper("Chronology", "child's social worker", "")]
    view = index_view(
        entries,
        owed,
        version="docx",
        pages=[PageRange(2, 3), None],
        total_pages=None,
        fields=True,
    )
    assert [row.pages for row in view.rows] == [page_field(1), PDF_ONLY, "MISSING"]
    assert "the 1 paper received as PDF is in the PDF pack only" in view.introduction
    assert "still owed" in view.summary


def _generator() -> object:
    sys.path.insert(0, str(ROOT / "tools"))
    spec = importlib.util.spec_from_file_location(
        "make_pack_templates", ROOT / "tools" / "make_pack_templates.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_index_template_matches_its_generator(tmp_path: Path) -> None:
    built: dict[str, bytes] = _generator().build_all()  # type: ignore[attr-defined]
    assert set(built) == {"panel-pack.docx"}
    committed = (bundled_templates_dir() / "panel-pack.docx").read_bytes()
    fresh, old = xml_parts(built["panel-pack.docx"]), xml_parts(committed)
    assert sorted(fresh) == sorted(old)
    for part in fresh:
        if part != "docProps/core.xml":
            assert canonical(fresh[part]) == canonical(old[part]), (
                f"{part} is stale: make templates"
            )
    path = tmp_path / "panel-pack.docx"
    path.write_bytes(committed)
    assert openxml_errors(path) == []
    table = open_docx(committed).tables[0]
    assert next(row_cells(table)) == ["No.", "Paper", "Date", "Author", "Pages"]
