"""Word's curly quotes inside a tag (AutoFormat's doing, the commonest slip in a council template)
are named as what they are, and the template still works; a build stopped by several templates
gives each one instruction, once."""

from __future__ import annotations

from pathlib import Path

import docx
from click.testing import CliRunner

from lint_helpers import paragraph, with_body, write
from permdocs.cli import cli
from permdocs.lint import lint_file
from render_builds import FIXTURE, copy_case

CURLY = "{%p if child.first_names != \u2018nobody\u2019 %}"
STRAIGHT = "{%p if child.first_names != 'nobody' %}"
AS_OF = "2025-10-21"


def _template(folder: Path) -> Path:
    data = with_body(
        "ppm-referral",
        paragraph(CURLY),
        paragraph("Shown when the tag works."),
        paragraph("{%p endif %}"),
        paragraph("{{ \u201cKnown as \u201d ~ child.first_names }}"),
    )
    return write(folder, "ppm-referral.docx", data)


def test_curly_quotes_in_a_tag_are_named_as_such_with_the_fix(tmp_path: Path) -> None:
    report = lint_file(_template(tmp_path))
    assert report.errors == ()
    first, second = report.warnings
    assert (first.code, first.severity, first.place.text) == (
        "curly-quotes-in-tag",
        "warning",
        CURLY,
    )
    assert first.message == (
        f"Word turned the quotes in “{CURLY}” into curly quotes (‘’); permdocs reads them as"
        f" straight quotes, as “{STRAIGHT}”, so the tag still works"
    )
    assert "AutoFormat As You Type" in first.hint and "smart quotes" in first.hint
    assert second.code == "curly-quotes-in-tag" and "(“”)" in second.message
    assert not any("share a" in finding.message for finding in report.findings)


def test_a_template_with_curly_quotes_builds_and_its_tags_work(tmp_path: Path) -> None:
    case = copy_case(FIXTURE, tmp_path / "case")
    templates = tmp_path / "council"
    _template(templates)
    result = CliRunner().invoke(
        cli,
        [
            *("build", "--no-pack", "--only", "ppm-referral"),
            *("--templates", str(templates), "--as-of", AS_OF, str(case)),
        ],
    )
    assert result.exit_code == 0, result.output
    (built,) = (case / "out").glob("*_ppm-referral.docx")
    texts = [p.text for p in docx.Document(str(built)).paragraphs]
    assert "Shown when the tag works." in texts
    assert any(text.startswith("Known as ") for text in texts)


def test_several_broken_templates_get_one_instruction_each(tmp_path: Path) -> None:
    case = copy_case(FIXTURE, tmp_path / "case")
    templates = tmp_path / "council"
    for kind in ("ppm-referral", "panel-checklist"):
        write(templates, f"{kind}.docx", with_body(kind, paragraph("{{ child.nmae }}")))
    result = CliRunner().invoke(
        cli, ["build", "--no-pack", "--templates", str(templates), "--as-of", AS_OF, str(case)]
    )
    assert result.exit_code == 1
    out = result.output
    for kind in ("ppm-referral", "panel-checklist"):
        instruction = f"or move it out of the folder to use the bundled {kind} template"
        assert out.count(instruction) == 1, out
        assert out.index(f"{kind}.docx: the council's") < out.index(instruction)
    assert out.rstrip().endswith(
        "What to do: do what each problem above says, then run the command again"
    )
    # Never several instructions joined into one line.
    assert all(line.count("correct the template in Word") <= 1 for line in out.splitlines())
