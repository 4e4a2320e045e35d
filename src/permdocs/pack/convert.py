"""Word documents to PDF with LibreOffice, started once per run and never trusted on its word.

Three LibreOffice habits shape this module:

* ``soffice --convert-to`` exits 0 even when a document failed to load, and prints only "Error:
  source file could not be loaded" without saying which. So the exit code is ignored as evidence:
  each expected PDF must exist, start with ``%PDF`` and open in pypdf, and the document whose PDF
  is missing or broken is named in the error.
* Given a file it cannot read as Word, LibreOffice silently falls back to importing it as plain
  text and "converts" the garbage into a tidy PDF. ``--infilter`` pins the Word importer so a
  damaged .docx fails instead.
* Two LibreOffice processes sharing a profile hand work to each other or deadlock, and a desktop
  LibreOffice left open by the user would otherwise receive our conversions. Each
  :class:`PdfConverter` therefore has its own private profile, created on first use and reused by
  later calls in the same run (a "warm" start).

Measured here (LibreOffice 7.4.7.2, 2 CPUs, Linux), converting one two-page .docx, medians of 5:
cold (new profile) 1.35 s, warm (same converter, later call) 1.23 s; the very first LibreOffice
start after boot, with the disk cache cold, took 2.0 s. So a warm profile saves only about 0.1 s
on this version; what matters is starting LibreOffice once: three documents in one warm call took
1.4 s, against 3.7 s one call each. Hence :meth:`PdfConverter.convert` takes many documents at
once, and PDF/A costs nothing extra (1.4 s for the same three).

Nothing is written beside the inputs or into a case folder: inputs are copied into a private temp
folder (so whatever LibreOffice creates while it works, or leaves behind if it is killed, lands
there), PDFs are produced there, checked, and only then handed over, as paths or bytes. Writing them into a case folder is the caller's job,
done atomically by :mod:`permdocs.output`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Self

from ..errors import ConversionError, OutputError
from ..write.interrupts import interrupts_held, terminate_like_ctrl_c
from .pdftools import open_pdf, pdfa_conformance
from .workdir import WorkFolder, remove_left_behind

SOFFICE_ENV = "PERMDOCS_SOFFICE"
DEFAULT_TIMEOUT = 180.0

INSTALL_HINT = (
    "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui "
    "fonts-crosextra-carlito fonts-crosextra-caladea; Windows/macOS: libreoffice.org) or set "
    f"{SOFFICE_ENV} to the soffice program; the Word documents were still produced"
)

# The importer LibreOffice calls "Word 2007-365"; pinning it stops the plain-text fallback.
_WORD_IMPORT_FILTER = "MS Word 2007 XML"
_PDF_EXPORT = "pdf:writer_pdf_Export"
# JSON filter options need LibreOffice 7.4 or later; older versions ignore them without a word,
# which is why a PDF/A conversion is checked for the pdfaid declaration afterwards.
# SelectPdfVersion 2 is PDF/A-2b.
_PDFA2_EXPORT = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
_OUTPUT_LIMIT = 2000
_KILL_GRACE_SECONDS = 5.0

# Where the official installers put soffice when it is not on PATH (it usually is not on Windows
# and macOS).
_KNOWN_LOCATIONS = (
    Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
    Path("C:/Program Files/LibreOffice/program/soffice.exe"),
    Path("C:/Program Files (x86)/LibreOffice/program/soffice.exe"),
)

DocumentInputs = Sequence[Path] | Mapping[str, bytes]


def _is_program(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def find_soffice() -> Path | None:
    """The LibreOffice program to run, or None if there is none.

    ``PERMDOCS_SOFFICE``, when set, is the only place looked at: someone who points at a specific
    LibreOffice wants that one or a clear failure, not a different version found on PATH.
    """
    override = os.environ.get(SOFFICE_ENV, "").strip()
    if override:
        path = Path(override).expanduser()
        if _is_program(path):
            return path
        found = shutil.which(override)
        return Path(found) if found else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((path for path in _KNOWN_LOCATIONS if _is_program(path)), None)


def _missing_soffice_error() -> ConversionError:
    override = os.environ.get(SOFFICE_ENV, "").strip()
    if override:
        return ConversionError(
            f"LibreOffice was not found at {SOFFICE_ENV}={override}, so no PDF was made",
            hint=f"correct or unset {SOFFICE_ENV}, or {INSTALL_HINT}",
        )
    return ConversionError("LibreOffice is not installed, so no PDF was made", hint=INSTALL_HINT)


def _trimmed(output: bytes) -> str:
    """The end of what LibreOffice printed: the last lines are the ones that explain a failure."""
    text = output.decode("utf-8", errors="replace").strip()
    if len(text) > _OUTPUT_LIMIT:
        text = "…" + text[-_OUTPUT_LIMIT:]
    return text


def _pdf_name(name: str) -> str:
    """``care-plan.docx`` -> ``care-plan.pdf``; a name without ``.docx`` just gains ``.pdf``."""
    stem = name[:-5] if name.lower().endswith(".docx") else name
    return stem + ".pdf"


def _check_plain_name(name: str) -> None:
    """Names from a mapping become file names; refuse anything that could leave the temp folder."""
    if (
        not name
        or name in {".", ".."}
        or any(char in name for char in "/\\\0")
        or name != name.strip()
    ):
        raise ValueError(f"not a plain file name for a document: {name!r}")


def _kill_process_tree(process: subprocess.Popen[bytes]) -> None:
    """Stop LibreOffice and everything it started.

    ``soffice`` is a shell script that starts ``oosplash``, which starts ``soffice.bin``; killing
    only the first would leave the real worker running and holding our profile. The process was
    started in its own session, so on POSIX its process group is exactly that family. Only called
    before the process has been waited for, so its id cannot yet belong to anyone else.
    """
    if sys.platform == "win32":
        subprocess.run(
            ["taskkill", "/F", "/T", "/PID", str(process.pid)],
            capture_output=True,
            check=False,
        )
        process.kill()
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


class PdfConverter:
    """Converts Word documents to PDF for one run, with a private LibreOffice profile.

    Use it as a context manager; the profile and every temp file are removed on exit::

        with PdfConverter() as converter:
            pdfs = converter.convert_bytes({"care-plan.docx": data, "report.docx": other})

    ``timeout`` is in seconds for one whole :meth:`convert` call, all its documents together;
    when it runs out LibreOffice and everything it started are killed. Calls on one converter are
    serialised (they share the profile); separate converters have separate profiles and may run at
    the same time.
    """

    def __init__(self, soffice: Path | None = None, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self._soffice_given = soffice
        self.timeout = timeout
        self._root: Path | None = None
        self._work: WorkFolder | None = None
        self.removed_left_behind: tuple[str, ...] = ()
        """Notices of the work folders of killed runs removed when this one started."""
        self._soffice: Path | None = None
        self._calls = 0
        self._lock = threading.Lock()
        self._signals = contextlib.ExitStack()

    def __enter__(self) -> Self:
        soffice = self._soffice_given or find_soffice()
        if soffice is None or not _is_program(soffice):
            raise _missing_soffice_error()
        self._soffice = soffice
        # SIGTERM and SIGHUP are turned into an interrupt like Ctrl+C while the converter is in
        # use, so that LibreOffice is stopped and the copies of the documents removed (below);
        # left to their default, they would end the process with both left behind for good.
        self._signals.enter_context(terminate_like_ctrl_c())
        # The system temp folder, never the case folder: a crash must leave the case as it was.
        # Folders of earlier runs killed outright go first; this one is marked in use.
        self.removed_left_behind = tuple(remove_left_behind())
        self._work = WorkFolder()
        self._root = self._work.path
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if self._work is not None:
                with interrupts_held():  # the copies of the documents go, whatever else comes
                    self._work.remove()
                self._work = None
                self._root = None
        finally:
            self._signals.close()

    @property
    def soffice(self) -> Path:
        if self._soffice is None:
            raise RuntimeError("use PdfConverter as a context manager: with PdfConverter() as c:")
        return self._soffice

    @property
    def profile_dir(self) -> Path:
        """The private LibreOffice profile, kept for the converter's life so later calls are warm."""
        if self._root is None:
            raise RuntimeError("use PdfConverter as a context manager: with PdfConverter() as c:")
        return self._root / "profile"

    def convert(
        self, documents: DocumentInputs, out_dir: Path | None = None, *, pdfa: bool = False
    ) -> list[Path]:
        """Convert every document in one LibreOffice run; return the PDFs in the input order.

        ``documents`` is either .docx paths or a mapping of file name to .docx bytes. Each PDF is
        named after its document (``report.docx`` -> ``report.pdf``). With ``out_dir`` the PDFs
        are moved there only once every one has been checked, and an existing file is never
        replaced; without it they stay in the converter's temp folder until the ``with`` block
        ends. If any document fails, nothing is returned or moved and the error names each one.
        With ``pdfa`` the PDFs are PDF/A-2b, and checked to say so.
        """
        with self._lock:
            call_dir = self._new_call_dir()
            keep = False
            try:
                produced = self._convert_in(call_dir, documents, pdfa=pdfa)
                if out_dir is not None:
                    return _move_all(produced, out_dir)
                keep = True
                return produced
            finally:
                if keep:
                    # Only the checked PDFs stay, for the caller to read before the block ends.
                    for sub in ("in", "out", "tmp"):
                        shutil.rmtree(call_dir / sub, ignore_errors=True)
                else:
                    shutil.rmtree(call_dir, ignore_errors=True)

    def convert_bytes(
        self, documents: Mapping[str, bytes], *, pdfa: bool = False
    ) -> dict[str, bytes]:
        """Like :meth:`convert`, in memory: document name -> PDF bytes, in the input order."""
        with self._lock:
            call_dir = self._new_call_dir()
            try:
                produced = self._convert_in(call_dir, documents, pdfa=pdfa)
                return {
                    name: path.read_bytes() for name, path in zip(documents, produced, strict=True)
                }
            finally:
                shutil.rmtree(call_dir, ignore_errors=True)

    def _new_call_dir(self) -> Path:
        if self._root is None:
            raise RuntimeError("use PdfConverter as a context manager: with PdfConverter() as c:")
        self._calls += 1
        call_dir = self._root / f"call-{self._calls}"
        for sub in ("in", "out", "pdf"):
            (call_dir / sub).mkdir(parents=True)
        return call_dir

    def _convert_in(self, call_dir: Path, documents: DocumentInputs, *, pdfa: bool) -> list[Path]:
        names, contents = _inputs(documents)
        if not names:
            return []
        _check_word_files(names, contents)

        # Staged under neutral numbered names: LibreOffice turns paths into URLs, and a case
        # document called "Plan #2 (50%).docx" should not depend on how well it does that.
        staged: list[Path] = []
        for index, data in enumerate(contents, start=1):
            path = call_dir / "in" / f"{index:03d}.docx"
            path.write_bytes(data)
            staged.append(path)
        out = call_dir / "out"
        output = self._run_soffice(call_dir, staged, out, names, pdfa=pdfa)

        failures: list[str] = []
        produced: list[Path] = []
        for name, source in zip(names, staged, strict=True):
            pdf = out / (source.stem + ".pdf")
            problem = _pdf_problem(pdf, name, pdfa=pdfa)
            if problem:
                failures.append(f"{name}: {problem}")
                continue
            # Into a separate folder: a document named "002.docx" must not land on the staged
            # output of the second document before that has been checked.
            final = call_dir / "pdf" / _pdf_name(name)
            pdf.rename(final)
            produced.append(final)
        if failures:
            said = f"\nLibreOffice said:\n{output}" if output else ""
            count = len(failures)
            raise ConversionError(
                f"LibreOffice could not turn {count} of {len(names)} document"
                f"{'s' if len(names) != 1 else ''} into PDF, so no PDF was made:\n  "
                + "\n  ".join(failures)
                + said,
                hint=(
                    "open each document named above in Word or LibreOffice to check it opens, "
                    "then run the command again; the Word documents were still produced"
                ),
            )
        return produced

    def _run_soffice(
        self, call_dir: Path, staged: list[Path], out: Path, names: list[str], *, pdfa: bool
    ) -> str:
        command = [
            str(self.soffice),
            f"-env:UserInstallation={self.profile_dir.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--norestore",
            "--nolockcheck",
            f"--infilter={_WORD_IMPORT_FILTER}",
            "--convert-to",
            _PDFA2_EXPORT if pdfa else _PDF_EXPORT,
            "--outdir",
            str(out),
            *(str(path) for path in staged),
        ]
        # LibreOffice's own scratch files go in our folder too, so they vanish with it.
        scratch = call_dir / "tmp"
        scratch.mkdir()
        _harden_profile(self.profile_dir)
        env = {
            **os.environ,
            "TMPDIR": str(scratch),
            "TMP": str(scratch),
            "TEMP": str(scratch),
            # Any web request LibreOffice still tried would go to a proxy that is not there.
            **dict.fromkeys(_PROXY_VARIABLES, _NOWHERE),
            "no_proxy": "",
            "NO_PROXY": "",
        }
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                env=env,
                # Own session = own process group, so a timeout can kill soffice.bin as well.
                start_new_session=sys.platform != "win32",
                # (Windows has no sessions; a new process group is its nearest equivalent.)
                creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0),
            )
        except OSError as exc:
            raise ConversionError(
                f"LibreOffice ({self.soffice}) could not be started ({exc.strerror}), "
                "so no PDF was made",
                hint=INSTALL_HINT,
            ) from exc
        try:
            stdout, _ = process.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            _kill_process_tree(process)
            try:
                stdout, _ = process.communicate(timeout=_KILL_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                # Something escaped the process group and still holds the pipe; give up on the
                # output rather than hang.
                process.kill()
                stdout = b""
            said = _trimmed(stdout)
            raise ConversionError(
                f"LibreOffice took longer than {self.timeout:g} "
                f"second{'' if self.timeout == 1 else 's'} to convert "
                f"{', '.join(names)} and was stopped, so no PDF was made"
                + (f"\nLibreOffice said:\n{said}" if said else ""),
                hint=(
                    "run the command again; if it keeps happening, check no document is unusually "
                    "large and that no other LibreOffice is stuck; the Word documents were still "
                    "produced"
                ),
            ) from None
        except BaseException:
            # Interrupted (Ctrl+C, SIGTERM, SIGHUP): do not leave LibreOffice running.
            with interrupts_held():  # a second signal must not cut the clean-up short
                _kill_process_tree(process)
                process.wait()
            raise
        output = _trimmed(stdout)
        if process.returncode != 0:
            output = f"(exit code {process.returncode})\n{output}".strip()
        return output


_NOWHERE = "http://127.0.0.1:9"  # the discard port: refused at once on this machine
_PROXY_VARIABLES = tuple(
    case(name)
    for name in ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy")
    for case in (str.lower, str.upper)
)
# The private profile's settings (LibreOffice's registrymodifications.xcu): documents may not
# reach outside themselves or run code. Links to pictures from untrusted documents are blocked,
# macros never run, and LibreOffice's web access goes to a proxy that is not there (each of the
# first and last was seen, alone, to stop LibreOffice 7.4 fetching a linked picture). The papers are cleaned of such links before they get here
# (``papers``, ``outside_links``); this is the second line.
_HARDENED = (
    ("org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("org.openoffice.Inet/Settings", "ooInetProxyType", "1"),
    ("org.openoffice.Inet/Settings", "ooInetNoProxy", ""),
    *(
        ("org.openoffice.Inet/Settings", f"ooInet{scheme}Proxy{part}", value)
        for scheme in ("HTTP", "HTTPS", "FTP")
        for part, value in (("Name", "127.0.0.1"), ("Port", "9"))
    ),
)


def _harden_profile(profile: Path) -> None:
    """Write the private profile's settings before LibreOffice first starts with it."""
    settings = profile / "user" / "registrymodifications.xcu"
    if settings.exists():
        return
    settings.parent.mkdir(parents=True, exist_ok=True)
    items = "".join(
        f'<item oor:path="/{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>\n"
        for path, name, value in _HARDENED
    )
    settings.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' + items + "</oor:items>\n",
        encoding="utf-8",
    )


def _inputs(documents: DocumentInputs) -> tuple[list[str], list[bytes]]:
    """Display names and contents, with names checked to be distinct as PDF file names."""
    names: list[str] = []
    contents: list[bytes] = []
    if isinstance(documents, Mapping):
        for name, data in documents.items():
            _check_plain_name(name)
            names.append(name)
            contents.append(data)
    else:
        for path in documents:
            try:
                contents.append(path.read_bytes())
            except OSError as exc:
                raise ConversionError(
                    f"{path}: cannot read the Word document ({exc.strerror})",
                    hint="check the file exists and you can open it",
                ) from exc
            names.append(path.name)
    seen: dict[str, str] = {}
    for name in names:
        # Case-insensitively, because Windows and macOS folders are.
        key = _pdf_name(name).casefold()
        if key in seen:
            raise ValueError(f"{seen[key]!r} and {name!r} would both become {_pdf_name(name)!r}")
        seen[key] = name
    return names, contents


def _check_word_files(names: list[str], contents: list[bytes]) -> None:
    """Fail fast, before starting LibreOffice, on anything that is not even a zip file.

    A .docx is a zip archive; random bytes, an old binary .doc or an empty file would only fail
    inside LibreOffice with a message that names nothing.
    """
    bad = [name for name, data in zip(names, contents, strict=True) if not data.startswith(b"PK")]
    if bad:
        raise ConversionError(
            "not a Word (.docx) document, so no PDF was made: " + ", ".join(bad),
            hint=(
                "open it in Word and save it again as a Word document (.docx); the other Word "
                "documents were still produced"
            ),
        )


def _pdf_problem(pdf: Path, name: str, *, pdfa: bool) -> str:
    """What is wrong with a PDF LibreOffice claims to have made, or "" if nothing."""
    if not pdf.is_file():
        return "LibreOffice produced no PDF (it could not open the document)"
    data = pdf.read_bytes()
    if not data:
        return "LibreOffice produced an empty PDF"
    if not data.startswith(b"%PDF-"):
        return "LibreOffice produced a file that is not a PDF"
    try:
        reader = open_pdf(data, name)
    except ConversionError as exc:
        return exc.message.removeprefix(f"{name}: ")
    if pdfa:
        level = pdfa_conformance(reader)
        if level is None or not level.startswith("2"):
            return (
                "the PDF is not PDF/A-2 (this LibreOffice ignores the PDF/A setting; "
                "version 7.4 or later is needed)"
            )
    return ""


def _move_all(produced: list[Path], out_dir: Path) -> list[Path]:
    """Move checked PDFs into ``out_dir``: all of them or, if anything goes wrong, none."""
    targets = [out_dir / path.name for path in produced]
    existing = [str(target) for target in targets if target.exists()]
    if existing:
        raise OutputError(
            f"PDF already exists, so nothing was converted into {out_dir}: " + ", ".join(existing),
            hint="move or delete the old PDF, or convert into an empty folder",
        )
    placed: list[Path] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for source, target in zip(produced, targets, strict=True):
            # Copy to a hidden name in the destination first, then rename: a rename within one
            # folder is atomic, so no reader ever sees half a PDF under the real name.
            partial = target.with_name(f".{target.name}.partial")
            shutil.copyfile(source, partial)
            partial.replace(target)
            placed.append(target)
    except OSError as exc:
        for path in [*placed, *(t.with_name(f".{t.name}.partial") for t in targets)]:
            with contextlib.suppress(OSError):
                path.unlink()
        raise OutputError(
            f"{out_dir}: cannot write the PDFs there ({exc.strerror})",
            hint="check you can write to that folder and that the disk is not full",
        ) from exc
    return targets
