"""Nothing made up goes to a family: placeholders from `permdocs new` left in place, and an
example council's name and contact details, are blockers (a final build stops on them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from case_factory import (
    AS_OF,
    complete_data,
    default_profile,
    make_case,
    set_path,
    write_case_folder,
)
from permdocs.checks import run_checks
from permdocs.checks.placeholders import example_council_details
from permdocs.cli import cli
from permdocs.load.profiles import bundled_profile_names, load_profile
from permdocs.policy.profiles import Profile


def codes(data: dict[str, object], profile: Profile | None = None) -> list[tuple[str, str]]:
    findings = run_checks(make_case(data), profile or default_profile(), AS_OF)
    return [(f.code, f.field) for f in findings]


@pytest.mark.parametrize("typed", ["CHANGE ME", "change me", "  CHANGE ME "])
def test_change_me_left_anywhere_is_a_blocker(typed: str) -> None:
    data = complete_data()
    set_path(data, "child.last_name", typed)
    set_path(data, "siblings[0].name", typed)
    assert codes(data) == [
        ("placeholder-left", "child.last_name"),
        ("placeholder-left", "siblings[0].name"),
    ]


def test_the_placeholder_finding_says_what_and_what_to_do() -> None:
    data = complete_data()
    set_path(data, "carers.carers[0].first_names", "CHANGE ME")
    (finding,) = run_checks(make_case(data), default_profile(), AS_OF)
    assert finding.severity == "blocker"
    assert finding.owner == "fostering social worker"
    assert finding.message == (
        "First names of the 1st carer still says CHANGE ME, the placeholder `permdocs new`"
        " wrote; a final document would print it."
    )
    assert finding.fix == (
        "Write the real value in place of CHANGE ME at first names of the 1st carer in the case"
        " file."
    )
    assert {"ppm-referral", "panel-front-sheet"} <= set(finding.documents)


def test_the_placeholder_date_of_birth_is_a_blocker_unless_typed_day_first() -> None:
    data = complete_data()
    set_path(data, "child.date_of_birth", "2015-01-01")
    assert codes(data) == [("placeholder-left", "child.date_of_birth")]
    (finding,) = run_checks(make_case(data), default_profile(), AS_OF)
    assert finding.fix == (
        "Write the child's real date of birth at child.date_of_birth. If the child really was"
        " born on 1 January 2015, write it day first, 01/01/2015, so that it is known to be typed."
    )
    set_path(data, "child.date_of_birth", "01/01/2015")
    assert codes(data) == []


def test_a_scaffold_from_permdocs_new_reports_its_three_placeholders(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["new", str(tmp_path / "case")]).exit_code == 0
    result = runner.invoke(cli, ["check", "--format", "json", str(tmp_path / "case")])
    findings = json.loads(result.output)["findings"]
    left = sorted(f["field"] for f in findings if f["code"] == "placeholder-left")
    assert left == ["child.date_of_birth", "child.first_names", "child.last_name"]


# --- the example council -----------------------------------------------------------------------


def test_the_default_profile_is_the_example_council_and_is_named_as_such() -> None:
    findings = run_checks(make_case(complete_data()), load_profile("default"), AS_OF)
    (finding,) = findings
    assert (finding.code, finding.severity, finding.owner, finding.field) == (
        "example-council",
        "blocker",
        "business support",
        "profile",
    )
    assert finding.message == (
        "The council profile 'default' does not give a real council's details, and every document"
        " would carry them: name 'Example Borough Council' (the bundled example's); address 'Civic"
        " Centre, 1 Example Square, Exampleton' (the bundled example's); postcode 'EX1 1AA' (the"
        " bundled example's); telephone '01632 960000' (the bundled example's); email"
        " 'fostering@example.org' (the bundled example's)."
    )
    assert "permdocs profile new COUNCIL" in finding.fix


@pytest.mark.parametrize("name", sorted(set(bundled_profile_names()) - {"fictional-sample"}))
def test_every_bundled_profile_but_the_fictional_one_is_recognised(name: str) -> None:
    assert example_council_details(load_profile(name))
    assert example_council_details(load_profile("fictional-sample")) == []
    assert load_profile("fictional-sample").fictional


def _profile(**fields: object) -> Profile:
    data = {
        "name": "northmoor",
        "council_name": "Northmoor Borough Council",
        "address": {
            "lines": ["Town Hall", "High Street"],
            "postcode": "NM1 2AB",
            "phone": "01234 567890",
            "email": "fostering@northmoor.gov.uk",
        },
    }
    data.update(fields)
    return Profile.model_validate(data)


def test_a_real_councils_details_pass() -> None:
    assert example_council_details(_profile()) == []
    # A real council's address may begin as the example's does.
    civic = {"lines": ["Civic Centre", "Silver Street"], "postcode": "NM1 1XX"}
    assert example_council_details(_profile(address=civic)) == []


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (
            {"lines": ["Town Hall"], "phone": "(01632) 960-123"},
            "telephone '(01632) 960-123' (a number kept for drama, never a real line)",
        ),
        (
            {"lines": ["Town Hall"], "phone": "+44 1632 960123"},
            "telephone '+44 1632 960123' (a number kept for drama, never a real line)",
        ),
        (
            {"lines": ["Town Hall"], "email": "panel@council.example"},
            "email 'panel@council.example' (a domain kept for examples)",
        ),
        (
            {"lines": ["Town Hall"], "email": "panel@fostering.example.com"},
            "email 'panel@fostering.example.com' (a domain kept for examples)",
        ),
        (
            {"lines": ["Civic  Centre", "1 example square", "Exampleton"]},
            "address 'Civic  Centre, 1 example square, Exampleton' (the bundled example's)",
        ),
    ],
)
def test_made_up_details_are_recognised_whatever_the_profile(
    address: dict[str, object], expected: str
) -> None:
    assert example_council_details(_profile(address=address)) == [expected]


def test_a_profile_that_says_it_is_fictional_passes() -> None:
    assert example_council_details(_profile(council_name="Example Borough Council")) != []
    made_up = _profile(council_name="Example Borough Council", fictional=True)
    assert example_council_details(made_up) == []


# --- what a final build does -------------------------------------------------------------------


def test_a_final_build_with_the_example_council_stops_and_a_draft_goes_ahead(
    tmp_path: Path,
) -> None:
    data = complete_data()
    set_path(data, "profile", "default")
    folder = write_case_folder(tmp_path / "case", data)
    runner = CliRunner()
    base = ["build", "--no-pack", "--as-of", AS_OF.isoformat()]
    final = runner.invoke(cli, [*base, str(folder)])
    assert final.exit_code == 1
    assert "(owed by the business support)" in final.output
    assert "'Example Borough Council' (the bundled example's)" in final.output
    assert not (folder / "out").exists()
    draft = runner.invoke(cli, [*base, "--draft", str(folder)])
    assert draft.exit_code == 0, draft.output
