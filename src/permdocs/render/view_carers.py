"""The carers' side of the view: the carers and their household, the agency, the matching
meeting and support plan, and the papers for panel.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ..model import Case
from ..model.carers import Carers, HouseholdMember
from ..model.case import Attachment, SupportPlanRow
from ..policy.calendar import Timescale, age_on
from ..policy.conditions import Context
from ..policy.documents import KINDS
from ..policy.profiles import Profile
from .as_at import AsAt
from .formatting import (
    CASE_TYPE_LABELS,
    ROUTE_LABELS,
    couple_names,
    describe_age,
    formal_names,
    short_date,
    uk_date,
)
from .missing import Missing
from .panel_papers import PackOrder, report_dated
from .views import (
    NOT_RECORDED,
    ActionView,
    AgencyView,
    AssessmentView,
    CarersView,
    CarerView,
    CheckView,
    ConnectedPersonView,
    DiscussionView,
    HouseholdView,
    MatchingView,
    MatchView,
    NameRoleView,
    PaperView,
    PersonView,
    SignOffView,
    SupportRowView,
    Value,
    address_lines,
    date_value,
    optional_date,
    person_view,
    text_value,
    yes_no_value,
)


def carers_view(case: Case, profile: Profile, when: AsAt) -> CarersView:
    """The carers as at the document's date (``when``): an approval or review recorded after it
    is left out."""
    carers = case.carers
    if carers is None:
        return no_carers_view()
    at = case.panel.date or when.day
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
        reference=text_value(carers.reference, "carers.reference"),
        approval_terms=text_value(carers.approval.terms, "carers.approval.terms"),
        approved_on=when.event(carers.approval.approved_on, "carers.approval.approved_on"),
        last_annual_review=when.latest(
            carers.approval.last_annual_review, "carers.approval.last_annual_review"
        ),
        form_f_updated=when.latest(
            carers.approval.form_f_updated,
            "carers.approval.form_f_updated",
            "Carers: Form F update",
        ),
        household=[
            _household_member(index, member, at) for index, member in enumerate(carers.household)
        ],
        checks=_checks(carers, profile, at),
        address=(
            address_lines(carers.address)
            if carers.address is not None
            else Missing.at("carers.address")
        ),
        address_confidential=carers.address_confidential,
        names_confidential=carers.names_confidential,
        commitment_until_leaves_care=yes_no_value(
            carers.commitment_until_leaves_care, "carers.commitment_until_leaves_care"
        ),
        staying_put=yes_no_value(carers.staying_put, "carers.staying_put"),
        agency=_agency(carers),
        connected_person=_connected_person(carers),
        respite=_respite(carers),
        wishes_and_feelings=text_value(carers.wishes_and_feelings, "carers.wishes_and_feelings"),
        motivation=text_value(assessment.motivation, "carers.assessment.motivation"),
        assessment=[
            AssessmentView(
                heading=heading,
                text=text_value(
                    getattr(assessment, key),
                    f"carers.assessment.{key}",
                    f"Carers' assessment: {heading.lower()}",
                ),
            )
            for key, heading in _ASSESSMENT_HEADINGS
        ],
    )


def _household_member(index: int, member: HouseholdMember, at: date) -> HouseholdView:
    path = f"carers.household[{index}]"
    born = member.date_of_birth
    if born is not None and age_on(born, at) < 4 and member.views is None:
        views: Value = "Too young to give a view"
    else:
        views = text_value(
            member.views, f"{path}.views", f"Carers' household: views ({member.name})"
        )
    return HouseholdView(
        name=member.name,
        relationship=member.relationship,
        date_of_birth=optional_date(born),
        age=describe_age(born, at) if born is not None else NOT_RECORDED,
        views=views,
    )


def _checks(carers: Carers, profile: Profile, at: date) -> list[CheckView]:
    """Every carer's DBS check and medical, then every adult in the household's DBS check, each
    with how old it is at panel and whether that is over the council's limit (``max_age``)."""
    dbs_limit, medical_limit = profile.max_age_of("dbs-check"), profile.max_age_of("medical")
    rows = [
        CheckView(
            name=carer.full_name,
            role="Carer",
            dbs=_dated_check(
                carer.dbs_checked_on,
                at,
                dbs_limit,
                Missing.at(
                    f"carers.carers[{index}].dbs_checked_on",
                    f"Carers: DBS check date ({carer.full_name})",
                ),
            ),
            medical=_dated_check(
                carer.medical_on,
                at,
                medical_limit,
                Missing.at(
                    f"carers.carers[{index}].medical_on",
                    f"Carers: medical date ({carer.full_name})",
                ),
            ),
        )
        for index, carer in enumerate(carers.carers)
    ]
    for index, member in enumerate(carers.household):
        born = member.date_of_birth
        if born is not None and age_on(born, at) < 18 and member.dbs_checked_on is None:
            continue  # a child in the household needs no DBS check
        rows.append(
            CheckView(
                name=member.name,
                role=member.relationship,
                dbs=_dated_check(
                    member.dbs_checked_on,
                    at,
                    dbs_limit,
                    Missing.at(
                        f"carers.household[{index}].dbs_checked_on",
                        f"Carers' household: DBS check date ({member.name})",
                    ),
                ),
                medical="Not needed (not a carer)",
            )
        )
    return rows


def _dated_check(done: date | None, at: date, limit: Timescale | None, missing: Value) -> Value:
    """ "12 March 2025 (1 year 7 months old at panel)", with the council's limit when it is
    passed; ``missing`` when no date is recorded."""
    if done is None:
        return missing
    text = uk_date(done)
    if done <= at:
        text += f" ({describe_age(done, at)} old at panel)"
    if limit is not None and limit.after(done) < at:
        text += f": older than the council's limit of {limit}"
    return text


def _connected_person(carers: Carers) -> ConnectedPersonView:
    if carers.route != "connected-person":
        na = "Not applicable"
        return ConnectedPersonView(False, na, na, na)
    path = "carers.connected_person"
    connected = carers.connected_person
    if connected is None:
        missing = Missing.at(path, "Carers: connected person approval")
        return ConnectedPersonView(True, missing, missing, missing)
    temporary: Value = "Not used: fully approved before the child was placed"
    if connected.temporary_approval_on is not None:
        temporary = f"From {uk_date(connected.temporary_approval_on)}"
        if connected.temporary_approval_extended_to is not None:
            temporary += f", extended to {uk_date(connected.temporary_approval_extended_to)}"
    assessment: Value = date_value(
        connected.assessment_completed_on, f"{path}.assessment_completed_on"
    )
    if isinstance(assessment, str) and connected.assessed_by:
        assessment += f", by {connected.assessed_by}"
    relationship = connected.relationship_to_child
    return ConnectedPersonView(
        True, relationship[:1].upper() + relationship[1:], temporary, assessment
    )


def _respite(carers: Carers) -> str:
    respite = carers.planned_respite
    if respite is None:
        return "None planned"
    parts = [respite.arrangement.rstrip("\r\n")]
    if respite.reason:
        parts.append(f"Why: {respite.reason.rstrip(chr(10))}")
    if respite.review_on is not None:
        parts.append(f"Reviewed by {uk_date(respite.review_on)}")
    return "\n".join(parts)


def _agency(carers: Carers) -> AgencyView:
    if carers.route != "ifa":
        return AgencyView(applies=False, name="Not applicable", contact=NOT_RECORDED)
    if carers.agency is None:
        return AgencyView(applies=True, name=Missing.at("carers.agency.name"), contact=NOT_RECORDED)
    contact = person_view("Agency contact", carers.agency.contact, "carers.agency.contact")
    return AgencyView(
        applies=True,
        name=carers.agency.name,
        contact=str(contact.described) if carers.agency.contact else NOT_RECORDED,
    )


def no_carers_view() -> CarersView:
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
        checks=[],
        address=missing,
        address_confidential=False,
        names_confidential=False,
        commitment_until_leaves_care=missing,
        staying_put=missing,
        agency=AgencyView(applies=False, name="Not applicable", contact=NOT_RECORDED),
        connected_person=ConnectedPersonView(False, missing, missing, missing),
        respite="None planned",
        wishes_and_feelings=missing,
        motivation=missing,
        assessment=[
            AssessmentView(heading=heading, text=missing) for _, heading in _ASSESSMENT_HEADINGS
        ],
    )


def matching_view(case: Case, when: AsAt) -> MatchingView:
    """The matching meeting and the Parts' sign-off. A Part's sign-off block shows only dates on
    or before the document's date (a later signature is left for the page, not filled in); the
    meeting's own record is shown as recorded, since Part 3 closes with it."""
    meeting = case.matching_meeting

    def signer(key: str, role: str) -> Value:
        person = getattr(case.professionals, key)
        if person is None:
            return Missing.at(f"professionals.{key}.name", f"{role}: name")
        return str(person.name)

    def signed_on(name: str, label: str) -> Value:
        # The Part's own sign-off: its completion (the document's date) and the manager's
        # agreement, which comes after it and is part of the same paper, both as recorded.
        return date_value(getattr(meeting, name), f"matching_meeting.{name}", label)

    part2_done = signed_on("part2_completed_on", "Matching meeting: Part 2 completed on")
    part2_agreed = signed_on(
        "part2_agreed_on", "Matching meeting: Part 2 agreed by the team manager on"
    )
    part3_done = signed_on("part3_completed_on", "Matching meeting: Part 3 completed on")
    part3_agreed = signed_on("part3_agreed_on", "Matching meeting: Part 3 agreed by the manager on")
    manager = ssw_manager(case)
    manager_role = f"Agreed by the {manager.role[:1].lower()}{manager.role[1:]}"
    return MatchingView(
        date=date_value(meeting.date, "matching_meeting.date"),
        chair=text_value(meeting.chair, "matching_meeting.chair"),
        attendees=[
            NameRoleView(name=person.name, role=person.role) for person in meeting.attendees
        ],
        apologies=[
            NameRoleView(name=person.name, role=person.role) for person in meeting.apologies
        ],
        minuted_by=text_value(meeting.minuted_by, "matching_meeting.minuted_by"),
        discussion=[
            DiscussionView(
                heading=heading,
                prompt=prompt,
                discussed=text_value(
                    getattr(meeting.discussion, key).discussed,
                    f"matching_meeting.discussion.{key}.discussed",
                    f"Matching meeting: what was said about {heading.lower()}",
                ),
                agreed=text_value(
                    getattr(meeting.discussion, key).agreed,
                    f"matching_meeting.discussion.{key}.agreed",
                    f"Matching meeting: what was agreed about {heading.lower()}",
                ),
            )
            for key, heading, prompt in DISCUSSION_HEADINGS
        ],
        actions=[
            ActionView(
                action=action.action.rstrip("\r\n"),
                owner=text_value(
                    action.owner,
                    f"matching_meeting.actions[{index}].owner",
                    f"Matching meeting: who does action {index + 1}",
                ),
                due=date_value(
                    action.due,
                    f"matching_meeting.actions[{index}].due",
                    f"Matching meeting: when action {index + 1} is due",
                ),
            )
            for index, action in enumerate(meeting.actions)
        ],
        part2_completed_by=text_value(
            meeting.part2_completed_by, "matching_meeting.part2_completed_by"
        ),
        part2_completed_on=part2_done,
        part2_agreed_on=part2_agreed,
        part3_completed_by=text_value(
            meeting.part3_completed_by, "matching_meeting.part3_completed_by"
        ),
        part3_completed_on=part3_done,
        part3_agreed_on=part3_agreed,
        support_plan=[
            _support_row(index, row.need, row) for index, row in enumerate(meeting.support_plan)
        ],
        recommendation=text_value(meeting.recommendation, "matching_meeting.recommendation"),
        sign_offs=[
            SignOffView(
                role=sign_off.role,
                name=sign_off.name,
                date=date_value(
                    sign_off.date,
                    f"matching_meeting.sign_offs[{index}].date",
                    f"Matching meeting: sign-off date ({sign_off.name})",
                ),
            )
            for index, sign_off in enumerate(meeting.sign_offs)
        ],
        # Two events each, told apart: the author completes the part, then a manager agrees it.
        part2_sign_off=[
            SignOffView(
                role="Completed by the child's social worker",
                name=signer("childs_social_worker", "Child's social worker"),
                date=part2_done,
            ),
            SignOffView(
                role="Agreed by the team manager",
                name=signer("childs_team_manager", "Child's team manager"),
                date=part2_agreed,
            ),
        ],
        part3_sign_off=[
            SignOffView(
                role="Completed by the supervising social worker",
                name=signer("supervising_social_worker", "Supervising social worker"),
                date=part3_done,
            ),
            SignOffView(role=manager_role, name=manager.name, date=part3_agreed),
        ],
        ssw_manager=manager,
    )


def _support_row(index: int, need: str, row: SupportPlanRow) -> SupportRowView:
    path = f"matching_meeting.support_plan[{index}]"
    short = need if len(need) <= 40 else need[:37] + "..."

    def label(what: str) -> str:
        return f"Support plan: {what} (row {index + 1}, {short})"

    return SupportRowView(
        need=need,
        support=text_value(row.support, f"{path}.support", label("support")),
        provider=text_value(row.provider, f"{path}.provider", label("who provides it")),
        frequency=text_value(row.frequency, f"{path}.frequency", label("how often")),
        start=date_value(row.start, f"{path}.start", label("from when"), short=True),
        funding=text_value(row.funding, f"{path}.funding", label("funding")),
        review=date_value(row.review, f"{path}.review", label("review date"), short=True),
    )


def papers_for_panel(context: Context, order: PackOrder) -> list[PaperView]:
    """The front sheet's "Papers for panel": the pack's documents in pack order, numbered as the
    pack's index numbers them, with no pages (``with_pack_pages`` adds them for the pack). The
    front sheet itself is left out: it is the paper being read, and sample 03's sheet has no
    line to spare on its second page."""
    case = context.case
    papers = [_report_paper(context, kind) for kind in order.reports]
    papers += [paper_view(case.attachments[index]) for index in order.attachments]
    return [
        replace(paper, number=str(number))
        for number, (paper, kind) in enumerate(
            zip(papers, [*order.reports, *(None for _ in order.attachments)], strict=True),
            start=1,
        )
        if kind != "panel-front-sheet"
    ]


def paper_view(attachment: Attachment) -> PaperView:
    return PaperView(
        title=attachment.title,
        # Short: the front sheet's papers table is dense, and must fit two pages.
        date=short_date(attachment.date) if attachment.date else NOT_RECORDED,
        author=attachment.author or NOT_RECORDED,
    )


def _report_paper(context: Context, kind: str) -> PaperView:
    on, by = report_dated(context, kind)
    unfinished = kind in ("matching-report-part2", "matching-report-part3")
    return PaperView(
        title=KINDS[kind].title,
        date=short_date(on) if on else "Not yet completed" if unfinished else NOT_RECORDED,
        author=by or NOT_RECORDED,
    )


def iro_view(case: Case) -> Value:
    if case.child.iro_view is not None:
        return text_value(case.child.iro_view, "child.iro_view")
    for attachment in case.attachments:
        if attachment.kind == "iro-view":
            when = f", {uk_date(attachment.date)}" if attachment.date else ""
            return f"Set out in “{attachment.title}”{when}, attached."
    return Missing.at("child.iro_view", "Child: the IRO's view (or attach it, kind iro-view)")


def ssw_manager(case: Case) -> PersonView:
    """The supervising social worker's manager: for an agency carer the agency's registered
    manager (the council's fostering team manager still chairs the matching meeting)."""
    carers = case.carers
    if carers is not None and carers.route == "ifa":
        agency = carers.agency
        return person_view(
            "Agency's registered manager",
            agency.registered_manager if agency is not None else None,
            "carers.agency.registered_manager",
        )
    return person_view(
        "Fostering team manager",
        case.professionals.fostering_team_manager,
        "professionals.fostering_team_manager",
    )


def recommendation_sought(case: Case, carers: CarersView, match: MatchView) -> Value:
    """The one sentence the panel is asked to recommend, in the route's own terms, naming every
    child in the match (a sibling group is one panel item)."""
    if case.carers is None or isinstance(carers.names, Missing):
        return carers.names
    names = carers.names
    children, known = match.full_names, match.names
    group = match.is_group
    together = " together" if group else ""
    if case.carers.route == "existing-in-house":
        return (
            f"That {names} be approved as permanent foster carers for {children}, who already"
            f" {'live' if group else 'lives'} with them, and that their approval be changed to"
            f" name {known}."
        )
    if case.carers.route == "ifa":
        agency = case.carers.agency.name if case.carers.agency else "their fostering agency"
        return (
            f"That {children} be matched{together} with {names}, foster carers approved by"
            f" {agency}, as permanent foster carers until {known}"
            f" {'leave' if group else 'leaves'} care."
        )
    if case.carers.route == "connected-person":
        connected = case.carers.connected_person
        who = (
            f"{case.child.known_as}'s {connected.relationship_to_child}"
            if connected is not None
            else "connected persons (family and friends carers)"
        )
        return (
            f"That {names}, {who}, be approved as permanent foster carers for {children} as"
            f" connected persons, and that their approval be changed to name {known}."
        )
    return (
        f"That {children} be matched{together} with {names} as permanent foster carers, and"
        f" that their approval be changed to name {known}."
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


DISCUSSION_HEADINGS: tuple[tuple[str, str, str], ...] = (
    (
        "supervision_and_support",
        "Supervision and support",
        "How the carers use supervision, and what support they and the child will need.",
    ),
    (
        "contact_and_views",
        "Family time and views on it",
        "Family time with each person, what the carers, the parents and the child think of it,"
        " and what support it needs now that the carers' role is changing.",
    ),
    (
        "culture_and_identity",
        "Culture, religion and identity",
        "How the carers will support the child's culture, religion, ethnicity and language, now"
        " and as the child grows up.",
    ),
    (
        "delegated_consents",
        "Delegated authority",
        "Which day-to-day decisions the carers will make for the child.",
    ),
    (
        "other_placements",
        "Other children in the household",
        "Whether the carers will foster other children, and how the child will be helped with it.",
    ),
    (
        "respite",
        "Respite and short breaks",
        "Whether the carers expect respite: in a permanent placement only where it helps the"
        " child and the placement, agreed and reviewed.",
    ),
    (
        "reviews_continue",
        "Reviews and the legal position",
        "That the child stays looked after, the legal position does not change, and reviews and"
        " visits go on.",
    ),
    (
        "visiting_frequency",
        "How often social workers will visit",
        "How often the child's social worker and the supervising social worker will visit from"
        " now on.",
    ),
)
"""The matching meeting's discussion points (``DISCUSSION_POINTS`` in the document registry), with
the heading and the one-line prompt the record gives each."""
