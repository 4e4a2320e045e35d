"""``templates check`` refuses (errors, never warnings) what a template could fetch from outside,
in any template; and, in a template for a birth parent's letter, embedded objects, unusual parts
and text hidden from the page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint_helpers import bundled, paragraph, rezip, with_body, write
from permdocs.cli import cli
from permdocs.lint import FileReport, lint_file

_LINK = (
    '<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/{kind}" Target="{target}" TargetMode="External"/></Relationships>'
)
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _relationship(kind: str, target: str, template: str = "ppm-referral") -> bytes:
    return rezip(
        bundled(template),
        replace={
            "word/_rels/document.xml.rels": lambda xml: xml.replace(
                "</Relationships>", _LINK.format(kind=kind, target=target)
            )
        },
    )


def _field_runs(instruction: str) -> str:
    """A complex field with its instruction split over two runs, as Word often stores it."""
    half = len(instruction) // 2
    return (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instruction[:half]}</w:instrText></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instruction[half:]}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def _codes(report: FileReport) -> dict[str, str]:
    return {finding.code: finding.severity for finding in report.findings}


# Refused in any template: (construct, template bytes, the finding's code).
ANY_TEMPLATE: dict[str, tuple[Callable[[], bytes], str]] = {
    "an attached template": (
        lambda: _relationship("attachedTemplate", "https://example.invalid/t.dotm"),
        "external-link",
    ),
    "a linked picture relationship": (
        lambda: _relationship("image", "file:///C:/pictures/logo.png"),
        "external-link",
    ),
    "a linked OLE source": (
        lambda: _relationship("oleObject", "\\\\server\\share\\data.xlsx"),
        "external-link",
    ),
    "a picture linked, not embedded (a:blip r:link)": (
        lambda: with_body(
            "ppm-referral",
            f'<w:p><w:r><w:drawing><a:blip xmlns:a="http://schemas.openxmlformats.org/drawingml/'
            f'2006/main" {_R} r:link="rId90"/></w:drawing></w:r></w:p>',
        ),
        "linked-picture",
    ),
    "a VML picture linked by o:href": (
        lambda: with_body(
            "ppm-referral",
            '<w:p><w:r><w:pict><v:imagedata xmlns:v="urn:schemas-microsoft-com:vml" '
            'xmlns:o="urn:schemas-microsoft-com:office:office" o:href="file:///C:/x.png"/>'
            "</w:pict></w:r></w:p>",
        ),
        "linked-picture",
    ),
    "a file:/// hyperlink": (
        lambda: _relationship("hyperlink", "file:///C:/Users/sw/carers.docx"),
        "local-file-link",
    ),
    "a hyperlink to a network share": (
        lambda: _relationship("hyperlink", "\\\\fileserver\\cases\\PF-2026-0157"),
        "local-file-link",
    ),
    "an INCLUDETEXT field split across runs": (
        lambda: with_body(
            "ppm-referral", _field_runs(' INCLUDETEXT "C:\\\\notes\\\\carers.docx" ')
        ),
        "fetching-field",
    ),
    "an INCLUDEPICTURE simple field": (
        lambda: with_body(
            "ppm-referral",
            '<w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;https://example.invalid/a.png&quot; '
            '\\d "><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>',
        ),
        "fetching-field",
    ),
    "a DDEAUTO field": (
        lambda: with_body("ppm-referral", _field_runs(' DDEAUTO c:\\\\windows\\\\cmd.exe "/c x" ')),
        "fetching-field",
    ),
}


@pytest.mark.parametrize("construct", sorted(ANY_TEMPLATE))
def test_each_outside_link_or_fetching_field_is_refused_in_any_template(
    tmp_path: Path, construct: str
) -> None:
    make, code = ANY_TEMPLATE[construct]
    report = lint_file(write(tmp_path, "ppm-referral.docx", make()))
    assert _codes(report).get(code) == "error", report.text()


def test_web_and_email_hyperlinks_and_page_fields_are_fine(tmp_path: Path) -> None:
    for index, data in enumerate(
        (
            _relationship("hyperlink", "https://example.invalid/help"),
            _relationship("hyperlink", "mailto:team@example.invalid"),
            with_body("ppm-referral", _field_runs(" PAGE ")),
        )
    ):
        assert lint_file(write(tmp_path / str(index), "ppm-referral.docx", data)).clean


def _comments() -> bytes:
    return (
        b'<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b'<w:comment w:id="1" w:author="A"><w:p><w:r><w:t>9 Orchard Way</w:t></w:r></w:p>'
        b"</w:comment></w:comments>"
    )


def _small_docx() -> bytes:
    return bundled("ppm-referral")


# Refused in a template for a birth parent's letter: (construct, template, code).
BIRTH_PARENT: dict[str, tuple[Callable[[], bytes], str]] = {
    "an OLE object in word/embeddings": (
        lambda: rezip(
            bundled("letter-birth-parent"),
            add={"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64)},
        ),
        "embedded-object",
    ),
    "a Word document stored outside word/embeddings": (
        lambda: rezip(bundled("letter-birth-parent"), add={"word/media/image7.png": _small_docx()}),
        "embedded-object",
    ),
    "a footnotes part under an unusual name": (
        lambda: rezip(
            bundled("letter-birth-parent"),
            add={
                "word/notes.dat": b'<w:footnotes xmlns:w="http://schemas.openxmlformats.org/'
                b'wordprocessingml/2006/main"/>'
            },
        ),
        "unusual-part",
    ),
    "building blocks": (
        lambda: rezip(
            bundled("letter-birth-parent"),
            add={"word/glossary/document.xml": b"<x/>"},
        ),
        "hidden-text",
    ),
    "an XML comment with text": (
        lambda: with_body("letter-birth-parent", "<!-- Penbury Vale -->" + paragraph("Hi")),
        "hidden-text",
    ),
    "deleted text": (
        lambda: with_body(
            "letter-birth-parent",
            '<w:p><w:del w:id="8" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r>'
            "<w:delText>Whitfield</w:delText></w:r></w:del></w:p>",
        ),
        "hidden-text",
    ),
    "hidden (vanish) text": (
        lambda: with_body(
            "letter-birth-parent",
            "<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>Whitfield</w:t></w:r></w:p>",
        ),
        "hidden-text",
    ),
    "ruby text": (
        lambda: with_body(
            "letter-birth-parent",
            "<w:p><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>Penbury</w:t></w:r></w:rt>"
            "<w:rubyBase><w:r><w:t>x</w:t></w:r></w:rubyBase></w:ruby></w:r></w:p>",
        ),
        "hidden-text",
    ),
    "a document variable": (
        lambda: rezip(
            bundled("letter-birth-parent"),
            replace={
                "word/settings.xml": lambda xml: xml.replace(
                    "</w:settings>",
                    '<w:docVars><w:docVar w:name="x" w:val="Whitfield"/></w:docVars></w:settings>',
                )
            },
        ),
        "hidden-text",
    ),
    "comments": (
        lambda: rezip(bundled("letter-birth-parent"), add={"word/comments.xml": _comments()}),
        "hidden-text",
    ),
}


@pytest.mark.parametrize("construct", sorted(BIRTH_PARENT))
def test_each_hiding_place_is_refused_in_a_birth_parent_template_only(
    tmp_path: Path, construct: str
) -> None:
    make, code = BIRTH_PARENT[construct]
    data = make()
    letter = lint_file(write(tmp_path / "letter", "letter-birth-parent.docx", data))
    assert _codes(letter).get(code) == "error", letter.text()
    # The same file for a report: embedded objects warn, the rest is not this check's business.
    report = lint_file(write(tmp_path / "report", "ppm-referral.docx", data))
    assert not [f for f in report.errors if f.code in ("unusual-part", "hidden-text")]
    assert not [f for f in report.errors if f.code == "embedded-object"]


def test_the_command_refuses_with_the_reason_and_exit_code_1(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    write(folder, "letter-birth-parent.docx", BIRTH_PARENT["deleted text"][0]())
    write(folder, "ppm-referral.docx", ANY_TEMPLATE["an attached template"][0]())
    result = CliRunner().invoke(cli, ["templates", "check", str(folder)])
    assert result.exit_code == 1
    assert "deleted text (shown only with track changes on)" in result.output
    assert "links to an attached template" in result.output
