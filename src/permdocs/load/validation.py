"""Plain case data -> :class:`Case`, with every problem mapped back to ``file:line:column``."""

from __future__ import annotations

import difflib
import re
import typing
from pathlib import Path, PureWindowsPath
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import CaseDataError, Problem
from ..model import Case
from ..model.case import impossible_dates
from ..model.fields import unwrap_annotation
from ..model.types import show_value
from .files import LoadedCase
from .reader import PathKey, Positions, dotted_path, worded


def validate_case(loaded: LoadedCase) -> Case:
    """Validate loaded data into a Case. Raises :class:`CaseDataError` with every problem at once.

    Problems come sorted by line. Attachment paths are checked even when other fields are wrong;
    dates before the child's birth can only be checked once the dates themselves are valid.
    """
    case: Case | None = None
    problems: list[Problem] = []
    try:
        case = Case.model_validate(loaded.data)
    except ValidationError as exc:
        problems = problems_from_errors(exc.errors(), loaded.positions, Case)
    if case is not None:
        problems += [
            Problem(
                loaded.positions.locate(path),
                dotted_path(path),
                message,
                "correct the date; check that day and month are not swapped",
            )
            for path, message in impossible_dates(case)
        ]
    problems += _attachment_problems(loaded)
    if problems or case is None:
        raise CaseDataError(worded(_in_order(_dedupe(problems)), loaded.data))
    return case


def problems_from_errors(
    errors: list[ErrorDetails], positions: Positions, root: type[BaseModel]
) -> list[Problem]:
    """Every pydantic error as a Problem, with misspelt field names linked to the missing ones."""
    problems = [problem_from_error(error, positions, root) for error in errors]
    unknown: dict[PathKey, list[str]] = {}
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = _loc(error)
            unknown.setdefault(loc[:-1], []).append(str(loc[-1]))
    for index, error in enumerate(errors):
        loc = _loc(error)
        if error["type"] != "missing" or not loc:
            continue
        typo = difflib.get_close_matches(str(loc[-1]), unknown.get(loc[:-1], []), n=1, cutoff=0.6)
        if typo:
            old = problems[index]
            problems[index] = Problem(
                old.location,
                old.field,
                old.message,
                f"'{typo[0]}' here looks like a misspelling of '{loc[-1]}'",
            )
    return problems


def _loc(error: ErrorDetails) -> PathKey:
    return tuple(part for part in error["loc"] if isinstance(part, str | int))


def problem_from_error(error: ErrorDetails, positions: Positions, root: type[BaseModel]) -> Problem:
    """One pydantic error as a Problem a social worker can act on."""
    loc = _loc(error)
    kind = error["type"]
    value = error.get("input")
    field = dotted_path(loc)
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else ""
        allowed = allowed_fields(root, loc[:-1])
        guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = (
            f"did you mean '{guess[0]}'?"
            if guess
            else (
                "remove it, or check the spelling against `permdocs schema`"
                if not allowed
                else "allowed here: " + ", ".join(allowed)
            )
        )
        return Problem(
            positions.locate(loc, prefer_key=True), field, f"unknown field '{key}'", hint
        )
    if kind == "missing":
        # Point at the group that lacks the field: its key line (``child:``) or its list item.
        where = positions.locate(loc[:-1], prefer_key=True)
        parent = dotted_path(loc[:-1])
        hint = f"add '{loc[-1]}:'" + (f" under '{parent}'" if parent else "")
        return Problem(where, field, "is required but missing", hint)
    if value is None:
        where = positions.locate(loc, prefer_key=True)
        return Problem(where, field, "is empty", _empty_hint(kind, root, loc))
    message, hint = _describe(kind, error, value)
    return Problem(positions.locate(loc), field, message, hint)


def _empty_hint(kind: str, root: type[BaseModel], loc: PathKey) -> str:
    if kind in ("list_type", "tuple_type"):
        what = "list the items under it, each on its own line starting with '- '"
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        what = "add its fields, indented under it"
    else:
        what = "fill it in"
    return what if _required(root, loc) else what + ", or delete the line if it is not known yet"


def _required(root: type[BaseModel], loc: PathKey) -> bool:
    if not loc or isinstance(loc[-1], int):
        return True
    model = _model_at(root, loc[:-1])
    info = model.model_fields.get(loc[-1]) if model is not None else None
    return info is None or info.is_required()


def _describe(kind: str, error: ErrorDetails, value: Any) -> tuple[str, str]:
    context = error.get("ctx") or {}
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(context.get("expected", "")))
        guess = difflib.get_close_matches(str(value).strip().lower(), choices, n=1, cutoff=0.6)
        hint = f"did you mean '{guess[0]}'? " if guess else ""
        return f"{show_value(value)} is not an allowed value", hint + "use one of: " + ", ".join(
            choices
        )
    if kind in ("string_type", "str_type"):
        if isinstance(value, dict | list):
            hint = (
                "write the text itself after the ':'; for several lines write '|' and indent them"
            )
        else:
            hint = "put the value in quotes so it is kept exactly as written"
        return f"expected text, not {show_value(value)}", hint
    if kind in ("list_type", "tuple_type"):
        return (
            f"expected a list, not {show_value(value)}",
            "write each item on its own line starting with '- '",
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (
            f"expected a group of fields, not {show_value(value)}",
            "write 'field: value' lines indented under this one",
        )
    if kind == "too_short":
        return f"needs at least {context.get('min_length')} item(s)", "add the missing item"
    if kind == "too_long":
        return f"has more than {context.get('max_length')} item(s)", "remove the extra items"
    if kind == "string_pattern_mismatch":
        return (
            f"{show_value(value)} is not a usable reference",
            "use letters, digits, '.', '_' or '-' only, at most 40; it becomes part of file names",
        )
    if kind == "greater_than_equal":
        return f"must be at least {context.get('ge')}", "correct the number"
    if kind == "value_error":
        message = str(error["msg"]).removeprefix("Value error, ")
        return message, str(getattr(context.get("error"), "hint", "") or "")
    return str(error["msg"]), ""


def allowed_fields(root: type[BaseModel], loc: PathKey) -> list[str]:
    """The field names the model accepts at ``loc`` (used for did-you-mean)."""
    model = _model_at(root, loc)
    return list(model.model_fields) if model is not None else []


def _model_at(root: type[BaseModel], loc: PathKey) -> type[BaseModel] | None:
    current: Any = root
    for part in loc:
        current = unwrap_annotation(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field_info = current.model_fields.get(part)
        if field_info is None:
            return None
        current = field_info.annotation
    current = unwrap_annotation(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _attachment_problems(loaded: LoadedCase) -> list[Problem]:
    """Attachment paths that leave the case folder or name no file, read from the raw data."""
    problems: list[Problem] = []
    attachments = loaded.data.get("attachments")
    if not isinstance(attachments, list):
        return problems
    root = loaded.folder.resolve()
    for index, attachment in enumerate(attachments):
        path = attachment.get("path") if isinstance(attachment, dict) else None
        if not isinstance(path, str) or not path.strip() or "\n" in path:
            continue  # the model reports a missing, blank or wrong-typed path
        loc: PathKey = ("attachments", index, "path")
        problem = _attachment_path_problem(path, root)
        if problem is not None:
            message, hint = problem
            problems.append(Problem(loaded.positions.locate(loc), dotted_path(loc), message, hint))
    return problems


def _attachment_path_problem(path: str, root: Path) -> tuple[str, str] | None:
    relative = Path(path)
    windows = PureWindowsPath(path)
    if relative.is_absolute() or windows.is_absolute() or windows.drive:
        return (
            f"'{path}' is not a path inside the case folder",
            "write it relative to the case folder, e.g. attachments/care-plan.pdf",
        )
    if "\\" in path:
        return (
            f"'{path}' uses backslashes",
            "write the path with forward slashes, e.g. attachments/care-plan.pdf",
        )
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        return (
            f"'{path}' leaves the case folder",
            "copy the paper into the case folder's attachments/ and point to it there",
        )
    if target.is_dir():
        return (f"'{path}' is a folder, not a file", "give the path of the paper itself")
    if not target.is_file():
        close = _close_file(target, root)
        if close is not None:
            return (f"'{path}' does not exist", f"did you mean '{close}'? That file is there")
        return (
            f"'{path}' does not exist",
            "check the file name, or copy the paper into the case folder",
        )
    if target.suffix.lower() not in (".pdf", ".docx"):
        return (f"'{path}' is not a PDF or Word (.docx) file", "save the paper as PDF or .docx")
    return None


def _close_file(target: Path, root: Path) -> str | None:
    """The file beside where ``target`` was looked for whose name is closest to it, ignoring
    capitals and the extension ("Form F update.docx" for "Form F Update.pdf"), as a path
    relative to the case folder; None if nothing there is close."""
    try:
        there = [p for p in target.parent.iterdir() if p.is_file() and not p.name.startswith(".")]
    except OSError:
        return None

    def key(path: Path) -> str:
        return " ".join(path.stem.casefold().replace("_", " ").replace("-", " ").split())

    names = {key(path): path for path in there}
    found = names.get(key(target))
    if found is None:
        guess = difflib.get_close_matches(key(target), list(names), n=1, cutoff=0.75)
        found = names[guess[0]] if guess else None
    if found is None:
        return None
    return found.resolve().relative_to(root).as_posix()


def _in_order(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.location.line or 0, p.location.column or 0))


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[str, str]] = set()
    unique: list[Problem] = []
    for problem in problems:
        key = (problem.field, problem.message)
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return unique
