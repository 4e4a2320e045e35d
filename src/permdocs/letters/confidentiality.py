"""The last gate before a letter reaches a birth parent: is anything restricted in any part of it?

A confidential placement's address (and, where the case says so, the carers' names and the child's
school) must never reach a birth parent. Letters to birth parents are rendered from a context that
does not hold those values at all; this module is the second, independent layer. It reopens the
rendered .docx and searches every XML part (body, headers, footers, notes, comments, document
properties, relationships) for every restricted value, so a council template that prints something
it should not, or a restricted value typed into free text, stops the whole run before anything is
written.

How values are matched, and why:

- Text and values are compared after :func:`normalise`: Unicode NFKC, invisible formatting
  characters (soft hyphens, zero-width spaces) removed, curly quotes and dashes straightened, case
  folded and whitespace collapsed. Word splits a word across runs at will, so text is joined run by
  run without spaces; spaces are only added at paragraph, cell, tab and break boundaries.
- A value matches on word boundaries ("Lee" does not match "Leeds"), plural or possessive
  ("the Whitfields", "Whitfield's"), and the words of a value may be separated by any whitespace or
  commas, or none: "9 Orchard Way" matches "9, Orchard  Way".
- A postcode also matches without its space (and with one where it was typed without): "ZZ6 2RB"
  matches "zz62rb".
- Each address line, the town and the postcode are searched on their own, as are each carer's
  surname and full name (and household members' names) when names are restricted, and the school.
- Values with fewer than three letters or digits (a flat letter "B", a house number "9") are not
  searched on their own: they would match page numbers, dates and Word's own markup everywhere.
  They are still caught as part of the longer value they belong to (the full address line).
- First names alone are not searched: many are ordinary words ("Will", "Grace", "May"). The
  carer's first and last name together, and the surname alone, are.
- Attribute values (alt text, hyperlink targets, document variables, bookmark names) are searched
  for every value of two or more words and for postcodes. Single words (a surname or a town alone)
  are searched in text only, because attributes also carry Word's own vocabulary: style, colour,
  font and language names such as "Strong", "Green" or "Georgia", and a carer called Green must not
  block every letter.
- A match that lies inside something the letter is meant to show (see ``allowed``: the child's and
  the parent's own names and address, the council's letterhead, the professionals' names) is not a
  leak: a carer surnamed Hall does not make "Town Hall" in the letterhead a leak, and a child who
  shares the carers' surname may still be named. The carers' full name is still searched.
- A part that cannot be parsed, or an embedded file that cannot be searched, fails closed.

This errs towards refusing: a surname or town that is also an everyday word used in the letter's
own wording stops the letter, and the error says where to look.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from lxml import etree

from ..errors import ConfidentialityError, Leak
from ..model import Case
from ..model.case import Address, BirthParent
from ..policy.profiles import Profile
from ..render.verify import strict_parser

MIN_SEARCHABLE_CHARS = 3
"""Values with fewer letters and digits than this are not searched on their own (see above)."""

# Parts holding XML text. VML drawings (.vml) are XML too, and can hold text boxes.
_XML_SUFFIXES = (".xml", ".rels", ".vml")
# An embedded file (an OLE object, a whole .docx inside the .docx) cannot be searched reliably.
_EMBEDDED_PREFIX = "word/embeddings/"

# WordprocessingML and DrawingML lay text out in runs; a word may be split across runs, so text is
# joined without separators inside a paragraph and separated only at these boundaries.
_RUN_NAMESPACES = frozenset(
    {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
        "http://schemas.openxmlformats.org/drawingml/2006/main",
        "http://purl.oclc.org/ooxml/drawingml/main",
    }
)
_BOUNDARIES = frozenset(
    {"p", "tab", "ptab", "br", "cr", "tc", "tr", "instrText", "delInstrText", "txbxContent"}
)

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)
_POSTCODE_INWARD = 3  # a UK postcode's inward code is always three characters (digit, two letters)
_ATTRIBUTE_SEPARATOR = " | "
_WORD_BEFORE = r"(?<![^\W_])"
_WORD_AFTER = r"(?![^\W_])"
_SEPARATOR = r"[\s,]*"
# "The Whitfields", "Whitfield's", "the Whitfields' home": names are pluralised and possessive.
_PLURAL_OR_POSSESSIVE = r"(?:'s|s'|s)?"


def normalise(text: str) -> str:
    """Text as the scan compares it: NFKC, no invisible characters, straight quotes, folded case,
    whitespace collapsed to single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.translate(_FOLD).casefold().split())


@dataclass(frozen=True)
class Restricted:
    """One value a birth parent must not see, and the case field it came from."""

    field: str
    value: str
    postcode: bool = False

    @property
    def searchable(self) -> bool:
        return sum(ch.isalnum() for ch in normalise(self.value)) >= MIN_SEARCHABLE_CHARS

    @property
    def single_word(self) -> bool:
        return not self.postcode and len(_words(self.value)) == 1

    def pattern(self) -> re.Pattern[str]:
        return _phrase_pattern(self.value, postcode=self.postcode)


def restricted_values(case: Case) -> tuple[Restricted, ...]:
    """Every value the case restricts from birth parents, each address line and name on its own."""
    found: list[Restricted] = []
    carers = case.carers
    if carers is not None and carers.address_confidential and carers.address is not None:
        found += _address_values("carers.address", carers.address)
    if carers is not None and carers.names_confidential:
        for index, carer in enumerate(carers.carers):
            path = f"carers.carers[{index}]"
            found.append(Restricted(f"{path}.last_name", carer.last_name))
            found.append(Restricted(f"{path}.first_names and last_name", carer.full_name))
        # Other people in the household (often the carers' own children) identify the family too.
        found += [
            Restricted(f"carers.household[{index}].name", member.name)
            for index, member in enumerate(carers.household)
        ]
    if case.school_confidential and case.child.education.school:
        found.append(Restricted("child.education.school", case.child.education.school))
    return tuple(item for item in found if item.value.strip())


def allowed_for_birth_parent(case: Case, profile: Profile, parent: BirthParent) -> tuple[str, ...]:
    """What a letter to ``parent`` is meant to show, so a restricted word inside it is no leak.

    Only values that are never restricted belong here: the child's and the parent's own names and
    address, the council's letterhead and the professionals' names.
    """
    child = case.child
    values: list[str] = [
        child.first_names,
        child.last_name,
        child.full_name,
        child.known_as,
        parent.name,
        profile.council_name,
        profile.service_name,
        case.reference,
    ]
    if child.preferred_name:
        values.append(_join(child.preferred_name, child.last_name))
    if parent.address is not None:
        values += [value for _, value in _address_parts("", parent.address)]
    values += profile.address.lines
    values += [
        v for v in (profile.address.postcode, profile.address.phone, profile.address.email) if v
    ]
    for person in case.professionals.model_dump().values():
        if isinstance(person, dict) and person.get("name"):
            values.append(str(person["name"]))
            values += [str(person[key]) for key in ("title", "team") if person.get(key)]
    if case.decision is not None and case.decision.maker:
        values.append(case.decision.maker)
    return tuple(values)


def find_leaks(
    docx: bytes, restricted: Sequence[Restricted], allowed: Iterable[str] = ()
) -> list[Leak]:
    """Every (field, part) where a restricted value appears in the .docx, in part order."""
    searched = [item for item in restricted if item.searchable]
    if not searched:
        return []
    allowed_patterns = [
        _phrase_pattern(value) for value in set(allowed) if any(ch.isalnum() for ch in value)
    ]
    leaks: list[Leak] = []
    for part, text, attributes in _parts(docx):
        for item in searched:
            pattern = item.pattern()
            in_text = _occurs(pattern, text, allowed_patterns)
            in_attributes = not item.single_word and _occurs(pattern, attributes, allowed_patterns)
            if in_text or in_attributes:
                leaks.append(Leak(item.field, part))
    return leaks


def ensure_no_leaks(
    document: str, docx: bytes, restricted: Sequence[Restricted], allowed: Iterable[str] = ()
) -> None:
    """Raise :class:`ConfidentialityError` naming the document, each field and part, if any leak."""
    try:
        leaks = find_leaks(docx, restricted, allowed)
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
            "nothing was written. Remove the restricted detail from the template or the case text"
            " named above (look in that part of the Word file: word/document.xml is the body,"
            " word/header*.xml and word/footer*.xml the headers and footers, docProps/ the file's"
            " properties), then run the command again"
        ),
        document=document,
        leaks=leaks,
    )


# --- helpers ---------------------------------------------------------------------------------


def _join(*parts: str) -> str:
    return " ".join(part.strip() for part in parts if part and part.strip())


def _words(value: str) -> list[str]:
    return [word for word in re.split(r"[\s,]+", normalise(value)) if word]


def _address_parts(path: str, address: Address) -> Iterator[tuple[str, str]]:
    for index, line in enumerate(address.lines):
        yield f"{path}.lines[{index}]", line
    if address.town:
        yield f"{path}.town", address.town
    if address.postcode:
        yield f"{path}.postcode", address.postcode


def _address_values(path: str, address: Address) -> list[Restricted]:
    return [
        Restricted(field, value, postcode=field.endswith(".postcode"))
        for field, value in _address_parts(path, address)
    ]


def _phrase_pattern(value: str, *, postcode: bool = False) -> re.Pattern[str]:
    words = _words(value)
    if postcode:
        compact = "".join(words)
        if len(compact) > _POSTCODE_INWARD:
            words = [compact[:-_POSTCODE_INWARD], compact[-_POSTCODE_INWARD:]]
    body = _SEPARATOR.join(re.escape(word) for word in words)
    suffix = "" if postcode else _PLURAL_OR_POSSESSIVE
    return re.compile(_WORD_BEFORE + body + suffix + _WORD_AFTER)


def _occurs(pattern: re.Pattern[str], text: str, allowed: Sequence[re.Pattern[str]]) -> bool:
    """True if ``pattern`` occurs in ``text`` outside every span the letter is meant to show."""
    matches = [match.span() for match in pattern.finditer(text)]
    if not matches:
        return False
    spans = [match.span() for allow in allowed for match in allow.finditer(text)]
    return any(
        not any(start <= m_start and m_end <= end for start, end in spans)
        for m_start, m_end in matches
    )


def _parts(docx: bytes) -> Iterator[tuple[str, str, str]]:
    """Each XML part's name, its normalised text and its normalised attribute values."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(docx))
    except zipfile.BadZipFile:
        raise _unreadable("the file", "it is not a Word (.docx) file") from None
    with archive:
        for info in archive.infolist():
            name = info.filename
            if name.startswith(_EMBEDDED_PREFIX):
                raise _unreadable(name, "it holds an embedded file, which cannot be checked")
            if not name.lower().endswith(_XML_SUFFIXES):
                continue  # images and fonts hold no text a template could have filled in
            text, attributes = _read_part(name, archive.read(info))
            yield name, text, attributes


def _read_part(name: str, data: bytes) -> tuple[str, str]:
    try:
        # The same strict parser as verify (no DTD, entities or network); it keeps comments and
        # processing instructions, whose text is searched too.
        root = etree.fromstring(data, strict_parser())
    except etree.XMLSyntaxError as exc:
        raise _unreadable(name, f"it is not well-formed XML ({exc})") from None
    pieces: list[str] = []
    attributes: list[str] = []
    _collect(root, pieces, attributes)
    # Attribute values are searched as one text, each kept apart by a bar that no pattern can
    # match across, so a match never spans two attributes. Word repeats values (style and
    # revision ids) by the thousand: each distinct value is searched once.
    return normalise("".join(pieces)), normalise(
        _ATTRIBUTE_SEPARATOR.join(dict.fromkeys(attributes))
    )


def _collect(node: etree._Element, pieces: list[str], attributes: list[str]) -> None:
    if not isinstance(node.tag, str):  # a comment or processing instruction: its text counts
        pieces.append(f" {node.text or ''} ")
    else:
        qname = etree.QName(node)
        run_level = qname.namespace in _RUN_NAMESPACES and qname.localname not in _BOUNDARIES
        attributes.extend(str(value) for value in node.attrib.values())
        separator = "" if run_level else " "
        pieces.append(separator + (node.text or ""))
        for child in node:
            _collect(child, pieces, attributes)
        pieces.append(separator)
    if node.tail:
        pieces.append(node.tail)


def _unreadable(part: str, reason: str) -> ConfidentialityError:
    return ConfidentialityError(
        f"{part} could not be checked for restricted details: {reason}",
        hint="nothing was written; check the template is a normal Word document without embedded files",
        leaks=[Leak("(unchecked)", part)],
    )
