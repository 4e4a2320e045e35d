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
from ..policy.documents import KINDS, LETTERS, REPORTS, DocumentKind
from ..write.audit import written_record
from ..write.manifest import COMPLETENESS_NAME, MANIFEST_NAME, BuiltDocument, manifest_json
from ..write.output import output_lock, write_all
from .letters import render_letters
from .options import BuildOptions
from .pack import earlier_pack_notices, pack_for_build
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
    kinds, skipped = select_kinds(options.only, run.context)
    run.refuse_blocked(kind.kind for kind in kinds)

    documents, failures = run.render_reports(kind for kind in kinds if kind.family != "letter")
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
    if options.pack:
        packed, pack_notices = pack_for_build(run, documents)
        documents += packed
        notices += pack_notices

    out_dir = run.out
    files = {document.file_name: document.data for document in documents}
    completeness = findings_as_markdown(
        case,
        run.findings,
        as_of=run.context.as_of,
        profile=run.profile.name,
        people=contacts(case),
        file=run.folder.source.path.name,
    ).encode("utf-8")
    files[COMPLETENESS_NAME] = completeness
    audit = written_record(
        command=list(options.command) or ["permdocs", "build", str(folder)],
        case_sha256=run.folder.source.sha256,
        documents=documents,
        attachments=[run.folder.folder / attachment.path for attachment in case.attachments],
        draft=options.draft,
    )
    with output_lock(out_dir) as settled:
        notices += (*settled, *earlier_pack_notices(out_dir, case.reference, files))
        if not options.force and _up_to_date(out_dir, files):
            return BuildResult(
                reference=case.reference,
                case_folder=run.folder.folder,
                out=out_dir,
                draft=options.draft,
                as_of=run.context.as_of,
                documents=tuple(documents),
                skipped=tuple(skipped),
                written=(),
                manifest=out_dir / MANIFEST_NAME,
                findings=tuple(run.findings),
                notices=notices,
                up_to_date=True,
            )
        files[MANIFEST_NAME] = manifest_json(
            documents,
            case_sha256=run.folder.source.sha256,
            draft=options.draft,
            as_of=run.context.as_of,
            files={COMPLETENESS_NAME: completeness},
            earlier=out_dir / MANIFEST_NAME,
        )
        written = write_all(out_dir, files, force=options.force, audit=audit)
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
