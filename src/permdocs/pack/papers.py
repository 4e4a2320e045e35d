"""Attached papers are untrusted input: read within limits, checked, and cleaned before anything
else opens them.

Papers come from other agencies (a health assessment, a PEP, minutes), so each is treated as a
council template is: it may be damaged, or made to harm the machine that opens it. Before
LibreOffice, docxcompose or pypdf see an attached paper:

- its file must be smaller than :data:`MAX_PAPER_BYTES`; a Word paper is opened through
  ``safezip`` with :data:`~permdocs.render.safezip.ATTACHMENT_LIMITS` (parts, sizes and
  expansion ratios checked from the zip's directory before anything is unpacked), every XML part
  is parsed strictly, and a DOCTYPE, macros or damage refuse it, naming the paper;
- whatever in it reaches outside the file (linked pictures, fields that include files or web
  pages, local-file hyperlinks, attached templates, linked objects; ``outside_links``) is taken
  out, with a notice naming the paper; so are links to web addresses, unless the council's
  profile keeps them (``pack.web_links``);
- a Word paper with no section properties (common in exports from case-management systems) or
  an empty body is given what Word assumes (an A4 page, an empty paragraph), so the pack can be
  made from it;
- a PDF paper loses its JavaScript, its actions on opening, program launches and embedded files
  (``pdfclean``), again with a notice.

Nothing here writes anywhere: bytes in, bytes and notices out.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import ConversionError, UnsafePackageError
from ..render import outside_links
from ..render.engine import rendered_parts
from ..render.safezip import ATTACHMENT_LIMITS, read_package
from ..render.verify import W, strict_parser
from .pdfclean import clean_pdf

MAX_PAPER_BYTES = 60 * 1024 * 1024
"""An attached paper on disk: a long scanned report is tens of megabytes."""
_REPLACE = (
    "ask whoever sent it for a copy saved again from Word (or as PDF), and replace the file in "
    "attachments/"
)
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_MACRO_PARTS = ("vbaproject.bin", "vbadata.xml", "vbaprojectsignature.bin")
# What Word assumes of a document that does not say: an A4 page with 2.54 cm margins.
_DEFAULT_SECTION = (
    f'<w:sectPr xmlns:w="{W[1:-1]}"><w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" '
    'w:footer="708" w:gutter="0"/></w:sectPr>'
)
_BODY_CONTENT = ("p", "tbl", "sdt", "customXml", "altChunk")
_FIXED_TIME = (2026, 1, 1, 0, 0, 0)


def read_paper(path: Path, label: str) -> bytes:
    """An attached paper's bytes, refusing one far larger than a paper before reading it."""
    try:
        size = path.stat().st_size
        if size > MAX_PAPER_BYTES:
            raise ConversionError(
                f"{label}: the file is {size:,} bytes, more than an attached paper may be "
                f"({MAX_PAPER_BYTES // (1024 * 1024)} MB)",
                hint="reduce its pictures (or scan at a lower resolution), or " + _REPLACE,
            )
        return path.read_bytes()
    except OSError as exc:
        raise ConversionError(
            f"{label}: cannot read the attached paper ({exc.strerror})",
            hint="check the file is in attachments/ and that you can open it",
        ) from exc


def clean_paper(data: bytes, label: str, *, pdf: bool, web_links: bool) -> tuple[bytes, list[str]]:
    """A paper made safe to open: its bytes, and a notice for each thing taken out of it.

    Raises ConversionError, naming the paper and what to do, for one that cannot be made safe.
    """
    if pdf:
        cleaned, removed = clean_pdf(data, label, web_links=web_links)
        return cleaned, [_removed_notice(label, removed)] if removed else []
    return clean_word_paper(data, label, web_links=web_links)


def clean_word_paper(data: bytes, label: str, *, web_links: bool) -> tuple[bytes, list[str]]:
    """See the module's docstring: limits, strict parts, outside links out (hyperlinks to web
    addresses too, unless ``web_links``), a body and section."""
    try:
        entries = read_package(data, label=label, limits=ATTACHMENT_LIMITS)
    except UnsafePackageError as error:
        raise ConversionError(error.message, hint=error.hint or _REPLACE) from None
    parts = {entry.name: entry.data for entry in entries}
    _refuse_active_parts(parts, label)
    main = _main_part(parts, label)
    cleaned, taken = outside_links.remove(parts, keep_web=web_links)
    notices = []
    if taken:
        notices.append(_removed_notice(label, [str(link) for link in taken]))
    body_fixed = _with_body_and_section(cleaned[main], label)
    if body_fixed is not None:
        cleaned[main] = body_fixed
    if cleaned == parts:
        return data, notices
    return _zip([(entry.name, cleaned[entry.name]) for entry in entries]), notices


def _removed_notice(label: str, removed: list[str]) -> str:
    shown = "; ".join(removed[:4]) + (f"; and {len(removed) - 4} more" if len(removed) > 4 else "")
    return (
        f"{label}: took out what would make a computer opening it reach outside the paper, "
        f"before anything opened it: {shown}. The pack holds the paper without them; if they "
        "mattered, ask whoever sent it for a copy with the pictures or text put in"
    )


def _refuse_active_parts(parts: dict[str, bytes], label: str) -> None:
    for name, data in parts.items():
        if name.lower().rsplit("/", 1)[-1] in _MACRO_PARTS:
            raise ConversionError(
                f"{label}: holds macros ({name}), which permdocs never lets a paper bring into "
                "the pack",
                hint="ask for the paper saved as a Word Document (.docx, which drops macros) or "
                "as PDF, and replace the file in attachments/",
            )
        if not name.lower().endswith((".xml", ".rels", ".vml")):
            continue
        if _DOCTYPE.search(data):
            raise ConversionError(
                f"{label}: its part {name} declares a DOCTYPE or entities, which Word never "
                "writes and which can make the program opening it read other files",
                hint="do not open it; " + _REPLACE,
            )
        try:
            etree.fromstring(data, strict_parser())
        except etree.XMLSyntaxError as exc:
            raise ConversionError(
                f"{label}: its part {name} is damaged ({exc.msg})",
                hint=_REPLACE,
            ) from None


def _main_part(parts: dict[str, bytes], label: str) -> str:
    types = parts.get("[Content_Types].xml")
    found = None
    if types is not None:
        roots = rendered_parts(etree.fromstring(types, strict_parser()))
        found = next((name for name, where in roots.items() if where == "the body"), None)
    if found is None or found not in parts:
        raise ConversionError(
            f"{label}: is not a Word document (it has no document body)",
            hint=_REPLACE,
        )
    return found


def _with_body_and_section(data: bytes, label: str) -> bytes | None:
    """The main part with a body holding at least one paragraph and, last, the body's section
    properties; None when it has them already."""
    root = etree.fromstring(data, strict_parser())
    if root.tag != f"{W}document":
        raise ConversionError(
            f"{label}: its document body is not a Word document's",
            hint=_REPLACE,
        )
    changed = False
    body = root.find(f"{W}body")
    if body is None:
        body = etree.SubElement(root, f"{W}body")
        changed = True
    if not any(etree.QName(child).localname in _BODY_CONTENT for child in _elements(body)):
        body.insert(0, etree.Element(f"{W}p"))
        changed = True
    sections = body.findall(f"{W}sectPr")
    if not sections:
        body.append(etree.fromstring(_DEFAULT_SECTION))
        changed = True
    elif body[-1] is not sections[-1]:
        body.append(sections[-1])  # the body's own section properties come last
        changed = True
    for extra in sections[:-1]:
        body.remove(extra)  # only one may sit in the body itself
        changed = True
    if not changed:
        return None
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _elements(body: Any) -> list[Any]:
    return [child for child in body if isinstance(child.tag, str)]


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(
                zipfile.ZipInfo(name, date_time=_FIXED_TIME), data, zipfile.ZIP_DEFLATED
            )
    return buffer.getvalue()
