"""Finding restricted terms in text however it is written: the matching half of the gate.

Text is first *folded* (:func:`fold`) into a key in which the ways people and hostile templates
disguise a word no longer differ:

- Unicode NFKC and then NFKD, with every combining mark dropped ("Whítfield", full-width
  letters, ligatures);
- invisible characters removed: format characters (zero-width spaces and joiners, soft hyphens,
  bidi controls), variation selectors, Hangul fillers, the braille blank and Unicode's other
  default-ignorable code points;
- look-alike letters of other scripts (Cyrillic "а", Greek "ο", Cherokee, mathematical letters)
  replaced by the Latin letter they imitate, from Unicode's confusables data (UTS #39) as the
  ``confusable-homoglyphs`` package ships it; digits of any script become ASCII digits;
- curly quotes and dashes straightened; case folded, except that a capital I stays a capital I
  (a capital I and a small l look alike, so a term's "l" also matches a capital "I", while "Ali"
  never matches "all");
- whitespace collapsed to one space, paragraph boundaries kept as a line break (sentences matter
  for names that are also everyday words, below).

A second, *collapsed* key joins letters typed apart ("W h i t f i e l d", "W.h.i.t.f.i.e.l.d",
"Whit-field"); both keys are searched. Every key character remembers where it came from, so a hit
can quote the words as they were written and look at their capital letters.

Terms (``restricted.Term``) become patterns (:func:`term_pattern`): words separated by any
spaces, commas, hyphens, dots or none ("Hughes-Okafor", "Hughes Okafor", "HughesOkafor"); names
plural or possessive; common abbreviations as alternatives (Rd/Road, St/Saint, &/and,
CofE/Church of England); in terms of four or more letters, ASCII look-alikes too (0 for o, 1 or a
capital I for l, "rn" for m, "vv" for w); in long words, one or two spaces inside ("Whit field").

Names that are also everyday words ("Will", "May", "Rose", "Hall", "Young", "Best") are matched
only where they are used as names (``everyday.used_as_name``): after a title or kinship word
("Mrs May", "Nan Rose"), as a family ("the Halls"), written with a capital letter inside a
sentence, or at the start of a sentence when the next word shows a person ("Will will bring",
"Rose said"); never as "you may", "Best wishes" or "in May 2026" (the word lists are in
``everyday``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .everyday import is_everyday, used_as_name

if TYPE_CHECKING:  # restricted uses this module's word lists
    from .restricted import Term

# --- folding -----------------------------------------------------------------------------------

# Unicode's Default_Ignorable_Code_Point ranges that are not already format characters (Cf) or
# combining marks (both dropped by category): fillers and blanks that render as nothing.
_IGNORABLE_RANGES = (
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x2800, 0x2800),  # braille pattern blank: looks like a space
    (0x3164, 0x3164),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0xE0000, 0xE0FFF),
)
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
_STRAIGHTEN = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u02bc": "'",
    "`": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u00b7": ".",
    "\u2022": ".",
    "\u2027": ".",
}


def _ignorable(ch: str) -> bool:
    category = unicodedata.category(ch)
    if category in ("Cf", "Mn", "Me"):
        return True
    code = ord(ch)
    return any(low <= code <= high for low, high in _IGNORABLE_RANGES)


@functools.cache
def _invisible() -> re.Pattern[str]:
    """Every format character and default-ignorable code point, as one character class
    (worked out once, when a case first restricts something)."""
    # Format characters live in the first two planes and in plane 14 (tags), added below.
    codes = [code for code in range(0x80, 0x20000) if unicodedata.category(chr(code)) == "Cf"]
    codes += [code for low, high in _IGNORABLE_RANGES for code in range(low, high + 1)]
    codes += [0x034F, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]
    ranges: list[list[int]] = []
    for code in sorted(set(codes)):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    body = "".join(
        re.escape(chr(low)) + ("-" + re.escape(chr(high)) if high > low else "")
        for low, high in ranges
    )
    return re.compile(f"[{body}]")


@functools.cache
def _confusables() -> dict[str, str]:
    """Each non-ASCII character that imitates an ASCII letter or digit, with that character.

    Read from Unicode's confusables data as ``confusable-homoglyphs`` ships it (loaded only when
    a case restricts something, since it takes a moment). An upper-case look-alike maps to an
    upper-case letter and a lower-case one to a lower-case letter where the data offers both, so
    a Greek capital iota stays a capital I and Cyrillic palochka becomes a small l.
    """
    from confusable_homoglyphs import confusables

    table: dict[str, str] = {}
    for char, entries in confusables.confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        candidates = []
        for entry in entries:
            glyph = "".join(ch for ch in str(entry.get("c", "")) if not _ignorable(ch))
            if len(glyph) == 1 and glyph.isascii() and glyph.isalnum():
                candidates.append(glyph)
        if not candidates:
            continue
        upper = unicodedata.category(char) in ("Lu", "Lt")
        letters = [c for c in candidates if c.isalpha()] or candidates
        cased = [c for c in letters if c.isupper() == upper] or letters
        table[char] = cased[0]
    return table


def _fold_char(ch: str) -> str:
    if ch in _STRAIGHTEN:
        return _STRAIGHTEN[ch]
    if ch in _LINE_BREAKS:
        return "\n"
    if ch.isspace():
        return " "
    if ch.isascii():
        return ch if ch == "I" else ch.lower()
    if unicodedata.category(ch) == "Nd":
        return str(unicodedata.decimal(ch))
    mapped = _confusables().get(ch)
    if mapped is not None:
        return mapped if mapped == "I" else mapped.lower()
    return ch.casefold()


@dataclass(frozen=True)
class Folded:
    """``source`` folded for matching: ``key[i]`` came from ``source[origin[i]]``."""

    source: str
    key: str
    origin: tuple[int, ...]

    def quote(self, start: int, end: int) -> str:
        """The words of ``source`` behind ``key[start:end]``, as they were written."""
        if start >= end:
            return ""
        return self.source[self.origin[start] : self.origin[end - 1] + 1]


_ASCII_FOLD = str.maketrans(
    {
        **{chr(code): chr(code + 32) for code in range(ord("A"), ord("Z") + 1) if chr(code) != "I"},
        **dict.fromkeys("\n\r\x0b\x0c\x1c\x1d\x1e", "\n"),
        **{chr(code): " " for code in range(0x20) if chr(code) not in "\n\r\v\f\x1c\x1d\x1e"},
        "\x7f": " ",
        "`": "'",
    }
)
_SEGMENTS = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")
_BLANKS = re.compile(r"[ \n]+")


def fold(text: str) -> Folded:
    """``text`` as the gate compares it (see the module's docstring)."""
    pieces: list[str] = []
    origin: list[int] = []
    for segment in _SEGMENTS.finditer(text):
        start, end = segment.span()
        if text[start].isascii():
            # Most text is ASCII: translated at C speed, one origin per character.
            pieces.append(segment.group(0).translate(_ASCII_FOLD))
            origin.extend(range(start, end))
            continue
        for index in range(start, end):
            ch = text[index]
            for piece in unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", ch)):
                if piece not in _LINE_BREAKS and _ignorable(piece):
                    continue
                for out in _fold_char(piece):
                    pieces.append(out)
                    origin.append(index)
    return _squeeze(text, "".join(pieces), origin)


def _squeeze(source: str, key: str, origin: Sequence[int]) -> Folded:
    """Runs of spaces become one space, and any run holding a line break one line break; no
    space at either end."""
    parts: list[str] = []
    where: list[int] = []
    position = 0
    for blank in _BLANKS.finditer(key):
        start, end = blank.span()
        parts.append(key[position:start])
        where.extend(origin[position:start])
        if start > 0 and end < len(key):
            parts.append("\n" if "\n" in blank.group(0) else " ")
            where.append(origin[start])
        position = end
    parts.append(key[position:])
    where.extend(origin[position:])
    return Folded(source, "".join(parts), tuple(where))


def normalise(text: str) -> str:
    """The folded key of ``text`` with every line break as a space: how terms are compared."""
    return fold(text).key.replace("\n", " ")


# Letters typed apart: three or more single letters or digits, each followed by one to three
# spaces, dots, hyphens, slashes or the like ("W h i t f i e l d", "Z.Z.6 2.R.B").
_SPACED_RUN = re.compile(r"(?<![^\W_])(?:[^\W_][ \n.\-_*/|~+]{1,3}){2,}[^\W_](?![^\W_])")
# Punctuation inside a word ("Whit-field", "Whit.field", "Mary's"), removed in the collapsed key.
_INNER_JOINER = re.compile(r"(?<=[^\W_])[-._*'~+/]+(?=[^\W_])")


def collapse(folded: Folded) -> Folded:
    """``folded`` with letters typed apart joined up; ``None``-like (the same) if nothing was."""
    key, origin = folded.key, folded.origin
    keep = [True] * len(key)
    for match in _INNER_JOINER.finditer(key):
        for index in range(match.start(), match.end()):
            keep[index] = False
    for match in _SPACED_RUN.finditer(key):
        for index in range(match.start(), match.end()):
            if not key[index].isalnum():
                keep[index] = False
    if all(keep):
        return folded
    chars = [ch for ch, kept in zip(key, keep, strict=True) if kept]
    where = [index for index, kept in zip(origin, keep, strict=True) if kept]
    return Folded(folded.source, "".join(chars), tuple(where))


# --- patterns ----------------------------------------------------------------------------------

_WORD_BEFORE = r"(?<![^\W_])"
_WORD_AFTER = r"(?![^\W_])"
_GAP = r"[\s,\-./]*"
_SUFFIX = r"(?:'s|s'|es|s|')?"
# ASCII look-alikes inside longer terms, as a key holds them (see fold: a capital I is kept).
_LOOKALIKE = {
    "i": "[iI1|!]",
    "l": "[lI1|]",
    "o": "[o0]",
    "0": "[0o]",
    "1": "[1lI|]",
    "m": "(?:m|rn)",
    "w": "(?:w|vv)",
    "d": "(?:d|cl)",
}
_MIN_LOOKALIKE = 4
_MIN_SPLIT = 7  # a word this long may be typed with a space inside it ("Whit field")
_MIN_PIECE = 3

# Words written more than one way: each alternative of a group matches the others.
_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("road", "rd"),
    ("avenue", "ave", "av"),
    ("lane", "ln"),
    ("drive", "dr", "drv"),
    ("close", "cl"),
    ("court", "ct"),
    ("crescent", "cres", "cresc"),
    ("place", "pl"),
    ("square", "sq"),
    ("terrace", "terr", "tce"),
    ("gardens", "gdns"),
    ("grove", "gro"),
    ("park", "pk"),
    ("parade", "pde"),
    ("mount", "mt"),
    ("boulevard", "blvd"),
    ("heights", "hts"),
    ("upper", "upr"),
    ("lower", "lwr"),
    ("great", "gt"),
    ("north", "n"),
    ("south", "s"),
    ("east", "e"),
    ("west", "w"),
    ("and", "&", "+", "n"),
    ("cofe", "ce", "c of e", "church of england"),
    ("rc", "roman catholic"),
    ("junior", "jnr", "jun"),
    ("infant", "infants", "inf"),
    ("primary", "prim"),
    ("school", "sch"),
    ("academy", "acad"),
)
_SAINT = ("saint", "st", "ste")
_STREET = ("street", "st", "str")


def _alternatives(word: str, *, first: bool, last: bool) -> tuple[str, ...]:
    bare = word.rstrip(".")
    if bare in ("st", "saint", "ste", "street", "str"):
        # "St" before a name is Saint ("St Mary's"); at the end it is Street ("High St").
        return _STREET if (last and not first) or bare in ("street", "str") else _SAINT
    for group in _SYNONYMS:
        if bare in group:
            return group
    return (bare,)


def _letters(word: str, *, lookalikes: bool, split: bool) -> str:
    """One word as a pattern: each character, with look-alikes and inner gaps where allowed."""
    possessive = word.endswith("'s") and len(word) > 2
    if possessive:
        word = word[:-2]
    chars = [ch for ch in word if ch != "'"]
    pieces: list[str] = []
    for index, ch in enumerate(chars):
        if pieces and split and _MIN_PIECE <= index <= len(chars) - _MIN_PIECE:
            pieces.append(r"(?:[ \n]|-\n?)?")
        elif pieces and "'" in word:
            pieces.append("'?")
        pieces.append(_LOOKALIKE.get(ch, re.escape(ch)) if lookalikes else re.escape(ch))
    body = "".join(pieces)
    return body + "(?:'?s)?" if possessive else body


def _phrase(words: Sequence[str], *, place: bool) -> str:
    alnum = sum(ch.isalnum() for word in words for ch in word)
    lookalikes = alnum >= _MIN_LOOKALIKE
    parts: list[str] = []
    for index, word in enumerate(words):
        options = (
            _alternatives(word, first=index == 0, last=index == len(words) - 1)
            if place
            else (word,)
        )
        compiled = []
        for option in options:
            tokens = option.split()
            compiled.append(
                _GAP.join(
                    _letters(
                        token,
                        lookalikes=lookalikes,
                        split=len(token) >= _MIN_SPLIT and token.isalpha(),
                    )
                    for token in tokens
                )
            )
        parts.append(compiled[0] if len(compiled) == 1 else "(?:" + "|".join(compiled) + ")")
    return _GAP.join(parts)


def _words(text: str) -> list[str]:
    key = normalise(text).lower()
    return [word for word in re.split(r"[\s,\-/]+", key) if word and word != "."]


def _chars_pattern(chars: str) -> str:
    """Characters in order, any of them typed apart with spaces, dots, hyphens or slashes."""
    return r"[\s.\-_/]{0,2}".join(_LOOKALIKE.get(ch, re.escape(ch)) for ch in chars)


def term_pattern(term: Term) -> re.Pattern[str]:
    """The pattern that finds ``term`` in a folded key."""
    if term.kind == "postcode":
        compact = "".join(ch for ch in normalise(term.text).lower() if ch.isalnum())
        return re.compile(_WORD_BEFORE + _chars_pattern(compact) + _WORD_AFTER)
    if term.kind == "phone":
        digits = "".join(ch for ch in term.text if ch.isdigit())
        national = re.sub(r"^(?:0044|44|0)", "", digits) if len(digits) > 6 else digits
        prefix = r"(?:(?:\+|00)[\s.\-()]*44[\s.\-()]*(?:\(\s*0\s*\)[\s.\-()]*)?|0[\s.\-()]*)?"
        body = r"[\s.\-()/]{0,3}".join(_LOOKALIKE.get(ch, ch) for ch in national)
        return re.compile(r"(?<![0-9])" + prefix + body + r"(?![0-9])")
    if term.kind == "email":
        local, _, domain = normalise(term.text).lower().partition("@")
        dot = r"\s*(?:[._\-+]|[(\[]?\s*dot\s*[)\]]?)\s*"
        at = r"\s*(?:@|[(\[]?\s*at\s*[)\]]?)\s*"
        pieces = [
            dot.join(_chars_pattern(t) for t in re.split(r"[._\-+]", part) if t)
            for part in (local, domain)
        ]
        return re.compile(_WORD_BEFORE + at.join(piece for piece in pieces if piece) + _WORD_AFTER)
    if term.kind == "titled":
        titles, _, surname = term.text.rpartition(" ")
        options = "|".join(_phrase(title.split(), place=True) for title in titles.split("|"))
        name = _letters(surname.lower(), lookalikes=len(surname) >= _MIN_LOOKALIKE, split=False)
        return re.compile(
            _WORD_BEFORE + f"(?:{options})" + r"\.?[\s,]+" + name + _SUFFIX + _WORD_AFTER
        )
    words = _words(term.text)
    body = _phrase(words, place=term.kind == "place")
    return re.compile(_WORD_BEFORE + body + _SUFFIX + _WORD_AFTER)


# --- finding -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One restricted term found in a text, with the words that matched as they were written."""

    term: Term
    words: str


@dataclass(frozen=True)
class Allowed:
    """What a text is meant to show, so a restricted term inside it is no leak.

    ``phrases`` may appear anywhere (the child's and the parent's own names, the professionals'
    names); ``blocks`` only whole and in order (the parent's address as its address block, the
    council's letterhead), so the parent's town is never a licence for the same word elsewhere.
    """

    phrases: tuple[str, ...] = ()
    blocks: tuple[tuple[str, ...], ...] = ()

    @functools.cached_property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        found = []
        for phrase in dict.fromkeys(self.phrases):
            words = _words(phrase)
            if words and any(ch.isalnum() for ch in phrase):
                found.append(re.compile(_WORD_BEFORE + _phrase(words, place=False) + _WORD_AFTER))
        for block in dict.fromkeys(self.blocks):
            words = [word for line in block for word in _words(line)]
            if words:
                found.append(re.compile(_WORD_BEFORE + _phrase(words, place=False) + _WORD_AFTER))
        return tuple(found)


class Matcher:
    """Finds a set of terms in texts, outside what the text is meant to show."""

    def __init__(self, terms: Iterable[Term], allowed: Allowed | None = None) -> None:
        self.terms = tuple(term for term in terms if term.searchable)
        self.allowed = allowed or Allowed()
        self._patterns = [(term, term_pattern(term), _everyday_term(term)) for term in self.terms]

    def hits(self, text: str, *, names_need_context: bool = True) -> list[Hit]:
        """Every term found in ``text``, once each, in the order of the terms.

        ``names_need_context`` false matches everyday-word names wherever they occur (for text
        no reader sees as prose, such as a bookmark name); it is never used to match less.
        """
        if not self.terms or not text.strip():
            return []
        keys: list[Folded] = []
        for version in (text, *_display_orders(text)):
            first = fold(version)
            keys.append(first)
            second = collapse(first)
            if second.key != first.key:
                keys.append(second)
        found: dict[Term, Hit] = {}
        for folded in keys:
            spans: list[tuple[int, int]] | None = None  # worked out at the first match only
            for term, pattern, everyday in self._patterns:
                if term in found:
                    continue
                for match in pattern.finditer(folded.key):
                    start, end = match.span()
                    if spans is None:
                        spans = [
                            m.span()
                            for allow in self.allowed.patterns
                            for m in allow.finditer(folded.key)
                        ]
                    if any(a <= start and end <= b for a, b in spans):
                        continue
                    if (
                        everyday
                        and names_need_context
                        and not used_as_name(folded, start, end, term.text)
                    ):
                        continue
                    found[term] = Hit(term, folded.quote(start, end))
                    break
        return [found[term] for term in self.terms if term in found]


_OVERRIDE = re.compile("\u202e([^\u202c\u202a\u202d\n]*)(?:\u202c|$)", re.MULTILINE)


def _display_orders(text: str) -> list[str]:
    """``text`` as a reader sees it where a right-to-left override reverses the letters typed
    after it ("\u202edleiftihW" shows "Whitfield")."""
    if "\u202e" not in text:
        return []
    return [_OVERRIDE.sub(lambda match: match.group(1)[::-1], text)]


def _everyday_term(term: Term) -> bool:
    """Whether ``term`` needs a name's context: a single everyday word, or a short place made of
    them. A name of two or more words ("Rose Hall") and a longer place ("Meadow Primary
    School") are specific enough written any way."""
    words = normalise(term.text).split()
    if term.kind == "name":
        return len(words) == 1 and is_everyday(term.text)
    return term.kind == "place" and len(words) <= 2 and is_everyday(term.text)


# --- characters that hide text ----------------------------------------------------------------

# Bidi embeddings, overrides and isolates reorder what a reader sees: never in a parent's letter.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Direction marks and joiners are part of writing some scripts (Arabic, Persian, emoji): only
# refused where they sit inside or against Latin letters and digits, where they hide a word.
_WRITING_MARKS = frozenset("\u200e\u200f\u061c\u200c\u200d")


def hiding_characters(text: str) -> Iterator[tuple[int, str]]:
    """Each (index, character) in ``text`` that hides or reorders text from a reader."""
    if text.isascii():
        return
    for match in _invisible().finditer(text):
        index, ch = match.start(), match.group(0)
        selector = "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef"
        if ch in _WRITING_MARKS or selector:
            neighbours = text[max(0, index - 1) : index] + text[index + 1 : index + 2]
            if not any(n.isascii() and n.isalnum() for n in neighbours):
                continue
        yield index, ch


def describe_character(ch: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'an unnamed character')}"
