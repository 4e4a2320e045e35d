"""The child's letter is measured for reading ease, offline, against a bar for the child's age."""

from __future__ import annotations

import io

import docx
import pytest

from permdocs.letters.readability import letter_sentences, measure, minimum_ease_for_age
from permdocs.letters.words import BANDS, band_for_age

PLAIN = (
    "I have some happy news for you. Sam and Jo will be your foster family for good. "
    "They will look after you while you grow up. You can ask them anything."
)
HARD = (
    "Following comprehensive consideration of the recommendation, the Agency Decision Maker "
    "determined that the proposed arrangement constitutes an appropriate permanence "
    "configuration, notwithstanding outstanding documentation requirements."
)


def test_plain_words_score_as_easy_and_officialese_as_hard() -> None:
    easy, hard = measure(PLAIN, 9), measure(HARD, 9)
    assert easy.flesch_reading_ease >= 90
    assert not easy.hard_for_age
    assert hard.flesch_reading_ease < 30
    assert hard.hard_for_age
    assert hard.flesch_kincaid_grade > easy.flesch_kincaid_grade


def test_each_age_band_has_its_own_targets() -> None:
    bands = {age: band_for_age(age).name for age in (3, 7, 8, 11, 12, 17)}
    assert bands == {3: "young", 7: "young", 8: "middle", 11: "middle", 12: "teen", 17: "teen"}
    assert [minimum_ease_for_age(age) for age in (6, 9, 14)] == [90.0, 90.0, 70.0]
    # Younger readers need shorter sentences, never longer ones.
    lengths = [band.longest_sentences for band in BANDS]
    assert lengths == sorted(lengths)
    eases = [band.minimum_ease for band in BANDS]
    assert eases == sorted(eases, reverse=True)


def test_long_sentences_are_hard_for_a_young_child_even_in_easy_words() -> None:
    long_easy = (
        "Sam and Jo and the dog will all go to the park and then go home for tea. You can play"
        " a game with them and then read a book and then go to bed now."
    )
    result = measure(long_easy, 6)
    assert result.flesch_reading_ease >= 90
    assert result.words_per_sentence > result.longest_sentences
    assert result.hard_for_age
    assert not measure(PLAIN, 6).hard_for_age


def test_measuring_never_downloads_anything(monkeypatch: pytest.MonkeyPatch) -> None:
    # textstat fetches NLTK's CMU dictionary over the network for "en"/"en_US"; we must not.
    import nltk

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("readability tried to download NLTK data")

    monkeypatch.setattr(nltk, "download", refuse)
    assert measure("A short letter that is quick to read.", 8).words == 8


def test_only_the_letters_sentences_are_measured() -> None:
    document = docx.Document()
    for line in (
        "Maisie Thornbury",
        "27 Larkspur Close",
        "ZZ1 4QT",
        "23 November 2026",
        "Dear Maisie,",
    ):
        document.add_paragraph(line)
    document.add_paragraph("I have some happy news for you.")
    document.add_paragraph("Ruth and Daniel will be your foster family for good!")
    document.add_paragraph("With best wishes,")
    document.sections[0].footer.paragraphs[0].text = "Letter to the child. Case PF-1. Page 1 of 1."
    buffer = io.BytesIO()
    document.save(buffer)
    assert letter_sentences(buffer.getvalue()).splitlines() == [
        "I have some happy news for you.",
        "Ruth and Daniel will be your foster family for good!",
    ]


def test_the_result_reports_score_grade_and_bar() -> None:
    result = measure(PLAIN, 12).as_dict()
    assert set(result) == {
        "flesch_reading_ease",
        "flesch_kincaid_grade",
        "words",
        "sentences",
        "words_per_sentence",
        "age",
        "band",
        "minimum_ease",
        "longest_sentences",
        "hard_for_age",
    }
    assert result["minimum_ease"] == 70.0 and result["band"] == "teen"
    assert result["sentences"] == 4
