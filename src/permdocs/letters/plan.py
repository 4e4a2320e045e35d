"""The Agency Decision Maker's letters: who gets one, what each is called, what each may contain.

One decision produces a letter for every recipient the procedures name: the carers; a copy for the
child's file, sent to the child's social worker, who tells the birth parents; the child, when of an
age and understanding to read it; each birth parent separately (never one letter to "the
parents"); the independent fostering agency for an agency carer; and, where the council wants one,
a certificate for the child when the match is agreed.

This module decides and describes; it renders nothing. :func:`plan_letters` is what the build (and
``permdocs letters``) calls: it returns the letters to produce and the notices about letters that
will not be produced. :func:`letters.context.letter_context` gives each letter its template context. A birth
parent's context is built from an allow-list, so a confidential placement's carers, address and
school are not in it at all: a council template that names them fails as undefined instead of
printing them. :mod:`permdocs.confidentiality` then checks the rendered file as a second layer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ..checks.findings import Finding, Severity
from ..model import Case
from ..model.case import BirthParent
from ..model.fields import label_of, owner_of
from ..model.parts import Address, Professional
from ..policy.calendar import age_on
from ..policy.conditions import Context, holds
from ..policy.documents import LETTERS, DocumentKind
from ..policy.profiles import Profile
from .words import lives_with_carers

LETTER_KINDS: dict[str, DocumentKind] = {kind.kind: kind for kind in LETTERS}

# Every finding code producing the letters can report, with what it means (for scripts and for
# the completeness report's code list).
CODES: dict[str, str] = {
    "letters-no-decision": "No ADM decision is recorded, so there are no letters yet.",
    "letters-no-child-letter": "The child does not get a letter (the case or the council's age).",
    "letters-no-birth-parent-letters": "The council's profile does not write to birth parents.",
    "letters-parent-whereabouts-unknown": "No letter for a parent whose whereabouts are unknown.",
    "letters-parent-not-to-receive-letter": "No letter for a parent the case says is not to get one.",
    "letters-parent-without-parental-responsibility": (
        "No letter for a parent without parental responsibility: the council writes only to"
        " parents who hold it."
    ),
    "letters-child-told-in-person": (
        "No letter for the child about a match not agreed or a decision deferred: the child's"
        " social worker tells the child in person."
    ),
    "letters-child-letter-reading-ease": "The child's letter's reading ease, within the bar for their age.",
    "letters-child-letter-hard-to-read": "The child's letter is harder to read than suits their age.",
}


@dataclass(frozen=True)
class Recipient:
    """Who a letter is addressed to, as the letter's address block and greeting show them."""

    role: str
    addressee: str
    greeting: str
    address: Address | None = None
    organisation: str = ""
    by_hand: bool = False
    """Given to the reader by hand (a child who does not live at the carers' address yet)."""


@dataclass(frozen=True)
class Copy:
    """One line of a letter's cc list: a person and why they receive a copy."""

    name: str
    role: str

    def __str__(self) -> str:
        return f"{self.name}, {self.role}"


@dataclass(frozen=True)
class PlannedLetter:
    """One letter to produce: its kind, its recipient, its cc list and its file-name suffix."""

    kind: DocumentKind
    recipient: Recipient
    copies: tuple[Copy, ...] = ()
    suffix: str = ""
    parent_index: int | None = None
    """For a birth parent's letter, which of ``case.birth_parents`` it is for."""

    @property
    def audience(self) -> str:
        return self.kind.audience

    @property
    def name(self) -> str:
        """How messages name this letter: its kind, and for a parent's letter which parent."""
        return f"{self.kind.kind}-{self.suffix}" if self.suffix else self.kind.kind

    def file_name(self, reference: str) -> str:
        return self.kind.file_name(reference, self.suffix)


@dataclass(frozen=True)
class LetterPlan:
    """The letters one decision produces, and findings about letters that will not be produced."""

    letters: tuple[PlannedLetter, ...]
    notices: tuple[Finding, ...]


def _notice(
    code: str, severity: Severity, document: str, field: str, message: str, fix: str
) -> Finding:
    """A finding about the letters, owned by whoever owns ``field`` (as the checks do)."""
    return Finding(
        code=code,
        severity=severity,
        documents=(document,),
        field=field,
        label=label_of(field),
        owner=owner_of(field),
        message=message,
        fix=fix,
    )


def plan_letters(case: Case, profile: Profile, as_of: date) -> LetterPlan:
    """Every letter the recorded decision calls for, in the order a person would send them.

    Whether a kind is produced at all is the registry's ``when`` (so the completeness checks and
    the letters agree); a letter to a birth parent is planned for each parent the case says is to
    receive one and whose whereabouts are known, and the others are reported as notices.
    """
    if case.decision is None:
        notice = _notice(
            "letters-no-decision",
            "info",
            "letter-carers",
            "decision",
            "no decision is recorded yet, so there are no decision letters to produce",
            "record the ADM's decision under decision:, then run the command again",
        )
        return LetterPlan((), (notice,))
    context = Context(case, profile, as_of)
    letters: list[PlannedLetter] = []
    notices: list[Finding] = []
    for kind in LETTERS:
        if not holds(kind.when, context):
            notices += _not_produced(kind, context)
        elif kind.kind == "letter-birth-parent":
            planned, skipped = _parent_letters(kind, context)
            letters += planned
            notices += skipped
        else:
            letters.append(_plan_one(kind, case, profile, as_of))
    return LetterPlan(tuple(letters), tuple(notices))


def _plan_one(kind: DocumentKind, case: Case, profile: Profile, as_of: date) -> PlannedLetter:
    if kind.kind in ("letter-carers", "letter-director-carers"):
        return PlannedLetter(kind, _carers_recipient(case), _carers_copies(case, profile))
    if kind.kind == "information-sheet-carers":
        return PlannedLetter(kind, _carers_recipient(case))
    if kind.kind in ("letter-director-child", "information-sheet-child"):
        copies = _child_copies(case) if kind.kind == "letter-director-child" else ()
        return PlannedLetter(kind, _child_recipient(case, as_of), copies)
    if kind.kind == "letter-social-worker":
        recipient = _professional_recipient(
            case.professionals.childs_social_worker, "child's social worker", profile
        )
        return PlannedLetter(kind, recipient, _file_copies(case, profile))
    if kind.kind == "letter-child":
        return PlannedLetter(kind, _child_recipient(case, as_of), _child_copies(case))
    if kind.kind == "letter-agency":
        return PlannedLetter(kind, _agency_recipient(case), _agency_copies(case, profile))
    if kind.kind == "permanency-certificate":
        return PlannedLetter(kind, _child_recipient(case, as_of))
    raise ValueError(f"no recipient is defined for the letter kind {kind.kind!r}")


def _parent_letters(
    kind: DocumentKind, context: Context
) -> tuple[list[PlannedLetter], list[Finding]]:
    case = context.case
    suffixes = _unique_suffixes(case.birth_parents)
    letters: list[PlannedLetter] = []
    notices: list[Finding] = []
    for index, parent in enumerate(case.birth_parents):
        if not holds(("parent-gets-letter",), context, parent):
            notices.append(_no_parent_letter_notice(index, parent, context.profile))
            continue
        letters.append(
            PlannedLetter(
                kind,
                _parent_recipient(parent),
                _parent_copies(case, context.profile),
                suffix=suffixes[index],
                parent_index=index,
            )
        )
    return letters, notices


def _not_produced(kind: DocumentKind, context: Context) -> list[Finding]:
    """Findings for kinds a person would expect but that are not produced for this case."""
    if kind.kind == "letter-child" and holds(("child-receives-letter",), context):
        # Of an age to receive a letter, but not written to about this outcome.
        outcome = (
            "the match was not agreed"
            if holds(("decision-not-agreed",), context)
            else "the decision was deferred"
        )
        return [
            _notice(
                "letters-child-told-in-person",
                "info",
                kind.kind,
                "child.receives_letter",
                f"no letter for the child: {outcome}, so the child's social worker"
                f" tells {context.case.child.known_as} in person",
                "set letters.child_letter_when_not_agreed: true in the council's profile to"
                " write to the child as well",
            )
        ]
    if kind.kind == "letter-child":
        return [
            _notice(
                "letters-no-child-letter",
                "info",
                kind.kind,
                "child.receives_letter",
                _why_no_child_letter(context),
                "set child.receives_letter: true if the child should have a letter after all",
            )
        ]
    if kind.kind == "letter-birth-parent" and context.case.birth_parents:
        return [
            _notice(
                "letters-no-birth-parent-letters",
                "info",
                kind.kind,
                "birth_parents",
                "the council's profile does not write to birth parents",
                "the child's social worker tells each parent of the decision",
            )
        ]
    return []


# --- who receives a letter -------------------------------------------------------------------


def _why_no_child_letter(context: Context) -> str:
    case, profile = context.case, context.profile
    if case.child.receives_letter is False:
        return (
            "no letter for the child: the case says the child is not of an age and understanding"
            " to receive one (child.receives_letter is false)"
        )
    if case.child.receives_letter is None:
        age = age_on(case.child.date_of_birth, context.as_of)
        minimum = profile.letters.child_letter_min_age
        if age < minimum:
            return (
                f"no letter for the child: {case.child.known_as} is {age}, under the council's"
                f" age of {minimum} for a letter; set child.receives_letter: true to send one"
            )
    return "no letter for the child: the council's profile does not write to children"


def _no_parent_letter_notice(index: int, parent: BirthParent, profile: Profile) -> Finding:
    who = f"{parent.name} ({parent.role})"
    path = f"birth_parents[{index}]"
    if (
        parent.whereabouts_known
        and parent.receives_letter
        and parent.parental_responsibility is False
        and not profile.letters.to_parents_without_parental_responsibility
    ):
        return _notice(
            "letters-parent-without-parental-responsibility",
            "warning",
            "letter-birth-parent",
            f"{path}.parental_responsibility",
            f"no letter for {who}: they do not hold parental responsibility, and the council's"
            " profile writes only to parents who do",
            "the child's social worker decides how and when they are told of the decision"
            " (letters.to_parents_without_parental_responsibility in the profile changes this"
            " for every case)",
        )
    if not parent.whereabouts_known:
        return _notice(
            "letters-parent-whereabouts-unknown",
            "warning",
            "letter-birth-parent",
            f"{path}.whereabouts_known",
            f"no letter for {who}: their whereabouts are unknown",
            "record the enquiries made in whereabouts_enquiries; the child's social worker tells"
            " them of the decision if they are found",
        )
    return _notice(
        "letters-parent-not-to-receive-letter",
        "warning",
        "letter-birth-parent",
        f"{path}.receives_letter",
        f"no letter for {who}: the case says they are not to receive one",
        "the child's social worker decides how and when they are told of the decision",
    )


def slug(text: str) -> str:
    """A file-name-safe form of a name: ASCII letters and digits joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold().replace("'", "")).strip("-")


def _unique_suffixes(parents: list[BirthParent]) -> list[str]:
    """``mother``, ``father``, ``mother-2`` ...: the parent's role, never their name.

    File names travel (shared drives, email subjects, the audit log), so they carry no personal
    data; the recipient is named inside the letter and in the manifest's ``recipient`` field.
    """
    suffixes: list[str] = []
    for parent in parents:
        base = slug(parent.role) or "parent"
        suffix, count = base, 1
        while suffix in suffixes:
            count += 1
            suffix = f"{base}-{count}"
        suffixes.append(suffix)
    return suffixes


# --- recipients and cc lists -----------------------------------------------------------------


def carers_addressee(case: Case) -> str:
    """ "Mrs Ruth Ellery and Mr Daniel Ellery": both carers where there are two."""
    if case.carers is None:
        return ""
    return " and ".join(
        " ".join(part for part in (carer.title, carer.first_names, carer.last_name) if part)
        for carer in case.carers.carers
    )


def carers_first_names(case: Case) -> str:
    """ "Ruth and Dan": how the fostering service greets its own carers, by the names they go
    by (``known_as``, else the first name)."""
    if case.carers is None:
        return ""
    return " and ".join(carer.called for carer in case.carers.carers)


def titled_name(title: str | None, full_name: str) -> str:
    """ "Ms Stacey Louise Brennan": the name with its title, as an address block shows it."""
    return f"{title} {full_name}" if title else full_name


def formal_greeting(title: str | None, full_name: str) -> str:
    """ "Dear Ms Brennan" with a recorded title; without one, "Dear Stacey Brennan" (a title is
    never guessed from a role or a name)."""
    first, *rest = full_name.split()
    if title:
        return f"Dear {title} {rest[-1] if rest else first}"
    return f"Dear {first} {rest[-1]}" if rest else f"Dear {first}"


def _carers_recipient(case: Case) -> Recipient:
    if case.carers is None:
        return Recipient("foster carers", "", "")
    return Recipient(
        "foster carers",
        carers_addressee(case),
        f"Dear {carers_first_names(case)}",
        case.carers.address,
    )


def _child_recipient(case: Case, as_of: date) -> Recipient:
    # A child living with the carers is written to at home; a child who has not moved to them yet
    # is given the letter by hand (their current carers' address is not recorded, and the new
    # carers' is not yet theirs).
    child = case.child
    name = f"{child.known_as} {child.last_name}"
    greeting = f"Dear {child.known_as}"
    if case.carers is not None and lives_with_carers(case, as_of):
        return Recipient("child", name, greeting, case.carers.address)
    return Recipient("child", name, greeting, by_hand=True)


def _parent_recipient(parent: BirthParent) -> Recipient:
    return Recipient(
        f"birth parent ({parent.role})",
        titled_name(parent.title, parent.name),
        formal_greeting(parent.title, parent.name),
        parent.address,
    )


def _professional_recipient(person: Professional | None, role: str, profile: Profile) -> Recipient:
    if person is None:
        return Recipient(role, "", "Dear colleague", organisation=profile.service_name)
    first = person.name.split()[0]
    return Recipient(
        role,
        person.name,
        f"Dear {first}",
        organisation=person.team or profile.service_name,
    )


def _agency_recipient(case: Case) -> Recipient:
    agency = case.carers.agency if case.carers is not None else None
    if agency is None:
        return Recipient("fostering agency", "", "Dear colleague")
    contact = agency.contact
    if contact is None:
        return Recipient("fostering agency", agency.name, "Dear colleague", agency.address)
    # Someone outside the council, written to formally: by title and surname where the title is
    # recorded, else by full name (never by first name alone).
    return Recipient(
        "fostering agency",
        titled_name(contact.honorific, contact.name),
        formal_greeting(contact.honorific, contact.name),
        agency.address,
        organisation=", ".join(part for part in (contact.title, agency.name) if part),
    )


def _copy(person: Professional | None, role: str) -> list[Copy]:
    return [Copy(person.name, role)] if person is not None else []


def _carers_copy(case: Case) -> list[Copy]:
    if case.carers is None:
        return []
    role = "foster carers" if len(case.carers.carers) > 1 else "foster carer"
    return [Copy(carers_addressee(case), role)]


def _iro_copy(case: Case, profile: Profile) -> list[Copy]:
    if not profile.letters.copy_to_iro:
        return []
    return _copy(case.professionals.iro, "Independent Reviewing Officer")


def _agency_copy(case: Case) -> list[Copy]:
    if case.carers is None or case.carers.agency is None:
        return []
    agency = case.carers.agency
    name = agency.contact.name if agency.contact is not None else agency.name
    return [
        Copy(name, f"{agency.name} (fostering agency)" if agency.contact else "fostering agency")
    ]


def _carers_copies(case: Case, profile: Profile) -> tuple[Copy, ...]:
    people = case.professionals
    return tuple(
        _copy(people.childs_social_worker, "child's social worker")
        + _copy(people.supervising_social_worker, "supervising social worker")
        + _iro_copy(case, profile)
        + _agency_copy(case)
    )


def _file_copies(case: Case, profile: Profile) -> tuple[Copy, ...]:
    people = case.professionals
    return tuple(
        _carers_copy(case)
        + _copy(people.supervising_social_worker, "supervising social worker")
        + _iro_copy(case, profile)
        + _agency_copy(case)
    )


def _child_copies(case: Case) -> tuple[Copy, ...]:
    return tuple(_copy(case.professionals.childs_social_worker, "your social worker"))


def _parent_copies(case: Case, profile: Profile) -> tuple[Copy, ...]:
    # Professionals only: never the carers (a confidential placement must not be named, and the
    # cc list is printed on the letter) and never the other parent (separated parents may not be
    # safe to put in touch, and their names and roles are theirs to share).
    return tuple(
        _copy(case.professionals.childs_social_worker, "child's social worker")
        + _iro_copy(case, profile)
    )


def _agency_copies(case: Case, profile: Profile) -> tuple[Copy, ...]:
    people = case.professionals
    return tuple(
        _carers_copy(case)
        + _copy(people.childs_social_worker, "child's social worker")
        + _copy(people.supervising_social_worker, "supervising social worker")
        + _iro_copy(case, profile)
    )
