"""How values read in a council document: UK dates, ages, joined names, labels for coded values.

Pure functions with no knowledge of templates or of the case model's structure, so the view model,
letters and reports all word things the same way. Month names are spelled out here rather than
taken from the locale, because a machine set to another language must still print "14 March 2025".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

LEGAL_STATUS_LABELS: Mapping[str, str] = {
    "section-20": "Accommodated under section 20 (Children Act 1989)",
    "interim-care-order": "Interim care order (s38)",
    "care-order": "Care order (s31)",
    "placement-order": "Placement order (s21 Adoption and Children Act 2002)",
    "special-guardianship-order": "Special guardianship order (s14A)",
}

ROUTE_LABELS: Mapping[str, str] = {
    "existing-in-house": "Existing in-house foster carers",
    "new-in-house": "New in-house foster carers (found by family finding)",
    "ifa": "Independent fostering agency carers",
    "connected-person": "Connected person (family and friends) foster carers",
}

# What the panel is asked to consider, by route; the front sheet's "type of case".
CASE_TYPE_LABELS: Mapping[str, str] = {
    "existing-in-house": "Permanent match: existing in-house carer",
    "new-in-house": "Permanent match: new in-house carer",
    "ifa": "Permanent match: independent fostering agency carer",
    "connected-person": "Permanent match: connected person carer",
}

OPTION_LABELS: Mapping[str, str] = {
    "return-home": "Return home to a birth parent",
    "connected-persons": "Living with family or friends (connected persons)",
    "adoption": "Adoption",
    "special-guardianship-order": "Special guardianship order",
    "child-arrangements-order": "Child arrangements order",
    "permanent-fostering": "Permanent fostering",
    "residential": "Residential care",
}

OUTCOME_LABELS: Mapping[str, str] = {
    "pursued": "Pursued",
    "ruled-out": "Ruled out",
    "parallel": "Parallel plan",
}

PARENT_ROLE_LABELS: Mapping[str, str] = {
    "mother": "Mother",
    "father": "Father",
    "step-parent": "Step-parent",
    "other": "Parent (other)",
}

DECISION_LABELS: Mapping[str, str] = {
    "agreed": "Agreed",
    "not-agreed": "Not agreed",
    "deferred": "Deferred for more information",
}


def uk_date(value: date) -> str:
    """``date(2025, 3, 14)`` -> ``"14 March 2025"``."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def short_date(value: date) -> str:
    """``date(2026, 11, 5)`` -> ``"5 Nov 2026"``: for narrow columns of dense tables, where the
    month spelled out wraps a date onto three lines. Still unambiguous (never 05/11/2026, which
    a reader used to month-first dates takes for 11 May)."""
    return f"{value.day} {_MONTHS[value.month - 1][:3]} {value.year}"


def whole_months_between(start: date, end: date) -> int:
    """Completed calendar months from ``start`` to ``end`` (a birthday on the 31st counts on the
    last day of a shorter month)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day and not _is_last_day_of_month(end):
        months -= 1
    return months


def _is_last_day_of_month(value: date) -> bool:
    return value.month != date.fromordinal(value.toordinal() + 1).month


def describe_age(born: date, on: date) -> str:
    """An age as a report gives it: "9 years 8 months", "1 year", "7 months", "under 1 month".

    Years and months rather than years alone, because a panel reads developmental stage in
    months for young children and the difference matters for the rules (under 7, under 13).
    """
    if on < born:
        return "not yet born"
    months = whole_months_between(born, on)
    years, rest = divmod(months, 12)
    if years == 0:
        return "under 1 month" if rest == 0 else _plural(rest, "month")
    if rest == 0 or years >= 18:
        return _plural(years, "year")
    return f"{_plural(years, 'year')} {_plural(rest, 'month')}"


def age_in_years(born: date, on: date) -> int:
    return whole_months_between(born, on) // 12


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def join_words(items: Iterable[str], *, last: str = "and") -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"`` (no Oxford comma, as in most council style guides)."""
    words = [item for item in items if item]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def couple_names(people: Iterable[tuple[str, str]]) -> str:
    """Names of one or two carers: "Ruth and Daniel Ellery" when they share a surname,
    "Sam Lee and Alex Roy" when they do not. Each person is ``(first names, surname)``."""
    pairs = list(people)
    if len(pairs) == 2 and pairs[0][1] == pairs[1][1]:
        return f"{pairs[0][0]} and {pairs[1][0]} {pairs[0][1]}"
    return join_words(f"{first} {last}" for first, last in pairs)


def formal_names(people: Iterable[tuple[str | None, str, str]]) -> str:
    """Names for a salutation: "Mr and Mrs Ellery", or full names where a title is not recorded.
    Each person is ``(title, first names, surname)``."""
    people = list(people)
    if all(title for title, _, _ in people):
        if len(people) == 2 and people[0][2] == people[1][2]:
            return f"{people[0][0]} and {people[1][0]} {people[0][2]}"
        return join_words(f"{title} {last}" for title, _, last in people)
    return join_words(f"{first} {last}" for _, first, last in people)
