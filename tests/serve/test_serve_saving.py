"""Saving a page writes case.yaml faithfully: what was typed loads back exactly, everything else
in the file stays as it was written, nothing is lost, and a file changed meanwhile is never
overwritten. Forms show what the file holds, and problems in the CLI's own words."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from permdocs.api import load_case
from permdocs.errors import CaseDataError
from permdocs.load.files import load_case_file
from permdocs.load.validation import validate_case
from permdocs.model.scaffold import blank_case_yaml
from serve_helpers import form_values, signed_in, text_of

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "01-existing-carer-agreed"

# Text a person might type that YAML would read as something else, or that needs quoting.
TRICKY = [
    "NO",
    "yes",
    "07700900123",
    "null",
    "~",
    "true",
    "2025-03-14",
    "# not a comment",
    "key: value",
    "'single' and \"double\" quotes",
    "{{ 7*7 }} {% if %}",
    "- a dash",
    "[not, a, list]",
    "{not: a map}",
    "émoji 😀 and עברית with \u200f marks",
    "trailing space ",
    " leading space",
    "@at & ampersand * star ! bang % percent",
    "tab\tinside",
]
TRICKY_TEXT = [
    "two\nlines",
    "trailing spaces   \non a line",
    "\nstarts with a break",
    "ends with a break\n",
    "  indented first line\nsecond",
    "a line\n\n\nwith gaps\n- and a dash\n# and a hash",
    "tab at end\t\nnext",
]


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    shutil.copytree(SAMPLE, folder)
    return folder


@pytest.fixture
def blank(tmp_path: Path) -> Path:
    folder = tmp_path / "blank"
    folder.mkdir()
    (folder / "case.yaml").write_text(blank_case_yaml("PF-2026-0150"), "utf-8")
    return folder


def save(client, key: str, slug: str, changes: dict[str, str]):  # type: ignore[no-untyped-def]
    values = form_values(client.get(f"/case/{key}/section/{slug}").text, "section-form")
    values.update(changes)
    values["action"] = "save"
    return client.post(f"/case/{key}/section/{slug}", data=values, follow_redirects=False)


LINES = [
    "first_names",
    "last_name",
    "preferred_name",
    "gender",
    "ethnicity",
    "religion",
    "first_language",
    "nationality",
    "immigration_status",
]
TEXTS = ["wishes_and_feelings", "how_views_gathered", "iro_view", "delegated_authority", "risks"]


def batches(values: list[str], size: int) -> list[list[str]]:
    return [values[start : start + size] for start in range(0, len(values), size)]


def test_single_lines_load_back_exactly_as_typed(sample: Path) -> None:
    client, key = signed_in(sample)
    for batch in batches(TRICKY, len(LINES)):
        typed = dict(zip(LINES, batch, strict=False))
        response = save(client, key, "child", {f"child.{k}": v for k, v in typed.items()})
        assert response.status_code == 303, text_of(response.text)
        child = load_case(sample).case.child
        assert {name: getattr(child, name) for name in typed} == typed


def test_text_over_several_lines_loads_back_exactly_as_typed(sample: Path) -> None:
    client, key = signed_in(sample)
    for batch in batches(TRICKY_TEXT + TRICKY, len(TEXTS)):
        typed = dict(zip(TEXTS, batch, strict=False))
        # A browser sends a text box's line breaks as CRLF; the file holds them as LF.
        sent = {f"child.{k}": v.replace("\n", "\r\n") for k, v in typed.items()}
        response = save(client, key, "views", sent)
        assert response.status_code == 303, text_of(response.text)
        child = load_case(sample).case.child
        assert {name: getattr(child, name) for name in typed} == typed


def test_only_the_changed_line_differs_and_comments_order_and_styles_are_kept(
    sample: Path,
) -> None:
    before = (sample / "case.yaml").read_text("utf-8")
    client, key = signed_in(sample)
    # The page is sent back with every other value as the file holds it.
    assert save(client, key, "child", {"child.gender": "Girl"}).status_code == 303
    after = (sample / "case.yaml").read_text("utf-8")
    changed = [
        line
        for line in difflib.ndiff(before.splitlines(), after.splitlines())
        if line.startswith(("- ", "+ "))
    ]
    assert changed == ["-   gender: Girl (she/her)", "+   gender: Girl"]


def test_a_date_written_day_first_stays_as_written_when_not_changed(sample: Path) -> None:
    path = sample / "case.yaml"
    path.write_text(
        path.read_text("utf-8").replace("date_of_birth: 2017-03-09", "date_of_birth: 09/03/2017"),
        "utf-8",
    )
    client, key = signed_in(sample)
    page = client.get(f"/case/{key}/section/child").text
    values = form_values(page, "section-form")
    assert (values["child.date_of_birth.day"], values["child.date_of_birth.month"]) == ("09", "03")
    assert save(client, key, "child", {"child.gender": "Girl"}).status_code == 303
    assert "date_of_birth: 09/03/2017" in path.read_text("utf-8")


def test_the_form_shows_exactly_what_the_file_holds(sample: Path) -> None:
    client, key = signed_in(sample)
    case = load_case(sample).case
    legal = form_values(client.get(f"/case/{key}/section/legal").text, "section-form")
    assert legal["child.legal_status"] == case.child.legal_status
    assert case.child.court is not None and case.child.court.final_hearing is not None
    hearing = case.child.court.final_hearing
    assert (
        int(legal["child.court.final_hearing.day"]),
        int(legal["child.court.final_hearing.month"]),
        int(legal["child.court.final_hearing.year"]),
    ) == (hearing.day, hearing.month, hearing.year)
    reviews = form_values(client.get(f"/case/{key}/section/reviews").text, "section-form")
    assert reviews["child.lac_reviews.__items"] == ",".join(
        str(i) for i in range(len(case.child.lac_reviews))
    )
    assert reviews["child.lac_reviews.1.notes"] == case.child.lac_reviews[1].notes
    assert reviews["child.lac_reviews.1.recommended_permanent_fostering"] == "true"


def test_sending_a_page_back_unchanged_changes_nothing_in_the_file(sample: Path) -> None:
    before = (sample / "case.yaml").read_bytes()
    client, key = signed_in(sample)
    from permdocs.serve.sections import SECTIONS

    for section in SECTIONS:
        response = save(client, key, section.slug, {})
        assert response.status_code == 303, (section.slug, text_of(response.text)[:500])
    assert (sample / "case.yaml").read_bytes() == before


def test_an_earlier_version_is_kept_byte_for_byte(sample: Path) -> None:
    before = (sample / "case.yaml").read_bytes()
    client, key = signed_in(sample)
    assert save(client, key, "child", {"child.gender": "Girl"}).status_code == 303
    (kept,) = (sample / "earlier-versions").iterdir()
    assert kept.read_bytes() == before
    assert save(client, key, "child", {"child.gender": "Girl, she/her"}).status_code == 303
    assert len(list((sample / "earlier-versions").iterdir())) == 2


def test_a_file_changed_on_disk_after_the_page_opened_is_never_overwritten(sample: Path) -> None:
    client, key = signed_in(sample)
    values = form_values(client.get(f"/case/{key}/section/child").text, "section-form")
    path = sample / "case.yaml"
    edited = path.read_text("utf-8").replace("gender: Girl (she/her)", "gender: Edited elsewhere")
    path.write_text(edited, "utf-8")
    values.update({"child.religion": "Typed in the browser", "action": "save"})
    response = client.post(f"/case/{key}/section/child", data=values)
    assert response.status_code == 409
    shown = text_of(response.text)
    assert "changed by someone or something else" in shown and "not saved" in shown
    assert path.read_text("utf-8") == edited  # the other change stands
    assert "Typed in the browser" in response.text  # and nothing typed is lost
    assert not (sample / "earlier-versions").exists()


def test_a_value_the_cli_refuses_is_not_saved_and_is_named_in_the_cli_words(
    sample: Path,
) -> None:
    before = (sample / "case.yaml").read_bytes()
    client, key = signed_in(sample)
    response = save(
        client,
        key,
        "child",
        {
            "child.date_of_birth.day": "31",
            "child.date_of_birth.month": "2",
            "child.date_of_birth.year": "2017",
            "child.first_names": "",
        },
    )
    assert response.status_code == 200
    assert (sample / "case.yaml").read_bytes() == before
    page = response.text
    assert "<title>Error: About the child" in page
    # The command line's messages for the same values, from the same validation.
    data = load_case_file(sample).data
    data["child"]["date_of_birth"] = "31/2/2017"
    data["child"]["first_names"] = None
    loaded = load_case_file(sample)
    loaded.data = data
    with pytest.raises(CaseDataError) as refused:
        validate_case(loaded)
    messages = {problem.field: problem.message for problem in refused.value.problems}
    shown = text_of(page)
    assert messages["child.date_of_birth"] in shown
    assert messages["child.first_names"] in shown
    # The error summary links to each field, the date to its day box.
    assert 'href="#f-child-date_of_birth-day"' in page
    assert 'href="#f-child-first_names"' in page
    assert 'id="f-child-date_of_birth-day"' in page and 'id="f-child-first_names"' in page


def test_a_date_with_a_part_missing_says_which(sample: Path) -> None:
    client, key = signed_in(sample)
    response = save(
        client,
        key,
        "legal",
        {"child.looked_after_since.day": "8", "child.looked_after_since.month": ""},
    )
    assert "Looked after since must include a month" in text_of(response.text)


def test_adding_and_removing_items_before_saving(blank: Path) -> None:
    client, key = signed_in(blank)
    url = f"/case/{key}/section/reviews"
    values = form_values(client.get(url).text, "section-form")
    for _ in range(3):
        values["action"] = "add:child.lac_reviews"
        values = form_values(client.post(url, data=values).text, "section-form")
    for index, day in enumerate(("2", "18", "14")):
        values[f"child.lac_reviews.{index}.date.day"] = day
        values[f"child.lac_reviews.{index}.date.month"] = "10"
        values[f"child.lac_reviews.{index}.date.year"] = "2025"
        values[f"child.lac_reviews.{index}.notes"] = f"Review {index + 1}"
    values["action"] = "remove:child.lac_reviews.1"
    page = client.post(url, data=values).text
    values = form_values(page, "section-form")
    assert values["child.lac_reviews.1.notes"] == "Review 3"  # what was typed moved up with it
    assert values["child.lac_reviews.1.date.day"] == "14"
    values["action"] = "save"
    assert client.post(url, data=values, follow_redirects=False).status_code == 303
    reviews = load_case(blank).case.child.lac_reviews
    assert [(r.date.day, r.notes) for r in reviews] == [(2, "Review 1"), (14, "Review 3")]
    # The scaffold's comments are still there.
    assert "# Legal first name(s). [required]" in (blank / "case.yaml").read_text("utf-8")


def test_removing_an_item_of_a_list_in_the_file_keeps_the_others_as_written(
    sample: Path,
) -> None:
    client, key = signed_in(sample)
    url = f"/case/{key}/section/reviews"
    values = form_values(client.get(url).text, "section-form")
    values["action"] = "remove:child.lac_reviews.0"
    values = form_values(client.post(url, data=values).text, "section-form")
    values["action"] = "save"
    assert client.post(url, data=values, follow_redirects=False).status_code == 303
    text = (sample / "case.yaml").read_text("utf-8")
    assert "First review. Maisie settling well" not in text
    # The next review's folded paragraph is kept exactly as it was written.
    assert "      notes: >-\n        Assessments of both parents" in text
    assert len(load_case(sample).case.child.lac_reviews) == 3


def test_a_new_optional_section_is_written_in_the_models_order(blank: Path) -> None:
    client, key = signed_in(blank)
    response = save(
        client,
        key,
        "carers",
        {
            "carers.route": "existing-in-house",
            "carers.carers.0.first_names": "Jo",
            "carers.carers.0.last_name": "Example",
        },
    )
    assert response.status_code == 303, text_of(response.text)
    carers = load_case(blank).case.carers
    assert carers is not None and carers.carers[0].full_name == "Jo Example"
    keys = [line.split(":")[0] for line in (blank / "case.yaml").read_text().splitlines()]
    top = [k for k in keys if k and not k.startswith((" ", "#"))]
    assert top.index("ppm") < top.index("carers") < top.index("matching_meeting")
    # Nothing entered, nothing written: no empty approval or assessment groups.
    assert set(load_case_file(blank).data["carers"]) == {"route", "carers"}
    # Below the scaffold's commented-out example of the section; the next section keeps its own
    # comment.
    text = (blank / "case.yaml").read_text("utf-8")
    assert text.index("# carers:") < text.index("\ncarers:\n")
    assert "      last_name: Example\n\n# The matching meeting.\nmatching_meeting:" in text


def test_a_problem_in_the_file_is_shown_on_its_page_and_fixed_there(sample: Path) -> None:
    path = sample / "case.yaml"
    path.write_text(
        path.read_text("utf-8").replace(
            "looked_after_since: 2025-09-08", "looked_after_since: 31/09/2025"
        ),
        "utf-8",
    )
    client, key = signed_in(sample)
    tasks = text_of(client.get(f"/case/{key}/").text)
    assert "Legal status and placement There is a problem" in tasks
    page = client.get(f"/case/{key}/section/legal").text
    assert "<title>Error:" in page
    assert "September 2025 has 30 days" in text_of(page)
    response = save(client, key, "legal", {"child.looked_after_since.day": "8"})
    assert response.status_code == 303
    assert load_case(sample).case.child.looked_after_since is not None
    assert "There is a problem" not in text_of(client.get(f"/case/{key}/").text)


def test_a_save_that_would_break_another_page_is_refused_there_too(sample: Path) -> None:
    """A date of birth after the day the child was looked after makes that date impossible:
    named, with its page, and not saved."""
    before = (sample / "case.yaml").read_bytes()
    client, key = signed_in(sample)
    response = save(
        client,
        key,
        "child",
        {
            "child.date_of_birth.day": "1",
            "child.date_of_birth.month": "1",
            "child.date_of_birth.year": "2026",
        },
    )
    assert (sample / "case.yaml").read_bytes() == before
    shown = text_of(response.text)
    assert (
        "Legal status and placement: Child: Looked after since: 08/09/2025 is before the" in shown
    )
    assert "LAC review 2: Date: 18/12/2025 is before the child's date of birth" in shown


def test_windows_line_endings_and_a_byte_order_mark_are_kept(sample: Path) -> None:
    path = sample / "case.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    client, key = signed_in(sample)
    assert save(client, key, "child", {"child.gender": "Girl"}).status_code == 303
    written = path.read_bytes()
    assert written.startswith(b"\xef\xbb\xbf")
    assert written.count(b"\r\n") == written.count(b"\n")  # every line ending still CRLF
    assert load_case(sample).case.child.gender == "Girl"


# Text as people type and paste it: any character a case file can hold. The characters the
# loader refuses (control characters, and those YAML cannot hold in a file) are refused at their
# field instead (the next test).
_TYPED = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from("\n\t"),
    max_size=60,
)
_SMALL_CASE = (
    "# a small case\n"
    "# the reference\n"
    "reference: PF-1\n"
    "child:\n"
    "  first_names: Ava\n"
    "  last_name: Example\n"
    "  date_of_birth: 2016-04-03\n"
    "  risks: >-\n"
    "    folded\n"
    "    paragraph\n"
    "siblings: []\n"
)


@settings(max_examples=150, deadline=None)
@given(text=_TYPED, line=_TYPED.filter(lambda t: "\n" not in t and t.strip() != ""))
def test_any_typed_text_is_written_so_that_it_reads_back_exactly(text: str, line: str) -> None:
    """The saving code itself, without a web page: whatever the value, the new file reads back
    (with the faithful loader) as exactly the data submitted, or saving refuses; never a
    silently different value."""
    from permdocs.errors import OutputError
    from permdocs.load.reader import parse_yaml
    from permdocs.serve.forms import group_spec
    from permdocs.serve.saving import new_yaml_text

    old, _ = parse_yaml(_SMALL_CASE, "case.yaml")
    new = {
        **old,
        "child": {**old["child"], "risks": text or None, "religion": line},
        "siblings": [{"name": line, "plan": text or None}],
    }
    try:
        written = new_yaml_text(
            _SMALL_CASE.encode(), old, new, group_spec(()), {("siblings",): [None]}
        )
    except OutputError:
        pytest.fail(f"refused to save {text!r} / {line!r}")
    assert parse_yaml(written, "case.yaml")[0] == new
    assert written.startswith("# a small case\n# the reference\nreference: PF-1\n")


def test_a_character_the_loader_refuses_is_named_at_its_field_not_saved(sample: Path) -> None:
    """DEL passes the model but not the loader, which reads it from a file as the CLI would."""
    before = (sample / "case.yaml").read_bytes()
    client, key = signed_in(sample)
    response = save(client, key, "views", {"child.risks": "pasted\x7f text"})
    assert (sample / "case.yaml").read_bytes() == before
    assert 'href="#f-child-risks"' in response.text
    assert "U+007F" in text_of(response.text)


def test_a_page_of_two_parts_saves_both(blank: Path) -> None:
    """The education page holds the child's education and the case's school_confidential (a
    field at the case's root): saving it keeps what was typed into both."""
    folder = blank
    client, key = signed_in(folder)
    values = form_values(client.get(f"/case/{key}/section/education").text, "section-form")
    values["child.education.school"] = "Thornbury Primary"
    values["child.education.year_group"] = "Year 5"
    values["school_confidential"] = "true"
    response = client.post(f"/case/{key}/section/education", data=values, follow_redirects=False)
    assert response.status_code == 303, text_of(response.text)[:2000]
    data = load_case_file(folder).data
    assert data["child"]["education"]["school"] == "Thornbury Primary"
    assert data["child"]["education"]["year_group"] == "Year 5"
    assert load_case(folder).case.school_confidential is True
