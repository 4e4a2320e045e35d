"""The objects templates see (frozen dataclasses) and the small wording helpers that fill them.

Every value a document needs but the case does not hold is a :class:`Missing` marker, never
``None``; see ``render.viewmodel`` for how the view of a case is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model.parts import Address, Professional
from .formatting import (
    short_date,
    uk_date,
    yes_no,
)
from .missing import Missing
from .panel_papers import ChecklistRow, PapersSent

Value = str | Missing
"""Text for the document, or the marker for a value the case does not hold yet."""

MARKING = "OFFICIAL-SENSITIVE"
NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class DocView:
    kind: str
    title: str
    audience: str
    reference: str
    draft: bool
    status: str
    """FINAL or DRAFT, as the footer shows it."""
    marking: str
    prepared_on: str
    """The build's reference date (``--as-of``), in words."""
    dated: str
    """The document's own date, in words: what it shows is as at this day (the referral date,
    a Part's completion date, the day the panel papers were prepared, a letter's sending date)."""


@dataclass(frozen=True)
class CouncilView:
    name: str
    service: str
    panel_name: str


@dataclass(frozen=True)
class PersonView:
    """A professional. ``name`` is marked missing when the role is not filled in."""

    role: str
    name: Value
    job: str
    """Job title and team, as far as recorded, else "Not recorded"."""
    contact: str
    """Telephone and email, as far as recorded, else "Not recorded"."""
    described: Value
    """Name with job title and team: "Priya Ramdas, Senior Social Worker, Children in Care Team 2"."""


@dataclass(frozen=True)
class CourtView:
    recorded: bool
    court: Value
    case_number: Value
    case_management_hearing: Value
    final_hearing: Value


@dataclass(frozen=True)
class ReviewView:
    date: str
    recommended: str
    notes: str


@dataclass(frozen=True)
class NeedView:
    area: str
    summary: Value
    how_carers_meet: Value


@dataclass(frozen=True)
class EducationView:
    school: Value
    year_group: Value
    pep_date: Value
    ehcp: Value


@dataclass(frozen=True)
class HistoryView:
    reason_for_care: Value
    attachment_and_trauma: Value
    placement_moves: Value
    chronology_summary: Value


@dataclass(frozen=True)
class ChildView:
    full_name: str
    first_names: str
    last_name: str
    known_as: str
    date_of_birth: str
    age_today: str
    """The child's age on the document's date."""
    age: str
    """The age this document gives: at panel in the panel's papers (so one pack gives one age),
    otherwise on the document's date."""
    age_label: str
    """How ``age`` is labelled: "Age at panel" or "Age"."""
    age_at_panel: Value
    gender: Value
    ethnicity: Value
    religion: Value
    first_language: Value
    nationality: Value
    immigration_status: Value
    disability: Value
    legal_status: Value
    court: CourtView
    looked_after_since: Value
    placed_with_carers_since: Value
    lac_reviews: list[ReviewView]
    recommending_review_date: Value
    recommending_review_notes: Value
    history: HistoryView
    needs: list[NeedView]
    education: EducationView
    latest_health_assessment: Value
    """The date of the child's latest statutory health assessment."""
    wishes_and_feelings: Value
    how_views_gathered: Value
    iro_view: Value
    """The IRO's view in their words, or where the attached paper setting it out is."""
    delegated_authority: Value
    life_story_work: Value
    risks: Value


@dataclass(frozen=True)
class SiblingView:
    name: str
    relationship: Value
    date_of_birth: Value
    lives_with: Value
    plan: Value
    placed_together: Value
    sibling_assessment: Value
    contact: Value


@dataclass(frozen=True)
class ParentView:
    name: str
    role: str
    parental_responsibility: Value
    whereabouts: str
    contact: Value
    views: Value


@dataclass(frozen=True)
class OtherPersonView:
    name: str
    relationship: str
    contact: Value
    views: Value


@dataclass(frozen=True)
class ContactView:
    """One row of a contact plan: a parent, brother or sister, or other significant person."""

    person: str
    relationship: Value
    arrangements: Value


@dataclass(frozen=True)
class OptionView:
    option: str
    outcome: str
    reason: Value


@dataclass(frozen=True)
class CarePlanView:
    permanence_plan: Value
    plan_date: Value
    parallel_plans: str
    options: list[OptionView]
    adm_adoption_decision_needed: Value
    adm_ratified_on: Value


@dataclass(frozen=True)
class NameRoleView:
    name: str
    role: str


@dataclass(frozen=True)
class FamilyFindingView:
    needed: bool
    location: Value
    religion: Value
    ethnicity: Value
    language: Value
    carer_skills: Value
    lead: Value
    timescale: Value


@dataclass(frozen=True)
class PpmView:
    referral_date: Value
    reason_for_referral: Value
    """Why the child is referred now and what the meeting is asked to decide."""
    manager_comments: Value
    """The child's team manager's comments on the referral."""
    manager_authorised_on: Value
    """The date the team manager authorised the referral."""
    meeting_date: Value
    chair: Value
    minutes_received: Value
    minutes_summary: Value
    invitees: list[NameRoleView]
    expert_reports: list[str]
    family_finding: FamilyFindingView
    current_carers: Value
    """Who the child lives with now, for the referral: the current placement when the case
    records one, otherwise the carers (marked missing while family finding is looking for new
    ones and no current placement is recorded)."""
    current_placement_type: Value
    """The kind of placement the child lives in now: the current placement's type, otherwise the
    kind of carers the carers are ("Existing in-house foster carers")."""
    current_placement_since: Value
    """The date the child moved to where they live now: the current placement's date, otherwise
    the date they moved to the carers."""


@dataclass(frozen=True)
class CarerView:
    name: str
    date_of_birth: Value
    age: Value


@dataclass(frozen=True)
class HouseholdView:
    name: str
    relationship: str
    date_of_birth: str
    age: str
    """Age at panel, or "Not recorded"."""
    views: Value
    """Their own views on the child staying permanently ("Too young to give a view" under 4)."""


@dataclass(frozen=True)
class CheckView:
    """One person's statutory checks, for Part 3's table: every carer, then every adult in the
    household."""

    name: str
    role: str
    """"Carer", or the member's relationship to the carers."""
    dbs: Value
    """The latest enhanced DBS check's date and how old it is at panel ("Not needed" under 18)."""
    medical: Value
    """The latest medical's date and how old it is at panel ("Not needed" for a household
    member who is not a carer)."""


@dataclass(frozen=True)
class AssessmentView:
    """One heading of the supervising social worker's assessment, in Part 3's order."""

    heading: str
    text: Value


@dataclass(frozen=True)
class AgencyView:
    applies: bool
    name: Value
    contact: str


@dataclass(frozen=True)
class ConnectedPersonView:
    """A connected person's (family and friends carer's) own approval; ``applies`` is false on
    every other route."""

    applies: bool
    relationship: Value
    """How the carers are connected to the child."""
    temporary_approval: Value
    """When they were temporarily approved (regulation 24) and until when, or "Not used"."""
    assessment: Value
    """When their full connected person assessment was completed, and by whom."""


@dataclass(frozen=True)
class CarersView:
    recorded: bool
    names: Value
    """"Ruth and Daniel Ellery"."""
    formal_names: Value
    """"Mr and Mrs Ellery"."""
    people: list[CarerView]
    route: Value
    case_type: Value
    reference: Value
    approval_terms: Value
    approved_on: Value
    last_annual_review: Value
    form_f_updated: Value
    household: list[HouseholdView]
    checks: list[CheckView]
    """The statutory checks of each carer and each adult in the household."""
    address: Value
    address_confidential: bool
    names_confidential: bool
    commitment_until_leaves_care: Value
    staying_put: Value
    agency: AgencyView
    connected_person: ConnectedPersonView
    respite: str
    """Planned respite or short breaks, with why and when reviewed, or "None planned"."""
    wishes_and_feelings: Value
    """The carers' own wishes and feelings about the plan."""
    motivation: Value
    assessment: list[AssessmentView]


@dataclass(frozen=True)
class SupportRowView:
    need: str
    support: Value
    provider: Value
    frequency: Value
    start: Value
    funding: Value
    review: Value


@dataclass(frozen=True)
class SignOffView:
    role: str
    name: Value
    date: Value
    """Date signed; "" where the form leaves space to sign and date by hand."""


@dataclass(frozen=True)
class DiscussionView:
    """One point the matching meeting talked through, in the record's order."""

    heading: str
    prompt: str
    """What the point covers, in a sentence (the agenda's wording)."""
    discussed: Value
    agreed: Value


@dataclass(frozen=True)
class ActionView:
    action: str
    owner: Value
    due: Value


@dataclass(frozen=True)
class MatchingView:
    date: Value
    chair: Value
    attendees: list[NameRoleView]
    apologies: list[NameRoleView]
    minuted_by: Value
    discussion: list[DiscussionView]
    """Each point the procedures say the meeting talks through: what was said and agreed."""
    actions: list[ActionView]
    part2_completed_by: Value
    part2_completed_on: Value
    part2_agreed_on: Value
    """When the child's team manager agreed Part 2 (a later event than its completion)."""
    part3_completed_by: Value
    part3_completed_on: Value
    part3_agreed_on: Value
    """When the supervising social worker's manager agreed Part 3."""
    support_plan: list[SupportRowView]
    recommendation: Value
    sign_offs: list[SignOffView]
    part2_sign_off: list[SignOffView]
    part3_sign_off: list[SignOffView]
    ssw_manager: PersonView
    """The supervising social worker's manager: the agency's registered manager for an agency
    carer, otherwise the fostering team manager (who chairs the matching meeting either way)."""


@dataclass(frozen=True)
class PaperView:
    title: str
    date: str
    author: str
    number: str = ""
    """Its number in the pack ("1", "2" ...), as the pack's index numbers it."""
    pages: str = ""
    """Its pages in the pack that holds this copy ("5", "6–10", "in the PDF pack only"); "" in
    a front sheet outside a pack, which cannot know them."""


@dataclass(frozen=True)
class PreviousPanelView:
    date: str
    outcome: str


@dataclass(frozen=True)
class PanelView:
    name: str
    date: Value
    item_number: Value
    papers_sent_on: Value
    placed_since: Value
    """The date the child moved in with the carers, or why they have not yet (new carers)."""
    previous: list[PreviousPanelView]
    attending: list[NameRoleView]
    recommendation_sought: Value
    professionals: list[PersonView]
    """The five people the front sheet names: both social workers, their managers, the IRO."""
    papers: list[PaperView]
    """Every paper of the panel pack but the front sheet itself, in pack order: the reports
    permdocs writes for panel, then every attached paper."""
    papers_numbered: bool = False
    """True in the front sheet inside a pack, whose papers then give their pages in it."""


@dataclass(frozen=True)
class ChecklistView:
    rows: list[ChecklistRow]
    present: int
    missing: int
    not_applicable: int
    papers_sent: PapersSent
    qa_note: Value
    """The panel adviser's quality-assurance note on the papers."""


@dataclass(frozen=True)
class MatchChildView:
    """One child in the match: this case's child, or a brother or sister matched with them."""

    name: str
    known_as: str
    reference: str
    """Their own case reference ("Not recorded" for a sibling without a linked case)."""
    date_of_birth: str
    age_at_panel: str


@dataclass(frozen=True)
class MatchView:
    """Every child in the match: siblings matched with the same carers are one panel item."""

    children: list[MatchChildView]
    """This case's child first, then each brother or sister whose case is linked."""
    is_group: bool
    """True when more than one child is matched (a sibling group)."""
    names: str
    """The children's known names joined: "Ruby and Kai"."""
    full_names: str
    """Their full names joined: "Ruby Esther Callender and Kai Joseph Callender"."""


@dataclass(frozen=True)
class ConfidentialView:
    """Whether the placement is confidential, and what is restricted from the birth family."""

    applies: bool
    restricted: list[str]
    """"the carers' address", "the carers' names", "the child's school"."""
    banner: str
    """The sentence every professional reader must see first; "" when not confidential."""


@dataclass(frozen=True)
class CaseView:
    """Everything a report template may use, apart from ``doc``."""

    reference: str
    council: CouncilView
    child: ChildView
    siblings: list[SiblingView]
    parents: list[ParentView]
    significant_people: list[OtherPersonView]
    contacts: list[ContactView]
    professionals: dict[str, PersonView]
    care_plan: CarePlanView
    ppm: PpmView
    carers: CarersView
    match: MatchView
    matching: MatchingView
    panel: PanelView
    checklist: ChecklistView
    confidential: ConfidentialView


def text_value(value: str | None, path: str, label: str | None = None) -> Value:
    # A YAML block scalar ("|") ends with a line break the writer never meant to show.
    return value.rstrip("\r\n") if value is not None else Missing.at(path, label)


def date_value(
    value: date | None, path: str, label: str | None = None, *, short: bool = False
) -> Value:
    """The date as a document prints it (``short`` for a dense table's narrow column), or the
    gap marked as missing."""
    if value is None:
        return Missing.at(path, label)
    return short_date(value) if short else uk_date(value)


def yes_no_value(value: bool | None, path: str, label: str | None = None) -> Value:
    return yes_no(value) if value is not None else Missing.at(path, label)


def optional_date(value: date | None) -> str:
    return uk_date(value) if value is not None else NOT_RECORDED


def address_lines(address: Address) -> str:
    parts = [*address.lines, address.town or "", address.postcode or ""]
    return "\n".join(part for part in parts if part)


def person_view(role: str, person: Professional | None, path: str) -> PersonView:
    if person is None:
        missing = Missing.at(f"{path}.name", f"{role}: name")
        return PersonView(
            role=role, name=missing, job=NOT_RECORDED, contact=NOT_RECORDED, described=missing
        )
    job = ", ".join(part for part in (person.title, person.team) if part)
    contact_parts = [person.contact.phone, person.contact.email] if person.contact else []
    # Telephone and email on lines of their own: an address is never broken mid-word to share
    # a line with a number in a narrow column.
    contact = "\n".join(part for part in contact_parts if part) or NOT_RECORDED
    described = f"{person.name}, {job}" if job else person.name
    return PersonView(
        role=role,
        name=person.name,
        job=job or NOT_RECORDED,
        contact=contact,
        described=described,
    )
