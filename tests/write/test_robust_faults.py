"""Nothing is lost when a build fails part-way, runs twice at once, or meets a document open in
Word: end to end through ``permdocs build``, over the outputs of an earlier successful build.

Each test builds a case once, takes a snapshot of the whole case folder (every file's bytes and
permissions, hidden files included), makes the second build fail in one way, and then requires
the snapshot to be exactly as it was: the earlier outputs intact, no temporary file, the lock
released.
(``test_output_safety`` tests the same guarantees on ``output.write_all`` alone.)
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import queue
import signal
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner, Result

from permdocs.build import reports as build_module
from permdocs.cli import cli
from permdocs.errors import RenderError
from permdocs.policy.documents import REPORTS
from permdocs.render import engine as render
from permdocs.write import output
from permdocs.write.output import LOCK_NAME, word_owner_file
from render_builds import FIXTURE, copy_case
from robust_helpers import changes, snapshot

REFERENCE = "RT-2026-0001"
EVERY_REPORT = [argument for kind in REPORTS for argument in ("--only", kind.kind)]
"""Five documents, plus manifest.json and completeness.md (and without the PDF pack, which needs
LibreOffice and would only slow these tests down)."""

Snapshot = dict[str, tuple[str, bytes, int]]


def build(folder: Path, *options: str, as_of: str = "2025-10-21") -> Result:
    return CliRunner().invoke(
        cli, ["build", "--as-of", as_of, *EVERY_REPORT, *options, str(folder)]
    )


@pytest.fixture
def earlier(tmp_path: Path) -> tuple[Path, Snapshot]:
    """A case folder after a successful build, and its snapshot."""
    folder = copy_case(FIXTURE, tmp_path / "case")
    result = build(folder)
    assert result.exit_code == 0, result.output
    assert len(list((folder / "out").glob("*.docx"))) == len(REPORTS)
    return folder, snapshot(folder)


def again(folder: Path, *options: str) -> Result:
    """The second build: a day later, so that every document it would write differs."""
    return build(folder, "--force", *options, as_of="2025-10-22")


def assert_unchanged(folder: Path, before: Snapshot) -> None:
    after = snapshot(folder)
    assert after == before, "\n".join(changes(before, after))


class _Os:
    """``os`` as ``permdocs.write.output`` sees it, with some functions replaced."""

    def __init__(self, **replaced: Callable[..., Any]) -> None:
        self._replaced = replaced

    def __getattr__(self, name: str) -> Any:
        return self._replaced.get(name) or getattr(os, name)


def _fail_on_call(number: int, code: int, real: Callable[..., Any]) -> Callable[..., Any]:
    calls = 0

    def failing(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == number:
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    return failing


# --- a failure part-way -----------------------------------------------------------------------


def test_a_full_disk_on_the_third_file_leaves_the_earlier_outputs(
    earlier: tuple[Path, Snapshot], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, before = earlier
    # The third file's data is written, then the disk is full when it is flushed.
    monkeypatch.setattr(output, "os", _Os(fsync=_fail_on_call(3, errno.ENOSPC, os.fsync)))
    result = again(folder)
    assert result.exit_code == 1
    assert "No space left on device" in result.output
    assert "nothing was changed" in result.output
    assert_unchanged(folder, before)


def test_a_rename_failing_part_way_puts_back_the_outputs_already_replaced(
    earlier: tuple[Path, Snapshot], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two files are already in place when the third cannot be (a file held open on a network
    share): the two get their earlier versions back."""
    folder, before = earlier
    real_replace = Path.replace
    renamed: list[str] = []

    def replace(self: Path, target: Any) -> Path:
        if self.name.endswith(".tmp"):  # a new output going into place
            renamed.append(Path(target).name)
            if len(renamed) == 3:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target))
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", replace)
    result = again(folder)
    monkeypatch.undo()
    assert result.exit_code == 1
    assert len(renamed) == 3
    assert "could not put the outputs in place (Permission denied)" in result.output
    assert_unchanged(folder, before)


@pytest.mark.parametrize("where", ["the lock", "the first output"])
def test_permission_denied_on_the_output_folder_changes_nothing(
    earlier: tuple[Path, Snapshot], monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    folder, before = earlier

    def denied(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    if where == "the lock":
        monkeypatch.setattr(
            output, "FileLock", lambda *args, **kwargs: SimpleNamespace(acquire=denied)
        )
    else:
        monkeypatch.setattr(output, "tempfile", SimpleNamespace(mkstemp=denied))
    result = again(folder)
    assert result.exit_code == 1
    assert "Permission denied" in result.output
    assert "Traceback" not in result.output
    assert_unchanged(folder, before)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_a_read_only_output_folder_changes_nothing(earlier: tuple[Path, Snapshot]) -> None:
    folder, before = earlier
    (folder / "out").chmod(0o500)
    try:
        result = again(folder)
    finally:
        (folder / "out").chmod(0o700)
    assert result.exit_code == 1
    assert "Permission denied" in result.output
    assert_unchanged(folder, before)


@pytest.mark.parametrize(
    "error",
    [RenderError("the fourth document could not be produced"), RuntimeError("a bug")],
    ids=["refused", "unexpected"],
)
def test_a_failure_rendering_the_fourth_document_writes_nothing(
    earlier: tuple[Path, Snapshot], monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    folder, before = earlier
    real_render = render.render_document
    rendered: list[str] = []

    def render_fourth_fails(*args: Any, **kwargs: Any) -> bytes:
        rendered.append(kwargs["document"])
        if len(rendered) == 4:
            raise error
        return real_render(*args, **kwargs)

    monkeypatch.setattr("permdocs.build.run.render_document", render_fourth_fails)
    result = again(folder)
    assert result.exit_code == 1
    assert len(rendered) >= 4
    if isinstance(error, RenderError):
        assert "Nothing was written" in result.output
    else:
        assert result.exception is error  # a bug still surfaces, after nothing was written
    assert_unchanged(folder, before)


# --- two builds at once -----------------------------------------------------------------------


def _racer(folder: str, inside: Any, release: Any, results: Any) -> None:
    """One of two builds started together. Whichever takes the output folder's lock first waits
    inside it (writing) until the test lets it go."""
    real_write_all = output.write_all

    def write_all(*args: Any, **kwargs: Any) -> list[Path]:
        inside.set()
        release.wait(60)
        return real_write_all(*args, **kwargs)

    vars(build_module)["write_all"] = write_all  # this process only: it is a fork
    result = build(Path(folder), "--force")
    results.put((result.exit_code, result.output))


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork to share the patch"
)
def test_two_builds_of_one_case_at_once_one_proceeds_the_other_stops(
    earlier: tuple[Path, Snapshot],
) -> None:
    folder, _ = earlier
    context = multiprocessing.get_context("fork")
    inside, release = context.Event(), context.Event()
    results: Any = context.Queue()
    racers = [
        context.Process(target=_racer, args=(str(folder), inside, release, results))
        for _ in range(2)
    ]
    for racer in racers:
        racer.start()
    try:
        assert inside.wait(60), "neither build reached the output folder"
        first = results.get(timeout=60)  # the one that found the folder locked
        assert (folder / "out" / LOCK_NAME).exists()
    finally:
        release.set()
    try:
        second = results.get(timeout=60)
    except queue.Empty:  # pragma: no cover - reported by the assertion below
        second = (None, "the build holding the lock never finished")
    for racer in racers:
        racer.join(60)
    assert first[0] == 1, first[1]
    assert "another permdocs run is writing to this folder" in first[1]
    assert second[0] == 0, second[1]
    after = snapshot(folder)
    assert not [name for name in after if name.endswith((".tmp", ".old"))]
    with output.output_lock(folder / "out"):  # released by the build that held it
        pass
    assert {name for name in after if name.endswith(".docx")} == {
        f"out/{REFERENCE}_{kind.kind}.docx" for kind in REPORTS
    }


def _crash_holding_the_lock(out: str, held: Any) -> None:
    with output.output_lock(Path(out)):
        held.set()
        signal.pause()  # until killed, as by the out-of-memory killer or a power cut


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL to crash a run")
def test_a_run_killed_while_holding_the_lock_does_not_stop_the_next_build(
    earlier: tuple[Path, Snapshot],
) -> None:
    folder, _ = earlier
    context = multiprocessing.get_context("spawn")
    held = context.Event()
    crashed = context.Process(target=_crash_holding_the_lock, args=(str(folder / "out"), held))
    crashed.start()
    try:
        assert held.wait(60), "the run to be killed never took the lock"
        blocked = again(folder)
        assert blocked.exit_code == 1
        assert "another permdocs run is writing to this folder" in blocked.output
    finally:
        os.kill(crashed.pid or 0, signal.SIGKILL)
        crashed.join(60)
    assert crashed.exitcode == -signal.SIGKILL
    assert (folder / "out" / LOCK_NAME).exists()  # left behind by the killed run
    result = again(folder)
    assert result.exit_code == 0, result.output


# --- a document open in Word ------------------------------------------------------------------


def test_an_output_open_in_word_is_never_replaced_even_with_force(
    earlier: tuple[Path, Snapshot],
) -> None:
    folder, _ = earlier
    owner = word_owner_file(folder / "out" / f"{REFERENCE}_matching-report-part2.docx")
    owner.write_bytes(b"Word's owner file")
    before = snapshot(folder)
    result = again(folder)
    assert result.exit_code == 1
    assert "is open in Word" in result.output
    assert "close the document in Word" in result.output
    assert_unchanged(folder, before)


# --- owner-only -------------------------------------------------------------------------------


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The common 022: anything not made owner-only on purpose would be readable by all."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_output_folder_and_every_file_are_owner_only(tmp_path: Path, usual_umask: None) -> None:
    folder = copy_case(FIXTURE, tmp_path / "case")
    # A folder named after the child, created by the build along with its parent.
    out = tmp_path / "Ellie Fictional" / "permanence" / "out"
    for _ in range(2):  # the first build, then one replacing its files
        result = build(folder, "--out", str(out), "--force")
        assert result.exit_code == 0, result.output
        for path in (out, out.parent, out.parent.parent):
            assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
        files = sorted(path.name for path in out.iterdir())
        assert {"manifest.json", "completeness.md", "audit.jsonl"} <= set(files)
        assert len([name for name in files if name.endswith(".docx")]) == len(REPORTS)
        for path in out.iterdir():
            assert path.is_file()
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
