"""What in a Word package reaches outside it, found and taken out.

A Word file can make whatever opens it fetch something: a picture linked rather than embedded
(``TargetMode="External"`` on an image relationship), a field that includes another file or a
web address (``INCLUDEPICTURE``, ``INCLUDETEXT``, ``LINK``, ``DDE``...), an attached template, a
linked object or sub-document, a mail-merge data source, a hyperlink to a file on the machine or
a network share. LibreOffice, converting a paper from another agency into the panel pack, would
fetch them from the council's machine (telling whoever made the file that the pack is being made,
and from where), and docxcompose would copy them into the Word pack for every panel member's Word
to fetch again.

:func:`find` lists them; :func:`remove` takes them out of the package's parts and returns what
it took: a hyperlink keeps its text, a linked picture its place (empty), a field its last shown
result; a relationship to outside the package goes, and with it every reference to it. Only
hyperlinks to web and mail addresses (``http``, ``https``, ``mailto``) are kept: they do nothing
until a reader clicks them. The council's templates are checked with :func:`find` (the template
check refuses them); attached papers are cleaned with :func:`remove`, with a notice naming each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .verify import W, strict_parser

_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_O_HREF = "{urn:schemas-microsoft-com:office:office}href"
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_WEB = re.compile(r"(?i)(https?://|mailto:)")
_FIELDS_THAT_FETCH = frozenset(
    {"INCLUDETEXT", "INCLUDEPICTURE", "INCLUDE", "LINK", "DDE", "DDEAUTO", "IMPORT", "DATABASE"}
)
_FIELD_TARGET = re.compile(r'^\s*\S+\s+(?:"([^"]*)"|(\S+))')


@dataclass(frozen=True)
class OutsideLink:
    """One thing in a package that reaches outside it."""

    part: str
    what: str
    """In words: "a linked picture", "an INCLUDETEXT field", "a hyperlink to a local file"."""
    target: str

    def __str__(self) -> str:
        shown = self.target if len(self.target) <= 80 else self.target[:77] + "..."
        return f"{self.what} ({shown})" if shown else self.what


def is_web_address(target: str) -> bool:
    return _WEB.match(target.strip()) is not None


def find(parts: Mapping[str, bytes]) -> list[OutsideLink]:
    """Everything in ``parts`` (a package's parts by name) that reaches outside it, bar
    hyperlinks to web and mail addresses."""
    found: list[OutsideLink] = []
    for name, data in parts.items():
        root = _parse(name, data)
        if root is None:
            continue
        if name.endswith(".rels"):
            found += [link for link, _ in _external_relationships(name, root, keep_web=True)]
        else:
            found += [link for link, _ in _fields(name, root)]
            found += [link for link, _ in _vml_links(name, root)]
    return found


def remove(
    parts: Mapping[str, bytes], *, keep_web: bool = True
) -> tuple[dict[str, bytes], list[OutsideLink]]:
    """``parts`` with everything that reaches outside taken out (hyperlinks to web and mail
    addresses too, unless ``keep_web``), and what was taken."""
    cleaned = dict(parts)
    taken: list[OutsideLink] = []
    dropped: dict[str, set[str]] = {}  # source part -> relationship ids removed
    for name, data in parts.items():
        if not name.endswith(".rels"):
            continue
        root = _parse(name, data)
        if root is None:
            continue
        links = _external_relationships(name, root, keep_web=keep_web)
        if not links:
            continue
        for link, relationship in links:
            relationship.getparent().remove(relationship)
            dropped.setdefault(_source_of(name), set()).add(str(relationship.get("Id", "")))
            taken.append(link)
        cleaned[name] = _serialise(root)
    for name, data in parts.items():
        if name.endswith(".rels") or not name.endswith(".xml"):
            continue
        root = _parse(name, data)
        if root is None:
            continue
        changed = _drop_references(root, dropped.get(name, set()))
        for link, neutralise in [*_fields(name, root), *_vml_links(name, root)]:
            neutralise()
            taken.append(link)
            changed = True
        if name == "word/settings.xml":
            for merge in root.findall(f"{W}mailMerge"):
                root.remove(merge)  # its data source and query: a database connection
                taken.append(OutsideLink(name, "a mail-merge data source", ""))
                changed = True
        if changed:
            cleaned[name] = _serialise(root)
    return cleaned, taken


# --- relationships ----------------------------------------------------------------------------


def _external_relationships(
    name: str, root: Any, *, keep_web: bool
) -> list[tuple[OutsideLink, Any]]:
    found = []
    for relationship in root.iter(f"{_PKG_REL}Relationship"):
        if relationship.get("TargetMode") != "External":
            continue
        target = str(relationship.get("Target", ""))
        kind = str(relationship.get("Type", "")).rsplit("/", 1)[-1]
        if relationship.get("Type") == _HYPERLINK:
            if is_web_address(target):
                if keep_web:
                    continue
                what = "a link to a web address"
            else:
                what = "a hyperlink to a local file or another program"
        else:
            what = _RELATIONSHIP_WORDS.get(kind, f"a link to an outside {kind or 'file'}")
        found.append((OutsideLink(name, what, target), relationship))
    return found


_RELATIONSHIP_WORDS = {
    "image": "a linked picture",
    "attachedTemplate": "an attached template",
    "oleObject": "a linked object",
    "subDocument": "a linked sub-document",
    "frame": "a linked frame",
    "aFChunk": "an imported file",
    "package": "a linked package",
    "mailMergeSource": "a mail-merge data source",
    "mailMergeHeaderSource": "a mail-merge data source",
    "recipientData": "a mail-merge data source",
    "externalLinkPath": "a linked workbook",
    "audio": "a linked sound",
    "video": "a linked video",
}


def _source_of(rels_name: str) -> str:
    """``word/_rels/document.xml.rels`` -> ``word/document.xml`` (the package's own: "")."""
    folder, _, file = rels_name.rpartition("_rels/")
    return folder + file.removesuffix(".rels") if file.endswith(".rels") else ""


def _drop_references(root: Any, ids: set[str]) -> bool:
    """Take out every reference to a relationship that was removed: a hyperlink keeps its text,
    a picture its place; anything else that only points outside goes."""
    if not ids:
        return False
    changed = False
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        referring = [
            key for key, value in element.attrib.items() if key.startswith(_R) and value in ids
        ]
        if not referring:
            continue
        changed = True
        local = etree.QName(element).localname
        parent = element.getparent()
        if local == "hyperlink" and parent is not None:
            _unwrap(element)
        elif local in ("blip", "imagedata", "fill", "stroke", "fillRef") or parent is None:
            for key in referring:
                del element.attrib[key]
        else:
            parent.remove(element)
    return changed


def _unwrap(element: Any) -> None:
    """Put ``element``'s children where it was, and remove it."""
    parent = element.getparent()
    position = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(position + offset, child)
    parent.remove(element)


# --- fields and VML ---------------------------------------------------------------------------


def _fields(name: str, root: Any) -> list[tuple[OutsideLink, Any]]:
    """Fields that fetch a file or address, each with a function that neutralises it (keeping
    the result Word last showed)."""
    found: list[tuple[OutsideLink, Any]] = []
    for simple in root.iter(f"{W}fldSimple"):
        instruction = str(simple.get(f"{W}instr", ""))
        link = _fetching_field(name, instruction)
        if link is not None:
            found.append((link, lambda element=simple: _unwrap(element)))
    stack: list[dict[str, Any]] = []
    nodes = list(root.iter(f"{W}fldChar", f"{W}instrText"))
    for index, node in enumerate(nodes):
        if node.tag == f"{W}instrText":
            if stack and stack[-1]["separate"] is None:
                stack[-1]["instruction"] += node.text or ""
            continue
        kind = node.get(f"{W}fldCharType")
        if kind == "begin":
            stack.append({"begin": index, "separate": None, "instruction": ""})
        elif kind == "separate" and stack:
            stack[-1]["separate"] = index
        elif kind == "end" and stack:
            field = stack.pop()
            link = _fetching_field(name, field["instruction"])
            if link is None:
                continue
            code_end = field["separate"] if field["separate"] is not None else index
            doomed = [*nodes[field["begin"] : code_end + 1], node]
            found.append((link, lambda doomed=doomed: _remove_all(doomed)))
    return found


def _fetching_field(name: str, instruction: str) -> OutsideLink | None:
    words = instruction.split()
    if not words:
        return None
    code = words[0].upper()
    match = _FIELD_TARGET.match(instruction)
    target = (match.group(1) or match.group(2) or "") if match else ""
    if code in _FIELDS_THAT_FETCH:
        return OutsideLink(
            name, f"an {code} field" if code[0] in "AEIOU" else f"a {code} field", target
        )
    if (
        code == "HYPERLINK"
        and target
        and not target.startswith("\\")
        and not is_web_address(target)
    ):
        return OutsideLink(name, "a hyperlink field to a local file", target)
    if code == "HYPERLINK" and target.startswith("\\\\"):
        return OutsideLink(name, "a hyperlink field to a network share", target)
    return None


def _remove_all(nodes: Iterable[Any]) -> None:
    for node in nodes:
        parent = node.getparent()
        if parent is not None:
            parent.remove(node)


def _vml_links(name: str, root: Any) -> list[tuple[OutsideLink, Any]]:
    """Old-style (VML) pictures and fills that name an outside file in ``o:href``."""
    found: list[tuple[OutsideLink, Any]] = []
    for element in root.iter():
        if isinstance(element.tag, str) and element.get(_O_HREF):
            target = str(element.get(_O_HREF))

            def drop(element: Any = element) -> None:
                del element.attrib[_O_HREF]

            found.append((OutsideLink(name, "a linked picture", target), drop))
    return found


# --- parts ------------------------------------------------------------------------------------


def _parse(name: str, data: bytes) -> Any | None:
    if not name.endswith((".xml", ".rels")):
        return None
    try:
        return etree.fromstring(data, strict_parser())
    except etree.XMLSyntaxError:
        return None  # damaged: whoever reads the part next refuses it, naming it


def _serialise(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
