"""One long-lived LibreOffice per process (pack/office.py): started once and reused, restarted
after a crash or a timeout, on a pipe rather than a network port, stopped on every way out, and
replaced by one LibreOffice per call where it cannot run.

These run the real LibreOffice through its UNO bridge, which needs a Python that can import
LibreOffice's ``uno`` module (Debian/Ubuntu: python3-uno); without one they are skipped saying so.
Behaviour only: the speed is benchmarks/bench.py's business.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_convert import broken_docx, make_docx

from permdocs.errors import ConversionError
from permdocs.pack import office
from permdocs.pack.convert import PdfConverter, find_soffice
from permdocs.pack.office import Office
from permdocs.pack.pdftools import open_pdf, page_count, pdf_text, pdfa_conformance

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(sys.platform != "linux", reason="reads processes from /proc"),
]


def _soffice() -> Path:
    soffice = find_soffice()
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    return soffice


@pytest.fixture(scope="module")
def running() -> Iterator[Office]:
    """One Office for the module, as a batch worker keeps one for all its cases."""
    own = Office(_soffice())
    try:
        own.start()
    except office.OfficeUnavailable as why:
        pytest.skip(f"no persistent LibreOffice here (apt-get install python3-uno): {why}")
    yield own
    own.close()


def family(office_: Office) -> set[int]:
    """Every live process in the bridge's process group: the bridge and LibreOffice's own."""
    process = office_._process
    assert process is not None
    return group_members(process.pid)


def group_members(group: int) -> set[int]:
    members = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] not in {"Z", "X"}:
            members.add(int(entry.name))
    return members


def soffice_bin(pids: set[int]) -> int:
    for pid in pids:
        try:
            if b"soffice.bin" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return pid
        except OSError:
            continue
    raise AssertionError(f"no soffice.bin among {pids}")


def all_gone(pids: set[int], seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(_alive(pid) for pid in pids):
            return True
        time.sleep(0.1)
    return False


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in {"Z", "X"}


def converted(office_: Office, documents: dict[str, bytes], **options: bool) -> dict[str, bytes]:
    """``documents`` converted as PdfConverter(persistent=True) would, through ``office_``."""
    converter = PdfConverter(timeout=120)
    with converter:
        converter._office = office_
        return converter.convert_bytes(documents, **options)


def test_one_libreoffice_converts_every_call(running: Office) -> None:
    before = family(running)
    starts = running.starts
    first = converted(running, {"a.docx": make_docx(1, "Alpha"), "b.docx": make_docx(3, "Beta")})
    second = converted(running, {"c.docx": make_docx(2, "Gamma")})
    assert running.starts == starts
    assert family(running) == before  # the very same processes did both calls
    assert [page_count(pdf) for pdf in first.values()] == [1, 3]
    assert "Beta page 3" in pdf_text(first["b.docx"], 2)
    assert "Gamma page 2" in pdf_text(second["c.docx"], 1)


def test_a_damaged_document_is_named_and_libreoffice_carries_on(running: Office) -> None:
    starts = running.starts
    with pytest.raises(ConversionError) as caught:
        converted(running, {"fine.docx": make_docx(1, "Fine"), "Care plan.docx": broken_docx()})
    message = caught.value.message
    assert "Care plan.docx: LibreOffice produced no PDF" in message
    assert "fine.docx:" not in message.split("LibreOffice said:")[0]
    assert page_count(converted(running, {"next.docx": make_docx(1, "Next")})["next.docx"]) == 1
    assert running.starts == starts


def test_pdfa_through_the_long_lived_libreoffice(running: Office) -> None:
    pdf = converted(running, {"a.docx": make_docx(1, "Archive")}, pdfa=True)["a.docx"]
    assert (pdfa_conformance(open_pdf(pdf, "a.pdf")) or "").startswith("2")


def test_a_crashed_libreoffice_is_started_again_and_the_call_still_succeeds(
    running: Office,
) -> None:
    starts = running.starts
    os.kill(soffice_bin(family(running)), signal.SIGKILL)
    pdfs = converted(running, {"after-crash.docx": make_docx(2, "Again")})
    assert page_count(pdfs["after-crash.docx"]) == 2
    assert running.starts == starts + 1


def test_libreoffice_listens_on_a_private_pipe_not_a_network_port(running: Office) -> None:
    pid = soffice_bin(family(running))
    arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    accept = [argument for argument in arguments if argument.startswith(b"--accept=")]
    assert len(accept) == 1 and accept[0].startswith(b"--accept=pipe,name=permdocs-")
    profile = [argument for argument in arguments if b"UserInstallation=" in argument]
    assert len(profile) == 1 and b"/permdocs-office-" in profile[0]  # its own profile
    # None of its open sockets is a TCP or UDP socket.
    sockets = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = str(fd.readlink())
        except OSError:
            continue
        if target.startswith("socket:["):
            sockets.add(target[len("socket:[") : -1])
    network = set()
    for table in ("tcp", "tcp6", "udp", "udp6"):
        path = Path(f"/proc/{pid}/net/{table}")
        if path.exists():
            for line in path.read_text().splitlines()[1:]:
                network.add(line.split()[9])
    assert sockets, "LibreOffice should hold the pipe's socket"
    assert not sockets & network


def test_a_conversion_over_its_time_is_stopped_with_libreoffice_and_the_next_starts_afresh(
    running: Office, tmp_path: Path
) -> None:
    running.start()
    before = family(running)
    starts = running.starts
    slow = tmp_path / "slow.docx"
    slow.write_bytes(make_docx(30, "Slow"))
    with pytest.raises(ConversionError) as caught:
        running.convert(
            [(slow, tmp_path / "slow.pdf")],
            pdfa=False,
            timeout=0.001,
            names=["Slow paper.docx"],
        )
    assert "took longer than 0.001 seconds to convert Slow paper.docx" in caught.value.message
    assert all_gone(before)
    assert page_count(converted(running, {"then.docx": make_docx(1, "Then")})["then.docx"]) == 1
    assert running.starts == starts + 1


def test_close_stops_libreoffice_and_removes_its_profile() -> None:
    own = Office(_soffice())
    try:
        own.start()
    except office.OfficeUnavailable as why:
        pytest.skip(f"no persistent LibreOffice here: {why}")
    pids = family(own)
    root = own._root
    assert root is not None and (root / "profile").is_dir()
    own.close()
    assert all_gone(pids)
    assert not root.exists()
    own.close()  # a second close is harmless


_OWNER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from permdocs.pack import office
    own = office.shared_office(Path(sys.argv[1]))
    own.start()
    print(own._process.pid, flush=True)
    time.sleep(600)
    """
)


def test_a_process_killed_outright_takes_its_libreoffice_with_it(tmp_path: Path) -> None:
    soffice = _soffice()
    with subprocess.Popen(
        [sys.executable, "-c", _OWNER, str(soffice)], stdout=subprocess.PIPE, text=True
    ) as owner:
        try:
            assert owner.stdout is not None
            line = owner.stdout.readline().strip()
            if not line:
                pytest.skip("no persistent LibreOffice here (apt-get install python3-uno)")
            group = int(line)
            pids = group_members(group)
            assert len(pids) >= 2  # the bridge and LibreOffice
            owner.send_signal(signal.SIGKILL)  # no atexit, no finaliser: only the bridge notices
            owner.wait()
            assert all_gone(pids, seconds=30), f"still running: {group_members(group)}"
        finally:
            owner.kill()


def test_where_no_python_has_uno_each_call_starts_its_own_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _soffice()
    no_uno = tmp_path / "python-without-uno"
    no_uno.write_text(f"#!{sys.executable} -I\nimport uno\n")
    no_uno.chmod(0o755)
    monkeypatch.setenv(office.UNO_PYTHON_ENV, str(no_uno))
    monkeypatch.setattr(office, "_shared", {})
    try:
        with PdfConverter(persistent=True) as converter:
            pdfs = converter.convert_bytes({"a.docx": make_docx(2, "Fallback")})
        assert page_count(pdfs["a.docx"]) == 2
        problem = office.persistent_problem()
        assert problem is not None and str(no_uno) in problem
        # Decided once: later converters in this process go straight to the fallback.
        assert office.shared_office(_soffice()) is None
    finally:
        office.close_shared()
