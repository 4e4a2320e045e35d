"""Papers from other agencies are untrusted input. Each hostile class is built here and put into
a case: a Word paper that unpacks to 200 MB, one with thousands of parts, a file far too large,
a Word paper with no section properties or an empty body, one that links a picture, includes
files through fields, links to a local file and has an attached template on a share, and a PDF
that runs JavaScript on opening, launches a program, submits a form and carries files. None
crashes ``pack`` or ``build``; the dangerous are refused naming the paper, the rest are cleaned
with a notice naming the paper; nothing reaches the network; nothing active reaches either pack.

Two tests need LibreOffice: the PDF pack of hostile papers, and LibreOffice's own settings
holding on a paper that was not cleaned at all.
"""

from __future__ import annotations

import http.server
import io
import threading
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from hostile_papers import (
    active_pdf,
    many_parts,
    reaching_outside,
    with_attached_template,
    with_empty_body,
    without_section_properties,
    word_paper,
    zip_bomb,
)
from pack_cases import AS_OF, REFERENCE, make_attachment_word, sample_01, snapshot
from permdocs.cli import cli
from permdocs.pack.convert import PdfConverter
from permdocs.pack.papers import MAX_PAPER_BYTES, clean_word_paper
from permdocs.pack.pdfclean import clean_pdf
from permdocs.policy.profiles import BUNDLED_DIR

_ACTIVE_KEYS = {"/JavaScript", "/JS", "/OpenAction", "/AA", "/EmbeddedFiles", "/Launch", "/XFA"}
_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE"}


def pack(case: Path, *options: str) -> Result:
    return CliRunner().invoke(
        cli, ["pack", "--draft", "--as-of", AS_OF.isoformat(), *options, str(case)]
    )


def with_paper(case: Path, kind: str, data: bytes) -> Path:
    """The case's ``kind`` paper replaced by a Word paper holding ``data``."""
    path = make_attachment_word(case, kind, ["x"])
    path.write_bytes(data)
    return path


@pytest.fixture
def case(tmp_path: Path) -> Path:
    return sample_01(tmp_path / "case")


class _Listener:
    """A web server on this machine that records every request made to it."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                listener.requests.append(self.path)
                self.send_response(404)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def listener() -> Iterator[_Listener]:
    server = _Listener()
    yield server
    server.server.shutdown()
    server.server.server_close()


def active_content(pdf: bytes) -> list[str]:
    """Every active entry reachable in a PDF: keys that run or carry something, and actions of
    a kind that does."""
    found: list[str] = []
    seen: set[int] = set()
    pending: list[Any] = [PdfReader(io.BytesIO(pdf)).trailer["/Root"]]
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            found += [key for key in item if key in _ACTIVE_KEYS]
            if str(item.get("/S", "")) in _ACTIVE_ACTIONS | {"/URI"}:
                found.append(str(item["/S"]))
            if str(item.get("/Subtype", "")) == "/FileAttachment":
                found.append("/FileAttachment")
            pending += [value for key, value in item.items() if key != "/Parent"]
        elif isinstance(item, ArrayObject):
            pending += list(item)
    return found


def word_outside_links(docx: bytes) -> list[str]:
    """External relationships and include fields left in a Word file."""
    found = []
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8", "replace")
            if name.endswith(".rels") and 'TargetMode="External"' in text:
                found.append(f"{name}: external relationship")
            if name.endswith(".xml") and ("INCLUDEPICTURE" in text or 'INCLUDETEXT "' in text):
                found.append(f"{name}: include field")
    return found


# --- refused before anything opens them -------------------------------------------------------


@pytest.mark.parametrize(
    ("unpacked_mb", "why"),
    [(200, "far more than any part of a Word document"), (90, "which only a 'zip bomb' does")],
    ids=["200-MB-picture", "90-MB-at-1000-to-1"],
)
def test_a_zip_bomb_paper_is_refused_before_it_is_unpacked(
    case: Path, unpacked_mb: int, why: str
) -> None:
    path = with_paper(case, "care-plan", zip_bomb(word_paper(), unpacked_mb))
    assert path.stat().st_size < 1024 * 1024
    before = snapshot(case)
    tracemalloc.start()
    try:
        result = pack(case, "--no-pdf")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.exit_code == 1, result.output
    assert f"({path.name}): its part word/media/image99.png would unpack to" in result.output
    assert why in result.output
    assert "nothing was written" in result.output.lower()
    assert "Traceback" not in result.output
    assert peak < 50 * 1024 * 1024, f"{peak:,} bytes: the picture was unpacked"
    assert snapshot(case) == before


def test_a_paper_with_thousands_of_parts_or_too_large_a_file_is_refused(case: Path) -> None:
    path = with_paper(case, "care-plan", many_parts(word_paper(), 6000))
    result = pack(case, "--no-pdf")
    assert result.exit_code == 1
    assert f"({path.name}): holds 6,0" in result.output and "parts" in result.output

    with path.open("r+b") as handle:  # a sparse file: large on paper, nothing on disk
        handle.truncate(MAX_PAPER_BYTES + 1)
    result = pack(case, "--no-pdf")
    assert result.exit_code == 1
    assert "more than an attached paper may be" in result.output
    assert "Traceback" not in result.output


def test_a_paper_with_a_doctype_or_macros_is_refused(case: Path) -> None:
    source = zipfile.ZipFile(io.BytesIO(word_paper()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(
                    b"?>", b'?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1
                )
            target.writestr(info, data)
    with_paper(case, "care-plan", buffer.getvalue())
    result = pack(case, "--no-pdf")
    assert result.exit_code == 1
    assert "declares a DOCTYPE" in result.output

    macros = zipfile.ZipFile(io.BytesIO(word_paper()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in macros.infolist():
            target.writestr(info, macros.read(info.filename))
        target.writestr("word/vbaProject.bin", b"not really a macro project")
    (case / "attachments" / "care-plan.docx").write_bytes(buffer.getvalue())
    result = pack(case, "--no-pdf")
    assert result.exit_code == 1
    assert "holds macros" in result.output


# --- handled -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "odd",
    [without_section_properties, with_empty_body],
    ids=["no-section-properties", "empty-body"],
)
def test_an_odd_word_paper_goes_into_the_pack_without_a_traceback(
    case: Path, monkeypatch: pytest.MonkeyPatch, odd: Any
) -> None:
    with_paper(case, "care-plan", odd(word_paper("Words of the care plan")))
    result = pack(case, "--no-pdf")
    assert result.exit_code == 0, result.output
    packed = (case / "out" / f"{REFERENCE}_panel-pack-word-papers.docx").read_bytes()
    text = zipfile.ZipFile(io.BytesIO(packed)).read("word/document.xml").decode("utf-8")
    assert ("Words of the care plan" in text) == (odd is without_section_properties)

    # And through a build, which makes the pack too (its Word pack only, to stay quick).
    monkeypatch.setattr("permdocs.build.pack.find_soffice", lambda: None)
    monkeypatch.delenv("PERMDOCS_SOFFICE", raising=False)
    built = CliRunner().invoke(
        cli, ["build", "--draft", "--force", "--as-of", AS_OF.isoformat(), str(case)]
    )
    assert built.exit_code == 0, built.output


def _profile(tmp_path: Path, web_links: bool) -> Path:
    text = (BUNDLED_DIR / "default.yaml").read_text(encoding="utf-8")
    path = tmp_path / f"web-links-{web_links}.yaml"
    path.write_text(text + f"pack:\n  web_links: {str(web_links).lower()}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("web_links", [False, True], ids=["default", "profile-keeps-web-links"])
def test_links_outside_a_word_paper_are_taken_out_with_a_notice_naming_it(
    case: Path, tmp_path: Path, web_links: bool
) -> None:
    paper = with_attached_template(
        reaching_outside(word_paper("The care plan's own words"), "http://192.0.2.1/"),
        "\\\\\\\\fileserver\\\\templates\\\\agency.dotm",
    )
    path = with_paper(case, "care-plan", paper)
    result = pack(case, "--no-pdf", "--profile", str(_profile(tmp_path, web_links)))
    assert result.exit_code == 0, result.output
    notice = next(line for line in result.output.splitlines() if path.name in line)
    assert "Care Plan" in notice  # named by its title and its file
    for what in ("a linked picture", "a hyperlink to a local file", "an attached template"):
        assert what in notice
    packed = (case / "out" / f"{REFERENCE}_panel-pack-word-papers.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(packed)) as archive:
        rels = "".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith(".rels")
        )
        body = archive.read("word/document.xml").decode("utf-8")
    assert "192.0.2.1" not in rels and "file:///etc/passwd" not in rels
    assert "fileserver" not in rels
    assert ("https://www.gov.uk/" in rels) == web_links
    assert "INCLUDEPICTURE" not in body and 'INCLUDETEXT "' not in body
    assert "Text shown by the INCLUDETEXT field" in body  # a field keeps what it last showed
    assert "the local file link" in body and "the web link" in body  # links keep their text
    assert "r:link=" not in body


def test_the_cleaning_itself_takes_out_every_class(tmp_path: Path) -> None:
    paper = with_attached_template(
        reaching_outside(word_paper(), "http://192.0.2.1/"), "file:///tmp/x.dotm"
    )
    cleaned, notices = clean_word_paper(paper, "Care plan (care-plan.docx)", web_links=False)
    assert word_outside_links(cleaned) == []
    assert len(notices) == 1 and notices[0].startswith("Care plan (care-plan.docx): took out")
    again, none = clean_word_paper(cleaned, "Care plan (care-plan.docx)", web_links=False)
    assert none == [] and again == cleaned  # nothing left to take out

    pdf, removed = clean_pdf(active_pdf(), "Chronology (chronology.pdf)", web_links=False)
    assert active_content(pdf) == []
    for what in (
        "JavaScript",
        "an action run when it is opened (JavaScript)",
        "actions run when a page opens",
        "a program launch",
        "a form that sends its contents",
        "embedded files",
        "an attached file",
        "a link to a web address",
    ):
        assert what in removed
    reader = PdfReader(io.BytesIO(pdf))
    annotations = [a.get_object() for a in reader.pages[0]["/Annots"]]
    kinds = [str(a["/A"]["/S"]) for a in annotations if "/A" in a]
    assert kinds == ["/GoTo"]  # the link within the document stays
    kept, removed = clean_pdf(active_pdf(), "Chronology (chronology.pdf)", web_links=True)
    assert active_content(kept) == ["/URI"] and "a link to a web address" not in removed


# --- with LibreOffice --------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_hostile_papers_make_a_pdf_pack_that_reaches_nothing_and_runs_nothing(
    case: Path, listener: _Listener
) -> None:
    word = with_paper(
        case, "care-plan", without_section_properties(reaching_outside(word_paper(), listener.url))
    )
    empty = with_paper(case, "ppm-minutes", with_empty_body(word_paper()))
    pdf = case / "attachments" / "chronology.pdf"
    pdf.write_bytes(active_pdf())
    result = pack(case)
    assert result.exit_code == 0, result.output
    assert listener.requests == [], "LibreOffice fetched from the network"
    lines = result.output.splitlines()
    assert any(word.name in line and "a linked picture" in line for line in lines)
    assert any(pdf.name in line and "JavaScript" in line for line in lines)
    assert not any(empty.name in line for line in lines if "notice" in line)
    out = case / "out"
    assert active_content((out / f"{REFERENCE}_panel-pack.pdf").read_bytes()) == []
    assert word_outside_links((out / f"{REFERENCE}_panel-pack-word-papers.docx").read_bytes()) == []


@pytest.mark.libreoffice
def test_libreoffice_fetches_nothing_even_from_a_paper_that_was_not_cleaned(
    listener: _Listener,
) -> None:
    """The second line: LibreOffice's private profile blocks linked pictures from untrusted
    documents and sends any web request to a proxy that is not there."""
    paper = reaching_outside(word_paper(), listener.url)
    with PdfConverter() as converter:
        converter.convert_bytes({"paper.docx": paper})
    assert listener.requests == []
