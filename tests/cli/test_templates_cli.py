"""``permdocs templates``: check, list, fields and copy, with their exit codes and output."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

from lint_helpers import bundled, paragraph, with_body, write
from permdocs.cli import cli
from permdocs.lint import template_kinds
from permdocs.lint.reference import fields_markdown
from render_builds import FIXTURE, ROOT, copy_case

DOCS = ROOT / "docs"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_every_templates_command_has_help_with_an_example() -> None:
    group = cli.commands["templates"]
    assert isinstance(group, click.Group)
    for name in ["", *group.commands]:
        code, output = run("templates", *([name] if name else []), "--help")
        assert code == 0, name
        assert "Example" in output, f"templates {name} --help shows no example"


def test_check_of_the_bundled_templates_passes() -> None:
    code, output = run("templates", "check")
    assert code == 0, output
    assert "bundled templates" in output


def test_check_reports_each_problem_with_its_place_and_exits_1(tmp_path: Path) -> None:
    council = tmp_path / "council"
    write(council, "ppm-referral.docx", with_body("ppm-referral", paragraph("{{ child.nmae }}")))
    write(council, "letter-carers.docx", bundled("letter-carers"))
    code, output = run("templates", "check", str(council))
    assert code == 1
    assert "ppm-referral.docx (ppm-referral, for professional): 1 error" in output
    assert "word/document.xml, paragraph" in output and "“{{ child.nmae }}”" in output
    assert "letter-carers.docx (letter-carers, for carers): no problems found" in output
    assert "What to do:" in output


def test_check_json_lists_files_and_findings(tmp_path: Path) -> None:
    council = tmp_path / "council"
    write(council, "ppm-referral.docx", with_body("ppm-referral", paragraph("{{ child.nmae }}")))
    code, output = run("templates", "check", "--format", "json", str(council))
    assert code == 1
    payload = json.loads(output)
    assert payload["errors"] == 1
    (file,) = payload["files"]
    assert file["kind"] == "ppm-referral"
    (finding,) = file["findings"]
    assert finding["code"] == "unknown-field"
    assert finding["part"] == "word/document.xml"
    assert finding["text"] == "{{ child.nmae }}"


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    council = tmp_path / "council"
    write(council, "letterhead.docx", bundled("ppm-referral"))
    assert run("templates", "check", str(council))[0] == 0
    assert run("templates", "check", "--strict", str(council))[0] == 1


def test_an_empty_folder_is_an_error_and_a_missing_one_a_usage_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, output = run("templates", "check", str(empty))
    assert code == 1 and "holds no Word templates" in output
    assert run("templates", "check", str(tmp_path / "nowhere"))[0] == 2


def test_list_shows_the_council_template_for_its_kind_only(tmp_path: Path) -> None:
    council = tmp_path / "council"
    template = write(council, "panel-checklist.docx", bundled("panel-checklist"))
    case = copy_case(FIXTURE, tmp_path / "case")
    code, output = run("templates", "list", "--templates", str(council), str(case))
    assert code == 0, output
    lines = {line.split()[0]: line for line in output.splitlines() if line.startswith("  ")}
    assert set(lines) == set(template_kinds())
    assert str(template) in lines["panel-checklist"]
    assert all("bundled" in line for kind, line in lines.items() if kind != "panel-checklist")
    code, output = run("templates", "list", "--format", "json", "--templates", str(council))
    sources = {entry["kind"]: entry["source"] for entry in json.loads(output)["templates"]}
    assert sources["panel-checklist"] == str(template)


def test_list_without_a_council_folder_says_so() -> None:
    code, output = run("templates", "list")
    assert code == 0
    assert "every document uses the bundled template" in output


def test_copy_writes_every_template_once_and_never_clobbers(tmp_path: Path) -> None:
    target = tmp_path / "council-templates"
    code, output = run("templates", "copy", str(target))
    assert code == 0, output
    assert sorted(path.stem for path in target.iterdir()) == sorted(template_kinds())
    (target / "ppm-referral.docx").write_bytes(b"edited")
    code, output = run("templates", "copy", str(target))
    assert code == 1 and "--force" in output
    assert (target / "ppm-referral.docx").read_bytes() == b"edited"
    assert run("templates", "copy", "--force", str(target))[0] == 0
    assert run("templates", "check", str(target))[0] == 0


def test_fields_prints_the_reference() -> None:
    code, output = run("templates", "fields")
    assert code == 0
    assert output == fields_markdown()
    assert "| `child.education.school` |" in output


def test_docs_fields_md_is_current() -> None:
    committed = (DOCS / "fields.md").read_text(encoding="utf-8")
    assert committed == fields_markdown(), (
        "docs/fields.md is out of date with the view model: run `make docs` and commit it"
    )


def test_the_guide_links_the_field_reference() -> None:
    guide = (DOCS / "council-templates.md").read_text(encoding="utf-8")
    assert "(fields.md)" in guide
    assert "permdocs templates check" in guide and "OFFICIAL-SENSITIVE" in guide


def test_list_flags_a_council_template_the_check_would_refuse(tmp_path: Path) -> None:
    council = tmp_path / "council"
    write(council, "ppm-referral.docx", with_body("ppm-referral", paragraph("{{ child.nmae }}")))
    code, output = run("templates", "list", "--templates", str(council))
    assert code == 0
    (line,) = [line for line in output.splitlines() if line.startswith("  ppm-referral")]
    assert "REFUSED: 1 error" in line
    assert f"permdocs templates check {council}" in output
