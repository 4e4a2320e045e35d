"""The panel pack PDF: parts in order, one bookmark per part at its first page, damage named.

The PDFs here are built with pypdf, one labelled page at a time, so these tests need no
LibreOffice and can check by text which page a bookmark really lands on.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    StreamObject,
)

from permdocs.errors import ConversionError, PermdocsError
from permdocs.pack.pdftools import (
    AssembledPdf,
    PartRange,
    PdfPart,
    assemble,
    page_count,
    pdf_text,
    pdfa_conformance,
)


def make_pdf(*labels: str, bookmark: str = "") -> bytes:
    """A PDF with one page per label, each page showing its label as text."""
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    for label in labels:
        page = writer.add_blank_page(595, 842)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        content = DecodedStreamObject()
        content.set_data(f"BT /F1 24 Tf 72 700 Td ({label}) Tj ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(content)
    if bookmark:
        writer.add_outline_item(title=bookmark, page_number=0)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def outline_targets(data: bytes) -> list[tuple[str, int]]:
    """(title, 0-based page index) for each top-level bookmark, as a PDF reader would show them."""
    reader = PdfReader(io.BytesIO(data))
    items = []
    for item in reader.outline:
        assert not isinstance(item, list), "the pack's bookmarks should be one level deep"
        page = reader.get_destination_page_number(item)
        assert page is not None
        items.append((str(item.title), page))
    return items


@pytest.fixture(scope="module")
def three_parts() -> list[PdfPart]:
    return [
        PdfPart("Child's permanence report", make_pdf("A1", "A2")),
        PdfPart("Foster carer's report – Amélie", make_pdf("B1", "B2", "B3")),
        PdfPart("Medical summary", make_pdf("C1")),
    ]


def test_page_count_from_bytes_and_path(tmp_path: Path) -> None:
    data = make_pdf("one", "two", "three")
    path = tmp_path / "three.pdf"
    path.write_bytes(data)
    assert page_count(data) == 3
    assert page_count(path) == 3


def test_pdf_text_reads_one_page() -> None:
    data = make_pdf("first", "second")
    assert pdf_text(data, 0).strip() == "first"
    assert pdf_text(data, 1).strip() == "second"


def test_assemble_concatenates_parts_in_order(three_parts: list[PdfPart]) -> None:
    pack = assemble(three_parts)
    assert isinstance(pack, AssembledPdf)
    texts = [pdf_text(pack.data, index).strip() for index in range(page_count(pack.data))]
    assert texts == ["A1", "A2", "B1", "B2", "B3", "C1"]
    assert pack.page_count == 6


def test_assemble_reports_page_ranges(three_parts: list[PdfPart]) -> None:
    pack = assemble(three_parts)
    assert pack.ranges == [
        PartRange("Child's permanence report", 1, 2),
        PartRange("Foster carer's report – Amélie", 3, 5),
        PartRange("Medical summary", 6, 6),
    ]
    # Plain tuples too, for an index page template that just unpacks them.
    assert pack.ranges[1] == ("Foster carer's report – Amélie", 3, 5)


def test_one_bookmark_per_part_at_its_first_page(three_parts: list[PdfPart]) -> None:
    pack = assemble(three_parts)
    assert outline_targets(pack.data) == [
        ("Child's permanence report", 0),
        ("Foster carer's report – Amélie", 2),
        ("Medical summary", 5),
    ]
    # Each bookmark lands on the page that really starts its part, not merely a page number.
    for (_title, page), first_text in zip(
        outline_targets(pack.data), ["A1", "B1", "C1"], strict=True
    ):
        assert pdf_text(pack.data, page).strip() == first_text


def test_pack_opens_with_bookmarks_showing_and_has_a_title(three_parts: list[PdfPart]) -> None:
    pack = assemble(three_parts, title="Panel pack: J. Smith")
    reader = PdfReader(io.BytesIO(pack.data))
    assert reader.page_mode == "/UseOutlines"
    assert reader.metadata is not None
    assert reader.metadata.title == "Panel pack: J. Smith"


def test_parts_own_bookmarks_are_not_carried_over() -> None:
    parts = [
        PdfPart("Report", make_pdf("R1", "R2", bookmark="Section inside the report")),
        PdfPart("Letter", make_pdf("L1")),
    ]
    assert outline_targets(assemble(parts).data) == [("Report", 0), ("Letter", 2)]


def test_the_same_pdf_twice_gets_two_bookmarks() -> None:
    data = make_pdf("X1", "X2")
    pack = assemble([PdfPart("First copy", data), PdfPart("Second copy", data)])
    assert outline_targets(pack.data) == [("First copy", 0), ("Second copy", 2)]
    assert pack.ranges == [("First copy", 1, 2), ("Second copy", 3, 4)]


@pytest.mark.parametrize(
    ("label", "damage"),
    [
        ("random bytes", lambda good: bytes(range(256)) * 8),
        ("empty file", lambda good: b""),
        ("truncated", lambda good: good[: len(good) // 2]),
        ("header only", lambda good: b"%PDF-1.7\n" + b"\x00" * 500),
    ],
)
def test_damaged_part_is_named_with_what_to_do(label: str, damage: object) -> None:
    assert callable(damage)
    good = make_pdf("G1")
    parts = [PdfPart("Good report", good), PdfPart("Scanned GP letter", damage(good))]
    with pytest.raises(ConversionError) as caught:
        assemble(parts)
    error = caught.value
    assert isinstance(error, PermdocsError)
    assert error.message.startswith("Scanned GP letter: "), label
    assert "Good report" not in error.message
    assert "save it again as PDF" in error.hint
    assert "replace the attachment" in error.hint


def test_password_protected_part_is_named() -> None:
    writer = PdfWriter(clone_from=io.BytesIO(make_pdf("S1")))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ConversionError) as caught:
        assemble([PdfPart("Locked attachment", buffer.getvalue())])
    assert caught.value.message == "Locked attachment: the PDF is password-protected"
    assert "without the password" in caught.value.hint


def test_page_count_of_a_damaged_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"not a pdf at all")
    with pytest.raises(ConversionError, match=r"broken\.pdf: this is not a PDF file"):
        page_count(path)


def test_assemble_needs_parts() -> None:
    with pytest.raises(ValueError, match="at least one part"):
        assemble([])


def _with_xmp(data: bytes, xmp: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(data))
    stream = StreamObject()
    stream.set_data(xmp.encode("utf-8"))
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    writer.root_object[NameObject("/Metadata")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


_XMP = """<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
{description}
</rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""


def test_pdfa_declaration_read_in_both_xmp_forms() -> None:
    plain = make_pdf("P1")
    assert pdfa_conformance(plain) is None
    as_elements = _XMP.format(
        description='<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'
        "<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>"
    )
    as_attributes = _XMP.format(
        description='<rdf:Description rdf:about="uuid:1" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"'
        ' pdfaid:part="3" pdfaid:conformance="u"/>'
    )
    assert pdfa_conformance(_with_xmp(plain, as_elements)) == "2B"
    assert pdfa_conformance(_with_xmp(plain, as_attributes)) == "3U"
