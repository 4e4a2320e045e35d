"""How easy a child's letter is to read, measured with textstat, against what suits the child's age.

The child's letter is meant to be read by (or to) the child. Flesch Reading Ease is the measure Word
itself shows, so a council can reproduce the number; the Flesch-Kincaid grade is reported beside it.
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

_LANGUAGE = "en-GB"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SENTENCE_END = re.compile(r"[.!?][\"')\u2019\u201d]*$")
_MIN_WORDS = 3

# Flesch's own bands, with US school grades turned into ages (grade + 5 or 6): 90 and above is
# easily read by an average 11-year-old, 80 by 12, 70 by 13, 60 by 13 to 15, 50 by 15 to 18. The
# scale has no band for younger children, so they are held to the top band (their letter is
# usually read with them by an adult, which is why this warns rather than blocks).
_MINIMUM_EASE_BY_AGE: tuple[tuple[int, float], ...] = (
    (11, 90.0),
    (12, 80.0),
    (13, 70.0),
    (15, 60.0),
)
_MINIMUM_EASE_OLDER = 50.0


def minimum_ease_for_age(age: int) -> float:
    """The lowest Flesch Reading Ease a letter for a child of ``age`` should have."""
    for up_to, minimum in _MINIMUM_EASE_BY_AGE:
        if age <= up_to:
            return minimum
    return _MINIMUM_EASE_OLDER


@dataclass(frozen=True)
class ReadingEase:
    """A letter's reading scores and the bar for the child's age."""

    flesch_reading_ease: float
    flesch_kincaid_grade: float
    words: int
    sentences: int
    age: int
    minimum_ease: float

    @property
    def hard_for_age(self) -> bool:
        return self.flesch_reading_ease < self.minimum_ease

    def as_dict(self) -> dict[str, object]:
        return {
            "flesch_reading_ease": self.flesch_reading_ease,
            "flesch_kincaid_grade": self.flesch_kincaid_grade,
            "words": self.words,
            "sentences": self.sentences,
            "age": self.age,
            "minimum_ease": self.minimum_ease,
            "hard_for_age": self.hard_for_age,
        }


def measure(text: str, age: int) -> ReadingEase:
    """Score ``text`` (the letter's sentences) for a child of ``age``."""
    return ReadingEase(
        flesch_reading_ease=round(float(metrics.flesch_reading_ease(text, _LANGUAGE)), 1),
        flesch_kincaid_grade=round(float(metrics.flesch_kincaid_grade(text, _LANGUAGE)), 1),
        words=len(text.split()),
        sentences=len([p for p in re.split(r"(?<=[.!?])\s+", text.strip()) if p]),
        age=age,
        minimum_ease=minimum_ease_for_age(age),
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
