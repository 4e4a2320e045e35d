"""The case's record of its papers: who checked each, what was sent to whom, and what it was made
from, read from ``CASE_DIR/record/``.

The record is an append-only log, ``record/papers.jsonl``, one event per line:

- ``checked``: a paper (by its SHA-256) was checked, by whom and on what day;
- ``sent``: a paper was sent, to whom, how (post, secure email, handed), on what day, with a hash
  of the address used; the paper's bytes are kept in ``record/sent/`` and the case file it was
  made from in ``record/cases/``;
- ``reissued``: a sent paper was made again, and the earlier version kept under another name.

Builds themselves write nothing here (only ``--reissue`` adds its line): the case file a paper
was made from is copied into the record when the paper is marked sent.

A sent paper is a record: builds keep it byte for byte. Writing is ``write.records``; this
module only reads, and never fails on a line it does not understand (a newer permdocs may add
events): such a line is skipped and counted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import CaseDataError, RecordError
from ..model import Case
from .json_reader import parse_json
from .reader import parse_yaml

RECORD_DIR = "record"
EVENTS_NAME = "papers.jsonl"
SENT_DIR = "sent"
CASES_DIR = "cases"
METHODS: tuple[str, ...] = ("post", "secure-email", "handed")


@dataclass(frozen=True)
class Event:
    """One line of the record."""

    event: str
    paper: str
    """The paper's name: its kind, or for a letter the kind and recipient (letter-birth-parent-mother)."""
    kind: str
    at: str
    """When the line was written (UTC, ISO 8601)."""
    account: str = ""
    files: dict[str, str] = field(default_factory=dict)
    """File name -> SHA-256 of the version the event is about."""
    on: date | None = None
    """The day it was checked or sent."""
    by: str = ""
    """Who checked it; for ``sent``, how it went (post, secure-email, handed)."""
    to: str = ""
    address_sha256: str = ""
    case_sha256: str = ""
    case_file: str = ""
    """The case file's name (case.yaml or case.json), for the copy in ``record/cases/``."""
    dated: date | None = None
    """The paper's own date, as printed on it."""
    version: int = 1
    kept_as: dict[str, str] = field(default_factory=dict)
    """For ``reissued``: each earlier file's name -> the name it is kept under."""
    status: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        def day(name: str) -> date | None:
            value = data.get(name)
            return date.fromisoformat(value) if isinstance(value, str) and value else None

        return cls(
            event=str(data["event"]),
            paper=str(data["paper"]),
            kind=str(data.get("kind", "")),
            at=str(data.get("at", "")),
            account=str(data.get("account", "")),
            files={str(k): str(v) for k, v in dict(data.get("files") or {}).items()},
            on=day("on"),
            by=str(data.get("by", "")),
            to=str(data.get("to", "")),
            address_sha256=str(data.get("address_sha256", "")),
            case_sha256=str(data.get("case_sha256", "")),
            case_file=str(data.get("case_file", "")),
            dated=day("dated"),
            version=int(data.get("version", 1)),
            kept_as={str(k): str(v) for k, v in dict(data.get("kept_as") or {}).items()},
            status=str(data.get("status", "")),
        )

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"event": self.event, "paper": self.paper, "kind": self.kind}
        optional: dict[str, Any] = {
            "at": self.at,
            "account": self.account,
            "files": self.files,
            "on": self.on.isoformat() if self.on else "",
            "by": self.by,
            "to": self.to,
            "address_sha256": self.address_sha256,
            "case_sha256": self.case_sha256,
            "case_file": self.case_file,
            "dated": self.dated.isoformat() if self.dated else "",
            "kept_as": self.kept_as,
            "status": self.status,
        }
        data.update({key: value for key, value in optional.items() if value})
        data["version"] = self.version
        return data


@dataclass(frozen=True)
class Sent:
    """A paper's version that was sent: its files, and each time it went out."""

    paper: str
    kind: str
    version: int
    files: dict[str, str]
    sends: tuple[Event, ...]

    @property
    def first(self) -> Event:
        return self.sends[0]


@dataclass(frozen=True)
class PaperRecord:
    """Everything ``record/papers.jsonl`` holds, in order, with the questions builds ask of it."""

    folder: Path
    """The record's folder, ``CASE_DIR/record``."""
    events: tuple[Event, ...] = ()
    unreadable: int = 0
    """Lines that could not be read (a newer permdocs's, or damaged); they are left alone."""

    def of(self, paper: str) -> list[Event]:
        return [event for event in self.events if event.paper == paper]

    def version(self, paper: str) -> int:
        """The paper's current version: 1, plus one for each reissue."""
        return 1 + sum(1 for event in self.of(paper) if event.event == "reissued")

    def sent(self, paper: str) -> Sent | None:
        """The current version of ``paper``, if it has been sent (else None: not yet, or
        reissued since and the new version not sent yet)."""
        version = self.version(paper)
        sends = [e for e in self.of(paper) if e.event == "sent" and e.version == version]
        if not sends:
            return None
        return Sent(paper, sends[0].kind, version, dict(sends[0].files), tuple(sends))

    def sent_papers(self) -> dict[str, Sent]:
        """Every paper whose current version has been sent, by name."""
        names = dict.fromkeys(event.paper for event in self.events if event.event == "sent")
        return {name: sent for name in names if (sent := self.sent(name)) is not None}

    def earlier_sends(self, paper: str) -> list[Event]:
        """Sends of versions before the current one (kept beside it after a reissue)."""
        version = self.version(paper)
        return [e for e in self.of(paper) if e.event == "sent" and e.version < version]

    def checks(self, paper: str, sha256: str) -> list[Event]:
        """The checks of ``paper`` in the version whose main file has ``sha256``."""
        return [e for e in self.of(paper) if e.event == "checked" and sha256 in e.files.values()]

    def sent_dates(self) -> tuple[tuple[str, date], ...]:
        """(kind, day) for each paper whose current version was sent: the first day it went."""
        found = []
        for sent in self.sent_papers().values():
            if sent.first.on is not None:
                found.append((sent.kind, sent.first.on))
        return tuple(found)

    def sent_copy(self, sha256: str, file_name: str) -> Path:
        """Where the bytes of a sent file are kept."""
        return self.folder / SENT_DIR / (sha256 + Path(file_name).suffix)

    def case_copy(self, sha256: str, case_file: str) -> Path:
        """Where the case file a paper was made from is kept."""
        return self.folder / CASES_DIR / (sha256 + (Path(case_file).suffix or ".yaml"))


def read_record(case_folder: Path) -> PaperRecord:
    """The case folder's record of its papers (empty when there is none yet)."""
    folder = case_folder / RECORD_DIR
    path = folder / EVENTS_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return PaperRecord(folder)
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordError(
            f"{path}: cannot read the record of this case's papers ({exc})",
            hint="check the file's permissions; it is only ever appended to, never rewritten",
        ) from exc
    events, unreadable = _events(text.splitlines())
    return PaperRecord(folder, tuple(events), unreadable)


def _events(lines: Iterable[str]) -> tuple[list[Event], int]:
    events: list[Event] = []
    unreadable = 0
    for line in lines:
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            events.append(Event.from_json(data))
        except (ValueError, KeyError, TypeError):
            unreadable += 1
    return events, unreadable


def load_snapshot(record: PaperRecord, case_sha256: str, case_file: str) -> Case | None:
    """The case as it was when a paper was sent, from the record's copy of its case file; None
    when the copy is missing or no longer reads as a case (a field renamed since)."""
    return load_case_copy(record.case_copy(case_sha256, case_file))


def load_case_copy(path: Path) -> Case | None:
    """A kept copy of a case file, read and validated (None when missing or no longer valid)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        if path.suffix == ".json":
            data, _ = parse_json(text, path.name)
        else:
            data, _ = parse_yaml(text, path.name)
        return Case.model_validate(data)
    except (CaseDataError, ValueError):
        return None


def files_of(events: Iterable[Event]) -> Iterator[str]:
    for event in events:
        yield from event.files
