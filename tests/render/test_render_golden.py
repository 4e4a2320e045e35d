"""Golden text of one rendered document, so any change to wording or layout is seen in review.

The comparison is on normalised text (headings marked, tables as rows, then header and footer),
never on bytes. When a change is intended, regenerate and review the diff:

    PERMDOCS_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/render/test_render_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from docx_helpers import normalised_text, open_docx
from render_builds import FIXTURE, Built, builds

__all__ = ["builds"]

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


@pytest.mark.parametrize("kind", ["panel-front-sheet", "panel-checklist"])
def test_rendered_text_matches_the_golden_file(builds: list[Built], kind: str) -> None:
    built = next(b for b in builds if b.name == FIXTURE.name)
    text = normalised_text(open_docx(built.path(kind)))
    golden = GOLDEN / f"{FIXTURE.name}.{kind}.txt"
    if os.environ.get("PERMDOCS_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing: run with PERMDOCS_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8"), (
        f"{kind} no longer matches {golden.name}; if the change is intended, run "
        "PERMDOCS_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/render/test_render_golden.py "
        "and review the diff"
    )
