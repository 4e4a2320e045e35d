"""Building every case under a folder at once: ``permdocs batch ROOT``.

Each case is built exactly as ``permdocs build`` builds it (:func:`permdocs.build.build_case`:
rendered and verified in memory, then written all-or-nothing into the case's ``out/``), in
parallel worker processes. A worker prepares each template the first time one of its cases uses
it and keeps it, so each template is read and compiled at most once per worker, not once per
case.

One case never stops the others:

- **built**: its documents and ``manifest.json`` were written (permdocs' own earlier outputs,
  unchanged since, are replaced without ``force``);
- **up to date**: every document it would write is already there, byte for byte: nothing written;
- **blocked**: permdocs refused it for a reason the user can act on (a :class:`PermdocsError`:
  invalid case data, a value a final document needs, outputs already there without ``force``, a
  broken council template); nothing was written for it;
- **failed**: something unexpected went wrong (a bug, or the worker process died); reported with
  its message, not a traceback; nothing was written for it either, since writing is the last step.

The library never prints: progress is reported through ``on_result`` and :func:`summary_table`
returns the closing table as text for the CLI to show.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import CaseFolderError, PermdocsError, RenderError, TemplateError
from ..load.discover import default_jobs, find_case_folders
from ..load.profiles import load_profile
from ..policy.documents import KINDS
from ..write.safe_cells import csv_text
from .options import BuildOptions
from .reports import build_case

Status = Literal["built", "up to date", "blocked", "failed"]
STATUSES: tuple[Status, ...] = ("built", "up to date", "blocked", "failed")

_DONE: tuple[Status, ...] = ("built", "up to date")
_WHY_WIDTH = 100
_WORKER_DIED = (
    "the process building this case stopped unexpectedly (it may have run out of memory); "
    "build it alone with `permdocs build` to see more"
)


@dataclass(frozen=True)
class CaseOutcome:
    """What happened to one case folder."""

    folder: Path
    status: Status
    reference: str = ""
    """The case reference, when the case was built."""
    documents: int = 0
    why: str = ""
    """One line: why it was blocked or failed (empty when built)."""
    detail: str = ""
    """The whole message, with what to do (empty when built)."""
    seconds: float = 0.0
    notices: tuple[str, ...] = ()
    """What the build said that stopped nothing (e.g. no LibreOffice for the PDF pack)."""


@dataclass(frozen=True)
class BatchResult:
    root: Path
    outcomes: tuple[CaseOutcome, ...]
    """One per case folder found, in path order (not the order they finished in)."""
    jobs: int
    """Worker processes used (1: built in this process)."""
    seconds: float

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def documents(self) -> int:
        return sum(outcome.documents for outcome in self.outcomes)

    @property
    def ok(self) -> bool:
        """Every case found was built or up to date (and at least one was found)."""
        return bool(self.outcomes) and all(o.status in _DONE for o in self.outcomes)


def build_many(
    root: Path | str,
    options: BuildOptions | None = None,
    *,
    jobs: int | None = None,
    on_result: Callable[[CaseOutcome], None] | None = None,
) -> BatchResult:
    """Build every case folder under ``root``, each as ``build_case`` would, in parallel.

    A case folder is one holding case.yaml, case.yml or case.json; hidden folders, ``out/``
    folders and a case's ``attachments/`` are not searched. Each case is built in one of ``jobs``
    worker processes (default: the number of cores; 1 builds in this process), each of which
    prepares each template it uses once. ``options`` are as for ``build_case`` (``out`` is each
    case's own); ``as_of`` defaults to today, the same day for every case. With ``options.pack``
    each case's panel pack is made too, in its worker, which starts one LibreOffice
    (``pack.office``) and converts every case it packs through it.

    One case never stops the others: a case permdocs refuses (any PermdocsError: invalid data, a
    missing value, existing outputs without ``force``) is *blocked*, and an unexpected error, even
    a worker process dying, makes it *failed*; either way nothing is written for that case.
    ``on_result`` is called in this process with each case's outcome as it finishes (for a
    progress display). The result lists every case in path order; ``result.ok`` is true when
    every case was built. Raises only for options that would block every case (an unknown kind,
    a missing templates folder or profile) or a ``root`` that is not a folder.
    """
    options = options or BuildOptions()
    started = time.perf_counter()
    root = Path(root)
    if not root.is_dir():
        raise CaseFolderError(
            f"{root}: no such folder",
            hint="give the folder that holds the case folders, e.g. permdocs batch cases/",
        )
    _check_options(options)
    folders = find_case_folders(root)
    task = options.but(
        out=None,
        # One date for every case, even if the run goes past midnight.
        as_of=options.day(),
        command=options.command or ("permdocs", "batch", str(root)),
    )
    workers = max(1, min(jobs or default_jobs(), len(folders) or 1))

    outcomes: dict[Path, CaseOutcome] = {}

    def finished(outcome: CaseOutcome) -> None:
        outcomes[outcome.folder] = outcome
        if on_result is not None:
            on_result(outcome)

    if workers == 1:
        prepare_worker(task.pack and task.pdf)
        for folder in folders:
            finished(build_one(folder, task))
    else:
        # A worker that dies (out of memory, a crash in a C library) breaks the pool and takes
        # every case not yet finished with it. Those are built again in a new pool; when a pool
        # breaks before finishing any case, the first of them is built alone, so that only a
        # case that kills its own worker is marked failed, and the loop always ends.
        pending = list(folders)
        while pending:
            broken = _build_in_pool(pending, task, workers, finished)
            if len(broken) == len(pending):
                finished(_build_alone(broken[0], task))
                broken = broken[1:]
            pending = broken
    return BatchResult(
        root=root,
        outcomes=tuple(outcomes[folder] for folder in folders),
        jobs=workers,
        seconds=time.perf_counter() - started,
    )


def _check_options(options: BuildOptions) -> None:
    """Refuse options that would block every case, once, before starting any."""
    only, templates, profile = options.only, options.templates, options.profile
    if only:
        unknown = [name for name in only if name not in KINDS]
        if unknown:
            raise RenderError(
                f"unknown document kind: {', '.join(unknown)}",
                hint="use one of: " + ", ".join(KINDS),
            )
    if templates is not None and not Path(templates).is_dir():
        raise TemplateError(
            f"{templates}: no such templates folder",
            hint="give --templates a folder holding files named like ppm-referral.docx",
        )
    if isinstance(profile, str):
        load_profile(profile)


def _build_in_pool(
    folders: Sequence[Path],
    task: BuildOptions,
    workers: int,
    finished: Callable[[CaseOutcome], None],
) -> list[Path]:
    """Build ``folders`` in a pool of ``workers`` processes; return those whose worker died."""
    broken: list[Path] = []
    pool = ProcessPoolExecutor(
        max_workers=workers,
        initializer=prepare_worker,
        initargs=(task.pack and task.pdf,),
    )
    try:
        futures: dict[Future[CaseOutcome], Path] = {
            pool.submit(build_one, folder, task): folder for folder in folders
        }
        for future in as_completed(futures):
            folder = futures[future]
            try:
                outcome = future.result()
            except BrokenProcessPool:
                broken.append(folder)
                continue
            except Exception as error:  # e.g. a result that could not be sent back
                outcome = _failed(folder, error, 0.0)
            finished(outcome)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return sorted(broken, key=lambda path: path.parts)


def _build_alone(folder: Path, task: BuildOptions) -> CaseOutcome:
    with ProcessPoolExecutor(
        max_workers=1,
        initializer=prepare_worker,
        initargs=(task.pack and task.pdf,),
    ) as pool:
        try:
            return pool.submit(build_one, folder, task).result()
        except BrokenProcessPool:
            return CaseOutcome(
                folder=folder, status="failed", why=_WORKER_DIED, detail=_WORKER_DIED
            )
        except Exception as error:
            return _failed(folder, error, 0.0)


def prepare_worker(pdf: bool = False) -> None:
    """Pool initializer: with ``pdf`` (``batch --pack``), start the worker's own LibreOffice in
    the background, while its first case renders; every case it packs then converts through it.

    Templates are not prepared here: each is read, checked (a council's) and compiled the first
    time a case in this worker uses it, and kept for every later case (``render.engine`` keeps
    them by hash), so a worker compiles only the templates its cases need.
    """
    if pdf:
        _start_office()


def _start_office() -> None:
    from ..pack.convert import find_soffice
    from ..pack.office import warm_shared

    soffice = find_soffice()
    if soffice is not None:
        warm_shared(soffice)


def build_one(folder: Path, task: BuildOptions) -> CaseOutcome:
    """Build one case, turning every error into an outcome (never raises, bar KeyboardInterrupt)."""
    started = time.perf_counter()
    try:
        result = build_case(folder, task)
    except PermdocsError as error:
        return CaseOutcome(
            folder=folder,
            status="blocked",
            why=_one_line(str(error), folder),
            detail=str(error),
            seconds=time.perf_counter() - started,
        )
    except Exception as error:
        return _failed(folder, error, time.perf_counter() - started)
    return CaseOutcome(
        folder=folder,
        status="up to date" if result.up_to_date else "built",
        reference=result.reference,
        documents=len(result.documents),
        seconds=time.perf_counter() - started,
        notices=result.notices,
    )


def _failed(folder: Path, error: BaseException, seconds: float) -> CaseOutcome:
    message = f"unexpected {type(error).__name__}: {error}".rstrip(": ")
    return CaseOutcome(
        folder=folder,
        status="failed",
        why=_one_line(message),
        detail=f"{message}\n  What to do: this is a bug in permdocs; please report it "
        "(build the case alone with `permdocs build` to see it again)",
        seconds=seconds,
    )


def _one_line(text: str, folder: Path | None = None) -> str:
    """The gist of a message in one line: its first line, and the first item when that line
    only introduces a list ("3 problems in the case data:"). Paths inside the case folder are
    shown relative to it, since the table already names the folder."""
    if folder is not None:
        text = text.replace(f"{folder}{os.sep}", "")
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    if lines[0].endswith(":") and len(lines) > 1:
        return f"{lines[0]} {lines[1]}"
    return lines[0]


def case_label(result: BatchResult, outcome: CaseOutcome) -> str:
    """How the table names a case: its folder relative to the root."""
    try:
        relative = outcome.folder.relative_to(result.root)
    except ValueError:
        return str(outcome.folder)
    return str(relative) if relative.parts else str(outcome.folder)


def totals_line(result: BatchResult) -> str:
    found = len(result.outcomes)
    counts = ", ".join(f"{result.count(status)} {status}" for status in STATUSES)
    documents = result.documents
    return (
        f"{found} case{'s' if found != 1 else ''}: {counts}; "
        f"{documents} document{'s' if documents != 1 else ''} in {result.seconds:.1f} s "
        f"({result.jobs} job{'s' if result.jobs != 1 else ''})"
    )


def summary_table(result: BatchResult, *, why_width: int = _WHY_WIDTH) -> str:
    """The closing table: one row per case (case, status, documents, why), then the totals."""
    rows = [("CASE", "STATUS", "DOCS", "WHY")]
    for outcome in result.outcomes:
        why = outcome.why
        if len(why) > why_width:
            # Cut between words, never inside one (the whole reason is on stderr).
            why = why[: why_width - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + " …"
        rows.append((case_label(result, outcome), outcome.status, str(outcome.documents), why))
    width = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = [
        f"{case:<{width[0]}}  {status:<{width[1]}}  {docs:>{width[2]}}  {why}".rstrip()
        for case, status, docs, why in rows
    ]
    lines.append(totals_line(result))
    return "\n".join(lines) + "\n"


SUMMARY_COLUMNS = ("Case", "Reference", "Status", "Documents", "Why")


def summary_dict(result: BatchResult) -> dict[str, Any]:
    """The closing table as plain data, for ``--format json``: one entry per case, then totals.

    "why" is the one-line reason a case was blocked or failed; like the table it can quote the
    case (a blocker's message may name the child), so share it as you would the table.
    """
    return {
        "root": str(result.root),
        "cases": [
            {
                "case": case_label(result, outcome),
                "reference": outcome.reference or None,
                "status": outcome.status,
                "documents": outcome.documents,
                "why": outcome.why,
            }
            for outcome in result.outcomes
        ],
        "totals": {
            **{status: result.count(status) for status in STATUSES},
            "documents": result.documents,
            "seconds": round(result.seconds, 1),
            "jobs": result.jobs,
        },
    }


def summary_csv(result: BatchResult) -> str:
    """The closing table as CSV (no totals row), every text cell safe from formula injection."""
    rows = [
        [case_label(result, o), o.reference or None, o.status, o.documents, o.why]
        for o in result.outcomes
    ]
    return csv_text(SUMMARY_COLUMNS, rows)
