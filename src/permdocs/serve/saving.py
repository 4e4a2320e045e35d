"""Saving a page into case.yaml (or case.json): only what changed is written, and the result is proved faithful.

ruamel.yaml's round trip keeps the file as the person wrote it: comments, key order, blank lines,
quoting and block styles of everything the page did not change. A changed value is written in the
plainest form that the faithful loader (``permdocs.load.reader``) reads back as exactly that value:
dates unquoted (``2025-03-14``), yes/no as ``true``/``false``, text that YAML 1.1 or 1.2 would
read as something else (``yes``, ``07700900123``, ``null``) in quotes, and several lines as a
``|-`` block where that holds them exactly. Then the new text is read back with the loader and
compared with what was submitted; any difference and nothing is written.

The write itself is the command line's: under the case folder's lock, all-or-nothing
(``output.write_all``), with the earlier file kept in ``earlier-versions/``. The file's SHA-256
when the page was opened travels with the form; if the file on disk no longer has it (someone
saved it in an editor, or in another tab), nothing is written and the person is told.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path as FilePath
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken
from ruamel.yaml.util import load_yaml_guess_indent

from ..errors import CaseChangedError, OutputError
from ..load.json_reader import parse_json
from ..load.reader import parse_yaml
from ..model.types import FieldValueError, parse_date
from ..write.output import output_lock, write_all
from .forms import Path, Spec

VERSIONS_FOLDER = "earlier-versions"
_STR_TAG = "tag:yaml.org,2002:str"
# Characters YAML counts as line breaks, or a block scalar cannot hold as typed.
_NOT_IN_BLOCK = re.compile("[\r\x85\u2028\u2029\ufeff]|[ \t]$", re.MULTILINE)


@dataclass(frozen=True)
class Saved:
    """What a save wrote: the case file, its new SHA-256, and the earlier version kept."""

    path: FilePath
    sha256: str
    earlier: FilePath


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def save_case_yaml(
    path: FilePath,
    *,
    expected_sha256: str,
    old_data: dict[str, Any],
    new_data: dict[str, Any],
    spec: Spec,
    origins: Mapping[Path, Sequence[int | None]],
    now: datetime | None = None,
) -> Saved:
    """Write ``new_data`` into the YAML case file at ``path``, changing only what differs from
    ``old_data`` (the plain data the file held when the page was opened, SHA-256
    ``expected_sha256``). ``spec`` describes the whole case (a group of every top-level field)
    so that each changed value is written as its field needs.

    Raises CaseChangedError if the file changed on disk meanwhile, CaseDataError if the loader
    refuses what was typed (naming the field), OutputError if the new text would not read back
    as ``new_data`` or cannot be written; in every case nothing is written.
    """
    folder = path.parent
    with output_lock(folder):
        raw = _read_unchanged(path, expected_sha256)
        written = new_yaml_text(raw, old_data, new_data, spec, origins).encode("utf-8")
        return _write_keeping_earlier(path, written, raw, now)


def new_yaml_text(
    raw: bytes,
    old_data: dict[str, Any],
    new_data: dict[str, Any],
    spec: Spec,
    origins: Mapping[Path, Sequence[int | None]],
) -> str:
    """The case file's new text: ``raw`` with ``old_data`` changed into ``new_data``, proved to
    read back (with the faithful loader) as exactly ``new_data``."""
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    crlf = "\r\n" in text
    if crlf:
        text = text.replace("\r\n", "\n")
    handler = _yaml_for(text)
    document = handler.load(text) if text.strip() else CommentedMap()
    if not isinstance(document, CommentedMap):
        raise OutputError(
            "the case file does not hold 'field: value' lines at the top level",
            hint="correct it in a text editor (`permdocs check` shows where); nothing was saved",
        )
    _apply_map(document, old_data, new_data, spec, (), origins)
    stream = io.StringIO()
    handler.dump(document, stream)
    out = stream.getvalue()
    # A CaseDataError here is the loader refusing what was typed (a character YAML cannot hold
    # in a file, such as DEL, which the model alone would let through): it names the field, as
    # the command line would, and the page shows it. Nothing is written either way.
    read_back, _ = parse_yaml(out, "case.yaml")
    if read_back != new_data:
        raise _unfaithful()
    if crlf:
        out = out.replace("\n", "\r\n")
    return ("\ufeff" if bom else "") + out


def _unfaithful() -> OutputError:
    return OutputError(
        "your answers could not be written into the case file so that they read back exactly"
        " as typed, so nothing was saved",
        hint="please report this (no case details are needed); meanwhile the case file can be"
        " edited in a text editor",
    )


def _yaml_for(text: str) -> YAML:
    handler = YAML(typ="rt")
    handler.preserve_quotes = True
    handler.width = 4096  # never re-wrap a line the person wrote
    mapping = 2
    for line in text.splitlines():
        found = re.match(r"^( +)[^ #\-]", line)
        if found:
            mapping = len(found.group(1))
            break
    sequence, offset = 4, 2
    if text.strip():
        try:
            _, guessed, block_offset = load_yaml_guess_indent(text)
        except Exception:  # the loader has already read this text; a guess is only style
            guessed, block_offset = None, None
        if guessed is not None and block_offset is not None:
            sequence, offset = guessed, block_offset
    handler.indent(mapping=mapping, sequence=sequence, offset=offset)
    return handler


# --------------------------------------------------------------------------- the minimal change


def _apply_map(
    node: CommentedMap,
    old: Any,
    new: dict[str, Any],
    spec: Spec | None,
    at: Path,
    origins: Mapping[Path, Sequence[int | None]],
) -> None:
    old_values = old if isinstance(old, dict) else {}
    for key in [key for key in list(node.keys()) if key not in new]:
        del node[key]
    for key, value in new.items():
        child = spec.child(key) if spec is not None else None
        before = old_values.get(key, _MISSING)
        if before is value or (key in node and before == value and _same_type(before, value)):
            continue
        current = node.get(key) if key in node else None
        if isinstance(current, CommentedMap) and isinstance(value, dict):
            _apply_map(current, before, value, child, (*at, key), origins)
            if len(current) and current.fa.flow_style():
                current.fa.set_block_style()
        elif isinstance(current, CommentedSeq) and isinstance(value, list):
            _apply_seq(current, before, value, child, (*at, key), origins)
        elif key in node:
            node[key] = to_yaml(value, child)
        else:
            position = _position(node, key, spec)
            node.insert(position, key, to_yaml(value, child))
            _share_comments(node, key, position)


class _Missing:
    pass


_MISSING: Any = _Missing()


def _same_type(before: Any, after: Any) -> bool:
    return type(before) is type(after)


def _apply_seq(
    node: CommentedSeq,
    old: Any,
    new: list[Any],
    spec: Spec | None,
    at: Path,
    origins: Mapping[Path, Sequence[int | None]],
) -> None:
    item_spec = spec.item if spec is not None else None
    old_items = old if isinstance(old, list) else []
    known = list(origins.get(at, range(len(new))))
    kept = [origin for origin in known if origin is not None and origin < len(node)]
    if kept != sorted(set(kept)) or len(old_items) != len(node):
        # Not a page's removals and additions: write the list afresh (never expected).
        node.clear()
        for item in new:
            node.append(to_yaml(item, item_spec))
        node.fa.set_block_style()
        return
    for index in reversed(range(len(node))):
        if index not in kept:
            del node[index]
    for position, value in enumerate(new):
        origin = known[position] if position < len(known) else None
        if origin is None or origin >= len(old_items):
            node.insert(position, to_yaml(value, item_spec))
        else:
            before = old_items[origin]
            current = node[position]
            if isinstance(current, CommentedMap) and isinstance(value, dict):
                _apply_map(current, before, value, item_spec, (*at, position), origins)
            elif not (before == value and _same_type(before, value)):
                node[position] = to_yaml(value, item_spec)
    if len(node) and node.fa.flow_style():
        node.fa.set_block_style()


def _position(node: CommentedMap, key: str, spec: Spec | None) -> int:
    """Where a new key goes: before the first key that the model puts after it."""
    if spec is None:
        return len(node)
    order = [child.name for child in spec.children]
    if key not in order:
        return len(node)
    later = set(order[order.index(key) + 1 :])
    for index, existing in enumerate(node.keys()):
        if existing in later:
            return index
    return len(node)


def _share_comments(node: CommentedMap, key: str, position: int) -> None:
    """Keep the comments above the key a new ``key`` was put before with that key, except what
    comes before their last blank line: that (e.g. the scaffold's commented-out example of the
    new section) stays above the new key, where the person wrote it."""
    keys = list(node.keys())
    if position + 1 >= len(keys):
        return
    entry = node.ca.items.get(keys[position + 1])
    if not entry or len(entry) < 2 or not entry[1]:
        return
    tokens = entry[1]
    breaks = [index for index, token in enumerate(tokens) if token.value.endswith("\n\n")]
    if not breaks:
        return
    cut = breaks[-1] + 1
    node.ca.items[key] = [None, tokens[:cut], None, None]
    # A blank line between the new section and the next, as between the others.
    entry[1] = [CommentToken("\n", tokens[cut].start_mark, None), *tokens[cut:]]


def to_yaml(value: Any, spec: Spec | None) -> Any:
    """A plain value as ruamel.yaml should write it for its field."""
    if value is None:
        return None
    if isinstance(value, dict):
        mapping = CommentedMap()
        children = [child.name for child in spec.children] if spec is not None else []
        ordered = [key for key in children if key in value] + [
            key for key in value if key not in children
        ]
        for key in ordered:
            # A key with no value is written empty (``key:``), which reads back as no value.
            mapping[key] = to_yaml(value[key], spec.child(key) if spec is not None else None)
        mapping.fa.set_block_style()
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq(
            to_yaml(item, spec.item if spec is not None else None) for item in value
        )
        sequence.fa.set_block_style()
        return sequence
    if not isinstance(value, str):
        return value
    kind = spec.kind if spec is not None else "text"
    if kind == "date":
        try:
            parsed = parse_date(value)
        except FieldValueError:
            return _text(value)
        if isinstance(parsed, date) and parsed.isoformat() == value:
            return parsed  # written unquoted: 2025-03-14
        return _text(value)
    if kind == "yesno" and value in ("true", "false"):
        return value == "true"
    return _text(value)


def _text(value: str) -> Any:
    if "\n" in value and _fits_block(value):
        return LiteralScalarString(value)
    if "\n" not in value and _read_as_other(value):
        return DoubleQuotedScalarString(value)
    return value


def _fits_block(value: str) -> bool:
    """Whether a ``|-`` block holds ``value`` exactly: no trailing line breaks or spaces at line
    ends (a block drops them), no leading space or blank first line (it would set the
    indentation), and no character YAML reads as a line break."""
    if value.endswith("\n") or value.startswith((" ", "\n", "\t")):
        return False
    return not _NOT_IN_BLOCK.search(value)


def _read_as_other(value: str) -> bool:
    """Whether a YAML reader might take the plain text as something else (YAML 1.1 ``yes``,
    ``07700900123``, ``2025-03-14``, ``null``): such text is written in quotes, for every tool."""
    if value in ("", "~") or value.strip() != value:
        return True
    tag = yaml.resolver.Resolver().resolve(  # type: ignore[no-untyped-call]
        yaml.ScalarNode, value, (True, False)
    )
    return tag != _STR_TAG or value.lower() in ("null", "yes", "no", "on", "off", "y", "n")


# ------------------------------------------------------------------------------------ case.json


def save_case_json(
    path: FilePath,
    *,
    expected_sha256: str,
    new_data: dict[str, Any],
    spec: Spec,
    now: datetime | None = None,
) -> Saved:
    """Write ``new_data`` into the JSON case file at ``path``, as :func:`save_case_yaml` does for
    YAML: under the folder's lock, only if the file still has ``expected_sha256``, all at once,
    with the earlier version kept. JSON holds no comments, so faithful here means: the keys in
    the order the file had them (a new key where the model puts it), the file's indentation,
    byte-order mark and line endings, text exactly as typed (no ``\\u`` escapes for letters such
    as ł), and the new text proved to read back, with the faithful JSON reader, as the data."""
    folder = path.parent
    with output_lock(folder):
        raw = _read_unchanged(path, expected_sha256)
        written = new_json_text(raw, new_data, spec, path.name).encode("utf-8")
        return _write_keeping_earlier(path, written, raw, now)


def _read_unchanged(path: FilePath, expected_sha256: str) -> bytes:
    """The case file's bytes, if they are still those the page was opened with (the caller
    holds the folder's lock); else CaseChangedError, or OutputError if it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise OutputError(
            f"{path.name}: cannot be read ({exc.strerror})",
            hint="check the file is still there and you may read it; nothing was saved",
        ) from exc
    if sha256_of(raw) != expected_sha256:
        raise CaseChangedError(
            f"{path.name} was changed by someone or something else since this page was"
            " opened, so your answers were not saved",
            hint="your answers are still on this page: copy anything you need, then open the"
            " page again to see the file as it is now",
        )
    return raw


def _write_keeping_earlier(
    path: FilePath, written: bytes, raw: bytes, now: datetime | None
) -> Saved:
    """``written`` in place of the case file and ``raw`` kept as its earlier version, in one
    all-or-nothing write (the caller holds the folder's lock)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H-%M-%S-%fZ")
    earlier = f"{VERSIONS_FOLDER}/{path.stem}-{stamp}{path.suffix}"
    write_all(path.parent, {path.name: written, earlier: raw}, force=True)
    return Saved(path=path, sha256=sha256_of(written), earlier=path.parent / earlier)


def new_json_text(raw: bytes, new_data: dict[str, Any], spec: Spec, name: str = "case.json") -> str:
    """The JSON case file's new text for ``new_data``, proved to read back exactly."""
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    crlf = "\r\n" in text
    try:
        old = json.loads(text) if text.strip() else {}
    except ValueError:
        old = {}
    value = _as_json(old, new_data, spec)
    out = json.dumps(value, ensure_ascii=False, indent=_json_indent(text))
    if text.endswith("\n") or not text.strip():
        out += "\n"
    read_back, _ = parse_json(out, name)
    if read_back != value:
        raise _unfaithful()
    if crlf:
        out = out.replace("\n", "\r\n")
    return ("\ufeff" if bom else "") + out


def _json_indent(text: str) -> int | None:
    """The file's indentation (2 if it has none to go by; None for a file on one line)."""
    if text.strip() and "\n" not in text.strip():
        return None
    found = re.search(r"^( +)\"", text, re.MULTILINE)
    return len(found.group(1)) if found else 2


def _as_json(old: Any, new: Any, spec: Spec | None) -> Any:
    """``new`` as the JSON file should hold it: a value the file already holds exactly as it
    is; a new or changed one as JSON holds it for its field (yes/no as true/false, a date as
    text); keys in ``old``'s order, a key ``old`` lacks where the model puts it."""
    if isinstance(new, list):
        old_items = old if isinstance(old, list) else []
        item = spec.item if spec is not None else None
        return [
            _as_json(old_items[i] if i < len(old_items) else None, entry, item)
            for i, entry in enumerate(new)
        ]
    if not isinstance(new, dict):
        if type(old) is type(new) and old == new:
            return old
        if isinstance(new, date):
            return new.isoformat()
        if spec is not None and spec.kind == "yesno" and new in ("true", "false"):
            return new == "true"
        return new
    before = old if isinstance(old, dict) else {}
    keys = [key for key in before if key in new]
    order = [child.name for child in spec.children] if spec is not None else []
    for key in new:
        if key in keys:
            continue
        later = set(order[order.index(key) + 1 :]) if key in order else set()
        at = next((i for i, existing in enumerate(keys) if existing in later), len(keys))
        keys.insert(at, key)
    return {
        key: _as_json(before.get(key), new[key], spec.child(key) if spec is not None else None)
        for key in keys
    }
