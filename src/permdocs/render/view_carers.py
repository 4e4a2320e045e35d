"""The carers' side of the view: the carers and their household, the agency, the matching
meeting and support plan, and the papers for panel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from ..model import Case
from ..model.carers import Carers
from ..model.case import Attachment, SupportPlanRow
from ..policy.conditions import Context
from ..policy.documents import KINDS
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
    AgencyView,
    AssessmentView,
    CarersView,
    CarerView,
    HouseholdView,
    MatchingView,
    NameRoleView,
    PaperView,
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


def carers_view(case: Case, when: AsAt) -> CarersView:
    """The carers as at the document's date (``when``): an approval or review recorded after it
    is left out."""
    carers = case.carers
    if carers is None:
        return no_carers_view()
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
            HouseholdView(
                name=member.name,
                relationship=member.relationship,
                date_of_birth=optional_date(member.date_of_birth),
            )
            for member in carers.household
        ],
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


def matching_view(case: Case, when: AsAt) -> MatchingView:
    """The matching meeting and the Parts' sign-off. A Part's sign-off block shows only dates on
    or before the document's date (a later signature is left for the page, not filled in); the
    meeting's own record is shown as recorded, since Part 3 closes with it."""
    meeting = case.matching_meeting
    signed = {
        sign_off.name: sign_off.date
        for sign_off in meeting.sign_offs
        if not when.later(sign_off.date)
    }

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
            on = completed_on or signed.get(person.name)
            views.append(SignOffView(role=role, name=person.name, date=uk_date(on) if on else ""))
        return views

    return MatchingView(
        date=date_value(meeting.date, "matching_meeting.date"),
        chair=text_value(meeting.chair, "matching_meeting.chair"),
        attendees=[
            NameRoleView(name=person.name, role=person.role) for person in meeting.attendees
        ],
        part2_completed_by=text_value(
            meeting.part2_completed_by, "matching_meeting.part2_completed_by"
        ),
        part2_completed_on=date_value(
            meeting.part2_completed_on, "matching_meeting.part2_completed_on"
        ),
        part3_completed_by=text_value(
            meeting.part3_completed_by, "matching_meeting.part3_completed_by"
        ),
        part3_completed_on=date_value(
            meeting.part3_completed_on, "matching_meeting.part3_completed_on"
        ),
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


def recommendation_sought(case: Case, carers: CarersView) -> Value:
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
