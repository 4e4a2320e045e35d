"""Semantic versions of the two contracts permdocs keeps with its users: the names a Word template
can use (``lint.contract``) and the fields a case file can hold (``model.schema``).

Adding something is a minor change; renaming or removing something is a major change. Each change
is recorded with the version that made it, so a user can be told exactly what to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

ChangeKind = Literal["added", "renamed", "removed"]


@dataclass(frozen=True)
class Change:
    """One change to the names a template sees (or the fields a case holds), in the version that
    made it."""

    version: str
    kind: ChangeKind
    path: str
    """The name as the field reference writes it: ``child.full_name``, ``siblings[].name``."""
    new_path: str = ""
    """For a rename: the name to use instead."""
    note: str = ""

    @property
    def major(self) -> int:
        return major_of(self.version)


@dataclass(frozen=True)
class Contract:
    """A version and every change that led to it."""

    version: str
    changes: tuple[Change, ...] = field(default=())

    @property
    def major(self) -> int:
        return major_of(self.version)

    def renamed(self, path: str) -> Change | None:
        """The rename that retired ``path``, while its old spelling still works (the rest of
        the major version it was renamed in)."""
        for change in self.changes:
            if change.kind == "renamed" and change.path == path and change.major >= self.major:
                return change
        return None

    def removed(self, path: str) -> Change | None:
        """The change that took ``path`` away: a removal, or a rename whose grace has ended."""
        for change in self.changes:
            if change.path != path:
                continue
            if change.kind == "removed" or (change.kind == "renamed" and change.major < self.major):
                return change
        return None

    def supports(self, declared: str) -> bool:
        """Whether a template written for ``declared`` can still be built: the same major, or
        the one before (whose renamed names still work)."""
        return self.major - 1 <= major_of(declared) <= self.major


_VERSION = re.compile(r"(\d+)\.(\d+)\.(\d+)")


def major_of(version: str) -> int:
    match = _VERSION.fullmatch(version.strip())
    if match is None:
        raise ValueError(f"'{version}' is not a version: write it as MAJOR.MINOR.PATCH, e.g. 1.0.0")
    return int(match.group(1))
