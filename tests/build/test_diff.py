"""``permdocs diff`` and the end of completeness.md: what changed since the last pack the panel
received, field by field, in plain words."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from pypdf import PdfWriter

from case_factory import AS_OF, complete_data, make_case, set_path, write_case_folder
from permdocs.api import build_case, case_diff, mark_checked, mark_sent
from permdocs.build.options import BuildOptions
from permdocs.checks.changes import case_changes
from permdocs.cli import cli


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


def _with_pack(tmp_path: Path, data: dict[str, Any] | None = None) -> Path:
    folder = write_case_folder(tmp_path / "case", data or complete_data())
    for attachment in (folder / "attachments").iterdir():
        attachment.write_bytes(_blank_pdf())
    build_case(folder, BuildOptions(as_of=AS_OF, pack=True, pdf=False))
    return folder


def _changed() -> dict[str, Any]:
    data = complete_data()
    set_path(data, "child.legal_status", "placement-order")
    set_path(data, "panel.date", "2026-04-30")
    data["siblings"].append({"name": "Kai Fictional", "relationship": "Half-brother"})
    data["significant_people"] = []
    set_path(data, "child.risks", "A much longer account of the risks. " * 5)
    return data


def test_the_changes_read_in_plain_words() -> None:
    before = complete_data()
    set_path(before, "child.risks", "Risks, at length. " * 10)
    words = [change.words() for change in case_changes(make_case(before), make_case(_changed()))]
    assert "Child: legal status changed from care order to placement order" in words
    assert "Panel: date changed from 23 April 2026 to 30 April 2026" in words
    assert "Siblings added: “Kai Fictional”" in words
    assert "Significant people removed (was “Grace Fictional”)" in words
    assert "Child: risks: text edited" in words
    assert case_changes(make_case(), make_case()) == []


def test_without_a_pack_there_is_nothing_to_compare(tmp_path: Path) -> None:
    folder = write_case_folder(tmp_path / "case")
    result = case_diff(folder)
    assert not result.compared
    assert result.lines() == [
        "No panel pack is recorded as sent to the panel yet (permdocs sent CASE_DIR panel-pack"
        " ...), so there is nothing to compare with."
    ]


def test_until_a_pack_is_sent_to_the_panel_there_is_nothing_to_compare(
    tmp_path: Path,
) -> None:
    folder = _with_pack(tmp_path)
    write_case_folder(folder, _changed())
    result = case_diff(folder)
    assert not result.compared
    assert result.basis.startswith("No panel pack is recorded as sent to the panel yet")


def test_diff_since_the_pack_the_panel_received(tmp_path: Path) -> None:
    folder = _with_pack(tmp_path)
    mark_checked(folder, ["panel-pack"], by="Lorraine Doyle", on=date(2026, 4, 14))
    mark_sent(
        folder, ["panel-pack"], to="Panel members", method="secure-email", on=date(2026, 4, 14)
    )
    # A later pack is built but not sent: the comparison stays with the one the panel has.
    write_case_folder(folder, set_path(complete_data(), "child.religion", "Quaker"))
    build_case(folder, BuildOptions(as_of=AS_OF, pack=False, force=True))
    write_case_folder(folder, _changed())
    result = case_diff(folder)
    assert "sent to Panel members on 14 April 2026, the last pack the panel received" in (
        result.basis
    )
    words = [change.words() for change in result.changes]
    assert "Panel: date changed from 23 April 2026 to 30 April 2026" in words
    assert not any("religion" in line for line in words)

    output = CliRunner().invoke(cli, ["diff", str(folder)]).output
    assert "- Siblings added: “Kai Fictional”" in output

    build_case(folder, BuildOptions(as_of=AS_OF, pack=False, force=True, draft=True))
    report = (folder / "out" / "completeness.md").read_text("utf-8")
    section = report.split("## Changed since the last pack the panel received", 1)[1]
    assert "- Child: legal status changed from care order to placement order" in section
    assert section.index("Significant people removed") < section.index("OFFICIAL-SENSITIVE")
