"""A council's templates in a build: used kind by kind (the manifest says which), the others
bundled; a council template that fails the check stops the build with the findings, and nothing
is written."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from lint_helpers import paragraph, table, with_body, write
from permdocs.api import build_case
from permdocs.build.options import BuildOptions
from permdocs.errors import PermdocsError, TemplateError
from render_builds import FIXTURE, FIXTURE_AS_OF, copy_case

COUNCIL_LINE = "Prepared by the Council of Example's permanence team."


@pytest.fixture
def case(tmp_path: Path) -> Path:
    return copy_case(FIXTURE, tmp_path / "case")


def _manifest(out: Path) -> dict[str, dict[str, str]]:
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {entry["kind"]: entry for entry in data["documents"]}


def test_a_council_template_is_used_for_its_kind_only(case: Path, tmp_path: Path) -> None:
    council = tmp_path / "council"
    template = write(
        council, "panel-front-sheet.docx", with_body("panel-front-sheet", paragraph(COUNCIL_LINE))
    )
    result = build_case(
        case, BuildOptions(templates=council, as_of=FIXTURE_AS_OF, out=tmp_path / "out")
    )
    entries = _manifest(result.out)
    assert entries["panel-front-sheet"]["template"] == str(template)
    assert (
        entries["panel-front-sheet"]["template_sha256"]
        == hashlib.sha256(template.read_bytes()).hexdigest()
    )
    others = [kind for kind in entries if kind != "panel-front-sheet"]
    assert others and all(entries[kind]["template"] == "bundled" for kind in others)
    from docx_helpers import open_docx

    front_sheet = next(d for d in result.documents if d.kind == "panel-front-sheet")
    text = "\n".join(p.text for p in open_docx(front_sheet.data).paragraphs)
    assert COUNCIL_LINE in text


def test_a_profile_names_the_council_folder_relative_to_itself(case: Path, tmp_path: Path) -> None:
    council = tmp_path / "settings" / "word"
    template = write(
        council, "panel-checklist.docx", with_body("panel-checklist", paragraph(COUNCIL_LINE))
    )
    profile = tmp_path / "settings" / "council.yaml"
    profile.write_text(
        "name: council\ncouncil_name: Council of Example\ntemplates: word\n", encoding="utf-8"
    )
    result = build_case(
        case,
        BuildOptions(profile=str(profile), as_of=FIXTURE_AS_OF, out=tmp_path / "out", draft=True),
    )
    assert _manifest(result.out)["panel-checklist"]["template"] == str(template)


def test_a_council_template_with_an_unknown_field_stops_the_build(
    case: Path, tmp_path: Path
) -> None:
    council = tmp_path / "council"
    write(
        council,
        "ppm-referral.docx",
        with_body("ppm-referral", paragraph("Child: {{ child.nmae }}")),
    )
    out = tmp_path / "out"
    with pytest.raises(TemplateError) as raised:
        build_case(case, BuildOptions(templates=council, as_of=FIXTURE_AS_OF, out=out))
    message = str(raised.value)
    assert "ppm-referral.docx" in message
    assert "“child.nmae” is not something permdocs gives a ppm-referral template" in message
    assert "word/document.xml" in message and "Child: {{ child.nmae }}" in message
    assert "Nothing was written" in message
    assert "permdocs templates check" in message
    assert not out.exists() or not any(out.iterdir())


def test_a_missing_profile_templates_folder_stops_the_build(case: Path, tmp_path: Path) -> None:
    profile = tmp_path / "council.yaml"
    profile.write_text(
        "name: council\ncouncil_name: Council of Example\ntemplates: no-such-folder\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    with pytest.raises(PermdocsError, match="templates folder named in the council profile"):
        build_case(case, BuildOptions(profile=str(profile), as_of=FIXTURE_AS_OF, out=out))
    assert not out.exists() or not any(out.iterdir())


def test_permdocs_build_prints_the_findings_and_exits_1(case: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from permdocs.cli import cli

    council = tmp_path / "council"
    write(
        council,
        "panel-front-sheet.docx",
        with_body("panel-front-sheet", table(["Carers", "{{ carers.nmes }}"])),
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "--as-of",
            FIXTURE_AS_OF.isoformat(),
            "--templates",
            str(council),
            "--out",
            str(out),
            str(case),
        ],
    )
    assert result.exit_code == 1
    assert "the council's panel-front-sheet template cannot be used" in result.output
    assert "cell 2 “{{ carers.nmes }}”" in result.output
    assert "did you mean carers.names?" in result.output
    assert not out.exists() or not any(out.iterdir())
