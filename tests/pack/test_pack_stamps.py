"""Pack page numbers laid over papers of any page size or rotation land at the top right.

The stamps and papers here are made with pypdf, so this needs no LibreOffice; where each piece of
text lands is read back with pypdf's text visitor, in the page's own coordinates.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from permdocs.pack.pdftools import PdfPart, assemble

A4 = (595.0, 842.0)


def _page(writer: PdfWriter, size: tuple[float, float], text: str, x: float, y: float) -> None:
    page = writer.add_blank_page(*size)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    content = DecodedStreamObject()
    content.set_data(f"BT /F1 8 Tf {x} {y} Td ({text}) Tj ET".encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(content)


def _pdf(pages: list[tuple[tuple[float, float], str, int]]) -> bytes:
    writer = PdfWriter()
    for size, text, rotation in pages:
        _page(writer, size, text, 72, 72)
        if rotation:
            writer.pages[-1].rotate(rotation)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _stamps(count: int) -> bytes:
    """A4 pages with "STAMP n" 30 points in from the top right corner."""
    writer = PdfWriter()
    for number in range(1, count + 1):
        _page(writer, A4, f"STAMP {number}", A4[0] - 60, A4[1] - 30)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _where(page: object, wanted: str) -> tuple[float, float]:
    found: list[tuple[float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if wanted in text:
            # Text space to user space: the text matrix, then the current transformation.
            x, y = tm[4], tm[5]
            found.append((cm[0] * x + cm[2] * y + cm[4], cm[1] * x + cm[3] * y + cm[5]))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    assert found, f"{wanted!r} not on the page"
    return found[0]


def test_stamps_land_at_the_visible_top_right_of_every_page() -> None:
    letter_landscape = (792.0, 612.0)
    papers = _pdf([(A4, "portrait", 0), (letter_landscape, "landscape", 0), (A4, "turned", 90)])
    pack = assemble([PdfPart("Papers", papers)], stamps=_stamps(3))
    reader = PdfReader(io.BytesIO(pack.data))
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert page.rotation == 0  # turned upright in its content first
        x, y = _where(page, f"STAMP {number}")
        assert width - 70 < x < width and height - 40 < y < height, (number, x, y, width)
    # The turned page shows the way it did: wider than tall, its own text still there.
    assert float(reader.pages[2].mediabox.width) > float(reader.pages[2].mediabox.height)
    assert "turned" in reader.pages[2].extract_text()
