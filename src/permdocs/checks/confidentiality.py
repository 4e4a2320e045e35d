"""The confidentiality pre-flight: before anyone builds, is any restricted detail in text a birth
parent's letter prints?

A birth parent's letter is rendered from an allow-list (``letters.context``): the parent's own
entry (their name, contact arrangements and views), the child's names, the child's social worker
and the ADM, the council. Of those, the case's free text is where a busy social worker types a
carer's first name or the street ("Natalie will bring the children from Orchard Rd"). This module
searches exactly those fields, for every parent who will get a letter, for the case's restricted
terms (``restricted``) as ``textmatch`` finds them, and reports each as a blocker for the
birth-parent letters, owned by the child's social worker, naming the field, the words that match
and the restricted detail they match. The letters' own gate (``letters.confidentiality``) runs
the same matching over every part of the rendered file and refuses with the same words.

It also reports text bound for a birth parent that holds characters which hide or reorder words
(bidi overrides, zero-width spaces inside words), and a carers' surname the child or a parent
shares, which no gate can protect (see ``restricted``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Case
from ..model.case import BirthParent
from ..model.fields import Owner, label_of
from ..policy.calendar import long_date
from ..policy.conditions import Context
from ..policy.profiles import Profile
from .findings import Finding
from .restricted import Restrictions, restrictions
from .textmatch import Allowed, Hit, Matcher, describe_character, hiding_characters

CODES: dict[str, str] = {
    "confidential-detail-in-parent-letter": "Text a birth parent's letter prints holds a detail"
    " of a confidential placement (the carers' names or address, or the child's school).",
    "confidential-hidden-characters": "Text a birth parent's letter prints holds characters that"
    " hide or reorder words.",
    "confidential-surname-shared": "The carers share a surname with the child or a birth parent,"
    " so their surname cannot be kept from the birth family, and no one has recorded agreeing"
    " that the placement stays confidential all the same.",
    "confidential-surname-shared-agreed": "The carers share a surname with the child or a birth"
    " parent; someone has recorded agreeing that the placement stays confidential.",
}

_LETTER = ("letter-birth-parent",)
_OWNER: Owner = "child's social worker"
_FIX_WORDS = (
    "rewrite it without the restricted detail (write “the carers” or “their foster carers”"
    " rather than a name, “their home” or “the family centre” rather than an address, and"
    " “school” rather than the school's name), then run permdocs check again"
)


@dataclass(frozen=True)
class ParentText:
    """One case value a birth parent's letter can print."""

    field: str
    text: str


def parents_written_to(case: Case, profile: Profile) -> list[tuple[int, BirthParent]]:
    """The birth parents who will get a letter (as ``letters.plan`` decides it)."""
    if not profile.letters.to_birth_parents:
        return []
    return [
        (index, parent)
        for index, parent in enumerate(case.birth_parents)
        if parent.whereabouts_known and parent.receives_letter
    ]


def parent_letter_texts(case: Case, index: int) -> list[ParentText]:
    """The case's values that a letter to ``birth_parents[index]`` may print, outside the
    address block: the parent's own name, contact arrangements and views, and the professionals
    it names (the child's social worker and the ADM)."""
    parent = case.birth_parents[index]
    path = f"birth_parents[{index}]"
    texts = [
        ParentText(f"{path}.name", parent.name),
        ParentText(f"{path}.contact_arrangements", parent.contact_arrangements or ""),
        ParentText(f"{path}.views", parent.views or ""),
    ]
    for key in ("childs_social_worker", "adm"):
        person = getattr(case.professionals, key)
        if person is None:
            continue
        for name in ("name", "title", "team"):
            texts.append(ParentText(f"professionals.{key}.{name}", getattr(person, name) or ""))
        if person.contact is not None:
            for name in ("phone", "email"):
                value = getattr(person.contact, name) or ""
                texts.append(ParentText(f"professionals.{key}.contact.{name}", value))
    if case.decision is not None and case.decision.maker:
        texts.append(ParentText("decision.maker", case.decision.maker))
    return [text for text in texts if text.text.strip()]


def allowed_for_parent(case: Case, profile: Profile, parent: BirthParent) -> Allowed:
    """What a letter to ``parent`` is meant to show, where it is meant to show it.

    Anywhere: the child's names, the parent's own name, the professionals' names and job titles,
    the council's and service's names, the case reference. Only whole, as the block it is: the
    parent's own address and the council's letterhead address, so a town they share with the
    carers is never a licence for the same word elsewhere in the letter.
    """
    child = case.child
    phrases = [
        child.full_name,
        child.first_names,
        child.known_as,
        f"{child.known_as} {child.last_name}",
        parent.name,
        profile.council_name,
        profile.service_name,
        case.reference,
    ]
    if child.preferred_name:
        phrases.append(child.preferred_name)
    for person in (
        getattr(case.professionals, key) for key in type(case.professionals).model_fields
    ):
        if person is not None:
            phrases.append(person.name)
            if person.title:
                phrases.append(person.title)
    if case.decision is not None and case.decision.maker:
        phrases.append(case.decision.maker)
    blocks: list[tuple[str, ...]] = []
    if parent.address is not None:
        address = parent.address
        blocks.append(tuple(filter(None, [*address.lines, address.town, address.postcode])))
    letterhead = profile.address
    if letterhead.lines or letterhead.postcode:
        blocks.append(tuple(filter(None, [*letterhead.lines, letterhead.postcode])))
        for value in (letterhead.phone, letterhead.email):
            if value:
                blocks.append((value,))
    return Allowed(tuple(phrase for phrase in phrases if phrase), tuple(blocks))


def check_confidentiality(context: Context) -> list[Finding]:
    """The pre-flight's findings for ``context``'s case (none unless something is restricted)."""
    case, profile = context.case, context.profile
    restricted = restrictions(case)
    if not restricted:
        return []
    findings = list(_shared_surname_findings(case, restricted))
    for index, parent in parents_written_to(case, profile):
        matcher = Matcher(restricted.terms, allowed_for_parent(case, profile, parent))
        for item in parent_letter_texts(case, index):
            findings += _hidden_characters(item, parent)
            for hit in matcher.hits(item.text):
                findings.append(_detail_finding(item, parent, hit))
    return findings


def _who(parent: BirthParent) -> str:
    return f"{parent.name} (birth {parent.role})"


def _detail_finding(item: ParentText, parent: BirthParent, hit: Hit) -> Finding:
    label = label_of(item.field)
    return Finding(
        code="confidential-detail-in-parent-letter",
        severity="blocker",
        documents=_LETTER,
        field=item.field,
        label=label,
        owner=_OWNER,
        message=f"The letter to {_who(parent)} prints {label}, and its words “{hit.words}”"
        f" match {hit.term.describe()}: the placement is confidential, so the birth family must"
        " never see it.",
        fix=f"In {item.field}, {_FIX_WORDS}.",
        source="Data Protection Act 2018 / UK GDPR art. 5(1)(f); the case's confidentiality flags",
    )


def _hidden_characters(item: ParentText, parent: BirthParent) -> Iterator[Finding]:
    found = list(dict.fromkeys(ch for _, ch in hiding_characters(item.text)))
    if not found:
        return
    label = label_of(item.field)
    names = ", ".join(describe_character(ch) for ch in found)
    yield Finding(
        code="confidential-hidden-characters",
        severity="blocker",
        documents=_LETTER,
        field=item.field,
        label=label,
        owner=_OWNER,
        message=f"{label}, which the letter to {_who(parent)} prints, holds characters that hide"
        f" or reorder words on the page ({names}), so it cannot be checked as a reader would"
        " see it.",
        fix=f"Retype {item.field} (or paste it as plain text) so it holds only visible"
        " characters, then run permdocs check again.",
        source="Confidential placement: the birth-parent letter check",
    )


def _shared_surname_findings(case: Case, restricted: Restrictions) -> Iterator[Finding]:
    carers = case.carers
    if carers is None:
        return
    agreed = carers.shared_surname_agreed
    for shared in restricted.shared_surnames:
        who = " and ".join(shared.shared_with)
        said = (
            f"The carers' surname {shared.surname} ({shared.carers_field}) is also the surname"
            f" of {who}, so it cannot be kept from the birth family: their letters name the"
            f" child and are addressed to the parent. permdocs cannot restrict the surname;"
            f" it restricts the carers' first names, their titles with the surname (“Mrs"
            f" {shared.surname}”, “Mr and Mrs {shared.surname}”, “Nan {shared.surname}”) and"
            " their address and the school instead."
        )
        if agreed is None:
            yield Finding(
                code="confidential-surname-shared",
                severity="blocker",
                documents=_LETTER,
                field="carers.shared_surname_agreed",
                label=label_of("carers.shared_surname_agreed"),
                owner=_OWNER,
                message=said,
                fix="Decide with your team manager whether the placement can stay confidential"
                " although the surname is known, and record it as a case note under"
                " carers.shared_surname_agreed: agreed_by (who agreed, and their role),"
                " agreed_on (when) and note (why, and how the first names, address and school"
                " are kept from the family). If it cannot stay confidential, review the safety"
                " plan and set carers.names_confidential to false.",
                source="Confidential placement: a surname shared with the child or a parent",
            )
        else:
            yield Finding(
                code="confidential-surname-shared-agreed",
                severity="info",
                documents=_LETTER,
                field="carers.shared_surname_agreed",
                label=label_of("carers.shared_surname_agreed"),
                owner=_OWNER,
                message=f"{said} {agreed.agreed_by} agreed on {long_date(agreed.agreed_on)} that"
                " the placement stays confidential all the same.",
                fix="Nothing to do; review the agreement at each looked-after child review.",
                source="Confidential placement: a surname shared with the child or a parent",
            )


def confidential_summary(case: Case) -> str | None:
    """The line ``check`` prints under its heading for a confidential placement, else None."""
    restricted = restrictions(case).restricted
    if not restricted:
        return None
    items = list(restricted)
    listed = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
    return (
        f"CONFIDENTIAL PLACEMENT: {listed} must never reach the birth family; each birth"
        " parent's letter is checked for them before it is written."
    )
