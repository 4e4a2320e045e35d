"""Fictional confidential placements for the confidentiality tests, each built to try one kind of
name or address the gate must handle. Every person, place, postcode (ZZ, a postcode area that
does not exist), telephone number (Ofcom's drama range) and email (example.org) is invented.

- ``double_barrelled``: carers with a double-barrelled surname, a two-letter surname, a known-as
  name, a household, a flat in a named building, a hyphenated town, a telephone, an email and a
  Saint's Church of England school;
- ``everyday_names``: carers and a household whose names are everyday words (Will, May, Grace,
  Hall, Hope), on Church Lane in "Dale", at "Meadow" school;
- ``shared_surname``: a connected-person placement with the maternal grandparents, who share
  the mother's (and the child's) surname.
"""

from __future__ import annotations

from typing import Any

from letter_cases import PANEL, confidential
from permdocs.model import Case

_PROFESSIONALS: dict[str, Any] = {
    "childs_social_worker": {
        "name": "Priya Ramdas",
        "title": "Social Worker",
        "team": "Children in Care Team 2",
        "contact": {"phone": "07700 900101", "email": "priya.ramdas@example.org"},
    },
    "adm": {"name": "Angela Fenwick", "title": "Head of Service (Agency Decision Maker)"},
}
_DECISION = {
    "maker": "Angela Fenwick",
    "date": "2026-11-05",
    "outcome": "agreed",
    "permanent_from": "2026-11-20",
}


def _case(
    carers: dict[str, Any],
    *,
    child: dict[str, Any] | None = None,
    mother: dict[str, Any] | None = None,
    school: str = "Fernhill Primary School",
) -> Case:
    return Case.model_validate(
        {
            "reference": "PF-2026-0190",
            "child": {
                "first_names": "Leo James",
                "last_name": "Marsh",
                "preferred_name": "Leo",
                "date_of_birth": "2018-02-11",
                "education": {"school": school},
                "delegated_authority": "School trips, haircuts and sleepovers.",
                **(child or {}),
            },
            "birth_parents": [
                {
                    "name": "Kerry Anne Marsh",
                    "role": "mother",
                    "address": {
                        "lines": ["Flat 3, Kestrel House", "Mill Lane"],
                        "town": "Westmoor Green",
                        "postcode": "ZZ2 7LP",
                    },
                    "contact_arrangements": "Family time once a month at the family centre.",
                    **(mother or {}),
                }
            ],
            "professionals": _PROFESSIONALS,
            "carers": {
                "route": "new-in-house",
                "address_confidential": True,
                "names_confidential": True,
                **carers,
            },
            "school_confidential": True,
            "panel": PANEL,
            "decision": _DECISION,
        }
    )


def double_barrelled() -> Case:
    return _case(
        {
            "carers": [
                {
                    "first_names": "Rosalind",
                    "last_name": "Hughes-Adebayo",
                    "title": "Mrs",
                    "known_as": "Ros",
                },
                {"first_names": "Wen", "last_name": "Ng", "title": "Mx"},
            ],
            "household": [
                {"name": "Zuri Hughes-Adebayo", "relationship": "Daughter"},
                {"name": "Bo Ng", "relationship": "Son"},
            ],
            "address": {
                "lines": ["Flat 4, Larchmont House", "27 Whitcombe Road"],
                "town": "Thornleigh-on-Sea",
                "postcode": "ZZ9 4QX",
            },
            "contact": {"phone": "07700 900877", "email": "ros.hughes-adebayo@example.org"},
        },
        school="St Mary's CofE Primary School & Nursery",
    )


def everyday_names() -> Case:
    return _case(
        {
            "carers": [
                {"first_names": "Will", "last_name": "May", "title": "Mr"},
                {"first_names": "Grace", "last_name": "Hall", "title": "Ms"},
            ],
            "household": [{"name": "Hope Hall", "relationship": "Daughter"}],
            "address": {"lines": ["3 Church Lane"], "town": "Dale", "postcode": "ZZ8 1AB"},
        },
        school="Meadow Primary School",
    )


def shared_surname(*, agreed: bool = False) -> Case:
    """Leo Tremayne lives with his maternal grandparents, Maureen and Roy Tremayne, whose address
    and first names are confidential; his mother is Kerry Tremayne."""
    carers: dict[str, Any] = {
        "route": "connected-person",
        "carers": [
            {"first_names": "Maureen", "last_name": "Tremayne", "title": "Mrs"},
            {"first_names": "Roy", "last_name": "Tremayne", "title": "Mr"},
        ],
        "address": {
            "lines": ["11 Sandpiper Close"],
            "town": "Copperfold",
            "postcode": "ZZ5 8HT",
        },
    }
    if agreed:
        carers["shared_surname_agreed"] = {
            "agreed_by": "Farah Siddiqui, team manager",
            "agreed_on": "2026-10-01",
            "note": "Kerry knows her parents' surname; their address and the school stay"
            " confidential, and letters call them 'your son's carers'.",
        }
    return _case(
        carers,
        child={"last_name": "Tremayne"},
        mother={"name": "Kerry Anne Tremayne"},
    )


def sample_like() -> Case:
    """The letters' confidential case (sample 02's carers)."""
    return confidential()
