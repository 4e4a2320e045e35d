"""The audit log: one JSON line per build, appended and never rewritten, saying when, by whom,
with which command and from which inputs, templates and outputs (by SHA-256), and holding no
personal data, even when the folders and files it is given are named after the child.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from permdocs.api import build_case, load_case
from permdocs.build.options import BuildOptions
from permdocs.cli import cli
from permdocs.model import Case
from permdocs.policy.documents import KINDS
from permdocs.resources import bundled_templates_dir
from permdocs.write.audit import AUDIT_NAME, audit_entry, redact_command
from render_builds import ROOT, SAMPLE_AS_OF, copy_case
from robust_helpers import changes, free_text_fields, snapshot

SAMPLE = ROOT / "samples" / "02-siblings-new-carers-confidential"
EVERY_KIND = [argument for kind in KINDS for argument in ("--only", kind)]
"""Every report and letter (and not the PDF pack, which needs LibreOffice)."""


@pytest.fixture
def named_case(tmp_path: Path) -> Path:
    """Sample 02 (a confidential placement) as social workers often keep it: in a folder named
    after the child, with an attachment named after her too."""
    folder = copy_case(SAMPLE, tmp_path / "Ruby Callender (PF-2026-0157)")
    old, new = "attachments/pep.pdf", "attachments/Ruby Callender PEP Autumn 2026.pdf"
    shutil.move(folder / old, folder / new)
    case_file = folder / "case.yaml"
    text = case_file.read_text(encoding="utf-8")
    assert text.count(f"path: {old}\n") == 1
    case_file.write_text(text.replace(f"path: {old}\n", f"path: {new}\n"), encoding="utf-8")
    return folder


def build(folder: Path, *options: str) -> Result:
    result = CliRunner().invoke(
        cli,
        ["build", "--as-of", SAMPLE_AS_OF.isoformat(), *EVERY_KIND, *options, str(folder)],
    )
    assert result.exit_code == 0, result.output
    return result


def _dates(value: Any) -> Iterator[str]:
    yield value.isoformat()
    yield value.strftime("%d/%m/%Y")
    yield f"{value.day} {value:%B %Y}"


def personal_strings(case: Case, folder: Path) -> set[str]:
    """Every value a person typed on one line (names, addresses, postcodes, the school, phone
    numbers, emails, file names), each word of every name, and every date of birth as documents
    and case files write it. The case reference and profile name are not personal."""
    found: set[str] = set()
    data = case.model_dump(mode="python")
    for field, kind in free_text_fields().items():
        if kind != "line" or field in ("reference", "profile"):
            continue
        for value in _values(data, re.findall(r"\[\*\]|[^.\[\]]+", field)):
            found.add(value)
            if _IDENTIFYING.search(field) and field not in _ORGANISATIONS:
                found.update(re.split(r"[\s/.()]+", value))
    born = [case.child.date_of_birth]
    born += [s.date_of_birth for s in case.siblings if s.date_of_birth]
    if case.carers is not None:
        born += [c.date_of_birth for c in case.carers.carers if c.date_of_birth]
        born += [m.date_of_birth for m in case.carers.household if m.date_of_birth]
    found.update(text for day in born for text in _dates(day))
    found.add(folder.name)
    return {
        value
        for value in found
        if len(value) >= 3 and not value.isdigit() and value.casefold() not in _NOT_PERSONAL
    }


_IDENTIFYING = re.compile(r"(name|names|postcode|lines\[\*\]|school|path)$")
"""Fields each word of which identifies someone: names, addresses, the school, file names."""
_ORGANISATIONS = {"panel.name", "carers.agency.name"}
_NOT_PERSONAL = {"pdf", "attachments", "the"}
"""Pieces of file names and addresses that are not about anyone."""


def _values(node: Any, steps: list[str]) -> Iterator[str]:
    if not steps:
        if isinstance(node, str):
            yield node
        return
    step, rest = steps[0], steps[1:]
    if step == "[*]":
        for item in node if isinstance(node, list) else []:
            yield from _values(item, rest)
    elif isinstance(node, dict) and node.get(step) is not None:
        yield from _values(node[step], rest)


def leaks(log: str, personal: set[str]) -> list[str]:
    # Hashes are hexadecimal: a short name made of the letters a-f could occur in one by chance.
    searched = re.sub(r"\b[0-9a-f]{64}\b", "<sha256>", log).casefold()
    return sorted(value for value in personal if value.casefold() in searched)


def test_the_audit_log_of_a_confidential_case_holds_no_personal_data(
    named_case: Path, tmp_path: Path
) -> None:
    case = load_case(named_case).case
    personal = personal_strings(case, named_case)
    assert {"Ruby", "Callender", "Penbury Vale Primary Academy", "ZZ6 2RB", "2020-07-21"} <= (
        personal
    )
    templates = tmp_path / "Callender family templates"  # holds none: the bundled ones are used
    templates.mkdir()
    out = tmp_path / "Ruby Callender outputs"
    build(
        named_case,
        "--out",
        str(out),
        "--templates",
        str(templates),
        "--profile",
        "fictional-sample",
    )
    letters = CliRunner().invoke(
        cli,
        [
            "letters",
            "--as-of",
            SAMPLE_AS_OF.isoformat(),
            "--out",
            str(out / "letters"),
            str(named_case),
        ],
    )
    assert letters.exit_code == 0, letters.output
    build_case(
        named_case, BuildOptions(out=out / "api", only=("ppm-referral",), as_of=SAMPLE_AS_OF)
    )
    logs = [out / AUDIT_NAME, out / "letters" / AUDIT_NAME, out / "api" / AUDIT_NAME]
    for path in logs:
        log = path.read_text(encoding="utf-8")
        assert not leaks(log, personal), f"{path.relative_to(out)}: {leaks(log, personal)}"
        for line in log.splitlines():
            assert "<case>" in json.loads(line)["command"]
    # The check itself finds personal data where there is some.
    assert leaks(json.dumps({"x": str(named_case)}), personal)
    assert leaks("born 21/07/2020", personal) == ["21/07/2020"]


def test_each_build_appends_one_line_recording_who_what_and_which_files(
    named_case: Path,
) -> None:
    build(named_case, "--draft")
    log = named_case / "out" / AUDIT_NAME
    first = log.read_bytes()
    assert first.count(b"\n") == 1
    build(named_case, "--force")
    second = log.read_bytes()
    assert second.startswith(first)  # appended; the earlier line is untouched
    lines = second.decode("utf-8").splitlines()
    assert len(lines) == 2
    before, record = json.loads(lines[0]), json.loads(lines[1])
    assert before["outcome"] == "written (draft)" and record["outcome"] == "written"

    assert record["account"] == getpass.getuser()
    command = record["command"]
    assert command[:2] == ["permdocs", "build"] and command[-1] == "<case>"
    assert sorted(command) == sorted(
        ["permdocs", "build", "--as-of", SAMPLE_AS_OF.isoformat(), *EVERY_KIND, "--force", "<case>"]
    )
    loaded = load_case(named_case)
    assert record["case_sha256"] == _sha256(loaded.source.path) == loaded.source.sha256
    assert record["attachments_sha256"] == [
        _sha256(named_case / attachment.path) for attachment in loaded.case.attachments
    ]
    out = named_case / "out"
    written = {path.name for path in out.glob("*.docx")}
    assert set(record["outputs_sha256"]) == written
    assert written >= {"PF-2026-0157_ppm-referral.docx", "PF-2026-0157_letter-carers.docx"}
    for name, digest in record["outputs_sha256"].items():
        assert digest == _sha256(out / name)
        kind = re.sub(r"-(mother|father|step-parent|other)(-\d+)?$", "", name[13:-5])
        assert record["templates_sha256"][name] == _sha256(bundled_templates_dir() / f"{kind}.docx")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("command", "recorded"),
    [
        (
            ["permdocs", "build", "--out", "/cases/Ruby Callender/out", "cases/Ruby Callender"],
            ["permdocs", "build", "--out", "<out>", "<case>"],
        ),
        (
            ["/opt/venv/bin/permdocs", "build", "--out=/x/Ruby", "--templates", "/t/Callender"],
            ["permdocs", "build", "--out=<out>", "--templates", "<templates>"],
        ),
        (
            ["permdocs", "build", "--profile", "luton-example", "--only", "ppm-referral", "c"],
            ["permdocs", "build", "--profile", "luton-example", "--only", "ppm-referral", "<case>"],
        ),
        (
            ["permdocs", "build", "--profile", "/councils/Ruby's council.yaml", "c"],
            ["permdocs", "build", "--profile", "<profile>", "<case>"],
        ),
        (
            ["permdocs", "build", "--only", "Ruby Callender", "--as-of", "Ruby", "--draft", "c"],
            ["permdocs", "build", "--only", "<value>", "--as-of", "<value>", "--draft", "<case>"],
        ),
        (
            ["permdocs", "batch", "-j", "4", "--jobs", "two", "/cases/Callender family"],
            ["permdocs", "batch", "-j", "4", "--jobs", "<value>", "<cases>"],
        ),
        (
            ["permdocs", "build", "--new-option", "Ruby Callender", "--force"],
            ["permdocs", "build", "--new-option", "<case>", "--force"],
        ),
    ],
)
def test_the_command_is_recorded_without_paths_or_free_values(
    command: list[str], recorded: list[str]
) -> None:
    assert redact_command(command) == recorded
    entry = audit_entry(
        command=command,
        case_sha256="a" * 64,
        templates={},
        outputs={},
        attachments={"attachments/Ruby Callender PEP.pdf": "b" * 64},
    )
    assert entry["command"] == recorded
    assert entry["attachments_sha256"] == ["b" * 64]
    assert "Ruby" not in json.dumps(entry) and "Callender" not in json.dumps(entry)


@pytest.mark.parametrize(
    "command",
    [["build", *EVERY_KIND], ["letters"], ["pack", "--no-pdf", "--draft"]],
    ids=["build", "letters", "pack"],
)
def test_a_log_that_cannot_be_added_to_leaves_the_earlier_outputs_and_says_so(
    named_case: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """The audit line goes in with the outputs, as one step: a log that cannot be added to (a
    full disk) puts every output back as it was, and exit 1 means, as always, nothing written."""
    first = CliRunner().invoke(
        cli, [*command, "--as-of", SAMPLE_AS_OF.isoformat(), str(named_case)]
    )
    assert first.exit_code == 0, first.output
    before = snapshot(named_case)

    def disk_full(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("permdocs.write.journal.append_bytes", disk_full)
    result = CliRunner().invoke(
        cli, [*command, "--force", "--as-of", "2026-11-24", str(named_case)]
    )
    assert result.exit_code == 1
    assert "could not add this run's line to the audit log" in result.output
    assert "No space left on device" in result.output
    assert "nothing was written" in result.output
    assert isinstance(result.exception, SystemExit)  # a message, not a traceback
    after = snapshot(named_case)
    assert after == before, "\n".join(changes(before, after))
