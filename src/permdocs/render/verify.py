"""Checks on a rendered document before it may be written.

Two moments, because user text and template text can only be told apart in the first:

1. :func:`leftover_tags` runs on each part's raw output straight from Jinja. Every value Jinja
   printed had its braces written as character references (see ``jinja_env``), so a literal
   ``{{``, ``{%`` or ``{#`` (or a closing one) in the raw XML came from the template: a tag
   docxtpl could not process, usually split by an editor or mistyped.
2. :func:`verify_docx` runs on the finished .docx bytes: the package opens, every XML part parses
   strictly (no DTD, no entities, no network), no "missing value" marker survived, and every page
   is marked OFFICIAL-SENSITIVE at top and bottom (and DRAFT in a draft). The render, which holds
   every part it has just zipped, calls :func:`verify_package` instead: the same checks on the
   parts it holds, and the package's directory (read without decompressing anything) must list
   exactly those parts, sizes and checksums.

Both raise :class:`~permdocs.errors.RenderError` naming the document and part; nothing is
written when either fails.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..errors import RenderError
from .missing import MARKER_START

MARKING = "OFFICIAL-SENSITIVE"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAIN_DOCUMENT_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
    }
)
TAG_PATTERN = re.compile(r"\{[{%#]|[}%#]\}")
_MAX_PART_BYTES = 64 * 1024 * 1024
_MARKER_BYTES = MARKER_START.encode("utf-8")


def strict_parser() -> etree.XMLParser:
    """A parser that reads only what is in the part: no DTD, no entities, no network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
    )


def parse_part(data: bytes, *, part: str, document: str) -> Any:
    """Parse one XML part strictly; a DOCTYPE is refused (no Office part has one)."""
    try:
        root = etree.fromstring(data, strict_parser())
    except etree.XMLSyntaxError as exc:
        raise RenderError(
            f"{document}: {part} is not well-formed XML after rendering ({exc.msg}, line {exc.lineno})",
            hint="a tag in the template probably sits inside a Word field or attribute; "
            "retype it as plain text in Word, or use the bundled template",
        ) from None
    if root.getroottree().docinfo.doctype:
        raise RenderError(
            f"{document}: {part} declares a DOCTYPE, which Word documents never need",
            hint="re-save the template from Word, or use the bundled template",
        )
    return root


def leftover_tags(raw_xml: str) -> list[str]:
    """Template tags still in a part's raw rendered XML, each with the text around it."""
    if "{" not in raw_xml and "}" not in raw_xml:  # every tag has a brace; most parts have none
        return []
    found = []
    for match in TAG_PATTERN.finditer(raw_xml):
        start, end = max(0, match.start() - 160), match.end() + 160
        window = re.sub(r"^[^<]*>|<[^>]*$", "", raw_xml[start:end])  # cut-off tags at the edges
        text = " ".join(re.sub(r"<[^>]+>", " ", window).split())
        found.append(text or match.group())
    return found


def verify_docx(
    data: bytes,
    *,
    document: str,
    draft: bool,
    known: Mapping[str, tuple[bytes, Any]] | None = None,
    needs_marking: bool = True,
) -> None:
    """Check a finished document before writing it; raises RenderError on the first problem.

    ``known`` maps a part name to (bytes, root): a part already parsed strictly (no DOCTYPE)
    from exactly those bytes, such as a template's unchanged parts or a part ``render`` has just
    serialised from its own tree. A part whose content in the package is byte-for-byte the same
    is not parsed again; every other check still runs on every part. The roots are only read.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise RenderError(f"{document}: the rendered file is not a valid .docx package") from None
    with archive:
        _check_directory(archive, document)
        contents = {
            info.filename: archive.read(info.filename)
            for info in archive.infolist()
            if info.filename.endswith((".xml", ".rels"))
        }
    verify_parts(contents, document=document, draft=draft, known=known, needs_marking=needs_marking)


def verify_package(
    data: bytes,
    parts: Mapping[str, bytes],
    *,
    document: str,
    draft: bool,
    known: Mapping[str, tuple[bytes, Any]] | None = None,
    needs_marking: bool = True,
) -> None:
    """:func:`verify_docx` for a package whose every part the caller holds, as written into
    ``data``: the package's directory is read (nothing is decompressed) and must list exactly
    those parts with their sizes and checksums, and the checks run on the parts held."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise RenderError(f"{document}: the rendered file is not a valid .docx package") from None
    with archive:
        _check_directory(archive, document)
        listed = [(info.filename, info.file_size, info.CRC) for info in archive.infolist()]
    held = [(name, len(content), zlib.crc32(content)) for name, content in parts.items()]
    if listed != held:
        raise RenderError(
            f"{document}: the package does not hold exactly the parts rendered",
            hint="this is a bug in permdocs; please report it",
        )
    verify_parts(
        {name: content for name, content in parts.items() if name.endswith((".xml", ".rels"))},
        document=document,
        draft=draft,
        known=known,
        needs_marking=needs_marking,
    )


def _check_directory(archive: zipfile.ZipFile, document: str) -> None:
    names = archive.namelist()
    if len(names) != len(set(names)):
        raise RenderError(f"{document}: the package holds a part twice")
    for info in archive.infolist():
        if info.filename.endswith((".xml", ".rels")) and info.file_size > _MAX_PART_BYTES:
            raise RenderError(f"{document}: {info.filename} is implausibly large")


def verify_parts(
    contents: Mapping[str, bytes],
    *,
    document: str,
    draft: bool,
    known: Mapping[str, tuple[bytes, Any]] | None = None,
    needs_marking: bool = True,
) -> None:
    """The checks of :func:`verify_docx` on a package's XML parts (name -> bytes, in package
    order): no part holds a missing-value marker, each parses strictly (or is ``known``, see
    there), and every page is marked."""
    parts: dict[str, Any] = {}
    for name, content in contents.items():
        if len(content) > _MAX_PART_BYTES:
            raise RenderError(f"{document}: {name} is implausibly large")
        if _MARKER_BYTES in content:
            raise RenderError(
                f"{document}: {name} still holds a missing-value marker",
                hint="this is a bug in permdocs; please report it with the template used",
            )
        seen = known.get(name) if known is not None else None
        if seen is not None and seen[0] == content:
            parts[name] = seen[1]
        else:
            parts[name] = parse_part(content, part=name, document=document)
    main = _main_part(parts, document)
    _check_marking(parts, main, document=document, draft=draft, needs_marking=needs_marking)


def _main_part(parts: dict[str, Any], document: str) -> str:
    types = parts.get("[Content_Types].xml")
    if types is None:
        raise RenderError(f"{document}: the package has no [Content_Types].xml")
    for override in types.iter(f"{_CT}Override"):
        if override.get("ContentType") in MAIN_DOCUMENT_TYPES:
            name = str(override.get("PartName", "")).lstrip("/")
            if name in parts:
                return name
    raise RenderError(f"{document}: the package has no main document part")


def relationships(parts: dict[str, Any], part: str) -> dict[str, str]:
    """``rId`` -> target part name for one part's relationships."""
    folder, name = posixpath.split(part)
    rels = parts.get(posixpath.join(folder, "_rels", name + ".rels"))
    if rels is None:
        return {}
    targets = {}
    for rel in rels.iter(f"{_PKG_REL}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = str(rel.get("Target", ""))
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        targets[str(rel.get("Id"))] = posixpath.normpath(resolved)
    return targets


def part_text(root: Any) -> str:
    return "".join(node.text or "" for node in root.iter(f"{W}t"))


@dataclass(frozen=True)
class PageEdge:
    """The header or footer that a section's pages of one type carry."""

    section: int  # counted from 1
    kind: str  # "header" or "footer"
    place: str  # "top" or "bottom"
    pages: str  # "" for ordinary pages, " (first page)", " (even page)"
    target: str | None  # the part holding it; None if the section has none to inherit
    text: str  # its text (a template's tags unrendered)


def page_edges(parts: dict[str, Any], main: str) -> Iterator[PageEdge]:
    """Every header and footer a reader will see, section by section.

    A section without its own header inherits the previous section's, so references are
    followed in document order (sections ending inside paragraphs, then the body's last one); a
    section with a different first page, or a document with even-page headers, needs those too.
    """
    body = parts[main]
    targets = relationships(parts, main)
    settings_name = next((t for t in targets.values() if t.endswith("settings.xml")), None)
    settings = parts.get(settings_name) if settings_name else None
    even_pages = settings is not None and settings.find(f"{W}evenAndOddHeaders") is not None
    current: dict[tuple[str, str], str] = {}
    for number, section in enumerate(body.iter(f"{W}sectPr"), start=1):
        for kind in ("header", "footer"):
            for reference in section.findall(f"{W}{kind}Reference"):
                target = targets.get(str(reference.get(f"{R}id")))
                if target is not None:
                    current[(kind, str(reference.get(f"{W}type", "default")))] = target
        needed = ["default"]
        if section.find(f"{W}titlePg") is not None:
            needed.append("first")
        if even_pages:
            needed.append("even")
        for kind, place in (("header", "top"), ("footer", "bottom")):
            for page_type in needed:
                found = current.get((kind, page_type))
                yield PageEdge(
                    section=number,
                    kind=kind,
                    place=place,
                    pages="" if page_type == "default" else f" ({page_type} page)",
                    target=found,
                    text=part_text(parts[found]) if found in parts else "",
                )


def _check_marking(
    parts: dict[str, Any], main: str, *, document: str, draft: bool, needs_marking: bool = True
) -> None:
    """Every page carries the marking at top and bottom (unless ``needs_marking`` is false: a
    certificate the council's profile leaves unmarked), and a draft's says DRAFT too."""
    for edge in page_edges(parts, main):
        where = f"section {edge.section}{edge.pages}"
        if needs_marking and MARKING not in edge.text:
            raise RenderError(
                f"{document}: {where} has no {MARKING} marking at the {edge.place} of the page",
                hint=f"put {MARKING} in the template's {edge.kind} (every section, first page too)",
            )
        if draft and "DRAFT" not in edge.text:
            raise RenderError(
                f"{document}: a draft must say DRAFT at the {edge.place} of every page, and "
                f"{where}'s {edge.kind} does not",
                hint=f"add {{% if doc.draft %}}DRAFT{{% endif %}} to the template's {edge.kind}",
            )
