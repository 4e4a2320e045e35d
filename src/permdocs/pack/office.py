"""One long-lived LibreOffice per process, driven through its UNO interface.

Starting LibreOffice costs about a second; converting a report once it runs costs a tenth of
that. So a process that converts many documents (a ``batch --pack`` worker, a ``pack`` that
converts twice) keeps one LibreOffice running and hands it every document: :func:`shared_office`
gives the process's :class:`Office`, which :class:`~permdocs.pack.convert.PdfConverter` uses when
asked to (``persistent=True``).

LibreOffice's Python binding, ``uno``, belongs to the Python LibreOffice was built for (its own
bundled one on Windows and macOS; on Debian and Ubuntu the system ``python3`` with
``python3-uno``), rarely the one permdocs runs in. So the UNO end is a small script,
``office_bridge.py``, run as a child process by the first Python that can import ``uno``
(``PERMDOCS_UNO_PYTHON`` when set, else LibreOffice's own, this one, then the system's). It
starts ``soffice`` with a private profile, listening on a named pipe with a random name (never
a network port), and converts on request over stdin/stdout.

Where it cannot run (no Python with ``uno``, or a LibreOffice that will not listen), the process
falls back, once and for good, to one LibreOffice per conversion call (``PdfConverter``'s own
way); :func:`persistent_problem` says why.

Lifetime: started on first use, restarted after LibreOffice crashes (the call is tried once
more) or overruns its timeout (it is killed with everything it started, and the call fails),
and stopped on every way out: :meth:`Office.close`, the end of the process (``atexit``, and
multiprocessing's finaliser in pool workers, which skip ``atexit``), and, should this process be
killed outright, the bridge, which stops LibreOffice as soon as its input closes.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import queue
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConversionError
from .hardening import harden_profile, offline_environment

UNO_PYTHON_ENV = "PERMDOCS_UNO_PYTHON"
START_TIMEOUT = 120.0
"""Seconds LibreOffice may take to start and answer (a cold start on a busy machine is slow)."""
_STOP_WAIT = 10.0
_BRIDGE = Path(__file__).with_name("office_bridge.py")


class OfficeUnavailable(Exception):
    """The persistent LibreOffice cannot run here; the caller converts one call at a time."""


@dataclass(frozen=True)
class _Reply:
    message: dict[str, Any] | None
    """None: the bridge's output ended (it exited)."""


def _uno_pythons(soffice: Path) -> list[str]:
    """Pythons that may import ``uno``, most specific first."""
    override = os.environ.get(UNO_PYTHON_ENV, "").strip()
    if override:
        return [override]
    program = soffice.resolve().parent
    bundled = [
        program / "python",
        program / "python.exe",
        program.parent / "Resources" / "python",  # macOS: LibreOffice.app/Contents/Resources
    ]
    found = [str(path) for path in bundled if path.is_file() and os.access(path, os.X_OK)]
    found.append(sys.executable)
    for name in ("/usr/bin/python3", "python3"):
        where = shutil.which(name)
        if where:
            found.append(where)
    return list(dict.fromkeys(found))


class Office:
    """A LibreOffice kept running for this process, with its own profile and temp folder.

    :meth:`convert` is serialised by a lock (LibreOffice converts one document at a time per
    instance anyway). Raises :class:`OfficeUnavailable` from :meth:`convert` when it cannot be
    started at all; :class:`~permdocs.errors.ConversionError` when LibreOffice overran the
    timeout or crashed twice in one call.
    """

    def __init__(self, soffice: Path, *, start_timeout: float = START_TIMEOUT) -> None:
        self.soffice = soffice
        self.start_timeout = start_timeout
        self._lock = threading.RLock()
        self._process: subprocess.Popen[bytes] | None = None
        self._replies: queue.Queue[_Reply] = queue.Queue()
        self._root: Path | None = None
        self._python: str | None = None
        self._unavailable: str | None = None
        self.starts = 0
        """How many LibreOffices this Office has started (1 unless one crashed or hung)."""

    @property
    def running(self) -> bool:
        return self._process is not None and not _exited(self._process)

    @property
    def unavailable(self) -> str | None:
        """Why it cannot run here, once a start has failed; None otherwise."""
        return self._unavailable

    def start(self) -> None:
        """Start LibreOffice now (a head start; :meth:`convert` starts it when needed)."""
        with self._lock:
            self._ensure_started()

    def convert(
        self,
        jobs: Sequence[tuple[Path, Path]],
        *,
        pdfa: bool,
        timeout: float,
        names: Sequence[str] = (),
    ) -> list[str | None]:
        """Convert each (source .docx, target .pdf); for each job None, or what LibreOffice said
        when it could not. The caller checks every target it gets. ``timeout`` is for the whole
        call; ``names`` name the documents in messages (default: the sources' file names)."""
        shown = ", ".join(names or [source.name for source, _ in jobs])
        with self._lock:
            for attempt in (1, 2):
                self._ensure_started()
                try:
                    return self._call(jobs, pdfa=pdfa, timeout=timeout, shown=shown)
                except _Crashed as crashed:
                    self._stop(graceful=False)
                    if attempt == 2:
                        raise ConversionError(
                            "LibreOffice stopped unexpectedly twice while converting "
                            f"{shown}, so no PDF was made"
                            + (f"\nLibreOffice said:\n{crashed.said}" if crashed.said else ""),
                            hint="open each document in Word or LibreOffice to check it opens, "
                            "then run the command again; the Word documents were still produced",
                        ) from None
            raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        """Stop LibreOffice and remove its profile and temp files (idempotent)."""
        with self._lock:
            self._stop(graceful=True)

    # --- the bridge process -----------------------------------------------------------------

    def _ensure_started(self) -> None:
        if self._unavailable is not None:
            raise OfficeUnavailable(self._unavailable)
        if self.running:
            return
        self._stop(graceful=False)  # whatever is left of one that died
        pythons = [self._python] if self._python else _uno_pythons(self.soffice)
        problems: list[str] = []
        for python in pythons:
            problem, python_at_fault = self._start_with(python)
            if problem is None:
                self._python = python
                self.starts += 1
                return
            problems.append(f"{python}: {problem}")
            self._stop(graceful=False)
            if not python_at_fault:  # LibreOffice itself failed: another Python will not help
                break
        self._unavailable = "; ".join(problems) or "no Python to run the UNO bridge"
        raise OfficeUnavailable(self._unavailable)

    def _start_with(self, python: str) -> tuple[str | None, bool]:
        """Start the bridge under ``python``: (None, _) once LibreOffice answers, else (why
        not, whether another Python might do better)."""
        root = Path(tempfile.mkdtemp(prefix="permdocs-office-"))
        self._root = root
        (root / "tmp").mkdir()
        harden_profile(root / "profile")
        settings = {
            "root": str(root),
            "soffice": str(self.soffice),
            "profile": (root / "profile").as_uri(),
            "pipe": f"permdocs-{os.getpid()}-{secrets.token_hex(8)}",
            "tmp": str(root / "tmp"),
            "log": str(root / "soffice.log"),
            "start_timeout": self.start_timeout,
        }
        try:
            with (root / "bridge.log").open("wb") as log:
                process = subprocess.Popen(
                    [python, "-I", str(_BRIDGE), json.dumps(settings)],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=log,
                    cwd=root,
                    env=offline_environment(),
                    # Its own session, so that stopping it stops LibreOffice and all it started.
                    start_new_session=sys.platform != "win32",
                    creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0),
                )
        except OSError as error:
            return f"cannot run it ({error.strerror})", True
        self._process = process
        self._replies = queue.Queue()
        threading.Thread(
            target=_read_replies, args=(process, self._replies), daemon=True, name="office-bridge"
        ).start()
        reply = self._next(self.start_timeout + 10.0)
        if reply is None:
            return f"LibreOffice did not start within {self.start_timeout:g} seconds", False
        message = reply.message
        if message is None:  # e.g. a Python too old for the bridge, or one that crashed on uno
            return f"the UNO bridge stopped as it started{_said(self._bridge_log())}", True
        if message.get("ready"):
            return None, False
        said = str(message.get("fatal", message)) + _said(str(message.get("said", "")))
        return said, "import" in said

    def _call(
        self, jobs: Sequence[tuple[Path, Path]], *, pdfa: bool, timeout: float, shown: str
    ) -> list[str | None]:
        process = self._process
        assert process is not None and process.stdin is not None
        request = {"jobs": [[str(source), str(target)] for source, target in jobs], "pdfa": pdfa}
        try:
            process.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
            process.stdin.flush()
        except OSError:
            raise _Crashed(self._bridge_log()) from None
        reply = self._next(timeout)
        if reply is None:
            self._stop(graceful=False)
            raise ConversionError(
                f"LibreOffice took longer than {timeout:g} second{'' if timeout == 1 else 's'} "
                f"to convert {shown} and was stopped, so no PDF was made",
                hint="run the command again; if it keeps happening, check no document is "
                "unusually large; the Word documents were still produced",
            )
        message = reply.message
        if message is None or "results" not in message:
            said = str(message.get("said", "")) if message else self._bridge_log()
            raise _Crashed(said)
        results = message["results"]
        return [None if result is None else str(result) for result in results]

    def _next(self, timeout: float) -> _Reply | None:
        try:
            return self._replies.get(timeout=timeout)
        except queue.Empty:
            return None

    def _bridge_log(self) -> str:
        if self._root is None:
            return ""
        try:
            return (self._root / "bridge.log").read_text(encoding="utf-8", errors="replace")[-2000:]
        except OSError:
            return ""

    def _stop(self, *, graceful: bool) -> None:
        process, root = self._process, self._root
        self._process, self._root = None, None
        if process is not None:
            if graceful and not _exited(process) and process.stdin is not None:
                with contextlib.suppress(OSError):
                    process.stdin.write(b'{"quit": true}\n')
                    process.stdin.flush()
                deadline = time.monotonic() + _STOP_WAIT
                while not _exited(process) and time.monotonic() < deadline:
                    time.sleep(0.02)
            # Whatever is left of its family (LibreOffice, if the bridge could not stop it).
            # The bridge is not reaped before this point (a zombie keeps its id, so the group
            # id cannot have passed to another process).
            _kill_group(process)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(_STOP_WAIT)
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)


class _Crashed(Exception):
    def __init__(self, said: str) -> None:
        super().__init__(said)
        self.said = said.strip()


def _said(text: str) -> str:
    text = text.strip()
    return f" (LibreOffice said: {text[-500:]})" if text else ""


def _read_replies(process: subprocess.Popen[bytes], replies: queue.Queue[_Reply]) -> None:
    """Every line the bridge writes, as a reply; None when its output ends."""
    assert process.stdout is not None
    for line in process.stdout:
        try:
            message = json.loads(line)
        except ValueError:
            continue  # not ours: a stray print from a library
        if isinstance(message, dict):
            replies.put(_Reply(message))
    replies.put(_Reply(None))


def _exited(process: subprocess.Popen[bytes]) -> bool:
    """Whether the bridge has exited, without reaping it on POSIX (see ``_stop``)."""
    if process.returncode is not None or sys.platform == "win32":
        return process.poll() is not None
    try:
        return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:  # reaped elsewhere
        return True


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    if sys.platform == "win32":
        subprocess.run(
            ["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False
        )
        with contextlib.suppress(OSError):
            process.kill()
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


# --- one per process ------------------------------------------------------------------------------

_shared: dict[Path, Office] = {}
_shared_lock = threading.Lock()
_cleanup_registered = False


def shared_office(soffice: Path) -> Office | None:
    """This process's long-lived LibreOffice for ``soffice`` (made on first use, started when
    first needed), or None where a persistent LibreOffice has already failed to start here."""
    global _cleanup_registered
    key = soffice.resolve()
    with _shared_lock:
        office = _shared.get(key)
        if office is None:
            office = Office(soffice)
            _shared[key] = office
            if not _cleanup_registered:
                _cleanup_registered = True
                atexit.register(close_shared)
                # Pool workers leave through os._exit, which skips atexit; multiprocessing runs
                # its finalisers first.
                from multiprocessing import util

                util.Finalize(None, close_shared, exitpriority=100)
    return None if office.unavailable else office


def persistent_problem(soffice: Path | None = None) -> str | None:
    """Why this process converts one call at a time, if a persistent LibreOffice failed: for
    ``soffice`` only when given (another LibreOffice failing says nothing about this one)."""
    offices: list[tuple[Path, Office]] = list(_shared.items())
    if soffice is not None:
        key = soffice.resolve()
        offices = [(path, office) for path, office in offices if path == key]
    problems = [office.unavailable for _, office in offices if office.unavailable]
    return "; ".join(problems) if problems else None


def close_shared() -> None:
    """Stop every LibreOffice this process keeps (at exit, and for tests)."""
    with _shared_lock:
        offices = list(_shared.values())
        _shared.clear()
    for office in offices:
        office.close()


def warm_shared(soffice: Path) -> None:
    """Start the process's LibreOffice in the background, so that the first conversion does not
    wait for it (a batch worker calls this when it starts)."""
    office = shared_office(soffice)
    if office is None:
        return

    def start() -> None:
        with contextlib.suppress(OfficeUnavailable, ConversionError):
            office.start()

    threading.Thread(target=start, daemon=True, name="office-start").start()


def run_in_office(
    office: Office,
    staged: Sequence[Path],
    out: Path,
    names: Sequence[str],
    *,
    pdfa: bool,
    timeout: float,
) -> str:
    """Convert ``staged`` .docx files into ``out`` (``001.docx`` -> ``out/001.pdf``), as one
    ``soffice --convert-to`` call would; return what LibreOffice said about the documents it
    could not convert, each by its ``names`` entry (the caller checks every PDF)."""
    jobs = [(source, out / (source.stem + ".pdf")) for source in staged]
    results = office.convert(jobs, pdfa=pdfa, timeout=timeout, names=names)
    return "\n".join(
        f"{name}: {said}" for name, said in zip(names, results, strict=True) if said is not None
    )


def _forget_inherited() -> None:
    """In a forked child: the parent's LibreOffices are the parent's (their pipes, their lock);
    this process starts its own when it needs one, and stops only those at exit."""
    global _shared, _shared_lock, _cleanup_registered
    _shared = {}
    _shared_lock = threading.Lock()
    _cleanup_registered = False


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_inherited)
