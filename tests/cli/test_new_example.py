"""`permdocs new --example`: a bundled sample case to try permdocs on, never over a case."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from permdocs.api import load_case
from permdocs.build.new_case import sample_names
from permdocs.cli import cli


def test_an_example_is_a_working_case_with_its_schema_and_papers(tmp_path: Path) -> None:
    target = tmp_path / "try-it"
    result = CliRunner().invoke(cli, ["new", "--example", "--sample", "02", str(target)])
    assert result.exit_code == 0, result.output
    assert f"Created {target / 'case.yaml'}" in result.output
    loaded = load_case(target)
    assert loaded.case.reference.startswith("PF-")
    first = (target / "case.yaml").read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=case.schema.json"
    assert json.loads((target / "case.schema.json").read_text("utf-8"))["title"]
    assert {p.name for p in (target / "attachments").iterdir()} == {
        p.name for p in Path(f"samples/{sample_names()[1]}/attachments").iterdir()
    }


def test_the_first_sample_is_the_default_and_a_case_is_never_replaced(tmp_path: Path) -> None:
    target = tmp_path / "case"
    first = CliRunner().invoke(cli, ["new", "--example", str(target)])
    assert first.exit_code == 0, first.output
    before = (target / "case.yaml").read_bytes()
    again = CliRunner().invoke(cli, ["new", "--example", "--sample", "03", str(target)])
    assert again.exit_code == 1
    assert "already holds case.yaml" in again.output
    assert (target / "case.yaml").read_bytes() == before


def test_an_unknown_sample_names_the_real_ones(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["new", "--example", "--sample", "09", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert "there is no sample case called '09'" in result.output
    assert sample_names()[0] in result.output
    assert not (tmp_path / "x" / "case.yaml").exists()


def test_a_sample_matched_with_a_sibling_brings_the_siblings_case_where_its_link_points(
    tmp_path: Path,
) -> None:
    """Kai's sample links to Ruby's (siblings matched together): both are copied, so the link
    reads and check finds nothing missing about it; a case already there is never replaced."""
    from permdocs.api import check_case

    target = tmp_path / "cases" / "kai"
    result = CliRunner().invoke(cli, ["new", "--example", "--sample", "05", str(target)])
    assert result.exit_code == 0, result.output
    ruby = tmp_path / "cases" / "02-siblings-new-carers-confidential"
    assert load_case(ruby).case.reference == "PF-2026-0157"
    assert f"It links to a sibling's case, matched together with this child: {ruby}" in (
        result.output
    )
    codes = {finding.code for finding in check_case(target)}
    assert "sibling-case-unreadable" not in codes
    # Again beside a case of someone else's at the link's place: that case is left alone.
    other = tmp_path / "other"
    mine = other / "02-siblings-new-carers-confidential" / "case.yaml"
    mine.parent.mkdir(parents=True)
    mine.write_text("reference: PF-2026-0999\n", encoding="utf-8")
    again = CliRunner().invoke(cli, ["new", "--example", "--sample", "05", str(other / "kai")])
    assert again.exit_code == 0, again.output
    assert mine.read_text(encoding="utf-8") == "reference: PF-2026-0999\n"
