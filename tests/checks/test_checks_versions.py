"""A case file names the case schema version it was written for; `check` says what to change
when it is older, and that permdocs needs upgrading when it is newer."""

from __future__ import annotations

from pathlib import Path

import pytest

from case_factory import AS_OF, all_rules_profile, complete_data, make_case
from permdocs.checks import run_checks
from permdocs.model.scaffold import blank_case_yaml
from permdocs.model.schema import CASE_SCHEMA, case_json_schema
from permdocs.model.versions import Change, Contract

ROOT = Path(__file__).resolve().parents[2]


def _findings(version: str | None) -> list[str]:
    data = complete_data()
    if version is not None:
        data["schema_version"] = version
    return [
        f.code
        for f in run_checks(make_case(data), all_rules_profile(), AS_OF)
        if f.code.startswith("case-schema")
    ]


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        (None, []),
        (CASE_SCHEMA.version, []),
        (f"{CASE_SCHEMA.major}.99.0", []),  # a later minor: only fields added, nothing to change
        (f"{CASE_SCHEMA.major - 1}.0.0", ["case-schema-older"]),
        (f"{CASE_SCHEMA.major + 1}.0.0", ["case-schema-newer"]),
    ],
)
def test_the_schema_version_is_judged_by_its_major(
    version: str | None, expected: list[str]
) -> None:
    assert _findings(version) == expected


def test_an_older_case_is_told_what_changed_since(monkeypatch: pytest.MonkeyPatch) -> None:
    later = Contract("2.0.0", (Change("2.0.0", "renamed", "child.legal_name", "child.full_name"),))
    monkeypatch.setattr("permdocs.checks.versions.CASE_SCHEMA", later)
    data = complete_data()
    data["schema_version"] = "1.0.0"
    (finding,) = [
        f
        for f in run_checks(make_case(data), all_rules_profile(), AS_OF)
        if f.code == "case-schema-older"
    ]
    assert "written for case schema 1.0.0; permdocs now reads 2.0.0" in finding.message
    assert "2.0.0: child.legal_name renamed to child.full_name)." in finding.message
    assert "schema_version: 2.0.0" in finding.fix


def test_new_cases_and_the_json_schema_carry_the_version() -> None:
    assert f'schema_version: "{CASE_SCHEMA.version}"' in blank_case_yaml("PF-2026-0001")
    assert case_json_schema()["$comment"] == f"permdocs case schema {CASE_SCHEMA.version}"


def test_the_changelog_names_the_case_schema_version_and_its_changes() -> None:
    from lint.test_contract import _changelog_gaps

    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert f"### Case schema {CASE_SCHEMA.version}" in changelog
    assert _changelog_gaps(changelog, CASE_SCHEMA, "Case schema") == []
