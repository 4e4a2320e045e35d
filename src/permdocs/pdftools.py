"""PDF assembly with pypdf: page counts, a bookmarked panel pack, text for checks.

Everything works on bytes in memory, so nothing here touches a case folder; the caller writes the
result atomically. A PDF that cannot be read is reported by the title of the part it came from,
because the person fixing it knows "Child's permanence report", not a temp file name.
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from .errors import ConversionError

PDFAID_NAMESPACE = "http://www.aiim.org/pdfa/ns/id/"
_RDF_NAMESPACE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_REPAIR_HINT = "open it and save it again as PDF, or replace the attachment"

PdfSource = bytes | Path


@dataclass(frozen=True)
class PdfPart:
    """One document of a pack: the bookmark title it gets and its PDF bytes."""

    title: str
    pdf: bytes = field(repr=False)


class PartRange(NamedTuple):
    """Where a part landed in the pack, as 1-based page numbers (what a reader sees)."""

    title: str
    first: int
    last: int


@dataclass(frozen=True)
class AssembledPdf:
    """The assembled pack and the page range of each part, in order, for an index page."""

    data: bytes = field(repr=False)
    ranges: list[PartRange]

    @property
    def page_count(self) -> int:
        return self.ranges[-1].last if self.ranges else 0


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Silence pypdf's repair warnings for the duration.

    With ``strict=False`` pypdf logs each repair it makes at WARNING. The library never prints, and
    whether a file is usable is reported through the result or a ConversionError instead.
    """
    pypdf_logger = logging.getLogger("pypdf")
    previous_level = pypdf_logger.level
    pypdf_logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        pypdf_logger.setLevel(previous_level)


def open_pdf(pdf: PdfSource, name: str) -> PdfReader:
    """Open a PDF fully enough to trust it, or raise a ConversionError naming ``name``.

    ``name`` is what the user knows the document as (a part title, a file name). pypdf parses
    lazily, so merely constructing a reader proves little; resolving every page is what exposes a
    truncated or damaged file here rather than halfway through writing a pack.
    """
    try:
        data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    except OSError as exc:
        raise ConversionError(
            f"{name}: cannot read the PDF ({exc.strerror})",
            hint="check the file exists and you can open it",
        ) from exc
    # The header may sit anywhere in the first 1024 bytes (PDF 1.7, annex H); beyond that it is
    # not a PDF whatever its name says.
    if b"%PDF-" not in data[:1024]:
        raise ConversionError(f"{name}: this is not a PDF file", hint=_REPAIR_HINT)
    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise ConversionError(
                    f"{name}: the PDF is password-protected",
                    hint="save a copy without the password, or replace the attachment",
                )
            pages = reader.pages
            for page in pages:
                # Resolving each page object is what surfaces broken cross-references.
                page.get("/Contents")
            if len(pages) == 0:
                raise ConversionError(f"{name}: the PDF has no pages", hint=_REPAIR_HINT)
        except ConversionError:
            raise
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            # pypdf reports damage through many exception types, not only its own; each means the
            # same thing to the user.
            raise ConversionError(f"{name}: the PDF is damaged ({exc})", hint=_REPAIR_HINT) from exc
    return reader


def _source_name(pdf: PdfSource) -> str:
    return str(pdf) if isinstance(pdf, Path) else "PDF data"


def page_count(pdf: PdfSource) -> int:
    """The number of pages in a PDF given as bytes or a path."""
    return len(open_pdf(pdf, _source_name(pdf)).pages)


def pdf_text(pdf: PdfSource, page_index: int) -> str:
    """The extracted text of one page (0-based), for tests and checks."""
    return open_pdf(pdf, _source_name(pdf)).pages[page_index].extract_text()


def _pdfaid_values(reader: PdfReader) -> Iterator[tuple[str, str]]:
    """(name, value) pairs from the XMP ``pdfaid`` namespace, whether written as elements or as
    attributes (both forms are valid XMP; LibreOffice uses elements, other producers attributes).
    """
    xmp = reader.xmp_metadata
    if xmp is None:
        return
    root: Any = xmp.rdf_root
    for description in root.getElementsByTagNameNS(_RDF_NAMESPACE, "Description"):
        for index in range(description.attributes.length):
            attribute = description.attributes.item(index)
            if attribute.namespaceURI == PDFAID_NAMESPACE:
                yield attribute.localName, attribute.value.strip()
        for child in description.childNodes:
            if child.namespaceURI == PDFAID_NAMESPACE:
                text = "".join(n.data for n in child.childNodes if n.nodeType == n.TEXT_NODE)
                yield child.localName, text.strip()


def pdfa_conformance(pdf: PdfSource | PdfReader) -> str | None:
    """The PDF/A level a PDF declares in its XMP metadata, such as ``"2B"``, or None.

    This reads the declaration only; it is not a validator (veraPDF is). It is enough to prove
    LibreOffice honoured the PDF/A export option, which older versions ignore without a word.
    """
    reader = pdf if isinstance(pdf, PdfReader) else open_pdf(pdf, _source_name(pdf))
    values = dict(_pdfaid_values(reader))
    part = values.get("part")
    if not part:
        return None
    return part + values.get("conformance", "").upper()


def assemble(parts: Sequence[PdfPart], *, title: str = "") -> AssembledPdf:
    """Concatenate the parts in order, with one top-level bookmark per part at its first page.

    Every part is opened and checked before anything is assembled, so a damaged part stops the
    whole pack with an error naming it. The parts' own bookmarks are not carried over: the pack's
    outline is meant to be the list of documents, one level deep, matching the index page.
    """
    if not parts:
        raise ValueError("assemble() needs at least one part")
    readers = [(part.title, open_pdf(part.pdf, part.title)) for part in parts]

    writer = PdfWriter()
    ranges: list[PartRange] = []
    for part_title, reader in readers:
        first_index = len(writer.pages)
        try:
            with _quiet_pypdf():
                writer.append(reader, import_outline=False)
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ConversionError(
                f"{part_title}: the PDF could not be added to the pack ({exc})", hint=_REPAIR_HINT
            ) from exc
        writer.add_outline_item(title=part_title, page_number=first_index)
        ranges.append(PartRange(part_title, first_index + 1, len(writer.pages)))

    # Open with the bookmarks panel showing: the pack is navigated by document, not by scrolling.
    writer.page_mode = "/UseOutlines"
    if title:
        writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    with _quiet_pypdf():
        writer.write(buffer)
    return AssembledPdf(data=buffer.getvalue(), ranges=ranges)
