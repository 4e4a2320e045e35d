"""The registry of document kinds: what each is, who reads it, which template makes it, and what
it must carry before it can go out.

This is the one place a document kind is declared (the letters in ``letter_kinds``, what a kind
is in ``kinds``). Rendering, completeness checks, the manifest
and the template linter all read it, so a kind's audience or requirements are never repeated.

A requirement is a field path (``child.ethnicity``; ``siblings[*].plan`` for every item of a list)
with the named conditions (see ``conditions.py``) under which it applies. A paper is a row of the
panel checklist: an attachment kind (or one of several) that must be in the case folder.
"""

from __future__ import annotations

import re

from ..model.fields import Owner
from .kinds import Audience, DocumentKind, Family, Level, Paper, Requirement, each, need, want
from .letter_kinds import LETTER_KIND_NAMES, LETTERS

__all__ = [
    "KINDS",
    "LETTERS",
    "LETTER_KIND_NAMES",
    "PACK_REPORTS",
    "PANEL_PACK",
    "REPORTS",
    "Audience",
    "DocumentKind",
    "Family",
    "Level",
    "Paper",
    "Requirement",
]

_NEED_AREAS = (
    "health",
    "education",
    "emotional_behavioural",
    "identity",
    "relationships",
    "self_care",
)

_CHILD_IDENTITY = (
    *each("child", "first_names", "last_name", "date_of_birth", "gender", "ethnicity"),
    *each("child", "religion", "first_language", "nationality", "immigration_status"),
    need("child.disability"),
    need("child.legal_status"),
)

_SIBLINGS = (*each("siblings[*]", "lives_with", "plan", "placed_together", "contact"),)

PPM_REFERRAL_NEEDS: tuple[Requirement, ...] = (
    *_CHILD_IDENTITY,
    need("carers.carers", "current-carers-keep-child"),
    need("child.placed_with_carers_since", "placed-with-the-carers"),
    need("child.current_placement.carers", "placed-elsewhere"),
    need("child.current_placement.since", "placed-elsewhere"),
    *each(
        "child.court",
        "case_number",
        "case_management_hearing",
        "final_hearing",
        when=("in-proceedings",),
    ),
    need("child.looked_after_since"),
    *each("child.history", "reason_for_care", "attachment_and_trauma", "placement_moves"),
    *(need(f"child.needs.{area}.summary") for area in _NEED_AREAS),
    *each("child.education", "school", "pep_date", "ehcp", when=("school-age",)),
    need("care_plan.permanence_plan"),
    need("care_plan.plan_date"),
    need("care_plan.options_considered"),
    need("care_plan.options_considered[*].reason"),
    need("care_plan.adm_adoption_decision_needed"),
    *_SIBLINGS,
    need("birth_parents"),
    need("birth_parents[*].contact_arrangements"),
    need("birth_parents[*].views"),
    need("significant_people[*].contact_arrangements"),
    need("significant_people[*].views"),
    need("child.wishes_and_feelings"),
    need("carers.wishes_and_feelings", "current-carers-keep-child"),
    *each(
        "ppm.family_finding",
        "location",
        "religion",
        "ethnicity",
        "language",
        "carer_skills",
        "lead",
        "timescale",
        when=("family-finding-needed",),
    ),
    need("ppm.referral_date"),
    need("ppm.reason_for_referral"),
    need("ppm.invitees"),
    need("professionals.childs_social_worker"),
    need("professionals.childs_team_manager"),
    need("ppm.manager_authorised_on"),
    want("ppm.manager_comments"),
)

PART2_NEEDS: tuple[Requirement, ...] = (
    *_CHILD_IDENTITY,
    need("care_plan.permanence_plan"),
    need("care_plan.plan_date"),
    need("child.lac_reviews"),
    need("ppm.meeting_date"),
    need("ppm.minutes_summary"),
    need("child.history.chronology_summary"),
    *(need(f"child.needs.{area}.summary") for area in _NEED_AREAS),
    *(need(f"child.needs.{area}.how_carers_meet") for area in _NEED_AREAS),
    need("child.wishes_and_feelings"),
    need("child.how_views_gathered"),
    need("child.iro_view"),
    need("birth_parents"),
    need("birth_parents[*].views"),
    need("birth_parents[*].contact_arrangements"),
    *_SIBLINGS,
    need("siblings[*].sibling_assessment_date", "placed-apart"),
    need("child.delegated_authority"),
    need("child.life_story_work"),
    need("child.risks"),
    # The education and health fact box.
    *each("child.education", "school", "pep_date", "ehcp", when=("school-age",)),
    want("child.education.year_group", "school-age"),
    need("child.latest_health_assessment"),
    need("matching_meeting.part2_completed_by"),
    need("matching_meeting.part2_completed_on"),
    need("matching_meeting.part2_agreed_on"),
    need("professionals.childs_social_worker"),
    need("professionals.childs_team_manager"),
    need("professionals.iro"),
)

_ASSESSMENT = (
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

PART3_NEEDS: tuple[Requirement, ...] = (
    need("carers.route"),
    need("carers.carers"),
    need("carers.approval.terms"),
    need("carers.approval.approved_on"),
    need("carers.approval.last_annual_review", "carers-approved-over-a-year"),
    need("carers.agency", "ifa-route"),
    # The agency's registered manager agrees Part 3 as the supervising social worker's manager.
    need("carers.agency.registered_manager", "ifa-route"),
    need("carers.connected_person", "connected-person-route"),
    need("carers.connected_person.assessment_completed_on", "connected-person-route"),
    want("carers.connected_person.assessed_by", "connected-person-route"),
    need("carers.commitment_until_leaves_care"),
    need("carers.staying_put"),
    *each("carers.assessment", *_ASSESSMENT),
    need("matching_meeting.support_plan"),
    *each(
        "matching_meeting.support_plan[*]",
        "support",
        "provider",
        "frequency",
        "start",
        "funding",
        "review",
    ),
    *each("matching_meeting", "date", "chair", "attendees", "recommendation", "sign_offs"),
    need("matching_meeting.sign_offs[*].date"),
    need("matching_meeting.part3_completed_by"),
    need("matching_meeting.part3_completed_on"),
    need("matching_meeting.part3_agreed_on"),
    # The household's views, and the statutory checks of every carer and adult in the home.
    need("carers.household[*].views", "old-enough-for-views"),
    want("carers.household[*].date_of_birth"),
    need("carers.carers[*].dbs_checked_on"),
    need("carers.carers[*].medical_on"),
    need("carers.household[*].dbs_checked_on", "adult-household-member"),
    need("professionals.supervising_social_worker"),
    need("professionals.fostering_team_manager"),
)

# The points a matching meeting talks through (Milton Keynes), in its record's order.
DISCUSSION_POINTS: tuple[str, ...] = (
    "supervision_and_support",
    "contact_and_views",
    "culture_and_identity",
    "delegated_consents",
    "other_placements",
    "respite",
    "reviews_continue",
    "visiting_frequency",
)

MATCHING_RECORD_NEEDS: tuple[Requirement, ...] = (
    *each("matching_meeting", "date", "chair", "attendees", "recommendation"),
    *(
        need(f"matching_meeting.discussion.{point}.{part}")
        for point in DISCUSSION_POINTS
        for part in ("discussed", "agreed")
    ),
    need("matching_meeting.actions[*].owner"),
    need("matching_meeting.actions[*].due"),
    want("matching_meeting.minuted_by"),
    need("carers.carers"),
)

FRONT_SHEET_NEEDS: tuple[Requirement, ...] = (
    need("panel.date"),
    need("panel.item_number"),
    need("carers.route"),
    *each("child", "first_names", "last_name", "date_of_birth", "legal_status", "ethnicity"),
    need("carers.carers"),
    need("carers.reference"),
    need("carers.approval.terms"),
    need("child.placed_with_carers_since", "placed-with-the-carers"),
    need("carers.agency.registered_manager", "ifa-route"),
    need("carers.connected_person", "connected-person-route"),
    need("professionals.childs_social_worker"),
    need("professionals.childs_team_manager"),
    need("professionals.supervising_social_worker"),
    need("professionals.fostering_team_manager"),
    need("professionals.iro"),
    need("matching_meeting.date"),
    need("panel.attending"),
)

CHECKLIST_NEEDS: tuple[Requirement, ...] = (
    need("attachments[*].date"),
    need("attachments[*].author"),
    need("professionals.childs_social_worker"),
    need("professionals.panel_adviser"),
    want("panel.adviser_qa_note"),
)

# The panel checklist's standard rows (the domain brief's list). A council profile that sets its
# own ``checklist:`` replaces these.
STANDARD_PAPERS: tuple[Paper, ...] = (
    Paper(("panel-front-sheet",), "Panel front sheet"),
    # Two rows: the parts have different authors and dates.
    Paper(("matching-report-part2",), "Matching meeting report, Part 2: the child"),
    Paper(
        ("matching-report-part3",),
        "Matching meeting report, Part 3: the carers, with the support plan",
    ),
    Paper(("matching-meeting-record",), "Matching meeting record (agenda and minutes)"),
    Paper(
        ("previous-panel-minutes",),
        "Previous panel minutes",
        when=("previous-panel-within-12-months",),
    ),
    Paper(("care-plan",), "Up-to-date care plan"),
    Paper(("chronology",), "Chronology"),
    Paper(("ppm-minutes",), "Permanency Planning Meeting minutes"),
    # The carers' assessment, by route: the full Form F for carers approved within the year,
    # the connected person assessment in its place for family and friends carers, otherwise
    # the latest update or annual review.
    Paper(
        ("form-f",),
        "Carers' full assessment (Form F), as carers approved within the year",
        when=("carers-newly-approved",),
    ),
    Paper(
        ("connected-person-assessment",),
        "Connected person assessment (in place of the Form F)",
        when=("connected-person-route",),
    ),
    Paper(
        ("temporary-approval",),
        "Record of the carers' temporary approval (regulation 24)",
        when=("connected-person-route", "temporary-approval-given"),
    ),
    Paper(
        ("form-f-update", "annual-review"),
        "Carers' Form F update or latest annual review",
        when=("carers-approved-before",),
    ),
    # A match found by family finding: how the child was presented, and why these carers.
    Paper(
        ("child-profile",), "The child's profile (family finding)", when=("family-finding-needed",)
    ),
    Paper(
        ("linking-record",),
        "Linking and matching record (family finding)",
        when=("family-finding-needed",),
    ),
    Paper(("child-views",), "Evidence of the child's views"),
    Paper(("iro-view",), "IRO's view"),
    Paper(("pep",), "Personal Education Plan (PEP)", when=("school-age",)),
    Paper(("health-assessment",), "Health assessment"),
    Paper(("sibling-assessment",), "Sibling assessment", when=("siblings-apart",)),
    Paper(("ifa-business-case",), "IFA business case approval", when=("ifa-route",)),
    Paper(("ifa-panel-recommendation",), "IFA panel's recommendation", when=("ifa-route",)),
)

# Who must supply each kind of attached paper when it is missing.
PAPER_OWNERS: dict[str, Owner] = {
    "form-f-update": "fostering social worker",
    "annual-review": "fostering social worker",
    "ifa-panel-recommendation": "fostering social worker",
    "previous-panel-minutes": "panel adviser",
    "matching-meeting-record": "fostering social worker",
    "form-f": "fostering social worker",
    "connected-person-assessment": "fostering social worker",
    "temporary-approval": "fostering social worker",
}
DEFAULT_PAPER_OWNER: Owner = "child's social worker"


def paper_owner(paper: Paper) -> Owner:
    if paper.owner is not None:
        return paper.owner
    return PAPER_OWNERS.get(paper.kinds[0], DEFAULT_PAPER_OWNER)


_PANEL = ("goes-to-panel",)

REPORTS: tuple[DocumentKind, ...] = (
    DocumentKind(
        "ppm-referral",
        "Permanency Planning Meeting referral",
        "professional",
        "report",
        requirements=PPM_REFERRAL_NEEDS,
    ),
    DocumentKind(
        "matching-report-part2",
        "Matching meeting report, Part 2: the child",
        "professional",
        "report",
        requirements=PART2_NEEDS,
    ),
    DocumentKind(
        "matching-report-part3",
        "Matching meeting report, Part 3: the carers and support plan",
        "professional",
        "report",
        requirements=PART3_NEEDS,
    ),
    DocumentKind(
        "matching-meeting-record",
        "Matching meeting record: agenda and minutes",
        "professional",
        "report",
        requirements=MATCHING_RECORD_NEEDS,
    ),
    DocumentKind(
        "panel-front-sheet",
        "Fostering panel front sheet",
        "professional",
        "report",
        requirements=FRONT_SHEET_NEEDS,
        when=_PANEL,
    ),
    DocumentKind(
        "panel-checklist",
        "Permanent fostering panel checklist",
        "professional",
        "report",
        requirements=CHECKLIST_NEEDS,
        papers=STANDARD_PAPERS,
        when=_PANEL,
    ),
)


# The panel's papers in one ordered document (``permdocs pack``). It is made from the reports and
# the attachments, so it has no requirements of its own; its template is the pack's index page.
# Kept out of KINDS: ``--only`` and the completeness checks deal in reports, not in the pack.
PANEL_PACK = DocumentKind("panel-pack", "Panel pack", "professional", "pack", when=_PANEL)
# The reports the pack is made of, in the order they open it (the attachments follow).
PACK_REPORTS: tuple[str, ...] = (
    "panel-front-sheet",
    "panel-checklist",
    "matching-report-part2",
    "matching-report-part3",
)

KINDS: dict[str, DocumentKind] = {kind.kind: kind for kind in (*REPORTS, *LETTERS)}


def get_kind(name: str) -> DocumentKind:
    return KINDS[name]


def checked_kinds() -> tuple[DocumentKind, ...]:
    """Every kind the completeness checks know: reports, then letters."""
    return tuple(KINDS.values())


def document_title(name: str) -> str:
    for kind in (*checked_kinds(), PANEL_PACK):
        if kind.kind == name:
            return kind.title
    return name


def documents_using(path: str) -> tuple[str, ...]:
    """The kinds whose requirements name ``path`` or a field inside or around it, in registry
    order. List positions are ignored: ``child.lac_reviews[0].date`` matches ``child.lac_reviews``.
    """
    plain = _without_indexes(path)

    def related(required: str) -> bool:
        other = _without_indexes(required)
        return plain == other or plain.startswith(other + ".") or other.startswith(plain + ".")

    return tuple(
        kind.kind
        for kind in checked_kinds()
        if any(related(requirement.path) for requirement in kind.requirements)
    )


_LETTER_CHILD = ("child.first_names", "child.last_name", "child.preferred_name")
_PANEL_PAPERS = (
    "panel",
    "child.first_names",
    "child.last_name",
    "child.preferred_name",
    "child.date_of_birth",
    "child.legal_status",
    "child.legal_status_since",
    "child.court",
    "child.ethnicity",
    "carers.carers",
    "carers.reference",
    "carers.route",
    "carers.agency",
    "professionals",
    "matching_meeting.date",
    "matching_meeting.part2_completed_on",
    "matching_meeting.part2_completed_by",
    "matching_meeting.part3_completed_on",
    "matching_meeting.part3_completed_by",
    "attachments",
    "siblings",
)
_PART2 = (
    "child",
    "care_plan",
    "ppm.meeting_date",
    "ppm.chair",
    "ppm.minutes_summary",
    "siblings",
    "birth_parents",
    "significant_people",
    "professionals.childs_social_worker",
    "professionals.childs_team_manager",
    "professionals.iro",
    "carers.carers",
    "matching_meeting.date",
    "matching_meeting.part2_completed_by",
    "matching_meeting.part2_completed_on",
    "matching_meeting.sign_offs",
    "panel.date",
    "attachments",
)
_PART3 = (
    "carers",
    "child.first_names",
    "child.last_name",
    "matching_meeting",
    "professionals.supervising_social_worker",
    "professionals.fostering_team_manager",
    "panel.date",
)
PRINTED: dict[str, tuple[str, ...]] = {
    "ppm-referral": (
        "child",
        "siblings",
        "birth_parents",
        "significant_people",
        "care_plan",
        "ppm",
        "professionals.childs_social_worker",
        "professionals.childs_team_manager",
        "carers.carers",
        "carers.route",
        "carers.wishes_and_feelings",
    ),
    "matching-report-part2": _PART2,
    "matching-report-part3": _PART3,
    "panel-front-sheet": _PANEL_PAPERS,
    "panel-checklist": _PANEL_PAPERS,
    "panel-pack": (*_PANEL_PAPERS, *_PART2, *_PART3),
    "letter-carers": (
        "decision",
        "carers.carers",
        "carers.address",
        *_LETTER_CHILD,
        "child.delegated_authority",
        "matching_meeting.support_plan",
        "professionals",
        "panel.date",
        "panel.name",
    ),
    "letter-social-worker": (
        "decision",
        "carers.carers",
        *_LETTER_CHILD,
        "child.date_of_birth",
        "birth_parents",
        "professionals",
        "panel.date",
        "panel.name",
    ),
    "letter-child": (
        "decision",
        "carers.carers",
        "carers.address",
        *_LETTER_CHILD,
        "professionals.childs_social_worker",
    ),
    "letter-birth-parent": (
        "decision",
        "birth_parents",
        *_LETTER_CHILD,
        "child.date_of_birth",
        "professionals.childs_social_worker",
        "professionals.adm",
        "carers.carers",
    ),
    "letter-agency": ("decision", "carers", *_LETTER_CHILD, "professionals"),
    "permanency-certificate": (
        "decision.permanent_from",
        "decision.maker",
        "carers.carers",
        *_LETTER_CHILD,
        "professionals.adm",
    ),
}
"""The parts of the case each kind prints (beyond what it requires), by path prefix: a paper
that has been sent is reported when the case changes in one of them since (``checks.records``)."""


def printed_by(kind: str, path: str) -> bool:
    """Whether a document of ``kind`` prints the field ``path`` (or a part of it)."""
    plain = _without_indexes(path)
    prefixes = [*PRINTED.get(kind, ()), "reference"]
    if kind in documents_using(path):
        return True
    return any(plain == prefix or plain.startswith(prefix + ".") for prefix in prefixes)


def _without_indexes(path: str) -> str:
    return re.sub(r"\[(\d+|\*)\]", "", path)
