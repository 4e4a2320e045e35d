"""Names that are also everyday words ("Will", "May", "Rose", "Hall", "Best"): the word lists,
and whether a match is used as a name where it stands (``textmatch`` asks, see its docstring).

The everyday words are the Dale-Chall list of familiar English words (``dale_chall.txt`` beside
this module: the list textstat 0.7.13 ships, MIT licence, Copyright (c) 2016 Shivam Bansal;
permdocs no longer depends on textstat, which pulled in NLTK), plus the function words, months and
days and the names-that-are-words below.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .textmatch import Folded


def _plain(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def word_set(words: str) -> frozenset[str]:
    """The words of a space-separated list."""
    return frozenset(words.split())


PRONOUNS = word_set(
    "i me my mine we us our ours you your yours he him his she her hers it its they them their"
    " theirs who whom whose this that these those one"
)
FUNCTION_WORDS = word_set(
    "a an the and or but nor so yet for of in on at to by up as if is be am are was were been"
    " no not go oh ok via per with from into onto than then there here when where why how what"
    " which all any each few more most some such own same very just now also only too out off"
    " over under again once about above below after before until while because between"
    " through during without within along among against across around behind beside beyond"
    " near since till upon down both either neither ever never yes"
)
AUXILIARIES = word_set("will would may might can could shall should must do does did has have had")
MONTHS_AND_DAYS = word_set(
    "january february march april may june july august september october november december"
    " monday tuesday wednesday thursday friday saturday sunday"
)
# Names that are also words people write in letters and notes, beyond the Dale-Chall list.
_MORE_EVERYDAY = word_set(
    "grace amber ruby holly jade pearl crystal dawn faith joy rose lily iris violet heather"
    " summer autumn winter spring sky storm rain river ocean brook hunter mason carter cooper"
    " turner walker fisher taylor baker porter archer butler shepherd miller potter gardener"
    " page price rice cook bishop dean chase frank hope mark bill pat sue ray jack rob bob"
    " will may june april august march sunny honey star angel bliss blossom dale glen"
    " carer carers centre contact social worker team manager service council school primary"
    " academy college nursery review plan letter decision placement permanent foster fostering"
    " family time visit supervised direct work"
)


@functools.cache
def everyday_words() -> frozenset[str]:
    """Familiar English words: names that are also one of these need a name's context."""
    words = set(PRONOUNS | FUNCTION_WORDS | AUXILIARIES | MONTHS_AND_DAYS | _MORE_EVERYDAY)
    words |= _dale_chall()
    return frozenset(words)


def _dale_chall() -> set[str]:
    # Read the first time a name is matched, not at import: ``permdocs check`` stays light.
    path = Path(__file__).with_name("dale_chall.txt")
    return {word.strip().lower() for word in path.read_text("utf-8").split()}


def is_everyday(text: str) -> bool:
    """Whether every word of ``text`` is a familiar English word."""
    words = [word for word in re.split(r"[^\w']+", _plain(text)) if word]
    return bool(words) and all(word.strip("'") in everyday_words() for word in words)


# Words before a name that show it is one: formal titles whatever their case ("mrs may"), and
# kinship words when the name has a capital ("Nan Rose", never "his uncle will come").
TITLES = word_set("mr mrs ms miss mx dr prof sir dame lady lord rev revd")
KINSHIP_WORDS = word_set(
    "nan nana nanna nanny gran granny grandma grandmother grandad granddad grandpa grandfather"
    " auntie aunty aunt uncle"
)
# After a modal at the start of a sentence, these show a question ("Will you", "May I").
_QUESTION_FOLLOWERS = word_set(
    "i you we they he she it the this that there not a an your our their his her my me us"
    " them be have someone anyone everyone all both"
)
# After a word at the start of a sentence, these show the word is a person ("Rose said").
_NAME_FOLLOWERS = word_set(
    "will would can could may might must shall should is was has had does did and or & says"
    " said told tells wants wanted likes liked loves loved lives lived brings brought takes"
    " took picks picked drops dropped collects collected visits visited goes went came comes"
    " knows knew thinks thought feels felt asked asks agreed agrees helped helps gets got keeps"
    " kept made makes called calls phoned phones rang rings texted texts emailed emails writes"
    " wrote sent sends gave gives drove drives met meets stays stayed looks looked cares cared"
    " supports supported reads plays played works worked lets attends attended joined joins"
    " arranged arranges hopes hoped"
)
_DATE_WORDS = word_set(
    "in of on since until till by from during early late mid end next last this every each"
    " before after throughout"
)
_SENTENCE_END = frozenset('.!?:;"(\n')


# --- is it used as a name here? ---------------------------------------------------------------


def _previous_word(key: str, start: int) -> tuple[str, str]:
    """The word before ``start`` and the character just before that gap."""
    before = key[:start].rstrip(" ")
    if not before:
        return "", "\n"
    if before[-1] in _SENTENCE_END or not (before[-1].isalnum() or before[-1] == "'"):
        return "", before[-1]
    match = re.search(r"[\w'&]+\.?$", before)
    word = match.group(0) if match else ""
    return word.rstrip(".").lower(), before[-1]


def _next_word(key: str, end: int) -> str:
    match = re.match(r"\s*([\w'&]+)", key[end:])
    return match.group(1).lower() if match else ""


def _sentence_start(key: str, start: int) -> bool:
    before = key[:start].rstrip(" ")
    return not before or before[-1] in _SENTENCE_END


def used_as_name(folded: Folded, start: int, end: int, name: str) -> bool:
    """Whether an everyday word that is also a restricted name is used as a name here."""
    key, source = folded.key, folded.source
    word = _plain(name)
    written = folded.quote(start, end)
    if " " in word:
        # A short phrase of everyday words ("Orchard Way", "Church Lane") names a place when it
        # is written as a name, with a capital (or in capitals throughout).
        return written[:1].isupper()
    previous, _ = _previous_word(key, start)
    if previous in TITLES or (previous in KINSHIP_WORDS and written[:1].isupper()):
        return True
    if (
        previous == "the"
        and key[start:end].lower().rstrip("'").endswith("s")
        and not word.endswith("s")
    ):
        return True  # "the Halls", "the Mays": a family
    if word in PRONOUNS:
        return False
    capital = written[:1].isupper()
    if capital and _shouting(source, folded.origin[start], folded.origin[end - 1] + 1):
        capital = False  # in capitals throughout, a capital letter says nothing
    if not capital:
        return False
    following = _next_word(key, end)
    if word in MONTHS_AND_DAYS and (
        previous in _DATE_WORDS
        or previous.isdigit()
        or re.fullmatch(r"\d+(st|nd|rd|th)", previous)
        or following.isdigit()
    ):
        return False
    if not _sentence_start(key, start):
        return True
    if word in FUNCTION_WORDS:
        return False
    if word in AUXILIARIES:
        return following not in _QUESTION_FOLLOWERS and following in _NAME_FOLLOWERS
    return following in _NAME_FOLLOWERS


def _shouting(source: str, start: int, end: int) -> bool:
    """Whether the words around source[start:end] are written in capitals throughout."""
    around = source[max(0, start - 40) : end + 40]
    letters = [ch for ch in around if ch.isalpha()]
    return len(letters) >= 8 and sum(ch.isupper() for ch in letters) >= 0.9 * len(letters)
