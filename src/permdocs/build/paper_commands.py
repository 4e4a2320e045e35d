"""``permdocs status``, ``permdocs checked`` and ``permdocs sent``: each paper's state, and the
two steps that move it on, recorded in the case's record (``write.records``).

The state machine, at its edges:

- only a paper that is due and built final, as permdocs wrote it, can be marked checked; a sent
  paper is a record and is not checked again (``build --reissue`` makes a new version);
- only a checked paper can be marked sent (the checks must be of the very files in the output
  folder); a birth parent's letter in a placement with any confidentiality flag needs a second
  check, by someone other than its author (the person who checked it first);
- a letter cannot be sent before the decision it reports, and nothing is sent in the future;
- a sent paper may be sent again (to another person, or another way) without a new check: it is
  the same record.

Marking sent keeps a copy of each file in ``record/sent/`` and records the case file the paper
was made from, so later builds keep it byte for byte and ``check`` can say what has changed since.
Both commands then note each paper's state in ``manifest.json``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import OutputError, RecordError
from ..load.records import METHODS, Event, PaperRecord, read_record
from ..policy.calendar import long_date
from ..write.manifest import MANIFEST_NAME
from ..write.output import output_lock, write_all
from ..write.records import account, append_event, keep_case_copy, keep_sent_copy, now
from .options import BuildOptions
from .papers import (
    LETTERS_MANIFEST,
    Paper,
    PaperStatus,
    case_papers,
    paper_states,
    select,
    state_entry,
)
from .run import CaseRun


@dataclass(frozen=True)
class StatusResult:
    reference: str
    out: Path
    papers: tuple[PaperStatus, ...]
    unreadable: int = 0
    """Lines of the record that could not be read (left alone)."""


@dataclass(frozen=True)
class MarkResult:
    reference: str
    marked: tuple[PaperStatus, ...]
    """The papers marked, in their new state."""
    notices: tuple[str, ...] = ()


def _start(folder: Path | str, options: BuildOptions | None) -> tuple[CaseRun, PaperRecord]:
    run = CaseRun.start(folder, options or BuildOptions())
    return run, read_record(run.folder.folder)


def papers_status(folder: Path | str, options: BuildOptions | None = None) -> StatusResult:
    """Every paper of the case and its state (``permdocs status``), by owner's order."""
    run, record = _start(folder, options)
    papers = case_papers(run.case, run.profile, run.context.as_of)
    states = paper_states(papers, record, run.out)
    return StatusResult(run.case.reference, run.out, tuple(states), record.unreadable)


def _name(value: str, what: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise RecordError(f"{what} is blank", hint=f"give {what}, e.g. --by 'Lorraine Doyle'")
    if len(text) > 200:
        raise RecordError(f"{what} is too long ({len(text)} characters)", hint="shorten it")
    return text


def mark_checked(
    folder: Path | str,
    names: Sequence[str],
    *,
    by: str,
    on: date | None = None,
    options: BuildOptions | None = None,
) -> MarkResult:
    """Record that ``by`` checked each paper in ``names`` (a paper's name or a kind) on ``on``
    (default today). Raises RecordError, recording nothing, if any cannot be checked."""
    checker = _name(by, "who checked it")
    day = on or date.today()
    run, record = _start(folder, options)
    _not_in_future(day)
    chosen = select(case_papers(run.case, run.profile, run.context.as_of), names)
    states = paper_states(chosen, record, run.out)
    problems: list[str] = []
    notices: list[str] = []
    to_mark: list[PaperStatus] = []
    for status in states:
        paper, built = status.paper, status.built
        if status.state == "not due":
            problems.append(f"{paper.name} is not due: {paper.why_not_due}")
        elif status.state == "sent":
            problems.append(
                f"{paper.name} was sent on {_first_sent(status)}: it is a record and is not"
                f" checked again (for a new version: permdocs build --reissue {paper.name})"
            )
        elif built is None:
            problems.append(f"{paper.name} is not built yet: build it first (permdocs build)")
        elif built.status == "draft":
            problems.append(f"{paper.name} was built as a draft: build it final, then check it")
        elif built.status == "changed":
            problems.append(
                f"{paper.name}: the file in {run.out} is not the one permdocs wrote (it was"
                " changed or replaced since), so its check could not be traced to the case;"
                " build it again, then check it"
            )
        elif any(c.by.casefold() == checker.casefold() for c in status.checks):
            notices.append(f"{paper.name} was already checked by {checker}; recorded once")
        else:
            to_mark.append(status)
    if problems:
        raise RecordError(
            "nothing was recorded: " + "; ".join(problems),
            hint="deal with each paper named, then run the command again",
        )
    for status in to_mark:
        assert status.built is not None
        append_event(
            run.folder.folder,
            Event(
                event="checked",
                paper=status.paper.name,
                kind=status.paper.kind,
                at=now(),
                account=account(),
                files=dict(status.built.files),
                on=day,
                by=checker,
                dated=status.built.dated,
                case_sha256=status.built.case_sha256,
            ),
        )
    return _finish(run, chosen, notices)


def mark_sent(
    folder: Path | str,
    names: Sequence[str],
    *,
    to: str,
    method: str,
    on: date | None = None,
    options: BuildOptions | None = None,
) -> MarkResult:
    """Record that each paper in ``names`` was sent to ``to`` by ``method`` (post, secure-email,
    handed) on ``on`` (default today). Raises RecordError, recording nothing, if any cannot be
    sent (see the module's state machine)."""
    recipient = _name(to, "who it was sent to")
    if method not in METHODS:
        raise RecordError(
            f"{method!r} is not a way of sending", hint=f"use one of: {', '.join(METHODS)}"
        )
    day = on or date.today()
    run, record = _start(folder, options)
    _not_in_future(day)
    chosen = select(case_papers(run.case, run.profile, run.context.as_of), names)
    states = paper_states(chosen, record, run.out)
    problems = [problem for status in states if (problem := _cannot_send(status, run, day))]
    if problems:
        raise RecordError(
            "nothing was recorded: " + "; ".join(problems),
            hint="deal with each paper named, then run the command again",
        )
    notices: list[str] = []
    for status in states:
        notices += _send(status, run, record, recipient, method, day)
    return _finish(run, chosen, notices)


def _first_sent(status: PaperStatus) -> str:
    on = status.sent.first.on if status.sent is not None else None
    return long_date(on) if on is not None else "an unrecorded day"


def _not_in_future(day: date) -> None:
    if day > date.today():
        raise RecordError(
            f"{long_date(day)} is in the future: a paper is recorded once it has happened",
            hint="give the day it was checked or sent (--on YYYY-MM-DD), or leave --on out for today",
        )


def _cannot_send(status: PaperStatus, run: CaseRun, day: date) -> str:
    paper, built = status.paper, status.built
    decision = run.case.decision
    letter = paper.kind.startswith(("letter-", "permanency-"))
    if letter and decision is not None and day < decision.date:
        return (
            f"{paper.name} reports the decision of {long_date(decision.date)} and cannot have"
            f" been sent before it, on {long_date(day)}"
        )
    if status.state == "sent":
        return ""  # the same record, to someone else or another way
    if status.state == "not due":
        return f"{paper.name} is not due: {paper.why_not_due}"
    if built is None:
        return f"{paper.name} is not built yet: build it, check it, then mark it sent"
    if status.state != "checked":
        return (
            f"{paper.name} has not been checked: run permdocs checked CASE {paper.name} --by NAME"
            " first"
        )
    if built.case_sha256 != run.folder.source.sha256:
        # What is recorded as sent must be traceable to a case file the record keeps.
        return (
            f"{paper.name} was built from an earlier version of the case file: build it again"
            " from the case as it is, and check it, before marking it sent"
        )
    if paper.second_check:
        checkers = list(dict.fromkeys(check.by for check in status.checks))
        if len({name.casefold() for name in checkers}) < 2:
            return (
                f"{paper.name} goes to a birth parent in a confidential placement, so it needs a"
                f" second check by someone other than its author ({checkers[0]}, who checked it"
                f" first) before it is sent: run permdocs checked CASE {paper.name} --by"
                " 'SECOND CHECKER'"
            )
    return ""


def _send(
    status: PaperStatus, run: CaseRun, record: PaperRecord, to: str, method: str, day: date
) -> list[str]:
    paper = status.paper
    case_folder = run.folder.folder
    notices: list[str] = []
    if status.sent is not None:  # sent before: the same files again
        files, version = dict(status.sent.files), status.sent.version
        first = status.sent.first
        dated, case_sha, case_file = first.dated, first.case_sha256, first.case_file
    else:
        assert status.built is not None
        files, version = dict(status.built.files), record.version(paper.name)
        dated, case_sha = status.built.dated, status.built.case_sha256
        case_file = run.folder.source.path.name
        for name in files:
            try:
                data = (run.out / name).read_bytes()
            except OSError as exc:
                raise OutputError(
                    f"{run.out / name}: cannot read the paper to keep a copy ({exc.strerror})",
                    hint="check the output folder, then run the command again",
                ) from exc
            keep_sent_copy(case_folder, name, data)
        if case_sha == run.folder.source.sha256:
            raw = run.folder.source.path.read_bytes()
            if hashlib.sha256(raw).hexdigest() == case_sha:
                keep_case_copy(case_folder, run.folder.source.path, case_sha, raw)
        if dated is not None and paper.kind.startswith("letter-") and dated != day:
            notices.append(
                f"{paper.name} is dated {long_date(dated)} and was sent on {long_date(day)}"
            )
    append_event(
        case_folder,
        Event(
            event="sent",
            paper=paper.name,
            kind=paper.kind,
            at=now(),
            account=account(),
            files=files,
            on=day,
            by=method,
            to=to,
            address_sha256=_address_hash(paper, method, to),
            case_sha256=case_sha,
            case_file=case_file,
            dated=dated,
            version=version,
        ),
    )
    return notices


def _address_hash(paper: Paper, method: str, to: str) -> str:
    """A hash of the address used, so the record shows which address without holding it: a
    letter posted or handed over to its address block as printed; anything emailed, the
    address it went to."""
    if method == "secure-email" or not paper.address:
        text = to.strip().casefold() if method != "handed" else ""
    else:
        text = "\n".join(paper.address)
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else ""


def _finish(run: CaseRun, chosen: Sequence[Paper], notices: Sequence[str]) -> MarkResult:
    record = read_record(run.folder.folder)
    papers = case_papers(run.case, run.profile, run.context.as_of)
    states = paper_states(papers, record, run.out)
    note_states(run.out, states)
    names = {paper.name for paper in chosen}
    marked = tuple(status for status in states if status.paper.name in names)
    return MarkResult(run.case.reference, marked, tuple(notices))


def note_states(out: Path, states: Sequence[PaperStatus]) -> None:
    """Write each paper's state into the manifests' entries for its files (atomically, under the
    output folder's lock). Nothing to do when there is no manifest yet."""
    by_file = {name: status for status in states for name in status.paper.files}
    updated: dict[str, bytes] = {}
    for manifest in (MANIFEST_NAME, LETTERS_MANIFEST):
        try:
            payload = json.loads((out / manifest).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(payload, dict):
            continue
        for entry in payload.get("documents") or []:
            status = by_file.get(entry.get("path", "")) if isinstance(entry, dict) else None
            if status is not None:
                entry["state"] = state_entry(status)
        updated[manifest] = (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode()
    if updated:
        with output_lock(out):
            write_all(out, updated, force=True)
