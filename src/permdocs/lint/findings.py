"""What the template linter reports: findings with where they are and what to do."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..render.properties import UNVERSIONED

Severity = Literal["error", "warning"]

_SHOWN_CHARS = 120


@dataclass(frozen=True)
class Place:
    """Where in a Word file a finding is, in words a template author can find in Word."""

    part: str
    """The part inside the .docx: word/document.xml is the body, word/header1.xml a header."""
    where: str = ""
    """"paragraph 12", "table 2, row 3, cell 1"; "" for the whole part or file."""
    text: str = ""
    """The paragraph's or table cell's text, as Word shows it (tags included)."""

    def __str__(self) -> str:
        pieces = [self.part] if self.part else []
        if self.where:
            pieces.append(self.where)
        shown = ", ".join(pieces)
        if self.text:
            text = (
                self.text if len(self.text) <= _SHOWN_CHARS else self.text[: _SHOWN_CHARS - 1] + "…"
            )
            shown += f" “{text}”"
        return shown

    def as_dict(self) -> dict[str, str]:
        return {"part": self.part, "where": self.where, "text": self.text}


@dataclass(frozen=True)
class LintFinding:
    code: str
    severity: Severity
    message: str
    hint: str = ""
    place: Place = field(default_factory=lambda: Place(""))
    rename: tuple[str, str] | None = None
    """For a name the template contract renamed: the name as written, and as it is now."""

    def __str__(self) -> str:
        where = f"{self.place}: " if str(self.place) else ""
        hint = f"\n    What to do: {self.hint}" if self.hint else ""
        return f"{self.severity}: {where}{self.message}{hint}"

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
            **self.place.as_dict(),
            **({"renamed_to": self.rename[1]} if self.rename else {}),
        }


@dataclass(frozen=True)
class FileReport:
    """Every finding for one template file."""

    path: str
    kind: str | None
    """The document kind the file is for (from its name), or None if no kind has that name."""
    audience: str | None
    findings: tuple[LintFinding, ...]
    contract: str = UNVERSIONED
    """The template contract version the file declares (``render.properties``)."""

    @property
    def renames(self) -> dict[str, str]:
        """Each renamed name the template uses, as written, and as it is written now."""
        return dict(f.rename for f in self.findings if f.rename is not None)

    @property
    def errors(self) -> tuple[LintFinding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[LintFinding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def clean(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "kind": self.kind,
            "audience": self.audience,
            "contract": self.contract,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [finding.as_dict() for finding in self.findings],
        }

    def text(self) -> str:
        """The report as a person reads it: the file, then one finding per paragraph."""
        kind = f" ({self.kind}, for {self.audience})" if self.kind else ""
        if self.clean:
            return f"{self.path}{kind}: no problems found"
        counts = _counts(len(self.errors), len(self.warnings))
        lines = [f"{self.path}{kind}: {counts}"]
        for finding in self.findings:
            lines.append("  " + str(finding).replace("\n", "\n  "))
        return "\n".join(lines)


def _counts(errors: int, warnings: int) -> str:
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)
