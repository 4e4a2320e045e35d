"""Every letter renders for every outcome, passes the independent checks, and says the right thing."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from docx_helpers import convert_to_pdf, openxml_errors
from letter_cases import ALL_CASES, confidential, existing_carers, profile, with_decision
from permdocs.build.letters import render_letters
from permdocs.build.options import BuildOptions
from permdocs.build.reports import BuiltDocument
from permdocs.build.run import Rendering
from permdocs.letters.confidentiality import normalise, restricted_values
from permdocs.model import Case

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 11, 23)
OUTCOMES = ("agreed", "not-agreed", "deferred")

# A sentence only each outcome's wording has, per audience (the certificate, the Director's
# letters and the information sheets are for an agreed match only).
OUTCOME_WORDS: dict[str, dict[str, str]] = {
    "letter-carers": {
        "agreed": "in a permanent foster placement.",
        "not-agreed": "I did not agree that",
        "deferred": "I need some more information before I can make my decision",
    },
    "letter-social-worker": {
        "agreed": "I agreed the match.",
        "not-agreed": "I did not agree the match.",
        "deferred": "I deferred my decision",
    },
    "letter-child": {
        "agreed": "You will still have your review meetings.",
        "not-agreed": "This is not because of anything you have done.",
        "deferred": "I need to find out a few more things before I decide.",
    },
    "letter-birth-parent": {
        "agreed": "should live in a permanent foster placement",
        "not-agreed": "I have decided not to agree the proposed plan",
        "deferred": "I have asked for some more information",
    },
    "letter-agency": {
        "agreed": "I agreed the permanent match",
        "not-agreed": "I did not agree the permanent match",
        "deferred": "need more information before I decide",
    },
    "permanency-certificate": {"agreed": "has a permanent home with"},
    "letter-director-carers": {"agreed": "to congratulate you"},
    "letter-director-child": {"agreed": "I am very pleased for you."},
    "information-sheet-carers": {"agreed": "This sheet says what happens next"},
    "information-sheet-child": {"agreed": "What happens now"},
}
# Every kind switched on, and the child written to whatever the outcome.
EVERYTHING = profile(certificate=True, information_sheets=True, child_letter_when_not_agreed=True)


def text_of(data: bytes) -> str:
    """All text of a .docx, every part, tags stripped and whitespace collapsed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        ]
    text = " ".join(re.sub(r"<[^>]+>", " ", part) for part in parts)
    return " ".join(text.split())


def body_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
    return "\n".join("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in paragraphs)


def rendered(case: Case, *, draft: bool = False) -> tuple[BuiltDocument, ...]:
    return render_letters(
        Rendering.of(case, EVERYTHING, BuildOptions(as_of=AS_OF, draft=draft))
    ).documents


@pytest.fixture(scope="module")
def every_letter() -> dict[tuple[str, str], tuple[BuiltDocument, ...]]:
    """Each fixture case with each outcome, rendered final (so no value may be missing)."""
    return {
        (name, outcome): rendered(with_decision(make(), outcome))
        for name, make in ALL_CASES.items()
        for outcome in OUTCOMES
    }


def test_every_kind_renders_for_every_outcome(
    every_letter: dict[tuple[str, str], tuple[BuiltDocument, ...]],
) -> None:
    seen: set[tuple[str, str]] = set()
    for (_name, outcome), documents in every_letter.items():
        for document in documents:
            words = OUTCOME_WORDS[document.kind][outcome]
            assert words in body_text(document.data), (document.file_name, outcome)
            for other, other_words in OUTCOME_WORDS[document.kind].items():
                if other != outcome:
                    assert other_words not in body_text(document.data), (document.file_name, other)
            seen.add((document.kind, outcome))
    expected = {(kind, o) for kind, words in OUTCOME_WORDS.items() for o in words}
    assert seen == expected


def test_every_letter_passes_openxml_audit_with_no_errors(
    every_letter: dict[tuple[str, str], tuple[BuiltDocument, ...]], tmp_path: Path
) -> None:
    checked = 0
    for (name, outcome), documents in every_letter.items():
        for document in documents:
            path = tmp_path / f"{name}-{outcome}-{document.file_name}"
            path.write_bytes(document.data)
            assert openxml_errors(path) == [], path.name
            checked += 1
    assert checked >= 40


CHILD_FACING = {"letter-child", "letter-director-child", "information-sheet-child"}


def test_every_page_is_marked_and_the_footer_names_the_letter(
    every_letter: dict[tuple[str, str], tuple[BuiltDocument, ...]],
) -> None:
    documents = every_letter[("agency", "agreed")]
    assert {d.kind for d in documents} == set(OUTCOME_WORDS)
    for document in documents:
        with zipfile.ZipFile(io.BytesIO(document.data)) as archive:
            header = archive.read("word/header1.xml").decode()
            footer = archive.read("word/footer1.xml").decode()
        assert "OFFICIAL-SENSITIVE" in header and "OFFICIAL-SENSITIVE" in footer
        if document.kind == "permanency-certificate":
            # A keepsake: the marking alone (see test_letters_matrix for the profile setting).
            assert "PF-2026-0163" not in footer and "FINAL" not in footer
            assert "PAGE" not in footer
        elif document.kind in CHILD_FACING:
            # For the child: page numbers, but no case reference and no FINAL.
            assert "PF-2026-0163" not in footer and "FINAL" not in footer
            assert "NUMPAGES" in footer and " PAGE " in footer
        else:
            assert document.title in footer
            assert "PF-2026-0163" in footer and "FINAL" in footer
            assert "NUMPAGES" in footer and " PAGE " in footer


def test_letters_use_the_letterhead_date_reference_signature_and_cc_list(
    every_letter: dict[tuple[str, str], tuple[BuiltDocument, ...]],
) -> None:
    carers = next(d for d in every_letter[("existing", "agreed")] if d.kind == "letter-carers")
    text = body_text(carers.data)
    for expected in (
        "Example Borough Council",
        "1 Example Square",
        "Mrs Ruth Ellery and Mr Daniel Ellery",
        "27 Larkspur Close",
        "23 November 2026",
        "Our reference: PF-2026-0142",
        "Dear Ruth and Daniel,",
        "Private and confidential – addressee only",
        "Angela Fenwick",
        "Head of Service (Agency Decision Maker)",
        "Copies to:",
        "Priya Ramdas, child's social worker",
        "Gillian Sands, Independent Reviewing Officer",
    ):
        assert expected in text, expected


def test_each_parent_gets_their_own_letter(
    every_letter: dict[tuple[str, str], tuple[BuiltDocument, ...]],
) -> None:
    parents = [d for d in every_letter[("existing", "agreed")] if d.kind == "letter-birth-parent"]
    assert [d.file_name for d in parents] == [
        "PF-2026-0142_letter-birth-parent-mother.docx",
        "PF-2026-0142_letter-birth-parent-father.docx",
    ]
    mother, father = (body_text(d.data) for d in parents)
    # No title recorded in this fixture: the full name, never a guessed title.
    assert "Dear Kerry Thornbury," in mother and "Liam" not in mother
    assert "Dear Liam Prescott," in father and "Kerry" not in father
    assert "Family time every two months" in father


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_the_confidential_cases_parent_letter_contains_no_restricted_value(outcome: str) -> None:
    # An independent check, not the scan itself: every part's text, tags stripped, folded.
    case = with_decision(confidential(), outcome)
    [parent] = [d for d in rendered(case, draft=True) if d.kind == "letter-birth-parent"]
    text = normalise(text_of(parent.data))
    compact = text.replace(" ", "")
    for item in restricted_values(case):
        assert normalise(item.value) not in text, item.field
        assert normalise(item.value).replace(" ", "") not in compact, item.field
    for first_name in ("natalie", "jerome"):
        assert first_name not in text


def test_no_letter_for_the_parent_whose_whereabouts_are_unknown() -> None:
    result = render_letters(
        Rendering.of(confidential(), profile(), BuildOptions(as_of=AS_OF, draft=False))
    )
    assert not any("dwayne" in d.file_name for d in result.documents)
    assert any(f.code == "letters-parent-whereabouts-unknown" for f in result.findings)


def test_the_childs_letter_reports_its_reading_ease() -> None:
    result = render_letters(
        Rendering.of(existing_carers(), profile(), BuildOptions(as_of=AS_OF, draft=False))
    )
    assert result.reading_ease is not None
    assert result.reading_ease.age == 9
    assert result.reading_ease.flesch_reading_ease >= result.reading_ease.minimum_ease == 90
    assert result.reading_ease.band == "middle"
    [finding] = [f for f in result.findings if f.code == "letters-child-letter-reading-ease"]
    assert finding.severity == "info"
    assert f"{result.reading_ease.flesch_reading_ease:g}" in finding.message
    assert "90 or more and at most 12 words a sentence for a child of 9" in finding.message


def test_a_missing_value_stops_a_final_letter_but_is_marked_in_a_draft() -> None:
    data = existing_carers().model_dump(mode="json")
    data["birth_parents"][1]["address"] = None
    case = Case.model_validate(data)
    from permdocs.errors import RenderError

    with pytest.raises(RenderError, match=r"birth_parents\[1\]\.address"):
        rendered(case)
    father = next(
        d
        for d in rendered(case, draft=True)
        if d.file_name.endswith("letter-birth-parent-father.docx")
    )
    assert "[MISSING:" in body_text(father.data)


# --- LibreOffice: the letters open and convert ------------------------------------------------


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_converts_every_kind_of_letter(
    every_letter: dict[tuple[str, str], tuple[BuiltDocument, ...]], tmp_path: Path
) -> None:
    documents = {
        d.kind: d
        for key in (("agency", "agreed"), ("agency", "not-agreed"))
        for d in every_letter[key]
    }
    assert set(documents) == set(OUTCOME_WORDS)
    files = []
    for document in documents.values():
        files.append(tmp_path / document.file_name)
        files[-1].write_bytes(document.data)
    pdfs = convert_to_pdf(files, tmp_path / "pdf", tmp_path / "profile")
    for file, pdf in pdfs.items():
        assert pdf.is_file(), f"LibreOffice did not convert {file.name}"
        reader = PdfReader(pdf)
        for number, page in enumerate(reader.pages, start=1):
            text = " ".join(page.extract_text().split())
            assert text.count("OFFICIAL-SENSITIVE") >= 2, (file.name, number)
            if "certificate" not in file.name:
                assert f"Page {number} of {len(reader.pages)}" in text, (file.name, number)
        if "information-sheet" not in file.name:  # a sheet is not signed
            signatory = "Martin Oyelaran" if "director" in file.name else "Angela Fenwick"
            assert signatory in " ".join(p.extract_text() for p in reader.pages)
    # The keepsake fills one page: its signature sits in the lower half, not at mid-page.
    [certificate] = [pdf for file, pdf in pdfs.items() if "certificate" in file.name]
    assert len(PdfReader(certificate).pages) == 1
    assert _lowest_text_y(certificate, "Angela Fenwick") < _page_height(certificate) / 2


def _page_height(pdf: Path) -> float:
    return float(PdfReader(pdf).pages[0].mediabox.height)


def _lowest_text_y(pdf: Path, text: str) -> float:
    """Where ``text`` is drawn on the first page, from the bottom (PDF coordinates)."""
    found: list[float] = []

    def visit(content: str, _cm: object, tm: list[float], _font: object, _size: object) -> None:
        if text in content:
            found.append(tm[5])

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    assert found, f"{text!r} is not on the page"
    return min(found)


# --- the committed templates are what the generator makes -------------------------------------


def test_committed_letter_templates_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_letter_templates.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# --- the samples --------------------------------------------------------------------------------

SAMPLES = ROOT / "samples"
SAMPLE_NAMES = (
    "01-existing-carer-agreed",
    "02-siblings-new-carers-confidential",
    "03-ifa-teenager-pending",
)


def _sample(name: str) -> Case:
    from permdocs.api import load_case

    if not (SAMPLES / name).is_dir():
        pytest.skip(f"sample {name} is not in this checkout")
    return load_case(SAMPLES / name).case


@pytest.mark.parametrize("name", SAMPLE_NAMES)
@pytest.mark.parametrize("outcome", OUTCOMES)
def test_every_sample_renders_every_outcome_final(name: str, outcome: str) -> None:
    case = with_decision(_sample(name), outcome)
    documents = render_letters(
        Rendering.of(case, EVERYTHING, BuildOptions(as_of=AS_OF, draft=False))
    ).documents
    assert documents
    for document in documents:
        assert OUTCOME_WORDS[document.kind][outcome] in body_text(document.data)


def test_the_confidential_samples_parent_letter_holds_no_restricted_value() -> None:
    case = _sample("02-siblings-new-carers-confidential")
    result = render_letters(Rendering.of(case, profile(), BuildOptions(as_of=AS_OF, draft=False)))
    [parent] = [d for d in result.documents if d.kind == "letter-birth-parent"]
    assert parent.file_name == "PF-2026-0157_letter-birth-parent-mother.docx"
    text = normalise(text_of(parent.data))
    fields = {item.field for item in restricted_values(case)}
    assert {"carers.address.postcode", "child.education.school"} <= fields
    for item in restricted_values(case):
        assert normalise(item.value) not in text, item.field
    assert "whitfield" not in text and "orchard" not in text and "penbury" not in text
    assert any(f.code == "letters-parent-whereabouts-unknown" for f in result.findings)


def test_the_agreed_samples_letters_as_recorded() -> None:
    case = _sample("01-existing-carer-agreed")
    result = render_letters(Rendering.of(case, profile(), BuildOptions(as_of=AS_OF, draft=False)))
    assert [d.kind for d in result.documents] == [
        "letter-carers",
        "letter-social-worker",
        "letter-child",
        "letter-birth-parent",
        "letter-birth-parent",
    ]
    assert result.reading_ease is not None and not result.reading_ease.hard_for_age


def test_the_pending_sample_has_no_letters_yet() -> None:
    result = render_letters(
        Rendering.of(
            _sample("03-ifa-teenager-pending"), profile(), BuildOptions(as_of=AS_OF, draft=False)
        )
    )
    assert result.documents == ()
    assert [f.code for f in result.findings] == ["letters-no-decision"]
