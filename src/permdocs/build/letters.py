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
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ..checks.confidentiality import check_confidentiality
from ..checks.findings import Finding
from ..errors import ConfidentialityError, Leak, PermdocsError, TemplateError
from ..letters.confidentiality import ensure_no_leaks, matcher_for_parent
from ..letters.context import letter_context, marked
from ..letters.plan import LetterPlan, PlannedLetter, plan_letters
from ..letters.readability import ReadingEase, letter_sentences, measure
from ..policy.calendar import age_on
from ..policy.dating import BUILD_DATE, Dating
from ..render.engine import render_document
from ..write.audit import written_record
from ..write.manifest import BuiltDocument, manifest_json
from ..write.output import check_replaceable, output_lock, write_all
from .keep import keep_sent, record_reissues
from .options import BuildOptions
from .papers import case_papers, paper_states, states_by_file, written_entries
from .run import CaseRun, Rendering, combined_failure

LETTERS_MANIFEST_NAME = "letters-manifest.json"


@dataclass(frozen=True)
class RenderedLetters:
    """The letters of one case, rendered and checked in memory, not yet written."""

    plan: LetterPlan
    documents: tuple[BuiltDocument, ...]
    findings: tuple[Finding, ...]
    """The plan's notices (letters not produced, and why) and the child letter's reading ease."""
    reading_ease: ReadingEase | None

    def notices(self) -> tuple[str, ...]:
        """What a build tells the user about its letters: warnings, and letters not produced
        (a parent whose whereabouts are unknown, a child to be told in person...)."""
        return tuple(
            finding.message
            for finding in self.findings
            if finding.severity != "info"
            or finding.code.startswith("letters-parent")
            or finding.code == "letters-child-told-in-person"
        )


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
    notices: tuple[str, ...] = ()
    """What was put right in the output folder first (a killed run's leftovers...)."""


def render_letters(run: Rendering) -> RenderedLetters:
    """Every letter the case's decision calls for, rendered, verified and checked for its reader.

    Raises :class:`ConfidentialityError` if a birth parent's letter would show a restricted
    value, else a RenderError/TemplateError listing every letter that failed.
    """
    case, as_of = run.case, run.context.as_of
    plan = plan_letters(case, run.profile, as_of)
    if any(letter.audience == "birth-parent" for letter in plan.letters):
        _refuse_restricted_case_text(run)
    documents: list[BuiltDocument] = []
    failures: list[PermdocsError] = []
    reading: ReadingEase | None = None
    for letter in plan.letters:
        try:
            document = _render_one(run, letter, plan)
        except PermdocsError as error:
            failures.append(error)
            continue
        documents.append(document)
        if letter.kind.kind == "letter-child":
            age = age_on(case.child.date_of_birth, as_of)
            reading = measure(letter_sentences(document.data), age)
    if failures:
        raise combined_failure(failures, len(plan.letters), "letters")
    findings = list(plan.notices)
    if reading is not None:
        findings.append(_reading_finding(reading))
    return RenderedLetters(plan, tuple(documents), tuple(findings), reading)


def _refuse_restricted_case_text(run: Rendering) -> None:
    """Stop, draft or final, when ``check``'s confidentiality pre-flight has a blocker for the
    birth parents' letters, with the same words: the case text a parent's letter prints holds a
    restricted detail (or hides characters), so no such letter may be made until it is
    rewritten."""
    blockers = [
        finding
        for finding in check_confidentiality(run.context)
        if finding.severity == "blocker" and finding.code != "confidential-surname-shared"
    ]
    if not blockers:
        return
    lines = "\n".join(f"  {finding.field}: {finding.message} {finding.fix}" for finding in blockers)
    raise ConfidentialityError(
        f"letter-birth-parent would show a birth parent restricted details typed into the case"
        f" ({len(blockers)} found by the confidentiality check):\n{lines}",
        hint="nothing was written; rewrite each field named above, check it with permdocs check,"
        " then run the command again",
        document="letter-birth-parent",
        leaks=[Leak(finding.field, "case.yaml") for finding in blockers],
    )


def _render_one(run: Rendering, letter: PlannedLetter, plan: LetterPlan) -> BuiltDocument:
    kind, case, profile, draft = letter.kind, run.case, run.profile, run.options.draft
    template, source = run.template(kind)
    # Unlike the reports (see viewmodel.keep_required), every gap a letter would print blocks a
    # final letter: letters leave the council, and "Not recorded, your social worker" must never
    # reach a child or a parent.
    dated = run.dating(kind.kind)
    reissue = run.options.reissue
    if letter.name in reissue or kind.kind in reissue or run.record.version(letter.name) > 1:
        # A new version of a letter already sent goes out now, not on the first one's day.
        dated = Dating(run.context.as_of, run.context.as_of, BUILD_DATE)
    context = letter_context(
        letter,
        case=case,
        profile=profile,
        plan=plan,
        view=run.view_at(dated),
        draft=draft,
        as_of=run.context.as_of,
        dated=dated.dated,
        linked=run.context.linked,
    )
    name = f"{letter.name} ({kind.title})"
    try:
        data = render_document(
            template, context, document=name, draft=draft, needs_marking=marked(letter, profile)
        )
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
        ensure_no_leaks(letter.name, data, matcher_for_parent(case, profile, parent))
    return BuiltDocument.made(
        kind,
        file_name=letter.file_name(case.reference),
        data=data,
        template=source,
        template_sha256=template.sha256,
        template_contract=template.contract,
        dated=dated,
    )


def _reading_finding(reading: ReadingEase) -> Finding:
    score = (
        f"the child's letter scores {reading.flesch_reading_ease:g} for reading ease (Flesch;"
        f" grade {reading.flesch_kincaid_grade:g}) with {reading.words_per_sentence:g} words a"
        f" sentence, against {reading.minimum_ease:g} or more and at most"
        f" {reading.longest_sentences:g} words a sentence for a child of {reading.age}"
        f" (age band {reading.band})"
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


def build_letters(folder: Path | str, options: BuildOptions | None = None) -> LettersResult:
    """Render the Agency Decision Maker's letters for a case's recorded decision and write them.

    One letter per recipient (see ``letters.plan.plan_letters``), written as
    ``<reference>_<kind>[-<parent>].docx`` with ``letters-manifest.json`` into ``folder/out`` (or
    ``options.out``); options as for ``build_case``. Every birth parent's letter is searched in
    every part for the case's restricted values first: on any hit nothing is written and
    ConfidentialityError names the letter, field and part. With no decision recorded, nothing is
    written and the result's findings say so.
    """
    options = options or BuildOptions()
    run = CaseRun.start(folder, options)
    with run.telling_what_was_put_right():
        return _build_letters(run, folder, options)


def _build_letters(run: CaseRun, folder: Path | str, options: BuildOptions) -> LettersResult:
    when, draft, out_dir = run.context.as_of, options.draft, run.out
    rendered = render_letters(run)
    if not rendered.documents:
        return LettersResult(
            run.case.reference,
            out_dir,
            draft,
            when,
            (),
            rendered.findings,
            None,
            (),
            None,
            run.settled,
        )
    # A letter recorded as sent is a record: kept byte for byte unless reissued.
    kept = keep_sent(rendered.documents, run.record, out_dir, options.reissue)
    rendered = replace(rendered, documents=tuple(kept.documents))
    files = kept.files
    files[LETTERS_MANIFEST_NAME] = _manifest(rendered, run)
    audit = written_record(
        command=list(options.command) or ["permdocs", "letters", str(folder)],
        case_sha256=run.folder.source.sha256,
        documents=rendered.documents,
        draft=draft,
    )
    with output_lock(out_dir) as settled:
        fresh = [name for name in files if name not in kept.replaceable]
        check_replaceable(out_dir, fresh, force=options.force)
        written = write_all(out_dir, files, force=True, audit=audit)
        record_reissues(run.folder.folder, kept.reissued)
    return LettersResult(
        reference=run.case.reference,
        out=out_dir,
        draft=draft,
        as_of=when,
        documents=rendered.documents,
        findings=rendered.findings,
        reading_ease=rendered.reading_ease,
        written=tuple(written),
        manifest=out_dir / LETTERS_MANIFEST_NAME,
        notices=(*run.settled, *settled),
    )


def _manifest(rendered: RenderedLetters, run: CaseRun) -> bytes:
    """The build's manifest, plus what only letters have: who each is to, the reading ease and
    the notices about letters not produced."""
    papers = case_papers(run.case, run.profile, run.context.as_of)
    about_to_write = written_entries(
        rendered.documents, draft=run.options.draft, case_sha256=run.folder.source.sha256
    )
    states = paper_states(papers, run.record, run.out, about_to_write)
    payload = json.loads(
        manifest_json(
            rendered.documents,
            case_sha256=run.folder.source.sha256,
            draft=run.options.draft,
            as_of=run.context.as_of,
            states=states_by_file(states),
        )
    )
    recipients = {
        letter.file_name(run.case.reference): letter.recipient.role
        for letter in rendered.plan.letters
    }
    for entry in payload["documents"]:
        entry["recipient"] = recipients.get(entry["path"], "")
        if entry["kind"] == "letter-child" and rendered.reading_ease is not None:
            entry["reading_ease"] = rendered.reading_ease.as_dict()
    payload["notices"] = [finding.as_dict() for finding in rendered.findings]
    return (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
