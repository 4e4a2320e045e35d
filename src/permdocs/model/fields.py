"""Human labels and owners for case fields, derived from the model so they never drift.

The owner is the person who must act when a field is missing: the child's social worker writes
about the child, the fostering (supervising) social worker about the carers, the panel adviser
about panel arrangements, the ADM about the decision.
"""

from __future__ import annotations

import re
import types
import typing
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

from . import Case

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


@cache
def label_of(path: str) -> str:
    """A short human label for a field path, e.g. ``child.date_of_birth`` -> "Child: date of birth"."""
    plain = normalise(path)
    parts = plain.split(".")
    section = parts[0].replace("_", " ")
    leaf = " ".join(part.replace("_", " ") for part in parts[1:]) if len(parts) > 1 else ""
    section = {
        "ppm": "PPM",
        "childs social worker": "child's social worker",
        "professionals": "professionals",
    }.get(section, section)
    leaf = (
        leaf.replace("childs ", "child's ")
        .replace("iro", "IRO")
        .replace("lac ", "LAC ")
        .replace("part2", "Part 2")
        .replace("part3", "Part 3")
        .replace("adm", "ADM")
        .replace("ppm", "PPM")
    )
    head = section[:1].upper() + section[1:]
    return f"{head}: {leaf}" if leaf else head


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
