"""Read a case file faithfully: text in, plain data out, with the line and column of every value.

This is the only module that parses YAML. It refuses rather than guesses: values stay the text the
user typed (``NO`` is not false, ``07700900123`` keeps its zero), and duplicate keys, anchors,
aliases, custom tags and documents beyond a real case's size are errors with their location.
JSON case files are read with the standard library for their values and with the YAML parser for
positions (JSON is a subset of YAML's flow syntax), so both formats report ``file:line:column``.

Every problem the file has is collected and reported at once, in line order, as far as reading can
go: a syntax error stops the parser, but everything found before it is still reported.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.reader import Reader

from ..errors import CaseDataError, Location, Problem
from ..model.fields import field_place
from ..model.types import first_illegal_character
from .slips import leftover_empty, trailing_comment_problems

MAX_DEPTH = 12
MAX_NODES = 50_000
MAX_PROBLEMS = 50
"""Reading stops after this many problems: the rest are usually consequences of the first ones."""

PathKey = tuple[str | int, ...]
# Only the spellings people and tools use for "nothing here"; ``Null`` or ``NULL`` may be a name.
_NULLS = frozenset({"", "~", "null"})

# The line breaks YAML counts (and so the ones its marks use): CRLF, CR, LF, NEL, LS, PS.
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
# Characters YAML refuses to read raw: C0 controls but tab/LF/CR, DEL, C1 controls but NEL, ...
_YAML_UNPRINTABLE: re.Pattern[str] = Reader.NON_PRINTABLE
# ... to which we add NEL: YAML 1.1 would silently read it as a line break (or fold it to a space),
# and in a UTF-8 file it is almost always Word's ellipsis (byte 0x85) saved in the wrong encoding.
_YAML_REFUSED = re.compile(f"{_YAML_UNPRINTABLE.pattern}|\x85")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")

_CONTROL_NAMES = {
    0x00: "a null character",
    0x07: "a bell character",
    0x08: "a backspace",
    0x0B: "a vertical tab",
    0x0C: "a form feed",
    0x1B: "an escape character",
    0x7F: "a delete character",
}
_PASTED_HINT = "delete it; such characters often arrive when text is pasted from Word or email"


@dataclass
class Positions:
    """Where each value (and each mapping key) of a loaded file stands."""

    file: str
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: PathKey, *, prefer_key: bool = False) -> Location:
        """The location of ``path``, or of its nearest ancestor that exists in the file."""
        probe = tuple(path)
        while True:
            table_order = (self.keys, self.values) if prefer_key else (self.values, self.keys)
            for table in table_order:
                if probe in table:
                    line, column = table[probe]
                    return Location(self.file, line, column)
            if not probe:
                return Location(self.file, 1, 1)
            probe = probe[:-1]


def _fail(name: str, message: str, hint: str = "", line: int = 1, col: int = 1) -> CaseDataError:
    return CaseDataError([Problem(Location(name, line, col), "", message, hint)])


class _LineIndex:
    """Turn an index into ``text`` into a 1-based line and column, counting breaks as YAML does."""

    def __init__(self, text: str, breaks: re.Pattern[str] = _LINE_BREAK) -> None:
        self._starts = [0] + [match.end() for match in breaks.finditer(text)]

    def line_col(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, index)
        return line, index - self._starts[line - 1] + 1


def _in_order(problems: list[Problem]) -> list[Problem]:
    """Problems by line and column (stable, so problems at one place keep their order)."""
    return sorted(problems, key=lambda p: (p.location.line or 0, p.location.column or 0))


def _character_text(char: str) -> str:
    code = ord(char)
    name = _CONTROL_NAMES.get(code, "a control character")
    return f"{name} (U+{code:04X})"


def _character_problem(where: Location, path: str, char: str) -> Problem:
    """A character a document cannot hold (or that YAML cannot read), with what to do about it."""
    code = ord(char)
    if first_illegal_character(char) is None:  # DEL and the C1 controls: legal in XML, not YAML
        try:
            guess = bytes([code]).decode("cp1252") if 0x80 <= code <= 0x9F else ""
        except UnicodeDecodeError:
            guess = ""
        likely = f", probably '{guess}' from Word saved in the wrong encoding" if guess else ""
        return Problem(
            where,
            path,
            f"contains an invisible control character, U+{code:04X}{likely}",
            "retype that character, or delete it",
        )
    if 0xD800 <= code <= 0xDFFF:
        return Problem(
            where,
            path,
            f"contains half of a character (an unpaired escape, U+{code:04X})",
            "write both halves of the pair, or delete the escape",
        )
    if code in (0xFFFE, 0xFFFF):
        return Problem(
            where,
            path,
            f"contains U+{code:04X}, which is not a character and cannot be stored in a document",
            "delete it",
        )
    return Problem(
        where,
        path,
        f"contains {_character_text(char)} that cannot be stored in a document",
        _PASTED_HINT,
    )


# --------------------------------------------------------------------------------------------- YAML


def parse_yaml(text: str, name: str) -> tuple[dict[str, Any], Positions]:
    """Parse YAML text into plain data (all scalars text, empty/``~``/``null`` as None) with positions.

    Raises :class:`CaseDataError` listing every problem found, in line order.
    """
    text = text.removeprefix("\ufeff")  # a byte-order mark is not data, and would shift columns
    lines = _LineIndex(text)
    unprintable = [(m.start(), m.group()) for m in _YAML_REFUSED.finditer(text)]
    # Blank out what the YAML reader would stop at, so that one pasted control character does not
    # hide every other problem, and so that each can be reported with its field. "_" keeps columns.
    clean = _YAML_REFUSED.sub("_", text) if unprintable else text
    built = _build(clean, name)
    problems = built.problems + built.duplicates
    problems += _raw_character_problems(unprintable, lines, built, name)
    problems += _escaped_character_problems(built.data, built.positions)
    plain = [(start, end, dotted_path(path)) for start, end, path in built.plain_values]
    problems += trailing_comment_problems(clean, plain, lines.line_col, name, MAX_PROBLEMS)
    if problems:
        raise CaseDataError(worded(_in_order(problems), built.data))
    return _top_level_mapping(built, name, json_mode=False), built.positions


def _top_level_mapping(built: _Built, name: str, *, json_mode: bool) -> dict[str, Any]:
    if built.data is None and not json_mode:
        raise _fail(
            name,
            "is empty (it holds no fields, only comments or blank lines)",
            "fill it in, or start from `permdocs new FOLDER`",
        )
    if not isinstance(built.data, dict):
        line, col = built.positions.values.get((), (1, 1))
        if json_mode:
            raise _fail(
                name,
                "must hold one JSON object ({ ... }) at the top level",
                "put the case's fields between { and }; see `permdocs schema`",
                line,
                col,
            )
        raise _fail(
            name,
            "must be a set of 'field: value' lines at the top level",
            "start from `permdocs new FOLDER` to see the expected shape",
            line,
            col,
        )
    return built.data


class _Marker:
    """A placeholder for a mapping's key state."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __repr__(self) -> str:
        return self.label


_EXPECT_KEY = _Marker("<expecting a key>")
_DISCARD = _Marker("<unusable key>")


@dataclass
class _Frame:
    path: PathKey
    value: dict[str, Any] | list[Any]
    record: bool
    key: str | _Marker = _EXPECT_KEY


@dataclass
class _Built:
    """What the event pass made of a text: data, positions, and the problems found on the way."""

    positions: Positions
    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[Problem] = field(default_factory=list)
    # (start index, end index, path, is_key) of every scalar: which field a character belongs to.
    scalars: list[tuple[int, int, PathKey, bool]] = field(default_factory=list)
    # (start index, end index, path) of every plain (unquoted) value: a ' #' after one on its line
    # starts a comment that silently cut the value short.
    plain_values: list[tuple[int, int, PathKey]] = field(default_factory=list)
    syntax_error: bool = False
    """The parser stopped at a syntax error (one of the problems)."""

    def field_at(self, index: int) -> str:
        for start, end, path, is_key in self.scalars:
            if start <= index < end:
                return dotted_path(path[:-1] if is_key else path)
        return ""


def _tag_text(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag


# libyaml's event parser (PyYAML's C extension) reads a case about twenty times faster than the
# pure-Python one and gives the same events, lines, columns and indexes, except where the two
# disagree: a tab (libyaml accepts some that PyYAML refuses, and reads others into values) and
# a byte-order mark inside the text (PyYAML gives it no column). Texts holding either, and every
# text the C parser finds a syntax error in, are read by the pure-Python parser, so that every
# message and its place are PyYAML's, word for word. tests/load/test_reader_parsers.py runs both
# over the samples, the hostile corpus, the loading tests' cases and mutations of them.
_FAST_LOADER: type[Any] | None = getattr(yaml, "CBaseLoader", None)
_PURE_LOADER: type[Any] = yaml.BaseLoader
_PURE_ONLY = re.compile("[\t\ufeff]")


def _build(text: str, name: str) -> _Built:
    """Build plain data from the YAML event stream, refusing what a case file must not contain.

    Working on events (not a composed tree) means an alias bomb is refused before it can expand,
    and nesting or size beyond any real case is refused before it is built. Read with the C
    parser where it gives the same answer (above), else the pure-Python one.
    """
    if _FAST_LOADER is not None and not _PURE_ONLY.search(text):
        built = _build_with(text, name, _FAST_LOADER)
        if not built.syntax_error:
            return built
    return _build_with(text, name, _PURE_LOADER)


def _build_with(text: str, name: str, loader: type[Any]) -> _Built:
    built = _Built(Positions(name))
    positions = built.positions
    stack: list[_Frame] = []
    reuse: dict[int, tuple[int, list[str]]] = {}  # line -> (column, anchors and aliases on it)
    nodes = 0
    documents = 0

    def where(mark: Any) -> Location:  # the pure-Python parser gives every event its marks
        return Location(name, mark.line + 1, mark.column + 1)

    def too_many() -> bool:
        return len(built.problems) + len(built.duplicates) + len(reuse) >= MAX_PROBLEMS

    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    built.problems.append(
                        Problem(
                            where(event.start_mark),
                            "",
                            "holds a second YAML document (after a '---' line)",
                            "keep one case per file: remove the '---' line and what follows,"
                            " or move it into a case folder of its own",
                        )
                    )
                    break
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                stack.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            start: Any = event.start_mark
            end: Any = event.end_mark
            nodes += 1
            if nodes > MAX_NODES:
                built.problems.append(
                    Problem(
                        where(start),
                        "",
                        f"holds more than {MAX_NODES:,} values, far more than any real case",
                        "check the file was not generated or pasted together by mistake",
                    )
                )
                break
            if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
                sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
                column, names = reuse.setdefault(start.line + 1, (start.column + 1, []))
                if f"{sign}{event.anchor}" not in names:
                    names.append(f"{sign}{event.anchor}")
            tag = getattr(event, "tag", None)
            if tag is not None:
                built.problems.append(
                    Problem(
                        where(start),
                        "",
                        f"uses the YAML tag {_tag_text(tag)}, which is not allowed",
                        "remove the tag: a case file holds plain values only",
                    )
                )
            if isinstance(event, yaml.CollectionStartEvent) and len(stack) >= MAX_DEPTH:
                built.problems.append(
                    Problem(
                        where(start),
                        "",
                        f"is nested more than {MAX_DEPTH} levels deep, deeper than any field of a case",
                        "check the indentation and the brackets; the file may have been"
                        " generated by mistake",
                    )
                )
                break
            if too_many():
                built.problems.append(
                    Problem(
                        where(start),
                        "",
                        f"reading stopped here after {MAX_PROBLEMS} problems",
                        "correct the problems listed, then run the command again",
                    )
                )
                break

            parent = stack[-1] if stack else None
            if parent is not None and isinstance(parent.value, dict) and parent.key is _EXPECT_KEY:
                _take_key(built, parent, event, where(start), (start.index, end.index))
                if isinstance(event, yaml.CollectionStartEvent):
                    stack.append(_Frame((*parent.path, "?"), _new_collection(event), record=False))
                continue

            if parent is None:
                path: PathKey = ()
                record = True
            elif isinstance(parent.value, list):
                path = (*parent.path, len(parent.value))
                record = parent.record
            else:
                record = parent.record and isinstance(parent.key, str)
                path = (*parent.path, parent.key if isinstance(parent.key, str) else "?")

            value: Any
            if isinstance(event, yaml.ScalarEvent):
                value = event.value
                # A plain scalar's style is None from PyYAML, "" from libyaml.
                if not event.style and value in _NULLS:
                    value = None
                elif event.style == '"' and _SURROGATE_PAIR.search(value):
                    value = _join_surrogates(value)
                if record:
                    built.scalars.append((start.index, end.index, path, False))
                    if not event.style:  # plain: None from PyYAML, "" from libyaml
                        built.plain_values.append((start.index, end.index, path))
            elif isinstance(event, yaml.CollectionStartEvent):
                value = _new_collection(event)
            else:  # an alias: already reported; stands for nothing
                value = None
            if record:
                positions.values[path] = (start.line + 1, start.column + 1)

            if parent is None:
                built.data = value
            elif isinstance(parent.value, list):
                parent.value.append(value)
            else:
                if isinstance(parent.key, str) and parent.record:
                    parent.value[parent.key] = value
                parent.key = _EXPECT_KEY
            if isinstance(event, yaml.CollectionStartEvent):
                stack.append(_Frame(path, value, record))
    except yaml.YAMLError as exc:
        built.syntax_error = True
        built.problems.append(_yaml_problem(exc, name, text))

    for line, (column, names) in reuse.items():
        built.problems.append(_reuse_problem(Location(name, line, column), names))
    return built


def _join_surrogates(value: str) -> str:
    """JSON-style escapes of a character beyond U+FFFF (``"\\ud83d\\ude00"``) as the one character.

    YAML reads each ``\\u`` escape on its own, which would leave two unusable halves; text written
    by JSON tools (``json.dumps``) uses such pairs, and JSON itself reads them as one character.
    """
    return _SURROGATE_PAIR.sub(
        lambda m: m.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le"), value
    )


def _new_collection(event: yaml.NodeEvent) -> dict[str, Any] | list[Any]:
    return {} if isinstance(event, yaml.MappingStartEvent) else []


def _take_key(
    built: _Built, parent: _Frame, event: yaml.NodeEvent, where: Location, span: tuple[int, int]
) -> None:
    """``event`` stands where ``parent`` expects a key: accept a plain name, refuse the rest."""
    if not isinstance(event, yaml.ScalarEvent):
        parent.key = _DISCARD
        built.problems.append(
            Problem(
                where,
                dotted_path(parent.path),
                "a field name must be plain text, not a list, a group or an alias",
                "write 'name: value'",
            )
        )
        return
    assert isinstance(parent.value, dict)
    key = event.value
    path = (*parent.path, key)
    if not parent.record:
        parent.key = _DISCARD
        return
    if key in parent.value:
        first_line, first_col = built.positions.keys.get(path, (0, 0))
        built.duplicates.append(
            Problem(
                where,
                dotted_path(path),
                f"is given twice: first on line {first_line}, column {first_col}, and again here",
                "keep one of the two and delete the other; nothing is guessed",
            )
        )
        parent.key = _DISCARD
        return
    parent.key = key
    built.positions.keys[path] = (where.line or 1, where.column or 1)
    built.scalars.append((*span, path, True))


def _reuse_problem(where: Location, names: list[str]) -> Problem:
    if len(names) == 1:
        what = "a YAML alias" if names[0].startswith("*") else "a YAML anchor"
        message = f"uses {what} ({names[0]}), which is not allowed in a case file"
    else:
        kinds = [
            k
            for sign, k in (("&", "anchors"), ("*", "aliases"))
            if any(n[0] == sign for n in names)
        ]
        message = f"uses YAML {' and '.join(kinds)} ({', '.join(names)}), which are not allowed in a case file"
    return Problem(where, "", message, "write each value out in full where it is needed")


def _yaml_problem(exc: yaml.YAMLError, name: str, text: str) -> Problem:
    """A YAML syntax error in words a social worker can act on, at the place to look."""
    if isinstance(exc, yaml.reader.ReaderError):  # pragma: no cover - unprintables are blanked
        line, col = _LineIndex(text).line_col(exc.position)
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return _character_problem(Location(name, line, col), "", char)
    problem = str(getattr(exc, "problem", "") or exc)
    context = str(getattr(exc, "context", "") or "")
    mark = getattr(exc, "problem_mark", None)
    start = getattr(exc, "context_mark", None)
    here = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name, 1, 1)
    opened = Location(name, start.line + 1, start.column + 1) if start else here

    def at(location: Location) -> str:
        return f"line {location.line}, column {location.column}"

    if "'\\t'" in problem:
        index = mark.index if mark is not None else 0
        line_start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
        if text[line_start:index].strip(" -"):
            return Problem(
                here,
                "",
                "a tab character cannot be read here, in text without quotes",
                "replace the tab with spaces, or put the whole value in double quotes",
            )
        return Problem(
            here,
            "",
            "a tab character is used for indentation",
            "indent with spaces only, two per level; most editors can convert tabs to spaces",
        )
    if "quoted scalar" in context and "end of stream" in problem:
        return Problem(
            opened,
            "",
            f"the quoted text starting here is never closed (the file ends at {at(here)})",
            "add the closing quote; if the file was cut short, restore it from a saved copy",
        )
    if "flow sequence" in context or "flow mapping" in context:
        bracket, closing = ("[", "]") if "sequence" in context else ("{", "}")
        if "<stream end>" in problem:
            message = f"the '{bracket}' opened here is never closed (the file ends at {at(here)})"
            hint = f"add the closing '{closing}'; if the file was cut short, restore it from a saved copy"
        else:
            message = f"the '{bracket}' opened here is not closed before {at(here)}"
            hint = f"close it with '{closing}' and separate items with ', '" + (
                "; or write the list as lines starting with '- '" if bracket == "[" else ""
            )
        return Problem(opened, "", message, hint)
    if "end of stream" in problem or "<stream end>" in problem:
        return Problem(
            here,
            "",
            "the file ends in the middle of a value",
            "the file may have been cut short: check its last lines, closing quotes and brackets",
        )
    if "could not find expected ':'" in problem:
        return Problem(
            opened,
            "",
            "this line has no ':' after the field name",
            "write 'field: value', with a colon and a space",
        )
    if "mapping values are not allowed here" in problem:
        return Problem(
            here,
            "",
            "a ':' is not expected here",
            "if the value itself contains ': ', put it in quotes; otherwise check this line"
            " and the one before it for a missing ':' or a wrong indentation",
        )
    if "found unknown escape character" in problem or "expected escape sequence" in problem:
        return Problem(
            here,
            "",
            "a backslash in double-quoted text starts an unknown escape",
            "write each backslash twice, or put the text in single quotes instead",
        )
    if "cannot start any token" in problem:
        char = problem.split("'")[1] if problem.count("'") >= 2 else "this character"
        return Problem(
            here,
            "",
            f"a value cannot start with {char!r} unless it is in quotes",
            "put the whole value in quotes",
        )
    if "expected <block end>" in problem or "expected <block end>" in context:
        leftover = leftover_empty(text, mark.index if mark is not None else 0, name)
        if leftover is not None:
            return leftover
        if "'-'" in problem:
            return Problem(
                here,
                "",
                "a list item ('- ') is not expected here",
                "indent list items under the field they belong to, all in the same column",
            )
        if "<scalar>" in problem:
            return Problem(
                here,
                "",
                "there is unexpected text here",
                "text after a closing quote must go inside the quotes; otherwise check that"
                " this line lines up with the fields above it",
            )
        return Problem(
            here,
            "",
            "this line does not line up with the lines above it",
            "fields at the same level must start in the same column; indent with spaces,"
            " two per level",
        )
    if "<document start>" in problem:
        return Problem(
            here,
            "",
            "there is text after the end of the case (a '...' line or a '%' line)",
            "remove the '...' or '%' line, or move what follows into the fields above",
        )
    message = problem if not context else f"{problem} ({context})"
    return Problem(
        here,
        "",
        f"is not valid YAML: {message}",
        "check the indentation and punctuation on this line and the one before it",
    )


def _raw_character_problems(
    found: list[tuple[int, str]], lines: _LineIndex, built: _Built, name: str
) -> list[Problem]:
    problems: list[Problem] = []
    for index, char in found[:MAX_PROBLEMS]:
        line, col = lines.line_col(index)
        problems.append(_character_problem(Location(name, line, col), built.field_at(index), char))
    return problems


def _escaped_character_problems(data: Any, positions: Positions) -> list[Problem]:
    """Escapes (``"\\x07"``, ``"\\u0000"``) can smuggle in characters a document cannot hold."""
    problems: list[Problem] = []
    for path, value in _walk(data, ()):
        bad = first_illegal_character(path[-1]) if path and isinstance(path[-1], str) else None
        if bad is not None:
            problems.append(
                _character_problem(positions.locate(path, prefer_key=True), dotted_path(path), bad)
            )
        elif isinstance(value, str):
            bad = first_illegal_character(value)
            if bad is not None:
                problems.append(_character_problem(positions.locate(path), dotted_path(path), bad))
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems


# --------------------------------------------------------------------------------------------- both


def _walk(value: Any, path: PathKey) -> Iterator[tuple[PathKey, Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))


def worded(problems: list[Problem], data: Any = None) -> list[Problem]:
    """``problems`` with each field inside a list said as a person would, counted from 1 and
    named from ``data`` where it can be ("path of the 2nd attachment, 'Chronology'"), never as
    ``attachments[1].path``; other fields keep their path as the file writes it."""
    return [
        dataclasses.replace(problem, place=field_place(problem.field, data))
        if "[" in problem.field and not problem.place
        else problem
        for problem in problems
    ]


def dotted_path(path: PathKey) -> str:
    """``("carers", "carers", 0, "first_names")`` -> ``carers.carers[0].first_names``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
