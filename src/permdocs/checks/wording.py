"""Findings in a social worker's words: where in the case file (line, and the item by its place in
its list and its name, counted from 1), who owes it (the person, not only the role), and in which
stage of the process it falls.

The checks themselves stay pure functions of the case; this module places their findings in the
file they came from, once the case has been read with its positions.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from ..load.reader import PathKey, Positions
from ..model import Case
from ..model.fields import Owner, field_place, path_steps
from ..model.fields import ordinal as ordinal  # re-exported: where findings are worded
from .findings import Finding, sorted_findings

_PROFESSIONAL_OF_OWNER: dict[Owner, str] = {
    "child's social worker": "childs_social_worker",
    "fostering social worker": "supervising_social_worker",
    "panel adviser": "panel_adviser",
    "ADM": "adm",
}


def path_key(path: str) -> PathKey:
    """``attachments[2].author`` -> ``("attachments", 2, "author")``."""
    return path_steps(path)


def place(path: str, case: Case | None) -> str:
    """Where a field is, counted from 1 and with the item's name: ``attachments[2].author`` ->
    "author of the 3rd attachment, 'PPM minutes'"; a field outside any list -> its label."""
    return field_place(path, case)


def in_file(path: str, case: Case | None) -> str:
    """How a fix names a field: its path as the case file writes it (``panel.date``), or for an
    item of a list, its place counted from 1 ("date of the 2nd LAC review"), never ``[1]``."""
    return place(path, case) if "[" in path else path


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
