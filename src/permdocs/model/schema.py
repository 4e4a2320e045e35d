"""The JSON Schema of case files, generated from the model (``permdocs schema``)."""

from __future__ import annotations

import json
from typing import Any

from .case import Case
from .versions import Change, Contract

_ADDED_1_1 = (
    # Papers true to their own date (issue 14).
    "child.legal_status_since",
    "child.education.school_since",
    "panel.papers_prepared_on",
    "decision.carers_told_on",
    # The sections real councils' forms carry (issue 24).
    "ppm.reason_for_referral",
    "ppm.manager_comments",
    "ppm.manager_authorised_on",
    "child.latest_health_assessment",
    "matching_meeting.part2_agreed_on",
    "matching_meeting.part3_agreed_on",
    "carers.carers[].dbs_checked_on",
    "carers.carers[].medical_on",
    "carers.household[].views",
    "carers.household[].dbs_checked_on",
    "panel.adviser_qa_note",
    # The matching meeting's own record (issue 24).
    "matching_meeting.apologies",
    "matching_meeting.minuted_by",
    "matching_meeting.discussion",
    "matching_meeting.discussion.supervision_and_support",
    "matching_meeting.discussion.contact_and_views",
    "matching_meeting.discussion.culture_and_identity",
    "matching_meeting.discussion.delegated_consents",
    "matching_meeting.discussion.other_placements",
    "matching_meeting.discussion.respite",
    "matching_meeting.discussion.reviews_continue",
    "matching_meeting.discussion.visiting_frequency",
    "matching_meeting.actions",
    # Every route a panel sees (issue 17).
    "siblings[].sibling_assessment_outcome",
    "siblings[].linked_case",
    "siblings[].linked_case.reference",
    "siblings[].linked_case.folder",
    "carers.agency.registered_manager",
    "carers.connected_person",
    "carers.connected_person.relationship_to_child",
    "carers.connected_person.temporary_approval_on",
    "carers.connected_person.temporary_approval_extended_to",
    "carers.connected_person.assessment_completed_on",
    "carers.connected_person.assessed_by",
    "carers.planned_respite",
    "carers.planned_respite.arrangement",
    "carers.planned_respite.reason",
    "carers.planned_respite.review_on",
)

CASE_SCHEMA = Contract(
    version="1.1.0",
    changes=tuple(Change("1.1.0", "added", path) for path in _ADDED_1_1),
)
"""The fields a case file can hold, versioned like the template contract: a new field is a minor
change, a renamed or removed one a major change. Record every change here and in CHANGELOG.md
(tests/checks/test_checks_versions.py keeps them in step). A case file says which version it was
written for with ``schema_version:``."""


def case_json_schema() -> dict[str, Any]:
    """The JSON Schema of case files, generated from the models."""
    schema = Case.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "permdocs case file"
    schema["$comment"] = f"permdocs case schema {CASE_SCHEMA.version}"
    return schema


def case_json_schema_text() -> str:
    return json.dumps(case_json_schema(), indent=2, ensure_ascii=False) + "\n"
