"""A sibling group matched with the same carers is one match: the carers' letters, the copy for
the child's file and the agency's letter name every child in it, from the linked cases that were
read and agree; a single child's letter, and a birth parent's, read as before."""

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
from permdocs.render.formatting import uk_date

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


# --- the professional letters: the child's file and the agency ---------------------------------


def _letter(folder: Path, out: Path, kind: str) -> list[str]:
    result = build_letters(folder, BuildOptions(out=out, as_of=AS_OF))
    [letter] = [d for d in result.documents if d.kind == kind]
    return _paragraphs(result.out / letter.file_name)


def _born(case: Case) -> str:
    return f"{case.child.full_name}, born {uk_date(case.child.date_of_birth)},"


def test_sample_02s_file_copy_names_both_children(tmp_path: Path) -> None:
    samples = _samples(tmp_path, RUBY, KAI)
    ruby, kai = (load_case(samples / name).case for name in (RUBY, KAI))
    paragraphs = _letter(samples / RUBY, tmp_path / "out", "letter-social-worker")
    assert f"Agency decision: permanent fostering match for {BOTH}" in paragraphs
    [records] = [p for p in paragraphs if " It records my decision on " in p]
    assert records.startswith("Please place this letter on Ruby's file.")
    assert f"that {_born(ruby)} and {_born(kai)} be matched permanently with " in records
    [steps] = [p for p in paragraphs if "terms of approval" in p]
    assert steps.endswith("terms of approval to be changed to name Ruby and Kai.")
    # What the letter asks about this child's telling and care plan stays Ruby's.
    assert "Telling Ruby" in paragraphs and "Telling Kai" not in paragraphs


def test_a_single_childs_file_copy_reads_as_before(tmp_path: Path) -> None:
    name = "01-existing-carer-agreed"
    samples = _samples(tmp_path, name)
    case = load_case(samples / name).case
    paragraphs = _letter(samples / name, tmp_path / "out", "letter-social-worker")
    child = case.child
    assert f"Agency decision: permanent fostering match for {child.full_name}" in paragraphs
    [records] = [p for p in paragraphs if " It records my decision on " in p]
    assert f"that {_born(case)} be matched permanently with " in records
    assert "  " not in records
    [steps] = [p for p in paragraphs if "terms of approval" in p]
    assert steps.endswith(f"terms of approval to be changed to name {child.known_as}.")


def _agency_texts(outcome: str, *, linked: bool) -> str:
    case = with_decision(agency_teenager(), outcome)
    run = Rendering.of(case, profile(), BuildOptions(as_of=AS_OF))
    if linked:
        sibling = _sibling_of(case)
        link = LinkedSibling(0, sibling.reference, Path("../tobias"), sibling)
        run = replace(run, context=replace(run.context, linked=(link,)))
    [agency] = [d for d in render_letters(run).documents if d.kind == "letter-agency"]
    return "\n".join(p.text for p in open_docx(agency.data).paragraphs)


def test_the_agency_letter_names_the_group() -> None:
    text = _agency_texts("agreed", linked=True)
    assert "Permanent fostering decision: Jayden Okafor and Tobias Okafor" in text
    assert "I agreed the permanent match of Jayden Okafor and Tobias Okafor with your" in text
    assert "terms of approval so that they name Jayden and Tobias, and send" in text
    # The copy of the confirmation still goes to this child's social worker.
    assert "send a copy of the confirmation to Jayden's social worker" in text
    not_agreed = _agency_texts("not-agreed", linked=True)
    assert "I did not agree the permanent match of Jayden Okafor and Tobias Okafor" in not_agreed


def test_the_agency_letter_for_one_child_names_that_child() -> None:
    text = _agency_texts("agreed", linked=False)
    assert "I agreed the permanent match of Jayden Okafor with your" in text
    assert "terms of approval so that they name Jayden, and send" in text
    assert "Tobias" not in text
