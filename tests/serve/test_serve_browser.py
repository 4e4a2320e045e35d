"""`permdocs serve` in a real browser: Debian's chromium, driven by Playwright.

The journeys a social worker makes (filling in a blank case, fixing errors from the error
summary, keyboard only, building a draft and downloading it) and axe-core's accessibility rules
(WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices) on every page, clean and with errors,
with zero violations. The browser is started once for the whole run; each test has its own
server on a copy of a case and its own browser context (so its own cookies).

Needs `apt-get install chromium` (Playwright's own browser download is not used); without it
these tests are skipped and say so.
"""

from __future__ import annotations

import shutil
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from permdocs.api import check_case, load_case
from permdocs.model.scaffold import blank_case_yaml

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "01-existing-carer-agreed"
CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AS_OF = "2026-11-23"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if sync_playwright is None:
        pytest.skip("Playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed: apt-get install chromium")
    with sync_playwright() as playwright:
        # --no-sandbox: CI runs as root, where chromium's sandbox cannot start.
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


@dataclass
class Served:
    folder: Path
    url: str
    address: str
    page: Page
    csp_errors: list[str]


@pytest.fixture
def serve(browser: Browser, tmp_path: Path) -> Iterator[Any]:
    """Start `permdocs serve` on a folder and open its start address in a fresh context."""
    from datetime import date

    from permdocs.serve.server import prepare

    running: list[Any] = []

    def start(folder: Path) -> Served:
        launch = prepare(folder, as_of=date.fromisoformat(AS_OF))
        thread = threading.Thread(target=launch.run, daemon=True)
        thread.start()
        running.append((launch, thread))
        for _ in range(200):  # up when it answers; bounded wait
            try:
                httpx.get(launch.address + "static/app.css", timeout=2)
                break
            except httpx.ConnectError:
                time.sleep(0.05)
        context = browser.new_context(accept_downloads=True)
        page = context.new_page()
        errors: list[str] = []
        page.on(
            "console",
            lambda message: (
                errors.append(message.text)
                if "Content Security Policy" in message.text or message.type == "error"
                else None
            ),
        )
        page.goto(launch.url)
        return Served(folder, launch.url, launch.address, page, errors)

    yield start
    for launch, thread in running:
        launch.stop()
        thread.join(timeout=10)


def copy_of(source: Path, tmp_path: Path, name: str = "case") -> Path:
    folder = tmp_path / name
    shutil.copytree(source, folder)
    return folder


def blank_case(tmp_path: Path) -> Path:
    folder = tmp_path / "blank"
    folder.mkdir()
    (folder / "case.yaml").write_text(blank_case_yaml("PF-2026-0150"), "utf-8")
    (folder / "attachments").mkdir()
    return folder


def axe_violations(page: Page) -> list[str]:
    """axe-core's violations on the page as it stands, one line each ('' if none)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the page's CSP (no inline script) allows it.
        page.evaluate(AXE.read_text("utf-8"))
    result = page.evaluate(
        "tags => axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def assert_accessible(page: Page) -> None:
    page.wait_for_load_state()
    violations = axe_violations(page)
    assert violations == [], f"{page.url}\n" + "\n".join(violations)


def go(page: Page, selector: str) -> None:
    """Click a link or button that opens another page, and wait for that page."""
    with page.expect_navigation():
        page.click(selector)
    page.wait_for_load_state()


def task_url(page: Page) -> str:
    return page.url.split("?")[0].split("#")[0]


# ------------------------------------------------------------------------------------ axe-core


def test_every_page_has_no_accessibility_violations_clean_and_with_errors(
    serve: Any, tmp_path: Path
) -> None:
    served = serve(copy_of(SAMPLE, tmp_path))
    page = served.page
    tasks = task_url(page)
    assert page.title().startswith("Case PF-2026-0142")
    assert_accessible(page)
    links = page.locator("a.govuk-task-list__link")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) >= 20
    for href in hrefs:
        page.goto(served.address.rstrip("/") + str(href))
        assert not page.title().startswith("Error:"), href
        assert_accessible(page)
    for extra in ("check-answers", "documents"):
        page.goto(tasks + extra)
        assert_accessible(page)

    # Error states: a page refused on save, and a final build refused for its blockers.
    page.goto(tasks + "section/child")
    page.fill("#f-child-first_names", "")
    page.fill("#f-child-date_of_birth-day", "31")
    page.fill("#f-child-date_of_birth-month", "2")
    go(page, "button.govuk-button:not(.govuk-button--secondary)")
    assert page.title().startswith("Error: About the child")
    assert_accessible(page)
    page.goto(tasks + "section/reviews")
    page.fill("#f-child-lac_reviews-0-date-year", "")
    go(page, "button.govuk-button:not(.govuk-button--secondary)")
    assert page.title().startswith("Error:")
    assert_accessible(page)
    assert served.csp_errors == []


def test_a_blank_case_and_a_folder_of_cases_have_no_violations_either(
    serve: Any, tmp_path: Path
) -> None:
    root = tmp_path / "cases"
    root.mkdir()
    blank = blank_case(tmp_path)
    shutil.move(blank, root / "PF-2026-0150")
    copy_of(SAMPLE, root, "PF-2026-0142")
    served = serve(root)
    page = served.page
    assert page.title().startswith("Cases")
    assert page.locator("table.govuk-table tbody tr").count() == 2
    assert_accessible(page)
    go(page, "text=PF-2026-0150")
    assert_accessible(page)  # a task list full of "not yet started" and "cannot start yet"
    tasks = task_url(page)
    page.goto(tasks + "documents")
    go(page, "text=Build final documents")
    assert page.title().startswith("Error: Documents")
    assert page.locator(".govuk-error-summary__list li").count() > 10  # each blocker listed
    assert_accessible(page)
    page.goto(tasks + "section/assessment")  # cannot start yet: no carers
    assert "cannot start yet" in page.inner_text("h1")
    assert_accessible(page)


# ------------------------------------------------------------------------------------ journeys


def test_fixing_errors_from_the_error_summary(serve: Any, tmp_path: Path) -> None:
    served = serve(copy_of(SAMPLE, tmp_path))
    page = served.page
    tasks = task_url(page)
    page.goto(tasks + "section/child")
    page.fill("#f-child-first_names", "")
    page.fill("#f-child-date_of_birth-day", "31")
    page.fill("#f-child-date_of_birth-month", "2")
    go(page, "button.govuk-button:not(.govuk-button--secondary)")
    # The error summary takes focus, so a screen reader reads it first.
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.closest('.govuk-error-summary')"
    )
    summary = page.locator(".govuk-error-summary__list a")
    assert summary.count() == 2
    texts = summary.all_inner_texts()
    assert any("February 2017 has 28 days" in text for text in texts)
    # Each link moves focus to its field.
    page.click(".govuk-error-summary__list a[href='#f-child-date_of_birth-day']")
    assert page.evaluate("document.activeElement.id") == "f-child-date_of_birth-day"
    page.fill("#f-child-date_of_birth-day", "9")
    page.click(".govuk-error-summary__list a[href='#f-child-first_names']")
    assert page.evaluate("document.activeElement.id") == "f-child-first_names"
    page.keyboard.type("Maisie Rose")
    go(page, "button.govuk-button:not(.govuk-button--secondary)")
    assert "Saved: About the child" in page.inner_text(".govuk-notification-banner")
    child = load_case(served.folder).case.child
    assert child.first_names == "Maisie Rose" and child.date_of_birth.isoformat() == "2017-02-09"


def test_keyboard_only_from_the_task_list_to_a_saved_page(serve: Any, tmp_path: Path) -> None:
    served = serve(copy_of(SAMPLE, tmp_path))
    page = served.page

    def tab_to(predicate: str, limit: int = 200) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"() => {{ const e = document.activeElement; return {predicate}; }}"):
                return
        raise AssertionError(f"Tab never reached: {predicate}")

    # The skip link is the first thing Tab reaches.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    tab_to("e.textContent.trim() === 'Wishes, views and plans'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/section/views")
    tab_to("e.id === 'f-child-risks'")
    page.keyboard.press("Control+A")
    page.keyboard.type("Typed with the keyboard alone.")
    tab_to("e.textContent.trim() === 'Save and return to the task list'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/case/*/?saved=views*")
    assert load_case(served.folder).case.child.risks == "Typed with the keyboard alone."

    # Enter in a one-line box saves the page; it never presses an "add" or "remove" button.
    page.goto(task_url(page) + "section/siblings")
    tab_to("e.id === 'f-siblings-0-name'")
    page.keyboard.press("Control+A")
    page.keyboard.type("Renamed by keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url("**/case/*/?saved=siblings*")
    siblings = load_case(served.folder).case.siblings
    assert siblings[0].name == "Renamed by keyboard"
    assert len(siblings) == len(load_case(SAMPLE).case.siblings)
    assert served.csp_errors == []


def test_a_blank_case_filled_in_page_by_page(serve: Any, tmp_path: Path) -> None:
    """The child's first pages typed in by hand, field by field: the live "what is missing",
    focus on a new item, a paragraph's line breaks and yes/no radios (the next test goes on
    from a blank case to a clean check and a draft build)."""
    served = serve(blank_case(tmp_path))
    page = served.page
    tasks = task_url(page)
    assert "Cannot start yet" in page.inner_text("#assessment")

    go(page, "text=About the child")
    for field, value in {
        "first_names": "Ava Grace",
        "last_name": "Example",
        "gender": "Girl (she/her)",
        "ethnicity": "White British",
        "religion": "None",
        "first_language": "English",
        "nationality": "British",
        "immigration_status": "Not applicable (British citizen)",
    }.items():
        page.fill(f"#f-child-{field}", value)
    page.fill("#f-child-disability", "None.\nMild asthma, well managed.")
    page.fill("#f-child-date_of_birth-day", "3")
    page.fill("#f-child-date_of_birth-month", "4")
    page.fill("#f-child-date_of_birth-year", "2016")
    # "What is missing" follows the form as it is typed in, before anything is saved.
    missing = page.locator("#missing")
    page.wait_for_function(
        "() => document.querySelector('#missing').innerText.includes('Nothing is missing')"
    )
    assert missing.get_attribute("aria-live") == "polite"
    go(page, "text=Save and return to the task list")
    assert page.inner_text("#child-status").strip() == "Completed", page.inner_text("#child")

    go(page, "text=Looked-after child reviews")
    reviews = [("2", "10", "2025"), ("18", "12", "2025"), ("14", "5", "2026"), ("10", "11", "2026")]
    for index, (day, month, year) in enumerate(reviews):
        go(page, "#f-child-lac_reviews-add")
        # The new review's first box has focus, ready to type into.
        assert page.evaluate("document.activeElement.id") == f"f-child-lac_reviews-{index}-date-day"
        page.keyboard.type(day)
        page.fill(f"#f-child-lac_reviews-{index}-date-month", month)
        page.fill(f"#f-child-lac_reviews-{index}-date-year", year)
        if index:
            page.click(f"#f-child-lac_reviews-{index}-recommended_permanent_fostering")  # Yes
        page.fill(f"#f-child-lac_reviews-{index}-notes", f"Review {index + 1}.")
    go(page, "text=Save and return to the task list")
    assert page.inner_text("#reviews-status").strip() == "Completed", page.inner_text("#reviews")

    case = load_case(served.folder).case
    assert case.child.disability == "None.\nMild asthma, well managed."
    assert [r.recommended_permanent_fostering for r in case.child.lac_reviews] == [
        False,
        True,
        True,
        True,
    ]
    page.goto(tasks + "check-answers")
    assert "Ava Grace" in page.inner_text("main")
    assert served.csp_errors == []


def fill_in(page: Page, spec: Any, path: tuple[str | int, ...], value: Any) -> None:
    """Type ``value`` (plain case data) into the page's field for ``spec`` at ``path``, as a
    person would: text typed, dates in their three boxes, radios chosen, "add another"
    pressed for each item a list needs beyond those on the page."""
    from permdocs.serve.forms import field_id, form_name, split_date

    name = form_name(path)
    if value is None:
        return
    if spec.kind == "group":
        for child in spec.children:
            if isinstance(value, dict) and child.name in value:
                fill_in(page, child, (*path, child.name), value[child.name])
        return
    if spec.kind == "list":
        for index, item in enumerate(value):
            shown = page.get_attribute(f'input[name="{name}.__items"]', "value") or ""
            if len([key for key in shown.split(",") if key]) <= index:
                go(page, f"#{field_id(path)}-add")
            fill_in(page, spec.item, (*path, index), item)
        return
    if spec.kind == "date":
        for part, text in zip(("day", "month", "year"), split_date(value), strict=True):
            page.fill(f'input[name="{name}.{part}"]', text)
        return
    if spec.kind in ("yesno", "choice"):
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        page.check(f'input[name="{name}"][value="{text}"]')
        return
    page.fill(f'[name="{name}"]', str(value))


def test_a_blank_case_filled_in_through_the_pages_to_a_clean_check_and_a_draft(
    serve: Any, tmp_path: Path
) -> None:
    """The whole journey: `permdocs new`'s blank case, every page filled in through the browser
    (a fictional sample's answers, typed field by field; its papers uploaded on the attachments
    page) until check finds no blocker, then a draft build from the documents page. The case
    file the pages wrote loads as exactly the sample's case."""
    from datetime import date

    from permdocs.load.files import load_case_file
    from permdocs.serve.forms import value_at
    from permdocs.serve.sections import SECTIONS

    served = serve(blank_case(tmp_path))
    page = served.page
    tasks = task_url(page)
    answers = load_case_file(SAMPLE).data
    as_of = date.fromisoformat(AS_OF)
    assert any(f.severity == "blocker" for f in check_case(served.folder, as_of=as_of))

    for section in SECTIONS:
        if section.slug == "attachments":
            continue
        values = [value_at(answers, part.base) for part in section.parts]
        if all(not isinstance(value, dict) for value in values):
            continue  # nothing of the sample's on this page
        page.goto(tasks + f"section/{section.slug}")
        assert "Cannot start yet" not in page.title(), section.slug
        for part, value in zip(section.parts, values, strict=True):
            if not isinstance(value, dict):
                continue
            spec = part.spec()
            for child in spec.children:
                if child.name in value:
                    fill_in(page, child, (*part.base, child.name), value[child.name])
        go(page, "text=Save and return to the task list")
        assert "/section/" not in page.url, (section.slug, page.inner_text(".govuk-error-summary"))

    # The papers: each uploaded from the computer, then described, on the attachments page.
    page.goto(tasks + "section/attachments")
    spec = next(s for s in SECTIONS if s.slug == "attachments").parts[0].spec().children[0]
    for index, paper in enumerate(answers["attachments"]):
        page.set_input_files("#upload", str(SAMPLE / paper["path"]))
        go(page, "#upload-button")
        assert "was saved" in page.inner_text("#done")
        assert page.input_value(f'input[name="attachments.{index}.path"]') == paper["path"]
        fill_in(page, spec.item, ("attachments", index), paper)
    go(page, "text=Save and return to the task list")
    assert "/section/" not in page.url, page.inner_text(".govuk-error-summary")
    for paper in answers["attachments"]:
        written = (served.folder / paper["path"]).read_bytes()
        assert written == (SAMPLE / paper["path"]).read_bytes()

    findings = check_case(served.folder, as_of=as_of)
    assert [f"{f.code} {f.field}" for f in findings if f.severity == "blocker"] == []
    typed = load_case(served.folder).case.model_dump(exclude={"reference"})
    assert typed == load_case(SAMPLE).case.model_dump(exclude={"reference"})
    page.goto(tasks)
    assert "Nothing is owed" in page.inner_text("main") or "0 blockers" in page.inner_text("main")

    go(page, "text=Build and download the documents")
    page.check("#confirm")
    go(page, "text=Build draft documents")
    assert "Draft documents built" in page.inner_text(".govuk-panel")
    built = sorted(p.name for p in (served.folder / "out").glob("*.docx"))
    assert "PF-2026-0142_ppm-referral.docx" in built, built  # the reference typed in
    assert served.csp_errors == []


def test_a_nearly_finished_case_filled_in_to_a_clean_check(serve: Any, tmp_path: Path) -> None:
    folder = copy_of(SAMPLE, tmp_path)
    path = folder / "case.yaml"
    text = path.read_text("utf-8")
    text = text.replace("  ethnicity: White British\n", "  ethnicity:\n", 1)
    path.write_text(text, "utf-8")
    from datetime import date

    as_of = date.fromisoformat(AS_OF)
    assert [f.field for f in check_case(folder, as_of=as_of) if f.severity == "blocker"] == [
        "child.ethnicity"
    ]
    served = serve(folder)
    page = served.page
    assert "In progress" in page.inner_text("#child-status")
    assert "child's social worker" in page.inner_text("#child-hint")
    go(page, "text=About the child")
    page.fill("#f-child-ethnicity", "White British")
    go(page, "text=Save and return to the task list")
    assert [f for f in check_case(folder, as_of=as_of) if f.severity != "info"] == []
    assert "Nothing is owed" in page.inner_text("main")


def test_building_a_draft_and_downloading_it(serve: Any, tmp_path: Path) -> None:
    served = serve(copy_of(SAMPLE, tmp_path))
    page = served.page
    go(page, "text=Build and download the documents")
    assert "Confidentiality check" in page.inner_text("main")
    go(page, "text=Build draft documents")
    # Letters to birth parents wait for the confidentiality check to be confirmed.
    assert page.title().startswith("Error: Documents")
    assert_accessible(page)
    page.check("#confirm")
    go(page, "text=Build draft documents")
    assert "Draft documents built" in page.inner_text(".govuk-panel")
    link = page.locator("#outputs a", has_text="ppm-referral.docx")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.name == "PF-2026-0142_ppm-referral.docx"
    with zipfile.ZipFile(saved) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert "Thornbury" in body
    assert saved.read_bytes() == (served.folder / "out" / saved.name).read_bytes()
    assert_accessible(page)


def test_importing_a_return_and_an_unsafe_upload_in_the_browser(serve: Any, tmp_path: Path) -> None:
    """The import page from the task list: nothing chosen (errors), the dry run with what would
    be written and where from, then the import on the person's say-so; and a paper that is not
    a PDF or .docx refused on the attachments page. No accessibility violation in any state."""
    returns = ROOT / "tests" / "fixtures" / "import" / "ssda903"
    served = serve(blank_case(tmp_path))
    page = served.page
    tasks = task_url(page)
    go(page, "text=Import from the council's SSDA903 return or SSD extract")
    assert_accessible(page)
    go(page, "#preview")
    assert page.title().startswith("Error: Import")
    assert "Enter the child's ID" in page.inner_text(".govuk-error-summary")
    assert_accessible(page)
    page.check("#dataset")  # the SSDA903 return
    page.fill("#child", "004417")
    page.set_input_files("#files", [str(returns / n) for n in ("header.csv", "episodes.csv")])
    go(page, "#preview")
    assert "Nothing has been written yet" in page.inner_text("#summary")
    assert "Mixed: White and Black Caribbean" in page.inner_text("#changes")
    assert_accessible(page)
    before = (served.folder / "case.yaml").read_text("utf-8")
    assert "Mixed" not in before  # the dry run wrote nothing
    go(page, "#apply")
    assert "written into case.yaml" in page.inner_text("#applied")
    assert_accessible(page)
    assert load_case(served.folder).case.child.ethnicity == "Mixed: White and Black Caribbean"

    page.goto(tasks + "section/attachments")
    notes = tmp_path / "notes.txt"
    notes.write_text("not a paper", "utf-8")
    page.set_input_files("#upload", str(notes))
    go(page, "#upload-button")
    assert page.title().startswith("Error: Papers attached")
    assert "is not a PDF or Word (.docx) file" in page.inner_text(".govuk-error-summary")
    assert not (served.folder / "attachments" / "notes.txt").exists()
    assert_accessible(page)
    assert served.csp_errors == []
