"""The package installs and works from any directory, with its templates, profiles and schema."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from permdocs.api import case_json_schema_text
from permdocs.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def test_committed_schema_is_current() -> None:
    committed = (ROOT / "schemas" / "case.schema.json").read_text(encoding="utf-8")
    assert committed == case_json_schema_text(), (
        "schemas/case.schema.json is stale: run `make schema` and commit the result"
    )


def test_schema_command_prints_the_schema() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["title"] == "permdocs case file"
    assert "child" in schema["required"]
    child = schema["$defs"]["Child"]["properties"]
    assert child["date_of_birth"]["description"] == "Date of birth."


@pytest.mark.slow
def test_wheel_carries_templates_profiles_and_schema(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("permdocs-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "permdocs/profiles/default.yaml" in names
    assert "permdocs/_bundled/schemas/case.schema.json" in names
    templates = {name for name in names if name.startswith("permdocs/_bundled/templates/")}
    assert {Path(name).name for name in templates} >= {
        f"{kind}.docx" for kind in ("ppm-referral", "panel-front-sheet", "panel-checklist")
    }
    assert "permdocs/py.typed" in names


def test_python_dash_m_runs_from_another_directory(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "permdocs", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "Exit codes" in result.stdout
