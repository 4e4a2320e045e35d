"""Reading one child from the SSDA903 looked-after children return: CSV files or its XML form.

The CSV form is one file per table, each with a fixed header row: the header file (``CHILD, SEX,
DOB, ETHNIC, UPN, MOTHER, MC_DOB``), the episodes file (``CHILD, DECOM, RNE, LS, CIN, PLACE,
PLACE_PROVIDER, DEC, REC, REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN``) and the reviews file
(``CHILD, DOB, REVIEW, REVIEW_CODE``). Which file is which is told from its columns, not its name.
The other tables of the return (UASC, OC2, OC3, AD1, ...) are recognised and left unread.

The XML form holds the same items: ``<CHILD>`` elements, each with a ``<HEADER>`` (``CHILDID``
for ``CHILD``, reviews as ``<AREVIEW>`` inside it) and one ``<EPISODE>`` per episode (``PL`` for
``PLACE``). It is parsed without DTDs, entities or network access.

Every row of the child is checked (dates, codes, the order of the episodes) and every problem is
reported with its file and row before anything is imported.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
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
    decode,
    read_csv,
    require_columns,
    source_date,
)

DATASET: Dataset = "SSDA903"

# The tables the import reads, told apart by their columns, and those it knows but leaves.
_KINDS = {
    "episodes": ("CHILD", "DECOM", "RNE", "LS", "PLACE"),
    "reviews": ("CHILD", "REVIEW"),
    "header": ("CHILD", "SEX", "DOB", "ETHNIC"),
}
_UNUSED = {
    "DUC": "the UASC file",
    "SDQ_SCORE": "the OC2 file",
    "CONVICTED": "the OC2 file",
    "IN_TOUCH": "the OC3 file",
    "DATE_INT": "the AD1 file",
    "DATE_PLACED": "the placed-for-adoption file",
    "PREV_PERM": "the previous permanence file",
    "MIS_START": "the missing file",
    "SW_ID": "the social worker file",
}
_XML_RENAMES = {"CHILDID": "CHILD", "PL": "PLACE"}


@dataclass(frozen=True)
class _Item:
    """A row of a table, from a CSV file or an XML element, and where it was read."""

    origin: Origin
    values: dict[str, str | None]

    def get(self, column: str) -> str | None:
        return self.values.get(column)


@dataclass
class _Tables:
    header: list[_Item] = dataclasses.field(default_factory=list)
    episodes: list[_Item] = dataclasses.field(default_factory=list)
    reviews: list[_Item] = dataclasses.field(default_factory=list)
    seen: dict[str, str] = dataclasses.field(default_factory=dict)
    """Which file gave each kind of table, to refuse two files of one kind."""
    ids: dict[str, set[str | None]] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class _Episode:
    start: date
    end: date | None
    reason: Code
    legal: Code
    place: Code
    provider: Code | None
    ceased: Code | None
    change: Code | None
    postcode: Sourced[str] | None
    origin: Origin


def read_ssda903(sources: Sequence[Source], child: str) -> tuple[ChildRecord, list[Problem]]:
    """Everything the files say about ``child``, and every problem found in reading them."""
    problems = Problems()
    tables = _Tables()
    record = ChildRecord(DATASET, child)
    for source in sources:
        if _is_xml(source):
            _read_xml(source, child, tables, problems, record)
        else:
            _read_csv_file(source, child, tables, problems, record)
    found = tables.header or tables.episodes or tables.reviews
    if not found:
        if problems:  # a file that could not be read may be where the child is
            return record, problems.items
        child_absent(child, tables.ids.values(), problems, what="the CHILD column of the return")
        return record, problems.items
    _header(tables.header, record, problems, given="header" in tables.seen)
    episodes = _episodes(tables.episodes, problems)
    _reviews(tables.reviews, record, problems)
    if problems:
        return record, problems.items
    if not tables.episodes:
        record.notes.append(
            f"Child {child} has no episodes in the files given, so nothing about their legal"
            " status, placements or when they became looked after was imported."
        )
    else:
        _derive(episodes, record)
    return record, []


# ------------------------------------------------------------------------------------- reading


def _is_xml(source: Source) -> bool:
    return (
        source.name.lower().endswith(".xml")
        or source.data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"
    )


def _read_csv_file(
    source: Source, child: str, tables: _Tables, problems: Problems, record: ChildRecord
) -> None:
    table = read_csv(
        source, problems, header_name=str.upper, wanted=lambda columns: _kind(columns) is not None
    )
    if table is None:
        return
    kind = _kind(table.columns)
    if kind is None:
        unused = next((what for column, what in _UNUSED.items() if column in table.columns), None)
        if unused is not None and "CHILD" in table.columns:
            record.notes.append(f"{table.name} looks like {unused} of the return: not used.")
            return
        problems.add(
            table.name,
            1,
            "",
            "is not an SSDA903 header, episodes or reviews file (its columns are "
            + ", ".join(name or "(blank)" for name in table.columns[:12])
            + ("..." if len(table.columns) > 12 else "")
            + ")",
            "give the return's header and episodes files (and its reviews file, if you want"
            " the LAC review dates), or its XML form",
        )
        return
    if not _claim(kind, table.name, tables, problems):
        return
    if not require_columns(table, _KINDS[kind], problems, kind=f"the {kind} file"):
        return
    items = [_Item(_origin(table, row), row.values) for row in table.rows]
    tables.ids[table.name] = {row.get("CHILD") for row in table.rows}
    mine = [item for item in items if item.get("CHILD") == child]
    getattr(tables, kind).extend(mine)
    record.files.append(_read_note(table.name, table.encoding, len(table.rows), len(mine)))


def _kind(names: tuple[str, ...]) -> str | None:
    columns = set(names)
    if {"DECOM", "CHILD"} <= columns:
        return "episodes"
    if {"REVIEW", "CHILD"} <= columns:
        return "reviews"
    if {"CHILD", "SEX", "DOB", "ETHNIC"} <= columns:
        return "header"
    return None


def _claim(kind: str, name: str, tables: _Tables, problems: Problems) -> bool:
    earlier = tables.seen.get(kind)
    if earlier is not None:
        problems.add(
            name,
            None,
            "",
            f"is a second {kind} file (after {earlier})",
            f"give one {kind} file: the import cannot tell which of two is right",
        )
        return False
    tables.seen[kind] = name
    return True


def _origin(table: Table, row: Row) -> Origin:
    return Origin(DATASET, table.name, row.line)


def _read_note(name: str, encoding: str, rows: int, mine: int) -> str:
    return f"{name} ({encoding}): {rows} row{'s' if rows != 1 else ''}, {mine} for this child"


def _read_xml(
    source: Source, child: str, tables: _Tables, problems: Problems, record: ChildRecord
) -> None:
    from lxml import etree  # only the XML form needs it; the command line starts without it

    if not (
        _claim("header", source.name, tables, problems)
        and _claim("episodes", source.name, tables, problems)
    ):
        return
    tables.seen["reviews"] = source.name
    decoded = decode(source, problems)
    if decoded is None:
        return
    text, encoding = decoded
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        # Parsed from the decoded text, so an encoding declaration must not contradict it.
        root = etree.fromstring(_without_declaration(text).encode("utf-8"), parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno if isinstance(error.lineno, int) else None
        problems.add(
            source.name,
            line,
            "",
            f"is not well-formed XML ({error.msg})",
            "export the return again; the file may have been cut short or edited by hand",
        )
        return
    if root.getroottree().docinfo.doctype:
        problems.add(
            source.name,
            1,
            "",
            "declares a DOCTYPE, which a return never has",
            "export the return again from the case-management system",
        )
        return
    if root.tag != "EXPSSDA903":
        problems.add(
            source.name,
            root.sourceline,
            "",
            f"is XML but not the SSDA903 return (its root element is <{root.tag}>, not"
            " <EXPSSDA903>)",
            "give the return's XML file, or its header and episodes CSV files",
        )
        return
    ids: set[str | None] = set()
    count = 0
    mine = 0
    for element in root:
        if element.tag != "CHILD":
            continue
        count += 1
        header = element.find("HEADER")
        if header is None:
            problems.add(
                source.name,
                element.sourceline,
                "CHILD",
                "has no <HEADER>",
                "export the return again",
            )
            continue
        values = _leaf_values(header)
        ids.add(values.get("CHILD"))
        if values.get("CHILD") != child:
            continue
        mine += 1
        tables.header.append(_Item(_xml_origin(source, header), values))
        for review in header.findall("AREVIEW"):
            tables.reviews.append(
                _Item(_xml_origin(source, review), {"CHILD": child, **_leaf_values(review)})
            )
        for episode in element.findall("EPISODE"):
            tables.episodes.append(
                _Item(_xml_origin(source, episode), {"CHILD": child, **_leaf_values(episode)})
            )
    tables.ids[source.name] = ids
    record.files.append(
        f"{source.name} ({encoding}, XML): {count} child{'ren' if count != 1 else ''},"
        f" {mine} of them this child"
    )


def _without_declaration(text: str) -> str:
    text = text.lstrip("\ufeff")
    if text.startswith("<?xml"):
        end = text.find("?>")
        if end != -1:
            return text[end + 2 :]
    return text


def _xml_origin(source: Source, element: object) -> Origin:
    line = getattr(element, "sourceline", None)
    return Origin(DATASET, source.name, line if isinstance(line, int) else 1, xml=True)


def _leaf_values(element: object) -> dict[str, str | None]:
    """An element's childless children as column -> trimmed text (None when empty)."""
    values: dict[str, str | None] = {}
    for node in element:  # type: ignore[attr-defined]
        if not isinstance(node.tag, str) or len(node):
            continue
        text = (node.text or "").strip()
        values[_XML_RENAMES.get(node.tag, node.tag)] = text or None
    return values


# ----------------------------------------------------------------------------------- the items


def _code(
    item: _Item, column: str, list_name: str, problems: Problems, *, required: bool
) -> Code | None:
    text = item.get(column)
    if text is None:
        if required:
            problems.add(
                item.origin.file,
                item.origin.line,
                column,
                "is empty",
                "every episode of the return needs it; export the return again",
            )
        return None
    codes = code_list(list_name)
    found = codes.find(text, DATASET)
    if found is None:
        problems.add(
            item.origin.file,
            item.origin.line,
            column,
            f"'{text}' is not a code of the {codes.item.split(',')[0]} list",
            f"use one of: {codes.codes_text(DATASET)}",
        )
    return found


def _date(item: _Item, column: str, problems: Problems, *, required: bool) -> date | None:
    text = item.get(column)
    if text is None:
        if required:
            problems.add(
                item.origin.file,
                item.origin.line,
                column,
                "is empty",
                "every row of the return needs it; export the return again",
            )
        return None
    try:
        return source_date(text)
    except FieldValueError as error:
        problems.add(item.origin.file, item.origin.line, column, str(error), error.hint)
        return None


def _header(items: list[_Item], record: ChildRecord, problems: Problems, *, given: bool) -> None:
    if not items:
        if given:
            record.notes.append(
                f"Child {record.child_id} is not in the header file, so their date of birth,"
                " sex and ethnicity were not imported."
            )
        return
    first = items[0]
    for other in items[1:]:
        differing = [
            column for column in ("SEX", "DOB", "ETHNIC") if other.get(column) != first.get(column)
        ]
        if differing:
            problems.add(
                other.origin.file,
                other.origin.line,
                ", ".join(differing),
                f"the child has a second header row that differs from the one at row"
                f" {first.origin.line}",
                "keep one header row per child",
            )
            return
    born = _date(first, "DOB", problems, required=True)
    if born is not None:
        record.date_of_birth = Sourced(born, first.origin, first.get("DOB") or "", "DOB")
    sex = _code(first, "SEX", "sex", problems, required=True)
    if sex is not None and sex.case_value is not None:
        record.gender = Sourced(sex.case_value, first.origin, sex.code, "SEX")
    ethnic = _code(first, "ETHNIC", "ethnicity", problems, required=True)
    if ethnic is not None:
        if ethnic.case_value is not None:
            record.ethnicity = Sourced(ethnic.case_value, first.origin, ethnic.code, "ETHNIC")
        else:
            record.notes.append(
                f"Ethnicity is recorded as {ethnic.code} ({ethnic.label}) in"
                f" {first.origin.describe()}, so none was imported."
            )


def _episodes(items: list[_Item], problems: Problems) -> list[_Episode]:
    episodes: list[_Episode] = []
    for item in items:
        start = _date(item, "DECOM", problems, required=True)
        end = _date(item, "DEC", problems, required=False)
        reason = _code(item, "RNE", "reason_new_episode", problems, required=True)
        legal = _code(item, "LS", "legal_status", problems, required=True)
        place = _code(item, "PLACE", "placement_type", problems, required=True)
        provider = _code(item, "PLACE_PROVIDER", "placement_provider", problems, required=False)
        ceased = _code(item, "REC", "reason_episode_ceased", problems, required=end is not None)
        change = _code(
            item, "REASON_PLACE_CHANGE", "reason_placement_change", problems, required=False
        )
        postcode = item.get("PL_POST")
        if postcode is not None and (bad := check_text(postcode)):
            problems.add(item.origin.file, item.origin.line, "PL_POST", bad, "export it again")
        if end is None and ceased is not None:
            problems.add(
                item.origin.file,
                item.origin.line,
                "REC",
                "gives a reason the episode ceased but no date (DEC) it ceased",
                "fill in DEC, or empty REC if the episode is still open",
            )
        if start is not None and end is not None and end < start:
            problems.add(
                item.origin.file,
                item.origin.line,
                "DEC",
                f"the episode ends ({end:%d/%m/%Y}) before it starts ({start:%d/%m/%Y})",
                "correct DECOM or DEC",
            )
            continue
        if start is None or reason is None or legal is None or place is None:
            continue
        episodes.append(
            _Episode(
                start,
                end,
                reason,
                legal,
                place,
                provider,
                ceased,
                change,
                Sourced(postcode, item.origin, postcode, "PL_POST") if postcode else None,
                item.origin,
            )
        )
    episodes.sort(key=lambda episode: episode.start)
    for before, after in itertools.pairwise(episodes):
        if before.end is None:
            problems.add(
                after.origin.file,
                after.origin.line,
                "DECOM",
                f"this episode starts while the episode at {before.origin.describe()}"
                " has no end date (DEC)",
                "give the earlier episode its DEC: a child has one open episode at most",
            )
        elif after.start < before.end:
            problems.add(
                after.origin.file,
                after.origin.line,
                "DECOM",
                f"this episode starts ({after.start:%d/%m/%Y}) before the episode at"
                f" {before.origin.describe()} ends ({before.end:%d/%m/%Y})",
                "correct the dates: episodes of care cannot overlap",
            )
    return episodes


def _reviews(items: list[_Item], record: ChildRecord, problems: Problems) -> None:
    for item in items:
        when = _date(item, "REVIEW", problems, required=True)
        if when is not None:
            record.reviews.append(Sourced(when, item.origin, item.get("REVIEW") or "", "REVIEW"))


# ------------------------------------------------------------------------------- derived facts


def _derive(episodes: list[_Episode], record: ChildRecord) -> None:
    record.placements = _placements(episodes)
    last = episodes[-1]
    if last.end is not None:
        record.looked_after = False
        ended = last.ceased.label if last.ceased is not None else "no reason recorded"
        record.notes.append(
            f"The child's last episode ({last.origin.describe()}) ended on"
            f" {last.end:%d/%m/%Y} ({ended}): according to these files the child is not looked"
            " after now, so their legal status, current placement and the date they became"
            " looked after were not imported."
        )
        return
    record.legal_status = Sourced(last.legal, last.origin, last.legal.code, "LS")
    start = next(
        (episode for episode in reversed(episodes) if episode.reason.flag("starts_care")), None
    )
    if start is None:
        record.notes.append(
            "None of the child's episodes starts a period of care (RNE S), so the date they"
            " became looked after is not in these files and was not imported."
        )
        return
    index = episodes.index(start)
    for before, after in zip(episodes[index:], episodes[index + 1 :], strict=False):
        if before.end != after.start or after.reason.flag("starts_care"):
            record.notes.append(
                f"The episodes have a gap between {before.origin.describe()} and"
                f" {after.origin.describe()}, so the date the child became looked after was"
                " not imported."
            )
            return
    record.looked_after_since = Sourced(
        start.start, start.origin, f"{start.start:%d/%m/%Y}", "DECOM"
    )


def _placements(episodes: list[_Episode]) -> list[Placement]:
    """Episodes joined into placements: an episode that changes only the legal status (RNE L)
    continues the placement before it, unless its placement type differs (the carers are the
    same, so the new placement is marked as such)."""
    placements: list[Placement] = []
    previous: _Episode | None = None
    for episode in episodes:
        left = (
            episode.ceased if episode.ceased and not episode.ceased.flag("continues_care") else None
        )
        contiguous = previous is not None and previous.end == episode.start
        same_place = bool(placements) and placements[-1].type == episode.place
        if contiguous and same_place and not episode.reason.flag("new_placement"):
            placements[-1] = dataclasses.replace(
                placements[-1],
                end=episode.end,
                end_reason=episode.change,
                left_care=left,
                postcode=episode.postcode or placements[-1].postcode,
                origin=placements[-1].origin.spanning(episode.origin),
            )
        else:
            placements.append(
                Placement(
                    start=episode.start,
                    end=episode.end,
                    type=episode.place,
                    provider=episode.provider,
                    postcode=episode.postcode,
                    new_carers=episode.reason.flag("new_carers") or not contiguous,
                    origin=episode.origin,
                    end_reason=episode.change,
                    left_care=left,
                )
            )
        previous = episode
    return placements
