"""Restricted details as people write them: a corpus that must be refused, one that must pass.

Every sentence below is text a birth parent's letter could print (typed into a parent's contact
arrangements, or printed by a council template). The refusal corpus is grouped by the way the
detail is disguised or shortened; each row names the restricted detail it must be found as. The
everyday corpus is contact-note and letter wording that names no restricted detail and must
pass for every confidential case here, including the samples'.
"""

from __future__ import annotations

import pytest

from confidential_cases import double_barrelled, everyday_names, sample_like, shared_surname
from permdocs.checks.confidentiality import allowed_for_parent
from permdocs.checks.restricted import restrictions
from permdocs.checks.textmatch import Matcher, fold, normalise
from permdocs.load.profiles import load_profile
from permdocs.model import Case

PROFILE = load_profile("default")


def _matcher(case: Case) -> Matcher:
    return Matcher(
        restrictions(case).terms, allowed_for_parent(case, PROFILE, case.birth_parents[0])
    )


CASES = {
    "double-barrelled": double_barrelled(),
    "everyday-names": everyday_names(),
    "sample-like": sample_like(),
    "shared-surname": shared_surname(),
}
MATCHERS = {name: _matcher(case) for name, case in CASES.items()}

# (variant class, case, text, the restricted field it must be found as)
MUST_REFUSE: list[tuple[str, str, str, str]] = [
    # First names, known-as names and household members, alone.
    (
        "first name",
        "double-barrelled",
        "Rosalind will bring the children.",
        "carers.carers[0].first_names",
    ),
    (
        "first name",
        "double-barrelled",
        "rosalind will bring the children",
        "carers.carers[0].first_names",
    ),
    (
        "first name",
        "double-barrelled",
        "The children love Rosalind's cooking.",
        "carers.carers[0].first_names",
    ),
    (
        "known-as name",
        "double-barrelled",
        "Ros will collect them after school.",
        "carers.carers[0].known_as",
    ),
    (
        "household first name",
        "double-barrelled",
        "Zuri helps with homework.",
        "carers.household[0].name",
    ),
    (
        "two-letter household name",
        "double-barrelled",
        "He plays football with Bo.",
        "carers.household[1].name",
    ),
    ("first name", "sample-like", "Ruby says Jerome reads to her.", "carers.carers[1].first_names"),
    # Parts of a double-barrelled surname, with or without the hyphen; two-letter surnames.
    (
        "surname part",
        "double-barrelled",
        "Mrs Adebayo said the children are settled.",
        "carers.carers[0].last_name",
    ),
    (
        "surname part",
        "double-barrelled",
        "Mr Hughes drove them to the centre.",
        "carers.carers[0].last_name",
    ),
    (
        "surname without hyphen",
        "double-barrelled",
        "The Hughes Adebayo family are kind.",
        "carers.carers[0].last_name",
    ),
    (
        "surname run together",
        "double-barrelled",
        "Ask HughesAdebayo about it.",
        "carers.carers[0].last_name",
    ),
    (
        "two-letter surname",
        "double-barrelled",
        "Mx Ng will attend the review.",
        "carers.carers[1].last_name",
    ),
    (
        "two-letter surname, plural",
        "double-barrelled",
        "Leo loves the Ngs' dog.",
        "carers.carers[1].last_name",
    ),
    ("surname possessive", "sample-like", "at the Whitfields' home", "carers.carers[0].last_name"),
    ("full name", "sample-like", "Natalie Whitfield will attend.", "carers.carers[0].first_names"),
    # Spaced, dotted and split spellings.
    ("spaced letters", "sample-like", "W h i t f i e l d", "carers.carers[0].last_name"),
    ("dotted letters", "sample-like", "W.h.i.t.f.i.e.l.d", "carers.carers[0].last_name"),
    ("hyphenated letters", "sample-like", "W-h-i-t-f-i-e-l-d", "carers.carers[0].last_name"),
    (
        "spaced first name",
        "double-barrelled",
        "R o s a l i n d will come",
        "carers.carers[0].first_names",
    ),
    ("word split by a space", "sample-like", "the Whit field family", "carers.carers[0].last_name"),
    (
        "word split by a hyphen",
        "sample-like",
        "the Whit-field family",
        "carers.carers[0].last_name",
    ),
    (
        "word split across lines",
        "sample-like",
        "the Whit\nfield family",
        "carers.carers[0].last_name",
    ),
    ("spaced postcode", "sample-like", "Z Z 6 2 R B", "carers.address.postcode"),
    # Look-alike characters.
    ("Cyrillic letters", "sample-like", "Mrs Whіtfіeld", "carers.carers[0].last_name"),
    (
        "Cyrillic letters",
        "double-barrelled",
        "R\u043es\u0430lind will bring them",
        "carers.carers[0].first_names",
    ),
    ("Greek letters", "double-barrelled", "Mrs Adeb\u03b1y\u03bf", "carers.carers[0].last_name"),
    (
        "full-width letters",
        "sample-like",
        "\uff37\uff48\uff49\uff54\uff46\uff49\uff45\uff4c\uff44",
        "carers.carers[0].last_name",
    ),
    (
        "mathematical letters",
        "double-barrelled",
        "\U0001d400\U0001d41d\U0001d41e\U0001d41b\U0001d41a\U0001d432\U0001d428",
        "carers.carers[0].last_name",
    ),
    ("accents", "double-barrelled", "Mrs \u00c1debayo", "carers.carers[0].last_name"),
    ("combining accents", "sample-like", "Whi\u0301tfield", "carers.carers[0].last_name"),
    ("digit zero for o", "double-barrelled", "Mrs Adebay0", "carers.carers[0].last_name"),
    ("digit one for l", "sample-like", "Whitfie1d", "carers.carers[0].last_name"),
    ("capital I for l", "double-barrelled", "RosaIind", "carers.carers[0].first_names"),
    ("rn for m", "double-barrelled", "Whitcornbe Road", "carers.address.lines[1]"),
    ("capitals", "double-barrelled", "ADEBAYO", "carers.carers[0].last_name"),
    # Invisible and direction-changing characters.
    ("zero-width space", "double-barrelled", "Ade\u200bbayo", "carers.carers[0].last_name"),
    ("soft hyphen", "double-barrelled", "Ade\u00adbayo", "carers.carers[0].last_name"),
    ("word joiner", "double-barrelled", "Ros\u2060alind", "carers.carers[0].first_names"),
    ("zero-width joiner", "sample-like", "Whit\u200dfield", "carers.carers[0].last_name"),
    ("variation selector", "sample-like", "Whit\ufe0ffield", "carers.carers[0].last_name"),
    (
        "right-to-left override",
        "sample-like",
        "\u202edleiftihW\u202c",
        "carers.carers[0].last_name",
    ),
    ("bidi isolate", "sample-like", "Whit\u2066field\u2069", "carers.carers[0].last_name"),
    # Streets, buildings and address lines.
    (
        "street without number",
        "double-barrelled",
        "They live on Whitcombe Road.",
        "carers.address.lines[1]",
    ),
    ("Rd for Road", "double-barrelled", "They live on Whitcombe Rd.", "carers.address.lines[1]"),
    ("street lower case", "double-barrelled", "near whitcombe rd", "carers.address.lines[1]"),
    ("street name alone", "double-barrelled", "the shop on Whitcombe", "carers.address.lines[1]"),
    ("whole line", "sample-like", "9 Orchard Way", "carers.address.lines[0]"),
    ("line with comma", "sample-like", "9, Orchard Way", "carers.address.lines[0]"),
    ("everyday street name", "sample-like", "They walk to Orchard Way.", "carers.address.lines[0]"),
    (
        "building without flat",
        "double-barrelled",
        "Larchmont House has a lift.",
        "carers.address.lines[0]",
    ),
    ("building name alone", "double-barrelled", "the Larchmont flats", "carers.address.lines[0]"),
    ("everyday street", "everyday-names", "They live on Church Lane.", "carers.address.lines[0]"),
    # Towns with their hyphens and spaces.
    ("hyphenated town", "double-barrelled", "in Thornleigh-on-Sea", "carers.address.town"),
    ("town with spaces", "double-barrelled", "in Thornleigh on Sea", "carers.address.town"),
    ("town half hyphenated", "double-barrelled", "in Thornleigh-on Sea", "carers.address.town"),
    (
        "town's distinctive word",
        "double-barrelled",
        "the Thornleigh library",
        "carers.address.town",
    ),
    ("everyday town", "everyday-names", "They moved to Dale last year.", "carers.address.town"),
    (
        "town",
        "sample-like",
        "Your children live with their carers in Penbury Vale.",
        "carers.address.town",
    ),
    # Postcodes in any spacing or punctuation, and their sector and district.
    ("postcode", "double-barrelled", "ZZ9 4QX", "carers.address.postcode"),
    ("postcode without space", "double-barrelled", "zz94qx", "carers.address.postcode"),
    ("postcode with hyphen", "double-barrelled", "ZZ9-4QX", "carers.address.postcode"),
    ("postcode with dot", "double-barrelled", "ZZ9.4QX", "carers.address.postcode"),
    ("postcode with two spaces", "double-barrelled", "ZZ9  4QX", "carers.address.postcode"),
    ("postcode sector", "double-barrelled", "somewhere in ZZ9 4", "carers.address.postcode"),
    ("postcode district", "double-barrelled", "the ZZ9 area", "carers.address.postcode"),
    # Telephone and email in any format.
    ("phone", "double-barrelled", "Ring 07700 900877", "carers.contact.phone"),
    ("phone run together", "double-barrelled", "Ring 07700900877", "carers.contact.phone"),
    ("phone international", "double-barrelled", "Ring +44 7700 900877", "carers.contact.phone"),
    ("phone with (0)", "double-barrelled", "Ring +44 (0)7700 900 877", "carers.contact.phone"),
    ("phone with hyphens", "double-barrelled", "Ring 0770-090-0877", "carers.contact.phone"),
    ("phone with dots", "double-barrelled", "Ring 07700.900.877", "carers.contact.phone"),
    (
        "phone in Arabic-Indic digits",
        "double-barrelled",
        "\u0660\u0667\u0667\u0660\u0660 \u0669\u0660\u0660\u0668\u0667\u0667",
        "carers.contact.phone",
    ),
    ("email", "double-barrelled", "ros.hughes-adebayo@example.org", "carers.contact.email"),
    (
        "email spelt out",
        "double-barrelled",
        "ros dot hughes-adebayo at example dot org",
        "carers.contact.email",
    ),
    (
        "email in capitals",
        "double-barrelled",
        "ROS.HUGHES-ADEBAYO@EXAMPLE.ORG",
        "carers.contact.email",
    ),
    # A school as people write it.
    (
        "school short name",
        "double-barrelled",
        "Leo is happy at St Mary's.",
        "child.education.school",
    ),
    ("Saint for St", "double-barrelled", "Leo is happy at Saint Mary's.", "child.education.school"),
    ("St with a dot", "double-barrelled", "Leo is happy at St. Mary's.", "child.education.school"),
    (
        "without the apostrophe",
        "double-barrelled",
        "Leo is happy at St Marys.",
        "child.education.school",
    ),
    (
        "CofE spelt out",
        "double-barrelled",
        "St Mary's Church of England Primary",
        "child.education.school",
    ),
    (
        "C of E",
        "double-barrelled",
        "St Mary's C of E Primary School and Nursery",
        "child.education.school",
    ),
    (
        "school without type words",
        "sample-like",
        "She is doing well at Penbury Vale.",
        "child.education.school",
    ),
    (
        "school with other type words",
        "sample-like",
        "Penbury Vale Primary",
        "child.education.school",
    ),
    (
        "everyday school name",
        "everyday-names",
        "Leo started at Meadow in September.",
        "child.education.school",
    ),
    (
        "everyday school in lower case",
        "everyday-names",
        "the meadow primary school",
        "child.education.school",
    ),
    # Names that are everyday words, used as names.
    (
        "everyday first name, sentence start",
        "everyday-names",
        "Will will bring the children.",
        "carers.carers[0].first_names",
    ),
    (
        "everyday first name, mid-sentence",
        "everyday-names",
        "Leo and Will went fishing.",
        "carers.carers[0].first_names",
    ),
    (
        "everyday surname with title",
        "everyday-names",
        "Mr May will attend.",
        "carers.carers[0].last_name",
    ),
    (
        "everyday name after kinship word",
        "everyday-names",
        "Leo calls her Nan Grace.",
        "carers.carers[1].first_names",
    ),
    (
        "everyday name said",
        "everyday-names",
        "Grace said Leo is settled.",
        "carers.carers[1].first_names",
    ),
    (
        "everyday surname as a family",
        "everyday-names",
        "Leo loves the Halls' garden.",
        "carers.carers[1].last_name",
    ),
    (
        "everyday household name",
        "everyday-names",
        "Hope is doing well at college.",
        "carers.household[0].name",
    ),
    (
        "everyday full name",
        "everyday-names",
        "grace hall",
        "carers.carers[1].first_names and last_name",
    ),
    # A shared surname: the carers' titles with it, and their first names and address.
    (
        "title with shared surname",
        "shared-surname",
        "Mrs Tremayne will bring Leo.",
        "carers.carers[0].last_name",
    ),
    (
        "couple with shared surname",
        "shared-surname",
        "Mr and Mrs Tremayne are well.",
        "carers.carers[0].last_name",
    ),
    (
        "couple with ampersand",
        "shared-surname",
        "Mr & Mrs Tremayne are well.",
        "carers.carers[0].last_name",
    ),
    (
        "kinship title with shared surname",
        "shared-surname",
        "Leo stays with Nan Tremayne.",
        "carers.carers[0].last_name",
    ),
    (
        "grandad with shared surname",
        "shared-surname",
        "Grandad Tremayne takes him fishing.",
        "carers.carers[0].last_name",
    ),
    (
        "first name with shared surname",
        "shared-surname",
        "Maureen will bring Leo.",
        "carers.carers[0].first_names",
    ),
    (
        "address with shared surname",
        "shared-surname",
        "They live on Sandpiper Close.",
        "carers.address.lines[0]",
    ),
]


@pytest.mark.parametrize(
    ("variant", "case", "text", "field"),
    MUST_REFUSE,
    ids=[f"{row[0]}: {row[2][:30]}" for row in MUST_REFUSE],
)
def test_each_variant_of_a_restricted_detail_is_found(
    variant: str, case: str, text: str, field: str
) -> None:
    hits = MATCHERS[case].hits(text)
    assert field in {hit.term.field for hit in hits}, (variant, text, hits)


# Everyday contact-note and letter sentences: no restricted detail of any case above.
EVERYDAY: list[str] = [
    "Family time takes place once a month at the family centre.",
    "Supervised family time with Leo four times a year, and a letter exchange at birthdays.",
    "The children will continue to see their mother every six weeks.",
    "You may contact your social worker at any time if you have a concern.",
    "Will you be able to come to the review in May?",
    "May I thank you for coming to the meeting.",
    "We hope you are well.",
    "Best wishes, and kind regards.",
    "Yours sincerely,",
    "The review is on 3 May 2026, and the next in May 2027.",
    "Family time will move to Saturdays from June.",
    "In March the contact plan will be reviewed.",
    "The children are doing well at school and have made friends.",
    "Leo enjoys football, swimming and reading with his carers.",
    "His carers will bring him to the family centre and collect him afterwards.",
    "Photographs are shared through the social worker at Christmas and birthdays.",
    "Letterbox contact continues twice a year.",
    "The meeting will be held at the council offices.",
    "Please let us know if your address changes.",
    "Young people can ask for their records when they turn 18.",
    "A rose garden is being planted at the centre.",
    "They had a bath and went to bed early.",
    "The church hall is used for family time on Sundays.",
    "We walked down the lane to the park and fed the ducks by the brook.",
    "The high street shops were busy.",
    "She is making good progress in reading and maths.",
    "He has settled well and sleeps through the night.",
    "Your son will stay with his foster carers until he is 18.",
    "There is hope that family time can increase next year.",
    "Mark the date in your diary: the next review is in April.",
    "The IRO will chair the review.",
    "Contact by video call every Sunday at 5pm.",
    "Leo will have a life story book.",
    "The court made a care order on 6 May 2025.",
    "Thank you for your views, which the panel read.",
    "Do contact us if anything changes.",
    "He will start secondary school in September.",
    "Half-term activities include a trip to the seaside.",
    "She said she was happy and wanted to stay.",
    "Kerry Anne Marsh, Flat 3, Kestrel House, Mill Lane, Westmoor Green, ZZ2 7LP",
    "Dear Kerry Anne Marsh",
    "Priya Ramdas, Social Worker, 07700 900101, priya.ramdas@example.org",
    "Angela Fenwick, Head of Service (Agency Decision Maker)",
    "Case PF-2026-0190, page 1 of 2",
    "The decision was made on 5 November 2026 and the placement becomes permanent on 20"
    " November 2026.",
    "Leo James Marsh (Leo), born 11 February 2018",
    "Mother: contact once a month; half-sister: every six weeks.",
    "Cards and photographs twice a year through the social worker.",
    "The carers attended training on therapeutic parenting.",
    "All letters are checked before they go to the family.",
    "Pat the dog and feed the cat.",
    "The family centre is in another town for safety.",
    "If you disagree with the decision you can make a complaint.",
    "The children's guardian agreed with the plan.",
    "OFFICIAL-SENSITIVE",
    "FINAL",
    "PLEASE CONTACT THE OFFICE IF YOU MAY NEED HELP",
]


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("text", EVERYDAY, ids=[text[:40] for text in EVERYDAY])
def test_everyday_sentences_pass(case: str, text: str) -> None:
    assert MATCHERS[case].hits(text) == []


def test_the_parents_own_address_is_allowed_only_as_their_address_block() -> None:
    # The mother lives in the carers' town: her address block is hers to see, the town alone
    # elsewhere in the letter is not.
    case = double_barrelled()
    data = case.model_dump(mode="json")
    data["birth_parents"][0]["address"]["town"] = "Thornleigh-on-Sea"
    same_town = Case.model_validate(data)
    matcher = _matcher(same_town)
    block = "Kerry Anne Marsh\nFlat 3, Kestrel House\nMill Lane\nThornleigh-on-Sea\nZZ2 7LP"
    assert matcher.hits(block) == []
    hits = matcher.hits(block + "\nYour son lives with his carers in Thornleigh-on-Sea.")
    assert "carers.address.town" in {hit.term.field for hit in hits}


def test_the_childs_name_allows_the_shared_surname_but_not_the_carers_titles() -> None:
    matcher = MATCHERS["shared-surname"]
    assert matcher.hits("Dear Kerry Anne Tremayne, about Leo Tremayne") == []
    assert {hit.words for hit in matcher.hits("Leo Tremayne lives with Mrs Tremayne")} == {
        "Mrs Tremayne"
    }


def test_a_hit_quotes_the_words_as_written() -> None:
    [hit] = [
        hit
        for hit in MATCHERS["sample-like"].hits("Ask Mrs W h i t f i e l d, please")
        if hit.term.field == "carers.carers[0].last_name"
    ]
    assert hit.words == "W h i t f i e l d"


def test_folding_keeps_track_of_where_each_character_came_from() -> None:
    folded = fold("  Whi\u200btf\u0456eld\u00a0 Rd ")
    assert folded.key == "whitfield rd"
    assert folded.quote(0, 9) == "Whi\u200btf\u0456eld"
    assert normalise("Cobbler\u2019s\tRow\n") == "cobbler's row"
    # A capital I stays a capital I (it looks like a small l); everything else is lower case.
    assert normalise("IMANI") == "ImanI"
