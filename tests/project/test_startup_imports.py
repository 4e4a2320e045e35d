"""Start-up stays quick: `permdocs --help` and `permdocs check` never load the document machinery.

docxtpl, python-docx, lxml, docxcompose, pypdf, textstat and the LibreOffice handling are only
needed to render, merge, convert or score documents; commands that do none of that must not pay
for importing them. Each command runs in a fresh interpreter with ``-X importtime``, which lists
every module imported. This is a behaviour test, not a timing test: it asserts what is imported,
never how long anything takes (benchmarks/bench.py measures that).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "01-existing-carer-agreed"

HEAVY = (
    "docxtpl",
    "docx",
    "docxcompose",
    "lxml",
    "pypdf",
    "textstat",
    "jinja2",
    "permdocs.render.engine",
    "permdocs.render.verify",
    "permdocs.build.reports",
    "permdocs.build.run",
    "permdocs.build.batch",
    "permdocs.pack.convert",
    "permdocs.pack.pdftools",
    "permdocs.letters.readability",
    "permdocs.build.letters",
    "permdocs.serve",
    "starlette",
    "uvicorn",
    "ruamel",
    "multipart",
)


def imported_by(*args: str) -> set[str]:
    """Every module a fresh ``python -m permdocs ARGS`` imports (its exit code is not checked:
    check exits 1 when the case has blockers)."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "permdocs", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert completed.returncode in (0, 1), completed.stderr[-2000:]
    modules = set()
    for line in completed.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "package":  # the header line
                modules.add(name)
    assert "permdocs.cli" in modules  # the listing worked
    return modules


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(
        name for name in modules if any(name == h or name.startswith(h + ".") for h in HEAVY)
    )


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["batch", "--help"],
        ["build", "--help"],
        ["serve", "--help"],
        ["check", "--as-of", "2026-11-23", str(SAMPLE)],
        ["check", "--format", "json", "--as-of", "2026-11-23", str(SAMPLE)],
    ],
    ids=["help", "version", "batch-help", "build-help", "serve-help", "check", "check-json"],
)
def test_commands_that_render_nothing_import_no_document_machinery(args: list[str]) -> None:
    modules = imported_by(*args)
    assert heavy_in(modules) == []


def test_the_listing_does_see_the_document_machinery_when_it_is_used(tmp_path: Path) -> None:
    """The same listing of a build does show Jinja and lxml, so an empty list above means
    something."""
    modules = imported_by(
        "build", "--draft", "--as-of", "2026-11-23", "--out", str(tmp_path), str(SAMPLE)
    )
    assert {"jinja2", "lxml", "permdocs.render.engine", "permdocs.build.run"} <= modules


PACK_MACHINERY = (
    "docxtpl",  # the bundled templates are cleaned up ahead (render/cleanup.py)
    "docx",
    "docxcompose",
    "nltk",
    "textstat",
    "pypdf",
    "permdocs.pack.assemble",
    "permdocs.pack.convert",
    "permdocs.pack.office",
    "permdocs.pack.pdftools",
    "permdocs.pack.word",
)


def test_a_build_without_the_pack_imports_no_pack_machinery_and_no_language_toolkit(
    tmp_path: Path,
) -> None:
    """A build of the documents alone from the bundled templates (the child's letter scored
    for reading ease included) leaves docxtpl and python-docx, the pack's PDF and merging
    libraries, and any language toolkit, unloaded."""
    modules = imported_by(
        "build", "--no-pack", "--as-of", "2026-11-23", "--out", str(tmp_path), str(SAMPLE)
    )
    assert (tmp_path / "PF-2026-0142_letter-child.docx").is_file()  # the letter was scored
    assert "permdocs.letters.readability" in modules
    loaded = sorted(
        name
        for name in modules
        if any(name == h or name.startswith(h + ".") for h in PACK_MACHINERY)
    )
    assert loaded == []
