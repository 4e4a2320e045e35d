"""Findings for people and programs: a plain-text table, JSON, and the completeness.md report.

Grouping is by owner throughout, because the question a team asks is "who still owes what". The
text table needs no dependency and wraps long messages inside their column.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..model import Case
from ..model.fields import OWNERS, Owner
from ..policy.calendar import long_date
from ..policy.documents import REPORTS, document_title
from .findings import SEVERITIES, STAGES, Finding, Severity, count_by_severity, stage

MARKING = "OFFICIAL-SENSITIVE"
_SEVERITY_WORDS: dict[Severity, tuple[str, str]] = {
    "blocker": ("blocker", "blockers"),
    "warning": ("warning", "warnings"),
    "info": ("note", "notes"),
}


def counts_text(findings: Sequence[Finding], *, skip_zero: bool = False) -> str:
    """ "2 blockers, 1 warning, 0 notes" (with ``skip_zero``: "2 blockers, 1 warning")."""
    counts = count_by_severity(findings)
    return ", ".join(
        f"{counts[s]} {_SEVERITY_WORDS[s][0] if counts[s] == 1 else _SEVERITY_WORDS[s][1]}"
        for s in SEVERITIES
        if counts[s] or not skip_zero
    )


def by_owner(findings: Sequence[Finding]) -> list[tuple[Owner, list[Finding]]]:
    """Owners in the fixed order of ``fields.OWNERS``, each with their findings, none empty."""
    groups = [(owner, [f for f in findings if f.owner == owner]) for owner in OWNERS]
    return [(owner, items) for owner, items in groups if items]


def _owner_heading(owner: Owner) -> str:
    return owner[:1].upper() + owner[1:]


# --- text --------------------------------------------------------------------------------------

_FIRST_STEPS = 3


def owner_heading(owner: Owner, people: Mapping[Owner, str] | None = None) -> str:
    """ "Child's social worker" and, where the case names them, "(Olu Adebayo, 07700 900555)"."""
    person = (people or {}).get(owner)
    return _owner_heading(owner) + (f" ({person})" if person else "")


def where_text(finding: Finding, file: str = "") -> str:
    """Where a finding is: "case.yaml line 88: author of the 3rd attachment, 'PPM minutes'"."""
    line = f"line {finding.line}" if finding.line else ""
    if line and file:
        line = f"{file} {line}"
    what = finding.place or finding.label
    return f"{line}: {what}" if line else what


def summary_text(
    findings: Sequence[Finding],
    people: Mapping[Owner, str] | None = None,
    file: str = "",
    width: int = 100,
) -> list[str]:
    """A few lines to read first: the counts by owner and the next things to do, earliest stage
    of the process first."""
    if not findings:
        return []
    owners = "; ".join(
        f"{owner_heading(owner, people)} {counts_text(items, skip_zero=True)}"
        for owner, items in by_owner(findings)
    )
    lines = textwrap.wrap(
        f"Who owes what: {owners}.",
        width,
        subsequent_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    first = sorted(
        (f for f in findings if f.severity == "blocker"),
        key=lambda f: (stage(f), OWNERS.index(f.owner), f.line or 0),
    )[:_FIRST_STEPS]
    if first:
        lines.append("First to do:")
        for number, f in enumerate(first, start=1):
            lines += textwrap.wrap(
                f"{number}. {STAGES[stage(f)]}: {where_text(f, file)} ({f.owner})",
                width,
                initial_indent="  ",
                subsequent_indent="     ",
                break_long_words=False,
                break_on_hyphens=False,
            )
    return lines


def findings_as_text(
    findings: Sequence[Finding],
    *,
    width: int = 100,
    people: Mapping[Owner, str] | None = None,
    file: str = "",
) -> str:
    """Findings by owner (with their name and contact from ``people``), each in the order of
    the process: where it is (line and place), what is wrong, what to do and the source,
    wrapped to ``width`` without breaking a word. A short summary comes first."""
    if not findings:
        return "Nothing owed: no blockers, warnings or notes.\n"
    indent = " " * (2 + len("SEVERITY") + 2)
    text_width = max(40, width - len(indent))
    lines = summary_text(findings, people, file, width)
    for owner, items in by_owner(findings):
        lines += ["", f"{owner_heading(owner, people)}: {counts_text(items, skip_zero=True)}"]
        for finding in items:
            head = f"  {finding.severity.upper():<8}  "
            paragraphs = [
                f"{where_text(finding, file)} [{STAGES[stage(finding)]}]",
                finding.message,
                f"To do: {finding.fix}",
            ]
            if finding.source:
                paragraphs.append(f"Source: {finding.source}")
            paragraphs[-1] += f" [{finding.code}]"
            wrapped = _wrap_paragraphs(paragraphs, text_width)
            lines.append(head + wrapped[0])
            lines += [(indent + line).rstrip() for line in wrapped[1:]]
    return "\n".join(lines).lstrip("\n") + "\n"


def _wrap_paragraphs(paragraphs: Sequence[str], width: int) -> list[str]:
    """Each paragraph wrapped to ``width``; a word longer than the width stays whole."""
    wrapped: list[str] = []
    for paragraph in paragraphs:
        wrapped += textwrap.wrap(
            paragraph, width, break_long_words=False, break_on_hyphens=False
        ) or [""]
    return wrapped


# --- JSON --------------------------------------------------------------------------------------


def report_dict(
    case: str,
    findings: Sequence[Finding],
    *,
    reference: str | None = None,
    as_of: date | None = None,
    profile: str | None = None,
) -> dict[str, Any]:
    """One case's findings as plain data: ``{"case": ..., "findings": [...]}`` and a summary."""
    counts = count_by_severity(findings)
    return {
        "case": case,
        "reference": reference,
        "valid": True,
        "as_of": as_of.isoformat() if as_of is not None else None,
        "profile": profile,
        "counts": dict(counts),
        "findings": [finding.as_dict() for finding in findings],
        "problems": [],
    }


def reports_as_json(reports: Sequence[dict[str, Any]]) -> str:
    """One object for one case, a list for several, as ``permdocs check --format json`` prints."""
    payload: Any = reports[0] if len(reports) == 1 else list(reports)
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


# --- Markdown ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaperRow:
    """One paper as completeness.md lists it: its state in words, and whose it is."""

    title: str
    kind: str
    owner: Owner
    state: str
    """not due, not built, drafted, checked or sent."""
    words: str
    """The state with its details: "checked by A on 3 March 2026", "not due: ..."."""


def findings_as_markdown(
    case: Case,
    findings: Sequence[Finding],
    *,
    as_of: date | None = None,
    profile: str | None = None,
    people: Mapping[Owner, str] | None = None,
    file: str = "",
    papers: Sequence[PaperRow] | None = None,
    appendix: Sequence[str] = (),
) -> str:
    """The completeness.md written beside each build: each paper's state by owner (or, without
    ``papers``, readiness per document), then who owes what (each owner with their name and
    contact from ``people``), in the order of the process, then ``appendix`` (lines of Markdown:
    what changed since the panel's pack)."""
    lines = [f"**{MARKING}**", "", f"# Completeness report: {_md(case.reference)}", ""]
    context = []
    if as_of is not None:
        context.append(f"as of {long_date(as_of)}")
    if profile:
        context.append(f"council profile '{_md(profile)}'")
    if context:
        lines += [f"Checked {', '.join(context)}.", ""]
    blockers = count_by_severity(findings)["blocker"]
    verdict = (
        "No blockers: every document can be produced as final."
        if blockers == 0
        else "Not ready: the documents listed below with blockers cannot be produced as final."
    )
    lines += [f"**{counts_text(findings).capitalize()}.** {verdict}", ""]
    lines += [_md(line) + "  " for line in summary_text(findings, people, file)]
    lines += [""] if findings else []
    lines += _papers_table(findings, papers) if papers is not None else _documents_table(findings)
    lines += ["## Who owes what", ""]
    if not findings:
        lines += ["Nothing is owed.", ""]
    for owner, items in by_owner(findings):
        heading = owner_heading(owner, people)
        lines += [f"### {_md(heading)} ({counts_text(items, skip_zero=True)})", ""]
        lines += [
            "| Severity | Where | What is wrong | What to do | Documents | Source |",
            "|---|---|---|---|---|---|",
        ]
        for f in items:
            documents = "; ".join(document_title(name) for name in f.documents) or "the whole case"
            lines.append(
                f"| {f.severity} | {_md(where_text(f, file))} | {_md(f.message)} |"
                f" {_md(f.fix)} | {_md(documents)} | {_md(f.source)} |"
            )
        lines.append("")
    lines += list(appendix)
    lines += [f"**{MARKING}**", ""]
    return "\n".join(lines)


def _papers_table(findings: Sequence[Finding], papers: Sequence[PaperRow]) -> list[str]:
    """Each paper's state, by owner. A paper not due is never "ready": it says why it is not
    due; a sent paper is a record; a due one says whether it can go out as final."""
    lines = ["## Papers, by owner", ""]
    for owner in OWNERS:
        mine = [paper for paper in papers if paper.owner == owner]
        if not mine:
            continue
        lines += [
            f"### {_owner_heading(owner)}",
            "",
            "| Paper | State | Can go out as final? | Blockers | Warnings |",
            "|---|---|---|---|---|",
        ]
        for paper in mine:
            if paper.state == "not due":
                final, blockers, warnings = "not due", "—", "—"
            else:
                count = sum(
                    1 for f in findings if f.severity == "blocker" and f.affects([paper.kind])
                )
                warned = sum(
                    1 for f in findings if f.severity == "warning" and f.affects([paper.kind])
                )
                blockers, warnings = str(count), str(warned)
                if paper.state == "sent":
                    final = "sent: kept as a record"
                else:
                    final = "yes" if count == 0 else "no"
            lines.append(
                f"| {_md(paper.title)} | {_md(paper.words)} | {final} | {blockers} | {warnings} |"
            )
        lines.append("")
    return lines


def _documents_table(findings: Sequence[Finding]) -> list[str]:
    names = [kind.kind for kind in REPORTS]
    names += [n for f in findings for n in f.documents if n not in names]
    names = list(dict.fromkeys(names))
    lines = [
        "## Documents",
        "",
        "| Document | Ready to go out? | Blockers | Warnings |",
        "|---|---|---|---|",
    ]
    for name in names:
        blockers = sum(1 for f in findings if f.severity == "blocker" and f.affects([name]))
        warnings = sum(1 for f in findings if f.severity == "warning" and f.affects([name]))
        ready = "yes" if blockers == 0 else "no"
        lines.append(f"| {_md(document_title(name))} | {ready} | {blockers} | {warnings} |")
    return [*lines, ""]


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, no line breaks, no raw HTML."""
    return (
        " ".join(text.split())
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )
