"""Nothing made up goes to a family: placeholders `permdocs new` wrote and never replaced, and a
council's name or contact details that are an example's rather than a real council's.

Both are blockers, so a final build stops on them (a draft shows them as they are). The example
council is recognised by its details (any bundled example profile's name, address, postcode,
telephone or email; a telephone number in Ofcom's range kept for drama; an email address at a
domain reserved for examples), whatever the profile is called, unless the profile says it is a
made-up council (``fictional: true``, as the bundled ``fictional-sample`` the samples use).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel

from ..load.profiles import bundled_profile_names, load_profile
from ..model.case import PLACEHOLDER_DATE, PLACEHOLDER_TEXT
from ..model.fields import label_of, owner_of
from ..policy.calendar import long_date
from ..policy.conditions import Context
from ..policy.profiles import Profile
from .findings import Finding
from .requirements import applicable_kinds
from .wording import in_file, place

CODES: dict[str, str] = {
    "placeholder-left": "A value `permdocs new` wrote as a placeholder (CHANGE ME, the date of"
    " birth 2015-01-01) was never replaced.",
    "example-council": "The council's name or contact details are an example's, not a real"
    " council's: the documents would carry them.",
}

# Ofcom keeps 01632 960000 to 960999 for drama: never a real line.
_DRAMA_PHONE = re.compile(r"^(?:\+?44|0)1632960\d{3}$")
# RFC 2606 and 6761: names that can never be a real organisation's domain.
_RESERVED_NAMES = ("example.org", "example.com", "example.net")
_RESERVED_ENDINGS = ("example", "invalid", "test", "localhost")


def _reserved_domain(email: str) -> bool:
    domain = email.strip().rpartition("@")[2].casefold().rstrip(".")
    return domain.rpartition(".")[2] in _RESERVED_ENDINGS or any(
        domain == name or domain.endswith("." + name) for name in _RESERVED_NAMES
    )


def check_placeholders(context: Context) -> list[Finding]:
    # Both stop every document the case has: each prints the child's name and the council's.
    every = tuple(kind.kind for kind in applicable_kinds(context))
    return [*_placeholders_left(context, every), *_example_council(context, every)]


# --- placeholders ------------------------------------------------------------------------------


def _text_values(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every text value of a case, with its path (``siblings[1].name``)."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _text_values(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _text_values(item, f"{path}[{index}]")
    elif isinstance(value, str):
        yield path, value


def _placeholders_left(context: Context, every: tuple[str, ...]) -> list[Finding]:
    case = context.case
    findings: list[Finding] = []
    for path, value in _text_values(case, ""):
        if value.strip().casefold() == PLACEHOLDER_TEXT.casefold():
            findings.append(
                _placeholder(
                    path,
                    every,
                    f"{_capital(place(path, case))} still says {PLACEHOLDER_TEXT}, the"
                    " placeholder `permdocs new` wrote; a final document would print it.",
                    f"Write the real value in place of {PLACEHOLDER_TEXT} at"
                    f" {in_file(path, case)} in the case file.",
                )
            )
    if case.placeholder_birth_date:
        path = "child.date_of_birth"
        findings.append(
            _placeholder(
                path,
                every,
                f"{label_of(path)} is still {PLACEHOLDER_DATE}, the placeholder `permdocs new`"
                " wrote; every age in the documents would be worked out from it.",
                f"Write the child's real date of birth at {path}. If the child really was born"
                f" on {long_date(case.child.date_of_birth)}, write it day first, 01/01/2015, so"
                " that it is known to be typed.",
            )
        )
    return findings


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _placeholder(path: str, every: tuple[str, ...], message: str, fix: str) -> Finding:
    return Finding(
        code="placeholder-left",
        severity="blocker",
        documents=every,
        field=path,
        label=label_of(path),
        owner=owner_of(path),
        message=message,
        fix=fix,
    )


# --- the example council -----------------------------------------------------------------------


@cache
def _example_values() -> frozenset[tuple[str, str]]:
    """Every council detail of the bundled profiles that are not marked fictional (the default
    and the example profiles), as (what, normalised value)."""
    values: set[tuple[str, str]] = set()
    for name in bundled_profile_names():
        profile = load_profile(name)
        if not profile.fictional:
            values |= {(what, _normal(value)) for what, value in _details(profile)}
    return frozenset(values)


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _details(profile: Profile) -> list[tuple[str, str]]:
    """The council details documents print, as (what, value). The address counts as a whole:
    a real council's may well begin "Civic Centre" as the example's does."""
    address = profile.address
    details = [("name", profile.council_name)]
    if address.lines:
        details.append(("address", ", ".join(address.lines)))
    optional = (("postcode", address.postcode), ("telephone", address.phone))
    details += [(what, value) for what, value in (*optional, ("email", address.email)) if value]
    return details


def example_council_details(profile: Profile) -> list[str]:
    """Each of the council's details that is made up or not filled in, in words ("telephone
    '01632 960000' (a number kept for drama)"); empty for a real council's, or a profile marked
    fictional."""
    if profile.fictional:
        return []
    found: list[str] = []
    for what, value in _details(profile):
        if _normal(value) == _normal(PLACEHOLDER_TEXT):
            found.append(f"{what} '{value}' (a placeholder to fill in)")
        elif (what, _normal(value)) in _example_values():
            found.append(f"{what} '{value}' (the bundled example's)")
        elif what == "telephone" and _DRAMA_PHONE.match(re.sub(r"[\s()-]", "", value)):
            found.append(f"{what} '{value}' (a number kept for drama, never a real line)")
        elif what == "email" and _reserved_domain(value):
            found.append(f"{what} '{value}' (a domain kept for examples)")
    return found


def _example_council(context: Context, every: tuple[str, ...]) -> list[Finding]:
    profile = context.profile
    found = example_council_details(profile)
    if not found:
        return []
    return [
        Finding(
            code="example-council",
            severity="blocker",
            documents=every,
            field="profile",
            label="Council profile",
            owner="business support",
            message=f"The council profile '{profile.name}' does not give a real council's details,"
            f" and every document would carry them: {'; '.join(found)}.",
            fix="Start the council's own profile with `permdocs profile new COUNCIL` (it writes"
            " COUNCIL.yaml), fill in the council's name, address, telephone and email, then name"
            " it in the case file (profile: COUNCIL.yaml, relative to the case folder) or pass"
            " --profile COUNCIL.yaml.",
        )
    ]
