"""The DfE code lists the import translates: complete, citing their guidance, and each code read
from a return into the case's own words."""

from __future__ import annotations

import json
import typing
from importlib.resources import files

import pytest

from import_helpers import EPISODE_COLUMNS, HEADER_COLUMNS, episode
from permdocs.build.importing.codes import LIST_NAMES, code_list, guidance
from permdocs.build.importing.ssd import read_ssd
from permdocs.build.importing.ssda903 import read_ssda903
from permdocs.build.importing.tables import Source
from permdocs.model.parts import LegalStatus, PermanenceOption

# Typed here from the DfE's guide to the 2024 to 2025 return, independently of codelists.json.
DFE_CODES = {
    "placement_type": "A3 A4 A5 A6 H5 K1 K2 K3 P1 P2 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4"
    " U5 U6 Z1",
    "legal_status": "C1 C2 D1 E1 V2 V3 V4 L1 L2 L3 J1 J2 J3",
    "reason_new_episode": "S L P T B U",
    "ethnicity": "WBRI WIRI WIRT WROM WOTH MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR BOTH"
    " CHNE OOTH REFU NOBT",
    "reason_episode_ceased": "X1 E11 E12 E13 E14 E15 E16 E17 E2 E3 E41 E45 E46 E47 E48 E4A E4B E5"
    " E6 E7 E8 E9",
    "reason_placement_change": "CARPL CLOSE ALLEG STAND APPRR CREQB CREQO CHILD LAREQ PLACE CUSTOD"
    " OTHER",
    "placement_provider": "PR0 PR1 PR2 PR3 PR4 PR5",
    "sex": "1 2",
    "ssd_sex": "M F U",
    "ssd_gender": "00 01 02 09",
    "ssd_permanence_plan": "REMAINSUP RETURN1M RETURN6M RETURNEV LTRELFR LTFOST18 RESPLMT SUPPLIV"
    " ADOPTION OTHERPLN",
}


def _codes(name: str, dataset: str = "SSDA903") -> list[str]:
    return [code.code for code in code_list(name).codes if code.dataset in (None, dataset)]


def test_every_list_holds_exactly_the_dfe_codes() -> None:
    assert set(LIST_NAMES) == set(DFE_CODES)
    for name, codes in DFE_CODES.items():
        dataset = "SSD" if name.startswith("ssd_") else "SSDA903"
        assert sorted(_codes(name, dataset)) == sorted(codes.split()), name


def test_the_data_file_cites_the_guidance_and_its_year() -> None:
    data = json.loads(
        files("permdocs.build.importing").joinpath("codelists.json").read_text("utf-8")
    )
    for dataset in ("SSDA903", "SSD"):
        source = data["sources"][dataset]
        assert source["year"] == "2024 to 2025"
        assert source["url"].startswith("https://")
        assert source["year"] in guidance(dataset)
    assert "Children looked after return 2024 to 2025" in guidance("SSDA903")
    for name in LIST_NAMES:
        assert data["lists"][name]["source"] in data["sources"]


def test_case_values_are_values_the_case_model_allows() -> None:
    legal = set(typing.get_args(LegalStatus))
    plans = set(typing.get_args(PermanenceOption))
    for code in code_list("legal_status").codes:
        assert code.case_value is None or code.case_value in legal, code.code
    for code in code_list("ssd_permanence_plan").codes:
        assert code.case_value is None or code.case_value in plans, code.code


def _903(child_rows: list[str], header_rows: list[str] | None = None) -> list[Source]:
    episodes = "\n".join([EPISODE_COLUMNS, *child_rows]) + "\n"
    sources = [Source("episodes.csv", episodes.encode())]
    if header_rows is not None:
        sources.append(
            Source("header.csv", ("\n".join([HEADER_COLUMNS, *header_rows]) + "\n").encode())
        )
    return sources


@pytest.mark.parametrize("code", _codes("placement_type"))
def test_every_placement_type_is_read_with_its_label(code: str) -> None:
    record, problems = read_ssda903(
        _903([episode("1", "01/04/2024", "S", "C2", code, provider="PR2")]), "1"
    )
    assert problems == []
    assert record.current is not None and record.current.type is not None
    assert record.current.type.code == code
    assert record.current.type.label in _history(record)


@pytest.mark.parametrize("code", _codes("legal_status"))
def test_every_legal_status_is_read_and_mapped_or_reported(code: str) -> None:
    record, problems = read_ssda903(_903([episode("1", "01/04/2024", "S", code, "U6")]), "1")
    assert problems == []
    assert record.legal_status is not None and record.legal_status.value.code == code
    expected = {
        "C1": "interim-care-order",
        "C2": "care-order",
        "E1": "placement-order",
        "V2": "section-20",
        "V3": "section-20",
        "V4": "section-20",
    }.get(code)
    assert record.legal_status.value.case_value == expected


@pytest.mark.parametrize("code", _codes("reason_new_episode"))
def test_every_reason_for_a_new_episode_is_read(code: str) -> None:
    """Each reason after a first episode: L continues the placement, P and B bring new carers,
    T and U a new placement with the same carers, S a new period of care."""
    rows = [
        episode("1", "01/04/2024", "S", "C1", "U6", end="01/06/2024", ceased="X1"),
        episode("1", "01/06/2024", code, "C2", "U6" if code == "L" else "U4"),
    ]
    record, problems = read_ssda903(_903(rows), "1")
    assert problems == []
    placements = record.placements
    if code == "L":
        assert len(placements) == 1
    else:
        assert len(placements) == 2
        assert placements[1].new_carers is (code in ("S", "P", "B"))
    since = record.looked_after_since
    assert since is not None
    assert since.value.isoformat() == ("2024-06-01" if code == "S" else "2024-04-01")


@pytest.mark.parametrize("code", _codes("ethnicity"))
def test_every_ethnicity_is_read_as_the_case_words_it(code: str) -> None:
    record, problems = read_ssda903(_903([], [f"1,2,01/01/2015,{code},Z990,,"]), "1")
    assert problems == []
    entry = next(c for c in code_list("ethnicity").codes if c.code == code)
    if code in ("REFU", "NOBT"):
        assert record.ethnicity is None
        assert any(code in note for note in record.notes)
    else:
        assert record.ethnicity is not None and record.ethnicity.value == entry.case_value
        assert entry.label in (entry.case_value or "")


@pytest.mark.parametrize("code", _codes("sex"))
def test_every_sex_code_is_read(code: str) -> None:
    record, problems = read_ssda903(_903([], [f"1,{code},01/01/2015,WBRI,Z990,,"]), "1")
    assert problems == []
    assert record.gender is not None
    assert record.gender.value == {"1": "Male", "2": "Female"}[code]


@pytest.mark.parametrize("code", _codes("reason_episode_ceased"))
def test_every_reason_an_episode_ceased_is_read(code: str) -> None:
    rows = [episode("1", "01/04/2024", "S", "C1", "U6", end="01/06/2024", ceased=code)]
    if code == "X1":
        rows.append(episode("1", "01/06/2024", "L", "C2", "U6"))
    record, problems = read_ssda903(_903(rows), "1")
    assert problems == []
    label = next(c.label for c in code_list("reason_episode_ceased").codes if c.code == code)
    if code == "X1":
        assert record.looked_after and label not in _history(record)
    else:
        assert not record.looked_after
        assert label[1:] in _history(record)


@pytest.mark.parametrize("code", _codes("reason_placement_change"))
def test_every_reason_for_a_placement_change_is_read(code: str) -> None:
    rows = [
        episode("1", "01/04/2024", "S", "C1", "U6", end="01/06/2024", ceased="X1", change=code),
        episode("1", "01/06/2024", "P", "C1", "U4"),
    ]
    record, problems = read_ssda903(_903(rows), "1")
    assert problems == []
    label = next(c.label for c in code_list("reason_placement_change").codes if c.code == code)
    assert label[1:] in _history(record)


@pytest.mark.parametrize("code", _codes("placement_provider"))
def test_every_placement_provider_is_read(code: str) -> None:
    record, problems = read_ssda903(
        _903([episode("1", "01/04/2024", "S", "C2", "U6", provider=code)]), "1"
    )
    assert problems == []
    label = next(c.label for c in code_list("placement_provider").codes if c.code == code)
    assert f"({label})" in _history(record)


def _history(record: object) -> str:
    from permdocs.build.importing.record import placement_history

    return placement_history(record.placements)  # type: ignore[attr-defined]


PERSON = "pers_person_id,pers_forename,pers_surname,pers_sex,pers_gender,pers_ethnicity,pers_dob\n"


@pytest.mark.parametrize("sex", _codes("ssd_sex", "SSD"))
@pytest.mark.parametrize("gender", [*_codes("ssd_gender", "SSD"), "NULL"])
def test_every_ssd_sex_and_gender_code_is_read(sex: str, gender: str) -> None:
    """Gender (the child's own) is preferred; sex is used when gender is not known."""
    text = PERSON + f"9,Ann,Example,{sex},{gender},WBRI,2015-01-02\n"
    record, problems = read_ssd([Source("ssd_person.csv", text.encode())], "9")
    assert problems == []
    shown = record.gender.value if record.gender is not None else None
    by_gender = {"01": "Boy", "02": "Girl"}.get(gender)
    assert shown == (by_gender or {"M": "Male", "F": "Female"}.get(sex))


@pytest.mark.parametrize("code", _codes("ssd_permanence_plan", "SSD"))
def test_every_ssd_permanence_plan_is_read_or_reported(code: str) -> None:
    plan = json.dumps(
        {key: ("1" if key == code else "") for key in _codes("ssd_permanence_plan", "SSD")}
    )
    text = (
        "lacp_table_id,lacp_person_id,lacp_cla_care_plan_start_date,lacp_cla_care_plan_end_date,"
        "lacp_cla_care_plan_json\n"
        f'1,9,2024-01-05,NULL,"{plan.replace(chr(34), chr(34) * 2)}"\n'
    )
    record, problems = read_ssd([Source("ssd_cla_care_plan.csv", text.encode())], "9")
    assert problems == []
    entry = next(c for c in code_list("ssd_permanence_plan").codes if c.code == code)
    if entry.case_value is None:
        assert record.permanence_plan is None
        assert any(entry.label in note for note in record.notes)
    else:
        assert record.permanence_plan is not None
        assert record.permanence_plan.value.case_value == entry.case_value


def test_ssd_columns_may_hold_labels_instead_of_codes() -> None:
    """The SSD's legal status and ethnicity are free text in some extracts: a label is read as
    its code, ignoring case and spacing; a 903 file must hold the code itself."""
    ssd = code_list("legal_status")
    assert ssd.find("  full   CARE order ", "SSD") is not None
    assert ssd.find("Full care order", "SSDA903") is None
    assert ssd.find("SGO", "SSDA903") is None  # not a code of the return
    assert code_list("ethnicity").find("Indian", "SSD") is not None
