"""The package installs and works from any directory, with its templates, profiles and schema."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from permdocs.api import case_json_schema_text
from permdocs.cli import cli

ROOT = Path(__file__).resolve().parents[2]


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


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package built as a wheel, as pip would install it."""
    outdir = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(outdir), ROOT],
        check=True,
        capture_output=True,
    )
    (built,) = outdir.glob("permdocs-*.whl")
    return built


@pytest.mark.slow
def test_wheel_carries_templates_profiles_and_schema(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "permdocs/policy/profiles/default.yaml" in names
    assert "permdocs/build/importing/codelists.json" in names  # the DfE code lists `import` reads
    assert "permdocs/_bundled/schemas/case.schema.json" in names
    templates = {name for name in names if name.startswith("permdocs/_bundled/templates/")}
    assert {Path(name).name for name in templates} >= {
        f"{kind}.docx" for kind in ("ppm-referral", "panel-front-sheet", "panel-checklist")
    }
    assert "permdocs/py.typed" in names
    # What --help and the README point at: the samples, the field reference, the schema.
    assert "permdocs/_bundled/samples/01-existing-carer-agreed/case.yaml" in names
    assert any(n.startswith("permdocs/_bundled/samples/02-") for n in names)
    assert "permdocs/_bundled/docs/fields.md" in names


@pytest.mark.slow
def test_wheel_carries_the_serve_pages_and_assets_with_their_licences(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    serve = "permdocs/serve/"
    assert {
        f"{serve}templates/base.html",
        f"{serve}templates/section.html",
        f"{serve}static/govuk/govuk-frontend.min.css",
        f"{serve}static/govuk/govuk-frontend.min.js",
        f"{serve}static/govuk/LICENCE.txt",
        f"{serve}static/htmx/htmx.min.js",
        f"{serve}static/htmx/LICENCE.txt",
        f"{serve}static/app.js",
    } <= names
    # permdocs is not a GOV.UK service: no GDS Transport font and no crown are shipped.
    assert not [name for name in names if name.endswith((".woff", ".woff2"))]
    css = zipfile.ZipFile(wheel).read(f"{serve}static/govuk/govuk-frontend.min.css").decode()
    assert "GDS Transport" not in css


@pytest.mark.slow
def test_the_installed_wheel_builds_a_sample_from_another_directory(
    wheel: Path, tmp_path: Path
) -> None:
    """The wheel's own files, not the checkout's, are what runs: templates, profiles, schema."""
    installed = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(installed)
    case = tmp_path / "case"
    shutil.copytree(ROOT / "samples" / "01-existing-carer-agreed", case, ignore=_no_outputs)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    environment = {**os.environ, "PYTHONPATH": str(installed)}

    def permdocs(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "permdocs", *arguments],
            cwd=elsewhere,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import permdocs; print(permdocs.__file__)"],
        cwd=elsewhere,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(installed)
    built = permdocs("build", "--no-pack", "--as-of", "2026-11-23", str(case))
    assert built.returncode == 0, built.stderr
    # Six reports and five letters.
    assert len(list((case / "out").glob("PF-2026-0142_*.docx"))) == 11
    schema = permdocs("schema")
    assert json.loads(schema.stdout)["title"] == "permdocs case file"
    example = permdocs("new", "--example", "--sample", "03", "try-it")
    assert example.returncode == 0, example.stderr
    copied = elsewhere / "try-it"
    assert (
        (copied / "case.yaml")
        .read_text("utf-8")
        .startswith("# yaml-language-server: $schema=case.schema.json\n")
    )
    assert json.loads((copied / "case.schema.json").read_text("utf-8"))["title"]
    assert list((copied / "attachments").glob("*.pdf"))
    checked = permdocs("check", "--as-of", "2026-11-23", "try-it")
    assert checked.returncode in (0, 1) and "problem" not in checked.stderr, checked.stderr
    assert permdocs("templates", "list").returncode == 0


def _no_outputs(folder: str, names: list[str]) -> list[str]:
    return [name for name in names if name == "out"]


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


@pytest.mark.slow
def test_the_wheel_installs_as_a_command_in_a_fresh_environment(
    wheel: Path, tmp_path: Path
) -> None:
    """What `pipx install` / `uv tool install` do: a new virtual environment, the wheel installed
    into it, and a `permdocs` command that runs from any folder. The dependencies come from this
    environment (no network in tests); permdocs itself only from the wheel."""
    fresh = tmp_path / "tool"
    subprocess.run([sys.executable, "-m", "venv", str(fresh)], check=True, capture_output=True)
    bin_dir = fresh / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = subprocess.run(
        [
            sys.executable,
            "-c",
            "import pydantic, pathlib; print(pathlib.Path(pydantic.__file__).parents[1])",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "dependencies.pth").write_text(ours + "\n", encoding="utf-8")
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    command = bin_dir / ("permdocs.exe" if os.name == "nt" else "permdocs")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    version = subprocess.run(
        [str(command), "--version"], cwd=elsewhere, capture_output=True, text=True, check=False
    )
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("permdocs, version ")
    where = subprocess.run(
        [str(python), "-c", "import permdocs; print(permdocs.__file__)"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(fresh)
    case = tmp_path / "case"
    shutil.copytree(ROOT / "samples" / "01-existing-carer-agreed", case, ignore=_no_outputs)
    checked = subprocess.run(
        [str(command), "check", "--as-of", "2026-11-23", str(case)],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 blockers" in checked.stdout
