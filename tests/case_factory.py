"""Fixture cases built in Python: one complete, valid case and ways to vary it.

``complete_data()`` is a fictional case with nothing owed and every deadline met as of ``AS_OF``
under every rule (statutory and local), so a test changes one thing and sees one effect. Values are
written as a case file holds them (dates as text), and ``make_case`` validates them exactly as a
loaded case file is validated.

    data = complete_data()
    set_path(data, "carers.route", "ifa")
    case = make_case(data)

Reusable by any test: nothing here depends on the checks.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from permdocs.load.profiles import load_profile
from permdocs.model import Case
from permdocs.policy.profiles import Profile
from permdocs.policy.rules import RULES

AS_OF = date(2026, 6, 1)
"""The date the complete case is judged on: after the decision, before the next review is due."""

REMOVE = object()
"""Pass as a value to :func:`set_path` to delete a key."""

_COMPLETE: dict[str, Any] = {
    "reference": "PF-TEST-0001",
    "profile": "fictional-sample",
    "child": {
        "first_names": "Ellie May",
        "last_name": "Fictional",
        "preferred_name": "Ellie",
        "date_of_birth": "2017-05-10",
        "gender": "Girl (she/her)",
        "ethnicity": "White and Black Caribbean",
        "religion": "None",
        "first_language": "English",
        "nationality": "British",
        "immigration_status": "Not applicable (British citizen)",
        "disability": "None",
        "legal_status": "care-order",
        "looked_after_since": "2025-01-06",
        "placed_with_carers_since": "2025-01-06",
        "lac_reviews": [
            {"date": "2025-01-31", "recommended_permanent_fostering": False},
            {"date": "2025-04-25", "recommended_permanent_fostering": True},
            {"date": "2025-10-17", "recommended_permanent_fostering": True},
            {"date": "2026-04-10", "recommended_permanent_fostering": True},
        ],
        "history": {
            "reason_for_care": "Neglect.",
            "attachment_and_trauma": "Early neglect; now secure with her carers.",
            "placement_moves": "None.",
            "chronology_summary": "2025: into care. 2026: matched.",
        },
        "needs": {
            area: {"summary": f"{area} needs.", "how_carers_meet": f"How {area} needs are met."}
            for area in (
                "health",
                "education",
                "emotional_behavioural",
                "identity",
                "relationships",
                "self_care",
            )
        },
        "education": {
            "school": "Example Primary School",
            "year_group": "Year 4",
            "pep_date": "2026-03-01",
            "ehcp": False,
        },
        "latest_health_assessment": "2026-01-20",
        "wishes_and_feelings": "Ellie wants to stay.",
        "how_views_gathered": "Direct work.",
        "iro_view": "The IRO supports the plan.",
        "delegated_authority": "School trips, haircuts.",
        "life_story_work": "Life story book started.",
        "risks": "None identified.",
    },
    "siblings": [
        {
            "name": "Sam Fictional",
            "relationship": "Half-brother",
            "lives_with": "His father",
            "plan": "Child arrangements order with his father.",
            "placed_together": False,
            "sibling_assessment_date": "2025-03-10",
            "contact": "Monthly.",
        }
    ],
    "birth_parents": [
        {
            "name": "Jane Fictional",
            "role": "mother",
            "parental_responsibility": True,
            "whereabouts_known": True,
            "address": {"lines": ["1 Example Road"], "town": "Exampleton", "postcode": "ZZ1 1ZZ"},
            "contact_arrangements": "Monthly, supervised.",
            "views": "Supports the plan.",
        },
        {
            "name": "John Unknown",
            "role": "father",
            "whereabouts_known": False,
            "whereabouts_enquiries": "DWP and GP searches, last known address visited.",
            "contact_arrangements": "None while whereabouts unknown.",
            "views": "Not known.",
        },
    ],
    "significant_people": [
        {
            "name": "Grace Fictional",
            "relationship": "Maternal grandmother",
            "contact_arrangements": "Monthly.",
            "views": "Supports the plan.",
        }
    ],
    "professionals": {
        role: {"name": f"{role.replace('_', ' ').title()} Person"}
        for role in (
            "childs_social_worker",
            "childs_team_manager",
            "supervising_social_worker",
            "fostering_team_manager",
            "iro",
            "adm",
            "panel_chair",
            "panel_adviser",
        )
    },
    "care_plan": {
        "permanence_plan": "permanent-fostering",
        "plan_date": "2025-01-17",
        "options_considered": [
            {"option": "return-home", "outcome": "ruled-out", "reason": "Not safe."},
            {"option": "adoption", "outcome": "ruled-out", "reason": "Strong family links."},
            {"option": "special-guardianship-order", "outcome": "ruled-out", "reason": "Support."},
            {"option": "child-arrangements-order", "outcome": "ruled-out", "reason": "Support."},
            {"option": "permanent-fostering", "outcome": "pursued", "reason": "Settled."},
        ],
        "adm_adoption_decision_needed": False,
        "adm_ratified_on": "2025-06-20",
    },
    "ppm": {
        "referral_date": "2025-01-20",
        "reason_for_referral": "The second review recommended permanent fostering.",
        "manager_comments": "Agreed.",
        "manager_authorised_on": "2025-01-21",
        "meeting_date": "2025-01-30",
        "minutes_received": "2025-02-06",
        "minutes_summary": "Permanent fostering agreed.",
        "invitees": [
            {"name": "Pat Carer", "role": "Foster carer"},
            {"name": "Sue Visor", "role": "Supervising social worker"},
            {"name": "Ivy Reviewer", "role": "IRO"},
            {"name": "Nell Nurse", "role": "Looked after children nurse"},
            {"name": "Tess Teacher", "role": "Designated teacher"},
        ],
        "family_finding": {"needed": False},
    },
    "carers": {
        "route": "existing-in-house",
        "carers": [
            {
                "first_names": "Pat",
                "last_name": "Carer",
                "title": "Ms",
                "dbs_checked_on": "2024-06-01",
                "medical_on": "2024-05-01",
            }
        ],
        "reference": "FC-0001",
        "approval": {
            "terms": "One child aged 0 to 18.",
            "approved_on": "2019-03-01",
            "last_annual_review": "2026-01-15",
            "form_f_updated": "2026-01-10",
        },
        "address": {"lines": ["2 Example Close"], "town": "Exampleton", "postcode": "ZZ2 2ZZ"},
        "commitment_until_leaves_care": True,
        "staying_put": True,
        "wishes_and_feelings": "We want to care for her until she is grown up.",
        "assessment": {
            name: f"Assessment of {name.replace('_', ' ')}."
            for name in (
                "home_suitability",
                "motivation",
                "capacity_to_meet_needs",
                "strengths",
                "vulnerabilities",
                "support_network",
                "use_of_supervision",
                "attitude_to_contact",
                "culture_religion_language",
                "understanding_of_reviews",
                "respite_expectations",
                "other_children_placed",
                "delegated_authority_consents",
            )
        },
    },
    "matching_meeting": {
        "date": "2026-03-02",
        "chair": "Fostering Team Manager Person",
        "attendees": [{"name": "Pat Carer", "role": "Foster carer"}],
        "part2_completed_by": "Childs Social Worker Person",
        "part2_completed_on": "2026-02-20",
        "part2_agreed_on": "2026-02-24",
        "part3_completed_by": "Supervising Social Worker Person",
        "part3_completed_on": "2026-02-23",
        "part3_agreed_on": "2026-02-25",
        "support_plan": [
            {
                "need": "Emotional wellbeing",
                "support": "Therapeutic parenting consultation",
                "provider": "CAMHS",
                "frequency": "Monthly",
                "start": "2026-05-07",
                "funding": "NHS",
                "review": "2026-11-07",
            }
        ],
        "apologies": [{"name": "Ivy Reviewer", "role": "IRO"}],
        "minuted_by": "Business Support Person",
        "discussion": {
            point: {"discussed": f"Talked about {point}.", "agreed": f"Agreed {point}."}
            for point in (
                "supervision_and_support",
                "contact_and_views",
                "culture_and_identity",
                "delegated_consents",
                "other_placements",
                "respite",
                "reviews_continue",
                "visiting_frequency",
            )
        },
        "actions": [
            {"action": "Book the panel.", "owner": "Panel Adviser Person", "due": "2026-03-09"}
        ],
        "recommendation": "Recommend the match to panel.",
        "sign_offs": [
            {"role": role, "name": f"{role} Person", "date": "2026-03-03"}
            for role in (
                "Child's social worker",
                "Child's team manager",
                "Supervising social worker",
                "Fostering team manager",
            )
        ],
    },
    "panel": {
        "date": "2026-04-23",
        "item_number": "2",
        "papers_sent_on": "2026-04-14",
        "adviser_qa_note": "Papers complete and checked.",
        "attending": [{"name": "Pat Carer", "role": "Foster carer"}],
        "recommendation": "Recommend permanence.",
        "final_minutes_received": "2026-04-30",
    },
    "decision": {
        "date": "2026-05-07",
        "outcome": "agreed",
        "permanent_from": "2026-05-07",
        "carers_told_on": "2026-05-08",
        "arrangement_confirmed_on": "2026-05-14",
    },
    "attachments": [
        {
            "kind": kind,
            "title": f"{kind} paper",
            "path": f"attachments/{kind}.pdf",
            "author": "Childs Social Worker Person",
            "date": "2026-02-01",
        }
        for kind in (
            "care-plan",
            "chronology",
            "ppm-minutes",
            "form-f-update",
            "child-views",
            "iro-view",
            "pep",
            "health-assessment",
            "sibling-assessment",
        )
    ],
}


def complete_data() -> dict[str, Any]:
    """A fresh copy of the complete case's data, free to change."""
    return copy.deepcopy(_COMPLETE)


def minimal_data(reference: str = "PF-TEST-0002") -> dict[str, Any]:
    """What a blank case holds: the reference and the child's names and date of birth."""
    return {
        "reference": reference,
        "child": {"first_names": "Ann", "last_name": "Blank", "date_of_birth": "2018-03-02"},
    }


_STEP = re.compile(r"([a-z_0-9]+)|\[(\d+)\]")


def set_path(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Set ``child.lac_reviews[1].date`` (creating groups on the way); REMOVE deletes it."""
    steps: list[str | int] = [
        int(index) if index else name for name, index in _STEP.findall(path.replace(".", " "))
    ]
    current: Any = data
    for step in steps[:-1]:
        current = current[step] if isinstance(step, int) else current.setdefault(step, {})
    last = steps[-1]
    if value is REMOVE:
        del current[last]
    else:
        current[last] = value
    return data


def make_case(data: dict[str, Any] | None = None, **changes: Any) -> Case:
    """Validate ``data`` (default: the complete case) after applying ``path=value`` changes.

    Keyword names use ``__`` for dots: ``make_case(carers__route="ifa")``.
    """
    base = complete_data() if data is None else copy.deepcopy(data)
    for key, value in changes.items():
        set_path(base, key.replace("__", "."), value)
    return Case.model_validate(base)


def default_profile() -> Profile:
    """The profile the test cases are checked with: the bundled made-up council (statutory rules
    only, like ``default``, whose example council details a final build refuses)."""
    return load_profile("fictional-sample")


def all_rules_profile(**settings: dict[str, Any]) -> Profile:
    """The default profile with every rule, statutory and local, switched on."""
    rules: dict[str, Any] = {rule.code: {"enabled": True} for rule in RULES}
    for code, setting in settings.items():
        rules[code.replace("_", "-")] = {"enabled": True, **setting}
    data = default_profile().model_dump(mode="json", exclude={"rules", "checklist"})
    return Profile.model_validate({**data, "name": "all-rules", "rules": rules})


def profile_with(**fields: Any) -> Profile:
    """The default profile with top-level fields replaced, e.g. ``letters={...}``."""
    data = default_profile().model_dump(mode="json", exclude={"checklist"})
    data.update(fields)
    return Profile.model_validate(data)


def write_case_folder(folder: Path, data: dict[str, Any] | None = None) -> Path:
    """Write ``data`` as ``folder/case.json`` with an empty file for each attachment."""
    data = complete_data() if data is None else data
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "case.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    for attachment in data.get("attachments", []):
        target = folder / attachment["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"%PDF-1.4\n%fixture\n")
    return folder
