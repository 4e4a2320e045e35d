"""How fast ``permdocs tracker`` is, against loading and checking the same cases in a plain loop.

Run ``.venv/bin/python benchmarks/bench_tracker.py --cases 200``. It writes N synthetic cases
(derived from sample 01 as ``benchmarks/bench.py`` makes them: names, dates of birth, places
and a sentence of history varied) into a temporary folder and prints, from one run on this
machine:

- the baseline: a plain loop that loads, validates and checks each case in this process
  (``load_case``, its council profile, ``run_checks``), which is the least the tracker must do;
- the tracker's library call (``collect_cases``: finding the folders, reading and checking every
  case in worker processes, stages, deadlines, sorting) with one job per core, and with one job;
- writing its exports in memory: the table, CSV, JSON, the workbook and the calendar;

each as the median of ``--rounds`` runs, and the tracker's time as a ratio of the baseline's.
Nothing is asserted: timings depend on the machine and what else it is doing.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import AS_OF, SAMPLE, make_cases


def median_seconds(rounds: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def plain_loop(folders: Sequence[Path]) -> int:
    """Load, validate and check every case, one after another: the baseline."""
    from permdocs.api import case_profile, load_case
    from permdocs.checks import run_checks

    findings = 0
    for folder in folders:
        loaded = load_case(folder)
        findings += len(run_checks(loaded.case, case_profile(loaded), AS_OF))
    return findings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--cases", type=int, default=200, help="synthetic cases (default 200)")
    parser.add_argument("--jobs", type=int, default=None, help="tracker jobs (default: cores)")
    parser.add_argument("--rounds", type=int, default=3, help="repeats for medians (default 3)")
    args = parser.parse_args(argv)

    from permdocs.build.tracker import collect_cases
    from permdocs.build.tracker_export import (
        calendar_bytes,
        cases_csv,
        table_text,
        tracker_json,
        workbook_bytes,
    )
    from permdocs.load.discover import default_jobs

    cores = default_jobs()
    jobs = args.jobs or cores
    root_name = SAMPLE.parent.parent
    print(
        f"permdocs tracker benchmark: {args.cases} cases derived from"
        f" {SAMPLE.relative_to(root_name)}; {cores} cores; Python {platform.python_version()} on"
        f" {platform.system()}; load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="permdocs-bench-tracker-") as temp:
        root = Path(temp) / "cases"
        folders = make_cases(root, args.cases)
        plain_loop(folders[:2])  # warm: imports, bank holidays, the disk cache

        baseline = median_seconds(args.rounds, lambda: plain_loop(folders))
        tracked = median_seconds(args.rounds, lambda: collect_cases(root, as_of=AS_OF, jobs=jobs))
        alone = median_seconds(args.rounds, lambda: collect_cases(root, as_of=AS_OF, jobs=1))
        tracker = collect_cases(root, as_of=AS_OF, jobs=jobs)
        if len(tracker.cases) != args.cases:
            raise SystemExit(f"the tracker read {len(tracker.cases)} of {args.cases} cases")

        def exports() -> None:
            table_text(tracker)
            cases_csv(tracker)
            tracker_json(tracker)
            workbook_bytes(tracker)
            calendar_bytes(tracker)

        exports()  # warm: openpyxl and icalendar imported
        exported = median_seconds(args.rounds, exports)

    rows = [
        ("baseline: load, validate and check each case in a plain loop (1 process)", baseline),
        (f"tracker, {jobs} job{'s' if jobs != 1 else ''} (collect_cases)", tracked),
        ("tracker, 1 job", alone),
        ("exports of the tracker: table, CSV, JSON, workbook, calendar (in memory)", exported),
    ]
    width = max(len(name) for name, _ in rows)
    print()
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds:6.2f} s  ({seconds / args.cases * 1000:5.1f} ms/case)")
    print()
    print(f"tracker ({jobs} jobs) / baseline: {tracked / baseline:.2f}x")
    print(f"tracker (1 job) / baseline:      {alone / baseline:.2f}x")
    print(f"tracker ({jobs} jobs) + exports, {args.cases} cases: {tracked + exported:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
