"""The hostile corpus (tests/hostile/): each file is refused with a clear, located message or
accepted, by the library and by ``permdocs check``, and never with a traceback.

What each file is and the expected outcome are in the table of tests/hostile/README.md, which this
module reads, so the table and the tests cannot drift apart.
"""

from __future__ import annotations

import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from loading_cases import MINIMAL_YAML, WHERE, at, check, loads, refused, write_case
from permdocs.load.files import MAX_FILE_BYTES
from permdocs.load.reader import MAX_NODES

HOSTILE = Path(__file__).resolve().parents[1] / "hostile"


@dataclass(frozen=True)
class Expected:
    file: str
    what: str
    refused: bool
    where: tuple[int, int] | None
    message: str


def _corpus() -> list[Expected]:
    rows: list[Expected] = []
    for line in (HOSTILE / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        if not line.startswith("| ") or len(cells) != 5 or cells[0] in ("File",):
            continue
        name, what, outcome, where, message = cells
        assert outcome in ("refused", "accepted"), line
        position = tuple(int(n) for n in where.split(":")) if outcome == "refused" else None
        rows.append(
            Expected(
                file=name,
                what=what,
                refused=outcome == "refused",
                where=(position[0], position[1]) if position else None,
                message=message.strip("`"),
            )
        )
    return rows


CORPUS = _corpus()


def _folder(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "case"
    folder.mkdir()
    shutil.copyfile(HOSTILE / name, folder / ("case" + Path(name).suffix))
    return folder


def test_the_table_lists_every_file_in_the_corpus() -> None:
    on_disk = {p.name for p in HOSTILE.iterdir() if p.suffix in (".yaml", ".json")}
    listed = [row.file for row in CORPUS]
    assert len(listed) == len(set(listed))
    assert set(listed) == on_disk
    assert len(CORPUS) >= 30


@pytest.mark.parametrize("row", CORPUS, ids=[row.file for row in CORPUS])
def test_the_library_refuses_or_accepts_as_the_table_says(tmp_path: Path, row: Expected) -> None:
    folder = _folder(tmp_path, row.file)
    if not row.refused:
        assert loads(folder).reference == "PF-TEST-1"
        return
    started = time.perf_counter()
    problems = refused(folder)
    assert time.perf_counter() - started < 2, "a hostile file must be refused quickly"
    first = problems[0]
    assert at(first) == row.where, "\n".join(map(str, problems))
    assert row.message in str(first)
    assert first.hint, "every problem says what to do"
    lines = [p.location.line or 0 for p in problems]
    assert lines == sorted(lines)


@pytest.mark.parametrize("row", CORPUS, ids=[row.file for row in CORPUS])
def test_the_cli_reports_the_same_place_without_a_traceback(tmp_path: Path, row: Expected) -> None:
    folder = _folder(tmp_path, row.file)
    result = check(str(folder))
    if not row.refused:
        # Valid data; the checks that follow may still exit 1 for papers a minimal case owes.
        assert ": case PF-TEST-1, " in result.output, result.output
        assert not WHERE.search(result.output)
        return
    assert result.exit_code == 1
    suffix = Path(row.file).suffix
    assert row.where is not None
    line, column = row.where
    assert f"case{suffix}:{line}:{column}: " in result.output
    assert row.message in " ".join(result.output.split())
    assert WHERE.search(result.output)


def test_every_control_character_pasted_from_word_is_reported(tmp_path: Path) -> None:
    text = MINIMAL_YAML + "  wishes_and_feelings: a\x0bb\n  religion: c\x07\n  gender: \x00d\n"
    problems = refused(write_case(tmp_path, text))
    assert [(p.field, at(p), p.message.split(" (")[0]) for p in problems] == [
        ("child.wishes_and_feelings", (6, 25), "contains a vertical tab"),
        ("child.religion", (7, 14), "contains a bell character"),
        ("child.gender", (8, 11), "contains a null character"),
    ]


def test_a_file_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    # Generated here rather than stored: the corpus stays small.
    filler = "# padding\n" * (MAX_FILE_BYTES // 10 + 1)
    folder = write_case(tmp_path, MINIMAL_YAML + filler)
    problems = refused(folder)
    assert len(problems) == 1
    assert at(problems[0]) == (1, 1)
    assert f"at most {MAX_FILE_BYTES:,} bytes" in problems[0].message
    result = check(str(folder))
    assert result.exit_code == 1
    assert f"at most {MAX_FILE_BYTES:,} bytes" in result.output


def test_a_file_with_more_values_than_any_case_is_refused(tmp_path: Path) -> None:
    items = "".join(f"    - name: s{i}\n" for i in range(MAX_NODES // 2 + 1))
    text = MINIMAL_YAML + "siblings:\n" + items
    assert len(text.encode()) < MAX_FILE_BYTES
    started = time.perf_counter()
    problems = refused(write_case(tmp_path, text))
    assert time.perf_counter() - started < 5
    assert len(problems) == 1
    assert f"more than {MAX_NODES:,} values" in problems[0].message
    assert problems[0].location.line is not None and problems[0].location.line > 6


def test_an_alias_bomb_is_refused_before_it_expands(tmp_path: Path) -> None:
    # Ten levels of ten: 10**10 values if expanded.
    lines = ["reference: PF-TEST-1", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    started = time.perf_counter()
    problems = refused(write_case(tmp_path, "\n".join(lines) + "\n"))
    assert time.perf_counter() - started < 1
    assert len(problems) == 10  # one per line, not one per alias
    assert re.search(r"anchors and aliases \(&a1, \*a0\)", problems[1].message)
