"""PDF assembly with pypdf: page counts, a bookmarked panel pack, text for checks.

Everything works on bytes in memory, so nothing here touches a case folder; the caller writes the
result atomically. A PDF that cannot be read is reported by the title of the part it came from,
because the person fixing it knows "Child's permanence report", not a temp file name.
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple
from xml.sax.saxutils import escape as xml_escape

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.errors import PyPdfError
from pypdf.generic import NameObject

from ..errors import ConversionError

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
def quiet_pypdf() -> Iterator[None]:
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
    with quiet_pypdf():
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


def assemble(
    parts: Sequence[PdfPart],
    *,
    title: str = "",
    stamps: bytes | None = None,
    pdfa: PdfaDeclaration | None = None,
    before_writing: Callable[[PdfWriter], object] | None = None,
) -> AssembledPdf:
    """Concatenate the parts in order, with one top-level bookmark per part at its first page.

    Every part is opened and checked before anything is assembled, so a damaged part stops the
    whole pack with an error naming it. The parts' own bookmarks are not carried over: the pack's
    outline is meant to be the list of documents, one level deep, matching the index page.

    ``stamps``, a PDF with one page per page of the pack, is laid over the pack page by page (see
    :func:`_stamp`). With ``pdfa`` the pack declares PDF/A-2b: every part must already be PDF/A
    (see :func:`pdfa_problems`), and the declaration itself is written here. ``before_writing``
    is given the finished document last (to take out active content, ``pdfclean``).
    """
    if not parts:
        raise ValueError("assemble() needs at least one part")
    readers = [(part.title, open_pdf(part.pdf, part.title)) for part in parts]
    stamp_reader = open_pdf(stamps, "the page numbers") if stamps is not None else None

    writer = PdfWriter()
    ranges: list[PartRange] = []
    for part_title, reader in readers:
        first_index = len(writer.pages)
        try:
            with quiet_pypdf():
                writer.append(reader, import_outline=False)
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ConversionError(
                f"{part_title}: the PDF could not be added to the pack ({exc})", hint=_REPAIR_HINT
            ) from exc
        writer.add_outline_item(title=part_title, page_number=first_index)
        ranges.append(PartRange(part_title, first_index + 1, len(writer.pages)))

    if stamp_reader is not None:
        _stamp(writer, stamp_reader)
    # Open with the bookmarks panel showing: the pack is navigated by document, not by scrolling.
    writer.page_mode = "/UseOutlines"
    if pdfa is not None:
        _declare_pdfa(writer, [reader for _, reader in readers], title, pdfa)
    elif title:
        writer.add_metadata({"/Title": title})
    if before_writing is not None:
        with quiet_pypdf():
            before_writing(writer)
    buffer = io.BytesIO()
    with quiet_pypdf():
        writer.write(buffer)
    return AssembledPdf(data=buffer.getvalue(), ranges=ranges)


# --- page stamps ------------------------------------------------------------------------------


def _stamp(writer: PdfWriter, stamps: PdfReader) -> None:
    """Lay stamp page i over pack page i, stamp and page aligned at their top right corners.

    Aligning corners rather than whole pages keeps the stamp in the margin of a paper of another
    size (US Letter, landscape). A page shown rotated is first turned upright in its content, so
    "top right" is where the reader sees it.
    """
    if len(stamps.pages) != len(writer.pages):
        raise ConversionError(
            f"the page numbers have {len(stamps.pages)} pages for a pack of {len(writer.pages)}",
            hint="this is a bug in permdocs; please report it",
        )
    with quiet_pypdf():
        for page, stamp in zip(writer.pages, stamps.pages, strict=True):
            if page.rotation:
                page.transfer_rotation_to_content()
            visible, own = page.cropbox, stamp.cropbox
            shift = Transformation().translate(
                float(visible.right) - float(own.right), float(visible.top) - float(own.top)
            )
            page.merge_transformed_page(stamp, shift)


# --- PDF/A ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfaDeclaration:
    """What a PDF/A pack says about itself: its producer and when it was made."""

    producer: str
    created: datetime


def unembedded_fonts(reader: PdfReader) -> list[str]:
    """Names of the fonts a PDF uses without carrying them (PDF/A forbids any).

    Fonts are looked for in each page's resources and, one level down, in its form XObjects (where
    LibreOffice and pypdf's stamping put them). Type 3 fonts are drawn by the PDF itself.
    """
    missing: list[str] = []
    with quiet_pypdf():
        for page in reader.pages:
            for resources in _resource_dicts(page.get("/Resources")):
                fonts = resources.get("/Font")
                for font in (fonts.get_object() if fonts is not None else {}).values():
                    font = font.get_object()
                    if font.get("/Subtype") == "/Type3":
                        continue
                    described = font
                    if font.get("/Subtype") == "/Type0":
                        described = font["/DescendantFonts"][0].get_object()
                    descriptor = described.get("/FontDescriptor")
                    descriptor = descriptor.get_object() if descriptor is not None else {}
                    if not any(key in descriptor for key in _FONT_FILES):
                        name = str(font.get("/BaseFont", "(unnamed)")).lstrip("/")
                        if name not in missing:
                            missing.append(name)
    return missing


_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def _resource_dicts(resources: Any) -> Iterator[Any]:
    if resources is None:
        return
    resources = resources.get_object()
    yield resources
    xobjects = resources.get("/XObject")
    for xobject in (xobjects.get_object() if xobjects is not None else {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            yield xobject["/Resources"].get_object()


def pdfa_problems(pdf: PdfSource, name: str) -> str:
    """Why a PDF cannot go into a PDF/A-2 pack as it is, or "" when it can.

    It must declare PDF/A-1 or PDF/A-2 (PDF/A-3 may carry embedded files, which PDF/A-2 does not
    allow) and carry every font it uses. A declaration check, not a validator (veraPDF is one).
    """
    reader = open_pdf(pdf, name)
    level = pdfa_conformance(reader)
    if level is None or level[0] not in "12":
        return "it is not PDF/A" if level is None else f"it is PDF/A-{level}, not PDF/A-1 or -2"
    fonts = unembedded_fonts(reader)
    if fonts:
        return "it does not carry its fonts (" + ", ".join(fonts[:3]) + ")"
    return ""


def _pdf_date(moment: datetime) -> str:
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")


def _declare_pdfa(
    writer: PdfWriter, readers: Sequence[PdfReader], title: str, declaration: PdfaDeclaration
) -> None:
    """Make the assembled pack say what its PDF/A parts are: an output intent (the colour space
    its pages are meant for) copied from the first part that has one, an identifier, and XMP
    metadata that declares PDF/A-2b and repeats the document information exactly, as PDF/A
    requires."""
    intents = next(
        (
            reader.root_object["/OutputIntents"]
            for reader in readers
            if "/OutputIntents" in reader.root_object
        ),
        None,
    )
    if intents is None:
        raise ConversionError(
            "none of the pack's PDF/A parts says which colour profile it uses (an output "
            "intent), so the pack cannot be PDF/A",
            hint="build the pack without --pdfa, or replace the attachments with PDF/A copies "
            "made by Word or LibreOffice",
        )
    writer.root_object[NameObject("/OutputIntents")] = intents.clone(writer)
    moment = declaration.created.astimezone(UTC).replace(microsecond=0)
    writer.add_metadata(
        {
            "/Title": title,
            "/Producer": declaration.producer,
            "/CreationDate": _pdf_date(moment),
            "/ModDate": _pdf_date(moment),
        }
    )
    when = moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    xmp = _XMP.format(title=xml_escape(title), producer=xml_escape(declaration.producer), when=when)
    writer.xmp_metadata = xmp.encode("utf-8")
    writer.generate_file_identifiers()
    # PDF/A-2 rests on PDF 1.7; say so in the header whatever pypdf would have written.
    writer.pdf_header = b"%PDF-1.7"


_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <pdf:Producer>{producer}</pdf:Producer>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
