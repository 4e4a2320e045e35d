"""What a command-line tool is expected to do: NO_COLOR, --quiet, --version, shell completion,
`new` writing the schema its first line names, and `profile new` for a council's own profile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from case_factory import AS_OF, complete_data, make_case, write_case_folder
from permdocs import __version__
from permdocs.checks import run_checks
from permdocs.cli import cli
from permdocs.load.profiles import load_profile
from permdocs.model.scaffold import SCHEMA_FILE
from permdocs.policy.profiles import Profile

ESC = "\x1b["


def test_no_color_leaves_colour_out(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere")
    coloured = CliRunner().invoke(cli, ["check", missing], color=True)
    assert ESC in coloured.output
    plain = CliRunner().invoke(cli, ["check", missing], color=True, env={"NO_COLOR": "1"})
    assert plain.exit_code == 1
    assert ESC not in plain.output
    assert plain.output.startswith(f"{missing}: no such folder")


def test_quiet_prints_errors_only(tmp_path: Path) -> None:
    good = write_case_folder(tmp_path / "good", complete_data())
    runner = CliRunner()
    built = runner.invoke(
        cli, ["--quiet", "build", "--no-pack", "--as-of", "2026-06-01", str(good)]
    )
    assert built.exit_code == 0, built.output
    assert built.output == ""
    assert (good / "out" / "manifest.json").is_file()
    checked = runner.invoke(cli, ["-q", "check", "--as-of", "2026-06-01", str(good)])
    assert (checked.exit_code, checked.output) == (0, "")
    wanted = runner.invoke(cli, ["-q", "check", "--format", "json", str(good)])
    assert json.loads(wanted.output)["reference"] == "PF-TEST-0001"  # asked for: still printed
    missing = runner.invoke(cli, ["-q", "build", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1
    assert "no such folder" in missing.output
    batch = runner.invoke(cli, ["-q", "batch", "-j", "1", "--as-of", "2026-06-01", str(tmp_path)])
    assert batch.exit_code == 0, batch.output
    assert batch.stdout == "" and batch.stderr == ""
    # Without --quiet the same batch tells what stopped nothing, once for all its cases, on
    # stderr (stdout stays the summary alone).
    told = runner.invoke(cli, ["batch", "-j", "1", "--as-of", "2026-06-01", str(tmp_path)])
    assert told.exit_code == 0, told.output
    assert "notice (1 case): no letter for" in told.stderr
    assert "notice" not in told.stdout


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.output == f"permdocs, version {__version__}\n"


@pytest.mark.parametrize(("shell", "marker"), [("bash", "complete "), ("zsh", "compdef")])
def test_shell_completion_scripts_as_the_readme_says(shell: str, marker: str) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"_PERMDOCS_COMPLETE={shell}_source permdocs" in readme
    result = CliRunner().invoke(
        cli, [], prog_name="permdocs", env={"_PERMDOCS_COMPLETE": f"{shell}_source"}
    )
    assert result.exit_code == 0
    assert marker in result.output and "_PERMDOCS_COMPLETE" in result.output


# --- new -------------------------------------------------------------------------------------


def test_new_writes_the_schema_its_first_line_names(tmp_path: Path) -> None:
    folder = tmp_path / "PF-2026-0150"
    result = CliRunner().invoke(cli, ["new", str(folder)])
    assert result.exit_code == 0, result.output
    first = (folder / "case.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={SCHEMA_FILE}"
    schema = json.loads((folder / SCHEMA_FILE).read_text(encoding="utf-8"))
    assert schema["title"] == "permdocs case file"
    assert "child" in schema["properties"]


# --- profile new -------------------------------------------------------------------------------


def test_profile_new_writes_a_commented_profile_to_fill_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["profile", "new", "northmoor"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Created northmoor.yaml. Fill in every CHANGE ME")
    path = tmp_path / "northmoor.yaml"
    again = runner.invoke(cli, ["profile", "new", "northmoor"])
    assert again.exit_code == 1 and "already exists" in again.output
    text = path.read_text(encoding="utf-8")
    profile = load_profile(str(path))
    assert profile.name == "northmoor"
    assert profile.rules == load_profile("default").rules  # statutory rules, as bundled
    lines = text.splitlines()
    written = 0
    for name in Profile.model_fields:
        where = next((i for i, line in enumerate(lines) if line.startswith(f"{name}:")), None)
        if where is None:
            continue  # left out, as in the bundled profile (templates, checklist)
        written += 1
        assert lines[where - 1].startswith("# "), f"{name} is not explained"
    assert written >= 9
    assert "# The council's name, as on its letterhead.\ncouncil_name: CHANGE ME" in text
    assert "  # First LAC review within 20 working days" in text  # each rule explained


def test_a_new_profile_stops_final_builds_until_the_council_is_filled_in(tmp_path: Path) -> None:
    path = tmp_path / "northmoor.yaml"
    assert CliRunner().invoke(cli, ["profile", "new", str(path)]).exit_code == 0
    case = make_case(complete_data())
    (finding,) = run_checks(case, load_profile(str(path)), AS_OF)
    assert finding.code == "example-council"
    assert "name 'CHANGE ME' (a placeholder to fill in)" in finding.message
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["council_name"] = "Northmoor Borough Council"
    data["address"] = {
        "lines": ["Town Hall", "High Street"],
        "postcode": "NM1 2AB",
        "phone": "01234 567890",
        "email": "fostering@northmoor.gov.uk",
    }
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert run_checks(case, load_profile(str(path)), AS_OF) == []


IMPORT_FILES = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "ssda903"


def test_quiet_covers_every_command_and_leaves_asked_for_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --quiet a command that goes well prints nothing (not a report, not a list of files,
    not 'Wrote ...'), whichever command it is; output asked for with --format still comes."""
    monkeypatch.chdir(tmp_path)
    good = write_case_folder(tmp_path / "cases" / "good", complete_data())
    runner = CliRunner()
    header, episodes = str(IMPORT_FILES / "header.csv"), str(IMPORT_FILES / "episodes.csv")
    commands = [
        ["new", str(tmp_path / "fresh")],
        ["profile", "new", "northmoor"],
        ["templates", "check"],
        ["templates", "list", str(good)],
        ["templates", "copy", str(tmp_path / "council")],
        ["templates", "upgrade", "--dry-run", str(tmp_path / "council")],
        ["tracker", "--as-of", "2026-06-01", str(tmp_path / "cases")],
        [
            "tracker",
            "--as-of",
            "2026-06-01",
            "--force",
            "--xlsx",
            str(tmp_path / "t.xlsx"),
            "cases",
        ],
        [
            "import",
            "903",
            "--dry-run",
            str(tmp_path / "new-case"),
            "--child",
            "004417",
            header,
            episodes,
        ],
    ]
    for command in commands:
        loud = runner.invoke(cli, command) if command[0] == "tracker" else None
        if loud is not None:  # the same command without --quiet does print something
            assert loud.output, command
        quiet = runner.invoke(cli, ["--quiet", *command])
        assert quiet.exit_code == 0, (command, quiet.output)
        assert (quiet.stdout, quiet.stderr) == ("", ""), command
    assert (tmp_path / "t.xlsx").is_file()
    wanted = runner.invoke(
        cli, ["-q", "tracker", "--as-of", "2026-06-01", "--format", "csv", str(tmp_path / "cases")]
    )
    assert wanted.exit_code == 0 and "PF-TEST-0001" in wanted.stdout
    fields = runner.invoke(cli, ["-q", "templates", "fields", "--format", "json"])
    assert json.loads(fields.stdout)


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["build"],
        ["letters"],
        ["pack"],
        ["batch"],
        ["tracker"],
        ["templates", "check"],
        ["templates", "list"],
        ["import", "903", "--child", "1", "--dry-run", "-"],
    ],
)
def test_no_color_and_quiet_on_every_commands_errors(tmp_path: Path, command: list[str]) -> None:
    """Every command's error is printed with --quiet, and without colour under NO_COLOR."""
    missing = str(tmp_path / "nowhere")
    argv = [*command[:2], missing] if command[0] == "templates" else [command[0], missing]
    if command[0] == "import":
        argv = ["import", "903", missing, "--child", "1", "--dry-run", missing + ".csv"]
    plain = CliRunner().invoke(cli, ["--quiet", *argv], color=True, env={"NO_COLOR": "1"})
    assert plain.exit_code != 0, plain.output
    assert plain.output.strip(), argv  # the error is still said
    assert ESC not in plain.output
