"""Run every family of checks on one case: a pure function of (case, profile, as-of date, and the
linked siblings' cases when the case was read from its folder)."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from ..load.folder import CaseFolder, case_profile, load_case
from ..load.records import PaperRecord, read_record
from ..load.siblings import linked_siblings
from ..model import Case
from ..policy.conditions import Context, LinkedSibling
from ..policy.profiles import Profile
from . import (
    confidentiality,
    consistency,
    currency,
    dated,
    placeholders,
    recipients,
    records,
    requirements,
    routes,
    siblings,
    timescales,
    versions,
)
from .findings import Finding, sorted_findings
from .wording import placed

FOLDER_CODES: dict[str, str] = {
    "unlisted-attachment": "A file in the case folder's attachments/ is not listed under"
    " attachments, so no document or pack includes it.",
}
_NOT_PAPERS = (".", "~$")


def run_checks(
    case: Case,
    profile: Profile,
    as_of: date,
    record: PaperRecord | None = None,
    *,
    linked: tuple[LinkedSibling, ...] = (),
) -> list[Finding]:
    """Everything owed or wrong in ``case`` as of ``as_of``, blockers first, then by owner.

    ``record`` is the case's record of its papers (``load.records``): a sent paper is a record,
    judged by what has changed since it was sent rather than afresh; letters are dated, and
    the carers' notification timescales judged, by the days they were sent. ``linked`` are the
    cases of siblings matched with the same carers (``load.siblings``)."""
    sent = record.sent_papers() if record is not None else {}
    days = record.sent_dates() if record is not None else ()
    context = Context(case=case, profile=profile, as_of=as_of, sent=days, linked=linked)
    sent_on: dict[str, date] = {}
    for kind, day in sorted(days, key=lambda pair: pair[1]):
        sent_on.setdefault(kind, day)
    # What a sent paper must carry is moot: it is a record, judged by what changed since.
    kept = frozenset(name for name, paper in sent.items() if name == paper.kind)
    return sorted_findings(
        [
            *_not_for_sent(requirements.check_requirements(context), kept),
            *timescales.check_timescales(context),
            *consistency.check_consistency(context),
            *confidentiality.check_confidentiality(context),
            *currency.check_currency(context),
            *routes.check_routes(context),
            *siblings.check_siblings(context),
            *versions.check_schema_version(context),
            *recipients.check_recipients(context),
            *placeholders.check_placeholders(context),
            *dated.check_dated(context, sent=frozenset(sent)),
            *dated.check_letter_dates(context, sent_on=sent_on),
            *(records.check_changed_since_sent(case, record) if record is not None else []),
        ]
    )


def all_codes() -> dict[str, str]:
    """Every finding code the checks can report, with what it means."""
    return {
        **requirements.CODES,
        **timescales.CODES,
        **consistency.CODES,
        **confidentiality.CODES,
        **currency.CODES,
        **routes.CODES,
        **siblings.CODES,
        **versions.CODES,
        **recipients.CODES,
        **placeholders.CODES,
        **FOLDER_CODES,
        **dated.CODES,
        **records.CODES,
    }


def check_case(
    folder_or_casefolder: Path | str | CaseFolder,
    *,
    as_of: date | None = None,
    profile: Profile | str | None = None,
) -> list[Finding]:
    """What is owed, late or inconsistent in a case, as of ``as_of`` (default: today).

    Takes a case folder (loaded and validated first, so it raises CaseDataError /
    CaseFolderError as ``load_case`` does) or an already loaded :class:`CaseFolder`.
    Findings come blockers first, then warnings, then information, each group by owner. The
    case folder's record of its papers is read too (see :func:`run_checks`).
    """
    folder = (
        folder_or_casefolder
        if isinstance(folder_or_casefolder, CaseFolder)
        else load_case(Path(folder_or_casefolder))
    )
    chosen = case_profile(folder, profile)
    return check_folder(folder, chosen, as_of or date.today())


def check_folder(
    folder: CaseFolder, profile: Profile, as_of: date, record: PaperRecord | None = None
) -> list[Finding]:
    """:func:`run_checks` for a case read from its folder, with what only the folder shows (papers
    in attachments/ that no entry lists), each finding placed on its line of the case file.
    ``record`` is the case's record of its papers, read from the folder when not given."""
    if record is None:
        record = read_record(folder.folder)
    findings = run_checks(folder.case, profile, as_of, record, linked=linked_siblings(folder))
    unlisted = unlisted_attachments(folder)
    if unlisted:
        names = ", ".join(f"'{name}'" for name in unlisted)
        findings = [
            dataclasses.replace(
                finding,
                fix=f"{finding.fix} The attachments folder holds {names}, which no entry lists:"
                " if one of them is this paper, list it.",
            )
            if finding.code == "missing-paper"
            else finding
            for finding in findings
        ]
        findings += [_unlisted(name) for name in unlisted]
    return placed(findings, folder.case, folder.source.positions)


def unlisted_attachments(folder: CaseFolder) -> list[str]:
    """Files under the case's attachments/ that no entry under ``attachments`` names (as paths
    relative to the case folder), leaving out hidden files and Word's ``~$`` lock files."""
    root = folder.folder
    papers = root / "attachments"
    if not papers.is_dir():
        return []
    listed = {(root / attachment.path).resolve() for attachment in folder.case.attachments}
    found = [
        path
        for path in sorted(papers.rglob("*"))
        if path.is_file() and not path.name.startswith(_NOT_PAPERS) and path.resolve() not in listed
    ]
    return [path.relative_to(root).as_posix() for path in found]


def _unlisted(name: str) -> Finding:
    return Finding(
        code="unlisted-attachment",
        severity="warning",
        documents=(),
        field="attachments",
        label="Attachments",
        owner="child's social worker",
        message=f"{name} is in the attachments folder, but no entry under attachments lists it,"
        " so no document or panel pack includes it.",
        fix=f"List it under attachments (path: {name}, with its kind, title, date and author),"
        " or move it out of the attachments folder if it does not belong to the case.",
    )


def _not_for_sent(findings: list[Finding], sent: frozenset[str]) -> list[Finding]:
    """Requirement findings for the papers not yet sent: a sent kind is taken out of each
    finding's documents, and a finding left with none is dropped."""
    if not sent:
        return findings
    kept: list[Finding] = []
    for finding in findings:
        if not finding.documents:
            kept.append(finding)
            continue
        documents = tuple(kind for kind in finding.documents if kind not in sent)
        if documents:
            kept.append(dataclasses.replace(finding, documents=documents))
    return kept
