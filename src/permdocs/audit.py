"""An append-only audit trail of builds, one JSON object per line, in the output folder.

It records when, by which user account, which command, and the SHA-256 of every input, template
and output, so a council can show what produced a document. It holds no personal data: no names,
no case content, only hashes and file names made of the case reference and document kind.
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from . import __version__

AUDIT_NAME = "audit.jsonl"


def _account() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (e.g. a container without a passwd entry)
        return f"uid:{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def audit_entry(
    *,
    command: Sequence[str],
    case_sha256: str,
    templates: Mapping[str, str],
    outputs: Mapping[str, str],
    attachments: Mapping[str, str] | None = None,
    outcome: str = "written",
) -> dict[str, object]:
    """One audit record. ``templates``/``outputs``/``attachments`` map a file name to its SHA-256."""
    return {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "account": _account(),
        "command": list(command),
        "permdocs_version": __version__,
        "case_sha256": case_sha256,
        "attachments_sha256": dict(attachments or {}),
        "templates_sha256": dict(templates),
        "outputs_sha256": dict(outputs),
        "outcome": outcome,
    }


def append_audit(folder: Path, entry: Mapping[str, object]) -> Path:
    """Append one line; O_APPEND keeps concurrent writers' lines whole and never rewrites history."""
    path = folder / AUDIT_NAME
    line = (json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, line)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return path
