"""Who gets a decision letter, under which name, with which cc list; and what is reported instead."""

from __future__ import annotations

from datetime import date

import pytest

from letter_cases import (
    agency_teenager,
    changed,
    confidential,
    existing_carers,
    profile,
    with_decision,
)
from permdocs.letters.plan import LETTERS, plan_letters, slug
from permdocs.model import Case

AS_OF = date(2026, 11, 23)


def test_every_letter_kind_is_declared_with_its_audience() -> None:
    audiences = {kind.kind: kind.audience for kind in LETTERS}
    assert audiences == {
        "letter-carers": "carers",
        "letter-social-worker": "professional",
        "letter-child": "child",
        "letter-birth-parent": "birth-parent",
        "letter-agency": "agency",
        "permanency-certificate": "child",
        "letter-director-carers": "carers",
        "letter-director-child": "child",
        "information-sheet-carers": "carers",
        "information-sheet-child": "child",
    }
    assert all(kind.family == "letter" for kind in LETTERS)


def test_an_agreed_decision_writes_to_carers_file_child_and_each_parent() -> None:
    case = existing_carers()
    plan = plan_letters(case, profile(), AS_OF)
    assert [letter.file_name(case.reference) for letter in plan.letters] == [
        "PF-2026-0142_letter-carers.docx",
        "PF-2026-0142_letter-social-worker.docx",
        "PF-2026-0142_letter-child.docx",
        "PF-2026-0142_letter-birth-parent-mother.docx",
        "PF-2026-0142_letter-birth-parent-father.docx",
    ]
    assert plan.notices == ()


def test_each_parent_gets_their_own_letter_addressed_to_them() -> None:
    plan = plan_letters(existing_carers(), profile(), AS_OF)
    parents = [letter for letter in plan.letters if letter.audience == "birth-parent"]
    assert [(p.parent_index, p.recipient.addressee) for p in parents] == [
        (0, "Kerry Anne Thornbury"),
        (1, "Liam Prescott"),
    ]
    assert parents[0].recipient.address is not None
    assert parents[0].recipient.address.postcode == "ZZ2 7LP"


def test_carers_letter_is_addressed_to_both_carers() -> None:
    letter = plan_letters(existing_carers(), profile(), AS_OF).letters[0]
    assert letter.recipient.addressee == "Mrs Ruth Ellery and Mr Daniel Ellery"
    assert letter.recipient.greeting == "Dear Ruth and Daniel"


def test_carers_are_greeted_by_the_names_they_go_by() -> None:
    case = existing_carers()
    data = case.model_dump(mode="json")["carers"]
    data["carers"][1]["known_as"] = "Dan"
    letter = plan_letters(changed(case, carers=data), profile(), AS_OF).letters[0]
    assert letter.recipient.greeting == "Dear Ruth and Dan"
    # The envelope keeps the legal names.
    assert letter.recipient.addressee == "Mrs Ruth Ellery and Mr Daniel Ellery"


def test_parents_and_the_agency_are_addressed_by_title_and_surname() -> None:
    case = confidential()
    parents = case.model_dump(mode="json")["birth_parents"]
    parents[0]["title"] = "Ms"
    [mother] = [
        x
        for x in plan_letters(changed(case, birth_parents=parents), profile(), AS_OF).letters
        if x.audience == "birth-parent"
    ]
    assert mother.recipient.greeting == "Dear Ms Brennan"
    assert mother.recipient.addressee == "Ms Stacey Louise Brennan"
    # No title recorded: the full name, never a title guessed from the role.
    [untitled] = [
        x for x in plan_letters(case, profile(), AS_OF).letters if x.audience == "birth-parent"
    ]
    assert untitled.recipient.greeting == "Dear Stacey Brennan"
    agency_case = agency_teenager()
    carers = agency_case.model_dump(mode="json")["carers"]
    carers["agency"]["contact"]["honorific"] = "Ms"
    [agency] = [
        x
        for x in plan_letters(changed(agency_case, carers=carers), profile(), AS_OF).letters
        if x.audience == "agency"
    ]
    assert agency.recipient.greeting == "Dear Ms Carver"
    assert agency.recipient.addressee == "Ms Helen Carver"


def _parents_with_responsibility(case: Case, *flags: bool | None) -> Case:
    parents = case.model_dump(mode="json")["birth_parents"]
    for parent, flag in zip(parents, flags, strict=True):
        parent["parental_responsibility"] = flag
    return changed(case, birth_parents=parents)


@pytest.mark.parametrize("writes", [True, False])
def test_the_profile_decides_whether_a_parent_without_parental_responsibility_is_written_to(
    writes: bool,
) -> None:
    case = _parents_with_responsibility(existing_carers(), True, False)
    plan = plan_letters(case, profile(to_parents_without_parental_responsibility=writes), AS_OF)
    parents = [x.name for x in plan.letters if x.audience == "birth-parent"]
    if writes:
        assert parents == ["letter-birth-parent-mother", "letter-birth-parent-father"]
        assert plan.notices == ()
    else:
        assert parents == ["letter-birth-parent-mother"]
        [notice] = plan.notices
        assert notice.code == "letters-parent-without-parental-responsibility"
        assert "Liam Prescott (father)" in notice.message
        assert notice.field == "birth_parents[1].parental_responsibility"
    # A parent whose responsibility is not recorded is written to (check warns about it).
    unknown = _parents_with_responsibility(existing_carers(), True, None)
    assert (
        len(
            [
                x
                for x in plan_letters(
                    unknown, profile(to_parents_without_parental_responsibility=False), AS_OF
                ).letters
                if x.audience == "birth-parent"
            ]
        )
        == 2
    )


@pytest.mark.parametrize("outcome", ["not-agreed", "deferred"])
def test_a_match_not_agreed_is_told_to_the_child_in_person_unless_the_profile_asks(
    outcome: str,
) -> None:
    case = with_decision(existing_carers(), outcome)
    plan = plan_letters(case, profile(), AS_OF)
    assert not any(x.kind.kind == "letter-child" for x in plan.letters)
    [notice] = [n for n in plan.notices if n.code == "letters-child-told-in-person"]
    assert "tells Maisie in person" in notice.message
    assert "child_letter_when_not_agreed" in notice.fix
    asked = plan_letters(case, profile(child_letter_when_not_agreed=True), AS_OF)
    assert any(x.kind.kind == "letter-child" for x in asked.letters)
    assert not any(n.code == "letters-child-told-in-person" for n in asked.notices)


def test_an_agreed_agency_match_adds_the_directors_letters_and_sheets_when_asked() -> None:
    case = with_decision(agency_teenager(), "agreed")
    kinds = [x.kind.kind for x in plan_letters(case, profile(), AS_OF).letters]
    assert {"letter-director-carers", "letter-director-child"} <= set(kinds)
    assert "information-sheet-carers" not in kinds
    sheets = [
        x.kind.kind for x in plan_letters(case, profile(information_sheets=True), AS_OF).letters
    ]
    assert {"information-sheet-carers", "information-sheet-child"} <= set(sheets)
    without = [
        x.kind.kind for x in plan_letters(case, profile(director_letter=False), AS_OF).letters
    ]
    assert not any(kind.startswith("letter-director") for kind in without)
    # Not for in-house carers, and not before the match is agreed.
    in_house = with_decision(existing_carers(), "agreed")
    assert not any(
        x.kind.kind.startswith("letter-director")
        for x in plan_letters(in_house, profile(), AS_OF).letters
    )
    assert not any(
        x.kind.kind.startswith("letter-director")
        for x in plan_letters(agency_teenager(), profile(), AS_OF).letters
    )


def test_a_child_who_has_not_moved_to_new_carers_is_given_the_letter_by_hand() -> None:
    case = with_decision(confidential(), "agreed")
    child = case.model_dump(mode="json")["child"]
    child["receives_letter"] = True
    moving = changed(case, child=child)
    [letter] = [
        x for x in plan_letters(moving, profile(), AS_OF).letters if x.kind.kind == "letter-child"
    ]
    assert letter.recipient.by_hand and letter.recipient.address is None
    child["placed_with_carers_since"] = "2026-11-01"
    moved = changed(case, child=child)
    [letter] = [
        x for x in plan_letters(moved, profile(), AS_OF).letters if x.kind.kind == "letter-child"
    ]
    assert not letter.recipient.by_hand
    assert letter.recipient.address is not None and letter.recipient.address.postcode == "ZZ6 2RB"


def test_no_letter_for_a_parent_whose_whereabouts_are_unknown_and_it_is_reported() -> None:
    case = confidential()
    plan = plan_letters(case, profile(), AS_OF)
    names = [letter.name for letter in plan.letters]
    assert "letter-birth-parent-mother" in names
    assert not any("dwayne" in name for name in names)
    [notice] = [n for n in plan.notices if n.code == "letters-parent-whereabouts-unknown"]
    assert "Dwayne Callender (father)" in notice.message
    assert notice.severity == "warning"


def test_a_parent_not_to_receive_a_letter_is_reported() -> None:
    case = existing_carers()
    data = case.model_dump(mode="json")
    data["birth_parents"][1]["receives_letter"] = False
    plan = plan_letters(changed(case, birth_parents=data["birth_parents"]), profile(), AS_OF)
    assert len([x for x in plan.letters if x.audience == "birth-parent"]) == 1
    assert [n.code for n in plan.notices] == ["letters-parent-not-to-receive-letter"]


def test_the_childs_letter_follows_the_case_then_the_councils_age() -> None:
    case = existing_carers()  # 9 on the as-of date; default age 8
    assert any(x.kind.kind == "letter-child" for x in plan_letters(case, profile(), AS_OF).letters)
    older_bar = plan_letters(case, profile(child_letter_min_age=10), AS_OF)
    assert not any(x.kind.kind == "letter-child" for x in older_bar.letters)
    [notice] = older_bar.notices
    assert "Maisie is 9, under the council's age of 10" in notice.message
    data = case.model_dump(mode="json")["child"]
    chosen = changed(case, child={**data, "receives_letter": True})
    assert any(
        x.kind.kind == "letter-child"
        for x in plan_letters(chosen, profile(child_letter_min_age=10), AS_OF).letters
    )


def test_an_agency_carer_adds_the_agency_letter() -> None:
    case = agency_teenager()
    plan = plan_letters(case, profile(), AS_OF)
    agency = [x for x in plan.letters if x.kind.kind == "letter-agency"]
    assert len(agency) == 1
    assert agency[0].recipient.organisation == "Registered Manager, Brightwater Fostering"
    assert not any(
        x.kind.kind == "letter-agency"
        for x in plan_letters(existing_carers(), profile(), AS_OF).letters
    )


@pytest.mark.parametrize("outcome", ["agreed", "not-agreed", "deferred"])
def test_the_certificate_is_only_for_an_agreed_match_when_the_council_wants_one(
    outcome: str,
) -> None:
    case = with_decision(existing_carers(), outcome)
    kinds = [x.kind.kind for x in plan_letters(case, profile(certificate=True), AS_OF).letters]
    assert ("permanency-certificate" in kinds) == (outcome == "agreed")
    without = [x.kind.kind for x in plan_letters(case, profile(), AS_OF).letters]
    assert "permanency-certificate" not in without


def test_no_decision_means_no_letters_and_says_so() -> None:
    plan = plan_letters(changed(existing_carers(), decision=None), profile(), AS_OF)
    assert plan.letters == ()
    assert [n.code for n in plan.notices] == ["letters-no-decision"]


def test_a_birth_parents_cc_list_names_professionals_only() -> None:
    plan = plan_letters(confidential(), profile(), AS_OF)
    [parent] = [x for x in plan.letters if x.audience == "birth-parent"]
    assert [str(c) for c in parent.copies] == [
        "Priya Ramdas, child's social worker",
        "Gillian Sands, Independent Reviewing Officer",
    ]
    carers = plan.letters[0]
    assert "Gillian Sands, Independent Reviewing Officer" in [str(c) for c in carers.copies]
    no_iro = plan_letters(confidential(), profile(copy_to_iro=False), AS_OF)
    assert not any("Independent Reviewing" in str(c) for x in no_iro.letters for c in x.copies)


def test_parent_file_name_suffixes_are_safe_and_unique() -> None:
    assert slug("mother Zoë O'Brien-Smith") == "mother-zoe-obrien-smith"
    case = existing_carers()
    data = case.model_dump(mode="json")["birth_parents"]
    data[1] = {**data[0]}
    plan = plan_letters(changed(case, birth_parents=data), profile(), AS_OF)
    names = [x.name for x in plan.letters if x.audience == "birth-parent"]
    assert len(set(names)) == 2
    # File names carry the parent's role, never their name (they travel and are audited).
    assert all(data[0]["name"].split()[0].casefold() not in name.casefold() for name in names)


def test_every_notice_is_a_registered_finding_with_an_owner() -> None:
    from permdocs.letters.plan import CODES

    notices = [
        *plan_letters(confidential(), profile(), AS_OF).notices,
        *plan_letters(changed(existing_carers(), decision=None), profile(), AS_OF).notices,
        *plan_letters(existing_carers(), profile(to_birth_parents=False), AS_OF).notices,
    ]
    assert {n.code for n in notices} == {
        "letters-no-child-letter",
        "letters-parent-whereabouts-unknown",
        "letters-no-decision",
        "letters-no-birth-parent-letters",
    }
    for notice in notices:
        assert notice.code in CODES
        assert notice.owner and notice.label and notice.fix
    unknown = next(n for n in notices if n.code == "letters-parent-whereabouts-unknown")
    assert unknown.field == "birth_parents[1].whereabouts_known"
    assert unknown.owner == "child's social worker"


def test_a_council_that_never_writes_to_children_is_not_told_to_write_when_not_agreed() -> None:
    case = with_decision(existing_carers(), "not-agreed")
    [notice] = plan_letters(case, profile(to_child=False), AS_OF).notices
    assert notice.code == "letters-no-child-letter"
    assert "does not write to children" in notice.message
