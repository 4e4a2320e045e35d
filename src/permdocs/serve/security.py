"""What keeps ``permdocs serve`` to the person who started it, on a machine others may share.

One ASGI middleware, :class:`Guard`, stands in front of every request:

- **Host allow-list.** Only ``127.0.0.1:PORT`` and ``localhost:PORT`` are answered. A web page
  elsewhere that points its own name at 127.0.0.1 (DNS rebinding) sends its own name as Host and
  is refused.
- **Launch token -> session cookie.** The address printed (and opened) at start-up carries a
  random token. Used once, it is spent and becomes an HttpOnly, SameSite=Strict cookie holding a
  second secret; every page needs that cookie. Another user of the machine, or another local
  program, that finds the port has neither.
- **CSRF and Origin.** Every request that changes anything (any method but GET and HEAD) must
  come from this server's own origin (the ``Origin`` header, which browsers always send with
  such requests) and carry the CSRF token in its form, or it is refused before the application
  sees it.
- **Assets.** Only ``/static/`` (GOV.UK Frontend, htmx, the app's own CSS and JS: nothing about
  a case) is served without the cookie, and only to GET and HEAD.
- **Headers.** A Content Security Policy allowing only this server's own scripts, styles and
  images (no inline script or style at all), no framing, no referrer sent to other sites (a browser sends
  ``Origin: null`` with no referrer at all, which the Origin check must refuse), and nothing
  cached.

:class:`QuietErrors` makes sure an unexpected error is logged by its type and place only, never
its message: messages can hold what was typed, and what was typed is a child's personal data.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import traceback
from collections.abc import Iterable
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOG = logging.getLogger("permdocs.serve")
CSRF_FIELD = "csrf_token"
MAX_BODY_BYTES = 4 * 1024 * 1024
"""A form is at most a case file's worth of text (2 MiB) and then some."""
MAX_UPLOAD_BODY_BYTES = 24 * 1024 * 1024
"""A form with a file (a paper for attachments/, a council's return to import): the paper's
limit (``uploads.MAX_UPLOAD_BYTES``) and the page's fields besides."""
SAFE_METHODS = frozenset({"GET", "HEAD"})

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode("ascii")),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cache-control", b"no-store"),
)


class Secrets:
    """The launch token (spent on first use), the session secret and the CSRF token."""

    def __init__(self, port: int, launch_token: str | None = None) -> None:
        self.port = port
        self.launch_token = launch_token or secrets.token_urlsafe(32)
        self.session = secrets.token_urlsafe(32)
        self.csrf = hmac.new(self.session.encode(), b"csrf", hashlib.sha256).hexdigest()
        self.spent = False
        # Two servers on one machine share the browser's cookies for 127.0.0.1 (cookies do not
        # go by port), so each names its cookie after its port.
        self.cookie_name = f"permdocs_session_{port}"

    @property
    def hosts(self) -> frozenset[str]:
        return frozenset({f"127.0.0.1:{self.port}", f"localhost:{self.port}"})

    @property
    def origins(self) -> frozenset[str]:
        return frozenset(f"http://{host}" for host in self.hosts)

    def spend(self, token: str) -> bool:
        """Whether ``token`` is the launch token, unspent; it is spent either way if it is."""
        if self.spent or not hmac.compare_digest(token.encode(), self.launch_token.encode()):
            return False
        self.spent = True
        return True

    def has_session(self, cookie_header: str) -> bool:
        cookies = SimpleCookie()
        try:
            cookies.load(cookie_header)
        except Exception:  # a malformed Cookie header is no session
            return False
        morsel = cookies.get(self.cookie_name)
        return morsel is not None and hmac.compare_digest(
            morsel.value.encode(), self.session.encode()
        )

    def csrf_ok(self, token: str) -> bool:
        return hmac.compare_digest(token.encode(), self.csrf.encode())


class Guard:
    """The security checks in front of the application (see the module's docstring)."""

    def __init__(
        self, app: ASGIApp, secrets_: Secrets, *, public_prefixes: Iterable[str] = ()
    ) -> None:
        self.app = app
        self.secrets = secrets_
        self.public = tuple(public_prefixes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        headers = Headers(scope=scope)
        if headers.get("host", "") not in self.secrets.hosts:
            await _refuse(send, 400, "This address is not permdocs serve's own.")
            return
        path: str = scope["path"]
        method: str = scope["method"]
        if path == "/start":
            await self._start(scope, send)
            return
        if path.startswith(self.public) and method in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        if not self.secrets.has_session(headers.get("cookie", "")):
            await _refuse(
                send,
                403,
                "Open permdocs from the address it printed when it started. If that address"
                " has been used already, stop permdocs serve (Ctrl+C) and start it again.",
            )
            return
        if method in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        if headers.get("origin", "") not in self.secrets.origins:
            await _refuse(
                send, 403, "This change did not come from a permdocs page, so it was refused."
            )
            return
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        multipart = content_type == "multipart/form-data"
        body = await _read_body(receive, MAX_UPLOAD_BODY_BYTES if multipart else MAX_BODY_BYTES)
        if body is None:
            await _refuse(send, 413, "That is more than a case can hold; nothing was changed.")
            return
        token = ""
        if content_type == "application/x-www-form-urlencoded":
            values = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            token = (values.get(CSRF_FIELD) or [""])[0]
        elif multipart:
            token = _multipart_token(headers.get("content-type", ""), body)
        if not self.secrets.csrf_ok(token):
            await _refuse(
                send,
                403,
                "This form has expired or did not come from a permdocs page, so nothing was"
                " changed. Go back, reload the page and try again.",
            )
            return
        await self.app(scope, _replay(body), send)

    async def _start(self, scope: Scope, send: Send) -> None:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        token = (query.get("token") or [""])[0]
        if not self.secrets.spend(token):
            await _refuse(
                send,
                403,
                "This start address has been used already, or is not the one permdocs printed."
                " Stop permdocs serve (Ctrl+C) and start it again for a new one.",
            )
            return
        cookie = (
            f"{self.secrets.cookie_name}={self.secrets.session}; HttpOnly; SameSite=Strict; Path=/"
        )
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [(b"location", b"/"), (b"set-cookie", cookie.encode("ascii"))],
            }
        )
        await send({"type": "http.response.body", "body": b""})


def _with_headers(send: Send) -> Send:
    async def sender(message: Message) -> None:
        if message["type"] == "http.response.start":
            present = {name.lower() for name, _ in message.get("headers", [])}
            message = dict(message)
            message["headers"] = [
                *message.get("headers", []),
                *[(name, value) for name, value in SECURITY_HEADERS if name not in present],
            ]
        await send(message)

    return sender


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _multipart_token(content_type: str, body: bytes) -> str:
    """The CSRF token of a multipart form (one with a file), '' if it has none or is malformed.

    Only the token's part is kept; every other part (a file's bytes included) is skipped."""
    from python_multipart.multipart import MultipartParser, parse_options_header

    _, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if not boundary:
        return ""
    found: list[bytes] = []
    state = {"header": b"", "name": b"", "value": b""}
    parts: list[tuple[bytes, bytes]] = []

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["header"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        if state["header"].lower() == b"content-disposition":
            state["value"] += data[start:end]

    def on_header_end() -> None:
        if state["header"].lower() == b"content-disposition":
            _, disposition = parse_options_header(state["value"])
            state["name"] = disposition.get(b"name", b"")
        state["header"], state["value"] = b"", b""

    def on_part_begin() -> None:
        state["name"] = b""

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if state["name"] == CSRF_FIELD.encode() and sum(len(p) for p in found) < 256:
            found.append(data[start:end])

    def on_part_end() -> None:
        if state["name"] == CSRF_FIELD.encode():
            parts.append((state["name"], b"".join(found)))
        found.clear()

    parser = MultipartParser(
        boundary,
        {
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_part_begin": on_part_begin,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )
    try:
        parser.write(body)
        parser.finalize()
    except Exception:  # a malformed form carries no token
        return ""
    return parts[0][1].decode("utf-8", "replace") if len(parts) == 1 else ""


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


async def _refuse(send: Send, status: int, text: str) -> None:
    body = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Not available - permdocs</title></head><body><main><h1>Not available</h1>"
        f"<p>{text}</p></main></body></html>"
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class QuietErrors:
    """Log an unexpected error by its type and where it happened, never by its message."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def sender(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, sender)
        except Exception as exc:
            LOG.error("permdocs serve: unexpected %s at %s", type(exc).__name__, _where(exc))
            if not started and scope["type"] == "http":
                await _refuse(
                    send,
                    500,
                    "Something went wrong, and nothing was changed by it. Go back and try"
                    " again; if it happens again, please report it.",
                )


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    inside = [frame for frame in frames if "permdocs" in frame.filename] or frames
    if not inside:
        return "an unknown place"
    frame = inside[-1]
    return f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} ({frame.name})"
