"""What the serve tests share: a signed-in client and a reader of a page's form."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from permdocs.serve.app import create_app

PORT = 8123
ORIGIN = f"http://127.0.0.1:{PORT}"


def signed_in(root: Path, **options: Any) -> tuple[TestClient, str]:
    """A client that has used the launch address, and the key of the (first) case."""
    app, _ = create_app(root, port=PORT, launch_token="launch-token", **options)
    client = TestClient(app, base_url=ORIGIN, headers={"Origin": ORIGIN})
    started = client.get("/start?token=launch-token")
    assert started.status_code == 200, started.text
    key = str(started.url).split("/case/")[1].split("/")[0] if "/case/" in str(started.url) else ""
    return client, key


def form_values(page: str, form_id: str | None = None) -> dict[str, str]:
    """What a browser would send for the form on ``page`` (checked radios, inputs, textareas)."""
    if form_id is not None:
        start = page.index(f'id="{form_id}"')
        page = page[start : page.index("</form>", start)]
    values: dict[str, str] = {}
    for match in re.finditer(r"<input[^>]*>", page):
        tag = match.group(0)
        name = re.search(r'name="([^"]*)"', tag)
        if not name:
            continue
        kind = re.search(r'type="([^"]*)"', tag)
        if kind and kind.group(1) in ("radio", "checkbox") and " checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        values[html.unescape(name.group(1))] = html.unescape(value.group(1)) if value else ""
    for match in re.finditer(r'<textarea[^>]*name="([^"]*)"[^>]*>\n(.*?)</textarea>', page, re.S):
        values[html.unescape(match.group(1))] = html.unescape(match.group(2))
    return values


def text_of(page: str) -> str:
    """A page's text, tags removed and spaces collapsed, for asserting on what a person reads."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
