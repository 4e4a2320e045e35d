"""What a birth parent must never see, as the words a person would write it.

A confidential placement restricts the carers' address (``carers.address_confidential``), their
names (``carers.names_confidential``) and the child's school (``school_confidential``). A gate
that looks only for those values as the case holds them misses most real leaks: people write a
carer's first name, half a double-barrelled surname, the street without its number, "Rd" for
"Road", a school's short name. So each restricted detail becomes *terms* (:func:`restrictions`):

- names: each carer's first names (each on its own and together), known-as name, each part of
  the surname (both halves of "Hughes-Okafor" and the whole), the full name, and the same for
  everyone else in the household; any length, two-letter surnames included;
- the address: each line as written, the street or building without its number ("Orchard Way",
  "Harrier Court") and its distinctive name alone ("Harrier"), the town and each distinctive word
  of it ("Stockton" of "Stockton-on-Tees"), the postcode, its sector ("ZZ6 2") and its district
  ("ZZ6");
- the carers' telephone and email, in any format;
- the school: the full name, and its distinctive words without the school-type words
  ("Penbury Vale" of "Penbury Vale Primary Academy", "St Mary's" of "St Mary's CofE Primary").

How each term is matched (spellings, look-alike letters, spacing, names that are everyday words)
is ``textmatch``'s business.

A surname the carers share with the child or a birth parent cannot be protected: the letter names
the child and is addressed to the parent. It is then not a term on its own; instead the carers'
titles with it are ("Mrs Brennan", "Mr and Mrs Brennan", "Nan Brennan"), with their first names
and address parts, and ``check`` says so plainly (``confidentiality``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from ..model import Case
from ..model.fields import ordinal
from ..model.parts import Address
from .everyday import is_everyday, word_set

TermKind = Literal["name", "place", "titled", "postcode", "phone", "email"]


@dataclass(frozen=True)
class Term:
    """One restricted term: the words, what they are and the case field they come from."""

    field: str
    detail: str
    """What the words are, for messages: "a carer's first name", "the carers' street"."""
    text: str
    kind: TermKind = "name"

    @property
    def value(self) -> str:
        return self.text

    @property
    def searchable(self) -> bool:
        alnum = sum(ch.isalnum() for ch in self.text)
        if self.kind == "phone":
            return sum(ch.isdigit() for ch in self.text) >= 6
        if self.kind == "email":
            return "@" in self.text
        return alnum >= (3 if self.kind == "postcode" else 2)

    def describe(self) -> str:
        """``a carer's first name (carers.carers[0].first_names)``."""
        return f"{self.detail} ({self.field})"


@dataclass(frozen=True)
class SharedSurname:
    """A carers' surname that the child or a birth parent also has, so it cannot be protected."""

    surname: str
    carers_field: str
    shared_with: tuple[str, ...]
    """Who else has it, with the field: "the child (child.last_name)"."""


@dataclass(frozen=True)
class Restrictions:
    """Everything a case restricts from birth parents."""

    terms: tuple[Term, ...] = ()
    restricted: tuple[str, ...] = ()
    """What is restricted, in words: "the carers' address", "the carers' names", "the child's
    school"."""
    shared_surnames: tuple[SharedSurname, ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.restricted)


# Titles and kinship words a person puts before a surname to name the carers.
KINSHIP_TITLES = (
    "mr and mrs",
    "nan",
    "nana",
    "nanna",
    "nanny",
    "gran",
    "granny",
    "grandma",
    "grandad",
    "granddad",
    "grandpa",
    "auntie",
    "aunty",
    "aunt",
    "uncle",
)

# Words that say what kind of school it is, not which: left out of its distinctive words.
SCHOOL_TYPE_WORDS = word_set(
    "the school schools primary secondary junior juniors infant infants nursery academy college"
    " high grammar community church cofe ce c of e england va vc rc roman catholic methodist"
    " free trust federation prep preparatory first middle upper lower foundation voluntary"
    " aided controlled special pupil referral unit learning centre center studio faith"
    " sixth form all through jnr inf prim sch acad and &"
)
# Words that say what kind of street or building it is.
STREET_TYPE_WORDS = word_set(
    "road rd street st str avenue ave av lane ln drive dr close cl court ct crescent cres"
    " place pl square sq terrace terr tce gardens gdns grove gro park pk walk parade pde green"
    " mount mt boulevard blvd way hill heights hts mews row rise view vale house cottage"
    " cottages farm lodge barn manor hall mansions tower towers apartments building block"
    " estate flats the"
)
# Small words inside place names ("Stockton-on-Tees", "Newcastle upon Tyne").
_PLACE_JOINERS = word_set("on upon under le la by in the of cum next sea and &")
_NUMBER_FIRST = re.compile(
    r"^\s*(?:(?:flat|apartment|apt|unit|room|no|number|house|plot|suite)\.?\s*)?"
    r"\d+[a-z]?(?:\s*[-/]\s*\d+[a-z]?)?\s*,?\s*",
    re.IGNORECASE,
)
_ONLY_A_NUMBER = re.compile(
    r"^\s*(?:(?:flat|apartment|apt|unit|room|no|number|house|plot|suite|floor)\.?\s*)?"
    r"[\d]*[a-z]?\d*\s*$",
    re.IGNORECASE,
)
_POSTCODE = re.compile(r"^([A-Za-z]{1,2}\d[A-Za-z\d]?)\s*(\d)([A-Za-z]{2})$")


def restricted_details(case: Case) -> tuple[str, ...]:
    """What the case restricts, in words, without working out any terms (for the banners)."""
    carers = case.carers
    found = []
    if carers is not None and carers.address_confidential:
        found.append("the carers' address")
    if carers is not None and carers.names_confidential:
        found.append("the carers' names")
    if case.school_confidential:
        found.append("the child's school")
    return tuple(found)


def confidential_banner(case: Case) -> str:
    """The banner on the panel papers of a confidential placement ("" when it is not)."""
    details = list(restricted_details(case))
    if not details:
        return ""
    listed = details[0] if len(details) == 1 else ", ".join(details[:-1]) + " and " + details[-1]
    return (
        f"CONFIDENTIAL PLACEMENT: {listed} must never be shared with the birth family, in"
        " papers, minutes or conversation."
    )


def restrictions(case: Case) -> Restrictions:
    """Every term the case restricts from birth parents (none when nothing is confidential)."""
    carers = case.carers
    terms: list[Term] = []
    restricted: list[str] = []
    shared: list[SharedSurname] = []
    address_restricted = carers is not None and carers.address_confidential
    names_restricted = carers is not None and carers.names_confidential
    if carers is not None and address_restricted:
        restricted.append("the carers' address")
        if carers.address is not None:
            terms += address_terms("carers.address", carers.address)
    if carers is not None and names_restricted:
        restricted.append("the carers' names")
        shared = shared_surnames(case)
        unprotected = {_key(item.surname) for item in shared}
        terms += _carer_name_terms(case, unprotected)
    if carers is not None and (address_restricted or names_restricted) and carers.contact:
        if carers.contact.phone:
            terms.append(
                Term("carers.contact.phone", "the carers' telephone", carers.contact.phone, "phone")
            )
        if carers.contact.email:
            terms.append(
                Term("carers.contact.email", "the carers' email", carers.contact.email, "email")
            )
    if case.school_confidential:
        restricted.append("the child's school")
        if case.child.education.school:
            terms += school_terms("child.education.school", case.child.education.school)
    # The same words from two fields (a surname the household shares) are searched once, under
    # the first field that restricts them.
    unique: dict[tuple[str, str, str], Term] = {}
    for term in terms:
        if term.searchable:
            unique.setdefault((term.kind, _key(term.text), _detail_group(term.field)), term)
    return Restrictions(tuple(unique.values()), tuple(restricted), tuple(shared))


# --- names -------------------------------------------------------------------------------------


def _detail_group(path: str) -> str:
    """Which restricted detail a field belongs to: the household's names count with the
    carers' (a surname they share is one term), the address and the school each on their own."""
    if path.startswith(("carers.carers", "carers.household")):
        return "names"
    return path.split(".")[1] if path.count(".") else path


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def name_parts(name: str) -> list[str]:
    """Each part of a name: "Mary-Jane Hughes-Okafor" gives Mary-Jane, Mary, Jane, Hughes-Okafor,
    Hughes and Okafor."""
    parts: list[str] = []
    for word in name.split():
        word = word.strip(',.;:()"')
        if not word:
            continue
        parts.append(word)
        pieces = [piece for piece in re.split(r"[-\u2010\u2011]", word) if piece]
        if len(pieces) > 1:
            parts += pieces
    return list(dict.fromkeys(part for part in parts if any(ch.isalpha() for ch in part)))


def _surname_parts(surname: str) -> list[str]:
    return name_parts(surname) + ([surname] if len(surname.split()) > 1 else [])


def _carer_name_terms(case: Case, unprotected: set[str]) -> list[Term]:
    carers = case.carers
    assert carers is not None
    terms: list[Term] = []
    titled: dict[str, tuple[str, list[str]]] = {}
    for index, carer in enumerate(carers.carers):
        path = f"carers.carers[{index}]"
        terms += [
            Term(f"{path}.first_names", "a carer's first name", part)
            for part in name_parts(carer.first_names)
        ]
        if len(carer.first_names.split()) > 1:
            terms.append(Term(f"{path}.first_names", "a carer's first names", carer.first_names))
        if carer.known_as:
            terms += [
                Term(f"{path}.known_as", "the name a carer is known by", part)
                for part in [carer.known_as, *name_parts(carer.known_as)]
            ]
        for part in _surname_parts(carer.last_name):
            if _key(part) not in unprotected:
                terms.append(Term(f"{path}.last_name", "a carer's surname", part))
        full = f"{carer.first_names} {carer.last_name}"
        terms.append(Term(f"{path}.first_names and last_name", "a carer's full name", full))
        if carer.known_as:
            terms.append(
                Term(
                    f"{path}.known_as and last_name",
                    "a carer's full name",
                    f"{carer.known_as} {carer.last_name}",
                )
            )
        for part in _surname_parts(carer.last_name):
            if _key(part) in unprotected:
                titled.setdefault(part, (f"{path}.last_name", []))[1].append(
                    carer.title.strip(". ").lower() if carer.title else ""
                )
    # A shared surname is restricted only with the titles the carers go by: their own ("Mrs
    # Tremayne") and the couple's and family's ("Mr and Mrs Tremayne", "Nan Tremayne").
    for part, (path, own) in titled.items():
        titles = [title for title in own if title] or ["mr", "mrs"]
        terms.append(
            Term(
                path,
                "a carer's surname with a title (a surname shared with the child or a"
                " parent, so not restricted on its own)",
                "|".join(dict.fromkeys([*titles, *KINSHIP_TITLES])) + " " + part,
                "titled",
            )
        )
    for index, member in enumerate(carers.household):
        path = f"carers.household[{index}].name"
        for part in name_parts(member.name):
            if _key(part) not in unprotected:
                terms.append(Term(path, "the name of someone in the carers' household", part))
        if len(member.name.split()) > 1:
            terms.append(Term(path, "the name of someone in the carers' household", member.name))
    return terms


def shared_surnames(case: Case) -> list[SharedSurname]:
    """Each part of a carer's or household member's surname that the child or a parent has."""
    carers = case.carers
    if carers is None:
        return []
    others: dict[str, list[str]] = {}
    child = case.child
    for part in _surname_parts(child.last_name):
        others.setdefault(_key(part), []).append("the child (child.last_name)")
    for index, parent in enumerate(case.birth_parents):
        words = parent.name.split()
        if len(words) < 2:
            continue
        for part in _surname_parts(words[-1]):
            others.setdefault(_key(part), []).append(
                f"{parent.name}, birth {parent.role} (the name of the {ordinal(index + 1)} birth"
                " parent)"
            )
    found: dict[str, SharedSurname] = {}
    surnames = [
        (f"carers.carers[{index}].last_name", carer.last_name)
        for index, carer in enumerate(carers.carers)
    ]
    surnames += [
        (f"carers.household[{index}].name", member.name.split()[-1])
        for index, member in enumerate(carers.household)
        if len(member.name.split()) > 1
    ]
    for path, surname in surnames:
        for part in _surname_parts(surname):
            who = others.get(_key(part))
            if who and _key(part) not in found:
                found[_key(part)] = SharedSurname(part, path, tuple(dict.fromkeys(who)))
    return list(found.values())


# --- the address -------------------------------------------------------------------------------


def address_terms(path: str, address: Address) -> list[Term]:
    """Every term of an address: lines, streets and buildings, their names, town, postcode."""
    terms: list[Term] = []
    for index, line in enumerate(address.lines):
        field_path = f"{path}.lines[{index}]"
        if not _ONLY_A_NUMBER.match(line):
            terms.append(Term(field_path, "a line of the carers' address", line, "place"))
        for piece in line.split(","):
            terms += _street_terms(field_path, piece)
    if address.town:
        terms += _town_terms(f"{path}.town", address.town)
    if address.postcode:
        terms += postcode_terms(f"{path}.postcode", address.postcode)
    return terms


def _street_terms(path: str, piece: str) -> Iterator[Term]:
    if _ONLY_A_NUMBER.match(piece):
        return
    street = _NUMBER_FIRST.sub("", piece).strip(" ,.")
    if not street:
        return
    yield Term(path, "the carers' street or building", street, "place")
    words = street.split()
    core = [word for word in words if word.lower().strip(".") not in STREET_TYPE_WORDS]
    # A name as plain as "Church" or "Station" alone would match too much; the whole street
    # ("Church Lane") is still a term.
    if core and len(core) < len(words) and not (len(core) == 1 and is_everyday(core[0])):
        yield Term(path, "the name of the carers' street or building", " ".join(core), "place")


def _town_terms(path: str, town: str) -> list[Term]:
    terms = [Term(path, "the carers' town or area", town, "place")]
    words = [word for word in re.split(r"[\s\-\u2010\u2011,]+", town) if word]
    if len(words) > 1:
        for word in words:
            lower = word.lower().strip(".")
            if lower in _PLACE_JOINERS or lower in STREET_TYPE_WORDS or len(lower) < 3:
                continue
            if is_everyday(word):
                continue
            terms.append(
                Term(path, "a distinctive word of the carers' town or area", word, "place")
            )
    return terms


def postcode_terms(path: str, postcode: str) -> list[Term]:
    """The postcode, its sector ("ZZ6 2") and its district ("ZZ6", when three characters or
    more): each narrows down where the carers live."""
    compact = "".join(ch for ch in postcode if ch.isalnum())
    terms = [Term(path, "the carers' postcode", postcode, "postcode")]
    match = _POSTCODE.match(compact)
    if match:
        outward, sector = match.group(1), match.group(2)
        terms.append(Term(path, "the carers' postcode sector", f"{outward} {sector}", "postcode"))
        if len(outward) >= 3:
            terms.append(Term(path, "the carers' postcode district", outward, "postcode"))
    return terms


# --- the school --------------------------------------------------------------------------------


def school_terms(path: str, school: str) -> list[Term]:
    """The school's full name and its distinctive words without the school-type words."""
    terms = [Term(path, "the child's school", school, "place")]
    words = [word for word in re.split(r"[\s,]+", school) if word]
    core: list[str] = []
    index = 0
    lowered = [word.lower().strip(".()") for word in words]
    while index < len(words):
        # "C of E" and "Church of England" are three words of one school type.
        if lowered[index : index + 3] in (["c", "of", "e"], ["church", "of", "england"]):
            index += 3
            continue
        if lowered[index] not in SCHOOL_TYPE_WORDS or (
            lowered[index] == "and"
            and core
            and index + 1 < len(words)
            and lowered[index + 1] not in SCHOOL_TYPE_WORDS
        ):
            core.append(words[index])
        index += 1
    while core and core[-1].lower() in ("and", "&"):
        core.pop()
    if core and len(core) < len(words):
        terms.append(
            Term(path, "the distinctive words of the child's school", " ".join(core), "place")
        )
    return terms
