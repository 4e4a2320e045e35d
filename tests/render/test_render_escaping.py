"""Rendering is safe: typed text appears exactly, templates cannot run code, gaps are never blank."""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx.document import Document as DocxDocument

from docx_helpers import open_docx, section, xml_parts
from permdocs.api import build_case, case_profile, load_case
from permdocs.build.options import BuildOptions
from permdocs.errors import BlockedError, RenderError, TemplateError
from permdocs.policy.documents import KINDS
from permdocs.render.engine import prepare_template, render_document
from permdocs.render.jinja_env import NoneOutputError, finalize_for_word
from permdocs.render.missing import Missing
from permdocs.render.viewmodel import build_view, document_context
from permdocs.resources import bundled_templates_dir
from render_builds import FIXTURE, FIXTURE_AS_OF

HOSTILE = (
    "Tom & Jerry <select> \"double\" 'single' 😀 مرحبا بالعالم שלום "
    "{{ 7*7 }} {% if true %}x{% endif %} {# c #} {_{ y }_} ]]> &amp; <w:p/>"
)


def make_case(tmp_path: Path, change: Callable[[dict[str, Any]], None] | None = None) -> Path:
    """A copy of the render fixture as case.json, after ``change`` edits its data."""
    folder = tmp_path / "case"
    shutil.copytree(FIXTURE, folder, ignore=shutil.ignore_patterns("out", "case.yaml"))
    data = yaml.safe_load((FIXTURE / "case.yaml").read_text(encoding="utf-8"))
    if change is not None:
        change(data)
    (folder / "case.json").write_text(json.dumps(data, default=str), encoding="utf-8")
    return folder


def build(folder: Path, **options: Any) -> list[Path]:
    options.setdefault("as_of", FIXTURE_AS_OF)
    result = build_case(folder, BuildOptions(out=folder / "out", **options))
    return list(result.written)


def doc(folder: Path, kind: str) -> DocxDocument:
    return open_docx(folder / "out" / f"RT-2026-0001_{kind}.docx")


# --- typed text -----------------------------------------------------------------------------


def test_typed_text_appears_exactly(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["child"]["wishes_and_feelings"] = HOSTILE
        data["siblings"][0]["name"] = "Zofia <b>&</b> {{ child.full_name }}"
        data["carers"]["assessment"]["strengths"] = HOSTILE

    folder = make_case(tmp_path, change)
    build(folder)
    part2 = doc(folder, "matching-report-part2")
    wishes = section(part2, "Wishes and feelings")
    assert HOSTILE in wishes.paragraphs
    assert "49" not in wishes.text
    siblings = section(part2, "Brothers and sisters").tables[0]
    assert siblings[1][0] == "Zofia <b>&</b> {{ child.full_name }}"
    part3 = doc(folder, "matching-report-part3")
    assert HOSTILE in section(part3, "The supervising social worker's assessment").paragraphs


def test_line_breaks_become_word_line_breaks(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["child"]["risks"] = "first line\nsecond & line\n\nafter a blank line\tand a tab"

    folder = make_case(tmp_path, change)
    build(folder)
    path = folder / "out" / "RT-2026-0001_matching-report-part2.docx"
    body = xml_parts(path.read_bytes())["word/document.xml"].decode()
    assert re.search(r"first line</w:t><w:br/><w:t[^>]*>second &amp; line</w:t><w:br/>", body)
    assert "<w:tab/>" in body
    risks = section(doc(folder, "matching-report-part2"), "Risks and how they are managed")
    assert "first line\nsecond & line\n\nafter a blank line\tand a tab" in risks.paragraphs


def test_a_hundred_kilobytes_of_text_renders_whole(tmp_path: Path) -> None:
    long_text = "\n".join(f"Line {number}: " + "word " * 18 for number in range(1000))
    assert len(long_text) > 100_000

    def change(data: dict[str, Any]) -> None:
        data["child"]["history"]["chronology_summary"] = long_text

    folder = make_case(tmp_path, change)
    build(folder, only=["matching-report-part2"])
    chronology = section(
        doc(folder, "matching-report-part2"),
        "The Permanency Planning Meeting and the chronology",
    )
    assert long_text.rstrip("\n") in chronology.paragraphs


def test_finalize_escapes_once_and_writes_braces_as_references() -> None:
    assert finalize_for_word("a & <b>") == "a &amp; &lt;b&gt;"
    assert finalize_for_word("{{ x }}") == "&#123;&#123; x &#125;&#125;"
    assert finalize_for_word(True) == "Yes"
    assert finalize_for_word(date(2025, 3, 14)) == "14 March 2025"
    with pytest.raises(NoneOutputError):
        finalize_for_word(None)


def test_missing_is_falsy_and_never_prints_as_plain_text() -> None:
    marker = Missing.at("child.disability")
    assert not marker
    assert marker.label == "Child: disability" and marker.owner == "child's social worker"
    assert "None" not in str(marker) and "child.disability" in str(marker)


def test_typed_missing_wording_is_just_text(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["child"]["risks"] = "[MISSING: Child: risks — child's social worker]"

    folder = make_case(tmp_path, change)
    build(folder, only=["matching-report-part2"])  # final: the typed words are not a gap
    text = "\n".join(p.text for p in doc(folder, "matching-report-part2").paragraphs)
    text += "\n".join(
        cell.text
        for table in doc(folder, "matching-report-part2").tables
        for row in table.rows
        for cell in row.cells
    )
    assert "[MISSING: Child: risks — child's social worker]" in text


# --- gaps -----------------------------------------------------------------------------------


def _without_disability(data: dict[str, Any]) -> None:
    del data["child"]["disability"]
    del data["carers"]["reference"]


def test_a_missing_value_stops_a_final_build_and_names_field_owner_and_document(
    tmp_path: Path,
) -> None:
    folder = make_case(tmp_path, _without_disability)
    # The completeness checks stop a final build before anything renders; the renderer's own
    # refusal of a missing required value stays as a second guard (test_render_templates).
    with pytest.raises(BlockedError) as caught:
        build(folder)
    message = str(caught.value)
    assert "Permanency Planning Meeting referral" in message
    assert "Fostering panel front sheet" in message
    assert "Child: disability (child.disability) is not filled in" in message
    assert "Carers: reference (carers.reference) is not filled in" in message
    assert "(owed by the child's social worker)" in message
    assert "(owed by the fostering social worker)" in message
    assert "--draft" in message
    assert not (folder / "out").exists() or not list((folder / "out").glob("*.docx"))


def test_a_gap_the_document_does_not_require_reads_not_recorded(tmp_path: Path) -> None:
    """The registry says what each document must carry; anything else it shows is optional."""

    def change(data: dict[str, Any]) -> None:
        del data["ppm"]["chair"]  # a referral is written before the meeting has a chair

    folder = make_case(tmp_path, change)
    build(folder, only=["ppm-referral"])  # final, no error
    referral = section(doc(folder, "ppm-referral"), "The referral").tables[0]
    assert ["Chair", "Not recorded"] in referral


def test_a_draft_marks_each_gap_in_yellow_and_says_draft(tmp_path: Path) -> None:
    folder = make_case(tmp_path, _without_disability)
    build(folder, draft=True)
    path = folder / "out" / "RT-2026-0001_ppm-referral.docx"
    parts = xml_parts(path.read_bytes())
    body = parts["word/document.xml"].decode()
    marker = "[MISSING: Child: disability — child's social worker]"
    assert re.search(
        r'<w:highlight w:val="yellow"/>.{0,200}</w:rPr><w:t xml:space="preserve">'
        + re.escape(marker.replace("'", "'")),
        body,
    )
    document = doc(folder, "ppm-referral")
    identity = section(document, "The child").tables[0]
    assert [marker] in [row[1:] for row in identity]
    header = document.sections[0].header.paragraphs[0].text
    footer = "\n".join(p.text for p in document.sections[0].footer.paragraphs)
    assert "DRAFT" in header and "DRAFT" in footer and "FINAL" not in footer


# --- templates cannot misbehave -------------------------------------------------------------


def _template(tmp_path: Path, *lines: str, header: str | None = None) -> Path:
    """A council-style template: the bundled front sheet's header and footer, our body."""
    import docx

    document = docx.Document(str(bundled_templates_dir() / "panel-front-sheet.docx"))
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("sectPr"):
            body.remove(child)
    for line in lines:
        document.add_paragraph(line)
    if header is not None:
        paragraph = document.sections[0].header.paragraphs[0]
        for run in paragraph.runs:
            run.text = ""
        paragraph.runs[0].text = header
    path = tmp_path / f"template-{len(list(tmp_path.glob('template-*')))}.docx"
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def _render(template: Path, *, draft: bool = False) -> bytes:
    folder = load_case(FIXTURE)
    view = build_view(folder.case, case_profile(folder), as_of=FIXTURE_AS_OF)
    kind = KINDS["panel-front-sheet"]
    context = document_context(view, kind, draft=draft, as_of=FIXTURE_AS_OF)
    return render_document(
        prepare_template(template), context, document="test document", draft=draft
    )


@pytest.mark.parametrize(
    "tag",
    [
        "{{ ''.__class__ }}",
        "{{ child.__class__.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{{ child.lac_reviews.append(1) }}",
    ],
)
def test_the_sandbox_refuses_code(tmp_path: Path, tag: str) -> None:
    with pytest.raises(TemplateError) as caught:
        _render(_template(tmp_path, tag))
    assert "template" in str(caught.value)


def test_an_unknown_name_is_an_error_naming_the_paragraph(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        _render(_template(tmp_path, "Born {{ child.date_of_brith }}"))
    message = str(caught.value)
    assert "date_of_brith" in message and "Born" in message


def test_switching_off_escaping_or_marking_text_safe_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="escaping"):
        _render(
            _template(tmp_path, "{% autoescape false %}{{ child.full_name }}{% endautoescape %}")
        )
    with pytest.raises(TemplateError, match="safe"):
        _render(_template(tmp_path, "{{ child.full_name|safe }}"))


def test_a_tag_left_in_the_output_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="still has a template tag"):
        _render(_template(tmp_path, "{% raw %}{{ child.full_name }}{% endraw %}"))


def test_a_syntax_error_names_the_template_and_says_what_to_check(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        _render(_template(tmp_path, "{% if child.full_name %}no end"))
    assert "not valid" in caught.value.message and caught.value.hint


def test_a_template_without_the_marking_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="OFFICIAL-SENSITIVE"):
        _render(_template(tmp_path, "{{ child.full_name }}", header="Children's Services"))


def test_a_draft_from_a_template_that_cannot_say_draft_is_refused(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ child.full_name }}", header="OFFICIAL-SENSITIVE")
    assert _render(template)  # fine as a final document
    with pytest.raises(RenderError, match="DRAFT"):
        _render(template, draft=True)


def test_templates_are_prepared_once_and_reused(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ child.full_name }}")
    first = prepare_template(template)
    copy = tmp_path / "copy.docx"
    copy.write_bytes(template.read_bytes())
    again = prepare_template(copy)
    assert again.parts is first.parts  # same compiled Jinja templates, keyed by content
    assert again.label == str(copy)


def test_the_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ child.full_name }}")
    assert _render(template) == _render(template)
