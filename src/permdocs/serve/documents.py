"""The documents page's library side: the confidentiality pre-flight before letters to birth
parents, and which files of a case may be listed and downloaded."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import PermdocsError
from .cases import CaseState

OUTPUT_SUFFIXES = (".docx", ".pdf", ".md", ".json")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._ -]{0,200}$")


@dataclass
class Preflight:
    """What to check before letters go to birth parents (shown on the documents page)."""

    applies: bool = False
    restricted: list[str] = field(default_factory=list)
    parents_with_letters: list[str] = field(default_factory=list)
    parents_without: list[str] = field(default_factory=list)
    blockers: list[Any] = field(default_factory=list)

    @property
    def parent_letters(self) -> bool:
        return bool(self.parents_with_letters)


def preflight(state: CaseState, *, as_of: date | None, profile: str | None) -> Preflight:
    """What the documents page shows before a build that writes letters to birth parents (none
    before a decision is recorded): the restricted details by field, never their values."""
    case = state.case
    if case is None or case.decision is None or state.loaded is None:
        return Preflight()
    from ..api import CaseFolder, blockers_for, case_profile
    from ..letters.confidentiality import restricted_values
    from ..letters.plan import plan_letters
    from ..model.fields import label_of

    try:
        chosen = case_profile(CaseFolder(case=case, source=state.loaded), profile)
        plan = plan_letters(case, chosen, as_of or date.today())
    except PermdocsError:
        return Preflight()
    restricted = list(
        dict.fromkeys(label_of(item.field.split(" and ")[0]) for item in restricted_values(case))
    )
    with_letters = [
        case.birth_parents[letter.parent_index].name
        for letter in plan.letters
        if letter.kind.kind == "letter-birth-parent" and letter.parent_index is not None
    ]
    without = [
        notice.message[:1].upper() + notice.message[1:]
        for notice in plan.notices
        if notice.code.startswith("letters-parent")
    ]
    return Preflight(
        applies=True,
        restricted=restricted,
        parents_with_letters=with_letters,
        parents_without=without,
        blockers=blockers_for(state.findings, ["letter-birth-parent"]),
    )


def papers(folder: Path) -> list[str]:
    """The PDF and Word papers in a case's attachments/ folder, as an attachment's path names
    them, so the attachments page can say what there is to attach."""
    attachments = folder / "attachments"
    if not attachments.is_dir():
        return []
    return sorted(
        path.relative_to(folder).as_posix()
        for path in attachments.rglob("*")
        if path.is_file()
        and path.suffix.lower() in (".pdf", ".docx")
        and not path.name.startswith(("~$", "."))
    )[:200]


def outputs(out: Path) -> list[dict[str, Any]]:
    """The documents in a case's output folder that may be downloaded."""
    if not out.is_dir():
        return []
    found = []
    for entry in sorted(out.iterdir(), key=lambda p: p.name):
        if (
            entry.is_file()
            and not entry.is_symlink()
            and entry.suffix.lower() in OUTPUT_SUFFIXES
            and _SAFE_NAME.fullmatch(entry.name)
            and not entry.name.startswith(("~$", "."))
        ):
            stat = entry.stat()
            found.append({"name": entry.name, "size": stat.st_size, "modified": stat.st_mtime})
    return found
