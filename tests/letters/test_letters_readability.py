"""The child's letter is measured for reading ease, offline, against a bar for the child's age."""

from __future__ import annotations

import io

import docx
import pytest

from permdocs.letters.readability import (
    flesch_scores,
    letter_sentences,
    measure,
    minimum_ease_for_age,
    syllables,
)
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


def test_measuring_needs_no_network_and_no_heavy_library(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket
    import subprocess
    import sys

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("readability tried to reach the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert measure("A short letter that is quick to read.", 8).words == 8
    # Scoring a letter reads a hyphenation dictionary; it imports no language toolkit.
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from permdocs.letters.readability import measure; "
            "measure('One small test of the score.', 9); print(sorted(sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "'nltk'" not in loaded and "'textstat'" not in loaded and "'pyphen'" not in loaded


# Scores worked out by hand from Flesch's formula, for sentences whose every word the hyphenation
# dictionary splits as a dictionary of pronunciation would: the well-known 116 for the cat on the
# mat, and the same sentence made of longer words.
@pytest.mark.parametrize(
    ("text", "words", "syllables", "sentences", "ease", "grade"),
    [
        ("The cat sat on the mat.", 6, 6, 1, 116.1, -1.4),
        ("The yellow rabbit ate a wonderful basket of paper.", 9, 15, 1, 56.7, 7.6),
        ("We went home. It was late and dark. Dad made tea for us all.", 14, 14, 3, 117.5, -2.0),
    ],
)
def test_known_flesch_scores(
    text: str, words: int, syllables: int, sentences: int, ease: float, grade: float
) -> None:
    per_sentence, per_word = words / sentences, syllables / words
    assert round(206.835 - 1.015 * per_sentence - 84.6 * per_word, 1) == ease
    assert round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1) == grade
    result = measure(text, 9)
    assert (result.flesch_reading_ease, result.flesch_kincaid_grade) == (ease, grade)


# The scores textstat 0.7.13 gave (en-GB, Pyphen 0.18) before permdocs counted them itself: a
# council's letters score as they did.
@pytest.mark.parametrize(
    ("text", "ease", "grade"),
    [
        ("The Australian platypus is seemingly a hybrid of a mammal and reptilian creature.",
         56.9785, 8.5415),
        ("This sentence, taken as a reading passage unto itself, is being used to prove a point.",
         74.27, 6.875),
        (PLAIN, 108.9107, -0.0062),
        (HARD, -46.65, 25.7283),
        ("Don't worry. You're safe here, and we'll keep you safe! Isn't that good? 'Yes,' she "
         "said.", 111.5342, -0.9725),
        ("Hi. Yes. Thank you very much for everything.", 114.115, -0.67),
    ],
)  # fmt: skip
def test_scores_are_those_textstat_gave(text: str, ease: float, grade: float) -> None:
    got_ease, got_grade = flesch_scores(text)
    assert round(got_ease, 4) == ease
    assert round(got_grade, 4) == grade


def test_syllables_come_from_the_hyphenation_dictionary() -> None:
    words = ("cat", "yellow", "Wonderful", "holiday", "following")
    assert [syllables(word) for word in words] == [1, 2, 3, 3, 3]
    assert flesch_scores("") == (0.0, 0.0)
    assert flesch_scores("... !!!") == (0.0, 0.0)


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


def test_hyphenation_points_are_pyphens_for_every_word_of_the_samples_and_docs() -> None:
    import re
    from pathlib import Path

    import pyphen

    from permdocs.letters.readability import _hyphenation

    root = Path(__file__).resolve().parents[2]
    words: set[str] = set()
    for path in [*root.glob("samples/*/case.yaml"), *root.glob("docs/*.md"), root / "README.md"]:
        words |= set(re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", path.read_text(encoding="utf-8")))
    assert len(words) > 2000
    reference = pyphen.Pyphen(lang="en_GB")
    ours = _hyphenation()
    assert [w for w in sorted(words) if ours.points(w) != reference.positions(w)] == []
