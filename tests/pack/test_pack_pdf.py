"""The PDF pack, made with the real LibreOffice: its index, bookmarks and pages agree.

Two packs are built once for the module (the LibreOffice runs are most of the cost): sample 01
as it is, and a draft PDF/A pack of sample 01 whose two remaining papers are Word files. The
index is read back from the PDF's own text, so what is checked is what a panel member sees.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from docx_helpers import W, open_docx
from pack_cases import (
    AS_OF,
    REFERENCE,
    keep_only_attachments,
    make_attachment_word,
    sample_01,
)
from permdocs.api import build_case, build_pack
from permdocs.build.options import BuildOptions
from permdocs.build.pack import PackResult
from permdocs.pack.convert import PdfConverter, find_soffice
from permdocs.pack.index import PDF_ONLY
from permdocs.pack.pdftools import page_count, pdfa_conformance, unembedded_fonts

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        find_soffice() is None,
        reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
    ),
]

PDF_PACK = f"{REFERENCE}_panel-pack.pdf"
WORD_PACK = f"{REFERENCE}_panel-pack-word-papers.docx"


@dataclass(frozen=True)
class Pack:
    result: PackResult
    reader: PdfReader
    report_pages: dict[str, int]
    """Each report's page count, from LibreOffice converting the report written by the build."""

    def text(self, page: int) -> str:
        """The text of a 1-based page, whitespace collapsed."""
        return " ".join(self.reader.pages[page - 1].extract_text().split())

    def bookmarks(self) -> list[tuple[str, int]]:
        return [
            (item.title, self.reader.get_destination_page_number(item) + 1)
            for item in self.reader.outline
            if not isinstance(item, list)
        ]

    def index_ranges(self) -> dict[int, tuple[int, int]]:
        """Each paper's number -> (first, last) page, as the index page prints them."""
        layout = self.reader.pages[0].extract_text(extraction_mode="layout")
        ranges = {}
        # A row's first line: its number, ..., its pages (spaces only, never across lines).
        row = re.compile(r"^[ \t]*(\d+)[ \t]+\S.*?[ \t](\d+)(?:–(\d+))?[ \t]*$", re.M)
        for match in row.finditer(layout):
            first = int(match[2])
            ranges[int(match[1])] = (first, int(match[3] or first))
        return ranges


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    folder = sample_01(tmp_path_factory.mktemp("pdf-pack") / "case")
    built = build_case(folder, BuildOptions(as_of=AS_OF))
    result = build_pack(folder, BuildOptions(as_of=AS_OF))
    reports = {d.kind: d.data for d in built.documents if d.kind in result.contents.reports}
    with PdfConverter() as converter:
        pdfs = converter.convert_bytes({f"{kind}.docx": data for kind, data in reports.items()})
    pages = {kind: page_count(pdfs[f"{kind}.docx"]) for kind in reports}
    reader = PdfReader(io.BytesIO((result.out / PDF_PACK).read_bytes()))
    return Pack(result, reader, pages)


def test_both_packs_are_written_and_listed_in_the_manifest(pack: Pack) -> None:
    out = pack.result.out
    assert [path.name for path in pack.result.written] == [WORD_PACK, PDF_PACK, "manifest.json"]
    assert pack.result.notices == ()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entries = [e for e in manifest["documents"] if e["kind"] == "panel-pack"]
    assert [(e["path"], e["audience"]) for e in entries] == [
        (WORD_PACK, "professional"),
        (PDF_PACK, "professional"),
    ]


def test_the_packs_are_named_for_what_they_hold(pack: Pack) -> None:
    """The Word pack holds only the Word papers, so it never shares the PDF pack's name."""
    word, pdf = pack.result.out / WORD_PACK, pack.result.out / PDF_PACK
    assert word.stem != pdf.stem and word.stem.endswith("-word-papers")
    entries = pack.result.contents.entries
    assert any(entry.format == "pdf" for entry in entries)
    cells = [row.cells[4].text for row in open_docx(word).tables[0].rows[1:]]
    held = [entry.title for entry, cell in zip(entries, cells, strict=True) if cell != PDF_ONLY]
    assert held == [entry.title for entry in entries if entry.format == "docx"]
    assert len(pack.bookmarks()) == 1 + len(entries)


def test_the_index_page_is_numbered_by_the_pack_stamp_alone(pack: Pack) -> None:
    total = len(pack.reader.pages)
    index = pack.text(1)
    assert f"page 1 of {total}" in index
    # No "Page 1 of 1" of its own under the stamp; the papers keep their footers' own count.
    assert not re.search(r"Page \d+ of \d+", index), index
    assert re.search(r"Page 1 of \d+", pack.text(2))


def front_sheet_ranges(pack: Pack) -> list[tuple[str, int, int]]:
    """The front sheet's "Papers for panel" as the PDF pack prints it: (first line of the row,
    first page, last page) per row, in order (a row's first line ends with its pages)."""
    first, last = pack.index_ranges()[1]
    layout = "\n".join(
        pack.reader.pages[page - 1].extract_text(extraction_mode="layout")
        for page in range(first, last + 1)
    )
    papers = layout.split("Papers for panel", 1)[1].split("Attending panel", 1)[0]
    row = re.compile(r"^(.*\S)[ \t]+(\d+)(?:–(\d+))?[ \t]*$")
    return [
        (" ".join(m[1].split()), int(m[2]), int(m[3] or m[2]))
        for line in papers.splitlines()
        if (m := row.match(line))
    ]


def test_the_front_sheet_in_the_pdf_pack_lists_the_papers_in_pack_order_with_their_pages(
    pack: Pack,
) -> None:
    listed = front_sheet_ranges(pack)
    # Every paper but the front sheet itself (paper 1), in pack order.
    entries = pack.result.contents.entries[1:]
    printed = pack.index_ranges()
    bookmarks = pack.bookmarks()[2:]
    assert len(listed) == len(entries), listed
    for number, ((line, first, last), entry, (_, page)) in enumerate(
        zip(listed, entries, bookmarks, strict=True), start=2
    ):
        assert line.startswith(" ".join(entry.title.split()[:3])), (line, entry.title)
        assert (first, last) == printed[number], entry.title
        assert first == page, f"{entry.title}: the front sheet says {first}, bookmark {page}"


def test_there_is_a_bookmark_per_paper_in_pack_order(pack: Pack) -> None:
    titles = [title for title, _ in pack.bookmarks()]
    assert titles == ["Index"] + [entry.title for entry in pack.result.contents.entries]


def test_each_bookmark_lands_where_the_index_says_and_that_page_is_the_paper(pack: Pack) -> None:
    printed = pack.index_ranges()
    entries = pack.result.contents.entries
    assert sorted(printed) == list(range(1, len(entries) + 1))
    bookmarks = pack.bookmarks()[1:]
    for number, (entry, (title, page)) in enumerate(zip(entries, bookmarks, strict=True), 1):
        first, _last = printed[number]
        assert page == first, f"{title}: bookmark on page {page}, index says {first}"
        assert entry.title in pack.text(page), f"page {page} does not show {entry.title!r}"


def test_the_pack_is_the_index_and_every_part_and_nothing_else(pack: Pack) -> None:
    entries = pack.result.contents.entries
    printed = pack.index_ranges()
    index_pages = printed[1][0] - 1
    sizes = [
        pack.report_pages[entry.kind] if entry.generated else page_count(entry.path or Path())
        for entry in entries
    ]
    assert len(pack.reader.pages) == index_pages + sum(sizes)
    for number, size in enumerate(sizes, start=1):
        first, last = printed[number]
        assert last - first + 1 == size, entries[number - 1].title
    # The last page of every attached paper is in the pack, where the index says.
    for number, entry in enumerate(entries, start=1):
        if entry.path is not None:
            source = PdfReader(entry.path)
            last_line = source.pages[-1].extract_text().split("\n")[0]
            assert " ".join(last_line.split()) in pack.text(printed[number][1])


def test_every_page_carries_its_pack_page_number_and_the_marking(pack: Pack) -> None:
    total = len(pack.reader.pages)
    for page in range(1, total + 1):
        assert f"OFFICIAL-SENSITIVE · Panel pack {REFERENCE} · page {page} of {total}" in (
            pack.text(page)
        )


def test_the_word_pack_from_the_same_run_knows_its_page_numbers(pack: Pack) -> None:
    document = open_docx(pack.result.out / WORD_PACK)
    assert document.settings.element.find(f"{W}updateFields") is None
    cells = [row.cells[4].text for row in document.tables[0].rows[1:5]]
    # The reports open both packs, after an index of the same length here.
    printed = pack.index_ranges()
    expected = [
        f"{printed[n][0]}–{printed[n][1]}" if printed[n][0] != printed[n][1] else str(printed[n][0])
        for n in range(1, 5)
    ]
    assert cells == expected
    # The front sheet inside it lists the same pages as its index.
    (front_sheet,) = [
        table
        for table in document.tables[1:]
        if [cell.text for cell in table.rows[0].cells][-1:] == ["Pages"]
    ]
    assert [row.cells[3].text for row in front_sheet.rows[1:4]] == expected[1:]


@pytest.fixture(scope="module")
def word_papers_pdfa_draft(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    folder = sample_01(tmp_path_factory.mktemp("pdfa-pack") / "case")
    keep_only_attachments(folder, ["care-plan", "chronology"])
    make_attachment_word(folder, "care-plan", ["Care plan footer"])
    make_attachment_word(folder, "chronology", ["Chronology footer A", "Chronology footer B"])
    result = build_pack(folder, BuildOptions(as_of=AS_OF, draft=True, pdfa=True))
    reader = PdfReader(io.BytesIO((result.out / PDF_PACK).read_bytes()))
    return Pack(result, reader, {})


def test_word_papers_go_into_both_packs(word_papers_pdfa_draft: Pack) -> None:
    pack = word_papers_pdfa_draft
    titles = [title for title, _ in pack.bookmarks()]
    assert titles[-2:] == ["Care Plan for Maisie Thornbury", "Chronology for Maisie Thornbury"]
    chronology = dict(pack.bookmarks())["Chronology for Maisie Thornbury"]
    assert "Chronology footer A" in pack.text(chronology)
    assert "Chronology footer B" in pack.text(chronology + 1)
    document = open_docx(pack.result.out / WORD_PACK)
    footers = ["\n".join(p.text for p in s.footer.paragraphs) for s in document.sections]
    assert footers[-3:] == ["Care plan footer", "Chronology footer A", "Chronology footer B"]


def test_a_draft_pack_says_draft_on_every_page_and_lists_the_papers_owed(
    word_papers_pdfa_draft: Pack,
) -> None:
    pack = word_papers_pdfa_draft
    total = len(pack.reader.pages)
    for page in range(1, total + 1):
        assert f"OFFICIAL-SENSITIVE – DRAFT · Panel pack {REFERENCE}" in pack.text(page)
    owed = [paper.label for paper in pack.result.contents.owed]
    assert "Chronology" not in owed and "Permanency Planning Meeting minutes" in owed
    index = pack.text(1)
    assert index.count("Owed by the") == len(owed)
    for label in owed:
        assert label in index


def test_a_pdfa_pack_declares_pdfa_and_carries_its_fonts(word_papers_pdfa_draft: Pack) -> None:
    reader = word_papers_pdfa_draft.reader
    assert pdfa_conformance(reader) == "2B"
    assert unembedded_fonts(reader) == []
    assert "/OutputIntents" in reader.root_object
    assert reader.trailer.get("/ID") is not None
    assert reader.metadata is not None
    assert reader.metadata.title == f"Panel pack {REFERENCE}"
