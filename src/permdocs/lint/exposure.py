"""What a council template could fetch from outside, or hide from the people who read it.

Refused in every template (errors), because a document made from it would reach out when it is
opened, or pull in text nobody checked:

- relationships to anything outside the file other than an ordinary web or email hyperlink
  (an attached template, a linked picture, a linked OLE source, a frame, a subdocument);
- pictures linked rather than embedded (``r:link`` on a picture, ``o:href`` or ``r:href`` on a
  VML image);
- hyperlinks to local files or network shares (``file:``, ``\\\\server``, ``C:\\``);
- fields that include or link other files or run other programs (``INCLUDETEXT``,
  ``INCLUDEPICTURE``, ``LINK``, ``DDE``, ``DDEAUTO``, ``IMPORT``), in ``w:instrText`` however
  Word split it across runs, or in ``w:fldSimple``.

Refused in a template for a birth parent's letter too, because the letter's last gate could only
refuse every letter made from it, or a reader would find text the author never saw:

- an embedded package or object anywhere in the file (found by its content, whatever the
  part is called);
- a part that a Word document does not have (a footnotes part under another name, a file
  hidden beside the real ones);
- text in places a reader does not see on the page: XML comments and processing instructions,
  deleted and moved-from text, hidden (``w:vanish``) text, ruby text, document variables,
  comments, building blocks (``word/glossary/``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from lxml import etree

from ..policy.documents import DocumentKind
from .findings import LintFinding, Place

_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_O = "{urn:schemas-microsoft-com:office:office}"
_V = "{urn:schemas-microsoft-com:vml}"
_HYPERLINK = "hyperlink"
_WEB = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)
_LOCAL = re.compile(r"^(?:file:|\\\\|//|[a-z]:[\\/])", re.IGNORECASE)
_FETCHING_FIELDS = ("INCLUDETEXT", "INCLUDEPICTURE", "INCLUDE", "LINK", "DDEAUTO", "DDE", "IMPORT")
_FIELD_WORD = re.compile(r"^\s*([A-Za-z]+)")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"

# The parts a Word document has (Word's own names; numbers vary).
_USUAL_PARTS = re.compile(
    r"^(?:\[Content_Types\]\.xml"
    r"|_rels/\.rels"
    r"|docProps/(?:core|app|custom)\.xml"
    r"|docProps/thumbnail\.(?:jpeg|jpg|png|emf|wmf)"
    r"|customXml/(?:item\d+|itemProps\d+)\.xml"
    r"|customXml/_rels/item\d+\.xml\.rels"
    r"|word/(?:document|styles|stylesWithEffects|settings|webSettings|fontTable|numbering"
    r"|footnotes|endnotes|comments|commentsExtended|commentsIds|commentsExtensible|people)\.xml"
    r"|word/(?:header|footer)\d+\.xml"
    r"|word/theme/theme\d+\.xml"
    r"|word/_rels/[A-Za-z0-9]+\.xml\.rels"
    r"|word/media/[A-Za-z0-9_-]+\.(?:png|jpeg|jpg|gif|bmp|tif|tiff|emf|wmf|svg)"
    r"|word/fonts/font\d+\.odttf"
    r")$"
)
# Parts whose whole text is out of a reader's sight in a letter.
_HIDDEN_PARTS = {
    "word/comments.xml": "comments",
    "word/commentsExtended.xml": "comments",
}
_HIDDEN_ELEMENTS = {
    "delText": "deleted text (shown only with track changes on)",
    "rt": "ruby (phonetic guide) text",
    "docVar": "a document variable",
}


def exposure_findings(
    contents: dict[str, bytes], parts: dict[str, Any], kind: DocumentKind | None
) -> list[LintFinding]:
    """Every outside link and fetching field (any template), and for a birth parent's letter
    every embedded object, unusual part and hidden text."""
    findings: list[LintFinding] = []
    for name, root in parts.items():
        if name.endswith(".rels"):
            findings += _relationships(name, root)
        else:
            findings += _linked_pictures(name, root)
            findings += _fields(name, root)
    if kind is not None and kind.audience == "birth-parent":
        findings += _embedded(contents)
        findings += _unusual_parts(contents)
        findings += _hidden_text(contents, parts)
    return findings


def _refuse(code: str, message: str, hint: str, part: str) -> LintFinding:
    return LintFinding(code, "error", message, hint=hint, place=Place(part))


def _relationships(name: str, root: Any) -> Iterable[LintFinding]:
    for rel in root.iter(f"{_PKG_REL}Relationship"):
        if rel.get("TargetMode") != "External":
            continue
        kind = str(rel.get("Type", "")).rsplit("/", 1)[-1]
        target = str(rel.get("Target", ""))
        if kind == _HYPERLINK and _WEB.match(target):
            continue
        if kind == _HYPERLINK:
            yield _refuse(
                "local-file-link",
                f"has a hyperlink to a file on a computer or network ({target}), which would"
                " open or fetch it from whoever reads the document",
                "remove the hyperlink in Word (right-click > Remove Hyperlink); link only to"
                " https:// web pages or mailto: addresses",
                name,
            )
            continue
        what = {
            "attachedTemplate": "an attached template (Developer > Document Template)",
            "image": "a linked picture",
            "oleObject": "a linked object",
            "frame": "a frame",
            "subDocument": "a subdocument",
        }.get(kind, f"an outside {kind or 'file'}")
        yield _refuse(
            "external-link",
            f"links to {what} outside the file ({target}), which Word fetches when a document"
            " made from this template is opened, so its contents are never checked",
            "remove the link in Word (for an attached template: Developer > Document"
            " Template, and clear it; for a picture: insert it again without 'Link to File');"
            " hyperlinks to https:// pages are fine",
            name,
        )


def _linked_pictures(name: str, root: Any) -> Iterable[LintFinding]:
    linked = [
        element
        for element in root.iter(f"{_A}blip")
        if element.get(f"{_R}link") and not element.get(f"{_R}embed")
    ]
    linked += [
        element
        for element in root.iter(f"{_V}imagedata")
        if element.get(f"{_O}href") or element.get(f"{_R}href")
    ]
    if linked:
        yield _refuse(
            "linked-picture",
            "has a picture linked to a file outside the template instead of stored in it, so"
            " the picture shown is fetched when the document is opened and never checked",
            "delete the picture and insert it again with Insert > Pictures > This Device"
            " (not 'Insert and Link' or 'Link to File')",
            name,
        )


def _fields(name: str, root: Any) -> Iterable[LintFinding]:
    instructions = [str(simple.get(f"{_W}instr", "")) for simple in root.iter(f"{_W}fldSimple")]
    current: list[str] | None = None
    for element in root.iter(f"{_W}fldChar", f"{_W}instrText"):
        if element.tag == f"{_W}fldChar":
            kind = element.get(f"{_W}fldCharType")
            if kind == "begin":
                current = []
            elif current is not None:
                instructions.append("".join(current))
                current = None
        elif current is not None:
            current.append(element.text or "")
    if current is not None:
        instructions.append("".join(current))
    for instruction in instructions:
        word = _FIELD_WORD.match(instruction)
        field = word.group(1).upper() if word else ""
        if field in _FETCHING_FIELDS:
            yield _refuse(
                "fetching-field",
                f"has a {field} field ({instruction.strip()[:80]}), which pulls in another file"
                " or program's content when the document is opened or printed, unchecked",
                "select the field in Word (Alt+F9 shows field codes) and delete it; type the"
                " text or insert the picture into the template itself",
                name,
            )


def _embedded(contents: dict[str, bytes]) -> Iterable[LintFinding]:
    for name, data in contents.items():
        if data.startswith((_ZIP, _OLE)) or name.startswith(("word/embeddings/", "word/activeX/")):
            yield _refuse(
                "embedded-object",
                "holds an embedded document or object, which cannot be checked for restricted"
                " details, so a birth parent's letter made from it would always be refused",
                "delete the embedded object in Word (a picture is fine)",
                name,
            )


def _unusual_parts(contents: dict[str, bytes]) -> Iterable[LintFinding]:
    for name in contents:
        if _USUAL_PARTS.match(name) or name.startswith(("word/embeddings/", "word/activeX/")):
            continue
        yield _refuse(
            "unusual-part",
            "is a part a Word document does not normally have, so a birth parent's letter made"
            " from this template could carry text nobody sees in Word",
            "open the template in Word and save it as a new Word Document (.docx), or start"
            " again from the bundled one (permdocs templates copy DIR)",
            name,
        )


def _hidden_text(contents: dict[str, bytes], parts: dict[str, Any]) -> Iterable[LintFinding]:
    for name in contents:
        if name.startswith("word/glossary/"):
            yield _hidden(name, "building blocks (word/glossary), which the page never shows")
    for name, root in parts.items():
        if name in _HIDDEN_PARTS:
            if "".join(root.itertext()).strip():
                yield _hidden(name, _HIDDEN_PARTS[name])
            continue
        places: list[str] = []
        for node in root.iter(etree.Comment, etree.ProcessingInstruction):
            if (node.text or "").strip():
                places.append("an XML comment or processing instruction")
                break
        for local, what in _HIDDEN_ELEMENTS.items():
            for element in root.iter(f"{_W}{local}"):
                value = "".join(element.itertext()) or str(element.get(f"{_W}val", ""))
                if value.strip():
                    places.append(what)
                    break
        for element in root.iter(f"{_W}moveFrom"):
            if "".join(element.itertext()).strip():
                places.append("moved-from text (shown only with track changes on)")
                break
        for run in root.iter(f"{_W}r"):
            properties = run.find(f"{_W}rPr")
            vanish = properties is not None and (
                properties.find(f"{_W}vanish") is not None
                or properties.find(f"{_W}specVanish") is not None
            )
            if vanish and "".join(t.text or "" for t in run.iter(f"{_W}t")).strip():
                places.append("hidden (vanish) text")
                break
        for where in dict.fromkeys(places):
            yield _hidden(name, where)


def _hidden(part: str, where: str) -> LintFinding:
    return _refuse(
        "hidden-text",
        f"holds text in {where}: a reader of a birth parent's letter does not see it on the"
        " page, but it is in the file they receive",
        "remove it in Word (Review > Accept All Changes and delete comments; Home > show"
        " hidden text and delete it; File > Info > Inspect Document removes the rest), then"
        " check the template again",
        part,
    )
