"""The command line's shape: help, exit codes, and `permdocs new`."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from permdocs.api import load_case
from permdocs.cli import cli


def test_help_lists_exit_codes_and_examples() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "Exit codes" in result.output
    assert "permdocs check" in result.output


def test_every_command_has_help_with_an_example() -> None:
    runner = CliRunner()
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert command.help, f"{name} has no help text"
        assert "Example" in result.output, f"{name} --help shows no example"


def test_unknown_option_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["check", "--no-such-option", "x"])
    assert result.exit_code == 2


def test_missing_case_dir_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 2


def test_check_on_a_missing_folder_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "no such folder" in result.output
    assert result.output.count(str(tmp_path / "nowhere")) == 1  # the folder is named once
    assert "permdocs new" in result.output
    assert "Traceback" not in result.output


def test_new_creates_a_case_that_loads(tmp_path: Path) -> None:
    folder = tmp_path / "PF-2026-0150"
    result = CliRunner().invoke(cli, ["new", str(folder)])
    assert result.exit_code == 0, result.output
    assert (folder / "case.yaml").is_file()
    assert (folder / "attachments").is_dir()
    case = load_case(folder).case
    assert case.reference == "PF-2026-0150"


def test_new_never_overwrites_an_existing_case(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "case.yaml").write_text("reference: KEEP-ME\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", str(folder)])
    assert result.exit_code == 1
    assert "already holds case.yaml" in result.output
    assert (folder / "case.yaml").read_text(encoding="utf-8") == "reference: KEEP-ME\n"


def test_new_refuses_a_folder_name_that_cannot_be_a_reference(tmp_path: Path) -> None:
    folder = tmp_path / "My case"
    result = CliRunner().invoke(cli, ["new", str(folder)])
    assert result.exit_code == 1
    assert "--reference" in result.output
    assert not folder.exists()
    result = CliRunner().invoke(cli, ["new", str(folder), "--reference", "PF-2026-0151"])
    assert result.exit_code == 0, result.output
    assert load_case(folder).case.reference == "PF-2026-0151"
