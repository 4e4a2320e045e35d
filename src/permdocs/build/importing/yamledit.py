"""Editing case.yaml in place, keeping every comment and every value it does not change.

This is the only user of ruamel.yaml, whose round-trip mode keeps comments, key order and
quoting. Three things are added on top, because a case file is a person's own writing:

- **Values are kept as typed.** Plain scalars ruamel would read as numbers, booleans, nulls or
  timestamps (``07700900123``, ``~``, ``-0``) are kept as their text and written back unchanged.
- **Comments stay where they were.** ruamel keeps a comment with the value before it; when a key
  is inserted after a value, the comment lines that stood above the following key (they describe
  it) would end up above the new one. They are moved along so that they stay above the key they
  describe; comment lines indented into the previous block stay there.
- **The layout is the file's own.** The indentation of mappings and lists is found by trying the
  common layouts and keeping one that writes the unchanged file back byte for byte.

Each written value gets a provenance comment on the line above its key (never at the end of its
line: a ' #' after an unquoted value is refused by the loader as a slip that would cut a typed
value short). A value's earlier provenance comment is replaced; any
other comment on its line is kept after the new one.

The caller checks the result independently (every comment still present, every value the same
but those written, and the case still valid): see ``run.py``.
"""

from __future__ import annotations

import io
import re
import types
import typing
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml as pyyaml
from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import CommentMark
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
)
from ruamel.yaml.tokens import CommentToken

from ...model import Case
from ...model.types import FieldValueError, parse_date
from .plan import Write

PROVENANCE = re.compile(r"#\s*from (SSDA903|SSD) ")
"""A provenance comment permdocs wrote (it may be replaced when its value is written again)."""

# (mapping, sequence, offset) as ruamel's indent() takes them: the usual layouts of YAML files.
_LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 6, 4), (4, 4, 2), (4, 4, 0), (4, 2, 0), (3, 5, 3))
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ()'/.,&+_-]*")
_BLOCK = (LiteralScalarString, FoldedScalarString)
_STR = "tag:yaml.org,2002:str"
_RESOLVERS = (VersionedResolver(version=(1, 1)), VersionedResolver(version=(1, 2)))


class EditError(Exception):
    """The case file could not be edited as planned (a bug guard; nothing is written)."""


# ------------------------------------------------------------------- values kept as they were typed


class _Verbatim(str):
    """A plain scalar that ruamel would read as something other than text, kept as its text."""

    tag: str


def _construct_verbatim(constructor: Any, node: ScalarNode) -> Any:
    # Only plain scalars resolve to these tags (a quoted one is text); tags are refused by the
    # faithful loader, so none reaches here.
    value = _Verbatim(str(node.value))
    value.tag = str(node.tag)
    return value


def _represent_verbatim(representer: Any, data: _Verbatim) -> Any:
    # Tagged as ruamel resolves the text, so it is written plain, exactly as it was read.
    return representer.represent_scalar(data.tag, str(data))


class _Constructor(RoundTripConstructor):
    pass


class _Representer(RoundTripRepresenter):
    pass


for _tag in ("null", "bool", "int", "float", "timestamp"):
    _Constructor.add_constructor(f"tag:yaml.org,2002:{_tag}", _construct_verbatim)
_Representer.add_representer(_Verbatim, _represent_verbatim)


def _yaml(layout: tuple[int, int, int]) -> YAML:
    editor = YAML(typ="rt")
    editor.Constructor = _Constructor
    editor.Representer = _Representer
    editor.preserve_quotes = True
    editor.width = 4096  # never re-wrap a long line
    mapping, sequence, offset = layout
    editor.indent(mapping=mapping, sequence=sequence, offset=offset)
    return editor


def _dump(editor: YAML, document: Any) -> str:
    stream = io.StringIO()
    editor.dump(document, stream)
    return stream.getvalue()


def choose_layout(text: str, document: Any) -> tuple[YAML, int]:
    """The editor whose layout writes ``document`` (as read from ``text``) back as ``text``, and
    0; or, when none does, the one that changes fewest lines, and how many it changes
    (indentation only: values and comments are checked separately)."""
    best: tuple[YAML, int] | None = None
    for layout in _LAYOUTS:
        editor = _yaml(layout)
        written = _dump(editor, document)
        if written == text:
            return editor, 0
        changed = _changed_lines(text, written)
        if best is None or changed < best[1]:
            best = (editor, changed)
    assert best is not None
    return best


def _changed_lines(before: str, after: str) -> int:
    old, new = before.splitlines(), after.splitlines()
    return sum(1 for a, b in zip(old, new, strict=False) if a != b) + abs(len(old) - len(new))


# ---------------------------------------------------------------------------------- the editing


@dataclass
class _Edit:
    """One edit's state: the mappings it created (with the column their keys stand in, which
    ruamel only knows for what it read) and the comment lines waiting to follow them."""

    indent: int
    dash: int = 0
    """How far a list's dashes stand in from their key (the layout's sequence offset)."""
    columns: dict[int, int] = field(default_factory=dict)
    pending: list[tuple[Any, str]] = field(default_factory=list)

    def created(self, node: CommentedMap, parent: CommentedMap, key: str) -> None:
        self.columns[id(node)] = self.column(parent, key) + self.indent

    def column(self, node: Any, key: Any) -> int:
        """The column ``key`` stands in (0-based): where it was read, else where its siblings
        were read, else (in a mapping the import created) where the import puts them."""
        if id(node) in self.columns:
            return self.columns[id(node)]
        positions = getattr(getattr(node, "lc", None), "data", None) or {}
        known = positions.get(key) or next(
            (positions[other] for other in node if other in positions), None
        )
        return int(known[1]) if known is not None else 0


def edit(text: str, writes: Sequence[Write]) -> tuple[str, int]:
    """``text`` with ``writes`` applied, and how many lines only changed their indentation."""
    document = _yaml(_LAYOUTS[0]).load(text)  # the layout matters only when writing
    editor, relaid = choose_layout(text, document)
    if not isinstance(document, CommentedMap):
        raise EditError("the case file does not hold a mapping at the top")
    state = _Edit(indent=int(editor.map_indent or 2), dash=int(editor.sequence_dash_offset or 0))
    for write in writes:
        if not write.review:
            _write_value(document, write, state)
    reviews = [write for write in writes if write.review]
    if reviews:
        _add_reviews(document, reviews, state)
    for node, moved in state.pending:
        _attach_trailing(node, moved)
    return _dump(editor, document), relaid


def _write_value(document: CommentedMap, write: Write, state: _Edit) -> None:
    node = document
    for depth, key in enumerate(write.path[:-1]):
        child = node.get(key) if key in node else None
        if isinstance(child, CommentedMap):
            if child.fa.flow_style():
                child.fa.set_block_style()
            node = child
            continue
        if key in node and child is not None:
            raise EditError(f"{'.'.join(write.path[: depth + 1])} is not a group of fields")
        created = CommentedMap()
        if key in node:
            node[key] = created
        else:
            moved = _insert(node, key, created, write.path[: depth + 1], state)
            state.pending.append((created, moved))
        state.created(created, node, key)
        node = created
    leaf = write.path[-1]
    value = _value(write)
    if leaf in node:
        _replace(node, leaf, value, write, state)
    else:
        moved = _insert(node, leaf, value, write.path, state)
        _set_provenance(node, leaf, value, write.comment, state, following=moved)


def _value(write: Write) -> Any:
    if isinstance(write.value, date):
        return write.value
    if write.paragraph:
        return LiteralScalarString(write.value)
    return scalar(write.value)


def scalar(text: str) -> Any:
    """``text`` as a YAML scalar every YAML reader reads back as that text: plain when it is
    plainly text, else in double quotes (``NO``, ``0123``, ``2025-01-01``, ``a: b``)."""
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and _is_text(text):
        return text
    return DoubleQuotedScalarString(text)


def _is_text(text: str) -> bool:
    return all(resolver.resolve(ScalarNode, text, (True, False)) == _STR for resolver in _RESOLVERS)


def _replace(node: CommentedMap, key: str, value: Any, write: Write, state: _Edit) -> None:
    old = node[key]
    entry = node.ca.items.setdefault(key, [None, None, None, None])
    own, following = _split(entry[2], block=isinstance(old, _BLOCK))
    kept = own.strip() if own.strip() and not PROVENANCE.match(own.strip()) else ""
    node[key] = value
    column = state.column(node, key)
    before = [token for token in entry[1] or [] if not PROVENANCE.match(token.value.strip())]
    if kept:
        before.append(CommentToken(kept + "\n", CommentMark(column)))
    before.append(CommentToken(f"# {write.comment}\n", CommentMark(column)))
    entry[1] = before
    entry[2] = _following(following, block=isinstance(value, _BLOCK))


def _set_provenance(
    node: CommentedMap, key: str, value: Any, comment: str, state: _Edit, *, following: str
) -> None:
    entry = node.ca.items.setdefault(key, [None, None, None, None])
    column = state.column(node, key)
    entry[1] = [*(entry[1] or []), CommentToken(f"# {comment}\n", CommentMark(column))]
    entry[2] = _following(following, block=isinstance(value, _BLOCK))


def _following(lines: str, *, block: bool) -> CommentToken | None:
    """The comment lines that follow a value, in its end-of-line slot: after a plain value that
    slot starts on the value's own line, so they begin with the line's end (a block scalar ends
    its own last line)."""
    if not lines:
        return None
    return CommentToken(lines if block else "\n" + lines, CommentMark(0))


def _split(token: CommentToken | None, *, block: bool) -> tuple[str, str]:
    """A value's comment as (the comment on its own line, the comment lines that follow it).

    After a block scalar (``|``, ``>-``) nothing is on the value's line: it is all following.
    """
    if token is None:
        return "", ""
    text = token.value
    if block:
        return "", text
    end = text.find("\n")
    if end == -1:
        return text, ""
    return text[: end + 1], text[end + 1 :]


# ------------------------------------------------------------------------ inserting a new key


def _insert(node: CommentedMap, key: str, value: Any, path: tuple[str, ...], state: _Edit) -> str:
    """Insert ``key`` in the case model's order; returns the comment lines moved from the key
    before it (they describe the key after it), for the caller to put after the new value."""
    order = _model_order(path[:-1])
    keys = list(node.keys())
    position = 0
    for index, existing in enumerate(keys):
        if existing in order and key in order and order.index(existing) < order.index(key):
            position = index + 1
    moved = ""
    if position > 0:
        moved = _take_following(node, keys[position - 1], state.column(node, keys[position - 1]))
    node.insert(position, key, value)
    return moved


def _take_following(container: Any, key: Any, column: int) -> str:
    """Cut, from the comment printed after ``container[key]`` (however deep), the lines that
    belong to what follows: those after the last line indented deeper than ``column``."""
    slot = _trailing(container, key)
    if slot is None:
        return ""
    entry, index, block = slot
    own, following = _split(entry[index], block=block)
    lines = following.splitlines(keepends=True)
    deep = [
        number
        for number, line in enumerate(lines)
        if line.strip() and len(line) - len(line.lstrip(" ")) > column
    ]
    cut = deep[-1] + 1 if deep else 0
    kept = own + "".join(lines[:cut])
    if kept:
        entry[index].value = kept
    else:
        entry[index] = None
    return "".join(lines[cut:])


def _trailing(container: Any, key: Any) -> tuple[list[Any], int, bool] | None:
    """The comment slot printed last within ``container[key]``: (its entry, index, whether the
    value before it is a block scalar), or None when no comment follows it."""
    value = container[key]
    if isinstance(value, CommentedMap) and len(value):
        inner = _trailing(value, list(value.keys())[-1])
        if inner is not None:
            return inner
    elif isinstance(value, CommentedSeq) and len(value):
        inner = _trailing(value, len(value) - 1)
        if inner is not None:
            return inner
    index = 2 if isinstance(container, CommentedMap) else 0
    entry = container.ca.items.get(key)
    if entry is None or entry[index] is None:
        return None
    return entry, index, isinstance(value, _BLOCK)


def _attach_trailing(node: Any, moved: str) -> None:
    """Put ``moved`` comment lines after the last value written inside a new ``node``."""
    if not moved:
        return
    container, key = node, None
    while True:
        if isinstance(container, CommentedMap) and len(container):
            key = list(container.keys())[-1]
        elif isinstance(container, CommentedSeq) and len(container):
            key = len(container) - 1
        else:
            return
        value = container[key]
        if isinstance(value, CommentedMap | CommentedSeq) and len(value):
            container = value
            continue
        break
    index = 2 if isinstance(container, CommentedMap) else 0
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    token = entry[index]
    if token is None:
        newline = "" if isinstance(container[key], _BLOCK) else "\n"
        entry[index] = CommentToken(newline + moved, CommentMark(0))
    else:
        token.value = token.value + moved


def _model_order(path: tuple[str, ...]) -> list[str]:
    """The case model's field names at ``path``, in order (new keys are inserted in this order)."""
    model: Any = Case
    for key in path:
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
        info = model.model_fields.get(key)
        if info is None:
            return []
        model = _inner(info.annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _inner(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = options[0]
        elif origin is list:
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation


# --------------------------------------------------------------------------------------- reviews


def review_position(dates: Sequence[date | None], new: date) -> int:
    """Where a review of ``new`` goes in a list of review dates: before the first later one."""
    for index, existing in enumerate(dates):
        if existing is not None and existing > new:
            return index
    return len(dates)


def item_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        parsed: date = parse_date(str(value))
    except FieldValueError:
        return None
    return parsed


def _add_reviews(document: CommentedMap, writes: Sequence[Write], state: _Edit) -> None:
    child = document["child"]
    reviews = child.get("lac_reviews") if "lac_reviews" in child else None
    if not isinstance(reviews, CommentedSeq):
        created = CommentedSeq()
        if "lac_reviews" in child:
            child["lac_reviews"] = created
        else:
            moved = _insert(child, "lac_reviews", created, ("child", "lac_reviews"), state)
            state.pending.append((created, moved))
        reviews = created
    if reviews.fa.flow_style():
        reviews.fa.set_block_style()
    column = state.column(child, "lac_reviews")
    for write in sorted(writes, key=lambda w: w.value if isinstance(w.value, date) else date.min):
        assert isinstance(write.value, date)
        item = CommentedMap()
        item["date"] = write.value
        dates = [item_date(existing.get("date")) for existing in reviews]
        position = review_position(dates, write.value)
        moved = ""
        if position == len(reviews) and position > 0:
            moved = _take_following(reviews, position - 1, column)
        reviews.insert(position, item)
        # Above the item's dash: a comment above its first key would stand between the dash
        # and the key, splitting the item over two lines.
        reviews.yaml_set_comment_before_after_key(
            position, before=write.comment, indent=column + state.dash
        )
        if moved:
            item.ca.items.setdefault("date", [None, None, None, None])[2] = _following(
                moved, block=False
            )


# ------------------------------------------------------------------------------- comment checks


def comments(text: str) -> list[str]:
    """Every comment in a YAML text, as written (from ``#`` to the end of its line).

    Found independently of ruamel: PyYAML's scanner gives the span of every token, and a ``#``
    outside all of them, at a line's start or after a space, starts a comment.
    """
    covered = bytearray(len(text) + 1)
    try:
        for token in pyyaml.scan(text, Loader=pyyaml.BaseLoader):
            start, end = token.start_mark.index, token.end_mark.index
            if isinstance(token, pyyaml.ScalarToken) and end > start:
                covered[start:end] = b"\x01" * (end - start)
    except pyyaml.YAMLError:
        return []
    found: list[str] = []
    index = 0
    while True:
        index = text.find("#", index)
        if index == -1:
            return found
        if not covered[index] and (index == 0 or text[index - 1] in " \t\n"):
            end = text.find("\n", index)
            end = len(text) if end == -1 else end
            found.append(text[index:end].rstrip())
            index = end
        else:
            index += 1


def lost_comments(before: str, after: str) -> list[str]:
    """The comments of ``before`` that ``after`` no longer holds (a comment kept after a new
    provenance comment on its line counts as held; permdocs' own provenance comments may go)."""
    remaining = Counter(comments(after))
    lost = []
    for comment in comments(before):
        if PROVENANCE.match(comment):
            continue
        if remaining[comment] > 0:
            remaining[comment] -= 1
            continue
        holder = next(
            (c for c in remaining if remaining[c] > 0 and c.endswith("  " + comment)), None
        )
        if holder is None:
            lost.append(comment)
        else:
            remaining[holder] -= 1
    return lost
