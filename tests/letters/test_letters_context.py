"""What each letter's template sees; above all, what a birth parent's letter cannot see."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest
from jinja2 import UndefinedError

from letter_cases import agency_teenager, confidential, existing_carers, profile, with_decision
from permdocs.letters.confidentiality import normalise, restricted_values
from permdocs.letters.context import letter_context
from permdocs.letters.plan import PlannedLetter, plan_letters
from permdocs.model import Case
from permdocs.render.jinja_env import make_environment
from permdocs.render.missing import Missing
from permdocs.render.viewmodel import build_view

AS_OF = date(2026, 11, 23)


def _contexts(case: Case, **letters: Any) -> dict[str, dict[str, Any]]:
    council = profile(**letters)
    plan = plan_letters(case, council, AS_OF)
    view = build_view(case, council, as_of=AS_OF)
    return {
        letter.name: letter_context(
            letter, case=case, profile=council, plan=plan, view=view, draft=False, as_of=AS_OF
        )
        for letter in plan.letters
    }


def _strings(value: Any) -> list[str]:
    """Every string reachable from a context value: dataclass fields, dicts, lists."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Missing):
        return []
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in _strings(getattr(value, f.name))]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    return []


def _parent_context(case: Case) -> dict[str, Any]:
    return next(c for name, c in _contexts(case).items() if name.startswith("letter-birth-parent"))


def test_a_birth_parents_context_holds_no_restricted_value_at_all() -> None:
    case = confidential()
    context = _parent_context(case)
    text = normalise(" | ".join(_strings(context)))
    for item in restricted_values(case):
        assert normalise(item.value) not in text, item.field
    # The first names are not "restricted values" for the scan, but they are not offered either.
    assert "natalie" not in text and "jerome" not in text


def test_a_birth_parents_context_is_an_allow_list() -> None:
    context = _parent_context(confidential())
    assert set(context) == {
        "doc",
        "reference",
        "council",
        "letter",
        "decision",
        "child",
        "parent",
        "professionals",
        "placement",
    }
    assert set(context["professionals"]) == {"childs_social_worker", "adm"}
    assert not hasattr(context["decision"], "reasons")
    assert not hasattr(context["child"], "education")


def test_a_template_naming_the_carers_address_fails_as_undefined_for_a_birth_parent() -> None:
    context = _parent_context(confidential())
    environment = make_environment()
    for expression in (
        "carers.address",
        "carers.names",
        "child.education.school",
        "decision.reasons",
        "professionals.supervising_social_worker.name",
    ):
        with pytest.raises(UndefinedError):
            environment.from_string("{{ " + expression + " }}").render(context)


def test_a_parent_may_be_told_the_carers_names_when_the_placement_is_not_confidential() -> None:
    context = _parent_context(existing_carers())
    assert context["carers"].names == "Ruth and Daniel Ellery"
    with pytest.raises(UndefinedError):
        make_environment().from_string("{{ carers.address }}").render(context)


def test_each_parents_letter_carries_their_own_entry_and_address() -> None:
    contexts = _contexts(existing_carers())
    mother = contexts["letter-birth-parent-mother"]
    father = contexts["letter-birth-parent-father"]
    assert mother["parent"].name == "Kerry Anne Thornbury"
    assert father["parent"].name == "Liam Prescott"
    assert father["letter"].recipient_lines == [
        "Liam Prescott",
        "14 Cobbler's Row",
        "Hollinbridge",
        "ZZ4 1DW",
    ]
    assert "Kerry" not in " ".join(_strings(father))


def test_other_letters_see_the_whole_case_view_and_the_decision() -> None:
    contexts = _contexts(confidential())
    carers = contexts["letter-carers"]
    assert carers["carers"].names == "Natalie and Jerome Whitfield"
    assert carers["decision"].reasons.startswith("The child is settled")
    assert carers["letter"].recipient_lines[-1] == "ZZ6 2RB"
    assert carers["doc"].audience == "carers"


def test_the_file_copy_lists_parents_written_to_and_not() -> None:
    context = _contexts(confidential())["letter-social-worker"]
    assert context["parent_letters"].written_to == ["Stacey Louise Brennan (mother)"]
    assert context["parent_letters"].not_written_to == [
        "Dwayne Callender (father): whereabouts not known"
    ]


@pytest.mark.parametrize("outcome", ["agreed", "not-agreed", "deferred"])
def test_the_decision_is_worded_for_each_outcome(outcome: str) -> None:
    context = _contexts(with_decision(existing_carers(), outcome))["letter-carers"]
    decision = context["decision"]
    assert decision.outcome == outcome
    assert [decision.agreed, decision.not_agreed, decision.deferred].count(True) == 1
    assert decision.date == "5 November 2026"
    if outcome == "agreed":
        assert decision.permanent_from == "5 November 2026"
    if outcome == "deferred":
        assert decision.information_due == "10 December 2026"


def test_a_missing_value_the_outcome_needs_is_marked() -> None:
    case = with_decision(existing_carers(), "not-agreed")
    data = case.model_dump(mode="json")
    data["decision"]["reasons"] = None
    context = _contexts(Case.model_validate(data))["letter-carers"]
    assert isinstance(context["decision"].reasons, Missing)
    assert context["decision"].reasons.path == "decision.reasons"


def test_the_signatory_is_the_adm_with_their_title() -> None:
    signatory = _contexts(agency_teenager())["letter-agency"]["letter"].signatory
    assert signatory.name == "Angela Fenwick"
    assert signatory.title == "Head of Service (Agency Decision Maker)"


def test_the_child_letter_uses_first_names() -> None:
    context = _contexts(existing_carers())["letter-child"]
    assert context["child_letter"].carers == "Ruth and Daniel"
    assert context["child_letter"].social_worker == "Priya"
    assert context["letter"].greeting == "Dear Maisie"


def test_planned_letters_know_their_audience() -> None:
    letters: tuple[PlannedLetter, ...] = plan_letters(confidential(), profile(), AS_OF).letters
    assert {letter.audience for letter in letters} == {"carers", "professional", "birth-parent"}
