"""The permanency certificate is a keepsake: whether it carries OFFICIAL-SENSITIVE is the council
profile's explicit choice (``letters.certificate_marking``, default true, so the project's rule of
a marking on every page of every document holds unless a council opts out), and the choice
reaches the certificate alone."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from letter_cases import agency_teenager, profile, with_decision
from permdocs.build.letters import render_letters
from permdocs.build.options import BuildOptions
from permdocs.build.run import Rendering
from permdocs.errors import RenderError
from permdocs.letters.context import marked
from permdocs.letters.plan import plan_letters
from permdocs.load.profiles import load_profile
from permdocs.render.verify import verify_docx
from permdocs.write.manifest import BuiltDocument

AS_OF = date(2026, 11, 23)


def _letters(*, draft: bool = False, **settings: object) -> dict[str, BuiltDocument]:
    council = profile(certificate=True, information_sheets=True, **settings)
    case = with_decision(agency_teenager(), "agreed")
    result = render_letters(Rendering.of(case, council, BuildOptions(as_of=AS_OF, draft=draft)))
    return {d.kind: d for d in result.documents}


def _edges(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    texts = []
    for section in document.sections:
        for part in (section.header, section.footer):
            texts += [paragraph.text for paragraph in part.paragraphs]
    return "\n".join(texts)


def test_the_default_profile_marks_the_certificate_like_everything_else() -> None:
    assert load_profile("default").letters.certificate_marking is True
    for kind, document in _letters().items():
        assert _edges(document.data).count("OFFICIAL-SENSITIVE") >= 2, kind


def test_a_council_may_leave_the_marking_off_the_certificate_and_only_the_certificate() -> None:
    letters = _letters(certificate_marking=False)
    certificate = letters.pop("permanency-certificate")
    assert "OFFICIAL-SENSITIVE" not in _edges(certificate.data)
    assert b"OFFICIAL-SENSITIVE" not in certificate.data
    assert len(letters) >= 8
    for kind, document in letters.items():
        assert _edges(document.data).count("OFFICIAL-SENSITIVE") >= 2, kind


def test_an_unmarked_certificate_still_says_draft_in_a_draft() -> None:
    certificate = _letters(draft=True, certificate_marking=False)["permanency-certificate"]
    edges = _edges(certificate.data)
    assert "OFFICIAL-SENSITIVE" not in edges
    assert edges.count("DRAFT") == 2


def test_only_the_certificate_may_go_without_the_marking() -> None:
    council = profile(certificate=True, information_sheets=True, certificate_marking=False)
    case = with_decision(agency_teenager(), "agreed")
    plan = plan_letters(case, council, AS_OF)
    assert {letter.kind.kind for letter in plan.letters if not marked(letter, council)} == {
        "permanency-certificate"
    }
    assert all(marked(letter, profile(certificate=True)) for letter in plan.letters)


def test_the_check_on_every_page_still_refuses_an_unmarked_document() -> None:
    # The unmarked certificate passes only because its render asks for no marking; the same
    # bytes checked as any other document are refused.
    certificate = _letters(certificate_marking=False)["permanency-certificate"]
    verify_docx(certificate.data, document="certificate", draft=False, needs_marking=False)
    with pytest.raises(RenderError, match="OFFICIAL-SENSITIVE"):
        verify_docx(certificate.data, document="certificate", draft=False)
