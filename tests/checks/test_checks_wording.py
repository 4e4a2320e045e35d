"""Findings in a social worker's words: the line of the case file, items counted from 1 with
their names, the person beside the role, public sources, the order of the process, filters, and
the common slips of a hand-written case file named as what they are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_checks_codes import fixtures, run

from case_factory import (
    AS_OF,
    complete_data,
    default_profile,
    make_case,
    minimal_data,
    set_path,
    write_case_folder,
)
from loading_cases import MINIMAL_YAML, refused, write_case
from permdocs.checks import run_checks
from permdocs.checks.findings import STAGES, stage
from permdocs.checks.runner import check_folder
from permdocs.checks.wording import contacts, ordinal, owner_matches, place
from permdocs.cli import cli
from permdocs.load.folder import case_profile, load_case
from permdocs.policy.rules import RULES


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (101, "101st"),
        (111, "111th"),
    ],
)
def test_ordinals(number: int, text: str) -> None:
    assert ordinal(number) == text


def test_a_place_counts_from_one_and_names_the_item() -> None:
    case = make_case()
    assert place("attachments[2].author", case) == (
        "author of the 3rd attachment, 'ppm-minutes paper'"
    )
    assert place("birth_parents[1].views", case).startswith("views of the 2nd birth parent, '")
    assert place("child.lac_reviews[0].date", case) == "date of the 1st LAC review"
    assert place("siblings[0]", case).startswith("the 1st brother or sister, '")
    assert place("child.ethnicity", case) == "Child: ethnicity"


def test_every_finding_of_a_yaml_case_has_its_line(tmp_path: Path) -> None:
    text = MINIMAL_YAML + "  ethnicity:\nsiblings:\n  - name: Sam\n"
    folder = write_case(tmp_path / "case", text)
    loaded = load_case(folder)
    findings = check_folder(loaded, default_profile(), AS_OF)
    assert findings and all(finding.line is not None for finding in findings)
    by_field = {finding.field: finding for finding in findings}
    assert by_field["child.ethnicity"].line == 6  # the empty value's own line
    assert by_field["child.gender"].line == 2  # not in the file: its group, 'child:'
    plan = by_field["siblings[0].plan"]
    assert (plan.line, plan.place) == (8, "plan of the 1st brother or sister, 'Sam'")
    assert plan.message.startswith("Plan of the 1st brother or sister, 'Sam' is not filled in")


def test_the_person_and_contact_stand_beside_the_role() -> None:
    data = complete_data()
    set_path(
        data,
        "professionals.childs_social_worker",
        {"name": "Olu Adebayo", "contact": {"phone": "07700 900555", "email": "olu@x.gov.uk"}},
    )
    people = contacts(make_case(data))
    assert people["child's social worker"] == "Olu Adebayo, 07700 900555, olu@x.gov.uk"
    assert people["ADM"] == "Adm Person"
    assert "business support" not in people
    assert owner_matches("childs social worker", "child's social worker", people)
    assert owner_matches("Adebayo", "child's social worker", people)
    assert owner_matches("adm", "ADM", people)
    assert not owner_matches("panel", "child's social worker", people)


def test_sources_are_public_citations_only() -> None:
    internal = ("seeds", "brief", "domain")
    sources = {rule.source for rule in RULES}
    sources |= {finding.source for fixture in fixtures() for finding in run(fixture)}
    assert len(sources) > 5
    for source in sources:
        assert not any(word in source.casefold() for word in internal), source


def test_findings_come_in_the_order_of_the_process_within_each_owner() -> None:
    findings = run_checks(make_case(minimal_data()), default_profile(), AS_OF)
    groups: dict[tuple[str, str], list[int]] = {}
    for finding in findings:
        groups.setdefault((finding.severity, finding.owner), []).append(stage(finding))
    assert any(len(set(stages)) > 1 for stages in groups.values())
    for stages in groups.values():
        assert stages == sorted(stages)
    assert STAGES == ("PPM", "matching", "panel", "decision", "letters")


# --- the command -------------------------------------------------------------------------------


def _check(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--as-of", AS_OF.isoformat(), *arguments])
    return result.exit_code, result.output


def test_owner_and_document_filters(tmp_path: Path) -> None:
    folder = str(write_case_folder(tmp_path / "blank", minimal_data()))
    _, everything = _check("--format", "json", folder)
    all_findings = json.loads(everything)["findings"]
    code, out = _check("--format", "json", "--owner", "panel adviser", folder)
    assert code == 1
    owners = {finding["owner"] for finding in json.loads(out)["findings"]}
    assert owners == {"panel adviser"}
    code, out = _check("--format", "json", "--document", "ppm-referral", folder)
    shown = json.loads(out)["findings"]
    assert 0 < len(shown) < len(all_findings)
    assert all(not f["documents"] or "ppm-referral" in f["documents"] for f in shown)
    code, out = _check("--owner", "ADM", "--document", "letter-carers", folder)
    assert code == 0  # the ADM's one note fails nothing
    assert out.splitlines()[0].endswith(
        "profile 'default', only what is owed by ADM, holding up letter-carers:"
        " 0 blockers, 0 warnings, 1 note"
    )


def test_an_unknown_document_is_a_usage_error(tmp_path: Path) -> None:
    folder = str(write_case_folder(tmp_path / "case", complete_data()))
    code, out = _check("--document", "ppm-referal", folder)
    assert code == 2
    assert "unknown document kind ppm-referal" in out


def test_the_text_report_starts_with_a_short_summary(tmp_path: Path) -> None:
    folder = str(write_case_folder(tmp_path / "blank", minimal_data()))
    _, out = _check(folder)
    lines = out.splitlines()
    assert lines[1].startswith("Who owes what: Child's social worker 6")
    first = lines.index("First to do:")
    assert lines[first + 1].startswith("  1. PPM: case.json line ")
    assert len([line for line in lines[first:] if line[:5].strip().endswith(".")]) == 3


# --- slips in a hand-written case file ---------------------------------------------------------


def test_unlisted_papers_are_named_beside_the_missing_ones(tmp_path: Path) -> None:
    data = complete_data()
    data["attachments"] = [a for a in data["attachments"] if a["kind"] != "care-plan"]
    folder = write_case_folder(tmp_path / "case", data)
    (folder / "attachments" / "Care Plan v2.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / "attachments" / "~$re Plan v2.docx").write_bytes(b"")  # Word's lock file
    loaded = load_case(folder)
    findings = check_folder(loaded, case_profile(loaded), AS_OF)
    missing = next(f for f in findings if f.code == "missing-paper")
    assert missing.fix.endswith(
        "The attachments folder holds 'attachments/Care Plan v2.pdf', which no entry lists: if"
        " one of them is this paper, list it."
    )
    (unlisted,) = [f for f in findings if f.code == "unlisted-attachment"]
    assert unlisted.severity == "warning"
    assert unlisted.message == (
        "attachments/Care Plan v2.pdf is in the attachments folder, but no entry under"
        " attachments lists it, so no document or panel pack includes it."
    )


def test_an_attachment_name_close_to_a_file_there_gets_a_did_you_mean(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    (folder / "attachments").mkdir(parents=True)
    (folder / "attachments" / "Form F Update.pdf").write_bytes(b"%PDF-1.4\n")
    text = MINIMAL_YAML + (
        "attachments:\n  - kind: form-f-update\n    title: Form F\n"
        "    path: attachments/Form F update.docx\n"
    )
    (problem,) = refused(write_case(folder, text))
    assert (problem.location.line, problem.field) == (9, "attachments[0].path")
    assert problem.message == "'attachments/Form F update.docx' does not exist"
    assert problem.hint == "did you mean 'attachments/Form F Update.pdf'? That file is there"


@pytest.mark.parametrize(
    ("text", "line", "column", "empty", "key"),
    [
        (
            "professionals: {}\n  iro:\n    name: Sam Lee\n",
            6,
            16,
            "{}",
            "professionals",
        ),
        ("siblings: []   # none yet\n\n  # a sibling\n  - name: Sam\n", 6, 11, "[]", "siblings"),
    ],
)
def test_a_leftover_empty_section_is_named_not_the_indentation(
    tmp_path: Path, text: str, line: int, column: int, empty: str, key: str
) -> None:
    (problem,) = refused(write_case(tmp_path, MINIMAL_YAML + text))
    assert (problem.location.line, problem.location.column) == (line, column)
    what = "an empty group" if empty == "{}" else "an empty list"
    assert problem.message == (
        f"'{key}: {empty}' says {key} is {what}, so the lines indented under it cannot belong to it"
    )
    assert problem.hint == f"delete the {empty} after '{key}:' now that its entries are filled in"


def test_a_real_indentation_slip_is_still_told_as_one(tmp_path: Path) -> None:
    text = MINIMAL_YAML + "siblings:\n  - name: Sam\n   plan: Stay\n"
    problems = refused(write_case(tmp_path, text))
    assert all("empty" not in problem.message for problem in problems)


# --- a final build that stops ------------------------------------------------------------------


def test_a_blocked_build_gives_the_line_and_suggests_the_documents_that_are_ready(
    tmp_path: Path,
) -> None:
    data = complete_data()
    set_path(data, "carers.assessment.motivation", None)
    folder = write_case_folder(tmp_path / "case", data)
    result = CliRunner().invoke(
        cli, ["build", "--no-pack", "--as-of", AS_OF.isoformat(), str(folder)]
    )
    assert result.exit_code == 1
    lines = (folder / "case.json").read_text("utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if '"motivation": null' in text)
    assert (
        f"  line {line}: Carers: assessment: motivation (carers.assessment.motivation) is not"
        " filled in." in result.output
    )
    assert "(owed by the fostering social worker)" in result.output
    assert result.output.rstrip().endswith(
        "or build the documents that are ready now: --only ppm-referral"
        " --only matching-report-part2 --only matching-meeting-record --only panel-front-sheet"
        " --only panel-checklist"
    )
