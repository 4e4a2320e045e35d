"""Never through a link: a symbolic link planted in an output folder is refused, never written
through, whichever command meets it; an output folder open to other users is made owner-only.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from permdocs.cli import cli
from permdocs.errors import OutputError
from permdocs.policy.documents import KINDS
from permdocs.write import links
from permdocs.write.audit import AUDIT_NAME, append_audit, audit_entry
from permdocs.write.output import LOCK_NAME, write_all
from render_builds import ROOT, SAMPLE_AS_OF, copy_case
from robust_helpers import changes, snapshot

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symbolic links and POSIX permissions")

SAMPLE = ROOT / "samples" / "02-siblings-new-carers-confidential"
EVERY_KIND = [argument for kind in KINDS for argument in ("--only", kind)]
COMMANDS = {
    "build": ["build", *EVERY_KIND],
    "letters": ["letters"],
    "pack": ["pack", "--no-pdf", "--draft"],
}


def run(command: list[str], folder: Path, *options: str) -> Result:
    return CliRunner().invoke(
        cli, [*command, "--as-of", SAMPLE_AS_OF.isoformat(), *options, str(folder)]
    )


@pytest.fixture
def built(tmp_path: Path) -> Path:
    folder = copy_case(SAMPLE, tmp_path / "case")
    for command in (COMMANDS["build"], COMMANDS["pack"]):  # the build writes the letters too
        result = run(command, folder)
        assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A file outside the case folder that a planted link points at."""
    target = tmp_path / "elsewhere" / "not-yours.txt"
    target.parent.mkdir()
    target.write_text("someone else's file\n", encoding="utf-8")
    return target


@pytest.mark.parametrize("command", list(COMMANDS), ids=list(COMMANDS))
def test_a_symlinked_audit_log_is_refused_and_never_written_through(
    built: Path, elsewhere: Path, command: str
) -> None:
    log = built / "out" / AUDIT_NAME
    log.unlink()
    log.symlink_to(elsewhere)
    before = snapshot(built)
    result = run(COMMANDS[command], built, "--force")
    assert result.exit_code == 1, result.output
    assert f"{log} (the audit log) is a symbolic link" in result.output
    assert "never writes through a link" in result.output
    assert "Traceback" not in result.output
    assert elsewhere.read_text(encoding="utf-8") == "someone else's file\n"
    after = snapshot(built)
    assert after == before, "\n".join(changes(before, after))


def test_a_symlinked_output_is_refused(built: Path, elsewhere: Path) -> None:
    manifest = built / "out" / "manifest.json"
    manifest.unlink()
    manifest.symlink_to(elsewhere)
    before = snapshot(built)
    result = run(COMMANDS["build"], built, "--force")
    assert result.exit_code == 1
    assert f"{manifest} is a symbolic link" in result.output
    assert elsewhere.read_text(encoding="utf-8") == "someone else's file\n"
    assert snapshot(built) == before


def test_a_symlinked_output_folder_or_lock_is_refused(tmp_path: Path, elsewhere: Path) -> None:
    folder = copy_case(SAMPLE, tmp_path / "case")
    (folder / "out").symlink_to(elsewhere.parent, target_is_directory=True)
    result = run(COMMANDS["build"], folder)
    assert result.exit_code == 1
    assert "(the output folder) is a symbolic link" in result.output
    assert sorted(p.name for p in elsewhere.parent.iterdir()) == ["not-yours.txt"]

    (folder / "out").unlink()
    (folder / "out").mkdir(mode=0o700)
    (folder / "out" / LOCK_NAME).symlink_to(elsewhere)
    result = run(COMMANDS["build"], folder)
    assert result.exit_code == 1
    assert "(the output folder's lock) is a symbolic link" in result.output
    assert elsewhere.read_text(encoding="utf-8") == "someone else's file\n"


def test_appending_never_follows_a_link_even_one_planted_after_the_check(
    tmp_path: Path, elsewhere: Path
) -> None:
    """O_NOFOLLOW itself, not only the check before it: a link that appears between the check
    and the open (a race) is refused by the open."""
    (tmp_path / AUDIT_NAME).symlink_to(elsewhere)
    entry = audit_entry(command=["permdocs"], case_sha256="a" * 64, templates={}, outputs={})
    with pytest.raises(OutputError) as caught:
        append_audit(tmp_path, entry)
    assert "is a symbolic link" in caught.value.message
    with pytest.raises(OutputError):
        links.append_bytes(tmp_path / AUDIT_NAME, b"x")
    with pytest.raises(OutputError):
        links.truncate(tmp_path / AUDIT_NAME, 0)
    assert elsewhere.read_text(encoding="utf-8") == "someone else's file\n"


def test_a_fifo_under_the_logs_name_is_refused_without_hanging(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / AUDIT_NAME)
    with pytest.raises(OSError):  # no reader: refused at once (ENXIO), never blocks
        links.append_bytes(tmp_path / AUDIT_NAME, b"x")
    with pytest.raises(OutputError) as caught:
        links.read_bytes(tmp_path / AUDIT_NAME)  # opened for reading: not an ordinary file
    assert "not an ordinary file" in caught.value.message


def test_write_all_refuses_a_link_among_its_outputs(tmp_path: Path, elsewhere: Path) -> None:
    (tmp_path / "b.docx").symlink_to(elsewhere)
    with pytest.raises(OutputError):
        write_all(tmp_path, {"a.docx": b"A", "b.docx": b"B"}, force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.docx", "elsewhere"]
    assert elsewhere.read_text(encoding="utf-8") == "someone else's file\n"


def test_an_output_folder_open_to_others_is_made_owner_only(tmp_path: Path) -> None:
    folder = copy_case(SAMPLE, tmp_path / "case")
    out = folder / "out"
    out.mkdir()
    out.chmod(0o755)
    (out / AUDIT_NAME).write_text("", encoding="utf-8")
    (out / AUDIT_NAME).chmod(0o644)
    result = run(COMMANDS["build"], folder)
    assert result.exit_code == 0, result.output
    assert "could be read by other users of this computer (permissions 755)" in result.output
    assert "it is now owner-only (700)" in result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert stat.S_IMODE((out / AUDIT_NAME).stat().st_mode) == 0o600


def test_a_shared_folder_given_with_out_is_reported_not_changed(tmp_path: Path) -> None:
    """A folder that is not permdocs' own (a shared Documents folder given with --out) is the
    user's to set: its permissions are reported, never changed."""
    folder = copy_case(SAMPLE, tmp_path / "case")
    shared = tmp_path / "Documents"
    shared.mkdir()
    (shared / "someone else's notes.txt").write_text("notes", encoding="utf-8")
    shared.chmod(0o755)
    result = run(COMMANDS["build"], folder, "--out", str(shared))
    assert result.exit_code == 0, result.output
    assert "can be read by other users of this computer (permissions 755)" in result.output
    assert "Make it owner-only (chmod 700)" in result.output
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
