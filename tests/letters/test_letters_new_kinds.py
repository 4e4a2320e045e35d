"""The new kinds (the Director's letters for an agency match, the information sheets after the
decision) built from a sample through ``permdocs letters``, and replaceable by a council's own
template like every other kind."""

from __future__ import annotations

import io
import json
import shutil
from datetime import date
from pathlib import Path

import docx
import pytest

from permdocs.api import build_letters
from permdocs.build.options import BuildOptions
from permdocs.lint import lint_file
from permdocs.resources import bundled_templates_dir

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "03-ifa-teenager-pending"
AS_OF = date(2026, 12, 23)
NEW_KINDS = (
    "letter-director-carers",
    "letter-director-child",
    "information-sheet-carers",
    "information-sheet-child",
)
# Sample 03 is awaiting the decision of its December panel; here the ADM agrees the match.
DECISION = """
decision:
  maker: Angela Fenwick
  date: 2026-12-17
  outcome: agreed
  permanent_from: 2026-12-17
"""
PROFILE = """
name: sheets
council_name: Example Borough Council
letters:
  certificate: true
  information_sheets: true
"""


@pytest.fixture
def decided(tmp_path: Path) -> Path:
    if not SAMPLE.is_dir():
        pytest.skip("sample 03 is not in this checkout")
    folder = tmp_path / "case"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("out"))
    case_file = folder / "case.yaml"
    case_file.write_text(case_file.read_text("utf-8") + DECISION, "utf-8")
    (tmp_path / "sheets.yaml").write_text(PROFILE, "utf-8")
    return folder


def _options(folder: Path, **changes: object) -> BuildOptions:
    return BuildOptions(as_of=AS_OF, profile=str(folder.parent / "sheets.yaml")).but(**changes)


def _body(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(path.read_bytes())).paragraphs)


def test_the_new_kinds_are_built_from_the_sample(decided: Path) -> None:
    result = build_letters(decided, _options(decided))
    written = {path.name for path in result.written}
    for kind in NEW_KINDS:
        assert f"PF-2026-0163_{kind}.docx" in written, kind
    out = result.out
    director_carers = _body(out / "PF-2026-0163_letter-director-carers.docx")
    assert "Dear Carol," in director_carers
    assert (
        "Yvonne Achterberg" in director_carers
        and "Director of Children's Services" in director_carers
    )
    assert "Jordan will stay with you in a permanent foster placement" in director_carers
    assert "Kestrelmoor Fostering Partnership Ltd, who will go on supporting you" in director_carers
    director_child = _body(out / "PF-2026-0163_letter-director-child.docx")
    assert "Dear Jordan," in director_child
    assert "You will keep living with Carol until you are 18." in director_child
    assert "Your family time with your mum, your dad and Mason will carry on." in director_child
    sheet = _body(out / "PF-2026-0163_information-sheet-carers.docx")
    assert "After the decision: information for Carol" in sheet
    assert "Sandra McBride" in sheet and "Hannah Greaves" in sheet
    assert "is for Kestrelmoor Fostering Partnership Ltd to confirm" in sheet
    assert "You may consent to these things for Jordan" in sheet
    child_sheet = _body(out / "PF-2026-0163_information-sheet-child.docx")
    assert "Sandra runs these meetings." in child_sheet
    manifest = json.loads((out / "letters-manifest.json").read_text("utf-8"))
    recipients = {entry["kind"]: entry["recipient"] for entry in manifest["documents"]}
    assert recipients["letter-director-child"] == "child"
    assert recipients["information-sheet-carers"] == "foster carers"


def test_the_bundled_templates_of_the_new_kinds_pass_the_template_check() -> None:
    for kind in (*NEW_KINDS, "permanency-certificate", "letter-child"):
        report = lint_file(bundled_templates_dir() / f"{kind}.docx")
        assert not report.errors, (kind, report.errors)


def test_a_council_template_replaces_a_new_kind(decided: Path, tmp_path: Path) -> None:
    council = tmp_path / "council"
    council.mkdir()
    document = docx.Document(str(bundled_templates_dir() / "letter-director-child.docx"))
    document.add_paragraph("Come and see us at the town hall, {{ child.known_as }}.")
    document.save(str(council / "letter-director-child.docx"))
    result = build_letters(decided, _options(decided, templates=council))
    letter = _body(result.out / "PF-2026-0163_letter-director-child.docx")
    assert "Come and see us at the town hall, Jordan." in letter
    manifest = json.loads((result.out / "letters-manifest.json").read_text("utf-8"))
    templates = {entry["kind"]: entry["template"] for entry in manifest["documents"]}
    assert templates["letter-director-child"].endswith("letter-director-child.docx")
    assert templates["letter-director-carers"] == "bundled"
