"""`permdocs serve` answers only the browser that opened its start address, on this machine.

Each test sends the request an attacker could send (another local user who found the port, a web
page doing DNS rebinding or cross-site posting, a path that climbs out of the case folder) and
checks it is refused and that the case folder is unchanged.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from permdocs.serve import app as app_module
from permdocs.serve.app import create_app
from permdocs.serve.security import CONTENT_SECURITY_POLICY
from serve_helpers import ORIGIN, PORT, form_values, signed_in, text_of

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "01-existing-carer-agreed"


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    shutil.copytree(SAMPLE, folder)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != ".permdocs.lock"
    }


def test_pages_need_the_cookie_that_only_the_launch_address_gives(case_dir: Path) -> None:
    app, secrets = create_app(case_dir, port=PORT, launch_token="the-token")
    stranger = TestClient(app, base_url=ORIGIN)
    assert stranger.get("/").status_code == 403
    assert stranger.get("/start?token=wrong").status_code == 403

    browser = TestClient(app, base_url=ORIGIN)
    started = browser.get("/start?token=the-token", follow_redirects=False)
    assert started.status_code == 303
    cookie = started.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "the-token" not in cookie  # the token is spent; the cookie holds another secret
    assert browser.get("/", follow_redirects=True).status_code == 200

    # The start address works once: a second browser (or another user replaying it) is refused.
    late = TestClient(app, base_url=ORIGIN)
    assert late.get("/start?token=the-token").status_code == 403
    assert late.get("/").status_code == 403
    # A made-up cookie is no session either.
    late.cookies.set(secrets.cookie_name, "guessed")
    assert late.get("/").status_code == 403


@pytest.mark.parametrize(
    "host",
    ["evil.example", f"evil.example:{PORT}", f"127.0.0.1:{PORT + 1}", "127.0.0.1", ""],
)
def test_a_host_other_than_this_server_is_refused_so_dns_rebinding_fails(
    case_dir: Path, host: str
) -> None:
    client, key = signed_in(case_dir)
    response = client.get(f"/case/{key}/", headers={"Host": host})
    assert response.status_code == 400
    assert "Maisie" not in response.text


def test_localhost_by_name_is_answered_too(case_dir: Path) -> None:
    client, key = signed_in(case_dir)
    response = client.get(f"/case/{key}/", headers={"Host": f"localhost:{PORT}"})
    assert response.status_code == 200


def _posts(key: str) -> list[str]:
    return [
        f"/case/{key}/section/child",
        f"/case/{key}/section/child/missing",
        f"/case/{key}/documents",
    ]


def test_every_change_without_the_csrf_token_is_refused_and_changes_nothing(
    case_dir: Path,
) -> None:
    client, key = signed_in(case_dir)
    page = client.get(f"/case/{key}/section/child").text
    values = form_values(page, "section-form")
    values["child.gender"] = "Changed"
    before = snapshot(case_dir)
    for url in _posts(key):
        for token in (None, "", "forged"):
            sent = dict(values)
            sent.pop("csrf_token")
            if token is not None:
                sent["csrf_token"] = token
            response = client.post(url, data={**sent, "build": "draft"})
            assert response.status_code == 403, url
    assert snapshot(case_dir) == before


@pytest.mark.parametrize("origin", [None, "http://evil.example", f"http://127.0.0.1:{PORT + 1}"])
def test_a_change_from_another_origin_is_refused_even_with_the_token(
    case_dir: Path, origin: str | None
) -> None:
    client, key = signed_in(case_dir)
    values = form_values(client.get(f"/case/{key}/section/child").text, "section-form")
    values["child.gender"] = "Changed"
    before = snapshot(case_dir)
    headers = {"Origin": origin} if origin else {}
    if origin is None:
        client.headers.pop("Origin")
    for url in _posts(key):
        response = client.post(url, data={**values, "build": "draft"}, headers=headers)
        assert response.status_code == 403, url
    assert snapshot(case_dir) == before


def test_the_same_change_with_token_and_origin_goes_through(case_dir: Path) -> None:
    """The refusals above are the guard's, not a broken form."""
    client, key = signed_in(case_dir)
    values = form_values(client.get(f"/case/{key}/section/child").text, "section-form")
    values["child.gender"] = "Changed"
    response = client.post(f"/case/{key}/section/child", data=values, follow_redirects=False)
    assert response.status_code == 303
    assert "gender: Changed" in (case_dir / "case.yaml").read_text("utf-8")


def test_pages_carry_a_strict_content_security_policy_and_no_inline_script(
    case_dir: Path,
) -> None:
    client, key = signed_in(case_dir)
    for url in ("/", f"/case/{key}/", f"/case/{key}/section/child", f"/case/{key}/documents"):
        response = client.get(url)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
        assert "script-src 'self'" in CONTENT_SECURITY_POLICY
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["x-content-type-options"] == "nosniff"
        page = response.text
        # Every script is a file from this server; no inline script, handler or style.
        for script in page.split("<script")[1:]:
            assert script.lstrip().startswith(("src=", 'type="module" src=')), script[:80]
        assert " onclick=" not in page and " style=" not in page


@pytest.mark.parametrize(
    "path",
    [
        "/static/../case.yaml",
        "/static/%2e%2e/case.yaml",
        "/static/..%2f..%2fcase.yaml",
        "/case/{key}/files/..%2Fcase.yaml",
        "/case/{key}/files/case.yaml",
        "/case/{key}/files/.permdocs.lock",
        "/case/0000000000/",
        "/case/{key}/section/..%2F..%2Fetc",
    ],
)
def test_nothing_outside_the_case_folders_outputs_and_assets_is_served(
    case_dir: Path, path: str
) -> None:
    client, key = signed_in(case_dir)
    response = client.get(path.format(key=key))
    assert response.status_code in (400, 404)
    assert "first_names" not in response.text


def test_a_case_folder_linked_from_outside_the_served_folder_is_not_served(
    tmp_path: Path,
) -> None:
    root = tmp_path / "cases"
    shutil.copytree(SAMPLE, root / "inside")
    shutil.copytree(SAMPLE, tmp_path / "outside")
    (root / "link").symlink_to(tmp_path / "outside", target_is_directory=True)
    client, _ = signed_in(root)
    dashboard = client.get("/").text
    assert "inside" in dashboard
    assert "link" not in text_of(dashboard).split("Cases in")[1].replace("cases", "")


def test_an_unexpected_error_is_logged_without_what_was_typed(
    case_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(self: object, request: object) -> None:
        raise ValueError("Maisie Thornbury, 14 Example Road")

    monkeypatch.setattr(app_module.Pages, "check_answers", broken)
    client, key = signed_in(case_dir)
    client_no_raise = TestClient(client.app, base_url=ORIGIN, raise_server_exceptions=False)
    client_no_raise.cookies = client.cookies
    with caplog.at_level(logging.DEBUG):
        response = client_no_raise.get(f"/case/{key}/check-answers")
    assert response.status_code == 500
    logged = caplog.text
    assert "ValueError" in logged  # the error is recorded ...
    assert "Maisie" not in logged and "Example Road" not in logged  # ... but not its words
    assert "Maisie" not in response.text


def test_the_server_listens_on_127_0_0_1_only_and_logs_no_addresses(
    case_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    from permdocs.serve.server import prepare

    launch = prepare(case_dir)
    assert launch.url.startswith(f"http://127.0.0.1:{launch.port}/start?token=")
    thread = threading.Thread(target=launch.run, daemon=True)
    thread.start()
    try:
        with httpx.Client(base_url=launch.address, follow_redirects=True, timeout=10) as http:
            for _ in range(100):  # the server is up when it answers; bounded wait
                try:
                    answer = http.get(launch.url)
                    break
                except httpx.ConnectError:
                    time.sleep(0.05)
            assert answer.status_code == 200
            assert "Case PF-2026-0142" in answer.text
            assert http.get(launch.url).status_code == 403  # spent
    finally:
        launch.stop()
        thread.join(timeout=10)
    out, err = capfd.readouterr()
    assert "/case/" not in out + err and "token" not in out + err
