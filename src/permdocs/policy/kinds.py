"""What a document kind is: who reads it, which template makes it, and what it must carry
(``Requirement``), and what a panel checklist row asks for (``Paper``). The kinds themselves are
declared in ``documents`` (reports, the pack) and ``letter_kinds`` (the ADM's letters).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..model.fields import Owner
from .conditions import CONDITIONS

Audience = Literal["professional", "carers", "child", "birth-parent", "agency"]
Family = Literal["report", "letter", "pack"]
Level = Literal["blocker", "warning"]


@dataclass(frozen=True)
class Requirement:
    """A field a document cannot go out without."""

    path: str
    when: tuple[str, ...] = ()
    # Other paths that satisfy the requirement instead (e.g. the decision's own maker).
    alternatives: tuple[str, ...] = ()
    # A blocker stops the document going out as final; a warning is what a panel adviser would
    # query but let through (the document then reads "Not recorded" there).
    level: Level = "blocker"

    def __post_init__(self) -> None:
        for name in self.when:
            if name not in CONDITIONS:
                raise ValueError(f"{self.path}: unknown condition '{name}'")


@dataclass(frozen=True)
class Paper:
    """A row of the panel checklist: one paper, present when any of ``kinds`` is attached.

    A kind that names a document kind in this registry (the front sheet, the matching report) is
    produced by permdocs, so its completeness is that document's own requirements.
    """

    kinds: tuple[str, ...]
    label: str
    when: tuple[str, ...] = ()
    required: bool = True
    owner: Owner | None = None

    def __post_init__(self) -> None:
        for name in self.when:
            if name not in CONDITIONS or CONDITIONS[name].item:
                raise ValueError(f"{self.label}: unknown condition '{name}'")


@dataclass(frozen=True)
class DocumentKind:
    kind: str
    title: str
    audience: Audience
    family: Family
    requirements: tuple[Requirement, ...] = field(default=(), compare=False, repr=False)
    # The panel checklist's papers, when this kind has any (a council profile may replace them).
    papers: tuple[Paper, ...] = field(default=(), compare=False, repr=False)
    # Conditions under which the document is produced at all (e.g. only for IFA carers).
    when: tuple[str, ...] = ()

    @property
    def template_name(self) -> str:
        return f"{self.kind}.docx"

    def file_name(self, reference: str, suffix: str = "") -> str:
        extra = f"-{suffix}" if suffix else ""
        return f"{reference}_{self.kind}{extra}.docx"


def need(path: str, *when: str, alternatives: tuple[str, ...] = ()) -> Requirement:
    return Requirement(path, tuple(when), alternatives)


def want(path: str, *when: str) -> Requirement:
    """A requirement whose absence is a warning, not a blocker."""
    return Requirement(path, tuple(when), level="warning")


def each(prefix: str, *names: str, when: tuple[str, ...] = ()) -> tuple[Requirement, ...]:
    return tuple(Requirement(f"{prefix}.{name}", when) for name in names)
