"""A confidential placement is flagged where panel members and the minute-taker look first: a
banner on the panel front sheet, Part 3 and the pack's index page listing what is restricted;
nothing of the kind on a placement that is not confidential."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from letter_cases import confidential, existing_carers, profile
from permdocs.build.options import BuildOptions
from permdocs.build.run import Rendering
from permdocs.model import Case
from permdocs.pack.index import index_view, render_index
from permdocs.policy.documents import KINDS
from permdocs.render.engine import prepare_template
from permdocs.resources import bundled_templates_dir

AS_OF = date(2026, 11, 23)
BANNER = (
    "CONFIDENTIAL PLACEMENT: the carers' address, the carers' names and the child's school must"
    " never be shared with the birth family, in papers, minutes or conversation."
)


def _paragraphs(data: bytes) -> list[tuple[str, bool]]:
    """Each body paragraph's text, and whether all of it is bold."""
    document = docx.Document(io.BytesIO(data))
    return [
        (p.text, bool(p.runs) and all(run.bold for run in p.runs if run.text.strip()))
        for p in document.paragraphs
    ]


def _render(case: Case, kind: str) -> bytes:
    run = Rendering.of(case, profile(), BuildOptions(as_of=AS_OF, draft=True))
    if kind == "panel-pack":
        template = prepare_template(bundled_templates_dir() / "panel-pack.docx")
        index = index_view([], [], version="docx", pages=[], total_pages=None)
        return render_index(
            template, run.view, index, conditions=run.context, draft=True, as_of=AS_OF
        )
    return run.render_report(KINDS[kind]).data


@pytest.mark.parametrize("kind", ["panel-front-sheet", "matching-report-part3", "panel-pack"])
def test_the_banner_lists_what_is_restricted_near_the_top(kind: str) -> None:
    paragraphs = _paragraphs(_render(confidential(), kind))
    texts = [text for text, _ in paragraphs]
    assert BANNER in texts
    at = texts.index(BANNER)
    assert paragraphs[at][1], "the banner is bold"
    # Under the title block, before the first numbered heading or the contents.
    assert at < 8, texts[: at + 1]


def test_the_banner_names_only_what_the_case_restricts() -> None:
    data = confidential().model_dump(mode="json", exclude_none=True)
    data["carers"]["names_confidential"] = False
    data["school_confidential"] = False
    texts = [
        text for text, _ in _paragraphs(_render(Case.model_validate(data), "panel-front-sheet"))
    ]
    assert (
        "CONFIDENTIAL PLACEMENT: the carers' address must never be shared with the birth family,"
        " in papers, minutes or conversation."
    ) in texts


@pytest.mark.parametrize("kind", ["panel-front-sheet", "matching-report-part3", "panel-pack"])
def test_no_banner_when_nothing_is_restricted(kind: str) -> None:
    texts = " ".join(text for text, _ in _paragraphs(_render(existing_carers(), kind)))
    assert "CONFIDENTIAL" not in texts
