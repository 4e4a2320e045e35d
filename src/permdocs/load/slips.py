"""The commonest slips in a hand-written case file, told as what they are rather than as the
YAML error they cause (or the silence): a ' #' that turns the rest of a value into a comment, and a
``{}`` or ``[]`` left beside entries that were filled in under it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import Location, Problem

_TRAILING_COMMENT = re.compile(r"[ \t]+#")
_LINE_END = re.compile(r"[\r\n\u2028\u2029]|$")


def trailing_comment_problems(
    text: str,
    plain_values: list[tuple[int, int, str]],
    line_col: Callable[[int], tuple[int, int]],
    name: str,
    limit: int,
) -> list[Problem]:
    """A ' #' after an unquoted value starts a YAML comment: ``address: Flat #4, 8 Orchard Way``
    would load as ``Flat`` and the rest would be lost without a word. Each is refused at the '#'
    with the line as it should be written (the whole value in quotes)."""
    problems: list[Problem] = []
    for start, end, path in plain_values:
        comment = _TRAILING_COMMENT.match(text, end)
        if comment is None:
            continue
        hash_index = comment.end() - 1
        line_end = _LINE_END.search(text, hash_index)
        stop = line_end.start() if line_end is not None else len(text)
        kept = text[start:end]
        typed = text[start:stop].strip()
        one_line = "\n" not in kept and "\r" not in kept
        quoted = _quoted(typed) if one_line else ""
        if kept.strip():
            message = (
                "would be cut short at ' #': YAML reads the rest of the line as a comment,"
                f" leaving only '{' '.join(kept.split())}'"
            )
        else:
            message = "would be empty: YAML reads ' #' and the rest of the line as a comment"
        hint = (
            f"put the value in quotes: {quoted}"
            if quoted
            else "put the value in quotes, the whole of it"
        )
        if not kept.strip():
            hint += "; or, if it is a note, move the '#' and the note onto a line of their own"
        line, col = line_col(hash_index)
        problems.append(Problem(Location(name, line, col), path, message, hint))
        if len(problems) >= limit:
            break
    return problems


def _quoted(text: str) -> str:
    """``text`` as a quoted YAML value a person can copy: double quotes unless it holds one."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


_EMPTY_COLLECTION = re.compile(r"^(\s*)(?:- )?([^#\s][^:#]*):\s+(\{\}|\[\])\s*(?:#.*)?$")


def leftover_empty(text: str, index: int, name: str) -> Problem | None:
    """``professionals: {}`` (or ``siblings: []``) left in when the lines under it were filled in
    (`permdocs new` writes a section with nothing in it so). YAML then finds the indented lines
    "not lining up"; the slip is the ``{}`` on the line above, so that is where to point."""
    before = re.split(r"\r\n|[\r\n]", text[:index])
    current = before[-1] if before else ""
    indent = len(current) - len(current.lstrip(" "))
    for number in range(len(before) - 2, -1, -1):
        line = before[number]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _EMPTY_COLLECTION.match(line)
        if match is None or len(match[1]) >= indent:
            return None
        key, empty = match[2].strip(), match[3]
        what = "an empty group" if empty == "{}" else "an empty list"
        return Problem(
            Location(name, number + 1, line.index(empty) + 1),
            "",
            f"'{key}: {empty}' says {key} is {what}, so the lines indented under it cannot"
            " belong to it",
            f"delete the {empty} after '{key}:' now that its entries are filled in",
        )
    return None
