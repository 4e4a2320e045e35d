"""``permdocs letters``: what it writes, what it reports, and what it refuses to write.

The bad council templates here are made from the bundled birth-parent letter, changed the way a
careless edit in Word would change it. Both layers of protection are tested on their own: a tag
naming the carers' address fails because a birth parent's letter is never given it, and a
postcode typed straight into the footer (or the file's properties) is caught by the scan.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from letter_cases import agency_teenager, changed, confidential, existing_carers, write_case
from permdocs.api import build_letters
from permdocs.build.letters import render_letters
from permdocs.build.options import BuildOptions
from permdocs.build.run import Rendering
from permdocs.cli import cli
from permdocs.errors import ConfidentialityError, Leak, OutputError, RenderError, TemplateError
from permdocs.load.profiles import load_profile
from permdocs.model import Case
from permdocs.policy.documents import DocumentKind
from permdocs.render.engine import PreparedTemplate, prepare_template
from permdocs.resources import bundled_templates_dir
from permdocs.write.output import LOCK_NAME

AS_OF = "2026-11-23"


def _bad_template(folder: Path, *, footer: str = "", title: str = "") -> Path:
    """The bundled letter-birth-parent.docx with a paragraph added to its footer, or a title."""
    source = bundled_templates_dir() / "letter-birth-parent.docx"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "letter-birth-parent.docx"
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w") as bad:
        for info in original.infolist():
            data = original.read(info)
            if footer and info.filename == "word/footer1.xml":
                paragraph = f"<w:p><w:r><w:t>{footer}</w:t></w:r></w:p></w:ftr>"
                data = data.replace(b"</w:ftr>", paragraph.encode())
            if title and info.filename == "docProps/core.xml":
                data = data.replace(b"<dc:title>", f"<dc:title>{title} ".encode())
            bad.writestr(info, data)
    target.write_bytes(out.getvalue())
    return folder


def _written(folder: Path) -> list[str]:
    """The files in ``folder`` but the lock's (empty) file, which stays on Linux and macOS."""
    return (
        sorted(p.name for p in folder.glob("*") if p.name != LOCK_NAME) if folder.exists() else []
    )


def test_letters_writes_each_letter_and_a_manifest(tmp_path: Path) -> None:
    case_dir = write_case(tmp_path / "PF-2026-0142", existing_carers())
    result = CliRunner().invoke(cli, ["letters", "--as-of", AS_OF, str(case_dir)])
    assert result.exit_code == 0, result.output
    out = case_dir / "out"
    assert _written(out) == [
        "PF-2026-0142_letter-birth-parent-father.docx",
        "PF-2026-0142_letter-birth-parent-mother.docx",
        "PF-2026-0142_letter-carers.docx",
        "PF-2026-0142_letter-child.docx",
        "PF-2026-0142_letter-social-worker.docx",
        "audit.jsonl",
        "letters-manifest.json",
    ]
    manifest = json.loads((out / "letters-manifest.json").read_text())
    audiences = {entry["kind"]: entry["audience"] for entry in manifest["documents"]}
    assert audiences["letter-birth-parent"] == "birth-parent"
    child = next(e for e in manifest["documents"] if e["kind"] == "letter-child")
    assert child["reading_ease"]["minimum_ease"] == 90.0
    assert manifest["as_of"] == AS_OF
    assert "reading ease" in result.output


def test_letters_reports_a_parent_with_no_letter(tmp_path: Path) -> None:
    case_dir = write_case(tmp_path / "case", confidential())
    result = CliRunner().invoke(cli, ["letters", "--as-of", AS_OF, str(case_dir)])
    assert result.exit_code == 0, result.output
    assert "no letter for Dwayne Callender (father): their whereabouts are unknown" in result.output
    assert not any("dwayne" in name for name in _written(case_dir / "out"))
    manifest = json.loads((case_dir / "out" / "letters-manifest.json").read_text())
    assert "letters-parent-whereabouts-unknown" in [n["code"] for n in manifest["notices"]]


def test_an_agency_carer_gets_the_agency_letter(tmp_path: Path) -> None:
    case_dir = write_case(tmp_path / "case", agency_teenager())
    result = build_letters(case_dir, BuildOptions(out=tmp_path / "out", as_of=date(2026, 11, 23)))
    assert "PF-2026-0163_letter-agency.docx" in [d.file_name for d in result.documents]


def test_no_decision_writes_nothing_and_says_why(tmp_path: Path) -> None:
    case_dir = write_case(tmp_path / "case", changed(existing_carers(), decision=None))
    result = CliRunner().invoke(cli, ["letters", str(case_dir)])
    assert result.exit_code == 0
    assert "no decision is recorded yet" in result.output
    assert _written(case_dir / "out") == []


def test_letters_changed_by_hand_are_not_replaced_without_force(tmp_path: Path) -> None:
    case_dir = write_case(tmp_path / "case", existing_carers())
    first = build_letters(case_dir)
    build_letters(case_dir)  # its own letters, unchanged: written again without --force
    letter = first.out / first.documents[0].file_name
    letter.write_bytes(letter.read_bytes() + b"edited")
    with pytest.raises(OutputError, match="changed since permdocs wrote it"):
        build_letters(case_dir)
    build_letters(case_dir, BuildOptions(force=True))


def test_draft_marks_each_page_draft(tmp_path: Path) -> None:
    case_dir = write_case(tmp_path / "case", existing_carers())
    result = build_letters(case_dir, BuildOptions(draft=True))
    with zipfile.ZipFile(io.BytesIO(result.documents[0].data)) as archive:
        assert "DRAFT" in archive.read("word/footer1.xml").decode()


# --- the bad council template ------------------------------------------------------------------


@dataclass(frozen=True)
class _Unchecked(Rendering):
    """Letters rendered from a council's templates without the template check a build runs
    first, to test the layers behind it."""

    folder: Path

    def template(self, kind: DocumentKind) -> tuple[PreparedTemplate, str]:
        path = self.folder / kind.template_name
        if not path.is_file():
            return super().template(kind)
        return prepare_template(path, label=str(path)), str(path)


def _render_unchecked(case: Case, templates: Path) -> None:
    """Render the case's letters with ``templates``, skipping only the template check."""
    plain = Rendering.of(case, load_profile("default"), BuildOptions(as_of=date(2026, 11, 23)))
    render_letters(_Unchecked(plain.context, plain.options, plain.profile_dir, folder=templates))


def test_the_template_check_refuses_a_template_naming_the_carers_address(tmp_path: Path) -> None:
    case_dir = write_case(tmp_path / "case", confidential())
    bad = _bad_template(tmp_path / "bad-templates", footer="{{ carers.address }}")
    with pytest.raises(TemplateError) as caught:
        build_letters(case_dir, BuildOptions(templates=bad))
    assert "“carers.address” is never given to a letter-birth-parent template" in str(caught.value)
    assert "word/footer1.xml" in caught.value.message
    assert _written(case_dir / "out") == []


def test_a_template_naming_the_carers_address_fails_as_undefined(tmp_path: Path) -> None:
    bad = _bad_template(tmp_path / "bad-templates", footer="{{ carers.address }}")
    with pytest.raises(TemplateError) as caught:
        _render_unchecked(confidential(), bad)
    assert "'carers' is undefined" in caught.value.message
    assert "not given the carers' details" in caught.value.hint


def test_even_a_non_confidential_parents_letter_cannot_print_the_address(tmp_path: Path) -> None:
    bad = _bad_template(tmp_path / "bad-templates", footer="{{ carers.address }}")
    # Both parents' letters fail, so the error lists both.
    with pytest.raises(RenderError, match="has no attribute 'address'") as caught:
        _render_unchecked(existing_carers(), bad)
    assert "not given the carers' details" in caught.value.hint


def test_a_postcode_typed_into_the_footer_is_caught_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    case_dir = write_case(tmp_path / "case", confidential())
    bad = _bad_template(tmp_path / "bad-templates", footer="Return address: zz62rb")
    with pytest.raises(ConfidentialityError) as caught:
        build_letters(case_dir, BuildOptions(templates=bad))
    error = caught.value
    assert error.document == "letter-birth-parent-mother"
    assert {(leak.field, leak.part) for leak in error.leaks} == {
        ("carers.address.postcode", "word/footer1.xml")
    }
    assert "zz62rb" in {leak.words for leak in error.leaks}
    assert _written(case_dir / "out") == []


def test_an_address_in_the_document_properties_is_caught(tmp_path: Path) -> None:
    case_dir = write_case(tmp_path / "case", confidential())
    bad = _bad_template(tmp_path / "bad-templates", title="Letter re 9 Orchard Way")
    with pytest.raises(ConfidentialityError) as caught:
        build_letters(case_dir, BuildOptions(templates=bad))
    found = {(leak.field, leak.part) for leak in caught.value.leaks}
    assert ("carers.address.lines[0]", "docProps/core.xml") in found


def test_the_command_refuses_the_bad_template_and_names_letter_field_and_part(
    tmp_path: Path,
) -> None:
    case_dir = write_case(tmp_path / "case", confidential())
    bad = _bad_template(tmp_path / "bad-templates", footer="The Whitfields, Penbury Vale")
    result = CliRunner().invoke(
        cli, ["letters", "--templates", str(bad), "--as-of", AS_OF, str(case_dir)]
    )
    assert result.exit_code == 1
    for expected in (
        "letter-birth-parent-mother",
        "“Penbury Vale” in word/footer1.xml matches the carers' town or area (carers.address.town)",
        "“Whitfields” in word/footer1.xml matches a carer's surname",
        "nothing was written",
    ):
        assert expected in result.output
    assert "Traceback" not in result.output
    assert _written(case_dir / "out") == []


def test_restricted_text_typed_into_the_case_is_caught_too(tmp_path: Path) -> None:
    # Free text reaches a parent's letter through their contact arrangements: the same check as
    # ``permdocs check`` refuses it before anything is rendered, naming the field and the words.
    case = confidential()
    data = case.model_dump(mode="json")
    data["birth_parents"][0]["contact_arrangements"] = "Family time at the Whitfields' home."
    case_dir = write_case(tmp_path / "case", changed(case, birth_parents=data["birth_parents"]))
    with pytest.raises(ConfidentialityError) as caught:
        build_letters(case_dir)
    assert Leak("birth_parents[0].contact_arrangements", "case.yaml") in caught.value.leaks
    message = str(caught.value)
    assert "“Whitfields'” match a carer's surname (carers.carers[0].last_name)" in message
    assert _written(case_dir / "out") == []


def test_a_hard_child_letter_is_reported_with_its_score_and_the_bar(tmp_path: Path) -> None:
    case_dir = write_case(tmp_path / "case", existing_carers())
    folder = tmp_path / "council"
    folder.mkdir()
    hard = (
        "Following comprehensive consideration of the recommendation, the determination "
        "constitutes authorisation of permanence arrangements, notwithstanding outstanding "
        "documentation requirements and associated administrative considerations."
    )
    source = bundled_templates_dir() / "letter-child.docx"
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w") as council:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"I have some happy news for you.", hard.encode())
                data = data.replace(b"This starts on ", f"{hard} ".encode())
            council.writestr(info, data)
    (folder / "letter-child.docx").write_bytes(out.getvalue())
    result = build_letters(case_dir, BuildOptions(templates=folder, as_of=date(2026, 11, 23)))
    [finding] = [f for f in result.findings if f.code == "letters-child-letter-hard-to-read"]
    assert finding.severity == "warning"
    assert result.reading_ease is not None and result.reading_ease.hard_for_age
    assert f"{result.reading_ease.flesch_reading_ease:g}" in finding.message
    assert "against 90 or more and at most 12 words a sentence for a child of 9" in finding.message
