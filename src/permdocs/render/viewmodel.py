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
from dataclasses import fields, is_dataclass, replace
from datetime import date
from typing import Any

from ..checks.restricted import confidential_banner, restricted_details
from ..model import Case
from ..model.case import (
    BirthParent,
    Need,
    Sibling,
)
from ..policy.conditions import CONDITIONS, Context, holds
from ..policy.documents import DocumentKind
from ..policy.profiles import Profile
from .as_at import NOT_PLACED, AsAt, legal_status_on
from .formatting import (
    LEGAL_STATUS_LABELS,
    OPTION_LABELS,
    OUTCOME_LABELS,
    PARENT_ROLE_LABELS,
    describe_age,
    join_words,
    uk_date,
    yes_no,
)
from .missing import Missing
from .panel_papers import checklist_rows, pack_order, papers_sent
from .view_carers import (
    carers_view,
    iro_view,
    matching_view,
    papers_for_panel,
    recommendation_sought,
    ssw_manager,
)
from .views import (
    MARKING,
    NOT_RECORDED,
    CarePlanView,
    CarersView,
    CaseView,
    ChecklistView,
    ChildView,
    ConfidentialView,
    ContactView,
    CouncilView,
    CourtView,
    DocView,
    EducationView,
    FamilyFindingView,
    HistoryView,
    MatchChildView,
    MatchView,
    NameRoleView,
    NeedView,
    OptionView,
    OtherPersonView,
    PanelView,
    ParentView,
    PersonView,
    PpmView,
    PreviousPanelView,
    ReviewView,
    SiblingView,
    Value,
    date_value,
    person_view,
    text_value,
    yes_no_value,
)

# --- the pieces -------------------------------------------------------------------------------


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


def build_view(
    case: Case,
    profile: Profile,
    *,
    as_of: date,
    ages_on: date | None = None,
    at_panel: bool = False,
) -> CaseView:
    """The view of one case as it stood on ``as_of`` (a document's date, see ``policy.dating``):
    facts dated after it are left out or worded as not yet (``as_at``). Ages are given on
    ``ages_on`` (default ``as_of``); ``at_panel`` says that day is the panel's."""
    when = AsAt(as_of)
    ages = ages_on or as_of
    carers = carers_view(case, profile, when)
    match = _match(case)
    professionals = {
        key: person_view(role, getattr(case.professionals, key), f"professionals.{key}")
        for key, role in _PROFESSIONAL_ROLES
    }
    papers = papers_for_panel(
        Context(case=case, profile=profile, as_of=as_of), pack_order(case, profile, as_of=as_of)
    )
    rows = checklist_rows(case, profile, as_of=as_of)
    return CaseView(
        reference=case.reference,
        council=CouncilView(
            name=profile.council_name,
            service=profile.service_name,
            panel_name=case.panel.name or profile.panel_name,
        ),
        child=_child(case, when, ages_on=ages, at_panel=at_panel),
        siblings=[_sibling(index, sibling, when) for index, sibling in enumerate(case.siblings)],
        parents=[_parent(index, parent) for index, parent in enumerate(case.birth_parents)],
        significant_people=[
            OtherPersonView(
                name=person.name,
                relationship=person.relationship,
                contact=text_value(
                    person.contact_arrangements,
                    f"significant_people[{index}].contact_arrangements",
                    f"Significant people: contact arrangements ({person.name})",
                ),
                views=text_value(
                    person.views,
                    f"significant_people[{index}].views",
                    f"Significant people: views ({person.name})",
                ),
            )
            for index, person in enumerate(case.significant_people)
        ],
        contacts=_contacts(case),
        professionals=professionals,
        care_plan=_care_plan(case, when),
        ppm=_ppm(case, carers, when),
        carers=carers,
        match=match,
        matching=matching_view(case, when),
        panel=PanelView(
            name=case.panel.name or profile.panel_name,
            date=date_value(case.panel.date, "panel.date"),
            item_number=text_value(case.panel.item_number, "panel.item_number"),
            papers_sent_on=date_value(case.panel.papers_sent_on, "panel.papers_sent_on"),
            placed_since=_placed_since_for_panel(case),
            previous=[
                PreviousPanelView(
                    date=uk_date(previous.date), outcome=previous.outcome or NOT_RECORDED
                )
                for previous in case.panel.previous_appearances
            ],
            attending=[
                NameRoleView(name=person.name, role=person.role) for person in case.panel.attending
            ],
            recommendation_sought=recommendation_sought(case, carers, match),
            professionals=_front_sheet_people(case, professionals),
            papers=papers,
        ),
        confidential=ConfidentialView(
            applies=bool(restricted_details(case)),
            restricted=list(restricted_details(case)),
            banner=confidential_banner(case),
        ),
        checklist=ChecklistView(
            rows=rows,
            present=sum(1 for row in rows if row.status == "present"),
            missing=sum(1 for row in rows if row.status == "missing"),
            not_applicable=sum(1 for row in rows if row.status == "not-applicable"),
            papers_sent=papers_sent(case, profile),
            qa_note=text_value(case.panel.adviser_qa_note, "panel.adviser_qa_note"),
        ),
    )


def with_pack_pages(view: CaseView, pages: Sequence[str]) -> CaseView:
    """The view for the front sheet inside a pack: each paper with its pages in that pack
    (``pages`` for every paper of the pack, in pack order, as the pack's index shows them)."""
    # By the paper's number in the pack: the list leaves the front sheet itself out.
    numbered = [replace(paper, pages=pages[int(paper.number) - 1]) for paper in view.panel.papers]
    return replace(view, panel=replace(view.panel, papers=numbered, papers_numbered=True))


def _front_sheet_people(case: Case, professionals: dict[str, PersonView]) -> list[PersonView]:
    """Both social workers, their managers and the IRO. For an agency carer the supervising
    social worker's manager is the agency's registered manager, named after them; the council's
    fostering team manager, who chairs the matching meeting, is named too."""
    people = [professionals[key] for key in _FRONT_SHEET_PEOPLE]
    if case.carers is not None and case.carers.route == "ifa":
        people.insert(3, ssw_manager(case))
        chair = people[4]
        people[4] = replace(chair, role="Fostering team manager (chairs the matching meeting)")
    return people


def _match(case: Case) -> MatchView:
    """Every child in the match: this child, then each sibling whose own case is linked."""
    child = case.child
    panel = case.panel.date

    def age(born: date | None) -> str:
        if born is None:
            return NOT_RECORDED
        return describe_age(born, panel) if panel is not None else NOT_RECORDED

    children = [
        MatchChildView(
            name=child.full_name,
            known_as=child.known_as,
            reference=case.reference,
            date_of_birth=uk_date(child.date_of_birth),
            age_at_panel=age(child.date_of_birth),
        )
    ]
    children += [
        MatchChildView(
            name=sibling.name,
            known_as=sibling.name.split()[0],
            reference=sibling.linked_case.reference,
            date_of_birth=uk_date(sibling.date_of_birth) if sibling.date_of_birth else NOT_RECORDED,
            age_at_panel=age(sibling.date_of_birth),
        )
        for sibling in case.siblings
        if sibling.linked_case is not None
    ]
    return MatchView(
        children=children,
        is_group=len(children) > 1,
        names=join_words(c.known_as for c in children),
        full_names=join_words(c.name for c in children),
    )


def _placed_since_for_panel(case: Case) -> Value:
    """For the front sheet: since when the child has lived with the carers, or, for carers who
    are new to the child, that the move follows the decision."""
    placed = case.child.placed_with_carers_since
    panel = case.panel.date
    if placed is not None and (panel is None or placed <= panel):
        return uk_date(placed)
    if case.ppm.family_finding.needed or case.child.current_placement is not None:
        return "Not yet: the child moves to these carers after the decision"
    return date_value(placed, "child.placed_with_carers_since")


def document_context(
    view: CaseView, kind: DocumentKind, *, draft: bool, as_of: date, dated: date | None = None
) -> dict[str, Any]:
    """The names one document's template sees: the case view's parts plus ``doc``. ``as_of`` is
    the build's date; ``dated`` the document's own (default ``as_of``)."""
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
        dated=uk_date(dated or as_of),
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
    # Only a blocker is a gap: a value whose absence is a warning reads "Not recorded".
    applicable = [
        requirement.path
        for requirement in kind.requirements
        if requirement.level == "blocker"
        and holds([name for name in requirement.when if not CONDITIONS[name].item], conditions)
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


def _child(case: Case, when: AsAt, *, ages_on: date, at_panel: bool) -> ChildView:
    child = case.child
    court = child.court
    reviews = [review for review in child.lac_reviews if when.happened(review.date)]
    recommending = next(
        (review for review in reviews if review.recommended_permanent_fostering), None
    )
    status = legal_status_on(child, when.day)
    education = child.education
    review_path = "child.lac_reviews"
    review_label = "Child: the LAC review that recommended permanent fostering"
    return ChildView(
        full_name=child.full_name,
        first_names=child.first_names,
        last_name=child.last_name,
        known_as=child.known_as,
        date_of_birth=uk_date(child.date_of_birth),
        age_today=describe_age(child.date_of_birth, when.day),
        age=describe_age(child.date_of_birth, ages_on),
        age_label="Age at panel" if at_panel else "Age",
        age_at_panel=(
            describe_age(child.date_of_birth, case.panel.date)
            if case.panel.date is not None
            else Missing.at("panel.date", "Panel: date (for the child's age at panel)")
        ),
        gender=text_value(child.gender, "child.gender"),
        ethnicity=text_value(child.ethnicity, "child.ethnicity"),
        religion=text_value(child.religion, "child.religion"),
        first_language=text_value(child.first_language, "child.first_language"),
        nationality=text_value(child.nationality, "child.nationality"),
        immigration_status=text_value(child.immigration_status, "child.immigration_status"),
        disability=text_value(child.disability, "child.disability"),
        legal_status=(
            LEGAL_STATUS_LABELS[status]
            if status is not None
            else (
                when.later_on_record
                if child.legal_status is not None
                else Missing.at("child.legal_status")
            )
        ),
        court=CourtView(
            recorded=court is not None,
            court=text_value(court.court if court else None, "child.court.court"),
            case_number=text_value(court.case_number if court else None, "child.court.case_number"),
            case_management_hearing=date_value(
                court.case_management_hearing if court else None,
                "child.court.case_management_hearing",
            ),
            final_hearing=date_value(
                court.final_hearing if court else None, "child.court.final_hearing"
            ),
        ),
        looked_after_since=date_value(child.looked_after_since, "child.looked_after_since"),
        placed_with_carers_since=_placed_since(case, when),
        lac_reviews=[
            ReviewView(
                date=uk_date(review.date),
                recommended=yes_no(review.recommended_permanent_fostering),
                notes=review.notes or NOT_RECORDED,
            )
            for review in reviews
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
            reason_for_care=text_value(
                child.history.reason_for_care, "child.history.reason_for_care"
            ),
            attachment_and_trauma=text_value(
                child.history.attachment_and_trauma, "child.history.attachment_and_trauma"
            ),
            placement_moves=text_value(
                child.history.placement_moves, "child.history.placement_moves"
            ),
            chronology_summary=text_value(
                child.history.chronology_summary, "child.history.chronology_summary"
            ),
        ),
        needs=[_need(key, area, getattr(child.needs, key)) for key, area in _NEED_AREAS],
        education=EducationView(
            school=when.current(
                text_value(education.school, "child.education.school"), education.school_since
            ),
            year_group=when.current(
                text_value(education.year_group, "child.education.year_group"),
                education.school_since,
            ),
            pep_date=when.latest(education.pep_date, "child.education.pep_date", "Child: PEP date"),
            ehcp=yes_no_value(education.ehcp, "child.education.ehcp", "Child: EHCP"),
        ),
        latest_health_assessment=date_value(
            child.latest_health_assessment,
            "child.latest_health_assessment",
            "Child: latest health assessment",
        ),
        wishes_and_feelings=text_value(child.wishes_and_feelings, "child.wishes_and_feelings"),
        how_views_gathered=text_value(child.how_views_gathered, "child.how_views_gathered"),
        iro_view=iro_view(case),
        delegated_authority=text_value(child.delegated_authority, "child.delegated_authority"),
        life_story_work=text_value(child.life_story_work, "child.life_story_work"),
        risks=text_value(child.risks, "child.risks"),
    )


def _need(key: str, area: str, need: Need) -> NeedView:
    return NeedView(
        area=area,
        summary=text_value(need.summary, f"child.needs.{key}.summary", f"Child's needs: {area}"),
        how_carers_meet=text_value(
            need.how_carers_meet,
            f"child.needs.{key}.how_carers_meet",
            f"How the carers will meet the child's needs: {area}",
        ),
    )


def _sibling(index: int, sibling: Sibling, when: AsAt) -> SiblingView:
    path = f"siblings[{index}]"

    def label(what: str) -> str:
        return f"Siblings: {what} ({sibling.name})"

    # An assessment that was done is shown, with what it recommended, whether the siblings
    # live together or apart; "not needed" only where none was done and none is required.
    assessment: Value
    assessed = sibling.sibling_assessment_date
    if assessed is not None and not when.later(assessed):
        outcome = sibling.sibling_assessment_outcome
        assessment = uk_date(assessed) + (f": {outcome}" if outcome else "")
    elif sibling.placed_together is True:
        assessment = "Not needed: placed together"
    elif assessed is not None:
        assessment = when.not_yet
    else:
        assessment = Missing.at(
            f"{path}.sibling_assessment_date", label("sibling assessment date, needed when apart")
        )
    return SiblingView(
        name=sibling.name,
        relationship=text_value(
            sibling.relationship, f"{path}.relationship", label("relationship")
        ),
        date_of_birth=date_value(
            sibling.date_of_birth, f"{path}.date_of_birth", label("date of birth")
        ),
        lives_with=text_value(sibling.lives_with, f"{path}.lives_with", label("lives with")),
        plan=text_value(sibling.plan, f"{path}.plan", label("plan")),
        placed_together=yes_no_value(
            sibling.placed_together, f"{path}.placed_together", label("placed together")
        ),
        sibling_assessment=assessment,
        contact=text_value(sibling.contact, f"{path}.contact", label("contact")),
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
        parental_responsibility=yes_no_value(
            parent.parental_responsibility,
            f"{path}.parental_responsibility",
            label("parental responsibility"),
        ),
        whereabouts=whereabouts,
        contact=text_value(
            parent.contact_arrangements, f"{path}.contact_arrangements", label("contact")
        ),
        views=text_value(parent.views, f"{path}.views", label("views")),
    )


def _contacts(case: Case) -> list[ContactView]:
    rows = [
        ContactView(
            person=parent.name,
            relationship=PARENT_ROLE_LABELS[parent.role],
            arrangements=text_value(
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
            arrangements=text_value(
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
            arrangements=text_value(
                person.contact_arrangements,
                f"significant_people[{index}].contact_arrangements",
                f"Significant people: contact ({person.name})",
            ),
        )
        for index, person in enumerate(case.significant_people)
    ]
    return rows


def _care_plan(case: Case, when: AsAt) -> CarePlanView:
    plan = case.care_plan
    return CarePlanView(
        permanence_plan=(
            OPTION_LABELS[plan.permanence_plan]
            if plan.permanence_plan is not None
            else Missing.at("care_plan.permanence_plan")
        ),
        plan_date=date_value(plan.plan_date, "care_plan.plan_date"),
        parallel_plans="\n".join(plan.parallel_plans) or "No parallel plan",
        options=[
            OptionView(
                option=OPTION_LABELS[option.option],
                outcome=OUTCOME_LABELS[option.outcome],
                reason=text_value(
                    option.reason,
                    f"care_plan.options_considered[{index}].reason",
                    f"Care plan: reason for the outcome of {OPTION_LABELS[option.option].lower()}",
                ),
            )
            for index, option in enumerate(plan.options_considered)
        ],
        adm_adoption_decision_needed=yes_no_value(
            plan.adm_adoption_decision_needed, "care_plan.adm_adoption_decision_needed"
        ),
        adm_ratified_on=when.event(plan.adm_ratified_on, "care_plan.adm_ratified_on"),
    )


def _ppm(case: Case, carers: CarersView, when: AsAt) -> PpmView:
    ppm = case.ppm
    finding = ppm.family_finding

    def ff(name: str) -> Value:
        return text_value(getattr(finding, name), f"ppm.family_finding.{name}")

    current_carers, current_type, current_since = _current_placement(case, carers, when)

    return PpmView(
        referral_date=date_value(ppm.referral_date, "ppm.referral_date"),
        reason_for_referral=text_value(ppm.reason_for_referral, "ppm.reason_for_referral"),
        manager_comments=text_value(ppm.manager_comments, "ppm.manager_comments"),
        manager_authorised_on=date_value(ppm.manager_authorised_on, "ppm.manager_authorised_on"),
        meeting_date=date_value(ppm.meeting_date, "ppm.meeting_date"),
        chair=text_value(ppm.chair, "ppm.chair"),
        minutes_received=date_value(ppm.minutes_received, "ppm.minutes_received"),
        minutes_summary=text_value(ppm.minutes_summary, "ppm.minutes_summary"),
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


def _current_placement(case: Case, carers: CarersView, when: AsAt) -> tuple[Value, Value, Value]:
    """Who the child lived with on the document's date, the kind of placement, and since when.

    Once the child has moved in with the carers under ``carers`` (on or before that date), they
    are shown. Otherwise a current placement recorded in the case is shown as it is; without
    one, the child lives with the carers under ``carers`` (who are to keep them), unless family
    finding is looking for new carers: then where the child lives now is owed, under
    ``child.current_placement``.
    """
    placement = case.child.current_placement
    path = "child.current_placement"
    moved_in = case.child.placed_with_carers_since
    if placement is not None and when.happened(moved_in) and case.carers is not None:
        return carers.names, carers.route, date_value(moved_in, "child.placed_with_carers_since")
    if placement is not None and when.later(placement.since):
        return when.later_on_record, when.later_on_record, when.later_on_record
    if placement is not None:
        return (
            placement.carers,
            text_value(placement.placement_type, f"{path}.placement_type"),
            date_value(placement.since, f"{path}.since"),
        )
    if case.ppm.family_finding.needed:
        return (
            Missing.at(f"{path}.carers"),
            Missing.at(f"{path}.placement_type"),
            Missing.at(f"{path}.since"),
        )
    return carers.names, carers.route, _placed_since(case, when)


def _placed_since(case: Case, when: AsAt) -> Value:
    """Since when the child has lived with the carers who are to keep them, as at the document's
    date: "Proposed carers, not yet placed" before the move (or while the child lives elsewhere
    and no move is recorded)."""
    since = case.child.placed_with_carers_since
    if when.later(since) or (since is None and case.child.current_placement is not None):
        return NOT_PLACED
    return date_value(since, "child.placed_with_carers_since")
