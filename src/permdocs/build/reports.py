"""Building a case's documents: choose, render and verify them all in memory, then write them
all (with manifest.json) or nothing.

The order is what makes a build safe to re-run: nothing touches the output folder until every
requested document has rendered and passed verification, and then ``output.write_all`` puts them
in place atomically under the folder's lock, refusing to replace existing files without
``force``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from .. import __version__
from ..api import CaseFolder, case_profile, load_case
from ..checks import Finding, blockers_for, run_checks
from ..checks.report import findings_as_markdown
from ..errors import BlockedError, PermdocsError, RenderError, TemplateError
from ..model import Case
from ..policy.conditions import Context, holds
from ..policy.documents import KINDS, LETTERS, PANEL_PACK, REPORTS, DocumentKind
from ..policy.profiles import BUNDLED_DIR as BUNDLED_PROFILES
from ..policy.profiles import Profile
from ..render.engine import PreparedTemplate, prepare_template, render_document
from ..render.viewmodel import build_view, document_context, keep_required
from ..resources import bundled_templates_dir
from ..write.audit import record_written
from ..write.output import output_lock, write_all

MANIFEST_NAME = "manifest.json"
COMPLETENESS_NAME = "completeness.md"


@dataclass(frozen=True)
class BuiltDocument:
    kind: str
    title: str
    audience: str
    file_name: str
    sha256: str
    template: str
    """Where the template came from: "bundled" or its path."""
    template_sha256: str
    data: bytes = field(repr=False)

    @classmethod
    def made(
        cls,
        kind: DocumentKind,
        *,
        title: str | None = None,
        file_name: str,
        data: bytes,
        template: str,
        template_sha256: str,
    ) -> BuiltDocument:
        """A document just rendered from ``kind``'s template (``title`` if not the kind's)."""
        return cls(
            kind=kind.kind,
            title=title or kind.title,
            audience=kind.audience,
            file_name=file_name,
            sha256=hashlib.sha256(data).hexdigest(),
            template=template,
            template_sha256=template_sha256,
            data=data,
        )

    def manifest_entry(self) -> dict[str, str]:
        """What a manifest records of this document: what it is, its hash and its template."""
        return {
            "kind": self.kind,
            "title": self.title,
            "audience": self.audience,
            "path": self.file_name,
            "sha256": self.sha256,
            "template": self.template,
            "template_sha256": self.template_sha256,
        }


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


def template_for(
    kind: DocumentKind, *, templates: Path | None, profile: Profile, profile_dir: Path
) -> tuple[PreparedTemplate, str]:
    """The template for ``kind``: from ``--templates`` if it has one, else from the council
    profile's folder if it has one, else the bundled template. Kind by kind, so a council can
    replace just the documents it wants to. Returns the template and where it came from (its
    path, or "bundled"). A council's template is checked against the case schema first
    (``lint.ensure_usable``) and refused with every problem found."""
    path, source = locate_template(
        kind, templates=templates, profile=profile, profile_dir=profile_dir
    )
    if source == "bundled":
        return prepare_template(path, label=f"the bundled {kind.kind} template"), source
    from ..lint import ensure_usable

    ensure_usable(path, kind)
    return prepare_template(path, label=source), source


def locate_template(
    kind: DocumentKind, *, templates: Path | None, profile: Profile, profile_dir: Path
) -> tuple[Path, str]:
    """Where ``kind``'s template is (see :func:`template_for`), without reading it."""
    folders: list[Path] = []
    if templates is not None:
        if not templates.is_dir():
            raise TemplateError(
                f"{templates}: no such templates folder",
                hint="give --templates a folder holding files named like ppm-referral.docx",
            )
        folders.append(templates)
    if profile.templates:
        folder = profile_dir / profile.templates
        if not folder.is_dir():
            # Silently using the bundled templates would send out documents the council did
            # not write.
            raise TemplateError(
                f"{folder}: the templates folder named in the council profile "
                f"'{profile.name}' does not exist",
                hint="correct templates: in the profile (it is relative to the profile file), "
                "or create the folder (permdocs templates copy DIR)",
            )
        folders.append(folder)
    for folder in folders:
        candidate = folder / kind.template_name
        if candidate.is_file():
            return candidate, str(candidate)
    return bundled_templates_dir() / kind.template_name, "bundled"


def _profile_dir(folder: CaseFolder, profile: Profile | str | None) -> Path:
    """Where a profile's relative ``templates:`` folder is resolved from."""
    if isinstance(profile, Profile):
        return Path.cwd()
    # --profile is relative to the working folder, the case's own profile: to the case folder.
    name, base = (
        (profile, Path.cwd()) if profile is not None else (folder.case.profile, folder.folder)
    )
    path = Path(name)
    if path.suffix in (".yaml", ".yml"):
        return (path if path.is_absolute() else base / path).parent
    return BUNDLED_PROFILES


def build_case(
    folder: Path | str,
    *,
    out: Path | None = None,
    only: Sequence[str] | None = None,
    templates: Path | None = None,
    force: bool = False,
    draft: bool = False,
    as_of: date | None = None,
    profile: Profile | str | None = None,
    command: Sequence[str] = (),
    pack: bool = False,
    pdfa: bool = False,
) -> BuildResult:
    """Render, verify and write one case's documents. See ``api.build_case``."""
    loaded = load_case(Path(folder))
    case = loaded.case
    chosen_profile = case_profile(loaded, profile)
    when = as_of or date.today()
    conditions = Context(case=case, profile=chosen_profile, as_of=when)
    kinds, skipped = select_kinds(only, conditions)
    out_dir = Path(out) if out is not None else loaded.folder / "out"
    view = build_view(case, chosen_profile, as_of=when)
    profile_dir = _profile_dir(loaded, profile)

    findings = run_checks(case, chosen_profile, when)
    if not draft:
        blockers = blockers_for(findings, [kind.kind for kind in kinds])
        if blockers:
            raise BlockedError(blockers, [kind.kind for kind in kinds])

    letters = {kind.kind for kind in kinds if kind.family == "letter"}
    documents: list[BuiltDocument] = []
    failures: list[tuple[DocumentKind, PermdocsError]] = []
    for kind in (kind for kind in kinds if kind.family != "letter"):
        try:
            template, source = template_for(
                kind, templates=templates, profile=chosen_profile, profile_dir=profile_dir
            )
            context = keep_required(
                document_context(view, kind, draft=draft, as_of=when), kind, conditions
            )
            data = render_document(
                template,
                context,
                document=f"{kind.kind} ({kind.title})",
                draft=draft,
            )
        except PermdocsError as error:
            failures.append((kind, error))
            continue
        documents.append(
            BuiltDocument.made(
                kind,
                file_name=kind.file_name(case.reference),
                data=data,
                template=source,
                template_sha256=template.sha256,
            )
        )
    if letters:
        made, letter_notices = _letters(
            case, chosen_profile, letters, when, draft, templates, profile_dir, failures
        )
        documents += made
    if failures:
        raise _combined(failures, len(kinds))
    notices: tuple[str, ...] = letter_notices if letters else ()
    if pack:
        # Imported here: the pack builds on this module's rendering, templates and manifest.
        from .pack import pack_for_build

        packed, pack_notices = pack_for_build(
            loaded,
            chosen_profile,
            documents,
            view=view,
            as_of=when,
            draft=draft,
            templates=templates,
            profile_dir=profile_dir,
            pdfa=pdfa,
        )
        documents += packed
        notices += pack_notices

    manifest = manifest_json(documents, case_sha256=loaded.source.sha256, draft=draft, as_of=when)
    files = {document.file_name: document.data for document in documents}
    notices += tuple(earlier_pack_notices(out_dir, case.reference, files))
    files[MANIFEST_NAME] = manifest
    files[COMPLETENESS_NAME] = findings_as_markdown(
        case, findings, as_of=when, profile=chosen_profile.name
    ).encode("utf-8")
    with output_lock(out_dir):
        written = write_all(out_dir, files, force=force)
        record_written(
            out_dir,
            command=list(command) or ["permdocs", "build", str(folder)],
            case_sha256=loaded.source.sha256,
            documents=documents,
            attachments=[loaded.folder / attachment.path for attachment in case.attachments],
            draft=draft,
        )
    return BuildResult(
        reference=case.reference,
        case_folder=loaded.folder,
        out=out_dir,
        draft=draft,
        as_of=when,
        documents=tuple(documents),
        skipped=tuple(skipped),
        written=tuple(written),
        manifest=out_dir / MANIFEST_NAME,
        findings=tuple(findings),
        notices=notices,
    )


def _letters(
    case: Case,
    profile: Profile,
    wanted: set[str],
    as_of: date,
    draft: bool,
    templates: Path | None,
    profile_dir: Path,
    failures: list[tuple[DocumentKind, PermdocsError]],
) -> tuple[list[BuiltDocument], tuple[str, ...]]:
    """The decision letters of the ``wanted`` kinds, rendered and checked for their readers,
    and notices about letters not produced (a parent whose whereabouts are unknown...)."""
    # Imported here: letters_build builds on this module's template lookup and manifest.
    from .letters import render_letters

    try:
        rendered = render_letters(
            case, profile, as_of=as_of, draft=draft, templates=templates, profile_dir=profile_dir
        )
    except PermdocsError as error:
        failures.append((KINDS[sorted(wanted)[0]], error))
        return [], ()
    notices = tuple(
        finding.message
        for finding in rendered.findings
        if finding.severity != "info" or finding.code.startswith("letters-parent")
    )
    return [document for document in rendered.documents if document.kind in wanted], notices


def manifest_json(
    documents: Sequence[BuiltDocument], *, case_sha256: str, draft: bool, as_of: date
) -> bytes:
    """What was built from what: enough to show later which inputs produced each file."""
    payload = {
        "documents": [document.manifest_entry() for document in documents],
        "status": "draft" if draft else "final",
        "as_of": as_of.isoformat(),
        "case_sha256": case_sha256,
        "permdocs_version": __version__,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def pack_file_name(reference: str, suffix: str) -> str:
    return f"{reference}_{PANEL_PACK.kind}{suffix}"


def earlier_pack_notices(out_dir: Path, reference: str, replacing: Collection[str]) -> list[str]:
    """A notice for each pack file in ``out_dir`` that this run leaves as it was, since it was
    made from earlier documents and could otherwise go to panel in their place."""
    return [
        f"{name} in {out_dir} is from an earlier run and may not match the documents now beside "
        "it; make the pack again (permdocs pack, where LibreOffice is installed for the PDF) "
        "or delete it"
        for name in (pack_file_name(reference, suffix) for suffix in (".docx", ".pdf"))
        if name not in replacing and (out_dir / name).exists()
    ]


def _combined(failures: Sequence[tuple[DocumentKind, PermdocsError]], total: int) -> PermdocsError:
    """One error for the whole build, listing every document that failed and why, once each."""
    if len(failures) == 1:
        # Keep the error itself (its type and fields, e.g. a confidentiality leak's details).
        error = failures[0][1]
        error.message = f"{error.message}\nNothing was written."
        error.args = (error.message,)
        return error
    # The same cause (a missing council folder, one bad letter template used for two parents)
    # can fail several documents; say it once.
    lines = list(dict.fromkeys("  " + error.message.replace("\n", "\n  ") for _, error in failures))
    hints = list(dict.fromkeys(error.hint for _, error in failures if error.hint))
    return RenderError(
        f"{len(failures)} of {total} documents could not be produced, so nothing was written:\n"
        + "\n".join(lines),
        hint="; ".join(hints) or "correct the problems listed, then build again",
    )
