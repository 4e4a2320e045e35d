"""``permdocs pack --panel-item``: one pack for a sibling group matched with the same carers.

Siblings matched together each have their own case file and papers, but the panel hears them as
one item (Southwark). The panel-item pack is made from the case named and every
sibling case it links to (``siblings[*].linked_case``): one index, then each child's papers in
turn (front sheet, checklist, Parts 2 and 3, the matching meeting record, then the attached
papers, in the council's checklist order), each titled with the child's name. A paper the
children share is included once, where it first comes, titled with every child it belongs to:
the same file (by its SHA-256), or a paper about the carers or the whole group (the carers'
assessment, the sibling assessment, the joint PPM minutes, the family finding papers) with the
same kind, title and date in each case file.

A final pack is refused while any child's checklist shows a paper owed, a blocker stops any
child's reports (the linked cases disagreeing about the carers, matching meeting or panel is
one), or a linked case cannot be read. The pack is written into the named case's output folder
as ``<reference>+<reference>..._panel-pack-word-papers.docx`` (and ``..._panel-pack.pdf``), with its manifest and audit line.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from ..errors import RenderError
from ..pack.assemble import PackPart
from ..pack.contents import OwedPaper, PackContents, ensure_complete, plan_contents
from ..write.output import check_replaceable
from .options import BuildOptions
from .pack import PackResult, assemble_made, pack_file_name, pack_parts, write_pack
from .run import CaseRun

SHARED_KINDS: frozenset[str] = frozenset(
    {
        "form-f",
        "form-f-update",
        "annual-review",
        "connected-person-assessment",
        "temporary-approval",
        "sibling-assessment",
        "ppm-minutes",
        "child-profile",
        "linking-record",
        "ifa-business-case",
        "ifa-panel-recommendation",
    }
)
"""Papers about the carers or the whole sibling group: the same kind, title and date in two
children's case files is one paper."""


def item_runs(folder: Path | str, options: BuildOptions) -> list[CaseRun]:
    """The named case, then each linked sibling's case, read from their folders."""
    lead = CaseRun.start(folder, options)
    if not lead.context.linked:
        raise RenderError(
            f"{lead.case.reference} names no brother or sister matched with the same carers, so"
            " there is no panel item of several children",
            hint="use permdocs pack without --panel-item, or add linked_case (reference and"
            " folder) to each such sibling under siblings",
        )
    unreadable = [link for link in lead.context.linked if link.case is None]
    if unreadable:
        lines = "; ".join(
            f"{link.reference} in {link.folder}: {link.problem}" for link in unreadable
        )
        raise RenderError(
            f"the panel item cannot be made: a linked sibling's case cannot be read ({lines})",
            hint="run permdocs check on the case to see why, and correct linked_case.folder",
        )
    return [lead, *(CaseRun.start(link.folder, options) for link in lead.context.linked)]


def _key(part: PackPart) -> tuple[str, str, str]:
    return (part.entry.kind, part.entry.title, part.entry.date)


def combine(
    made: list[tuple[CaseRun, PackContents, list[PackPart]]],
) -> tuple[PackContents, list[PackPart]]:
    """One panel item's contents from each child's: their papers in turn, titled with the
    child's name; a shared paper (same bytes, or a shared kind with the same title and date)
    once, where it first comes, titled with every child it belongs to."""
    owners: dict[object, list[str]] = {}
    # First pass: who each attached paper belongs to.
    keyed: list[list[object | None]] = []
    for run, _contents, parts in made:
        row: list[object | None] = []
        for part in parts:
            if part.entry.generated:
                row.append(None)
                continue
            key = _identity(owners, part)
            names = owners.setdefault(key, [])
            if run.case.child.known_as not in names:
                names.append(run.case.child.known_as)
            row.append(key)
        keyed.append(row)
    parts_out: list[PackPart] = []
    owed: list[OwedPaper] = []
    placed: set[object] = set()
    for (run, contents, parts), keys in zip(made, keyed, strict=True):
        name = run.case.child.known_as
        for part, key in zip(parts, keys, strict=True):
            if key is not None:
                if key in placed:
                    continue
                placed.add(key)
                who = " and ".join(owners[key])
            else:
                who = name
            title = part.entry.title
            titled = title if title.startswith(f"{who}:") else f"{who}: {title}"
            parts_out.append(PackPart(replace(part.entry, title=titled), part.data))
        owed += [replace(paper, label=f"{name}: {paper.label}") for paper in contents.owed]
    contents = PackContents(entries=tuple(part.entry for part in parts_out), owed=tuple(owed))
    return contents, parts_out


def _identity(owners: dict[object, list[str]], part: PackPart) -> object:
    """The key a paper is known by: an earlier paper it is the same as, else its own bytes."""
    digest = hashlib.sha256(part.data).hexdigest()
    shared = _key(part) if part.entry.kind in SHARED_KINDS else None
    for key in owners:
        if key == digest or (shared is not None and key == shared):
            return key
    return shared if shared is not None else digest


def build_panel_item_pack(folder: Path | str, options: BuildOptions | None = None) -> PackResult:
    """The panel-item pack of the case in ``folder`` and every sibling case it links to (see the
    module docstring). Options and errors as for ``build_pack``; a case without linked siblings,
    or with one that cannot be read, is refused (RenderError)."""
    options = options or BuildOptions()
    runs = item_runs(folder, options)
    lead = runs[0]
    with lead.telling_what_was_put_right():
        return _build_item_pack(runs, folder, options)


def _build_item_pack(runs: list[CaseRun], folder: Path | str, options: BuildOptions) -> PackResult:
    lead = runs[0]
    if not options.draft:
        for run in runs:
            contents = plan_contents(
                run.case, run.profile, as_of=run.context.as_of, folder=run.folder.folder
            )
            ensure_complete(contents)
            run.refuse_blocked(contents.reports)
    stem = "+".join(run.case.reference for run in runs)
    names = [pack_file_name(stem, suffix) for suffix in (".docx", ".pdf")]
    check_replaceable(lead.out, names if options.pdf else names[:1], force=options.force)
    made: list[tuple[CaseRun, PackContents, list[PackPart]]] = []
    notices: list[str] = []
    for run in runs:
        contents, parts, cleaned = pack_parts(run, {})
        made.append((run, contents, parts))
        notices += cleaned
    contents, parts = combine(made)
    return write_pack(lead, assemble_made(lead, contents, parts, stem, notices), stem, folder)
