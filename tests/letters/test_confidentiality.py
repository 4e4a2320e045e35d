"""The restricted-data scan: what counts as restricted, how text is matched, where it looks."""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Callable
from xml.sax.saxutils import escape

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letter_cases import confidential, existing_carers, profile
from permdocs.errors import ConfidentialityError, Leak
from permdocs.letters.confidentiality import (
    Restricted,
    allowed_for_birth_parent,
    ensure_no_leaks,
    find_leaks,
    normalise,
    restricted_values,
)

POSTCODE = Restricted("carers.address.postcode", "ZZ6 2RB", postcode=True)
LINE = Restricted("carers.address.lines[0]", "9 Orchard Way")
SURNAME = Restricted("carers.carers[0].last_name", "Whitfield")
TOWN = Restricted("carers.address.town", "Penbury Vale")
ALL = (POSTCODE, LINE, SURNAME, TOWN)


def _docx(build: Callable[[docx.document.Document], None]) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _body(*runs: str) -> bytes:
    def build(document: docx.document.Document) -> None:
        paragraph = document.add_paragraph()
        for run in runs:
            paragraph.add_run(run)

    return _docx(build)


_PLACEHOLDER = "PLACEHOLDER-RUN"


@functools.cache
def _base_document() -> bytes:
    return _body(_PLACEHOLDER)


def _quick_body(*runs: str) -> bytes:
    """Like ``_body`` without building a new python-docx document each time (for many examples)."""
    placeholder = f"<w:r><w:t>{_PLACEHOLDER}</w:t></w:r>".encode()
    xml_runs = "".join(
        f'<w:r><w:t xml:space="preserve">{escape(run)}</w:t></w:r>' for run in runs
    ).encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_base_document())) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                assert placeholder in data
                data = data.replace(placeholder, xml_runs)
            target.writestr(info, data)
    return out.getvalue()


def _fields(leaks: list[Leak]) -> set[str]:
    return {leak.field for leak in leaks}


# --- what is restricted ----------------------------------------------------------------------


def test_a_confidential_placement_restricts_address_names_household_and_school() -> None:
    fields = {item.field: item.value for item in restricted_values(confidential())}
    assert fields["carers.address.lines[0]"] == "9 Orchard Way"
    assert fields["carers.address.town"] == "Penbury Vale"
    assert fields["carers.address.postcode"] == "ZZ6 2RB"
    assert fields["carers.carers[0].last_name"] == "Whitfield"
    assert fields["carers.carers[1].first_names and last_name"] == "Jerome Whitfield"
    assert fields["carers.household[0].name"] == "Imani Whitfield"
    assert fields["child.education.school"] == "Penbury Vale Primary Academy"


def test_nothing_is_restricted_when_the_case_restricts_nothing() -> None:
    assert restricted_values(existing_carers()) == ()


# --- normalisation: each rule on its own -----------------------------------------------------


def test_normalise_folds_case_collapses_whitespace_and_drops_invisible_characters() -> None:
    assert normalise("  9\u00a0ORCHARD \t\n Way ") == "9 orchard way"
    assert normalise("Whit\u00adfield\u200b") == "whitfield"
    assert normalise("Cobbler\u2019s Row") == "cobbler's row"


def test_matching_ignores_case() -> None:
    assert _fields(find_leaks(_body("stay at 9 ORCHARD WAY"), ALL)) == {LINE.field}
    assert _fields(find_leaks(_body("the whitfield family"), ALL)) == {SURNAME.field}


def test_matching_collapses_whitespace_and_line_breaks() -> None:
    def build(document: docx.document.Document) -> None:
        run = document.add_paragraph().add_run("9   Orchard")
        run.add_break()
        run.add_text("Way")

    assert _fields(find_leaks(_docx(build), ALL)) == {LINE.field}


def test_a_postcode_matches_without_its_space() -> None:
    assert _fields(find_leaks(_body("ref ZZ62RB"), ALL)) == {POSTCODE.field}


def test_a_postcode_typed_without_a_space_matches_one_printed_with_it() -> None:
    compact = Restricted("carers.address.postcode", "zz62rb", postcode=True)
    assert _fields(find_leaks(_body("ZZ6 2RB"), [compact])) == {compact.field}


def test_a_word_split_across_runs_is_still_found() -> None:
    # Word splits runs wherever formatting, spell-check or revision marks change.
    assert _fields(find_leaks(_body("the Whit", "field", " family, ZZ6 ", "2RB"), ALL)) == {
        SURNAME.field,
        POSTCODE.field,
    }


def test_names_match_plural_and_possessive() -> None:
    for text in ("the Whitfields", "Mrs Whitfield's house", "the Whitfields' garden"):
        assert _fields(find_leaks(_body(text), ALL)) == {SURNAME.field}, text


def test_matching_is_on_word_boundaries() -> None:
    lee = Restricted("carers.carers[0].last_name", "Lee")
    assert find_leaks(_body("Leeds and fleet"), [lee]) == []
    assert _fields(find_leaks(_body("Mrs Lee said"), [lee])) == {lee.field}


def test_address_line_words_may_be_separated_by_commas() -> None:
    assert _fields(find_leaks(_body("9, Orchard Way"), ALL)) == {LINE.field}


# --- what is not searched on its own ---------------------------------------------------------


def test_very_short_values_are_not_searched_on_their_own() -> None:
    flat = Restricted("carers.address.lines[0]", "B")
    number = Restricted("carers.address.lines[1]", "9")
    assert find_leaks(_body("Block B, page 9 of 9"), [flat, number]) == []


def test_single_words_in_attributes_are_not_searched_but_phrases_are() -> None:
    # Style, font and colour names live in attributes; a carer called Strong must not block letters.
    strong = Restricted("carers.carers[0].last_name", "Strong")

    def build(document: docx.document.Document) -> None:
        document.add_paragraph("Kind regards", style="Normal").runs[0].style = "Strong"

    assert find_leaks(_docx(build), [strong]) == []

    def alt_text(document: docx.document.Document) -> None:
        document.add_paragraph("Hello")
        document.core_properties.title = "Letter"
        element = document.element.body
        element.set("{http://example.org/x}note", "9 Orchard Way")

    assert _fields(find_leaks(_docx(alt_text), [LINE, strong])) == {LINE.field}


def test_a_match_inside_what_the_letter_is_meant_to_show_is_not_a_leak() -> None:
    hall = Restricted("carers.carers[0].last_name", "Hall")
    letterhead = _body("Town Hall, Exampleton")
    assert find_leaks(letterhead, [hall], allowed=["Town Hall"]) == []
    assert _fields(find_leaks(_body("Town Hall. Mr Hall"), [hall], allowed=["Town Hall"])) == {
        hall.field
    }


def test_a_child_sharing_the_carers_surname_may_be_named_but_not_the_carers() -> None:
    case = confidential()
    parent = case.birth_parents[0]
    allowed = [*allowed_for_birth_parent(case, profile(), parent), "Ruby Whitfield"]
    assert find_leaks(_body("Dear Ruby Whitfield"), [SURNAME], allowed) == []
    jerome = Restricted("carers.carers[1].first_names and last_name", "Jerome Whitfield")
    assert _fields(find_leaks(_body("Jerome Whitfield"), [SURNAME, jerome], allowed)) == {
        SURNAME.field,
        jerome.field,
    }


def test_the_parents_own_address_is_allowed_even_in_the_same_town() -> None:
    case = confidential()
    same_town = Restricted("carers.address.town", "Westmoor Green")
    allowed = allowed_for_birth_parent(case, profile(), case.birth_parents[0])
    assert find_leaks(_body("Station Road, Westmoor Green, ZZ2 5NE"), [same_town], allowed) == []


# --- where it looks --------------------------------------------------------------------------


def test_every_part_is_searched_headers_footers_and_properties() -> None:
    def build(document: docx.document.Document) -> None:
        document.add_paragraph("Nothing here.")
        document.sections[0].header.paragraphs[0].text = "Penbury Vale"
        document.sections[0].footer.paragraphs[0].text = "zz6 2rb"
        document.core_properties.subject = "The Whitfield placement"
        document.core_properties.keywords = "9 orchard way"

    leaks = find_leaks(_docx(build), ALL)
    assert set(leaks) == {
        Leak(TOWN.field, "word/header1.xml"),
        Leak(POSTCODE.field, "word/footer1.xml"),
        Leak(SURNAME.field, "docProps/core.xml"),
        Leak(LINE.field, "docProps/core.xml"),
    }


def test_xml_comments_and_relationship_targets_are_searched() -> None:
    clean = _body("Nothing here.")
    source = zipfile.ZipFile(io.BytesIO(clean))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body><!-- 9 Orchard Way -->")
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/hyperlink" '
                    b'Target="https://maps.example.org/?q=ZZ6%202RB+ZZ6 2RB" TargetMode="External"/>'
                    b"</Relationships>",
                )
            target.writestr(info, data)
    leaks = set(find_leaks(out.getvalue(), ALL))
    assert Leak(LINE.field, "word/document.xml") in leaks
    assert Leak(POSTCODE.field, "word/_rels/document.xml.rels") in leaks


def test_a_part_that_cannot_be_parsed_fails_closed() -> None:
    clean = _body("Nothing here.")
    source = zipfile.ZipFile(io.BytesIO(clean))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/footer1.xml" or info.filename == "docProps/app.xml":
                data = b"<not-closed>"
            target.writestr(info, data)
    with pytest.raises(ConfidentialityError) as caught:
        ensure_no_leaks("letter-birth-parent-mother", out.getvalue(), ALL)
    assert "could not be checked" in caught.value.message
    assert caught.value.document == "letter-birth-parent-mother"


def test_the_error_names_letter_field_and_part_but_never_the_value() -> None:
    def build(document: docx.document.Document) -> None:
        document.add_paragraph("Dear Stacey")
        document.sections[0].footer.paragraphs[0].text = "ZZ6 2RB"

    with pytest.raises(ConfidentialityError) as caught:
        ensure_no_leaks("letter-birth-parent-mother", _docx(build), ALL)
    error = caught.value
    assert error.document == "letter-birth-parent-mother"
    assert error.leaks == (Leak("carers.address.postcode", "word/footer1.xml"),)
    text = str(error)
    assert "carers.address.postcode" in text
    assert "word/footer1.xml" in text
    assert "letter-birth-parent-mother" in text
    assert "ZZ6" not in text.upper()
    assert "nothing was written" in text


def test_a_clean_letter_passes_and_the_same_letter_with_a_restricted_value_does_not() -> None:
    clean = "Dear Stacey, the decision was agreed."
    ensure_no_leaks("letter", _body(clean), ALL)  # nothing restricted: no error
    with pytest.raises(ConfidentialityError):
        ensure_no_leaks("letter", _body(clean, f" They live in {TOWN.value}."), ALL)


# --- whatever the spelling, a restricted value is found -------------------------------------------


@st.composite
def _disguised(draw: st.DrawFn, value: str) -> list[str]:
    """``value`` as a careless template might print it: case changed, spaces stretched or
    (for a postcode) dropped, non-breaking spaces, and cut into runs at random points."""
    words = value.split()
    gaps = [draw(st.sampled_from([" ", "  ", "\u00a0", " \t "])) for _ in words[1:]]
    text = words[0] + "".join(gap + word for gap, word in zip(gaps, words[1:], strict=True))
    text = "".join(ch.upper() if draw(st.booleans()) else ch.lower() for ch in text)
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(text) - 1)), max_size=3)))
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_disguise_of_a_restricted_value_is_found(data: st.DataObject) -> None:
    item = data.draw(st.sampled_from([POSTCODE, LINE, SURNAME, TOWN]))
    runs = data.draw(_disguised(item.value))
    if item.postcode and data.draw(st.booleans()):
        runs = ["".join(runs).replace(" ", "").replace("\u00a0", "").replace("\t", "")]
    document = _quick_body("Sent to ", *runs, " today.")
    assert item.field in _fields(find_leaks(document, ALL)), runs
