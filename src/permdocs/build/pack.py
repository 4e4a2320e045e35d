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
import os
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConversionError, PermdocsError, RecordError, RenderError
from ..pack.contents import PackContents, PackEntry, ensure_complete, plan_contents
from ..pack.index import PackIndexView, render_index
from ..policy.conditions import because, holds
from ..policy.documents import KINDS, PACK_REPORTS, PANEL_PACK
from ..render.viewmodel import with_pack_pages
from ..write.audit import written_record
from ..write.manifest import MANIFEST_NAME, BuiltDocument, merged_manifest
from ..write.output import check_replaceable, output_lock, write_all
from .keep import Kept, keep_sent, record_reissues, sent_bytes
from .options import BuildOptions
from .run import CaseRun

if TYPE_CHECKING:
    from ..pack.assemble import AssembledPack, PackPart
    from ..pack.convert import PdfConverter

# The assembly and LibreOffice handling (pypdf, docxcompose) are imported only when a pack is
# made, so that a build without the pack does not pay for them at start-up.
SOFFICE_ENV = "PERMDOCS_SOFFICE"
"""``pack.convert.SOFFICE_ENV``, named here without importing it (a test holds them equal)."""

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


def pack_parts(
    run: CaseRun, reports: Mapping[str, bytes]
) -> tuple[PackContents, list[PackPart], list[str]]:
    """The case's pack planned and its parts made, in pack order: ``reports`` are rendered
    reports by kind; any report the pack holds and ``reports`` lacks is rendered here, and the
    attached papers are read and made safe, with notices of what was taken out of them. Raises
    PackIncompleteError for a final pack with papers owed, ConversionError naming every attached
    paper that cannot go in, and the render errors of the reports."""
    from ..pack.assemble import PackPart

    if not holds(PANEL_PACK.when, run.context):
        raise RenderError(
            f"there is no panel pack for this case: it is made only when {because(PANEL_PACK.when)}",
            hint="a match that goes straight to the Agency Decision Maker needs no panel papers; "
            "check panel: in the case file if this one should go to panel",
        )
    contents = plan_contents(
        run.case, run.profile, as_of=run.context.as_of, folder=run.folder.folder
    )
    if not run.options.draft:
        ensure_complete(contents)
    rendered = dict(reports)
    for name in contents.reports:
        if name not in rendered:
            try:
                rendered[name] = run.render_report(KINDS[name]).data
            except PermdocsError as error:
                raise error.with_note("The panel pack was not made; nothing was written.") from None
    count = len(contents.entries)

    def front_sheet(pack_view: PackIndexView) -> bytes:
        """The front sheet for one pack: its "Papers for panel" with their pages in that pack,
        as the pack's index gives them (the first rows; any after are papers owed)."""
        pages = [row.pages for row in pack_view.rows[:count]]
        view = with_pack_pages(run.view_at(run.dating("panel-front-sheet")), pages)
        return run.render_report(KINDS["panel-front-sheet"], view).data

    notices: list[str] = []
    parts = []
    problems: list[ConversionError] = []
    for entry in contents.entries:
        if entry.generated:
            numbered = front_sheet if entry.kind == "panel-front-sheet" else None
            parts.append(PackPart(entry, rendered[entry.kind], numbered=numbered))
            continue
        # Another agency's paper: read within limits and made safe before anything opens it.
        try:
            data, cleaned = _attached_paper(entry, web_links=run.profile.pack.web_links)
        except ConversionError as problem:
            problems.append(problem)  # every paper is checked, so all are named at once
            continue
        parts.append(PackPart(entry, data))
        notices += cleaned
    if problems:
        raise _papers_refused(problems)
    return contents, parts, notices


def make_pack(run: CaseRun, reports: Mapping[str, bytes]) -> MadePack:
    """The case's panel pack, in memory. ``reports`` are rendered reports by kind; any report the
    pack holds and ``reports`` lacks is rendered here. Raises PackIncompleteError for a final
    pack with papers owed, ConversionError when a paper or LibreOffice fails, and the render
    errors of the reports and the index."""
    contents, parts, notices = pack_parts(run, reports)
    return assemble_made(run, contents, parts, run.case.reference, notices)


def assemble_made(
    run: CaseRun,
    contents: PackContents,
    parts: Sequence[PackPart],
    stem: str,
    notices: Sequence[str] = (),
) -> MadePack:
    """Both packs of ``parts`` (in order) with ``run``'s index page, as files named after
    ``stem`` (a case reference, or several for a panel item); ``notices`` are what making the
    parts had to say (what was taken out of an attached paper)."""
    from ..pack.assemble import assemble_pack
    from ..pack.convert import PdfConverter

    draft, pdf, pdfa, as_of = (
        run.options.draft,
        run.options.pdf,
        run.options.pdfa,
        run.context.as_of,
    )
    web_links = run.profile.pack.web_links
    told = list(notices)
    template, source = run.template(PANEL_PACK)
    dated = run.dating(PANEL_PACK.kind)

    def index(pack_view: PackIndexView) -> bytes:
        return render_index(
            template,
            run.view_at(dated),
            pack_view,
            conditions=run.context,
            draft=draft,
            as_of=as_of,
            dated=dated.dated,
        )

    try:
        with contextlib.ExitStack() as stack:
            converter: PdfConverter | None = None
            if pdf and _libreoffice_expected():
                # This process's long-lived LibreOffice, kept for every later pack it makes.
                converter = stack.enter_context(PdfConverter(persistent=True))
                told += converter.removed_left_behind
            elif pdf:
                told.append(NO_LIBREOFFICE)
            assembled = assemble_pack(
                parts,
                contents.owed,
                render_index=index,
                converter=converter,
                reference=stem,
                draft=draft,
                pdfa=pdfa,
                web_links=web_links,
            )
    except ConversionError as error:
        raise _nothing_written(error) from None
    if converter is not None:
        told += _one_libreoffice_per_call(converter.soffice)
    files = [(".docx", assembled.docx, "Panel pack: the Word papers")]
    if assembled.pdf is not None:
        files.append((".pdf", assembled.pdf, "Panel pack (PDF/A)" if pdfa else "Panel pack (PDF)"))
    documents = tuple(
        BuiltDocument.made(
            PANEL_PACK,
            title=title,
            file_name=pack_file_name(stem, suffix),
            data=data,
            template=source,
            template_sha256=template.sha256,
            template_contract=template.contract,
            dated=dated,
        )
        for suffix, data, title in files
    )
    return MadePack(contents, assembled, documents, tuple(told))


def pack_for_build(
    run: CaseRun, documents: Sequence[BuiltDocument]
) -> tuple[list[BuiltDocument], tuple[str, ...]]:
    """``build --pack``: the pack files to write with the build's documents, and notices.

    The pack is made from the reports just built, so it holds exactly what is written beside
    it; when the build leaves out one of them (``--only``), there is no pack and a notice says
    why.
    """
    reports = {document.kind: document.data for document in documents}
    lacking = [kind for kind in PACK_REPORTS if kind not in reports]
    if not holds(PANEL_PACK.when, run.context):
        return [], (f"no panel pack: it is made only when {because(PANEL_PACK.when)}",)
    if lacking:
        return [], (
            "no panel pack: it holds " + ", ".join(lacking) + ", which this build leaves out",
        )
    made = make_pack(run, reports)
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


def find_soffice() -> Path | None:
    """``pack.convert.find_soffice`` (imported when first needed)."""
    from ..pack.convert import find_soffice as find

    return find()


def _one_libreoffice_per_call(soffice: Path) -> list[str]:
    """A notice when this process could not keep one LibreOffice running (no Python that can
    import LibreOffice's ``uno``): the PDFs were made, but LibreOffice started for every call."""
    from ..pack.office import UNO_PYTHON_ENV, persistent_problem

    problem = persistent_problem(soffice)
    if problem is None:
        return []
    return [
        "the PDF pack was made by starting LibreOffice for each conversion, which is slower, "
        f"because LibreOffice could not be kept running ({problem}). To keep one running, "
        "install LibreOffice's Python binding (Debian/Ubuntu: apt-get install python3-uno) or "
        f"set {UNO_PYTHON_ENV} to a Python that can import uno"
    ]


def _libreoffice_expected() -> bool:
    """Whether to try for a PDF pack. LibreOffice simply not being installed is not an error
    (the Word pack is still made, with a notice); a PERMDOCS_SOFFICE that points nowhere is, as
    someone asked for that LibreOffice and should hear it was not found."""
    return find_soffice() is not None or bool(os.environ.get(SOFFICE_ENV, "").strip())


def _attached_paper(entry: PackEntry, *, web_links: bool) -> tuple[bytes, list[str]]:
    """An attached paper's bytes, made safe (``pack.papers``), and notices of what was taken out."""
    if entry.path is None:  # pragma: no cover - every attachment entry has a path
        raise RenderError(f"{entry.title}: no file")
    label = f"{entry.title} ({entry.path.name})"
    from ..pack.papers import clean_paper, read_paper

    data = read_paper(entry.path, label)
    return clean_paper(data, label, pdf=entry.format == "pdf", web_links=web_links)


def _papers_refused(problems: Sequence[ConversionError]) -> ConversionError:
    count = len(problems)
    hints = list(dict.fromkeys(problem.hint for problem in problems if problem.hint))
    return ConversionError(
        f"{count} attached paper{'s' if count != 1 else ''} cannot be put in the pack, so "
        "nothing was written:\n  " + "\n  ".join(problem.message for problem in problems),
        hint="; ".join(hints)
        or "open each paper named above, save it again as PDF (or Word), and replace the file "
        "in attachments/",
    )


def build_pack(folder: Path | str, options: BuildOptions | None = None) -> PackResult:
    """Assemble the case's panel pack and write it with manifest.json.

    The pack holds, in the council's checklist order, the front sheet, the checklist, the
    matching meeting report's Parts 2 and 3, then every attached paper, after an index page that
    gives each paper's pages, and the front sheet's "Papers for panel" gives them too. Writes
    ``<reference>_panel-pack-word-papers.docx`` (the reports and the Word papers, a section each
    with its own headers and footers; PDF papers cannot be Word content, so its index sends the
    reader to the PDF pack for them) and, where LibreOffice is installed
    and ``options.pdf`` is true, ``<reference>_panel-pack.pdf`` (every paper, a bookmark each,
    every page stamped with its pack page number; PDF/A-2b with ``options.pdfa``, which needs
    PDF/A attachments).

    A final pack is refused (PackIncompleteError, naming each paper and its owner) while the
    panel checklist shows a required paper missing, and (BlockedError) while a blocker stops one
    of its reports; ``options.draft`` makes it anyway, the gaps listed in the index. Everything
    is made in memory first: a damaged paper or a failing LibreOffice (ConversionError) means
    nothing is written. Without LibreOffice only the Word pack is written and the result's
    ``notices`` say how to get the PDF. Other options as for ``build_case``.
    """
    options = options or BuildOptions()
    run = CaseRun.start(folder, options)
    with run.telling_what_was_put_right():
        return _build_pack(run, folder, options)


def _build_pack(run: CaseRun, folder: Path | str, options: BuildOptions) -> PackResult:
    case, when, draft, out_dir = run.case, run.context.as_of, options.draft, run.out
    if not draft:
        # As a final build of the same reports would: owed papers first (named, with owners),
        # then anything else that stops those reports going out as final.
        contents = plan_contents(case, run.profile, as_of=when, folder=run.folder.folder)
        ensure_complete(contents)
        # A report already sent goes into the pack as sent: its blockers stop nothing.
        sent_now = run.record.sent_papers()
        run.refuse_blocked(kind for kind in contents.reports if kind not in sent_now)
    record = run.record
    sent = record.sent_papers()
    reissue = PANEL_PACK.kind in options.reissue
    if PANEL_PACK.kind in sent and not reissue:
        raise RecordError(
            f"the panel pack was sent on {sent[PANEL_PACK.kind].first.on}: it is kept as the"
            " panel received it, and nothing was written",
            hint="for a new version, run permdocs build --reissue panel-pack (the pack sent is"
            " kept beside it)",
        )
    names = [pack_file_name(case.reference, suffix) for suffix in (".docx", ".pdf")]
    # Before the slow part, so a pack that could not be written is not made first.
    if not reissue:
        check_replaceable(out_dir, names if options.pdf else names[:1], force=options.force)
    # Reports sent to the panel go into the pack as they were sent.
    reports = {
        kind: sent_bytes(record, out_dir, name, sha)
        for kind in PACK_REPORTS
        if (paper := sent.get(kind)) is not None
        for name, sha in paper.files.items()
    }
    made = make_pack(run, reports)
    kept = keep_sent(made.documents, record, out_dir, options.reissue)
    return write_pack(run, made, case.reference, folder, kept=kept)


def write_pack(
    run: CaseRun, made: MadePack, stem: str, folder: Path | str, *, kept: Kept | None = None
) -> PackResult:
    """Write a pack made in memory, with manifest.json and the audit line, into ``run``'s output
    folder under its lock (nothing is replaced without ``--force`` but the manifest and, for a
    reissue, the files ``kept`` allows). ``kept`` is what the case's record of sent papers made
    of the pack (``keep_sent``); without it, the pack is written as made."""
    options, out_dir, when = run.options, run.out, run.context.as_of
    if kept is None:
        kept = Kept(list(made.documents), {d.file_name: d.data for d in made.documents})
    files = kept.files
    audit = written_record(
        command=list(options.command) or ["permdocs", "pack", str(folder)],
        case_sha256=run.folder.source.sha256,
        documents=made.documents,
        attachments=[entry.path for entry in made.contents.entries if entry.path is not None],
        draft=options.draft,
    )
    notices = [*run.settled, *made.notices, *kept.notices]
    with output_lock(out_dir) as settled:
        notices += [*settled, *earlier_pack_notices(out_dir, stem, files)]
        check_replaceable(
            out_dir, [n for n in files if n not in kept.replaceable], force=options.force
        )
        files[MANIFEST_NAME] = merged_manifest(
            out_dir / MANIFEST_NAME,
            made.documents,
            case_sha256=run.folder.source.sha256,
            draft=options.draft,
            as_of=when,
        )
        # Only the manifest may be replaced without --force: it lists what is there.
        written = write_all(out_dir, files, force=True, audit=audit)
        record_reissues(run.folder.folder, kept.reissued)
    pdf_pages = made.assembled.pdf_ranges[-1].last if made.assembled.pdf_ranges else None
    return PackResult(
        reference=stem,
        out=out_dir,
        draft=options.draft,
        as_of=when,
        contents=made.contents,
        documents=made.documents,
        notices=tuple(notices),
        written=tuple(written),
        manifest=out_dir / MANIFEST_NAME,
        pdf_pages=pdf_pages,
    )


WORD_PACK_SUFFIX = "-word-papers"
"""The Word pack holds only the papers in Word (PDF papers cannot be Word content), so its name
says so, and never shares the stem of the PDF pack, which holds every paper."""
# What the Word pack was called before it was named for what it holds: still listed by
# earlier_pack_notices, so an old one left in out/ is not mistaken for this run's.
_OLD_WORD_PACK = "{reference}_panel-pack.docx"


def pack_file_name(reference: str, suffix: str) -> str:
    """``<reference>_panel-pack.pdf`` (every paper) or ``<reference>_panel-pack-word-papers.docx``."""
    held = WORD_PACK_SUFFIX if suffix == ".docx" else ""
    return f"{reference}_{PANEL_PACK.kind}{held}{suffix}"


def earlier_pack_notices(out_dir: Path, reference: str, replacing: Collection[str]) -> list[str]:
    """A notice for each pack file in ``out_dir`` that this run leaves as it was, since it was
    made from earlier documents and could otherwise go to panel in their place."""
    names = [pack_file_name(reference, suffix) for suffix in (".docx", ".pdf")]
    names.append(_OLD_WORD_PACK.format(reference=reference))
    return [
        f"{name} in {out_dir} is from an earlier run and may not match the documents now beside "
        "it; make the pack again (permdocs pack, where LibreOffice is installed for the PDF) "
        "or delete it"
        for name in names
        if name not in replacing and (out_dir / name).exists()
    ]
