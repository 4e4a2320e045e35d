"""``permdocs dispatch``: one packet per recipient named by role, a dispatch sheet with each
address block as printed, and no letter in the wrong envelope."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from permdocs.api import build_case, load_case, make_dispatch
from permdocs.build.dispatch import PRIVATE, expected_block, letter_role
from permdocs.build.options import BuildOptions
from permdocs.cli import cli
from permdocs.errors import RecordError
from permdocs.letters.plan import plan_letters
from permdocs.load.profiles import load_profile

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 11, 23)
DECIDED = ["01-existing-carer-agreed", "02-siblings-new-carers-confidential"]


def _built(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(ROOT / "samples" / name, folder, ignore=shutil.ignore_patterns("out"))
    build_case(folder, BuildOptions(as_of=AS_OF, pack=False))
    return folder


def _names(folder: Path) -> list[str]:
    """Every personal name in the case, in the pieces a file name could carry."""
    case = load_case(folder).case
    names = [case.child.first_names, case.child.last_name, case.child.known_as]
    names += [parent.name for parent in case.birth_parents]
    if case.carers is not None:
        names += [carer.first_names for carer in case.carers.carers]
        names += [carer.last_name for carer in case.carers.carers]
    return [part.casefold() for name in names for part in name.split() if len(part) > 2]


@pytest.mark.parametrize("name", DECIDED)
def test_every_sample_gets_packets_by_role_and_a_dispatch_sheet(tmp_path: Path, name: str) -> None:
    folder = _built(tmp_path, name)
    result = make_dispatch(folder, BuildOptions(as_of=AS_OF))
    case = load_case(folder).case
    plan = plan_letters(case, load_profile("default"), AS_OF)
    dispatch = folder / "out" / "dispatch"
    for letter in plan.letters:
        # Each letter is in its own recipient's packet...
        assert (dispatch / letter_role(letter) / letter.file_name(case.reference)).is_file()
    # ... and no folder or file name carries a child's, parent's or carer's name.
    personal = _names(folder)
    for path in dispatch.rglob("*"):
        relative = str(path.relative_to(dispatch)).casefold()
        assert not any(part in relative for part in personal), relative
    sheet = (dispatch / "dispatch-sheet.md").read_text("utf-8")
    assert sheet.startswith("**OFFICIAL-SENSITIVE**")
    for letter in plan.letters:
        # The address block as the case has it, line by line, as printed on the letter.
        assert "\n".join(expected_block(letter)) in sheet
    family = [e for e in result.envelopes if e.role in ("foster-carers", "child")]
    family += [e for e in result.envelopes if e.role.startswith("birth-parent")]
    assert family and all(e.private for e in family)
    assert not any(e.private for e in result.envelopes if e.role == "childs-social-worker")
    assert sheet.count(PRIVATE) == len(family)
    assert sheet.count("☐ Address block matches the letter") == len(result.envelopes)


def test_a_case_without_a_decision_has_nothing_to_dispatch(tmp_path: Path) -> None:
    folder = _built(tmp_path, "03-ifa-teenager-pending")
    with pytest.raises(RecordError, match="no decision is recorded"):
        make_dispatch(folder, BuildOptions(as_of=AS_OF))


def test_two_parents_letters_swapped_are_caught_and_nothing_is_written(tmp_path: Path) -> None:
    folder = _built(tmp_path, "01-existing-carer-agreed")
    out = folder / "out"
    mother = out / "PF-2026-0142_letter-birth-parent-mother.docx"
    father = out / "PF-2026-0142_letter-birth-parent-father.docx"
    swap = tmp_path / "swap.docx"
    mother.rename(swap)
    father.rename(mother)
    swap.rename(father)
    with pytest.raises(RecordError) as caught:
        make_dispatch(folder, BuildOptions(as_of=AS_OF))
    message = caught.value.message
    assert "letter-birth-parent-mother: the address block printed on it does not match" in message
    assert "(it is letter-birth-parent-father's address block)" in message
    assert "(it is letter-birth-parent-mother's address block)" in message
    assert not (out / "dispatch").exists()


def test_the_dispatch_command(tmp_path: Path) -> None:
    folder = _built(tmp_path, "02-siblings-new-carers-confidential")
    result = CliRunner().invoke(cli, ["dispatch", str(folder)])
    assert result.exit_code == 0, result.output
    assert "birth-parent-mother/: PF-2026-0157_letter-birth-parent-mother.docx" in result.output
    again = CliRunner().invoke(cli, ["dispatch", str(folder)])
    assert again.exit_code == 1 and "--force" in again.output
    assert CliRunner().invoke(cli, ["dispatch", "--force", str(folder)]).exit_code == 0
