"""Sent papers kept byte for byte through every build, and ``--reissue`` for a new version.

A build renders every document as usual; then each document that belongs to a sent paper is
replaced by the paper as it was sent (from the output folder when it is still there unchanged,
else from the copy in ``record/sent/``), so ``--force`` and ``--draft`` never touch it and the
panel pack is made from it. ``--reissue NAME`` instead writes the new rendering in its place and
keeps the sent version beside it, named with its version and the day it was sent
(``PF-2026-0142_ppm-referral.v1-2026-01-12.docx``), a name no other file can have; the record
then counts a new version, not sent until ``permdocs sent`` says so.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import RecordError
from ..load.records import Event, PaperRecord, Sent
from ..policy.dating import SENT_RECORD, Dating
from ..policy.documents import DocumentKind
from ..write.manifest import BuiltDocument
from ..write.records import account, append_event, now


@dataclass
class Kept:
    """A build's documents after sent papers are kept, and what that means for the writing."""

    documents: list[BuiltDocument]
    """Every document, sent ones as they were sent."""
    files: dict[str, bytes]
    """What to write: new renderings, a sent file only where it is missing, reissued versions."""
    replaceable: set[str] = field(default_factory=set)
    """Names this run may replace without --force (a reissued paper's main files)."""
    reissued: list[Event] = field(default_factory=list)
    """To record once the files are written."""
    notices: list[str] = field(default_factory=list)


def reissued_names(record: PaperRecord, wanted: Iterable[str]) -> dict[str, Sent]:
    """The sent papers ``wanted`` (a paper's name or a kind) names. A name that matches no sent
    paper is a RecordError: there is nothing to reissue, a --force build replaces it."""
    sent = record.sent_papers()
    chosen: dict[str, Sent] = {}
    for name in wanted:
        found = {n: s for n, s in sent.items() if name in (n, s.kind)}
        if not found:
            raise RecordError(
                f"--reissue {name}: no paper of that name has been sent, so there is nothing to"
                " reissue; nothing was written",
                hint="a paper not yet sent is replaced by building with --force; see permdocs"
                " status for each paper's state",
            )
        chosen.update(found)
    return chosen


def keep_sent(
    documents: Sequence[BuiltDocument], record: PaperRecord, out: Path, reissue: Iterable[str]
) -> Kept:
    """The build's documents with every sent paper kept as sent, except those reissued."""
    again = reissued_names(record, reissue)
    by_file = {
        name: (paper, sent) for paper, sent in record.sent_papers().items() for name in sent.files
    }
    kept = Kept([], {})
    for document in documents:
        found = by_file.get(document.file_name)
        if found is None:
            kept.documents.append(document)
            kept.files[document.file_name] = document.data
            continue
        paper, sent = found
        earlier = sent_bytes(record, out, document.file_name, sent.files[document.file_name])
        if paper in again:
            day = sent.first.on.isoformat() if sent.first.on else "undated"
            path = Path(document.file_name)
            kept_as = f"{path.stem}.v{sent.version}-{day}{path.suffix}"
            kept.files[kept_as] = earlier
            kept.files[document.file_name] = document.data
            kept.replaceable.add(document.file_name)
            kept.documents.append(document)
            kept.reissued.append(
                Event(
                    event="reissued",
                    paper=paper,
                    kind=sent.kind,
                    at=now(),
                    account=account(),
                    files={document.file_name: document.sha256},
                    version=sent.version + 1,
                    kept_as={document.file_name: kept_as},
                )
            )
            kept.notices.append(
                f"{paper}: a new version, not yet sent; the version sent on {day} is kept as"
                f" {kept_as}"
            )
            continue
        kept.documents.append(as_sent(document, earlier, sent))
        if not (out / document.file_name).exists():
            kept.files[document.file_name] = earlier
        kept.notices.append(
            f"{paper}: kept as sent on {sent.first.on or 'an unrecorded day'} (a record);"
            f" for a new version use --reissue {paper}"
        )
    _merge_reissues(kept)
    return kept


def _merge_reissues(kept: Kept) -> None:
    """One reissue event per paper, naming all its files (the pack has two)."""
    merged: dict[str, Event] = {}
    for event in kept.reissued:
        if event.paper in merged:
            first = merged[event.paper]
            merged[event.paper] = replace(
                first,
                files={**first.files, **event.files},
                kept_as={**first.kept_as, **event.kept_as},
            )
        else:
            merged[event.paper] = event
    kept.reissued = list(merged.values())
    kept.notices = list(dict.fromkeys(kept.notices))


def sent_reports(
    record: PaperRecord, out: Path, kinds: Iterable[DocumentKind], reissue: Iterable[str]
) -> tuple[list[DocumentKind], list[BuiltDocument]]:
    """Of the report ``kinds`` a build asks for, those to render, and the sent ones as sent
    (not rendered at all: a field a sent report printed may since have gone, and it must not
    stop the build)."""
    again = set(reissued_names(record, reissue))
    sent = record.sent_papers()
    render: list[DocumentKind] = []
    kept: list[BuiltDocument] = []
    for kind in kinds:
        paper = sent.get(kind.kind)
        if paper is None or kind.kind in again:
            render.append(kind)
            continue
        for name, sha in paper.files.items():
            data = sent_bytes(record, out, name, sha)
            kept.append(
                as_sent(
                    BuiltDocument.made(
                        kind, file_name=name, data=data, template="as sent", template_sha256=""
                    ),
                    data,
                    paper,
                )
            )
    return render, kept


def sent_bytes(record: PaperRecord, out: Path, name: str, sha256: str) -> bytes:
    """A sent file's bytes: from the output folder if unchanged there, else the record's copy.
    A file changed in the output folder since it was sent is an error: it is not silently put
    back, and not silently kept."""
    path = out / name
    if path.exists():
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() == sha256:
            return data
        raise RecordError(
            f"{path}: this paper was sent, but the file has changed since; nothing was written",
            hint="move the changed file aside (the version sent is kept in the case's record"
            " and is put back by the next build), then run the command again",
        )
    try:
        data = record.sent_copy(sha256, name).read_bytes()
    except OSError:
        data = b""
    if hashlib.sha256(data).hexdigest() != sha256:
        raise RecordError(
            f"{name}: the version sent is neither in the output folder nor in the case's record;"
            " nothing was written",
            hint="restore record/sent/ from a backup of the case folder",
        )
    return data


def as_sent(document: BuiltDocument, data: bytes, sent: Sent) -> BuiltDocument:
    dated = sent.first.dated
    return replace(
        document,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        template="as sent",
        dated=Dating(dated, dated, SENT_RECORD) if dated is not None else document.dated,
    )


def sent_kinds(
    record: PaperRecord, reissue: Iterable[str], papers: Iterable[tuple[str, str]]
) -> set[str]:
    """Kinds every due paper of which is sent (and not being reissued): their blockers stop
    nothing, since nothing of theirs is written. ``papers`` is (name, kind) of each due paper."""
    again = set(reissued_names(record, reissue)) if reissue else set()
    sent = {name for name in record.sent_papers() if name not in again}
    by_kind: dict[str, list[str]] = {}
    for name, kind in papers:
        by_kind.setdefault(kind, []).append(name)
    return {kind for kind, names in by_kind.items() if all(name in sent for name in names)}


def record_reissues(case_folder: Path, reissued: Sequence[Event]) -> None:
    """Record each reissue in the case's record, once its files are written."""
    for event in reissued:
        append_event(case_folder, event)
