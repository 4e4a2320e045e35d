"""Field types that read case data faithfully.

YAML values arrive as the text the user typed, JSON values with their JSON types. These types turn
exactly the accepted spellings into dates, numbers and yes/no answers and refuse everything else,
so that ``NO`` never silently becomes false and ``03/04/2025`` is never read in US order.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

MAX_TEXT_CHARS = 200_000
MAX_LINE_CHARS = 500

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_SHORT_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2})$")
_DATE_HINT = "write it as 2025-03-14 or as 14/03/2025, day first"


class FieldValueError(ValueError):
    """A value that cannot be right, with what to do about it (shown as the problem's hint)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


def show_value(value: Any) -> str:
    """A value as a message shows it: JSON spellings, not Python ones."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _real_date(year: int, month: int, day: int, value: str) -> date:
    if not 1 <= month <= 12:
        raise FieldValueError(
            f"'{value}' is not a real date: there is no month {month}", _DATE_HINT
        )
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise FieldValueError(
            f"'{value}' is not a real date: {calendar.month_name[month]} {year} has {last} days",
            "correct the day",
        )
    return date(year, month, day)


def parse_date(value: Any) -> Any:
    """Accept a date, ``YYYY-MM-DD`` or UK ``DD/MM/YYYY``; refuse anything else, never guessing."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise FieldValueError(
            f"expected a date, not {show_value(value)}", _DATE_HINT + ", in quotes"
        )
    text = value.strip()
    iso = _ISO_DATE.match(text)
    if iso:
        return _real_date(int(iso[1]), int(iso[2]), int(iso[3]), value)
    uk = _UK_DATE.match(text)
    if uk:
        day, month, year = int(uk[1]), int(uk[2]), int(uk[3])
        if month > 12 and 1 <= day <= 12:
            raise FieldValueError(
                f"'{value}' is not a real date: there is no month {month}",
                f"dates are written day first; did you mean {month:02d}/{day:02d}/{year}?",
            )
        return _real_date(year, month, day, value)
    if _SHORT_YEAR.match(text):
        raise FieldValueError(f"'{value}' needs a four-digit year", _DATE_HINT)
    raise FieldValueError(f"'{value}' is not a date", _DATE_HINT)


def parse_yes_no(value: Any) -> Any:
    """Accept only ``true`` or ``false`` (and JSON booleans). ``yes``/``NO`` are refused, not guessed."""
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise FieldValueError(
        f"expected true or false, not {show_value(value)}",
        "write true or false; yes, no, on and off are not read, so that nothing is guessed",
    )


def parse_count(value: Any) -> Any:
    """A whole number written as digits (YAML) or a JSON integer."""
    if isinstance(value, bool):
        raise FieldValueError(
            f"expected a whole number, not {show_value(value)}", "write digits, e.g. 8"
        )
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{1,6}", value.strip()):
        return int(value.strip())
    raise FieldValueError(
        f"expected a whole number, not {show_value(value)}", "write digits, e.g. 8"
    )


def check_text(value: str) -> str:
    bad = first_illegal_character(value)
    if bad is not None:
        raise FieldValueError(
            f"contains a control character (U+{ord(bad):04X}) that cannot be stored in a document",
            "delete it; such characters often arrive when text is pasted from Word or email",
        )
    if len(value) > MAX_TEXT_CHARS:
        raise FieldValueError(
            f"is {len(value):,} characters long; a field may hold at most {MAX_TEXT_CHARS:,}",
            "attach long papers instead of pasting them in",
        )
    return value


def check_line(value: str) -> str:
    check_text(value)
    if "\n" in value or "\r" in value:
        raise FieldValueError(
            "must be a single line", "remove the line breaks; only longer text fields take several"
        )
    if not value.strip():
        raise FieldValueError(
            "must not be blank", "fill it in, or leave the field out if it is not known yet"
        )
    if len(value) > MAX_LINE_CHARS:
        raise FieldValueError(
            f"is {len(value):,} characters long; at most {MAX_LINE_CHARS} fit here",
            "shorten it, or put the detail in a longer text field",
        )
    return value


_DATE_SCHEMA = {
    "type": "string",
    "pattern": r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})$",
    "description": "A date: 2025-03-14 or 14/03/2025 (day first).",
}

Date = Annotated[date, BeforeValidator(parse_date), WithJsonSchema(_DATE_SCHEMA)]


class RecordsDone:
    """Marks a date field that records something that has happened (a review held, a paper
    sent), never a date booked ahead: such a date cannot be after the day the case is judged on.
    ``fields.done_dates`` finds every one in a case by this mark."""

    def __repr__(self) -> str:
        return "RecordsDone()"


RECORDS_DONE = RecordsDone()
DoneDate = Annotated[date, BeforeValidator(parse_date), WithJsonSchema(_DATE_SCHEMA), RECORDS_DONE]
"""A date recording something done: see :class:`RecordsDone`."""
YesNo = Annotated[bool, BeforeValidator(parse_yes_no), WithJsonSchema({"type": "boolean"})]
Count = Annotated[
    int,
    BeforeValidator(parse_count),
    Field(ge=0),
    WithJsonSchema({"type": "integer", "minimum": 0}),
]
Text = Annotated[str, AfterValidator(check_text)]
"""Free text: may run over several lines; line breaks become line breaks in Word."""
Line = Annotated[str, AfterValidator(check_line)]
"""A single line: a name, a reference, a title."""


# ... and the stricter set XML 1.0 (so Word) cannot hold at all.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def first_illegal_character(text: str) -> str | None:
    """The first character XML 1.0 (and so Word) cannot hold, or None."""
    match = XML_ILLEGAL.search(text)
    return match.group() if match else None
