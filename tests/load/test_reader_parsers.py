"""The C event parser (libyaml) and the pure-Python one read every case file alike.

``load/reader.py`` reads with libyaml where it is available, and with PyYAML's own parser for
texts the two are known to read differently (a tab, a byte-order mark inside the text) and for
every text the C parser finds a syntax error in. These tests hold that choice to its promise on
the samples, the hostile corpus, the loading tests' own case texts, and a few hundred
mutations of the samples (cut short, characters YAML cares about inserted, pieces deleted):

- where the C parser is used, it gives the same events as the pure-Python one, with the same
  lines, columns and indexes;
- ``parse_yaml`` gives the same data, positions, and problems (place, field, message and what to
  do), word for word, whichever parser it could use.
"""

from __future__ import annotations

import ast
import contextlib
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from permdocs.errors import CaseDataError
from permdocs.load import reader

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
needs_libyaml = pytest.mark.skipif(
    reader._FAST_LOADER is None, reason="PyYAML was built without libyaml here"
)


def _file_texts() -> dict[str, str]:
    texts: dict[str, str] = {}
    paths = [
        *sorted(ROOT.glob("samples/*/case.*")),
        *sorted((TESTS / "hostile").glob("*.*")),
        *sorted((TESTS / "fixtures").rglob("case.*")),
    ]
    for path in paths:
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:  # refused before any parsing (save as UTF-8)
            continue
        texts[str(path.relative_to(ROOT))] = text
    return texts


def _loading_test_texts() -> dict[str, str]:
    """Every multi-line string or YAML-looking line written in the loading tests."""
    texts: dict[str, str] = {}
    for path in sorted([*(TESTS / "load").glob("test_loading*.py"), TESTS / "loading_cases.py"]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                value = node.value
                if ":" in value and ("\n" in value or value.count(":") == 1):
                    texts[f"{path.name}:{node.lineno}:{len(texts)}"] = value
    return texts


_SPECIAL = [
    *":-?[]{}#&*!|>%@`\"',\n ",
    "\u2028",
    "é",
    "😀",
    ": ",
    "- ",
    "\n  ",
    "\n-",
    "---",
    "...",
    "\\",
    "~",
    "\r\n",
    "\r",
    "\t",
    "\ufeff",
    "%YAML 1.1\n",
    "? ",
    "!!str ",
    "&a ",
    "*a ",
    '"\\x07',
]


def _mutations(count: int) -> dict[str, str]:
    """Pieces of the samples, changed in one to four places (a fixed seed: the same every run)."""
    rng = random.Random(23)
    samples = [
        path.read_text(encoding="utf-8") for path in sorted(ROOT.glob("samples/*/case.yaml"))
    ]
    texts = {}
    for number in range(count):
        lines = rng.choice(samples).splitlines(keepends=True)
        start = rng.randrange(len(lines))
        text = "".join(lines[start : start + rng.randint(5, 60)])
        for _ in range(rng.randint(1, 4)):
            if not text:
                break
            at = rng.randrange(len(text))
            roll = rng.random()
            if roll < 0.55:
                text = text[:at] + rng.choice(_SPECIAL) + text[at:]
            elif roll < 0.85:
                text = text[:at] + text[at + rng.randint(1, 6) :]
            else:
                text = text[:at]
        texts[f"mutation-{number}"] = text
    return texts


CORPUS = {**_file_texts(), **_loading_test_texts(), **_mutations(400)}


def test_the_corpus_is_what_it_claims() -> None:
    names = list(CORPUS)
    assert sum(name.startswith("samples/") for name in names) >= 3
    assert sum(name.startswith("tests/hostile/") for name in names) >= 30
    assert sum(".py:" in name for name in names) >= 50
    assert sum(name.startswith("mutation-") for name in names) == 400


def _events(text: str, loader: type[Any]) -> tuple[list[tuple[Any, ...]], bool]:
    """Every event as the reader uses it, until a syntax error (and whether there was one)."""
    found: list[tuple[Any, ...]] = []
    try:
        for event in yaml.parse(text, Loader=loader):
            row: tuple[Any, ...] = (
                type(event).__name__,
                getattr(event, "anchor", None),
                getattr(event, "tag", None),
                getattr(event, "implicit", None),
                getattr(event, "value", None),
                getattr(event, "style", None) or None,  # plain: None from PyYAML, "" from libyaml
            )
            if isinstance(event, yaml.NodeEvent):
                start, end = event.start_mark, event.end_mark
                row += (start.line, start.column, start.index, end.index)
            found.append(row)
    except yaml.YAMLError:
        return found, True
    return found, False


@needs_libyaml
@pytest.mark.parametrize("name", list(CORPUS))
def test_where_the_c_parser_is_used_its_events_are_the_pure_python_ones(name: str) -> None:
    text = CORPUS[name].removeprefix("\ufeff")
    if reader._PURE_ONLY.search(text):
        pytest.skip("read by the pure-Python parser only")
    fast, fast_failed = _events(text, reader._FAST_LOADER)  # type: ignore[arg-type]
    pure, pure_failed = _events(text, yaml.BaseLoader)
    if fast_failed:
        # The reader starts again with the pure-Python parser, whose word is final. (libyaml
        # also refuses what PyYAML reads: escaped surrogate pairs, nesting beyond 1,000.)
        shorter = min(len(fast), len(pure))
        assert fast[:shorter] == pure[:shorter]
    else:
        assert not pure_failed, "the C parser accepts what the pure-Python one refuses"
        assert fast == pure


def _outcome(text: str) -> Any:
    try:
        data, positions = reader.parse_yaml(text, "case.yaml")
    except CaseDataError as error:
        return [
            (p.location.line, p.location.column, p.field, p.message, p.hint) for p in error.problems
        ]
    return data, positions.values, positions.keys


@pytest.mark.parametrize("name", list(CORPUS))
def test_the_reader_says_the_same_whichever_parser_it_could_use(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = CORPUS[name]
    chosen = _outcome(text)
    monkeypatch.setattr(reader, "_FAST_LOADER", None)
    assert chosen == _outcome(text)


def _loaders_used(text: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    used: list[str] = []
    real = reader._build_with

    def recording(text: str, name: str, loader: type[Any]) -> Any:
        used.append(loader.__name__)
        return real(text, name, loader)

    monkeypatch.setattr(reader, "_build_with", recording)
    with contextlib.suppress(CaseDataError):
        reader.parse_yaml(text, "case.yaml")
    return used


@needs_libyaml
def test_a_case_is_read_by_the_c_parser_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    sample = (ROOT / "samples" / "01-existing-carer-agreed" / "case.yaml").read_text("utf-8")
    assert _loaders_used(sample, monkeypatch) == ["CBaseLoader"]


@needs_libyaml
def test_tabs_and_syntax_errors_go_to_the_pure_python_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _loaders_used("reference: A\n\tchild: B\n", monkeypatch) == ["BaseLoader"]
    assert _loaders_used("reference: A\nname: \ufeffB\n", monkeypatch) == ["BaseLoader"]
    assert _loaders_used("reference: [A\n", monkeypatch) == ["CBaseLoader", "BaseLoader"]


# The reader's safety rules, held where the C parser does the reading (not only where the two
# parsers are compared): duplicate keys are errors, nothing typed is coerced, a ' #' that cut a
# value short is refused, and every problem has its line and column.
@needs_libyaml
def test_the_c_parser_keeps_every_safety_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    typed = 'reference: PF-1\nanswer: NO\nphone: 07700900123\nempty: ~\nquoted: "yes"\n'
    assert _loaders_used(typed, monkeypatch) == ["CBaseLoader"]
    data, positions = reader.parse_yaml(typed, "case.yaml")
    assert data == {
        "reference": "PF-1",
        "answer": "NO",
        "phone": "07700900123",
        "empty": None,
        "quoted": "yes",
    }
    assert positions.values[("phone",)] == (3, 8)

    twice = "reference: PF-1\nchild:\n  name: Ann\n  name: Bea\n"
    assert _loaders_used(twice, monkeypatch) == ["CBaseLoader"]
    with pytest.raises(CaseDataError) as duplicate:
        reader.parse_yaml(twice, "case.yaml")
    [problem] = duplicate.value.problems
    assert (problem.location.line, problem.location.column) == (4, 3)
    assert "given twice" in problem.message and "line 3" in problem.message

    cut = "reference: PF-1\naddress: Flat #4, 8 Orchard Way\n"
    assert _loaders_used(cut, monkeypatch) == ["CBaseLoader"]
    with pytest.raises(CaseDataError) as comment:
        reader.parse_yaml(cut, "case.yaml")
    [problem] = comment.value.problems
    assert (problem.location.line, problem.location.column) == (2, 15)
    assert problem.field == "address"

    for broken in ("reference: [PF-1\n", "a: b: c\n", "- a\nb: c\n", 'a: "\\q"\n'):
        with pytest.raises(CaseDataError) as error:
            reader.parse_yaml(broken, "case.yaml")
        assert all(p.location.line is not None for p in error.value.problems), broken
        assert all(p.location.column is not None for p in error.value.problems), broken
