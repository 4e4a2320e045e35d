"""Findings in a social worker's words: where in the case file (line, and the item by its place in
its list and its name, counted from 1), who owes it (the person, not only the role), and in which
stage of the process it falls.

The checks themselves stay pure functions of the case; this module places their findings in the
file they came from, once the case has been read with its positions.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from typing import Any

from ..load.reader import PathKey, Positions
from ..model import Case
from ..model.fields import Owner, label_of
from .findings import Finding, sorted_findings

# What one item of each list is called; any other list is named after its last word.
_ITEM_NOUNS: dict[str, str] = {
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
}
_PROFESSIONAL_OF_OWNER: dict[Owner, str] = {
    "child's social worker": "childs_social_worker",
    "fostering social worker": "supervising_social_worker",
    "panel adviser": "panel_adviser",
    "ADM": "adm",
}
_STEP = re.compile(r"([A-Za-z_0-9]+)|\[(\d+)\]")


def ordinal(number: int) -> str:
    """1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd"."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def path_key(path: str) -> PathKey:
    """``attachments[2].author`` -> ``("attachments", 2, "author")``."""
    return tuple(int(index) if index else name for name, index in _STEP.findall(path))


def item_name(item: Any) -> str:
    """How a list item is named: a person's name, a paper's title, a need, an option."""
    for attribute in ("name", "title", "need", "option", "role"):
        value = getattr(item, attribute, None)
        if isinstance(value, str) and value.strip():
            return value.strip().splitlines()[0][:60]
    return ""


def place(path: str, case: Case | None) -> str:
    """Where a field is, counted from 1 and with the item's name: ``attachments[2].author`` ->
    "author of the 3rd attachment, 'PPM minutes'"; a field outside any list -> its label."""
    steps = path_key(path)
    indexes = [position for position, step in enumerate(steps) if isinstance(step, int)]
    if not indexes:
        return label_of(path)
    last = indexes[-1]
    list_path = ".".join(str(step) for step in steps[:last] if isinstance(step, str))
    noun = _ITEM_NOUNS.get(list_path) or list_path.rsplit(".", 1)[-1].replace("_", " ")
    index = steps[last]
    assert isinstance(index, int)
    item = _value_at(case, steps[: last + 1]) if case is not None else None
    name = item_name(item)
    where = f"the {ordinal(index + 1)} {noun}" + (f", '{name}'" if name else "")
    rest = [step for step in steps[last + 1 :] if isinstance(step, str)]
    if not rest:
        return where
    return f"{' '.join(rest).replace('_', ' ')} of {where}"


def in_file(path: str, case: Case | None) -> str:
    """How a fix names a field: its path as the case file writes it (``panel.date``), or for an
    item of a list, its place counted from 1 ("date of the 2nd LAC review"), never ``[1]``."""
    return place(path, case) if "[" in path else path


def _value_at(root: Any, steps: Sequence[str | int]) -> Any:
    current = root
    for step in steps:
        if current is None:
            return None
        if isinstance(step, int):
            current = (
                current[step] if isinstance(current, list | tuple) and step < len(current) else None
            )
        else:
            current = getattr(current, step, None)
    return current


def placed(findings: Iterable[Finding], case: Case, positions: Positions | None) -> list[Finding]:
    """``findings`` with the line of the case file each is about and its place in words."""
    out: list[Finding] = []
    for finding in findings:
        line = None
        if positions is not None and finding.field:
            key = path_key(finding.field)
            found = positions.values.get(key)
            location = positions.locate(key, prefer_key=True) if found is None else None
            line = found[0] if found is not None else (location.line if location else None)
        out.append(dataclasses.replace(finding, line=line, place=place(finding.field, case)))
    return sorted_findings(out)


def contacts(case: Case | None) -> dict[Owner, str]:
    """Each owner's person in this case, with how to reach them: "Olu Adebayo, 07700 900555"."""
    found: dict[Owner, str] = {}
    if case is None:
        return found
    for owner, attribute in _PROFESSIONAL_OF_OWNER.items():
        person = getattr(case.professionals, attribute)
        if person is None:
            continue
        details = [person.name]
        contact = getattr(person, "contact", None)
        if contact is not None:
            details += [value for value in (contact.phone, contact.email) if value]
        found[owner] = ", ".join(details)
    return found


def _plain(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", " ".join(text.casefold().replace("'", "").split()))


def owner_matches(query: str, owner: Owner, people: dict[Owner, str]) -> bool:
    """Whether ``--owner QUERY`` means ``owner``: part of the role ("childs social worker",
    "panel adviser", "ADM") or of the person's name in this case ("Adebayo")."""
    wanted = _plain(query)
    person = people.get(owner, "").split(",")[0]
    return bool(wanted) and (wanted in _plain(owner) or wanted in _plain(person))
