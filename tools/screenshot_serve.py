"""Take the README's screenshots of `permdocs serve` with Debian's headless chromium.

    .venv/bin/python tools/screenshot_serve.py     # writes docs/serve-task-list.png, docs/serve-errors.png

The case is sample 01 (fictional) with a few answers taken out, so that the task list shows work
in progress and who owes it; the second picture is a page refused on saving, with its error
summary.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

from permdocs.serve.server import prepare

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "01-existing-carer-agreed"
DOCS = ROOT / "docs"


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "PF-2026-0142"
        shutil.copytree(SAMPLE, folder)
        path = folder / "case.yaml"
        text = path.read_text("utf-8")
        for answered, emptied in (
            ("  ethnicity: White British\n", "  ethnicity:\n"),
            ("  religion: None (christened in the Church of England)\n", "  religion:\n"),
            ("    date: 2026-10-22\n", "    date:\n"),
        ):
            text = text.replace(answered, emptied, 1)
        path.write_text(text, "utf-8")
        launch = prepare(folder, as_of=date(2026, 11, 23))
        thread = threading.Thread(target=launch.run, daemon=True)
        thread.start()
        for _ in range(200):
            try:
                httpx.get(launch.address + "static/app.css", timeout=2)
                break
            except httpx.ConnectError:
                time.sleep(0.05)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--no-sandbox"]
                )
                page = browser.new_page(viewport={"width": 1000, "height": 900})
                page.goto(launch.url)
                page.screenshot(path=str(DOCS / "serve-task-list.png"))
                page.goto(page.url + "section/child")
                page.fill("#f-child-date_of_birth-day", "31")
                page.fill("#f-child-date_of_birth-month", "2")
                with page.expect_navigation():
                    page.click("button.govuk-button:not(.govuk-button--secondary)")
                page.wait_for_timeout(300)
                page.screenshot(path=str(DOCS / "serve-errors.png"))
                browser.close()
        finally:
            launch.stop()
            thread.join(timeout=10)


if __name__ == "__main__":
    main()
