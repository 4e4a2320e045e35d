"""Producing the decision letters: render each one, check it for its reader, then write them all.

:func:`render_letters` is the in-memory half the full build can call too: it plans the letters
(``letters.plan_letters``), renders each from its template with its own context, and then

- searches every part of every birth parent's letter for restricted values
  (``confidentiality``): one hit and nothing is written, and the error names the letter, the
  field and the part;
- measures the child's letter for reading ease against the child's age (``readability``).

:func:`build_letters` is ``permdocs letters``: load, render, then write the letters and
``letters-manifest.json`` all-or-nothing, under the output folder's lock, like ``permdocs build``.
The manifest has its own name so that producing the letters after the reports never replaces the
reports' ``manifest.json``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..api import CaseFolder, case_profile, load_case
from ..checks.findings import Finding
from ..errors import ConfidentialityError, PermdocsError, RenderError, TemplateError
from ..letters.confidentiality import allowed_for_birth_parent, ensure_no_leaks, restricted_values
from ..letters.plan import LetterPlan, PlannedLetter, letter_context, plan_letters
from ..letters.readability import ReadingEase, letter_sentences, measure
from ..model import Case
from ..policy.calendar import age_on
from ..policy.profiles import BUNDLED_DIR as BUNDLED_PROFILES
from ..policy.profiles import Profile
from ..render.engine import render_document
from ..render.viewmodel import CaseView, build_view
from ..write.audit import record_written
from ..write.output import output_lock, write_all
from .reports import BuiltDocument, manifest_json, template_for

LETTERS_MANIFEST_NAME = "letters-manifest.json"


@dataclass(frozen=True)
class RenderedLetters:
    """The letters of one case, rendered and checked in memory, not yet written."""

    plan: LetterPlan
    documents: tuple[BuiltDocument, ...]
    findings: tuple[Finding, ...]
    """The plan's notices (letters not produced, and why) and the child letter's reading ease."""
    reading_ease: ReadingEase | None


@dataclass(frozen=True)
class LettersResult:
    reference: str
    out: Path
    draft: bool
    as_of: date
    documents: tuple[BuiltDocument, ...]
    findings: tuple[Finding, ...]
    reading_ease: ReadingEase | None
    written: tuple[Path, ...]
    manifest: Path | None
    """None when the case has no decision yet, so nothing was written."""


def render_letters(
    case: Case,
    profile: Profile,
    *,
    as_of: date,
    draft: bool,
    templates: Path | None = None,
    profile_dir: Path = BUNDLED_PROFILES,
) -> RenderedLetters:
    """Every letter the case's decision calls for, rendered, verified and checked for its reader.

    Raises :class:`ConfidentialityError` if a birth parent's letter would show a restricted
    value, else a RenderError/TemplateError listing every letter that failed.
    """
    plan = plan_letters(case, profile, as_of)
    view = build_view(case, profile, as_of=as_of)
    documents: list[BuiltDocument] = []
    failures: list[PermdocsError] = []
    reading: ReadingEase | None = None
    for letter in plan.letters:
        try:
            document = _render_one(
                letter, case, profile, plan, view, as_of, draft, templates, profile_dir
            )
        except PermdocsError as error:
            failures.append(error)
            continue
        documents.append(document)
        if letter.kind.kind == "letter-child":
            age = age_on(case.child.date_of_birth, as_of)
            reading = measure(letter_sentences(document.data), age)
    if failures:
        raise _combined(failures, len(plan.letters))
    findings = list(plan.notices)
    if reading is not None:
        findings.append(_reading_finding(reading))
    return RenderedLetters(plan, tuple(documents), tuple(findings), reading)


def _render_one(
    letter: PlannedLetter,
    case: Case,
    profile: Profile,
    plan: LetterPlan,
    view: CaseView,
    as_of: date,
    draft: bool,
    templates: Path | None,
    profile_dir: Path,
) -> BuiltDocument:
    kind = letter.kind
    template, source = template_for(
        kind, templates=templates, profile=profile, profile_dir=profile_dir
    )
    # Unlike the reports (see viewmodel.keep_required), every gap a letter would print blocks a
    # final letter: letters leave the council, and "Not recorded, your social worker" must never
    # reach a child or a parent.
    context = letter_context(
        letter, case=case, profile=profile, plan=plan, view=view, draft=draft, as_of=as_of
    )
    name = f"{letter.name} ({kind.title})"
    try:
        data = render_document(template, context, document=name, draft=draft)
    except TemplateError as error:
        # render words every undefined name as "uses something permdocs does not provide".
        if letter.audience != "birth-parent" or "does not provide" not in error.message:
            raise
        # The usual cause: a council template naming the carers, the school or the ADM's reasons,
        # which a birth parent's letter is never given.
        raise TemplateError(
            error.message,
            hint="a birth parent's letter is not given the carers' details, the child's school"
            " or the ADM's reasons, so its template cannot print them; remove that tag (the"
            " bundled letter-birth-parent template shows what it may use)",
        ) from None
    if letter.audience == "birth-parent" and letter.parent_index is not None:
        parent = case.birth_parents[letter.parent_index]
        ensure_no_leaks(
            letter.name,
            data,
            restricted_values(case),
            allowed_for_birth_parent(case, profile, parent),
        )
    return BuiltDocument.made(
        kind,
        file_name=letter.file_name(case.reference),
        data=data,
        template=source,
        template_sha256=template.sha256,
    )


def _reading_finding(reading: ReadingEase) -> Finding:
    score = (
        f"the child's letter scores {reading.flesch_reading_ease:g} for reading ease (Flesch;"
        f" grade {reading.flesch_kincaid_grade:g}), against {reading.minimum_ease:g} or more for"
        f" a child of {reading.age}"
    )
    if reading.hard_for_age:
        return Finding(
            code="letters-child-letter-hard-to-read",
            severity="warning",
            documents=("letter-child",),
            field="",
            label="Child's letter: reading ease",
            owner="business support",
            message=score,
            fix="use shorter sentences and everyday words in the letter-child template, then"
            " produce the letters again",
        )
    return Finding(
        code="letters-child-letter-reading-ease",
        severity="info",
        documents=("letter-child",),
        field="",
        label="Child's letter: reading ease",
        owner="business support",
        message=score,
        fix="nothing to do",
    )


def _combined(failures: Sequence[PermdocsError], total: int) -> PermdocsError:
    """One error for the run. A confidentiality failure leads: it is the one that must be seen."""
    leaks = [error for error in failures if isinstance(error, ConfidentialityError)]
    if len(failures) == 1:
        return failures[0]
    if leaks:
        return ConfidentialityError(
            f"{len(leaks)} letter(s) would show a birth parent restricted details, so nothing was"
            " written:\n" + "\n".join(f"  {error.message}" for error in leaks),
            hint=leaks[0].hint,
            document=leaks[0].document,
            leaks=[leak for error in leaks for leak in error.leaks],
        )
    # One bad template used for two parents fails both letters the same way: say it once.
    lines = "\n".join(
        dict.fromkeys("  " + error.message.replace("\n", "\n  ") for error in failures)
    )
    hints = list(dict.fromkeys(error.hint for error in failures if error.hint))
    return RenderError(
        f"{len(failures)} of {total} letters could not be produced, so nothing was written:\n"
        + lines,
        hint="; ".join(hints) or "correct the problems listed, then run the command again",
    )


def build_letters(
    folder: Path | str,
    *,
    out: Path | None = None,
    templates: Path | None = None,
    force: bool = False,
    draft: bool = False,
    as_of: date | None = None,
    profile: Profile | str | None = None,
    command: Sequence[str] = (),
) -> LettersResult:
    """Render, check and write one case's decision letters. See ``api.build_letters``."""
    loaded = load_case(Path(folder))
    chosen = case_profile(loaded, profile)
    when = as_of or date.today()
    out_dir = Path(out) if out is not None else loaded.folder / "out"
    rendered = render_letters(
        loaded.case,
        chosen,
        as_of=when,
        draft=draft,
        templates=templates,
        profile_dir=_profile_dir(loaded, profile),
    )
    if not rendered.documents:
        return LettersResult(
            loaded.case.reference, out_dir, draft, when, (), rendered.findings, None, (), None
        )
    files = {document.file_name: document.data for document in rendered.documents}
    files[LETTERS_MANIFEST_NAME] = _manifest(rendered, loaded, draft=draft, as_of=when)
    with output_lock(out_dir):
        written = write_all(out_dir, files, force=force)
        record_written(
            out_dir,
            command=list(command) or ["permdocs", "letters", str(folder)],
            case_sha256=loaded.source.sha256,
            documents=rendered.documents,
            draft=draft,
        )
    return LettersResult(
        reference=loaded.case.reference,
        out=out_dir,
        draft=draft,
        as_of=when,
        documents=rendered.documents,
        findings=rendered.findings,
        reading_ease=rendered.reading_ease,
        written=tuple(written),
        manifest=out_dir / LETTERS_MANIFEST_NAME,
    )


def _manifest(rendered: RenderedLetters, folder: CaseFolder, *, draft: bool, as_of: date) -> bytes:
    """The build's manifest, plus what only letters have: who each is to, the reading ease and
    the notices about letters not produced."""
    payload = json.loads(
        manifest_json(
            rendered.documents, case_sha256=folder.source.sha256, draft=draft, as_of=as_of
        )
    )
    recipients = {
        letter.file_name(folder.case.reference): letter.recipient.role
        for letter in rendered.plan.letters
    }
    for entry in payload["documents"]:
        entry["recipient"] = recipients.get(entry["path"], "")
        if entry["kind"] == "letter-child" and rendered.reading_ease is not None:
            entry["reading_ease"] = rendered.reading_ease.as_dict()
    payload["notices"] = [finding.as_dict() for finding in rendered.findings]
    return (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _profile_dir(folder: CaseFolder, profile: Profile | str | None) -> Path:
    """Where a profile's relative ``templates:`` folder is resolved from (as the build does)."""
    from .reports import _profile_dir as build_profile_dir

    return build_profile_dir(folder, profile)
