"""`permdocs serve`'s pages, request by request: the task list's statuses and owners, the live
"what is missing", check your answers, the dashboard, building, downloading and the
confidentiality pre-flight."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest

from permdocs.model.scaffold import blank_case_yaml
from permdocs.serve.forms import group_spec
from permdocs.serve.sections import SECTIONS
from serve_helpers import form_values, signed_in, text_of

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
AS_OF = date(2026, 11, 23)


def copy(sample: str, tmp_path: Path, name: str = "case") -> Path:
    folder = tmp_path / name
    shutil.copytree(SAMPLES / sample, folder)
    return folder


def blank(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "case.yaml").write_text(blank_case_yaml("PF-2026-0150"), "utf-8")
    return folder


def test_every_field_of_the_case_model_is_on_exactly_one_page() -> None:
    """Pages are generated from the model: a new field must be given a page, or this fails."""

    def leaves(spec, path):  # type: ignore[no-untyped-def]
        for child in spec.children:
            here = (*path, child.name)
            if child.kind == "group":
                yield from leaves(child, here)
            elif child.kind == "list" and child.item is not None and child.item.kind == "group":
                yield from leaves(child.item, (*here, 0))
            else:
                yield here

    for path in leaves(group_spec(()), ()):
        holders = [section.slug for section in SECTIONS if section.holds(path)]
        assert len(holders) == 1, (path, holders)


def test_a_blank_case_task_list_shows_status_and_who_owes_what(tmp_path: Path) -> None:
    client, key = signed_in(blank(tmp_path / "blank"), as_of=AS_OF)
    page = text_of(client.get(f"/case/{key}/").text)
    # The scaffold's placeholders (CHANGE ME) are answers, so the child's page is started.
    assert "About the child Owed by: the child's social worker (10) In progress" in page
    assert "Brothers and sisters Not yet started" in page
    assert "The carers' assessment (Part 3) Record the carers first. Cannot start yet" in page
    assert "Owed by: the child's social worker" in page
    assert "Who owes what The child's social worker" in page


def test_a_finished_case_is_completed_everywhere(tmp_path: Path) -> None:
    client, key = signed_in(copy("01-existing-carer-agreed", tmp_path), as_of=AS_OF)
    page = text_of(client.get(f"/case/{key}/").text)
    assert f"You have completed {len(SECTIONS)} of {len(SECTIONS)} sections" in page
    assert "Nothing is owed" in page


def test_what_is_missing_follows_the_form_before_it_is_saved(tmp_path: Path) -> None:
    folder = copy("01-existing-carer-agreed", tmp_path)
    client, key = signed_in(folder, as_of=AS_OF)
    values = form_values(client.get(f"/case/{key}/section/child").text, "section-form")
    before = (folder / "case.yaml").read_bytes()
    values["child.ethnicity"] = ""
    fragment = text_of(client.post(f"/case/{key}/section/child/missing", data=values).text)
    assert "Child: ethnicity" in fragment and "owed by the child's social worker" in fragment
    values["child.ethnicity"] = "White British"
    fragment = text_of(client.post(f"/case/{key}/section/child/missing", data=values).text)
    assert fragment == "Nothing is missing on this page."
    values["child.date_of_birth.day"] = "31"
    values["child.date_of_birth.month"] = "2"
    fragment = text_of(client.post(f"/case/{key}/section/child/missing", data=values).text)
    assert "1 answer on this page cannot be read yet" in fragment
    assert (folder / "case.yaml").read_bytes() == before  # nothing was saved


def test_check_your_answers_shows_every_answer_with_a_change_link(tmp_path: Path) -> None:
    client, key = signed_in(copy("01-existing-carer-agreed", tmp_path), as_of=AS_OF)
    page = client.get(f"/case/{key}/check-answers").text
    shown = text_of(page)
    assert "Date of birth 9 March 2017" in shown
    assert "Legal status Care order (s31)" in shown
    assert f'href="/case/{key}/section/child#f-child-date_of_birth-day"' in page
    assert "LAC review 2: recommended permanent fostering Yes" in shown


def test_a_folder_of_cases_shows_each_with_its_next_deadline_and_owners(tmp_path: Path) -> None:
    root = tmp_path / "cases"
    copy("01-existing-carer-agreed", root, "PF-2026-0142")
    copy("03-ifa-teenager-pending", root, "PF-2026-0163")
    blank(root / "new" / "PF-2026-0150")
    (root / "broken").mkdir()
    (root / "broken" / "case.yaml").write_text("child: [unclosed\n", "utf-8")
    client, _ = signed_in(root, as_of=AS_OF)
    page = client.get("/").text
    shown = text_of(page)
    assert "4 cases" in shown
    assert "PF-2026-0142 PF-2026-0142 Ready" in shown
    assert "PF-2026-0150 new/PF-2026-0150" in shown and "blockers" in shown
    assert "Cannot be read" in shown
    assert "The child's social worker:" in shown


def test_a_case_file_that_cannot_be_read_says_where_and_what_to_do(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "case.yaml").write_text("reference: X\nchild: [unclosed\n", "utf-8")
    client, key = signed_in(folder)
    page = client.get(f"/case/{key}/")
    assert "<title>Error: the case file cannot be read" in page.text
    assert "case.yaml:" in text_of(page.text)
    assert client.get(f"/case/{key}/section/child").status_code == 200


def test_a_draft_build_writes_documents_that_download_as_written(tmp_path: Path) -> None:
    folder = copy("03-ifa-teenager-pending", tmp_path)
    client, key = signed_in(folder, as_of=AS_OF)
    values = form_values(client.get(f"/case/{key}/documents").text)
    response = client.post(f"/case/{key}/documents", data={**values, "build": "draft"})
    assert "Draft documents built" in text_of(response.text)
    name = "PF-2026-0163_ppm-referral.docx"
    assert f"/case/{key}/files/{name}" in response.text
    download = client.get(f"/case/{key}/files/{name}")
    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    assert download.content == (folder / "out" / name).read_bytes()
    with zipfile.ZipFile(BytesIO(download.content)) as docx:
        assert "DRAFT" in docx.read("word/header1.xml").decode("utf-8") or any(
            "DRAFT" in docx.read(part).decode("utf-8")
            for part in docx.namelist()
            if part.startswith("word/header")
        )
    # Built again without "replace": permdocs' own unchanged outputs are simply rebuilt.
    again = client.post(f"/case/{key}/documents", data={**values, "build": "draft"})
    assert "<title>Error" not in again.text
    # A document changed by hand since is never replaced without "replace".
    (folder / "out" / name).write_bytes(b"changed by hand")
    refused = client.post(f"/case/{key}/documents", data={**values, "build": "draft"})
    assert "<title>Error: Documents" in refused.text
    assert (folder / "out" / name).read_bytes() == b"changed by hand"


def test_a_final_build_with_blockers_lists_each_with_its_owner_and_page(tmp_path: Path) -> None:
    folder = blank(tmp_path / "blank")
    client, key = signed_in(folder, as_of=AS_OF)
    values = form_values(client.get(f"/case/{key}/documents").text)
    response = client.post(f"/case/{key}/documents", data={**values, "build": "final"})
    page = response.text
    assert "<title>Error: Documents" in page
    assert "owed by the child's social worker" in text_of(page)
    assert f'href="/case/{key}/section/child#f-child-ethnicity"' in page
    assert not (folder / "out").exists() or not any((folder / "out").glob("*.docx"))


@pytest.mark.parametrize("confirmed", [False, True])
def test_birth_parent_letters_wait_for_the_confidentiality_preflight(
    tmp_path: Path, confirmed: bool
) -> None:
    folder = copy("02-siblings-new-carers-confidential", tmp_path)
    client, key = signed_in(folder, as_of=AS_OF)
    page = client.get(f"/case/{key}/documents").text
    shown = text_of(page)
    assert "Confidentiality check before letters to birth parents" in shown
    assert "Carers: address: postcode" in shown and "Child: education: school" in shown
    assert "Letters will be written to: Stacey Louise Brennan" in shown
    assert "No letter for Dwayne Callender (father): their whereabouts are unknown" in shown
    values = form_values(page)
    if confirmed:
        values["confirm"] = "yes"
    response = client.post(f"/case/{key}/documents", data={**values, "build": "draft"})
    built = list((folder / "out").glob("*birth-parent*.docx")) if (folder / "out").exists() else []
    if confirmed:
        assert "Draft documents built" in text_of(response.text)
        assert len(built) == 1
    else:
        assert "Confirm that you have read the confidentiality check" in text_of(response.text)
        assert built == []


def test_the_attachments_page_lists_the_papers_there_are_to_attach(tmp_path: Path) -> None:
    client, key = signed_in(copy("01-existing-carer-agreed", tmp_path), as_of=AS_OF)
    page = text_of(client.get(f"/case/{key}/section/attachments").text)
    assert "Papers in this case's attachments folder" in page
    assert "attachments/" in page.split("Papers in this case's attachments folder")[1]


def test_the_command_prints_its_address_without_a_browser_and_stops_on_ctrl_c(
    tmp_path: Path,
) -> None:
    import os
    import signal
    import subprocess
    import sys

    import httpx

    folder = copy("01-existing-carer-agreed", tmp_path)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "BROWSER": "false"}
    process = subprocess.Popen(
        [sys.executable, "-m", "permdocs", "serve", "--no-browser", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("permdocs serve: open http://127.0.0.1:"), first
        url = first.split("open ", 1)[1].strip()
        page = None
        for _ in range(100):  # bounded wait for the server to answer
            try:
                page = httpx.get(url, follow_redirects=True, timeout=5)
                break
            except httpx.ConnectError:
                __import__("time").sleep(0.05)
        assert page is not None and "Case PF-2026-0142" in page.text
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "stopped" in out
    assert "/case/" not in out + err  # no access log


def test_a_misspelt_key_in_the_file_is_listed_to_correct_in_the_file(tmp_path: Path) -> None:
    folder = copy("01-existing-carer-agreed", tmp_path)
    path = folder / "case.yaml"
    path.write_text(
        path.read_text("utf-8").replace("  gender: Girl (she/her)\n", "  gendre: Girl (she/her)\n"),
        "utf-8",
    )
    client, key = signed_in(folder, as_of=AS_OF)
    page = text_of(client.get(f"/case/{key}/").text)
    assert "Problems to correct in the case file itself" in page
    assert "child.gendre: unknown field 'gendre' (did you mean 'gender'?)" in page
    # The case cannot be checked until it is corrected, so no page is shown as complete.
    assert "About the child In progress" in page
    assert "Completed" not in page
