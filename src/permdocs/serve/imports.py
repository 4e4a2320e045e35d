"""The import page's library side: a council's SSDA903 return or SSD extract, uploaded, shown as
a dry run (what would be filled in, what the case holds that differs), then applied only when
the person says so.

The uploaded files are held in this process's memory between the two steps, under a one-time
key the page carries, and never written anywhere (a return holds other children's records): the
import reads them as (name, bytes) and the case folder never receives a copy. The case file's
SHA-256 at the dry run travels with them; if the file has changed since, nothing is applied and
the person is asked to look again. At most a few uploads are held (the oldest is forgotten).
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import CaseDataError, PermdocsError

DATASET_NAMES = {
    "903": "SSDA903 return (header and episodes CSV files, optionally reviews; or the XML return)",
    "ssd": "Standard Safeguarding Dataset extract (its tables as CSV files)",
}
_HELD = 4


@dataclass(frozen=True)
class Pending:
    dataset: str
    child: str
    files: tuple[tuple[str, bytes], ...]
    replace: bool
    case_sha256: str


class PendingImports:
    """Uploads waiting for the person's say-so, by one-time key (in memory only)."""

    def __init__(self) -> None:
        self._held: OrderedDict[str, Pending] = OrderedDict()

    def hold(self, pending: Pending) -> str:
        key = secrets.token_urlsafe(16)
        self._held[key] = pending
        while len(self._held) > _HELD:
            self._held.popitem(last=False)
        return key

    def take(self, key: str) -> Pending | None:
        return self._held.pop(key, None)


def problems_of(request_values: dict[str, Any]) -> list[tuple[str, str]]:
    """What is missing from the import form, as (field id, message)."""
    problems = []
    if request_values.get("dataset") not in DATASET_NAMES:
        problems.append(("#dataset", "Select which data the files are"))
    if not str(request_values.get("child") or "").strip():
        problems.append(("#child", "Enter the child's ID in the files (leading zeros included)"))
    if not request_values.get("files"):
        problems.append(("#files", "Choose the files to import"))
    return problems


def run_import(
    folder: Path, pending: Pending, *, dry_run: bool, today: date | None
) -> tuple[Any, list[tuple[str, str]]]:
    """The import (or its dry run) of ``pending`` into the case in ``folder``: its result, or
    the problems to show (each as (link, message), with the command line's words)."""
    from ..api import import_into_case

    try:
        result = import_into_case(
            folder,
            "903" if pending.dataset == "903" else "ssd",
            pending.child,
            list(pending.files),
            replace=pending.replace,
            dry_run=dry_run,
            today=today,
        )
    except CaseDataError as error:
        lines = [str(problem) for problem in error.problems] or [error.message]
        return None, [("#files", line) for line in lines]
    except PermdocsError as error:
        return None, [("#files", error.message + (f" ({error.hint})" if error.hint else ""))]
    return result, []
