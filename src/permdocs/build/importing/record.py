"""What a source says about one child, whichever dataset it came from, each value with its origin.

The SSDA903 reader and the Standard Safeguarding Dataset reader both produce a
:class:`ChildRecord`; everything after that (which case field each value goes to, what differs
from the case) is shared. The placement history is derived here too, from placements that both
readers build: a placement is a stretch of care with the same placement (an SSDA903 episode that
changes only the legal status continues it), marked with whether the carers changed when it began.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from .codes import Code, Dataset
from .tables import Origin

T = TypeVar("T")


@dataclass(frozen=True)
class Sourced(Generic[T]):
    """A value read from a source, where it was read, and how the source wrote it."""

    value: T
    origin: Origin
    written: str
    """The text in the file, e.g. the code ``WBRI`` behind the value "White British"."""
    column: str = ""


@dataclass(frozen=True)
class Placement:
    """One placement: from its start to its end (None while it lasts)."""

    start: date
    end: date | None
    type: Code | None
    provider: Code | None
    postcode: Sourced[str] | None
    new_carers: bool
    """Whether the child moved to new carers when it began (not for a move with the same carers)."""
    origin: Origin
    end_reason: Code | None = None
    """Why the placement changed (the reason for placement change), if recorded."""
    left_care: Code | None = None
    """Why the child stopped being looked after, when the period of care ended with it."""


@dataclass
class ChildRecord:
    """Everything one child's rows say, ready to be compared with the case."""

    dataset: Dataset
    child_id: str
    first_names: Sourced[str] | None = None
    last_name: Sourced[str] | None = None
    date_of_birth: Sourced[date] | None = None
    gender: Sourced[str] | None = None
    ethnicity: Sourced[str] | None = None
    legal_status: Sourced[Code] | None = None
    looked_after_since: Sourced[date] | None = None
    placements: list[Placement] = field(default_factory=list)
    reviews: list[Sourced[date]] = field(default_factory=list)
    permanence_plan: Sourced[Code] | None = None
    plan_date: Sourced[date] | None = None
    looked_after: bool = True
    """False when the files show the child's last period of care has ended."""
    notes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    """How each file was read, for the report: its name, encoding and rows for this child."""

    @property
    def current(self) -> Placement | None:
        """The placement that has not ended, if the child is still looked after and placed."""
        if self.looked_after and self.placements and self.placements[-1].end is None:
            return self.placements[-1]
        return None

    def with_carers_since(self) -> Sourced[date] | None:
        """When the child moved in with their current carers: the start of the current placement,
        or of an earlier one if the child has stayed with the same carers since (a move of house,
        or a change of provider, starts a placement but not new carers)."""
        current = self.current
        if current is None:
            return None
        index = len(self.placements) - 1
        while index > 0 and not self.placements[index].new_carers:
            before = self.placements[index - 1]
            if before.end != self.placements[index].start:
                break  # a gap: not the same stretch of care
            index -= 1
        first = self.placements[index]
        return Sourced(first.start, first.origin.first(), f"{first.start:%d/%m/%Y}")


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def placement_history(placements: Sequence[Placement]) -> str:
    """The placements as the case's "placement moves" paragraph: one line each, oldest first.

    Only placement types, providers and reasons are written: never a postcode, a provider's
    reference number or anyone's name, because this text is printed in reports.
    """
    lines = []
    for placement in placements:
        when = (
            f"{long_date(placement.start)} to {long_date(placement.end)}"
            if placement.end is not None
            else f"{long_date(placement.start)} onwards"
        )
        what = placement.type.label if placement.type is not None else "Placement type not recorded"
        parts = [f"{when}: {what}"]
        if placement.provider is not None:
            parts[0] += f" ({placement.provider.label})"
        if not placement.new_carers:
            parts.append("Same carers as before.")
        if placement.end_reason is not None:
            parts.append(f"Ended: {_sentence(placement.end_reason.label)}")
        if placement.left_care is not None:
            parts.append(f"Ceased to be looked after: {_sentence(placement.left_care.label)}")
        lines.append(" ".join(part if part.endswith(".") else part + "." for part in parts))
    return "\n".join(lines)


def _sentence(label: str) -> str:
    """A label as the rest of a sentence: "Change to ..." -> "change to ...", "NHS" kept."""
    text = label[:1].lower() + label[1:] if label[1:2].islower() else label
    return text if text.endswith(".") else text + "."
