"""What each letter's template sees: the letterhead, the recipient, the decision in the reader's
terms, and for a birth parent only what an allow-list gives them (see ``letters.plan``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ..model import Case
from ..model.parts import Professional
from ..policy.calendar import age_on
from ..policy.conditions import Context, LinkedSibling, holds
from ..policy.profiles import Profile
from ..render.formatting import DECISION_LABELS, couple_names, uk_date
from ..render.missing import Missing
from ..render.viewmodel import document_context
from ..render.views import CaseView, Value
from .plan import (
    LetterPlan,
    PlannedLetter,
    carers_first_names,
)
from .words import (
    band_for_age,
    carers_words,
    consents_view,
    family_time_line,
    first_name,
    letter_match,
    lives_now_with,
    lives_with_carers,
    placement_view,
    support_items,
)

# Letters posted to a family carry "Private and confidential – addressee only" above the address
# (a letter about a child in care is often opened at a shared address).
PRIVATE_AUDIENCES = frozenset({"carers", "child", "birth-parent"})
# The kinds the Director of Children's Services signs; the ADM signs every other letter.
DIRECTOR_KINDS = frozenset({"letter-director-carers", "letter-director-child"})
CERTIFICATE = "permanency-certificate"


@dataclass(frozen=True)
class LetterheadView:
    """The council's letterhead: the letter's sender."""

    council: str
    service: str
    address_lines: list[str]
    phone: str
    email: str


@dataclass(frozen=True)
class SignatoryView:
    """The ADM's signature block."""

    name: Value
    title: str
    service: str
    council: str


@dataclass(frozen=True)
class LetterView:
    """What every letter has: sender, recipient block, date, reference, greeting, cc list."""

    letterhead: LetterheadView
    recipient_lines: list[Value]
    """Addressee, organisation and postal address, one line each, as the address block shows."""
    recipient_name: str
    greeting: str
    date: str
    reference: str
    copies: list[str]
    contacts: list[str]
    """Who the reader can contact about the decision, with telephone and email as recorded."""
    signatory: SignatoryView
    private: bool
    """Posted to a family (carers, child, birth parent): "Private and confidential – addressee
    only" goes above the address."""


@dataclass(frozen=True)
class DecisionView:
    """The ADM's decision as letters word it. Exactly one of the three flags is true."""

    outcome: str
    outcome_label: str
    agreed: bool
    not_agreed: bool
    deferred: bool
    date: str
    permanent_from: Value
    permanent_already: bool
    """The placement is permanent by the letter's date ("became permanent on"), rather than
    from a later date ("becomes permanent on")."""
    reasons: Value
    further_information: Value
    information_due: Value
    maker: Value
    """The ADM who decided, by name."""
    after_panel: bool
    """The ADM decided on a fostering panel's recommendation (false: the case did not go to
    panel)."""
    panel_name: str
    panel_date: Value
    """The date of the panel whose recommendation the ADM considered."""


@dataclass(frozen=True)
class ParentDecisionView:
    """The decision for a birth parent's letter: no reasons or requests for information.

    The ADM's reasons and the information asked for are written for professionals and often
    discuss the carers; the parent's letter says what was decided and who will explain.
    """

    outcome: str
    outcome_label: str
    agreed: bool
    not_agreed: bool
    deferred: bool
    date: str
    permanent_from: Value
    permanent_already: bool
    information_due: Value


@dataclass(frozen=True)
class ChildNamesView:
    """The child as a birth parent's letter may name them: names and date of birth only."""

    full_name: str
    first_names: str
    last_name: str
    known_as: str
    date_of_birth: str


@dataclass(frozen=True)
class CarerNamesView:
    """The carers as a birth parent's letter may name them, when the placement is not confidential."""

    names: str


@dataclass(frozen=True)
class ChildLetterView:
    """What a letter to the child says and how: the names the child uses, the child's age band,
    where the child lives, family time."""

    carers: Value
    """The carers by the names the child uses: "Ruth and Dan"."""
    social_worker: Value
    """The social worker's first name."""
    iro: Value
    """The Independent Reviewing Officer's first name."""
    age: int
    """The child's age on the letter's date."""
    band: str
    """young (up to 7: the social worker reads the letter with the child), middle (8 to 11)
    or teen (12 and over)."""
    young: bool
    middle: bool
    teen: bool
    lives_with_carers: bool
    """On the letter's date the child lives with the carers; false: the child is to move."""
    lives_now_with: Value
    """Who the child lives with on the letter's date, as the child names them."""
    family_time: Value
    """One sentence on family time, from the contact plan: "Your family time with Mum, Nan and
    Alfie will carry on."."""
    views_counted: bool
    """The child's wishes and feelings are recorded (the decision weighed them)."""
    staying_put: bool
    """The carers offer Staying Put beyond 18."""


@dataclass(frozen=True)
class RecipientsView:
    """For the file copy: who else this decision was written to."""

    child: bool
    """The child has a letter (false: the child is told in person)."""


@dataclass(frozen=True)
class AgencyLetterView:
    """What the agency's letter asks for: only what is still outstanding."""

    panel_recommended_on: str
    """The date the agency's own panel recommended the change of approval, from the attached
    recommendation ("" when none is attached: the agency's panel is still to consider it)."""


@dataclass(frozen=True)
class ParentLettersView:
    """For the file copy: which parents were written to and which were not, and why."""

    written_to: list[str]
    not_written_to: list[str]


def letter_context(
    letter: PlannedLetter,
    *,
    case: Case,
    profile: Profile,
    plan: LetterPlan,
    view: CaseView,
    draft: bool,
    as_of: date,
    dated: date | None = None,
    linked: tuple[LinkedSibling, ...] = (),
) -> dict[str, Any]:
    """The names ``letter``'s template sees. ``dated`` is the letter's own date (its sending
    date, see ``policy.dating``; default ``as_of``, the build's date), which it is dated and
    ``view`` is as at. ``linked`` are the linked siblings' cases (``Context.linked``): a letter's
    ``match`` names only the siblings whose case was read and agrees about the carers and the
    decision (``words.letter_match``), never one the letter could not check.

    Letters to the carers, the child, the agency and the file see the whole case view (as the
    reports do) plus ``letter`` and ``decision``. A birth parent's letter sees only an allow-list:
    ``doc``, ``council``, ``letter``, ``decision`` (without reasons), ``child`` (names and date of
    birth), ``parent`` (their own entry), the child's social worker and the ADM, and ``carers``
    (their names alone) only when the placement is not confidential. The carers' address and the
    child's school are never in it.
    """
    # Everything a letter says is as at its own date: where the child lives, ages, the decision.
    on = dated or as_of
    base = document_context(view, letter.kind, draft=draft, as_of=as_of, dated=dated)
    if letter.kind.kind == CERTIFICATE and not profile.letters.certificate_marking:
        base["doc"] = replace(base["doc"], marking="")
    common = {
        "letter": _letter_view(letter, case, profile, on),
        "placement": placement_view(case, on),
    }
    if letter.audience == "birth-parent":
        return {**common, **_birth_parent_context(letter, case, view, base, profile, on)}
    context: dict[str, Any] = {
        **base,
        **common,
        "match": letter_match(case, linked),
        "decision": _decision_view(case, profile, on),
        "carer_words": carers_words(case),
        "support_plan": support_items(case),
        "consents": consents_view(case),
    }
    if letter.kind.kind == "letter-social-worker":
        context["parent_letters"] = _parent_letters_view(case, plan)
        context["recipients"] = RecipientsView(
            child=any(item.kind.kind == "letter-child" for item in plan.letters)
        )
    if letter.kind.kind == "letter-agency":
        context["agency_letter"] = _agency_letter_view(case)
    if letter.audience == "child":
        context["child_letter"] = _child_letter_view(case, on)
    return context


def marked(letter: PlannedLetter, profile: Profile) -> bool:
    """Whether ``letter`` must carry OFFICIAL-SENSITIVE on every page: every document does, but
    for the certificate, a keepsake, when the council's profile leaves the marking off it."""
    return letter.kind.kind != CERTIFICATE or profile.letters.certificate_marking


def _birth_parent_context(
    letter: PlannedLetter,
    case: Case,
    view: CaseView,
    base: dict[str, Any],
    profile: Profile,
    as_of: date,
) -> dict[str, Any]:
    if letter.parent_index is None:
        raise ValueError(f"{letter.name}: a birth parent's letter must say which parent it is for")
    child = view.child
    context: dict[str, Any] = {
        "doc": base["doc"],
        "reference": view.reference,
        "council": view.council,
        "decision": _parent_decision_view(case, profile, as_of),
        "child": ChildNamesView(
            full_name=child.full_name,
            first_names=child.first_names,
            last_name=child.last_name,
            known_as=child.known_as,
            date_of_birth=child.date_of_birth,
        ),
        "parent": view.parents[letter.parent_index],
        "professionals": {key: view.professionals[key] for key in ("childs_social_worker", "adm")},
    }
    carers = case.carers
    if carers is not None and not (carers.address_confidential or carers.names_confidential):
        context["carers"] = CarerNamesView(
            names=couple_names((carer.called, carer.last_name) for carer in carers.carers)
        )
    return context


def _letter_view(letter: PlannedLetter, case: Case, profile: Profile, as_of: date) -> LetterView:
    recipient = letter.recipient
    return LetterView(
        letterhead=LetterheadView(
            council=profile.council_name,
            service=profile.service_name,
            address_lines=[*profile.address.lines, *filter(None, [profile.address.postcode])],
            phone=profile.address.phone or "",
            email=profile.address.email or "",
        ),
        recipient_lines=_recipient_lines(letter, case),
        recipient_name=recipient.addressee or recipient.role,
        greeting=recipient.greeting,
        date=uk_date(as_of),
        reference=case.reference,
        copies=[str(copy) for copy in letter.copies],
        contacts=_contacts(letter, case),
        signatory=(
            _director(case) if letter.kind.kind in DIRECTOR_KINDS else _signatory(case, profile)
        ),
        private=letter.audience in PRIVATE_AUDIENCES,
    )


def _recipient_lines(letter: PlannedLetter, case: Case) -> list[Value]:
    recipient = letter.recipient
    lines: list[Value] = [
        recipient.addressee
        or Missing.at(_recipient_path(letter), "Letters: who it is addressed to")
    ]
    if recipient.organisation:
        lines.append(recipient.organisation)
    address = recipient.address
    if address is not None:
        lines += [*address.lines, *filter(None, [address.town, address.postcode])]
    elif recipient.by_hand:
        lines.append("By hand")
    elif letter.audience in ("carers", "child", "birth-parent", "agency"):
        # Professionals are written to through the council's internal post; everyone else needs
        # a postal address, and a draft shows where it is missing.
        lines.append(Missing.at(_address_path(letter), None))
    return lines


def _recipient_path(letter: PlannedLetter) -> str:
    return {
        "carers": "carers.carers",
        "child": "child.first_names",
        "agency": "carers.agency",
        "birth-parent": f"birth_parents[{letter.parent_index}].name",
    }.get(letter.audience, "professionals.childs_social_worker")


def _address_path(letter: PlannedLetter) -> str:
    if letter.audience == "birth-parent":
        return f"birth_parents[{letter.parent_index}].address"
    if letter.audience == "agency":
        return "carers.agency.address"
    return "carers.address"


def _signatory(case: Case, profile: Profile) -> SignatoryView:
    adm = case.professionals.adm
    maker = case.decision.maker if case.decision is not None else None
    name: Value = maker or (adm.name if adm is not None else Missing.at("professionals.adm.name"))
    # The ADM's recorded title applies when the decision's maker is that ADM (or is not named).
    same_person = adm is not None and (maker is None or maker == adm.name)
    title = adm.title if same_person and adm is not None and adm.title else "Agency Decision Maker"
    return SignatoryView(
        name=name, title=title, service=profile.service_name, council=profile.council_name
    )


def _director(case: Case) -> SignatoryView:
    director = case.professionals.director
    name: Value = director.name if director is not None else Missing.at("professionals.director")
    title = (director.title if director is not None else None) or "Director of Children's Services"
    return SignatoryView(name=name, title=title, service="", council="")


def _decision_view(case: Case, profile: Profile, as_of: date) -> DecisionView:
    decision = case.decision
    if decision is None:
        raise ValueError("a decision letter needs a recorded decision")
    needed_when_agreed = decision.outcome == "agreed"
    needed_when_deferred = decision.outcome == "deferred"
    after_panel = holds(("goes-to-panel",), Context(case, profile, as_of))
    panel_date = case.panel.date
    adm = case.professionals.adm
    maker: Value = decision.maker or (adm.name if adm is not None else Missing.at("decision.maker"))
    return DecisionView(
        outcome=decision.outcome,
        outcome_label=DECISION_LABELS[decision.outcome],
        agreed=decision.outcome == "agreed",
        not_agreed=decision.outcome == "not-agreed",
        deferred=decision.outcome == "deferred",
        date=uk_date(decision.date),
        permanent_from=_when(
            decision.permanent_from, "decision.permanent_from", needed_when_agreed
        ),
        permanent_already=decision.permanent_from is not None and decision.permanent_from <= as_of,
        reasons=_words_or_missing(
            decision.reasons, "decision.reasons", decision.outcome == "not-agreed"
        ),
        further_information=_words_or_missing(
            decision.further_information, "decision.further_information", needed_when_deferred
        ),
        information_due=_when(
            decision.information_due, "decision.information_due", needed_when_deferred
        ),
        maker=maker,
        after_panel=after_panel,
        panel_name=case.panel.name or profile.panel_name,
        panel_date=(
            uk_date(panel_date)
            if panel_date is not None
            else (Missing.at("panel.date") if after_panel else "")
        ),
    )


def _parent_decision_view(case: Case, profile: Profile, as_of: date) -> ParentDecisionView:
    full = _decision_view(case, profile, as_of)
    return ParentDecisionView(
        outcome=full.outcome,
        outcome_label=full.outcome_label,
        agreed=full.agreed,
        not_agreed=full.not_agreed,
        deferred=full.deferred,
        date=full.date,
        permanent_from=full.permanent_from,
        permanent_already=full.permanent_already,
        information_due=full.information_due,
    )


def _when(value: date | None, path: str, needed: bool) -> Value:
    if value is not None:
        return uk_date(value)
    return Missing.at(path) if needed else ""


def _words_or_missing(value: str | None, path: str, needed: bool) -> Value:
    if value:
        return value
    return Missing.at(path) if needed else ""


def _parent_letters_view(case: Case, plan: LetterPlan) -> ParentLettersView:
    written = {letter.parent_index for letter in plan.letters if letter.parent_index is not None}
    labels = [f"{parent.name} ({parent.role})" for parent in case.birth_parents]
    not_written = []
    for index, parent in enumerate(case.birth_parents):
        if index in written:
            continue
        why = "whereabouts not known" if not parent.whereabouts_known else "not to receive a letter"
        not_written.append(f"{labels[index]}: {why}")
    return ParentLettersView(
        written_to=[labels[index] for index in sorted(written)], not_written_to=not_written
    )


# Who each reader is told to contact, in order: the person closest to them first.
_CONTACTS_BY_AUDIENCE: dict[str, tuple[tuple[str, str], ...]] = {
    "carers": (
        ("supervising_social_worker", "your supervising social worker"),
        ("childs_social_worker", "the child's social worker"),
    ),
    "child": (("childs_social_worker", "your social worker"),),
    "birth-parent": (("childs_social_worker", "the child's social worker"),),
    # An agency carer's supervising social worker usually works for the agency itself.
    "agency": (("childs_social_worker", "the child's social worker"),),
    "professional": (),
}


def _contacts(letter: PlannedLetter, case: Case) -> list[str]:
    found = []
    for key, role in _CONTACTS_BY_AUDIENCE.get(letter.audience, ()):
        person: Professional | None = getattr(case.professionals, key)
        if person is None:
            continue
        details = [person.contact.phone, person.contact.email] if person.contact else []
        reach = ", ".join(detail for detail in details if detail)
        found.append(f"{person.name}, {role}" + (f": {reach}" if reach else ""))
    return found


def _child_letter_view(case: Case, as_of: date) -> ChildLetterView:
    worker = case.professionals.childs_social_worker
    iro = case.professionals.iro
    social_worker: Value = (
        first_name(worker.name)
        if worker is not None
        else Missing.at("professionals.childs_social_worker.name")
    )
    age = age_on(case.child.date_of_birth, as_of)
    band = band_for_age(age)
    carers = case.carers
    return ChildLetterView(
        carers=carers_first_names(case) or Missing.at("carers.carers"),
        social_worker=social_worker,
        iro=first_name(iro.name) if iro is not None else Missing.at("professionals.iro.name"),
        age=age,
        band=band.name,
        young=band.name == "young",
        middle=band.name == "middle",
        teen=band.name == "teen",
        lives_with_carers=lives_with_carers(case, as_of),
        lives_now_with=lives_now_with(case, as_of),
        family_time=family_time_line(case, social_worker),
        views_counted=bool(case.child.wishes_and_feelings),
        staying_put=carers is not None and carers.staying_put is True,
    )


def _agency_letter_view(case: Case) -> AgencyLetterView:
    recommended = [
        attachment.date
        for attachment in case.attachments
        if attachment.kind == "ifa-panel-recommendation" and attachment.date is not None
    ]
    return AgencyLetterView(
        panel_recommended_on=uk_date(max(recommended)) if recommended else "",
    )
