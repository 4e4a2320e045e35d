"""``permdocs import``: one command from the council's files to a case, with a report of where each
value came from, what was left as typed, and every problem with its file and row."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from import_helpers import HEADER_COLUMNS, SSD, SSDA903, csv_file, loaded, sources_folder
from permdocs.cli import cli

MAIN = [str(SSDA903 / name) for name in ("header.csv", "episodes.csv", "reviews.csv")]


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["import", *args])
    return result.exit_code, result.stdout, result.stderr


def test_help_for_the_group_and_each_dataset_shows_examples() -> None:
    for args in ([], ["903"], ["ssd"]):
        code, out, _ = _run(*args, "--help")
        assert code == 0
        assert "Example" in out
    _, out, _ = _run("903", "--help")
    assert "--child ID" in out and "--replace" in out and "--dry-run" in out
    assert "PL_POST" in out


def test_a_new_case_in_one_command_with_the_source_of_each_value(tmp_path: Path) -> None:
    folder = tmp_path / "PF-2026-0150"
    code, out, err = _run("903", str(folder), "--child", "004417", *MAIN)
    assert code == 0, err
    assert out.splitlines()[0] == (
        f"{folder}: child 004417 from the SSDA903 return into case.yaml (a new case file, from"
        " the blank case): 9 filled, 0 replaced, 0 left as typed, 0 already the same"
    )
    assert "  read episodes.csv (UTF-8): 7 rows, 4 for this child" in out
    assert (
        "  filled    child.ethnicity: 'Mixed: White and Black Caribbean'  [SSDA903 header.csv,"
        " row 2]" in out
    )
    assert "in place of the blank case's '2015-01-01'" in out
    assert "Children looked after return 2024 to 2025" in out
    assert loaded(folder).case.child.legal_status == "care-order"


def test_a_dry_run_writes_nothing_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "PF-1"
    code, out, _ = _run("903", str(folder), "--child", "004417", "--dry-run", *MAIN)
    assert code == 0
    assert "Dry run: nothing was written. The import would change:" in out
    assert not folder.exists()


def test_differences_are_listed_for_the_childs_social_worker(tmp_path: Path) -> None:
    folder = tmp_path / "PF-2"
    _run("903", str(folder), "--child", "004417", *MAIN)
    source = sources_folder(tmp_path)
    header = csv_file(source, "header2.csv", HEADER_COLUMNS, ["004417,1,29/02/2016,WIRI,Z99,,"])
    code, out, _ = _run("903", str(folder), "--child", "004417", str(header))
    assert code == 0
    assert "Left as typed, for the child's social worker" in out
    assert "child.ethnicity (Child: ethnicity): The case says 'Mixed: White and Black" in out
    assert "header2.csv, row 2 (ETHNIC WIRI) says 'White Irish'" in out
    assert "To fix:" in out and "--replace" in out
    code, out, _ = _run("903", str(folder), "--child", "004417", "--replace", str(header))
    assert code == 0
    assert "  replaced  child.ethnicity: 'Mixed: White and Black Caribbean' -> 'White Irish'" in out


def test_json_for_programs(tmp_path: Path) -> None:
    code, out, _ = _run(
        "ssd",
        str(tmp_path / "PF-3"),
        "--child",
        "71234",
        "--format",
        "json",
        *map(str, sorted(SSD.glob("*.csv"))),
    )
    assert code == 0
    report = json.loads(out)
    assert report["written"] and report["created"]
    fields = {change["field"] for change in report["changes"]}
    assert {"child.first_names", "care_plan.permanence_plan", "child.lac_reviews"} <= fields
    assert report["dataset"] == "the Standard Safeguarding Dataset"


def test_problems_exit_1_with_every_file_and_row_and_no_traceback(tmp_path: Path) -> None:
    source = sources_folder(tmp_path)
    header = csv_file(
        source, "header.csv", HEADER_COLUMNS, ["1,2,31/04/2016,WBRI,Z99,,", "2,1,01/01/2010,QQQQ"]
    )
    code, out, err = _run("903", str(tmp_path / "PF-4"), "--child", "1", str(header))
    assert code == 1 and out == ""
    assert "Traceback" not in err
    assert "2 problems in the SSDA903 return" in err
    assert "header.csv:3: this row has 4 values but the header has 7 columns" in err
    assert "header.csv:2: DOB: '31/04/2016' is not a real date: April 2016 has 30 days" in err
    assert not (tmp_path / "PF-4").exists()


def test_a_missing_child_option_or_file_is_a_usage_error(tmp_path: Path) -> None:
    code, _, _ = _run("903", str(tmp_path / "x"), *MAIN)
    assert code == 2
    code, _, _ = _run("903", str(tmp_path / "x"), "--child", "1", str(tmp_path / "nothing.csv"))
    assert code == 2
