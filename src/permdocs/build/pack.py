"""Producing a case's panel pack: plan it, render what it needs, assemble it, write it.

:func:`make_pack` is the in-memory half, shared by ``permdocs pack`` and ``permdocs build
--pack``: it plans the pack from the panel checklist (``pack_contents``), refuses a final pack
while a paper is owed, reads the attached papers, renders the index, and assembles the Word pack
and, where LibreOffice is installed, the PDF pack (``pack``). It returns the files as
:class:`~permdocs.build.BuiltDocument` entries (kind ``panel-pack``), so the build writes them
with its own documents and manifest.

:func:`build_pack` is ``permdocs pack``: load, check, render the reports the pack holds, make the
pack, then write the pack files and manifest.json all-or-nothing under the output folder's lock.
The manifest's other entries (the reports a build wrote) are kept; the pack's entries are
replaced and say which case file, date and status they were made from.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..api import CaseFolder, case_profile, load_case
from ..checks import blockers_for, run_checks
from ..errors import BlockedError, ConversionError, OutputError, PermdocsError, RenderError
from ..pack.assemble import AssembledPack, PackPart, assemble_pack
from ..pack.contents import PackContents, ensure_complete, plan_contents
from ..pack.convert import SOFFICE_ENV, PdfConverter, find_soffice
from ..pack.index import PackIndexView, render_index
from ..policy.conditions import Context, because, holds
from ..policy.documents import KINDS, PACK_REPORTS, PANEL_PACK
from ..policy.profiles import BUNDLED_DIR as BUNDLED_PROFILES
from ..policy.profiles import Profile
from ..render.engine import render_document
from ..render.viewmodel import CaseView, build_view, document_context, keep_required
from ..write.audit import record_written
from ..write.output import check_replaceable, output_lock, write_all
from .reports import (
    MANIFEST_NAME,
    BuiltDocument,
    _profile_dir,
    earlier_pack_notices,
    pack_file_name,
    template_for,
)

NO_LIBREOFFICE = (
    "no PDF pack: LibreOffice is not installed. The Word pack holds the documents prepared for "
    "panel and the Word papers; for the PDF pack (every paper, page numbers, a bookmark per "
    "paper) install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui "
    "fonts-crosextra-carlito fonts-crosextra-caladea; Windows/macOS: libreoffice.org) or set "
    f"{SOFFICE_ENV} to the soffice program, then run permdocs pack again"
)


@dataclass(frozen=True)
class MadePack:
    """A pack made in memory, not yet written."""

    contents: PackContents
    assembled: AssembledPack
    documents: tuple[BuiltDocument, ...]
    """The Word pack, then the PDF pack when there is one."""
    notices: tuple[str, ...]


@dataclass(frozen=True)
class PackResult:
    reference: str
    out: Path
    draft: bool
    as_of: date
    contents: PackContents
    documents: tuple[BuiltDocument, ...]
    notices: tuple[str, ...]
    written: tuple[Path, ...] = field(default=())
    manifest: Path | None = None
    pdf_pages: int | None = None


def make_pack(
    folder: CaseFolder,
    profile: Profile,
    *,
    reports: Mapping[str, bytes],
    view: CaseView,
    as_of: date,
    draft: bool,
    templates: Path | None = None,
    profile_dir: Path = BUNDLED_PROFILES,
    pdf: bool = True,
    pdfa: bool = False,
) -> MadePack:
    """The case's panel pack, in memory. ``reports`` are rendered reports by kind; any report the
    pack holds and ``reports`` lacks is rendered here. Raises PackIncompleteError for a final
    pack with papers owed, ConversionError when a paper or LibreOffice fails, and the render
    errors of the reports and the index."""
    case = folder.case
    conditions = Context(case=case, profile=profile, as_of=as_of)
    if not holds(PANEL_PACK.when, conditions):
        raise RenderError(
            f"there is no panel pack for this case: it is made only when {because(PANEL_PACK.when)}",
            hint="a match that goes straight to the Agency Decision Maker needs no panel papers; "
            "check panel: in the case file if this one should go to panel",
        )
    contents = plan_contents(case, profile, as_of=as_of, folder=folder.folder)
    if not draft:
        ensure_complete(contents)
    missing = [kind for kind in contents.reports if kind not in reports]
    rendered = {
        **reports,
        **_render_reports(
            missing,
            case_view=view,
            profile=profile,
            folder=folder,
            as_of=as_of,
            draft=draft,
            templates=templates,
            profile_dir=profile_dir,
        ),
    }
    parts = [
        PackPart(entry, rendered[entry.kind] if entry.generated else _read(entry.path, entry.title))
        for entry in contents.entries
    ]
    template, source = template_for(
        PANEL_PACK, templates=templates, profile=profile, profile_dir=profile_dir
    )

    def index(pack_view: PackIndexView) -> bytes:
        return render_index(
            template, view, pack_view, conditions=conditions, draft=draft, as_of=as_of
        )

    notices: list[str] = []
    try:
        with contextlib.ExitStack() as stack:
            converter: PdfConverter | None = None
            if pdf and _libreoffice_expected():
                converter = stack.enter_context(PdfConverter())
            elif pdf:
                notices.append(NO_LIBREOFFICE)
            assembled = assemble_pack(
                parts,
                contents.owed,
                render_index=index,
                converter=converter,
                reference=case.reference,
                draft=draft,
                pdfa=pdfa,
            )
    except ConversionError as error:
        raise _nothing_written(error) from None
    files = [(".docx", assembled.docx, "Panel pack (Word)")]
    if assembled.pdf is not None:
        files.append((".pdf", assembled.pdf, "Panel pack (PDF/A)" if pdfa else "Panel pack (PDF)"))
    documents = tuple(
        BuiltDocument.made(
            PANEL_PACK,
            title=title,
            file_name=pack_file_name(case.reference, suffix),
            data=data,
            template=source,
            template_sha256=template.sha256,
        )
        for suffix, data, title in files
    )
    return MadePack(contents, assembled, documents, tuple(notices))


def pack_for_build(
    folder: CaseFolder,
    profile: Profile,
    documents: Sequence[BuiltDocument],
    *,
    view: CaseView,
    as_of: date,
    draft: bool,
    templates: Path | None,
    profile_dir: Path,
    pdfa: bool,
) -> tuple[list[BuiltDocument], tuple[str, ...]]:
    """``build --pack``: the pack files to write with the build's documents, and notices.

    The pack is made from the reports just built, so it holds exactly what is written beside
    it; when the build leaves out one of them (``--only``), there is no pack and a notice says
    why.
    """
    reports = {document.kind: document.data for document in documents}
    lacking = [kind for kind in PACK_REPORTS if kind not in reports]
    if not holds(PANEL_PACK.when, Context(case=folder.case, profile=profile, as_of=as_of)):
        return [], (f"no panel pack: it is made only when {because(PANEL_PACK.when)}",)
    if lacking:
        return [], (
            "no panel pack: it holds " + ", ".join(lacking) + ", which this build leaves out",
        )
    made = make_pack(
        folder,
        profile,
        reports=reports,
        view=view,
        as_of=as_of,
        draft=draft,
        templates=templates,
        profile_dir=profile_dir,
        pdfa=pdfa,
    )
    return list(made.documents), made.notices


def _nothing_written(error: ConversionError) -> ConversionError:
    """The converter's error, told as the pack's: nothing at all was written (its own advice
    says the Word documents were still produced, which is true of a build, not of a pack)."""
    message = error.message
    if "nothing was written" not in message.lower():
        message += "\nThe panel pack was not made; nothing was written."
    hint = _STILL_PRODUCED.sub("", error.hint)
    override = os.environ.get(SOFFICE_ENV, "").strip()
    if override and "could not turn" in message:
        hint += f"; if every document failed, check that {SOFFICE_ENV}={override} is LibreOffice"
    return ConversionError(message, hint=hint)


_STILL_PRODUCED = re.compile(r";?\s*the (other )?Word documents were still produced")


def _libreoffice_expected() -> bool:
    """Whether to try for a PDF pack. LibreOffice simply not being installed is not an error
    (the Word pack is still made, with a notice); a PERMDOCS_SOFFICE that points nowhere is, as
    someone asked for that LibreOffice and should hear it was not found."""
    return find_soffice() is not None or bool(os.environ.get(SOFFICE_ENV, "").strip())


def _read(path: Path | None, title: str) -> bytes:
    if path is None:  # pragma: no cover - every attachment entry has a path
        raise RenderError(f"{title}: no file")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RenderError(
            f"{title} ({path.name}): cannot read the attached paper ({exc.strerror}); nothing "
            "was written",
            hint="check the file is in attachments/ and that you can open it",
        ) from exc


def _render_reports(
    kinds: Sequence[str],
    *,
    case_view: CaseView,
    profile: Profile,
    folder: CaseFolder,
    as_of: date,
    draft: bool,
    templates: Path | None,
    profile_dir: Path,
) -> dict[str, bytes]:
    """Render reports exactly as ``build_case`` does (same templates, same required-gap rule)."""
    conditions = Context(case=folder.case, profile=profile, as_of=as_of)
    rendered: dict[str, bytes] = {}
    for name in kinds:
        kind = KINDS[name]
        template, _source = template_for(
            kind, templates=templates, profile=profile, profile_dir=profile_dir
        )
        context = keep_required(
            document_context(case_view, kind, draft=draft, as_of=as_of), kind, conditions
        )
        try:
            rendered[name] = render_document(
                template, context, document=f"{kind.kind} ({kind.title})", draft=draft
            )
        except PermdocsError as error:
            raise type(error)(
                f"{error.message}\nThe panel pack was not made; nothing was written.",
                hint=error.hint,
            ) from None
    return rendered


def build_pack(
    folder: Path | str,
    *,
    out: Path | None = None,
    templates: Path | None = None,
    force: bool = False,
    draft: bool = False,
    as_of: date | None = None,
    profile: Profile | str | None = None,
    pdf: bool = True,
    pdfa: bool = False,
    command: Sequence[str] = (),
) -> PackResult:
    """``permdocs pack``: see ``api.build_pack``."""
    loaded = load_case(Path(folder))
    case = loaded.case
    chosen = case_profile(loaded, profile)
    when = as_of or date.today()
    out_dir = Path(out) if out is not None else loaded.folder / "out"
    if not draft:
        # As a final build of the same reports would: owed papers first (named, with owners),
        # then anything else that stops those reports going out as final.
        contents = plan_contents(case, chosen, as_of=when, folder=loaded.folder)
        ensure_complete(contents)
        blockers = blockers_for(run_checks(case, chosen, when), contents.reports)
        if blockers:
            raise BlockedError(blockers, list(contents.reports))
    names = [pack_file_name(case.reference, suffix) for suffix in (".docx", ".pdf")]
    # Before the slow part, so a pack that could not be written is not made first.
    check_replaceable(out_dir, names if pdf else names[:1], force=force)
    made = make_pack(
        loaded,
        chosen,
        reports={},
        view=build_view(case, chosen, as_of=when),
        as_of=when,
        draft=draft,
        templates=templates,
        profile_dir=_profile_dir(loaded, profile),
        pdf=pdf,
        pdfa=pdfa,
    )
    files = {document.file_name: document.data for document in made.documents}
    notices = [*made.notices, *earlier_pack_notices(out_dir, case.reference, files)]
    with output_lock(out_dir):
        check_replaceable(out_dir, list(files), force=force)
        files[MANIFEST_NAME] = _merged_manifest(
            out_dir / MANIFEST_NAME,
            made.documents,
            case_sha256=loaded.source.sha256,
            draft=draft,
            as_of=when,
        )
        # Only the manifest may be replaced without --force: it lists what is there.
        written = write_all(out_dir, files, force=True)
        record_written(
            out_dir,
            command=list(command) or ["permdocs", "pack", str(folder)],
            case_sha256=loaded.source.sha256,
            documents=made.documents,
            attachments=[entry.path for entry in made.contents.entries if entry.path is not None],
            draft=draft,
        )
    pdf_pages = made.assembled.pdf_ranges[-1].last if made.assembled.pdf_ranges else None
    return PackResult(
        reference=case.reference,
        out=out_dir,
        draft=draft,
        as_of=when,
        contents=made.contents,
        documents=made.documents,
        notices=tuple(notices),
        written=tuple(written),
        manifest=out_dir / MANIFEST_NAME,
        pdf_pages=pdf_pages,
    )


def _merged_manifest(
    path: Path,
    documents: Sequence[BuiltDocument],
    *,
    case_sha256: str,
    draft: bool,
    as_of: date,
) -> bytes:
    """manifest.json with this pack's entries in place of any earlier pack's, the rest kept.

    Each pack entry names the case file, date and status it was made from, since a pack may be
    made after (and from a later case file than) the reports the manifest already lists.
    """
    status = "draft" if draft else "final"
    now = datetime.now(UTC).isoformat(timespec="seconds")
    entries: list[dict[str, Any]] = [
        {
            **document.manifest_entry(),
            "status": status,
            "as_of": as_of.isoformat(),
            "case_sha256": case_sha256,
        }
        for document in documents
    ]
    try:
        existing = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        existing = None
    except (OSError, ValueError) as exc:
        raise OutputError(
            f"{path}: cannot read the existing manifest, so the pack was not written ({exc})",
            hint="move the damaged manifest.json aside (a build writes a new one), then run "
            "permdocs pack again",
        ) from exc
    if isinstance(existing, dict) and isinstance(existing.get("documents"), list):
        kept = [
            entry
            for entry in existing["documents"]
            if not (isinstance(entry, dict) and entry.get("kind") == PANEL_PACK.kind)
        ]
        payload = {**existing, "documents": kept + entries, "updated_at": now}
    else:
        payload = {
            "documents": entries,
            "status": status,
            "as_of": as_of.isoformat(),
            "case_sha256": case_sha256,
            "permdocs_version": __version__,
            "generated_at": now,
        }
    return (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
