"""Field types that read case data faithfully.

YAML values arrive as the text the user typed, JSON values with their JSON types. These types turn
exactly the accepted spellings into dates, numbers and yes/no answers and refuse everything else,
so that ``NO`` never silently becomes false and ``03/04/2025`` is never read in US order.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

from ..loading import first_illegal_character

MAX_TEXT_CHARS = 200_000
MAX_LINE_CHARS = 500

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(value: Any) -> Any:
    """Accept a date, ``YYYY-MM-DD`` or UK ``DD/MM/YYYY``; refuse anything else."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError("expected a date such as 2025-03-14 or 14/03/2025")
    text = value.strip()
    iso = _ISO_DATE.match(text)
    uk = _UK_DATE.match(text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if uk:
            return date(int(uk[3]), int(uk[2]), int(uk[1]))
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a real date ({exc})") from None
    raise ValueError(f"'{value}' is not a date: write it as 2025-03-14 or 14/03/2025 (day first)")


def parse_yes_no(value: Any) -> Any:
    """Accept only ``true`` or ``false`` (and JSON booleans). ``yes``/``NO`` are refused, not guessed."""
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError(f"expected true or false, not '{value}'")


def parse_count(value: Any) -> Any:
    """A whole number written as digits (YAML) or a JSON integer."""
    if isinstance(value, bool):
        raise ValueError("expected a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{1,6}", value.strip()):
        return int(value.strip())
    raise ValueError(f"expected a whole number, not '{value}'")


def check_text(value: str) -> str:
    bad = first_illegal_character(value)
    if bad is not None:
        raise ValueError(
            f"contains a control character (U+{ord(bad):04X}) that cannot be stored in a document;"
            " delete it (it often arrives when text is pasted from Word or email)"
        )
    if len(value) > MAX_TEXT_CHARS:
        raise ValueError(
            f"is {len(value):,} characters long; a field may hold at most {MAX_TEXT_CHARS:,}:"
            " attach long papers instead"
        )
    return value


def check_line(value: str) -> str:
    check_text(value)
    if "\n" in value or "\r" in value:
        raise ValueError("must be a single line (no line breaks)")
    if not value.strip():
        raise ValueError("must not be blank; leave the field out if it is not known yet")
    if len(value) > MAX_LINE_CHARS:
        raise ValueError(f"is {len(value):,} characters long; at most {MAX_LINE_CHARS} here")
    return value


_DATE_SCHEMA = {
    "type": "string",
    "pattern": r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})$",
    "description": "A date: 2025-03-14 or 14/03/2025 (day first).",
}

Date = Annotated[date, BeforeValidator(parse_date), WithJsonSchema(_DATE_SCHEMA)]
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
