"""SIGTERM and SIGHUP treated like Ctrl+C, and interrupts held back while a folder is put back.

Python turns Ctrl+C (SIGINT) into ``KeyboardInterrupt``, so every ``finally`` and ``except
BaseException`` on the way out runs: LibreOffice is stopped, temporary copies of the child's
documents are removed, outputs half put in place are rolled back. SIGTERM (a scheduler, ``timeout``,
``kill``) and SIGHUP (a closed terminal or SSH session) would otherwise end the process on the
spot, skipping all of that. :func:`terminate_like_ctrl_c` makes them raise :class:`Terminated`, a
``KeyboardInterrupt``, so they take exactly the same way out.

:func:`interrupts_held` is for the few steps that must not be cut short (putting a folder back as
it was): a signal arriving meanwhile is remembered and raised once they are done.

Python runs signal handlers in the main thread only, so both do nothing when called from another
thread (a program calling the library from a worker thread keeps its own arrangements).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

TERMINATING = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
"""The signals that end a run from outside (SIGHUP does not exist on Windows)."""
_INTERRUPTING = (signal.SIGINT, *TERMINATING)


class Terminated(KeyboardInterrupt):
    """Raised in the main thread when SIGTERM or SIGHUP arrives, as Ctrl+C raises its parent."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def terminate_like_ctrl_c() -> Iterator[None]:
    """For the duration, SIGTERM and SIGHUP raise :class:`Terminated` in the main thread.

    A signal whose handler someone else has already set (not the default) is left alone, so a
    program embedding permdocs keeps its own handling. Nested uses are harmless.
    """
    if not _in_main_thread():
        yield
        return
    previous: dict[int, Any] = {}
    for signum in TERMINATING:
        if signal.getsignal(signum) == signal.SIG_DFL:
            previous[signum] = signal.signal(signum, _raise_terminated)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold back Ctrl+C, SIGTERM and SIGHUP until the block ends, then raise the first one.

    For steps that must finish once started (putting back the outputs a failed run replaced):
    interrupting them would leave the folder in the very state they are repairing.
    """
    if not _in_main_thread():
        yield
        return
    received: list[int] = []

    def remember(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    previous: dict[int, Callable[..., Any] | int | None] = {}
    for signum in _INTERRUPTING:
        handler = signal.getsignal(signum)
        if handler in (signal.SIG_IGN, None):
            continue  # ignored (or set outside Python): nothing to hold back
        previous[signum] = signal.signal(signum, remember)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if received:
            first = received[0]
            if first == signal.SIGINT:
                raise KeyboardInterrupt
            raise Terminated(first)
