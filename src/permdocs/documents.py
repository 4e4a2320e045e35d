"""The registry of document kinds: what each is, who reads it, which template makes it.

This is the one place a document kind is declared. Rendering, completeness checks, the manifest
and the template linter all read it, so a kind's audience or requirements are never repeated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Audience = Literal["professional", "carers", "child", "birth-parent", "agency"]
Family = Literal["report", "letter", "pack"]


@dataclass(frozen=True)
class DocumentKind:
    kind: str
    title: str
    audience: Audience
    family: Family

    @property
    def template_name(self) -> str:
        return f"{self.kind}.docx"

    def file_name(self, reference: str, suffix: str = "") -> str:
        extra = f"-{suffix}" if suffix else ""
        return f"{reference}_{self.kind}{extra}.docx"


REPORTS: tuple[DocumentKind, ...] = (
    DocumentKind("ppm-referral", "Permanency Planning Meeting referral", "professional", "report"),
    DocumentKind(
        "matching-report-part2",
        "Matching meeting report, Part 2: the child",
        "professional",
        "report",
    ),
    DocumentKind(
        "matching-report-part3",
        "Matching meeting report, Part 3: the carers and support plan",
        "professional",
        "report",
    ),
    DocumentKind("panel-front-sheet", "Fostering panel front sheet", "professional", "report"),
    DocumentKind(
        "panel-checklist", "Permanent fostering panel checklist", "professional", "report"
    ),
)

KINDS: dict[str, DocumentKind] = {kind.kind: kind for kind in REPORTS}


def get_kind(name: str) -> DocumentKind:
    return KINDS[name]
