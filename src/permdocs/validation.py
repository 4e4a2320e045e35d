"""Plain case data -> :class:`Case`, with every problem mapped back to ``file:line:column``."""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import CaseDataError, Problem
from .loading import LoadedCase, PathKey, Positions, dotted_path
from .model import Case
from .model.case import impossible_dates


def validate_case(loaded: LoadedCase) -> Case:
    """Validate loaded data into a Case. Raises :class:`CaseDataError` with every problem at once."""
    try:
        case = Case.model_validate(loaded.data)
    except ValidationError as exc:
        problems = [problem_from_error(error, loaded.positions, Case) for error in exc.errors()]
        raise CaseDataError(_dedupe(problems)) from None
    problems = [
        Problem(loaded.positions.locate(path), dotted_path(path), message, "correct the date")
        for path, message in impossible_dates(case)
    ]
    problems += _attachment_problems(case, loaded)
    if problems:
        raise CaseDataError(problems)
    return case


def problem_from_error(error: ErrorDetails, positions: Positions, root: type[BaseModel]) -> Problem:
    """One pydantic error as a Problem a social worker can act on."""
    loc: PathKey = tuple(part for part in error["loc"] if isinstance(part, str | int))
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
        return Problem(
            positions.locate(loc[:-1]), field, "is required but missing", f"add '{loc[-1]}'"
        )
    message, hint = _describe(kind, error, value)
    return Problem(positions.locate(loc), field, message, hint)


def _describe(kind: str, error: ErrorDetails, value: Any) -> tuple[str, str]:
    context = error.get("ctx") or {}
    if kind == "literal_error":
        expected = str(context.get("expected", "")).replace("'", "")
        return f"'{value}' is not an allowed value", f"use one of: {expected}"
    if kind in ("string_type", "str_type"):
        return (
            f"expected text, not {type(value).__name__} {value!r}",
            "put the value in quotes so it is kept exactly as written",
        )
    if kind in ("list_type", "tuple_type"):
        return "expected a list", "write each item on its own line starting with '- '"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "expected a group of fields", "write 'field: value' lines indented under this one"
    if kind == "too_short":
        return f"needs at least {context.get('min_length')} item(s)", "add the missing item"
    if kind == "too_long":
        return f"has more than {context.get('max_length')} item(s)", "remove the extra items"
    if kind == "string_pattern_mismatch":
        return (
            f"'{value}' is not a usable reference",
            "use letters, digits, '.', '_' or '-' only (it becomes part of file names), at most 40",
        )
    if kind == "greater_than_equal":
        return f"must be at least {context.get('ge')}", "correct the number"
    if kind == "value_error":
        message = str(error["msg"]).removeprefix("Value error, ")
        return message, ""
    return str(error["msg"]), ""


def allowed_fields(root: type[BaseModel], loc: PathKey) -> list[str]:
    """The field names the model accepts at ``loc`` (used for did-you-mean)."""
    model = _model_at(root, loc)
    return list(model.model_fields) if model is not None else []


def _model_at(root: type[BaseModel], loc: PathKey) -> type[BaseModel] | None:
    current: Any = root
    for part in loc:
        current = _unwrap(current)
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
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Strip Optional/Union-with-None and Annotated, leaving a model or a list type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def _attachment_problems(case: Case, loaded: LoadedCase) -> list[Problem]:
    problems: list[Problem] = []
    root = loaded.folder.resolve()
    for index, attachment in enumerate(case.attachments):
        loc: PathKey = ("attachments", index, "path")
        where = loaded.positions.locate(loc)
        relative = Path(attachment.path)
        if relative.is_absolute():
            problems.append(
                Problem(
                    where,
                    dotted_path(loc),
                    "must be a path inside the case folder",
                    "write it relative to the case folder, e.g. attachments/care-plan.pdf",
                )
            )
            continue
        target = (root / relative).resolve()
        if not target.is_relative_to(root):
            problems.append(
                Problem(
                    where,
                    dotted_path(loc),
                    f"'{attachment.path}' leaves the case folder",
                    "copy the paper into the case folder's attachments/ and point to it there",
                )
            )
        elif not target.is_file():
            problems.append(
                Problem(
                    where,
                    dotted_path(loc),
                    f"'{attachment.path}' does not exist",
                    "check the file name, or copy the paper into the case folder",
                )
            )
        elif target.suffix.lower() not in (".pdf", ".docx"):
            problems.append(
                Problem(
                    where,
                    dotted_path(loc),
                    f"'{attachment.path}' is not a PDF or Word (.docx) file",
                    "save the paper as PDF or .docx",
                )
            )
    return problems


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[str, str]] = set()
    unique: list[Problem] = []
    for problem in problems:
        key = (problem.field, problem.message)
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return unique
