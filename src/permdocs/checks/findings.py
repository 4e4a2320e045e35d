"""A finding: one thing owed or wrong, for whom, in which documents, and what to do about it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from ..model.fields import OWNERS, Owner
from ..policy.documents import DocumentKind

Severity = Literal["blocker", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("blocker", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One result of the completeness checks.

    ``code`` is stable (scripts and councils filter on it); ``documents`` are the document kinds
    that cannot be finished while it stands (empty: the case as a whole); ``field`` is the case
    path to look at, ``label`` its human label (the same label the draft ``[MISSING: ...]``
    marking uses); ``owner`` is who must act; ``due`` the deadline, for timescale findings.
    """

    code: str
    severity: Severity
    documents: tuple[str, ...]
    field: str
    label: str
    owner: Owner
    message: str
    fix: str
    source: str = ""
    due: date | None = None
    line: int | None = None
    """The line of the case file the field is on (or its nearest group that is), once placed."""
    place: str = ""
    """The field in words, items counted from 1 and named: "author of the 3rd attachment, 'PPM
    minutes'" (``wording.placed`` fills it in; empty until then)."""

    def affects(self, kinds: Iterable[str]) -> bool:
        """Whether this finding bears on any of ``kinds``; a case-wide finding bears on all."""
        return not self.documents or any(kind in self.documents for kind in kinds)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "documents": list(self.documents),
            "field": self.field,
            "label": self.label,
            "owner": self.owner,
            "message": self.message,
            "fix": self.fix,
            "source": self.source,
            "due": self.due.isoformat() if self.due is not None else None,
            "line": self.line,
            "place": self.place,
        }


STAGES: tuple[str, ...] = ("PPM", "matching", "panel", "decision", "letters")
"""The process in order; findings are listed in it, earliest first."""

_STAGE_OF_KIND: dict[str, int] = {
    "ppm-referral": 0,
    "matching-report-part2": 1,
    "matching-report-part3": 1,
    "panel-front-sheet": 2,
    "panel-checklist": 2,
    "panel-pack": 2,
}
_STAGE_OF_FIELD: tuple[tuple[str, int], ...] = (
    ("ppm", 0),
    ("matching_meeting", 1),
    ("panel", 2),
    ("decision", 3),
)


def stage(finding: Finding) -> int:
    """The earliest stage of the process (an index into STAGES) the finding holds up: that of
    its earliest document (a letter: letters), else of its field; the whole case: the first."""
    stages = [_STAGE_OF_KIND.get(kind, len(STAGES) - 1) for kind in finding.documents]
    if stages:
        return min(stages)
    for prefix, number in _STAGE_OF_FIELD:
        if finding.field == prefix or finding.field.startswith(prefix + "."):
            return number
    return 0


def sort_key(finding: Finding) -> tuple[int, int, int, int, str, str]:
    return (
        SEVERITIES.index(finding.severity),
        OWNERS.index(finding.owner),
        stage(finding),
        finding.line or 0,
        finding.field,
        finding.code,
    )


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Blockers first, then warnings and notes; within each, by owner, then in the order of the
    process (PPM, matching, panel, decision, letters), then by line; exact duplicates dropped."""
    return sorted(dict.fromkeys(findings), key=sort_key)


def blockers_for(findings: Iterable[Finding], kinds: Iterable[str | DocumentKind]) -> list[Finding]:
    """The blockers that stop any of ``kinds`` going out as final.

    A blocker that names no document concerns the whole case and so stops every document.
    """
    names = [kind.kind if isinstance(kind, DocumentKind) else kind for kind in kinds]
    return [f for f in findings if f.severity == "blocker" and f.affects(names)]


def count_by_severity(findings: Sequence[Finding]) -> dict[Severity, int]:
    return {severity: sum(1 for f in findings if f.severity == severity) for severity in SEVERITIES}


def fails(findings: Sequence[Finding], *, strict: bool = False) -> bool:
    """Whether these findings fail a check: any blocker, or with ``strict`` any warning too."""
    failing = ("blocker", "warning") if strict else ("blocker",)
    return any(f.severity in failing for f in findings)
