"""Sent papers are records: what has changed in the case since each was sent, in the fields it
prints.

A paper marked sent (``permdocs sent``) is kept byte for byte by every later build: the panel,
the family or the agency has what it was sent. When the case changes afterwards in a field the
paper prints, ``check`` says so (``records.changed-since-sent``, a warning naming the paper and
each field), so the author can decide whether to send a new version (``build --reissue``).
"""

from __future__ import annotations

from datetime import date

from ..load.records import PaperRecord, load_snapshot
from ..model import Case
from ..model.fields import owner_of
from ..policy.calendar import long_date
from ..policy.documents import document_title, printed_by
from .changes import Change, case_changes
from .findings import Finding

CODES: dict[str, str] = {
    "records.changed-since-sent": "The case has changed, since a paper was sent, in a field the"
    " paper prints.",
}
# permdocs' own rule, with no public citation to give (sources are published citations only).
SOURCE = ""
_SHOWN = 6


def check_changed_since_sent(case: Case, record: PaperRecord) -> list[Finding]:
    """A warning for each sent paper whose printed fields have changed since it was sent."""
    findings: list[Finding] = []
    for name, sent in sorted(record.sent_papers().items()):
        first = sent.first
        then = load_snapshot(record, first.case_sha256, first.case_file)
        if then is None:
            continue
        changed = [c for c in case_changes(then, case) if printed_by(sent.kind, c.path)]
        if not changed:
            continue
        findings.append(_finding(name, sent.kind, first.on, first.to, changed))
    return findings


def _finding(name: str, kind: str, on: date | None, to: str, changed: list[Change]) -> Finding:
    when = long_date(on) if on is not None else "an unrecorded day"
    shown = "; ".join(f"{c.words()} ({c.path})" for c in changed[:_SHOWN])
    more = f"; and {len(changed) - _SHOWN} more" if len(changed) > _SHOWN else ""
    first = changed[0].path
    return Finding(
        code="records.changed-since-sent",
        severity="warning",
        documents=(kind,),
        field=first,
        label=changed[0].label,
        owner=owner_of(first),
        message=f"“{document_title(kind)}” ({name}) was sent to {to} on {when}; since then the"
        f" case has changed in {len(changed)} field(s) it prints: {shown}{more}. The paper sent"
        " is kept as it was.",
        fix="If the change must reach its readers, make a new version with permdocs build"
        f" --reissue {name} (the version sent is kept beside it), check it and send it;"
        " otherwise there is nothing to do.",
        source=SOURCE,
    )
