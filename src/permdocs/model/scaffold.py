"""A commented blank case.yaml for a social worker to fill in, generated from the case model.

The scaffold is produced by walking ``Case.model_fields`` recursively, so it always holds every
field of the model, each with its description as a comment, and never drifts from it.

What a freshly written scaffold holds, so that it loads and validates as it stands:

- required values that cannot be left empty (the reference, the child's names and date of birth)
  get a placeholder that validates but is plainly to be changed (``CHANGE ME``, ``2015-01-01``);
- optional single values are written ``field:`` with nothing after the colon, so they load as
  "not known yet"; yes/no values with a default are written with that default;
- optional sections that need values of their own (the carers, the decision, each professional,
  addresses) are written commented out, ready to be uncommented and filled in; inside them,
  required values are left empty, so a section uncommented by mistake is reported, not accepted;
- lists are written ``[]`` with one commented example item below.
"""

from __future__ import annotations

import json
import re
import textwrap
import types
import typing
from datetime import date
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from . import Case
from .case import PLACEHOLDER_DATE, PLACEHOLDER_TEXT
from .schema import CASE_SCHEMA
from .types import check_line, check_text

SCHEMA_FILE = "case.schema.json"
SCHEMA_COMMENT = f"# yaml-language-server: $schema={SCHEMA_FILE}"
WIDTH = 100
INDENT = 2

_HEADER = (
    SCHEMA_COMMENT
    + """
#
# A permdocs case file. Fill it in as the case goes on; `permdocs check FOLDER` says what is
# still missing and who owes it. Editors that read the first line of this file (VS Code with the
# YAML extension, say) check it as you type against case.schema.json beside it, which
# `permdocs new` wrote (after an upgrade: `permdocs schema > case.schema.json`).
#
# How to write values:
# - Replace every CHANGE ME, and the date of birth 2015-01-01, with the real value (a child
#   really born on 1 January 2015: write 01/01/2015). A final build refuses either left as is.
# - Leave a field empty (nothing after the colon) when it is not known yet.
# - Dates: 2025-03-14, or 14/03/2025 (day first). Yes/no: true or false, nothing else.
# - Put a value in "double quotes" if it starts with a symbol or holds ": " or " #".
# - A paragraph: write >- after the colon, then the text on the following lines, indented
#   two more spaces. Use | instead of >- to keep your line breaks.
# - Sections and lines starting with "# name:" are optional: to fill one in, remove the "# "
#   at the start of each of its lines. Lists start as []: replace [] with items like the
#   commented example below each list. A section written {} has only optional entries: delete
#   the {} when you uncomment one of them.
"""
)


def blank_case_yaml(reference: str) -> str:
    """A commented case.yaml for ``reference``, holding every field of the case model."""
    lines = _HEADER.splitlines()
    for name, info in Case.model_fields.items():
        lines.append("")
        if name == "reference":
            lines += _comment(_describe(info, []), column=0)
            lines.append(f"reference: {yaml_scalar(reference)}")
        elif name == "schema_version":
            lines += _comment(_describe(info, []), column=0)
            lines.append(f'schema_version: "{CASE_SCHEMA.version}"')
        else:
            lines += _field(name, info, column=0, live=True)
    return "\n".join(lines) + "\n"


def yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar that reads back as exactly that text."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", text) and text not in ("null", "Null", "NULL"):
        return text
    return json.dumps(text, ensure_ascii=False)


# ------------------------------------------------------------------------------------ the walk


def _field(name: str, info: FieldInfo, column: int, live: bool) -> list[str]:
    """The lines for one field (its comment, then the field), starting at indentation 0.

    ``column`` is where the lines will finally stand (used to wrap comments); ``live`` is false
    inside a commented-out section, where required values are left empty.
    """
    annotation, nullable = _strip_none(info.annotation)
    base, _ = _strip_annotated(annotation)
    model = _as_model(base)
    if model is not None:
        commented = nullable and _has_required(model)
        hints = ["optional section: uncomment it to fill it in"] if commented else []
        inner_column = column + INDENT + (2 if commented else 0)
        body = _model_body(model, inner_column, live and not commented)
        if all(line.lstrip().startswith("#") for line in body):
            # Everything inside is commented out: an empty key would load as "no value", which
            # is refused for a section, so the section is written as an empty mapping.
            hints.append("starts as {}: delete the {} when you uncomment an entry below")
            block = [f"{name}: {{}}", *_indent(body)]
        else:
            block = [f"{name}:", *_indent(body)]
        return _comment(_describe(info, hints), column) + (
            _comment_out(block) if commented else block
        )
    if typing.get_origin(base) is list:
        return _list_field(name, info, typing.get_args(base)[0], column, live)
    hints = _leaf_hints(info, annotation)
    value = _leaf_value(info, annotation, live)
    return [*_comment(_describe(info, hints), column), f"{name}:{' ' + value if value else ''}"]


def _model_body(model: type[BaseModel], column: int, live: bool) -> list[str]:
    lines: list[str] = []
    for name, info in model.model_fields.items():
        lines += _field(name, info, column, live)
    return lines


def _list_field(name: str, info: FieldInfo, item: Any, column: int, live: bool) -> list[str]:
    needs_item = info.is_required() or _min_length(info) > 0
    item_live = live and needs_item
    item_column = column + INDENT + (0 if needs_item else 2)
    item_base, _ = _strip_annotated(item)
    item_model = _as_model(item_base)
    if item_model is not None:
        body = _model_body(item_model, item_column + 2, item_live)
        item_lines = [f"- {body[0]}", *_indent(body[1:])]
    else:
        value = _placeholder(item) if item_live else ""
        item_lines = [f"- {value}".rstrip()]
    if needs_item:
        return [*_comment(_describe(info, []), column), f"{name}:", *_indent(item_lines)]
    hints = ["list: replace [] with items like the example"]
    return [
        *_comment(_describe(info, hints), column),
        f"{name}: []",
        *_comment_out(_indent(item_lines)),
    ]


# ---------------------------------------------------------------------------------- the values


def _leaf_value(info: FieldInfo, annotation: Any, live: bool) -> str:
    if info.is_required():
        return _placeholder(annotation) if live else ""
    default = info.get_default(call_default_factory=False)
    if isinstance(default, bool):
        return "true" if default else "false"
    if isinstance(default, str):
        return yaml_scalar(default)
    return ""


def _placeholder(annotation: Any) -> str:
    """A value that validates but is plainly to be changed."""
    base, _ = _strip_annotated(annotation)
    if base is date:
        return PLACEHOLDER_DATE
    if base is bool:
        return "false"
    if typing.get_origin(base) is typing.Literal:
        return str(typing.get_args(base)[0])
    return PLACEHOLDER_TEXT


def _leaf_hints(info: FieldInfo, annotation: Any) -> list[str]:
    base, validators = _strip_annotated(annotation)
    validators += [getattr(item, "func", None) for item in info.metadata]
    hints: list[str] = []
    if info.is_required():
        hints.append("required")
    if base is date:
        hints.append("date")
    elif base is bool:
        hints.append("true or false")
    elif typing.get_origin(base) is typing.Literal:
        values = [str(value) for value in typing.get_args(base)]
        if not all(value in (info.description or "") for value in values):
            hints.append("one of: " + ", ".join(values))
    elif check_text in validators and check_line not in validators:
        hints.append("text, may be several lines")
    return hints


def _describe(info: FieldInfo, hints: list[str]) -> str:
    text = info.description or ""
    return f"{text} [{'; '.join(hints)}]" if hints else text


# ---------------------------------------------------------------------------- the annotations


def _strip_none(annotation: Any) -> tuple[Any, bool]:
    """``X | None`` -> (X, True); anything else -> (itself, False)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(options) == 1:
            return options[0], True
    return annotation, False


def _strip_annotated(annotation: Any) -> tuple[Any, list[Any]]:
    """``Annotated[X, ...]`` -> (X, the validator functions in its metadata)."""
    validators: list[Any] = []
    while typing.get_origin(annotation) is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        validators += [getattr(item, "func", None) for item in metadata]
        annotation = base
    return annotation, validators


def _as_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _has_required(model: type[BaseModel]) -> bool:
    return any(info.is_required() for info in model.model_fields.values())


def _min_length(info: FieldInfo) -> int:
    for item in info.metadata:
        value = getattr(item, "min_length", None)
        if isinstance(value, int):
            return value
    return 0


# ---------------------------------------------------------------------------------- the lines


def _comment(text: str, column: int) -> list[str]:
    width = max(WIDTH - column - 2, 40)
    wrapped = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    return ["# " + line for line in wrapped]


def _comment_out(lines: list[str]) -> list[str]:
    return [f"# {line}" for line in lines]


def _indent(lines: list[str]) -> list[str]:
    return [" " * INDENT + line for line in lines]
