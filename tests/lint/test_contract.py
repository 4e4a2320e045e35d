"""The template contract: a council template survives a renamed field (it renders through the
old name, the check names the change, `templates upgrade` rewrites it and nothing else), and a
template written for a contract too old (or too new) is refused with what to do."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from docx_helpers import open_docx
from permdocs.api import build_case
from permdocs.build.options import BuildOptions
from permdocs.build.templates import copy_bundled_templates
from permdocs.cli import cli
from permdocs.errors import TemplateError
from permdocs.lint.check import clear_cache, lint_file
from permdocs.lint.contract import CURRENT, current, using
from permdocs.lint.reference import fields_markdown
from permdocs.lint.upgrade import BACKUP_FOLDER, upgrade_file
from permdocs.model.versions import Change, Contract
from permdocs.render.properties import declared_contract, with_declared_contract
from permdocs.resources import bundled_templates_dir
from render_builds import FIXTURE, FIXTURE_AS_OF, copy_case

ROOT = Path(__file__).resolve().parents[2]
KIND = "ppm-referral"
# A simulated contract 2.0.0 in which what templates now call child.full_name was renamed from
# child.legal_name: a council template written for 1.x says child.legal_name.
RENAMED = Contract(
    "2.0.0", (Change("2.0.0", "renamed", "child.legal_name", "child.full_name", "clearer"),)
)
GRACE_OVER = Contract("3.0.0", RENAMED.changes)


@pytest.fixture(autouse=True)
def _fresh_checks() -> None:
    clear_cache()


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _write(path: Path, parts: dict[str, bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


def _old_council_template(folder: Path, declared: str = "1.0.0") -> Path:
    """The bundled PPM referral as a council wrote it for contract 1.x: child.legal_name."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = _parts(bundled_templates_dir() / f"{KIND}.docx")
    body = parts["word/document.xml"].decode("utf-8")
    assert body.count("{{ child.full_name }}") >= 1
    parts["word/document.xml"] = body.replace("child.full_name", "child.legal_name").encode()
    return _write(folder / f"{KIND}.docx", with_declared_contract(parts, declared))


def test_the_bundled_templates_declare_the_current_contract(tmp_path: Path) -> None:
    for path in sorted(bundled_templates_dir().glob("*.docx")):
        assert declared_contract(_parts(path)) == CURRENT.version, path.name
    copied = copy_bundled_templates(tmp_path / "council")
    assert copied and all(declared_contract(_parts(path)) == CURRENT.version for path in copied)


def test_a_renamed_field_is_reported_with_its_version_and_new_name(tmp_path: Path) -> None:
    template = _old_council_template(tmp_path / "council")
    with using(RENAMED):
        report = lint_file(template)
    assert report.errors == ()
    deprecated = [f for f in report.warnings if f.code == "deprecated-field"]
    assert deprecated, report.text()
    assert "“child.legal_name” was renamed “child.full_name” in template contract 2.0.0" in (
        deprecated[0].message
    )
    assert "permdocs templates upgrade" in deprecated[0].hint
    assert report.renames == {"child.legal_name": "child.full_name"}
    # Under the real contract, the same name is simply unknown: the alias comes from the contract.
    assert any(
        f.code == "unknown-name" or "legal_name" in f.message for f in lint_file(template).errors
    )


def test_a_template_using_a_renamed_field_still_renders_through_the_new_name(
    tmp_path: Path,
) -> None:
    council = tmp_path / "council"
    _old_council_template(council)
    case = copy_case(FIXTURE, tmp_path / "case")
    with using(RENAMED):
        result = build_case(
            case,
            BuildOptions(templates=council, only=(KIND,), as_of=FIXTURE_AS_OF, out=tmp_path / "o"),
        )
    bundled = build_case(
        case, BuildOptions(only=(KIND,), as_of=FIXTURE_AS_OF, out=tmp_path / "bundled")
    )
    rendered = "\n".join(p.text for p in open_docx(result.documents[0].data).paragraphs)
    expected = "\n".join(p.text for p in open_docx(bundled.documents[0].data).paragraphs)
    assert rendered == expected  # the child's name where the template asked for it
    entry = json.loads((tmp_path / "o" / "manifest.json").read_text("utf-8"))["documents"][0]
    assert entry["template_contract"] == "1.0.0"
    bundled_entry = json.loads((tmp_path / "bundled" / "manifest.json").read_text("utf-8"))
    assert "template_contract" not in bundled_entry["documents"][0]


def test_upgrade_rewrites_the_names_and_keeps_every_other_part(tmp_path: Path) -> None:
    template = _old_council_template(tmp_path / "council")
    before = _parts(template)
    with using(RENAMED):
        upgrade = upgrade_file(template)
        after_report = lint_file(template)
    assert upgrade.renamed == (("child.legal_name", "child.full_name"),)
    assert upgrade.by_hand == ()
    assert upgrade.backup is not None and upgrade.backup.parent.name == BACKUP_FOLDER
    assert _parts(upgrade.backup) == before  # the original, kept as it was
    after = _parts(template)
    assert set(after) == set(before)
    for name in before:
        if name == "word/document.xml":
            assert after[name] == before[name].replace(b"child.legal_name", b"child.full_name")
        elif name == "docProps/custom.xml":
            assert declared_contract(after) == "2.0.0"
        else:
            assert after[name] == before[name], name
    assert after_report.findings == () or all(
        f.code != "deprecated-field" for f in after_report.findings
    )
    assert after_report.contract == "2.0.0"


def test_upgrade_lists_a_name_word_split_across_runs_for_retyping(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    folder.mkdir()
    parts = _parts(bundled_templates_dir() / f"{KIND}.docx")
    body = parts["word/document.xml"].decode("utf-8")
    split = "{{ child.legal_</w:t></w:r><w:r><w:t>name }}"
    parts["word/document.xml"] = body.replace("{{ child.full_name }}", split, 1).encode()
    template = _write(folder / f"{KIND}.docx", with_declared_contract(parts, "1.0.0"))
    with using(RENAMED):
        upgrade = upgrade_file(template, dry_run=True)
    assert upgrade.renamed == (("child.legal_name", "child.full_name"),)
    assert len(upgrade.by_hand) == 1 and upgrade.by_hand[0].startswith("child.legal_name at ")
    assert upgrade.backup is None and not (folder / BACKUP_FOLDER).exists()


def test_the_upgrade_command_says_what_changed(tmp_path: Path) -> None:
    council = tmp_path / "council"
    _old_council_template(council)
    with using(RENAMED):
        dry = CliRunner().invoke(cli, ["templates", "upgrade", "--dry-run", str(council)])
        real = CliRunner().invoke(cli, ["templates", "upgrade", str(council)])
        again = CliRunner().invoke(cli, ["templates", "upgrade", str(council)])
    assert dry.exit_code == 0, dry.output
    assert "ppm-referral.docx: would upgrade from template contract 1.0.0 to 2.0.0" in dry.output
    assert "child.legal_name -> child.full_name" in dry.output
    assert real.exit_code == 0 and "original kept as" in real.output
    assert "already written for template contract 2.0.0" in again.output


def test_once_the_grace_is_over_the_old_name_is_an_error_naming_the_version(
    tmp_path: Path,
) -> None:
    template = _old_council_template(tmp_path / "council", declared="2.0.0")
    with using(GRACE_OVER):
        report = lint_file(template)
    removed = [f for f in report.errors if f.code == "removed-field"]
    assert removed and "removed from the template contract in 2.0.0" in removed[0].message
    assert "child.full_name" in removed[0].hint


def test_a_template_for_a_contract_too_old_is_refused_with_the_upgrade_command(
    tmp_path: Path,
) -> None:
    council = tmp_path / "council"
    _old_council_template(council, declared="1.0.0")
    case = copy_case(FIXTURE, tmp_path / "case")
    with using(GRACE_OVER), pytest.raises(TemplateError) as caught:
        build_case(case, BuildOptions(templates=council, only=(KIND,), as_of=FIXTURE_AS_OF))
    assert "written for template contract 1.0.0" in str(caught.value)
    assert f"permdocs templates upgrade {council}" in str(caught.value)
    assert not (case / "out").exists()


def test_a_template_for_a_newer_contract_is_refused(tmp_path: Path) -> None:
    template = _old_council_template(tmp_path / "council", declared="9.0.0")
    report = lint_file(template)
    assert any(f.code == "contract-newer" for f in report.errors)


def test_the_reference_and_its_json_carry_the_contract_version() -> None:
    assert f"Template contract version **{current().version}**" in fields_markdown()
    committed = (ROOT / "docs" / "fields.md").read_text("utf-8")
    assert f"Template contract version **{CURRENT.version}**" in committed
    result = CliRunner().invoke(cli, ["templates", "fields", "--format", "json"])
    payload = json.loads(result.output)
    assert payload["contract"] == CURRENT.version
    names = {field["name"] for field in payload["kinds"][KIND]["fields"]}
    assert "child.full_name" in names
    with using(RENAMED):
        changes = json.loads(
            CliRunner().invoke(cli, ["templates", "fields", "--format", "json"]).output
        )["changes"]
    assert changes == [
        {
            "version": "2.0.0",
            "kind": "renamed",
            "name": "child.legal_name",
            "new_name": "child.full_name",
        }
    ]


def _changelog_gaps(
    changelog: str, contract: Contract, title: str = "Template contract"
) -> list[str]:
    """Each change of ``contract`` the changelog does not name under ``### TITLE VERSION``."""
    heads = list(re.finditer(r"^#{2,3} (.+)$", changelog, re.M))
    sections = {
        head.group(1).strip(): changelog[head.end() : following.start() if following else None]
        for head, following in zip(heads, [*heads[1:], None], strict=True)
    }
    return [
        f"{change.version}: {change.path}"
        for change in contract.changes
        if change.path not in sections.get(f"{title} {change.version}", "")
    ]


def test_the_changelog_names_every_contract_change_under_its_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert f"Template contract {CURRENT.version}" in changelog
    assert _changelog_gaps(changelog, CURRENT) == []
    # The check itself: a change the changelog does not mention is found.
    assert _changelog_gaps(changelog, RENAMED) == ["2.0.0: child.legal_name"]
