"""The last gate before a letter reaches a birth parent: is anything restricted in any part of it?

A confidential placement's address, the carers' names and the child's school must never reach a
birth parent. Letters to birth parents are rendered from a context that does not hold those
values at all (``letters.context``), and ``check`` has already searched the case text the letter
prints (``checks.confidentiality``); this module is the last, independent layer. It reopens the
rendered .docx and searches everything in it a reader could see, hear or find, for the case's
restricted terms (``checks.restricted``) matched as people write them (``checks.textmatch``):

- every part of the package, whatever its name or extension: body, headers, footers, notes,
  comments, document properties, custom XML, relationships, a footnotes part under an odd name;
- in XML, the text as Word lays it out, joined across runs (a word split by formatting, by an XML
  comment between runs, or across paragraphs is still found), including deleted text
  (``w:delText``, shown with track changes on), field instructions (``w:instrText``, split
  across runs), ruby text; XML comments and processing instructions are taken out of the text
  and searched on their own;
- every attribute value, decoded (URL-encoded hyperlink targets, entities): picture alt text,
  titles and descriptions (read aloud by screen readers), comment authors, bookmark names,
  document variables, content-control tags; font names are not searched for single words;
- a package inside the package (an embedded Word or Excel file, anywhere) is opened and searched
  the same way; an embedded object that cannot be opened (an OLE object) fails closed;
- any other file (pictures, fonts) is searched for the text it carries (EMF text records, image
  metadata);
- characters that hide or reorder words (a right-to-left override, a zero-width space inside a
  word) refuse the letter on their own.

One hit and nothing is written; the error names the letter, the part, the words found and the
restricted detail they match. A part that cannot be read fails closed. No PDF of a birth
parent's letter is made; one that ever is must pass this gate too.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote_plus

from lxml import etree

from ..checks.confidentiality import allowed_for_parent
from ..checks.restricted import Term, restrictions
from ..checks.textmatch import Matcher, describe_character, hiding_characters, normalise
from ..errors import ConfidentialityError, Leak
from ..model import Case
from ..model.case import BirthParent
from ..policy.profiles import Profile
from ..render.verify import strict_parser

__all__ = [
    "ensure_no_leaks",
    "find_leaks",
    "matcher_for_parent",
    "normalise",
    "restricted_values",
]

_MAX_DEPTH = 3  # packages inside packages inside the letter
_MAX_UNPACKED = 256 * 1024 * 1024

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# WordprocessingML and DrawingML lay text out in runs; a word may be split across runs, so text is
# joined without separators inside a paragraph and separated only at these boundaries.
_RUN_NAMESPACES = frozenset(
    {
        _W,
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
        "http://schemas.openxmlformats.org/drawingml/2006/main",
        "http://purl.oclc.org/ooxml/drawingml/main",
    }
)
_LINE_BOUNDARIES = frozenset({"p", "br", "cr", "tc", "tr", "txbxContent", "rt", "rubyBase"})
_SPACE_BOUNDARIES = frozenset({"tab", "ptab", "fldChar", "noBreakHyphen", "sym"})
# Attributes that only ever hold font names: "Georgia" there is a font, not a carer.
_FONT_ATTRIBUTES = frozenset(
    {"ascii", "hAnsi", "eastAsia", "cs", "typeface", "asciiTheme", "hAnsiTheme", "panose"}
)
_FONT_ELEMENTS = frozenset({"font", "latin", "ea", "sym", "altName"})
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|_+")
_PRINTABLE = re.compile(rb"[\x20-\x7e]{4,}")
_PRINTABLE_UTF16 = re.compile(rb"(?:[\x20-\x7e]\x00){4,}")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"


def restricted_values(case: Case) -> tuple[Term, ...]:
    """Every term the case restricts from birth parents (see ``checks.restricted``)."""
    return restrictions(case).terms


def matcher_for_parent(case: Case, profile: Profile, parent: BirthParent) -> Matcher:
    """The case's restricted terms, outside what a letter to ``parent`` is meant to show."""
    return Matcher(restrictions(case).terms, allowed_for_parent(case, profile, parent))


@dataclass(frozen=True)
class _Text:
    part: str
    text: str
    prose: bool = True
    """False for attribute values that hold font names, searched for phrases only."""


def find_leaks(docx: bytes, matcher: Matcher) -> list[Leak]:
    """Every (term, part) where a restricted term appears in the .docx, in part order, and
    every part holding characters that hide words."""
    if not matcher.terms:
        return []  # nothing restricted: nothing to find, and nothing for hidden characters to hide
    leaks: list[Leak] = []
    for item in _texts(docx, "", 0):
        hidden = list(dict.fromkeys(ch for _, ch in hiding_characters(item.text)))
        if hidden:
            leaks.append(
                Leak(
                    "(hidden characters)",
                    item.part,
                    ", ".join(describe_character(ch) for ch in hidden),
                    "characters that hide or reorder words",
                )
            )
        for hit in matcher.hits(item.text):
            if not item.prose and " " not in normalise(hit.term.text):
                continue
            leaks.append(Leak(hit.term.field, item.part, hit.words, hit.term.detail))
    return list(dict.fromkeys(leaks))


def ensure_no_leaks(document: str, docx: bytes, matcher: Matcher) -> None:
    """Raise :class:`ConfidentialityError` naming the document, each part, the words found and
    the restricted detail they match, if anything restricted is in ``docx``."""
    try:
        leaks = find_leaks(docx, matcher)
    except ConfidentialityError as exc:  # a part that cannot be searched: fail closed, say which
        raise ConfidentialityError(
            f"{document}: {exc.message}", hint=exc.hint, document=document, leaks=exc.leaks
        ) from None
    if not leaks:
        return
    listed = "; ".join(str(leak) for leak in leaks)
    raise ConfidentialityError(
        f"{document} would show a birth parent restricted details: {listed}",
        hint=(
            "nothing was written. Rewrite the words named above where they come from: the case"
            " text the letter prints (permdocs check names the field) or the council's"
            " template (look in that part of the Word file: word/document.xml is the body,"
            " word/header*.xml and word/footer*.xml the headers and footers, docProps/ the"
            " file's properties), then run the command again"
        ),
        document=document,
        leaks=leaks,
    )


# --- reading every part ----------------------------------------------------------------------


def _texts(data: bytes, prefix: str, depth: int) -> Iterator[_Text]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _unreadable(prefix or "the file", "it is not a Word (.docx) file") from None
    with archive:
        if sum(info.file_size for info in archive.infolist()) > _MAX_UNPACKED:
            raise _unreadable(prefix or "the file", "it unpacks to more than 256 MB")
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = prefix + info.filename
            try:
                raw = archive.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
                raise _unreadable(name, f"it cannot be unpacked ({exc})") from None
            yield from _part_texts(name, raw, depth)


def _part_texts(name: str, raw: bytes, depth: int) -> Iterator[_Text]:
    head = raw[:4].lstrip(b"\xef\xbb\xbf \t\r\n")
    if raw.startswith(_ZIP):
        if depth >= _MAX_DEPTH:
            raise _unreadable(name, "it holds packages nested too deeply to check")
        yield from _texts(raw, name + "!/", depth + 1)
    elif raw.startswith(_OLE):
        raise _unreadable(name, "it holds an embedded object (OLE), which cannot be checked")
    elif (
        head.startswith(b"<")
        or raw.startswith((b"\xff\xfe", b"\xfe\xff"))
        or name.lower().endswith((".xml", ".rels", ".vml"))
    ):
        yield from _xml_texts(name, raw)
    else:
        strings = [m.group(0).decode("ascii") for m in _PRINTABLE.finditer(raw)]
        strings += [m.group(0).decode("utf-16-le") for m in _PRINTABLE_UTF16.finditer(raw)]
        if strings:
            yield _Text(name, "\n".join(strings))


def _xml_texts(name: str, data: bytes) -> Iterator[_Text]:
    try:
        # The same strict parser as verify: no DTD, entities or network.
        root = etree.fromstring(data, strict_parser())
    except etree.XMLSyntaxError as exc:
        raise _unreadable(name, f"it is not well-formed XML ({exc})") from None
    flow: list[str] = []
    hidden: list[str] = []
    prose: list[str] = []
    fonts: list[str] = []
    _collect(root, flow, hidden, prose, fonts)
    text = "".join(flow)
    yield _Text(name, text)
    decoded = _decoded(text)
    if decoded != text:
        yield _Text(name, decoded)
    if hidden:
        yield _Text(name, "\n".join(hidden))
    # Word repeats attribute values (style and revision ids) by the thousand: each distinct
    # value once, each on its own line so no match spans two of them.
    values = list(dict.fromkeys(prose))
    if values:
        yield _Text(name, "\n".join(_decoded(value) for value in values))
    if fonts:
        yield _Text(name, "\n".join(dict.fromkeys(fonts)), prose=False)


def _decoded(value: str) -> str:
    """``value`` with URL escapes and character references undone (up to three layers deep),
    and identifiers split into words ("CarerSurname_Whitfield" -> "Carer Surname Whitfield")."""
    for _ in range(3):
        undone = (
            html.unescape(unquote_plus(value))
            if ("%" in value or "&" in value or "+" in value)
            else value
        )
        if undone == value:
            break
        value = undone
    return value if " " in value else _CAMEL.sub(" ", value)


def _split(tag: str) -> tuple[str, str]:
    """``{namespace}local`` -> (namespace, local), without building QName objects (a styles
    part has thousands of elements)."""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def _collect(
    node: etree._Element, flow: list[str], hidden: list[str], prose: list[str], fonts: list[str]
) -> None:
    tag = node.tag
    if not isinstance(tag, str):
        # An XML comment or processing instruction: out of the text (so it cannot split a word
        # from the scan), but its own words are searched too.
        hidden.append(str(node.text or ""))
    else:
        namespace, local = _split(tag)
        in_runs = namespace in _RUN_NAMESPACES
        for attribute, value in node.attrib.items():
            attribute_name = _split(attribute)[1]
            if attribute_name in _FONT_ATTRIBUTES or (
                local in _FONT_ELEMENTS and attribute_name in ("name", "val")
            ):
                fonts.append(value)
            else:
                prose.append(value)
        if not in_runs:
            before = after = " "
        elif local in _LINE_BOUNDARIES:
            before = after = "\n"
        elif local in _SPACE_BOUNDARIES:
            before = after = " "
        else:
            before = after = ""
        flow.append(before)
        if node.text:
            flow.append(node.text)
        for child in node:
            _collect(child, flow, hidden, prose, fonts)
        flow.append(after)
    if node.tail:
        flow.append(node.tail)


def _unreadable(part: str, reason: str) -> ConfidentialityError:
    return ConfidentialityError(
        f"{part} could not be checked for restricted details: {reason}",
        hint="nothing was written; check the template is a normal Word document without embedded"
        " objects (permdocs templates check DIR says what to remove)",
        leaks=[Leak("(unchecked)", part)],
    )
