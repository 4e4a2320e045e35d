"""What templates see: the case, worded for a document, with every gap marked.

Templates never see the raw model. They see these frozen objects, in which dates read
"14 March 2025", ages are worked out at the date that matters (panel, today), coded values have
labels ("Care order (s31)"), names are joined, and every value a document needs but the case does
not hold is a :class:`~permdocs.missing.Missing` marker instead of ``None``. Values that are truly
optional (a job title, a phone number) are left out of the wording rather than marked.

The view is built once per case and shared by every document; only ``doc`` (title, status)
differs between documents, see :func:`document_context`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date
from typing import Any

from ..model import Case
from ..model.case import (
    Address,
    Attachment,
    BirthParent,
    Carers,
    Need,
    Professional,
    Sibling,
    SupportPlanRow,
)
from ..policy.conditions import CONDITIONS, Context, holds
from ..policy.documents import DocumentKind
from ..policy.profiles import Profile
from .formatting import (
    CASE_TYPE_LABELS,
    LEGAL_STATUS_LABELS,
    OPTION_LABELS,
    OUTCOME_LABELS,
    PARENT_ROLE_LABELS,
    ROUTE_LABELS,
    couple_names,
    describe_age,
    formal_names,
    uk_date,
    yes_no,
)
from .missing import Missing
from .panel_papers import ChecklistRow, checklist_rows

Value = str | Missing
"""Text for the document, or the marker for a value the case does not hold yet."""

MARKING = "OFFICIAL-SENSITIVE"
NOT_RECORDED = "Not recorded"


def _text(value: str | None, path: str, label: str | None = None) -> Value:
    # A YAML block scalar ("|") ends with a line break the writer never meant to show.
    return value.rstrip("\r\n") if value is not None else Missing.at(path, label)


def _date(value: date | None, path: str, label: str | None = None) -> Value:
    return uk_date(value) if value is not None else Missing.at(path, label)


def _yes_no(value: bool | None, path: str, label: str | None = None) -> Value:
    return yes_no(value) if value is not None else Missing.at(path, label)


def _optional_date(value: date | None) -> str:
    return uk_date(value) if value is not None else NOT_RECORDED


def _address_lines(address: Address) -> str:
    parts = [*address.lines, address.town or "", address.postcode or ""]
    return "\n".join(part for part in parts if part)


# --- the pieces -------------------------------------------------------------------------------


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
    address: Value
    address_confidential: bool
    names_confidential: bool
    commitment_until_leaves_care: Value
    staying_put: Value
    agency: AgencyView
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
class MatchingView:
    date: Value
    chair: Value
    attendees: list[NameRoleView]
    part2_completed_by: Value
    part2_completed_on: Value
    part3_completed_by: Value
    part3_completed_on: Value
    support_plan: list[SupportRowView]
    recommendation: Value
    sign_offs: list[SignOffView]
    part2_sign_off: list[SignOffView]
    part3_sign_off: list[SignOffView]


@dataclass(frozen=True)
class PaperView:
    title: str
    date: str
    author: str


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
    previous: list[PreviousPanelView]
    attending: list[NameRoleView]
    recommendation_sought: Value
    professionals: list[PersonView]
    """The five people the front sheet names: both social workers, their managers, the IRO."""
    papers: list[PaperView]
    """The reports permdocs writes for panel, then every attached paper."""


@dataclass(frozen=True)
class ChecklistView:
    rows: list[ChecklistRow]
    present: int
    missing: int
    not_applicable: int


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
    matching: MatchingView
    panel: PanelView
    checklist: ChecklistView


# --- building the view ------------------------------------------------------------------------

_PROFESSIONAL_ROLES: tuple[tuple[str, str], ...] = (
    ("childs_social_worker", "Child's social worker"),
    ("childs_team_manager", "Child's team manager"),
    ("supervising_social_worker", "Supervising social worker"),
    ("fostering_team_manager", "Fostering team manager"),
    ("iro", "Independent Reviewing Officer"),
    ("adm", "Agency Decision Maker"),
    ("panel_chair", "Panel chair"),
    ("panel_adviser", "Panel adviser"),
)

_FRONT_SHEET_PEOPLE = (
    "childs_social_worker",
    "childs_team_manager",
    "supervising_social_worker",
    "fostering_team_manager",
    "iro",
)

_NEED_AREAS: tuple[tuple[str, str], ...] = (
    ("health", "Health"),
    ("education", "Education"),
    ("emotional_behavioural", "Emotional and behavioural development"),
    ("identity", "Identity: culture, religion, language and heritage"),
    ("relationships", "Family and social relationships"),
    ("self_care", "Self-care skills"),
)

_ASSESSMENT_HEADINGS: tuple[tuple[str, str], ...] = (
    ("home_suitability", "The home, now and into adulthood"),
    ("motivation", "Motivation for permanence"),
    ("capacity_to_meet_needs", "Capacity to meet the child's needs"),
    ("strengths", "Strengths"),
    ("vulnerabilities", "Vulnerabilities"),
    ("support_network", "Support network"),
    ("use_of_supervision", "Use of supervision and training"),
    ("attitude_to_contact", "Attitude to family time and to the birth family"),
    ("culture_religion_language", "Supporting the child's culture, religion and language"),
    ("understanding_of_reviews", "Understanding that reviews continue"),
    ("respite_expectations", "Expectations of respite and short breaks"),
    ("other_children_placed", "Other children in the placement"),
    ("delegated_authority_consents", "Consents to delegated authority"),
)


def build_view(case: Case, profile: Profile, *, as_of: date) -> CaseView:
    """The view of one case for its report documents, with ages worked out as of ``as_of``."""
    carers = _carers(case)
    professionals = {
        key: _person(role, getattr(case.professionals, key), f"professionals.{key}")
        for key, role in _PROFESSIONAL_ROLES
    }
    papers = _reports_for_panel(case) + [_paper(a) for a in case.attachments]
    rows = checklist_rows(case, profile, as_of=as_of)
    return CaseView(
        reference=case.reference,
        council=CouncilView(
            name=profile.council_name,
            service=profile.service_name,
            panel_name=case.panel.name or profile.panel_name,
        ),
        child=_child(case, as_of=as_of),
        siblings=[_sibling(index, sibling) for index, sibling in enumerate(case.siblings)],
        parents=[_parent(index, parent) for index, parent in enumerate(case.birth_parents)],
        significant_people=[
            OtherPersonView(
                name=person.name,
                relationship=person.relationship,
                contact=_text(
                    person.contact_arrangements,
                    f"significant_people[{index}].contact_arrangements",
                    f"Significant people: contact arrangements ({person.name})",
                ),
                views=_text(
                    person.views,
                    f"significant_people[{index}].views",
                    f"Significant people: views ({person.name})",
                ),
            )
            for index, person in enumerate(case.significant_people)
        ],
        contacts=_contacts(case),
        professionals=professionals,
        care_plan=_care_plan(case),
        ppm=_ppm(case, carers),
        carers=carers,
        matching=_matching(case),
        panel=PanelView(
            name=case.panel.name or profile.panel_name,
            date=_date(case.panel.date, "panel.date"),
            item_number=_text(case.panel.item_number, "panel.item_number"),
            papers_sent_on=_date(case.panel.papers_sent_on, "panel.papers_sent_on"),
            previous=[
                PreviousPanelView(
                    date=uk_date(previous.date), outcome=previous.outcome or NOT_RECORDED
                )
                for previous in case.panel.previous_appearances
            ],
            attending=[
                NameRoleView(name=person.name, role=person.role) for person in case.panel.attending
            ],
            recommendation_sought=_recommendation_sought(case, carers),
            professionals=[professionals[key] for key in _FRONT_SHEET_PEOPLE],
            papers=papers,
        ),
        checklist=ChecklistView(
            rows=rows,
            present=sum(1 for row in rows if row.status == "present"),
            missing=sum(1 for row in rows if row.status == "missing"),
            not_applicable=sum(1 for row in rows if row.status == "not-applicable"),
        ),
    )


def document_context(
    view: CaseView, kind: DocumentKind, *, draft: bool, as_of: date
) -> dict[str, Any]:
    """The names one document's template sees: the case view's parts plus ``doc``."""
    context: dict[str, Any] = {name: getattr(view, name) for name in CaseView.__dataclass_fields__}
    context["doc"] = DocView(
        kind=kind.kind,
        title=kind.title,
        audience=kind.audience,
        reference=view.reference,
        draft=draft,
        status="DRAFT" if draft else "FINAL",
        marking=MARKING,
        prepared_on=uk_date(as_of),
    )
    return context


def keep_required(
    context: dict[str, Any], kind: DocumentKind, conditions: Context
) -> dict[str, Any]:
    """Mark only the gaps ``kind`` cannot go out without; other gaps read "Not recorded".

    The document registry says what each document must carry (and when), and the completeness
    checks report exactly those as blockers. A value a template shows that the registry does
    not require for this document (the PPM's chair on a referral written before the meeting,
    say) is not a gap in *this* document, so it must not stop a final build or be flagged in a
    draft; it still never prints as "None" or a blank.
    """
    applicable = [
        requirement.path
        for requirement in kind.requirements
        if holds([name for name in requirement.when if not CONDITIONS[name].item], conditions)
    ]

    def required(path: str) -> bool:
        plain = re.sub(r"\[\d+\]", "[*]", path)
        return any(
            plain == wanted or plain.startswith(wanted + ".") or wanted.startswith(plain + ".")
            for wanted in applicable
        )

    return {name: _relax(value, required) for name, value in context.items()}


def _relax(value: Any, required: Callable[[str], bool]) -> Any:
    if isinstance(value, Missing):
        return value if required(value.path) else NOT_RECORDED
    if isinstance(value, list):
        return [_relax(item, required) for item in value]
    if isinstance(value, dict):
        return {key: _relax(item, required) for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        changed = {}
        for item in fields(value):
            current = getattr(value, item.name)
            relaxed = _relax(current, required)
            if relaxed is not current:
                changed[item.name] = relaxed
        return replace(value, **changed) if changed else value
    return value


def _person(role: str, person: Professional | None, path: str) -> PersonView:
    if person is None:
        missing = Missing.at(f"{path}.name", f"{role}: name")
        return PersonView(
            role=role, name=missing, job=NOT_RECORDED, contact=NOT_RECORDED, described=missing
        )
    job = ", ".join(part for part in (person.title, person.team) if part)
    contact_parts = [person.contact.phone, person.contact.email] if person.contact else []
    contact = " · ".join(part for part in contact_parts if part) or NOT_RECORDED
    described = f"{person.name}, {job}" if job else person.name
    return PersonView(
        role=role,
        name=person.name,
        job=job or NOT_RECORDED,
        contact=contact,
        described=described,
    )


def _child(case: Case, *, as_of: date) -> ChildView:
    child = case.child
    court = child.court
    recommending = next(
        (review for review in child.lac_reviews if review.recommended_permanent_fostering), None
    )
    review_path = "child.lac_reviews"
    review_label = "Child: the LAC review that recommended permanent fostering"
    return ChildView(
        full_name=child.full_name,
        first_names=child.first_names,
        last_name=child.last_name,
        known_as=child.known_as,
        date_of_birth=uk_date(child.date_of_birth),
        age_today=describe_age(child.date_of_birth, as_of),
        age_at_panel=(
            describe_age(child.date_of_birth, case.panel.date)
            if case.panel.date is not None
            else Missing.at("panel.date", "Panel: date (for the child's age at panel)")
        ),
        gender=_text(child.gender, "child.gender"),
        ethnicity=_text(child.ethnicity, "child.ethnicity"),
        religion=_text(child.religion, "child.religion"),
        first_language=_text(child.first_language, "child.first_language"),
        nationality=_text(child.nationality, "child.nationality"),
        immigration_status=_text(child.immigration_status, "child.immigration_status"),
        disability=_text(child.disability, "child.disability"),
        legal_status=(
            LEGAL_STATUS_LABELS[child.legal_status]
            if child.legal_status is not None
            else Missing.at("child.legal_status")
        ),
        court=CourtView(
            recorded=court is not None,
            court=_text(court.court if court else None, "child.court.court"),
            case_number=_text(court.case_number if court else None, "child.court.case_number"),
            case_management_hearing=_date(
                court.case_management_hearing if court else None,
                "child.court.case_management_hearing",
            ),
            final_hearing=_date(
                court.final_hearing if court else None, "child.court.final_hearing"
            ),
        ),
        looked_after_since=_date(child.looked_after_since, "child.looked_after_since"),
        placed_with_carers_since=_date(
            child.placed_with_carers_since, "child.placed_with_carers_since"
        ),
        lac_reviews=[
            ReviewView(
                date=uk_date(review.date),
                recommended=yes_no(review.recommended_permanent_fostering),
                notes=review.notes or NOT_RECORDED,
            )
            for review in child.lac_reviews
        ],
        recommending_review_date=(
            uk_date(recommending.date) if recommending else Missing.at(review_path, review_label)
        ),
        recommending_review_notes=(
            recommending.notes or NOT_RECORDED
            if recommending
            else Missing.at(review_path, review_label)
        ),
        history=HistoryView(
            reason_for_care=_text(child.history.reason_for_care, "child.history.reason_for_care"),
            attachment_and_trauma=_text(
                child.history.attachment_and_trauma, "child.history.attachment_and_trauma"
            ),
            placement_moves=_text(child.history.placement_moves, "child.history.placement_moves"),
            chronology_summary=_text(
                child.history.chronology_summary, "child.history.chronology_summary"
            ),
        ),
        needs=[_need(key, area, getattr(child.needs, key)) for key, area in _NEED_AREAS],
        education=EducationView(
            school=_text(child.education.school, "child.education.school"),
            year_group=_text(child.education.year_group, "child.education.year_group"),
            pep_date=_date(child.education.pep_date, "child.education.pep_date", "Child: PEP date"),
            ehcp=_yes_no(child.education.ehcp, "child.education.ehcp", "Child: EHCP"),
        ),
        wishes_and_feelings=_text(child.wishes_and_feelings, "child.wishes_and_feelings"),
        how_views_gathered=_text(child.how_views_gathered, "child.how_views_gathered"),
        iro_view=_iro_view(case),
        delegated_authority=_text(child.delegated_authority, "child.delegated_authority"),
        life_story_work=_text(child.life_story_work, "child.life_story_work"),
        risks=_text(child.risks, "child.risks"),
    )


def _need(key: str, area: str, need: Need) -> NeedView:
    return NeedView(
        area=area,
        summary=_text(need.summary, f"child.needs.{key}.summary", f"Child's needs: {area}"),
        how_carers_meet=_text(
            need.how_carers_meet,
            f"child.needs.{key}.how_carers_meet",
            f"How the carers will meet the child's needs: {area}",
        ),
    )


def _sibling(index: int, sibling: Sibling) -> SiblingView:
    path = f"siblings[{index}]"

    def label(what: str) -> str:
        return f"Siblings: {what} ({sibling.name})"

    if sibling.placed_together is True:
        assessment: Value = "Not needed: placed together"
    elif sibling.sibling_assessment_date is not None:
        assessment = uk_date(sibling.sibling_assessment_date)
    else:
        assessment = Missing.at(
            f"{path}.sibling_assessment_date", label("sibling assessment date, needed when apart")
        )
    return SiblingView(
        name=sibling.name,
        relationship=_text(sibling.relationship, f"{path}.relationship", label("relationship")),
        date_of_birth=_date(sibling.date_of_birth, f"{path}.date_of_birth", label("date of birth")),
        lives_with=_text(sibling.lives_with, f"{path}.lives_with", label("lives with")),
        plan=_text(sibling.plan, f"{path}.plan", label("plan")),
        placed_together=_yes_no(
            sibling.placed_together, f"{path}.placed_together", label("placed together")
        ),
        sibling_assessment=assessment,
        contact=_text(sibling.contact, f"{path}.contact", label("contact")),
    )


def _parent(index: int, parent: BirthParent) -> ParentView:
    path = f"birth_parents[{index}]"

    def label(what: str) -> str:
        return f"Birth parents: {what} ({parent.name})"

    if parent.whereabouts_known:
        whereabouts = "Known"
    else:
        whereabouts = "Not known" + (
            f". Enquiries: {parent.whereabouts_enquiries}" if parent.whereabouts_enquiries else ""
        )
    return ParentView(
        name=parent.name,
        role=PARENT_ROLE_LABELS[parent.role],
        parental_responsibility=_yes_no(
            parent.parental_responsibility,
            f"{path}.parental_responsibility",
            label("parental responsibility"),
        ),
        whereabouts=whereabouts,
        contact=_text(
            parent.contact_arrangements, f"{path}.contact_arrangements", label("contact")
        ),
        views=_text(parent.views, f"{path}.views", label("views")),
    )


def _contacts(case: Case) -> list[ContactView]:
    rows = [
        ContactView(
            person=parent.name,
            relationship=PARENT_ROLE_LABELS[parent.role],
            arrangements=_text(
                parent.contact_arrangements,
                f"birth_parents[{index}].contact_arrangements",
                f"Birth parents: contact ({parent.name})",
            ),
        )
        for index, parent in enumerate(case.birth_parents)
    ]
    rows += [
        ContactView(
            person=sibling.name,
            relationship=sibling.relationship or "Brother or sister",
            arrangements=_text(
                sibling.contact,
                f"siblings[{index}].contact",
                f"Siblings: contact ({sibling.name})",
            ),
        )
        for index, sibling in enumerate(case.siblings)
    ]
    rows += [
        ContactView(
            person=person.name,
            relationship=person.relationship,
            arrangements=_text(
                person.contact_arrangements,
                f"significant_people[{index}].contact_arrangements",
                f"Significant people: contact ({person.name})",
            ),
        )
        for index, person in enumerate(case.significant_people)
    ]
    return rows


def _care_plan(case: Case) -> CarePlanView:
    plan = case.care_plan
    return CarePlanView(
        permanence_plan=(
            OPTION_LABELS[plan.permanence_plan]
            if plan.permanence_plan is not None
            else Missing.at("care_plan.permanence_plan")
        ),
        plan_date=_date(plan.plan_date, "care_plan.plan_date"),
        parallel_plans="\n".join(plan.parallel_plans) or "No parallel plan",
        options=[
            OptionView(
                option=OPTION_LABELS[option.option],
                outcome=OUTCOME_LABELS[option.outcome],
                reason=_text(
                    option.reason,
                    f"care_plan.options_considered[{index}].reason",
                    f"Care plan: reason for the outcome of {OPTION_LABELS[option.option].lower()}",
                ),
            )
            for index, option in enumerate(plan.options_considered)
        ],
        adm_adoption_decision_needed=_yes_no(
            plan.adm_adoption_decision_needed, "care_plan.adm_adoption_decision_needed"
        ),
        adm_ratified_on=_date(plan.adm_ratified_on, "care_plan.adm_ratified_on"),
    )


def _ppm(case: Case, carers: CarersView) -> PpmView:
    ppm = case.ppm
    finding = ppm.family_finding

    def ff(name: str) -> Value:
        return _text(getattr(finding, name), f"ppm.family_finding.{name}")

    current_carers, current_type, current_since = _current_placement(case, carers)

    return PpmView(
        referral_date=_date(ppm.referral_date, "ppm.referral_date"),
        meeting_date=_date(ppm.meeting_date, "ppm.meeting_date"),
        chair=_text(ppm.chair, "ppm.chair"),
        minutes_received=_date(ppm.minutes_received, "ppm.minutes_received"),
        minutes_summary=_text(ppm.minutes_summary, "ppm.minutes_summary"),
        invitees=[NameRoleView(name=person.name, role=person.role) for person in ppm.invitees],
        expert_reports=list(ppm.expert_reports),
        current_carers=current_carers,
        current_placement_type=current_type,
        current_placement_since=current_since,
        family_finding=FamilyFindingView(
            needed=finding.needed,
            location=ff("location"),
            religion=ff("religion"),
            ethnicity=ff("ethnicity"),
            language=ff("language"),
            carer_skills=ff("carer_skills"),
            lead=ff("lead"),
            timescale=ff("timescale"),
        ),
    )


def _current_placement(case: Case, carers: CarersView) -> tuple[Value, Value, Value]:
    """Who the child lives with now, the kind of placement, and since when, for the referral.

    A current placement recorded in the case is shown as it is. Without one, the child lives
    with the carers under ``carers`` (who are to keep them), unless family finding is looking for
    new carers: then where the child lives now is owed, under ``child.current_placement``.
    """
    placement = case.child.current_placement
    path = "child.current_placement"
    if placement is not None:
        return (
            placement.carers,
            _text(placement.placement_type, f"{path}.placement_type"),
            _date(placement.since, f"{path}.since"),
        )
    if case.ppm.family_finding.needed:
        return (
            Missing.at(f"{path}.carers"),
            Missing.at(f"{path}.placement_type"),
            Missing.at(f"{path}.since"),
        )
    since = _date(case.child.placed_with_carers_since, "child.placed_with_carers_since")
    return carers.names, carers.route, since


def _carers(case: Case) -> CarersView:
    carers = case.carers
    if carers is None:
        return _no_carers()
    assessment = carers.assessment
    on = case.panel.date
    people = []
    for index, carer in enumerate(carers.carers):
        born: Value = Missing.at(
            f"carers.carers[{index}].date_of_birth", f"Carers: date of birth ({carer.full_name})"
        )
        age: Value = born
        if carer.date_of_birth is not None:
            born = uk_date(carer.date_of_birth)
            age = (
                describe_age(carer.date_of_birth, on)
                if on is not None
                else Missing.at("panel.date", "Panel: date (for the carers' ages at panel)")
            )
        people.append(CarerView(name=carer.full_name, date_of_birth=born, age=age))
    return CarersView(
        recorded=True,
        names=couple_names((carer.first_names, carer.last_name) for carer in carers.carers),
        formal_names=formal_names(
            (carer.title, carer.first_names, carer.last_name) for carer in carers.carers
        ),
        people=people,
        route=ROUTE_LABELS[carers.route],
        case_type=CASE_TYPE_LABELS[carers.route],
        reference=_text(carers.reference, "carers.reference"),
        approval_terms=_text(carers.approval.terms, "carers.approval.terms"),
        approved_on=_date(carers.approval.approved_on, "carers.approval.approved_on"),
        last_annual_review=_date(
            carers.approval.last_annual_review, "carers.approval.last_annual_review"
        ),
        form_f_updated=_date(
            carers.approval.form_f_updated,
            "carers.approval.form_f_updated",
            "Carers: Form F update",
        ),
        household=[
            HouseholdView(
                name=member.name,
                relationship=member.relationship,
                date_of_birth=_optional_date(member.date_of_birth),
            )
            for member in carers.household
        ],
        address=(
            _address_lines(carers.address)
            if carers.address is not None
            else Missing.at("carers.address")
        ),
        address_confidential=carers.address_confidential,
        names_confidential=carers.names_confidential,
        commitment_until_leaves_care=_yes_no(
            carers.commitment_until_leaves_care, "carers.commitment_until_leaves_care"
        ),
        staying_put=_yes_no(carers.staying_put, "carers.staying_put"),
        agency=_agency(carers),
        wishes_and_feelings=_text(carers.wishes_and_feelings, "carers.wishes_and_feelings"),
        motivation=_text(assessment.motivation, "carers.assessment.motivation"),
        assessment=[
            AssessmentView(
                heading=heading,
                text=_text(
                    getattr(assessment, key),
                    f"carers.assessment.{key}",
                    f"Carers' assessment: {heading.lower()}",
                ),
            )
            for key, heading in _ASSESSMENT_HEADINGS
        ],
    )


def _agency(carers: Carers) -> AgencyView:
    if carers.route != "ifa":
        return AgencyView(applies=False, name="Not applicable", contact=NOT_RECORDED)
    if carers.agency is None:
        return AgencyView(applies=True, name=Missing.at("carers.agency.name"), contact=NOT_RECORDED)
    contact = _person("Agency contact", carers.agency.contact, "carers.agency.contact")
    return AgencyView(
        applies=True,
        name=carers.agency.name,
        contact=str(contact.described) if carers.agency.contact else NOT_RECORDED,
    )


def _no_carers() -> CarersView:
    """Carers not yet identified (family finding under way): every carer value is marked."""
    missing = Missing.at("carers", "Carers: who the carers are")
    return CarersView(
        recorded=False,
        names=missing,
        formal_names=missing,
        people=[],
        route=missing,
        case_type=missing,
        reference=missing,
        approval_terms=missing,
        approved_on=missing,
        last_annual_review=missing,
        form_f_updated=missing,
        household=[],
        address=missing,
        address_confidential=False,
        names_confidential=False,
        commitment_until_leaves_care=missing,
        staying_put=missing,
        agency=AgencyView(applies=False, name="Not applicable", contact=NOT_RECORDED),
        wishes_and_feelings=missing,
        motivation=missing,
        assessment=[
            AssessmentView(heading=heading, text=missing) for _, heading in _ASSESSMENT_HEADINGS
        ],
    )


def _matching(case: Case) -> MatchingView:
    meeting = case.matching_meeting
    signed = {sign_off.name: sign_off.date for sign_off in meeting.sign_offs}

    def block(rows: Sequence[tuple[str, str, date | None]]) -> list[SignOffView]:
        views = []
        for role, key, completed_on in rows:
            person = getattr(case.professionals, key)
            if person is None:
                views.append(
                    SignOffView(
                        role=role,
                        name=Missing.at(f"professionals.{key}.name", f"{role}: name"),
                        date="",
                    )
                )
                continue
            when = completed_on or signed.get(person.name)
            views.append(
                SignOffView(role=role, name=person.name, date=uk_date(when) if when else "")
            )
        return views

    return MatchingView(
        date=_date(meeting.date, "matching_meeting.date"),
        chair=_text(meeting.chair, "matching_meeting.chair"),
        attendees=[
            NameRoleView(name=person.name, role=person.role) for person in meeting.attendees
        ],
        part2_completed_by=_text(meeting.part2_completed_by, "matching_meeting.part2_completed_by"),
        part2_completed_on=_date(meeting.part2_completed_on, "matching_meeting.part2_completed_on"),
        part3_completed_by=_text(meeting.part3_completed_by, "matching_meeting.part3_completed_by"),
        part3_completed_on=_date(meeting.part3_completed_on, "matching_meeting.part3_completed_on"),
        support_plan=[
            _support_row(index, row.need, row) for index, row in enumerate(meeting.support_plan)
        ],
        recommendation=_text(meeting.recommendation, "matching_meeting.recommendation"),
        sign_offs=[
            SignOffView(
                role=sign_off.role,
                name=sign_off.name,
                date=_date(
                    sign_off.date,
                    f"matching_meeting.sign_offs[{index}].date",
                    f"Matching meeting: sign-off date ({sign_off.name})",
                ),
            )
            for index, sign_off in enumerate(meeting.sign_offs)
        ],
        part2_sign_off=block(
            [
                ("Child's social worker", "childs_social_worker", meeting.part2_completed_on),
                ("Team manager", "childs_team_manager", None),
            ]
        ),
        part3_sign_off=block(
            [
                (
                    "Supervising social worker",
                    "supervising_social_worker",
                    meeting.part3_completed_on,
                ),
                ("Fostering team manager", "fostering_team_manager", None),
            ]
        ),
    )


def _support_row(index: int, need: str, row: SupportPlanRow) -> SupportRowView:
    path = f"matching_meeting.support_plan[{index}]"
    short = need if len(need) <= 40 else need[:37] + "..."

    def label(what: str) -> str:
        return f"Support plan: {what} (row {index + 1}, {short})"

    return SupportRowView(
        need=need,
        support=_text(row.support, f"{path}.support", label("support")),
        provider=_text(row.provider, f"{path}.provider", label("who provides it")),
        frequency=_text(row.frequency, f"{path}.frequency", label("how often")),
        start=_date(row.start, f"{path}.start", label("from when")),
        funding=_text(row.funding, f"{path}.funding", label("funding")),
        review=_date(row.review, f"{path}.review", label("review date")),
    )


def _paper(attachment: Attachment) -> PaperView:
    return PaperView(
        title=attachment.title,
        date=_optional_date(attachment.date),
        author=attachment.author or NOT_RECORDED,
    )


def _reports_for_panel(case: Case) -> list[PaperView]:
    meeting = case.matching_meeting
    return [
        PaperView(
            title=title,
            date=uk_date(on) if on else "Not yet completed",
            author=by or NOT_RECORDED,
        )
        for title, on, by in (
            (
                "Matching meeting report, Part 2: the child",
                meeting.part2_completed_on,
                meeting.part2_completed_by,
            ),
            (
                "Matching meeting report, Part 3: the carers and support plan",
                meeting.part3_completed_on,
                meeting.part3_completed_by,
            ),
        )
    ]


def _iro_view(case: Case) -> Value:
    if case.child.iro_view is not None:
        return _text(case.child.iro_view, "child.iro_view")
    for attachment in case.attachments:
        if attachment.kind == "iro-view":
            when = f", {uk_date(attachment.date)}" if attachment.date else ""
            return f"Set out in “{attachment.title}”{when}, attached."
    return Missing.at("child.iro_view", "Child: the IRO's view (or attach it, kind iro-view)")


def _recommendation_sought(case: Case, carers: CarersView) -> Value:
    """The one sentence the panel is asked to recommend, in the route's own terms."""
    if case.carers is None or isinstance(carers.names, Missing):
        return carers.names
    child = case.child
    names = carers.names
    if case.carers.route == "existing-in-house":
        return (
            f"That {names} be approved as permanent foster carers for {child.full_name}, who "
            f"already lives with them, and that their approval be changed to name {child.known_as}."
        )
    if case.carers.route == "ifa":
        agency = case.carers.agency.name if case.carers.agency else "their fostering agency"
        return (
            f"That {child.full_name} be matched with {names}, foster carers approved by {agency}, "
            f"as permanent foster carers until {child.known_as} leaves care."
        )
    return (
        f"That {child.full_name} be matched with {names} as permanent foster carers, and that "
        f"their approval be changed to name {child.known_as}."
    )
