"""Running ``permdocs serve``: bind 127.0.0.1 at a free port, then run uvicorn on that socket.

The socket is bound before the application is made, so that the application knows its own
address (for the Host allow-list and the Origin check) and the address printed is the one
listened on. uvicorn's access log is off (addresses hold case keys, and a log is the wrong place
for anything about a case), and its own messages are warnings only.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import uvicorn

from .app import create_app

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Launch:
    """A server ready to run: its start address (with the one-time token) and how to run it."""

    url: str
    address: str
    port: int
    run: Callable[[], None]
    stop: Callable[[], None]
    """Ask a running server to finish (it stops by itself on Ctrl+C too)."""


def prepare(root: Path, *, as_of: date | None = None, profile: str | None = None) -> Launch:
    """Bind 127.0.0.1 at a free port and make the application for the case folder ``root``."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((HOST, 0))
    port = int(sock.getsockname()[1])
    app, secrets_ = create_app(root, port=port, as_of=as_of, profile=profile)
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="off",
        server_header=False,
        proxy_headers=False,
    )
    server = uvicorn.Server(config)

    def run() -> None:
        try:
            server.run(sockets=[sock])
        finally:
            sock.close()

    def stop() -> None:
        server.should_exit = True

    address = f"http://{HOST}:{port}/"
    return Launch(
        url=f"{address}start?token={secrets_.launch_token}",
        address=address,
        port=port,
        run=run,
        stop=stop,
    )
