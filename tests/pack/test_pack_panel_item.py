"""The panel-item pack (issue 17): siblings matched with the same carers are one panel item, so
one pack holds one index and each child's papers in turn, the papers they share once. Word packs
only here (no LibreOffice); the PDF is assembled from the same plan."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from case_factory import set_path
from docx_helpers import open_docx, row_cells
from pack_cases import AS_OF
from permdocs.api import build_panel_item_pack
from permdocs.build.options import BuildOptions
from permdocs.cli import cli
from permdocs.errors import BlockedError, PackIncompleteError, RenderError
from render_builds import ROOT

RUBY = "02-siblings-new-carers-confidential"
KAI = "05-sibling-kai-new-carers-confidential"
PACK = "PF-2026-0157+PF-2026-0158_panel-pack-word-papers.docx"
SHARED = {
    "Permanency Planning Meeting Minutes",
    "Form F Assessment: Natalie and Jerome Whitfield",
    "Ruby and Kai: Our Profile",
    "Linking and Matching Record, Ruby and Kai",
    "Sibling Assessment: Together or Apart",
}


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    for name in (RUBY, KAI):
        shutil.copytree(
            ROOT / "samples" / name, tmp_path / name, ignore=shutil.ignore_patterns("out")
        )
    return tmp_path / RUBY, tmp_path / KAI


def options(**more: object) -> BuildOptions:
    return BuildOptions(as_of=AS_OF, pdf=False).but(**more)


def test_one_index_each_childs_papers_in_turn_shared_papers_once(pair: tuple[Path, Path]) -> None:
    ruby, _kai = pair
    result = build_panel_item_pack(ruby, options())
    titles = [entry.title for entry in result.contents.entries]
    ruby_part = [t for t in titles if t.startswith("Ruby: ")]
    kai_part = [t for t in titles if t.startswith("Kai: ")]
    shared = [t for t in titles if t.startswith("Ruby and Kai: ")]
    assert len(titles) == len(ruby_part) + len(kai_part) + len(shared)
    # Ruby's papers, then Kai's: every one of Kai's comes after every one of Ruby's.
    assert max(titles.index(t) for t in ruby_part + shared) < min(titles.index(t) for t in kai_part)
    for name in ("Ruby", "Kai"):
        assert [t for t in titles if t.startswith(f"{name}: ")][:5] == [
            f"{name}: Fostering panel front sheet",
            f"{name}: Permanent fostering panel checklist",
            f"{name}: Matching meeting report, Part 2: the child",
            f"{name}: Matching meeting report, Part 3: the carers and support plan",
            f"{name}: Matching meeting record: agenda and minutes",
        ]
    # Each shared paper once, titled for both children (none prefixed twice).
    assert sorted(shared) == sorted(
        t if t.startswith("Ruby and Kai: ") else f"Ruby and Kai: {t}" for t in SHARED
    )
    assert "Ruby and Kai: Ruby and Kai: Our Profile" not in titles
    # One Word pack with one index listing every paper.
    assert [path.name for path in result.written if path.suffix == ".docx"] == [PACK]
    document = open_docx(ruby / "out" / PACK)
    index_rows = [row[1] for row in list(row_cells(document.tables[0]))[1:]]
    assert index_rows == titles
    manifest = json.loads((ruby / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [d["path"] for d in manifest["documents"]] == [PACK]


def test_the_same_pack_is_made_from_either_childs_case(pair: tuple[Path, Path]) -> None:
    _ruby, kai = pair
    result = build_panel_item_pack(kai, options())
    titles = [entry.title for entry in result.contents.entries]
    assert titles[0] == "Kai: Fostering panel front sheet"
    assert (kai / "out" / "PF-2026-0158+PF-2026-0157_panel-pack-word-papers.docx").is_file()


def test_a_paper_one_child_still_owes_stops_the_final_item_pack(pair: tuple[Path, Path]) -> None:
    ruby, kai = pair
    file = kai / "case.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    data["attachments"] = [a for a in data["attachments"] if a["kind"] != "pep"]
    file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    (kai / "attachments" / "pep.pdf").unlink()
    with pytest.raises(PackIncompleteError) as caught:
        build_panel_item_pack(ruby, options())
    assert "Personal Education Plan" in str(caught.value)
    assert not (ruby / "out").exists()
    draft = build_panel_item_pack(ruby, options(draft=True))
    assert [paper.label for paper in draft.contents.owed] == ["Kai: Personal Education Plan (PEP)"]


def test_cases_that_disagree_stop_the_final_item_pack(pair: tuple[Path, Path]) -> None:
    ruby, kai = pair
    file = kai / "case.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    set_path(data, "panel.item_number", "7")
    file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(BlockedError) as caught:
        build_panel_item_pack(ruby, options())
    assert "panel item number" in str(caught.value)
    assert not (ruby / "out").exists()


def test_a_case_without_linked_siblings_or_with_an_unreadable_one_is_refused(
    pair: tuple[Path, Path],
) -> None:
    with pytest.raises(RenderError) as caught:
        build_panel_item_pack(ROOT / "samples" / "01-existing-carer-agreed", options())
    assert "names no brother or sister matched with the same carers" in str(caught.value)
    ruby, kai = pair
    shutil.rmtree(kai)
    with pytest.raises(RenderError) as caught:
        build_panel_item_pack(ruby, options())
    assert "a linked sibling's case cannot be read" in str(caught.value)


def test_the_pack_command_makes_the_panel_item_pack(pair: tuple[Path, Path]) -> None:
    ruby, _kai = pair
    result = CliRunner().invoke(
        cli, ["pack", "--panel-item", "--no-pdf", "--as-of", AS_OF.isoformat(), str(ruby)]
    )
    assert result.exit_code == 0, result.output
    assert PACK in result.output
    audit = (ruby / "out" / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    assert "--panel-item" in json.loads(audit[-1])["command"]
