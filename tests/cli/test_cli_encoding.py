"""Output is UTF-8 whatever the console: Windows gives redirected output its cp1252 code page, in
which "Michał" cannot be written, and a report must never stop half-way for a name."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from case_factory import complete_data, set_path, write_case_folder
from permdocs.cli import utf8_streams

NAME = "Michał"


def _permdocs(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[bytes]:
    """``python -m permdocs`` with both streams redirected, as Windows sets them up: cp1252."""
    environment = {**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"}
    return subprocess.run(
        [sys.executable, "-m", "permdocs", *arguments],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        check=False,
    )


def test_a_report_naming_michal_is_written_whole_under_cp1252(tmp_path: Path) -> None:
    data = complete_data()
    set_path(data, "siblings[0].name", NAME)
    set_path(data, "siblings[0].plan", None)
    folder = write_case_folder(tmp_path / "case", data)
    result = _permdocs(tmp_path, "check", "--as-of", "2026-06-01", str(folder))
    assert b"UnicodeEncodeError" not in result.stderr, result.stderr
    assert result.returncode == 1  # the blocker, not a crash
    report = result.stdout.decode("utf-8")
    assert NAME in report
    assert report.rstrip().endswith("]")  # the report ran to its end


def test_an_error_naming_michal_reaches_stderr_under_cp1252(tmp_path: Path) -> None:
    result = _permdocs(tmp_path, "check", NAME)
    assert result.returncode == 1
    assert result.stderr.decode("utf-8").startswith(f"{NAME}: no such folder")


@pytest.mark.parametrize("stream_name", ["stdout", "stderr"])
def test_a_cp1252_stream_is_switched_to_utf8(
    monkeypatch: pytest.MonkeyPatch, stream_name: str
) -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252")
    monkeypatch.setattr(sys, stream_name, stream)
    utf8_streams()
    stream.write(NAME)
    stream.flush()
    assert raw.getvalue().decode("utf-8") == NAME


def test_a_utf8_stream_is_left_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    monkeypatch.setattr(sys, "stdout", stream)
    utf8_streams()
    assert sys.stdout is stream and stream.encoding == "utf-8"
