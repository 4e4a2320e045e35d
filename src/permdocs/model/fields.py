"""Human labels and owners for case fields, derived from the model so they never drift.

The owner is the person who must act when a field is missing: the child's social worker writes
about the child, the fostering (supervising) social worker about the carers, the panel adviser
about panel arrangements, the ADM about the decision.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator, Sequence
from datetime import date
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

from . import Case
from .types import RecordsDone

Owner = Literal[
    "child's social worker",
    "fostering social worker",
    "panel adviser",
    "ADM",
    "business support",
]

OWNERS: tuple[Owner, ...] = (
    "child's social worker",
    "fostering social worker",
    "panel adviser",
    "ADM",
    "business support",
)

# Longest matching prefix wins. Paths use dots, list indexes dropped.
_OWNER_BY_PREFIX: dict[str, Owner] = {
    "": "child's social worker",
    "reference": "business support",
    "profile": "business support",
    "carers": "fostering social worker",
    # Whether a confidential placement can stand with a shared surname is the child's plan.
    "carers.shared_surname_agreed": "child's social worker",
    "matching_meeting": "fostering social worker",
    "matching_meeting.part2_completed_by": "child's social worker",
    "matching_meeting.part2_completed_on": "child's social worker",
    "matching_meeting.part2_agreed_on": "child's social worker",
    "professionals.supervising_social_worker": "fostering social worker",
    "professionals.fostering_team_manager": "fostering social worker",
    "professionals.panel_chair": "panel adviser",
    "professionals.panel_adviser": "panel adviser",
    "professionals.adm": "panel adviser",
    "professionals.director": "business support",
    "panel": "panel adviser",
    "decision": "ADM",
    # The ADM decides; business support sends the letters that confirm the arrangement.
    "decision.arrangement_confirmed_on": "business support",
    # The supervising social worker (or the ADM) tells the carers before the letter goes.
    "decision.carers_told_on": "fostering social worker",
    "attachments": "child's social worker",
}


def normalise(path: str) -> str:
    """``child.lac_reviews[0].date`` -> ``child.lac_reviews.date``."""
    return re.sub(r"\[\d+\]", "", path)


def owner_of(path: str) -> Owner:
    plain = normalise(path)
    best = ""
    for prefix in _OWNER_BY_PREFIX:
        if (plain == prefix or plain.startswith(prefix + ".") or prefix == "") and len(
            prefix
        ) >= len(best):
            best = prefix
    return _OWNER_BY_PREFIX[best]


_WORDS = {
    "iro": "IRO",
    "ppm": "PPM",
    "adm": "ADM",
    "lac": "LAC",
    "ehcp": "EHCP",
    "pep": "PEP",
    "ifa": "IFA",
    "childs": "child's",
    "part2": "Part 2",
    "part3": "Part 3",
}


def _words(name: str) -> str:
    """``part2_completed_by`` -> "Part 2 completed by": word by word, so an acronym inside
    a word (the "iro" of "environment") is never touched."""
    return " ".join(_WORDS.get(word, word) for word in name.split("_") if word)


@cache
def label_of(path: str) -> str:
    """A short human label for a field path: ``child.date_of_birth`` -> "Child: date of birth",
    ``child.education.ehcp`` -> "Child: education: EHCP" (each group named, acronyms in
    capitals, never a word cut or run into the next group's)."""
    parts = [_words(part) for part in normalise(path).split(".") if part]
    if not parts:
        return ""
    head = parts[0][:1].upper() + parts[0][1:]
    return ": ".join([head, *parts[1:]])


def description_of(path: str) -> str:
    """The model's description for a field path ('' if none)."""
    model: Any = Case
    info = None
    for part in normalise(path).split("."):
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return ""
        info = model.model_fields.get(part)
        if info is None:
            return ""
        model = _inner_model(info.annotation)
    return (info.description or "") if info is not None else ""


def _inner_model(annotation: Any) -> Any:
    import typing

    annotation = unwrap_annotation(annotation)
    if typing.get_origin(annotation) is list:
        annotation = unwrap_annotation(typing.get_args(annotation)[0])
    return annotation


def unwrap_annotation(annotation: Any) -> Any:
    """Strip Optional/Union-with-None and Annotated, leaving a model or a list type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def done_dates(model: BaseModel, prefix: str = "") -> Iterator[tuple[str, date]]:
    """Every date recorded in ``model`` (a case, or part of one) whose field records something
    that has happened (typed ``DoneDate``), with its path: ``child.lac_reviews[0].date``.

    Read from the model's own type annotations, so a new field typed ``DoneDate`` is included
    without being listed anywhere."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if value is None:
            continue
        marked = any(isinstance(extra, RecordsDone) for extra in info.metadata)
        if isinstance(value, date) and (marked or _records_done(info.annotation)):
            yield path, value
        elif isinstance(value, BaseModel):
            yield from done_dates(value, path + ".")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from done_dates(item, f"{path}[{index}].")


def _records_done(annotation: Any) -> bool:
    """Whether a field's annotation (``DoneDate | None``; pydantic moves a plain
    ``DoneDate``'s mark into the field's metadata) carries the mark."""
    options = (
        typing.get_args(annotation)
        if typing.get_origin(annotation) in (typing.Union, types.UnionType)
        else (annotation,)
    )
    return any(
        typing.get_origin(option) is typing.Annotated
        and any(isinstance(extra, RecordsDone) for extra in option.__metadata__)
        for option in options
    )


# ---------------------------------------------------------------------------- places in words

# What one item of each list is called; any other list is named after its last word.
ITEM_NOUNS: dict[str, str] = {
    "attachments": "attachment",
    "birth_parents": "birth parent",
    "siblings": "brother or sister",
    "significant_people": "significant person",
    "carers.carers": "carer",
    "carers.household": "household member",
    "child.lac_reviews": "LAC review",
    "care_plan.options_considered": "permanence option",
    "care_plan.parallel_plans": "parallel plan",
    "ppm.invitees": "PPM invitee",
    "ppm.expert_reports": "expert report",
    "matching_meeting.attendees": "attendee at the matching meeting",
    "matching_meeting.support_plan": "row of the support plan",
    "matching_meeting.sign_offs": "sign-off",
    "panel.previous_appearances": "previous panel appearance",
    "panel.attending": "person attending panel",
    "child.carers_may_consent_to": "thing the carers may consent to",
    "child.council_decides": "thing the council decides",
    "birth_parents.address.lines": "line of the address",
    "carers.address.lines": "line of the carers' address",
    "carers.agency.address.lines": "line of the agency's address",
}
_STEP = re.compile(r"([A-Za-z_0-9]+)|\[(\d+)\]")


def ordinal(number: int) -> str:
    """1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd"."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def path_steps(path: str) -> tuple[str | int, ...]:
    """``attachments[2].author`` -> ``("attachments", 2, "author")``."""
    return tuple(int(index) if index else name for name, index in _STEP.findall(path))


def item_name(item: Any) -> str:
    """How a list item is named: a person's name, a paper's title, a need, an option (from the
    case model or from the plain data a case file holds)."""

    def get(attribute: str) -> Any:
        return item.get(attribute) if isinstance(item, dict) else getattr(item, attribute, None)

    # A carer's "title" is Ms or Mr, not a name: a person is named by their names.
    names = [get(part) for part in ("first_names", "last_name")]
    typed = [name.strip() for name in names if isinstance(name, str) and name.strip()]
    if typed and not any(name.casefold() == "change me" for name in typed):
        return " ".join(typed)[:60]
    if any(isinstance(name, str) for name in names):
        return ""
    for attribute in ("name", "title", "need", "option", "role"):
        value = get(attribute)
        if isinstance(value, str) and value.strip():
            return value.strip().splitlines()[0][:60]
    return ""


def field_place(path: str, root: Any = None) -> str:
    """Where a field is, in words, items counted from 1 and named from ``root`` (a case, or the
    plain data of a case file; None: unnamed): ``attachments[2].author`` -> "author of the 3rd
    attachment, 'PPM minutes'"; a field outside any list -> its label."""
    steps = path_steps(path)
    indexes = [position for position, step in enumerate(steps) if isinstance(step, int)]
    if not indexes:
        return label_of(path)
    rest = [_words(step) for step in steps[indexes[-1] + 1 :] if isinstance(step, str)]
    places = [" ".join(rest)] if rest else []
    for at in reversed(indexes):  # the innermost item first: "line 2 of ... of parent 1"
        list_path = ".".join(str(step) for step in steps[:at] if isinstance(step, str))
        noun = ITEM_NOUNS.get(list_path) or _words(list_path.rsplit(".", 1)[-1])
        index = steps[at]
        assert isinstance(index, int)
        item = _value_at(root, steps[: at + 1]) if root is not None else None
        name = item_name(item) if item is not None else ""
        places.append(f"the {ordinal(index + 1)} {noun}" + (f", '{name}'" if name else ""))
    return " of ".join(places)


def _value_at(root: Any, steps: Sequence[str | int]) -> Any:
    current = root
    for step in steps:
        if current is None:
            return None
        if isinstance(step, int):
            current = (
                current[step] if isinstance(current, list | tuple) and step < len(current) else None
            )
        elif isinstance(current, dict):
            current = current.get(step)
        else:
            current = getattr(current, step, None)
    return current
