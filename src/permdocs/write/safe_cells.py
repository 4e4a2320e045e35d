"""Spreadsheet cells that cannot run: CSV text and Excel sheets with formula injection neutralised.

A spreadsheet program treats a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula,
and a tab or carriage return in front can hide the sign from a quick look; a formula can fetch
web pages or, in older Excel, run commands (OWASP "CSV injection"). Case data is typed by people
and pasted from email, so every text cell permdocs writes to a CSV or Excel file goes through
:func:`neutralise`: such a cell gets a leading apostrophe, the usual way of saying "this is
text" to Excel and LibreOffice. The apostrophe is kept in the file on purpose, so that the text
stays inert when someone copies it onward into another CSV.

Only text is changed. Numbers, dates and booleans are written as themselves: they are the values
a spreadsheet should calculate and sort with (dates are real dates, shown day first).

    csv_text(["Case", "Note"], [["PF-1", "=HYPERLINK(...)"]])   # the note gets an apostrophe
    workbook = new_workbook()
    add_sheet(workbook, "Cases", header, rows)                 # frozen header, filters, dates

openpyxl is imported only when a workbook is made, so writing CSV stays light.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

CellValue: TypeAlias = str | int | float | bool | date | None
"""What a cell may hold. ``datetime`` is a ``date`` too and is written as a date and time."""

FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
"""A text cell beginning with one of these is neutralised."""

DATE_FORMAT = "dd/mm/yyyy"
"""How Excel shows dates: day first, as English readers expect, never US order."""

_LEADING_BLANKS = " \n"
# Characters an XML 1.0 document (an .xlsx part) cannot hold at all; openpyxl refuses them.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WIDEST_COLUMN = 60


def neutralise(text: str) -> str:
    """``text`` made safe to put in a spreadsheet cell: a leading apostrophe when it would start a
    formula, whether it begins with a trigger or only after spaces and line breaks."""
    if text.startswith(FORMULA_TRIGGERS) or text.lstrip(_LEADING_BLANKS).startswith(
        FORMULA_TRIGGERS
    ):
        return "'" + text
    return text


def is_neutral(text: str) -> bool:
    """Whether a text cell read back from a spreadsheet cannot start a formula."""
    return neutralise(text) == text or text.startswith("'")


def cell(value: CellValue) -> CellValue:
    """A value as it goes into a cell: text neutralised, everything else unchanged."""
    return neutralise(value) if isinstance(value, str) else value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[CellValue]]) -> str:
    """A CSV document (with a header row) whose every text cell is neutralised.

    Dates are written ``YYYY-MM-DD``, which every spreadsheet reads as a date; None is an empty
    cell; booleans are ``yes`` and ``no``. Lines end with CRLF, as RFC 4180 and Excel expect.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(name) for name in header])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue()


def _csv_cell(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    return neutralise(value)


def new_workbook() -> Workbook:
    """An empty workbook, without the blank sheet openpyxl starts one with: add sheets to it."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    return workbook


def add_sheet(
    workbook: Workbook,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[CellValue]],
) -> Worksheet:
    """Add a sheet of ``rows`` under a bold ``header``: the header row frozen, a filter on every
    column, dates as real dates shown day first, text neutralised, columns sized to their text.
    """
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet: Worksheet = workbook.create_sheet(title)
    widths = [len(name) for name in header]
    sheet.append([_xlsx_text(name) for name in header])
    for heading in sheet[1]:
        heading.font = Font(bold=True)
    count = 0
    for row in rows:
        count += 1
        sheet.append([_xlsx_cell(value) for value in row])
        for index, value in enumerate(row):
            if index < len(widths):
                widths[index] = max(widths[index], _shown_width(value))
    for written in sheet.iter_rows(min_row=2):
        for item in written:
            if isinstance(item.value, datetime):
                item.number_format = DATE_FORMAT + " hh:mm"
            elif isinstance(item.value, date):
                item.number_format = DATE_FORMAT
    last = get_column_letter(max(1, len(header)))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(_WIDEST_COLUMN, width + 2)
    return sheet


def _xlsx_text(text: str) -> str:
    # A character XML cannot hold would make openpyxl refuse the whole workbook; case data never
    # holds one (loading refuses them), but a message or a file name might.
    return neutralise(_NOT_IN_XML.sub("\ufffd", text))


def _xlsx_cell(value: CellValue) -> CellValue:
    return _xlsx_text(value) if isinstance(value, str) else value


def _shown_width(value: CellValue) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return len(DATE_FORMAT)
    return max((len(line) for line in str(value).splitlines()), default=0)
