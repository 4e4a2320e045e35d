"""Rebuild without fear: permdocs replaces what its last manifest lists and nobody has changed
since, without --force; it keeps (and names) what was changed by hand or is not its own."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from docx_helpers import header_footer_texts, normalised_text, open_docx
from permdocs.cli import cli
from permdocs.write.output import write_all
from permdocs.write.ownership import replaceable
from render_builds import FIXTURE, copy_case

AS_OF = "2025-10-21"
REFERENCE = "RT-2026-0001"
REFERRAL = f"{REFERENCE}_ppm-referral.docx"


def _manifest(folder: Path, **files: bytes) -> None:
    entries = [
        {"kind": "x", "path": name, "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in files.items()
    ]
    payload = {"documents": entries, "permdocs_version": "0", "files": {}}
    (folder / "manifest.json").write_text(json.dumps(payload), encoding="utf-8")


def test_files_are_sorted_by_whether_they_may_be_replaced(tmp_path: Path) -> None:
    for name, data in {"own.docx": b"A", "edited.docx": b"B2", "other.docx": b"C"}.items():
        (tmp_path / name).write_bytes(data)
    _manifest(tmp_path, **{"own.docx": b"A", "edited.docx": b"B"})
    (tmp_path / "letters-manifest.json").write_text("not json", encoding="utf-8")
    names = ["own.docx", "edited.docx", "other.docx", "new.docx", "manifest.json"]
    found = replaceable(tmp_path, [*names, "letters-manifest.json"])
    assert found.own == ("own.docx", "manifest.json")
    assert found.changed == ("edited.docx",)
    assert found.foreign == ("other.docx", "letters-manifest.json")
    assert found.why("edited.docx") == "changed since permdocs wrote it"
    assert found.why("other.docx") == "not written by permdocs"


def test_write_all_replaces_its_own_and_refuses_the_rest_naming_them(tmp_path: Path) -> None:
    (tmp_path / "own.docx").write_bytes(b"A")
    _manifest(tmp_path, **{"own.docx": b"A"})
    write_all(tmp_path, {"own.docx": b"A2", "manifest.json": b"{}"}, force=False)
    assert (tmp_path / "own.docx").read_bytes() == b"A2"
    (tmp_path / "notes.docx").write_bytes(b"mine")
    with pytest.raises(Exception, match=r"notes\.docx \(not written by permdocs\)"):
        write_all(tmp_path, {"notes.docx": b"X"}, force=False)
    assert (tmp_path / "notes.docx").read_bytes() == b"mine"


# --- the commands ------------------------------------------------------------------------------


def build(*args: str) -> Any:
    return CliRunner().invoke(cli, ["build", "--no-pack", "--as-of", AS_OF, *args])


def test_a_draft_then_the_final_build_needs_no_force(tmp_path: Path) -> None:
    case = copy_case(FIXTURE, tmp_path / "case")
    assert build("--draft", str(case)).exit_code == 0
    assert any("DRAFT" in text for text in header_footer_texts(open_docx(case / "out" / REFERRAL)))
    final = build(str(case))
    assert final.exit_code == 0, final.output
    assert "(final)" in final.output
    texts = header_footer_texts(open_docx(case / "out" / REFERRAL))
    assert not any("DRAFT" in text for text in texts)
    manifest = json.loads((case / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "final"
    completeness = (case / "out" / "completeness.md").read_bytes()
    assert manifest["files"] == {"completeness.md": hashlib.sha256(completeness).hexdigest()}


def test_only_adds_its_documents_to_the_manifest(tmp_path: Path) -> None:
    case = copy_case(FIXTURE, tmp_path / "case")
    assert build("--draft", str(case)).exit_code == 0
    everything = json.loads((case / "out" / "manifest.json").read_text(encoding="utf-8"))
    result = build("--only", "ppm-referral", str(case))
    assert result.exit_code == 0, result.output
    manifest = json.loads((case / "out" / "manifest.json").read_text(encoding="utf-8"))
    paths = [entry["path"] for entry in manifest["documents"]]
    assert sorted(paths) == sorted(entry["path"] for entry in everything["documents"])
    by_path = {entry["path"]: entry for entry in manifest["documents"]}
    assert "status" not in by_path[REFERRAL]  # this run's: the manifest's own status
    assert manifest["status"] == "final"
    others = [entry for path, entry in by_path.items() if path != REFERRAL]
    assert {entry["status"] for entry in others} == {"draft"}
    assert {entry["as_of"] for entry in others} == {AS_OF}
    referral_text = normalised_text(open_docx(case / "out" / REFERRAL))
    assert "[MISSING" not in referral_text


def test_build_letters_and_pack_say_what_they_did_in_json(tmp_path: Path) -> None:
    case = copy_case(FIXTURE, tmp_path / "case")
    result = build("--format", "json", str(case))
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert (payload["case"], payload["ok"], payload["status"]) == (str(case), True, "built")
    assert payload["reference"] == REFERENCE and payload["draft"] is False
    written = {entry["path"]: entry["sha256"] for entry in payload["documents"]}
    assert written[REFERRAL] == hashlib.sha256((case / "out" / REFERRAL).read_bytes()).hexdigest()
    again = json.loads(build("--format", "json", str(case)).output)
    assert again["status"] == "up to date"

    missing = tmp_path / "nowhere"
    both = build("--format", "json", str(case), str(missing))
    assert both.exit_code == 1
    first, second = json.loads(both.output)
    assert first["ok"] is True
    assert second == {
        "case": str(missing),
        "ok": False,
        "error": f"{missing}: no such folder",
        "hint": "check the path, or create a case with `permdocs new FOLDER`",
        "problems": [],
    }

    letters = CliRunner().invoke(cli, ["letters", "--format", "json", "--as-of", AS_OF, str(case)])
    assert letters.exit_code == 0, letters.output
    assert json.loads(letters.output)["status"] in ("written", "no letters")

    pack = CliRunner().invoke(
        cli, ["pack", "--no-pdf", "--format", "json", "--as-of", AS_OF, str(case)]
    )
    assert pack.exit_code == 0, pack.output
    packed = json.loads(pack.output)
    assert [entry["path"] for entry in packed["documents"]] == [
        f"{REFERENCE}_panel-pack-word-papers.docx"
    ]
    assert packed["papers"] > 0


def _batch(*args: str) -> Any:
    return CliRunner().invoke(cli, ["batch", "--jobs", "1", "--as-of", AS_OF, *args])


def test_batch_says_up_to_date_and_gives_json_and_csv(tmp_path: Path) -> None:
    root = tmp_path / "cases"
    copy_case(FIXTURE, root / "one")
    assert _batch(str(root)).exit_code == 0
    result = _batch("--format", "json", str(root))
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["cases"] == [
        {"case": "one", "reference": REFERENCE, "status": "up to date", "documents": 6, "why": ""}
    ]
    assert payload["totals"]["up to date"] == 1 and payload["totals"]["blocked"] == 0
    (root / "one" / "out" / REFERRAL).write_bytes(b"changed")
    table = _batch("--format", "csv", "--as-of", "2025-10-22", str(root))
    assert table.exit_code == 1
    rows = list(csv.reader(io.StringIO(table.stdout)))
    assert rows[0] == ["Case", "Reference", "Status", "Documents", "Why"]
    assert rows[1][:4] == ["one", "", "blocked", "0"]
    assert f"{REFERRAL} (changed since permdocs wrote it)" in rows[1][4]


def test_batch_makes_packs_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from permdocs.build import pack as pack_build

    monkeypatch.setattr(pack_build, "find_soffice", lambda: None)  # the Word pack alone
    root = tmp_path / "cases"
    copy_case(FIXTURE, root / "one")
    result = _batch("--pack", str(root))
    assert result.exit_code == 0, result.output
    assert (root / "one" / "out" / f"{REFERENCE}_panel-pack-word-papers.docx").is_file()
    assert not (root / "one" / "out" / f"{REFERENCE}_panel-pack.pdf").exists()
