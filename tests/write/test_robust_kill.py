"""Killed at any instant, a case's output folder holds one whole set: the earlier or the new.

A build runs in a forked process that kills itself with SIGKILL (nothing in it runs afterwards:
no ``finally``, no roll-back) right after one step of putting its outputs in place: each file
staged, the journal written, each earlier version kept, each new file renamed into place, the
audit line, the journal removed, each earlier version deleted. Every step is tried in turn. The
next run's first act (``output.settle``, what ``build``, ``letters`` and ``pack`` do before
anything else) must then leave the folder holding exactly one set that matches its manifest,
hashes included, with an audit log whose last line names that set, and no hidden file besides
the lock; and the run after it must build normally and leave no stray file either.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import signal
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from permdocs.api import build_case
from permdocs.build.options import BuildOptions
from permdocs.cli import cli
from permdocs.write import journal
from permdocs.write.audit import AUDIT_NAME
from permdocs.write.interrupts import Terminated
from permdocs.write.manifest import MANIFEST_NAME
from permdocs.write.output import LOCK_NAME, settle
from render_builds import FIXTURE, copy_case
from robust_helpers import snapshot

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGKILL") or "fork" not in multiprocessing.get_all_start_methods(),
    reason="needs fork and SIGKILL",
)

ONLY = ("ppm-referral", "panel-checklist")
KINDS = [argument for kind in ONLY for argument in ("--only", kind)]
"""Two documents, manifest.json and completeness.md: four files, enough for every kind of step."""
EARLIER_DAY, NEW_DAY = "2025-10-21", "2025-10-22"  # every document differs between the two


def build(folder: Path, as_of: str, *options: str) -> Result:
    return CliRunner().invoke(cli, ["build", "--as-of", as_of, *KINDS, *options, str(folder)])


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _steps(folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The steps of one build over ``folder``, in order (the build is run on a copy)."""
    trial = shutil.copytree(folder, folder.parent / "trial")
    names: list[str] = []
    monkeypatch.setattr(journal, "_after_step", names.append)
    result = build(trial, NEW_DAY, "--force")
    monkeypatch.setattr(journal, "_after_step", None)
    assert result.exit_code == 0, result.output
    shutil.rmtree(trial)
    return names


def _killed_after(folder: str, step: int) -> None:
    """In a forked child: the new build, killed right after its ``step``-th step."""
    done = 0

    def stop(name: str) -> None:
        nonlocal done
        done += 1
        if done == step:
            os.kill(os.getpid(), signal.SIGKILL)

    journal._after_step = stop
    build(Path(folder), NEW_DAY, "--force")
    os._exit(0)  # not killed: the step was never reached


def _new_documents(folder: Path) -> dict[str, bytes]:
    """What the new build writes, by file name (documents are reproducible byte for byte)."""
    reference = shutil.copytree(folder, folder.parent / "reference")
    result = build(reference, NEW_DAY, "--force")
    assert result.exit_code == 0, result.output
    return {path.name: path.read_bytes() for path in (reference / "out").glob("*.docx")}


def assert_one_whole_set(
    out: Path, earlier: dict[str, tuple[str, bytes, int]], new: dict[str, bytes]
) -> str:
    """The folder holds the earlier set exactly, or the new set whole: returns which."""
    assert not _hidden(out), f"stray hidden files: {_hidden(out)}"
    now = {name: entry for name, entry in snapshot(out).items() if name != LOCK_NAME}
    earlier = {name: entry for name, entry in earlier.items() if name != LOCK_NAME}
    if now == earlier:
        return "earlier"
    files = {name: entry[1] for name, entry in now.items()}
    manifest = json.loads(files[MANIFEST_NAME])
    listed = {entry["path"]: entry["sha256"] for entry in manifest["documents"]}
    assert {name for name in files if name.endswith(".docx")} == set(listed)
    for name, sha256 in listed.items():
        assert _sha256(files[name]) == sha256, f"{name} does not match the manifest"
        assert files[name] == new[name], f"{name} is neither the earlier nor the new version"
    log = files[AUDIT_NAME].decode("utf-8").splitlines()
    assert json.loads(log[-1])["outputs_sha256"] == listed  # the log's last line is this set
    assert len(log) == len(earlier.get(AUDIT_NAME, ("", b"", 0))[1].splitlines()) + 1
    return "new"


@pytest.mark.parametrize("first_build", [False, True], ids=["over-an-earlier-build", "first-build"])
def test_a_kill_after_any_step_leaves_one_whole_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first_build: bool
) -> None:
    original = copy_case(FIXTURE, tmp_path / "original")
    if not first_build:
        assert build(original, EARLIER_DAY).exit_code == 0
    steps = _steps(original, monkeypatch)
    new = _new_documents(original)
    kept = [step for step in steps if step.startswith("kept")]
    assert len(kept) == (0 if first_build else 4), steps
    outcomes: dict[str, str] = {}
    context = multiprocessing.get_context("fork")
    for number, step in enumerate(steps, start=1):
        folder = shutil.copytree(original, tmp_path / f"killed-{number}")
        out = folder / "out"
        earlier = snapshot(out)
        child = context.Process(target=_killed_after, args=(str(folder), number))
        child.start()
        child.join(120)
        assert child.exitcode == -signal.SIGKILL, f"not killed after {step}"

        left = _hidden(out)
        notices = settle(out)  # the next run's first act
        outcomes[step] = assert_one_whole_set(out, earlier, new)
        if journal.JOURNAL_NAME in left:
            assert any("its changes were undone" in notice for notice in notices), notices
        elif left:
            assert any("hidden file" in notice for notice in notices), (step, left, notices)

        again = build(folder, "2025-10-23", "--force")  # and the run after builds as usual
        assert again.exit_code == 0, again.output
        assert_matches_manifest(out)
        shutil.rmtree(folder)
    # Up to the journal's removal a kill leaves the earlier set; from then on, the new one.
    cut = steps.index("journal removed")
    assert {outcomes[step] for step in steps[:cut]} == {"earlier"}
    assert {outcomes[step] for step in steps[cut:]} == {"new"}


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM"])
def test_an_interrupt_at_any_step_puts_the_earlier_set_back_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signal_name: str
) -> None:
    """Ctrl+C or SIGTERM (``Terminated``, as the command line turns it into) while the set goes
    in: the run itself puts the earlier set back before it stops, so nothing waits for the next
    run, up to the journal's removal; after it, the new set stands."""
    original = copy_case(FIXTURE, tmp_path / "original")
    assert build(original, EARLIER_DAY).exit_code == 0
    steps = _steps(original, monkeypatch)
    cut = steps.index("journal removed")
    interrupt = KeyboardInterrupt() if signal_name == "SIGINT" else Terminated(signal.SIGTERM)
    for number, step in enumerate(steps, start=1):
        folder = shutil.copytree(original, tmp_path / f"interrupted-{number}")
        out = folder / "out"
        earlier = snapshot(out)
        done = 0

        def stop(name: str, at: int = number) -> None:
            nonlocal done
            done += 1
            if done == at:
                raise interrupt

        monkeypatch.setattr(journal, "_after_step", stop)
        with pytest.raises(KeyboardInterrupt):
            build_case(folder, BuildOptions(as_of=date(2025, 10, 22), force=True, only=ONLY))
        monkeypatch.setattr(journal, "_after_step", None)
        if number <= cut:
            assert snapshot(out) == earlier, f"after {step}"
        else:
            settle(out)
            assert_matches_manifest(out)
        shutil.rmtree(folder)


def _hidden(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".") and p.name != LOCK_NAME)


def assert_matches_manifest(out: Path) -> None:
    assert not _hidden(out)
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    listed = {entry["path"]: entry["sha256"] for entry in manifest["documents"]}
    assert {path.name for path in out.glob("*.docx")} == set(listed)
    for name, sha256 in listed.items():
        assert _sha256((out / name).read_bytes()) == sha256


def test_the_next_run_says_what_it_put_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed half-way through: the next command first puts the earlier set back and says so,
    then (the earlier set being permdocs' own and unchanged) replaces it with a whole new set."""
    folder = copy_case(FIXTURE, tmp_path / "case")
    assert build(folder, EARLIER_DAY).exit_code == 0
    earlier = snapshot(folder / "out")
    step = _steps(folder, monkeypatch).index("placed RT-2026-0001_panel-checklist.docx") + 1
    child = multiprocessing.get_context("fork").Process(
        target=_killed_after, args=(str(folder), step)
    )
    child.start()
    child.join(120)
    assert child.exitcode == -signal.SIGKILL
    assert (folder / "out" / journal.JOURNAL_NAME).exists()
    result = build(folder, NEW_DAY)
    assert result.exit_code == 0, result.output
    assert "was stopped while putting its 4 outputs in place; its changes were undone" in (
        result.output
    )
    assert not (folder / "out" / journal.JOURNAL_NAME).exists()
    assert snapshot(folder / "out") != earlier
    assert_matches_manifest(folder / "out")
