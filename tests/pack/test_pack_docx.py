"""The Word pack, and what happens without (or with a broken) LibreOffice.

These run without LibreOffice: "no LibreOffice" is simulated by hiding it, and a failing one is a
fake ``soffice`` (via PERMDOCS_SOFFICE) that exits 0 and writes nothing, as the real one does
when it cannot open a document.
"""

from __future__ import annotations

import io
import json
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.document import Document
from docx.oxml import parse_xml

from docx_helpers import W, open_docx, openxml_errors, row_cells
from pack_cases import (
    AS_OF,
    REFERENCE,
    REPORT_FOOTERS,
    make_attachment_word,
    sample_01,
    snapshot,
)
from permdocs.api import build_case, build_pack
from permdocs.build import pack as pack_build
from permdocs.build.options import BuildOptions
from permdocs.build.pack import PackResult
from permdocs.cli import cli
from permdocs.errors import ConversionError
from permdocs.pack.convert import SOFFICE_ENV
from permdocs.pack.index import PDF_ONLY
from permdocs.pack.word import PageField, WordPart, bookmark_names, compose

WORD_PACK = f"{REFERENCE}_panel-pack-word-papers.docx"
PDF_PACK = f"{REFERENCE}_panel-pack.pdf"
CHRONOLOGY_FOOTERS = ["Chronology footer, first section", "Chronology footer, second section"]


@pytest.fixture
def no_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SOFFICE_ENV, raising=False)
    monkeypatch.setattr(pack_build, "find_soffice", lambda: None)


@pytest.fixture
def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A "LibreOffice" that says nothing is wrong and writes nothing."""
    script = tmp_path / "fake-bin" / "soffice"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\necho 'fake soffice: nothing converted'\nexit 0\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv(SOFFICE_ENV, str(script))
    return script


@dataclass(frozen=True)
class WordPack:
    result: PackResult
    document: Document
    path: Path


@pytest.fixture(scope="module")
def word_pack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WordPack]:
    """Sample 01 with its chronology as a two-section Word paper, packed without LibreOffice."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(SOFFICE_ENV, raising=False)
        patch.setattr(pack_build, "find_soffice", lambda: None)
        folder = sample_01(tmp_path_factory.mktemp("word-pack") / "case")
        make_attachment_word(folder, "chronology", CHRONOLOGY_FOOTERS)
        result = build_pack(folder, BuildOptions(as_of=AS_OF))
    path = result.out / WORD_PACK
    yield WordPack(result, open_docx(path), path)


def footer_texts(document: Document) -> list[str]:
    return ["\n".join(p.text for p in section.footer.paragraphs) for section in document.sections]


def test_without_libreoffice_the_word_pack_is_written_with_a_notice(word_pack: WordPack) -> None:
    assert [path.name for path in word_pack.result.written] == [WORD_PACK, "manifest.json"]
    assert not (word_pack.result.out / PDF_PACK).exists()
    (notice,) = word_pack.result.notices
    assert "no PDF pack: LibreOffice is not installed" in notice
    assert "apt-get install libreoffice-writer-nogui" in notice
    assert "permdocs pack again" in notice


def test_the_word_pack_has_a_section_per_part_each_with_its_own_footer(
    word_pack: WordPack,
) -> None:
    footers = footer_texts(word_pack.document)
    # The index, the five reports, then the Word chronology's two sections.
    assert len(footers) == 1 + 5 + 2
    assert footers[0].startswith(f"Panel pack · Case {REFERENCE}")
    for footer, title in zip(footers[1:6], REPORT_FOOTERS, strict=True):
        assert footer.startswith(f"{title} · Case {REFERENCE} · FINAL"), footer
        assert "OFFICIAL-SENSITIVE" in footer
    assert footers[6:] == CHRONOLOGY_FOOTERS
    headers = ["\n".join(p.text for p in s.header.paragraphs) for s in word_pack.document.sections]
    assert all(header == "OFFICIAL-SENSITIVE" for header in headers[:6])
    assert headers[6:] == [
        "Chronology for Maisie Thornbury: header 1",
        "Chronology for Maisie Thornbury: header 2",
    ]


def test_each_part_starts_a_new_page_and_pages_are_numbered_across_the_pack(
    word_pack: WordPack,
) -> None:
    body = word_pack.document.element.body
    sections = list(body.iter(f"{W}sectPr"))
    assert len(sections) == 8
    for section in sections:
        kind = section.find(f"{W}type")
        assert kind is None or kind.get(f"{W}val") in ("nextPage", "oddPage", "evenPage")
        numbering = section.find(f"{W}pgNumType")
        assert numbering is None or numbering.get(f"{W}start") is None
    # The reports' footers count with PAGE and NUMPAGES, which now run over the whole pack.
    instructions = [
        node.text.strip()
        for section in word_pack.document.sections[1:6]
        for node in section.footer._element.iter(f"{W}instrText")
    ]
    assert instructions.count("PAGE") == 5 and instructions.count("NUMPAGES") == 5


def test_the_word_index_points_at_each_part_and_sends_pdf_papers_to_the_pdf_pack(
    word_pack: WordPack,
) -> None:
    document = word_pack.document
    rows = list(row_cells(document.tables[0]))[1:]
    entries = word_pack.result.contents.entries
    assert [row[1] for row in rows] == [entry.title for entry in entries]
    bookmarks = {node.get(f"{W}name") for node in document.element.body.iter(f"{W}bookmarkStart")}
    fields = [node.text for node in document.element.body.iter(f"{W}instrText")]
    for number, (row, entry) in enumerate(zip(rows, entries, strict=True), start=1):
        if entry.format == "pdf":
            assert row[4] == PDF_ONLY
            continue
        start, end = bookmark_names(number)
        assert {start, end} <= bookmarks
        assert f" PAGEREF {start} \\h " in fields
    # Without LibreOffice the page numbers are not known, so Word is asked to work them out.
    settings = document.settings.element
    assert settings.find(f"{W}updateFields").get(f"{W}val") == "true"


def test_the_word_pack_is_valid_open_xml(word_pack: WordPack) -> None:
    assert openxml_errors(word_pack.path) == []


def test_the_manifest_lists_the_pack_for_professionals(word_pack: WordPack) -> None:
    manifest = json.loads((word_pack.result.out / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = [e for e in manifest["documents"] if e["kind"] == "panel-pack"]
    assert entry["path"] == WORD_PACK and entry["audience"] == "professional"
    assert entry["status"] == "final" and entry["as_of"] == AS_OF.isoformat()


def test_the_pack_command_without_libreoffice_exits_0_with_a_notice(
    tmp_path: Path, no_libreoffice: None
) -> None:
    folder = sample_01(tmp_path / "case")
    result = CliRunner().invoke(cli, ["pack", "--as-of", AS_OF.isoformat(), str(folder)])
    assert result.exit_code == 0, result.output
    assert WORD_PACK in result.output and "notice: no PDF pack" in result.output
    written = [p.name for p in (folder / "out").iterdir() if p.suffix not in (".jsonl", ".lock")]
    assert sorted(written) == [
        WORD_PACK,
        "manifest.json",
    ]


def test_a_pack_keeps_the_builds_manifest_entries(tmp_path: Path, no_libreoffice: None) -> None:
    folder = sample_01(tmp_path / "case")
    built = build_case(folder, BuildOptions(as_of=AS_OF))
    build_pack(folder, BuildOptions(as_of=AS_OF))
    build_pack(folder, BuildOptions(as_of=AS_OF, force=True))
    manifest = json.loads((built.manifest).read_text(encoding="utf-8"))
    kinds = [entry["kind"] for entry in manifest["documents"]]
    assert kinds == [document.kind for document in built.documents] + ["panel-pack"]


def test_build_with_pack_writes_the_pack_with_the_documents(
    tmp_path: Path, no_libreoffice: None
) -> None:
    folder = sample_01(tmp_path / "case")
    result = build_case(folder, BuildOptions(as_of=AS_OF, pack=True))
    assert (result.out / WORD_PACK).is_file()
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert "panel-pack" in [entry["kind"] for entry in manifest["documents"]]
    assert any("no PDF pack" in notice for notice in result.notices)

    only = build_case(
        folder, BuildOptions(as_of=AS_OF, pack=True, only=("ppm-referral",), force=True)
    )
    assert [d.kind for d in only.documents] == ["ppm-referral"]
    assert any("no panel pack" in notice for notice in only.notices)


def test_a_damaged_attachment_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    folder = sample_01(tmp_path / "case")
    (folder / "out").mkdir()
    (folder / "out" / "earlier.txt").write_text("left alone")
    data = (folder / "attachments" / "care-plan.pdf").read_bytes()
    (folder / "attachments" / "care-plan.pdf").write_bytes(data[: len(data) // 3])
    (folder / "attachments" / "pep.pdf").write_bytes(b"these are not the bytes of a PDF")
    before = snapshot(folder)
    with pytest.raises(ConversionError) as caught:
        build_pack(folder, BuildOptions(as_of=AS_OF))
    message = caught.value.message
    assert "2 attached papers cannot be put in the pack, so nothing was written" in message
    assert "Care Plan for Maisie Thornbury (care-plan.pdf): the PDF is damaged" in message
    assert "Personal Education Plan, Autumn Term 2026 (pep.pdf): this is not a PDF file" in message
    assert snapshot(folder) == before


def test_a_libreoffice_that_writes_nothing_means_nothing_is_written(
    tmp_path: Path, fake_soffice: Path
) -> None:
    folder = sample_01(tmp_path / "case")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pack_build, "find_soffice", lambda: None)
        patch.delenv(SOFFICE_ENV)
        build_pack(folder, BuildOptions(as_of=AS_OF))  # an earlier Word pack, which must survive
    before = snapshot(folder)
    result = CliRunner().invoke(cli, ["pack", "--force", "--as-of", AS_OF.isoformat(), str(folder)])
    assert result.exit_code == 1
    assert "LibreOffice produced no PDF" in result.output
    assert "fake soffice: nothing converted" in result.output
    assert "nothing was written" in result.output
    assert f"check that {SOFFICE_ENV}={fake_soffice} is LibreOffice" in result.output
    assert "Traceback" not in result.output
    assert snapshot(folder) == before
    assert not list(fake_soffice.parent.parent.glob("**/*.partial"))


def test_a_pdfa_pack_needs_pdfa_attachments(tmp_path: Path, fake_soffice: Path) -> None:
    folder = sample_01(tmp_path / "case")
    before = snapshot(folder)
    with pytest.raises(ConversionError) as caught:
        build_pack(folder, BuildOptions(as_of=AS_OF, pdfa=True))
    message = caught.value.message
    assert "a PDF/A pack was asked for, but 10 attached papers are not PDF/A" in message
    assert "Care Plan for Maisie Thornbury (care-plan.pdf): it is not PDF/A" in message
    assert "without --pdfa" in caught.value.hint
    assert snapshot(folder) == before


def _saved(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_part_without_headers_does_not_inherit_the_previous_parts() -> None:
    first = docx.Document()
    first.sections[0].header.paragraphs[0].text = "First part's header"
    first.sections[0].footer.paragraphs[0].text = "First part's footer"
    first.add_paragraph("First part")
    plain = docx.Document()  # no header or footer of its own, and it ends with a table
    plain.add_paragraph("Plain part")
    plain.add_table(rows=1, cols=1).cell(0, 0).text = "last thing in the part"
    # A page-number restart would break numbering across the pack.
    plain.sections[0]._sectPr.append(parse_xml(f'<w:pgNumType xmlns:w="{W[1:-1]}" w:start="1"/>'))
    merged = open_docx(
        compose(
            [WordPart("First", _saved(first), 0), WordPart("Plain", _saved(plain), 1)],
            fields={1: PageField(2, 2)},
            update_fields_on_open=False,
        )
    )
    assert len(merged.sections) == 2
    second = merged.sections[1]
    assert not second.header.is_linked_to_previous and not second.footer.is_linked_to_previous
    assert second.header.paragraphs[0].text == "" and second.footer.paragraphs[0].text == ""
    assert merged.sections[0].footer.paragraphs[0].text == "First part's footer"
    assert all(node.get(f"{W}start") is None for node in merged.element.body.iter(f"{W}pgNumType"))
    names = {node.get(f"{W}name") for node in merged.element.body.iter(f"{W}bookmarkStart")}
    assert set(bookmark_names(1)) <= names


def test_a_pdf_pack_this_run_cannot_replace_is_named_as_out_of_date(
    tmp_path: Path, no_libreoffice: None
) -> None:
    folder = sample_01(tmp_path / "case")
    (folder / "out").mkdir()
    (folder / "out" / PDF_PACK).write_bytes(b"%PDF- an earlier pack")
    for result in (
        build_pack(folder, BuildOptions(as_of=AS_OF, force=True)),
        build_case(folder, BuildOptions(as_of=AS_OF, pack=True, force=True)),
    ):
        assert [n for n in result.notices if PDF_PACK in n] == [
            f"{PDF_PACK} in {folder / 'out'} is from an earlier run and may not match the "
            "documents now beside it; make the pack again (permdocs pack, where LibreOffice is "
            "installed for the PDF) or delete it"
        ]
        assert not any(WORD_PACK in n for n in result.notices)  # that one was just made
    assert (folder / "out" / PDF_PACK).read_bytes() == b"%PDF- an earlier pack"  # never deleted


def test_a_build_without_the_pack_names_the_earlier_packs_beside_its_reports(
    tmp_path: Path,
) -> None:
    folder = sample_01(tmp_path / "case")
    (folder / "out").mkdir()
    for name in (WORD_PACK, PDF_PACK):
        (folder / "out" / name).write_bytes(b"an earlier pack")
    result = CliRunner().invoke(
        cli, ["build", "--no-pack", "--force", "--as-of", AS_OF.isoformat(), str(folder)]
    )
    assert result.exit_code == 0, result.output
    for name in (WORD_PACK, PDF_PACK):
        assert f"{name} in {folder / 'out'} is from an earlier run" in result.output
    again = CliRunner().invoke(
        cli, ["build", "--no-pack", "--force", "--as-of", AS_OF.isoformat(), str(folder)]
    )
    for name in (WORD_PACK, PDF_PACK):
        (folder / "out" / name).unlink()
    without = CliRunner().invoke(
        cli, ["build", "--no-pack", "--force", "--as-of", AS_OF.isoformat(), str(folder)]
    )
    assert "earlier run" in again.output and "earlier run" not in without.output
