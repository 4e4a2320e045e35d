"""Working days, month arithmetic, ages and timescales, at the edges that go wrong."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from permdocs.policy.calendar import (
    Timescale,
    add_months,
    add_working_days,
    age_on,
    bank_holidays,
    gap,
    is_working_day,
    long_date,
    working_days_between,
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 12, 24), True),  # Christmas Eve is not a bank holiday
        (date(2025, 12, 25), False),
        (date(2025, 12, 26), False),
        (date(2025, 12, 27), False),  # Saturday
        (date(2026, 1, 1), False),
        (date(2026, 1, 2), True),
        (date(2026, 4, 2), True),  # Maundy Thursday
        (date(2026, 4, 3), False),  # Good Friday
        (date(2026, 4, 6), False),  # Easter Monday
        (date(2026, 4, 7), True),
        (date(2026, 5, 4), False),  # Early May bank holiday
        (date(2026, 12, 28), False),  # Boxing Day (substitute day)
        (date(2027, 12, 27), False),  # Christmas Day (substitute day)
        (date(2022, 9, 19), False),  # one-off: the late Queen's state funeral
        (date(2025, 3, 17), True),  # St Patrick's Day is not an English bank holiday
        (date(2025, 8, 4), True),  # Scotland's summer holiday is not England's
    ],
)
def test_working_days_are_english(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_bank_holidays_come_from_the_library() -> None:
    assert date(2026, 4, 3) in bank_holidays(2026)
    assert len(bank_holidays(2026)) == 9  # eight bank holidays plus Boxing Day's substitute


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (date(2025, 12, 24), 3, date(2025, 12, 31)),  # over Christmas and a weekend
        (date(2025, 12, 24), 4, date(2026, 1, 2)),  # and over New Year's Day
        (date(2025, 12, 31), 1, date(2026, 1, 2)),
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # over Good Friday to Easter Monday
        (date(2026, 4, 7), -1, date(2026, 4, 2)),  # backwards over Easter
        (date(2026, 4, 10), -5, date(2026, 4, 1)),
        (date(2026, 1, 16), 0, date(2026, 1, 16)),
        (date(2026, 1, 17), 1, date(2026, 1, 19)),  # from a Saturday
        (date(2025, 1, 6), 20, date(2025, 2, 3)),
    ],
)
def test_add_working_days(start: date, count: int, expected: date) -> None:
    assert add_working_days(start, count) == expected


def test_working_days_between_counts_after_start_up_to_end() -> None:
    assert working_days_between(date(2025, 12, 24), date(2025, 12, 31)) == 3
    assert working_days_between(date(2025, 12, 31), date(2025, 12, 24)) == -3
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 6)) == 0
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 2)) == 0


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=-60, max_value=60),
)
def test_adding_then_counting_working_days_round_trips(start: date, count: int) -> None:
    assert working_days_between(start, add_working_days(start, count)) == count
    assert count == 0 or is_working_day(add_working_days(start, count))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2025, 12, 31), 2, date(2026, 2, 28)),  # over the year end
        (date(2025, 1, 31), 3, date(2025, 4, 30)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 3, 15), 2, date(2025, 5, 15)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_or_ends_the_month(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


def test_age_on_birthdays_and_leap_days() -> None:
    born = date(2013, 6, 15)
    assert age_on(born, date(2026, 6, 14)) == 12
    assert age_on(born, date(2026, 6, 15)) == 13
    leapling = date(2008, 2, 29)
    assert age_on(leapling, date(2026, 2, 28)) == 17
    assert age_on(leapling, date(2026, 3, 1)) == 18


@pytest.mark.parametrize(
    ("text", "amount", "unit", "shown"),
    [
        ("20 working days", 20, "working days", "20 working days"),
        ("1 Working Day", 1, "working days", "1 working day"),
        ("7 working-days", 7, "working days", "7 working days"),
        ("10 days", 10, "days", "10 days"),
        ("10 calendar days", 10, "days", "10 days"),
        ("4 weeks", 4, "weeks", "4 weeks"),
        (" 1 month ", 1, "months", "1 month"),
        ("12 MONTHS", 12, "months", "12 months"),
    ],
)
def test_timescale_parse(text: str, amount: int, unit: str, shown: str) -> None:
    timescale = Timescale.parse(text)
    assert (timescale.amount, timescale.unit, str(timescale)) == (amount, unit, shown)


@pytest.mark.parametrize("text", ["", "four weeks", "4", "4 fortnights", "-3 days", "3.5 weeks"])
def test_timescale_parse_refuses_anything_else(text: str) -> None:
    with pytest.raises(ValueError, match="is not a timescale"):
        Timescale.parse(text)


def test_timescale_after_and_before() -> None:
    assert Timescale(4, "weeks").after(date(2026, 1, 15)) == date(2026, 2, 12)
    assert Timescale(10, "days").after(date(2026, 1, 15)) == date(2026, 1, 25)
    assert Timescale(2, "months").after(date(2025, 12, 31)) == date(2026, 2, 28)
    assert Timescale(5, "working days").before(date(2026, 4, 10)) == date(2026, 4, 1)
    assert Timescale(7, "working days").after(date(2025, 12, 22)) == date(2026, 1, 5)


def test_gap_and_long_date() -> None:
    assert gap("working days", date(2025, 12, 24), date(2025, 12, 29)) == "1 working day"
    assert gap("weeks", date(2026, 1, 1), date(2026, 1, 11)) == "10 days"
    assert long_date(date(2026, 4, 3)) == "3 April 2026"
    assert long_date(date(2026, 4, 3) + timedelta(days=30)) == "3 May 2026"
