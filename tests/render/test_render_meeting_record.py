"""The matching meeting's own record (issue 24): agenda and minutes in one, built from every sample
and from the case model, each discussion point with what was said and agreed."""

from __future__ import annotations

import typing

import pytest

from case_factory import AS_OF, complete_data, make_case, set_path
from docx_helpers import open_docx, section
from permdocs.build.options import BuildOptions
from permdocs.build.run import Rendering
from permdocs.errors import RenderError
from permdocs.load.profiles import load_profile
from permdocs.model import Case
from permdocs.model.meeting import MatchingDiscussion
from permdocs.policy.documents import DISCUSSION_POINTS, KINDS
from permdocs.render.view_carers import DISCUSSION_HEADINGS
from render_builds import Built, builds, sample_folders  # noqa: F401  (the session fixture)

KIND = "matching-meeting-record"


def render(case: Case, *, draft: bool = False) -> typing.Any:
    rendering = Rendering.of(case, load_profile("default"), BuildOptions(as_of=AS_OF, draft=draft))
    return open_docx(rendering.render_report(KINDS[KIND]).data)


def test_the_points_are_the_same_in_the_model_the_registry_and_the_record() -> None:
    assert tuple(MatchingDiscussion.model_fields) == DISCUSSION_POINTS
    assert tuple(key for key, _, _ in DISCUSSION_HEADINGS) == DISCUSSION_POINTS


@pytest.mark.parametrize("name", ["render-case", *(path.name for path in sample_folders())])
def test_the_record_is_built_from_every_sample(builds: list[Built], name: str) -> None:  # noqa: F811
    built = next(b for b in builds if b.name == name)
    document = open_docx(built.path(KIND))
    meeting = built.case.matching_meeting
    assert meeting.date is not None
    opening = section(document, "The meeting").text
    assert built.case.child.full_name in opening and (meeting.chair or "") in opening
    present = section(document, "Present and apologies")
    names = [cells[0] for table in present.tables for cells in table]
    assert all(person.name in names for person in meeting.attendees)
    assert all(person.name in names for person in meeting.apologies)
    discussion = section(document, "Discussion")
    for key, heading, _prompt in DISCUSSION_HEADINGS:
        point = getattr(meeting.discussion, key)
        assert heading in discussion.paragraphs
        start = discussion.paragraphs.index(heading)
        said, agreed = discussion.paragraphs[start + 3], discussion.paragraphs[start + 5]
        assert (said, agreed) == (
            (point.discussed or "").rstrip("\n"),
            (point.agreed or "").rstrip("\n"),
        ), key
    assert (meeting.recommendation or "").strip() in section(document, "The recommendation").text
    actions = section(document, "Actions").tables[0][1:]
    assert [row[0] for row in actions] == [a.action.rstrip("\n") for a in meeting.actions] or (
        not meeting.actions and actions == [["No actions were agreed."]]
    )


def test_each_action_has_its_owner_and_date() -> None:
    document = render(make_case())
    assert section(document, "Actions").tables[0][1] == [
        "Book the panel.",
        "Panel Adviser Person",
        "9 March 2026",
    ]


def test_a_point_not_recorded_stops_a_final_record_and_is_marked_in_a_draft() -> None:
    data = complete_data()
    set_path(data, "matching_meeting.discussion.respite.agreed", None)
    case = make_case(data)
    with pytest.raises(RenderError) as caught:
        render(case)
    assert "matching_meeting.discussion.respite.agreed" in str(caught.value)
    discussion = section(render(case, draft=True), "Discussion").paragraphs
    assert (
        "[MISSING: Matching meeting: what was agreed about respite and short breaks"
        " — fostering social worker]"
    ) in discussion


def test_without_apologies_or_actions_the_record_says_so() -> None:
    data = complete_data()
    set_path(data, "matching_meeting.apologies", [])
    set_path(data, "matching_meeting.actions", [])
    document = render(make_case(data))
    assert ["No apologies."] in section(document, "Present and apologies").tables[1]
    assert section(document, "Actions").tables[0][1:] == [["No actions were agreed."]]


def test_who_took_the_minutes_is_a_warning_only() -> None:
    data = complete_data()
    set_path(data, "matching_meeting.minuted_by", None)
    document = render(make_case(data))  # final: a warning does not stop it
    rows = {cells[0]: cells[1] for cells in section(document, "The meeting").tables[0]}
    assert rows["Minutes taken by"] == "Not recorded"
