"""What importing a child's record would change in a case, decided before anything is written.

Each value the record holds goes to one case field. For each, compared with what the case already
holds (as typed, read by the faithful loader):

- the case has nothing there (or the blank case's placeholder): the value is **filled**;
- the case holds the same value (dates compared as dates, text ignoring case and spacing): nothing;
- the case holds a different value: it is **left as typed** and becomes a finding for the child's
  social worker naming both values and the source row, unless ``replace`` is given, when it is
  **replaced** and the change listed with the value it replaced.

Where the current placement goes depends on what the case says about who the child lives with:

- the case has ``child.current_placement`` and no ``placed_with_carers_since``: the child lives
  with other carers while permanence is planned, so the placement's type and start go there;
- the case has ``placed_with_carers_since``, or its carers are existing in-house carers (who by
  definition already care for the child): the placement is with the carers who are to keep the
  child, so its start goes to ``placed_with_carers_since`` and its postcode to the carers' address;
- otherwise the case does not say, and a note asks the worker to say so and import again.

A temporary placement (hospital, holiday, respite: ``T0`` to ``T4``) is not taken to be anyone's
home, and a placement other than a foster placement is not taken to be with the case's carers.

The placement postcode is only taken for the carers when the placement is surely theirs: the date
the case says the child moved in with them is the placement's (or, for existing carers, not typed
yet). Otherwise it may be an earlier placement's, and it is left out with a note.

The placement postcode (SSDA903 ``PL_POST``) is the carers' postcode. It is only ever written to
``carers.address.postcode``, where it takes the carers' address's confidentiality
(``carers.address_confidential``): a birth parent's letter never shows the carers' address, and
where the address is confidential every letter to a birth parent is searched for it. Where the
address is confidential, no message shows the postcode. It is never written anywhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ...checks.findings import Finding
from ...load.reader import Positions, dotted_path
from ...model import Case
from ...model.case import PLACEHOLDER_DATE, PLACEHOLDER_TEXT
from ...model.fields import label_of
from ...model.types import FieldValueError, parse_date
from .record import ChildRecord, Sourced, placement_history
from .tables import Origin

Kind = Literal["text", "date", "code", "paragraph"]
Path = tuple[str, ...]

CONFLICT_CODE = "import-differs"
_PLACEHOLDERS: dict[Path, str] = {
    ("child", "first_names"): PLACEHOLDER_TEXT,
    ("child", "last_name"): PLACEHOLDER_TEXT,
    ("child", "date_of_birth"): PLACEHOLDER_DATE,
}


@dataclass(frozen=True)
class Write:
    """One value to write into the case file, with its provenance comment."""

    path: Path
    value: str | date
    comment: str
    paragraph: bool = False
    review: bool = False
    """Add ``value`` (a date) as a new review in ``child.lac_reviews``."""


@dataclass(frozen=True)
class Change:
    """A change the import makes (or, in a dry run, would make) to the case file."""

    field: str
    label: str
    action: Literal["filled", "replaced", "added"]
    old: str | None
    new: str
    source: str
    confidential: bool = False
    """The value is the carers' confidential address: it is not shown, here or anywhere."""

    def shown(self, value: str | None) -> str:
        if value is None:
            return "(empty)"
        return "(confidential, not shown)" if self.confidential else _short(value)

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "label": self.label,
            "action": self.action,
            "old": None if self.old is None else self.shown(self.old),
            "new": self.shown(self.new),
            "source": self.source,
            "confidential": self.confidential,
        }


@dataclass
class Plan:
    writes: list[Write] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unchanged: int = 0


@dataclass(frozen=True)
class _Proposal:
    path: Path
    value: str | date
    shown: str
    origin: Origin
    kind: Kind
    detail: str = ""
    """The column (and code) it was read from, e.g. ``ETHNIC WBRI``."""
    confidential: bool = False


def plan_import(
    record: ChildRecord,
    data: Mapping[str, Any],
    positions: Positions,
    case: Case,
    *,
    replace: bool,
    today: date,
) -> Plan:
    """What importing ``record`` into the case (``data`` as loaded, ``case`` as validated) does."""
    plan = Plan(notes=list(record.notes))
    for proposal in _proposals(record, data, case, plan.notes):
        _decide(proposal, data, positions, plan, replace=replace, today=today)
    _reviews(record, data, case, plan, today)
    return plan


# -------------------------------------------------------------------------------- the proposals


def _proposals(
    record: ChildRecord, data: Mapping[str, Any], case: Case, notes: list[str]
) -> list[_Proposal]:
    proposals: list[_Proposal] = []

    def text(path: Path, value: Sourced[str] | None, kind: Kind = "text") -> None:
        if value is not None:
            detail = value.column + (f" {value.written}" if value.written != value.value else "")
            proposals.append(_Proposal(path, value.value, value.value, value.origin, kind, detail))

    def day(path: Path, value: Sourced[date] | None) -> None:
        if value is not None:
            proposals.append(
                _Proposal(
                    path, value.value, value.value.isoformat(), value.origin, "date", value.column
                )
            )

    text(("child", "first_names"), record.first_names)
    text(("child", "last_name"), record.last_name)
    day(("child", "date_of_birth"), record.date_of_birth)
    text(("child", "gender"), record.gender)
    text(("child", "ethnicity"), record.ethnicity)
    if record.legal_status is not None:
        code = record.legal_status.value
        if code.case_value is None:
            notes.append(
                f"The legal status in force is {code.code} ({code.label}), at"
                f" {record.legal_status.origin.describe()}; the case's legal statuses do not"
                " include it, so it was not imported."
            )
        else:
            text(
                ("child", "legal_status"),
                Sourced(
                    code.case_value,
                    record.legal_status.origin,
                    code.code,
                    record.legal_status.column,
                ),
                "code",
            )
    day(("child", "looked_after_since"), record.looked_after_since)
    _current_placement(record, data, case, proposals, notes)
    if record.placements:
        first, last = record.placements[0].origin, record.placements[-1].origin
        history = placement_history(record.placements)
        proposals.append(
            _Proposal(
                ("child", "history", "placement_moves"),
                history,
                history,
                first.spanning(last),
                "paragraph",
            )
        )
    if record.permanence_plan is not None and record.permanence_plan.value.case_value:
        plan = record.permanence_plan
        text(
            ("care_plan", "permanence_plan"),
            Sourced(plan.value.case_value or "", plan.origin, plan.value.code, plan.column),
            "code",
        )
    day(("care_plan", "plan_date"), record.plan_date)
    return proposals


def _current_placement(
    record: ChildRecord,
    data: Mapping[str, Any],
    case: Case,
    proposals: list[_Proposal],
    notes: list[str],
) -> None:
    current = record.current
    since = record.with_carers_since()
    if current is None or since is None:
        return
    child = _mapping(data.get("child"))
    kind = current.type.label if current.type is not None else "placement type not recorded"
    if current.provider is not None:
        kind += f" ({current.provider.label})"
    where = f"{kind}, since {since.value:%d/%m/%Y}, at {current.origin.describe()}"
    if current.type is not None and current.type.flag("temporary"):
        notes.append(
            f"The child's current placement is temporary ({where}), so neither it nor its"
            " postcode was imported; import again once the child is back in their placement."
        )
        return
    typed_since = child.get("placed_with_carers_since")
    elsewhere = isinstance(child.get("current_placement"), Mapping)
    with_carers = typed_since is not None or (
        case.carers is not None and case.carers.route == "existing-in-house"
    )
    if elsewhere and typed_since is None:
        proposals.append(
            _Proposal(
                ("child", "current_placement", "placement_type"),
                kind,
                kind,
                current.origin,
                "text",
                _column(current.origin, "PLACE", "clap_cla_placement_type"),
            )
        )
        proposals.append(
            _Proposal(
                ("child", "current_placement", "since"),
                since.value,
                since.value.isoformat(),
                since.origin,
                "date",
                _column(since.origin, "DECOM", "clap_cla_placement_start_date"),
            )
        )
        if current.postcode is not None:
            notes.append(
                "The placement postcode was not imported: the case keeps a postcode only for"
                " the carers who are to keep the child, and the child's current placement is"
                " with other carers (child.current_placement)."
            )
        return
    if not with_carers:
        notes.append(
            f"The child's current placement ({where}) was not imported: the case does not say"
            " who the child lives with now. If they live with the carers who are to keep them,"
            " fill in the carers section and child.placed_with_carers_since; otherwise add"
            " child.current_placement with their carers' names. Then run the import again."
        )
        return
    if current.type is not None and not current.type.flag("foster"):
        notes.append(
            f"The child's current placement ({where}) is not a foster placement, so it was not"
            " taken to be with the carers in the case: neither its start nor its postcode was"
            " imported. Check the placement and the carers section."
        )
        return
    proposals.append(
        _Proposal(
            ("child", "placed_with_carers_since"),
            since.value,
            since.value.isoformat(),
            since.origin,
            "date",
            _column(since.origin, "DECOM", "clap_cla_placement_start_date"),
        )
    )
    _postcode(current.postcode, typed_since, since, data, case, proposals, notes)


def _postcode(
    postcode: Sourced[str] | None,
    typed_since: Any,
    since: Sourced[date],
    data: Mapping[str, Any],
    case: Case,
    proposals: list[_Proposal],
    notes: list[str],
) -> None:
    """The placement postcode, for the carers' address: only when the placement is surely the
    carers' (the case's date the child moved in with them is the placement's, or not yet typed
    for existing carers), and only where the case already has their address."""
    if postcode is None:
        return
    if typed_since is not None and not _same_date(typed_since, since.value):
        notes.append(
            f"The placement postcode was not imported: the return's current placement began on"
            f" {since.value:%d/%m/%Y}, but the case says the child moved in with the carers on"
            f" {typed_since}, so it may be another placement."
        )
        return
    carers = _mapping(data.get("carers"))
    if not isinstance(carers.get("address"), Mapping):
        notes.append(
            "The placement postcode was not imported: the case has no carers' address to put it"
            " in (carers.address needs its street lines first). Type the address, then run the"
            " import again."
        )
        return
    confidential = case.carers is not None and case.carers.address_confidential
    proposals.append(
        _Proposal(
            ("carers", "address", "postcode"),
            postcode.value,
            postcode.value,
            postcode.origin,
            "text",
            postcode.column,
            confidential,
        )
    )


def _same_date(typed: Any, day: date) -> bool:
    try:
        return isinstance(typed, str) and parse_date(typed) == day
    except FieldValueError:
        return False


def _column(origin: Origin, column_903: str, column_ssd: str) -> str:
    return column_903 if origin.dataset == "SSDA903" else column_ssd


# ---------------------------------------------------------------------------------- the decision


def _decide(
    proposal: _Proposal,
    data: Mapping[str, Any],
    positions: Positions,
    plan: Plan,
    *,
    replace: bool,
    today: date,
) -> None:
    found, existing = _get(data, proposal.path)
    dotted = dotted_path(proposal.path)
    label = label_of(dotted)
    source = proposal.origin.describe()
    placeholder = found and existing is not None and _PLACEHOLDERS.get(proposal.path) == existing
    if found and existing is not None and not placeholder:
        if _same(existing, proposal):
            plan.unchanged += 1
            return
        if not replace:
            plan.conflicts.append(_conflict(proposal, existing, positions, dotted, label))
            return
    write = Write(
        proposal.path,
        proposal.value,
        _provenance(proposal.origin, proposal.detail, today),
        paragraph=proposal.kind == "paragraph",
    )
    plan.writes.append(write)
    old = existing if found and isinstance(existing, str) else None
    plan.changes.append(
        Change(
            dotted,
            label,
            "replaced" if old is not None and not placeholder else "filled",
            old,
            proposal.shown,
            source,
            proposal.confidential,
        )
    )


def _same(existing: Any, proposal: _Proposal) -> bool:
    if not isinstance(existing, str):
        return False
    if proposal.kind == "date":
        try:
            return bool(parse_date(existing) == proposal.value)
        except FieldValueError:
            return False
    if proposal.kind == "code":
        return existing.strip() == proposal.value
    return _normal(existing) == _normal(str(proposal.value))


def _conflict(
    proposal: _Proposal, existing: Any, positions: Positions, dotted: str, label: str
) -> Finding:
    where = positions.locate(proposal.path)
    source = proposal.origin.describe()
    read = f" ({proposal.detail})" if proposal.detail else ""
    if proposal.confidential:
        message = (
            f"The case's value ({where}) differs from the one in {source}{read}. Neither is shown"
            " here because the carers' address is confidential. The case was left as it is."
        )
    else:
        message = (
            f"The case says {_short(str(existing))} ({where}); {source}{read} says"
            f" {_short(proposal.shown)}. The case was left as it is."
        )
    return Finding(
        code=CONFLICT_CODE,
        severity="warning",
        documents=(),
        field=dotted,
        label=label,
        owner="child's social worker",
        message=message,
        fix="Check which is right, and correct the case file or the council's system; to take"
        " the return's value instead, import again with --replace.",
        source=source,
    )


def _provenance(origin: Origin, detail: str, today: date) -> str:
    read = f", {detail}" if detail else ""
    return f"from {origin.describe()}{read}, imported {today.isoformat()}"


# ------------------------------------------------------------------------------------- reviews


def _reviews(
    record: ChildRecord, data: Mapping[str, Any], case: Case, plan: Plan, today: date
) -> None:
    if not record.reviews:
        return
    held = {review.date for review in case.child.lac_reviews}
    # The period of care the case is about: the date being written, else the case's own.
    written = [w.value for w in plan.writes if w.path == ("child", "looked_after_since")]
    since = written[0] if written else case.child.looked_after_since
    earlier = 0
    seen: set[date] = set()
    for review in sorted(record.reviews, key=lambda item: item.value):
        if review.value in held or review.value in seen:
            if review.value in held:
                plan.unchanged += 1
            continue
        seen.add(review.value)
        if isinstance(since, date) and review.value < since:
            earlier += 1
            continue
        plan.writes.append(
            Write(
                ("child", "lac_reviews"),
                review.value,
                _provenance(review.origin, review.column, today),
                review=True,
            )
        )
        plan.changes.append(
            Change(
                "child.lac_reviews",
                "Child: LAC reviews",
                "added",
                None,
                review.value.isoformat(),
                review.origin.describe(),
            )
        )
    if earlier:
        plan.notes.append(
            f"{earlier} review{'s' if earlier != 1 else ''} in the files came before the child"
            " last became looked after, in an earlier period of care, and"
            f" {'were' if earlier != 1 else 'was'} not imported."
        )


# ------------------------------------------------------------------------------------- helpers


def _get(data: Mapping[str, Any], path: Path) -> tuple[bool, Any]:
    node: Any = data
    for key in path:
        if not isinstance(node, Mapping) or key not in node:
            return False, None
        node = node[key]
    return True, node


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= 80 else flat[:77] + "...")
