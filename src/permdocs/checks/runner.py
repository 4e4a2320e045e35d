"""Run every family of checks on one case: a pure function of (case, profile, as-of date)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from ..load.folder import CaseFolder, case_profile, load_case
from ..load.records import PaperRecord, read_record
from ..model import Case
from ..policy.conditions import Context
from ..policy.profiles import Profile
from . import consistency, dated, records, requirements, timescales
from .findings import Finding, sorted_findings


def run_checks(
    case: Case, profile: Profile, as_of: date, record: PaperRecord | None = None
) -> list[Finding]:
    """Everything owed or wrong in ``case`` as of ``as_of``, blockers first, then by owner.

    ``record`` is the case's record of its papers (``load.records``): a sent paper is a record,
    judged by what has changed since it was sent rather than afresh; letters are dated, and
    the carers' notification timescales judged, by the days they were sent."""
    sent = record.sent_papers() if record is not None else {}
    days = record.sent_dates() if record is not None else ()
    context = Context(case=case, profile=profile, as_of=as_of, sent=days)
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
    return run_checks(folder.case, chosen, as_of or date.today(), read_record(folder.folder))


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
            kept.append(replace(finding, documents=documents))
    return kept
