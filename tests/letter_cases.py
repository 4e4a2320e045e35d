"""Fictional cases for the letter tests, built in Python so each test can vary one thing.

Three shapes, like the samples: an existing carer couple keeping a nine-year-old (not
confidential); a confidential placement with new carers, one parent whose whereabouts are unknown;
an agency (IFA) carer and a teenager. ``with_decision`` swaps the outcome.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from permdocs.load.profiles import load_profile
from permdocs.model import Case
from permdocs.policy.profiles import Profile

_PROFESSIONALS: dict[str, Any] = {
    "childs_social_worker": {
        "name": "Priya Ramdas",
        "title": "Social Worker",
        "team": "Children in Care Team 2",
        "contact": {"phone": "07700 900101", "email": "priya.ramdas@example.org"},
    },
    "supervising_social_worker": {"name": "Marcus Hale", "title": "Supervising Social Worker"},
    "iro": {"name": "Gillian Sands", "title": "Independent Reviewing Officer"},
    "adm": {
        "name": "Angela Fenwick",
        "title": "Head of Service (Agency Decision Maker)",
        "contact": {"phone": "07700 900400", "email": "angela.fenwick@example.org"},
    },
    "director": {"name": "Martin Oyelaran", "title": "Director of Children's Services"},
}
PANEL: dict[str, Any] = {"name": "Fostering Panel", "date": "2026-10-22"}

_AGREED: dict[str, Any] = {
    "date": "2026-11-05",
    "outcome": "agreed",
    "reasons": "The child is settled and the carers are committed to her into adulthood.",
    "permanent_from": "2026-11-05",
}
NOT_AGREED: dict[str, Any] = {
    "date": "2026-11-05",
    "outcome": "not-agreed",
    "reasons": "The support plan does not yet meet the child's therapeutic needs.",
}
DEFERRED: dict[str, Any] = {
    "date": "2026-11-05",
    "outcome": "deferred",
    "further_information": "An updated health assessment and the child's own views.",
    "information_due": "2026-12-10",
}
OUTCOMES: dict[str, dict[str, Any]] = {
    "agreed": _AGREED,
    "not-agreed": NOT_AGREED,
    "deferred": DEFERRED,
}


def existing_carers() -> Case:
    """Maisie, 9, staying with Ruth and Daniel Ellery; both parents get letters."""
    return Case.model_validate(
        {
            "reference": "PF-2026-0142",
            "child": {
                "first_names": "Maisie Rose",
                "last_name": "Thornbury",
                "preferred_name": "Maisie",
                "date_of_birth": "2017-03-09",
                "delegated_authority": "School trips, haircuts and sleepovers with checked friends.",
                "education": {"school": "Larkspur Primary School"},
            },
            "birth_parents": [
                {
                    "name": "Kerry Anne Thornbury",
                    "role": "mother",
                    "address": {
                        "lines": ["Flat 3, Kestrel House", "Mill Lane"],
                        "town": "Westmoor Green",
                        "postcode": "ZZ2 7LP",
                    },
                    "contact_arrangements": "Family time once a month at the family centre.",
                },
                {
                    "name": "Liam Prescott",
                    "role": "father",
                    "address": {
                        "lines": ["14 Cobbler's Row"],
                        "town": "Hollinbridge",
                        "postcode": "ZZ4 1DW",
                    },
                    "contact_arrangements": "Family time every two months, and video calls.",
                },
            ],
            "professionals": _PROFESSIONALS,
            "panel": PANEL,
            "carers": {
                "route": "existing-in-house",
                "carers": [
                    {"first_names": "Ruth", "last_name": "Ellery", "title": "Mrs"},
                    {"first_names": "Daniel", "last_name": "Ellery", "title": "Mr"},
                ],
                "address": {
                    "lines": ["27 Larkspur Close"],
                    "town": "Exampleton",
                    "postcode": "ZZ1 4QT",
                },
            },
            "matching_meeting": {
                "support_plan": [
                    {
                        "need": "Settling after family time",
                        "support": "Monthly supervision visits",
                        "provider": "Fostering Service",
                        "frequency": "Monthly",
                        "start": "2026-11-05",
                    }
                ]
            },
            "decision": {"maker": "Angela Fenwick", **_AGREED},
        }
    )


def confidential() -> Case:
    """Ruby, 6, with new carers at a confidential address; her father's whereabouts are unknown."""
    return Case.model_validate(
        {
            "reference": "PF-2026-0157",
            "child": {
                "first_names": "Ruby Esther",
                "last_name": "Callender",
                "preferred_name": "Ruby",
                "date_of_birth": "2020-07-21",
                "education": {"school": "Penbury Vale Primary Academy"},
                "delegated_authority": "School trips, routine dental care and haircuts.",
            },
            "birth_parents": [
                {
                    "name": "Stacey Louise Brennan",
                    "role": "mother",
                    "address": {
                        "lines": ["Flat 12, Harrier Court", "Station Road"],
                        "town": "Westmoor Green",
                        "postcode": "ZZ2 5NE",
                    },
                    "contact_arrangements": "Family time four times a year at a family centre.",
                },
                {
                    "name": "Dwayne Callender",
                    "role": "father",
                    "whereabouts_known": False,
                    "receives_letter": False,
                },
            ],
            "professionals": _PROFESSIONALS,
            "panel": PANEL,
            "carers": {
                "route": "new-in-house",
                "carers": [
                    {"first_names": "Natalie", "last_name": "Whitfield", "title": "Mrs"},
                    {"first_names": "Jerome", "last_name": "Whitfield", "title": "Mr"},
                ],
                "household": [{"name": "Imani Whitfield", "relationship": "Daughter"}],
                "address": {
                    "lines": ["9 Orchard Way"],
                    "town": "Penbury Vale",
                    "postcode": "ZZ6 2RB",
                },
                "address_confidential": True,
                "names_confidential": True,
            },
            "school_confidential": True,
            "decision": {"maker": "Angela Fenwick", **_AGREED, "permanent_from": "2026-11-20"},
        }
    )


def agency_teenager() -> Case:
    """Jayden, 14, with an IFA carer; the decision is deferred."""
    return Case.model_validate(
        {
            "reference": "PF-2026-0163",
            "child": {
                "first_names": "Jayden",
                "last_name": "Okafor",
                "date_of_birth": "2012-06-30",
                "delegated_authority": "School trips, sleepovers and a mobile phone contract.",
            },
            "birth_parents": [
                {
                    "name": "Grace Okafor",
                    "role": "mother",
                    "address": {
                        "lines": ["22 Tannery Street"],
                        "town": "Hollinbridge",
                        "postcode": "ZZ4 3PX",
                    },
                    "contact_arrangements": "Monthly family time in the community, arranged with Jayden.",
                }
            ],
            "professionals": _PROFESSIONALS,
            "panel": PANEL,
            "carers": {
                "route": "ifa",
                "carers": [{"first_names": "Denise", "last_name": "Marlow", "title": "Ms"}],
                "address": {
                    "lines": ["4 Weir Cottages"],
                    "town": "Lower Ashby",
                    "postcode": "ZZ8 1HS",
                },
                "agency": {
                    "name": "Brightwater Fostering",
                    "address": {
                        "lines": ["Unit 5, Mill Yard"],
                        "town": "Exampleton",
                        "postcode": "ZZ1 9AB",
                    },
                    "contact": {"name": "Helen Carver", "title": "Registered Manager"},
                },
            },
            "decision": {"maker": "Angela Fenwick", **DEFERRED},
        }
    )


def with_decision(case: Case, outcome: str) -> Case:
    data = case.model_dump(mode="json")
    data["decision"] = {"maker": "Angela Fenwick", **OUTCOMES[outcome]}
    return Case.model_validate(data)


def changed(case: Case, **updates: Any) -> Case:
    """The case with top-level fields replaced, re-validated."""
    data = case.model_dump(mode="json")
    data.update(updates)
    return Case.model_validate(data)


def profile(**letters: Any) -> Profile:
    base = load_profile("default")
    if not letters:
        return base
    return base.model_copy(update={"letters": base.letters.model_copy(update=letters)})


ALL_CASES = {
    "existing": existing_carers,
    "confidential": confidential,
    "agency": agency_teenager,
}


def write_case(folder: Path, case: Case) -> Path:
    """Save ``case`` as a case folder (case.yaml) that ``permdocs`` commands can load."""
    folder.mkdir(parents=True, exist_ok=True)
    data = case.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data["reference"] = case.reference
    (folder / "case.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder
