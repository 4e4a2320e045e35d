"""Building a case's documents: choose, render and verify them all in memory, then write them
all (with manifest.json) or nothing.

The order is what makes a build safe to re-run: nothing touches the output folder until every
requested document has rendered and passed verification, and then ``output.write_all`` puts them
in place atomically under the folder's lock, refusing to replace existing files without
``force``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..checks import Finding
from ..checks.report import findings_as_markdown
from ..checks.wording import contacts
from ..errors import PermdocsError, RenderError
from ..policy.conditions import Context, holds
from ..policy.documents import KINDS, LETTERS, PANEL_PACK, REPORTS, DocumentKind
from ..write.audit import written_record
from ..write.manifest import COMPLETENESS_NAME, MANIFEST_NAME, BuiltDocument, manifest_json
from ..write.output import check_replaceable, output_lock, write_all
from .diff import changes_since_pack, diff_markdown
from .keep import keep_sent, record_reissues, sent_kinds, sent_reports
from .letters import render_letters
from .options import BuildOptions
from .pack import earlier_pack_notices, pack_for_build
from .papers import case_papers, paper_rows, paper_states, states_by_file, written_entries
from .run import CaseRun, combined_failure


@dataclass(frozen=True)
class BuildResult:
    reference: str
    case_folder: Path
    out: Path
    draft: bool
    as_of: date
    documents: tuple[BuiltDocument, ...]
    skipped: tuple[str, ...]
    """Kinds not built because they do not apply to this case (e.g. no panel)."""
    written: tuple[Path, ...]
    manifest: Path
    findings: tuple[Finding, ...] = ()
    """The completeness findings, also written to completeness.md."""
    notices: tuple[str, ...] = ()
    """Things the user should know that stopped nothing (e.g. no LibreOffice for the PDF pack)."""
    up_to_date: bool = False
    """Every file this build makes was already there, byte for byte, so nothing was written."""


def _reissuing_pack(options: BuildOptions) -> bool:
    return PANEL_PACK.kind in options.reissue


def select_kinds(
    only: Iterable[str] | None, context: Context
) -> tuple[list[DocumentKind], list[str]]:
    """The kinds to build: those asked for with ``only`` (all of them, whether or not they
    apply), else every report that applies to the case and, once the ADM has decided, the
    letters (``letters.plan_letters`` then decides who receives which). Returns (to build,
    skipped)."""
    if only:
        wanted = list(dict.fromkeys(only))
        unknown = [name for name in wanted if name not in KINDS]
        if unknown:
            raise RenderError(
                f"unknown document kind: {', '.join(unknown)}",
                hint="use one of: " + ", ".join(KINDS),
            )
        return [KINDS[name] for name in wanted], []
    chosen = [kind for kind in REPORTS if holds(kind.when, context)]
    skipped = [kind.kind for kind in REPORTS if kind not in chosen]
    if context.case.decision is not None:
        chosen += LETTERS
    return chosen, skipped


def build_case(folder: Path | str, options: BuildOptions | None = None) -> BuildResult:
    """Render a case's documents from Word templates and write them with manifest.json.

    Writes into ``folder/out`` (or ``options.out``) one ``<reference>_<kind>.docx`` per document:
    every report that applies to the case and, once the ADM has decided, the letters; or just the
    kinds in ``options.only``. ``options.templates`` is a folder of the council's templates, used
    kind by kind in place of the bundled ones. Ages and dates that depend on today are worked out
    as of ``options.as_of`` (default: today).

    Everything is rendered and verified in memory first; if any document fails, nothing is
    written (RenderError / TemplateError list every failure). Existing outputs are replaced only
    with ``options.force`` (else OutputError). ``options.draft`` marks gaps as [MISSING: ...] and
    the pages as DRAFT instead of refusing documents with missing values. ``options.command`` is
    recorded in the output folder's audit log.

    With ``options.pack``, the panel pack is made too when the reports it holds are among those
    built (see ``build.pack.build_pack``) and written with them; the result's ``notices`` say
    when there was no LibreOffice for its PDF.
    """
    options = options or BuildOptions()
    run = CaseRun.start(folder, options)
    with run.telling_what_was_put_right():
        return _build(run, folder, options)


def _build(run: CaseRun, folder: Path | str, options: BuildOptions) -> BuildResult:
    case = run.case
    record = run.record
    kinds, skipped = select_kinds(options.only, run.context)
    papers = case_papers(case, run.profile, run.context.as_of)
    # A kind whose every paper is sent writes nothing new, so its blockers stop nothing.
    kept_kinds = sent_kinds(record, options.reissue, [(p.name, p.kind) for p in papers if p.due])
    run.refuse_blocked(kind.kind for kind in kinds if kind.kind not in kept_kinds)

    reports, sent_as_sent = sent_reports(
        record, run.out, (kind for kind in kinds if kind.family != "letter"), options.reissue
    )
    documents, failures = run.render_reports(reports)
    documents += sent_as_sent
    notices: tuple[str, ...] = run.settled
    if any(kind.family == "letter" for kind in kinds):
        wanted = {kind.kind for kind in kinds if kind.family == "letter"}
        try:
            letters = render_letters(run)
        except PermdocsError as error:
            failures.append((KINDS[sorted(wanted)[0]], error))
        else:
            documents += [document for document in letters.documents if document.kind in wanted]
            notices += letters.notices()
    if failures:
        raise combined_failure([error for _, error in failures], len(kinds), "documents")
    out_dir = run.out
    kept = keep_sent(documents, record, out_dir, options.reissue)
    documents = kept.documents
    sent_pack = record.sent_papers().get(PANEL_PACK.kind)
    if options.pack and sent_pack is not None and not _reissuing_pack(options):
        notices += (f"{PANEL_PACK.kind}: kept as sent (a record); the panel has it as it was",)
    elif options.pack:
        packed, pack_notices = pack_for_build(run, documents)
        kept_pack = keep_sent(packed, record, out_dir, options.reissue)
        documents += kept_pack.documents
        kept.files.update(kept_pack.files)
        kept.replaceable |= kept_pack.replaceable
        kept.reissued += kept_pack.reissued
        kept.notices += kept_pack.notices
        notices += pack_notices
    notices += tuple(kept.notices)

    # Sent papers are not among the files written (keep_sent left them out unless missing), so
    # neither the ownership rule nor --force can replace them: only --reissue, which keeps the
    # version sent beside the new one.
    files = kept.files
    # A pack kept as sent is not "from an earlier run" that might be mistaken for this one.
    current = [d.file_name for d in documents] + list(sent_pack.files if sent_pack else ())
    about_to_write = written_entries(
        documents, draft=options.draft, case_sha256=run.folder.source.sha256
    )
    states = paper_states(papers, record, out_dir, about_to_write)
    completeness = findings_as_markdown(
        case,
        run.findings,
        as_of=run.context.as_of,
        profile=run.profile.name,
        people=contacts(case),
        file=run.folder.source.path.name,
        papers=paper_rows(states),
        appendix=diff_markdown(changes_since_pack(case, record)),
    ).encode("utf-8")
    files[COMPLETENESS_NAME] = completeness
    audit = written_record(
        command=list(options.command) or ["permdocs", "build", str(folder)],
        case_sha256=run.folder.source.sha256,
        documents=documents,
        attachments=[run.folder.folder / attachment.path for attachment in case.attachments],
        draft=options.draft,
    )
    written: list[Path] = []
    with output_lock(out_dir) as settled:
        notices += (*settled, *earlier_pack_notices(out_dir, case.reference, current))
        up_to_date = not options.force and not kept.reissued and _up_to_date(out_dir, files)
        if not up_to_date:
            files[MANIFEST_NAME] = manifest_json(
                documents,
                case_sha256=run.folder.source.sha256,
                draft=options.draft,
                as_of=run.context.as_of,
                files={COMPLETENESS_NAME: completeness},
                earlier=out_dir / MANIFEST_NAME,
                states=states_by_file(states),
            )
            # Ownership decides what else may be replaced without --force; a reissued paper's
            # own file was checked against its sent version by keep_sent, so it may be.
            fresh = [name for name in files if name not in kept.replaceable]
            check_replaceable(out_dir, fresh, force=options.force)
            written = write_all(out_dir, files, force=True, audit=audit)
            record_reissues(run.folder.folder, kept.reissued)
    return BuildResult(
        reference=case.reference,
        case_folder=run.folder.folder,
        out=out_dir,
        draft=options.draft,
        as_of=run.context.as_of,
        documents=tuple(documents),
        skipped=tuple(skipped),
        written=tuple(written),
        manifest=out_dir / MANIFEST_NAME,
        findings=tuple(run.findings),
        notices=notices,
        up_to_date=up_to_date,
    )


def _up_to_date(out_dir: Path, files: dict[str, bytes]) -> bool:
    """Whether each of ``files`` is already in ``out_dir`` exactly (documents render the same
    bytes from the same case, templates and date), beside a manifest: nothing to write."""
    if not (out_dir / MANIFEST_NAME).is_file():
        return False
    for name, data in files.items():
        try:
            if (out_dir / name).read_bytes() != data:
                return False
        except OSError:
            return False
    return True
