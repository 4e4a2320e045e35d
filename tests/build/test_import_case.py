"""Writing an import into case.yaml: from the blank case or into a hand-written one, every comment
kept, every value traced to its row, typed values never overwritten unasked, the carers'
postcode kept from birth parents, and nothing written unless all of it is right."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from import_helpers import (
    EPISODE_COLUMNS,
    HEADER_COLUMNS,
    SAMPLES,
    SSD,
    SSDA903,
    TODAY,
    comment_lines,
    csv_file,
    episode,
    is_provenance,
    loaded,
    provenance_line,
    sample_case,
    sources_folder,
    value_line,
)
from permdocs.api import load_case
from permdocs.build.importing import import_into_case
from permdocs.build.importing.yamledit import comments
from permdocs.errors import CaseDataError, OutputError, PermdocsError, SourceDataError
from permdocs.letters.confidentiality import restricted_values
from permdocs.write.output import output_lock

MAIN = [SSDA903 / "header.csv", SSDA903 / "episodes.csv", SSDA903 / "reviews.csv"]


# ------------------------------------------------------------------------ a new case, from blank


def test_a_new_case_starts_from_the_blank_case_and_traces_every_value(tmp_path: Path) -> None:
    folder = tmp_path / "PF-2026-0150"
    result = import_into_case(folder, "903", "004417", MAIN, today=TODAY)
    assert result.created and result.written
    assert (folder / "attachments").is_dir()
    case = loaded(folder).case
    assert case.reference == "PF-2026-0150"
    assert case.child.first_names == "CHANGE ME"  # the return holds no names
    assert case.child.date_of_birth.isoformat() == "2016-02-29"
    assert case.child.gender == "Female"
    assert case.child.ethnicity == "Mixed: White and Black Caribbean"
    assert case.child.legal_status == "care-order"
    assert case.child.looked_after_since is not None
    assert case.child.looked_after_since.isoformat() == "2024-09-08"
    assert [r.date.isoformat() for r in case.child.lac_reviews] == [
        "2024-10-03",
        "2024-12-16",
        "2025-06-12",
    ]
    assert case.child.history.placement_moves is not None
    assert case.child.history.placement_moves.startswith("8 September 2024 to 20 January 2025")
    expected = {
        ("child", "date_of_birth"): "header.csv, row 2, DOB",
        ("child", "gender"): "header.csv, row 2, SEX 2",
        ("child", "ethnicity"): "header.csv, row 2, ETHNIC MWBC",
        ("child", "legal_status"): "episodes.csv, row 5, LS C2",
        ("child", "looked_after_since"): "episodes.csv, row 2, DECOM",
        ("child", "lac_reviews", 0, "date"): "reviews.csv, row 2, REVIEW",
        ("child", "lac_reviews", 2, "date"): "reviews.csv, row 4, REVIEW",
    }
    for path, source in expected.items():
        line = provenance_line(folder, path)
        assert line.strip() == f"# from SSDA903 {source}, imported 2026-05-01", line
    # A paragraph's provenance stands on the line above its key.
    text = (folder / "case.yaml").read_text("utf-8").splitlines()
    key = next(i for i, line in enumerate(text) if line.strip().startswith("placement_moves:"))
    assert text[key - 1].strip() == "# from SSDA903 episodes.csv, rows 2 to 5, imported 2026-05-01"
    # Only the values the return holds changed: every other line is the blank case's.
    changed = {c.field for c in result.changes}
    assert changed == {
        "child.date_of_birth",
        "child.gender",
        "child.ethnicity",
        "child.legal_status",
        "child.looked_after_since",
        "child.history.placement_moves",
        "child.lac_reviews",
    }


def test_the_placeholder_date_of_birth_is_filled_and_said_so(tmp_path: Path) -> None:
    result = import_into_case(tmp_path / "PF-1", "903", "004417", MAIN, today=TODAY)
    birth = next(c for c in result.changes if c.field == "child.date_of_birth")
    assert birth.action == "filled" and birth.old == "2015-01-01" and birth.new == "2016-02-29"
    assert result.conflicts == ()


def test_the_ssd_fills_names_too(tmp_path: Path) -> None:
    folder = tmp_path / "PF-2"
    files = sorted(SSD.glob("*.csv"))
    result = import_into_case(folder, "ssd", "71234", files, today=TODAY)
    case = loaded(folder).case
    assert (case.child.first_names, case.child.last_name) == ("Siân Eleri", "Pryce-Ormond")
    assert case.child.gender == "Girl"
    assert case.care_plan.permanence_plan == "permanent-fostering"
    assert (
        case.care_plan.plan_date is not None
        and case.care_plan.plan_date.isoformat() == "2023-12-14"
    )
    assert provenance_line(folder, ("child", "first_names")).strip() == (
        "# from SSD ssd_person.csv, row 2, pers_forename, imported 2026-05-01"
    )
    assert any("ssd_permanence.csv" in note for note in result.notes)
    # The unused address table was never read into the case.
    assert "Nowhere Lane" not in (folder / "case.yaml").read_text("utf-8")


def test_the_xml_form_makes_the_same_case_as_the_csv_files(tmp_path: Path) -> None:
    import_into_case(tmp_path / "a", "903", "004417", MAIN, today=TODAY)
    import_into_case(tmp_path / "b", "903", "004417", [SSDA903 / "return.xml"], today=TODAY)
    a, b = load_case(tmp_path / "a"), load_case(tmp_path / "b")
    data_a = {**a.source.data, "reference": "x"}
    data_b = {**b.source.data, "reference": "x"}
    assert data_a == data_b
    assert "# from SSDA903 return.xml, line 98, LS C2" in (tmp_path / "b" / "case.yaml").read_text()


# ------------------------------------------------------- a hand-written case: comments and values


def test_the_round_trip_keeps_every_comment_of_a_hand_written_case(tmp_path: Path) -> None:
    """Sample 01's comments are all kept, in order, each still above the line it was above,
    and the only lines that change are the values imported."""
    folder = sample_case("01-existing-carer-agreed", tmp_path)
    before = (folder / "case.yaml").read_text("utf-8")
    source = sources_folder(tmp_path)
    reviews = csv_file(
        source,
        "reviews.csv",
        "CHILD,DOB,REVIEW,REVIEW_CODE",
        ["M1,09/03/2017,18/12/2025,PN1", "M1,09/03/2017,01/12/2026,PN1"],
    )
    # A short-lived field the sample leaves out, so the import must insert a key.
    text = before.replace("  immigration_status: Not applicable (British citizen)\n", "")
    text = text.replace("  ethnicity: White British\n", "  # Her own words.\n  ethnicity:\n")
    (folder / "case.yaml").write_text(text, "utf-8")
    header = csv_file(source, "header.csv", HEADER_COLUMNS, ["M1,2,09/03/2017,WBRI,Z99,,"])
    result = import_into_case(folder, "903", "M1", [header, reviews], today=TODAY)
    after = (folder / "case.yaml").read_text("utf-8")
    assert {c.field for c in result.changes} == {"child.ethnicity", "child.lac_reviews"}
    original = comment_lines(text)
    # Sample 01's own comments, and the one added above.
    assert len(original) == len(comment_lines(before)) + 1
    assert comment_lines(after) == original
    # Each comment is still directly above the line it was above.
    old_lines, new_lines = text.splitlines(), after.splitlines()
    for index, line in enumerate(old_lines):
        if line.strip().startswith("#") and not old_lines[index + 1].strip().startswith("#"):
            following = old_lines[index + 1]
            position = new_lines.index(line, max(0, index - 5)) + 1
            while is_provenance(new_lines[position]):
                position += 1
            assert new_lines[position].split(":")[0] == following.split(":")[0], line
    # Every line is kept but the two values written.
    added = [line for line in new_lines if line not in old_lines]
    assert added == [
        "  # from SSDA903 header.csv, row 2, ETHNIC WBRI, imported 2026-05-01",
        "  ethnicity: White British",
        "    # from SSDA903 reviews.csv, row 3, REVIEW, imported 2026-05-01",
        "    - date: 2026-12-01",
    ]
    assert [line for line in old_lines if line not in new_lines] == ["  ethnicity:"]
    assert loaded(folder).case.child.ethnicity == "White British"


def test_a_key_the_case_leaves_out_is_inserted_in_the_models_order(tmp_path: Path) -> None:
    folder = sample_case("01-existing-carer-agreed", tmp_path)
    text = (folder / "case.yaml").read_text("utf-8").replace("  legal_status: care-order\n", "")
    (folder / "case.yaml").write_text(text, "utf-8")
    source = sources_folder(tmp_path)
    episodes = csv_file(
        source, "episodes.csv", EPISODE_COLUMNS, [episode("M1", "08/09/2025", "S", "C2", "U4")]
    )
    import_into_case(folder, "903", "M1", [episodes], today=TODAY)
    lines = (folder / "case.yaml").read_text("utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  legal_status:"))
    # After disability (a paragraph) and before legal_status_since (with its comment above
    # it), as in the model.
    assert lines[at - 1] == "  # from SSDA903 episodes.csv, row 2, LS C2, imported 2026-05-01"
    assert lines[at - 2] == "    limit her everyday activities or her sport at school."
    assert lines[at + 1].lstrip().startswith("# The day the court made the care order")
    assert lines[at + 2].startswith("  legal_status_since:")
    assert comment_lines("\n".join(lines)) == comment_lines(text)


def test_values_kept_exactly_as_typed_and_the_files_own_form(tmp_path: Path) -> None:
    """Values ruamel would read as numbers, dates or nulls, a byte-order mark, Windows line
    ends and four-space indentation all come back as they were."""
    folder = tmp_path / "case"
    folder.mkdir()
    text = (
        "# A hand-written case, indented with four spaces.\n"
        "reference: PF-9\n"
        "child:\n"
        "    first_names: Ada\n"
        "    # as on her birth certificate\n"
        "    last_name: Example\n"
        "    date_of_birth: 14/03/2015\n"
        "    gender: ~\n"
        "    religion: 2015\n"
        "    nationality: NO\n"
        "    ethnicity: null\n"
        "professionals:\n"
        "    childs_social_worker:\n"
        "        name: Sam Example\n"
        "        contact:\n"
        "            phone: 07700900123\n"
        "    iro:\n"
        "        name: Lee Example\n"
    )
    raw = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    (folder / "case.yaml").write_bytes(raw)
    source = sources_folder(tmp_path)
    header = csv_file(source, "header.csv", HEADER_COLUMNS, ["9,2,2015-03-14,WBRI,Z99,,"])
    result = import_into_case(folder, "903", "9", [header], today=TODAY)
    assert {c.field for c in result.changes} == {"child.gender", "child.ethnicity"}
    written = (folder / "case.yaml").read_bytes()
    assert (
        written.startswith(b"\xef\xbb\xbf")
        and b"\r\n" in written
        and b"\n" not in written.replace(b"\r\n", b"")
    )
    expected = text.replace(
        "    gender: ~\n",
        "    # from SSDA903 header.csv, row 2, SEX 2, imported 2026-05-01\n    gender: Female\n",
    ).replace(
        "    ethnicity: null\n",
        "    # from SSDA903 header.csv, row 2, ETHNIC WBRI, imported 2026-05-01\n"
        "    ethnicity: White British\n",
    )
    assert written.decode("utf-8-sig").replace("\r\n", "\n") == expected
    case = loaded(folder)
    assert case.case.professionals.childs_social_worker is not None
    contact = case.case.professionals.childs_social_worker.contact
    assert contact is not None and contact.phone == "07700900123"
    assert case.case.child.nationality == "NO" and case.case.child.religion == "2015"


def test_a_value_ruamel_would_misread_is_quoted_when_written(tmp_path: Path) -> None:
    from permdocs.build.importing.yamledit import scalar

    for text in ("NO", "yes", "0123", "2025-01-01", "null", "~", "a: b", "x #y", " lead", "1e3"):
        assert type(scalar(text)).__name__ == "DoubleQuotedScalarString", text
    for text in ("White British", "Gypsy/Roma", "ZZ6 2RB", "care-order", "Girl"):
        assert isinstance(scalar(text), str) and type(scalar(text)) is str, text


# --------------------------------------------------------------- typed values are never overwritten


def _differing_return(tmp_path: Path) -> list[Path]:
    source = sources_folder(tmp_path)
    return [
        csv_file(source, "header.csv", HEADER_COLUMNS, ["M1,2,09/03/2017,WIRI,Z99,,"]),
        csv_file(
            source,
            "episodes.csv",
            EPISODE_COLUMNS,
            [
                episode("M1", "08/09/2025", "S", "C1", "U6", end="03/03/2026", ceased="X1"),
                episode("M1", "03/03/2026", "L", "C2", "U6"),
            ],
        ),
    ]


def test_a_differing_value_is_left_and_reported_with_both_values_and_the_row(
    tmp_path: Path,
) -> None:
    folder = sample_case("01-existing-carer-agreed", tmp_path)
    before = (folder / "case.yaml").read_bytes()
    result = import_into_case(folder, "903", "M1", _differing_return(tmp_path), today=TODAY)
    assert not result.written and (folder / "case.yaml").read_bytes() == before
    by_field = {finding.field: finding for finding in result.conflicts}
    assert set(by_field) == {"child.gender", "child.ethnicity", "child.history.placement_moves"}
    ethnicity = by_field["child.ethnicity"]
    assert ethnicity.owner == "child's social worker" and ethnicity.severity == "warning"
    assert "'White British'" in ethnicity.message and "'White Irish'" in ethnicity.message
    assert "case.yaml:21:14" in ethnicity.message
    assert "SSDA903 header.csv, row 2 (ETHNIC WIRI)" in ethnicity.message
    assert "--replace" in ethnicity.fix
    assert result.unchanged >= 3  # date of birth, legal status, looked after since, ...


def test_replace_takes_the_returns_value_and_lists_what_it_replaced(tmp_path: Path) -> None:
    folder = sample_case("01-existing-carer-agreed", tmp_path)
    result = import_into_case(
        folder, "903", "M1", _differing_return(tmp_path), replace=True, today=TODAY
    )
    assert result.written and result.conflicts == ()
    replaced = {c.field: (c.old, c.new) for c in result.changes if c.action == "replaced"}
    assert replaced["child.ethnicity"] == ("White British", "White Irish")
    assert replaced["child.gender"] == ("Girl (she/her)", "Female")
    assert loaded(folder).case.child.ethnicity == "White Irish"


def test_a_comment_above_a_replaced_value_is_kept_above_its_provenance(tmp_path: Path) -> None:
    folder = sample_case("01-existing-carer-agreed", tmp_path)
    path = folder / "case.yaml"
    path.write_text(
        path.read_text("utf-8").replace(
            "  ethnicity: White British\n", "  # as Maisie says\n  ethnicity: White British\n"
        ),
        "utf-8",
    )
    import_into_case(folder, "903", "M1", _differing_return(tmp_path), replace=True, today=TODAY)
    lines = path.read_text("utf-8").splitlines()
    at = lines.index("  ethnicity: White Irish")
    assert lines[at - 2 : at] == [
        "  # as Maisie says",
        "  # from SSDA903 header.csv, row 2, ETHNIC WIRI, imported 2026-05-01",
    ]


def test_importing_again_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "PF-3"
    import_into_case(folder, "903", "004417", MAIN, today=TODAY)
    before = (folder / "case.yaml").read_bytes()
    again = import_into_case(folder, "903", "004417", MAIN, today=TODAY)
    assert not again.written and again.changes == () and again.conflicts == ()
    assert (folder / "case.yaml").read_bytes() == before


def test_a_dry_run_shows_the_changes_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "PF-4"
    dry = import_into_case(folder, "903", "004417", MAIN, dry_run=True, today=TODAY)
    assert dry.dry_run and not dry.written and not folder.exists()
    real = import_into_case(folder, "903", "004417", MAIN, today=TODAY)
    assert dry.changes == real.changes
    assert dry.text == (folder / "case.yaml").read_text("utf-8")


# ------------------------------------------------------------------- the carers' postcode (PL_POST)


def _placement_return(
    tmp_path: Path, since: str, postcode: str, *, start: str = "04/11/2024"
) -> list[Path]:
    source = sources_folder(tmp_path)
    return [
        csv_file(
            source,
            "episodes.csv",
            EPISODE_COLUMNS,
            [
                episode("R1", start, "S", "C1", "U6", end=since, ceased="X1"),
                episode("R1", since, "P", "C2", "U4", postcode=postcode),
            ],
        )
    ]


def _normal(text: str) -> str:
    return re.sub(r"\s", "", text).casefold()


def test_a_confidential_postcode_is_never_shown_when_it_differs(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from permdocs.cli import cli

    folder = sample_case("02-siblings-new-carers-confidential", tmp_path)
    files = _placement_return(tmp_path, "13/04/2026", "ZZ4 7NW")
    result = import_into_case(folder, "903", "R1", files, today=TODAY)
    postcode = next(f for f in result.conflicts if f.field == "carers.address.postcode")
    assert "confidential" in postcode.message
    for text in (postcode.message, postcode.fix, *result.notes):
        assert "zz47nw" not in _normal(text) and "zz62rb" not in _normal(text)
    output = CliRunner().invoke(
        cli, ["import", "903", str(folder), "--child", "R1", *map(str, files)]
    )
    assert output.exit_code == 0, output.output
    assert "zz47nw" not in _normal(output.output) and "zz62rb" not in _normal(output.output)
    as_json = CliRunner().invoke(
        cli, ["import", "903", str(folder), "--child", "R1", "--format", "json", *map(str, files)]
    )
    assert "zz47nw" not in _normal(as_json.output)


def test_a_replaced_confidential_postcode_takes_the_addresss_restriction(tmp_path: Path) -> None:
    folder = sample_case("02-siblings-new-carers-confidential", tmp_path)
    files = _placement_return(tmp_path, "13/04/2026", "ZZ4 7NW")
    result = import_into_case(folder, "903", "R1", files, replace=True, today=TODAY)
    change = next(c for c in result.changes if c.field == "carers.address.postcode")
    assert change.confidential
    assert change.as_dict()["new"] == change.as_dict()["old"] == "(confidential, not shown)"
    case = loaded(folder).case
    assert case.carers is not None and case.carers.address is not None
    assert case.carers.address.postcode == "ZZ4 7NW" and case.carers.address_confidential
    # Every letter to a birth parent is searched for it before it can be written.
    assert any(item.value == "ZZ4 7NW" for item in restricted_values(case))


@pytest.mark.slow
def test_an_imported_confidential_postcode_never_reaches_a_birth_parents_letter(
    tmp_path: Path,
) -> None:
    """End to end: the letters are built after the import, and a birth parent's letter holds
    no trace of the imported postcode (the carers' letter, addressed to them, does)."""
    import io
    import zipfile

    from permdocs.api import BuildOptions, build_letters

    folder = sample_case("02-siblings-new-carers-confidential", tmp_path)
    import_into_case(
        folder,
        "903",
        "R1",
        _placement_return(tmp_path, "13/04/2026", "ZZ4 7NW"),
        replace=True,
        today=TODAY,
    )
    result = build_letters(
        folder, BuildOptions(out=tmp_path / "out", as_of=TODAY.replace(year=2026, month=11))
    )
    parents = [d for d in result.documents if "parent" in d.file_name]
    carers = [d for d in result.documents if "carers" in d.file_name]
    assert parents and carers

    def text_of(name: str) -> str:
        data = (tmp_path / "out" / name).read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "".join(
                archive.read(part).decode("utf-8", "replace")
                for part in archive.namelist()
                if part.endswith(".xml")
            )

    for letter in parents:
        assert "zz47nw" not in _normal(re.sub(r"<[^>]+>", "", text_of(letter.file_name)))
    assert any("zz47nw" in _normal(re.sub(r"<[^>]+>", "", text_of(c.file_name))) for c in carers)


def test_the_postcode_of_other_carers_is_written_nowhere(tmp_path: Path) -> None:
    """A child living with short-term carers (child.current_placement): their placement's type
    and start are imported, its postcode nowhere, and no message shows it."""
    folder = sample_case("02-siblings-new-carers-confidential", tmp_path)
    path = folder / "case.yaml"
    path.write_text(
        re.sub(
            r"\n  # Ruby and Kai moved.*\n  placed_with_carers_since: 2026-04-13\n",
            "\n",
            path.read_text("utf-8"),
        ),
        "utf-8",
    )
    files = _placement_return(tmp_path, "01/02/2025", "ZZ3 8UT")
    result = import_into_case(folder, "903", "R1", files, replace=True, today=TODAY)
    case = loaded(folder).case
    current = case.child.current_placement
    assert current is not None and current.since is not None
    assert current.since.isoformat() == "2025-02-01"
    assert current.placement_type == (
        "Foster placement with other foster carer(s), long-term fostering (the council's own"
        " provision)"
    )
    assert current.carers == "Janet Pilling"  # typed, untouched
    assert "zz38ut" not in _normal(path.read_text("utf-8"))
    assert all("zz38ut" not in _normal(note) for note in result.notes)
    assert any("postcode was not imported" in note for note in result.notes)


def test_without_a_carers_address_the_postcode_is_not_written(tmp_path: Path) -> None:
    folder = sample_case("03-ifa-teenager-pending", tmp_path)
    path = folder / "case.yaml"
    text = path.read_text("utf-8")
    start = text.index("  address:\n", text.index("\ncarers:"))
    end = text.index("\n  address_confidential:", start)
    path.write_text(text[:start] + text[end + 1 :], "utf-8")
    files = _placement_return(tmp_path, "05/06/2023", "ZZ2 9LB", start="10/01/2022")
    result = import_into_case(folder, "903", "R1", files, today=TODAY)
    assert "zz29lb" not in _normal(path.read_text("utf-8"))
    assert any("no carers' address" in note for note in result.notes)
    assert loaded(folder).case.carers is not None


def test_an_open_postcode_is_filled_into_the_carers_address(tmp_path: Path) -> None:
    folder = sample_case("01-existing-carer-agreed", tmp_path)
    path = folder / "case.yaml"
    path.write_text(path.read_text("utf-8").replace("    postcode: ZZ1 4QT\n", ""), "utf-8")
    files = _placement_return(tmp_path, "08/09/2025", "ZZ1 4QT", start="01/09/2025")
    result = import_into_case(folder, "903", "R1", files, today=TODAY)
    change = next(c for c in result.changes if c.field == "carers.address.postcode")
    assert not change.confidential and change.shown(change.new) == "'ZZ1 4QT'"
    assert value_line(folder, ("carers", "address", "postcode")) == "    postcode: ZZ1 4QT"
    assert provenance_line(folder, ("carers", "address", "postcode")) == (
        "    # from SSDA903 episodes.csv, row 3, PL_POST, imported 2026-05-01"
    )


# ------------------------------------------------------------------------------ refusals and guards


def test_problems_in_the_files_write_nothing(tmp_path: Path) -> None:
    source = sources_folder(tmp_path)
    bad = csv_file(source, "header.csv", HEADER_COLUMNS, ["1,2,31/04/2016,WBRI,Z99,,"])
    with pytest.raises(SourceDataError) as raised:
        import_into_case(tmp_path / "PF-5", "903", "1", [bad], today=TODAY)
    assert "header.csv:2: DOB: '31/04/2016' is not a real date" in str(raised.value)
    assert not (tmp_path / "PF-5").exists()


def test_a_return_inside_the_case_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "PF-6"
    (folder / "attachments").mkdir(parents=True)
    inside = shutil.copy(SSDA903 / "header.csv", folder / "attachments" / "header.csv")
    with pytest.raises(SourceDataError) as raised:
        import_into_case(folder, "903", "004417", [Path(inside)], today=TODAY)
    assert "inside the case folder" in str(raised.value)
    assert not (folder / "case.yaml").exists()


def test_an_invalid_case_is_refused_before_anything_is_planned(tmp_path: Path) -> None:
    folder = tmp_path / "PF-7"
    folder.mkdir()
    (folder / "case.yaml").write_text("reference: PF-7\nchild:\n  first_names: A\n", "utf-8")
    with pytest.raises(CaseDataError) as raised:
        import_into_case(folder, "903", "004417", MAIN, today=TODAY)
    assert "correct the case file first" in str(raised.value)


def test_a_case_kept_as_json_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "PF-8"
    folder.mkdir()
    (folder / "case.json").write_text('{"reference": "PF-8"}', "utf-8")
    with pytest.raises(PermdocsError, match="kept as JSON"):
        import_into_case(folder, "903", "004417", MAIN, today=TODAY)


def test_a_build_running_on_the_case_stops_the_import(tmp_path: Path) -> None:
    folder = sample_case("01-existing-carer-agreed", tmp_path)
    before = (folder / "case.yaml").read_bytes()
    with output_lock(folder / "out"), pytest.raises(OutputError, match="another permdocs run"):
        import_into_case(folder, "903", "M1", _differing_return(tmp_path), replace=True)
    assert (folder / "case.yaml").read_bytes() == before


def test_an_edit_that_would_lose_a_comment_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The independent check after editing: an editor that drops a comment is caught."""
    import permdocs.build.importing.run as run

    real_edit = run.edit

    def careless(text: str, writes: object) -> tuple[str, int]:
        edited, relaid = real_edit(text, writes)  # type: ignore[arg-type]
        return edited.replace("# Oldest first.", "#", 1), relaid

    monkeypatch.setattr(run, "edit", careless)
    folder = sample_case("01-existing-carer-agreed", tmp_path)
    before = (folder / "case.yaml").read_bytes()
    with pytest.raises(PermdocsError, match="would lose 1 comment"):
        import_into_case(folder, "903", "M1", _differing_return(tmp_path), replace=True)
    assert (folder / "case.yaml").read_bytes() == before


def test_an_edit_that_would_change_another_value_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import permdocs.build.importing.run as run

    real_edit = run.edit

    def careless(text: str, writes: object) -> tuple[str, int]:
        edited, relaid = real_edit(text, writes)  # type: ignore[arg-type]
        return edited.replace("first_names: Maisie Rose", "first_names: Maisie"), relaid

    monkeypatch.setattr(run, "edit", careless)
    folder = sample_case("01-existing-carer-agreed", tmp_path)
    with pytest.raises(PermdocsError, match=r"child\.first_names would not read back"):
        import_into_case(folder, "903", "M1", _differing_return(tmp_path), replace=True)


def test_the_comment_finder_sees_comments_but_not_hashes_in_values() -> None:
    text = (
        "# top\n"
        "a: 'x # not a comment'\n"
        "b: |\n"
        "  # inside a block, text\n"
        "c: d  # end of line\n"
        "e: f#g\n"
    )
    assert comments(text) == ["# top", "# end of line"]


def test_missing_sections_are_created_in_the_models_order(tmp_path: Path) -> None:
    """A case without LAC reviews or a history section gets both, where the model puts them,
    and the comment that stood above the next key still does."""
    folder = sample_case("01-existing-carer-agreed", tmp_path)
    path = folder / "case.yaml"
    text = path.read_text("utf-8")
    text = text[: text.index("  # Oldest first.")] + (
        "  # What the child needs.\n" + text[text.index("  needs:\n") :]
    )
    path.write_text(text, "utf-8")
    source = sources_folder(tmp_path)
    files = [
        csv_file(
            source, "episodes.csv", EPISODE_COLUMNS, [episode("M1", "08/09/2025", "S", "C2", "U4")]
        ),
        csv_file(
            source, "reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE", ["M1,09/03/2017,02/10/2025,PN1"]
        ),
    ]
    import_into_case(folder, "903", "M1", files, today=TODAY)
    lines = path.read_text("utf-8").splitlines()
    at = lines.index("  lac_reviews:")
    assert lines[at - 1] == "  placed_with_carers_since: 2025-09-08"
    assert lines[at + 1].startswith("    # from SSDA903 reviews.csv, row 2")
    assert lines[at + 2] == "    - date: 2025-10-02"
    assert lines[at + 3] == "  history:"
    assert lines[at + 4] == "    # from SSDA903 episodes.csv, row 2, imported 2026-05-01"
    assert lines[at + 5] == "    placement_moves: |-"
    assert lines[at + 7] == "  # What the child needs."
    assert lines[at + 8] == "  needs:"
    case = loaded(folder).case
    assert [r.date.isoformat() for r in case.child.lac_reviews] == ["2025-10-02"]


def test_uploads_are_read_as_files_are(tmp_path: Path) -> None:
    """The web form passes uploaded files as (name, bytes): nothing is saved anywhere first."""
    uploads = [(path.name, path.read_bytes()) for path in MAIN]
    dry = import_into_case(tmp_path / "PF-9", "903", "004417", uploads, dry_run=True, today=TODAY)
    from_files = import_into_case(
        tmp_path / "PF-9", "903", "004417", MAIN, dry_run=True, today=TODAY
    )
    assert dry.changes == from_files.changes and dry.text == from_files.text
    assert not (tmp_path / "PF-9").exists()


def test_a_case_changed_during_the_import_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import permdocs.build.importing.run as run

    folder = sample_case("01-existing-carer-agreed", tmp_path)
    path = folder / "case.yaml"
    real_plan = run.plan_import

    def meanwhile(*args: object, **kwargs: object) -> object:
        path.write_text(path.read_text("utf-8") + "# edited in another window\n", "utf-8")
        return real_plan(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "plan_import", meanwhile)
    with pytest.raises(PermdocsError, match="changed by someone or something else"):
        import_into_case(folder, "903", "M1", _differing_return(tmp_path), replace=True)
    assert path.read_text("utf-8").endswith("# edited in another window\n")


def test_the_postcode_of_an_earlier_placement_is_not_taken_for_the_carers(tmp_path: Path) -> None:
    """Sample 02's child moved to her permanent carers on 13 April 2026; a return from before
    then shows her short-term carers' placement, whose postcode is not the carers'."""
    folder = sample_case("02-siblings-new-carers-confidential", tmp_path)
    files = _placement_return(tmp_path, "01/02/2025", "ZZ3 8UT")
    result = import_into_case(folder, "903", "R1", files, replace=True, today=TODAY)
    assert {c.field for c in result.changes} >= {"child.placed_with_carers_since"}
    assert all(c.field != "carers.address.postcode" for c in result.changes)
    assert any("may be another placement" in note for note in result.notes)
    assert "zz38ut" not in _normal((folder / "case.yaml").read_text("utf-8"))


@pytest.mark.parametrize(
    ("place", "why"), [("T1", "is temporary"), ("K2", "is not a foster placement")]
)
def test_a_temporary_or_non_foster_placement_is_not_taken_for_the_carers(
    tmp_path: Path, place: str, why: str
) -> None:
    folder = sample_case("01-existing-carer-agreed", tmp_path)
    source = sources_folder(tmp_path)
    rows = [
        episode("M1", "08/09/2025", "S", "C2", "U4", end="01/11/2026", ceased="X1"),
        episode("M1", "01/11/2026", "P", "C2", place, postcode="ZZ8 1HS"),
    ]
    files = [csv_file(source, "episodes.csv", EPISODE_COLUMNS, rows)]
    result = import_into_case(folder, "903", "M1", files, replace=True, today=TODAY)
    fields = {c.field for c in result.changes}
    assert "child.placed_with_carers_since" not in fields
    assert "carers.address.postcode" not in fields
    assert any(why in note for note in result.notes)
    assert "zz81hs" not in _normal((folder / "case.yaml").read_text("utf-8"))


def test_a_folder_name_that_cannot_be_a_reference_asks_for_one(tmp_path: Path) -> None:
    folder = tmp_path / "Maisie's case"
    with pytest.raises(PermdocsError, match="--reference"):
        import_into_case(folder, "903", "004417", MAIN, today=TODAY)
    result = import_into_case(folder, "903", "004417", MAIN, reference="PF-2026-0151", today=TODAY)
    assert result.created and loaded(folder).case.reference == "PF-2026-0151"


def _keys_of(text: str) -> list[tuple[int, int]]:
    """(first line, end line) of each key of the child section, with its block."""
    lines = text.splitlines(keepends=True)
    start = lines.index("child:\n")
    spans = []
    for index in range(start + 1, len(lines)):
        if not lines[index].startswith(" ") and lines[index].strip():
            break
        if re.match(r"^  [a-z_]+:", lines[index]):
            end = index + 1
            while (
                end < len(lines)
                and (lines[end].startswith("    ") or not lines[end].strip())
                and not re.match(r"^  \S", lines[end])
            ):
                end += 1
            spans.append((index, end))
    return spans


def _followers(text: str) -> list[tuple[str, str]]:
    """Each full-line comment and the key of the first line after it that is not a comment."""
    lines = text.splitlines()
    found = []
    for index, line in enumerate(lines):
        if line.strip().startswith("#") and "# from SSDA903" not in line:
            after = next(
                (x for x in lines[index + 1 :] if x.strip() and not x.strip().startswith("#")), ""
            )
            found.append((line.strip(), after.split(":")[0].strip(" -")))
    return found


@pytest.mark.slow
def test_whatever_the_case_leaves_out_comments_stay_above_their_keys(tmp_path: Path) -> None:
    """Sample 01 with each key the import writes (and their neighbours) left out in turn: a full
    return imported with --replace keeps every comment above the key it was above, and the case
    valid."""
    original = (SAMPLES / "01-existing-carer-agreed" / "case.yaml").read_text("utf-8")
    source = sources_folder(tmp_path)
    files = [
        csv_file(source, "header.csv", HEADER_COLUMNS, ["M1,2,09/03/2017,WIRI,Z99,,"]),
        csv_file(
            source,
            "episodes.csv",
            EPISODE_COLUMNS,
            [
                episode("M1", "01/09/2025", "S", "C1", "U6", end="08/09/2025", ceased="X1"),
                episode("M1", "08/09/2025", "P", "C2", "U4", postcode="ZZ1 4QT"),
            ],
        ),
        csv_file(
            source,
            "reviews.csv",
            "CHILD,DOB,REVIEW,REVIEW_CODE",
            ["M1,09/03/2017,01/10/2025,PN1", "M1,09/03/2017,02/12/2026,PN1"],
        ),
    ]
    lines = original.splitlines(keepends=True)
    written = (
        "gender", "ethnicity", "disability", "legal_status", "court", "looked_after_since",
        "placed_with_carers_since", "lac_reviews", "history",
    )  # fmt: skip
    for number, (start, end) in enumerate(_keys_of(original)):
        if lines[start].split(":")[0].strip() not in written:
            continue
        text = "".join(lines[:start] + lines[end:])
        folder = tmp_path / f"case-{number}"
        shutil.copytree(
            SAMPLES / "01-existing-carer-agreed", folder, ignore=shutil.ignore_patterns("out")
        )
        (folder / "case.yaml").write_text(text, "utf-8")
        try:
            import_into_case(folder, "903", "M1", files, replace=True, today=TODAY)
        except CaseDataError:
            continue  # a required key left out: the case was not valid to begin with
        after = (folder / "case.yaml").read_text("utf-8")
        assert _followers(after) == _followers(text), lines[start]
        loaded(folder)


def test_a_layout_the_editor_cannot_keep_is_said_and_only_reindented(tmp_path: Path) -> None:
    """Lists indented two ways in one file: no single layout writes it back as it was, so the
    import says how many lines only moved; every value and comment is still checked."""
    folder = tmp_path / "case"
    folder.mkdir()
    text = (
        "reference: PF-10\n"
        "child:\n"
        "  first_names: Ada\n"
        "  last_name: Example\n"
        "  date_of_birth: 2015-03-14\n"
        "  # Two reviews so far.\n"
        "  lac_reviews:\n"
        "  - date: 2024-01-10\n"
        "siblings:\n"
        "    - name: Bo Example\n"
    )
    (folder / "case.yaml").write_text(text, "utf-8")
    source = sources_folder(tmp_path)
    header = csv_file(source, "header.csv", HEADER_COLUMNS, ["9,2,2015-03-14,WBRI,Z99,,"])
    result = import_into_case(folder, "903", "9", [header], today=TODAY)
    assert any("1 line(s) changed their indentation only" in note for note in result.notes)
    case = loaded(folder).case
    assert case.siblings[0].name == "Bo Example" and case.child.ethnicity == "White British"
    assert comment_lines((folder / "case.yaml").read_text("utf-8")) == ["# Two reviews so far."]
