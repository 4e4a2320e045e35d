"""A case as it stood on a document's date: what the view shows of a fact dated after it.

A case file holds the case as it is now. A document is dated (``policy.dating``), and says only
what was true on its date: a review held later is left out, a placement not yet made reads
"Proposed carers, not yet placed", a final order not yet made is the interim order the child was
under, and a value the case keeps only as "now" (the school) is not named on a document dated
before it started. What is left out reads as plain words, never as a gap to fill, since the case
holds nothing more for that date; ``checks.dated`` says which values were left out and which are
printed although dated later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model.case import Child
from ..model.parts import LegalStatus
from .formatting import uk_date
from .missing import Missing
from .views import Value, date_value

NOT_PLACED = "Proposed carers, not yet placed"
FINAL_ORDERS: frozenset[str] = frozenset(
    {"care-order", "placement-order", "special-guardianship-order"}
)


@dataclass(frozen=True)
class AsAt:
    """Wording of dated facts for a document dated ``day``."""

    day: date

    def happened(self, when: date | None) -> bool:
        """Recorded, and on or before the document's date."""
        return when is not None and when <= self.day

    def later(self, when: date | None) -> bool:
        """Recorded, and after the document's date."""
        return when is not None and when > self.day

    @property
    def not_yet(self) -> str:
        return f"Not yet on {uk_date(self.day)}"

    @property
    def none_before(self) -> str:
        return f"None recorded before {uk_date(self.day)}"

    @property
    def later_on_record(self) -> str:
        return f"Not recorded as at {uk_date(self.day)} (the one on record is later)"

    def event(self, when: date | None, path: str, label: str | None = None) -> Value:
        """The date of something that happens once (an approval, a ratification): its date, or
        "Not yet on DATE" when it happened after the document."""
        if self.later(when):
            return self.not_yet
        return date_value(when, path, label)

    def latest(self, when: date | None, path: str, label: str | None = None) -> Value:
        """The date of the latest of something that recurs (an annual review, a PEP): its date,
        or "None recorded before DATE" when the one recorded is after the document (the case
        holds no earlier one)."""
        if self.later(when):
            return self.none_before
        return date_value(when, path, label)

    def current(
        self, value: Value, since: date | None, *, path: str = "", label: str | None = None
    ) -> Value:
        """A value the case keeps as it is now, which started on ``since``: not named on a
        document dated before then."""
        if self.later(since):
            return self.later_on_record
        if isinstance(value, Missing) or value is None:
            return value if isinstance(value, Missing) else Missing.at(path, label)
        return value


def legal_status_on(child: Child, day: date) -> LegalStatus | None:
    """The child's legal status on ``day``: before a final order was made, the interim care order
    the proceedings ran under (None when the case cannot say what it was)."""
    status = child.legal_status
    if status not in FINAL_ORDERS:
        return status
    since = child.legal_status_since
    if since is None and child.court is not None:
        since = child.court.final_hearing
    if since is None or since <= day:
        return status
    if child.court is not None or status == "care-order":
        return "interim-care-order"
    return None


def legal_status_began_after(child: Child, day: date) -> bool:
    """Whether the recorded legal status began after ``day`` (so a document dated then shows
    another)."""
    return legal_status_on(child, day) != child.legal_status
