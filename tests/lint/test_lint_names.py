"""Every name a template uses is checked against what its kind of document is given: nested
paths, loop variables, {% set %}, macros; restricted details for a birth parent's letter; and the
bundled templates pass, so the description of the view model matches the real one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lint_helpers import bundled, paragraph, rezip, table, with_body, write
from permdocs.api import case_profile, load_case
from permdocs.letters.context import letter_context
from permdocs.letters.plan import plan_letters
from permdocs.lint import FileReport, LintFinding, lint_file, lint_folder, schema_for
from permdocs.lint.schema import ContextSchema, Shape, describe
from permdocs.policy.documents import REPORTS
from permdocs.render.viewmodel import build_view, document_context
from render_builds import SAMPLE_AS_OF, sample_folders


def lint(tmp_path: Path, data: bytes, kind: str = "ppm-referral") -> FileReport:
    return lint_file(write(tmp_path, f"{kind}.docx", data))


def codes(report: FileReport) -> list[str]:
    return [finding.code for finding in report.findings]


def first(report: FileReport, code: str) -> LintFinding:
    found = [finding for finding in report.findings if finding.code == code]
    assert found, f"no {code} in:\n{report.text()}"
    return found[0]


def test_the_bundled_templates_are_clean() -> None:
    report = lint_folder()
    named = [file for file in report.files if file.kind is not None]
    assert len(named) == len(schema_kinds())
    problems = "\n".join(file.text() for file in report.files if file.errors or file.kind)
    assert report.errors == 0, problems
    assert all(file.clean for file in named), problems


def schema_kinds() -> list[str]:
    from permdocs.lint import template_kinds

    return list(template_kinds())


def test_a_misspelt_nested_name_is_found_with_a_suggestion(tmp_path: Path) -> None:
    data = with_body("ppm-referral", table(["School", "{{ child.education.schol }}"]))
    finding = first(lint(tmp_path, data), "unknown-field")
    assert "child.education.schol" in finding.message
    assert "did you mean child.education.school?" in finding.hint
    assert finding.place.text == "{{ child.education.schol }}"
    assert finding.place.where.endswith("row 1, cell 2")


def test_a_name_one_level_too_high_suggests_the_deeper_one(tmp_path: Path) -> None:
    data = with_body("ppm-referral", paragraph("{{ child.school }}"))
    assert "child.education.school" in first(lint(tmp_path, data), "unknown-field").hint


def test_a_loop_variable_resolves_through_the_lists_items(tmp_path: Path) -> None:
    data = with_body(
        "ppm-referral",
        table(["{%tr for s in siblings %}"], ["{{ s.nmae }}"], ["{%tr endfor %}"]),
    )
    finding = first(lint(tmp_path, data), "unknown-field")
    assert "s.nmae" in finding.message and "item of siblings" in finding.message
    assert "did you mean s.name?" in finding.hint
    assert finding.place.text == "{{ s.nmae }}"


def test_a_correct_loop_set_and_macro_pass(tmp_path: Path) -> None:
    data = with_body(
        "ppm-referral",
        paragraph("{% set first = siblings|first %}{{ first.name if first else '' }}"),
        paragraph("{% for p in parents if p.views %}{{ loop.index }}. {{ p.name }}{% endfor %}"),
        paragraph("{% macro who(person) %}{{ person }}{% endmacro %}{{ who(child.known_as) }}"),
        paragraph("{% with c = child.court %}{{ c.case_number }}{% endwith %}"),
        paragraph("{{ siblings|map(attribute='name')|join(', ') }}"),
        paragraph("{% for role, person in professionals.items() %}{{ person.name }}{% endfor %}"),
        paragraph("{% for role in professionals %}{{ professionals[role].name }}{% endfor %}"),
        paragraph("{{ child.full_name|upper }} {{ child.known_as.upper() }}"),
    )
    report = lint(tmp_path, data)
    assert report.clean, report.text()


def test_set_variables_and_filter_attributes_are_checked(tmp_path: Path) -> None:
    data = with_body(
        "ppm-referral",
        paragraph("{% set court = child.court %}{{ court.judge }}"),
        paragraph("{{ siblings|map(attribute='nmae')|join(', ') }}"),
        paragraph("{{ siblings|selectattr('placed_togther')|list|length }}"),
    )
    messages = [f.message for f in lint(tmp_path, data).findings if f.code == "unknown-field"]
    assert any("court.judge" in message for message in messages), messages
    assert any("siblings[].nmae" in message for message in messages), messages
    assert any("placed_togther" in message for message in messages), messages


def test_a_list_used_as_one_value_is_explained(tmp_path: Path) -> None:
    data = with_body("ppm-referral", paragraph("{{ siblings.name }}"))
    finding = first(lint(tmp_path, data), "list-attribute")
    assert "for item in siblings" in finding.hint


def test_printing_a_whole_group_is_an_error(tmp_path: Path) -> None:
    data = with_body("ppm-referral", paragraph("{{ child }}"))
    assert "child.full_name" in first(lint(tmp_path, data), "prints-group").hint


def test_loop_outside_a_loop_is_an_error(tmp_path: Path) -> None:
    data = with_body("ppm-referral", paragraph("{{ loop.index }}"))
    assert "loop-outside-for" in codes(lint(tmp_path, data))


def test_a_misspelt_name_in_a_header_is_found_there(tmp_path: Path) -> None:
    data = rezip(
        bundled("ppm-referral"),
        replace={"word/header1.xml": lambda xml: xml.replace("doc.draft", "doc.drafts")},
    )
    finding = first(lint(tmp_path, data), "unknown-field")
    assert finding.place.part == "word/header1.xml"
    assert "doc.drafts" in finding.message and "doc.draft" in finding.hint


@pytest.mark.parametrize(
    "tag",
    ["{{ carers.address }}", "{{ child.education.school }}", "{{ carers.people[0].name }}"],
)
def test_a_birth_parent_letter_may_not_name_restricted_details(tmp_path: Path, tag: str) -> None:
    data = with_body("letter-birth-parent", paragraph(f"We write about {tag}."))
    report = lint(tmp_path, data, "letter-birth-parent")
    finding = first(report, "restricted-field")
    assert "never given to a letter-birth-parent template" in finding.message
    assert "carers' address or names, or the child's school" in finding.message
    assert finding.place.text == f"We write about {tag}."
    assert "unknown-field" not in codes(report)


def test_the_same_names_are_fine_in_the_carers_letter(tmp_path: Path) -> None:
    data = with_body(
        "letter-carers", paragraph("{{ carers.address }} {{ child.education.school }}")
    )
    assert lint(tmp_path, data, "letter-carers").clean


def test_carers_names_in_a_birth_parent_letter_need_a_guard(tmp_path: Path) -> None:
    unguarded = with_body(
        "letter-birth-parent", paragraph("Your child lives with {{ carers.names }}.")
    )
    finding = first(lint(tmp_path, unguarded, "letter-birth-parent"), "unguarded-optional")
    assert "{% if carers is defined %}" in finding.hint
    guarded = with_body(
        "letter-birth-parent",
        paragraph("{% if carers is defined %}Your child lives with {{ carers.names }}.{% endif %}"),
    )
    assert lint(tmp_path / "guarded", guarded, "letter-birth-parent").clean


def test_a_birth_parent_letter_is_given_its_own_parent_not_the_list(tmp_path: Path) -> None:
    data = with_body("letter-birth-parent", paragraph("{{ parents[0].name }}"))
    assert "restricted-field" in codes(lint(tmp_path, data, "letter-birth-parent"))


def test_the_pack_index_is_checked_against_its_own_view(tmp_path: Path) -> None:
    good = with_body(
        "panel-pack", table(["{%tr for r in pack.rows %}"], ["{{ r.pages }}"], ["{%tr endfor %}"])
    )
    assert lint(tmp_path, good, "panel-pack").clean
    bad = with_body("panel-pack", paragraph("{{ pack.rowz }}"))
    finding = first(lint(tmp_path / "bad", bad, "panel-pack"), "unknown-field")
    assert "did you mean pack.rows?" in finding.hint


def test_a_file_not_named_after_a_kind_is_reported(tmp_path: Path) -> None:
    near = lint_file(write(tmp_path, "ppm_referral.docx", bundled("ppm-referral")))
    assert first(near, "unknown-name").severity == "error"
    assert "ppm-referral.docx" in first(near, "unknown-name").message
    other = lint_file(write(tmp_path, "letterhead.docx", bundled("ppm-referral")))
    assert first(other, "unknown-name").severity == "warning"


# --- the description is the real view model ---------------------------------------------------


def _paths(prefix: str, shape: Shape) -> set[str]:
    found: set[str] = set()
    if shape.kind in ("group", "mapping"):
        for name, member in shape.members.items():
            path = f"{prefix}.{name}" if prefix else name
            found.add(path)
            found |= _paths(path, member.shape)
    elif shape.kind == "list" and shape.element is not None:
        found |= _paths(prefix + "[]", shape.element)
    return found


def _context_paths(context: dict[str, Any]) -> set[str]:
    roots = Shape("group", members={})
    from permdocs.lint.schema import Member

    roots.members.update({name: Member(describe(value)) for name, value in context.items()})
    return _paths("", roots)


def _schema_paths(schema: ContextSchema) -> set[str]:
    return _paths("", schema.roots)


@pytest.mark.parametrize("folder", sample_folders(), ids=lambda folder: folder.name)
def test_every_name_a_real_case_gives_is_in_the_description(folder: Path) -> None:
    """The description is synthesised from the model; each sample case's real contexts (reports
    and letters, draft and final) hold no name it lacks."""
    loaded = load_case(folder)
    profile = case_profile(loaded)
    view = build_view(loaded.case, profile, as_of=SAMPLE_AS_OF)
    for kind in REPORTS:
        for draft in (False, True):
            real = _context_paths(document_context(view, kind, draft=draft, as_of=SAMPLE_AS_OF))
            missing = real - _schema_paths(schema_for(kind.kind))
            assert not missing, f"{kind.kind}: {sorted(missing)}"
    plan = plan_letters(loaded.case, profile, SAMPLE_AS_OF)
    for letter in plan.letters:
        context = letter_context(
            letter,
            case=loaded.case,
            profile=profile,
            plan=plan,
            view=view,
            draft=False,
            as_of=SAMPLE_AS_OF,
        )
        missing = _context_paths(context) - _schema_paths(schema_for(letter.kind.kind))
        assert not missing, f"{letter.name}: {sorted(missing)}"


def test_the_birth_parent_description_never_holds_restricted_values() -> None:
    paths = _schema_paths(schema_for("letter-birth-parent"))
    assert "carers.names" in paths  # only when the placement is not confidential (optional)
    assert schema_for("letter-birth-parent").roots.members["carers"].optional
    for restricted in ("carers.address", "carers.people", "child.education", "decision.reasons"):
        assert restricted not in paths
