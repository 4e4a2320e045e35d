"""A letter is dated the day it went out, never before the decision it reports, and the carers'
letter names the panel whose recommendation the ADM considered, with its date."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from case_factory import AS_OF, REMOVE, complete_data, set_path, write_case_folder
from docx_helpers import open_docx
from permdocs.api import build_case, build_letters
from permdocs.build.options import BuildOptions
from permdocs.errors import BlockedError


def _letters(tmp_path: Path, data: dict[str, Any], as_of: date = AS_OF, **options: Any) -> Path:
    folder = write_case_folder(tmp_path / "case", data)
    result = build_letters(folder, BuildOptions(out=tmp_path / "out", as_of=as_of, **options))
    return result.out


def _text(path: Path) -> str:
    document = open_docx(path)
    return "\n".join(p.text for p in document.paragraphs)


def test_letters_are_dated_the_day_the_arrangement_was_confirmed(tmp_path: Path) -> None:
    # Built on 1 June 2026; the letters went out on 14 May 2026.
    out = _letters(tmp_path, complete_data())
    assert "14 May 2026" in _text(out / "PF-TEST-0001_letter-carers.docx")
    assert "1 June 2026" not in _text(out / "PF-TEST-0001_letter-carers.docx")
    manifest = json.loads((out / "letters-manifest.json").read_text("utf-8"))
    for entry in manifest["documents"]:
        assert (entry["dated"], entry["dated_from"]) == (
            "2026-05-14",
            "decision.arrangement_confirmed_on",
        )


def test_without_a_recorded_sending_date_a_letter_is_dated_the_build_date(tmp_path: Path) -> None:
    data = set_path(complete_data(), "decision.arrangement_confirmed_on", REMOVE)
    out = _letters(tmp_path, data)
    assert "1 June 2026" in _text(out / "PF-TEST-0001_letter-carers.docx")


def test_a_final_letter_dated_before_its_decision_is_refused(tmp_path: Path) -> None:
    # The decision of 7 May 2026, built as of 6 May with no sending date recorded: every letter
    # would be dated before the decision it reports.
    data = set_path(complete_data(), "decision.arrangement_confirmed_on", REMOVE)
    folder = write_case_folder(tmp_path / "case", data)
    with pytest.raises(BlockedError) as caught:
        build_case(folder, BuildOptions(out=tmp_path / "out", as_of=date(2026, 5, 6)))
    refused = {f.documents for f in caught.value.blockers}
    assert ("letter-carers",) in refused and ("letter-birth-parent",) in refused
    assert all(f.code == "dated.letter-before-decision" for f in caught.value.blockers)
    message = str(caught.value)
    assert "6 May 2026" in message and "7 May 2026" in message
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    # On the decision's own day it may go out.
    build_case(folder, BuildOptions(out=tmp_path / "on-the-day", as_of=date(2026, 5, 7)))


def test_a_draft_letter_before_its_decision_is_still_made(tmp_path: Path) -> None:
    data = set_path(complete_data(), "decision.arrangement_confirmed_on", REMOVE)
    out = _letters(tmp_path, data, as_of=date(2026, 5, 6), draft=True)
    assert (out / "PF-TEST-0001_letter-carers.docx").exists()


@pytest.mark.parametrize("outcome", ["agreed", "not-agreed", "deferred"])
def test_the_carers_letter_names_the_panel_and_its_date(tmp_path: Path, outcome: str) -> None:
    data = complete_data()
    set_path(data, "decision.outcome", outcome)
    set_path(data, "decision.reasons", "Reasons.")
    set_path(data, "decision.further_information", "More.")
    set_path(data, "decision.information_due", "2026-06-30")
    if outcome != "agreed":
        set_path(data, "decision.arrangement_confirmed_on", REMOVE)
    text = _text(_letters(tmp_path, data) / "PF-TEST-0001_letter-carers.docx")
    # Main's wording (issue 15): "the recommendation of the <panel> on <date>".
    assert "the recommendation of the Fictional Fostering Panel on 23 April 2026" in text


def test_without_a_panel_the_carers_letter_names_none(tmp_path: Path) -> None:
    data = complete_data()
    set_path(data, "child.date_of_birth", "2011-05-10")  # 14: may go straight to the ADM
    set_path(data, "panel", {"reason_not_to_panel": "Jordan is 14 and the IRO agreed."})
    text = _text(_letters(tmp_path, data) / "PF-TEST-0001_letter-carers.docx")
    assert "recommendation" not in text
    assert "Panel on" not in text
