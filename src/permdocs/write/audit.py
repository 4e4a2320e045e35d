"""An append-only audit trail of builds, one JSON object per line, in the output folder.

It records when, by which user account, which command, and the SHA-256 of every input, template
and output, so a council can show what produced a document. It holds no personal data: no names,
no case content, only hashes and file names made of the case reference and document kind.

Two things a build is given could carry personal data, so they are recorded without it:

- the command line: case folders are often named after the child ("Ruby Callender"), and so
  can be ``--out``, ``--templates`` and a profile file's path. Every argument that is not an
  option name or a value from a fixed vocabulary (a document kind, a date, a number, a bundled
  profile's name) is replaced by a placeholder: ``permdocs build --as-of 2026-11-23 <case>``
  (``<cases>`` for the folder ``permdocs batch`` is given);
- attachments, whose file names are as free as the folder's: only their hashes are kept, in the
  case file's order (the case file, itself hashed, says which paper each one is).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import Protocol

from .. import __version__
from .links import append_bytes

AUDIT_NAME = "audit.jsonl"

# Options whose value is a path (or may be one), and what the value becomes in the log.
_PATH_OPTIONS = {"--out": "<out>", "--templates": "<templates>", "--profile": "<profile>"}
# Options whose values come from a fixed vocabulary, and what each value must look like.
_PLAIN_VALUES = {
    "--only": re.compile(r"[a-z0-9-]{1,60}"),
    "--as-of": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "--jobs": re.compile(r"\d{1,4}"),
    "-j": re.compile(r"\d{1,4}"),
    "--format": re.compile(r"[a-z]{1,20}"),
}
_PROFILE_NAME = re.compile(r"[a-z0-9-]{1,60}")
"""A bundled profile's name ("default", "luton-example"); anything else may be a path."""
_WORD = re.compile(r"[a-z][a-z-]{0,30}")
_OPTION = re.compile(r"--?[a-z][a-z0-9-]*")


def _account() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (e.g. a container without a passwd entry)
        return f"uid:{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def redact_command(command: Sequence[str]) -> list[str]:
    """The command as the log records it: option names and plain values kept, every path and
    other free value replaced by a placeholder (``<case>``, ``<out>``, ``<templates>``...)."""
    words = [str(word) for word in command]
    if not words:
        return []
    program = PurePath(words[0]).name
    redacted = [program if _WORD.fullmatch(program) else "<program>"]
    rest = words[1:]
    positional = "<case>"
    if rest and _WORD.fullmatch(rest[0]):  # the subcommand: build, letters, pack, batch...
        redacted.append(rest[0])
        positional = "<cases>" if rest[0] == "batch" else "<case>"  # batch: a folder of cases
        rest = rest[1:]
    index = 0
    while index < len(rest):
        word = rest[index]
        index += 1
        if word == "--":
            redacted.append(word)
            continue
        name, equals, inline = word.partition("=")
        if not _OPTION.fullmatch(name):
            redacted.append(positional)  # a positional argument: a case folder
            continue
        takes_value = name in _PATH_OPTIONS or name in _PLAIN_VALUES
        if not takes_value:
            redacted.append(name + ("=<value>" if equals else ""))
            continue
        if equals:
            value = inline
        elif index < len(rest):
            value = rest[index]
            index += 1
        else:
            redacted.append(name)
            continue
        shown = _shown_value(name, value)
        redacted += [f"{name}={shown}"] if equals else [name, shown]
    return redacted


def _shown_value(option: str, value: str) -> str:
    if option == "--profile" and _PROFILE_NAME.fullmatch(value):
        return value
    pattern = _PLAIN_VALUES.get(option)
    if pattern is not None and pattern.fullmatch(value):
        return value
    return _PATH_OPTIONS.get(option, "<value>")


def audit_entry(
    *,
    command: Sequence[str],
    case_sha256: str,
    templates: Mapping[str, str],
    outputs: Mapping[str, str],
    attachments: Mapping[str, str] | None = None,
    outcome: str = "written",
) -> dict[str, object]:
    """One audit record. ``templates``/``outputs``/``attachments`` map a file name to its SHA-256;
    the command is recorded through :func:`redact_command`, and of the attachments only their
    hashes (see the module's docstring)."""
    return {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "account": _account(),
        "command": redact_command(command),
        "permdocs_version": __version__,
        "case_sha256": case_sha256,
        "attachments_sha256": list((attachments or {}).values()),
        "templates_sha256": dict(templates),
        "outputs_sha256": dict(outputs),
        "outcome": outcome,
    }


def audit_line(entry: Mapping[str, object]) -> bytes:
    """One record as the log holds it: a line of JSON."""
    return (json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def append_audit(folder: Path, entry: Mapping[str, object]) -> Path:
    """Append one line, never through a link (see ``links.append_bytes``). A run's own line goes
    in with its outputs instead, as one step (``written_record`` and ``output.write_all``)."""
    path = folder / AUDIT_NAME
    append_bytes(path, audit_line(entry))
    return path


class WrittenDocument(Protocol):
    """What the log keeps of a document a run wrote."""

    @property
    def file_name(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def template_sha256(self) -> str: ...


def written_record(
    *,
    command: Sequence[str],
    case_sha256: str,
    documents: Sequence[WrittenDocument],
    attachments: Iterable[Path] = (),
    draft: bool,
) -> tuple[str, bytes]:
    """The log's name and the line for a run about to write ``documents``, hashing each
    attachment file: pass it to ``output.write_all(..., audit=...)``, which appends it as part
    of putting the outputs in place, so that a log that cannot be added to leaves the outputs as
    they were (and a run killed meanwhile leaves neither)."""
    entry = audit_entry(
        command=command,
        case_sha256=case_sha256,
        templates={document.file_name: document.template_sha256 for document in documents},
        outputs={document.file_name: document.sha256 for document in documents},
        attachments={str(path): _file_sha256(path) for path in attachments},
        outcome="written (draft)" if draft else "written",
    )
    return AUDIT_NAME, audit_line(entry)


def _file_sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"
