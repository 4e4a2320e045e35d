"""The Word pack: Word documents merged into one, each in its own section with its own headers
and footers, plus the page-number stamps the PDF pack is marked with.

docxcompose does the merging (styles, numbering, pictures, footnotes), but on its own it runs
the documents together with no page break and keeps only the first document's headers and
footers, dropping every other document's references to its own. So, for each document after the
first:

1. the pack's last section is closed at the end of its last paragraph, which puts a section
   break (new page) between the documents;
2. before docxcompose sees the document, each header/footer reference in it is swapped for a
   placeholder docxcompose does not know (so it neither drops nor re-links it), and after the
   merge each placeholder becomes a reference to a copy of that header or footer (and of anything
   it links to, such as a logo) in the pack. A section that had no header of its own gets an
   empty one, since Word would otherwise carry the previous document's header into it;
3. a page-number restart is removed, so PAGE and NUMPAGES count across the pack: the footers'
   "Page X of Y" become the pack's page numbers.

The index page opens the pack; its page cells hold ``pack_index.page_field`` marks, replaced here
by PAGEREF fields to hidden bookmarks at the start and end of each document.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.parts.hdrftr import FooterPart, HeaderPart
from docx.shared import Cm, Pt, RGBColor
from docxcompose.composer import Composer
from lxml import etree

from ..errors import RenderError
from .index import PAGE_FIELD_END, PAGE_FIELD_START

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = f"{{{W_NS}}}"
_R_ID = f"{{{R_NS}}}id"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# A namespace of our own for the placeholders: nothing in docxcompose or Word looks at it.
_HOLD = "{urn:permdocs:pack}reference"
_FIELD = re.compile(f"{PAGE_FIELD_START}(\\d+){PAGE_FIELD_END}")
_KINDS = {"header": (CT.WML_HEADER, RT.HEADER), "footer": (CT.WML_FOOTER, RT.FOOTER)}
# Children of w:settings that come after w:updateFields (ECMA-376 part 1, 17.15.1.78).
_AFTER_UPDATE_FIELDS = frozenset(
    {
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "mathPr",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    }
)


@dataclass(frozen=True)
class WordPart:
    """One document of the Word pack."""

    title: str
    data: bytes = field(repr=False)
    number: int
    """The paper's number in the index, which names its bookmarks; 0 for the index itself."""


@dataclass(frozen=True)
class PageField:
    """What the index shows for one paper: fields to its first and last page, and their values
    as last worked out (shown until Word updates the fields; None when not known)."""

    first: int | None
    last: int | None


def bookmark_names(number: int) -> tuple[str, str]:
    # A leading underscore makes Word treat them as hidden, like its own _Toc bookmarks.
    return f"_PackPaper{number}Start", f"_PackPaper{number}End"


def compose(
    parts: Sequence[WordPart],
    *,
    fields: Mapping[int, PageField],
    update_fields_on_open: bool,
) -> bytes:
    """Merge ``parts`` (the index first) into one .docx, a section per part.

    ``fields`` gives, per paper number, the page values to show in the index's PAGEREF fields.
    ``update_fields_on_open`` asks Word to refresh the fields when the pack is opened: needed
    when the values are not known (no LibreOffice to count pages), at the price of Word asking
    the user first.
    """
    if not parts:
        raise ValueError("compose() needs at least the index")
    pack = _open(parts[0])
    composer = Composer(pack, preserve_styles=True)
    for part in parts[1:]:
        document = _open(part)
        _mark_bounds(document, part.number)
        last_section = _hold_references(document)
        _close_last_section(pack)
        before = len(_section_properties(pack))
        try:
            composer.append(document)
        except Exception as exc:  # docxcompose fails in many ways on an unusual document
            raise RenderError(
                f"{part.title}: the Word document could not be merged into the pack "
                f"({type(exc).__name__}: {exc}); nothing was written",
                hint="open it in Word and save it again as a Word document (.docx), or ask "
                "whoever sent it for a PDF and attach that instead",
            ) from exc
        # docxcompose leaves out the document's own last section; it becomes the pack's last.
        pack.element.body.append(last_section)
        _restore_references(pack, document, composer)
        _fix_new_sections(pack, _section_properties(pack)[before:])
    for section_properties in _section_properties(pack):
        for numbering in section_properties.findall(f"{W}pgNumType"):
            numbering.attrib.pop(f"{W}start", None)
    _insert_page_fields(pack, fields)
    if update_fields_on_open:
        _ask_word_to_update_fields(pack)
    buffer = io.BytesIO()
    pack.save(buffer)
    return buffer.getvalue()


def _open(part: WordPart) -> Document:
    try:
        return docx.Document(io.BytesIO(part.data))
    except Exception as exc:  # python-docx raises many types for a damaged package
        raise RenderError(
            f"{part.title}: the Word document cannot be read ({exc})",
            hint="open it in Word and save it again as a Word document (.docx), or replace it",
        ) from exc


def _section_properties(document: Document) -> list[Any]:
    """Every section's w:sectPr in document order: those closing a section in a body paragraph,
    then the body's own (tracked-change copies inside w:sectPrChange are not sections)."""
    body = document.element.body
    found = [
        node
        for paragraph in body.iterchildren(f"{W}p")
        for properties in paragraph.iterchildren(f"{W}pPr")
        for node in properties.iterchildren(f"{W}sectPr")
    ]
    return found + list(body.iterchildren(f"{W}sectPr"))


def _paragraphs(document: Document) -> list[Any]:
    return list(document.element.body.iter(f"{W}p"))


def _mark_bounds(document: Document, number: int) -> None:
    """Zero-length bookmarks at the start of the first paragraph and the end of the last."""
    paragraphs = _paragraphs(document)
    if not paragraphs:
        paragraphs = [document.add_paragraph()._p]
    start, end = bookmark_names(number)
    first, last = paragraphs[0], paragraphs[-1]
    properties = first.find(f"{W}pPr")
    position = 0 if properties is None else first.index(properties) + 1
    for offset, node in enumerate(_bookmark(start, number * 2)):
        first.insert(position + offset, node)
    for node in _bookmark(end, number * 2 + 1):
        last.append(node)


def _bookmark(name: str, identifier: int) -> list[Any]:
    # docxcompose renumbers every bookmark after each merge; the ids here only need to pair up.
    start = etree.Element(f"{W}bookmarkStart", {f"{W}id": str(identifier), f"{W}name": name})
    end = etree.Element(f"{W}bookmarkEnd", {f"{W}id": str(identifier)})
    return [start, end]


def _hold_references(document: Document) -> Any:
    """Swap every header/footer reference for a placeholder, in place; return a copy of the
    document's last section properties (the body's own), placeholders and all."""
    for section_properties in _section_properties(document):
        for reference in list(section_properties):
            name = etree.QName(reference).localname
            if name not in ("headerReference", "footerReference"):
                continue
            placeholder = etree.Element(
                _HOLD,
                {
                    "kind": name.removesuffix("Reference"),
                    "type": reference.get(f"{W}type", "default"),
                    "rid": reference.get(_R_ID, ""),
                },
            )
            reference.addprevious(placeholder)
            section_properties.remove(reference)
    last = document.element.body.find(f"{W}sectPr")
    return copy.deepcopy(last) if last is not None else etree.Element(f"{W}sectPr")


def _close_last_section(pack: Document) -> None:
    """End the pack's last section at its last paragraph, so the next document starts a new
    section on a new page and the previous one keeps its own page setup, headers and footers."""
    body = pack.element.body
    last_section = body.find(f"{W}sectPr")
    if last_section is None:
        last_section = etree.Element(f"{W}sectPr")
    else:
        body.remove(last_section)
    children = [child for child in body if child.tag != f"{W}sectPr"]
    last = children[-1] if children else None
    paragraph_properties = last.find(f"{W}pPr") if last is not None else None
    has_break = paragraph_properties is not None and (
        paragraph_properties.find(f"{W}sectPr") is not None
    )
    if last is None or last.tag != f"{W}p" or has_break:
        # A table or a section break cannot carry the break: add a paragraph that can, as
        # small as a paragraph gets (1 pt, no spacing), so it takes next to no room.
        last = etree.SubElement(body, f"{W}p")
        paragraph_properties = etree.SubElement(last, f"{W}pPr")
        etree.SubElement(
            paragraph_properties,
            f"{W}spacing",
            {f"{W}before": "0", f"{W}after": "0", f"{W}line": "20", f"{W}lineRule": "exact"},
        )
        run_properties = etree.SubElement(paragraph_properties, f"{W}rPr")
        etree.SubElement(run_properties, f"{W}sz", {f"{W}val": "2"})
    elif paragraph_properties is None:
        paragraph_properties = etree.Element(f"{W}pPr")
        last.insert(0, paragraph_properties)
    # Schema order: w:sectPr comes after w:rPr and before w:pPrChange in a paragraph's pPr.
    change = paragraph_properties.find(f"{W}pPrChange")
    if change is not None:
        change.addprevious(last_section)
    else:
        paragraph_properties.append(last_section)


def _restore_references(pack: Document, document: Document, composer: Composer) -> None:
    """Turn the placeholders back into references to copies of the document's headers and
    footers, each copied once however many sections use it."""
    copies: dict[str, str] = {}
    for placeholder in list(pack.element.body.iter(_HOLD)):
        source_id = placeholder.get("rid", "")
        if source_id not in copies:
            try:
                source = document.part.related_parts[source_id]
            except KeyError:
                # A reference to nothing: Word would show no header there, and neither do we.
                placeholder.getparent().remove(placeholder)
                continue
            copies[source_id] = _copy_header_or_footer(pack, document, composer, source)
        kind = placeholder.get("kind", "header")
        reference = etree.Element(
            f"{W}{kind}Reference",
            {f"{W}type": placeholder.get("type", "default"), _R_ID: copies[source_id]},
        )
        placeholder.addprevious(reference)
        placeholder.getparent().remove(placeholder)


def _copy_header_or_footer(
    pack: Document, document: Document, composer: Composer, source: Part
) -> str:
    """Copy one header or footer part into the pack; returns its relationship id there."""
    kind = "header" if source.content_type == CT.WML_HEADER else "footer"
    content_type, relationship = _KINDS[kind]
    package = pack.part.package
    part_class = HeaderPart if kind == "header" else FooterPart
    partname = package.next_partname(f"/word/{kind}%d.xml")
    copied = part_class.load(partname, content_type, source.blob, package)
    relationship_id = pack.part.relate_to(copied, relationship)
    # Its own links (a logo, a hyperlink) go with it, under whatever ids the copy gives them.
    renamed: dict[str, str] = {}
    for source_id, link in source.rels.items():
        if link.is_external:
            renamed[source_id] = copied.relate_to(link.target_ref, link.reltype, is_external=True)
            continue
        target = link.target_part
        template = re.sub(r"\d*(\.[^./]+)?$", r"%d\1", str(target.partname), count=1)
        duplicate = Part(package.next_partname(template), target.content_type, target.blob, package)
        renamed[source_id] = copied.relate_to(duplicate, link.reltype)
    for node in copied.element.iter():
        for attribute, value in list(node.attrib.items()):
            if attribute.startswith(f"{{{R_NS}}}") and value in renamed:
                node.set(attribute, renamed[value])
    # Styles the header uses come along too (docxcompose maps or renames them as for the body).
    composer.add_styles(document, copied.element)
    return relationship_id


def _fix_new_sections(pack: Document, sections: Sequence[Any]) -> None:
    """The first section of a merged document starts a new page and has its own header and
    footer: where it had none, an empty one, or Word would repeat the previous document's."""
    if not sections:
        return
    first = sections[0]
    for node in first.findall(f"{W}type"):
        first.remove(node)  # absent means "next page"
    for kind in ("header", "footer"):
        has_default = any(
            reference.get(f"{W}type", "default") == "default"
            for reference in first.findall(f"{W}{kind}Reference")
        )
        if has_default:
            continue
        relationship = _KINDS[kind][1]
        part_class = HeaderPart if kind == "header" else FooterPart
        empty = part_class.new(pack.part.package)
        relationship_id = pack.part.relate_to(empty, relationship)
        first.insert(
            0,
            etree.Element(f"{W}{kind}Reference", {f"{W}type": "default", _R_ID: relationship_id}),
        )


def _insert_page_fields(pack: Document, fields: Mapping[int, PageField]) -> None:
    """Replace each page mark in the index by PAGEREF fields to the paper's bookmarks."""
    for text in list(pack.element.body.iter(f"{W}t")):
        if PAGE_FIELD_START not in (text.text or ""):
            continue
        run = text.getparent()
        if run is None or run.tag != f"{W}r":
            continue
        _replace_marks(run, text, fields)


def _replace_marks(run: Any, text: Any, fields: Mapping[int, PageField]) -> None:
    properties = run.find(f"{W}rPr")
    content = [child for child in run if child is not properties]
    at = content.index(text)
    value = text.text or ""

    def new_run(children: Sequence[Any]) -> Any:
        made = etree.Element(run.tag, dict(run.attrib))
        if properties is not None:
            made.append(copy.deepcopy(properties))
        for child in children:
            made.append(child)
        return made

    def text_node(words: str) -> Any:
        node = etree.Element(f"{W}t")
        node.set(_XML_SPACE, "preserve")
        node.text = words
        return node

    runs: list[Any] = []
    if content[:at]:
        runs.append(new_run(content[:at]))
    position = 0
    for match in _FIELD.finditer(value):
        if match.start() > position:
            runs.append(new_run([text_node(value[position : match.start()])]))
        number = int(match[1])
        known = fields.get(number, PageField(None, None))
        start, end = bookmark_names(number)
        runs += _pageref(new_run, text_node, start, known.first)
        if known.first is None or known.first != known.last:
            runs.append(new_run([text_node("–")]))
            runs += _pageref(new_run, text_node, end, known.last)
        position = match.end()
    if position < len(value):
        runs.append(new_run([text_node(value[position:])]))
    if content[at + 1 :]:
        runs.append(new_run(content[at + 1 :]))
    parent = run.getparent()
    index = parent.index(run)
    parent.remove(run)
    for offset, made in enumerate(runs):
        parent.insert(index + offset, made)


def _pageref(new_run: Any, text_node: Any, bookmark: str, value: int | None) -> list[Any]:
    """A complex PAGEREF field (a link too, with \\h), showing ``value`` until it is updated."""
    instruction = etree.Element(f"{W}instrText")
    instruction.set(_XML_SPACE, "preserve")
    instruction.text = f" PAGEREF {bookmark} \\h "
    return [
        new_run([etree.Element(f"{W}fldChar", {f"{W}fldCharType": "begin"})]),
        new_run([instruction]),
        new_run([etree.Element(f"{W}fldChar", {f"{W}fldCharType": "separate"})]),
        new_run([text_node(str(value) if value is not None else "?")]),
        new_run([etree.Element(f"{W}fldChar", {f"{W}fldCharType": "end"})]),
    ]


def _ask_word_to_update_fields(pack: Document) -> None:
    settings = pack.settings.element
    for old in settings.findall(f"{W}updateFields"):
        settings.remove(old)
    update = etree.Element(f"{W}updateFields", {f"{W}val": "true"})
    for child in settings:
        if etree.QName(child).localname in _AFTER_UPDATE_FIELDS:
            child.addprevious(update)
            return
    settings.append(update)


# --- the PDF pack's page stamps ----------------------------------------------------------------

STAMP_FONT = "Arial"  # LibreOffice uses the metric-compatible Liberation Sans
STAMP_GREY = RGBColor(0x59, 0x59, 0x59)


def stamp_document(lines: Sequence[str]) -> bytes:
    """A Word document of one A4 page per line, each line small at the top right of its page.

    Converted by LibreOffice (with the fonts embedded, so a PDF/A pack stays PDF/A) and laid over
    the PDF pack's pages, it numbers every page of the pack, the attached papers included, which
    no footer of theirs could.
    """
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(0.45), Cm(1.0)
    section.left_margin, section.right_margin = Cm(1.0), Cm(0.9)
    section.header_distance = section.footer_distance = Cm(0.2)
    body = document.element.body
    for paragraph in body.findall(f"{W}p"):
        body.remove(paragraph)
    for index, line in enumerate(lines):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.page_break_before = index > 0
        run = paragraph.add_run(line)
        run.font.name = STAMP_FONT
        run.font.size = Pt(7.5)
        run.font.color.rgb = STAMP_GREY
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
