"""`permdocs build` from the command line: exit codes, what is written, and what is refused."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from permdocs.api import load_case
from permdocs.cli import cli
from permdocs.policy.documents import REPORTS
from permdocs.resources import bundled_templates_dir
from permdocs.write.output import output_lock
from render_builds import FIXTURE, ROOT, copy_case

AS_OF = ["--as-of", "2025-10-21"]
REFERENCE = "RT-2026-0001"


@pytest.fixture
def case(tmp_path: Path) -> Path:
    return copy_case(FIXTURE, tmp_path / "case")


def run(*args: str, pack: bool = False) -> Any:
    """``permdocs build ARGS``, with ``--no-pack`` added (sparing a LibreOffice start) unless the
    test is about the pack (``pack=True``: the build's own default) or says itself."""
    flags = [] if pack or {"--pack", "--no-pack"} & set(args) else ["--no-pack"]
    return CliRunner().invoke(cli, ["build", *flags, *args], catch_exceptions=False)


def documents_in(folder: Path) -> list[str]:
    """The documents a build wrote, apart from the panel pack (tested on its own below)."""
    return sorted(
        p.name for p in folder.glob("*.docx") if not p.name.endswith("_panel-pack-word-papers.docx")
    )


def break_case(folder: Path) -> None:
    """Leave out a value every report needs (the child's ethnicity)."""
    text = (folder / "case.yaml").read_text(encoding="utf-8")
    (folder / "case.yaml").write_text(
        re.sub(r"\n  ethnicity: .*\n", "\n", text, count=1), encoding="utf-8"
    )


def test_build_writes_every_report_and_a_manifest(case: Path) -> None:
    result = run(*AS_OF, str(case), pack=True)
    assert result.exit_code == 0, result.output
    out = case / "out"
    expected = [f"{REFERENCE}_{kind.kind}.docx" for kind in REPORTS]
    assert documents_in(out) == sorted(expected)
    for name in expected:
        assert name in result.output
    assert "(final)" in result.output

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest) >= {"documents", "case_sha256", "permdocs_version", "generated_at"}
    assert manifest["case_sha256"] == load_case(case).source.sha256
    assert manifest["status"] == "final" and manifest["as_of"] == "2025-10-21"
    datetime.fromisoformat(manifest["generated_at"])
    kinds = [entry["kind"] for entry in manifest["documents"]]
    # The reports, then the panel pack made from them (.docx, and .pdf with LibreOffice).
    assert kinds[: len(REPORTS)] == [k.kind for k in REPORTS]
    assert set(kinds[len(REPORTS) :]) == {"panel-pack"}
    for entry in manifest["documents"]:
        assert entry["audience"] in {"professional", "carers", "child", "birth-parent", "agency"}
        assert not Path(entry["path"]).is_absolute()
        assert entry["sha256"] == hashlib.sha256((out / entry["path"]).read_bytes()).hexdigest()
        template = bundled_templates_dir() / f"{entry['kind']}.docx"
        assert entry["template_sha256"] == hashlib.sha256(template.read_bytes()).hexdigest()
        assert entry["template"] == "bundled"


def test_only_limits_the_documents(case: Path) -> None:
    result = run(*AS_OF, "--only", "panel-checklist", "--only", "ppm-referral", str(case))
    assert result.exit_code == 0, result.output
    assert documents_in(case / "out") == [
        f"{REFERENCE}_panel-checklist.docx",
        f"{REFERENCE}_ppm-referral.docx",
    ]
    manifest = json.loads((case / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [entry["kind"] for entry in manifest["documents"]] == [
        "panel-checklist",
        "ppm-referral",
    ]


def test_an_unknown_kind_or_date_is_a_usage_error(case: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--only", "panel-cheklist", str(case)])
    assert result.exit_code == 2
    assert "panel-checklist" in result.output  # the list of kinds to choose from
    result = CliRunner().invoke(cli, ["build", "--as-of", "21/10/2025", str(case)])
    assert result.exit_code == 2


def test_own_outputs_are_rebuilt_and_outputs_changed_by_hand_kept_unless_forced(
    case: Path,
) -> None:
    assert run(*AS_OF, str(case)).exit_code == 0
    referral = case / "out" / f"{REFERENCE}_ppm-referral.docx"
    first = referral.read_bytes()
    again = run(*AS_OF, str(case))
    assert again.exit_code == 0, again.output
    assert "up to date" in again.output and "nothing was written" in again.output
    # The case changes (a referral is dated its referral date, not the build's, so a later
    # build date alone changes nothing on it): permdocs' own outputs, unchanged since, are
    # replaced without --force.
    text = (case / "case.yaml").read_text(encoding="utf-8")
    (case / "case.yaml").write_text(text.replace("religion: ", "religion: Quaker; ", 1), "utf-8")
    later = run("--as-of", "2025-10-22", str(case))
    assert later.exit_code == 0, later.output
    assert referral.read_bytes() != first
    # Changed by hand since: kept and named, unless --force.
    edited = referral.read_bytes() + b"edited"
    referral.write_bytes(edited)
    result = run("--as-of", "2025-10-23", str(case))
    assert result.exit_code == 1
    assert (
        f"1 file already exists that permdocs may not replace: {REFERENCE}_ppm-referral.docx"
        " (changed since permdocs wrote it)"
    ) in result.output
    assert "to replace it, add --force" in result.output
    assert "Traceback" not in result.output
    assert referral.read_bytes() == edited
    result = run("--force", "--as-of", "2025-10-23", str(case))
    assert result.exit_code == 0, result.output
    assert referral.read_bytes() != edited


def test_a_failing_document_means_nothing_is_written(case: Path) -> None:
    break_case(case)
    result = run(*AS_OF, str(case))
    assert result.exit_code == 1
    assert "Child: ethnicity (child.ethnicity) is not filled in" in result.output
    assert "(owed by the child's social worker)" in result.output
    assert "To do: Fill in child.ethnicity in the case file" in result.output  # what to do, here
    assert "1 blocker stops this final build, so nothing was written" in result.output
    assert "--draft" in result.output
    assert not (case / "out").exists() or not any((case / "out").iterdir())


def test_one_failing_document_of_several_means_nothing_is_written(case: Path) -> None:
    text = (case / "case.yaml").read_text(encoding="utf-8")
    (case / "case.yaml").write_text(text.replace('  item_number: "2"\n', ""), encoding="utf-8")
    result = run(*AS_OF, "--only", "ppm-referral", "--only", "panel-front-sheet", str(case))
    assert result.exit_code == 1
    assert "Fostering panel front sheet" in result.output and "Panel: item number" in result.output
    assert "nothing was written" in result.output.lower()
    assert not (case / "out").exists() or not any((case / "out").iterdir())


def test_a_draft_marks_gaps_and_says_so(case: Path) -> None:
    break_case(case)
    result = run(*AS_OF, "--draft", str(case))
    assert result.exit_code == 0, result.output
    assert "DRAFT" in result.output
    manifest = json.loads((case / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "draft"


def test_each_case_dir_is_built_on_its_own(tmp_path: Path) -> None:
    good = copy_case(FIXTURE, tmp_path / "good")
    bad = copy_case(FIXTURE, tmp_path / "bad")
    break_case(bad)
    result = run(*AS_OF, str(bad), str(good))
    assert result.exit_code == 1
    assert f"{bad}: " in result.output
    assert f"{good}: built " in result.output
    assert len(documents_in(good / "out")) == 6
    assert not (bad / "out").exists() or not documents_in(bad / "out")


def test_out_with_several_cases_gives_each_its_own_folder(tmp_path: Path) -> None:
    first = copy_case(FIXTURE, tmp_path / "first")
    second = copy_case(FIXTURE, tmp_path / "second")
    out = tmp_path / "outputs"
    result = run(*AS_OF, "--out", str(out), str(first), str(second))
    assert result.exit_code == 0, result.output
    assert len(documents_in(out / "first")) == 6
    assert len(documents_in(out / "second")) == 6


def test_a_council_template_replaces_its_kind_only(case: Path, tmp_path: Path) -> None:
    import docx

    council = tmp_path / "council"
    council.mkdir()
    document = docx.Document(str(bundled_templates_dir() / "panel-checklist.docx"))
    document.add_paragraph("Checked against the Example Borough panel procedure.")
    document.save(str(council / "panel-checklist.docx"))
    result = run(*AS_OF, "--templates", str(council), str(case))
    assert result.exit_code == 0, result.output
    manifest = json.loads((case / "out" / "manifest.json").read_text(encoding="utf-8"))
    sources = {entry["kind"]: entry["template"] for entry in manifest["documents"]}
    assert sources["panel-checklist"] == str(council / "panel-checklist.docx")
    assert {sources[kind.kind] for kind in REPORTS if kind.kind != "panel-checklist"} == {"bundled"}
    checklist = docx.Document(str(case / "out" / f"{REFERENCE}_panel-checklist.docx"))
    assert "Checked against the Example Borough panel procedure." in [
        p.text for p in checklist.paragraphs
    ]


def test_a_council_profile_can_name_its_templates_folder(case: Path) -> None:
    import docx

    (case / "council-templates").mkdir()
    document = docx.Document(str(bundled_templates_dir() / "ppm-referral.docx"))
    document.add_paragraph("Example Borough edition.")
    document.save(str(case / "council-templates" / "ppm-referral.docx"))
    (case / "council.yaml").write_text(
        "name: example\ncouncil_name: Northmoor Borough Council\ntemplates: council-templates\n",
        encoding="utf-8",
    )
    text = (case / "case.yaml").read_text(encoding="utf-8")
    (case / "case.yaml").write_text(
        text.replace("profile: fictional-sample", "profile: council.yaml"), encoding="utf-8"
    )
    result = run(*AS_OF, "--only", "ppm-referral", str(case))
    assert result.exit_code == 0, result.output
    referral = docx.Document(str(case / "out" / f"{REFERENCE}_ppm-referral.docx"))
    assert "Example Borough edition." in [p.text for p in referral.paragraphs]


def test_a_build_in_progress_stops_a_second_one(case: Path) -> None:
    (case / "out").mkdir()
    with output_lock(case / "out"):
        result = run(*AS_OF, str(case))
    assert result.exit_code == 1
    assert "another permdocs run" in result.output


def test_an_audit_line_records_the_build_without_personal_data(case: Path) -> None:
    assert run(*AS_OF, str(case)).exit_code == 0
    line = json.loads((case / "out" / "audit.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    assert line["command"][:2] == ["permdocs", "build"]
    assert set(line["outputs_sha256"]) >= {f"{REFERENCE}_{kind.kind}.docx" for kind in REPORTS}
    assert "Brennan" not in json.dumps(line)


def test_the_make_demo_command_works(tmp_path: Path) -> None:
    sample = ROOT / "samples" / "01-existing-carer-agreed"
    if not (sample / "case.yaml").is_file():
        pytest.skip("sample 01 is not there yet")
    folder = copy_case(sample, tmp_path / sample.name)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    demo = re.search(r"permdocs build (.*) \$\(SAMPLE\)", makefile)
    assert demo is not None
    options = demo.group(1).split()
    for _ in range(2):  # twice: --force lets a demo be re-run
        result = run(*options, str(folder), pack=True)
        assert result.exit_code == 0, result.output
    data = yaml.safe_load((sample / "case.yaml").read_text(encoding="utf-8"))
    # Six reports and, the match being agreed, the decision letters (two parents, so two).
    names = documents_in(folder / "out")
    assert len([n for n in names if "_letter-" not in n]) == 6, data["reference"]
    assert f"{data['reference']}_letter-birth-parent-mother.docx" in names
    shutil.rmtree(folder)


def test_a_full_build_includes_the_panel_pack_and_only_narrows_it_away(case: Path) -> None:
    result = run(*AS_OF, str(case), pack=True)
    assert result.exit_code == 0, result.output
    assert (case / "out" / f"{REFERENCE}_panel-pack-word-papers.docx").is_file()
    manifest = json.loads((case / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert "panel-pack" in {entry["kind"] for entry in manifest["documents"]}
    narrowed = run(
        *AS_OF, "--force", "--only", "ppm-referral", "--out", str(case / "o2"), str(case), pack=True
    )
    assert narrowed.exit_code == 0, narrowed.output
    assert not list((case / "o2").glob("*panel-pack*"))
    skipped = run(*AS_OF, "--no-pack", "--out", str(case / "o3"), str(case))
    assert skipped.exit_code == 0, skipped.output
    assert not list((case / "o3").glob("*panel-pack*"))
