"""A case folder read and validated, and the council profile it is checked and built with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model import Case
from ..policy.profiles import Profile
from .files import LoadedCase, load_case_file
from .profiles import load_profile
from .validation import validate_case


@dataclass(frozen=True)
class CaseFolder:
    """A validated case and where it came from."""

    case: Case
    source: LoadedCase

    @property
    def folder(self) -> Path:
        return self.source.folder


def load_case(folder: Path) -> CaseFolder:
    """Read and validate a case folder. Raises CaseDataError / CaseFolderError."""
    loaded = load_case_file(Path(folder))
    return CaseFolder(case=validate_case(loaded), source=loaded)


def case_profile(folder: CaseFolder, profile: Profile | str | None = None) -> Profile:
    """The council profile to check or build ``folder`` with.

    ``profile`` overrides the case's own (``--profile``): a Profile, or a bundled name or path
    (relative to the working folder). Without it, the case's ``profile:`` is used, a path being
    relative to the case folder. Raises ProfileError / CaseDataError for a bad profile.
    """

    if isinstance(profile, str):
        return load_profile(profile)
    if profile is not None:
        return profile
    return load_profile(folder.case.profile, base=folder.folder)
