"""Who the decision letters reach, and whether what they will say can be true: each birth parent's
parental responsibility (shown, with what the council's profile does about it), and a
placement recorded as permanent before the child has moved to the carers.
"""

from __future__ import annotations

from ..model.case import BirthParent
from ..model.fields import label_of, owner_of
from ..policy.conditions import Context
from .findings import Finding, Severity

CODES: dict[str, str] = {
    "parental-responsibility-not-recorded": "Whether a birth parent holds parental"
    " responsibility is not recorded; the decision letters go to parents by it.",
    "parent-without-parental-responsibility": "A birth parent does not hold parental"
    " responsibility; the finding says whether the council's profile writes to them.",
    "permanent-before-move": "The placement is recorded as permanent from a date before the"
    " child moves to the carers, so the letters would contradict themselves.",
}

_PARENT_LETTERS = ("letter-birth-parent",)
_PLACEMENT_LETTERS = (
    "letter-carers",
    "letter-child",
    "letter-birth-parent",
    "letter-director-carers",
    "letter-director-child",
    "information-sheet-carers",
    "information-sheet-child",
)


def check_recipients(context: Context) -> list[Finding]:
    found: list[Finding] = []
    for index, parent in enumerate(context.case.birth_parents):
        found += _parental_responsibility(context, index, parent)
    found += _permanent_before_move(context)
    return found


def _finding(
    code: str,
    severity: Severity,
    documents: tuple[str, ...],
    field: str,
    message: str,
    fix: str,
) -> Finding:
    return Finding(
        code=code,
        severity=severity,
        documents=documents,
        field=field,
        label=label_of(field),
        owner=owner_of(field),
        message=message,
        fix=fix,
    )


def _parental_responsibility(context: Context, index: int, parent: BirthParent) -> list[Finding]:
    """Parental responsibility shown for every parent who could be written to: unknown is a
    warning (the letters go by it); without it, the finding says what the profile does."""
    if not (parent.whereabouts_known and parent.receives_letter):
        return []
    who = f"{parent.name} ({parent.role})"
    field = f"birth_parents[{index}].parental_responsibility"
    writes = context.profile.letters.to_parents_without_parental_responsibility
    if parent.parental_responsibility is None:
        return [
            _finding(
                "parental-responsibility-not-recorded",
                "warning",
                _PARENT_LETTERS,
                field,
                f"Whether {who} holds parental responsibility is not recorded. The council's"
                " profile decides by it who receives the decision letters.",
                "Record parental_responsibility: true or false for this parent.",
            )
        ]
    if parent.parental_responsibility:
        return []
    what = (
        "writes to parents without it, so they will get a decision letter."
        if writes
        else "writes only to parents who hold it, so they will not get a decision letter, and"
        " the child's social worker decides how they are told."
    )
    return [
        _finding(
            "parent-without-parental-responsibility",
            "info",
            _PARENT_LETTERS,
            field,
            f"{who} does not hold parental responsibility. The council's profile {what}",
            "Nothing, if that is right. Otherwise set letters.to_parents_without_parental_"
            "responsibility in the council's profile, or receives_letter: false for this parent.",
        )
    ]


def _permanent_before_move(context: Context) -> list[Finding]:
    """A placement cannot be permanent before the child lives there: new carers' letters would
    say both "became permanent on" a date and "will move to live with you"."""
    case = context.case
    decision, carers = case.decision, case.carers
    if decision is None or decision.permanent_from is None or carers is None:
        return []
    moved = case.child.placed_with_carers_since
    if moved is None and (
        carers.route != "new-in-house" or decision.permanent_from > context.as_of
    ):
        return []  # a move still to come, or carers the child already lives with
    if moved is not None and moved <= decision.permanent_from:
        return []
    when = f"{decision.permanent_from:%d/%m/%Y}"
    reason = (
        f"the child moved to the carers later, on {moved:%d/%m/%Y}"
        if moved is not None
        else "no date is recorded for the child moving to these new carers"
    )
    return [
        _finding(
            "permanent-before-move",
            "warning",
            _PLACEMENT_LETTERS,
            "decision.permanent_from",
            f"The placement is recorded as permanent from {when}, but {reason}. The decision"
            " letters would say the placement is permanent before the child lives there.",
            "Record child.placed_with_carers_since when the child moves in, and set"
            " decision.permanent_from to that day or later.",
        )
    ]
