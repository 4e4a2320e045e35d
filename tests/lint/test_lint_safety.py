"""Unsafe and unmarked templates: zip bombs refused before anything is unpacked (by the check
and by the renderer), macros, DOCTYPEs, links to outside files, and the OFFICIAL-SENSITIVE
marking every section must carry."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path
from typing import Any

import pytest

from lint_helpers import bundled, paragraph, rezip, with_body, write
from permdocs.errors import TemplateError, UnsafePackageError
from permdocs.lint import FileReport, LintFinding, lint_file
from permdocs.render.engine import prepare_template
from permdocs.render.safezip import MAX_PART_BYTES, read_package


def lint(tmp_path: Path, data: bytes, name: str = "ppm-referral.docx") -> FileReport:
    return lint_file(write(tmp_path, name, data))


def first(report: FileReport, code: str) -> LintFinding:
    found = [finding for finding in report.findings if finding.code == code]
    assert found, f"no {code} in:\n{report.text()}"
    return found[0]


def _declare_size(data: bytes, part: str, size: int) -> bytes:
    """``data`` with the zip directory claiming ``part`` unpacks to ``size`` bytes."""
    buffer = bytearray(data)
    name = part.encode()
    at = 0
    while True:
        at = buffer.index(b"PK\x01\x02", at)
        name_length = struct.unpack_from("<H", buffer, at + 28)[0]
        if bytes(buffer[at + 46 : at + 46 + name_length]) == name:
            struct.pack_into("<I", buffer, at + 24, size)
            return bytes(buffer)
        at += 4


@pytest.fixture
def nothing_unpacked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if any part is unpacked: refusals must come from the directory alone."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a part was unpacked before the archive was refused")

    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "read", refuse)


def test_a_part_declaring_a_huge_size_is_refused_before_reading(
    tmp_path: Path, nothing_unpacked: None
) -> None:
    data = _declare_size(bundled("ppm-referral"), "word/document.xml", 0xF000_0000)
    finding = first(lint(tmp_path, data), "refused")
    assert finding.place.part == "word/document.xml"
    assert "would unpack to 4,026,531,840 bytes" in finding.message
    assert "zip bomb" in finding.hint


def test_a_highly_compressed_part_is_refused_before_reading(tmp_path: Path) -> None:
    bomb = rezip(bundled("ppm-referral"), add={"word/media/filler.bin": bytes(8 * 1024 * 1024)})
    path = write(tmp_path, "ppm-referral.docx", bomb)
    original = zipfile.ZipFile.open

    def guarded(self: zipfile.ZipFile, name: Any, *args: Any, **kwargs: Any) -> Any:
        target = name.filename if isinstance(name, zipfile.ZipInfo) else name
        assert target != "word/media/filler.bin", "the bomb was unpacked"
        return original(self, name, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(zipfile.ZipFile, "open", guarded)
        finding = first(lint_file(path), "refused")
        with pytest.raises(UnsafePackageError, match="times its packed size"):
            prepare_template(path)
    assert finding.place.part == "word/media/filler.bin"
    assert "times its packed size" in finding.message


def test_the_renderer_refuses_a_bomb_before_loading_it(
    tmp_path: Path, nothing_unpacked: None
) -> None:
    data = _declare_size(bundled("ppm-referral"), "word/styles.xml", MAX_PART_BYTES + 1)
    path = write(tmp_path, "ppm-referral.docx", data)
    with pytest.raises(TemplateError, match="would unpack to"):
        prepare_template(path)


def test_a_part_larger_than_it_declares_is_refused(tmp_path: Path) -> None:
    # The directory says 10 bytes; the compressed data holds far more.
    data = _declare_size(bundled("ppm-referral"), "word/styles.xml", 10)
    with pytest.raises(UnsafePackageError):
        read_package(data, label="t.docx")


def test_a_macro_project_is_refused(tmp_path: Path) -> None:
    data = rezip(bundled("ppm-referral"), add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})
    finding = first(lint(tmp_path, data), "macro-enabled")
    assert finding.place.part == "word/vbaProject.bin"
    assert "Word Document (.docx)" in finding.hint


def test_a_macro_enabled_content_type_is_refused(tmp_path: Path) -> None:
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    macro = "application/vnd.ms-word.document.macroEnabled.main+xml"
    data = rezip(
        bundled("ppm-referral"),
        replace={"[Content_Types].xml": lambda xml: xml.replace(main, macro)},
    )
    assert first(lint(tmp_path, data), "macro-enabled").place.part == "[Content_Types].xml"


def test_a_docm_file_is_refused_without_being_opened(tmp_path: Path) -> None:
    report = lint(tmp_path, b"not even a zip", name="ppm-referral.docm")
    assert [finding.code for finding in report.findings] == ["macro-enabled"]


@pytest.mark.parametrize("part", ["word/document.xml", "docProps/app.xml"])
def test_a_doctype_is_refused_in_any_part(tmp_path: Path, part: str) -> None:
    def with_doctype(xml: str) -> str:
        declaration, rest = xml.split("?>", 1)
        return f'{declaration}?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>{rest}'

    data = rezip(bundled("ppm-referral"), replace={part: with_doctype})
    report = lint(tmp_path, data)
    assert first(report, "doctype").place.part == part
    assert report.errors


def test_a_link_outside_the_template_is_an_error_but_a_web_hyperlink_is_fine(
    tmp_path: Path,
) -> None:
    """A linked picture, an attached template, a local-file hyperlink or an INCLUDE field would
    make LibreOffice (and every reader's Word) fetch a file or address: refused, naming the part
    and the link, as a build refuses it; a hyperlink to a web page is fine."""
    link = (
        '<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/{kind}" Target="{target}" TargetMode="External"/></Relationships>'
    )

    def add(kind: str, target: str) -> bytes:
        return rezip(
            bundled("ppm-referral"),
            replace={
                "word/_rels/document.xml.rels": lambda xml: xml.replace(
                    "</Relationships>", link.format(kind=kind, target=target)
                )
            },
        )

    for kind, target, code, words in [
        (
            "attachedTemplate",
            "https://example.invalid/t.dotm",
            "external-link",
            "attached template",
        ),
        ("image", "http://example.invalid/logo.png", "external-link", "a linked picture"),
        ("hyperlink", "file:///etc/passwd", "local-file-link", "hyperlink to a file"),
    ]:
        report = lint(tmp_path / kind, add(kind, target))
        finding = first(report, code)
        assert finding.severity == "error"
        assert finding.place.part == "word/_rels/document.xml.rels"
        assert words in finding.message and target in finding.message
    field = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
        ' INCLUDETEXT "C:\\\\Users\\\\x.docx" </w:instrText></w:r><w:r><w:fldChar '
        'w:fldCharType="end"/></w:r></w:p><w:sectPr'
    )
    data = rezip(
        bundled("ppm-referral"),
        replace={"word/document.xml": lambda xml: xml.replace("<w:sectPr", field, 1)},
    )
    finding = first(lint(tmp_path / "field", data), "fetching-field")
    assert "INCLUDETEXT field" in finding.message
    assert finding.place.part == "word/document.xml"
    assert lint(tmp_path / "h", add("hyperlink", "https://example.invalid/")).clean


def test_a_header_without_the_marking_is_an_error(tmp_path: Path) -> None:
    data = rezip(
        bundled("ppm-referral"),
        replace={"word/header1.xml": lambda xml: xml.replace("OFFICIAL-SENSITIVE", "OFFICIAL")},
    )
    finding = first(lint(tmp_path, data), "marking-missing")
    assert finding.place.part == "word/header1.xml"
    assert "section 1 header" in finding.place.where
    assert "OFFICIAL-SENSITIVE" in finding.hint


def test_a_section_without_a_footer_is_an_error(tmp_path: Path) -> None:
    data = rezip(
        bundled("ppm-referral"),
        replace={
            "word/document.xml": lambda xml: xml.replace(
                '<w:footerReference w:type="default" r:id="rId6"/>', ""
            )
        },
    )
    finding = first(lint(tmp_path, data), "marking-missing")
    assert "footer of section 1" in finding.message


def test_a_different_first_page_needs_its_own_marking(tmp_path: Path) -> None:
    data = rezip(
        bundled("ppm-referral"),
        replace={
            "word/document.xml": lambda xml: xml.replace("</w:sectPr>", "<w:titlePg/></w:sectPr>")
        },
    )
    assert "(first page)" in first(lint(tmp_path, data), "marking-missing").message


def test_a_header_that_never_says_draft_is_an_error(tmp_path: Path) -> None:
    data = rezip(
        bundled("ppm-referral"),
        replace={
            "word/header1.xml": lambda xml: (
                xml.replace("{% if doc.draft %}", "")
                .replace("{% endif %}", "")
                .replace(" – DRAFT", "")
            )
        },
    )
    finding = first(lint(tmp_path, data), "draft-marking-missing")
    assert finding.place.part == "word/header1.xml"


def test_a_file_that_is_not_a_word_document_is_refused(tmp_path: Path) -> None:
    report = lint(tmp_path, b"%PDF-1.4 not a docx")
    assert "not a Word document" in first(report, "refused").message
    old = lint(tmp_path / "old", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    assert "Word 97-2003" in first(old, "refused").message


def test_tags_in_the_file_properties_are_an_error(tmp_path: Path) -> None:
    data = rezip(
        bundled("ppm-referral"),
        replace={
            "docProps/core.xml": lambda xml: xml.replace(
                "</cp:coreProperties>",
                "<dc:title>{{ child.full_name }}</dc:title></cp:coreProperties>",
            )
        },
    )
    assert first(lint(tmp_path, data), "tag-outside-text").place.part == "docProps/core.xml"


def test_tracked_changes_are_a_warning(tmp_path: Path) -> None:
    data = with_body(
        "ppm-referral",
        '<w:p><w:ins w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z">'
        "<w:r><w:t>added</w:t></w:r></w:ins></w:p>",
    )
    assert first(lint(tmp_path, data), "tracked-changes").severity == "warning"


def test_an_embedded_object_stops_a_birth_parent_letter_only(tmp_path: Path) -> None:
    extra = {"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0object"}
    letter = rezip(bundled("letter-birth-parent"), add=extra)
    report = rezip(bundled("ppm-referral"), add=extra)
    assert first(
        lint(tmp_path, letter, "letter-birth-parent.docx"), "embedded-object"
    ).severity == ("error")
    assert first(lint(tmp_path, report), "embedded-object").severity == "warning"


def test_a_clean_change_stays_clean(tmp_path: Path) -> None:
    data = with_body("ppm-referral", paragraph("Prepared for {{ council.name }}."))
    assert lint(tmp_path, data).clean


def test_a_zip_with_a_name_outside_the_package_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../evil.xml", b"<x/>")
    with pytest.raises(UnsafePackageError, match="outside the package"):
        read_package(buffer.getvalue(), label="t.docx")
