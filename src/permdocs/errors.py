"""Errors a user can act on.

Every error permdocs raises for bad input derives from :class:`PermdocsError`. Each carries
structured fields (so the CLI and JSON output can use them) and says what to do next, because most
people reading these messages are social workers, not programmers.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Self


@dataclass(frozen=True)
class Location:
    """Where in a file a problem is: 1-based line and column."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, with where it is and what to do about it."""

    location: Location
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location.file else ""
        field = f"{self.field}: " if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{field}{self.message}{hint}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
        }


class PermdocsError(Exception):
    """Base for every error permdocs reports to a user (the CLI exits 1 for each)."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def with_note(self, note: str) -> Self:
        """This error with ``note`` added to its message on a line of its own: the one way to
        say what an error meant for the command that met it (e.g. "Nothing was written."),
        keeping its type and every field it carries."""
        amended = copy.copy(self)
        if note not in amended.message:
            amended.message = f"{amended.message}\n{note}"
        amended.args = (amended.message,)
        return amended

    def __str__(self) -> str:
        return f"{self.message}\n  What to do: {self.hint}" if self.hint else self.message


class CaseDataError(PermdocsError):
    """The case file could not be read or is not valid. Holds every problem found, not just one."""

    def __init__(self, problems: Sequence[Problem], *, summary: str = "") -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = summary or f"{count} problem{'s' if count != 1 else ''} in the case data"
        super().__init__(head, hint="correct each line listed, then run the command again")

    def __str__(self) -> str:
        lines = [f"{self.message}:"]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)


class SourceDataError(CaseDataError):
    """Files given to ``permdocs import`` (the council's SSDA903 return, Standard Safeguarding
    Dataset tables) could not be read faithfully. Holds every problem, each with its file and row;
    nothing was written."""

    def __init__(self, problems: Sequence[Problem], *, summary: str = "") -> None:
        super().__init__(problems, summary=summary)
        self.hint = "correct each row listed (or export the files again), then run the import again"


class CaseFolderError(PermdocsError):
    """The folder given is not a usable case folder."""


class ProfileError(PermdocsError):
    """A council profile is missing or invalid."""


class TemplateError(PermdocsError):
    """A Word template is unusable or failed to render."""


class RenderError(PermdocsError):
    """A document could not be produced correctly; nothing was written."""


class UnsafePackageError(TemplateError):
    """A template refused before it was unpacked: too large, damaged or not a Word document."""

    def __init__(self, message: str, *, hint: str = "", part: str = "") -> None:
        super().__init__(message, hint=hint)
        self.part = part


class SandboxError(TemplateError):
    """A template tried something templates may not do, or went past what one render may make,
    how many steps it may take or how long it may run; ``part`` is where (``word/document.xml``).
    The build refuses it whatever the case holds, so the template check reports it too."""

    def __init__(self, message: str, *, hint: str = "", part: str = "") -> None:
        super().__init__(message, hint=hint)
        self.part = part


class PackIncompleteError(PermdocsError):
    """A final pack was asked for while the checklist shows papers missing.

    Holds the owed papers (``pack.contents.OwedPaper``), each printed as its label, why and owner.
    """

    def __init__(self, owed: Sequence[object]) -> None:
        count = len(owed)
        lines = "\n".join(f"  - {paper}" for paper in owed)
        super().__init__(
            f"the panel pack cannot go out as final: {count} paper{'s' if count != 1 else ''} "
            f"the panel checklist requires {'are' if count != 1 else 'is'} missing:\n{lines}\n"
            "Nothing was written.",
            hint="attach each paper (save it in attachments/ and list it under attachments: in "
            "the case file), or use --draft for a pack that lists the gaps",
        )
        self.owed = tuple(owed)


@dataclass(frozen=True)
class Leak:
    """A restricted detail found in one part of a rendered document.

    It names the restricted detail by its case field and what it is (``detail``), and the words
    that matched as they were written in the document (``words``), so the person who typed them
    can find and rewrite them; the restricted value as the case stores it is never printed. A
    part that could not be searched at all has the field ``(unchecked)`` and no words.
    """

    field: str
    part: str
    words: str = ""
    detail: str = ""

    def __str__(self) -> str:
        if not self.words:
            return f"{self.field} in {self.part}"
        what = self.detail or "a restricted detail"
        return f"“{self.words}” in {self.part} matches {what} ({self.field})"


class ConfidentialityError(PermdocsError):
    """A document would show its reader something they must not see; nothing was written."""

    def __init__(
        self,
        message: str,
        *,
        hint: str = "",
        document: str = "",
        leaks: Sequence[Leak] = (),
    ) -> None:
        super().__init__(message, hint=hint)
        self.document = document
        self.leaks = tuple(leaks)


class BlockedError(PermdocsError):
    """A final build was asked for documents that still have blockers; nothing was written.

    Holds the completeness findings (``checks.Finding``) that block, so the CLI can show them by
    owner.
    """

    def __init__(
        self, blockers: Sequence[object], kinds: Sequence[str], ready: Sequence[str] = ()
    ) -> None:
        self.blockers = list(blockers)
        self.kinds = list(kinds)
        self.ready = list(ready)
        """Documents asked for that no blocker holds up (suggested with --only)."""
        count = len(self.blockers)
        # One line each: where in the case file, what is wrong, what to do, and who owes it.
        lines = []
        for b in self.blockers:
            line = getattr(b, "line", None)
            where = f"line {line}: " if line else ""
            lines.append(
                f"  {where}{getattr(b, 'message', '')} To do: {getattr(b, 'fix', '')}"
                f" (owed by the {getattr(b, 'owner', '')})"
            )
        stop = "1 blocker stops" if count == 1 else f"{count} blockers stop"
        only = (
            "; or build the documents that are ready now: "
            + " ".join(f"--only {kind}" for kind in self.ready)
            if self.ready
            else ""
        )
        super().__init__(
            f"{stop} this final build, so nothing was written:\n" + "\n".join(lines),
            hint="fix each blocker in the case file (`permdocs check` lists them by who owes"
            " them), or build with --draft to get every document with the gaps marked" + only,
        )


class OutputError(PermdocsError):
    """Outputs could not be written safely; the case folder was left as it was."""


class CaseChangedError(PermdocsError):
    """The case file changed on disk after a page showing it was opened; nothing was saved."""


class ConversionError(PermdocsError):
    """LibreOffice could not turn a document into PDF."""


def relative_name(path: Path) -> str:
    """A short, readable name for a file in messages: relative to the working folder if possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
