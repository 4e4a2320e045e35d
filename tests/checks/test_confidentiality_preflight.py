"""``check``'s confidentiality pre-flight: restricted details in text a birth parent's letter
prints are blockers for those letters, owned by the child's social worker, naming the field, the
words and the detail they match; a shared surname is said plainly; the samples raise nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from confidential_cases import double_barrelled, everyday_names, shared_surname
from letter_cases import confidential, profile, write_case
from permdocs.build.letters import build_letters
from permdocs.build.options import BuildOptions
from permdocs.checks.confidentiality import (
    allowed_for_parent,
    check_confidentiality,
    confidential_summary,
    parent_letter_texts,
)
from permdocs.checks.restricted import restrictions
from permdocs.checks.textmatch import Matcher
from permdocs.errors import ConfidentialityError
from permdocs.load.folder import load_case
from permdocs.model import Case
from permdocs.policy.conditions import Context

AS_OF = date(2026, 11, 23)
SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _findings(case: Case) -> list[Any]:
    return check_confidentiality(Context(case=case, profile=profile(), as_of=AS_OF))


def _with(case: Case, path: list[str | int], value: Any) -> Case:
    data = case.model_dump(mode="json", exclude_none=True)
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return Case.model_validate(data)


def test_a_carers_name_in_contact_arrangements_is_a_blocker_naming_field_words_and_detail() -> None:
    case = _with(
        double_barrelled(),
        ["birth_parents", 0, "contact_arrangements"],
        "Monthly at the family centre; Ros will bring Leo from Whitcombe Rd.",
    )
    findings = [f for f in _findings(case) if f.code == "confidential-detail-in-parent-letter"]
    assert {f.severity for f in findings} == {"blocker"}
    assert {f.owner for f in findings} == {"child's social worker"}
    assert {f.documents for f in findings} == {("letter-birth-parent",)}
    assert {f.field for f in findings} == {"birth_parents[0].contact_arrangements"}
    messages = " ".join(f.message for f in findings)
    assert "“Ros” match the name a carer is known by (carers.carers[0].known_as)" in messages
    assert "“Whitcombe Rd” match the carers' street or building (carers.address.lines[1])" in (
        messages
    )
    assert all("Kerry Anne Marsh (birth mother)" in f.message for f in findings)
    assert all("rewrite it without the restricted detail" in f.fix for f in findings)


def test_every_field_the_parents_letter_prints_is_searched() -> None:
    case = double_barrelled()
    case = _with(case, ["birth_parents", 0, "views"], "She is glad Leo is at St Mary's.")
    case = _with(case, ["professionals", "childs_social_worker", "team"], "Thornleigh locality")
    fields = {f.field for f in _findings(case)}
    assert {"birth_parents[0].views", "professionals.childs_social_worker.team"} <= fields
    searched = {text.field for text in parent_letter_texts(case, 0)}
    assert {
        "birth_parents[0].name",
        "birth_parents[0].contact_arrangements",
        "birth_parents[0].views",
        "professionals.childs_social_worker.name",
        "professionals.adm.name",
        "decision.maker",
    } <= searched


def test_a_parent_who_gets_no_letter_is_not_searched() -> None:
    case = _with(confidential(), ["birth_parents", 1, "views"], "He asked about Jerome.")
    assert not [f for f in _findings(case) if f.field.startswith("birth_parents[1]")]


def test_hidden_characters_in_text_bound_for_a_parent_are_a_blocker() -> None:
    case = _with(confidential(), ["birth_parents", 0, "views"], "She agrees\u202e with it.")
    [finding] = [f for f in _findings(case) if f.code == "confidential-hidden-characters"]
    assert finding.severity == "blocker"
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in finding.message


def test_nothing_is_reported_for_a_placement_that_is_not_confidential() -> None:
    case = _with(confidential(), ["carers", "address_confidential"], False)
    case = _with(case, ["carers", "names_confidential"], False)
    case = _with(case, ["school_confidential"], False)
    case = _with(case, ["birth_parents", 0, "views"], "Natalie and Jerome are lovely.")
    assert _findings(case) == []
    assert confidential_summary(case) is None


def test_the_summary_line_lists_what_is_restricted() -> None:
    assert confidential_summary(confidential()) == (
        "CONFIDENTIAL PLACEMENT: the carers' address, the carers' names and the child's school"
        " must never reach the birth family; each birth parent's letter is checked for them"
        " before it is written."
    )


# --- a surname shared with the child and the mother ------------------------------------------


def test_a_shared_surname_is_said_plainly_with_what_to_do() -> None:
    [finding] = _findings(shared_surname())
    assert finding.code == "confidential-surname-shared"
    assert finding.severity == "blocker"
    assert finding.owner == "child's social worker"
    assert finding.field == "carers.shared_surname_agreed"
    assert "cannot be kept from the birth family" in finding.message
    assert "the child (child.last_name)" in finding.message
    assert "Kerry Anne Tremayne, birth mother (the name of the 1st birth parent)" in finding.message
    assert "Mr and Mrs Tremayne" in finding.message
    assert "agreed_by" in finding.fix and "names_confidential to false" in finding.fix


def test_once_agreed_the_shared_surname_is_a_note_saying_who_agreed() -> None:
    [finding] = _findings(shared_surname(agreed=True))
    assert finding.code == "confidential-surname-shared-agreed"
    assert finding.severity == "info"
    assert "Farah Siddiqui, team manager agreed on 1 October 2026" in finding.message


def test_a_shared_surname_restricts_the_carers_titles_first_names_and_address() -> None:
    terms = {(term.field, term.kind, term.text) for term in restrictions(shared_surname()).terms}
    assert ("carers.carers[0].first_names", "name", "Maureen") in terms
    assert ("carers.address.lines[0]", "place", "Sandpiper Close") in terms
    assert not [t for t in terms if t[1] == "name" and t[2] == "Tremayne"]
    titled = [t for t in terms if t[1] == "titled"]
    assert titled and all(t[2].endswith(" Tremayne") for t in titled)
    case = _with(
        shared_surname(agreed=True),
        ["birth_parents", 0, "contact_arrangements"],
        "Monthly. Mr and Mrs Tremayne will bring Leo.",
    )
    [finding] = [f for f in _findings(case) if f.code == "confidential-detail-in-parent-letter"]
    assert "“Mr and Mrs Tremayne”" in finding.message


def test_the_shared_surname_case_makes_a_safe_letter_to_the_mother(tmp_path: Path) -> None:
    case_dir = write_case(tmp_path / "case", shared_surname(agreed=True))
    result = build_letters(case_dir, BuildOptions(as_of=AS_OF))
    [letter] = [d for d in result.documents if d.kind == "letter-birth-parent"]
    text = _docx_text(letter.data)
    assert "Leo James Tremayne" in text or "Leo Tremayne" in text
    for restricted in ("Maureen", "Roy", "Sandpiper", "Copperfold", "ZZ5 8HT", "Fernhill"):
        assert restricted not in text


def test_a_shared_surname_with_a_title_typed_into_the_case_stops_the_letters(
    tmp_path: Path,
) -> None:
    case = _with(
        shared_surname(agreed=True),
        ["birth_parents", 0, "contact_arrangements"],
        "Nan Tremayne will bring Leo to the family centre.",
    )
    case_dir = write_case(tmp_path / "case", case)
    with pytest.raises(ConfidentialityError) as caught:
        build_letters(case_dir, BuildOptions(as_of=AS_OF))
    assert "birth_parents[0].contact_arrangements" in str(caught.value)
    assert "“Nan Tremayne”" in str(caught.value)
    assert not (case_dir / "out").exists() or not list((case_dir / "out").glob("*.docx"))


def _docx_text(data: bytes) -> str:
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


# --- false alarms measured on the samples' text ----------------------------------------------


def _strings(value: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [item for key, inner in value.items() for item in _strings(inner, f"{path}.{key}")]
    if isinstance(value, list):
        return [item for i, inner in enumerate(value) for item in _strings(inner, f"{path}[{i}]")]
    return [(path.lstrip("."), value)] if isinstance(value, str) else []


SAMPLE_CASES = {path.name: load_case(path).case for path in sorted(SAMPLES.iterdir())}
CONFIDENTIAL_CASES = {
    "double-barrelled": double_barrelled(),
    "everyday-names": everyday_names(),
    "shared-surname": shared_surname(),
    "sample 02": SAMPLE_CASES["02-siblings-new-carers-confidential"],
}


def _same_carers(one: Case, other: Case) -> bool:
    return (
        one.carers is not None
        and other.carers is not None
        and one.carers.reference is not None
        and one.carers.reference == other.carers.reference
    )


@pytest.mark.parametrize("sample", sorted(SAMPLE_CASES))
@pytest.mark.parametrize("confidential_case", sorted(CONFIDENTIAL_CASES))
def test_no_sentence_of_the_samples_is_a_false_alarm(sample: str, confidential_case: str) -> None:
    """Every text value of every sample, searched for another case's restricted details (and
    sample 02's own text, outside the fields that rightly name its carers, for its own): no
    hit, out of the few hundred sentences the samples hold."""
    owner = CONFIDENTIAL_CASES[confidential_case]
    matcher = Matcher(
        restrictions(owner).terms,
        allowed_for_parent(owner, profile(), owner.birth_parents[0]),
    )
    strings = _strings(yaml.safe_load((SAMPLES / sample / "case.yaml").read_text("utf-8")))
    # A sibling matched with the same carers (sample 05, Ruby's brother Kai) has the same carers,
    # address and school in its own professional fields: those are its own details too.
    own = owner is SAMPLE_CASES.get(sample) or _same_carers(owner, SAMPLE_CASES[sample])
    if own:
        # Fields written for professionals, which name the carers, address and school on purpose.
        professional_only = (
            "carers.",
            "matching_meeting.",
            "panel.",
            "decision.reasons",
            "attachments",
            "child.education.school",
            "child.wishes_and_feelings",
            "child.needs.identity",
            "child.needs.education",
        )
        strings = [(f, s) for f, s in strings if not f.startswith(professional_only)]
    assert len(strings) > 40
    alarms = [(field, hit.words) for field, text in strings for hit in matcher.hits(text)]
    assert alarms == []


@pytest.mark.parametrize("sample", sorted(SAMPLE_CASES))
def test_no_sample_has_a_confidentiality_blocker(sample: str) -> None:
    case = SAMPLE_CASES[sample]
    assert [
        f for f in _findings(case) if f.code.startswith("confidential") and f.severity == "blocker"
    ] == []
