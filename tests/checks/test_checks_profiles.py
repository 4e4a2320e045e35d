"""Council profiles: rules on and off, timescales, checklists, letters; refused when wrong; and the
library entry points that choose a case's profile."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from case_factory import AS_OF, complete_data, set_path, write_case_folder
from permdocs.api import blockers_for, case_profile, check_case, load_case
from permdocs.errors import CaseDataError, ProfileError
from permdocs.load.profiles import bundled_profile_names, load_profile
from permdocs.policy.calendar import Timescale
from permdocs.policy.profiles import BUNDLED_DIR
from permdocs.policy.rules import RULES

EXAMPLES = {
    "southwark-example": {"ppm-after-permanence-review"},
    "milton-keynes-example": {"parts-before-matching", "panel-after-matching"},
    "luton-example": {
        "ppm-after-entering-care",
        "adm-ratification",
        "under-13-to-panel",
        "siblings-apart-assessed",
    },
    "london-example": {"ppm-minutes", "ppm-minutes-adoption", "siblings-apart-assessed"},
}


def enabled(name: str) -> set[str]:
    profile = load_profile(name)
    return {rule.code for rule in RULES if profile.rule_enabled(rule.code)}


def test_bundled_profiles() -> None:
    assert set(bundled_profile_names()) >= {"default", *EXAMPLES}


def test_default_applies_only_statutory_rules() -> None:
    assert enabled("default") == {rule.code for rule in RULES if rule.statutory}


@pytest.mark.parametrize(("name", "local"), EXAMPLES.items())
def test_examples_add_their_local_rules(name: str, local: set[str]) -> None:
    assert enabled(name) == enabled("default") | local


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_profiles_do_not_claim_to_be_the_council(name: str) -> None:
    profile = load_profile(name)
    assert profile.council_name.startswith("Example: ")
    assert "example" in (profile.notes or "").casefold() or "seeds/" in (profile.notes or "")


def test_example_timescales_are_the_seeds() -> None:
    assert load_profile("southwark-example").timescale("ppm-after-permanence-review") == (
        Timescale(12, "weeks")
    )
    london = load_profile("london-example")
    assert str(london.timescale("ppm-minutes")) == "7 working days"
    assert str(london.timescale("ppm-minutes-adoption")) == "10 working days"
    assert str(load_profile("luton-example").timescale("ppm-after-entering-care")) == "4 weeks"


def _profile_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "council.yaml"
    path.write_text("name: council\ncouncil_name: Example Council\n" + body, encoding="utf-8")
    return path


def test_an_unknown_rule_is_refused_with_did_you_mean(tmp_path: Path) -> None:
    path = _profile_file(tmp_path, "rules:\n  ppm-after-entering-car:\n    enabled: true\n")
    with pytest.raises(CaseDataError) as caught:
        load_profile(str(path))
    (problem,) = caught.value.problems
    assert "unknown rule 'ppm-after-entering-car'" in problem.message
    assert "did you mean 'ppm-after-entering-care'?" in problem.message
    assert problem.location.line == 4  # where 'rules:' holds the mistake


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("rules:\n  under-13-to-panel:\n    timescale: 3 weeks\n", "has no timescale"),
        ("rules:\n  panel-papers:\n    timescale: a week\n", "is not a timescale"),
        ("rules:\n  panel-papers:\n    enabled: yes\n", "expected true or false"),
        ("checklist:\n  - kind: care-plann\n    label: Care plan\n", "did you mean 'care-plan'?"),
        (
            "checklist:\n  - kind: care-plan\n    label: Care plan\n    when: ifa-rout\n",
            "did you mean 'ifa-route'?",
        ),
        (
            "checklist:\n  - kind: care-plan\n    label: x\n    when: whereabouts-unknown\n",
            "unknown condition",
        ),
        ("at_risk_within: soon\n", "is not a timescale"),
    ],
)
def test_profile_mistakes_are_refused(tmp_path: Path, body: str, expected: str) -> None:
    with pytest.raises(CaseDataError) as caught:
        load_profile(str(_profile_file(tmp_path, body)))
    assert expected in str(caught.value)


def test_a_profile_checklist_row_may_list_alternative_kinds(tmp_path: Path) -> None:
    path = _profile_file(
        tmp_path,
        "checklist:\n  - kind: [form-f-update, annual-review]\n    label: Carers' review\n",
    )
    (paper,) = load_profile(str(path)).papers() or ()
    assert paper.kinds == ("form-f-update", "annual-review")


# --- choosing the profile for a case ----------------------------------------------------------


def test_a_case_names_its_profile_relative_to_its_folder(tmp_path: Path) -> None:
    data = complete_data()
    set_path(data, "profile", "council/luton.yaml")
    folder = write_case_folder(tmp_path / "case", data)
    (folder / "council").mkdir()
    (folder / "council" / "luton.yaml").write_text(
        (BUNDLED_DIR / "luton-example.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    assert case_profile(load_case(folder)).name == "luton-example"


def test_an_override_wins_over_the_case_profile(tmp_path: Path) -> None:
    folder = load_case(write_case_folder(tmp_path / "case"))
    assert case_profile(folder).name == "fictional-sample"
    assert case_profile(folder, "london-example").name == "london-example"
    assert case_profile(folder, load_profile("luton-example")).name == "luton-example"


def test_a_case_naming_an_unknown_profile_is_an_error(tmp_path: Path) -> None:
    data = complete_data()
    set_path(data, "profile", "nowhere")
    with pytest.raises(ProfileError, match="no council profile called 'nowhere'"):
        check_case(write_case_folder(tmp_path / "case", data), as_of=AS_OF)


# --- the library entry points ------------------------------------------------------------------


def test_check_case_takes_a_folder_or_a_loaded_case(tmp_path: Path) -> None:
    data = complete_data()
    set_path(data, "child.ethnicity", None)
    folder = write_case_folder(tmp_path / "case", data)
    from_path = check_case(folder, as_of=AS_OF)
    from_loaded = check_case(load_case(folder), as_of=AS_OF)
    assert from_path == from_loaded
    assert [f.field for f in from_path] == ["child.ethnicity"]


def test_check_case_judges_as_of_the_date_given(tmp_path: Path) -> None:
    folder = write_case_folder(tmp_path / "case")
    assert check_case(folder, as_of=AS_OF) == []
    # The complete case's fifth LAC review falls due on 10 October 2026.
    (finding,) = check_case(folder, as_of=date(2026, 10, 12))
    assert finding.code == "later-lac-reviews.overdue"


def test_blockers_for_filters_by_document(tmp_path: Path) -> None:
    data = complete_data()
    set_path(data, "carers.address", None)  # the carers' letter needs it
    set_path(data, "child.risks", None)  # Part 2 needs it
    findings = check_case(write_case_folder(tmp_path / "case", data), as_of=AS_OF)
    assert [f.field for f in blockers_for(findings, ["matching-report-part2"])] == ["child.risks"]
    assert [f.field for f in blockers_for(findings, ["letter-carers"])] == ["carers.address"]
    assert blockers_for(findings, ["panel-front-sheet"]) == []
    from permdocs.policy.documents import KINDS

    assert len(blockers_for(findings, [KINDS["matching-report-part2"]])) == 1
