"""How easy a child's letter is to read, against what suits the child's age.

The child's letter is meant to be read by (or to) the child. Flesch Reading Ease is the measure Word
itself shows, so a council can reproduce the number; the Flesch-Kincaid grade is reported beside it.
Each age band (``words.BANDS``: up to 7, 8 to 11, 12 and over) has two targets: a lowest reading
ease and a most words a sentence may have on average.
Only the letter's sentences are measured: the letterhead, address block, date and reference are
not prose and would skew both scores.

Syllables are counted with the British English hyphenation dictionary that Pyphen ships (a
word's hyphenation points plus one, found as Pyphen finds them), read from disk the first time a
letter is scored: nothing is downloaded, and nothing heavy is imported with the build. Words, sentences and both formulas
are counted exactly as textstat 0.7 counted them with the same dictionary (which permdocs used
before; it imported NLTK, a quarter of a second of every build's start-up, and would download
NLTK's pronouncing dictionary for plain "en"), and the tests hold the scores it gave.
"""

from __future__ import annotations

import importlib.util
import io
import re
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from ..render.verify import strict_parser
from .words import band_for_age

_HYPHENATION = "en_GB"
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
    ease, grade = flesch_scores(text)
    return ReadingEase(
        flesch_reading_ease=round(ease, 1),
        flesch_kincaid_grade=round(grade, 1),
        words=len(text.split()),
        sentences=len([p for p in re.split(r"(?<=[.!?])\s+", text.strip()) if p]),
        age=age,
        minimum_ease=band.minimum_ease,
        band=band.name,
        longest_sentences=band.longest_sentences,
    )


# --- the counts and the formulas --------------------------------------------------------------

# An apostrophe is kept only where it starts a contraction's ending (don't, you're, we'll).
_NOT_CONTRACTION = re.compile(r"'(?!(?:[tsd]|ve|ll|re))")
_PUNCTUATION = re.compile(r"[^\w\s']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")


def _words(text: str) -> list[str]:
    return _PUNCTUATION.sub("", _NOT_CONTRACTION.sub("", text)).split()


def _sentence_count(text: str) -> int:
    """Sentences, not counting any of two words or fewer ("Hi.", "Yes, please."); at least one."""
    sentences = _SENTENCE.findall(text)
    short = sum(1 for sentence in sentences if len(_words(sentence)) <= 2)
    return max(1, len(sentences) - short)


class _Hyphenation:
    """Liang's hyphenation patterns from Pyphen's British English dictionary (``hyph_en_GB.dic``),
    read as Pyphen reads them, giving the same points (Pyphen's default margins, two letters
    each side). Each line is kept as written and its numbers are read only when a word needs
    that pattern: a letter needs a few hundred of its 14,000, and reading them all, as Pyphen
    does, took a tenth of a second of every build that scores a letter."""

    _MARGIN = 2
    _IGNORED = (
        "%",
        "#",
        "LEFTHYPHENMIN",
        "RIGHTHYPHENMIN",
        "COMPOUNDLEFTHYPHENMIN",
        "COMPOUNDRIGHTHYPHENMIN",
    )
    _DIGITS = str.maketrans("", "", "0123456789")
    _NONZERO = frozenset("123456789")

    def __init__(self, text: str) -> None:
        self._raw: dict[str, str] = {}
        for line in text.split("\n")[1:]:  # the first line names the encoding
            line = line.strip()
            # A pattern of zeros only changes nothing (and, as in Pyphen, replaces nothing).
            if line and not line.startswith(self._IGNORED) and not self._NONZERO.isdisjoint(line):
                self._raw[line.translate(self._DIGITS)] = line
        self._longest = max(len(key) for key in self._raw)
        self._weights: dict[str, tuple[int, tuple[int, ...]]] = {}

    def _pattern(self, letters: str) -> tuple[int, tuple[int, ...]] | None:
        found = self._weights.get(letters)
        if found is None:
            raw = self._raw.get(letters)
            if raw is None:
                return None
            values: list[int] = []
            pending = 0
            for char in raw:
                if char.isdigit():
                    pending = int(char)
                else:
                    values.append(pending)
                    pending = 0
            values.append(pending)
            start, end = 0, len(values)
            while not values[start]:
                start += 1
            while not values[end - 1]:
                end -= 1
            found = self._weights[letters] = (start, tuple(values[start:end]))
        return found

    def points(self, word: str) -> list[int]:
        """Where ``word`` may be hyphenated (indexes of the letters a hyphen would precede)."""
        dotted = f".{word.lower()}."
        weights = [0] * (len(dotted) + 1)
        for i in range(len(dotted) - 1):
            for j in range(i + 1, min(i + self._longest, len(dotted)) + 1):
                pattern = self._pattern(dotted[i:j])
                if pattern is not None:
                    offset, values = pattern
                    for k, value in enumerate(values, start=i + offset):
                        weights[k] = max(weights[k], value)
        last = len(word) - self._MARGIN
        return [
            i - 1
            for i, weight in enumerate(weights)
            if weight % 2 and self._MARGIN <= i - 1 <= last
        ]


@cache
def _hyphenation() -> _Hyphenation:
    # Found without importing pyphen (which lists every dictionary it has when imported).
    spec = importlib.util.find_spec("pyphen")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        path = Path(folder) / "dictionaries" / f"hyph_{_HYPHENATION}.dic"
        if path.is_file():
            return _Hyphenation(path.read_text(encoding="utf-8"))
    raise RuntimeError(  # pragma: no cover - pyphen is a dependency
        f"Pyphen's hyph_{_HYPHENATION}.dic was not found: reinstall permdocs"
    )


def syllables(word: str) -> int:
    """A word's syllables: its hyphenation points in the British English dictionary, plus one."""
    return len(_hyphenation().points(word)) + 1


def flesch_scores(text: str) -> tuple[float, float]:
    """(Flesch Reading Ease, Flesch-Kincaid grade) of ``text``; (0, 0) for text with no words.

    Reading Ease is 206.835 - 1.015 x words per sentence - 84.6 x syllables per word; the grade
    is 0.39 x words per sentence + 11.8 x syllables per word - 15.59.
    """
    words = _words(text)
    if not words:
        return 0.0, 0.0
    per_sentence = len(words) / _sentence_count(text)
    per_word = sum(syllables(word) for word in words) / len(words)
    ease = 206.835 - 1.015 * per_sentence - 84.6 * per_word
    grade = 0.39 * per_sentence + 11.8 * per_word - 15.59
    return ease, grade


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
