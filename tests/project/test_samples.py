"""The sample cases: each validates, tells its own story, and carries real, readable papers."""

from __future__ import annotations

import importlib.util
import re
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pydantic import BaseModel
from pypdf import PdfReader

from permdocs.load.files import load_case_file
from permdocs.load.validation import validate_case
from permdocs.model import Case
from permdocs.model.parts import Contact
from permdocs.model.schema import CASE_SCHEMA

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
AS_OF = date(2026, 11, 23)
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schemas/case.schema.json"
NAMES = (
    "01-existing-carer-agreed",
    "02-siblings-new-carers-confidential",
    "03-ifa-teenager-pending",
    "04-connected-person-aunt-agreed",
    "05-sibling-kai-new-carers-confidential",
)


def load(name: str) -> Case:
    return validate_case(load_case_file(SAMPLES / name))


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def leaves(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """Every leaf value of a model, with its dotted path (lists indexed)."""
    if isinstance(value, BaseModel):
        found: list[tuple[str, Any]] = []
        for name in type(value).model_fields:
            found += leaves(getattr(value, name), f"{path}.{name}" if path else name)
        return found
    if isinstance(value, list):
        return [item for i, v in enumerate(value) for item in leaves(v, f"{path}[{i}]")]
    return [(path, value)]


def contacts(value: Any) -> list[Contact]:
    if isinstance(value, Contact):
        return [value]
    if isinstance(value, BaseModel):
        return [c for name in type(value).model_fields for c in contacts(getattr(value, name))]
    if isinstance(value, list):
        return [c for item in value for c in contacts(item)]
    return []


def papers_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_sample_papers", REPO / "tools" / "make_sample_papers.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------------------------ every one


def test_the_samples_are_there() -> None:
    assert sorted(p.name for p in SAMPLES.iterdir() if p.is_dir()) == list(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_sample_validates(name: str) -> None:
    case = load(name)
    assert case.profile == "fictional-sample"
    assert re.fullmatch(r"PF-2026-\d{4}", case.reference)


@pytest.mark.parametrize("name", NAMES)
def test_first_line_is_the_schema_comment(name: str) -> None:
    text = (SAMPLES / name / "case.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_COMMENT
    assert (SAMPLES / name / "../../schemas/case.schema.json").resolve().is_file()


@pytest.mark.parametrize("name", NAMES)
def test_attachments_are_readable_pdfs_carrying_their_title(name: str) -> None:
    case = load(name)
    assert case.attachments
    for attachment in case.attachments:
        path = SAMPLES / name / attachment.path
        assert path.is_file(), attachment.path
        assert path.read_bytes().startswith(b"%PDF-1.4")
        reader = PdfReader(path, strict=True)
        first = squash(reader.pages[0].extract_text())
        assert squash(attachment.title) in first, attachment.path
        assert first.startswith("OFFICIAL-SENSITIVE") and first.endswith("OFFICIAL-SENSITIVE")
        assert reader.metadata is not None and reader.metadata.title == attachment.title


@pytest.mark.parametrize("name", NAMES)
def test_every_paper_in_attachments_is_listed_in_the_case(name: str) -> None:
    listed = {Path(a.path) for a in load(name).attachments}
    on_disk = {p.relative_to(SAMPLES / name) for p in (SAMPLES / name / "attachments").iterdir()}
    assert on_disk == listed


@pytest.mark.parametrize("name", NAMES)
def test_sample_data_is_fictional(name: str) -> None:
    case = load(name)
    found = contacts(case)
    assert found
    for contact in found:
        assert contact.phone is not None and re.fullmatch(r"07700 900\d{3}", contact.phone)
        assert contact.email is not None and contact.email.endswith("@example.org")
    postcodes = [v for path, v in leaves(case) if path.endswith("postcode") and v is not None]
    assert postcodes and all(p.startswith("ZZ") for p in postcodes)


@pytest.mark.parametrize("name", NAMES)
def test_sample_timeline_is_in_order(name: str) -> None:
    case = load(name)
    child = case.child
    reviews = [r.date for r in child.lac_reviews]
    assert child.looked_after_since is not None and child.looked_after_since < reviews[0]
    assert reviews == sorted(reviews) and reviews[-1] <= AS_OF
    assert case.ppm.referral_date and case.ppm.meeting_date and case.ppm.minutes_received
    assert case.ppm.referral_date < case.ppm.meeting_date < case.ppm.minutes_received
    meeting = case.matching_meeting.date
    assert meeting is not None and case.panel.date is not None
    assert case.ppm.meeting_date < meeting < case.panel.date
    assert (case.panel.date - meeting).days <= 62
    assert case.matching_meeting.part2_completed_on and case.matching_meeting.part3_completed_on
    assert case.matching_meeting.part2_completed_on < meeting
    assert case.matching_meeting.part3_completed_on < meeting
    if case.decision is not None:
        received = case.panel.final_minutes_received
        assert received is not None and case.panel.date < received <= case.decision.date
        assert (case.decision.date - received).days <= 9  # 7 working days
        assert case.decision.date <= AS_OF
    for attachment in case.attachments:
        assert attachment.date is not None and attachment.date <= AS_OF


# ------------------------------------------------------------------------------------ scenarios


def test_01_existing_carers_keep_maisie_and_the_adm_agreed() -> None:
    case = load("01-existing-carer-agreed")
    assert case.carers is not None and case.carers.route == "existing-in-house"
    assert len(case.carers.carers) == 2
    assert age_on(case.child.date_of_birth, AS_OF) == 9
    assert case.child.receives_letter is True
    assert case.decision is not None and case.decision.outcome == "agreed"
    assert case.decision.permanent_from is not None
    assert len(case.birth_parents) == 2
    for parent in case.birth_parents:
        assert parent.whereabouts_known and parent.address is not None and parent.receives_letter
    rows = case.matching_meeting.support_plan
    assert 4 <= len(rows) <= 6 and all(row.provider for row in rows)
    outcomes = {o.option: o.outcome for o in case.care_plan.options_considered}
    for option in ("adoption", "special-guardianship-order", "child-arrangements-order"):
        assert outcomes[option] == "ruled-out"
    assert outcomes["permanent-fostering"] == "pursued"
    # Every professional but the Director, who writes only for an agency (IFA) match.
    roles = set(type(case.professionals).model_fields) - {"director"}
    assert all(getattr(case.professionals, name) for name in roles)
    panel = case.panel
    assert panel.date and panel.item_number and panel.papers_sent_on and panel.recommendation
    assert panel.final_minutes_received
    kinds = {a.kind for a in case.attachments}
    assert {"care-plan", "chronology", "ppm-minutes", "pep", "health-assessment"} <= kinds
    assert kinds & {"form-f-update", "annual-review"}


def test_01_fills_every_field_that_applies() -> None:
    case = load("01-existing-carer-agreed")
    empty = {re.sub(r"\[\d+\]", "", path) for path, value in leaves(case) if value is None}
    # Not applicable here: no family finding (current carers keep Maisie, so she has no other
    # current placement), both parents' whereabouts are known, no deferral, the child goes to
    # panel, and the carers are not agency carers (so no Director's letter). Ruth and Alfie go by
    # their first names, which is what the letters use when no other name is recorded.
    not_applicable = {
        "carers.carers.known_as",
        "siblings.child_calls",
        "professionals.director",
        "child.current_placement",
        "birth_parents.whereabouts_enquiries",
        "ppm.family_finding.location",
        "ppm.family_finding.religion",
        "ppm.family_finding.ethnicity",
        "ppm.family_finding.language",
        "ppm.family_finding.carer_skills",
        "ppm.family_finding.lead",
        "ppm.family_finding.timescale",
        "decision.further_information",
        "decision.information_due",
        "panel.reason_not_to_panel",
        "carers.agency",
        # The carers go by their first names, and share no surname with Maisie or her parents.
        "carers.shared_surname_agreed",
        # Alfie lives apart, so his case is not linked; the carers are in-house, not connected
        # persons, and no respite is planned.
        "siblings.linked_case",
        "carers.connected_person",
        "carers.planned_respite",
    }
    assert empty <= not_applicable, sorted(empty - not_applicable)
    for name in Case.model_fields:
        value = getattr(case, name)
        assert value not in (None, []) or name == "panel", name


def test_02_siblings_with_new_confidential_carers() -> None:
    case = load("02-siblings-new-carers-confidential")
    assert case.carers is not None and case.carers.route == "new-in-house"
    assert case.carers.address_confidential and case.carers.names_confidential
    assert case.school_confidential
    assert age_on(case.child.date_of_birth, AS_OF) == 6
    finding = case.ppm.family_finding
    assert finding.needed
    assert all(getattr(finding, name) for name in type(finding).model_fields)
    # While family finding looked for new carers, Ruby lived with her short-term carer.
    placement = case.child.current_placement
    assert placement is not None and placement.placement_type and placement.since
    moved, looked_after = case.child.placed_with_carers_since, case.child.looked_after_since
    assert moved is not None and looked_after is not None
    assert looked_after <= placement.since < moved
    unknown = [p for p in case.birth_parents if not p.whereabouts_known]
    known = [p for p in case.birth_parents if p.whereabouts_known]
    assert len(unknown) == 1 and len(known) == 1
    assert unknown[0].address is None and unknown[0].whereabouts_enquiries
    assert not unknown[0].receives_letter
    assert known[0].address is not None and known[0].receives_letter
    together = [s for s in case.siblings if s.placed_together]
    apart = [s for s in case.siblings if s.placed_together is False]
    assert len(together) == 1 and len(apart) == 1
    assert apart[0].sibling_assessment_date is not None
    assert case.decision is not None and case.decision.outcome == "agreed"


def test_02_confidential_details_are_not_in_what_the_mother_may_see() -> None:
    """The carers' names and town must not leak into parent-facing fields of the sample."""
    case = load("02-siblings-new-carers-confidential")
    assert case.carers is not None and case.carers.address is not None
    secrets = [c.last_name for c in case.carers.carers] + [case.carers.address.town or ""]
    secrets.append(case.child.education.school or "")
    for parent in case.birth_parents:
        for _, value in leaves(parent):
            if isinstance(value, str):
                assert not any(secret in value for secret in secrets), value
    for sibling in case.siblings:
        for _, value in leaves(sibling):
            if isinstance(value, str):
                assert not any(secret in value for secret in secrets), value


def test_03_ifa_teenager_awaiting_panel() -> None:
    case = load("03-ifa-teenager-pending")
    assert case.carers is not None and case.carers.route == "ifa"
    assert len(case.carers.carers) == 1 and case.carers.agency is not None
    assert case.decision is None
    assert "decision:" not in (SAMPLES / "03-ifa-teenager-pending" / "case.yaml").read_text()
    assert age_on(case.child.date_of_birth, AS_OF) == 14
    assert case.panel.date is not None and case.panel.date > AS_OF
    assert case.matching_meeting.date is not None and case.matching_meeting.date < AS_OF
    previous = case.panel.previous_appearances
    assert previous and all((case.panel.date - p.date).days <= 365 for p in previous)
    kinds = {a.kind for a in case.attachments}
    assert {"previous-panel-minutes", "ifa-business-case", "ifa-panel-recommendation"} <= kinds


# ----------------------------------------------------------------------------------- the papers


def test_papers_on_disk_are_what_the_tool_writes() -> None:
    tool = papers_tool()
    assert {s.folder for s in tool.SAMPLES} == set(NAMES)
    for sample in tool.SAMPLES:
        for paper in sample.papers:
            path = SAMPLES / sample.folder / "attachments" / paper.filename
            assert path.read_bytes() == tool.build_pdf(sample, paper), path


def test_paper_cross_reference_offsets_are_exact() -> None:
    for path in sorted(SAMPLES.glob("*/attachments/*.pdf")):
        data = path.read_bytes()
        start = int(re.findall(rb"startxref\n(\d+)\n%%EOF\n$", data)[0])
        assert data[start:].startswith(b"xref\n")
        header = re.match(rb"xref\n0 (\d+)\n", data[start:])
        assert header is not None
        entries = data[start + header.end() :].split(b"trailer")[0]
        rows = [entries[i : i + 20] for i in range(0, len(entries), 20)]
        assert len(rows) == int(header[1]) and rows[0] == b"0000000000 65535 f \n"
        for number, row in enumerate(rows[1:], start=1):
            offset = int(row[:10])
            assert data[offset:].startswith(b"%d 0 obj\n" % number), (path, number)


def test_paper_text_escaping() -> None:
    tool = papers_tool()
    assert tool.pdf_text("a (b) \\ c") == b"(a \\(b\\) \\\\ c)"
    assert tool.pdf_text("£5 – ok") == b"(\\2435 \\226 ok)"


def test_04_connected_person_carers_after_temporary_approval() -> None:
    case = load("04-connected-person-aunt-agreed")
    assert case.carers is not None and case.carers.route == "connected-person"
    connected = case.carers.connected_person
    assert connected is not None and connected.temporary_approval_on is not None
    approved = case.carers.approval.approved_on
    assert approved is not None and connected.temporary_approval_on < approved
    assert connected.temporary_approval_extended_to is not None
    assert approved <= connected.temporary_approval_extended_to
    assert case.decision is not None and case.decision.outcome == "agreed"
    kinds = {a.kind for a in case.attachments}
    assert {"connected-person-assessment", "temporary-approval"} <= kinds
    assert not kinds & {"form-f", "form-f-update"}


def test_02_and_05_are_a_linked_sibling_pair_matched_together() -> None:
    ruby, kai = (
        load("02-siblings-new-carers-confidential"),
        load("05-sibling-kai-new-carers-confidential"),
    )
    links = {
        case.reference: [s.linked_case for s in case.siblings if s.linked_case is not None]
        for case in (ruby, kai)
    }
    assert [link.reference for link in links[ruby.reference] if link] == [kai.reference]
    assert [link.reference for link in links[kai.reference] if link] == [ruby.reference]
    for case, other in ((ruby, kai), (kai, ruby)):
        (link,) = links[case.reference]
        assert link is not None
        assert (SAMPLES / case_folder(case.reference) / link.folder).resolve() == (
            SAMPLES / case_folder(other.reference)
        ).resolve()
    assert ruby.carers == kai.carers
    assert ruby.panel.date == kai.panel.date and ruby.panel.item_number == kai.panel.item_number
    assert ruby.matching_meeting.date == kai.matching_meeting.date
    assert ruby.decision == kai.decision


def test_the_samples_cover_all_four_routes() -> None:
    routes = {load(name).carers.route for name in NAMES}  # type: ignore[union-attr]
    assert routes == {"existing-in-house", "new-in-house", "ifa", "connected-person"}


def case_folder(reference: str) -> str:
    (name,) = [name for name in NAMES if load(name).reference == reference]
    return name


def _values(value: Any, steps: list[str]) -> list[Any]:
    """Every value at a schema path (``carers.household[].views``) under ``value``."""
    if not steps:
        return [value]
    step, rest = steps[0], steps[1:]
    many = step.endswith("[]")
    inner = getattr(value, step.removesuffix("[]"), None) if value is not None else None
    if many:
        return [found for item in inner or [] for found in _values(item, rest)]
    return _values(inner, rest)


def test_every_field_added_to_the_case_schema_is_filled_in_some_sample() -> None:
    cases = [load(name) for name in NAMES]
    added = [change.path for change in CASE_SCHEMA.changes if change.kind == "added"]
    assert added
    for path in added:
        found = [v for case in cases for v in _values(case, path.split(".")) if v not in (None, [])]
        assert found, f"no sample fills {path}"
