"""The template check finds docxtpl's structural traps and Jinja syntax errors, each with its
place: the part of the file and the paragraph or table cell text."""

from __future__ import annotations

from pathlib import Path

from lint_helpers import paragraph, table, with_body, write
from permdocs.lint import FileReport, LintFinding, lint_file


def lint(tmp_path: Path, data: bytes, name: str = "ppm-referral.docx") -> FileReport:
    return lint_file(write(tmp_path, name, data))


def only(report: FileReport, code: str) -> LintFinding:
    found = [finding for finding in report.findings if finding.code == code]
    assert found, f"no {code} in:\n{report.text()}"
    return found[0]


def test_a_tag_split_across_two_paragraphs_is_found_where_it_starts(tmp_path: Path) -> None:
    data = with_body(
        "ppm-referral", paragraph("Name: {{ child.", "full"), paragraph("_name }} as recorded")
    )
    finding = only(lint(tmp_path, data), "tag-split-across-paragraphs")
    assert finding.severity == "error"
    assert finding.place.part == "word/document.xml"
    assert finding.place.text == "Name: {{ child.full"
    assert "_name }} as recorded" in finding.message


def test_a_tag_split_across_runs_of_one_paragraph_is_fine(tmp_path: Path) -> None:
    # Word splits text into runs at will; docxtpl joins them, so this is one good tag.
    data = with_body("ppm-referral", paragraph("Known as: {{ child.", "known_as }}"))
    assert lint(tmp_path, data).clean


def test_two_paragraph_tags_in_one_paragraph_are_an_error(tmp_path: Path) -> None:
    data = with_body("ppm-referral", paragraph("{%p if siblings %}", "{%p endif %}"))
    finding = only(lint(tmp_path, data), "level-tag-shared")
    assert "{%p endif %}" in finding.message
    assert finding.place.text == "{%p if siblings %}{%p endif %}"


def test_words_beside_a_paragraph_tag_would_be_dropped(tmp_path: Path) -> None:
    data = with_body(
        "ppm-referral",
        paragraph("Brothers and sisters: {%p if siblings %}"),
        paragraph("{%p endif %}"),
    )
    finding = only(lint(tmp_path, data), "level-tag-drops-text")
    assert "Brothers and sisters:" in finding.message
    assert finding.place.where.startswith("paragraph ")


def test_a_row_tag_outside_a_table_is_an_error(tmp_path: Path) -> None:
    data = with_body("ppm-referral", paragraph("{%tr if siblings %}"), paragraph("{%tr endif %}"))
    finding = only(lint(tmp_path, data), "level-tag-outside-table")
    assert finding.place.text == "{%tr if siblings %}"


def test_two_row_tags_in_one_row_are_found_in_their_table_cell(tmp_path: Path) -> None:
    data = with_body(
        "ppm-referral",
        table(["{%tr for s in siblings %}", "{%tr if s.plan %}"], ["{{ s.name }}", ""]),
        table(["{%tr endif %}"], ["{%tr endfor %}"]),
    )
    finding = only(lint(tmp_path, data), "level-tag-shared")
    assert finding.place.part == "word/document.xml"
    assert ", row 1, cell 1" in finding.place.where
    assert finding.place.text == "{%tr for s in siblings %}"


def test_an_if_that_ends_inside_a_table_cuts_the_table(tmp_path: Path) -> None:
    data = with_body(
        "ppm-referral",
        paragraph("{% if siblings %}Brothers and sisters"),
        table(["{% endif %}"]),
    )
    finding = only(lint(tmp_path, data), "block-crosses-structure")
    assert finding.place.text == "{% if siblings %}Brothers and sisters"


def test_an_unclosed_if_is_reported_where_it_opens(tmp_path: Path) -> None:
    data = with_body("ppm-referral", paragraph("{%p if child.court.recorded %}"), paragraph("x"))
    finding = only(lint(tmp_path, data), "syntax")
    assert "never closed" in finding.message
    assert finding.place.text == "{%p if child.court.recorded %}"
    assert "{%p endif %}" in finding.hint


def test_a_syntax_error_names_its_table_cell(tmp_path: Path) -> None:
    data = with_body("ppm-referral", table(["Name", "{{ child.full_name ) }}"]))
    finding = only(lint(tmp_path, data), "syntax")
    assert "{{ child.full_name ) }}" in finding.message
    assert finding.place.where.endswith("row 1, cell 2")
    assert finding.place.text == "{{ child.full_name ) }}"


def test_an_unknown_filter_is_a_syntax_error(tmp_path: Path) -> None:
    data = with_body("ppm-referral", paragraph("{{ child.full_name | shout }}"))
    finding = only(lint(tmp_path, data), "syntax")
    assert "shout" in finding.message


def test_the_safe_filter_is_refused_with_a_reason(tmp_path: Path) -> None:
    data = with_body("ppm-referral", paragraph("{{ child.full_name | safe }}"))
    finding = only(lint(tmp_path, data), "syntax")
    assert "escaped" in finding.hint


def test_a_stray_closing_brace_pair_is_found(tmp_path: Path) -> None:
    data = with_body("ppm-referral", paragraph("Name: child.full_name }}"))
    finding = only(lint(tmp_path, data), "tag-stray-closer")
    assert finding.place.text == "Name: child.full_name }}"


def test_a_malformed_paragraph_tag_is_explained(tmp_path: Path) -> None:
    data = with_body("ppm-referral", paragraph("{%p\tif siblings %}"), paragraph("{%p endif %}"))
    report = lint(tmp_path, data)
    assert only(report, "level-tag-malformed").place.text == "{%p\tif siblings %}"


def test_rich_text_run_tags_are_refused(tmp_path: Path) -> None:
    data = with_body("ppm-referral", paragraph("{{r child.full_name }}"))
    assert only(lint(tmp_path, data), "run-tag").severity == "error"


def test_a_tag_in_a_footer_is_located_in_that_footer(tmp_path: Path) -> None:
    from lint_helpers import bundled, rezip

    data = rezip(
        bundled("ppm-referral"),
        replace={"word/footer1.xml": lambda xml: xml.replace("{{ doc.title }}", "{{ doc.title ")},
    )
    # Jinja reads on to the next tag's }}, so this is a syntax error in the footer's paragraph.
    finding = only(lint(tmp_path, data), "syntax")
    assert finding.place.part == "word/footer1.xml"
    assert finding.place.text.startswith("{{ doc.title  · Case")
    assert "{{ doc.title  · Case {{ doc.reference }}" in finding.message
