"""Every registered finding code is produced by at least one fixture, and every finding is well
formed: a stable code, a known owner, documents from the registry, a message and a fix."""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from test_checks_timescales import SCENARIOS

from case_factory import (
    AS_OF,
    REMOVE,
    all_rules_profile,
    complete_data,
    make_case,
    minimal_data,
    set_path,
    write_case_folder,
)
from permdocs.checks import SEVERITIES, Finding, all_codes, run_checks
from permdocs.checks.runner import check_folder
from permdocs.load.folder import case_profile, load_case
from permdocs.load.profiles import load_profile
from permdocs.load.records import Event, PaperRecord
from permdocs.model.fields import OWNERS
from permdocs.policy.conditions import LinkedSibling
from permdocs.policy.documents import checked_kinds
from permdocs.policy.profiles import Profile

Fixture = (
    tuple[str, dict[str, Any], Profile, date]
    | tuple[str, dict[str, Any], Profile, date, tuple[LinkedSibling, ...]]
)


def _changed(*changes: tuple[str, Any]) -> dict[str, Any]:
    data = complete_data()
    for path, value in changes:
        set_path(data, path, value)
    return data


def fixtures() -> Iterator[Fixture]:
    profile = all_rules_profile()
    yield "blank case", minimal_data(), profile, AS_OF
    yield "complete case", complete_data(), profile, AS_OF
    for scenario in SCENARIOS:
        for label, done, as_of in (
            ("at risk", None, scenario.due),
            ("overdue", None, scenario.due + timedelta(days=1)),
            ("late", scenario.due + timedelta(days=1), scenario.due + timedelta(days=30)),
        ):
            data = complete_data()
            scenario.setup(data, done)
            yield f"{scenario.rule} {label}", data, profile, as_of
    no_review = complete_data()
    for review in no_review["child"]["lac_reviews"]:
        review["recommended_permanent_fostering"] = False
    yield "no review recommended it", no_review, profile, AS_OF
    yield (
        "adoption pursued in parallel",
        _changed(("care_plan.options_considered[1].outcome", "parallel")),
        profile,
        AS_OF,
    )
    yield "panel before matching", _changed(("panel.date", "2026-02-27")), profile, AS_OF
    yield "decision in the future", complete_data(), profile, date(2026, 5, 6)
    yield (
        "letters before the decision",
        _changed(("decision.arrangement_confirmed_on", REMOVE)),
        profile,
        date(2026, 5, 6),
    )
    yield "adult at panel", _changed(("child.date_of_birth", "2008-01-01")), profile, AS_OF
    yield (
        "no supervising social worker invited",
        _changed(("ppm.invitees", [{"name": "Pat", "role": "Foster carer"}])),
        profile,
        AS_OF,
    )
    yield (
        "one sign-off",
        _changed(("matching_meeting.sign_offs", [{"role": "CSW", "name": "A"}])),
        profile,
        AS_OF,
    )
    yield "plan is adoption", _changed(("care_plan.permanence_plan", "adoption")), profile, AS_OF
    yield "an older case schema", _changed(("schema_version", "0.9.0")), profile, AS_OF
    yield "a newer case schema", _changed(("schema_version", "9.0.0")), profile, AS_OF
    yield (
        "no commitment",
        _changed(("carers.commitment_until_leaves_care", False)),
        profile,
        AS_OF,
    )
    yield (
        "agreed match not confirmed to carer, child and parents",
        _changed(("decision.arrangement_confirmed_on", REMOVE)),
        profile,
        AS_OF,
    )
    yield "under 13 without panel", _changed(("panel", {})), profile, AS_OF
    yield (
        "sibling assessed after matching",
        _changed(("siblings[0].sibling_assessment_date", "2026-03-05")),
        profile,
        AS_OF,
    )
    yield "not agreed", _changed(("decision.outcome", "not-agreed")), profile, AS_OF
    yield "changed since sent", complete_data(), profile, AS_OF
    yield (
        "school started after the referral",
        _changed(("child.education.school_since", "2025-09-01")),
        profile,
        AS_OF,
    )
    yield "parent without address", _changed(("birth_parents[0].address", REMOVE)), profile, AS_OF
    confidential = ("carers.names_confidential", True)
    yield (
        "carer's name in a parent's contact arrangements",
        _changed(
            confidential, ("birth_parents[0].contact_arrangements", "Monthly, with Ms Carer.")
        ),
        profile,
        AS_OF,
    )
    yield (
        "a right-to-left override in text a parent's letter prints",
        _changed(confidential, ("birth_parents[0].views", "Agrees with the plan\u202e.")),
        profile,
        AS_OF,
    )
    shared = ("carers.carers[0].last_name", "Fictional")
    yield "carers share the child's surname", _changed(confidential, shared), profile, AS_OF
    agreement = {"agreed_by": "A Manager", "agreed_on": "2026-01-05", "note": "Agreed."}
    yield (
        "shared surname agreed",
        _changed(confidential, shared, ("carers.shared_surname_agreed", agreement)),
        profile,
        AS_OF,
    )
    yield (
        "parental responsibility not recorded",
        _changed(("birth_parents[0].parental_responsibility", REMOVE)),
        profile,
        AS_OF,
    )
    yield (
        "parent without parental responsibility",
        _changed(("birth_parents[0].parental_responsibility", False)),
        profile,
        AS_OF,
    )
    yield (
        "permanent before the child moved to new carers",
        _changed(("carers.route", "new-in-house"), ("child.placed_with_carers_since", REMOVE)),
        profile,
        AS_OF,
    )
    yield "a name left as CHANGE ME", _changed(("child.last_name", "CHANGE ME")), profile, AS_OF
    yield "the default example council", complete_data(), load_profile("default"), AS_OF
    yield (
        "respite planned in a permanent match",
        _changed(("carers.planned_respite", {"arrangement": "A weekend a month."})),
        profile,
        AS_OF,
    )
    yield (
        "a connected person's temporary approval lapsed before full approval",
        _changed(
            ("carers.route", "connected-person"),
            (
                "carers.connected_person",
                {
                    "relationship_to_child": "aunt",
                    "temporary_approval_on": "2024-01-08",
                    "assessment_completed_on": "2024-06-01",
                },
            ),
            ("carers.approval.approved_on", "2024-08-01"),
        ),
        profile,
        AS_OF,
    )
    linked = _changed(
        ("siblings[0].placed_together", True),
        ("siblings[0].linked_case", {"reference": "PF-TEST-0003", "folder": "../sam"}),
    )
    other = make_case(_changed(("reference", "PF-TEST-0003"), ("panel.date", "2026-04-30")))
    yield (
        "a linked sibling's case that disagrees, does not link back, or cannot be read",
        linked,
        profile,
        AS_OF,
        (
            LinkedSibling(0, "PF-TEST-0003", Path("/cases/sam"), other),
            LinkedSibling(0, "PF-TEST-0003", Path("/cases/gone"), None, "no case file there"),
        ),
    )
    yield (
        "a DBS check and a sibling assessment older than the council allows",
        _changed(
            ("carers.carers[0].dbs_checked_on", "2022-01-04"),
            ("siblings[0].sibling_assessment_date", "2023-01-01"),
            ("attachments[8].date", "2023-01-01"),
        ),
        profile,
        AS_OF,
    )


def _sent_record(folder: Path) -> PaperRecord:
    """A record in which Part 2 was sent when the religion read differently."""
    then = complete_data()
    set_path(then, "child.religion", "Quaker")
    raw = json.dumps(then).encode()
    sha = hashlib.sha256(raw).hexdigest()
    (folder / "cases").mkdir(parents=True, exist_ok=True)
    (folder / "cases" / f"{sha}.json").write_bytes(raw)
    sent = Event(
        event="sent",
        paper="matching-report-part2",
        kind="matching-report-part2",
        at="2026-05-01T09:00:00+00:00",
        on=date(2026, 3, 1),
        by="secure-email",
        to="Panel members",
        case_sha256=sha,
        case_file="case.json",
    )
    return PaperRecord(folder, (sent,))


def run(fixture: Fixture) -> list[Finding]:
    name, data, profile, as_of, *linked = fixture
    if name == "changed since sent":
        with tempfile.TemporaryDirectory() as folder:
            return run_checks(make_case(data), profile, as_of, _sent_record(Path(folder)))
    return run_checks(make_case(data), profile, as_of, linked=linked[0] if linked else ())


def folder_findings(tmp_path: Path) -> list[Finding]:
    """What only a case folder shows: a paper in attachments/ that no entry lists."""
    folder = write_case_folder(tmp_path / "case", complete_data())
    (folder / "attachments" / "Extra report.pdf").write_bytes(b"%PDF-1.4\n")
    loaded = load_case(folder)
    return check_folder(loaded, case_profile(loaded), AS_OF)


def test_every_registered_code_is_triggered_by_some_fixture(tmp_path: Path) -> None:
    triggered = {finding.code for fixture in fixtures() for finding in run(fixture)}
    triggered |= {finding.code for finding in folder_findings(tmp_path)}
    registered = set(all_codes())
    assert registered - triggered == set(), "codes no fixture triggers"
    assert triggered - registered == set(), "codes reported but not registered"


def test_every_finding_is_well_formed() -> None:
    known_documents = {kind.kind for kind in checked_kinds()}
    for fixture in fixtures():
        for finding in run(fixture):
            assert finding.code in all_codes(), (fixture[0], finding.code)
            assert finding.severity in SEVERITIES
            assert finding.owner in OWNERS
            assert set(finding.documents) <= known_documents, finding
            assert finding.field and finding.label and finding.message and finding.fix
            assert finding.message.endswith("."), finding.message
            if finding.severity == "blocker":
                assert finding.documents, f"a blocker must name what it blocks: {finding}"


def test_the_complete_case_under_all_rules_is_clean() -> None:
    assert run(("complete", complete_data(), all_rules_profile(), AS_OF)) == []
