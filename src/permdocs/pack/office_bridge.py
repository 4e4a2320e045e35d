"""The UNO end of a long-lived LibreOffice: run as a script, never imported by permdocs.

:mod:`permdocs.pack.office` starts this file with a Python that can import LibreOffice's ``uno``
module (the one LibreOffice bundles, or the system's ``python3-uno``), which is often not the
Python permdocs runs in. It starts ``soffice`` listening on a private named pipe (never a network
port), connects to it, and then converts documents on request, each loaded with the Word importer
pinned, links not updated and macros never run, and exported to PDF.

It talks to its parent over stdin and stdout, one JSON object a line:

* it first says ``{"ready": ...}`` once LibreOffice answers, or ``{"fatal": ...}`` if it cannot
  import ``uno`` (exit 3) or LibreOffice does not come up (exit 4);
* each request ``{"jobs": [[source, target], ...], "pdfa": bool}`` is answered with
  ``{"results": [null or "what LibreOffice said", ...]}``, one per job, or with ``{"fatal": ...}``
  when LibreOffice itself went away (the parent then starts a new one);
* end of input (the parent finished, or died) or ``{"quit": true}`` stops LibreOffice and this
  script. Killing this script's process group stops everything it started.

Written for any Python from 3.8 (LibreOffice's bundled Python can be older than permdocs').
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from typing import Any

_IMPORT_FILTER = "MS Word 2007 XML"
_EXPORT_FILTER = "writer_pdf_Export"
_STOP_GRACE = 5.0


def _say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _tail(path: str) -> str:
    try:
        with open(path, "rb") as log:  # noqa: PTH123 - plain open: any Python, no pathlib needed
            text = log.read().decode("utf-8", errors="replace").strip()
    except OSError:
        return ""
    return text[-2000:]


def main() -> int:
    settings = json.loads(sys.argv[1])
    try:
        import uno
        from com.sun.star.beans import PropertyValue
        from com.sun.star.connection import NoConnectException
        from com.sun.star.lang import DisposedException
    except ImportError as error:
        _say({"fatal": f"this Python cannot import LibreOffice's uno module ({error})"})
        return 3

    def prop(name: str, value: Any) -> Any:
        made = PropertyValue()
        made.Name = name
        made.Value = value
        return made

    pipe = settings["pipe"]
    log_path = settings["log"]
    env = dict(os.environ)
    env.update({"TMPDIR": settings["tmp"], "TMP": settings["tmp"], "TEMP": settings["tmp"]})
    with open(log_path, "wb") as log:  # noqa: PTH123
        office = subprocess.Popen(
            [
                settings["soffice"],
                "-env:UserInstallation=" + settings["profile"],
                "--headless",
                "--invisible",
                "--nologo",
                "--nodefault",
                "--norestore",
                "--nolockcheck",
                "--accept=pipe,name=" + pipe + ";urp;StarOffice.ComponentContext",
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )

    def stop() -> None:
        if office.poll() is not None:
            return
        try:
            desktop = connected.get("desktop")
            if desktop is not None:
                desktop.terminate()
        except Exception:  # it may be gone already; it is killed below if not
            pass
        try:
            office.wait(_STOP_GRACE)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()

    connected: dict[str, Any] = {}
    orphaned = False
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        deadline = time.monotonic() + float(settings["start_timeout"])
        context = None
        while context is None:
            if office.poll() is not None:
                _say(
                    {
                        "fatal": f"LibreOffice stopped as it started (exit code {office.returncode})",
                        "said": _tail(log_path),
                    }
                )
                return 4
            if time.monotonic() > deadline:
                _say(
                    {
                        "fatal": "LibreOffice did not answer within "
                        f"{settings['start_timeout']:g} seconds of starting",
                        "said": _tail(log_path),
                    }
                )
                return 4
            try:
                context = resolver.resolve(
                    "uno:pipe,name=" + pipe + ";urp;StarOffice.ComponentContext"
                )
            except NoConnectException:
                time.sleep(0.05)
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )
        connected["desktop"] = desktop
        _say({"ready": True, "pid": office.pid})

        load = (
            prop("Hidden", True),
            prop("ReadOnly", True),
            # The Word importer only: LibreOffice would otherwise read a damaged file as plain
            # text and "convert" it without complaint.
            prop("FilterName", _IMPORT_FILTER),
            prop("UpdateDocMode", 0),  # NO_UPDATE: linked content is never fetched
            prop("MacroExecutionMode", 0),  # NEVER_EXECUTE
        )

        def export(pdfa: bool) -> Any:
            data = [prop("SelectPdfVersion", 2)] if pdfa else []
            return (
                prop("FilterName", _EXPORT_FILTER),
                prop("FilterData", uno.Any("[]com.sun.star.beans.PropertyValue", tuple(data))),
            )

        goodbye = False
        for line in sys.stdin:
            request = json.loads(line)
            if request.get("quit"):
                goodbye = True
                break
            store = export(bool(request.get("pdfa")))
            results: list[str | None] = []
            for source, target in request["jobs"]:
                document = None
                try:
                    document = desktop.loadComponentFromURL(
                        uno.systemPathToFileUrl(source), "_blank", 0, load
                    )
                    if document is None:
                        results.append("LibreOffice could not open the document")
                        continue
                    uno.invoke(document, "storeToURL", (uno.systemPathToFileUrl(target), store))
                    results.append(None)
                except DisposedException as error:
                    _say({"fatal": f"LibreOffice went away ({error})", "said": _tail(log_path)})
                    return 5
                except Exception as error:
                    if office.poll() is not None:
                        _say(
                            {
                                "fatal": f"LibreOffice stopped (exit code {office.returncode})",
                                "said": _tail(log_path),
                            }
                        )
                        return 5
                    said = getattr(error, "Message", "") or str(error) or type(error).__name__
                    results.append(str(said).strip())
                finally:
                    if document is not None:
                        # Closing a document LibreOffice already dropped fails; nothing to do.
                        with contextlib.suppress(Exception):
                            document.close(True)
            _say({"results": results})
        # Input ended without a goodbye: the parent is gone, and nobody else will tidy up.
        orphaned = not goodbye
        return 0
    except BrokenPipeError:  # the parent went away mid-reply
        orphaned = True
        return 0
    finally:
        stop()
        if orphaned:
            shutil.rmtree(settings["root"], ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
