"""Nothing is lost: atomic all-or-nothing writes, no clobbering, locks, owner-only files, audit."""

from __future__ import annotations

import errno
import json
import os
import stat
import threading
from pathlib import Path

import pytest

from permdocs.errors import OutputError
from permdocs.write import output
from permdocs.write.audit import AUDIT_NAME, append_audit, audit_entry
from permdocs.write.output import output_lock, word_owner_file, write_all


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_writes_every_file(tmp_path: Path) -> None:
    written = write_all(tmp_path, {"a.docx": b"A", "b.docx": b"B"}, force=False)
    assert [p.name for p in written] == ["a.docx", "b.docx"]
    assert _listing(tmp_path) == {"a.docx": b"A", "b.docx": b"B"}


def test_existing_output_is_not_replaced_without_force(tmp_path: Path) -> None:
    (tmp_path / "a.docx").write_bytes(b"KEEP")
    with pytest.raises(OutputError) as caught:
        write_all(tmp_path, {"a.docx": b"NEW", "b.docx": b"B"}, force=False)
    assert "--force" in str(caught.value)
    assert "a.docx (not written by permdocs)" in str(caught.value)
    assert _listing(tmp_path) == {"a.docx": b"KEEP"}


def test_force_replaces(tmp_path: Path) -> None:
    (tmp_path / "a.docx").write_bytes(b"OLD")
    write_all(tmp_path, {"a.docx": b"NEW"}, force=True)
    assert _listing(tmp_path) == {"a.docx": b"NEW"}


def test_document_open_in_word_is_never_replaced_even_with_force(tmp_path: Path) -> None:
    (tmp_path / "PF-1_ppm-referral.docx").write_bytes(b"OPEN")
    word_owner_file(tmp_path / "PF-1_ppm-referral.docx").write_bytes(b"owner")
    with pytest.raises(OutputError) as caught:
        write_all(tmp_path, {"PF-1_ppm-referral.docx": b"NEW"}, force=True)
    assert "open in Word" in str(caught.value)
    assert (tmp_path / "PF-1_ppm-referral.docx").read_bytes() == b"OPEN"


def test_word_owner_file_name_follows_words_convention(tmp_path: Path) -> None:
    assert word_owner_file(tmp_path / "PF-1_ppm.docx").name == "~$-1_ppm.docx"


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES, errno.EIO])
def test_failure_part_way_leaves_earlier_outputs_and_no_temporaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    (tmp_path / "a.docx").write_bytes(b"EARLIER")
    real_fsync = os.fsync
    calls = {"n": 0}

    def failing_fsync(descriptor: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # the second file of the set fails, as a full disk would
            raise OSError(code, os.strerror(code))
        real_fsync(descriptor)

    monkeypatch.setattr(output.os, "fsync", failing_fsync)
    with pytest.raises(OutputError) as caught:
        write_all(tmp_path, {"a.docx": b"NEW", "b.docx": b"B", "c.docx": b"C"}, force=True)
    assert "nothing was changed" in str(caught.value)
    assert _listing(tmp_path) == {"a.docx": b"EARLIER"}


def test_an_exception_in_the_middle_of_writing_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_stage = output._stage
    calls = {"n": 0}

    def exploding_stage(target: Path, data: bytes) -> Path:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(errno.EIO, "simulated failure")
        return real_stage(target, data)

    monkeypatch.setattr(output, "_stage", exploding_stage)
    with pytest.raises(OutputError):
        write_all(tmp_path, {"a.docx": b"A", "b.docx": b"B"}, force=False)
    assert list(tmp_path.iterdir()) == []


def test_permission_denied_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Simulated, because CI runs as root and root ignores folder permissions.
    def denied(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(output.tempfile, "mkstemp", denied)
    with pytest.raises(OutputError) as caught:
        write_all(tmp_path, {"a.docx": b"A"}, force=False)
    assert "Permission denied" in str(caught.value)
    assert "nothing was changed" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_outputs_and_folder_are_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    output.ensure_output_folder(folder)
    write_all(folder, {"a.docx": b"A"}, force=False)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "a.docx").stat().st_mode) == 0o600


def test_second_build_of_the_same_folder_stops_with_a_clear_message(tmp_path: Path) -> None:
    with output_lock(tmp_path), pytest.raises(OutputError) as caught, output_lock(tmp_path):
        pass
    assert "another permdocs run" in str(caught.value)
    # The lock is released afterwards, so a later build proceeds.
    with output_lock(tmp_path):
        pass


def test_concurrent_builds_one_proceeds_one_stops(tmp_path: Path) -> None:
    entered = threading.Event()
    release = threading.Event()
    outcomes: list[str] = []

    def first() -> None:
        with output_lock(tmp_path):
            entered.set()
            release.wait(5)
            outcomes.append("first wrote")

    thread = threading.Thread(target=first)
    thread.start()
    entered.wait(5)
    try:
        with output_lock(tmp_path):
            outcomes.append("second wrote")
    except OutputError:
        outcomes.append("second stopped")
    release.set()
    thread.join()
    assert sorted(outcomes) == ["first wrote", "second stopped"]


def test_audit_log_is_append_only_and_holds_no_personal_data(tmp_path: Path) -> None:
    entry = audit_entry(
        command=["permdocs", "build", "cases/x"],
        case_sha256="a" * 64,
        templates={"ppm-referral.docx": "b" * 64},
        outputs={"PF-1_ppm-referral.docx": "c" * 64},
    )
    append_audit(tmp_path, entry)
    append_audit(tmp_path, entry)
    lines = (tmp_path / AUDIT_NAME).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    record = json.loads(lines[0])
    assert set(record) == {
        "at",
        "account",
        "command",
        "permdocs_version",
        "case_sha256",
        "attachments_sha256",
        "templates_sha256",
        "outputs_sha256",
        "outcome",
    }
    assert record["outputs_sha256"] == {"PF-1_ppm-referral.docx": "c" * 64}
