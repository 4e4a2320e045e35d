"""How easy a child's letter is to read, measured with textstat, against what suits the child's age.

The child's letter is meant to be read by (or to) the child. Flesch Reading Ease is the measure Word
itself shows, so a council can reproduce the number; the Flesch-Kincaid grade is reported beside it.
Each age band (``words.BANDS``: up to 7, 8 to 11, 12 and over) has two targets: a lowest reading
ease and a most words a sentence may have on average.
Only the letter's sentences are measured: the letterhead, address block, date and reference are
not prose and would skew both scores.

textstat (0.7.5 and later) counts English syllables with NLTK's CMU dictionary, which it downloads
from the internet the first time it is used. permdocs runs on council machines that are often
offline and must never reach out to the network with children's letters in hand, so the language
is given as ``en-GB`` (a hyphenated locale): textstat then counts syllables with the Pyphen
hyphenation dictionary it ships, and its English formula constants still apply. A test pins this,
so an upgrade that changes it fails loudly rather than starting to download.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from lxml import etree
from textstat.backend import metrics

from ..render.verify import strict_parser
from .words import band_for_age

_LANGUAGE = "en-GB"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SENTENCE_END = re.compile(r"[.!?][\"')\u2019\u201d]*$")
_MIN_WORDS = 3


def minimum_ease_for_age(age: int) -> float:
    """The lowest Flesch Reading Ease a letter for a child of ``age`` should have: its age
    band's target (``words.BANDS``)."""
    return band_for_age(age).minimum_ease


@dataclass(frozen=True)
class ReadingEase:
    """A letter's reading scores and the targets of the child's age band."""

    flesch_reading_ease: float
    flesch_kincaid_grade: float
    words: int
    sentences: int
    age: int
    minimum_ease: float
    band: str
    """The child's age band: young (up to 7), middle (8 to 11), teen (12 and over)."""
    longest_sentences: float
    """The band's most words a sentence may have on average."""

    @property
    def words_per_sentence(self) -> float:
        return round(self.words / self.sentences, 1) if self.sentences else 0.0

    @property
    def hard_for_age(self) -> bool:
        return (
            self.flesch_reading_ease < self.minimum_ease
            or self.words_per_sentence > self.longest_sentences
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "flesch_reading_ease": self.flesch_reading_ease,
            "flesch_kincaid_grade": self.flesch_kincaid_grade,
            "words": self.words,
            "sentences": self.sentences,
            "words_per_sentence": self.words_per_sentence,
            "age": self.age,
            "band": self.band,
            "minimum_ease": self.minimum_ease,
            "longest_sentences": self.longest_sentences,
            "hard_for_age": self.hard_for_age,
        }


def measure(text: str, age: int) -> ReadingEase:
    """Score ``text`` (the letter's sentences) for a child of ``age``, against the targets of
    the child's age band."""
    band = band_for_age(age)
    return ReadingEase(
        flesch_reading_ease=round(float(metrics.flesch_reading_ease(text, _LANGUAGE)), 1),
        flesch_kincaid_grade=round(float(metrics.flesch_kincaid_grade(text, _LANGUAGE)), 1),
        words=len(text.split()),
        sentences=len([p for p in re.split(r"(?<=[.!?])\s+", text.strip()) if p]),
        age=age,
        minimum_ease=band.minimum_ease,
        band=band.name,
        longest_sentences=band.longest_sentences,
    )


def letter_sentences(docx: bytes) -> str:
    """The body paragraphs of a rendered letter that are prose: sentences of three words or more.

    Letterhead lines, the address block, the date and headings do not end a sentence and are left
    out; headers and footers live in other parts and are never read.
    """
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"), strict_parser())
    kept: list[str] = []
    for paragraph in root.iter(f"{_W}p"):
        text = " ".join("".join(node.text or "" for node in paragraph.iter(f"{_W}t")).split())
        if len(text.split()) >= _MIN_WORDS and _SENTENCE_END.search(text):
            kept.append(text)
    return "\n".join(kept)
