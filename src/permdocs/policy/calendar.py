"""Dates for timescales: English working days, month arithmetic, ages and written-out timescales.

Working days are Monday to Friday except the England and Wales bank holidays. The holidays come
from the maintained ``holidays`` library rather than a typed list, so substitute days ("Boxing Day
(observed)") and one-off holidays (a state funeral, a coronation) are right without anyone
remembering to add them.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Literal

import holidays

TimescaleUnit = Literal["working days", "days", "weeks", "months"]


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays in ``year`` (cached: the library builds them per call)."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    return day in bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    """Monday to Friday, and not an England and Wales bank holiday."""
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (before it, for a negative count).

    ``start`` itself is never counted, as in "within 20 working days of" a date: 0 gives
    ``start`` back unchanged. Christmas Eve 2025 + 3 working days is 31 December 2025.
    """
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    day = start
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days counted from ``start`` to reach ``end``: the inverse of :func:`add_working_days`.

    Forwards it counts the working days after ``start`` up to and including ``end``; backwards
    (``end`` earlier) the working days from ``end`` up to but not including ``start``, negated,
    so that ``working_days_between(d, add_working_days(d, n)) == n`` for every ``d`` and ``n``.
    """
    if end >= start:
        low, high = start + timedelta(days=1), end
        sign = 1
    else:
        low, high = end, start - timedelta(days=1)
        sign = -1
    count = 0
    day = low
    while day <= high:
        if is_working_day(day):
            count += 1
        day += timedelta(days=1)
    return count * sign


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the end of a shorter month.

    "Within 3 months of 31 January" ends on 30 April, "within 2 months of 31 December" on the
    last day of February: a deadline never spills into the following month.
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def age_on(date_of_birth: date, day: date) -> int:
    """Age in whole years on ``day``. Someone born on 29 February turns a year older on 1 March
    in other years, as English practice has it."""
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - (1 if before_birthday else 0)


def long_date(day: date) -> str:
    """``3 April 2026``: unambiguous for readers used to day-first dates, and never US order."""
    return f"{day.day} {day:%B %Y}"


_TIMESCALE = re.compile(
    r"^\s*(\d{1,4})\s+(working[ -]days?|calendar[ -]days?|days?|weeks?|months?)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Timescale:
    """A period such as "20 working days", "4 weeks" or "2 months", as a council writes it."""

    amount: int
    unit: TimescaleUnit

    @classmethod
    def parse(cls, text: str) -> Timescale:
        match = _TIMESCALE.match(text)
        if match is None:
            raise ValueError(
                f"'{text}' is not a timescale: write it as e.g. '20 working days', '10 days',"
                " '4 weeks' or '2 months'"
            )
        amount = int(match[1])
        word = match[2].lower()
        unit: TimescaleUnit
        if word.startswith("working"):
            unit = "working days"
        elif word.startswith(("calendar", "day")):
            unit = "days"
        elif word.startswith("week"):
            unit = "weeks"
        else:
            unit = "months"
        return cls(amount, unit)

    def after(self, start: date) -> date:
        """The last day of "within this timescale of ``start``"."""
        return self._shift(start, self.amount)

    def before(self, end: date) -> date:
        """The last day that is still "at least this timescale before ``end``"."""
        return self._shift(end, -self.amount)

    def _shift(self, day: date, amount: int) -> date:
        if self.unit == "working days":
            return add_working_days(day, amount)
        if self.unit == "days":
            return day + timedelta(days=amount)
        if self.unit == "weeks":
            return day + timedelta(weeks=amount)
        return add_months(day, amount)

    def __str__(self) -> str:
        singular = {
            "working days": "working day",
            "days": "day",
            "weeks": "week",
            "months": "month",
        }
        return f"{self.amount} {singular[self.unit] if self.amount == 1 else self.unit}"


def gap(unit: TimescaleUnit, start: date, end: date) -> str:
    """How far ``end`` is after ``start``, in the unit a timescale counts in: "3 working days"."""
    if unit == "working days":
        count = working_days_between(start, end)
        return f"{count} working day{'s' if abs(count) != 1 else ''}"
    days = (end - start).days
    return f"{days} day{'s' if abs(days) != 1 else ''}"
