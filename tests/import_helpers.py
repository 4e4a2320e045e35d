"""Shared by the import tests: the fixture files, small synthetic returns, and reading a case back.

Every value here is invented (see tests/fixtures/import/README.md).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

from permdocs.api import load_case

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "import"
SSDA903 = FIXTURES / "ssda903"
SSD = FIXTURES / "ssd"
SAMPLES = ROOT / "samples"
TODAY = date(2026, 5, 1)

HEADER_COLUMNS = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
EPISODE_COLUMNS = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
)


def csv_file(
    folder: Path, name: str, header: str, rows: list[str], encoding: str = "utf-8"
) -> Path:
    """A CSV file of ``rows`` under ``header`` (lines joined with Windows line ends, as Excel
    writes them)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(("\r\n".join([header, *rows]) + "\r\n").encode(encoding))
    return path


def episode(
    child: str,
    start: str,
    reason: str,
    legal: str,
    place: str,
    *,
    provider: str = "PR1",
    end: str = "",
    ceased: str = "",
    change: str = "",
    postcode: str = "",
) -> str:
    """One row of an episodes file."""
    return ",".join(
        [
            child,
            start,
            reason,
            legal,
            "N1",
            place,
            provider,
            end,
            ceased,
            change,
            "ZZ1 1AA",
            postcode,
            "",
        ]
    )


def sample_case(name: str, tmp_path: Path) -> Path:
    """A copy of a sample's case folder (its case.yaml and attachments, not its outputs)."""
    folder = tmp_path / name
    shutil.copytree(SAMPLES / name, folder, ignore=shutil.ignore_patterns("out"))
    return folder


def sources_folder(tmp_path: Path) -> Path:
    """A folder outside every case folder for a test's source files."""
    folder = tmp_path / "return"
    folder.mkdir(exist_ok=True)
    return folder


def loaded(folder: Path) -> Any:
    """The case as permdocs' faithful loader reads and validates it (fails the test if not)."""
    return load_case(folder)


def value_line(folder: Path, path: tuple[str | int, ...]) -> str:
    """The text of the case file's line holding the value at ``path``."""
    case = load_case(folder)
    line, _ = case.source.positions.values[path]
    return (folder / "case.yaml").read_text("utf-8").splitlines()[line - 1]


def provenance_line(folder: Path, path: tuple[str | int, ...]) -> str:
    """The line above the one holding the value at ``path``: where the import writes where the
    value came from (a comment after a plain value would be refused as a slip)."""
    case = load_case(folder)
    line, _ = case.source.positions.values[path]
    return (folder / "case.yaml").read_text("utf-8").splitlines()[line - 2]


def comment_lines(text: str) -> list[str]:
    """The case file's full-line comments but the import's own, in order (independently of the
    import's own check)."""
    return [
        line.strip()
        for line in text.splitlines()
        if line.strip().startswith("#") and not is_provenance(line)
    ]


def is_provenance(line: str) -> bool:
    """A comment the import writes above a value, naming its source."""
    return line.strip().startswith(("# from SSDA903 ", "# from SSD "))
