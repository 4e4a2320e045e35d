"""Each paper's state (not due, drafted, checked, sent), the commands that move it on, and a sent
paper as a record: kept byte for byte through rebuilds, --force and drafts, reissued beside
the version sent, and reported when the case has since changed in a field it prints."""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfWriter

from case_factory import AS_OF, complete_data, set_path, write_case_folder
from docx_helpers import open_docx
from permdocs.api import (
    build_case,
    check_case,
    mark_checked,
    mark_sent,
    papers_status,
)
from permdocs.build.options import BuildOptions
from permdocs.build.pack import pack_file_name
from permdocs.cli import cli
from permdocs.errors import RecordError
from permdocs.load.records import read_record

REFERENCE = "PF-TEST-0001"
SENT_ON = date(2026, 5, 14)


def _case(tmp_path: Path, data: dict[str, Any] | None = None, *, build: bool = True) -> Path:
    folder = write_case_folder(tmp_path / "case", data or complete_data())
    if build:
        _build(folder)
    return folder


def _build(folder: Path, **options: Any) -> None:
    build_case(folder, BuildOptions(as_of=AS_OF, pack=False, **options))


def _file(folder: Path, paper: str) -> Path:
    return folder / "out" / f"{REFERENCE}_{paper}.docx"


def _state(folder: Path, paper: str) -> str:
    result = papers_status(folder, BuildOptions(as_of=AS_OF))
    return next(s.state for s in result.papers if s.paper.name == paper)


def _send(folder: Path, paper: str, **extra: Any) -> None:
    mark_checked(folder, [paper], by="Ann Checker", on=SENT_ON)
    mark_sent(folder, [paper], to="Panel members", method="secure-email", on=SENT_ON, **extra)


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


def _text(path: Path) -> str:
    document = open_docx(path)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


# --- the state machine at its edges -----------------------------------------------------------


def test_a_paper_moves_from_not_built_to_drafted_checked_and_sent(tmp_path: Path) -> None:
    folder = _case(tmp_path, build=False)
    assert _state(folder, "ppm-referral") == "not built"
    _build(folder)
    assert _state(folder, "ppm-referral") == "drafted"
    mark_checked(folder, ["ppm-referral"], by="Ann Checker", on=SENT_ON)
    assert _state(folder, "ppm-referral") == "checked"
    mark_sent(folder, ["ppm-referral"], to="PPM chair", method="secure-email", on=SENT_ON)
    assert _state(folder, "ppm-referral") == "sent"
    # An in-house case has no agency letter: not due, and says why.
    status = papers_status(folder, BuildOptions(as_of=AS_OF))
    agency = next(s for s in status.papers if s.paper.name == "letter-agency")
    assert agency.state == "not due" and "agency" in agency.words()


def test_checked_before_it_is_built_is_refused_and_nothing_recorded(tmp_path: Path) -> None:
    folder = _case(tmp_path, build=False)
    with pytest.raises(RecordError) as caught:
        mark_checked(folder, ["ppm-referral"], by="Ann Checker")
    assert "ppm-referral is not built yet" in caught.value.message
    assert not (folder / "record" / "papers.jsonl").exists()


def test_a_paper_not_due_or_a_draft_cannot_be_checked(tmp_path: Path) -> None:
    folder = _case(tmp_path)
    with pytest.raises(RecordError, match="letter-agency is not due"):
        mark_checked(folder, ["letter-agency"], by="Ann Checker")
    _build(folder, draft=True, force=True)
    with pytest.raises(RecordError, match="built as a draft"):
        mark_checked(folder, ["ppm-referral"], by="Ann Checker")


def test_a_paper_must_be_checked_before_it_is_sent(tmp_path: Path) -> None:
    folder = _case(tmp_path)
    with pytest.raises(RecordError, match="has not been checked"):
        mark_sent(folder, ["letter-carers"], to="Pat Carer", method="post")
    assert read_record(folder).events == ()


def test_a_file_changed_since_it_was_built_cannot_be_checked(tmp_path: Path) -> None:
    folder = _case(tmp_path)
    _file(folder, "ppm-referral").write_bytes(b"edited in Word")
    with pytest.raises(RecordError, match="not the one permdocs wrote"):
        mark_checked(folder, ["ppm-referral"], by="Ann Checker")


def test_a_check_is_of_the_files_checked_a_rebuild_needs_another(tmp_path: Path) -> None:
    folder = _case(tmp_path)
    mark_checked(folder, ["ppm-referral"], by="Ann Checker", on=SENT_ON)
    data = complete_data()
    set_path(data, "child.religion", "Quaker")
    write_case_folder(folder, data)
    _build(folder, force=True)
    assert _state(folder, "ppm-referral") == "drafted"


def test_a_paper_built_from_an_earlier_case_file_is_rebuilt_before_it_is_sent(
    tmp_path: Path,
) -> None:
    folder = _case(tmp_path)
    mark_checked(folder, ["ppm-referral"], by="Ann Checker", on=SENT_ON)
    write_case_folder(folder, set_path(complete_data(), "child.religion", "Quaker"))
    with pytest.raises(RecordError, match="built from an earlier version of the case file"):
        mark_sent(folder, ["ppm-referral"], to="PPM chair", method="secure-email", on=SENT_ON)


def test_a_letter_is_not_sent_before_its_decision_nor_anything_in_the_future(
    tmp_path: Path,
) -> None:
    folder = _case(tmp_path)
    mark_checked(folder, ["letter-carers"], by="Ann Checker", on=SENT_ON)
    with pytest.raises(RecordError, match="cannot have been sent before it"):
        mark_sent(folder, ["letter-carers"], to="Pat Carer", method="post", on=date(2026, 5, 6))
    with pytest.raises(RecordError, match="in the future"):
        mark_sent(folder, ["letter-carers"], to="Pat Carer", method="post", on=date(2999, 1, 1))
    with pytest.raises(RecordError, match="not a way of sending"):
        mark_sent(folder, ["letter-carers"], to="Pat Carer", method="pigeon")


def test_a_confidential_birth_parents_letter_needs_a_second_checker(tmp_path: Path) -> None:
    data = set_path(complete_data(), "carers.address_confidential", True)
    folder = _case(tmp_path, data)
    paper = "letter-birth-parent-mother"
    mark_checked(folder, [paper], by="Ann Checker", on=SENT_ON)
    with pytest.raises(RecordError) as caught:
        mark_sent(folder, [paper], to="Jane Fictional", method="post", on=SENT_ON)
    assert "second check by someone other than its author (Ann Checker" in caught.value.message
    # The same person again (in other capitals) is not a second checker.
    mark_checked(folder, [paper], by="ann checker", on=SENT_ON)
    with pytest.raises(RecordError, match="second check"):
        mark_sent(folder, [paper], to="Jane Fictional", method="post", on=SENT_ON)
    mark_checked(folder, [paper], by="Bea Second", on=SENT_ON)
    mark_sent(folder, [paper], to="Jane Fictional", method="post", on=SENT_ON)
    assert _state(folder, paper) == "sent"
    # Other letters, and the same letter in a placement without restrictions, need one check.
    _send(folder, "letter-carers")
    assert _state(folder, "letter-carers") == "sent"


def test_a_sent_paper_records_how_where_and_an_address_hash_not_the_address(
    tmp_path: Path,
) -> None:
    folder = _case(tmp_path)
    mark_checked(folder, ["letter-birth-parent-mother"], by="Ann Checker", on=SENT_ON)
    mark_sent(
        folder, ["letter-birth-parent-mother"], to="Jane Fictional", method="post", on=SENT_ON
    )
    (event,) = [e for e in read_record(folder).events if e.event == "sent"]
    block = "Jane Fictional\n1 Example Road\nExampleton\nZZ1 1ZZ"
    assert event.address_sha256 == hashlib.sha256(block.encode()).hexdigest()
    raw = (folder / "record" / "papers.jsonl").read_text("utf-8")
    assert "Example Road" not in raw
    assert (event.by, event.to, event.on) == ("post", "Jane Fictional", SENT_ON)
    manifest = json.loads((folder / "out" / "manifest.json").read_text("utf-8"))
    (entry,) = [e for e in manifest["documents"] if e["kind"] == "letter-birth-parent"]
    assert entry["state"]["state"] == "sent"
    assert entry["state"]["sent"][0]["method"] == "post"


# --- a sent paper is a record -----------------------------------------------------------------


def test_a_sent_paper_is_kept_byte_for_byte_and_the_change_is_reported(tmp_path: Path) -> None:
    data = set_path(complete_data(), "child.religion", "Religion Alpha")
    folder = _case(tmp_path, data)
    _send(folder, "matching-report-part2")
    sent = _file(folder, "matching-report-part2").read_bytes()
    changed = set_path(complete_data(), "child.religion", "Religion Beta")
    write_case_folder(folder, changed)
    for draft in (False, True):
        _build(folder, force=True, draft=draft)
        assert _file(folder, "matching-report-part2").read_bytes() == sent
    # Part 3 does not print the religion, Part 2 does: only Part 2 is reported.
    findings = [f for f in check_case(folder, as_of=AS_OF) if f.code.startswith("records.")]
    (finding,) = findings
    assert finding.documents == ("matching-report-part2",)
    assert finding.field == "child.religion"
    assert "“Religion Alpha” to “Religion Beta”" in finding.message
    assert "--reissue matching-report-part2" in finding.fix
    # The Word pack is made from the paper as sent.
    for attachment in (folder / "attachments").iterdir():
        attachment.write_bytes(_blank_pdf())
    build_case(folder, BuildOptions(as_of=AS_OF, pack=True, pdf=False, force=True))
    pack = _text(folder / "out" / pack_file_name(REFERENCE, ".docx"))
    assert "Religion Alpha" in pack and "Religion Beta" not in pack


def test_a_rebuild_replaces_its_own_outputs_but_never_a_sent_one_without_force(
    tmp_path: Path,
) -> None:
    """The two rules together: ownership lets a rebuild replace permdocs' own unchanged outputs
    without --force, and a sent paper, though permdocs' own and unchanged, is a record above it."""
    data = set_path(complete_data(), "child.religion", "Religion Alpha")
    folder = _case(tmp_path, data)
    _send(folder, "matching-report-part2")
    sent = _file(folder, "matching-report-part2").read_bytes()
    referral = _file(folder, "ppm-referral").read_bytes()
    write_case_folder(folder, set_path(complete_data(), "child.religion", "Religion Beta"))
    _build(folder)  # no --force: the rebuild rule replaces what is permdocs' own
    assert _file(folder, "ppm-referral").read_bytes() != referral
    assert "Religion Beta" in _text(_file(folder, "ppm-referral"))
    assert _file(folder, "matching-report-part2").read_bytes() == sent
    # --reissue needs no --force either: the new version replaces it, the sent one kept beside.
    _build(folder, reissue=("matching-report-part2",))
    assert "Religion Beta" in _text(_file(folder, "matching-report-part2"))
    kept = folder / "out" / f"{REFERENCE}_matching-report-part2.v1-2026-05-14.docx"
    assert kept.read_bytes() == sent


def test_a_field_a_sent_paper_needed_can_go_without_stopping_the_build(tmp_path: Path) -> None:
    folder = _case(tmp_path)
    _send(folder, "matching-report-part2")
    sent = _file(folder, "matching-report-part2").read_bytes()
    data = complete_data()
    del data["child"]["life_story_work"]  # only Part 2 requires it
    write_case_folder(folder, data)
    _build(folder, force=True)
    assert _file(folder, "matching-report-part2").read_bytes() == sent
    findings = check_case(folder, as_of=AS_OF)
    (finding,) = [f for f in findings if f.code.startswith("records.")]
    assert finding.field == "child.life_story_work"
    # What the sent paper needed is no longer owed by it: it is a record.
    assert [f for f in findings if f.field == "child.life_story_work"] == [finding]
    assert "Life story work" in finding.message or "life story work" in finding.message


def test_a_sent_file_changed_in_the_output_folder_stops_the_build(tmp_path: Path) -> None:
    folder = _case(tmp_path)
    _send(folder, "ppm-referral")
    sent = _file(folder, "ppm-referral").read_bytes()
    _file(folder, "ppm-referral").write_bytes(b"replaced")
    with pytest.raises(RecordError, match="has changed since"):
        _build(folder, force=True)
    # Gone from the output folder, it is put back from the record.
    _file(folder, "ppm-referral").unlink()
    _build(folder, force=True)
    assert _file(folder, "ppm-referral").read_bytes() == sent


def test_reissue_makes_a_new_version_and_keeps_each_sent_one_beside_it(tmp_path: Path) -> None:
    folder = _case(tmp_path)
    _send(folder, "ppm-referral")
    first = _file(folder, "ppm-referral").read_bytes()
    write_case_folder(folder, set_path(complete_data(), "child.religion", "Quaker"))
    with pytest.raises(RecordError, match="nothing to reissue"):
        _build(folder, force=True, reissue=("matching-report-part3",))
    _build(folder, force=True, reissue=("ppm-referral",))
    kept_v1 = folder / "out" / f"{REFERENCE}_ppm-referral.v1-2026-05-14.docx"
    assert kept_v1.read_bytes() == first
    assert _file(folder, "ppm-referral").read_bytes() != first
    assert "Quaker" in _text(_file(folder, "ppm-referral"))
    assert _state(folder, "ppm-referral") == "drafted"
    # The second version is sent, then reissued again: a third name, none overwritten.
    _send(folder, "ppm-referral")
    second = _file(folder, "ppm-referral").read_bytes()
    _build(folder, force=True, reissue=("ppm-referral",))
    kept_v2 = folder / "out" / f"{REFERENCE}_ppm-referral.v2-2026-05-14.docx"
    assert kept_v2.read_bytes() == second and kept_v1.read_bytes() == first
    assert [e.version for e in read_record(folder).events if e.event == "reissued"] == [2, 3]


def test_a_reissued_letter_is_dated_the_day_it_is_made_again(tmp_path: Path) -> None:
    folder = _case(tmp_path)
    _send(folder, "letter-carers")
    assert "14 May 2026" in _text(_file(folder, "letter-carers"))
    _build(folder, force=True, reissue=("letter-carers",))
    text = _text(_file(folder, "letter-carers"))
    assert "1 June 2026" in text and "14 May 2026" not in text


# --- the record itself --------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="owner-only modes and links are POSIX")
def test_the_record_is_owner_only(tmp_path: Path) -> None:
    folder = _case(tmp_path)
    _send(folder, "ppm-referral")
    record = folder / "record"
    assert stat.S_IMODE(record.stat().st_mode) == 0o700
    for path in record.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path
    assert len(list((record / "sent").iterdir())) == 1
    assert len(list((record / "cases").iterdir())) == 1


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_the_record_is_never_written_through_a_symbolic_link(tmp_path: Path) -> None:
    folder = _case(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # A build writes nothing into the case folder but its output folder.
    assert sorted(p.name for p in folder.iterdir()) == ["attachments", "case.json", "out"]
    (folder / "record").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(RecordError, match="symbolic link"):
        mark_checked(folder, ["ppm-referral"], by="Ann Checker")
    assert list(elsewhere.iterdir()) == []
    # A link in place of the log itself is refused too.
    (folder / "record").unlink()
    (folder / "record").mkdir(mode=0o700)
    target = tmp_path / "target.txt"
    target.write_text("keep me")
    (folder / "record" / "papers.jsonl").symlink_to(target)
    with pytest.raises(RecordError):
        mark_checked(folder, ["ppm-referral"], by="Ann Checker")
    assert target.read_text() == "keep me"


# --- completeness.md and the commands -----------------------------------------------------------


def test_completeness_shows_each_papers_state_by_owner_and_never_ready_if_not_due(
    tmp_path: Path,
) -> None:
    folder = _case(tmp_path)
    _send(folder, "ppm-referral")
    _build(folder, force=True)
    text = (folder / "out" / "completeness.md").read_text("utf-8")
    rows = {line.split(" | ")[0].lstrip("| "): line for line in text.splitlines() if " | " in line}
    agency = rows["Decision letter to the fostering agency"]
    assert "| not due: " in agency and "| not due |" in agency and "yes" not in agency
    assert (
        "sent to Panel members by secure email on 14 May 2026"
        in rows["Permanency Planning Meeting referral"]
    )
    assert "sent: kept as a record" in rows["Permanency Planning Meeting referral"]
    assert "### Business support" in text and "### Child's social worker" in text


def test_the_commands_record_and_show_states(tmp_path: Path) -> None:
    folder = _case(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["checked", str(folder), "letter-carers", "--by", "Ann Checker"])
    assert result.exit_code == 0, result.output
    assert "checked by Ann Checker" in result.output
    result = runner.invoke(
        cli,
        ["sent", str(folder), "letter-carers", "--to", "Pat Carer", "--by", "post",
         "--on", "2026-05-14"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["status", "--as-of", "2026-06-01", str(folder)])
    assert result.exit_code == 0
    assert "sent to Pat Carer by post on 14 May 2026" in result.output
    result = runner.invoke(cli, ["status", "--format", "json", str(folder)])
    papers = {p["paper"]: p for p in json.loads(result.output)["papers"]}
    assert papers["letter-carers"]["state"] == "sent"
    assert papers["letter-agency"]["state"] == "not due"
    # A refusal: exit 1, the reason, no traceback.
    result = runner.invoke(cli, ["sent", str(folder), "ppm-referral", "--to", "X", "--by", "post"])
    assert result.exit_code == 1
    assert "has not been checked" in result.output and "Traceback" not in result.output
    result = runner.invoke(cli, ["checked", str(folder), "no-such-paper", "--by", "A"])
    assert result.exit_code == 1 and "no paper called 'no-such-paper'" in result.output
