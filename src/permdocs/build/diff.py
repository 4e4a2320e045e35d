"""``permdocs diff``: what has changed in the case since the last panel pack the panel received.

Every pack build records which case file it was made from (its entry in ``manifest.json`` gives
the case file's SHA-256); marking the pack sent (``permdocs sent CASE panel-pack``) keeps a copy
of that case file in the case's record. The pack the panel received is the last one marked
sent; until one is, there is nothing to compare with, and the result says so. The comparison is ``checks.changes``: field by field,
in plain words. The same list ends ``completeness.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..checks.changes import Change, case_changes
from ..load.records import PaperRecord, load_snapshot
from ..model import Case
from ..policy.calendar import long_date
from ..policy.documents import PANEL_PACK
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


def changes_since_pack(case: Case, record: PaperRecord) -> DiffResult:
    """The case against the one the last pack the panel received was made from."""
    sends = [e for e in record.events if e.event == "sent" and e.paper == PANEL_PACK.kind]
    if not sends:
        return DiffResult(
            case.reference,
            "No panel pack is recorded as sent to the panel yet (permdocs sent CASE_DIR"
            " panel-pack ...), so there is nothing to compare with.",
            (),
            False,
        )
    basis = sends[-1]
    made = f" dated {long_date(basis.dated)}" if basis.dated is not None else ""
    sentence = (
        f"Compared with the panel pack{made} sent to {basis.to} on {_day(basis.on)}, the last"
        " pack the panel received."
    )
    then = load_snapshot(record, basis.case_sha256, basis.case_file)
    if then is None:
        return DiffResult(
            case.reference,
            sentence + " The case file it was made from was not kept, so it cannot be compared.",
            (),
            False,
        )
    return DiffResult(case.reference, sentence, tuple(case_changes(then, case)), True)


def _day(value: date | None) -> str:
    return long_date(value) if value is not None else "an unrecorded day"


def case_diff(folder: Path | str, options: BuildOptions | None = None) -> DiffResult:
    """What has changed in the case folder's case since the last pack the panel received."""
    run = CaseRun.start(folder, options or BuildOptions())
    return changes_since_pack(run.case, run.record)


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
