"""The team tracker: every case under a folder, its stage, what is due next, what is late, and who
holds the blockers (``permdocs tracker ROOT``).

Each case folder (found as ``permdocs batch`` finds them) is loaded, validated and checked as
``permdocs check`` would, never rendered. Its deadlines are the timescale checks' own
(:func:`permdocs.checks.timescales.open_deadlines`), so the tracker and ``check`` can never
disagree about a date; its stage follows from the dates the case records (a date after the as-of
date is booked, not done):

- **PPM**: no Permanency Planning Meeting held yet;
- **matching**: the PPM held, no matching meeting yet (or the ADM did not agree the match);
- **panel**: the matching meeting held, the panel not yet sat;
- **decision**: the panel sat (or the case goes straight to the ADM), no decision yet, or the
  decision was deferred;
- **letters**: the match agreed, the arrangement not yet confirmed in writing (or the placement
  not permanent until a later date);
- **permanent**: agreed, confirmed and in force.

A case that cannot be read (invalid data, a missing profile, an unexpected error) is listed with
where the problem is, and never stops the others. Cases are read in worker processes when there
are enough of them to be worth it. The library never prints: :mod:`permdocs.tracker_export`
turns a :class:`Tracker` into a table, CSV, JSON, a workbook or a calendar.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeAlias

from ..errors import CaseDataError, CaseFolderError, PermdocsError, ProfileError, relative_name
from ..model.case import REFERENCE_PATTERN
from ..model.fields import OWNERS, Owner
from ..policy.calendar import working_days_between

if TYPE_CHECKING:
    from ..checks.findings import Finding
    from ..checks.timescales import Deadline
    from ..load.folder import CaseFolder
    from ..model import Case
    from ..policy.conditions import Context, LinkedSibling
    from ..policy.profiles import Profile

Stage = Literal["PPM", "matching", "panel", "decision", "letters", "permanent"]
STAGES: tuple[Stage, ...] = ("PPM", "matching", "panel", "decision", "letters", "permanent")

# Below this many cases per worker, starting worker processes costs more than it saves.
_CASES_PER_WORKER = 8
_WORKER_DIED = (
    "the process reading this case stopped unexpectedly (it may have run out of memory);"
    " check it alone with `permdocs check` to see more"
)

# Where each owner's name is recorded, so a row can say who the "panel adviser" is.
_OWNER_PROFESSIONAL: dict[Owner, str] = {
    "child's social worker": "childs_social_worker",
    "fostering social worker": "supervising_social_worker",
    "panel adviser": "panel_adviser",
    "ADM": "adm",
}


@dataclass(frozen=True)
class TrackedDeadline:
    """One deadline not met yet: what is owed under which rule, by whom, by when.

    ``key`` (rule, and slot where a rule has several at once) names it for good: when the date it
    hangs on moves, the key stays, so a calendar event is updated rather than duplicated.
    """

    rule: str
    slot: str
    what: str
    field: str
    owner: Owner
    due: date
    booked: date | None
    """The date it is booked for, when it is booked but not yet done."""
    overdue: bool
    working_days: int
    """Working days left until it is due (0: due today), or for an overdue one the working days
    it is late, negated."""
    source: str

    @property
    def key(self) -> str:
        return f"{self.rule}:{self.slot}" if self.slot else self.rule

    @property
    def booked_late(self) -> bool:
        """Booked for a date after its deadline."""
        return self.booked is not None and self.booked > self.due


@dataclass(frozen=True)
class OwnerLoad:
    """One owner of a case and the blockers they hold (their name, where the case records it)."""

    owner: Owner
    name: str
    blockers: int


@dataclass(frozen=True)
class TrackedCase:
    """One readable case as the tracker shows it."""

    folder: Path
    reference: str
    route: str
    """The carers' route (existing-in-house, new-in-house, ifa, connected-person); empty until
    carers are recorded."""
    stage: Stage
    deadlines: tuple[TrackedDeadline, ...]
    """Every deadline not met yet, earliest first (overdue ones first)."""
    findings: tuple[Finding, ...]
    owners: tuple[OwnerLoad, ...]
    """Each owner holding at least one blocker, in the usual order of owners."""
    names: tuple[tuple[Owner, str], ...] = ()
    """Each owner's recorded name (for ``--owner`` and the exports), where there is one."""

    @property
    def overdue(self) -> tuple[TrackedDeadline, ...]:
        return tuple(d for d in self.deadlines if d.overdue)

    @property
    def next_deadline(self) -> TrackedDeadline | None:
        """The earliest deadline still to come (today included)."""
        return next((d for d in self.deadlines if not d.overdue), None)

    @property
    def blockers(self) -> int:
        return sum(1 for f in self.findings if f.severity == "blocker")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def name_of(self, owner: Owner) -> str:
        return dict(self.names).get(owner, "")


Why: TypeAlias = Literal["invalid", "unreadable", "failed"]


@dataclass(frozen=True)
class UnreadableCase:
    """A case folder the tracker could not read, and where to look.

    ``places`` hold locations and field paths only (``case.yaml:6:3: child.gendre``), never the
    values, so they are safe to export; ``detail`` is the whole message, for the terminal.
    """

    folder: Path
    why: Why
    summary: str
    places: tuple[str, ...]
    detail: str
    reference: str = ""
    """The case reference, when the file could be read far enough to find a valid one."""


Tracked: TypeAlias = TrackedCase | UnreadableCase


@dataclass(frozen=True)
class Tracker:
    """Every case under ``root`` that passed the filters, most urgent first, and every case that
    could not be read (always listed: what it holds is unknown)."""

    root: Path
    as_of: date
    cases: tuple[TrackedCase, ...]
    unreadable: tuple[UnreadableCase, ...]
    found: int
    """Case folders found under the root, before filtering."""
    jobs: int
    seconds: float
    owner: str | None = None
    stages: tuple[Stage, ...] = ()
    written: tuple[Path, ...] = field(default=())
    """Files written (the workbook, the calendar)."""

    @property
    def ok(self) -> bool:
        """Every case found could be read."""
        return not self.unreadable

    def label(self, folder: Path) -> str:
        """How a case folder is named to the user: relative to the root."""
        try:
            relative = folder.relative_to(self.root)
        except ValueError:
            return str(folder)
        return str(relative) if relative.parts else str(folder)


@dataclass(frozen=True)
class _Task:
    as_of: date
    profile: Profile | None


# --- reading every case ---------------------------------------------------------------------


def collect_cases(
    root: Path | str,
    *,
    as_of: date | None = None,
    profile: Profile | str | None = None,
    owner: str | None = None,
    stages: Sequence[str] = (),
    jobs: int | None = None,
) -> Tracker:
    """Read and check every case folder under ``root``, then filter and sort (see
    :func:`permdocs.api.track_cases`, which also writes the workbook and calendar)."""
    from ..load.discover import default_jobs, find_case_folders

    started = time.perf_counter()
    root = Path(root)
    if not root.is_dir():
        raise CaseFolderError(
            f"{root}: no such folder",
            hint="give the folder that holds the case folders, e.g. permdocs tracker cases/",
        )
    unknown = [stage for stage in stages if stage not in STAGES]
    if unknown:
        raise PermdocsError(
            f"unknown stage: {', '.join(unknown)}", hint="use one of: " + ", ".join(STAGES)
        )
    chosen = tuple(stage for stage in STAGES if stage in stages)
    if isinstance(profile, str):
        from ..load.profiles import load_profile

        profile = load_profile(profile)
    folders = find_case_folders(root)
    task = _Task(as_of=as_of or date.today(), profile=profile)
    workers = _workers(jobs, default_jobs(), len(folders))
    results = _read_all(folders, task, workers)
    readable = [r for r in results if isinstance(r, TrackedCase)]
    if owner is not None and owner.strip():
        readable = [view for case in readable if (view := owner_view(case, owner)) is not None]
    if chosen:
        readable = [case for case in readable if case.stage in chosen]
    return Tracker(
        root=root,
        as_of=task.as_of,
        cases=tuple(sorted(readable, key=urgency)),
        unreadable=tuple(r for r in results if isinstance(r, UnreadableCase)),
        found=len(folders),
        jobs=workers,
        seconds=time.perf_counter() - started,
        owner=owner.strip() if owner and owner.strip() else None,
        stages=chosen,
    )


def _workers(jobs: int | None, cores: int, cases: int) -> int:
    if jobs is not None:
        return max(1, min(jobs, cases))
    return max(1, min(cores, cases // _CASES_PER_WORKER))


def _read_all(folders: Sequence[Path], task: _Task, workers: int) -> list[Tracked]:
    """Each folder's result, in path order; read in ``workers`` processes when more than one."""
    _prepare(task.as_of)
    if workers == 1:
        return [track_one(folder, task) for folder in folders]
    done: dict[Path, Tracked] = {}
    # A worker that dies breaks the pool and takes every unfinished case with it: those are read
    # again in a new pool, and when a pool breaks before finishing any case, the first of them is
    # read alone, so that only a case that kills its own worker is marked failed and the loop
    # always ends.
    pending = list(folders)
    while pending:
        broken = _read_in_pool(pending, task, workers, done)
        if broken and len(broken) == len(pending):
            done[broken[0]] = _read_alone(broken[0], task)
            broken = broken[1:]
        pending = broken
    return [done[folder] for folder in folders]


def _prepare(as_of: date) -> None:
    """Import what reading a case needs and work out the bank holidays around ``as_of`` here,
    once: worker processes forked from this one start with them instead of each doing it."""
    from ..checks import runner, timescales  # noqa: F401
    from ..load import folder, validation  # noqa: F401
    from ..policy.calendar import bank_holidays

    for year in range(as_of.year - 2, as_of.year + 3):
        bank_holidays(year)


def _read_in_pool(
    folders: Sequence[Path], task: _Task, workers: int, done: dict[Path, Tracked]
) -> list[Path]:
    broken: list[Path] = []
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        futures: dict[Future[Tracked], Path] = {
            pool.submit(track_one, folder, task): folder for folder in folders
        }
        for future in as_completed(futures):
            folder = futures[future]
            try:
                done[folder] = future.result()
            except BrokenProcessPool:
                broken.append(folder)
            except Exception as error:  # a result that could not be sent back
                done[folder] = _failed(folder, f"unexpected {type(error).__name__}: {error}")
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return sorted(broken, key=lambda path: path.parts)


def _read_alone(folder: Path, task: _Task) -> Tracked:
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(track_one, folder, task).result()
        except BrokenProcessPool:
            return _failed(folder, _WORKER_DIED)
        except Exception as error:
            return _failed(folder, f"unexpected {type(error).__name__}: {error}")


def track_one(folder: Path, task: _Task) -> Tracked:
    """One case as the tracker shows it; every error becomes an :class:`UnreadableCase`."""
    from ..load.folder import load_case
    from ..load.siblings import linked_siblings

    try:
        loaded = load_case(folder)
        profile = task.profile or _case_profile(loaded)
        # Siblings matched together are judged with each other's cases, as check judges them.
        linked = linked_siblings(loaded)
        return tracked_case(loaded.case, profile, task.as_of, folder=folder, linked=linked)
    except PermdocsError as error:
        return unreadable(folder, error)
    except Exception as error:
        return _failed(folder, f"unexpected {type(error).__name__}: {error}".rstrip(": "))


_PROFILES: dict[tuple[str, ...], Profile] = {}


def _case_profile(loaded: CaseFolder) -> Profile:
    """The case's own profile, read once per process for each profile file (and its date)."""
    from ..load.folder import case_profile

    name = loaded.case.profile
    if Path(name).suffix in (".yaml", ".yml"):
        path = Path(name) if Path(name).is_absolute() else loaded.folder / name
        try:
            stamp = str(path.resolve().stat().st_mtime_ns)
        except OSError:
            return case_profile(loaded)  # reports the missing file as the check would
        key: tuple[str, ...] = ("file", str(path.resolve()), stamp)
    else:
        key = ("bundled", name)
    if key not in _PROFILES:
        _PROFILES[key] = case_profile(loaded)
    return _PROFILES[key]


def tracked_case(
    case: Case,
    profile: Profile,
    as_of: date,
    *,
    folder: Path,
    linked: tuple[LinkedSibling, ...] = (),
) -> TrackedCase:
    """A case's row: its stage, its deadlines not met yet, its findings and who holds blockers.
    ``linked`` are the cases of siblings matched with the same carers (``load.siblings``)."""
    from ..checks import run_checks
    from ..checks.timescales import open_deadlines
    from ..load.records import read_record
    from ..policy.conditions import Context
    from ..policy.rules import get_rule

    # Sent papers count: the letters' sending dates judge the notification timescales.
    record = read_record(folder)
    context = Context(
        case=case, profile=profile, as_of=as_of, sent=record.sent_dates(), linked=linked
    )
    findings = tuple(run_checks(case, profile, as_of, record, linked=linked))
    deadlines = tuple(
        _tracked(deadline, as_of, get_rule(deadline.rule).source)
        for deadline in open_deadlines(context)
    )
    names = tuple(
        (owner, person.name)
        for owner, attribute in _OWNER_PROFESSIONAL.items()
        if (person := getattr(case.professionals, attribute)) is not None
    )
    return TrackedCase(
        folder=folder,
        reference=case.reference,
        route=case.carers.route if case.carers is not None else "",
        stage=stage_of(context),
        deadlines=deadlines,
        findings=findings,
        owners=_owner_loads(findings, dict(names)),
        names=names,
    )


def _tracked(deadline: Deadline, as_of: date, source: str) -> TrackedDeadline:
    overdue = as_of > deadline.due
    days = (
        -working_days_between(deadline.due, as_of)
        if overdue
        else working_days_between(as_of, deadline.due)
    )
    return TrackedDeadline(
        rule=deadline.rule,
        slot=deadline.slot,
        what=deadline.what,
        field=deadline.field,
        owner=deadline.owner,
        due=deadline.due,
        booked=deadline.done,
        overdue=overdue,
        working_days=days,
        source=source,
    )


def _owner_loads(findings: Sequence[Finding], names: dict[Owner, str]) -> tuple[OwnerLoad, ...]:
    counts = dict.fromkeys(OWNERS, 0)
    for finding in findings:
        if finding.severity == "blocker":
            counts[finding.owner] += 1
    return tuple(
        OwnerLoad(owner, names.get(owner, ""), count) for owner, count in counts.items() if count
    )


def stage_of(context: Context) -> Stage:
    """Where the case is, from the furthest step its recorded dates show as done."""
    from ..policy.conditions import goes_to_panel

    case = context.case

    def held(day: date | None) -> bool:
        return day is not None and day <= context.as_of

    decision = case.decision
    if decision is not None and held(decision.date):
        if decision.outcome == "deferred":
            return "decision"
        if decision.outcome == "not-agreed":
            return "matching"  # the fostering service helps find another match
        confirmed = held(decision.arrangement_confirmed_on)
        in_force = decision.permanent_from is None or held(decision.permanent_from)
        return "permanent" if confirmed and in_force else "letters"
    if held(case.panel.date):
        return "decision"
    if held(case.matching_meeting.date):
        return "panel" if goes_to_panel(context) else "decision"
    if held(case.ppm.meeting_date):
        return "matching"
    return "PPM"


def unreadable(folder: Path, error: PermdocsError) -> UnreadableCase:
    """A case that could not be read, from the error: where, in words safe to export."""
    if isinstance(error, CaseDataError):
        places = tuple(
            ": ".join(part for part in (_relative(str(p.location), folder), p.field) if part)
            for p in error.problems
        )
        return UnreadableCase(
            folder=folder,
            why="invalid",
            summary=f"{error.message}; run permdocs check on the folder to see each problem",
            places=places,
            detail=str(error),
            reference=_reference_in(folder),
        )
    if isinstance(error, ProfileError):
        summary = "its council profile cannot be used"
    elif isinstance(error, CaseFolderError):
        summary = "the case folder cannot be read"
    else:
        summary = "the case cannot be read"
    return UnreadableCase(
        folder=folder,
        why="unreadable",
        summary=f"{summary}; run permdocs check on the folder to see why",
        places=(),
        detail=str(error),
        reference=_reference_in(folder),
    )


def _failed(folder: Path, message: str) -> UnreadableCase:
    if message == _WORKER_DIED:  # not necessarily a bug: the machine may have run out of memory
        return UnreadableCase(
            folder=folder, why="failed", summary=message, places=(), detail=message
        )
    return UnreadableCase(
        folder=folder,
        why="failed",
        summary="something unexpected went wrong reading it (a bug in permdocs; please report it)",
        places=(),
        detail=f"{message}\n  What to do: this is a bug in permdocs; please report it (check the"
        " case alone with `permdocs check` to see it again)",
    )


def _relative(location: str, folder: Path) -> str:
    """A location inside the case folder, named from the folder (the row names the folder)."""
    for prefix in (f"{folder}{os.sep}", f"{relative_name(folder)}{os.sep}"):
        if location.startswith(prefix):
            return location[len(prefix) :]
    return location


def _reference_in(folder: Path) -> str:
    """The case's reference when the file reads far enough to hold a valid one, else ''."""
    from ..load.files import load_case_file

    try:
        reference = load_case_file(folder).data.get("reference")
    except Exception:  # the file itself cannot be read: no reference to give
        return ""
    if isinstance(reference, str) and REFERENCE_PATTERN.fullmatch(reference):
        return reference
    return ""


# --- filtering and order --------------------------------------------------------------------


def _plain(text: str) -> str:
    return " ".join(text.replace("'", "").replace("\u2019", "").casefold().split())


def owner_matches(query: str, owner: Owner, name: str) -> bool:
    """Whether ``query`` names this owner: part of the role ("panel adviser", "childs social
    worker") or of the person's recorded name, ignoring case and apostrophes."""
    wanted = _plain(query)
    return bool(wanted) and (wanted in _plain(owner) or bool(name and wanted in _plain(name)))


def owner_view(case: TrackedCase, query: str) -> TrackedCase | None:
    """The case as ``query``'s owner sees it: only their deadlines, findings and blockers; None
    when they hold no open deadline, blocker or warning in it."""
    names = dict(case.names)

    def theirs(owner: Owner) -> bool:
        return owner_matches(query, owner, names.get(owner, ""))

    deadlines = tuple(d for d in case.deadlines if theirs(d.owner))
    findings = tuple(f for f in case.findings if theirs(f.owner))
    if not deadlines and not any(f.severity in ("blocker", "warning") for f in findings):
        return None
    return replace(
        case,
        deadlines=deadlines,
        findings=findings,
        owners=tuple(load for load in case.owners if theirs(load.owner)),
    )


def urgency(case: TrackedCase) -> tuple[int, date, int, str]:
    """Most urgent first: the earliest deadline not met (so the longest overdue leads), then
    more blockers, then the reference; cases with no deadline open come last."""
    first = case.deadlines[0].due if case.deadlines else None
    return (0 if first else 1, first or date.max, -case.blockers, case.reference)
