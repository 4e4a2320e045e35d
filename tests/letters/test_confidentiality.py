"""The letters' last gate: every place in a Word file that holds text a reader can see, hear or
find is searched, and one hit (or a part that cannot be read) refuses the letter.

One fixture per hiding place: each starts from a clean letter and hides a restricted detail of
the confidential case (carers Natalie and Jerome Whitfield, 9 Orchard Way, Penbury Vale, ZZ6 2RB)
in one place only.
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Callable

import docx
import pytest

from letter_cases import confidential, profile
from permdocs.errors import ConfidentialityError, Leak
from permdocs.letters.confidentiality import (
    ensure_no_leaks,
    find_leaks,
    matcher_for_parent,
    restricted_values,
)

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_PLACEHOLDER = "PLACEHOLDER-RUN"


@functools.cache
def _matcher() -> object:
    case = confidential()
    return matcher_for_parent(case, profile(), case.birth_parents[0])


def _find(data: bytes) -> list[Leak]:
    return find_leaks(data, _matcher())  # type: ignore[arg-type]


def _fields(leaks: list[Leak]) -> set[str]:
    return {leak.field for leak in leaks}


def _parts(leaks: list[Leak]) -> set[tuple[str, str]]:
    return {(leak.field, leak.part) for leak in leaks}


@functools.cache
def _clean() -> bytes:
    document = docx.Document()
    document.add_paragraph("Dear Stacey Louise Brennan")
    document.add_paragraph(_PLACEHOLDER)
    document.add_paragraph("Your children's placement is now permanent. Best wishes.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _edited(
    change: Callable[[str, bytes], bytes] | None = None, extra: dict[str, bytes] | None = None
) -> bytes:
    """The clean letter with each part passed through ``change`` and ``extra`` parts added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_clean())) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if change is not None:
                data = change(info.filename, data)
            target.writestr(info, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def _in_body(xml: str) -> bytes:
    """The clean letter with its placeholder paragraph's run replaced by ``xml``."""

    def change(name: str, data: bytes) -> bytes:
        if name != "word/document.xml":
            return data
        run = f"<w:r><w:t>{_PLACEHOLDER}</w:t></w:r>".encode()
        assert run in data
        return data.replace(run, xml.encode())

    return _edited(change)


def _in_part(part: str, old: bytes, new: bytes) -> bytes:
    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        assert old in data, (part, old)
        return data.replace(old, new, 1)

    return _edited(change)


def test_the_clean_letter_passes() -> None:
    assert _find(_clean()) == []


# --- one fixture per hiding place ---------------------------------------------------------------

SURNAME = "carers.carers[0].last_name"
FIRST = "carers.carers[0].first_names"
LINE = "carers.address.lines[0]"
TOWN = "carers.address.town"
POSTCODE = "carers.address.postcode"

HIDING_PLACES: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "a word split across runs": (
        lambda: _in_body("<w:r><w:t>the Whit</w:t></w:r><w:r><w:t>field family</w:t></w:r>"),
        SURNAME,
        "word/document.xml",
    ),
    "an XML comment between runs": (
        lambda: _in_body(
            "<w:r><w:t>the Whit</w:t></w:r><!-- split --><w:r><w:t>field family</w:t></w:r>"
        ),
        SURNAME,
        "word/document.xml",
    ),
    "an XML comment inside a text run": (
        lambda: _in_body("<w:r><w:t>the Whit<!-- split -->field family</w:t></w:r>"),
        SURNAME,
        "word/document.xml",
    ),
    "the words of an XML comment": (
        lambda: _in_body("<!-- 9 Orchard Way --><w:r><w:t>Hello</w:t></w:r>"),
        LINE,
        "word/document.xml",
    ),
    "a processing instruction": (
        lambda: _in_body("<?note Penbury Vale?><w:r><w:t>Hello</w:t></w:r>"),
        TOWN,
        "word/document.xml",
    ),
    "deleted text (tracked changes)": (
        lambda: _in_body(
            '<w:del w:id="9" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r>'
            "<w:delText>Whitfield</w:delText></w:r></w:del>"
        ),
        SURNAME,
        "word/document.xml",
    ),
    "a field instruction split across runs": (
        lambda: _in_body(
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> INCLUDETEXT "C:\\\\Whit</w:instrText></w:r>'
            '<w:r><w:instrText xml:space="preserve">field.docx" </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        ),
        SURNAME,
        "word/document.xml",
    ),
    "ruby (phonetic guide) text": (
        lambda: _in_body(
            "<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>Penbury</w:t></w:r><w:r><w:t> Vale</w:t>"
            "</w:r></w:rt><w:rubyBase><w:r><w:t>town</w:t></w:r></w:rubyBase></w:ruby></w:r>"
        ),
        TOWN,
        "word/document.xml",
    ),
    "a text box": (
        lambda: _in_body(
            "<w:r><w:pict><v:shape xmlns:v='urn:schemas-microsoft-com:vml'><v:textbox>"
            "<w:txbxContent><w:p><w:r><w:t>ZZ6 </w:t></w:r><w:r><w:t>2RB</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        ),
        POSTCODE,
        "word/document.xml",
    ),
    "a content control's title and tag": (
        lambda: _in_body(
            '<w:sdt><w:sdtPr><w:alias w:val="Jerome"/><w:tag w:val="Jerome"/></w:sdtPr>'
            "<w:sdtContent><w:r><w:t>Hello</w:t></w:r></w:sdtContent></w:sdt>"
        ),
        "carers.carers[1].first_names",
        "word/document.xml",
    ),
    "picture alt text (read by screen readers)": (
        lambda: _in_body(
            "<w:r><w:drawing><wp:inline xmlns:wp='http://schemas.openxmlformats.org/"
            "drawingml/2006/wordprocessingDrawing'><wp:docPr id='5' name='Picture 5' "
            "descr='Natalie at the park' title='Photo'/></wp:inline></w:drawing></w:r>"
        ),
        FIRST,
        "word/document.xml",
    ),
    "a bookmark's name": (
        lambda: _in_body(
            '<w:bookmarkStart w:id="7" w:name="Whitfield_home"/><w:r><w:t>Hi</w:t></w:r>'
            '<w:bookmarkEnd w:id="7"/>'
        ),
        SURNAME,
        "word/document.xml",
    ),
    "a URL-encoded hyperlink target": (
        lambda: _in_part(
            "word/_rels/document.xml.rels",
            b"</Relationships>",
            b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/hyperlink" Target="https://maps.example.org/?q=9%20Orchard'
            b'%2520Way" TargetMode="External"/></Relationships>',
        ),
        LINE,
        "word/_rels/document.xml.rels",
    ),
    "a document variable": (
        lambda: _in_part(
            "word/settings.xml",
            b"</w:settings>",
            b'<w:docVars><w:docVar w:name="Surname" w:val="Whitfield"/></w:docVars></w:settings>',
        ),
        SURNAME,
        "word/settings.xml",
    ),
    "a comment and its author": (
        lambda: _edited(
            extra={
                "word/comments.xml": (
                    f'<w:comments {_W}><w:comment w:id="1" w:author="Natalie Whitfield" '
                    'w:initials="NW"><w:p><w:r><w:t>ok</w:t></w:r></w:p></w:comment>'
                    "</w:comments>"
                ).encode()
            }
        ),
        FIRST,
        "word/comments.xml",
    ),
    "a footnotes part under an unusual name": (
        lambda: _edited(
            extra={
                "word/notes/extra.dat": (
                    f"<w:footnotes {_W}><w:footnote w:id='2'><w:p><w:r><w:t>Penbury Vale</w:t>"
                    "</w:r></w:p></w:footnote></w:footnotes>"
                ).encode()
            }
        ),
        TOWN,
        "word/notes/extra.dat",
    ),
    "the document's properties": (
        lambda: _in_part(
            "docProps/core.xml",
            b"</cp:coreProperties>",
            b"<dc:subject>The Whitfields</dc:subject></cp:coreProperties>",
        ),
        SURNAME,
        "docProps/core.xml",
    ),
    "custom document properties": (
        lambda: _edited(
            extra={
                "docProps/custom.xml": (
                    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-'
                    b'9397-08002B2CF9AE}" pid="2" name="Placement"><vt:lpwstr>ZZ62RB</vt:lpwstr>'
                    b"</property></Properties>"
                )
            }
        ),
        POSTCODE,
        "docProps/custom.xml",
    ),
    "a Word document embedded outside word/embeddings": (
        lambda: _edited(extra={"word/media/image9.bin": _embedded_docx("Mrs Whitfield")}),
        SURNAME,
        "word/media/image9.bin!/word/document.xml",
    ),
    "a Word document inside an embedded Word document": (
        lambda: _edited(extra={"customXml/item9.bin": _nested_docx("9 Orchard Way")}),
        LINE,
        "customXml/item9.bin!/word/embeddings/inner.docx!/word/document.xml",
    ),
    "text drawn in a picture (EMF text record)": (
        lambda: _edited(
            extra={
                "word/media/image3.emf": b"\x01\x00\x00\x00" + "9 Orchard Way".encode("utf-16-le")
            }
        ),
        LINE,
        "word/media/image3.emf",
    ),
}


def _embedded_docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _nested_docx(text: str) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_embedded_docx("Nothing")), "r") as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("word/embeddings/inner.docx", _embedded_docx(text))
    return out.getvalue()


@pytest.mark.parametrize("place", sorted(HIDING_PLACES))
def test_a_restricted_detail_hidden_in_each_place_is_found(place: str) -> None:
    make, field, part = HIDING_PLACES[place]
    assert (field, part) in _parts(_find(make())), place


def test_characters_that_hide_words_refuse_the_letter_on_their_own() -> None:
    for hidden in ("\u202e", "\u2066", "Ba\u200bby"):
        leaks = _find(_in_body(f"<w:r><w:t>Hello {hidden} there</w:t></w:r>"))
        assert [leak.field for leak in leaks] == ["(hidden characters)"], hidden
    # Direction marks and joiners belong in right-to-left and emoji text.
    assert (
        _find(
            _in_body(
                "<w:r><w:t>\u0645\u0631\u062d\u0628\u0627\u200f \U0001f468\u200d\U0001f467</w:t></w:r>"
            )
        )
        == []
    )


def test_an_ole_object_cannot_be_searched_so_the_letter_is_refused() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    with pytest.raises(ConfidentialityError) as caught:
        ensure_no_leaks(
            "letter-birth-parent-mother",
            _edited(extra={"word/embeddings/oleObject1.bin": ole}),
            _matcher(),  # type: ignore[arg-type]
        )
    assert "could not be checked" in caught.value.message
    assert "word/embeddings/oleObject1.bin" in caught.value.message


def test_a_part_that_cannot_be_parsed_fails_closed() -> None:
    broken = _edited(lambda name, data: b"<not-closed>" if name == "docProps/app.xml" else data)
    with pytest.raises(ConfidentialityError) as caught:
        ensure_no_leaks("letter-birth-parent-mother", broken, _matcher())  # type: ignore[arg-type]
    assert "could not be checked" in caught.value.message
    assert caught.value.document == "letter-birth-parent-mother"


def test_a_font_name_is_not_a_carer_but_the_same_word_in_the_text_is() -> None:
    case = confidential()
    data = case.model_dump(mode="json")
    data["carers"]["carers"][0]["first_names"] = "Georgia"
    georgia = type(case).model_validate(data)
    matcher = matcher_for_parent(georgia, profile(), georgia.birth_parents[0])
    fonts = _in_body(
        '<w:r><w:rPr><w:rFonts w:ascii="Georgia" w:hAnsi="Georgia"/></w:rPr><w:t>Hi</w:t></w:r>'
    )
    assert find_leaks(fonts, matcher) == []
    text = _in_body("<w:r><w:t>Georgia will bring them</w:t></w:r>")
    assert "carers.carers[0].first_names" in _fields(find_leaks(text, matcher))


def test_the_error_names_the_letter_part_words_and_detail() -> None:
    letter = _in_part(
        "word/document.xml",
        f"<w:t>{_PLACEHOLDER}</w:t>".encode(),
        b"<w:t>They live at 9 Orchard Rd in Penbury-Vale.</w:t>",
    )
    with pytest.raises(ConfidentialityError) as caught:
        ensure_no_leaks("letter-birth-parent-mother", letter, _matcher())  # type: ignore[arg-type]
    error = caught.value
    text = str(error)
    assert error.document == "letter-birth-parent-mother"
    assert "“Penbury-Vale” in word/document.xml matches the carers' town or area" in text
    assert "(carers.address.town)" in text
    assert "nothing was written" in text


def test_restricted_values_lists_every_term_with_its_field() -> None:
    found = {(item.field, item.value) for item in restricted_values(confidential())}
    assert {
        ("carers.address.lines[0]", "9 Orchard Way"),
        ("carers.address.lines[0]", "Orchard Way"),
        ("carers.carers[1].first_names", "Jerome"),
        ("carers.household[0].name", "Imani"),
        ("carers.household[0].name", "Imani Whitfield"),
        ("child.education.school", "Penbury Vale Primary Academy"),
        ("child.education.school", "Penbury Vale"),
    } <= found
