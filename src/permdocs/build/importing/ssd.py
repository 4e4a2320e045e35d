"""Reading one child from the Standard Safeguarding Dataset (SSD), exported as CSV tables.

The SSD is a set of tables a council extracts from its case-management system, one CSV file per
table with the SSD's column names; which table a file holds is told from its columns. The import
reads:

- ``ssd_person``: names, date of birth, sex and gender, ethnicity;
- ``ssd_cla_episodes``: when the child became looked after (``clae_entered_care_date``), and the
  reason each episode began (to tell a move to new carers from a move with the same carers);
- ``ssd_cla_placement``: the placements, their types, providers and postcodes;
- ``ssd_legal_status``: the legal status in force;
- ``ssd_cla_reviews``: the looked-after child review dates (linked to the child through the
  episodes' ``clae_cla_id``);
- ``ssd_cla_care_plan``: the permanence plan, when one plan is chosen;
- ``ssd_permanence``: shown, not imported: its decision and matched dates are those of adoption
  and special guardianship, not of a permanent fostering match.

Codes may be written as the DfE's codes or, since some columns are free text in the SSD, as their
labels. Dates may carry a time of day (SQL exports); ``NULL`` is read as empty.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ...errors import Problem
from ...model.types import FieldValueError
from .codes import Code, Dataset, code_list
from .record import ChildRecord, Placement, Sourced
from .tables import (
    Origin,
    Problems,
    Row,
    Source,
    Table,
    check_text,
    child_absent,
    read_csv,
    source_date,
)

DATASET: Dataset = "SSD"
_NULLS = frozenset({"NULL"})

# Each table the import reads: the column holding the person's ID, and the columns it needs.
_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "ssd_person": ("pers_person_id", ("pers_person_id",)),
    "ssd_cla_episodes": (
        "clae_person_id",
        ("clae_person_id", "clae_cla_episode_start_date", "clae_cla_episode_start_reason"),
    ),
    "ssd_cla_placement": (
        "clap_person_id",
        ("clap_person_id", "clap_cla_placement_start_date", "clap_cla_placement_type"),
    ),
    "ssd_legal_status": (
        "lega_person_id",
        ("lega_person_id", "lega_legal_status", "lega_legal_status_start_date"),
    ),
    "ssd_cla_reviews": ("clar_cla_id", ("clar_cla_id", "clar_cla_review_date")),
    "ssd_cla_care_plan": (
        "lacp_person_id",
        ("lacp_person_id", "lacp_cla_care_plan_start_date", "lacp_cla_care_plan_json"),
    ),
    "ssd_permanence": ("perm_person_id", ("perm_person_id",)),
}
_PREFIXES = {
    "pers_": "ssd_person",
    "clae_": "ssd_cla_episodes",
    "clap_": "ssd_cla_placement",
    "lega_": "ssd_legal_status",
    "clar_": "ssd_cla_reviews",
    "lacp_": "ssd_cla_care_plan",
    "perm_": "ssd_permanence",
}
_PERMANENCE_DATES = {
    "perm_adm_decision_date": "ADM decision",
    "perm_placement_order_date": "placement order",
    "perm_matched_date": "matched",
    "perm_placed_for_adoption_date": "placed for adoption",
    "perm_permanence_order_date": "permanence order",
}
_SSD_COLUMN = re.compile(r"^[a-z]{4}_[a-z0-9_]+$")
"""An SSD column name: the table's four-letter prefix, then the item (``cinp_cin_plan_id``)."""
_NOT_TICKED = frozenset({"", "0", "n", "no", "false", "none"})


@dataclass
class _Tables:
    rows: dict[str, list[Row]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    ids: dict[str, set[str | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Episode:
    start: date
    end: date | None
    reason: Code | None
    ceased: Code | None
    entered_care: date | None
    origin: Origin


def read_ssd(sources: Sequence[Source], child: str) -> tuple[ChildRecord, list[Problem]]:
    """Everything the SSD tables say about ``child``, and every problem found in reading them."""
    problems = Problems()
    tables = _Tables()
    record = ChildRecord(DATASET, child)
    for source in sources:
        _read_table(source, child, tables, problems, record)
    episodes_given = "ssd_cla_episodes" in tables.files
    episodes = _episodes(tables, problems)
    cla_ids = {row.get("clae_cla_id") for row in tables.rows.get("ssd_cla_episodes", [])} - {None}
    if not any(rows for name, rows in tables.rows.items() if name != "ssd_cla_reviews"):
        if problems:  # a file that could not be read may be where the child is
            return record, problems.items
        child_absent(child, tables.ids.values(), problems, what="pers_person_id in the SSD")
        return record, problems.items
    _person(tables, record, problems)
    placements = _placements(tables, episodes, problems)
    legal = _legal_status(tables, problems)
    _reviews(tables, cla_ids, record, problems)
    _care_plan(tables, record, problems)
    _permanence(tables, record)
    if problems:
        return record, problems.items
    record.placements = placements
    record.looked_after = _still_looked_after(episodes, record) if episodes_given else True
    if record.looked_after:
        record.legal_status = legal
        if episodes:
            _looked_after_since(episodes, record)
    return record, []


# ------------------------------------------------------------------------------------- reading


def _read_table(
    source: Source, child: str, tables: _Tables, problems: Problems, record: ChildRecord
) -> None:
    table = read_csv(
        source,
        problems,
        header_name=str.lower,
        nulls=_NULLS,
        wanted=lambda columns: _table_name(columns) is not None,
    )
    if table is None:
        return
    name = _table_name(table.columns)
    if name is None:
        prefixes = {column.split("_", 1)[0] for column in table.columns}
        if len(prefixes) == 1 and all(_SSD_COLUMN.match(column) for column in table.columns):
            record.notes.append(f"{table.name} is an SSD table the import does not use.")
            return
        problems.add(
            table.name,
            1,
            "",
            "is not an SSD table (its columns are "
            + ", ".join(name or "(blank)" for name in table.columns[:10])
            + ("..." if len(table.columns) > 10 else "")
            + ")",
            "give the SSD's tables as CSV files with their column names, such as ssd_person,"
            " ssd_cla_episodes, ssd_cla_placement and ssd_legal_status",
        )
        return
    earlier = tables.files.get(name)
    if earlier is not None:
        problems.add(
            table.name,
            None,
            "",
            f"is a second {name} table (after {earlier})",
            "give each table once: the import cannot tell which of two is right",
        )
        return
    id_column, needed = _TABLES[name]
    missing = [column for column in needed if column not in table.columns]
    if missing:
        problems.add(
            table.name,
            1,
            "",
            f"looks like {name} but has no {', '.join(missing)} column"
            f"{'s' if len(missing) > 1 else ''}",
            "export the table again with the SSD's column names",
        )
        return
    tables.files[name] = table.name
    tables.ids[table.name] = {row.get(id_column) for row in table.rows}
    if name == "ssd_cla_reviews":
        mine = table.rows  # linked to the child through the episodes' period-of-care IDs
        note = f"{table.name} ({table.encoding}): {len(table.rows)} rows"
    else:
        mine = [row for row in table.rows if row.get(id_column) == child]
        note = _read_note(table, len(mine))
    tables.rows[name] = mine
    record.files.append(note)


def _table_name(columns: tuple[str, ...]) -> str | None:
    """The table a file holds: the one whose ID column it has, else the one whose column names
    it shares (then the check of its columns says what is missing)."""
    for name, (id_column, _) in _TABLES.items():
        if id_column in columns:
            return name
    for prefix, name in _PREFIXES.items():
        if any(column.startswith(prefix) for column in columns):
            return name
    return None


def _read_note(table: Table, mine: int) -> str:
    rows = len(table.rows)
    return f"{table.name} ({table.encoding}): {rows} row{'s' if rows != 1 else ''}, {mine} for this child"


def _origin(tables: _Tables, name: str, row: Row) -> Origin:
    return Origin(DATASET, tables.files[name], row.line)


# ----------------------------------------------------------------------------------- the values


def _date(
    tables: _Tables, name: str, row: Row, column: str, problems: Problems, *, required: bool
) -> date | None:
    text = row.get(column)
    if text is None:
        if required:
            problems.add(
                tables.files[name],
                row.line,
                column,
                "is empty",
                "every row of this table needs it; export the table again",
            )
        return None
    try:
        return source_date(text)
    except FieldValueError as error:
        problems.add(tables.files[name], row.line, column, str(error), error.hint)
        return None


def _code(
    tables: _Tables,
    name: str,
    row: Row,
    column: str,
    list_name: str,
    problems: Problems,
    *,
    required: bool = False,
) -> Code | None:
    text = row.get(column)
    if text is None:
        if required:
            problems.add(
                tables.files[name],
                row.line,
                column,
                "is empty",
                "every row of this table needs it; export the table again",
            )
        return None
    codes = code_list(list_name)
    found = codes.find(text, DATASET)
    if found is None:
        problems.add(
            tables.files[name],
            row.line,
            column,
            f"'{text}' is neither a code nor a label of the {codes.item.split(',')[0]} list",
            f"use one of: {codes.codes_text(DATASET)}",
        )
    return found


def _text(
    tables: _Tables, name: str, row: Row, column: str, problems: Problems
) -> Sourced[str] | None:
    text = row.get(column)
    if text is None:
        return None
    bad = check_text(text)
    if bad is not None:
        problems.add(tables.files[name], row.line, column, bad, "correct it in the source system")
        return None
    return Sourced(text, _origin(tables, name, row), text, column)


def _person(tables: _Tables, record: ChildRecord, problems: Problems) -> None:
    rows = tables.rows.get("ssd_person", [])
    if not rows:
        if "ssd_person" in tables.files:
            record.notes.append(
                f"Child {record.child_id} is not in {tables.files['ssd_person']}, so their names,"
                " date of birth, gender and ethnicity were not imported."
            )
        return
    if len(rows) > 1:
        problems.add(
            tables.files["ssd_person"],
            rows[1].line,
            "pers_person_id",
            f"the child has a second row (the first is row {rows[0].line})",
            "keep one row per person",
        )
        return
    row = rows[0]
    origin = _origin(tables, "ssd_person", row)
    record.first_names = _text(tables, "ssd_person", row, "pers_forename", problems)
    record.last_name = _text(tables, "ssd_person", row, "pers_surname", problems)
    born = _date(tables, "ssd_person", row, "pers_dob", problems, required=False)
    if born is not None:
        record.date_of_birth = Sourced(born, origin, row.get("pers_dob") or "", "pers_dob")
    gender = _code(tables, "ssd_person", row, "pers_gender", "ssd_gender", problems)
    sex = _code(tables, "ssd_person", row, "pers_sex", "ssd_sex", problems)
    if gender is not None and gender.case_value is not None:
        record.gender = Sourced(
            gender.case_value, origin, row.get("pers_gender") or "", "pers_gender"
        )
    elif sex is not None and sex.case_value is not None:
        record.gender = Sourced(sex.case_value, origin, row.get("pers_sex") or "", "pers_sex")
    ethnicity = _code(tables, "ssd_person", row, "pers_ethnicity", "ethnicity", problems)
    if ethnicity is not None:
        if ethnicity.case_value is not None:
            record.ethnicity = Sourced(
                ethnicity.case_value, origin, row.get("pers_ethnicity") or "", "pers_ethnicity"
            )
        else:
            record.notes.append(
                f"Ethnicity is recorded as {ethnicity.code} ({ethnicity.label}) in"
                f" {origin.describe()}, so none was imported."
            )


def _episodes(tables: _Tables, problems: Problems) -> list[_Episode]:
    name = "ssd_cla_episodes"
    episodes = []
    for row in tables.rows.get(name, []):
        start = _date(tables, name, row, "clae_cla_episode_start_date", problems, required=True)
        end = _date(tables, name, row, "clae_cla_episode_ceased_date", problems, required=False)
        entered = _date(tables, name, row, "clae_entered_care_date", problems, required=False)
        reason = _code(
            tables,
            name,
            row,
            "clae_cla_episode_start_reason",
            "reason_new_episode",
            problems,
            required=True,
        )
        ceased = _code(
            tables, name, row, "clae_cla_episode_ceased_reason", "reason_episode_ceased", problems
        )
        if start is None:
            continue
        if end is not None and end < start:
            problems.add(
                tables.files[name],
                row.line,
                "clae_cla_episode_ceased_date",
                f"the episode ends ({end:%d/%m/%Y}) before it starts ({start:%d/%m/%Y})",
                "correct the dates in the source system",
            )
            continue
        episodes.append(_Episode(start, end, reason, ceased, entered, _origin(tables, name, row)))
    episodes.sort(key=lambda episode: episode.start)
    _check_order([(e.start, e.end, e.origin) for e in episodes], problems, "episode")
    return episodes


def _check_order(
    spans: list[tuple[date, date | None, Origin]], problems: Problems, what: str
) -> None:
    for (_, end, before), (start, _, after) in itertools.pairwise(spans):
        if end is None:
            problems.add(
                after.file,
                after.line,
                "",
                f"this {what} starts while the {what} at {before.describe()} has no end date",
                f"give the earlier {what} its end date",
            )
        elif start < end:
            problems.add(
                after.file,
                after.line,
                "",
                f"this {what} starts ({start:%d/%m/%Y}) before the {what} at"
                f" {before.describe()} ends ({end:%d/%m/%Y})",
                f"correct the dates: {what}s cannot overlap",
            )


def _placements(tables: _Tables, episodes: list[_Episode], problems: Problems) -> list[Placement]:
    name = "ssd_cla_placement"
    found: list[Placement] = []
    for row in tables.rows.get(name, []):
        start = _date(tables, name, row, "clap_cla_placement_start_date", problems, required=True)
        end = _date(tables, name, row, "clap_cla_placement_end_date", problems, required=False)
        kind = _code(
            tables, name, row, "clap_cla_placement_type", "placement_type", problems, required=True
        )
        provider = _code(
            tables, name, row, "clap_cla_placement_provider", "placement_provider", problems
        )
        change = _code(
            tables,
            name,
            row,
            "clap_cla_placement_change_reason",
            "reason_placement_change",
            problems,
        )
        postcode = _text(tables, name, row, "clap_cla_placement_postcode", problems)
        if start is None:
            continue
        if end is not None and end < start:
            problems.add(
                tables.files[name],
                row.line,
                "clap_cla_placement_end_date",
                f"the placement ends ({end:%d/%m/%Y}) before it starts ({start:%d/%m/%Y})",
                "correct the dates in the source system",
            )
            continue
        began = next((e for e in episodes if e.start == start), None)
        same_carers = (
            began is not None and began.reason is not None and not began.reason.flag("new_carers")
        )
        ended = next((e for e in episodes if end is not None and e.end == end), None)
        left = (
            ended.ceased
            if ended is not None and ended.ceased and not ended.ceased.flag("continues_care")
            else None
        )
        found.append(
            Placement(
                start=start,
                end=end,
                type=kind,
                provider=provider,
                postcode=postcode,
                new_carers=not same_carers,
                origin=_origin(tables, name, row),
                end_reason=change,
                left_care=left,
            )
        )
    found.sort(key=lambda placement: placement.start)
    _check_order([(p.start, p.end, p.origin) for p in found], problems, "placement")
    return found


def _legal_status(tables: _Tables, problems: Problems) -> Sourced[Code] | None:
    name = "ssd_legal_status"
    current: list[tuple[date, Row, Code]] = []
    for row in tables.rows.get(name, []):
        start = _date(tables, name, row, "lega_legal_status_start_date", problems, required=True)
        end = _date(tables, name, row, "lega_legal_status_end_date", problems, required=False)
        status = _code(
            tables, name, row, "lega_legal_status", "legal_status", problems, required=True
        )
        if start is not None and status is not None and end is None:
            current.append((start, row, status))
    if not current:
        return None
    current.sort(key=lambda item: item[0])
    if len(current) > 1:
        (_, first, _), (_, second, _) = current[-2], current[-1]
        problems.add(
            tables.files[name],
            second.line,
            "lega_legal_status_end_date",
            f"two legal statuses are open at once (this one and row {first.line})",
            "give the earlier legal status its end date in the source system",
        )
        return None
    _, row, status = current[-1]
    return Sourced(
        status, _origin(tables, name, row), row.get("lega_legal_status") or "", "lega_legal_status"
    )


def _reviews(
    tables: _Tables, cla_ids: set[str | None], record: ChildRecord, problems: Problems
) -> None:
    name = "ssd_cla_reviews"
    rows = [row for row in tables.rows.get(name, []) if row.get("clar_cla_id") in cla_ids]
    tables.rows[name] = rows
    for row in rows:
        cancelled = (row.get("clar_cla_review_cancelled") or "").strip().lower()
        if cancelled in ("y", "yes", "1", "true"):
            continue
        when = _date(tables, name, row, "clar_cla_review_date", problems, required=False)
        if when is not None:
            record.reviews.append(
                Sourced(
                    when,
                    _origin(tables, name, row),
                    row.get("clar_cla_review_date") or "",
                    "clar_cla_review_date",
                )
            )


def _care_plan(tables: _Tables, record: ChildRecord, problems: Problems) -> None:
    name = "ssd_cla_care_plan"
    open_plans = []
    for row in tables.rows.get(name, []):
        start = _date(tables, name, row, "lacp_cla_care_plan_start_date", problems, required=True)
        end = _date(tables, name, row, "lacp_cla_care_plan_end_date", problems, required=False)
        if start is not None and end is None:
            open_plans.append((start, row))
    if not open_plans:
        return
    start, row = max(open_plans, key=lambda item: item[0])
    origin = _origin(tables, name, row)
    text = row.get("lacp_cla_care_plan_json") or "{}"
    try:
        plan = json.loads(text)
    except json.JSONDecodeError as error:
        problems.add(
            tables.files[name],
            row.line,
            "lacp_cla_care_plan_json",
            f"is not valid JSON ({error.msg})",
            "export the table again",
        )
        return
    if not isinstance(plan, dict):
        problems.add(
            tables.files[name],
            row.line,
            "lacp_cla_care_plan_json",
            "is not a JSON object of plan options",
            "export the table again",
        )
        return
    codes = code_list("ssd_permanence_plan")
    ticked: list[Code] = []
    for key, value in plan.items():
        if str(value if value is not None else "").strip().lower() in _NOT_TICKED or value is False:
            continue
        found = codes.find(str(key), DATASET)
        if found is None:
            problems.add(
                tables.files[name],
                row.line,
                "lacp_cla_care_plan_json",
                f"'{key}' is not one of the SSD's permanence plan options",
                f"use one of: {codes.codes_text(DATASET)}",
            )
            return
        ticked.append(found)
    record.plan_date = Sourced(
        start,
        origin,
        row.get("lacp_cla_care_plan_start_date") or "",
        "lacp_cla_care_plan_start_date",
    )
    if len(ticked) == 1 and ticked[0].case_value is not None:
        record.permanence_plan = Sourced(
            ticked[0], origin, ticked[0].code, "lacp_cla_care_plan_json"
        )
    elif len(ticked) > 1:
        record.notes.append(
            f"The care plan at {origin.describe()} names {len(ticked)} plans ("
            + "; ".join(code.label for code in ticked)
            + "): parallel planning. The permanence plan was not imported: record the plan and"
            " its parallel plans in the case yourself."
        )
    elif ticked:
        record.notes.append(
            f"The care plan at {origin.describe()} is '{ticked[0].label}', which the case's"
            " permanence plans do not include, so it was not imported."
        )


def _permanence(tables: _Tables, record: ChildRecord) -> None:
    name = "ssd_permanence"
    for row in tables.rows.get(name, []):
        dates = [
            f"{label} {_shown_date(row.get(column) or '')}"
            for column, label in _PERMANENCE_DATES.items()
            if row.get(column)
        ]
        kind = row.get("perm_permanence_order_type")
        held = "; ".join(dates + ([f"order: {kind}"] if kind else [])) or "no dates"
        record.notes.append(
            f"{_origin(tables, name, row).describe()} ({held}): the SSD's permanence table"
            " records adoption and special guardianship decisions, not a permanent fostering"
            " match or decision, so nothing was imported from it; check it against the care plan."
        )


def _shown_date(text: str) -> str:
    try:
        return f"{source_date(text):%d/%m/%Y}"
    except FieldValueError:
        return text


def _still_looked_after(episodes: list[_Episode], record: ChildRecord) -> bool:
    if not episodes:
        record.notes.append(
            f"Child {record.child_id} has no episodes in the episodes table, so nothing about when"
            " they became looked after was imported."
        )
        return True
    last = episodes[-1]
    if last.end is None:
        return True
    ended = last.ceased.label if last.ceased is not None else "no reason recorded"
    record.notes.append(
        f"The child's last episode ({last.origin.describe()}) ended on {last.end:%d/%m/%Y}"
        f" ({ended}): according to these files the child is not looked after now, so their"
        " legal status, current placement and the date they became looked after were not"
        " imported."
    )
    return False


def _looked_after_since(episodes: list[_Episode], record: ChildRecord) -> None:
    current = episodes[-1]
    if current.entered_care is not None:
        record.looked_after_since = Sourced(
            current.entered_care,
            current.origin,
            f"{current.entered_care:%d/%m/%Y}",
            "clae_entered_care_date",
        )
        return
    start = next(
        (e for e in reversed(episodes) if e.reason is not None and e.reason.flag("starts_care")),
        None,
    )
    if start is None:
        record.notes.append(
            "None of the child's episodes starts a period of care (reason S) and the current one"
            " gives no date the child entered care, so that date was not imported."
        )
        return
    record.looked_after_since = Sourced(
        start.start, start.origin, f"{start.start:%d/%m/%Y}", "clae_cla_episode_start_date"
    )
