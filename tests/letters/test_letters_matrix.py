"""Every letter, for every route, outcome, number of carers and age band, says only true things in
the right person and number to the right reader.

The matrix: five placements (an existing in-house carer; new in-house carers the child is still
to move to; new carers the child has moved to since the decision; an agency (IFA) carer; a
connected person) × three outcomes × four households (a couple; one carer who is "she"; one
carer who is "they"; one carer with no pronoun recorded) × three age bands (6, 9 and 14). Each
case is rendered final with every kind switched on, each .docx reopened with python-docx, and its
text (body, headers and footers) read like a reader would.
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import docx
import pytest

from letter_cases import existing_carers, profile
from permdocs.build.letters import render_letters
from permdocs.build.options import BuildOptions
from permdocs.build.run import Rendering
from permdocs.letters.readability import letter_sentences, measure
from permdocs.model import Case
from permdocs.write.manifest import BuiltDocument

AS_OF = date(2026, 11, 23)
DECIDED = "2026-11-05"
REFERENCE = "PF-2026-0142"

ROUTES = ("existing", "new-moving", "new-moved", "ifa", "connected")
OUTCOMES = ("agreed", "not-agreed", "deferred")
HOUSEHOLDS = ("couple", "she", "they", "unrecorded")
BANDS = {"young": "2020-06-01", "middle": "2017-03-09", "teen": "2012-06-30"}
CHILD_FACING = ("letter-child", "letter-director-child", "information-sheet-child")
POSTED_TO_FAMILIES = ("letter-carers", "letter-child", "letter-birth-parent")
PRONOUNS = re.compile(r"\b(they|them|their|theirs|themselves)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Scenario:
    route: str
    outcome: str
    household: str
    band: str

    @property
    def single(self) -> bool:
        return self.household != "couple"

    @property
    def moving(self) -> bool:
        return self.route == "new-moving"

    @property
    def names(self) -> str:
        """The carers as the child and the family call them."""
        return {
            "couple": "Ruth and Dan",
            "she": "Carol",
            "they": "Alex",
            "unrecorded": "Sam",
        }[self.household]

    def __str__(self) -> str:
        return f"{self.route}-{self.outcome}-{self.household}-{self.band}"


SCENARIOS = [Scenario(*values) for values in itertools.product(ROUTES, OUTCOMES, HOUSEHOLDS, BANDS)]


def _carers(household: str) -> list[dict[str, Any]]:
    if household == "couple":
        return [
            {"first_names": "Ruth", "last_name": "Ellery", "title": "Mrs", "pronouns": "she"},
            {
                "first_names": "Daniel",
                "last_name": "Ellery",
                "title": "Mr",
                "known_as": "Dan",
                "pronouns": "he",
            },
        ]
    one = {
        "she": {"first_names": "Carol Anne", "last_name": "Ashdown", "pronouns": "she"},
        "they": {"first_names": "Alex", "last_name": "Rowe", "pronouns": "they"},
        "unrecorded": {"first_names": "Samuel", "last_name": "Okoro", "known_as": "Sam"},
    }[household]
    return [{**one, "title": "Mx" if household == "they" else "Ms"}]


def _decision(scenario: Scenario) -> dict[str, Any]:
    decision: dict[str, Any] = {"maker": "Angela Fenwick", "date": DECIDED}
    if scenario.outcome == "agreed":
        # New carers: the placement is permanent from the day the child moves in.
        permanent = {"new-moving": "2026-12-14", "new-moved": "2026-11-16"}
        decision |= {
            "outcome": "agreed",
            "permanent_from": permanent.get(scenario.route, DECIDED),
        }
    elif scenario.outcome == "not-agreed":
        decision |= {"outcome": "not-agreed", "reasons": "The support plan is not yet enough."}
    else:
        decision |= {
            "outcome": "deferred",
            "further_information": "An updated health assessment.",
            "information_due": "2026-12-10",
        }
    return decision


def make_case(scenario: Scenario) -> Case:
    data = existing_carers().model_dump(mode="json", exclude_none=True)
    child = data["child"]
    child["date_of_birth"] = BANDS[scenario.band]
    child["receives_letter"] = True
    child["wishes_and_feelings"] = "Wants to stay with the people she lives with."
    child["carers_may_consent_to"] = ["school trips", "haircuts"]
    child["council_decides"] = ["holidays abroad"]
    for parent, title in zip(data["birth_parents"], ("Ms", "Mr"), strict=True):
        parent["title"] = title
        parent["parental_responsibility"] = True
    data["birth_parents"][0]["child_calls"] = "Mum"
    data["siblings"] = [
        {"name": "Alfie Thornbury", "placed_together": False, "contact": "Every six weeks."}
    ]
    data["significant_people"] = [
        {
            "name": "Pauline Thornbury",
            "relationship": "Maternal grandmother",
            "child_calls": "Nan",
            "contact_arrangements": "Monthly tea.",
        },
        {
            "name": "Dave Hollis",
            "relationship": "Football coach",
            "contact_arrangements": "Weekly.",
        },
    ]
    carers = data["carers"]
    carers["carers"] = _carers(scenario.household)
    carers["staying_put"] = True
    route = {
        "existing": "existing-in-house",
        "new-moving": "new-in-house",
        "new-moved": "new-in-house",
        "ifa": "ifa",
        "connected": "connected-person",
    }[scenario.route]
    carers["route"] = route
    if route == "new-in-house":
        carers["address_confidential"] = True
        carers["names_confidential"] = True
        data["ppm"] = {"family_finding": {"needed": True}}
        child["current_placement"] = {
            "carers": "Janet Pilling",
            "child_calls": "Janet",
            "since": "2024-01-08",
        }
    if scenario.route == "new-moved":
        child["placed_with_carers_since"] = "2026-11-16"
    elif scenario.route in ("existing", "ifa", "connected"):
        child["placed_with_carers_since"] = "2024-01-08"
    if route == "ifa":
        carers["agency"] = {
            "name": "Brightwater Fostering",
            "address": {
                "lines": ["Unit 5, Mill Yard"],
                "town": "Exampleton",
                "postcode": "ZZ1 9AB",
            },
            "contact": {"name": "Helen Carver", "honorific": "Ms", "title": "Registered Manager"},
        }
        data["attachments"] = [
            {
                "kind": "ifa-panel-recommendation",
                "title": "Agency panel recommendation",
                "path": "attachments/ifa-panel.pdf",
                "date": "2026-09-30",
            }
        ]
    data["matching_meeting"]["support_plan"] = [
        {
            "need": "Settling after family time",
            "support": "Consultation on therapeutic parenting",
            "provider": "CAMHS Looked After Children Service",
            "frequency": "Monthly, two hours",
            "start": "2026-11-09",
        }
    ]
    data["decision"] = _decision(scenario)
    return Case.model_validate(data)


COUNCIL = profile(certificate=True, information_sheets=True, child_letter_when_not_agreed=True)


def render(case: Case, council: Any = COUNCIL) -> dict[str, BuiltDocument]:
    result = render_letters(Rendering.of(case, council, BuildOptions(as_of=AS_OF, draft=False)))
    return {
        d.file_name.removeprefix(f"{case.reference}_").removesuffix(".docx"): d
        for d in result.documents
    }


@dataclass(frozen=True)
class Read:
    """A letter as its reader sees it: the body, and the page edges (headers and footers)."""

    body: str
    edges: str

    @property
    def everything(self) -> str:
        return f"{self.body}\n{self.edges}"


def read(data: bytes) -> Read:
    document = docx.Document(io.BytesIO(data))
    body = "\n".join(paragraph.text for paragraph in document.paragraphs)
    edges = []
    for section in document.sections:
        for part in (section.header, section.footer):
            edges += [paragraph.text for paragraph in part.paragraphs]
    return Read(body, "\n".join(edges))


@pytest.fixture(scope="module")
def built() -> dict[Scenario, dict[str, BuiltDocument]]:
    return {scenario: render(make_case(scenario)) for scenario in SCENARIOS}


@pytest.fixture(scope="module")
def letters(built: dict[Scenario, dict[str, BuiltDocument]]) -> dict[Scenario, dict[str, Read]]:
    return {
        scenario: {name: read(d.data) for name, d in documents.items()}
        for scenario, documents in built.items()
    }


def _kind(name: str) -> str:
    return re.sub(r"-(mother|father)$", "", name)


# --- which letters each scenario produces ---------------------------------------------------------


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_each_scenario_writes_the_letters_its_route_and_outcome_call_for(
    scenario: Scenario, letters: dict[Scenario, dict[str, Read]]
) -> None:
    kinds = set(letters[scenario])
    expected = {
        "letter-carers",
        "letter-social-worker",
        "letter-child",
        "letter-birth-parent-mother",
        "letter-birth-parent-father",
    }
    if scenario.route == "ifa":
        expected.add("letter-agency")
    if scenario.outcome == "agreed":
        expected |= {
            "permanency-certificate",
            "information-sheet-carers",
            "information-sheet-child",
        }
        if scenario.route == "ifa":
            expected |= {"letter-director-carers", "letter-director-child"}
    assert kinds == expected


# --- number and person ----------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_one_carer_is_never_they_unless_they_say_so_and_never_plural(
    scenario: Scenario, letters: dict[Scenario, dict[str, Read]]
) -> None:
    if not scenario.single:
        return
    for name, letter in letters[scenario].items():
        text = letter.body
        assert "foster carers" not in text, (name, "plural for one carer")
        assert "carers'" not in text, (name, "plural possessive for one carer")
        assert "Ruth and" not in text and " and Dan" not in text, name
        if scenario.household != "they" and _kind(name) in (*CHILD_FACING, "letter-birth-parent"):
            assert not PRONOUNS.search(text), (name, PRONOUNS.search(text))
    child = letters[scenario]["letter-child"].body
    if scenario.household == "she" and scenario.band == "young" and scenario.outcome == "agreed":
        assert "She will look after you." in child
    if (
        scenario.household == "unrecorded"
        and scenario.band == "young"
        and scenario.outcome == "agreed"
    ):
        assert "Sam will look after you." in child


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_two_carers_are_plural_and_named_as_the_family_calls_them(
    scenario: Scenario, letters: dict[Scenario, dict[str, Read]]
) -> None:
    read_ = letters[scenario]
    if scenario.single:
        assert "Dear Ruth" not in read_["letter-carers"].body
        return
    assert "Dear Ruth and Dan," in read_["letter-carers"].body
    assert "Mrs Ruth Ellery and Mr Daniel Ellery" in read_["letter-carers"].body
    for name in CHILD_FACING:
        if name in read_:
            assert "Daniel" not in read_[name].body
            if scenario.outcome == "agreed":
                assert "Ruth and Dan" in read_[name].body


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_the_carers_letter_never_switches_person_or_pastes_case_text_mid_sentence(
    scenario: Scenario, letters: dict[Scenario, dict[str, Read]]
) -> None:
    for name in ("letter-carers", "information-sheet-carers"):
        if name not in letters[scenario]:
            continue
        text = letters[scenario][name].body
        assert not re.search(r"\b(Mrs?|Ms|Mx) \w+ (and (Mrs?|Ms|Mx) \w+ )?may consent", text)
        assert "(CAMHS" not in text and ", Monthly)" not in text
        if scenario.outcome == "agreed":
            assert "You may consent to these things" in text
            assert "school trips" in text and "holidays abroad" in text
            assert (
                "Consultation on therapeutic parenting: monthly, two hours, from 9 November 2026;"
                " provided by CAMHS Looked After Children Service." in text
            )


# --- true to the route ----------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_where_the_child_lives_is_true_on_every_route(
    scenario: Scenario, letters: dict[Scenario, dict[str, Read]]
) -> None:
    read_ = letters[scenario]
    everything = "\n".join(letter.body for letter in read_.values())
    if scenario.route.startswith("new"):
        assert "same foster carer" not in everything and "same carers" not in everything
    if scenario.moving:
        assert "keep living with" not in everything
        assert "lives with now" not in everything
    agreed = scenario.outcome == "agreed"
    carers, child = read_["letter-carers"].body, read_["letter-child"].body
    mother = read_["letter-birth-parent-mother"].body
    if agreed and scenario.route.startswith("new"):
        assert "should move to live with you in a permanent foster placement" in carers
    elif agreed:
        assert "should stay with you in a permanent foster placement" in carers
    if agreed and scenario.moving:
        noun = "a permanent foster carer," if scenario.single else "permanent foster carers,"
        assert f"will move to live with {noun}" in mother
        assert "move to live with" in child and scenario.names in child
        assert "The placement becomes permanent on 14 December 2026." in carers
    if agreed and not scenario.moving:
        noun = "foster carer" if scenario.single else "foster carers"
        assert f"will keep living with the {noun} Maisie lives with now" in mother
    if not agreed:
        lives = "Janet" if scenario.moving else scenario.names
        assert f"For now, you are still living with {lives}" in child
    if scenario.outcome == "not-agreed":
        assert "If you disagree" in carers
        if scenario.moving:
            assert "Maisie will not move to live with you under this plan." in carers
        else:
            assert "does not by itself end Maisie's placement with you" in carers


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_approval_and_the_agency_letter_follow_the_route(
    scenario: Scenario, letters: dict[Scenario, dict[str, Read]]
) -> None:
    read_ = letters[scenario]
    if scenario.outcome != "agreed":
        return
    carers = read_["letter-carers"].body
    if scenario.route == "ifa":
        assert "is for Brightwater Fostering to confirm" in carers
        agency = read_["letter-agency"].body
        assert "Dear Ms Carver," in agency
        assert "Your fostering panel recommended the change" in agency
        assert "on 30 September 2026" in agency
        assert "Please ask your agency decision maker to confirm that change" in agency
        assert "review" not in agency.split("Please ask")[1].split(".")[0]
        director = read_["letter-director-carers"].body
        assert "Director of Children's Services" in director and "Martin Oyelaran" in director
        assert "Angela Fenwick, our Agency Decision Maker, agreed the match" in director
    elif scenario.route == "connected":
        assert "Your approval will be updated to record that Maisie's placement with you" in carers
    else:
        assert "Your terms of approval will be changed to name Maisie." in carers


# --- readers --------------------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_families_are_written_to_by_title_privately_and_the_panel_is_named(
    scenario: Scenario, letters: dict[Scenario, dict[str, Read]]
) -> None:
    read_ = letters[scenario]
    assert "Dear Ms Thornbury," in read_["letter-birth-parent-mother"].body
    assert "Dear Mr Prescott," in read_["letter-birth-parent-father"].body
    for name, letter in read_.items():
        private = "Private and confidential – addressee only" in letter.body
        assert private == (
            _kind(name) in POSTED_TO_FAMILIES or name.startswith("letter-director")
        ), name
    if scenario.outcome != "deferred":
        assert "Fostering Panel on 22 October 2026" in read_["letter-carers"].body
    assert "Fostering Panel on 22 October 2026" in read_["letter-social-worker"].body


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_the_childs_letters_fit_the_age_band_and_carry_family_time(
    scenario: Scenario, letters: dict[Scenario, dict[str, Read]]
) -> None:
    for name in CHILD_FACING:
        if name not in letters[scenario]:
            continue
        letter = letters[scenario][name]
        assert "Your family time with Mum, your dad, Alfie and Nan will carry on." in letter.body
        assert "Dave" not in letter.body  # a football coach is not family time
        assert REFERENCE not in letter.everything and "FINAL" not in letter.everything
        assert "OFFICIAL-SENSITIVE" in letter.edges and "Page" in letter.edges
        if scenario.band == "young":
            assert "will read this" in letter.body
        if scenario.band == "teen" and scenario.outcome == "agreed":
            assert "until you are 18" in letter.body
    child = letters[scenario]["letter-child"].body
    if scenario.outcome == "agreed" and scenario.band == "teen":
        assert "This is called Staying Put." in child
        assert "It was an important part of my decision." in child
    if scenario.outcome == "agreed" and scenario.band == "middle":
        assert "I listened to what you said." in child


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_every_childs_letter_meets_its_bands_reading_target(
    scenario: Scenario, built: dict[Scenario, dict[str, BuiltDocument]]
) -> None:
    age = {"young": 6, "middle": 9, "teen": 14}[scenario.band]
    for name in CHILD_FACING:
        document = built[scenario].get(name)
        if document is None:
            continue
        reading = measure(letter_sentences(document.data), age)
        assert reading.band == scenario.band
        assert not reading.hard_for_age, (name, reading)


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if s.outcome == "agreed"], ids=str)
def test_the_certificate_is_a_keepsake(
    scenario: Scenario, letters: dict[Scenario, dict[str, Read]]
) -> None:
    certificate = letters[scenario]["permanency-certificate"]
    full = {
        "couple": "Ruth and Dan Ellery",
        "she": "Carol Ashdown",
        "they": "Alex Rowe",
        "unrecorded": "Sam Okoro",
    }[scenario.household]
    lines = certificate.body.splitlines()
    assert "Maisie" in lines and full in lines
    assert "Maisie Rose" not in certificate.body and "Carol Anne" not in certificate.body
    assert any(set(line) == {"_"} for line in lines), "a line to sign on"
    assert REFERENCE not in certificate.everything and "FINAL" not in certificate.everything
    # The default profile keeps the project's marking on every page, the certificate too.
    assert certificate.edges.count("OFFICIAL-SENSITIVE") == 2
