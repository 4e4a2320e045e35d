"""Reading a council's export files faithfully: bytes to text to rows, every problem with its place.

Exports come from case-management systems and from Excel, so the usual variations are read as
they are and anything else is refused with its file and line, never guessed:

- UTF-8, with or without a byte-order mark, and Windows-1252 (what Excel's plain "CSV" writes);
  UTF-16 (Excel's "Unicode text") and a file mixing two encodings are refused;
- comma-separated values with a header row, quoted values that may hold commas or line breaks,
  blank lines, and trailing empty columns (Excel adds them); a row with another number of values
  than the header has columns is a problem, since its values cannot be matched to columns;
- values are trimmed of surrounding spaces and otherwise kept as text: a child ID ``000123`` keeps
  its zeros; an empty value (and, in SQL exports, ``NULL``) is "not recorded";
- dates ``dd/mm/yyyy`` (day first, never US order) and ISO ``yyyy-mm-dd``, with a time of day
  (SQL exports add one) dropped; two-digit years are refused.

Problems are collected, not raised one at a time, so that one run lists everything wrong.
Each file is named by its own name only (never the folder it was read from), in messages and in
the case file's provenance comments.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ...errors import Location, Problem
from ...model.types import FieldValueError, parse_date
from .codes import Dataset

MAX_SOURCE_BYTES = 256 * 1024 * 1024
"""Far beyond any council's return; refused before it is read into memory."""
MAX_PROBLEMS = 50

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_DATE_TIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?Z?$"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Origin:
    """Where a value was read: the dataset, the file's own name, and the row (a CSV's row number
    counting the header as row 1, as a spreadsheet shows it) or the line of an XML element."""

    dataset: Dataset
    file: str
    line: int
    xml: bool = False
    last_line: int | None = None

    def describe(self) -> str:
        """``SSDA903 episodes.csv, row 14`` (or ``rows 2 to 7``; ``line 52`` in XML)."""
        unit = "line" if self.xml else "row"
        if self.last_line is not None and self.last_line != self.line:
            return f"{self.dataset} {self.file}, {unit}s {self.line} to {self.last_line}"
        return f"{self.dataset} {self.file}, {unit} {self.line}"

    def first(self) -> Origin:
        """The row this origin starts on, alone."""
        return Origin(self.dataset, self.file, self.line, self.xml)

    def spanning(self, last: Origin) -> Origin:
        """This origin extended to ``last`` (same file): a value drawn from several rows."""
        if last.file != self.file:
            return self
        return Origin(self.dataset, self.file, self.line, self.xml, last.last_line or last.line)


@dataclass(frozen=True)
class Source:
    """One file given to the import: its name (never its folder) and its bytes."""

    name: str
    data: bytes


def read_source(path_or_upload: Path | tuple[str, bytes]) -> Source:
    """A source file from disk (read in place, never copied) or an upload (name, bytes)."""
    if isinstance(path_or_upload, tuple):
        name, data = path_or_upload
        return Source(Path(name).name, data)
    path = Path(path_or_upload)
    with path.open("rb") as stream:
        data = stream.read(MAX_SOURCE_BYTES + 1)
    return Source(path.name, data)


class Problems:
    """Every problem found in the source files, in the order found, up to a limit."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, file: str, line: int | None, field: str, message: str, hint: str = "") -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(Location(file, line), field, message, hint))

    def __bool__(self) -> bool:
        return bool(self.items)


# ------------------------------------------------------------------------------------ decoding


def decode(source: Source, problems: Problems) -> tuple[str, str] | None:
    """The file's text and the encoding it was read in, or None (with a problem) if it cannot be
    read faithfully."""
    raw = source.data
    if len(raw) > MAX_SOURCE_BYTES:
        problems.add(
            source.name,
            None,
            "",
            f"is larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MB, far more than any return",
            "check that the right file was given",
        )
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(raw):
        problems.add(
            source.name,
            None,
            "",
            "is saved as UTF-16 (Excel's 'Unicode text'), which the import does not read",
            "save it again as 'CSV UTF-8 (comma delimited)', or export it again from the"
            " case-management system",
        )
        return None
    if raw.startswith(_UTF8_BOM):
        encoding, body = "UTF-8 with a byte-order mark", raw[len(_UTF8_BOM) :]
    else:
        encoding, body = "UTF-8", raw
    try:
        return body.decode("utf-8"), encoding
    except UnicodeDecodeError as utf8_error:
        if _UTF8_MULTIBYTE.search(body[: utf8_error.start]) or encoding != "UTF-8":
            line, column = _line_col(body, utf8_error.start)
            problems.add(
                source.name,
                line,
                "",
                f"mixes two encodings: it is UTF-8 until byte 0x{body[utf8_error.start]:02X}"
                f" at column {column}, which is not",
                "export the file again, or open it in Excel and save it as"
                " 'CSV UTF-8 (comma delimited)'",
            )
            return None
    try:
        return body.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as error:
        line, column = _line_col(body, error.start)
        problems.add(
            source.name,
            line,
            "",
            f"byte 0x{body[error.start]:02X} at column {column} is neither UTF-8 nor Windows-1252",
            "export the file again, or save it as 'CSV UTF-8 (comma delimited)'",
        )
        return None


def _looks_like_utf16(raw: bytes) -> bool:
    head = raw[:64]
    return len(head) >= 4 and any(
        head[start::2].count(0) == len(head[start::2]) for start in (0, 1)
    )


def _line_col(raw: bytes, index: int) -> tuple[int, int]:
    before = raw[:index]
    line = before.count(b"\n") + 1
    return line, index - (before.rfind(b"\n") + 1) + 1


# ----------------------------------------------------------------------------------------- CSV


@dataclass
class Row:
    """One record of a CSV file: the row it starts on and its values by column name."""

    line: int
    values: dict[str, str | None]

    def get(self, column: str) -> str | None:
        return self.values.get(column)


@dataclass
class Table:
    """A CSV file read into rows. ``columns`` are as the header names them, normalised."""

    name: str
    encoding: str
    columns: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)


def read_csv(
    source: Source,
    problems: Problems,
    *,
    header_name: Callable[[str], str],
    nulls: frozenset[str] = frozenset(),
    wanted: Callable[[tuple[str, ...]], bool] = lambda columns: True,
) -> Table | None:
    """A CSV file's rows, each value trimmed (None when empty or one of ``nulls``).

    ``header_name`` normalises column names (the SSDA903's are upper case, the SSD's lower).
    A file whose columns are not ``wanted`` (a table the import does not use) is returned
    without its rows, unread. Returns None, with problems, when the file cannot be read at all.
    """
    decoded = decode(source, problems)
    if decoded is None:
        return None
    text, encoding = decoded
    records = _records(text, source.name, problems)
    try:
        header_line, header = next(records)
    except StopIteration:
        problems.add(source.name, 1, "", "is empty", "export the file again")
        return None
    columns = tuple(header_name(name.strip().lstrip("\ufeff")) for name in header)
    duplicates = sorted({name for name in columns if name and columns.count(name) > 1})
    if duplicates:
        problems.add(
            source.name,
            header_line,
            "",
            f"the header names {', '.join(duplicates)} more than once",
            "keep one column of each name",
        )
        return None
    table = Table(source.name, encoding, columns)
    if not wanted(columns):
        return table
    for line, cells in records:
        if len(cells) > len(columns) and not any(cell.strip() for cell in cells[len(columns) :]):
            cells = cells[: len(columns)]  # Excel's trailing empty columns
        if len(cells) != len(columns):
            problems.add(
                source.name,
                line,
                "",
                f"this row has {len(cells)} values but the header has {len(columns)} columns,"
                " so its values cannot be matched to their columns",
                "check the row for a stray or missing comma, or a quote that is not closed",
            )
            continue
        values: dict[str, str | None] = {}
        for name, cell in zip(columns, cells, strict=True):
            value = cell.strip()
            values[name] = None if value == "" or value in nulls else value
        table.rows.append(Row(line, values))
    return table


def _records(text: str, name: str, problems: Problems) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, its cells) for each non-blank record, problems noted."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.add(
                name,
                start,
                "",
                f"this row cannot be read as CSV ({error})",
                "check its quotes: a value holding a quote must be quoted, its quotes doubled",
            )
            continue
        if not cells or all(not cell.strip() for cell in cells):
            continue
        yield start, cells


def require_columns(table: Table, wanted: Sequence[str], problems: Problems, *, kind: str) -> bool:
    """Whether ``table`` has every column in ``wanted`` (a problem names the missing ones)."""
    missing = [name for name in wanted if name not in table.columns]
    if missing:
        problems.add(
            table.name,
            1,
            "",
            f"looks like {kind} but has no {', '.join(missing)} column"
            f"{'s' if len(missing) > 1 else ''}",
            "export the file again with every column of the return",
        )
        return False
    return True


# -------------------------------------------------------------------------------------- values


def source_date(text: str) -> date:
    """A date as exports write it: ``dd/mm/yyyy`` or ISO, a time of day dropped.

    Raises FieldValueError (with a hint) for anything else, so that nothing is guessed.
    """
    value = text.strip()
    with_time = _DATE_TIME.match(value)
    if with_time:
        value = with_time.group(1)
    parsed: date = parse_date(value)
    return parsed


def check_text(value: str) -> str | None:
    """What is wrong with a text value a case file will hold (a control character), or None."""
    bad = _CONTROL.search(value)
    if bad is not None:
        return f"contains a control character (U+{ord(bad.group()):04X})"
    return None


def child_rows(rows: Iterable[Row], column: str, child: str) -> list[Row]:
    """The rows whose ``column`` holds exactly ``child`` (as text: ``000123`` is not ``123``)."""
    return [row for row in rows if row.get(column) == child]


def near_ids(ids: Iterable[str | None], child: str) -> list[str]:
    """IDs that are ``child`` but for leading zeros (Excel drops them when it opens a CSV)."""
    bare = child.lstrip("0")
    return sorted({i for i in ids if i and i != child and i.lstrip("0") == bare})


def child_absent(
    child: str, ids: Iterable[Iterable[str | None]], problems: Problems, *, what: str
) -> None:
    """The child is in none of the files: say so, and name an ID that differs only in leading
    zeros, the usual reason (Excel drops them when it opens a CSV file)."""
    near = sorted({found for table in ids for found in near_ids(table, child)})
    hint = (
        f"the files hold {', '.join(near)}, which differs only in leading zeros: give --child"
        " exactly as the files write it; if the files lost the zeros, Excel probably dropped"
        " them when it opened the file, so export the files again"
        if near
        else f"check the child's ID ({what}, written exactly, leading zeros included) and"
        " that these are the right files"
    )
    problems.add("", None, "--child", f"child {child} is in none of the files given", hint)


def date_problem(error: FieldValueError) -> tuple[str, str]:
    return str(error), error.hint
