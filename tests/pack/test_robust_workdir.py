"""A PDF conversion killed outright (SIGKILL) cannot remove its work folder, which holds copies of
the child's documents: the next conversion removes it, and never one still in use or another
account's.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path

import pytest

from permdocs.pack.convert import PdfConverter
from permdocs.pack.workdir import PREFIX, WorkFolder

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGKILL") or "fork" not in multiprocessing.get_all_start_methods(),
    reason="needs fork and SIGKILL",
)


def _converting_then_killed(ready: object) -> None:
    """In a forked child: a work folder holding a copy of a document, then SIGKILL."""
    work = WorkFolder()
    (work.path / "call-1" / "in").mkdir(parents=True)
    (work.path / "call-1" / "in" / "001.docx").write_bytes(b"the child's care plan")
    ready.set()  # type: ignore[attr-defined]
    time.sleep(60)


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def test_the_work_folder_of_a_killed_conversion_is_removed_by_the_next(temp_root: Path) -> None:
    context = multiprocessing.get_context("fork")
    ready = context.Event()
    child = context.Process(target=_converting_then_killed, args=(ready,))
    child.start()
    assert ready.wait(60)
    os.kill(child.pid or 0, signal.SIGKILL)
    child.join(60)
    left = list(temp_root.glob(PREFIX + "*"))
    assert len(left) == 1 and (left[0] / "call-1" / "in" / "001.docx").exists()

    in_use = WorkFolder()  # a conversion still running alongside
    older = temp_root / f"{PREFIX}from-an-older-permdocs"
    older.mkdir()
    day_ago = time.time() - 2 * 24 * 3600
    os.utime(older, (day_ago, day_ago))
    recent = temp_root / f"{PREFIX}just-made"
    recent.mkdir()
    try:
        true = Path(shutil.which("true") or "/bin/true")
        with PdfConverter(soffice=true) as converter:
            assert converter.removed_left_behind
            assert "removed 2 temporary folder(s)" in converter.removed_left_behind[0]
            assert "held copies of documents" in converter.removed_left_behind[0]
        assert not left[0].exists() and not older.exists()
        assert in_use.path.exists() and recent.exists()  # in use, or too new to judge
    finally:
        in_use.remove()
    assert not in_use.path.exists()
