"""A sibling group matched with the same carers is one match: the carers' letters name every
child in it, from the linked cases that were read and agree; a single child's letter, and a
birth parent's, read as before."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from docx_helpers import open_docx
from letter_cases import agency_teenager, changed, profile, with_decision
from permdocs.api import build_letters, load_case
from permdocs.build.letters import render_letters
from permdocs.build.options import BuildOptions
from permdocs.build.run import Rendering
from permdocs.model import Case
from permdocs.policy.conditions import LinkedSibling

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
RUBY = "02-siblings-new-carers-confidential"
KAI = "05-sibling-kai-new-carers-confidential"
AS_OF = date(2026, 11, 23)
BOTH = "Ruby Esther Callender and Kai Joseph Callender"


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in open_docx(path).paragraphs]


def _subject(paragraphs: list[str]) -> str:
    [subject] = [p for p in paragraphs if p.startswith("Permanent fostering decision for ")]
    return subject.removeprefix("Permanent fostering decision for ")


def _decision(paragraphs: list[str]) -> str:
    [sentence] = [p for p in paragraphs if " I agreed that " in p]
    return sentence


def _carers_letter(folder: Path, out: Path) -> tuple[list[str], Path]:
    result = build_letters(folder, BuildOptions(out=out, as_of=AS_OF))
    [letter] = [d for d in result.documents if d.kind == "letter-carers"]
    return _paragraphs(result.out / letter.file_name), result.out


def _samples(tmp_path: Path, *names: str) -> Path:
    """Copies of the named samples side by side (linked_case.folder is relative)."""
    for name in names:
        if not (SAMPLES / name).is_dir():
            pytest.skip(f"sample {name} is not in this checkout")
        shutil.copytree(SAMPLES / name, tmp_path / "samples" / name)
    return tmp_path / "samples"


def test_sample_02s_carers_letter_names_both_children(tmp_path: Path) -> None:
    samples = _samples(tmp_path, RUBY, KAI)
    paragraphs, out = _carers_letter(samples / RUBY, tmp_path / "out")
    assert _subject(paragraphs) == BOTH
    decision = _decision(paragraphs)
    assert "I agreed that Ruby and Kai should move to live with you" in decision
    assert any(
        "Your terms of approval will be changed to name Ruby and Kai." in p for p in paragraphs
    )
    assert "Thank you for your commitment to Ruby and Kai." in paragraphs
    # A birth parent's letter is about this child alone (its contact plan, the case's own
    # words, may speak of both).
    parent = _paragraphs(out / "PF-2026-0157_letter-birth-parent-mother.docx")
    assert "Decision about Ruby Esther Callender" in parent
    [agreed] = [p for p in parent if p.startswith("I have agreed that ")]
    assert agreed.startswith("I have agreed that Ruby should live") and "Kai" not in agreed


def test_kais_letter_names_him_first(tmp_path: Path) -> None:
    samples = _samples(tmp_path, RUBY, KAI)
    paragraphs, _ = _carers_letter(samples / KAI, tmp_path / "out")
    assert _subject(paragraphs) == "Kai Joseph Callender and Ruby Esther Callender"
    assert "I agreed that Kai and Ruby should move to live with you" in _decision(paragraphs)


def test_sample_01s_carers_letter_names_one_child(tmp_path: Path) -> None:
    name = "01-existing-carer-agreed"
    samples = _samples(tmp_path, name)
    case = load_case(samples / name).case
    paragraphs, _ = _carers_letter(samples / name, tmp_path / "out")
    assert _subject(paragraphs) == case.child.full_name
    known = case.child.known_as
    assert f"I agreed that {known} should stay with you in a permanent foster placement." in (
        _decision(paragraphs)
    )
    assert any(f"Your terms of approval will be changed to name {known}." in p for p in paragraphs)
    assert " and " not in _subject(paragraphs)


def test_an_unreadable_linked_case_leaves_the_letter_about_this_child(tmp_path: Path) -> None:
    # Kai's folder is not beside Ruby's: his case cannot be read, so the letter cannot speak
    # for him (check says so: sibling-case-unreadable).
    samples = _samples(tmp_path, RUBY)
    paragraphs, _ = _carers_letter(samples / RUBY, tmp_path / "out")
    assert _subject(paragraphs) == "Ruby Esther Callender"
    assert "I agreed that Ruby should move to live with you" in _decision(paragraphs)
    assert any("Your terms of approval will be changed to name Ruby." in p for p in paragraphs)
    assert not any("Kai" in p for p in paragraphs[: paragraphs.index("What stays the same")])


def test_a_linked_case_with_another_decision_is_not_spoken_for(tmp_path: Path) -> None:
    samples = _samples(tmp_path, RUBY, KAI)
    kai = samples / KAI / "case.yaml"
    text = kai.read_text("utf-8")
    assert "  date: 2026-03-19\n  outcome: agreed\n" in text
    kai.write_text(text.replace("  date: 2026-03-19\n", "  date: 2026-03-26\n", 1), "utf-8")
    paragraphs, _ = _carers_letter(samples / RUBY, tmp_path / "out")
    assert _subject(paragraphs) == "Ruby Esther Callender"


def _sibling_of(case: Case) -> Case:
    """A brother matched with the same carers, decided the same day."""
    child = {**case.child.model_dump(mode="json"), "first_names": "Tobias", "preferred_name": None}
    return changed(case, reference="PF-2026-0164", child=child)


def test_the_information_sheet_and_directors_letter_name_the_group() -> None:
    case = with_decision(agency_teenager(), "agreed")
    sibling = _sibling_of(case)
    run = Rendering.of(case, profile(information_sheets=True), BuildOptions(as_of=AS_OF))
    link = LinkedSibling(0, sibling.reference, Path("../tobias"), sibling)
    grouped = replace(run, context=replace(run.context, linked=(link,)))
    texts = {
        d.kind: "\n".join(p.text for p in open_docx(d.data).paragraphs)
        for d in render_letters(grouped).documents
    }
    assert (
        "Jayden Okafor and Tobias Okafor: a permanent home with you"
        in (texts["letter-director-carers"])
    )
    assert "confirm that Jayden and Tobias will" in texts["letter-director-carers"]
    sheet = texts["information-sheet-carers"]
    assert "the Agency Decision Maker agreed that Jayden and Tobias should" in sheet
    assert "so that they name Jayden and Tobias, is for Brightwater Fostering" in sheet
    # The child's and the birth parent's letters are Jayden's alone.
    for kind in ("letter-birth-parent", "letter-child", "information-sheet-child"):
        if kind in texts:
            assert "Tobias" not in texts[kind], kind
    # Without the link, the same letters are Jayden's alone.
    alone = {d.kind: d for d in render_letters(run).documents}
    director = "\n".join(p.text for p in open_docx(alone["letter-director-carers"].data).paragraphs)
    assert "Jayden Okafor: a permanent home with you" in director and "Tobias" not in director
