"""``permdocs diff``: what has changed in the case since the last panel pack the panel received.

Every pack build records which case file it was made from (its entry in ``manifest.json`` names
the case file's SHA-256, and the build keeps a copy of that file in ``out/case-files/``; marking
the pack sent copies it into the case's record). The pack the panel received is the
last one marked sent (``permdocs sent CASE panel-pack``); until one is, the last pack built is
compared instead, and the result says so. The comparison is ``checks.changes``: field by field,
in plain words. The same list ends ``completeness.md``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..checks.changes import Change, case_changes
from ..load.records import PaperRecord, load_case_copy, load_snapshot
from ..model import Case
from ..policy.calendar import long_date
from ..policy.documents import PANEL_PACK
from ..write.manifest import MANIFEST_NAME
from .keep import CASE_FILES_DIR
from .options import BuildOptions
from .run import CaseRun


@dataclass(frozen=True)
class DiffResult:
    reference: str
    basis: str
    """Which pack the case is compared with, in a sentence ("" when there is none)."""
    changes: tuple[Change, ...]
    compared: bool
    """False when there is no pack to compare with (or its case file was not kept)."""

    def lines(self) -> list[str]:
        """The result in plain words, a line each."""
        if not self.compared:
            return [self.basis]
        if not self.changes:
            return [self.basis, "Nothing in the case has changed since."]
        return [self.basis, *(f"- {change.words()}" for change in self.changes)]


def changes_since_pack(
    case: Case, record: PaperRecord, out: Path, *, packing: bool = False
) -> DiffResult:
    """The case against the last pack the panel received (else the last pack built into
    ``out``, from its manifest entry and the case file copy the build kept). ``packing``: a
    build is making a pack from the case as it is now, so that pack is the last one built."""
    sends = [e for e in record.events if e.event == "sent" and e.paper == PANEL_PACK.kind]
    if not sends and packing:
        return DiffResult(
            case.reference,
            "No panel pack is recorded as sent to the panel yet; the pack built with these"
            " papers is made from the case as it stands.",
            (),
            True,
        )
    if sends:
        basis = sends[-1]
        made = f" dated {long_date(basis.dated)}" if basis.dated is not None else ""
        sentence = (
            f"Compared with the panel pack{made} sent to {basis.to} on {_day(basis.on)}, the last"
            " pack the panel received."
        )
        then = load_snapshot(record, basis.case_sha256, basis.case_file)
    else:
        built = _last_pack_built(out)
        if built is None:
            return DiffResult(
                case.reference,
                "No panel pack has been built for this case yet, so there is nothing to compare.",
                (),
                False,
            )
        case_sha, dated, at = built
        made = f", dated {long_date(dated)}" if dated is not None else ""
        sentence = (
            "No panel pack is recorded as sent to the panel, so this is compared with the last"
            f" pack built (built on {_at(at)}{made})."
        )
        copies = sorted((out / CASE_FILES_DIR).glob(f"{case_sha}.*")) if case_sha else []
        then = load_case_copy(copies[0]) if copies else None
    if then is None:
        return DiffResult(
            case.reference,
            sentence + " The case file it was made from was not kept, so it cannot be compared.",
            (),
            False,
        )
    return DiffResult(case.reference, sentence, tuple(case_changes(then, case)), True)


def _last_pack_built(out: Path) -> tuple[str, date | None, str] | None:
    """The pack in ``out``'s manifest: the case file's SHA-256, its date, when it was built."""
    try:
        payload = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(payload, dict):
        return None
    for entry in payload.get("documents") or []:
        if isinstance(entry, dict) and entry.get("kind") == PANEL_PACK.kind:
            dated = entry.get("dated")
            return (
                str(entry.get("case_sha256") or payload.get("case_sha256") or ""),
                date.fromisoformat(dated) if isinstance(dated, str) else None,
                str(payload.get("updated_at") or payload.get("generated_at") or ""),
            )
    return None


def _day(value: date | None) -> str:
    return long_date(value) if value is not None else "an unrecorded day"


def _at(stamp: str) -> str:
    try:
        return long_date(date.fromisoformat(stamp[:10]))
    except ValueError:
        return "an unrecorded day"


def case_diff(folder: Path | str, options: BuildOptions | None = None) -> DiffResult:
    """What has changed in the case folder's case since the last pack the panel received."""
    run = CaseRun.start(folder, options or BuildOptions())
    return changes_since_pack(run.case, run.record, run.out)


def diff_markdown(result: DiffResult) -> list[str]:
    """The section that ends completeness.md."""
    lines = ["## Changed since the last pack the panel received", ""]
    for line in result.lines():
        lines.append(_md_line(line))
    return [*lines, ""]


def _md_line(text: str) -> str:
    body = text[2:] if text.startswith("- ") else text
    safe = " ".join(body.split()).replace("<", "&lt;").replace(">", "&gt;")
    return f"- {safe}" if text.startswith("- ") else safe
