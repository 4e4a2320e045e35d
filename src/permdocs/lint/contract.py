"""The template contract: the names a Word template can use, with a version, so that a council's
own templates survive an upgrade of permdocs.

The version is semantic: adding names is a minor change, renaming or removing one is a major
change. Every change is recorded in :data:`CURRENT` (and in CHANGELOG.md). A renamed name keeps
working under its old spelling for the rest of the major version it was renamed in: the template
check reports each use with the version and the new name, the build renders it through the new
name, and ``permdocs templates upgrade`` rewrites the template. A removed name is an error that
names the version which removed it.

A template says which contract it was written for in a custom document property
(``render.properties``); one that does not say was made before contracts had versions (1.0.0).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..model.versions import Change, Contract

_ADDED_1_1 = (
    # The sections real councils' forms carry (issue 24).
    "ppm.reason_for_referral",
    "ppm.manager_comments",
    "ppm.manager_authorised_on",
    "child.latest_health_assessment",
    "matching.part2_agreed_on",
    "matching.part3_agreed_on",
    "carers.household[].age",
    "carers.household[].views",
    "carers.checks",
    "carers.checks[].name",
    "carers.checks[].role",
    "carers.checks[].dbs",
    "carers.checks[].medical",
    "panel.placed_since",
    "checklist.papers_sent",
    "checklist.papers_sent.date",
    "checklist.papers_sent.met",
    "checklist.qa_note",
    # The matching meeting's own record (issue 24).
    "matching.apologies",
    "matching.apologies[].name",
    "matching.apologies[].role",
    "matching.minuted_by",
    "matching.discussion",
    "matching.discussion[].heading",
    "matching.discussion[].prompt",
    "matching.discussion[].discussed",
    "matching.discussion[].agreed",
    "matching.actions",
    "matching.actions[].action",
    "matching.actions[].owner",
    "matching.actions[].due",
    # Every route a panel sees (issue 17).
    "match",
    "match.children",
    "match.children[].name",
    "match.children[].known_as",
    "match.children[].reference",
    "match.children[].date_of_birth",
    "match.children[].age_at_panel",
    "match.is_group",
    "match.names",
    "match.full_names",
    "matching.ssw_manager",
    "matching.ssw_manager.role",
    "matching.ssw_manager.name",
    "matching.ssw_manager.job",
    "matching.ssw_manager.contact",
    "matching.ssw_manager.described",
    "carers.connected_person",
    "carers.connected_person.applies",
    "carers.connected_person.relationship",
    "carers.connected_person.temporary_approval",
    "carers.connected_person.assessment",
    "carers.respite",
)

CURRENT = Contract(
    version="1.1.0",
    changes=(
        Change("1.1.0", "added", "doc.dated", note="the document's own date, in words"),
        Change("1.1.0", "added", "child.age", note="one age per pack: at panel in panel papers"),
        Change("1.1.0", "added", "child.age_label", note='"Age at panel" or "Age"'),
        *(Change("1.1.0", "added", path) for path in _ADDED_1_1),
    ),
)
"""The contract this version of permdocs gives templates. Record every change here and in
CHANGELOG.md; tests/lint/test_contract.py keeps the two in step."""

_active: list[Contract] = [CURRENT]


def current() -> Contract:
    """The contract in force (a test can put another in force with :func:`using`)."""
    return _active[-1]


@contextmanager
def using(contract: Contract) -> Iterator[Contract]:
    """Put ``contract`` in force for the template check and the build inside the block."""
    _active.append(contract)
    try:
        yield contract
    finally:
        _active.pop()
