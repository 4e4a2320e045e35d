"""Read a case file faithfully: text in, plain data out, with the line and column of every value.

This is the only module that parses YAML. It refuses rather than guesses: values stay the text the
user typed (``NO`` is not false, ``07700900123`` keeps its zero), and duplicate keys, anchors,
aliases, custom tags and documents beyond a real case's size are errors with their location.
JSON case files are read with the standard library for their values and with the YAML parser for
positions (JSON is a subset of YAML's flow syntax), so both formats report ``file:line:column``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import CaseDataError, CaseFolderError, Location, Problem, relative_name

CASE_FILE_NAMES = ("case.yaml", "case.yml", "case.json")

# Limits far beyond any real case, so that a mistaken or hostile file is refused quickly.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 12
MAX_NODES = 50_000

PathKey = tuple[str | int, ...]
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


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


@dataclass
class LoadedCase:
    """A case file read into plain data, before validation."""

    folder: Path
    path: Path
    data: dict[str, Any]
    positions: Positions
    sha256: str


def find_case_file(folder: Path) -> Path:
    """The one case file in ``folder``; an error that says what to do if there is none or several."""
    if not folder.exists():
        raise CaseFolderError(
            f"{folder}: no such folder",
            hint="check the path, or create a case with `permdocs new FOLDER`",
        )
    if folder.is_file():
        if folder.name in CASE_FILE_NAMES:
            return folder
        raise CaseFolderError(
            f"{folder}: is a file, not a case folder",
            hint="give the folder that holds case.yaml",
        )
    found = [folder / name for name in CASE_FILE_NAMES if (folder / name).is_file()]
    if not found:
        raise CaseFolderError(
            f"{folder}: no case.yaml, case.yml or case.json in this folder",
            hint="create one with `permdocs new " + str(folder) + "`",
        )
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        raise CaseFolderError(
            f"{folder}: more than one case file ({names})",
            hint="keep exactly one and rename or remove the others",
        )
    return found[0]


def load_case_file(folder_or_file: Path) -> LoadedCase:
    """Read a case folder's case file. Raises :class:`CaseDataError` listing every problem."""
    path = find_case_file(folder_or_file)
    folder = path.parent
    name = relative_name(path)
    raw = _read_bytes(path, name)
    text = _decode(raw, name)
    if path.suffix == ".json":
        data, positions = parse_json(text, name)
    else:
        data, positions = parse_yaml(text, name)
    return LoadedCase(
        folder=folder,
        path=path,
        data=data,
        positions=positions,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def _fail(
    name: str, message: str, hint: str = "", line: int | None = None, col: int | None = None
) -> CaseDataError:
    return CaseDataError([Problem(Location(name, line, col), "", message, hint)])


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _fail(
                name,
                f"the file is {size:,} bytes; a case file may be at most {MAX_FILE_BYTES:,} bytes",
                "keep long papers as attachments rather than pasting them into the case file",
            )
        return path.read_bytes()
    except OSError as exc:
        raise _fail(
            name, f"cannot be read: {exc.strerror}", "check the file's permissions"
        ) from exc


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(
            name,
            "is saved as UTF-16",
            "save it again as UTF-8 (in Notepad: Save As, Encoding UTF-8)",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _fail(
            name,
            f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            "save the file as UTF-8; it was probably saved from a program using another encoding",
            line,
            col,
        ) from exc
    # A UTF-8 byte-order mark (Notepad adds one) carries no data; drop it so columns stay right.
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise _fail(name, "is empty", "fill it in, or start from `permdocs new FOLDER`")
    return text


# --------------------------------------------------------------------------------------------- YAML


def parse_yaml(text: str, name: str) -> tuple[dict[str, Any], Positions]:
    """Parse YAML text into plain data (all scalars text, empty/null as None) with positions."""
    _screen_yaml_events(text, name)
    try:
        node = yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:  # pragma: no cover - screened above, kept as a safety net
        raise _yaml_error(exc, name, text) from exc
    return _to_data(node, name, json_mode=False)


def _screen_yaml_events(text: str, name: str) -> None:
    """Refuse anchors, aliases, tags, deep nesting and oversize files before anything is built.

    Working on the event stream means an alias bomb is refused before it can expand.
    """
    problems: list[Problem] = []
    depth = 0
    nodes = 0
    documents = 0
    try:
        for event in yaml.parse(text, Loader=yaml.BaseLoader):
            mark = event.start_mark
            where = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    problems.append(
                        Problem(
                            where,
                            "",
                            "holds more than one YAML document (a second '---')",
                            "keep one case per file and remove the extra '---' section",
                        )
                    )
                    break
            if isinstance(event, yaml.AliasEvent):
                problems.append(
                    Problem(
                        where,
                        "",
                        f"uses an alias (*{event.anchor})",
                        "write the value out in full; anchors and aliases are not allowed",
                    )
                )
                continue
            if not isinstance(event, yaml.NodeEvent):
                if isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1
                continue
            if event.anchor is not None:
                problems.append(
                    Problem(
                        where,
                        "",
                        f"defines an anchor (&{event.anchor})",
                        "write the value out in full; anchors and aliases are not allowed",
                    )
                )
            tag = getattr(event, "tag", None)
            implicit = getattr(event, "implicit", True)
            explicit_tag = (
                tag is not None
                and tag != "!"
                and (implicit is False or (isinstance(implicit, tuple) and not any(implicit)))
            )
            if explicit_tag:
                problems.append(
                    Problem(
                        where,
                        "",
                        f"uses a YAML tag ({tag})",
                        "remove the tag; write plain values only",
                    )
                )
            nodes += 1
            if nodes > MAX_NODES:
                problems.append(
                    Problem(
                        where,
                        "",
                        f"has more than {MAX_NODES:,} values, more than any real case",
                        "check the file was not generated by mistake",
                    )
                )
                break
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    problems.append(
                        Problem(
                            where,
                            "",
                            f"is nested more than {MAX_DEPTH} levels deep",
                            "check the indentation; no field of a case is nested this deep",
                        )
                    )
                    break
            if len(problems) >= 50:
                break
    except yaml.YAMLError as exc:
        problems.append(_yaml_problem(exc, name, text))
    if problems:
        raise CaseDataError(problems)


def _yaml_problem(exc: yaml.YAMLError, name: str, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    if isinstance(exc, yaml.reader.ReaderError):
        char = exc.character
        code = f"U+{char:04X}" if isinstance(char, int) else repr(char)
        # ReaderError counts position from the start of the stream; turn it into line and column.
        line, col = _reader_error_location(text, exc.position)
        return Problem(
            Location(name, line, col),
            "",
            f"contains a control character ({code}) that cannot be stored in a document",
            "delete it; such characters often arrive when text is pasted from Word or email",
        )
    problem = str(getattr(exc, "problem", "") or exc)
    context = str(getattr(exc, "context", "") or "")
    if "'\\t'" in problem or "tab" in problem.lower():
        return Problem(
            Location(name, line, col),
            "",
            "a tab character is used for indentation",
            "indent with spaces only (two per level)",
        )
    if "end of stream" in problem or "end of stream" in context:
        return Problem(
            Location(name, line, col),
            "",
            "the file ends in the middle of a value",
            "the file may be truncated: check the last lines and closing quotes or brackets",
        )
    message = problem if not context else f"{problem} ({context})"
    return Problem(
        Location(name, line, col),
        "",
        f"is not valid YAML: {message}",
        "check the indentation and punctuation on this line and the one before it",
    )


def _yaml_error(exc: yaml.YAMLError, name: str, text: str) -> CaseDataError:
    return CaseDataError([_yaml_problem(exc, name, text)])


def _reader_error_location(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def _to_data(
    node: yaml.Node | None, name: str, *, json_mode: bool
) -> tuple[dict[str, Any], Positions]:
    positions = Positions(name)
    problems: list[Problem] = []
    if node is None:
        raise _fail(name, "is empty", "fill it in, or start from `permdocs new FOLDER`")
    if not isinstance(node, yaml.MappingNode):
        raise _fail(
            name,
            "must be a set of 'field: value' lines at the top level",
            "start from `permdocs new FOLDER` to see the expected shape",
            node.start_mark.line + 1,
            node.start_mark.column + 1,
        )

    def convert(current: yaml.Node, path: PathKey) -> Any:
        positions.values[path] = (current.start_mark.line + 1, current.start_mark.column + 1)
        if isinstance(current, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in current.value:
                key_where = Location(
                    name, key_node.start_mark.line + 1, key_node.start_mark.column + 1
                )
                if not isinstance(key_node, yaml.ScalarNode):
                    problems.append(
                        Problem(
                            key_where,
                            _dotted(path),
                            "a key must be a plain name",
                            "write 'name: value'",
                        )
                    )
                    continue
                key = key_node.value
                child_path = (*path, key)
                if key in result:
                    first = positions.keys[child_path]
                    problems.append(
                        Problem(
                            key_where,
                            _dotted(child_path),
                            f"duplicate key (first given on line {first[0]})",
                            "keep one of the two and delete the other",
                        )
                    )
                    continue
                positions.keys[child_path] = (key_where.line or 1, key_where.column or 1)
                result[key] = convert(value_node, child_path)
            return result
        if isinstance(current, yaml.SequenceNode):
            return [convert(item, (*path, index)) for index, item in enumerate(current.value)]
        assert isinstance(current, yaml.ScalarNode)
        if current.style is None and current.value in _NULLS:
            return None
        return current.value

    data = convert(node, ())
    if problems:
        raise CaseDataError(problems)
    assert isinstance(data, dict)
    return data, positions


# --------------------------------------------------------------------------------------------- JSON


def parse_json(text: str, name: str) -> tuple[dict[str, Any], Positions]:
    """Parse JSON with its real types; positions come from the YAML parser over the same text."""
    duplicates: list[str] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                duplicates.append(key)
            result[key] = value
        return result

    def refuse_constant(constant: str) -> Any:
        raise ValueError(f"{constant} is not allowed")

    try:
        data = json.loads(text, object_pairs_hook=pairs_hook, parse_constant=refuse_constant)
    except json.JSONDecodeError as exc:
        raise _fail(
            name,
            f"is not valid JSON: {exc.msg}",
            "check the punctuation on this line and the one before it",
            exc.lineno,
            exc.colno,
        ) from exc
    except ValueError as exc:
        raise _fail(
            name, f"is not valid JSON: {exc}", "use numbers, text, true, false or null"
        ) from exc

    positions = _json_positions(text, name)
    if duplicates:
        # The YAML pass finds where each duplicate stands; report those precisely.
        try:
            _to_data(
                yaml.compose(text.replace("\t", " "), Loader=yaml.BaseLoader), name, json_mode=True
            )
        except CaseDataError as exc:
            raise exc from None
        except yaml.YAMLError:
            pass
        raise _fail(
            name,
            f"duplicate key(s): {', '.join(sorted(set(duplicates)))}",
            "keep one of each and delete the other",
        )
    if not isinstance(data, dict):
        raise _fail(
            name, "must hold a JSON object at the top level", "start from `permdocs new FOLDER`"
        )
    _refuse_control_characters(data, positions)
    return data, positions


def _json_positions(text: str, name: str) -> Positions:
    # Tabs may only appear between tokens in valid JSON, so replacing them keeps every column.
    try:
        node = yaml.compose(text.replace("\t", " "), Loader=yaml.BaseLoader)
        _, positions = _to_data(node, name, json_mode=True)
    except (yaml.YAMLError, CaseDataError):
        positions = Positions(name)
    return positions


def _refuse_control_characters(data: Any, positions: Positions) -> None:
    """JSON escapes can smuggle in characters a document cannot hold; refuse them with location."""
    problems: list[Problem] = []
    for path, value in _walk(data, ()):
        if isinstance(value, str):
            bad = first_illegal_character(value)
            if bad is not None:
                problems.append(
                    Problem(
                        positions.locate(path),
                        _dotted(path),
                        f"contains a control character (U+{ord(bad):04X}) that cannot be stored in a document",
                        "delete it; such characters often arrive when text is pasted from Word or email",
                    )
                )
    if problems:
        raise CaseDataError(problems)


def _walk(value: Any, path: PathKey) -> Iterator[tuple[PathKey, Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))


def first_illegal_character(text: str) -> str | None:
    """The first character XML 1.0 (and so Word) cannot hold, or None."""
    for char in text:
        code = ord(char)
        if code < 0x20 and char not in "\t\n\r":
            return char
        if 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
            return char
    return None


def _dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


dotted_path = _dotted
