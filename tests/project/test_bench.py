"""The benchmark runs, and the README quotes its last results exactly.

Speed itself is never asserted here (timings depend on the machine): `make bench` measures it
and writes benchmarks/results.md, whose table the README's Performance section quotes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
START, END = "<!-- bench:table -->", "<!-- /bench:table -->"


def _table(text: str) -> str:
    start, end = text.index(START) + len(START), text.index(END)
    return text[start:end].strip()


def test_the_readme_quotes_the_last_results_table_exactly() -> None:
    results = (ROOT / "benchmarks" / "results.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quoted = _table(readme)
    assert quoted == _table(results), "run `make bench` (it rewrites both) or copy the table"
    assert quoted.count("\n") >= 10  # a header, its rule and the rows
    assert "smoke run" not in results  # results of a real run, not of --quick
    section = readme[readme.index("## Performance") : readme.index("## Architecture")]
    assert section.count(START) == 1


@pytest.mark.slow
def test_the_benchmark_runs_with_tiny_numbers(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    readme = (ROOT / "README.md").read_bytes()
    completed = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench.py"),
            "--quick",
            "--no-pdf",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    written = out.read_text(encoding="utf-8")
    assert "smoke run" in written
    assert "- Machine: " in written and "cores" in written and "Load average" in written
    table = _table(written)
    for measure in (
        "Read sample 01",
        "one ppm-referral",
        "`permdocs batch`, 2 cases",
        "`permdocs build --no-pack`",
    ):
        assert measure in table
    assert (ROOT / "README.md").read_bytes() == readme  # only --readme touches it
