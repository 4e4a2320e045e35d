"""Required content: what each document must carry (declared in ``documents.py``) and is missing.

One missing field is one finding, however many documents need it, so a social worker sees
"Child: ethnicity" once with the list of documents waiting for it rather than five times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model.case import Attachment, Case
from ..model.fields import Owner, description_of, label_of, owner_of
from ..model.parts import PermanenceOption
from ..policy.conditions import Context, because, holds
from ..policy.documents import (
    KINDS,
    DocumentKind,
    Paper,
    Requirement,
    checked_kinds,
    document_title,
)
from ..policy.documents import paper_owner as default_paper_owner
from ..policy.rules import LUTON, SOUTHWARK
from .findings import Finding
from .wording import place

CODES: dict[str, str] = {
    "missing-field": "A field a document must carry is empty.",
    "missing-paper": "A paper the panel checklist requires is not attached.",
    "review-recommendation-missing": "No LAC review is recorded as recommending permanent fostering.",
    "option-not-considered": "Adoption, special guardianship or a child arrangements order is not"
    " recorded as considered.",
    "option-not-ruled-out": "Adoption, special guardianship or a child arrangements order is still"
    " pursued alongside permanent fostering.",
    "awaiting-decision": "No ADM decision is recorded yet, so no decision letter can be made.",
}

# Required content is what a document carries, not a rule with a citation: its source is empty.
REGISTRY_SOURCE = ""
OPTIONS_SOURCE = (
    f"{SOUTHWARK}: adoption, special guardianship and a child arrangements order considered and"
    " ruled out, with reasons"
)
_OPTION_NAMES: dict[PermanenceOption, str] = {
    "adoption": "Adoption",
    "special-guardianship-order": "A special guardianship order",
    "child-arrangements-order": "A child arrangements order",
}
_TOKEN = re.compile(r"^([a-z_0-9]+)(\[\*\])?$")


def check_requirements(context: Context) -> list[Finding]:
    return [
        *_missing_fields(context),
        *_missing_papers(context),
        *_review_recommendation(context),
        *_options_ruled_out(context),
        *_awaiting_decision(context),
    ]


def _awaiting_decision(context: Context) -> list[Finding]:
    """Say who the letters wait for. Not a blocker: whether the wait is too long is the ADM
    timescale rule's business, judged from when the final panel minutes reached the ADM."""
    if context.case.decision is not None:
        return []
    letters = tuple(kind.kind for kind in checked_kinds() if kind.family == "letter")
    return [
        Finding(
            code="awaiting-decision",
            severity="info",
            documents=letters,
            field="decision",
            label=label_of("decision"),
            owner="ADM",
            message="No decision is recorded yet: the decision letters are made once it is.",
            fix="When the ADM has decided, fill in 'decision' (date, outcome and, if agreed,"
            " the date the placement becomes permanent), then run permdocs letters.",
            source=REGISTRY_SOURCE,
        )
    ]


# --- fields ------------------------------------------------------------------------------------


@dataclass
class _Missing:
    path: str
    item: Any
    documents: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    # A blocker when any document that needs it cannot go without it; otherwise a warning.
    blocking: bool = False


def resolve(root: Any, path: str) -> list[tuple[str, Any, Any]]:
    """Every concrete ``(path, list item, value)`` a requirement path names.

    ``siblings[*].plan`` gives one entry per sibling (none if there are no siblings); a missing
    group on the way (``carers`` not filled in) gives the leaf with the value None.
    """
    results: list[tuple[str, Any, Any]] = [("", None, root)]
    for token in path.split("."):
        match = _TOKEN.match(token)
        if match is None:
            raise ValueError(f"bad requirement path {path!r}")
        name, star = match[1], match[2]
        following: list[tuple[str, Any, Any]] = []
        for prefix, item, current in results:
            concrete = f"{prefix}.{name}" if prefix else name
            value = getattr(current, name) if current is not None else None
            if star:
                following += [
                    (f"{concrete}[{index}]", element, element)
                    for index, element in enumerate(value or [])
                ]
            else:
                following.append((concrete, item, value))
        results = following
    return results


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return not value
    return False


def applicable_kinds(context: Context) -> list[DocumentKind]:
    return [kind for kind in checked_kinds() if holds(kind.when, context)]


def _missing_fields(context: Context) -> list[Finding]:
    missing: dict[str, _Missing] = {}
    for kind in applicable_kinds(context):
        for requirement in kind.requirements:
            for path, item, value in resolve(context.case, requirement.path):
                if not holds(requirement.when, context, item):
                    continue
                if not is_missing(value) or _alternative_present(context, requirement):
                    continue
                entry = missing.setdefault(path, _Missing(path, item))
                entry.blocking = entry.blocking or requirement.level == "blocker"
                if kind.kind not in entry.documents:
                    entry.documents.append(kind.kind)
                entry.conditions += [c for c in requirement.when if c not in entry.conditions]
    return [_missing_field_finding(entry, context.case) for entry in missing.values()]


def _alternative_present(context: Context, requirement: Requirement) -> bool:
    return any(
        not is_missing(value)
        for alternative in requirement.alternatives
        for _path, _item, value in resolve(context.case, alternative)
    )


def _missing_field_finding(entry: _Missing, case: Case) -> Finding:
    label = label_of(entry.path)
    reason = f", needed because {because(entry.conditions)}" if entry.conditions else ""
    documents = "; ".join(document_title(name) for name in entry.documents)
    description = description_of(entry.path)
    detail = f" ({description.rstrip('.')})" if description else ""
    where = place(entry.path, case)
    if "[" in entry.path:
        # An item of a list: named by its place counted from 1 and its name, never "[2]".
        what = where[:1].upper() + where[1:]
        leaf = entry.path.rsplit(".", 1)[-1] if not entry.path.endswith("]") else ""
        fill = f"'{leaf}:' under {where.partition(' of ')[2]}" if leaf else where
    else:
        what = _named(label, entry.path)
        fill = entry.path
    if entry.blocking:
        waiting = f"Waiting for it: {documents}."
    else:
        waiting = f"It does not stop them, but the panel will ask: {documents}."
    return Finding(
        code="missing-field",
        severity="blocker" if entry.blocking else "warning",
        documents=tuple(entry.documents),
        field=entry.path,
        label=label,
        owner=_owner(entry.path, entry.item),
        message=f"{what} is not filled in{reason}. {waiting}",
        fix=f"Fill in {fill} in the case file{detail}.",
        source=REGISTRY_SOURCE,
    )


def _named(label: str, path: str) -> str:
    """ "Child: ethnicity (child.ethnicity)"; just "Decision" when the path adds nothing."""
    return label if label.casefold() == path.casefold() else f"{label} ({path})"


def _owner(path: str, item: Any) -> Owner:
    # A paper's date or author is owed by whoever supplies that paper, not by one fixed person.
    if isinstance(item, Attachment):
        return default_paper_owner(Paper((item.kind,), item.title))
    return owner_of(path)


# --- papers ------------------------------------------------------------------------------------


def papers_for(context: Context, kind: DocumentKind) -> tuple[Paper, ...]:
    """The checklist rows for ``kind``: the council's own if its profile lists them."""
    if not kind.papers:
        return ()
    council = context.profile.papers()
    return council if council is not None else kind.papers


def paper_present(context: Context, paper: Paper) -> bool:
    return any(attachment.kind in paper.kinds for attachment in context.case.attachments)


def _missing_papers(context: Context) -> list[Finding]:
    findings: list[Finding] = []
    for kind in applicable_kinds(context):
        for paper in papers_for(context, kind):
            # Rows for documents permdocs makes are complete when those documents are.
            produced = any(name in KINDS for name in paper.kinds)
            if produced or not paper.required or not holds(paper.when, context):
                continue
            if paper_present(context, paper):
                continue
            reason = f", needed because {because(paper.when)}" if paper.when else ""
            kinds = " or ".join(paper.kinds)
            findings.append(
                Finding(
                    code="missing-paper",
                    severity="blocker",
                    documents=(kind.kind,),
                    field="attachments",
                    label=paper.label,
                    owner=default_paper_owner(paper),
                    message=f"{paper.label} is not attached{reason}. It shows as missing on"
                    f" the {kind.title.lower()} until it is in the case folder.",
                    fix=f"Save the paper in the case folder's attachments/ (PDF or Word) and list it"
                    f" under attachments with kind: {kinds}, its title, date and author.",
                    source=REGISTRY_SOURCE,
                )
            )
    return findings


# --- content that is more than one field ------------------------------------------------------


def _review_recommendation(context: Context) -> list[Finding]:
    reviews = context.case.child.lac_reviews
    if not reviews or any(review.recommended_permanent_fostering for review in reviews):
        return []
    return [
        Finding(
            code="review-recommendation-missing",
            severity="blocker",
            documents=("matching-report-part2",),
            field="child.lac_reviews",
            label=label_of("child.lac_reviews"),
            owner="child's social worker",
            message="No LAC review is recorded as recommending permanent fostering. Part 2 must"
            " name the review that recommended it.",
            fix="Set recommended_permanent_fostering: true on that review under child.lac_reviews"
            " (and say what it recommended in its notes); if no review has recommended it yet,"
            " ask the IRO to consider it at the next review.",
            source=f"{LUTON}: a looked after child review recommends permanent fostering",
        )
    ]


def _options_ruled_out(context: Context) -> list[Finding]:
    plan = context.case.care_plan
    if plan.permanence_plan not in (None, "permanent-fostering"):
        return []
    considered = {option.option: option for option in plan.options_considered}
    findings: list[Finding] = []
    path = "care_plan.options_considered"
    for option, name in _OPTION_NAMES.items():
        entry = considered.get(option)
        if entry is None:
            findings.append(
                Finding(
                    code="option-not-considered",
                    severity="blocker",
                    documents=("ppm-referral", "matching-report-part2"),
                    field=path,
                    label=label_of(path),
                    owner="child's social worker",
                    message=f"{name} is not recorded as considered. The PPM referral and Part 2"
                    " must say why each other permanence option was ruled out.",
                    fix=f"Add '- option: {option}' with outcome ruled-out and the reason under"
                    f" {path}.",
                    source=OPTIONS_SOURCE,
                )
            )
        elif entry.outcome != "ruled-out" and plan.permanence_plan == "permanent-fostering":
            findings.append(
                Finding(
                    code="option-not-ruled-out",
                    severity="warning",
                    documents=("matching-report-part2",),
                    field=path,
                    label=label_of(path),
                    owner="child's social worker",
                    message=f"{name} is recorded as {entry.outcome}, but the plan is permanent"
                    " fostering. Part 2 must say why it was ruled out before the match goes to"
                    " panel.",
                    fix=f"If it has been ruled out, change its outcome to ruled-out with the"
                    f" reason under {path}; if it is still being pursued, talk to your manager"
                    " before the matching meeting.",
                    source=OPTIONS_SOURCE,
                )
            )
    return findings
