"""`permdocs serve` and files, request by request: a case kept as case.json edited and written
back faithfully, a paper uploaded into attachments/ (and every unsafe upload refused), and a
council's SSDA903 return imported through the dry run and the person's say-so."""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest

from permdocs.api import load_case
from permdocs.load.files import load_case_file
from serve_helpers import form_values, signed_in, text_of

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "01-existing-carer-agreed"
SSDA903 = ROOT / "tests" / "fixtures" / "import" / "ssda903"
AS_OF = date(2026, 11, 23)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


# ------------------------------------------------------------------------------------ case.json


def as_json_types(value: object) -> object:
    """The YAML sample's plain data as a JSON case file holds it (yes/no as true/false)."""
    if isinstance(value, dict):
        return {key: as_json_types(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json_types(item) for item in value]
    return {"true": True, "false": False}.get(value, value) if isinstance(value, str) else value


def json_case(tmp_path: Path, indent: int | None = 4) -> Path:
    folder = tmp_path / "json"
    folder.mkdir()
    data = as_json_types(load_case_file(SAMPLE).data)
    assert isinstance(data, dict)
    data["child"]["religion"] = "Catholic – Michał's parish"  # non-ASCII, kept as typed
    (folder / "case.json").write_text(
        json.dumps(data, indent=indent, ensure_ascii=False) + "\n", "utf-8"
    )
    shutil.copytree(SAMPLE / "attachments", folder / "attachments")
    return folder


def test_a_json_case_is_edited_and_written_back_as_json(tmp_path: Path) -> None:
    folder = json_case(tmp_path)
    path = folder / "case.json"
    before = json.loads(path.read_text("utf-8"))
    client, key = signed_in(folder, as_of=AS_OF)
    page = client.get(f"/case/{key}/section/child").text
    assert "cannot be changed here" not in page and 'id="section-form"' in page
    values = form_values(page, "section-form")
    values["child.ethnicity"] = "Mixed: White and Asian"
    values["child.date_of_birth.day"] = "11"
    response = client.post(f"/case/{key}/section/child", data=values, follow_redirects=False)
    assert response.status_code == 303, text_of(response.text)[:2000]

    text = path.read_text("utf-8")
    after = json.loads(text)
    assert after["child"]["ethnicity"] == "Mixed: White and Asian"
    assert after["child"]["date_of_birth"].endswith("-11")
    assert "Michał" in text  # no \u escapes
    assert text.startswith('{\n    "') and text.endswith("}\n")  # the file's indentation kept
    assert list(after) == list(before)  # key order kept
    assert list(after["child"]) == list(before["child"])
    for key_name in before:  # everything not on the page is as it was
        if key_name != "child":
            assert after[key_name] == before[key_name], key_name
    changed = {k for k in before["child"] if before["child"][k] != after["child"][k]}
    assert changed == {"ethnicity", "date_of_birth"}
    earlier = list((folder / "earlier-versions").glob("case-*.json"))
    assert len(earlier) == 1 and json.loads(earlier[0].read_text("utf-8")) == before
    assert load_case(folder).case.child.ethnicity == "Mixed: White and Asian"


def test_a_json_case_changed_on_disk_is_not_overwritten(tmp_path: Path) -> None:
    folder = json_case(tmp_path)
    client, key = signed_in(folder, as_of=AS_OF)
    values = form_values(client.get(f"/case/{key}/section/child").text, "section-form")
    path = folder / "case.json"
    changed_elsewhere = path.read_text("utf-8").replace("White British", "White Irish", 1)
    path.write_text(changed_elsewhere, "utf-8")
    values["child.religion"] = "None"
    response = client.post(f"/case/{key}/section/child", data=values)
    assert response.status_code == 409
    assert path.read_text("utf-8") == changed_elsewhere


def test_a_new_yes_no_answer_in_a_json_case_is_written_as_true_or_false(tmp_path: Path) -> None:
    folder = json_case(tmp_path, indent=2)
    path = folder / "case.json"
    data = json.loads(path.read_text("utf-8"))
    reviews = data["child"]["lac_reviews"]
    client, key = signed_in(folder, as_of=AS_OF)
    values = form_values(client.get(f"/case/{key}/section/reviews").text, "section-form")
    first = "child.lac_reviews.0.recommended_permanent_fostering"
    was = reviews[0].get("recommended_permanent_fostering")
    values[first] = "false" if was else "true"
    response = client.post(f"/case/{key}/section/reviews", data=values, follow_redirects=False)
    assert response.status_code == 303, text_of(response.text)[:2000]
    written = json.loads(path.read_text("utf-8"))["child"]["lac_reviews"][0]
    assert written["recommended_permanent_fostering"] is (not was)


# ---------------------------------------------------------------------------------- uploading


def attachments_page(tmp_path: Path) -> tuple[object, str, dict[str, str], Path]:
    folder = tmp_path / "case"
    shutil.copytree(SAMPLE, folder)
    client, key = signed_in(folder, as_of=AS_OF)
    values = form_values(client.get(f"/case/{key}/section/attachments").text, "section-form")
    return client, key, values, folder


def upload(client, key, values, name, data, replace=False):  # type: ignore[no-untyped-def]
    fields = {**values, "action": "upload"}
    if replace:
        fields["upload_replace"] = "yes"
    return client.post(
        f"/case/{key}/section/attachments",
        data=fields,
        files={"upload": (name, data, "application/octet-stream")},
    )


def test_an_uploaded_paper_is_saved_and_added_as_another_attachment(tmp_path: Path) -> None:
    client, key, values, folder = attachments_page(tmp_path)
    listed = len(load_case(folder).case.attachments)
    response = upload(client, key, values, "Later life letter.pdf", PDF)
    assert response.status_code == 200
    assert (folder / "attachments" / "Later life letter.pdf").read_bytes() == PDF
    page = response.text
    assert "attachments/Later life letter.pdf was saved" in text_of(page)
    # The new attachment is on the page, its path filled in, for the person to describe.
    after = form_values(page, "section-form")
    assert after[f"attachments.{listed}.path"] == "attachments/Later life letter.pdf"
    after[f"attachments.{listed}.kind"] = "other"
    after[f"attachments.{listed}.title"] = "Later life letter"
    saved = client.post(f"/case/{key}/section/attachments", data=after, follow_redirects=False)
    assert saved.status_code == 303, text_of(saved.text)[:3000]
    papers = load_case(folder).case.attachments
    assert len(papers) == listed + 1
    assert (papers[-1].title, papers[-1].path) == (
        "Later life letter",
        "attachments/Later life letter.pdf",
    )
    # A Word document is accepted too.
    response = upload(client, key, values, "Form F.docx", docx_bytes())
    assert (folder / "attachments" / "Form F.docx").is_file(), text_of(response.text)[:2000]


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("../escape.pdf", "not a plain file name"),
        ("..\\escape.pdf", "not a plain file name"),
        (".hidden.pdf", "not safe"),
        ("~$lock.docx", "not safe"),
        ("notes.txt", "not a PDF or Word"),
        ("script.pdf.exe", "not a PDF or Word"),
        ("CON.pdf", "every computer"),
        ("trailing.pdf ", "every computer"),
        ("bad\x07name.pdf", "not safe"),
    ],
)
def test_an_unsafe_file_name_is_refused_and_nothing_is_written(
    tmp_path: Path, name: str, why: str
) -> None:
    client, key, values, _folder = attachments_page(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    response = upload(client, key, values, name, PDF)
    assert response.status_code == 200
    assert why in text_of(response.text), text_of(response.text)[:1500]
    assert "Error:" in response.text.split("</title>")[0]
    after = sorted(
        p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.name != ".permdocs.lock"
    )
    assert after == [p for p in before if p.name != ".permdocs.lock"]


def test_content_that_is_not_what_the_name_says_is_refused(tmp_path: Path) -> None:
    client, key, values, folder = attachments_page(tmp_path)
    response = upload(client, key, values, "report.pdf", b"<html>not a pdf</html>")
    assert "is not a PDF, although its name says so" in text_of(response.text)
    assert not (folder / "attachments" / "report.pdf").exists()
    response = upload(client, key, values, "report.docx", PDF)
    assert "is not a Word .docx document" in text_of(response.text)


def test_a_file_already_there_is_replaced_only_when_ticked(tmp_path: Path) -> None:
    client, key, values, folder = attachments_page(tmp_path)
    existing = sorted((folder / "attachments").glob("*.pdf"))[0]
    original = existing.read_bytes()
    response = upload(client, key, values, existing.name, PDF)
    assert "is already in the case folder" in text_of(response.text)
    assert existing.read_bytes() == original
    listed = len(load_case(folder).case.attachments)
    response = upload(client, key, values, existing.name, PDF, replace=True)
    assert existing.read_bytes() == PDF
    page = text_of(response.text)
    assert "was replaced" in page
    # Already listed by an attachment: no second entry is added for it.
    if any(a.path == f"attachments/{existing.name}" for a in load_case(folder).case.attachments):
        assert f"attachments.{listed}.path" not in form_values(response.text, "section-form")


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_links_are_never_written_through(tmp_path: Path) -> None:
    client, key, values, folder = attachments_page(tmp_path)
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"%PDF-outside")
    (folder / "attachments" / "link.pdf").symlink_to(outside)
    response = upload(client, key, values, "link.pdf", PDF, replace=True)
    assert "is a link or a folder" in text_of(response.text)
    assert outside.read_bytes() == b"%PDF-outside"
    # attachments/ itself a link out of the case folder: refused too.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(folder / "attachments")
    (folder / "attachments").symlink_to(elsewhere, target_is_directory=True)
    response = upload(client, key, values, "new.pdf", PDF)
    assert "is a link or a file" in text_of(response.text)
    assert list(elsewhere.iterdir()) == []


def test_an_upload_without_the_csrf_token_is_refused(tmp_path: Path) -> None:
    client, key, values, folder = attachments_page(tmp_path)
    values.pop("csrf_token")
    response = upload(client, key, values, "sneaky.pdf", PDF)
    assert response.status_code == 403
    assert not (folder / "attachments" / "sneaky.pdf").exists()
    values["csrf_token"] = "forged"
    assert upload(client, key, values, "sneaky.pdf", PDF).status_code == 403


def test_choosing_no_file_says_so(tmp_path: Path) -> None:
    client, key, values, _folder = attachments_page(tmp_path)
    response = client.post(
        f"/case/{key}/section/attachments",
        data={**values, "action": "upload"},
        files={"upload": ("", b"", "application/octet-stream")},
    )
    assert "Choose the paper to upload" in text_of(response.text)


# ------------------------------------------------------------------------------------ importing


def import_files() -> list[tuple[str, tuple[str, bytes, str]]]:
    return [
        ("files", (name, (SSDA903 / name).read_bytes(), "text/csv"))
        for name in ("header.csv", "episodes.csv", "reviews.csv")
    ]


def blank_case(tmp_path: Path) -> Path:
    from permdocs.model.scaffold import blank_case_yaml

    folder = tmp_path / "blank"
    folder.mkdir()
    (folder / "case.yaml").write_text(blank_case_yaml("PF-2026-0150"), "utf-8")
    return folder


def test_an_import_shows_the_dry_run_then_writes_only_when_confirmed(tmp_path: Path) -> None:
    folder = blank_case(tmp_path)
    before = (folder / "case.yaml").read_bytes()
    client, key = signed_in(folder, as_of=AS_OF)
    page = client.get(f"/case/{key}/import").text
    assert "Show what would change" in page
    form = form_values(page)
    preview = client.post(
        f"/case/{key}/import",
        data={**form, "dataset": "903", "child": "004417", "action": "preview"},
        files=import_files(),
    )
    text = text_of(preview.text)
    assert "Nothing has been written yet" in text, text[:2000]
    assert (folder / "case.yaml").read_bytes() == before  # a dry run writes nothing
    assert "Mixed: White and Black Caribbean" in text
    assert "episodes.csv, row" in text  # where each value came from
    assert "Read header.csv" in text
    confirm = {**form_values(preview.text), "action": "apply"}
    applied = client.post(f"/case/{key}/import", data=confirm)
    assert "Imported" in text_of(applied.text)
    case = load_case(folder).case
    assert case.child.ethnicity == "Mixed: White and Black Caribbean"
    assert case.child.date_of_birth.isoformat() == "2016-02-29"
    assert "# from SSDA903" in (folder / "case.yaml").read_text("utf-8")
    # The files were not copied into the case folder, and the held upload is spent.
    assert not list(folder.rglob("*.csv"))
    again = client.post(f"/case/{key}/import", data=confirm)
    assert "This import has expired" in text_of(again.text)


def test_an_import_shows_the_values_that_differ_and_keeps_them(tmp_path: Path) -> None:
    folder = blank_case(tmp_path)
    path = folder / "case.yaml"
    text = path.read_text("utf-8").replace("  ethnicity:\n", "  ethnicity: White British\n", 1)
    path.write_text(text, "utf-8")
    client, key = signed_in(folder, as_of=AS_OF)
    form = form_values(client.get(f"/case/{key}/import").text)
    preview = client.post(
        f"/case/{key}/import",
        data={**form, "dataset": "903", "child": "004417", "action": "preview"},
        files=import_files(),
    )
    text = text_of(preview.text)
    conflicts = text.split("Left as typed")[1]
    assert "White British" in conflicts and "Mixed: White and Black Caribbean" in conflicts
    client.post(f"/case/{key}/import", data={**form_values(preview.text), "action": "apply"})
    assert load_case(folder).case.child.ethnicity == "White British"


def test_an_import_is_not_applied_over_a_case_changed_since_the_dry_run(tmp_path: Path) -> None:
    folder = blank_case(tmp_path)
    client, key = signed_in(folder, as_of=AS_OF)
    form = form_values(client.get(f"/case/{key}/import").text)
    preview = client.post(
        f"/case/{key}/import",
        data={**form, "dataset": "903", "child": "004417", "action": "preview"},
        files=import_files(),
    )
    path = folder / "case.yaml"
    path.write_text(path.read_text("utf-8") + "\n# edited by hand\n", "utf-8")
    changed = path.read_bytes()
    response = client.post(
        f"/case/{key}/import", data={**form_values(preview.text), "action": "apply"}
    )
    assert "changed after the changes were shown" in text_of(response.text)
    assert path.read_bytes() == changed


def test_an_import_form_with_nothing_chosen_names_each_field(tmp_path: Path) -> None:
    folder = blank_case(tmp_path)
    client, key = signed_in(folder, as_of=AS_OF)
    form = form_values(client.get(f"/case/{key}/import").text)
    response = client.post(
        f"/case/{key}/import",
        data={**form, "dataset": "903", "child": "", "action": "preview"},
        files=[("files", ("", b"", "text/csv"))],
    )
    text = text_of(response.text)
    assert "Enter the child's ID" in text and "Choose the files to import" in text
    assert "<title>Error: Import from the council&#39;s data" in response.text
