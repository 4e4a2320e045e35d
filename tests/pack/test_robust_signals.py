"""SIGTERM and SIGHUP during the PDF step are handled like Ctrl+C: LibreOffice is stopped, the
temporary copies of the child's documents are removed, and the case folder is as it was.

``permdocs pack`` runs as a real process (``python -m permdocs``, with its own temporary folder);
once LibreOffice is seen converting, the signal is sent, and then: the command exits 1 saying it
was stopped, no LibreOffice started by it is left running, nothing of its temporary folder is
left, and the case folder is byte for byte as before.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from render_builds import ROOT, SAMPLE_AS_OF, copy_case
from robust_helpers import changes, snapshot

SAMPLE = ROOT / "samples" / "01-existing-carer-agreed"

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds LibreOffice through /proc"),
]


def _processes_using(profile_prefix: str) -> list[int]:
    """Living processes whose command line names a LibreOffice profile under ``profile_prefix``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().decode("utf-8", "replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if profile_prefix in command and state != "Z":
            found.append(int(entry.name))
    return found


def _wait_for(condition: object, what: str, limit: float = 120.0) -> None:
    """Poll until ``condition()`` holds (a wait for an event, not a measured time)."""
    deadline = time.monotonic() + limit
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def private_tmp(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "tmp"
    folder.mkdir()
    yield folder
    for pid in _processes_using(str(folder)):  # pragma: no cover - only if the test failed
        os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_during_conversion_stops_libreoffice_and_removes_the_copies(
    tmp_path: Path, private_tmp: Path, signum: int
) -> None:
    case = copy_case(SAMPLE, tmp_path / "case")
    before = snapshot(case)
    environment = {**os.environ, "TMPDIR": str(private_tmp)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "permdocs",
            "pack",
            "--draft",
            "--as-of",
            SAMPLE_AS_OF.isoformat(),
            str(case),
        ],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        profile = f"file://{private_tmp}/permdocs-soffice-"
        _wait_for(lambda: _processes_using(profile), "LibreOffice to start")
        copies = list(private_tmp.glob("permdocs-soffice-*/call-*/in/*.docx"))
        assert copies, "the documents being converted are in the temporary folder"
        process.send_signal(signum)
        output, _ = process.communicate(timeout=120)
    finally:
        if process.poll() is None:  # pragma: no cover - only if the test failed
            process.kill()
            process.wait()
    text = output.decode("utf-8", "replace")
    assert process.returncode == 1, text
    assert "Aborted" in text
    assert "Traceback" not in text
    _wait_for(lambda: not _processes_using(str(private_tmp)), "LibreOffice to be gone", 30)
    assert list(private_tmp.iterdir()) == [], "temporary copies were left behind"
    after = snapshot(case)
    assert after == before, "\n".join(changes(before, after))
