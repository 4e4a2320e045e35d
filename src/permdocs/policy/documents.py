"""The registry of document kinds: what each is, who reads it, which template makes it, and what
it must carry before it can go out.

This is the one place a document kind is declared. Rendering, completeness checks, the manifest
and the template linter all read it, so a kind's audience or requirements are never repeated.

A requirement is a field path (``child.ethnicity``; ``siblings[*].plan`` for every item of a list)
with the named conditions (see ``conditions.py``) under which it applies. A paper is a row of the
panel checklist: an attachment kind (or one of several) that must be in the case folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ..model.fields import Owner
from .conditions import CONDITIONS

Audience = Literal["professional", "carers", "child", "birth-parent", "agency"]
Family = Literal["report", "letter", "pack"]
Level = Literal["blocker", "warning"]


@dataclass(frozen=True)
class Requirement:
    """A field a document cannot go out without."""

    path: str
    when: tuple[str, ...] = ()
    # Other paths that satisfy the requirement instead (e.g. the decision's own maker).
    alternatives: tuple[str, ...] = ()
    # A blocker stops the document going out as final; a warning is what a panel adviser would
    # query but let through (the document then reads "Not recorded" there).
    level: Level = "blocker"

    def __post_init__(self) -> None:
        for name in self.when:
            if name not in CONDITIONS:
                raise ValueError(f"{self.path}: unknown condition '{name}'")


@dataclass(frozen=True)
class Paper:
    """A row of the panel checklist: one paper, present when any of ``kinds`` is attached.

    A kind that names a document kind in this registry (the front sheet, the matching report) is
    produced by permdocs, so its completeness is that document's own requirements.
    """

    kinds: tuple[str, ...]
    label: str
    when: tuple[str, ...] = ()
    required: bool = True
    owner: Owner | None = None

    def __post_init__(self) -> None:
        for name in self.when:
            if name not in CONDITIONS or CONDITIONS[name].item:
                raise ValueError(f"{self.label}: unknown condition '{name}'")


@dataclass(frozen=True)
class DocumentKind:
    kind: str
    title: str
    audience: Audience
    family: Family
    requirements: tuple[Requirement, ...] = field(default=(), compare=False, repr=False)
    # The panel checklist's papers, when this kind has any (a council profile may replace them).
    papers: tuple[Paper, ...] = field(default=(), compare=False, repr=False)
    # Conditions under which the document is produced at all (e.g. only for IFA carers).
    when: tuple[str, ...] = ()

    @property
    def template_name(self) -> str:
        return f"{self.kind}.docx"

    def file_name(self, reference: str, suffix: str = "") -> str:
        extra = f"-{suffix}" if suffix else ""
        return f"{reference}_{self.kind}{extra}.docx"


def _r(path: str, *when: str, alternatives: tuple[str, ...] = ()) -> Requirement:
    return Requirement(path, tuple(when), alternatives)


def _w(path: str, *when: str) -> Requirement:
    """A requirement whose absence is a warning, not a blocker."""
    return Requirement(path, tuple(when), level="warning")


def _each(prefix: str, *names: str, when: tuple[str, ...] = ()) -> tuple[Requirement, ...]:
    return tuple(Requirement(f"{prefix}.{name}", when) for name in names)


_NEED_AREAS = (
    "health",
    "education",
    "emotional_behavioural",
    "identity",
    "relationships",
    "self_care",
)

_CHILD_IDENTITY = (
    *_each("child", "first_names", "last_name", "date_of_birth", "gender", "ethnicity"),
    *_each("child", "religion", "first_language", "nationality", "immigration_status"),
    _r("child.disability"),
    _r("child.legal_status"),
)

_SIBLINGS = (*_each("siblings[*]", "lives_with", "plan", "placed_together", "contact"),)

PPM_REFERRAL_NEEDS: tuple[Requirement, ...] = (
    *_CHILD_IDENTITY,
    _r("carers.carers", "current-carers-keep-child"),
    _r("child.placed_with_carers_since", "placed-with-the-carers"),
    _r("child.current_placement.carers", "placed-elsewhere"),
    _r("child.current_placement.since", "placed-elsewhere"),
    *_each(
        "child.court",
        "case_number",
        "case_management_hearing",
        "final_hearing",
        when=("in-proceedings",),
    ),
    _r("child.looked_after_since"),
    *_each("child.history", "reason_for_care", "attachment_and_trauma", "placement_moves"),
    *(_r(f"child.needs.{area}.summary") for area in _NEED_AREAS),
    *_each("child.education", "school", "pep_date", "ehcp", when=("school-age",)),
    _r("care_plan.permanence_plan"),
    _r("care_plan.plan_date"),
    _r("care_plan.options_considered"),
    _r("care_plan.options_considered[*].reason"),
    _r("care_plan.adm_adoption_decision_needed"),
    *_SIBLINGS,
    _r("birth_parents"),
    _r("birth_parents[*].contact_arrangements"),
    _r("birth_parents[*].views"),
    _r("significant_people[*].contact_arrangements"),
    _r("significant_people[*].views"),
    _r("child.wishes_and_feelings"),
    _r("carers.wishes_and_feelings", "current-carers-keep-child"),
    *_each(
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
    _r("ppm.referral_date"),
    _r("ppm.reason_for_referral"),
    _r("ppm.invitees"),
    _r("professionals.childs_social_worker"),
    _r("professionals.childs_team_manager"),
    _r("ppm.manager_authorised_on"),
    _w("ppm.manager_comments"),
)

PART2_NEEDS: tuple[Requirement, ...] = (
    *_CHILD_IDENTITY,
    _r("care_plan.permanence_plan"),
    _r("care_plan.plan_date"),
    _r("child.lac_reviews"),
    _r("ppm.meeting_date"),
    _r("ppm.minutes_summary"),
    _r("child.history.chronology_summary"),
    *(_r(f"child.needs.{area}.summary") for area in _NEED_AREAS),
    *(_r(f"child.needs.{area}.how_carers_meet") for area in _NEED_AREAS),
    _r("child.wishes_and_feelings"),
    _r("child.how_views_gathered"),
    _r("child.iro_view"),
    _r("birth_parents"),
    _r("birth_parents[*].views"),
    _r("birth_parents[*].contact_arrangements"),
    *_SIBLINGS,
    _r("siblings[*].sibling_assessment_date", "placed-apart"),
    _r("child.delegated_authority"),
    _r("child.life_story_work"),
    _r("child.risks"),
    # The education and health fact box.
    *_each("child.education", "school", "pep_date", "ehcp", when=("school-age",)),
    _w("child.education.year_group", "school-age"),
    _r("child.latest_health_assessment"),
    _r("matching_meeting.part2_completed_by"),
    _r("matching_meeting.part2_completed_on"),
    _r("matching_meeting.part2_agreed_on"),
    _r("professionals.childs_social_worker"),
    _r("professionals.childs_team_manager"),
    _r("professionals.iro"),
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
    _r("carers.route"),
    _r("carers.carers"),
    _r("carers.approval.terms"),
    _r("carers.approval.approved_on"),
    _r("carers.approval.last_annual_review", "carers-approved-over-a-year"),
    _r("carers.agency", "ifa-route"),
    # The agency's registered manager agrees Part 3 as the supervising social worker's manager.
    _r("carers.agency.registered_manager", "ifa-route"),
    _r("carers.connected_person", "connected-person-route"),
    _r("carers.connected_person.assessment_completed_on", "connected-person-route"),
    _w("carers.connected_person.assessed_by", "connected-person-route"),
    _r("carers.commitment_until_leaves_care"),
    _r("carers.staying_put"),
    *_each("carers.assessment", *_ASSESSMENT),
    _r("matching_meeting.support_plan"),
    *_each(
        "matching_meeting.support_plan[*]",
        "support",
        "provider",
        "frequency",
        "start",
        "funding",
        "review",
    ),
    *_each("matching_meeting", "date", "chair", "attendees", "recommendation", "sign_offs"),
    _r("matching_meeting.sign_offs[*].date"),
    _r("matching_meeting.part3_completed_by"),
    _r("matching_meeting.part3_completed_on"),
    _r("matching_meeting.part3_agreed_on"),
    # The household's views, and the statutory checks of every carer and adult in the home.
    _r("carers.household[*].views", "old-enough-for-views"),
    _w("carers.household[*].date_of_birth"),
    _r("carers.carers[*].dbs_checked_on"),
    _r("carers.carers[*].medical_on"),
    _r("carers.household[*].dbs_checked_on", "adult-household-member"),
    _r("professionals.supervising_social_worker"),
    _r("professionals.fostering_team_manager"),
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
    *_each("matching_meeting", "date", "chair", "attendees", "recommendation"),
    *(
        _r(f"matching_meeting.discussion.{point}.{part}")
        for point in DISCUSSION_POINTS
        for part in ("discussed", "agreed")
    ),
    _r("matching_meeting.actions[*].owner"),
    _r("matching_meeting.actions[*].due"),
    _w("matching_meeting.minuted_by"),
    _r("carers.carers"),
)

FRONT_SHEET_NEEDS: tuple[Requirement, ...] = (
    _r("panel.date"),
    _r("panel.item_number"),
    _r("carers.route"),
    *_each("child", "first_names", "last_name", "date_of_birth", "legal_status", "ethnicity"),
    _r("carers.carers"),
    _r("carers.reference"),
    _r("carers.approval.terms"),
    _r("child.placed_with_carers_since", "placed-with-the-carers"),
    _r("carers.agency.registered_manager", "ifa-route"),
    _r("carers.connected_person", "connected-person-route"),
    _r("professionals.childs_social_worker"),
    _r("professionals.childs_team_manager"),
    _r("professionals.supervising_social_worker"),
    _r("professionals.fostering_team_manager"),
    _r("professionals.iro"),
    _r("matching_meeting.date"),
    _r("panel.attending"),
)

CHECKLIST_NEEDS: tuple[Requirement, ...] = (
    _r("attachments[*].date"),
    _r("attachments[*].author"),
    _r("professionals.childs_social_worker"),
    _r("professionals.panel_adviser"),
    _w("panel.adviser_qa_note"),
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

# The ADM's decision letters: what each must carry and when it is produced. ``letters.plan``
# plans who receives which; the completeness checks read the same declarations. Letters exist
# only once the ADM has decided (their ``when`` says so); until then the ADM timescale rule, not
# a missing field, says whether the decision is late.
_DECIDED = (
    _r("professionals.adm", alternatives=("decision.maker",)),
    _r("decision.permanent_from", "decision-agreed"),
    _r("decision.reasons", "decision-not-agreed"),
    _r("decision.further_information", "decision-deferred"),
    _r("decision.information_due", "decision-deferred"),
)
# Letters that name the panel whose recommendation the ADM considered, and its date.
_PANEL_NAMED = (_r("panel.date", "goes-to-panel"),)
# The carers' delegated authority: a list of decisions ("You may consent to ...") or, failing
# that, the care plan's own words, quoted.
_DELEGATED = (
    _r(
        "child.carers_may_consent_to",
        "decision-agreed",
        alternatives=("child.delegated_authority",),
    ),
)
_SUPPORT_PLAN = (
    _r("matching_meeting.support_plan", "decision-agreed"),
    *_each(
        "matching_meeting.support_plan[*]",
        "support",
        "provider",
        "frequency",
        "start",
        when=("decision-agreed",),
    ),
)
# Where the child lives now: a child's letter that is not about an agreed move says so.
_WHERE_THE_CHILD_LIVES = (
    _r("child.current_placement.carers", "placed-elsewhere", "decision-not-agreed-or-deferred"),
)
_AGREED_FOR_AGENCY = ("decision-agreed", "ifa-route", "director-letter")

LETTERS: tuple[DocumentKind, ...] = (
    DocumentKind(
        "letter-carers",
        "Decision letter to the foster carers",
        "carers",
        "letter",
        requirements=(
            *_DECIDED,
            *_PANEL_NAMED,
            _r("carers.carers"),
            _r("carers.address"),
            _r("professionals.supervising_social_worker"),
            *_SUPPORT_PLAN,
            *_DELEGATED,
        ),
        when=("decision-recorded",),
    ),
    DocumentKind(
        "letter-social-worker",
        "Decision letter: copy for the child's file",
        "professional",
        "letter",
        requirements=(
            *_DECIDED,
            *_PANEL_NAMED,
            _r("professionals.childs_social_worker"),
            _r("carers.carers"),
        ),
        when=("decision-recorded", "copy-to-childs-social-worker"),
    ),
    DocumentKind(
        "letter-child",
        "Decision letter to the child",
        "child",
        "letter",
        requirements=(
            *_DECIDED,
            _r("child.first_names"),
            _r("professionals.childs_social_worker"),
            _r("carers.carers"),
            *_WHERE_THE_CHILD_LIVES,
        ),
        when=("decision-recorded", "child-receives-letter", "child-told-by-letter"),
    ),
    DocumentKind(
        "letter-birth-parent",
        "Decision letter to a birth parent",
        "birth-parent",
        "letter",
        requirements=(
            *_DECIDED,
            _r("birth_parents"),
            _r("birth_parents[*].address", "parent-gets-letter"),
            _r("birth_parents[*].contact_arrangements", "parent-gets-letter"),
            _r("birth_parents[*].whereabouts_enquiries", "whereabouts-unknown"),
            _r("professionals.childs_social_worker"),
        ),
        when=("decision-recorded", "letters-to-birth-parents"),
    ),
    DocumentKind(
        "letter-agency",
        "Decision letter to the fostering agency",
        "agency",
        "letter",
        requirements=(
            *_DECIDED,
            *_PANEL_NAMED,
            _r("carers.agency"),
            _r("carers.agency.address"),
            _r("carers.carers"),
        ),
        when=("decision-recorded", "ifa-route", "letters-to-agency"),
    ),
    DocumentKind(
        "permanency-certificate",
        "Permanency certificate",
        "child",
        "letter",
        requirements=(_r("decision.permanent_from", "decision-agreed"), _r("carers.carers")),
        when=("certificate", "decision-agreed"),
    ),
    # The Director of Children's Services confirms and congratulates an agreed agency match,
    # to the carers and to the child (Milton Keynes, seed 001, IFA step 10).
    DocumentKind(
        "letter-director-carers",
        "Letter from the Director to the foster carers",
        "carers",
        "letter",
        requirements=(
            *_DECIDED,
            _r("professionals.director"),
            _r("carers.carers"),
            _r("carers.address"),
            _r("carers.agency"),
        ),
        when=_AGREED_FOR_AGENCY,
    ),
    DocumentKind(
        "letter-director-child",
        "Letter from the Director to the child",
        "child",
        "letter",
        requirements=(
            *_DECIDED,
            _r("professionals.director"),
            _r("professionals.childs_social_worker"),
            _r("carers.carers"),
        ),
        when=(*_AGREED_FOR_AGENCY, "child-receives-letter"),
    ),
    # After an agreed match, what happens next, for the carers and for the child (Kent's
    # appendices "information for foster carers / the child after the decision").
    DocumentKind(
        "information-sheet-carers",
        "After the decision: information for the foster carers",
        "carers",
        "letter",
        requirements=(
            *_DECIDED,
            _r("carers.carers"),
            _r("professionals.childs_social_worker"),
            _r("professionals.supervising_social_worker"),
            _r("professionals.iro"),
            *_SUPPORT_PLAN,
            *_DELEGATED,
        ),
        when=("decision-agreed", "information-sheets"),
    ),
    DocumentKind(
        "information-sheet-child",
        "After the decision: information for the child",
        "child",
        "letter",
        requirements=(
            *_DECIDED,
            _r("carers.carers"),
            _r("professionals.childs_social_worker"),
            _r("professionals.iro"),
        ),
        when=("decision-agreed", "information-sheets", "child-receives-letter"),
    ),
)

LETTER_KIND_NAMES: tuple[str, ...] = tuple(kind.kind for kind in LETTERS)

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
