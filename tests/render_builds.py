"""Builds shared by the render tests: every sample and the render fixture, built once a session.

Import the ``builds`` fixture into a test module to use it. A sample is built final when the
completeness checks find no blocker for its reports, and as a draft otherwise (what a user would
do); the render fixture is complete and always built final.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from permdocs.api import blockers_for, build_case, check_case, load_case
from permdocs.build.options import BuildOptions
from permdocs.build.reports import BuildResult
from permdocs.model import Case
from permdocs.policy.documents import REPORTS

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "render-case"
FIXTURE_AS_OF = date(2025, 10, 21)
SAMPLE_AS_OF = date(2026, 11, 23)  # the Makefile's demo date


@dataclass(frozen=True)
class Built:
    name: str
    case: Case
    result: BuildResult

    def path(self, kind: str) -> Path:
        return self.result.out / f"{self.case.reference}_{kind}.docx"


def sample_folders() -> list[Path]:
    return sorted(path.parent for path in (ROOT / "samples").glob("*/case.yaml"))


def copy_case(source: Path, target: Path) -> Path:
    """A copy of a case folder without its out/, so tests never write into the repository."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("out"))
    return target


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory) -> list[Built]:
    root = tmp_path_factory.mktemp("builds")
    made = []
    cases = [(FIXTURE, FIXTURE_AS_OF, False)]
    for folder in sample_folders():
        findings = check_case(folder, as_of=SAMPLE_AS_OF)
        draft = bool(blockers_for(findings, [kind.kind for kind in REPORTS]))
        cases.append((folder, SAMPLE_AS_OF, draft))
    for folder, as_of, draft in cases:
        copy = copy_case(folder, root / "cases" / folder.name)
        result = build_case(
            copy, BuildOptions(out=root / "out" / folder.name, draft=draft, as_of=as_of)
        )
        made.append(Built(name=folder.name, case=load_case(copy).case, result=result))
    return made
