"""Reading a council's return faithfully: encodings, date forms, IDs kept as text, several
episodes, a child missing from a file, and every problem listed at once with its file and row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from import_helpers import EPISODE_COLUMNS, HEADER_COLUMNS, SSD, SSDA903, episode
from permdocs.build.importing.record import ChildRecord, placement_history
from permdocs.build.importing.ssd import read_ssd
from permdocs.build.importing.ssda903 import read_ssda903
from permdocs.build.importing.tables import Source
from permdocs.errors import SourceDataError


def _sources(*paths: Path) -> list[Source]:
    return [Source(path.name, path.read_bytes()) for path in paths]


def _903(child: str = "004417") -> ChildRecord:
    record, problems = read_ssda903(
        _sources(SSDA903 / "header.csv", SSDA903 / "episodes.csv", SSDA903 / "reviews.csv"), child
    )
    assert problems == []
    return record


# ------------------------------------------------------------------------------ several episodes


def test_several_episodes_make_the_current_placement_and_the_history() -> None:
    record = _903()
    assert record.date_of_birth is not None and record.date_of_birth.value == date(2016, 2, 29)
    assert record.gender is not None and record.gender.value == "Female"
    assert record.ethnicity is not None
    assert record.ethnicity.value == "Mixed: White and Black Caribbean"
    # The current episode is the open one (row 5): a care order.
    assert record.legal_status is not None
    assert record.legal_status.value.case_value == "care-order"
    assert record.legal_status.origin.describe() == "SSDA903 episodes.csv, row 5"
    # Looked after since the episode that started the period of care (row 2, RNE S).
    assert record.looked_after_since is not None
    assert record.looked_after_since.value == date(2024, 9, 8)
    assert record.looked_after_since.origin.line == 2
    # Two placements: the legal-status-only change (row 3) continues the first; row 5 the second.
    assert [(p.start, p.end) for p in record.placements] == [
        (date(2024, 9, 8), date(2025, 1, 20)),
        (date(2025, 1, 20), None),
    ]
    current = record.current
    assert current is not None and current.type is not None and current.type.code == "U4"
    assert current.postcode is not None and current.postcode.value == "ZZ6 2RB"
    since = record.with_carers_since()
    assert since is not None and since.value == date(2025, 1, 20) and since.origin.line == 4
    history = placement_history(record.placements)
    assert history.splitlines() == [
        "8 September 2024 to 20 January 2025: Foster placement with other foster carer(s), not"
        " long-term or fostering for adoption (the council's own provision). Ended: change to or"
        " implementation of the care plan.",
        "20 January 2025 onwards: Foster placement with other foster carer(s), long-term fostering"
        " (private provision).",
    ]
    assert [review.value for review in record.reviews] == [
        date(2024, 10, 3),
        date(2024, 12, 16),
        date(2025, 6, 12),
    ]


def test_the_placement_history_never_holds_a_postcode_or_reference() -> None:
    history = placement_history(_903().placements)
    for private in ("ZZ6 2RB", "ZZ9 4QA", "ZZ1 1AA", "SC999001"):
        assert private not in history


def test_a_move_with_the_same_carers_keeps_the_date_they_moved_in() -> None:
    record = _903("000391")
    assert len(record.placements) == 2
    since = record.with_carers_since()
    assert since is not None and since.value == date(2023, 2, 14)
    assert record.current is not None and record.current.postcode is not None
    assert record.current.postcode.value == "ZZ5 6FF"  # the new house's postcode
    assert "Same carers as before." in placement_history(record.placements)


def test_a_child_who_left_care_gets_no_legal_status_or_current_placement() -> None:
    record = _903("5120")
    assert record.legal_status is None and record.current is None
    assert record.looked_after_since is None
    assert any("not looked after now" in note and "01/02/2024" in note for note in record.notes)
    assert "Ceased to be looked after: returned home" in placement_history(record.placements)


def test_a_child_absent_from_the_episodes_still_has_their_header_read() -> None:
    record = _903("7000")
    assert record.date_of_birth is not None and record.date_of_birth.value == date(2010, 1, 1)
    assert record.ethnicity is None  # NOBT: not yet obtained
    assert record.placements == [] and record.legal_status is None
    assert any("no episodes" in note for note in record.notes)
    assert any("NOBT" in note for note in record.notes)


# ---------------------------------------------------------------------------------- identities


def test_child_ids_are_text_and_leading_zeros_count() -> None:
    assert _903("004417").date_of_birth is not None
    _, problems = read_ssda903(_sources(SSDA903 / "header.csv", SSDA903 / "episodes.csv"), "4417")
    assert len(problems) == 1
    assert problems[0].field == "--child"
    assert "004417" in problems[0].hint and "leading zeros" in problems[0].hint


def test_a_child_in_none_of_the_files_is_refused() -> None:
    _, problems = read_ssda903(_sources(SSDA903 / "header.csv"), "999999")
    assert [p.field for p in problems] == ["--child"]
    assert "999999 is in none of the files" in problems[0].message


# ----------------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("encoding", "prefix", "name"),
    [
        ("utf-8", b"", "UTF-8"),
        ("utf-8", b"\xef\xbb\xbf", "UTF-8 with a byte-order mark"),
        ("cp1252", b"", "Windows-1252"),
    ],
)
def test_utf8_with_or_without_bom_and_windows_1252_read_alike(
    encoding: str, prefix: bytes, name: str
) -> None:
    text = (SSD / "ssd_person.csv").read_text("utf-8").replace("\n", "\r\n")
    record, problems = read_ssd([Source("ssd_person.csv", prefix + text.encode(encoding))], "71234")
    assert problems == []
    assert record.first_names is not None and record.first_names.value == "Siân Eleri"
    assert record.last_name is not None and record.last_name.value == "Pryce-Ormond"
    assert record.files == [f"ssd_person.csv ({name}): 2 rows, 1 for this child"]


def test_a_byte_order_mark_does_not_hide_the_first_column() -> None:
    data = b"\xef\xbb\xbf" + (SSDA903 / "header.csv").read_bytes()
    record, problems = read_ssda903([Source("header.csv", data)], "004417")
    assert problems == [] and record.date_of_birth is not None


def test_utf16_and_mixed_encodings_are_refused_with_what_to_do() -> None:
    text = (SSD / "ssd_person.csv").read_text("utf-8")
    _, problems = read_ssd([Source("ssd_person.csv", text.encode("utf-16"))], "71234")
    assert "UTF-16" in problems[0].message and "CSV UTF-8" in problems[0].hint
    mixed = text.encode("utf-8") + "80002,L,Zoë,Ash,F,02,WBRI,2015-01-01\n".encode("cp1252")
    _, problems = read_ssd([Source("ssd_person.csv", mixed)], "71234")
    assert len(problems) == 1 and "mixes two encodings" in problems[0].message
    assert problems[0].location.line == 4


# ---------------------------------------------------------------------------------- date forms


def test_day_first_iso_and_sql_dates_are_all_read() -> None:
    rows = [
        episode("1", "08/09/2024", "S", "V2", "U6", end="2024-09-12", ceased="X1"),
        episode("1", "2024-09-12 00:00:00.000", "L", "C1", "U6", end="1/2/2025", ceased="X1"),
        episode("1", "01/02/2025", "L", "C2", "U6"),
    ]
    text = "\n".join([EPISODE_COLUMNS, *rows]) + "\n"
    record, problems = read_ssda903([Source("e.csv", text.encode())], "1")
    assert problems == []
    assert record.placements[0].start == date(2024, 9, 8)
    assert record.looked_after_since is not None
    assert record.legal_status is not None and record.legal_status.value.code == "C2"


def test_ambiguous_and_impossible_dates_are_refused_not_guessed() -> None:
    rows = [
        episode("1", "09/13/2024", "S", "V2", "U6", end="12/09/24", ceased="X1"),
        episode("1", "31/02/2025", "L", "C1", "U6"),
    ]
    text = "\n".join([EPISODE_COLUMNS, *rows]) + "\n"
    _, problems = read_ssda903([Source("e.csv", text.encode())], "1")
    messages = {(p.location.line, p.field): p for p in problems}
    assert "day first" in messages[(2, "DECOM")].hint  # 09/13/2024: US order
    assert "four-digit year" in messages[(2, "DEC")].message
    assert "February 2025 has 28 days" in messages[(3, "DECOM")].message


# ------------------------------------------------------------------------- problems, all at once


def test_every_problem_is_listed_in_one_pass_with_its_file_and_row() -> None:
    episodes = "\n".join(
        [
            EPISODE_COLUMNS,
            episode("1", "08/09/2024", "S", "V2", "U6", end="12/09/2024", ceased="X1"),
            episode("1", "12/09/2024", "Q", "C9", "U6", end="20/01/2025", ceased="X1"),
            "1,20/01/2025,P,C1,N1,U4",
            '1,"03/03/2025,L,C2,N1,U4,PR4,,,,ZZ1 1AA,ZZ6 2RB,',
            "1,03/03/2025,L,C2,N1,U4,PR4,,,,ZZ1 1AA,ZZ6 2RB,",
        ]
    )
    header = "\n".join([HEADER_COLUMNS, "1,3,30/02/2016,XXXX,Z990,,"])
    _, problems = read_ssda903(
        [Source("episodes.csv", episodes.encode()), Source("header.csv", header.encode())], "1"
    )
    found = {(p.location.file, p.location.line, p.field) for p in problems}
    assert ("episodes.csv", 3, "RNE") in found
    assert ("episodes.csv", 3, "LS") in found
    assert ("episodes.csv", 4, "") in found  # too few values
    assert ("episodes.csv", 5, "") in found  # a quote never closed
    assert {
        ("header.csv", 2, "SEX"),
        ("header.csv", 2, "DOB"),
        ("header.csv", 2, "ETHNIC"),
    } <= found
    text = str(SourceDataError(problems))
    assert "episodes.csv:4" in text and "6 values but the header has 13 columns" in text


def test_value_problems_of_both_files_come_together() -> None:
    episodes = "\n".join(
        [
            EPISODE_COLUMNS,
            episode("1", "08/09/2024", "S", "XX", "U6"),
            episode("1", "", "L", "C1", "Q9"),
        ]
    )
    header = "\n".join([HEADER_COLUMNS, "1,3,30/02/2016,XXXX,Z990,,"])
    _, problems = read_ssda903(
        [Source("episodes.csv", episodes.encode()), Source("header.csv", header.encode())], "1"
    )
    found = {(p.location.file, p.location.line, p.field) for p in problems}
    assert found >= {
        ("episodes.csv", 2, "LS"),
        ("episodes.csv", 3, "DECOM"),
        ("episodes.csv", 3, "PLACE"),
        ("header.csv", 2, "SEX"),
        ("header.csv", 2, "DOB"),
        ("header.csv", 2, "ETHNIC"),
    }
    unknown = next(p for p in problems if p.field == "ETHNIC")
    assert "'XXXX' is not a code" in unknown.message and "WBRI" in unknown.hint


def test_overlapping_and_doubly_open_episodes_are_refused() -> None:
    rows = [
        episode("1", "01/01/2024", "S", "V2", "U6"),
        episode("1", "01/03/2024", "P", "C1", "U4", end="01/02/2024", ceased="X1"),
    ]
    text = "\n".join([EPISODE_COLUMNS, *rows]) + "\n"
    _, problems = read_ssda903([Source("e.csv", text.encode())], "1")
    assert any("ends (01/02/2024) before it starts" in p.message for p in problems)
    rows = [
        episode("1", "01/01/2024", "S", "V2", "U6"),
        episode("1", "01/03/2024", "P", "C1", "U4"),
    ]
    text = "\n".join([EPISODE_COLUMNS, *rows]) + "\n"
    _, problems = read_ssda903([Source("e.csv", text.encode())], "1")
    assert any("has no end date (DEC)" in p.message and p.location.line == 3 for p in problems)


def test_files_that_are_not_the_return_are_named() -> None:
    unknown = Source("notes.csv", b"Name,Comment\nA,B\n")
    uasc = Source("uasc.csv", b"CHILD,SEX,DOB,DUC\n1,1,01/01/2010,\n")
    header = (SSDA903 / "header.csv").read_bytes()
    record, problems = read_ssda903(
        [unknown, uasc, Source("h1.csv", header), Source("h2.csv", header)], "004417"
    )
    assert {p.location.file for p in problems} == {"notes.csv", "h2.csv"}
    assert "not an SSDA903 header, episodes or reviews file" in problems[0].message
    assert "second header file" in problems[1].message
    assert any("uasc.csv looks like the UASC file" in note for note in record.notes)


# ----------------------------------------------------------------------------------- XML form


def test_the_xml_form_reads_as_the_csv_files_do() -> None:
    from_xml, problems = read_ssda903(_sources(SSDA903 / "return.xml"), "004417")
    assert problems == []
    from_csv = _903()
    for name in ("date_of_birth", "gender", "ethnicity", "legal_status", "looked_after_since"):
        assert getattr(from_xml, name).value == getattr(from_csv, name).value, name
    assert placement_history(from_xml.placements) == placement_history(from_csv.placements)
    assert [r.value for r in from_xml.reviews] == [r.value for r in from_csv.reviews]
    assert from_xml.current is not None and from_xml.current.postcode is not None
    assert from_xml.current.postcode.value == "ZZ6 2RB"
    assert from_xml.legal_status is not None
    assert from_xml.legal_status.origin.describe() == "SSDA903 return.xml, line 98"


def test_xml_with_a_doctype_or_entities_is_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">]><EXPSSDA903><CHILD><HEADER><CHILDID>&b;'
        b"</CHILDID></HEADER></CHILD></EXPSSDA903>"
    )
    _, problems = read_ssda903([Source("return.xml", bomb)], "1")
    assert len(problems) == 1 and "DOCTYPE" in problems[0].message


def test_xml_that_is_not_the_return_or_is_cut_short_is_refused() -> None:
    _, problems = read_ssda903([Source("other.xml", b"<Message><Children/></Message>")], "1")
    assert "<EXPSSDA903>" in problems[0].message
    text = (SSDA903 / "return.xml").read_bytes()[:900]
    _, problems = read_ssda903([Source("return.xml", text)], "004417")
    assert "not well-formed XML" in problems[0].message and problems[0].location.line


# --------------------------------------------------------------------------------------- the SSD


def test_the_ssd_tables_make_the_same_kind_of_record() -> None:
    record, problems = read_ssd(_sources(*sorted(SSD.glob("*.csv"))), "71234")
    assert problems == []
    assert record.date_of_birth is not None and record.date_of_birth.value == date(2017, 6, 15)
    assert record.gender is not None and record.gender.value == "Girl"
    assert record.ethnicity is not None
    assert record.ethnicity.value == "Mixed: White and Black African"
    # Legal status: the open row, written as its code; the closed rows as code and label.
    assert record.legal_status is not None and record.legal_status.value.code == "C2"
    assert record.looked_after_since is not None
    assert record.looked_after_since.value == date(2023, 3, 1)
    # The last placement began with a change of provider only (episode reason T): same carers.
    since = record.with_carers_since()
    assert since is not None and since.value == date(2023, 8, 10)
    assert record.current is not None and record.current.postcode is not None
    assert record.current.postcode.value == "ZZ7 2CD"
    # Reviews through the period of care's ID, the cancelled one left out.
    assert [r.value for r in record.reviews] == [
        date(2023, 3, 28),
        date(2023, 6, 20),
        date(2023, 12, 14),
    ]
    assert record.permanence_plan is not None
    assert record.permanence_plan.value.case_value == "permanent-fostering"
    assert record.plan_date is not None and record.plan_date.value == date(2023, 12, 14)
    notes = " ".join(record.notes)
    assert "ssd_permanence.csv, row 2" in notes and "07/05/2019" in notes
    assert "ssd_address.csv is an SSD table the import does not use" in notes


def test_ssd_nulls_are_empty_and_problems_are_listed_with_rows() -> None:
    text = (
        "pers_person_id,pers_forename,pers_surname,pers_sex,pers_gender,pers_ethnicity,pers_dob\n"
        "9,NULL,Example,M,NULL,NULL,2015-13-01\n"
    )
    record, problems = read_ssd([Source("ssd_person.csv", text.encode())], "9")
    assert [(p.location.line, p.field) for p in problems] == [(2, "pers_dob")]
    text = text.replace("2015-13-01", "2015-12-01")
    record, problems = read_ssd([Source("ssd_person.csv", text.encode())], "9")
    assert problems == []
    assert record.first_names is None and record.ethnicity is None
    assert record.gender is not None and record.gender.value == "Male"


def test_ssd_tables_the_import_does_not_use_are_named_and_not_read() -> None:
    """A whole SSD extract can be given: tables the import does not read are noted, and their
    rows are never parsed (a broken row in one is not the import's business)."""
    unused = Source("ssd_cin_plans.csv", b'cinp_cin_plan_id,cinp_person_id\n1,"unclosed\n')
    other = Source("budget.csv", b"Cost centre,Amount\nA,1\n")
    person = Source("ssd_person.csv", (SSD / "ssd_person.csv").read_bytes())
    record, problems = read_ssd([unused, other, person], "71234")
    assert [p.location.file for p in problems] == ["budget.csv"]
    assert "is not an SSD table" in problems[0].message
    assert "ssd_cin_plans.csv is an SSD table the import does not use." in record.notes
