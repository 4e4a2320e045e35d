"""Property tests: any text a person can type loads back exactly; a case survives a round trip.

"Text a person can type" is every Unicode character except the ones a Word document cannot hold
(the C0 controls but tab, line feed and carriage return; U+FFFE and U+FFFF) and surrogates.
Text holding one of those excluded characters must be refused, at the field it is in.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loading_cases import MINIMAL_YAML, at, loads, refused, write_case
from permdocs.model import Case
from permdocs.model.types import first_illegal_character

ILLEGAL = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"]
TYPABLE = st.characters(exclude_categories=["Cs"], exclude_characters=ILLEGAL)
TEXT = st.text(TYPABLE, max_size=80)
# PyYAML's dumper writes NEL (U+0085) raw in plain and single-quoted text, where YAML 1.1 reads it
# as a line break; permdocs refuses a raw NEL rather than change the text (it is nearly always
# Word's ellipsis in the wrong encoding). Double quotes escape it, so only those tests include it.
DUMPER_TEXT = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters=[*ILLEGAL, "\x85"]),
    max_size=80,
)
# A block scalar cannot escape anything, and YAML reads NEL, LS and PS in it as line breaks.
BLOCK_TEXT = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters=[*ILLEGAL, *"\x85\u2028\u2029"]),
    max_size=80,
)
PLAIN = st.text(st.sampled_from("abcdefghij ABC 0123456789.,;'!?-"), max_size=20)

FIELD_LINE, FIELD_COLUMN = 6, 24  # where "  wishes_and_feelings: " puts its value
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
# A whole case per example, loaded three or four times: fewer examples keep the suite fast.
CASE_SETTINGS = settings(SETTINGS, max_examples=100)


class _Styled(str):
    style: str | None = None


class _StyledDumper(yaml.SafeDumper):
    """A safe dumper that writes one chosen string in a chosen style (falling back if it must)."""


_StyledDumper.add_representer(
    _Styled,
    lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", str(data), data.style),
)


def _styled(text: str, style: str | None) -> _Styled:
    value = _Styled(text)
    value.style = style
    return value


def _case_yaml(wishes: Any, *, allow_unicode: bool = True) -> str:
    data = {
        "reference": "PF-TEST-1",
        "child": {
            "first_names": "Amy",
            "last_name": "Smith",
            "date_of_birth": "2015-01-01",
            "wishes_and_feelings": wishes,
        },
    }
    return yaml.dump(data, Dumper=_StyledDumper, allow_unicode=allow_unicode, sort_keys=False)


def _wishes(folder: Path) -> str | None:
    return loads(folder).child.wishes_and_feelings


# ----------------------------------------------------------------------------- text loads exactly


@SETTINGS
@given(text=TEXT)
def test_json_quoted_text_in_yaml_loads_back_exactly(tmp_path: Path, text: str) -> None:
    folder = write_case(tmp_path, MINIMAL_YAML + f"  wishes_and_feelings: {json.dumps(text)}\n")
    assert _wishes(folder) == text


@SETTINGS
@given(text=TEXT, allow_unicode=st.booleans())
def test_double_quoted_text_loads_back_exactly(
    tmp_path: Path, text: str, allow_unicode: bool
) -> None:
    yaml_text = _case_yaml(_styled(text, '"'), allow_unicode=allow_unicode)
    assert _wishes(write_case(tmp_path, yaml_text)) == text


@SETTINGS
@given(text=DUMPER_TEXT)
def test_text_in_whatever_style_the_dumper_picks_loads_back_exactly(
    tmp_path: Path, text: str
) -> None:
    # Plain where it can, so this is where 'NO', '12:30' or '0123' would turn into something else.
    assert _wishes(write_case(tmp_path, _case_yaml(text))) == text


@SETTINGS
@given(text=BLOCK_TEXT)
def test_block_scalar_text_loads_back_exactly(tmp_path: Path, text: str) -> None:
    assert _wishes(write_case(tmp_path, _case_yaml(_styled(text, "|")))) == text


@SETTINGS
@given(lines=st.lists(PLAIN.filter(lambda s: s.strip() == s and s), min_size=1, max_size=5))
def test_hand_written_block_scalars_load_back_exactly(tmp_path: Path, lines: list[str]) -> None:
    block = "".join(f"    {line}\n" for line in lines)
    folder = write_case(tmp_path, MINIMAL_YAML + "  wishes_and_feelings: |\n" + block)
    assert _wishes(folder) == "".join(f"{line}\n" for line in lines)


@SETTINGS
@given(before=TEXT, bad=st.sampled_from(ILLEGAL), after=TEXT)
def test_an_escaped_illegal_character_is_refused_at_its_field(
    tmp_path: Path, before: str, bad: str, after: str
) -> None:
    text = before + bad + after
    folder = write_case(tmp_path, MINIMAL_YAML + f"  wishes_and_feelings: {json.dumps(text)}\n")
    problems = refused(folder)
    assert [(p.field, at(p)) for p in problems] == [
        ("child.wishes_and_feelings", (FIELD_LINE, FIELD_COLUMN))
    ]
    assert f"U+{ord(first_illegal_character(text) or bad):04X}" in problems[0].message


@SETTINGS
@given(before=PLAIN, bad=st.sampled_from(ILLEGAL), after=PLAIN)
def test_a_raw_illegal_character_is_refused_where_it_stands(
    tmp_path: Path, before: str, bad: str, after: str
) -> None:
    for quote in ('"', "'"):
        value = quote + before.replace("'", "''") + bad + after.replace("'", "''") + quote
        if quote == '"':
            value = '"' + before + bad + after + '"'
        folder = write_case(tmp_path, MINIMAL_YAML + f"  wishes_and_feelings: {value}\n")
        problems = refused(folder)
        column = FIELD_COLUMN + 1 + len(before.replace("'", "''") if quote == "'" else before)
        assert [(p.field, at(p)) for p in problems] == [
            ("child.wishes_and_feelings", (FIELD_LINE, column))
        ]


# ------------------------------------------------------------------------------------- round trip


def _lines(excluded: str) -> st.SearchStrategy[str]:
    alphabet = st.characters(exclude_categories=["Cs"], exclude_characters=[*ILLEGAL, *excluded])
    return st.text(alphabet, min_size=1, max_size=30).filter(str.strip)


LINE = _lines("\n\r")
DUMPER_LINE = _lines("\n\r\x85")
DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2025, 12, 31))


def _written(day: date, uk: bool) -> str:
    return f"{day:%d/%m/%Y}" if uk else day.isoformat()


@st.composite
def cases(draw: st.DrawFn, *, for_dumper: bool = False) -> dict[str, Any]:
    """Case data as a person might write it: UK or ISO dates, optional fields, lists."""
    text, line = (DUMPER_TEXT, DUMPER_LINE) if for_dumper else (TEXT, LINE)
    born = draw(DATES)
    after = st.integers(min_value=0, max_value=5000).map(lambda n: born + timedelta(days=n))
    uk = st.booleans()
    child: dict[str, Any] = {
        "first_names": draw(line),
        "last_name": draw(line),
        "date_of_birth": _written(born, draw(uk)),
    }
    for key in ("gender", "religion", "preferred_name"):
        if draw(st.booleans()):
            child[key] = draw(line)
    for key in ("wishes_and_feelings", "risks"):
        if draw(st.booleans()):
            child[key] = draw(text)
    if draw(st.booleans()):
        child["looked_after_since"] = _written(draw(after), draw(uk))
    if draw(st.booleans()):
        child["receives_letter"] = draw(st.booleans())
    child["lac_reviews"] = [
        {
            "date": _written(draw(after), draw(uk)),
            "recommended_permanent_fostering": draw(st.booleans()),
            "notes": draw(text),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    return {
        "reference": draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}", fullmatch=True)),
        "child": child,
        "siblings": [
            {"name": draw(line), "placed_together": draw(st.booleans())}
            for _ in range(draw(st.integers(0, 2)))
        ],
        "school_confidential": draw(st.booleans()),
    }


@CASE_SETTINGS
@given(data=cases())
def test_a_case_survives_a_json_round_trip(tmp_path: Path, data: dict[str, Any]) -> None:
    first = loads(write_case(tmp_path / "first", json.dumps(data), "case.json"))
    dumped = json.dumps(first.model_dump(mode="json"), ensure_ascii=False, indent=2)
    second = loads(write_case(tmp_path / "second", dumped, "case.json"))
    assert second == first
    assert isinstance(second, Case)


@CASE_SETTINGS
@given(data=cases(for_dumper=True))
def test_a_case_reads_the_same_from_yaml_and_json(tmp_path: Path, data: dict[str, Any]) -> None:
    yaml_text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    from_yaml = loads(write_case(tmp_path / "yaml", yaml_text))
    from_json = loads(write_case(tmp_path / "json", json.dumps(data), "case.json"))
    assert from_yaml == from_json
    dumped = yaml.safe_dump(from_yaml.model_dump(mode="json"), allow_unicode=True)
    assert loads(write_case(tmp_path / "again", dumped)) == from_yaml
