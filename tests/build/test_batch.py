"""`permdocs batch`: which folders are cases, one case never stops the others, the summary, exit
codes, and the same outputs whatever the number of jobs. Behaviour only: no timings here (see
benchmarks/bench.py for speed)."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from permdocs.api import build_many
from permdocs.build import batch
from permdocs.build.batch import CaseOutcome, summary_table
from permdocs.build.options import BuildOptions
from permdocs.cli import cli
from permdocs.load.discover import find_case_folders
from permdocs.write.output import LOCK_NAME
from render_builds import FIXTURE, copy_case

AS_OF = "2025-10-21"
REFERENCE = "RT-2026-0001"
FORKS = multiprocessing.get_start_method() == "fork"


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["batch", *args], catch_exceptions=False)


def documents_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.glob("*.docx"))


def break_case(folder: Path) -> None:
    """Leave out a value every report needs (the child's ethnicity): a final build is blocked."""
    text = (folder / "case.yaml").read_text(encoding="utf-8")
    (folder / "case.yaml").write_text(
        re.sub(r"\n  ethnicity: .*\n", "\n", text, count=1), encoding="utf-8"
    )


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    """Three good cases, one blocked by a missing value, one whose case file is not YAML."""
    root = tmp_path / "cases"
    for name in ("a-good", "b-good", "nested/c-good"):
        copy_case(FIXTURE, root / name)
    break_case(copy_case(FIXTURE, root / "d-missing"))
    (root / "e-garbled").mkdir()
    (root / "e-garbled" / "case.yaml").write_text("reference: [\n", encoding="utf-8")
    return root


# --- finding the cases -------------------------------------------------------------------------


def test_case_folders_are_found_and_out_hidden_and_attachments_are_not_searched(
    tmp_path: Path,
) -> None:
    def case(path: str, name: str = "case.yaml") -> None:
        (tmp_path / path).mkdir(parents=True, exist_ok=True)
        (tmp_path / path / name).write_text("reference: X\n", encoding="utf-8")

    case("one")
    case("two", "case.yml")
    case("deep/er/three", "case.json")
    case("one/attachments/not-a-case")  # a case's papers are never cases
    case("one/attachments", "case.yaml")
    case("one/out/copy")  # build outputs are not searched anywhere
    case("out")
    case(".git/hidden")  # nor are hidden folders
    case(".hidden")
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "case.txt").write_text("not a case file", encoding="utf-8")
    (tmp_path / "folder-named-like-a-file").mkdir()
    (tmp_path / "folder-named-like-a-file" / "case.yaml").mkdir()

    found = find_case_folders(tmp_path)
    assert found == [tmp_path / "deep/er/three", tmp_path / "one", tmp_path / "two"]


def test_a_root_that_is_itself_a_case_is_built(tmp_path: Path) -> None:
    case = copy_case(FIXTURE, tmp_path / "case")
    assert find_case_folders(case) == [case]
    result = run("--as-of", AS_OF, str(case))
    assert result.exit_code == 0, result.output
    assert len(documents_in(case / "out")) == 6


def test_symlinked_folders_are_followed_once(tmp_path: Path) -> None:
    copy_case(FIXTURE, tmp_path / "real" / "case")
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    (tmp_path / "real" / "loop").symlink_to(tmp_path, target_is_directory=True)
    found = find_case_folders(tmp_path)
    assert len(found) == 1
    assert found[0].name == "case"


# --- one case never stops the others ----------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_blocked_cases_do_not_stop_the_others(cases: Path, jobs: str) -> None:
    result = run("--jobs", jobs, "--as-of", AS_OF, str(cases))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for good in ("a-good", "b-good", "nested/c-good"):
        assert len(documents_in(cases / good / "out")) == 6, good
    for bad in ("d-missing", "e-garbled"):
        assert not documents_in(cases / bad / "out") if (cases / bad / "out").exists() else True
    # The full messages, with what to do, go to stderr.
    assert "Child: ethnicity (child.ethnicity) is not filled in" in result.stderr
    assert "(owed by the child's social worker)" in result.stderr
    assert "case.yaml:1:" in result.stderr or "case.yaml:2:" in result.stderr


def test_the_summary_has_a_row_per_case_and_the_totals(cases: Path) -> None:
    result = run("--jobs", "2", "--as-of", AS_OF, str(cases))
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line}
    assert rows["CASE"].split() == ["CASE", "STATUS", "DOCS", "WHY"]
    assert rows["a-good"].split() == ["a-good", "built", "6"]
    assert rows["nested/c-good"].split() == ["nested/c-good", "built", "6"]
    assert rows["d-missing"].split()[:3] == ["d-missing", "blocked", "0"]
    assert "nothing was written" in rows["d-missing"] and "ethnicity" in rows["d-missing"]
    assert rows["e-garbled"].split()[:3] == ["e-garbled", "blocked", "0"]
    assert "problem in the case data" in rows["e-garbled"]
    totals = result.stdout.splitlines()[-1]
    assert totals.startswith(
        "5 cases: 3 built, 0 up to date, 2 blocked, 0 failed; 18 documents in "
    )
    assert totals.endswith("(2 jobs)")


def test_progress_is_one_line_per_case_when_not_on_a_terminal(cases: Path) -> None:
    result = run("--jobs", "2", "--as-of", AS_OF, str(cases))
    progress = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert len(progress) == 5
    assert {line.split("]")[0] for line in progress} == {f"[{n}/5" for n in range(1, 6)}
    assert any("a-good: built (6 documents)" in line for line in progress)
    assert any("d-missing: blocked: " in line for line in progress)


def _explode_for(name: str, how: str) -> Any:
    from permdocs.build import batch as build

    real = build.build_case

    def build_case(folder: Path | str, *options: Any) -> Any:
        if Path(folder).name == name:
            if how == "exit":
                os._exit(3)  # the worker process dies, as it would when out of memory
            raise ZeroDivisionError("a bug in permdocs")
        return real(folder, *options)

    return build_case


@pytest.mark.parametrize(
    "jobs", ["1", pytest.param("2", marks=pytest.mark.skipif(not FORKS, reason="needs fork"))]
)
def test_an_unexpected_error_fails_its_case_only_without_a_traceback(
    cases: Path, jobs: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from permdocs.build import batch as build

    # Workers are forked from this process, so they see the patched build too.
    monkeypatch.setattr(build, "build_case", _explode_for("b-good", "raise"))
    result = run("--jobs", jobs, "--as-of", AS_OF, str(cases))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    row = next(line for line in result.stdout.splitlines() if line.startswith("b-good"))
    assert row.split()[:3] == ["b-good", "failed", "0"]
    assert "unexpected ZeroDivisionError: a bug in permdocs" in row
    assert "please report it" in result.stderr
    assert len(documents_in(cases / "a-good" / "out")) == 6
    assert len(documents_in(cases / "nested" / "c-good" / "out")) == 6
    assert (
        "3 cases" not in result.stdout
        and "2 built, 0 up to date, 2 blocked, 1 failed" in result.stdout
    )


@pytest.mark.skipif(not FORKS, reason="needs fork to patch the workers")
def test_a_worker_process_that_dies_fails_only_its_own_case(
    cases: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from permdocs.build import batch as build

    monkeypatch.setattr(build, "build_case", _explode_for("b-good", "exit"))
    seen: list[CaseOutcome] = []
    result = build_many(cases, BuildOptions(as_of=_date(AS_OF)), jobs=2, on_result=seen.append)
    statuses = {outcome.folder.name: outcome.status for outcome in result.outcomes}
    assert statuses == {
        "a-good": "built",
        "b-good": "failed",
        "c-good": "built",
        "d-missing": "blocked",
        "e-garbled": "blocked",
    }
    failed = next(o for o in result.outcomes if o.status == "failed")
    assert "stopped unexpectedly" in failed.why
    assert sorted(o.folder.name for o in seen) == sorted(statuses)
    assert not result.ok


# --- exit codes ----------------------------------------------------------------------------------


def test_exit_code_is_0_only_when_every_case_is_built(tmp_path: Path) -> None:
    root = tmp_path / "cases"
    copy_case(FIXTURE, root / "one")
    copy_case(FIXTURE, root / "two")
    result = run("--as-of", AS_OF, str(root))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith(
        "2 cases: 2 built, 0 up to date, 0 blocked, 0 failed;"
    )
    # Built again: nothing new to write, so both are up to date, not blocked.
    referral = root / "one" / "out" / f"{REFERENCE}_ppm-referral.docx"
    result = run("--as-of", AS_OF, str(root))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith(
        "2 cases: 0 built, 2 up to date, 0 blocked, 0 failed;"
    )
    # A document changed by hand is kept: that case is blocked, naming it, the other built.
    edited = referral.read_bytes() + b"edited"
    referral.write_bytes(edited)
    result = run("--as-of", "2025-10-22", str(root))
    assert result.exit_code == 1
    assert "(changed since permdocs wrote it)" in result.stderr and "--force" in result.stderr
    assert result.stdout.splitlines()[-1].startswith(
        "2 cases: 1 built, 0 up to date, 1 blocked, 0 failed;"
    )
    assert referral.read_bytes() == edited
    assert run("--force", "--as-of", AS_OF, str(root)).exit_code == 0


def test_a_root_without_cases_is_exit_1_and_a_missing_root_is_a_usage_error(
    tmp_path: Path,
) -> None:
    result = run(str(tmp_path))
    assert result.exit_code == 1
    assert "no case folders found" in result.stderr
    assert run(str(tmp_path / "nowhere")).exit_code == 2
    assert run("--jobs", "0", str(tmp_path)).exit_code == 2
    assert run("--only", "panel-cheklist", str(tmp_path)).exit_code == 2


def test_options_reach_every_case_and_the_audit_log(cases: Path) -> None:
    result = run("--draft", "--only", "ppm-referral", "--jobs", "2", "--as-of", AS_OF, str(cases))
    assert result.exit_code == 1  # e-garbled still cannot be read
    for name in ("a-good", "d-missing"):  # a draft marks the gap instead of refusing
        assert documents_in(cases / name / "out") == [f"{REFERENCE}_ppm-referral.docx"]
        manifest = json.loads((cases / name / "out" / "manifest.json").read_text("utf-8"))
        assert manifest["status"] == "draft"
        assert manifest["as_of"] == AS_OF
        audit = (cases / name / "out" / "audit.jsonl").read_text("utf-8").splitlines()
        command = json.loads(audit[-1])["command"]
        assert command[:2] == ["permdocs", "batch"]
        assert command[-1] == "<cases>"  # paths may name a child: never in the audit log
        assert str(cases) not in audit[-1]
        assert "--draft" in command and "--jobs" in command


# --- the same outputs whatever the number of jobs --------------------------------------------


def test_one_job_and_two_jobs_write_the_same_documents(tmp_path: Path) -> None:
    outputs = {}
    for jobs in (1, 2):
        root = tmp_path / f"jobs-{jobs}"
        copy_case(FIXTURE, root / "one")
        copy_case(FIXTURE, root / "two")
        break_case(copy_case(FIXTURE, root / "three"))
        result = build_many(root, BuildOptions(draft=True, as_of=_date(AS_OF)), jobs=jobs)
        assert result.ok
        assert result.jobs == jobs
        files: dict[str, Any] = {}
        for path in sorted(root.rglob("out/*")):
            name = str(path.relative_to(root))
            if path.name == "manifest.json":
                manifest = json.loads(path.read_text("utf-8"))
                del manifest["generated_at"]
                files[name] = manifest
            elif path.name not in ("audit.jsonl", LOCK_NAME):  # the log records times
                files[name] = path.read_bytes()
        outputs[jobs] = files
    assert len(outputs[1]) == 3 * 8  # 6 reports, manifest.json and completeness.md per case
    assert outputs[1] == outputs[2]


def test_the_summary_table_reads_well_for_a_library_caller(tmp_path: Path) -> None:
    root = tmp_path / "cases"
    copy_case(FIXTURE, root / "only")
    result = build_many(root, BuildOptions(as_of=_date(AS_OF)), jobs=1)
    table = summary_table(result).splitlines()
    assert table[1].split() == ["only", "built", "6"]
    assert table[-1].startswith(
        "1 case: 1 built, 0 up to date, 0 blocked, 0 failed; 6 documents in "
    )
    assert table[-1].endswith("(1 job)")
    long = CaseOutcome(folder=root / "x", status="blocked", why="word " * 50)
    row = summary_table(batch.BatchResult(root, (long,), 1, 0.0), why_width=40).splitlines()[1]
    assert row.endswith("…") and len(row.split("blocked")[1]) < 50


def _date(text: str) -> Any:
    from datetime import date

    return date.fromisoformat(text)


# --- panel packs (--pack) -------------------------------------------------------------------------


def _office_processes(under: Path) -> set[int]:
    """Processes of a long-lived LibreOffice started by permdocs whose profile is in ``under``
    (this test's own temporary folder, not those of other tests running at the same time)."""
    mark = f"{under}/permdocs-office-".encode()
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if mark in (entry / "cmdline").read_bytes():
                    found.add(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.libreoffice
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
def test_pack_makes_every_cases_packs_in_its_worker_and_leaves_no_libreoffice_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from pack_cases import AS_OF as PACK_AS_OF
    from pack_cases import sample_01
    from permdocs.pack.pdftools import open_pdf

    # The workers' LibreOffices keep their profiles in this test's own temporary folder, so only
    # they are counted (other tests may run LibreOffice at the same time).
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setenv("TMPDIR", str(private))
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    root = tmp_path / "cases"
    for name in ("one", "two", "three"):
        sample_01(root / name)
    before = _office_processes(private)
    result = run("--pack", "--jobs", "2", "--as-of", PACK_AS_OF.isoformat(), str(root))
    assert result.exit_code == 0, result.output
    assert "3 cases: 3 built, 0 up to date, 0 blocked, 0 failed; 39 documents" in result.output
    for name in ("one", "two", "three"):
        out = root / name / "out"
        pdf = (out / "PF-2026-0142_panel-pack.pdf").read_bytes()
        assert len(open_pdf(pdf, name).pages) > 10
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        packs = [entry for entry in manifest["documents"] if entry["kind"] == "panel-pack"]
        assert len(packs) == 2
    audit = (root / "one" / "out" / "audit.jsonl").read_text(encoding="utf-8")
    assert "--pack" in audit
    # Each worker stopped its LibreOffice as it ended.
    deadline = time.monotonic() + 20
    while _office_processes(private) - before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _office_processes(private) - before


@pytest.mark.libreoffice
def test_one_worker_starts_libreoffice_once_for_all_its_cases(tmp_path: Path) -> None:
    from pack_cases import AS_OF as PACK_AS_OF
    from pack_cases import sample_01
    from permdocs.pack import office

    root = tmp_path / "cases"
    for name in ("one", "two"):
        sample_01(root / name)
    office.close_shared()
    try:
        result = build_many(root, BuildOptions(as_of=PACK_AS_OF, pack=True), jobs=1)
        assert result.ok
        # 6 reports, 5 letters and both packs (the matching meeting record is the sixth report).
        assert all(outcome.documents == 13 for outcome in result.outcomes)
        offices = list(office._shared.values())
        if office.persistent_problem() is not None:
            pytest.skip(f"no persistent LibreOffice here: {office.persistent_problem()}")
        assert [own.starts for own in offices] == [1]
        assert not [n for o in result.outcomes for n in o.notices if "kept running" in n]
    finally:
        office.close_shared()


@pytest.mark.libreoffice
def test_without_uno_the_packs_are_still_made_and_a_notice_says_how_to_keep_one_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from pack_cases import AS_OF as PACK_AS_OF
    from pack_cases import sample_01
    from permdocs.pack import office
    from permdocs.pack.pdftools import open_pdf

    no_uno = tmp_path / "python-without-uno"
    no_uno.write_text(f"#!{sys.executable} -I\nimport uno\n")
    no_uno.chmod(0o755)
    monkeypatch.setenv(office.UNO_PYTHON_ENV, str(no_uno))
    root = tmp_path / "cases"
    sample_01(root / "one")
    office.close_shared()
    try:
        result = build_many(root, BuildOptions(as_of=PACK_AS_OF, pack=True), jobs=1)
    finally:
        office.close_shared()
    assert result.ok
    [outcome] = result.outcomes
    pdf = (root / "one" / "out" / "PF-2026-0142_panel-pack.pdf").read_bytes()
    assert len(open_pdf(pdf, "one").pages) > 10
    [notice] = [n for n in outcome.notices if "LibreOffice could not be kept running" in n]
    assert str(no_uno) in notice and "python3-uno" in notice and office.UNO_PYTHON_ENV in notice
