"""Every paper of a case and its state: not due, not built, drafted, checked (by whom, when) or
sent (to whom, how, when).

A paper is one document a person sends: a report, one letter (each birth parent's letter is its
own paper), or the panel pack (its Word and PDF files together). Whether it is due comes from the
document registry's conditions and, for letters, from ``letters.plan``; what was built from the
output folder's manifests and the files themselves; what was checked and sent from the case's
record (``load.records``). The state is worked out here and nowhere else, so ``permdocs status``,
``completeness.md`` and ``manifest.json`` always agree.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from ..checks.report import PaperRow
from ..errors import RecordError
from ..letters.plan import plan_letters
from ..load.records import Event, PaperRecord, Sent
from ..model import Case
from ..model.fields import Owner
from ..policy.calendar import long_date
from ..policy.conditions import Context, because, holds
from ..policy.documents import LETTERS, PANEL_PACK, REPORTS, DocumentKind
from ..policy.profiles import Profile
from ..write.manifest import MANIFEST_NAME, BuiltDocument
from .pack import pack_file_name

LETTERS_MANIFEST = "letters-manifest.json"
State = Literal["not due", "not built", "drafted", "checked", "sent"]
STATES: tuple[State, ...] = ("not due", "not built", "drafted", "checked", "sent")

OWNERS: dict[str, Owner] = {
    "ppm-referral": "child's social worker",
    "matching-report-part2": "child's social worker",
    "matching-report-part3": "fostering social worker",
    "matching-meeting-record": "fostering social worker",
    "panel-front-sheet": "panel adviser",
    "panel-checklist": "panel adviser",
    PANEL_PACK.kind: "panel adviser",
}
"""Who writes each report (the letters are business support's, for the ADM)."""


@dataclass(frozen=True)
class Paper:
    """One paper of the case: what it is, where its files go, and whether it is due."""

    name: str
    """How commands name it: its kind, or for a letter the kind and recipient."""
    kind: str
    title: str
    owner: Owner
    files: tuple[str, ...]
    due: bool
    why_not_due: str = ""
    recipient: str = ""
    """For a letter: who it is addressed to, by role ("birth parent (mother)")."""
    address: tuple[str, ...] = ()
    """For a letter: the address block as printed on it (addressee, organisation, address)."""
    second_check: bool = False
    """A birth parent's letter in a placement with any confidentiality flag: it is sent only
    once someone other than its author has checked it too."""


BuiltEntry = tuple[str, str, date | None, str]
"""(SHA-256, final or draft, the document's date, the case file's SHA-256)."""


@dataclass(frozen=True)
class Built:
    """What the output folder holds of a paper."""

    files: dict[str, str]
    """File name -> SHA-256 of the file in the output folder."""
    status: str
    """final or draft, as the manifest records it; "changed" when a file is not the one
    permdocs wrote (edited or replaced since)."""
    dated: date | None
    case_sha256: str


@dataclass(frozen=True)
class PaperStatus:
    paper: Paper
    state: State
    built: Built | None = None
    checks: tuple[Event, ...] = ()
    sent: Sent | None = None
    earlier: tuple[Event, ...] = field(default=())
    """Sends of versions before the current one (kept beside it after a reissue)."""

    def words(self) -> str:
        """The state in a few words, for a table: "checked by A on 3 March 2026"."""
        if self.state == "not due":
            return f"not due: {self.paper.why_not_due}"
        if self.state == "sent" and self.sent is not None:
            return "; ".join(
                f"sent to {send.to} by {send.by.replace('-', ' ')} on {_day(send.on)}"
                for send in self.sent.sends
            ) + (f" (version {self.sent.version})" if self.sent.version > 1 else "")
        if self.state == "checked":
            return "checked by " + "; ".join(f"{c.by} on {_day(c.on)}" for c in self.checks)
        if self.state == "drafted" and self.built is not None:
            if self.built.status == "changed":
                return "drafted; the file was changed after permdocs wrote it"
            if self.built.status == "draft":
                return "drafted (built as a draft)"
            return "drafted (built final), not checked yet"
        return "not built yet"


def _day(value: date | None) -> str:
    return long_date(value) if value is not None else "an unrecorded day"


# --- the papers of a case ----------------------------------------------------------------------


def case_papers(case: Case, profile: Profile, as_of: date) -> list[Paper]:
    """Every paper the case can have, due or not, in the order they are written."""
    context = Context(case=case, profile=profile, as_of=as_of)
    reference = case.reference
    papers = [
        Paper(
            kind.kind,
            kind.kind,
            kind.title,
            OWNERS[kind.kind],
            (kind.file_name(reference),),
            holds(kind.when, context),
            "" if holds(kind.when, context) else f"it is made only when {because(kind.when)}",
        )
        for kind in REPORTS
    ]
    papers += _letters(case, profile, as_of, context)
    pack_due = holds(PANEL_PACK.when, context)
    papers.append(
        Paper(
            PANEL_PACK.kind,
            PANEL_PACK.kind,
            PANEL_PACK.title,
            OWNERS[PANEL_PACK.kind],
            (pack_file_name(reference, ".docx"), pack_file_name(reference, ".pdf")),
            pack_due,
            "" if pack_due else f"it is made only when {because(PANEL_PACK.when)}",
        )
    )
    return papers


def _letter_not_due(kind: DocumentKind, reference: str, why: str) -> Paper:
    """A letter of ``kind`` that is not written for this case, and why."""
    return Paper(
        kind.kind,
        kind.kind,
        kind.title,
        "business support",
        (kind.file_name(reference),),
        False,
        why,
    )


def _letters(case: Case, profile: Profile, as_of: date, context: Context) -> list[Paper]:
    reference = case.reference
    if case.decision is None:
        return [_letter_not_due(kind, reference, "no decision is recorded yet") for kind in LETTERS]
    carers = case.carers
    confidential = case.school_confidential or (
        carers is not None and (carers.address_confidential or carers.names_confidential)
    )
    plan = plan_letters(case, profile, as_of)
    papers: list[Paper] = []
    for kind in LETTERS:
        planned = [letter for letter in plan.letters if letter.kind.kind == kind.kind]
        if not planned:
            notices = [n.message for n in plan.notices if kind.kind in n.documents]
            why = notices[0] if notices else f"it is written only when {because(kind.when)}"
            papers.append(
                _letter_not_due(kind, reference, why.removeprefix("no letter for the child: "))
            )
            continue
        for letter in planned:
            recipient = letter.recipient
            block = [recipient.addressee, recipient.organisation]
            if recipient.address is not None:
                address = recipient.address
                block += [*address.lines, address.town or "", address.postcode or ""]
            papers.append(
                Paper(
                    letter.name,
                    kind.kind,
                    kind.title + (f" ({letter.suffix})" if letter.suffix else ""),
                    "business support",
                    (letter.file_name(reference),),
                    holds(kind.when, context),
                    recipient=recipient.role,
                    address=tuple(line for line in block if line),
                    second_check=letter.audience == "birth-parent" and confidential,
                )
            )
    return papers


def select(papers: Sequence[Paper], names: Iterable[str]) -> list[Paper]:
    """The papers ``names`` asks for: a paper's name, or a kind for all of its papers. An
    unknown name is a RecordError naming the ones there are."""
    chosen: list[Paper] = []
    for name in names:
        found = [paper for paper in papers if name in (paper.name, paper.kind)]
        if not found:
            known = ", ".join(dict.fromkeys(paper.name for paper in papers))
            raise RecordError(
                f"no paper called {name!r} in this case",
                hint=f"use one of: {known}",
            )
        chosen += [paper for paper in found if paper not in chosen]
    return chosen


# --- what was built ----------------------------------------------------------------------------


def built_files(out: Path) -> dict[str, BuiltEntry]:
    """What the output folder's manifests say permdocs wrote: file name -> (SHA-256, final or
    draft, the document's date, the case file's SHA-256). The letters' own manifest is read
    after the build's, so a later ``permdocs letters`` run's entries win."""
    found: dict[str, BuiltEntry] = {}
    for name in (MANIFEST_NAME, LETTERS_MANIFEST):
        try:
            payload = json.loads((out / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(payload, dict):
            continue
        for entry in payload.get("documents") or []:
            if not isinstance(entry, dict) or "path" not in entry:
                continue
            dated = entry.get("dated")
            found[str(entry["path"])] = (
                str(entry.get("sha256", "")),
                str(entry.get("status") or payload.get("status") or "final"),
                date.fromisoformat(dated) if isinstance(dated, str) else None,
                str(entry.get("case_sha256") or payload.get("case_sha256") or ""),
            )
    return found


def _built(
    paper: Paper, out: Path, manifest: dict[str, BuiltEntry], written: dict[str, BuiltEntry]
) -> Built | None:
    files: dict[str, str] = {}
    statuses: list[str] = []
    dated: date | None = None
    case_sha = ""
    for name in paper.files:
        if name in written:
            sha = written[name][0]
            manifest = {**manifest, name: written[name]}
        else:
            try:
                data = (out / name).read_bytes()
            except OSError:
                continue
            sha = hashlib.sha256(data).hexdigest()
        files[name] = sha
        entry = manifest.get(name)
        if entry is None or entry[0] != sha:
            statuses.append("changed")
            continue
        statuses.append(entry[1])
        dated, case_sha = dated or entry[2], case_sha or entry[3]
    if not files:
        return None
    status = next((s for s in ("changed", "draft") if s in statuses), "final")
    return Built(files, status, dated, case_sha)


def paper_states(
    papers: Sequence[Paper],
    record: PaperRecord,
    out: Path,
    written: dict[str, BuiltEntry] | None = None,
) -> list[PaperStatus]:
    """Each paper's state, from the output folder and the record. ``written`` is what a build
    is about to write (file name -> its entry), read as if already in the folder."""
    manifest = built_files(out)
    states: list[PaperStatus] = []
    for paper in papers:
        earlier = tuple(record.earlier_sends(paper.name))
        sent = record.sent(paper.name)
        if sent is not None:
            states.append(PaperStatus(paper, "sent", sent=sent, earlier=earlier))
            continue
        if not paper.due:
            states.append(PaperStatus(paper, "not due", earlier=earlier))
            continue
        built = _built(paper, out, manifest, written or {})
        if built is None:
            states.append(PaperStatus(paper, "not built", earlier=earlier))
            continue
        checks = tuple(
            event
            for event in record.of(paper.name)
            if event.event == "checked" and event.files == built.files
        )
        state: State = "checked" if checks and built.status == "final" else "drafted"
        states.append(PaperStatus(paper, state, built, checks, earlier=earlier))
    return states


def state_entry(status: PaperStatus) -> dict[str, object]:
    """A paper's state as ``manifest.json`` records it beside its file."""
    entry: dict[str, object] = {"paper": status.paper.name, "state": status.state}
    if status.checks:
        entry["checked"] = [
            {"by": c.by, "on": c.on.isoformat() if c.on else None} for c in status.checks
        ]
    if status.sent is not None:
        entry["sent"] = [
            {
                "to": s.to,
                "method": s.by,
                "on": s.on.isoformat() if s.on else None,
                "address_sha256": s.address_sha256,
            }
            for s in status.sent.sends
        ]
        entry["version"] = status.sent.version
    return entry


def states_by_file(states: Sequence[PaperStatus]) -> dict[str, dict[str, object]]:
    """Each file's paper state, for the manifest."""
    return {name: state_entry(status) for status in states for name in status.paper.files}


def paper_rows(states: Sequence[PaperStatus]) -> list[PaperRow]:
    """The papers as completeness.md lists them."""
    return [
        PaperRow(
            title=status.paper.title,
            kind=status.paper.kind,
            owner=status.paper.owner,
            state=status.state,
            words=status.words(),
        )
        for status in states
    ]


def written_entries(
    documents: Sequence[BuiltDocument], *, draft: bool, case_sha256: str
) -> dict[str, BuiltEntry]:
    """What a build is about to write, as the manifest will record it."""
    status = "draft" if draft else "final"
    return {
        document.file_name: (
            document.sha256,
            status,
            document.dated.dated if document.dated is not None else None,
            case_sha256,
        )
        for document in documents
    }
