"""How values are worded for documents: dates, ages, names, labels for every coded value."""

from __future__ import annotations

import typing
from datetime import date

import pytest

from permdocs.model.parts import (
    CarerRoute,
    LegalStatus,
    OptionOutcome,
    ParentRole,
    PermanenceOption,
)
from permdocs.render.formatting import (
    CASE_TYPE_LABELS,
    LEGAL_STATUS_LABELS,
    OPTION_LABELS,
    OUTCOME_LABELS,
    PARENT_ROLE_LABELS,
    ROUTE_LABELS,
    couple_names,
    describe_age,
    formal_names,
    join_words,
    uk_date,
)


def test_uk_dates_spell_the_month() -> None:
    assert uk_date(date(2025, 3, 14)) == "14 March 2025"
    assert uk_date(date(2026, 1, 1)) == "1 January 2026"


@pytest.mark.parametrize(
    ("born", "on", "expected"),
    [
        (date(2017, 3, 9), date(2026, 11, 23), "9 years 8 months"),
        (date(2017, 3, 9), date(2026, 3, 9), "9 years"),
        (date(2017, 3, 9), date(2026, 3, 8), "8 years 11 months"),
        (date(2025, 1, 31), date(2025, 2, 28), "1 month"),  # the last day of a short month
        (date(2025, 6, 1), date(2025, 6, 20), "under 1 month"),
        (date(2024, 11, 23), date(2026, 11, 23), "2 years"),
        (date(2025, 10, 23), date(2026, 11, 23), "1 year 1 month"),
        (date(2000, 5, 1), date(2026, 11, 23), "26 years"),
    ],
)
def test_ages_in_years_and_months(born: date, on: date, expected: str) -> None:
    assert describe_age(born, on) == expected


def test_names_join_as_people_write_them() -> None:
    assert couple_names([("Ruth", "Ellery"), ("Daniel", "Ellery")]) == "Ruth and Daniel Ellery"
    assert couple_names([("Sam", "Lee"), ("Alex", "Roy")]) == "Sam Lee and Alex Roy"
    assert couple_names([("Carol", "Hughes")]) == "Carol Hughes"
    assert formal_names([("Mrs", "Ruth", "Ellery"), ("Mr", "Daniel", "Ellery")]) == (
        "Mrs and Mr Ellery"
    )
    assert formal_names([(None, "Sam", "Lee")]) == "Sam Lee"
    assert join_words(["a", "b", "c"]) == "a, b and c"


@pytest.mark.parametrize(
    ("labels", "values"),
    [
        (LEGAL_STATUS_LABELS, LegalStatus),
        (ROUTE_LABELS, CarerRoute),
        (CASE_TYPE_LABELS, CarerRoute),
        (OPTION_LABELS, PermanenceOption),
        (OUTCOME_LABELS, OptionOutcome),
        (PARENT_ROLE_LABELS, ParentRole),
    ],
)
def test_every_coded_value_has_a_label(labels: typing.Mapping[str, str], values: object) -> None:
    assert set(labels) == set(typing.get_args(values))
    assert LEGAL_STATUS_LABELS["care-order"] == "Care order (s31)"
