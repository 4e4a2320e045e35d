"""The bundled sample cases against the completeness checks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from permdocs.api import check_case
from permdocs.checks import blockers_for
from permdocs.policy.documents import REPORTS

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
AS_OF = date(2026, 11, 23)


def sample(name: str) -> Path:
    folder = SAMPLES / name
    if not (folder / "case.yaml").is_file():
        pytest.skip(f"{name} is not in samples/ yet")
    return folder


def test_sample_01_complete_and_agreed_has_no_blockers() -> None:
    findings = check_case(sample("01-existing-carer-agreed"), as_of=AS_OF)
    assert [f for f in findings if f.severity == "blocker"] == []


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("0*")) or ["none"])
def test_every_sample_checks_under_every_example_profile(name: str) -> None:
    folder = sample(name)
    for profile in ("default", "southwark-example", "milton-keynes-example", "luton-example"):
        findings = check_case(folder, as_of=AS_OF, profile=profile)
        assert all(f.message and f.fix for f in findings)


def test_sample_03_awaits_only_the_decision() -> None:
    findings = check_case(sample("03-ifa-teenager-pending"), as_of=AS_OF)
    assert blockers_for(findings, REPORTS) == []
    assert {f.owner for f in findings if f.severity == "blocker"} <= {"ADM"}
