"""Any text a person can type appears in the documents exactly, or is refused when the case is
loaded, with its place: never corrupted, shortened, reordered or run as a template.

The free-text fields are found from the model itself (every ``Text`` and ``Line`` field of
``Case``, in lists too), so a field added to the model is covered, or fails
:func:`test_every_free_text_field_is_printed_or_known_not_to_be`, without anyone remembering to
add it here. Where each field is printed is found by rendering: each field (each list item) is
given a unique marker, every document a build writes is rendered in memory from the bundled
templates, and the marker is looked for in each. Then:

- a sweep over every printed field with a fixed set of nasty strings (XML specials, template
  syntax, emoji, right-to-left text with direction marks, combining characters, tabs and line
  breaks, 100 KB of text): each value must come back exactly, between sentinels, in every
  document that prints it;
- property tests (hypothesis) over a representative subset of fields with generated text: the
  value is rendered exactly, or, if Word cannot hold it, refused at load time naming the field,
  line and column.

Documents are read back from their XML as Word shows them (``robust_helpers.part_text``):
``<w:br/>`` is a line break, ``<w:tab/>`` a tab, and text not marked ``xml:space="preserve"``
loses its leading and trailing spaces as it does in Word. Every part of every document must
parse strictly and python-docx must open the package.

A value prints exactly as typed, with two deliberate exceptions, both in :func:`as_printed`:
a Windows (CRLF) or old Mac (CR) line break becomes Word's one line break, and a text field's
trailing line breaks (which YAML block scalars add) are dropped.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from case_factory import AS_OF, complete_data, default_profile, profile_with
from permdocs.api import load_case
from permdocs.cli import cli
from permdocs.errors import CaseDataError
from permdocs.model import Case
from permdocs.model.types import MAX_LINE_CHARS, check_line, check_text, first_illegal_character
from permdocs.policy.profiles import Profile
from render_builds import FIXTURE, copy_case
from robust_helpers import (
    Kind,
    body_paragraphs,
    document_text,
    free_text_fields,
    raw_xml,
    render_documents,
    snapshot,
)

# --- the free-text fields, from the model -------------------------------------------------------

FIELDS = free_text_fields()

NOT_FREE_TEXT = {
    "reference": "a case reference: letters, digits, '.', '-' and '_' only (a file-name part)",
    "profile": "names a council profile (bundled, or a YAML file) that must exist",
    "schema_version": "a version number, MAJOR.MINOR.PATCH",
    "attachments[*].path": "a path to a file in the case folder that must exist",
}
"""Line fields that are not free text: their values are constrained, so nasty text is refused."""

NOT_PRINTED = {
    "birth_parents[*].whereabouts_enquiries": "read by the completeness checks only",
    "carers.wishes_and_feelings": "in the view model (carers.wishes_and_feelings); no bundled "
    "template prints it yet",
    "carers.agency.contact.contact.phone": "the agency's own contact details are not printed",
    "carers.agency.contact.contact.email": "the agency's own contact details are not printed",
    "professionals.adm.team": "the ADM signs with name and title only",
    "professionals.adm.contact.phone": "the ADM signs with name and title only",
    "professionals.adm.contact.email": "the ADM signs with name and title only",
    "professionals.director.team": "the Director signs with name and title only",
    "professionals.director.contact.phone": "the Director signs with name and title only",
    "professionals.director.contact.email": "the Director signs with name and title only",
    "professionals.panel_chair.name": "for the completeness checks and the panel's own papers",
    "professionals.panel_chair.title": "for the completeness checks and the panel's own papers",
    "professionals.panel_chair.team": "for the completeness checks and the panel's own papers",
    "professionals.panel_chair.contact.phone": "for the completeness checks",
    "professionals.panel_chair.contact.email": "for the completeness checks",
    "professionals.panel_adviser.contact.phone": "the front sheet names the adviser's role only",
    "professionals.panel_adviser.contact.email": "the front sheet names the adviser's role only",
    "panel.recommendation": "recorded after panel, for the completeness checks",
    "panel.reason_not_to_panel": "decides whether the panel papers are produced",
    "carers.contact.phone": "restricted in a confidential placement; read by the letters' gate",
    "carers.contact.email": "restricted in a confidential placement; read by the letters' gate",
    "carers.shared_surname_agreed.agreed_by": "a case note read by the confidentiality check",
    "carers.shared_surname_agreed.note": "a case note read by the confidentiality check",
    "significant_people[*].child_calls": "printed in the child's letters only when the"
    " relationship names a relative (a coach's contact is not family time), which a marker never"
    " does; tests/letters/test_letters_matrix.py prints it",
    "siblings[*].linked_case.folder": "read by check and the panel-item pack to find the case",
}
"""Free-text fields no document prints, and why. A field printed after all, or a new field that
nothing prints, fails :func:`test_every_free_text_field_is_printed_or_known_not_to_be` until
someone decides which it is."""


# --- cases in which every free-text field has a value -------------------------------------------


def _person() -> dict[str, Any]:
    return {"name": "-", "title": "-", "team": "-", "contact": {"phone": "-", "email": "-"}}


def _address() -> dict[str, Any]:
    return {"lines": ["-", "-"], "town": "-", "postcode": "-"}


def _checked() -> dict[str, Any]:
    return {"dbs_checked_on": "2025-01-01", "medical_on": "2025-01-01"}


def _everything(
    *,
    outcome: str = "agreed",
    route: str = "ifa",
    maker: bool = True,
    panel: bool = True,
    moved: bool = True,
) -> dict[str, Any]:
    """The complete case with every optional group and list present and every date recorded (a
    draft then prints no "missing" label, some of which quote a name). Text is filled in later."""
    data = complete_data()
    child = data["child"]
    child["court"] = {"case_management_hearing": "2025-02-01", "final_hearing": "2025-06-01"}
    child["receives_letter"] = True
    child["current_placement"] = {"carers": "-", "placement_type": "-", "since": "2025-01-06"}
    child["carers_may_consent_to"] = ["-", "-"]
    child["council_decides"] = ["-"]
    if not moved:  # new carers the child has not moved to yet: letters say where the child lives
        del child["placed_with_carers_since"]
    data["siblings"][0]["date_of_birth"] = "2015-01-01"
    for parent in data["birth_parents"]:
        parent["parental_responsibility"] = True
        parent["address"] = _address()
    data["professionals"] = {role: _person() for role in [*data["professionals"], "director"]}
    data["care_plan"]["parallel_plans"] = ["-"]
    data["ppm"]["family_finding"]["needed"] = True
    data["ppm"]["expert_reports"] = ["-"]
    carers = data["carers"]
    carers["route"] = route
    carers["carers"] = [
        {"first_names": "-", "last_name": "-", "date_of_birth": "1980-01-01", **_checked()},
        {"first_names": "-", "last_name": "-", "date_of_birth": "1981-01-01", **_checked()},
    ]
    carers["household"] = [{"name": "-", "relationship": "-", "date_of_birth": "2010-01-01"}]
    carers["address"] = _address()
    carers["carers"][0]["known_as"] = "-"
    carers["contact"] = {"phone": "-", "email": "-"}
    carers["shared_surname_agreed"] = {"agreed_by": "-", "agreed_on": "2026-01-05", "note": "-"}
    if route == "ifa":
        carers["agency"] = {
            "name": "-",
            "address": _address(),
            "contact": _person(),
            "registered_manager": _person(),
        }
    if route == "connected-person":
        carers["connected_person"] = {
            "relationship_to_child": "-",
            "temporary_approval_on": "2025-01-06",
            "temporary_approval_extended_to": "2025-06-01",
            "assessment_completed_on": "2025-05-01",
            "assessed_by": "-",
        }
    carers["planned_respite"] = {"arrangement": "-", "reason": "-", "review_on": "2026-09-01"}
    # A brother matched with the same carers, whose own case is linked (one panel item).
    data["siblings"].append(
        {
            "name": "-",
            "date_of_birth": "2016-01-01",
            "relationship": "-",
            "lives_with": "-",
            "plan": "-",
            "placed_together": True,
            "sibling_assessment_date": "2025-03-10",
            "contact": "-",
            "linked_case": {"reference": "-", "folder": "-"},
        }
    )
    data["panel"]["previous_appearances"] = [{"date": "2026-01-10"}]
    if not panel:
        del data["panel"]["date"]
    # Without a maker, the letters are signed by professionals.adm.
    decision: dict[str, Any] = {"date": "2026-05-07", "outcome": outcome}
    if not maker:
        decision["maker"] = None
    if outcome == "agreed":
        decision["permanent_from"] = "2026-05-07"
    if outcome == "deferred":
        decision["information_due"] = "2026-07-01"
    data["decision"] = decision
    return data


SCENARIOS: dict[str, dict[str, Any]] = {
    "ifa-agreed": _everything(),
    "in-house-agreed": _everything(route="existing-in-house", maker=False),
    "connected-agreed": _everything(route="connected-person"),
    "not-agreed": _everything(outcome="not-agreed"),
    "deferred-no-maker": _everything(outcome="deferred", maker=False),
    "not-to-panel": _everything(panel=False),
    "new-carers-not-moved": _everything(outcome="not-agreed", route="new-in-house", moved=False),
}
"""Between them, every free-text field has a value in at least one (checked), and every kind of
document is produced: IFA and in-house carers, each decision, with and without the panel."""


def _profile() -> Profile:
    letters = default_profile().letters.model_dump(mode="json")
    # So every kind is produced: the certificate, the information sheets, and the child's letter
    # whatever the outcome.
    letters["certificate"] = True
    letters["information_sheets"] = True
    letters["child_letter_when_not_agreed"] = True
    return profile_with(letters=letters)


PROFILE = _profile()


@dataclass(frozen=True)
class Instance:
    """One place a free-text field has a value: ``siblings[0].name`` of field ``siblings[*].name``."""

    number: int
    field: str
    path: tuple[str | int, ...]
    kind: Kind

    @property
    def dotted(self) -> str:
        text = ""
        for step in self.path:
            text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
        return text


def instances(data: dict[str, Any]) -> list[Instance]:
    """Every free-text field's places in ``data``, numbered in model order. A field whose parent
    group or list item is not in ``data`` has none, nor has one set to None in ``data``."""
    found: list[Instance] = []
    for field, kind in FIELDS.items():
        if field in NOT_FREE_TEXT:
            continue
        for path in _paths(data, re.findall(r"\[\*\]|[^.\[\]]+", field), ()):
            found.append(Instance(len(found) + 1, field, path, kind))
    return found


def _paths(node: Any, steps: list[str], where: tuple[str | int, ...]) -> Iterator[tuple[Any, ...]]:
    step, rest = steps[0], steps[1:]
    if step == "[*]":
        for index, item in enumerate(node if isinstance(node, list) else []):
            if rest:
                yield from _paths(item, rest, (*where, index))
            else:
                yield (*where, index)
    elif isinstance(node, dict):
        if not rest:
            if step not in node or node[step] is not None:  # None: left out on purpose
                yield (*where, step)
        elif node.get(step) is not None:
            yield from _paths(node[step], rest, (*where, step))


def with_values(data: dict[str, Any], values: dict[int, str]) -> dict[str, Any]:
    """A copy of ``data`` with each numbered instance set to its value."""
    changed = copy.deepcopy(data)
    for instance in instances(data):
        if instance.number in values:
            node: Any = changed
            for step in instance.path[:-1]:
                node = node[step]
            node[instance.path[-1]] = values[instance.number]
    return changed


def marker(number: int) -> str:
    """Three words, so a document printing only a first name (a greeting) is told apart."""
    return f"Mk{number:03d}a Mk{number:03d}m Mk{number:03d}z"


@dataclass(frozen=True)
class Printed:
    """Where each instance of a scenario is printed in full, and where only in part."""

    instances: list[Instance]
    full: dict[int, frozenset[str]]
    partial: dict[int, frozenset[str]]


def locate(data: dict[str, Any]) -> Printed:
    found = instances(data)
    case = Case.model_validate(with_values(data, {i.number: marker(i.number) for i in found}))
    documents = render_documents(case, PROFILE, AS_OF)
    full: dict[int, set[str]] = {i.number: set() for i in found}
    partial: dict[int, set[str]] = {i.number: set() for i in found}
    for name, blob in documents.items():
        text, raw = document_text(blob), raw_xml(blob)
        for instance in found:
            whole = marker(instance.number)
            piece = re.compile(f"Mk{instance.number:03d}[amz]")
            if whole in text:
                full[instance.number].add(name)
            if piece.search(text.replace(whole, "")):
                partial[instance.number].add(name)
            # Typed text belongs in the text of runs only: never in an attribute, a field code,
            # a comment or a document property, where it would need other escaping.
            assert len(piece.findall(raw)) == len(piece.findall(text)), (
                f"{instance.dotted} is printed outside the text of {name}"
            )
    return Printed(
        found,
        {n: frozenset(docs) for n, docs in full.items()},
        {n: frozenset(docs) for n, docs in partial.items()},
    )


@pytest.fixture(scope="module")
def printed() -> dict[str, Printed]:
    return {name: locate(data) for name, data in SCENARIOS.items()}


def test_every_free_text_field_is_printed_or_known_not_to_be(printed: dict[str, Printed]) -> None:
    assert len(FIELDS) > 150, "the model walk found too few fields: is it still working?"
    assert set(NOT_FREE_TEXT) <= set(FIELDS)
    with_value = {i.field for p in printed.values() for i in p.instances}
    without = set(FIELDS) - set(NOT_FREE_TEXT) - with_value
    assert not without, f"give these fields a value in SCENARIOS: {sorted(without)}"
    shown = {i.field for p in printed.values() for i in p.instances if p.full[i.number]}
    only_in_part = {
        i.field for p in printed.values() for i in p.instances if p.partial[i.number]
    } - shown
    assert not only_in_part, f"printed only in part, never whole: {sorted(only_in_part)}"
    unprinted = with_value - shown
    assert unprinted == set(NOT_PRINTED), (
        f"printed now, remove from NOT_PRINTED: {sorted(set(NOT_PRINTED) - unprinted)}; "
        f"printed nowhere, add to NOT_PRINTED (or print it): {sorted(unprinted - set(NOT_PRINTED))}"
    )


def test_known_partial_uses_are_first_names_in_greetings(printed: dict[str, Printed]) -> None:
    """Only names may be shortened, and only where a letter greets or names someone warmly."""
    shortened = {
        (i.field, name)
        for p in printed.values()
        for i in p.instances
        for name in p.partial[i.number]
    }
    assert shortened == {
        ("birth_parents[*].name", "letter-birth-parent-mother"),  # "Dear Jane Fictional"
        ("professionals.childs_social_worker.name", "letter-child"),  # "your social worker Priya"
        ("professionals.childs_social_worker.name", "letter-director-child"),  # "ask Priya"
        ("professionals.childs_social_worker.name", "information-sheet-child"),  # "Priya"
        ("professionals.iro.name", "information-sheet-child"),  # "Gillian runs these meetings"
        ("professionals.childs_social_worker.name", "letter-social-worker"),  # "Dear Priya"
        ("carers.agency.contact.name", "letter-agency"),  # "Dear Ms Carver"
        # A linked sibling's first name: "... approval be changed to name Ruby and Kai".
        ("siblings[*].name", "panel-front-sheet"),
    }


# --- what is printed, for a typed value ---------------------------------------------------------

OPEN, CLOSE = "⟦", "⟧"


def as_printed(value: str, kind: Kind) -> str:
    """What Word shows for ``value`` (see the module's docstring for the two changes)."""
    if kind == "text":
        value = value.rstrip("\r\n")
    return value.replace("\r\n", "\n").replace("\r", "\n")


def wrapped(number: int, value: str) -> str:
    return f"{OPEN}{number}{CLOSE}{value}{OPEN}/{number}{CLOSE}"


def check_printed(
    printed: Printed, values: dict[int, str], texts: dict[str, str], *, only: set[int] | None = None
) -> None:
    """Each value (given wrapped) is in every document that prints that place, exactly; and every
    appearance of a place's opening sentinel is the whole value, unless the place is known to be
    shortened in that document (a greeting)."""
    for instance in printed.instances:
        if only is not None and instance.number not in only:
            continue
        expected = as_printed(values[instance.number], instance.kind)
        for name in printed.full[instance.number]:
            text = texts[name]
            assert expected in text, (
                f"{instance.dotted} is not printed exactly in {name}:\n"
                f"expected {expected[:300]!r}\nnear: {_near(text, instance.number)!r}"
            )
            if name in printed.partial[instance.number]:
                continue
            opening = f"{OPEN}{instance.number}{CLOSE}"
            assert text.count(opening) == text.count(expected), (
                f"{instance.dotted} is printed differently somewhere in {name}: "
                f"{_near(text, instance.number)!r}"
            )


def _near(text: str, number: int) -> str:
    at = text.find(f"{OPEN}{number}{CLOSE}")
    return text[max(at, 0) : max(at, 0) + 300] if at >= 0 else "(not found at all)"


# --- the sweep: every printed field, a fixed set of nasty strings -------------------------------


def _long_text() -> str:
    lines = [
        f"Line {n}: Tom & Jerry <b>{{{{ 7*7 }}}}</b> \"q\" 'q' é\u0301 😀 مرحبا שלום\tend"
        for n in range(1600)
    ]
    text = "\n".join(lines)
    assert len(text) > 100_000
    return text


@dataclass(frozen=True)
class Nasty:
    name: str
    text: str
    """For text fields: may run over several lines."""
    line: str
    """For single-line fields (names, addresses): the same trouble on one line."""


def _nasty(name: str, text: str, line: str | None = None) -> Nasty:
    return Nasty(name, text, text if line is None else line)


NASTY = [
    _nasty("xml-specials", "Tom & Jerry <select> \"double\" 'single' ]]> &amp; &#123; <w:p/>"),
    _nasty(
        "xml-breakout",
        "</w:t></w:r></w:p><w:p><w:r><w:t>injected <!-- c --> <?pi x?> <![CDATA[x]]>",
    ),
    _nasty(
        "jinja",
        "{{ 7*7 }} {% raw %}x{% endraw %} {# c #} {%- if true -%}y{%- endif -%} "
        "{{ child.full_name }} {{ ''.__class__ }}",
    ),
    _nasty("jinja-unbalanced", "{{ {% {# }} %} #} {{{{ }}}} }}{{ {%r x %} {%tr %}"),
    _nasty("format-strings", "%s %d %(x)s {0} {0.__class__} {} ${7*7} #{7*7} \\ \\\\ \\n"),
    _nasty("emoji", "👩‍👩‍👧‍👦 🏳️‍🌈 😀 🇬🇧 ✍🏽 \U0001f9d1\u200d\U0001f384"),
    _nasty(
        "right-to-left",
        "مرحبا بالعالم \u202eשלום עולם\u202c \u200fمرحبا\u200e \u2067abc\u2069 \u202bxyz\u202c",
    ),
    _nasty("combining", "e\u0301 é Z\u0351\u0310a\u0315\u035dl\u035dg\u0350o ñ n\u0303 ग्र"),
    _nasty(
        "invisible",
        "non\u00a0breaking zero\u200bwidth soft\u00adhyphen bom\ufeffin word-joiner\u2060x",
    ),
    _nasty(
        "spaces",
        "  leading and trailing  ",
        "  leading, multiple    spaces and trailing  ",
    ),
    _nasty(
        "lines-and-tabs",
        "line 1\nline 2\r\nline 3\rline 4\n\n\ttabbed\tcell\t\n  indented",
        "\ttab\tseparated\tvalues\t",
    ),
    _nasty("leading-breaks", "\n\nstarts with two line breaks and ends\n", "·"),
    _nasty(
        "lookalikes",
        "[MISSING: Child: risks — child's social worker] \ue000\ue002\ue001 None null ~ 0 - ",
    ),
    _nasty("unusual-characters", "\x7f \x85 \x9f \u2028 \u2029 \ufffd \U0010fffd \U0001d11e"),
    _nasty("long", _long_text(), "x" * (MAX_LINE_CHARS - 12)),
]


def test_the_nasty_strings_are_valid_case_text() -> None:
    for nasty in NASTY:
        assert first_illegal_character(nasty.text) is None, nasty.name
        check_text(nasty.text)
        check_line(wrapped(999, nasty.line))


@pytest.mark.parametrize("nasty", NASTY, ids=[nasty.name for nasty in NASTY])
def test_every_printed_field_prints_nasty_text_exactly(
    printed: dict[str, Printed], nasty: Nasty
) -> None:
    for name, data in SCENARIOS.items():
        if nasty.name == "long" and name != "ifa-agreed":
            continue  # 100 KB in every field once is enough
        found = printed[name]
        values = {
            i.number: wrapped(i.number, nasty.text if i.kind == "text" else nasty.line)
            for i in found.instances
        }
        case = Case.model_validate(with_values(data, values))
        documents = render_documents(case, PROFILE, AS_OF)
        texts = {doc: document_text(blob) for doc, blob in documents.items()}
        check_printed(found, values, texts)


# --- property tests: generated text in a representative subset of fields ------------------------

_FRAGMENTS = [
    "&",
    "<",
    ">",
    '"',
    "'",
    "&amp;",
    "]]>",
    "{{ 7*7 }}",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    "{% raw %}",
    "{{ child.full_name }}",
    "😀",
    "👩‍👩‍👧",
    "مرحبا",
    "שלום",
    "\u202e",
    "\u200f",
    "\u200e",
    "\u0301",
    "\u0303",
    "\u00a0",
    "\u200b",
    "  ",
    "\t",
    "\ue000",
    "\x85",
    "\u2028",
]
_BREAKS = ["\n", "\r\n", "\r", "\n\n"]
_ILLEGAL = ["\x0b", "\x00", "\x1f", "\ufffe"]
_CHARACTERS = st.characters(
    codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters=OPEN + CLOSE
)


def _typed(pieces: list[str]) -> st.SearchStrategy[str]:
    piece = st.one_of(st.text(_CHARACTERS, max_size=12), st.sampled_from(pieces))
    return st.lists(piece, max_size=12).map("".join)


TEXT = _typed(_FRAGMENTS * 2 + _BREAKS + _ILLEGAL)
LINE = _typed(_FRAGMENTS * 4 + _BREAKS[:1] + _ILLEGAL)
BASE = "ifa-agreed"


def _refusal(value: str, kind: Kind) -> bool:
    if first_illegal_character(value) is not None:
        return True
    return kind == "line" and ("\n" in value or "\r" in value or not value.strip())


def _one(printed: Printed, field: str) -> Instance:
    return next(i for i in printed.instances if i.field == field)


def check_typed_value(printed: Printed, field: str, value: str, tmp: Path) -> None:
    """Set the first place of ``field`` to ``value`` (wrapped) in the base case, then: refused at
    load time with the field's place, or printed exactly in every document that prints it."""
    instance = _one(printed, field)
    typed = wrapped(instance.number, value)
    data = with_values(SCENARIOS[BASE], {instance.number: typed})
    if _refusal(typed, instance.kind):
        event("refused at load time")
        (tmp / "case.json").write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(CaseDataError) as caught:
            load_case(tmp)
        problems = [p for p in caught.value.problems if p.field == instance.dotted]
        assert problems, [str(p) for p in caught.value.problems]
        assert problems[0].location.line is not None and problems[0].location.column is not None
        return
    event("printed")
    case = Case.model_validate(data)
    documents = render_documents(case, PROFILE, AS_OF, only=printed.full[instance.number])
    texts = {name: document_text(blob) for name, blob in documents.items()}
    check_printed(printed, {instance.number: typed}, texts, only={instance.number})


PROPERTY_FIELDS = [
    "child.wishes_and_feelings",
    "matching_meeting.support_plan[*].support",
    "siblings[*].name",
    "carers.assessment.motivation",
    "birth_parents[*].name",
]

_SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def test_the_property_fields_are_printed_where_expected(printed: dict[str, Printed]) -> None:
    base = printed[BASE]
    assert "letter-birth-parent-mother" in base.full[_one(base, "birth_parents[*].name").number]
    for field in PROPERTY_FIELDS:
        assert base.full[_one(base, field).number], field


@pytest.mark.parametrize("field", PROPERTY_FIELDS)
@_SETTINGS
@given(value=st.data())
def test_typed_text_is_printed_exactly_or_refused_with_its_place(
    printed: dict[str, Printed], tmp_path: Path, field: str, value: st.DataObject
) -> None:
    strategy = TEXT if FIELDS[field] == "text" else LINE
    check_typed_value(printed[BASE], field, value.draw(strategy), tmp_path)


@_SETTINGS
@given(value=TEXT)
def test_wishes_and_feelings_are_their_own_paragraph_exactly(value: str) -> None:
    """Unwrapped, so leading and trailing spaces and breaks are at the edges of the text."""
    assume(first_illegal_character(value) is None)
    data = copy.deepcopy(SCENARIOS[BASE])
    data["child"]["wishes_and_feelings"] = value
    documents = render_documents(
        Case.model_validate(data), PROFILE, AS_OF, only={"matching-report-part2"}
    )
    assert as_printed(value, "text") in body_paragraphs(documents["matching-report-part2"])


# --- refused at load time, through the command line ---------------------------------------------


def test_text_word_cannot_hold_is_refused_by_build_with_its_place(tmp_path: Path) -> None:
    folder = copy_case(FIXTURE, tmp_path / "case")
    case_file = folder / "case.yaml"
    lines = case_file.read_text(encoding="utf-8").split("\n")
    number = next(n for n, line in enumerate(lines) if line.startswith("  religion: "))
    lines[number] = '  religion: "Church of\x0bEngland"'  # Word's line break, pasted
    case_file.write_text("\n".join(lines), encoding="utf-8")
    before = snapshot(folder)
    result = CliRunner().invoke(cli, ["build", "--as-of", "2025-10-21", str(folder)])
    assert result.exit_code == 1
    column = lines[number].index("\x0b") + 1
    assert f"case.yaml:{number + 1}:{column}: child.religion: contains a vertical tab" in (
        " ".join(result.output.split())
    )
    assert "Traceback" not in result.output
    assert snapshot(folder) == before
    assert not (folder / "out").exists()
