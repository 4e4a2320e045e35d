"""The child's current placement (``child.current_placement``) on the PPM referral: shown when
recorded, owed while family finding looks for new carers, and the carers as before otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from case_factory import AS_OF, REMOVE, complete_data, default_profile, make_case, set_path
from case_factory import write_case_folder as write_folder
from docx_helpers import open_docx, section
from permdocs.api import build_case, load_case
from permdocs.build.options import BuildOptions
from permdocs.checks import Finding, run_checks
from permdocs.errors import BlockedError, CaseDataError
from permdocs.render.formatting import uk_date

PLACEMENT = {
    "carers": "Janet Pilling",
    "placement_type": "Short-term in-house foster carer",
    "since": "2025-01-06",
}
FAMILY_FINDING = {
    "needed": True,
    "location": "Within 20 miles of Exampleton.",
    "religion": "Any.",
    "ethnicity": "Carers who will promote her heritage.",
    "language": "English.",
    "carer_skills": "Therapeutic parenting.",
    "lead": "Family Finding Team",
    "timescale": "Six months.",
}


def _family_finding(placement: dict[str, Any] | None) -> dict[str, Any]:
    """The complete case, with family finding looking for new carers while the child lives in
    ``placement`` (left out when None)."""
    data = complete_data()
    set_path(data, "ppm.family_finding", dict(FAMILY_FINDING))
    # The new carers are not found yet, so the child has not moved in with them.
    set_path(data, "child.placed_with_carers_since", REMOVE)
    if placement is not None:
        set_path(data, "child.current_placement", dict(placement))
    return data


def _referral_placement(tmp_path: Path, data: dict[str, Any], *, draft: bool = False) -> str:
    """The text of the rendered referral's "Placement and legal status" section."""
    folder = write_folder(tmp_path / "case", data)
    result = build_case(
        folder, BuildOptions(out=tmp_path / "out", only=("ppm-referral",), draft=draft, as_of=AS_OF)
    )
    (document,) = result.documents
    return section(open_docx(result.out / document.file_name), "Placement and legal status").text


def _missing(findings: list[Finding]) -> dict[str, Finding]:
    return {f.field: f for f in findings if f.code == "missing-field"}


def _check(data: dict[str, Any]) -> list[Finding]:
    return run_checks(make_case(data), default_profile(), AS_OF)


def test_the_referral_shows_the_recorded_current_placement(tmp_path: Path) -> None:
    text = _referral_placement(tmp_path, _family_finding(PLACEMENT))
    assert "Lives with now | Janet Pilling" in text
    assert "Type of placement | Short-term in-house foster carer" in text
    assert "Living there since | 6 January 2025" in text
    # The carers who are to keep the child are not who the child lives with yet.
    assert "Pat Carer" not in text


def test_without_a_current_placement_the_referral_shows_the_carers_as_before(
    tmp_path: Path,
) -> None:
    data = complete_data()
    text = _referral_placement(tmp_path, data)
    assert "Lives with now | Pat Carer" in text
    assert "Type of placement | Existing in-house foster carers" in text
    since = uk_date(make_case(data).child.placed_with_carers_since)  # type: ignore[arg-type]
    assert f"Living there since | {since}" in text
    assert _check(data) == []


def test_family_finding_without_a_current_placement_owes_it_on_the_referral(
    tmp_path: Path,
) -> None:
    data = _family_finding(None)
    missing = _missing(_check(data))
    for path in ("child.current_placement.carers", "child.current_placement.since"):
        finding = missing[path]
        assert finding.documents == ("ppm-referral",)
        assert finding.owner == "child's social worker"
        assert "family finding is needed" in finding.message
        assert f"Fill in {path}" in finding.fix
    # The date the child moves in with the new carers cannot be known yet, so is not owed.
    assert "child.placed_with_carers_since" not in missing
    assert "child.current_placement.placement_type" not in missing

    with pytest.raises(BlockedError) as caught:
        _referral_placement(tmp_path / "final", data)
    assert "child.current_placement.carers" in str(caught.value)

    text = _referral_placement(tmp_path / "draft", data, draft=True)
    assert "[MISSING: Child: current placement: carers — child's social worker]" in text
    assert "[MISSING: Child: current placement: since — child's social worker]" in text
    # The type is shown, not owed.
    assert "Type of placement | Not recorded" in text


def test_the_date_the_family_found_carers_take_over_is_not_needed_on_the_referral() -> None:
    data = _family_finding(PLACEMENT)
    set_path(data, "child.placed_with_carers_since", None)
    assert "child.placed_with_carers_since" not in _missing(_check(data))


def test_a_current_placement_without_family_finding_is_shown_and_its_date_owed(
    tmp_path: Path,
) -> None:
    # Connected-person carers assessed while the child is still in a residential home.
    data = complete_data()
    set_path(data, "carers.route", "connected-person")
    set_path(
        data,
        "carers.connected_person",
        {
            "relationship_to_child": "aunt",
            "assessment_completed_on": "2025-03-01",
            "assessed_by": "Kit Kinship",
        },
    )
    set_path(data, "child.placed_with_carers_since", None)
    set_path(data, "child.current_placement", {"carers": "Oakfield House children's home"})
    missing = _missing(_check(data))
    assert set(missing) == {"child.current_placement.since"}
    text = _referral_placement(tmp_path, data, draft=True)
    assert "Lives with now | Oakfield House children's home" in text
    assert "Pat Carer" not in text


def test_a_current_placement_starting_before_the_child_was_looked_after_is_doubtful() -> None:
    data = _family_finding({**PLACEMENT, "since": "2024-12-20"})
    (finding,) = [f for f in _check(data) if f.code == "dates-out-of-order"]
    assert finding.severity == "warning"
    assert finding.field == "child.current_placement.since"
    assert finding.documents == ("ppm-referral",)
    assert "looked after" in finding.message


def test_a_current_placement_dated_in_the_future_is_doubtful() -> None:
    data = _family_finding({**PLACEMENT, "since": "2026-06-02"})
    (finding,) = [f for f in _check(data) if f.code == "recorded-date-in-future"]
    assert finding.field == "child.current_placement.since"
    assert finding.severity == "warning"


def test_a_current_placement_before_the_child_was_born_is_refused(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "case", _family_finding({**PLACEMENT, "since": "2017-05-09"}))
    with pytest.raises(CaseDataError) as caught:
        load_case(folder)
    assert "child.current_placement.since" in str(caught.value)
    assert "before the child's date of birth" in str(caught.value)
