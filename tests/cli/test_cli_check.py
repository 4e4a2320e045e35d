"""``permdocs check`` through click: exit codes, grouping by owner, --as-of, --profile, --strict."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from case_factory import REMOVE, complete_data, minimal_data, set_path, write_case_folder
from permdocs.cli import cli

AS_OF = "--as-of=2026-06-01"


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, ["check", *args])


def case(tmp_path: Path, name: str = "case", *changes: tuple[str, Any]) -> str:
    data = complete_data()
    for path, value in changes:
        set_path(data, path, value)
    return str(write_case_folder(tmp_path / name, data))


def test_a_complete_case_passes(tmp_path: Path) -> None:
    result = invoke(AS_OF, case(tmp_path))
    assert result.exit_code == 0, result.output
    assert (
        "case PF-TEST-0001, as of 2026-06-01, profile 'fictional-sample': 0 blockers"
        in result.output
    )
    assert "Nothing owed" in result.output


def test_a_blocker_fails_and_is_grouped_under_its_owner(tmp_path: Path) -> None:
    folder = case(
        tmp_path,
        "case",
        ("child.ethnicity", REMOVE),
        ("carers.assessment.motivation", REMOVE),
    )
    result = invoke(AS_OF, folder)
    assert result.exit_code == 1
    out = result.output
    csw = "\nChild's social worker (Childs Social Worker Person): 1 blocker"
    fsw = "\nFostering social worker (Supervising Social Worker Person): 1 blocker"
    assert out.index(csw) < out.index("BLOCKER   case.json line 4: Child: ethnicity [PPM]")
    lines = (Path(folder) / "case.json").read_text("utf-8").splitlines()
    line = next(
        n for n, text in enumerate(lines, 1) if '"motivation"' in text or '"assessment"' in text
    )
    assert out.index(fsw) < out.index(
        f"BLOCKER   case.json line {line}: Carers: assessment: motivation"
    )
    assert out.index("BLOCKER   case.json line 4") < out.index(fsw)


def test_a_blank_case_lists_every_owner(tmp_path: Path) -> None:
    folder = write_case_folder(tmp_path / "blank", minimal_data())
    result = invoke(AS_OF, str(folder))
    assert result.exit_code == 1
    for owner in ("Child's social worker", "Fostering social worker", "Panel adviser", "ADM"):
        assert f"\n{owner}" in result.output


def test_invalid_case_data_fails_with_located_problems(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "case.yaml").write_text(
        "reference: PF-1\nchild:\n  first_names: A\n  last_name: B\n  date_of_birth: 2020-01-01\n"
        "  gendre: girl\n",
        encoding="utf-8",
    )
    result = invoke(str(folder))
    assert result.exit_code == 1
    assert "case.yaml:6:3: child.gendre: unknown field 'gendre'" in result.output
    assert "did you mean 'gender'?" in result.output


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    folder = case(tmp_path, "case", ("panel.papers_sent_on", "2026-04-20"))  # sent late
    relaxed = invoke(AS_OF, folder)
    assert relaxed.exit_code == 0, relaxed.output
    assert "Panel adviser (Panel Adviser Person): 1 warning" in relaxed.output
    strict = invoke(AS_OF, "--strict", folder)
    assert strict.exit_code == 1


def test_notes_never_fail_even_when_strict(tmp_path: Path) -> None:
    late = "2026-05-13"  # one working day late
    folder = case(tmp_path, "case", ("decision.date", late), ("decision.permanent_from", late))
    result = invoke(AS_OF, "--strict", folder)
    assert result.exit_code == 0, result.output
    assert "ADM (Adm Person): 1 note" in result.output


def test_as_of_makes_runs_reproducible(tmp_path: Path) -> None:
    folder = case(tmp_path)
    assert invoke("--as-of", "2026-06-01", folder).exit_code == 0
    later = invoke("--as-of", "2026-10-12", "--strict", folder)
    assert later.exit_code == 1
    assert "LAC review 5 was due by 10 October 2026" in later.output


@pytest.mark.parametrize("value", ["2026-13-01", "01/06/2026", "tomorrow"])
def test_a_bad_as_of_is_a_usage_error(tmp_path: Path, value: str) -> None:
    result = invoke("--as-of", value, case(tmp_path))
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_profile_overrides_the_case(tmp_path: Path) -> None:
    folder = case(tmp_path, "case", ("panel", {}))  # under 13, no panel, no reason
    assert invoke(AS_OF, folder).exit_code == 1  # the panel papers are owed anyway
    result = invoke(AS_OF, "--profile", "luton-example", "--format", "json", folder)
    payload = json.loads(result.output)
    assert payload["profile"] == "luton-example"
    assert "under-13-to-panel.no-panel" in {f["code"] for f in payload["findings"]}


def test_profile_may_be_a_file(tmp_path: Path) -> None:
    profile = tmp_path / "council.yaml"
    profile.write_text(
        "name: council\ncouncil_name: Example Council\nrules:\n  first-lac-review:\n"
        "    enabled: false\n",
        encoding="utf-8",
    )
    folder = case(tmp_path, "case", ("child.lac_reviews", []))
    with_default = json.loads(invoke(AS_OF, "--format", "json", folder).output)
    assert "first-lac-review.overdue" in {f["code"] for f in with_default["findings"]}
    with_file = json.loads(invoke(AS_OF, "--format=json", f"--profile={profile}", folder).output)
    assert with_file["profile"] == "council"
    assert "first-lac-review.overdue" not in {f["code"] for f in with_file["findings"]}


def test_an_unknown_profile_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("--profile", "nowhere", case(tmp_path))
    assert result.exit_code == 2
    assert "no council profile called 'nowhere'" in result.output


def test_a_broken_profile_file_is_a_data_error(tmp_path: Path) -> None:
    profile = tmp_path / "council.yaml"
    profile.write_text("name: council\ncouncil_name: X\nrules:\n  nope: {}\n", encoding="utf-8")
    result = invoke("--profile", str(profile), case(tmp_path))
    assert result.exit_code == 1
    assert "unknown rule 'nope'" in result.output


def test_json_for_one_case_is_an_object(tmp_path: Path) -> None:
    result = invoke(AS_OF, "--format", "json", case(tmp_path, "case", ("child.risks", REMOVE)))
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["valid"] is True
    assert payload["reference"] == "PF-TEST-0001"
    assert payload["as_of"] == "2026-06-01"
    assert payload["counts"]["blocker"] == 1
    (finding,) = payload["findings"]
    assert finding["field"] == "child.risks"
    assert finding["owner"] == "child's social worker"


def test_json_for_several_cases_is_a_list_including_invalid_ones(tmp_path: Path) -> None:
    good = case(tmp_path, "good")
    missing = str(tmp_path / "missing")
    result = invoke(AS_OF, "--format", "json", good, missing)
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert [entry["valid"] for entry in payload] == [True, False]
    assert payload[1]["findings"] == []
    assert "no such folder" in payload[1]["error"]


def test_several_cases_in_text(tmp_path: Path) -> None:
    result = invoke(AS_OF, case(tmp_path, "one"), case(tmp_path, "two"))
    assert result.exit_code == 0
    assert result.output.count("profile 'fictional-sample': 0 blockers") == 2


def test_a_new_case_lists_what_everyone_owes(tmp_path: Path) -> None:
    folder = tmp_path / "PF-2026-0150"
    assert CliRunner().invoke(cli, ["new", str(folder)]).exit_code == 0
    result = invoke(AS_OF, "--format", "json", str(folder))
    assert result.exit_code == 1
    findings = json.loads(result.output)["findings"]
    owners = {f["owner"] for f in findings}
    assert {"child's social worker", "fostering social worker", "panel adviser", "ADM"} <= owners
    assert {f["code"] for f in findings if f["severity"] == "info"} == {"awaiting-decision"}
    # What a panel adviser would query without stopping the papers is a warning.
    assert {f["code"] for f in findings if f["severity"] == "warning"} == {"missing-field"}


def test_a_confidential_placement_is_said_under_the_heading_and_in_json(tmp_path: Path) -> None:
    folder = case(tmp_path, "case", ("carers.address_confidential", True))
    result = invoke(AS_OF, folder)
    assert result.exit_code == 0, result.output
    heading, summary = result.output.splitlines()[:2]
    assert heading.startswith(f"{folder}: case PF-TEST-0001")
    assert summary.startswith("CONFIDENTIAL PLACEMENT: the carers' address must never reach")
    report = json.loads(invoke(AS_OF, "--format", "json", folder).output)
    assert report["confidential"].startswith("CONFIDENTIAL PLACEMENT")
    plain = json.loads(invoke(AS_OF, "--format", "json", case(tmp_path, "plain")).output)
    assert plain["confidential"] is None


def test_a_carers_name_in_a_parents_contact_text_is_a_blocker_before_any_build(
    tmp_path: Path,
) -> None:
    folder = case(
        tmp_path,
        "case",
        ("carers.names_confidential", True),
        ("birth_parents[0].contact_arrangements", "Monthly; Pat will bring her."),
    )
    result = invoke(AS_OF, folder)
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "Child's social worker (Childs Social Worker Person): 1 blocker" in text
    assert "birth_parents[0].contact_arrangements" in text
    assert "“Pat” match a carer's first name (carers.carers[0].first_names)" in text
    assert "[confidential-detail-in-parent-letter]" in text
