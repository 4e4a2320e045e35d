"""How letters speak of people and places: in the right number and person, true to the route.

Every letter is read by one person about people they know: the carers by the names the family
uses, one carer as "she", "he" or "they" as recorded (or by name when no pronoun is recorded:
never a guess), two carers as "they". Where the child lives is worked out for the letter's date:
on the existing-carer route the child keeps living with the carers; on the new-carer route the
child moves to them (or has moved, once ``child.placed_with_carers_since`` has passed). Case text
is never pasted mid-sentence where its capitals would jar: the frequency of a support-plan item
starts with a small letter only when it is plain words (:func:`lower_first`).

A sibling group matched with the same carers is one match: the carers' letters, the copy for
the child's file and the agency's letter name every child in it (:func:`letter_match`), but only
siblings whose own case file was read and agrees about the carers and the decision, so a letter
never speaks for a case it could not see.

The age bands of the child's letter live here too, with the reading targets
``readability`` holds each band's letter to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..checks.siblings import ASPECTS
from ..model import Case
from ..model.carers import Carer
from ..model.case import BirthParent, SupportPlanRow
from ..policy.conditions import LinkedSibling
from ..render.formatting import couple_names, describe_age, formal_names, join_words, uk_date
from ..render.missing import Missing
from ..render.views import NOT_RECORDED, MatchChildView, MatchView, Value

# --- age bands --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgeBand:
    """A band of the child's letter: who it is written for and how easy it must be to read."""

    name: str
    label: str
    oldest: int | None
    minimum_ease: float
    """The lowest Flesch Reading Ease the letter may score."""
    longest_sentences: float
    """The most words a sentence may have on average."""


# Up to 7 the social worker reads the letter with the child; 8 to 11 read it themselves, in
# short everyday sentences; 12 and over are written to about staying to 18 and beyond and about
# their own views, in plain English. Flesch 90 is "very easy" (an average 11-year-old), 70
# "fairly easy" (13 to 15).
BANDS: tuple[AgeBand, ...] = (
    AgeBand("young", "up to 7", 7, 90.0, 10.0),
    AgeBand("middle", "8 to 11", 11, 90.0, 12.0),
    AgeBand("teen", "12 and over", None, 70.0, 16.0),
)


def band_for_age(age: int) -> AgeBand:
    """The band of a child of ``age``."""
    for band in BANDS:
        if band.oldest is None or age <= band.oldest:
            return band
    return BANDS[-1]


# --- small wording helpers --------------------------------------------------------------------

# Words English always capitalises (a plural "Mondays" is looked up without its "s").
_ALWAYS_CAPITAL = frozenset(
    {"I", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
    | {"January", "February", "March", "April", "May", "June", "July", "August"}
    | {"September", "October", "November", "December", "Christmas", "Easter", "Eid", "Diwali"}
)
_PLAIN_FIRST_WORD = re.compile(r"\s*([A-Z][a-z'’-]*)(?![A-Za-z0-9])")


def lower_first(text: str) -> str:
    """``"Monthly, two hours"`` -> ``"monthly, two hours"``, for case text that continues a
    sentence. Only plain words are changed: text whose first word is not a capitalised ordinary
    word ("CAMHS", "I") or that holds any other capital (a name: "Mondays and Thursdays") is
    left as typed, since its capitals are probably meant."""
    match = _PLAIN_FIRST_WORD.match(text)
    if match is None:
        return text
    word = match.group(1)
    if word in _ALWAYS_CAPITAL or (word.endswith("s") and word[:-1] in _ALWAYS_CAPITAL):
        return text
    if any(character.isupper() for character in text[match.end() :]):
        return text
    start = match.start(1)
    return text[:start] + text[start].lower() + text[start + 1 :]


def first_name(name: str) -> str:
    return name.split()[0] if name.split() else name


def possessive(name: str) -> str:
    """``"Mr and Mrs Ellery"`` -> ``"Mr and Mrs Ellery's"``."""
    return f"{name}'s"


# --- the carers -------------------------------------------------------------------------------

_PRONOUN_FORMS: dict[str, tuple[str, str, str, str, str]] = {
    # subject, object, possessive, "is/are", "has/have"
    "she": ("she", "her", "her", "is", "has"),
    "he": ("he", "him", "his", "is", "has"),
    "they": ("they", "them", "their", "are", "have"),
}


@dataclass(frozen=True)
class CarersWordsView:
    """The carers as a letter speaks of them, in the right number and person.

    For one carer the pronouns are the carer's own (``carers.carers[].pronouns``); when none is
    recorded they are the carer's name ("Carol will look after you"), never a guess. For two
    carers they are "they", "them", "their"."""

    single: bool
    """One carer."""
    names: Value
    """The names they go by, joined: "Ruth and Dan", "Carol"."""
    full_names: Value
    """Those names with the surname: "Ruth and Dan Ellery"."""
    formal: Value
    """With titles, as a formal letter names them: "Mr and Mrs Ellery", "Ms Ashdown"."""
    formal_possessive: Value
    """"Mr and Mrs Ellery's", "Ms Ashdown's"."""
    noun: str
    """"foster carer" or "foster carers"."""
    they: str
    """"she", "he", "they", or the carer's name."""
    They: str
    """The same, starting a sentence."""
    them: str
    """"her", "him", "them", or the carer's name."""
    their: str
    """"her", "his", "their", or the carer's name with 's."""
    Their: str
    """The same, starting a sentence."""
    are: str
    """"is" or "are", agreeing with ``they``."""
    have: str
    """"has" or "have", agreeing with ``they``."""


def carers_words(case: Case) -> CarersWordsView:
    carers = case.carers
    if carers is None:
        missing = Missing.at("carers.carers")
        return CarersWordsView(
            single=False,
            names=missing,
            full_names=missing,
            formal=missing,
            formal_possessive=missing,
            noun="foster carers",
            they="they",
            They="They",
            them="them",
            their="their",
            Their="Their",
            are="are",
            have="have",
        )
    people = carers.carers
    single = len(people) == 1
    formal = formal_names((carer.title, carer.first_names, carer.last_name) for carer in people)
    subject, object_, owner, are, have = _forms(people)
    return CarersWordsView(
        single=single,
        names=called_names(people),
        full_names=couple_names((carer.called, carer.last_name) for carer in people),
        formal=formal,
        formal_possessive=possessive(formal),
        noun="foster carer" if single else "foster carers",
        they=subject,
        They=_capitalised(subject),
        them=object_,
        their=owner,
        Their=_capitalised(owner),
        are=are,
        have=have,
    )


def called_names(people: list[Carer]) -> str:
    """ "Ruth and Dan": the names the carers go by."""
    return join_words(carer.called for carer in people)


def _forms(people: list[Carer]) -> tuple[str, str, str, str, str]:
    if len(people) > 1:
        return _PRONOUN_FORMS["they"]
    carer = people[0]
    if carer.pronouns is None:
        name = carer.called
        return name, name, possessive(name), "is", "has"
    return _PRONOUN_FORMS[carer.pronouns]


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:]


# --- the children in the match -------------------------------------------------------------------

# What a linked sibling's case must agree on before a letter speaks for both children: the
# carers the letter is written to and the decision it reports (``check`` names any difference).
_LETTER_ASPECTS = tuple(aspect for aspect in ASPECTS if aspect.path in ("carers", "decision"))


def letter_match(case: Case, linked: tuple[LinkedSibling, ...]) -> MatchView:
    """Every child a letter about this match may name: this case's child first, then each
    linked sibling whose own case was read and agrees about the carers and the decision, as
    that case records the child. A single child (or a linked case unreadable or disagreeing)
    gives one child, and the letter reads as a single child's."""
    panel = case.panel.date
    children = [_match_child(case, panel)]
    children += [
        _match_child(link.case, panel)
        for link in linked
        if link.case is not None
        and all(aspect.value(link.case) == aspect.value(case) for aspect in _LETTER_ASPECTS)
    ]
    return MatchView(
        children=children,
        is_group=len(children) > 1,
        names=join_words(child.known_as for child in children),
        full_names=join_words(child.name for child in children),
    )


def _match_child(case: Case, panel: date | None) -> MatchChildView:
    child = case.child
    return MatchChildView(
        name=child.full_name,
        known_as=child.known_as,
        reference=case.reference,
        date_of_birth=uk_date(child.date_of_birth),
        age_at_panel=describe_age(child.date_of_birth, panel) if panel else NOT_RECORDED,
    )


# --- where the child lives, and the route -------------------------------------------------------


def lives_with_carers(case: Case, day: date) -> bool:
    """Whether on ``day`` the child lives with the carers under ``carers`` (who are to keep them).

    A recorded move-in date decides. Without one, a recorded current placement means the child
    lives there; new carers (found by family finding) are moved to, never assumed to have been
    moved to; any other carers are lived with unless family finding is still looking for them.
    """
    child = case.child
    if child.placed_with_carers_since is not None:
        return child.placed_with_carers_since <= day
    if child.current_placement is not None or case.carers is None:
        return False
    if case.carers.route == "new-in-house":
        return False
    return not case.ppm.family_finding.needed


@dataclass(frozen=True)
class PlacementView:
    """The route the match takes and where the child lives on the letter's date. Holds nothing
    restricted: a birth parent's letter is given it."""

    route: str
    """existing-in-house, new-in-house, ifa or connected-person."""
    existing_carers: bool
    new_carers: bool
    agency_carers: bool
    connected_carers: bool
    lives_with_carers: bool
    """On the letter's date the child lives with the carers ("will keep living with"); false:
    the child is to move to them ("will move to live with")."""
    lived_with_carers_when_decided: bool
    """On the day of the decision the child lived with the carers ("I agreed that Maisie should
    stay with you"); false: the decision was for a move ("should move to live with you")."""
    confidential: bool
    """The carers' address or names must not reach birth parents."""
    carer_noun: str
    """"foster carer" or "foster carers"."""


def placement_view(case: Case, day: date) -> PlacementView:
    carers = case.carers
    route = carers.route if carers is not None else ""
    return PlacementView(
        route=route,
        existing_carers=route == "existing-in-house",
        new_carers=route == "new-in-house",
        agency_carers=route == "ifa",
        connected_carers=route == "connected-person",
        lives_with_carers=lives_with_carers(case, day),
        lived_with_carers_when_decided=lives_with_carers(
            case, case.decision.date if case.decision is not None else day
        ),
        confidential=carers is not None
        and (carers.address_confidential or carers.names_confidential),
        carer_noun="foster carer"
        if carers is not None and len(carers.carers) == 1
        else "foster carers",
    )


def lives_now_with(case: Case, day: date) -> Value:
    """Who the child lives with on ``day``, as the child names them."""
    if lives_with_carers(case, day) and case.carers is not None:
        return called_names(case.carers.carers)
    placement = case.child.current_placement
    if placement is not None and (placement.since is None or placement.since <= day):
        return placement.child_calls or placement.carers
    return Missing.at("child.current_placement.carers", "Child: who the child lives with now")


# --- family time --------------------------------------------------------------------------------

_PARENT_DEFAULTS = {"mother": "your mum", "father": "your dad"}


def parent_called(parent: BirthParent) -> str:
    return parent.child_calls or _PARENT_DEFAULTS.get(parent.role) or first_name(parent.name)


# A significant person is family when their relationship says so; a football coach or a former
# foster carer keeps in touch, but that is not "family time".
_RELATIVE = re.compile(
    r"\b(grand\w*|gran|granny|nan|nana|nanna|grandad|aunt\w*|uncle|cousin|niece|nephew|"
    r"brother|sister|sibling|step\w*|half\w*|mother|father|mum|dad|family|relative)\b",
    re.IGNORECASE,
)


def is_relative(relationship: str) -> bool:
    return _RELATIVE.search(relationship) is not None


def family_names(case: Case) -> list[str]:
    """Everyone the contact plan keeps the child in touch with, as the child names them: each
    parent whose whereabouts are known, each brother or sister living apart, each significant
    person who is a relative, when their contact arrangements are recorded."""
    names = [
        parent_called(parent)
        for parent in case.birth_parents
        if parent.whereabouts_known and parent.contact_arrangements
    ]
    names += [
        sibling.child_calls or first_name(sibling.name)
        for sibling in case.siblings
        if sibling.placed_together is not True and sibling.contact
    ]
    names += [
        person.child_calls or first_name(person.name)
        for person in case.significant_people
        if person.contact_arrangements and is_relative(person.relationship)
    ]
    return list(dict.fromkeys(names))


def family_time_line(case: Case, social_worker: Value) -> Value:
    """One line on family time for the child's letters: it carries on (no decision in a
    permanence letter changes the contact plan), or whom to ask when the plan names no one."""
    names = family_names(case)
    if names:
        return f"Your family time with {join_words(names)} will carry on."
    if isinstance(social_worker, Missing):
        return social_worker
    return f"If you want to talk about seeing your family, you can ask {social_worker}."


# --- the carers' letter: support plan and delegated authority ------------------------------------


@dataclass(frozen=True)
class SupportItemView:
    """One item of the support plan, as a letter to the carers lists it."""

    need: str
    support: Value
    provider: Value
    frequency: Value
    """How often, continuing a sentence: "monthly, two hours"."""
    start: Value
    sentence: Value
    """"Consultation on therapeutic parenting: monthly, from 1 October 2026; provided by CAMHS
    Looked After Children Service."""


def support_items(case: Case) -> list[SupportItemView]:
    return [
        _support_item(index, row) for index, row in enumerate(case.matching_meeting.support_plan)
    ]


def _support_item(index: int, row: SupportPlanRow) -> SupportItemView:
    path = f"matching_meeting.support_plan[{index}]"
    support = row.support.rstrip("\r\n") if row.support else Missing.at(f"{path}.support")
    provider: Value = row.provider or Missing.at(f"{path}.provider")
    frequency: Value = (
        lower_first(row.frequency) if row.frequency else Missing.at(f"{path}.frequency")
    )
    start: Value = uk_date(row.start) if row.start else Missing.at(f"{path}.start")
    parts = (support, frequency, start, provider)
    missing = next((part for part in parts if isinstance(part, Missing)), None)
    sentence: Value = (
        missing
        if missing is not None
        else f"{support}: {frequency}, from {start}; provided by {provider}."
    )
    return SupportItemView(
        need=row.need.rstrip("\r\n"),
        support=support,
        provider=provider,
        frequency=frequency,
        start=start,
        sentence=sentence,
    )


@dataclass(frozen=True)
class ConsentsView:
    """The carers' delegated authority, as a letter to them says it."""

    may: list[str]
    """What they may consent to, one item each ("You may consent to: ...")."""
    kept: list[str]
    """Decisions that stay with the council."""
    care_plan: Value
    """The care plan's own words, for a letter to quote when no list is recorded."""


def consents_view(case: Case) -> ConsentsView:
    child = case.child
    words = child.delegated_authority
    return ConsentsView(
        may=list(child.carers_may_consent_to),
        kept=list(child.council_decides),
        care_plan=(
            words.rstrip("\r\n")
            if words
            else ("" if child.carers_may_consent_to else Missing.at("child.delegated_authority"))
        ),
    )
