"""DOCX to PDF with LibreOffice: one start per run, and its claims of success are checked.

Tests marked ``libreoffice`` run the real thing and share one converter (one private profile), so
the whole module stays quick. The failure modes LibreOffice will not produce on demand (a hang, an
exit 0 with nothing written) come from a fake ``soffice``: a small Python script whose behaviour
is chosen with the FAKE_SOFFICE_MODE environment variable, which the converter passes through.
"""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_BREAK
from pypdf import PdfWriter

from permdocs.errors import ConversionError, OutputError
from permdocs.pack import convert
from permdocs.pack.convert import SOFFICE_ENV, PdfConverter, find_soffice
from permdocs.pack.pdftools import page_count, pdf_text, pdfa_conformance

needs_libreoffice = pytest.mark.skipif(
    find_soffice() is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
)


def make_docx(pages: int, label: str) -> bytes:
    """A Word document with ``pages`` pages, each starting with "<label> page <n>"."""
    document = docx.Document()
    for number in range(1, pages + 1):
        paragraph = document.add_paragraph(f"{label} page {number}")
        if number < pages:
            paragraph.add_run().add_break(WD_BREAK.PAGE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def broken_docx() -> bytes:
    """A real zip with every Word part present, but document.xml cut off halfway."""
    good = zipfile.ZipFile(io.BytesIO(make_docx(1, "broken")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as broken:
        for name in good.namelist():
            data = good.read(name)
            if name == "word/document.xml":
                data = data[: len(data) // 2]
            broken.writestr(name, data)
    return buffer.getvalue()


def blank_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def converter() -> Iterator[PdfConverter]:
    if find_soffice() is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    with PdfConverter(timeout=120) as shared:
        yield shared


# --- real LibreOffice ----------------------------------------------------------------------------


@pytest.mark.libreoffice
@needs_libreoffice
def test_several_documents_in_one_libreoffice_start(
    converter: PdfConverter, monkeypatch: pytest.MonkeyPatch
) -> None:
    starts: list[list[str]] = []
    real_popen = subprocess.Popen

    def counting_popen(command: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        starts.append(command)
        return real_popen(command, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", counting_popen)
    documents = {
        "care-plan.docx": make_docx(2, "Plan"),
        "Panel report (final) #2.docx": make_docx(3, "Report"),
        "letter": make_docx(1, "Letter"),
    }
    pdfs = converter.convert_bytes(documents)

    assert len(starts) == 1
    assert list(pdfs) == list(documents)
    assert [page_count(pdf) for pdf in pdfs.values()] == [2, 3, 1]
    assert "Plan page 1" in pdf_text(pdfs["care-plan.docx"], 0)
    assert "Report page 3" in pdf_text(pdfs["Panel report (final) #2.docx"], 2)
    assert pdfa_conformance(pdfs["letter"]) is None


@pytest.mark.libreoffice
@needs_libreoffice
def test_paths_into_an_out_dir_leave_the_inputs_alone(
    converter: PdfConverter, tmp_path: Path
) -> None:
    case = tmp_path / "case"
    case.mkdir()
    inputs = [case / "one.docx", case / "two.docx"]
    inputs[0].write_bytes(make_docx(1, "One"))
    inputs[1].write_bytes(make_docx(2, "Two"))
    out = tmp_path / "out"

    pdfs = converter.convert(inputs, out)

    assert pdfs == [out / "one.pdf", out / "two.pdf"]
    assert [page_count(pdf) for pdf in pdfs] == [1, 2]
    assert sorted(p.name for p in out.iterdir()) == ["one.pdf", "two.pdf"]
    # Nothing LibreOffice made (lock files, temp files) appears beside the inputs.
    assert sorted(p.name for p in case.iterdir()) == ["one.docx", "two.docx"]


@pytest.mark.libreoffice
@needs_libreoffice
def test_without_out_dir_pdfs_live_in_the_converter_temp_folder(converter: PdfConverter) -> None:
    [pdf] = converter.convert({"note.docx": make_docx(1, "Note")})
    assert pdf.name == "note.pdf"
    assert converter.profile_dir.parent in pdf.parents
    assert page_count(pdf) == 1


@pytest.mark.libreoffice
@needs_libreoffice
def test_damaged_docx_is_named_and_nothing_is_written(
    converter: PdfConverter, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    documents = {
        "good.docx": make_docx(1, "Good"),
        "damaged.docx": broken_docx(),
        # Gets past the "is it a zip" check; without the Word import filter pinned, LibreOffice
        # would import it as plain text and make a tidy PDF of it.
        "text.docx": b"PK is how this text file happens to start\n" * 20,
    }
    with pytest.raises(ConversionError) as caught:
        converter.convert(documents, out)
    message = caught.value.message
    assert "2 of 3 documents" in message
    assert "damaged.docx: LibreOffice produced no PDF" in message
    assert "text.docx: LibreOffice produced no PDF" in message
    assert "good.docx" not in message
    assert "could not be loaded" in message  # what LibreOffice itself printed, passed on
    assert "Word documents were still produced" in caught.value.hint
    assert not out.exists()


@pytest.mark.libreoffice
@needs_libreoffice
def test_pdfa_option_declares_pdfa_2b(converter: PdfConverter) -> None:
    pdfs = converter.convert_bytes({"archive.docx": make_docx(2, "Archive")}, pdfa=True)
    assert pdfa_conformance(pdfs["archive.docx"]) == "2B"
    assert page_count(pdfs["archive.docx"]) == 2


@pytest.mark.libreoffice
@needs_libreoffice
def test_two_converters_at_once_each_with_its_own_profile() -> None:
    results: dict[str, int] = {}
    errors: list[BaseException] = []

    def run(label: str, pages: int) -> None:
        try:
            with PdfConverter(timeout=120) as own:
                [pdf] = own.convert_bytes({f"{label}.docx": make_docx(pages, label)}).values()
                results[label] = page_count(pdf)
        except BaseException as exc:  # reported below; a thread cannot raise into the test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(f"doc{n}", n)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results == {"doc1": 1, "doc2": 2}


@pytest.mark.libreoffice
@needs_libreoffice
def test_profile_and_temp_files_removed_on_exit() -> None:
    with PdfConverter() as own:
        own.convert_bytes({"a.docx": make_docx(1, "A")})
        root = own.profile_dir.parent
        assert own.profile_dir.is_dir()  # kept between calls: the next call starts warm
        assert Path.cwd().resolve() not in root.resolve().parents
    assert not root.exists()


# --- LibreOffice missing -------------------------------------------------------------------------


def test_missing_libreoffice_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SOFFICE_ENV, raising=False)
    monkeypatch.setattr(convert, "find_soffice", lambda: None)
    with pytest.raises(ConversionError) as caught, PdfConverter():
        pass
    assert caught.value.message == "LibreOffice is not installed, so no PDF was made"
    assert "apt-get install libreoffice-writer-nogui" in caught.value.hint
    assert "fonts-crosextra-carlito" in caught.value.hint
    assert SOFFICE_ENV in caught.value.hint
    assert "Word documents were still produced" in caught.value.hint


def test_soffice_env_pointing_nowhere_is_reported(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-soffice"
    monkeypatch.setenv(SOFFICE_ENV, str(missing))
    assert find_soffice() is None
    with pytest.raises(ConversionError) as caught, PdfConverter():
        pass
    assert f"{SOFFICE_ENV}={missing}" in caught.value.message
    assert "apt-get install libreoffice-writer-nogui" in caught.value.hint


# --- a fake soffice for what LibreOffice will not do on demand ------------------------------------

_FAKE_SOFFICE = """\
import os, pathlib, shutil, subprocess, sys, time
args = sys.argv[1:]
out = pathlib.Path(args[args.index("--outdir") + 1])
inputs = [pathlib.Path(a) for a in args if a.endswith(".docx")]
mode = os.environ.get("FAKE_SOFFICE_MODE", "nothing")
print("fake soffice:", mode, flush=True)
if mode == "hang":
    child = subprocess.Popen(["sleep", "60"])
    pathlib.Path(os.environ["FAKE_SOFFICE_PIDS"]).write_text(f"{os.getpid()} {child.pid}")
    time.sleep(60)
for source in inputs:
    target = out / (source.stem + ".pdf")
    if mode == "empty":
        target.write_bytes(b"")
    elif mode == "not-pdf":
        target.write_bytes(b"<html>not a pdf</html>")
    elif mode == "copy-pdf":
        shutil.copyfile(os.environ["FAKE_SOFFICE_PDF"], target)
sys.exit(0)
"""


@pytest.fixture
def fake_soffice(tmp_path: Path) -> Path:
    script = tmp_path / "fake-bin" / "soffice"
    script.parent.mkdir()
    script.write_text(f"#!{sys.executable}\n{_FAKE_SOFFICE}")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.fixture
def fake_mode(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[[str], None]:
    def choose(mode: str) -> None:
        monkeypatch.setenv("FAKE_SOFFICE_MODE", mode)
        pdf = tmp_path / "fake-output.pdf"
        pdf.write_bytes(blank_pdf(1))
        monkeypatch.setenv("FAKE_SOFFICE_PDF", str(pdf))

    return choose


def test_soffice_env_override_is_used(monkeypatch: pytest.MonkeyPatch, fake_soffice: Path) -> None:
    monkeypatch.setenv(SOFFICE_ENV, str(fake_soffice))
    assert find_soffice() == fake_soffice


@pytest.mark.parametrize(
    ("mode", "problem"),
    [
        ("nothing", "LibreOffice produced no PDF"),
        ("empty", "LibreOffice produced an empty PDF"),
        ("not-pdf", "LibreOffice produced a file that is not a PDF"),
    ],
)
def test_exit_0_without_a_real_pdf_is_a_failure(
    fake_soffice: Path,
    fake_mode: Callable[[str], None],
    tmp_path: Path,
    mode: str,
    problem: str,
) -> None:
    fake_mode(mode)
    out = tmp_path / "out"
    with PdfConverter(fake_soffice) as fake, pytest.raises(ConversionError) as caught:
        fake.convert({"a.docx": make_docx(1, "A"), "b.docx": make_docx(1, "B")}, out)
    message = caught.value.message
    assert f"a.docx: {problem}" in message
    assert f"b.docx: {problem}" in message
    assert f"fake soffice: {mode}" in message  # its output is passed on
    assert not out.exists()


def test_hung_libreoffice_is_stopped_with_everything_it_started(
    fake_soffice: Path,
    fake_mode: Callable[[str], None],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    fake_mode("hang")
    pids_file = tmp_path / "pids"
    monkeypatch.setenv("FAKE_SOFFICE_PIDS", str(pids_file))
    started = time.monotonic()
    with PdfConverter(fake_soffice, timeout=1.5) as fake, pytest.raises(ConversionError) as caught:
        fake.convert_bytes({"slow.docx": make_docx(1, "Slow")})
    assert time.monotonic() - started < 10
    assert "longer than 1.5 seconds" in caught.value.message
    assert "slow.docx" in caught.value.message
    assert "fake soffice: hang" in caught.value.message
    assert "run the command again" in caught.value.hint

    # Both the fake soffice and the "soffice.bin" it started are gone.
    for pid in map(int, pids_file.read_text().split()):
        assert _gone(pid), f"process {pid} is still running"


def _gone(pid: int) -> bool:
    """True once ``pid`` has exited; a zombie waiting for its (new) parent to reap it counts."""
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        except OSError:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return True
            state = "?"
        if state in {"Z", "X"}:
            return True
        time.sleep(0.05)
    return False


def test_pdfa_ignored_by_libreoffice_is_caught(
    fake_soffice: Path, fake_mode: Callable[[str], None]
) -> None:
    fake_mode("copy-pdf")  # a fine PDF, but not PDF/A: what LibreOffice before 7.4 makes
    with PdfConverter(fake_soffice) as fake:
        assert page_count(fake.convert_bytes({"a.docx": make_docx(1, "A")})["a.docx"]) == 1
        with pytest.raises(ConversionError, match=r"a\.docx: the PDF is not PDF/A-2.*7\.4"):
            fake.convert_bytes({"a.docx": make_docx(1, "A")}, pdfa=True)


def test_random_bytes_are_refused_before_starting_libreoffice(
    fake_soffice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_start(*args: object, **kwargs: object) -> None:
        raise AssertionError("LibreOffice should not be started")

    monkeypatch.setattr(subprocess, "Popen", no_start)
    out = tmp_path / "out"
    documents = {"good.docx": make_docx(1, "G"), "garbage.docx": os.urandom(4000)}
    with PdfConverter(fake_soffice) as fake, pytest.raises(ConversionError) as caught:
        fake.convert(documents, out)
    assert caught.value.message.endswith(": garbage.docx")
    assert "not a Word (.docx) document" in caught.value.message
    assert "save it again as a Word document" in caught.value.hint
    assert not out.exists()


def test_existing_pdf_in_out_dir_is_not_replaced(
    fake_soffice: Path, fake_mode: Callable[[str], None], tmp_path: Path
) -> None:
    fake_mode("copy-pdf")
    out = tmp_path / "out"
    out.mkdir()
    (out / "b.pdf").write_bytes(b"KEEP")
    with PdfConverter(fake_soffice) as fake, pytest.raises(OutputError):
        fake.convert({"a.docx": make_docx(1, "A"), "b.docx": make_docx(1, "B")}, out)
    assert sorted(p.name for p in out.iterdir()) == ["b.pdf"]
    assert (out / "b.pdf").read_bytes() == b"KEEP"


@pytest.mark.parametrize("name", ["../escape.docx", "sub/dir.docx", "", ".."])
def test_document_names_must_be_plain_file_names(fake_soffice: Path, name: str) -> None:
    with PdfConverter(fake_soffice) as fake, pytest.raises(ValueError, match="plain file name"):
        fake.convert_bytes({name: make_docx(1, "X")})


def test_names_that_would_share_a_pdf_are_refused(fake_soffice: Path) -> None:
    with PdfConverter(fake_soffice) as fake, pytest.raises(ValueError, match="would both become"):
        fake.convert_bytes({"Report.docx": b"PK", "report": b"PK"})


def test_numbered_names_do_not_collide_with_staging(
    fake_soffice: Path, fake_mode: Callable[[str], None]
) -> None:
    # Inputs are staged as 001.docx, 002.docx...; a document really called 002.docx must still
    # get its own PDF and not the other document's.
    fake_mode("copy-pdf")
    with PdfConverter(fake_soffice) as fake:
        pdfs = fake.convert({"002.docx": make_docx(1, "X"), "001.docx": make_docx(1, "Y")})
    assert [p.name for p in pdfs] == ["002.pdf", "001.pdf"]


def test_converter_must_be_entered() -> None:
    with pytest.raises(RuntimeError, match="context manager"):
        PdfConverter().convert_bytes({"a.docx": b"PK"})


def test_the_build_names_the_same_soffice_variable_without_importing_the_converter() -> None:
    from permdocs.build import pack as pack_build

    assert pack_build.SOFFICE_ENV == SOFFICE_ENV
