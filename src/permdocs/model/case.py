"""The case: everything the permanence paperwork needs, as one validated pydantic model.

A case is filled in over weeks, so most narrative fields are optional here; what each document
needs before it can go out is the completeness layer's business (``checks``). This model refuses
only what can never be right: wrong types, impossible dates, impossible orders, unknown values.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import Field, PrivateAttr, model_validator
from pydantic_core.core_schema import ValidatorFunctionWrapHandler

from .carers import (
    Carers,
)
from .meeting import MatchingDiscussion, MeetingAction
from .parts import (
    Address,
    AttachmentKind,
    DecisionOutcome,
    LegalStatus,
    OptionOutcome,
    ParentRole,
    PermanenceOption,
    Professional,
    Strict,
)
from .routes import LinkedCase
from .types import Date, DoneDate, Line, Text, YesNo

REFERENCE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")

# What `permdocs new` writes where a value cannot be left empty: text plainly to be changed, and a
# date of birth that validates. Checks report either, left as written, as never filled in.
PLACEHOLDER_TEXT = "CHANGE ME"
PLACEHOLDER_DATE = "2015-01-01"


class Professionals(Strict):
    childs_social_worker: Professional | None = Field(
        None, description="The child's social worker."
    )
    childs_team_manager: Professional | None = Field(
        None, description="The child's social worker's team manager."
    )
    supervising_social_worker: Professional | None = Field(
        None, description="The carers' supervising (fostering) social worker."
    )
    fostering_team_manager: Professional | None = Field(
        None, description="Fostering team manager (chairs the matching meeting)."
    )
    iro: Professional | None = Field(None, description="Independent Reviewing Officer.")
    adm: Professional | None = Field(None, description="Agency Decision Maker.")
    panel_chair: Professional | None = Field(None, description="Fostering panel chair.")
    panel_adviser: Professional | None = Field(None, description="Panel adviser.")
    director: Professional | None = Field(
        None,
        description="Director of Children's Services: signs the Director's letters to the child"
        " and the carers for an agency (IFA) match.",
    )


class Court(Strict):
    case_number: Line | None = Field(None, description="Court case number.")
    court: Line | None = Field(None, description="Name of the court.")
    case_management_hearing: Date | None = Field(
        None, description="Date of the case management hearing."
    )
    final_hearing: Date | None = Field(None, description="Date of the final hearing.")


class LacReview(Strict):
    date: Date = Field(description="Date of the looked-after child review.")
    recommended_permanent_fostering: YesNo = Field(
        False, description="Whether this review recommended permanent fostering."
    )
    notes: Text | None = Field(None, description="What the review recommended.")


class Need(Strict):
    summary: Text | None = Field(None, description="The child's needs in this area.")
    how_carers_meet: Text | None = Field(None, description="How these carers will meet them.")


class Needs(Strict):
    health: Need = Field(default_factory=Need, description="Health.")
    education: Need = Field(default_factory=Need, description="Education.")
    emotional_behavioural: Need = Field(
        default_factory=Need, description="Emotional and behavioural development."
    )
    identity: Need = Field(
        default_factory=Need, description="Identity: culture, religion, language, heritage."
    )
    relationships: Need = Field(
        default_factory=Need, description="Family and social relationships."
    )
    self_care: Need = Field(default_factory=Need, description="Self-care skills.")


class Education(Strict):
    school: Line | None = Field(None, description="School or nursery attended.")
    school_since: DoneDate | None = Field(
        None,
        description="Date the child started at this school. A document dated before it does"
        " not name the school (the child was not there yet).",
    )
    year_group: Line | None = Field(None, description="Year group.")
    pep_date: DoneDate | None = Field(
        None, description="Date of the latest Personal Education Plan."
    )
    ehcp: YesNo | None = Field(
        None, description="Whether the child has an Education, Health and Care Plan."
    )


class History(Strict):
    reason_for_care: Text | None = Field(None, description="Why the child came into care.")
    attachment_and_trauma: Text | None = Field(
        None, description="Attachment history and experience of trauma."
    )
    placement_moves: Text | None = Field(None, description="Placements since coming into care.")
    chronology_summary: Text | None = Field(None, description="Summary of the chronology.")


class CurrentPlacement(Strict):
    """Where the child lives while their permanence is planned, when that is not with the carers
    recorded under ``carers`` (who are to keep the child)."""

    carers: Line = Field(
        description="Who the child lives with now: the carers' names, or the name of the home"
        " (e.g. a residential children's home)."
    )
    child_calls: Line | None = Field(
        None,
        description="Who the child lives with now, in the child's own words, as a letter to the"
        " child names them (e.g. Janet, or the staff at Oakfield House).",
    )
    placement_type: Line | None = Field(
        None,
        description="The kind of placement, e.g. short-term in-house foster carers, an agency"
        " foster placement, a residential home.",
    )
    since: DoneDate | None = Field(None, description="Date the child moved to this placement.")


class Child(Strict):
    first_names: Line = Field(description="Legal first name(s).")
    last_name: Line = Field(description="Legal surname.")
    preferred_name: Line | None = Field(None, description="The name the child likes to be called.")
    date_of_birth: Date = Field(description="Date of birth.")
    gender: Line | None = Field(
        None, description="Gender, in the child's own terms where possible."
    )
    ethnicity: Line | None = Field(None, description="Ethnicity.")
    religion: Line | None = Field(None, description="Religion or belief.")
    first_language: Line | None = Field(None, description="First language.")
    nationality: Line | None = Field(None, description="Nationality.")
    immigration_status: Line | None = Field(None, description="Immigration status.")
    disability: Text | None = Field(None, description="Any disability, and its effect.")
    legal_status: LegalStatus | None = Field(None, description="Legal status.")
    legal_status_since: DoneDate | None = Field(
        None,
        description="Date the legal status began (for a care order, the day the court made it;"
        " left out, the final hearing's date is used for a final order). A document dated"
        " before it shows the interim care order the child was under then.",
    )
    court: Court | None = Field(None, description="Court proceedings, if any.")
    looked_after_since: DoneDate | None = Field(
        None, description="Date the child became looked after."
    )
    placed_with_carers_since: DoneDate | None = Field(
        None,
        description="Date the child moved in with the carers in the carers section (who are to"
        " keep them). Leave it out until the child has moved in with them.",
    )
    current_placement: CurrentPlacement | None = Field(
        None,
        description="Where the child lives while permanence is planned, when that is not with"
        " the carers in the carers section: for example with short-term carers while family"
        " finding looks for permanent ones. The PPM referral shows it. Leave it out when the"
        " child already lives with the carers who are to keep them.",
    )
    lac_reviews: list[LacReview] = Field(
        default_factory=list, description="Looked-after child reviews, oldest first."
    )
    history: History = Field(default_factory=History, description="The child's history.")
    needs: Needs = Field(
        default_factory=Needs, description="Needs by domain, and how the carers will meet each."
    )
    education: Education = Field(
        default_factory=Education, description="School and education plans."
    )
    latest_health_assessment: DoneDate | None = Field(
        None,
        description="Date of the child's latest statutory health assessment (initial or review).",
    )
    wishes_and_feelings: Text | None = Field(
        None, description="The child's wishes and feelings about staying with these carers."
    )
    how_views_gathered: Text | None = Field(
        None, description="How the child's views were gathered (e.g. direct work)."
    )
    iro_view: Text | None = Field(
        None, description="The Independent Reviewing Officer's view of the plan and the match."
    )
    delegated_authority: Text | None = Field(None, description="Decisions delegated to the carers.")
    carers_may_consent_to: list[Line] = Field(
        default_factory=list,
        description="Each decision delegated to the carers, one a line, as it finishes the"
        " carers' letter's \"You may consent to …\" (e.g. school trips, including overnight).",
    )
    council_decides: list[Line] = Field(
        default_factory=list,
        description="Each decision that stays with the council, one a line, as the carers' letter"
        " lists them (e.g. holidays abroad).",
    )
    life_story_work: Text | None = Field(None, description="Life story work done and planned.")
    risks: Text | None = Field(None, description="Risks to the placement and how they are managed.")
    receives_letter: YesNo | None = Field(
        None,
        description="Whether the child is of an age and understanding to receive the decision letter. Leave out to use the council's default age.",
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_name}"

    @property
    def known_as(self) -> str:
        return self.preferred_name or self.first_names.split()[0]


class Sibling(Strict):
    name: Line = Field(description="Sibling's name.")
    date_of_birth: Date | None = Field(None, description="Date of birth.")
    relationship: Line | None = Field(None, description="e.g. full brother, half-sister.")
    child_calls: Line | None = Field(
        None,
        description="What the child calls them, as the child's letter names them (default: their"
        " first name).",
    )
    lives_with: Line | None = Field(None, description="Where or with whom the sibling lives.")
    plan: Text | None = Field(None, description="The sibling's own permanence plan.")
    placed_together: YesNo | None = Field(None, description="Whether placed with the child.")
    sibling_assessment_date: DoneDate | None = Field(
        None, description="Date of the sibling (together or apart) assessment."
    )
    sibling_assessment_outcome: Line | None = Field(
        None, description="What the sibling assessment recommended, e.g. live together."
    )
    contact: Text | None = Field(None, description="Contact arrangements with the child.")
    linked_case: LinkedCase | None = Field(
        None,
        description="For a brother or sister matched with the same carers: their own case file."
        " The match goes to panel as one item with theirs.",
    )

    @model_validator(mode="after")
    def _linked_only_together(self) -> Sibling:
        if self.linked_case is not None and self.placed_together is not True:
            raise ValueError(
                "linked_case is only for a brother or sister matched with the same carers"
                " (placed_together: true)"
            )
        return self


class BirthParent(Strict):
    name: Line = Field(description="Full name.")
    title: Line | None = Field(
        None,
        description='Title for letters, e.g. Ms, Mrs, Mr, Mx: the letter greets them "Dear Ms'
        ' Brennan" (without one, by their full name).',
    )
    role: ParentRole = Field(description="mother, father, step-parent or other.")
    child_calls: Line | None = Field(
        None,
        description="What the child calls them, as the child's letter names them (e.g. Mum;"
        " default: your mum, your dad, or their first name).",
    )
    parental_responsibility: YesNo | None = Field(
        None, description="Whether they hold parental responsibility."
    )
    whereabouts_known: YesNo = Field(True, description="Whether their whereabouts are known.")
    whereabouts_enquiries: Text | None = Field(
        None, description="Enquiries made to find them, when whereabouts are unknown."
    )
    address: Address | None = Field(None, description="Postal address for letters.")
    receives_letter: YesNo = Field(
        True,
        description="Whether they are to receive the ADM decision letter (false where it is not safe).",
    )
    contact_arrangements: Text | None = Field(None, description="Contact with the child.")
    views: Text | None = Field(None, description="Their views on the plan.")


class SignificantPerson(Strict):
    name: Line = Field(description="Full name.")
    relationship: Line = Field(description="Relationship to the child.")
    child_calls: Line | None = Field(
        None,
        description="What the child calls them, as the child's letter names them (e.g. Nan;"
        " default: their first name).",
    )
    contact_arrangements: Text | None = Field(None, description="Contact with the child.")
    views: Text | None = Field(None, description="Their views on the plan.")


class OptionConsidered(Strict):
    option: PermanenceOption = Field(description="The permanence option.")
    outcome: OptionOutcome = Field(description="pursued, ruled-out or parallel.")
    reason: Text | None = Field(None, description="Why it is pursued or ruled out.")


class CarePlan(Strict):
    permanence_plan: PermanenceOption | None = Field(
        None, description="The permanence plan in the care plan."
    )
    plan_date: DoneDate | None = Field(None, description="Date of the current care plan.")
    parallel_plans: list[Line] = Field(default_factory=list, description="Parallel plans.")
    options_considered: list[OptionConsidered] = Field(
        default_factory=list, description="Each permanence option and its outcome."
    )
    adm_adoption_decision_needed: YesNo | None = Field(
        None, description="Whether an ADM adoption ('should be placed') decision is needed."
    )
    adm_ratified_on: DoneDate | None = Field(
        None, description="Date the ADM ratified the permanence care plan."
    )


class Invitee(Strict):
    name: Line = Field(description="Name.")
    role: Line = Field(description="Role, e.g. IRO, supervising social worker.")


class FamilyFinding(Strict):
    needed: YesNo = Field(
        False,
        description="Whether family finding is needed (the current carer cannot keep the child).",
    )
    location: Text | None = Field(None, description="Where carers are sought.")
    religion: Text | None = Field(None, description="Religion sought in carers.")
    ethnicity: Text | None = Field(None, description="Ethnicity sought in carers.")
    language: Text | None = Field(None, description="Language sought in carers.")
    carer_skills: Text | None = Field(None, description="Skills the carers will need.")
    lead: Line | None = Field(None, description="Who leads family finding.")
    timescale: Text | None = Field(None, description="Timescale for family finding.")


class Ppm(Strict):
    referral_date: Date | None = Field(None, description="Date of the PPM referral.")
    reason_for_referral: Text | None = Field(
        None,
        description="Why the child is referred now, and what the meeting is asked to decide.",
    )
    manager_comments: Text | None = Field(
        None, description="The child's team manager's comments on the referral."
    )
    manager_authorised_on: DoneDate | None = Field(
        None, description="Date the child's team manager authorised the referral."
    )
    meeting_date: Date | None = Field(None, description="Date of the Permanency Planning Meeting.")
    chair: Line | None = Field(None, description="Who chaired it.")
    invitees: list[Invitee] = Field(default_factory=list, description="Who is invited.")
    minutes_received: DoneDate | None = Field(None, description="Date the minutes were received.")
    minutes_summary: Text | None = Field(None, description="Summary of the PPM minutes.")
    family_finding: FamilyFinding = Field(
        default_factory=FamilyFinding, description="Family finding plan."
    )
    expert_reports: list[Line] = Field(
        default_factory=list, description="Expert reports available."
    )


class SupportPlanRow(Strict):
    need: Text = Field(description="The need.")
    support: Text | None = Field(None, description="The support to meet it.")
    provider: Line | None = Field(None, description="Who provides it.")
    frequency: Line | None = Field(None, description="How often.")
    start: Date | None = Field(None, description="From when.")
    funding: Line | None = Field(None, description="Funding.")
    review: Date | None = Field(None, description="Review date.")


class SignOff(Strict):
    role: Line = Field(description="e.g. child's social worker, team manager.")
    name: Line = Field(description="Name.")
    date: DoneDate | None = Field(None, description="Date signed.")


class Attendee(Strict):
    name: Line = Field(description="Name.")
    role: Line = Field(description="Role.")


class MatchingMeeting(Strict):
    date: Date | None = Field(None, description="Date of the matching meeting.")
    chair: Line | None = Field(None, description="Chair (usually the fostering team manager).")
    attendees: list[Attendee] = Field(default_factory=list, description="Who attended.")
    apologies: list[Attendee] = Field(default_factory=list, description="Who sent apologies.")
    minuted_by: Line | None = Field(None, description="Who took the minutes.")
    discussion: MatchingDiscussion = Field(
        default_factory=MatchingDiscussion,
        description="Each point the meeting talked through: what was said and what was agreed.",
    )
    actions: list[MeetingAction] = Field(
        default_factory=list, description="Actions agreed, each with who does it and by when."
    )
    part2_completed_by: Line | None = Field(None, description="Who completed Part 2.")
    part2_completed_on: DoneDate | None = Field(
        None, description="When the child's social worker completed Part 2."
    )
    part2_agreed_on: DoneDate | None = Field(
        None, description="When the child's team manager agreed Part 2."
    )
    part3_completed_by: Line | None = Field(None, description="Who completed Part 3.")
    part3_completed_on: DoneDate | None = Field(
        None, description="When the supervising social worker completed Part 3."
    )
    part3_agreed_on: DoneDate | None = Field(
        None,
        description="When the supervising social worker's manager (the agency's registered"
        " manager for an agency carer) agreed Part 3.",
    )
    support_plan: list[SupportPlanRow] = Field(
        default_factory=list, description="Support plan rows."
    )
    recommendation: Text | None = Field(None, description="The meeting's recommendation.")
    sign_offs: list[SignOff] = Field(
        default_factory=list, description="Sign-off by both social workers and their managers."
    )


class PreviousPanel(Strict):
    date: DoneDate = Field(description="Date of the earlier panel.")
    outcome: Text | None = Field(None, description="What it recommended.")


class Panel(Strict):
    name: Line | None = Field(
        None, description="Panel name; the council profile supplies a default."
    )
    date: Date | None = Field(None, description="Panel date.")
    item_number: Line | None = Field(None, description="Agenda item number.")
    previous_appearances: list[PreviousPanel] = Field(
        default_factory=list, description="Earlier panel appearances."
    )
    papers_prepared_on: DoneDate | None = Field(
        None,
        description="Date the panel papers (front sheet and checklist) were prepared; the front"
        " sheet and checklist are dated it. Left out, the date they were sent is used.",
    )
    papers_sent_on: DoneDate | None = Field(
        None,
        description="Date papers were sent to panel members.",
    )
    adviser_qa_note: Text | None = Field(
        None,
        description="The panel adviser's quality-assurance note on the papers, for the checklist.",
    )
    attending: list[Attendee] = Field(default_factory=list, description="Who will attend panel.")
    recommendation: Text | None = Field(None, description="The panel's recommendation.")
    final_minutes_received: DoneDate | None = Field(
        None, description="Date the ADM received the final minutes."
    )
    reason_not_to_panel: Text | None = Field(
        None, description="Recorded reason a child under 13 is not going to panel."
    )


class Decision(Strict):
    maker: Line | None = Field(
        None, description="The ADM who decided; defaults to professionals.adm."
    )
    date: DoneDate = Field(description="Date of the decision.")
    outcome: DecisionOutcome = Field(description="agreed, not-agreed or deferred.")
    reasons: Text | None = Field(None, description="Reasons (required when not agreed).")
    permanent_from: Date | None = Field(
        None, description="Date the placement becomes permanent (when agreed)."
    )
    carers_told_on: DoneDate | None = Field(
        None,
        description="Date the carers were told the decision in person or by telephone (before"
        " the letter).",
    )
    arrangement_confirmed_on: DoneDate | None = Field(
        None,
        description="Date the council confirmed the long-term placement in writing to the carers,"
        " the child and the birth parents (the decision letters went out), when agreed.",
    )
    further_information: Text | None = Field(
        None, description="What more is needed (when deferred)."
    )
    information_due: Date | None = Field(None, description="By when (when deferred).")


class Attachment(Strict):
    kind: AttachmentKind = Field(description="What the paper is.")
    title: Line = Field(description="Title as it should appear in the pack index.")
    path: Line = Field(description="Path inside the case folder, e.g. attachments/care-plan.pdf.")
    author: Line | None = Field(None, description="Who wrote it.")
    date: DoneDate | None = Field(None, description="Its date.")


class Council(Strict):
    name: Line | None = Field(None, description="Council name; the profile supplies a default.")


class Case(Strict):
    """One child's permanence case."""

    reference: Line = Field(
        description="The case reference used on every document, e.g. PF-2026-0142.",
        pattern=f"^{REFERENCE_PATTERN.pattern}$",
    )
    profile: Line = Field(
        "default",
        description="The council profile to use (a bundled name or a path to a YAML file).",
    )
    schema_version: Line | None = Field(
        None,
        description="The case schema version this file was written for (permdocs new writes it),"
        " e.g. 1.0.0; permdocs check says what changed since an older one.",
        pattern=r"^\d+\.\d+\.\d+$",
    )
    child: Child = Field(description="The child.")
    siblings: list[Sibling] = Field(default_factory=list, description="Brothers and sisters.")
    birth_parents: list[BirthParent] = Field(
        default_factory=list, description="Each birth parent, separately."
    )
    significant_people: list[SignificantPerson] = Field(
        default_factory=list, description="Other significant people."
    )
    professionals: Professionals = Field(
        default_factory=Professionals, description="The professionals involved."
    )
    care_plan: CarePlan = Field(default_factory=CarePlan, description="The care plan.")
    ppm: Ppm = Field(default_factory=Ppm, description="The Permanency Planning Meeting.")
    carers: Carers | None = Field(None, description="The foster carers and their assessment.")
    matching_meeting: MatchingMeeting = Field(
        default_factory=MatchingMeeting, description="The matching meeting."
    )
    panel: Panel = Field(default_factory=Panel, description="The fostering panel.")
    decision: Decision | None = Field(None, description="The Agency Decision Maker's decision.")
    attachments: list[Attachment] = Field(
        default_factory=list, description="Papers produced elsewhere, in the case folder."
    )
    school_confidential: YesNo = Field(
        False, description="The child's school must never reach birth parents."
    )
    # Whether the child's date of birth is still the text `permdocs new` wrote (see
    # PLACEHOLDER_DATE): known only from the text as typed, so it is kept aside when validating.
    _placeholder_birth_date: bool = PrivateAttr(default=False)

    @model_validator(mode="wrap")
    @classmethod
    def _remember_placeholder_birth_date(
        cls, data: Any, handler: ValidatorFunctionWrapHandler
    ) -> Any:
        case = handler(data)
        child = data.get("child") if isinstance(data, dict) else None
        if isinstance(case, Case) and isinstance(child, dict):
            case._placeholder_birth_date = child.get("date_of_birth") == PLACEHOLDER_DATE
        return case

    @property
    def placeholder_birth_date(self) -> bool:
        """The child's date of birth is the placeholder `permdocs new` wrote, typed as it wrote
        it (a real 1 January 2015 written day first, 01/01/2015, is not)."""
        return self._placeholder_birth_date


def impossible_dates(case: Case) -> list[tuple[tuple[str | int, ...], str]]:
    """Dates that can never be right (before the child was born), with the path of each."""
    born = case.child.date_of_birth
    found: list[tuple[tuple[str | int, ...], str]] = []
    candidates: list[tuple[tuple[str | int, ...], date | None]] = [
        (("child", "looked_after_since"), case.child.looked_after_since),
        (("child", "placed_with_carers_since"), case.child.placed_with_carers_since),
        (
            ("child", "current_placement", "since"),
            case.child.current_placement.since if case.child.current_placement else None,
        ),
        (("ppm", "referral_date"), case.ppm.referral_date),
        (("ppm", "meeting_date"), case.ppm.meeting_date),
        (("matching_meeting", "date"), case.matching_meeting.date),
        (("panel", "date"), case.panel.date),
        (("care_plan", "adm_ratified_on"), case.care_plan.adm_ratified_on),
    ]
    candidates += [
        (("child", "lac_reviews", i, "date"), r.date) for i, r in enumerate(case.child.lac_reviews)
    ]
    if case.decision is not None:
        candidates.append((("decision", "date"), case.decision.date))
        candidates.append(
            (("decision", "arrangement_confirmed_on"), case.decision.arrangement_confirmed_on)
        )
    for path, value in candidates:
        if value is not None and value < born:
            found.append(
                (
                    path,
                    f"{value:%d/%m/%Y} is before the child's date of birth ({born:%d/%m/%Y}), which is impossible",
                )
            )
    return found
