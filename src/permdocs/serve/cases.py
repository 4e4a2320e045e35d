"""The case folders being served, and each one read afresh, faithfully, on every request.

Only case folders inside the chosen folder are served: a case is named in addresses by a key
made from its path relative to that folder, and a key is honoured only if it belongs to a case
folder found there now (so no address can reach a folder outside it, and a symbolic link that
leads out of it is not followed).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..api import CaseFolder, case_profile, check_case
from ..checks import Finding
from ..errors import CaseDataError, Location, PermdocsError, Problem
from ..load.discover import find_case_folders
from ..load.files import LoadedCase, load_case_file
from ..load.reader import Positions
from ..load.validation import validate_case
from ..model import Case


@dataclass(frozen=True)
class ServedCase:
    key: str
    folder: Path
    name: str
    """The folder's path relative to the served folder ('.' when it is the served folder)."""


class Cases:
    """The case folder, or every case folder under a folder, that ``permdocs serve`` shows."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()

    def all(self) -> list[ServedCase]:
        found = []
        for folder in find_case_folders(self.root):
            real = folder.resolve()
            if not real.is_relative_to(self.root):
                continue  # a symbolic link out of the served folder
            name = real.relative_to(self.root).as_posix()
            found.append(ServedCase(key=case_key(name), folder=real, name=name))
        return found

    def get(self, key: str) -> ServedCase | None:
        for case in self.all():
            if case.key == key:
                return case
        return None

    @property
    def single(self) -> ServedCase | None:
        """The one case, when the served folder is itself a case folder."""
        cases = self.all()
        return cases[0] if len(cases) == 1 and cases[0].name == "." else None


def case_key(name: str) -> str:
    """A case's key in addresses: short, and the same for the same folder on every run."""
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]


@dataclass
class CaseState:
    """A case file as it is now: its bytes' hash, its plain data, its problems and findings."""

    served: ServedCase
    path: Path | None = None
    sha256: str = ""
    data: dict[str, Any] | None = None
    """The plain data, when the file could be read (even if it is not valid)."""
    case: Case | None = None
    loaded: LoadedCase | None = None
    problems: list[Problem] = field(default_factory=list)
    read_error: str = ""
    """Why the file could not be read at all (then ``problems`` says where)."""
    findings: list[Finding] = field(default_factory=list)
    profile_error: str = ""

    @property
    def editable(self) -> bool:
        return self.data is not None and self.path is not None

    @property
    def reference(self) -> str:
        if self.case is not None:
            return self.case.reference
        value = (self.data or {}).get("reference")
        return value if isinstance(value, str) and value.strip() else self.served.name


def read_state(
    served: ServedCase, *, as_of: date | None, profile: str | None, with_findings: bool = True
) -> CaseState:
    state = CaseState(served)
    try:
        loaded = load_case_file(served.folder)
    except CaseDataError as error:
        state.read_error = error.message
        state.problems = error.problems
        return state
    except PermdocsError as error:
        state.read_error = str(error)
        return state
    state.path = loaded.path
    state.sha256 = loaded.sha256
    state.data = loaded.data
    state.loaded = loaded
    state.case, state.problems = validate_plain(
        loaded.folder, loaded.path, loaded.data, loaded.positions
    )
    if state.case is not None and with_findings:
        state.findings, state.profile_error = findings_for(state.case, loaded, as_of, profile)
    return state


def validate_plain(
    folder: Path, path: Path, data: dict[str, Any], positions: Positions | None = None
) -> tuple[Case | None, list[Problem]]:
    """Validate plain case data exactly as the command line does; the problems if it fails."""
    loaded = LoadedCase(
        folder=folder,
        path=path,
        data=data,
        positions=positions or Positions(path.name),
        sha256="",
    )
    try:
        return validate_case(loaded), []
    except CaseDataError as error:
        return None, error.problems


def findings_for(
    case: Case, loaded: LoadedCase, as_of: date | None, profile: str | None
) -> tuple[list[Finding], str]:
    """``check``'s findings for a valid case, or why they could not be worked out (a profile)."""
    folder = CaseFolder(case=case, source=loaded)
    try:
        chosen = case_profile(folder, profile)
        return check_case(folder, as_of=as_of, profile=chosen), ""
    except PermdocsError as error:
        return [], str(error)


def loaded_for(folder: Path, path: Path, data: dict[str, Any]) -> LoadedCase:
    return LoadedCase(
        folder=folder, path=path, data=data, positions=Positions(path.name), sha256=""
    )


def problem_text(problem: Problem) -> str:
    """A problem's words without its place: the message, and what to do in brackets."""
    return f"{problem.message} ({problem.hint})" if problem.hint else problem.message


def location_text(location: Location) -> str:
    return str(location)
