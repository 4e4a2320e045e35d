"""Generate permdocs' bundled report templates into templates/ (run: `make templates`).

The wording is ours, written for permdocs; it is not taken from any CoramBAAF or council form.
Each template is an ordinary Word document with docxtpl tags (``{{ ... }}`` to print a value,
``{%tr ... %}`` to repeat a table row, ``{%p ... %}`` to keep or drop a paragraph). What the tags
may name is the view model in src/permdocs/viewmodel.py.

Usage: python tools/make_templates.py [--check] [OUTPUT_DIR]
  --check  compare with the committed templates instead of writing (exit 1 if they differ)
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx_builders import Column, TemplateBuilder, tag, write_or_check


def _report(title: str, subtitle: list[str], guidance: list[str]) -> TemplateBuilder:
    """A report's frame. ``guidance`` (who writes it, what it is for) is for the author, so it
    shows in drafts only: a final paper carries case content only."""
    builder = TemplateBuilder(title)
    builder.marking_header()
    builder.report_footer()
    builder.title_block(title, subtitle, guidance=guidance)
    return builder


def _confidential_banner(b: TemplateBuilder) -> None:
    """Panel members and the minute-taker must see first that the placement is confidential."""
    b.banner("confidential.applies", tag("confidential.banner"))


def _child_identity(b: TemplateBuilder) -> None:
    # One age in one pack: "Age at panel" in the panel's papers, else the age on the paper's date.
    b.key_values(
        [
            ("Legal name", tag("child.full_name"), "Known as", tag("child.known_as")),
            ("Date of birth", tag("child.date_of_birth"), tag("child.age_label"), tag("child.age")),
            ("Gender", tag("child.gender"), "Ethnicity", tag("child.ethnicity")),
            ("Religion", tag("child.religion"), "First language", tag("child.first_language")),
            (
                "Nationality",
                tag("child.nationality"),
                "Immigration status",
                tag("child.immigration_status"),
            ),
            ("Disability", tag("child.disability")),
        ],
        wide=True,
    )


def _court_rows() -> list[tuple[str, str] | str]:
    return [
        "{%tr if child.court.recorded %}",
        ("Court", tag("child.court.court")),
        ("Case number", tag("child.court.case_number")),
        ("Case management hearing", tag("child.court.case_management_hearing")),
        ("Final hearing", tag("child.court.final_hearing")),
        "{%tr endif %}",
    ]


def _options_table(b: TemplateBuilder) -> None:
    b.list_table(
        [
            Column("Option", 4.4, tag("o.option")),
            Column("Outcome", 2.6, tag("o.outcome")),
            Column("Why", 10.0, tag("o.reason")),
        ],
        "o in care_plan.options",
        empty="No permanence options are recorded yet.",
    )


def _siblings(b: TemplateBuilder) -> None:
    b.list_table(
        [
            Column("Name", 3.3, tag("s.name")),
            Column("Relationship", 2.9, tag("s.relationship")),
            Column("Born", 2.4, tag("s.date_of_birth")),
            Column("Lives with", 3.6, tag("s.lives_with")),
            Column("Placed together", 1.9, tag("s.placed_together")),
            Column("Sibling assessment", 2.9, tag("s.sibling_assessment")),
        ],
        "s in siblings",
        empty="No brothers or sisters are recorded.",
    )
    b.control("if siblings")
    b.heading("Each brother's and sister's own plan", level=2)
    b.control("endif")
    b.list_table(
        [Column("Name", 3.3, tag("s.name")), Column("Plan", 13.7, tag("s.plan"))],
        "s in siblings",
    )


def _contacts(b: TemplateBuilder) -> None:
    b.list_table(
        [
            Column("Person", 3.8, tag("c.person")),
            Column("Relationship", 3.4, tag("c.relationship")),
            Column("Arrangements", 9.8, tag("c.arrangements")),
        ],
        "c in contacts",
        empty="No family time or other contact is recorded.",
    )


def _parents_views(b: TemplateBuilder) -> None:
    b.list_table(
        [
            Column("Parent", 3.6, tag("p.name")),
            Column("Relationship", 2.4, tag("p.role")),
            Column("Parental responsibility", 2.6, tag("p.parental_responsibility")),
            Column("Their views", 8.4, tag("p.views")),
        ],
        "p in parents",
        empty="No birth parents are recorded.",
    )


def _education_and_health(b: TemplateBuilder) -> None:
    """The small fact box panels check first: school, year, PEP, EHCP, health assessment."""
    b.key_values(
        [
            ("School or setting", tag("child.education.school")),
            ("Year group", tag("child.education.year_group")),
            ("Latest Personal Education Plan", tag("child.education.pep_date")),
            ("Education, Health and Care Plan", tag("child.education.ehcp")),
            ("Latest health assessment", tag("child.latest_health_assessment")),
        ]
    )


def ppm_referral() -> TemplateBuilder:
    b = _report(
        "Permanency Planning Meeting referral",
        [tag("child.full_name"), " · Case ", tag("doc.reference"), " · Dated ", tag("doc.dated")],
        [
            "The child's social worker completes this referral and their team manager agrees it "
            "before it goes to the chair of the Permanency Planning Meeting. Facts are as they "
            "stood on the date of the referral, ",
            tag("doc.dated"),
            ".",
        ],
    )
    b.heading("1. The referral")
    b.key_values(
        [
            ("Date of referral", tag("ppm.referral_date")),
            ("Meeting date", tag("ppm.meeting_date")),
            ("Chair", tag("ppm.chair")),
            ("Referred by", tag("professionals.childs_social_worker.described")),
            ("Contact", tag("professionals.childs_social_worker.contact")),
            ("Team manager", tag("professionals.childs_team_manager.described")),
        ]
    )
    b.text_block(
        "ppm.reason_for_referral",
        "Why the child is referred, and what the meeting is asked to decide",
    )
    b.heading("2. The child")
    _child_identity(b)
    b.heading("3. Placement and legal status")
    b.key_values(
        [
            ("Lives with now", tag("ppm.current_carers")),
            ("Type of placement", tag("ppm.current_placement_type")),
            ("Living there since", tag("ppm.current_placement_since")),
            ("Looked after since", tag("child.looked_after_since")),
            ("Legal status", tag("child.legal_status")),
            *_court_rows(),
        ]
    )
    b.heading("Looked-after child reviews", level=2)
    b.list_table(
        [
            Column("Date", 3.2, tag("r.date")),
            Column("Recommended permanent fostering", 3.4, tag("r.recommended")),
            Column("What the review said", 10.4, tag("r.notes")),
        ],
        "r in child.lac_reviews",
        empty="No looked-after child reviews are recorded yet.",
    )
    b.heading("4. The child's history")
    b.text_block("child.history.reason_for_care", "Why the child came into care")
    b.text_block("child.history.attachment_and_trauma", "Attachment and experiences of trauma")
    b.text_block("child.history.placement_moves", "Placement moves")
    b.heading("5. The child's needs")
    b.list_table(
        [Column("Area", 4.4, tag("n.area")), Column("Needs", 12.6, tag("n.summary"))],
        "n in child.needs",
    )
    b.heading("Education and health", level=2)
    _education_and_health(b)
    b.heading("6. The care plan and permanence options")
    b.key_values(
        [
            ("Permanence plan", tag("care_plan.permanence_plan")),
            ("Care plan dated", tag("care_plan.plan_date")),
            ("Parallel plans", tag("care_plan.parallel_plans")),
            ("ADM adoption decision needed", tag("care_plan.adm_adoption_decision_needed")),
        ]
    )
    b.heading("Options considered", level=2)
    _options_table(b)
    b.heading("7. Brothers and sisters")
    _siblings(b)
    b.heading("8. Family time and contact")
    _contacts(b)
    b.heading("9. Wishes and feelings")
    b.text_block("child.wishes_and_feelings", "The child")
    b.text_block("child.how_views_gathered", "How the child's views were gathered", level=3)
    b.heading("Birth parents", level=2)
    _parents_views(b)
    b.control("if carers.recorded and not ppm.family_finding.needed")
    b.heading("The carers", level=2)
    b.paragraph(tag("carers.wishes_and_feelings"))
    b.control("endif")
    b.heading("Other significant people", level=2)
    b.list_table(
        [
            Column("Name", 3.6, tag("p.name")),
            Column("Relationship", 3.4, tag("p.relationship")),
            Column("Their views", 10.0, tag("p.views")),
        ],
        "p in significant_people",
        empty="No other significant people are recorded.",
    )
    b.heading("10. Family finding")
    b.control("if ppm.family_finding.needed")
    b.key_values(
        [
            ("Where to search", tag("ppm.family_finding.location")),
            ("Religion", tag("ppm.family_finding.religion")),
            ("Ethnicity", tag("ppm.family_finding.ethnicity")),
            ("Language", tag("ppm.family_finding.language")),
            ("Skills the carers need", tag("ppm.family_finding.carer_skills")),
            ("Who leads", tag("ppm.family_finding.lead")),
            ("Timescale", tag("ppm.family_finding.timescale")),
        ]
    )
    b.control("else")
    b.paragraph(
        "Family finding is not needed: the plan is for ",
        tag("child.known_as"),
        " to stay with ",
        tag("carers.names"),
        ".",
    )
    b.control("endif")
    b.heading("11. Expert reports available")
    b.list_table(
        [Column("Report", 17.0, tag("r"))],
        "r in ppm.expert_reports",
        empty="No expert reports are available.",
    )
    b.heading("12. Who is invited")
    b.list_table(
        [Column("Name", 6.5, tag("p.name")), Column("Role", 10.5, tag("p.role"))],
        "p in ppm.invitees",
        empty="No one has been invited yet.",
    )
    b.guidance(
        "Invite the carers and their supervising social worker, the IRO, health and education. "
        "Invite the adoption agency too when the child is under 7 or adoption is a parallel plan."
    )
    b.heading("13. Sign-off: the team manager's comments and authorisation")
    b.paragraph(tag("ppm.manager_comments"))
    b.signatures(
        [
            (
                "Referred by the child's social worker",
                tag("professionals.childs_social_worker.name"),
                tag("ppm.referral_date"),
            ),
            (
                "Authorised by the team manager",
                tag("professionals.childs_team_manager.name"),
                tag("ppm.manager_authorised_on"),
            ),
        ]
    )
    return b


def matching_report_part2() -> TemplateBuilder:
    b = _report(
        "Matching meeting report, Part 2: the child",
        [tag("child.full_name"), " · Case ", tag("doc.reference"), " · Dated ", tag("doc.dated")],
        [
            "Written by the child's social worker for the matching meeting, then for the "
            "fostering panel. Part 3, by the carers' supervising social worker, covers the carers "
            "and the support plan. Facts are as they stood on the day this Part was completed, ",
            tag("doc.dated"),
            ".",
        ],
    )
    b.heading("1. About this report")
    b.key_values(
        [
            ("Child", tag("child.full_name")),
            ("Proposed permanent carers", tag("carers.names")),
            ("Completed by", tag("matching.part2_completed_by")),
            ("Date completed", tag("matching.part2_completed_on")),
            ("Matching meeting", tag("matching.date")),
            ("Child's social worker", tag("professionals.childs_social_worker.described")),
            ("Team manager", tag("professionals.childs_team_manager.described")),
            ("Independent Reviewing Officer", tag("professionals.iro.described")),
        ]
    )
    b.heading("2. The child")
    _child_identity(b)
    b.heading("Legal status", level=2)
    b.key_values(
        [
            ("Legal status", tag("child.legal_status")),
            ("Looked after since", tag("child.looked_after_since")),
            ("Living with these carers since", tag("child.placed_with_carers_since")),
            *_court_rows(),
        ]
    )
    b.heading("Education and health at a glance", level=2)
    _education_and_health(b)
    b.heading("3. The care plan")
    b.key_values(
        [
            ("Permanence plan", tag("care_plan.permanence_plan")),
            ("Care plan dated", tag("care_plan.plan_date")),
            ("ADM ratified the plan", tag("care_plan.adm_ratified_on")),
            ("Review recommending permanent fostering", tag("child.recommending_review_date")),
        ]
    )
    b.text_block("child.recommending_review_notes", "What that review said")
    b.heading("4. Other permanence options and why they were ruled out")
    b.guidance(
        "Adoption, special guardianship and a child arrangements order must each have been "
        "considered, with the reason it does not meet the child's needs."
    )
    _options_table(b)
    b.heading("5. The Permanency Planning Meeting and the chronology")
    b.key_values([("Meeting held", tag("ppm.meeting_date")), ("Chaired by", tag("ppm.chair"))])
    b.text_block("ppm.minutes_summary", "Summary of the minutes")
    b.text_block("child.history.chronology_summary", "Summary of the chronology")
    b.heading("6. Needs and how these carers will meet them")
    b.list_table(
        [
            Column("Area", 3.4, tag("n.area")),
            Column("The child's needs", 6.8, tag("n.summary")),
            Column("How these carers will meet them", 6.8, tag("n.how_carers_meet")),
        ],
        "n in child.needs",
    )
    b.heading("7. Wishes and feelings")
    b.text_block("child.wishes_and_feelings", "The child's wishes and feelings about staying")
    b.text_block("child.how_views_gathered", "How the child's views were gathered", level=3)
    b.heading("Birth parents' views", level=2)
    _parents_views(b)
    b.text_block("child.iro_view", "The IRO's view")
    b.heading("8. Family time and contact")
    _contacts(b)
    b.heading("9. Brothers and sisters")
    _siblings(b)
    b.heading("10. Delegated authority")
    b.paragraph(tag("child.delegated_authority"))
    b.heading("11. Life story work")
    b.paragraph(tag("child.life_story_work"))
    b.heading("12. Risks and how they are managed")
    b.paragraph(tag("child.risks"))
    b.heading("13. Sign-off")
    b.note(
        "Two separate events: the child's social worker completes Part 2, then the team "
        "manager agrees it."
    )
    b.signatures(loop="s in matching.part2_sign_off")
    return b


def matching_report_part3() -> TemplateBuilder:
    b = _report(
        "Matching meeting report, Part 3: the carers and support plan",
        [
            tag("carers.names"),
            " for ",
            tag("child.full_name"),
            " · Case ",
            tag("doc.reference"),
            " · Dated ",
            tag("doc.dated"),
        ],
        [
            "Written by the carers' supervising social worker for the matching meeting, then for "
            "the fostering panel. Part 2, by the child's social worker, covers the child. Facts "
            "are as they stood on the day this Part was completed, ",
            tag("doc.dated"),
            ".",
        ],
    )
    _confidential_banner(b)
    b.heading("1. About this report")
    b.key_values(
        [
            ("Carers", tag("carers.names")),
            ("Child", tag("child.full_name")),
            ("Completed by", tag("matching.part3_completed_by")),
            ("Date completed", tag("matching.part3_completed_on")),
            ("Supervising social worker", tag("professionals.supervising_social_worker.described")),
            ("Supervising social worker's manager", tag("matching.ssw_manager.described")),
            (
                "Fostering team manager (chairs the matching meeting)",
                tag("professionals.fostering_team_manager.described"),
            ),
        ]
    )
    b.heading("2. The carers")
    b.list_table(
        [
            Column("Carer", 7.0, tag("c.name")),
            Column("Date of birth", 5.0, tag("c.date_of_birth")),
            Column("Age at panel", 5.0, tag("c.age")),
        ],
        "c in carers.people",
        empty="The carers are not recorded yet.",
    )
    b.key_values(
        [
            ("Type of carer", tag("carers.route")),
            ("Household reference", tag("carers.reference")),
            ("Address", tag("carers.address")),
            "{%tr if carers.address_confidential %}",
            ("Confidential address", "Yes: never to be shared with the birth family"),
            "{%tr endif %}",
            "{%tr if carers.agency.applies %}",
            ("Fostering agency", tag("carers.agency.name")),
            ("Agency contact", tag("carers.agency.contact")),
            "{%tr endif %}",
            "{%tr if carers.connected_person.applies %}",
            ("Connection to the child", tag("carers.connected_person.relationship")),
            (
                "Temporary approval (regulation 24)",
                tag("carers.connected_person.temporary_approval"),
            ),
            ("Connected person assessment", tag("carers.connected_person.assessment")),
            "{%tr endif %}",
            ("Planned respite", tag("carers.respite")),
        ]
    )
    b.heading("Approval", level=2)
    b.key_values(
        [
            ("Terms of approval", tag("carers.approval_terms")),
            ("First approved", tag("carers.approved_on")),
            ("Last annual review", tag("carers.last_annual_review")),
            ("Form F last updated", tag("carers.form_f_updated")),
        ]
    )
    b.heading("Household", level=2)
    b.list_table(
        [
            Column("Name", 5.0, tag("h.name")),
            Column("Relationship to the carers", 6.0, tag("h.relationship")),
            Column("Date of birth", 3.2, tag("h.date_of_birth")),
            Column("Age at panel", 2.8, tag("h.age")),
        ],
        "h in carers.household",
        empty="No one else lives in the household.",
    )
    b.heading("Views of the carers' own children and others in the household", level=2)
    b.list_table(
        [
            Column("Name", 4.0, tag("h.name")),
            Column("Their views on the child staying for good", 13.0, tag("h.views")),
        ],
        "h in carers.household",
        empty="No one else lives in the household.",
    )
    b.heading("Statutory checks", level=2)
    b.list_table(
        [
            Column("Name", 3.8, tag("c.name")),
            Column("Carer or household member", 3.6, tag("c.role")),
            Column("Enhanced DBS check", 4.8, tag("c.dbs")),
            Column("Medical", 4.8, tag("c.medical")),
        ],
        "c in carers.checks",
        empty="No statutory checks are recorded yet.",
    )
    b.heading("3. Commitment")
    b.key_values(
        [
            (
                "Will care for the child until they leave care",
                tag("carers.commitment_until_leaves_care"),
            ),
            ("Would offer Staying Put beyond 18", tag("carers.staying_put")),
        ]
    )
    b.heading("4. The supervising social worker's assessment")
    b.control("for a in carers.assessment")
    b.heading(tag("a.heading"), level=2)
    b.paragraph(tag("a.text"))
    b.control("endfor")
    b.heading("5. Support plan")
    b.guidance(
        "What the child and the carers will receive, from whom, how often and from when, who "
        "pays, and when each item is next reviewed."
    )
    b.list_table(
        [
            Column("Need", 2.7, tag("row.need")),
            Column("Support", 3.6, tag("row.support")),
            Column("Provided by", 2.3, tag("row.provider")),
            Column("How often", 2.2, tag("row.frequency")),
            Column("From", 2.1, tag("row.start")),
            Column("Funding", 2.0, tag("row.funding")),
            Column("Review", 2.1, tag("row.review")),
        ],
        "row in matching.support_plan",
        empty="No support is planned yet.",
    )
    b.heading("6. The matching meeting")
    b.key_values([("Date", tag("matching.date")), ("Chair", tag("matching.chair"))])
    b.heading("Who attended", level=2)
    b.list_table(
        [Column("Name", 6.5, tag("p.name")), Column("Role", 10.5, tag("p.role"))],
        "p in matching.attendees",
        empty="No attendees are recorded.",
    )
    b.text_block("matching.recommendation", "The meeting's recommendation")
    b.heading("7. Sign-off")
    b.heading("Part 3", level=2)
    b.note(
        "Two separate events: the supervising social worker completes Part 3, then their "
        "manager agrees it."
    )
    b.signatures(loop="s in matching.part3_sign_off")
    b.heading("The matching meeting", level=2)
    b.signatures(loop="s in matching.sign_offs")
    return b


def matching_meeting_record() -> TemplateBuilder:
    b = _report(
        "Matching meeting record",
        [tag("child.full_name"), " and ", tag("carers.names"), " · Case ", tag("doc.reference")],
        [
            "The agenda and the minutes in one: the points the meeting talks through before it "
            "recommends a permanent match, what was said and agreed on each, the recommendation "
            "and the actions. Chaired by the fostering team manager; it goes to panel with the "
            "matching meeting report."
        ],
    )
    b.heading("1. The meeting")
    b.key_values(
        [
            ("Date", tag("matching.date")),
            ("Chair", tag("matching.chair")),
            ("Minutes taken by", tag("matching.minuted_by")),
            ("Child", tag("child.full_name")),
            ("Proposed permanent carers", tag("carers.names")),
            ("Type of case", tag("carers.case_type")),
        ]
    )
    b.heading("2. Present and apologies")
    b.list_table(
        [Column("Present", 6.5, tag("p.name")), Column("Role", 10.5, tag("p.role"))],
        "p in matching.attendees",
        empty="No one is recorded as present.",
    )
    b.list_table(
        [Column("Apologies", 6.5, tag("p.name")), Column("Role", 10.5, tag("p.role"))],
        "p in matching.apologies",
        empty="No apologies.",
    )
    b.heading("3. Papers considered")
    b.key_values(
        [
            ("Part 2: the child", tag("matching.part2_completed_on")),
            ("Part 3: the carers and support plan", tag("matching.part3_completed_on")),
        ]
    )
    b.heading("4. Discussion")
    b.control("for d in matching.discussion")
    b.heading(tag("d.heading"), level=2)
    b.note(tag("d.prompt"))
    b.heading("What was said", level=3)
    b.paragraph(tag("d.discussed"))
    b.heading("What was agreed", level=3)
    b.paragraph(tag("d.agreed"))
    b.control("endfor")
    b.heading("5. The support plan agreed")
    b.list_table(
        [
            Column("Need", 4.2, tag("row.need")),
            Column("Support", 5.4, tag("row.support")),
            Column("Provided by", 3.8, tag("row.provider")),
            Column("How often", 3.6, tag("row.frequency")),
        ],
        "row in matching.support_plan",
        empty="No support is planned yet.",
    )
    b.heading("6. The recommendation")
    b.boxed(tag("matching.recommendation"))
    b.heading("7. Actions")
    b.list_table(
        [
            Column("Action", 10.0, tag("a.action")),
            Column("Who", 4.0, tag("a.owner")),
            Column("By when", 3.0, tag("a.due")),
        ],
        "a in matching.actions",
        empty="No actions were agreed.",
    )
    b.heading("8. Agreed by the chair")
    b.signatures([("Chair", tag("matching.chair"), tag("matching.date"))])
    return b


def _children_in_the_match(b: TemplateBuilder) -> None:
    """A sibling group matched with the same carers is one panel item: name every child."""
    b.control("if match.is_group")
    b.heading("Children in this panel item", level=2)
    b.list_table(
        [
            Column("Child", 6.0, tag("c.name")),
            Column("Case reference", 3.8, tag("c.reference")),
            Column("Date of birth", 3.6, tag("c.date_of_birth")),
            Column("Age at panel", 3.6, tag("c.age_at_panel")),
        ],
        "c in match.children",
    )
    b.control("endif")


def panel_front_sheet() -> TemplateBuilder:
    b = _report(
        "Fostering panel front sheet",
        [tag("council.panel_name"), " · ", tag("panel.date"), " · Item ", tag("panel.item_number")],
        [
            "Prepared by the panel adviser on ",
            tag("doc.dated"),
            ", from the case as it stood that day. The reports and papers listed below follow "
            "this sheet.",
        ],
    )
    _confidential_banner(b)
    b.heading("1. The case")
    b.key_values(
        [
            # Two to a row: the front sheet must fit two pages.
            ("Panel", tag("panel.name"), "Date", tag("panel.date")),
            ("Item number", tag("panel.item_number"), "Matching meeting", tag("matching.date")),
            ("Type of case", tag("carers.case_type")),
            ("Panel adviser", tag("professionals.panel_adviser.described")),
        ],
        wide=True,
    )
    b.heading("2. Recommendation sought")
    b.boxed(tag("panel.recommendation_sought"))
    b.heading("3. The child")
    b.key_values(
        [
            ("Name", tag("child.full_name"), "Known as", tag("child.known_as")),
            (
                "Date of birth",
                tag("child.date_of_birth"),
                "Age at panel",
                tag("child.age_at_panel"),
            ),
            ("Legal status", tag("child.legal_status"), "Ethnicity", tag("child.ethnicity")),
        ],
        wide=True,
    )
    _children_in_the_match(b)
    b.heading("4. The carers")
    b.key_values(
        [
            ("Carers", tag("carers.names")),
            ("Carer reference", tag("carers.reference")),
            ("Type of carer", tag("carers.route")),
            "{%tr if carers.agency.applies %}",
            ("Fostering agency", tag("carers.agency.name")),
            "{%tr endif %}",
            "{%tr if carers.connected_person.applies %}",
            ("Connection to the child", tag("carers.connected_person.relationship")),
            "{%tr endif %}",
            ("Living with the carers since", tag("panel.placed_since")),
            ("Current terms of approval", tag("carers.approval_terms")),
        ]
    )
    b.heading("5. Professionals")
    b.list_table(
        [
            # Contact wide enough for an email address on a line of its own.
            Column("Role", 3.4, tag("p.role")),
            Column("Name", 3.3, tag("p.name")),
            Column("Job title and team", 4.2, tag("p.job")),
            Column("Contact", 6.1, tag("p.contact")),
        ],
        "p in panel.professionals",
        compact=True,
    )
    b.heading("6. Previous panel appearances")
    b.list_table(
        [Column("Date", 4.0, tag("p.date")), Column("Outcome", 13.0, tag("p.outcome"))],
        "p in panel.previous",
        empty="This case has not been to panel before.",
    )
    b.heading("7. Papers for panel")
    # In pack order. Only the copy inside a pack knows where each paper is, so only it has a
    # Pages column (never page numbers that may be wrong).
    b.control("if panel.papers_numbered")
    b.list_table(
        [
            Column("Paper", 8.2, tag("p.title")),
            Column("Date", 2.4, tag("p.date")),
            Column("Author", 4.0, tag("p.author")),
            # Wide enough for "in the PDF pack only" on two lines and "123–456" on one.
            Column("Pages", 2.4, tag("p.pages")),
        ],
        "p in panel.papers",
        compact=True,
    )
    b.control("else")
    b.list_table(
        [
            Column("Paper", 9.6, tag("p.title")),
            Column("Date", 2.4, tag("p.date")),
            Column("Author", 5.0, tag("p.author")),
        ],
        "p in panel.papers",
        compact=True,
    )
    b.control("endif")
    b.heading("8. Attending panel")
    b.list_table(
        [Column("Name", 6.5, tag("p.name")), Column("Role", 10.5, tag("p.role"))],
        "p in panel.attending",
        empty="No one is yet confirmed to attend.",
        compact=True,
    )
    return b


def panel_checklist() -> TemplateBuilder:
    b = _report(
        "Permanent fostering panel checklist",
        [tag("match.full_names"), " · Case ", tag("doc.reference"), " · Panel ", tag("panel.date")],
        [
            "One row for each paper the panel expects. ☒ marks the answer: present, missing, or "
            "not applicable to this case. Missing papers must reach the panel adviser before the "
            "papers go to panel members. Prepared on ",
            tag("doc.dated"),
            ".",
        ],
    )
    b.heading("1. The case")
    b.key_values(
        [
            ("Child", tag("child.full_name")),
            ("Date of birth", tag("child.date_of_birth")),
            ("Carers", tag("carers.names")),
            ("Type of case", tag("carers.case_type")),
            ("Panel", tag("panel.name")),
            ("Panel date", tag("panel.date")),
            ("Item number", tag("panel.item_number")),
        ]
    )
    _children_in_the_match(b)
    b.heading("2. Papers")
    b.list_table(
        [
            Column("Paper", 4.4, tag("row.paper")),
            Column("Present", 1.7, tag("row.present"), symbol=True),
            Column("Missing", 1.7, tag("row.missing"), symbol=True),
            Column("N/A", 1.2, tag("row.not_applicable"), symbol=True),
            Column("Date", 2.5, tag("row.date")),
            Column("Author", 2.6, tag("row.author")),
            Column("Note", 2.9, tag("row.note")),
        ],
        "row in checklist.rows",
    )
    b.paragraph(
        tag("checklist.present"),
        " present · ",
        tag("checklist.missing"),
        " missing · ",
        tag("checklist.not_applicable"),
        " not applicable",
        bold=(0, 2, 4),
    )
    b.heading("3. Papers to panel members")
    b.key_values(
        [
            ("Papers sent to members on", tag("checklist.papers_sent.date")),
            ("Sent in time", tag("checklist.papers_sent.met")),
        ]
    )
    b.heading("4. Panel adviser's quality-assurance note")
    b.paragraph(tag("checklist.qa_note"))
    b.heading("5. Checked by")
    b.signatures(
        [
            ("Child's social worker", tag("professionals.childs_social_worker.name"), ""),
            ("Panel adviser", tag("professionals.panel_adviser.name"), ""),
        ]
    )
    return b


TEMPLATE_BUILDERS: dict[str, Callable[[], TemplateBuilder]] = {
    "ppm-referral": ppm_referral,
    "matching-report-part2": matching_report_part2,
    "matching-report-part3": matching_report_part3,
    "matching-meeting-record": matching_meeting_record,
    "panel-front-sheet": panel_front_sheet,
    "panel-checklist": panel_checklist,
}


def build_all() -> dict[str, bytes]:
    """Every bundled report template, by file name."""
    return {
        f"{kind}.docx": make().to_bytes(prune_styles=True)
        for kind, make in TEMPLATE_BUILDERS.items()
    }


def main(argv: list[str]) -> int:
    return write_or_check(build_all(), argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
