"""One case being built: what every builder (reports, letters, pack) shares for that case.

A :class:`Rendering` holds the case's context (case, council profile, date) as one value with the
run's options; it finds templates, builds the view templates see once, runs the checks once, and
renders reports the same way for ``build`` and for ``pack``. A :class:`CaseRun` is a Rendering of
a case read from its folder, made once per case, which also knows where the outputs go.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from pathlib import Path

from ..checks import Finding, blockers_for, run_checks
from ..checks.runner import check_folder
from ..errors import BlockedError, ConfidentialityError, PermdocsError, RenderError
from ..load.folder import CaseFolder, case_profile, load_case
from ..load.records import RECORD_DIR, PaperRecord, read_record
from ..load.siblings import linked_siblings
from ..model import Case
from ..policy.conditions import Context
from ..policy.dating import BUILD_DATE, Dating, dating
from ..policy.documents import KINDS, DocumentKind
from ..policy.profiles import BUNDLED_DIR, Profile
from ..render.engine import PreparedTemplate, render_document
from ..render.viewmodel import build_view, document_context, keep_required
from ..render.views import CaseView
from ..write.manifest import BuiltDocument
from ..write.output import settle
from .options import BuildOptions
from .templates import profile_dir_for, template_for


@dataclass(frozen=True)
class Rendering:
    """A case's documents being rendered in memory with one run's options."""

    context: Context
    options: BuildOptions
    profile_dir: Path
    """Where the profile's relative ``templates:`` folder is resolved from."""

    @classmethod
    def of(cls, case: Case, profile: Profile, options: BuildOptions) -> Rendering:
        """A case held in memory (not read from a folder), with a profile already chosen."""
        return cls(Context(case=case, profile=profile, as_of=options.day()), options, BUNDLED_DIR)

    @property
    def case(self) -> Case:
        return self.context.case

    @property
    def profile(self) -> Profile:
        return self.context.profile

    def dating(self, kind: str, *, sent_on: date | None = None) -> Dating:
        """When a document of ``kind`` is dated and its ages given (``policy.dating``)."""
        return dating(self.context, kind, sent_on=sent_on)

    @cached_property
    def _views(self) -> dict[Dating, CaseView]:
        return {}

    def view_at(self, dated: Dating) -> CaseView:
        """What templates see of this case as at a document's date, built once per date."""
        key = replace(dated, source="")
        view = self._views.get(key)
        if view is None:
            view = build_view(
                self.case,
                self.profile,
                as_of=dated.dated,
                ages_on=dated.ages_on,
                at_panel=dated.at_panel,
            )
            self._views[key] = view
        return view

    def view_for(self, kind: str) -> CaseView:
        """The view a document of ``kind`` is rendered from, as at its own date."""
        return self.view_at(self.dating(kind))

    @property
    def view(self) -> CaseView:
        """The case as at the build's date (``--as-of``)."""
        as_of = self.context.as_of
        return self.view_at(Dating(as_of, as_of, BUILD_DATE))

    @property
    def record(self) -> PaperRecord:
        """The case's record of its papers: none for a case held in memory."""
        return PaperRecord(self.profile_dir / RECORD_DIR)

    @cached_property
    def findings(self) -> list[Finding]:
        """The completeness findings, worked out once per run (with the linked siblings' cases
        when the case was read from its folder)."""
        return run_checks(
            self.case, self.profile, self.context.as_of, self.record, linked=self.context.linked
        )

    def refuse_blocked(self, kinds: Iterable[str]) -> None:
        """A final run stops (BlockedError) while a blocker stands in the way of ``kinds``."""
        if self.options.draft:
            return
        wanted = list(kinds)
        blockers = blockers_for(self.findings, wanted)
        if blockers:
            ready = [
                kind
                for kind in wanted
                if KINDS[kind].family != "letter" and not blockers_for(self.findings, [kind])
            ]
            raise BlockedError(blockers, wanted, ready)

    def template(self, kind: DocumentKind) -> tuple[PreparedTemplate, str]:
        """``kind``'s template for this run (see :func:`templates.template_for`)."""
        return template_for(
            kind,
            templates=self.options.templates,
            profile=self.profile,
            profile_dir=self.profile_dir,
        )

    def render_report(self, kind: DocumentKind, view: CaseView | None = None) -> BuiltDocument:
        """One report, rendered from its template and verified, as build and pack both need it;
        ``view`` in place of the run's (the pack's front sheet, with its pages)."""
        template, source = self.template(kind)
        draft, as_of = self.options.draft, self.context.as_of
        dated = self.dating(kind.kind)
        context = keep_required(
            document_context(
                view or self.view_at(dated), kind, draft=draft, as_of=as_of, dated=dated.dated
            ),
            kind,
            self.context,
        )
        data = render_document(
            template, context, document=f"{kind.kind} ({kind.title})", draft=draft
        )
        return BuiltDocument.made(
            kind,
            file_name=kind.file_name(self.case.reference),
            data=data,
            template=source,
            template_sha256=template.sha256,
            template_contract=template.contract,
            dated=dated,
        )

    def render_reports(
        self, kinds: Iterable[DocumentKind]
    ) -> tuple[list[BuiltDocument], list[tuple[DocumentKind, PermdocsError]]]:
        """Every report of ``kinds`` that renders, and each failure with its kind: a build
        reports them all at once."""
        documents: list[BuiltDocument] = []
        failures: list[tuple[DocumentKind, PermdocsError]] = []
        for kind in kinds:
            try:
                documents.append(self.render_report(kind))
            except PermdocsError as error:
                failures.append((kind, error))
        return documents, failures


def combined_failure(errors: Sequence[PermdocsError], total: int, noun: str) -> PermdocsError:
    """One error for a run in which ``errors`` stopped some of ``total`` ``noun`` (documents,
    letters), so that nothing was written.

    A single failure keeps its own type and fields (a confidentiality leak's details). Of
    several, a confidentiality failure leads, since it is the one that must be seen; otherwise
    each cause is said once (one bad template used for two parents fails both letters alike).
    """
    if len(errors) == 1:
        return errors[0].with_note("Nothing was written.")
    leaks = [error for error in errors if isinstance(error, ConfidentialityError)]
    if leaks:
        return ConfidentialityError(
            f"{len(leaks)} letter(s) would show a birth parent restricted details, so nothing was"
            " written:\n" + "\n".join(f"  {error.message}" for error in leaks),
            hint=leaks[0].hint,
            document=leaks[0].document,
            leaks=[leak for error in leaks for leak in error.leaks],
        )
    hints = list(dict.fromkeys(error.hint for error in errors if error.hint))
    if len(hints) <= 1:
        lines = [error.message for error in errors]
        hint = hints[0] if hints else "correct the problems listed, then run the command again"
    else:
        # One instruction per problem, beside it, rather than every one joined at the end.
        lines = [
            error.message + (f"\nWhat to do: {error.hint}" if error.hint else "")
            for error in errors
        ]
        hint = "do what each problem above says, then run the command again"
    shown = list(dict.fromkeys("  " + line.replace("\n", "\n  ") for line in lines))
    return RenderError(
        f"{len(errors)} of {total} {noun} could not be produced, so nothing was written:\n"
        + "\n".join(shown),
        hint=hint,
    )


@dataclass(frozen=True)
class CaseRun(Rendering):
    """A case read from its folder, being built: the Rendering plus where it came from."""

    folder: CaseFolder
    settled: tuple[str, ...] = ()
    """What was put right in the output folder before anything else (a killed run's leftovers,
    loose permissions), in words for the user."""

    @classmethod
    def start(cls, folder: Path | str, options: BuildOptions) -> CaseRun:
        """Load and validate the case folder and choose its profile (CaseDataError,
        CaseFolderError, ProfileError when that cannot be done); then, before anything is read
        from the output folder, put right whatever a run killed there left (``output.settle``)."""
        loaded = load_case(Path(folder))
        profile = case_profile(loaded, options.profile)
        linked = linked_siblings(loaded)
        run = cls(
            context=Context(case=loaded.case, profile=profile, as_of=options.day(), linked=linked),
            options=options,
            profile_dir=profile_dir_for(loaded, options.profile),
            folder=loaded,
        )
        return replace(run, settled=tuple(settle(run.out)))

    @contextlib.contextmanager
    def telling_what_was_put_right(self) -> Iterator[None]:
        """A PermdocsError raised in the block also says what ``start`` put right, since the
        run's result, which would have said so, never comes."""
        try:
            yield
        except PermdocsError as error:
            if not self.settled:
                raise
            raise error.with_note("\n".join(self.settled)) from None

    @cached_property
    def findings(self) -> list[Finding]:
        """The completeness findings, with what only the folder shows, each on its line."""
        return check_folder(self.folder, self.profile, self.context.as_of, self.record)

    @cached_property
    def record(self) -> PaperRecord:
        """The case folder's record of its papers (``load.records``), read once per run."""
        return read_record(self.folder.folder)

    @property
    def out(self) -> Path:
        """The output folder: ``options.out``, else the case folder's ``out/``."""
        return (
            Path(self.options.out) if self.options.out is not None else self.folder.folder / "out"
        )
