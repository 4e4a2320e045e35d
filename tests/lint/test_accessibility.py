"""The accessibility and print check (``permdocs verify``): each rule finds its defect in a
document made to have it, every bundled template passes, and every sample's built documents,
final and draft, pass; a final document carries no author guidance."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

from permdocs.api import build_case, verify_documents
from permdocs.build.options import BuildOptions
from permdocs.cli import cli
from permdocs.lint.accessibility import check_accessibility, contrast_ratio, headings
from render_builds import SAMPLE_AS_OF, copy_case, sample_folders

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _rules(data: bytes) -> list[str]:
    return [finding.rule for finding in check_accessibility(data)]


def _saved(document: object) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def test_a_careless_document_fails_every_rule_it_breaks() -> None:
    document = docx.Document()
    document.core_properties.title = ""
    document.add_heading("Top", 1)
    document.add_heading("Skipped a level", 3)  # python-docx's heading 3 is light blue, 4.0:1
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "Name"
    rules = _rules(_saved(document))
    assert {"title", "language", "heading-order", "split-row", "contrast"} <= set(rules)
    assert rules.count("split-row") == 2  # each row is named


def test_a_table_heading_row_must_be_marked_as_header() -> None:
    data = (TEMPLATES / "ppm-referral.docx").read_bytes()
    assert "table-header" not in _rules(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    body = etree.fromstring(parts["word/document.xml"])
    marks = list(body.iter(f"{W}tblHeader"))
    assert marks
    for mark in marks:
        mark.getparent().remove(mark)
    parts["word/document.xml"] = etree.tostring(body)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    assert _rules(buffer.getvalue()).count("table-header") == len(marks)


def _png() -> bytes:
    """A 1x1 white PNG, made by hand."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_a_picture_needs_alternative_text() -> None:
    document = docx.Document()
    document.core_properties.language = "en-GB"
    document.core_properties.title = "A letter"
    document.add_picture(io.BytesIO(_png()))
    assert _rules(_saved(document)) == ["alt-text"]
    properties = next(document.element.body.iter("{*}docPr"))
    properties.set("descr", "The council's logo")
    assert _rules(_saved(document)) == []


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio("000000", "FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("777777", "FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("595959", "FFFFFF") > 7


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.docx")), ids=lambda p: p.stem)
def test_every_bundled_template_passes(template: Path) -> None:
    assert check_accessibility(template.read_bytes()) == []


@pytest.fixture(scope="module")
def sample_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[bool, Path]]:
    """Every sample built final and as a draft, letters included."""
    root = tmp_path_factory.mktemp("a11y")
    made: dict[str, dict[bool, Path]] = {}
    for folder in sample_folders():
        case = copy_case(folder, root / "cases" / folder.name)
        made[folder.name] = {}
        for draft in (False, True):
            out = root / ("draft" if draft else "final") / folder.name
            build_case(case, BuildOptions(out=out, draft=draft, as_of=SAMPLE_AS_OF))
            made[folder.name][draft] = out
    return made


def test_every_sample_document_passes_the_check(
    sample_builds: dict[str, dict[bool, Path]],
) -> None:
    folders = [out for builds in sample_builds.values() for out in builds.values()]
    result = verify_documents(folders)
    assert len(result.documents) >= 2 * 20
    failed = {str(c.path): [str(f) for f in c.findings] for c in result.documents if not c.passed}
    assert failed == {}


def test_letters_section_headings_are_headings_a_screen_reader_lists(
    sample_builds: dict[str, dict[bool, Path]],
) -> None:
    """A letter's "Letter Heading" paragraphs are its outline (level 1, in order), so a
    screen-reader user can list them and move between sections."""
    letters = 0
    for name, builds in sample_builds.items():
        for path in sorted(builds[False].glob("*.docx")):
            document = docx.Document(str(path))
            styled = [
                (1, paragraph.text)
                for paragraph in document.paragraphs
                if paragraph.style is not None
                and paragraph.style.name == "Letter Heading"
                and paragraph.text.strip()
            ]
            if not styled:
                continue
            letters += 1
            assert headings(path.read_bytes()) == styled, f"{name} {path.name}"
    assert letters >= 5  # the samples' letters with sections (7 when written)


def test_a_letter_heading_without_an_outline_level_is_not_a_heading() -> None:
    """The check reads headings from the style: the same letter with the style's outline level
    taken out has no headings at all (what screen readers saw before)."""
    data = (TEMPLATES / "letter-carers.docx").read_bytes()
    assert {level for level, _ in headings(data)} == {1}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    styles = etree.fromstring(parts["word/styles.xml"])
    for style in styles.iter(f"{W}style"):
        if style.get(f"{W}styleId") == "LetterHeading":
            for level in style.iter(f"{W}outlineLvl"):
                level.getparent().remove(level)
    parts["word/styles.xml"] = etree.tostring(styles)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    assert headings(buffer.getvalue()) == []


def _guidance_fragments() -> set[str]:
    """The fixed words of every Guidance paragraph in the bundled templates (tags removed)."""
    fragments: set[str] = set()
    for template in TEMPLATES.glob("*.docx"):
        for paragraph in docx.Document(str(template)).paragraphs:
            if paragraph.style is not None and paragraph.style.name == "Guidance":
                text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "\n", paragraph.text)
                fragments |= {part.strip() for part in text.split("\n") if len(part.strip()) > 15}
    return fragments


def _paragraphs(path: Path) -> Iterator[tuple[str, str]]:
    document = docx.Document(str(path))
    for paragraph in document.paragraphs:
        yield (paragraph.style.name if paragraph.style is not None else ""), paragraph.text
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield "", paragraph.text


def test_guidance_is_in_drafts_only(sample_builds: dict[str, dict[bool, Path]]) -> None:
    fragments = _guidance_fragments()
    assert any("from the case as it stood that day" in f for f in fragments)
    shown_in_drafts = set()
    for name, builds in sample_builds.items():
        for path in sorted(builds[False].glob("*.docx")):
            for style, text in _paragraphs(path):
                assert style != "Guidance", f"{name} {path.name}: a guidance paragraph"
                leaked = [f for f in fragments if f in text]
                assert not leaked, f"{name} {path.name} (final) prints guidance: {leaked}"
        for path in sorted(builds[True].glob("*.docx")):
            for style, text in _paragraphs(path):
                if style == "Guidance":
                    shown_in_drafts |= {f for f in fragments if f in text}
    # Every hint reaches the author in some draft.
    assert shown_in_drafts == fragments


def test_verify_command_reports_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    document = docx.Document()
    document.add_table(rows=1, cols=1)
    bad.write_bytes(_saved(document))
    good = tmp_path / "good.docx"
    good.write_bytes((TEMPLATES / "letter-carers.docx").read_bytes())
    runner = CliRunner()
    result = runner.invoke(cli, ["verify", str(bad), str(good)])
    assert result.exit_code == 1
    assert "bad.docx: 3 problems" in result.output
    assert "good.docx: passed" in result.output
    assert "2 documents checked: 1 with problems" in result.output
    passed = runner.invoke(cli, ["verify", str(good)])
    assert passed.exit_code == 0, passed.output
    missing = runner.invoke(cli, ["verify", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1
    assert "no such file or folder" in missing.output
