"""How fast permdocs is, measured so that it cannot flatter: ``make bench``.

Every figure is a comparison made in this one run, on this machine, against a baseline measured
the same way at the same time:

- **paired and interleaved**: each round runs every side of a comparison once, in an order that
  alternates (A B, then B A ...), so that a machine getting busier or quieter weighs on both
  sides alike; at least five rounds (``--rounds``), and both the fastest (min) and the typical
  (median) run are reported; ratios are of medians;
- **the same number of processes on both sides**, said in the table: ``permdocs batch`` with
  N worker processes against plain docxtpl in N worker processes; one process against one
  process everywhere else;
- **each kind of report on its own** against the floor of merely unzipping and re-zipping the
  same file, never an average over kinds;
- **batch at 25 and at 200 cases**, and **full sets**: every case's documents *and* both panel
  packs (Word and PDF), against the floor those packs cannot beat (the documents alone, plus
  LibreOffice's own time for each page it must lay out, measured per document);
- **PDF per document**, cold (nothing running) and warm, each document timed on its own, never an
  average over a call that converts several;
- **start-up** of ``permdocs check`` and ``permdocs build`` against the Python interpreter's own.

The machine's cores, its load average before and after, and the date go with the table into
``benchmarks/results.md`` (``--out``); ``--readme`` also puts the table into README.md's
Performance section, which holds that table and nothing else. Nothing here runs in the test
suite (a smoke test runs it with tiny numbers): timings depend on the machine.

The cases are synthetic, derived from sample 01 (names, dates of birth, places and a sentence
of history varied, so no two contexts are the same), in a temporary folder.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import pickle
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "01-existing-carer-agreed"
AS_OF = date(2026, 11, 23)
README = ROOT / "README.md"
RESULTS = Path(__file__).resolve().parent / "results.md"
TABLE_START = "<!-- bench:table -->"
TABLE_END = "<!-- /bench:table -->"

FIRST_NAMES = (
    "Maisie", "Ava", "Leo", "Isla", "Noah", "Freya", "Oscar", "Amara", "Theo", "Zara",
    "Kian", "Esme", "Rory", "Nia", "Jude", "Poppy", "Ezra", "Lila", "Arlo", "Ivy",
)  # fmt: skip
SURNAMES = (
    "Thornbury", "Ashdown", "Kellaway", "Marchetti", "Okonkwo", "Pennington", "Quarles",
    "Rosewarne", "Stanwick", "Tregothnan", "Underhill", "Varley", "Whitcombe", "Yardley",
)  # fmt: skip
PLACES = ("Westmoor Green", "Eastbrook Vale", "Hollin Cross", "Northgate Fields", "Sedge End")
SENTENCES = (
    "She enjoys swimming on Saturdays.",
    "Contact with her grandmother is going well & is valued by everyone.",
    'Her teacher says she is "a joy to teach".',
    "She has started piano lessons <with> a new teacher.",
    "",
)
REPORTS = (
    "ppm-referral",
    "matching-report-part2",
    "matching-report-part3",
    "panel-front-sheet",
    "panel-checklist",
)


# --- synthetic cases -----------------------------------------------------------------------------


def make_cases(root: Path, count: int) -> list[Path]:
    """``count`` cases derived from sample 01: names, date of birth, places and a sentence of
    history vary, so that no two contexts are the same."""
    text = (SAMPLE / "case.yaml").read_text(encoding="utf-8")
    dob = date(2017, 3, 9)
    folders = []
    for index in range(count):
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        surname = SURNAMES[(index // len(FIRST_NAMES)) % len(SURNAMES)]
        sentence = SENTENCES[index % len(SENTENCES)]
        case = (
            text.replace("PF-2026-0142", f"PF-BENCH-{index + 1:04d}")
            .replace("Maisie", first)
            .replace("Thornbury", surname)
            .replace("Westmoor Green", PLACES[index % len(PLACES)])
            .replace(
                f"date_of_birth: {dob.isoformat()}",
                f"date_of_birth: {(dob - timedelta(days=index % 300)).isoformat()}",
            )
            .replace(
                "    placement_moves: >-\n      None.",
                f"    placement_moves: >-\n      None. {sentence}".rstrip(),
            )
        )
        folder = root / f"case-{index + 1:04d}"
        folder.mkdir(parents=True)
        (folder / "case.yaml").write_text(case, encoding="utf-8")
        shutil.copytree(SAMPLE / "attachments", folder / "attachments")
        folders.append(folder)
    return folders


# --- paired, interleaved timing -----------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    runs: tuple[float, ...]

    @property
    def min(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def paired(rounds: int, sides: dict[str, Callable[[], float]]) -> dict[str, Stats]:
    """Run each side once per round, the order alternating from round to round (A B, B A ...);
    each side returns the seconds of one unit (one document, one run ...)."""
    times: dict[str, list[float]] = {name: [] for name in sides}
    order = list(sides)
    for number in range(rounds):
        for name in order if number % 2 == 0 else reversed(order):
            times[name].append(sides[name]())
    return {name: Stats(tuple(values)) for name, values in times.items()}


def timed(work: Callable[[], object], units: int = 1) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) / units


@dataclass(frozen=True)
class Row:
    measure: str
    processes: str
    value: Stats
    baseline: Stats | None = None
    baseline_name: str = ""
    target: str = ""
    met: bool | None = None
    ratio: float | None = None
    """value median / baseline median unless given."""
    ratio_text: str = ""

    def cells(self) -> list[str]:
        runs = len(self.value.runs)
        base = (
            f"{self.baseline_name}: {seconds(self.baseline.min)} / {seconds(self.baseline.median)}"
            if self.baseline is not None
            else self.baseline_name
        )
        ratio = self.ratio
        if ratio is None and self.baseline is not None:
            ratio = self.value.median / self.baseline.median
        ratio_text = self.ratio_text or (f"{ratio:.2f}x" if ratio is not None else "")
        met = "" if self.met is None else ("yes" if self.met else "**no**")
        return [
            self.measure,
            self.processes,
            str(runs),
            seconds(self.value.min),
            seconds(self.value.median),
            base,
            ratio_text,
            self.target,
            met,
        ]


def seconds(value: float) -> str:
    if value >= 10:
        return f"{value:.1f} s"
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 0.01:
        return f"{value * 1000:.0f} ms"
    return f"{value * 1000:.2f} ms"


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    loads: list[tuple[str, tuple[float, float, float]]] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        print(" | ".join(row.cells()), flush=True)

    def load(self, when: str) -> None:
        self.loads.append((when, os.getloadavg()))


# --- 1. reading a case -------------------------------------------------------------------------


def bench_reading(report: Report, rounds: int) -> None:
    from permdocs.load import reader

    text = (SAMPLE / "case.yaml").read_text(encoding="utf-8")
    fast = reader._FAST_LOADER
    if fast is None:
        report.notes.append("Reading: PyYAML has no libyaml here, so there is no C parser to time.")
        return
    reps = 10

    def read(loader: Any) -> float:
        reader._FAST_LOADER = loader
        try:
            return timed(lambda: [reader.parse_yaml(text, "case.yaml") for _ in range(reps)], reps)
        finally:
            reader._FAST_LOADER = fast

    read(fast)
    read(None)  # warm
    got = paired(rounds, {"c": lambda: read(fast), "pure": lambda: read(None)})
    speedup = got["pure"].median / got["c"].median
    report.add(
        Row(
            "Read sample 01's case.yaml (libyaml's C parser, same events)",
            "1 / 1",
            got["c"],
            got["pure"],
            "pure-Python parser",
            ratio=speedup,
            ratio_text=f"{speedup:.1f}x faster",
        )
    )


# --- 2. rendering, kind by kind, against the zip floor ------------------------------------------


@dataclass(frozen=True)
class Render:
    """One document as the build renders it: the prepared template, the bundled file it came
    from, and the context."""

    template: Any
    path: Path
    context: dict[str, Any]
    document: str
    draft: bool
    needs_marking: bool = True


def recorded_renders(folders: Sequence[Path], out: Path) -> list[Render]:
    """Build ``folders`` (into ``out``) and record every document the build renders, so that the
    comparisons use exactly the build's templates and contexts, reports and letters."""
    import hashlib

    from permdocs.build.options import BuildOptions
    from permdocs.build.reports import build_case
    from permdocs.render import engine as render
    from permdocs.resources import bundled_templates_dir

    paths = {
        hashlib.sha256(path.read_bytes()).hexdigest(): path
        for path in bundled_templates_dir().glob("*.docx")
    }
    real = render.render_document
    recorded: list[Render] = []

    def recording(
        template: Any, context: Any, *, document: str, draft: bool, needs_marking: bool = True
    ) -> bytes:
        recorded.append(
            Render(template, paths[template.sha256], dict(context), document, draft, needs_marking)
        )
        return real(template, context, document=document, draft=draft, needs_marking=needs_marking)

    patched = [
        module
        for name, module in list(sys.modules.items())
        if name.startswith("permdocs") and getattr(module, "render_document", None) is real
    ]
    for module in patched:
        module.render_document = recording  # type: ignore[attr-defined]
    try:
        for folder in folders:
            build_case(folder, BuildOptions(out=out / folder.name, as_of=AS_OF))
    finally:
        for module in patched:
            module.render_document = real  # type: ignore[attr-defined]
    return recorded


def _zip_floor(outputs: Sequence[bytes]) -> None:
    """Unzip every part of each document and zip them again, in memory: the least any tool that
    reads and writes a .docx must do."""
    for data in outputs:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [(info, archive.read(info)) for info in archive.infolist()]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for info, content in parts:
                archive.writestr(info.filename, content)


def bench_render(report: Report, recorded: Sequence[Render], rounds: int) -> None:
    from permdocs.render.engine import render_document

    kinds: dict[str, list[Render]] = {}
    for render in recorded:
        kinds.setdefault(render.path.stem, []).append(render)
    for kind, documents in kinds.items():

        def render_all(chosen: Sequence[Render] = documents) -> list[bytes]:
            return [
                render_document(
                    d.template,
                    d.context,
                    document=d.document,
                    draft=d.draft,
                    needs_marking=d.needs_marking,
                )
                for d in chosen
            ]

        outputs = render_all()  # warm: templates prepared, code paths loaded
        count = len(documents)
        got = paired(
            rounds,
            {
                "render": lambda r=render_all, n=count: timed(r, n),
                "floor": lambda o=outputs, n=count: timed(lambda: _zip_floor(o), n),
            },
        )
        is_report = kind in REPORTS
        ratio = got["render"].median / got["floor"].median
        report.add(
            Row(
                f"Render and verify one {kind} ({count} per run)",
                "1 / 1",
                got["render"],
                got["floor"],
                "unzip + re-zip it",
                target="<= 2x" if is_report else "",
                met=(ratio <= 2) if is_report else None,
            )
        )


# --- 3. batch against plain docxtpl, with as many processes each --------------------------------


def _docxtpl_share(pickled: str) -> int:
    """A worker of the plain-docxtpl side: the naive way, one template read per document."""
    from docxtpl import DocxTemplate

    items = pickle.loads(Path(pickled).read_bytes())
    for path, context in items:
        template = DocxTemplate(path)
        template.render(context)
        template.save(io.BytesIO())
    return len(items)


def _docxtpl_run(shares: Sequence[Path]) -> None:
    with ProcessPoolExecutor(max_workers=len(shares)) as pool:
        list(pool.map(_docxtpl_share, [str(share) for share in shares]))


def _shares(recorded: Sequence[Render], jobs: int, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    items = [(str(render.path), render.context) for render in recorded]
    shares = []
    for number in range(jobs):
        path = folder / f"share-{number}.pickle"
        path.write_bytes(pickle.dumps(items[number::jobs]))
        shares.append(path)
    return shares


def _batch(root: Path, jobs: int, **options: Any) -> Any:
    from permdocs.build.batch import build_many
    from permdocs.build.options import BuildOptions

    result = build_many(root, BuildOptions(as_of=AS_OF, force=True, **options), jobs=jobs)
    if not result.ok:
        bad = [o for o in result.outcomes if o.status != "built"]
        raise SystemExit(f"the batch did not build every case: {bad[0].folder}: {bad[0].detail}")
    return result


def bench_batch(
    report: Report, root: Path, recorded: Sequence[Render], jobs: int, rounds: int, temp: Path
) -> Stats:
    """Batch of the cases under ``root`` against docxtpl rendering the same documents from the
    same contexts; returns the batch's runs."""
    cases = len(list(root.iterdir()))
    shares = _shares(recorded, jobs, temp / f"shares-{cases}")
    documents = len(recorded)
    got = paired(
        rounds,
        {
            "batch": lambda: timed(lambda: _batch(root, jobs)),
            "docxtpl": lambda: timed(lambda: _docxtpl_run(shares)),
        },
    )
    speedup = got["docxtpl"].median / got["batch"].median
    report.add(
        Row(
            f"`permdocs batch`, {cases} cases, {documents} documents (load, check, render, "
            "verify, write, audit)",
            f"{jobs} / {jobs}",
            got["batch"],
            got["docxtpl"],
            "docxtpl renders the same documents from ready contexts",
            ratio=speedup,
            ratio_text=f"{speedup:.1f}x faster",
        )
    )
    return got["batch"]


# --- 4. full sets: documents and both packs ---------------------------------------------------------


def _pack_calls(folder: Path, out: Path) -> list[dict[str, bytes]]:
    """Every conversion call the pack of ``folder`` makes, with the Word documents it hands
    LibreOffice, in order."""
    from permdocs.build.options import BuildOptions
    from permdocs.build.pack import build_pack
    from permdocs.pack import office
    from permdocs.pack.convert import PdfConverter

    calls: list[dict[str, bytes]] = []
    real = PdfConverter.convert_bytes

    def recording(self: Any, documents: Any, *, pdfa: bool = False) -> dict[str, bytes]:
        calls.append(dict(documents))
        return real(self, documents, pdfa=pdfa)

    PdfConverter.convert_bytes = recording  # type: ignore[method-assign]
    try:
        build_pack(folder, BuildOptions(as_of=AS_OF, out=out, force=True))
    finally:
        PdfConverter.convert_bytes = real  # type: ignore[method-assign]
        office.close_shared()  # the workers start their own
    return calls


def _convert_share(job: tuple[str, int]) -> int:
    """A worker of the LibreOffice-only run: one long-lived LibreOffice, as a batch worker has,
    making every conversion call of ``cases`` packs."""
    from permdocs.pack.convert import PdfConverter

    pickled, cases = job
    calls = pickle.loads(Path(pickled).read_bytes())
    with PdfConverter(persistent=True) as converter:
        for _ in range(cases):
            for call in calls:
                converter.convert_bytes(call)
    return cases


def _libreoffice_run(pickled: Path, cases: int, jobs: int) -> None:
    shares = [cases // jobs + (1 if number < cases % jobs else 0) for number in range(jobs)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(_convert_share, [(str(pickled), share) for share in shares]))


def bench_full_sets(
    report: Report, root: Path, small: Path, jobs: int, rounds: int, temp: Path
) -> None:
    from permdocs.pack import office

    cases = len(list(root.iterdir()))
    calls = _pack_calls(next(iter(sorted(root.iterdir()))), temp / "pack-probe")
    if office.persistent_problem():
        report.notes.append(f"No long-lived LibreOffice here: {office.persistent_problem()}")
    pickled = temp / "pack-calls.pickle"
    pickled.write_bytes(pickle.dumps(calls))
    converted = sum(len(call) for call in calls)
    # The floor, measured in the same rounds: the documents alone (what `batch` does without
    # --pack), plus LibreOffice alone making exactly the conversions every case's packs need,
    # with as many processes, each with one long-lived LibreOffice, and nothing else.
    got = paired(
        rounds,
        {
            "packs": lambda: timed(lambda: _batch(root, jobs, pack=True)),
            "documents": lambda: timed(lambda: _batch(root, jobs)),
            "libreoffice": lambda: timed(lambda: _libreoffice_run(pickled, cases, jobs)),
        },
    )
    floor = Stats(
        tuple(d + lo for d, lo in zip(got["documents"].runs, got["libreoffice"].runs, strict=True))
    )
    ratio = got["packs"].median / floor.median
    limit = 60 * cases / 200
    report.add(
        Row(
            f"Full sets: `permdocs batch --pack`, {cases} cases, documents and both packs",
            f"{jobs} workers, each with its LibreOffice",
            got["packs"],
            floor,
            f"floor: the documents alone + LibreOffice alone making the packs' {converted} "
            f"conversions a case ({jobs} processes each)",
            target=f"< {seconds(limit)}, or <= 1.5x the floor",
            met=got["packs"].median < limit or ratio <= 1.5,
            ratio=ratio,
            ratio_text=f"{ratio:.2f}x the floor",
        )
    )
    report.notes.append(
        f"Full sets, {cases} cases, in the same rounds: the documents alone (`batch` without "
        f"--pack) took {seconds(got['documents'].min)} / {seconds(got['documents'].median)} "
        f"(min / median); LibreOffice alone, making the {len(calls)} conversion calls a case's "
        f"packs make ({converted} Word documents: the four reports, a first and a final index "
        f"for each pack, the page stamps) for every case, {seconds(got['libreoffice'].min)} / "
        f"{seconds(got['libreoffice'].median)}. The floor of a run is the sum of the two in the "
        "same round."
    )

    # The old way, on the smaller set: a LibreOffice started for each conversion call.
    small_cases = len(list(small.iterdir()))
    missing_uno = str(temp / "no-such-python")

    def one_per_call() -> float:
        with _environment(PERMDOCS_UNO_PYTHON=missing_uno):
            return timed(lambda: _batch(small, jobs, pack=True))

    old = paired(
        rounds,
        {"kept": lambda: timed(lambda: _batch(small, jobs, pack=True)), "per call": one_per_call},
    )
    speedup = old["per call"].median / old["kept"].median
    report.add(
        Row(
            f"Full sets, {small_cases} cases: one LibreOffice kept per worker",
            f"{jobs} / {jobs}",
            old["kept"],
            old["per call"],
            "LibreOffice started for each conversion call (twice a case)",
            ratio=speedup,
            ratio_text=f"{speedup:.1f}x faster",
        )
    )


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# --- 5. PDF per document, cold and warm -----------------------------------------------------------


def bench_pdf(report: Report, reports: dict[str, bytes], rounds: int) -> None:
    from permdocs.pack import office
    from permdocs.pack.convert import PdfConverter, find_soffice

    soffice = find_soffice()
    if soffice is None:
        report.notes.append("PDF: skipped, LibreOffice (soffice) not found.")
        return
    office.shared_office(soffice)
    with PdfConverter(persistent=True) as warm, PdfConverter() as per_call:
        for kind, data in reports.items():
            name = f"{kind}.docx"
            warm.convert_bytes({name: data})
            per_call.convert_bytes({name: data})  # its profile made: the next calls are warm
            got = paired(
                rounds,
                {
                    "kept": lambda n=name, d=data: timed(lambda: warm.convert_bytes({n: d})),
                    "per call": lambda n=name, d=data: timed(
                        lambda: per_call.convert_bytes({n: d})
                    ),
                },
            )
            report.add(
                Row(
                    f"PDF of one {kind}, warm (one document per call)",
                    "1 LibreOffice / 1",
                    got["kept"],
                    got["per call"],
                    "LibreOffice started for the call, profile warm",
                    target="<= 200 ms",
                    met=got["kept"].median <= 0.2,
                )
            )
    office.close_shared()

    # Cold: nothing running, a new profile, one report.
    kind = "ppm-referral"
    data = reports[kind]

    def cold_kept() -> float:
        own = office.Office(soffice)
        try:
            with PdfConverter() as converter:
                converter._office = own
                return timed(lambda: converter.convert_bytes({f"{kind}.docx": data}))
        finally:
            own.close()

    def cold_per_call() -> float:
        with PdfConverter() as converter:
            return timed(lambda: converter.convert_bytes({f"{kind}.docx": data}))

    got = paired(rounds, {"kept": cold_kept, "per call": cold_per_call})
    report.add(
        Row(
            f"PDF of one {kind}, cold (LibreOffice started, new profile)",
            "1 / 1",
            got["kept"],
            got["per call"],
            "`soffice --convert-to`, new profile",
        )
    )


# --- 6. start-up ---------------------------------------------------------------------------------


def bench_startup(report: Report, folder: Path, rounds: int, temp: Path) -> None:
    script = Path(sys.executable).with_name("permdocs")
    program = [str(script)] if script.is_file() else [sys.executable, "-m", "permdocs"]
    out = temp / "startup-out"
    commands = {
        "python": [sys.executable, "-c", "pass"],
        "check": [*program, "check", "--as-of", AS_OF.isoformat(), str(folder)],
        "build": [
            *program,
            "build",
            "--no-pack",
            "--force",
            "--as-of",
            AS_OF.isoformat(),
            "--out",
            str(out),
            str(folder),
        ],
    }

    def run(command: list[str]) -> float:
        return timed(lambda: subprocess.run(command, capture_output=True, check=False))

    for command in commands.values():
        run(command)  # the disk cache warm, as on any second run
    got = paired(rounds, {name: lambda c=command: run(c) for name, command in commands.items()})
    python = got["python"].median
    for name, measure, limit in (
        ("check", "`permdocs check`, one case, start-up included", 0.5),
        ("build", "`permdocs build --no-pack`, one case (10 documents), start-up included", 1.0),
    ):
        report.add(
            Row(
                measure,
                "1 / 1",
                got[name],
                got["python"],
                "`python -c pass`",
                target=f"< {limit:g} s",
                met=got[name].median < limit,
                ratio_text=f"+{seconds(got[name].median - python)} over Python's own",
            )
        )


# --- the report ----------------------------------------------------------------------------------


HEADER = [
    "Measure",
    "Processes (each side)",
    "Runs",
    "Min",
    "Median",
    "Baseline, same rounds: min / median",
    "Ratio (medians)",
    "Target",
    "Met",
]


def table(rows: Sequence[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def machine() -> str:
    from permdocs.load.discover import default_jobs

    cores = os.cpu_count() or 0
    usable = default_jobs()
    office = "not installed"
    with contextlib.suppress(Exception):
        from permdocs.pack.convert import find_soffice

        soffice = find_soffice()
        if soffice is not None:
            office = subprocess.run(
                [str(soffice), "--version"], capture_output=True, text=True, timeout=60
            ).stdout.strip()
    return (
        f"{cores} cores ({usable} usable), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, {office}"
    )


def write_results(path: Path, report: Report, args: argparse.Namespace, started: datetime) -> str:
    loads = "; ".join(f"{when} {a:.2f} / {b:.2f} / {c:.2f}" for when, (a, b, c) in report.loads)
    body = table(report.rows)
    smoke = (
        "\n**A smoke run with tiny numbers (`--quick`): these are not results.**\n"
        if args.quick
        else ""
    )
    text = (
        "# permdocs benchmark results\n\n"
        "Written by `make bench` (`benchmarks/bench.py`); do not edit by hand.\n"
        f"{smoke}\n"
        f"- Date: {started:%Y-%m-%d %H:%M} UTC ({_minutes(datetime.now(UTC) - started)} to run)\n"
        f"- Machine: {machine()}\n"
        f"- Load average (1 / 5 / 15 min): {loads}\n"
        f"- Cases: {args.cases} and {args.small}, synthetic, from sample 01; {args.rounds} "
        "paired, interleaved rounds of every comparison\n\n"
        + TABLE_START
        + "\n"
        + body
        + TABLE_END
        + "\n\n"
        + "".join(f"- {note}\n" for note in report.notes)
    )
    path.write_text(text, encoding="utf-8")
    return body


def _minutes(taken: timedelta) -> str:
    minutes = round(taken.total_seconds() / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def put_in_readme(body: str, results: Path) -> None:
    text = README.read_text(encoding="utf-8")
    start, end = text.index(TABLE_START), text.index(TABLE_END)
    README.write_text(text[: start + len(TABLE_START)] + "\n" + body + text[end:], encoding="utf-8")
    print(f"README.md: the Performance table now quotes {results.name}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--cases", type=int, default=200, help="the large set (default 200)")
    parser.add_argument("--small", type=int, default=25, help="the small set (default 25)")
    parser.add_argument("--rounds", type=int, default=5, help="paired rounds (default 5)")
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: cores)")
    parser.add_argument("--render-cases", type=int, default=10, help="cases rendered by kind")
    parser.add_argument("--no-pdf", action="store_true", help="skip everything LibreOffice")
    parser.add_argument("--out", type=Path, default=RESULTS, help="the results file")
    parser.add_argument("--readme", action="store_true", help="put the table into README.md")
    parser.add_argument("--quick", action="store_true", help="tiny numbers: a smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        args.cases, args.small, args.rounds, args.render_cases = 3, 2, 2, 1
    elif args.rounds < 5:
        parser.error("--rounds must be at least 5 (use --quick for a smoke run)")

    from permdocs.load.discover import default_jobs

    jobs = args.jobs or default_jobs()
    started = datetime.now(UTC)
    report = Report()
    report.load("at the start")
    print(f"permdocs benchmark: {machine()}; load average {os.getloadavg()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="permdocs-bench-") as name:
        temp = Path(name)
        large = temp / "large"
        small = temp / "small"
        make_cases(large, args.cases)
        make_cases(small, args.small)

        bench_reading(report, args.rounds)

        recorded = recorded_renders(sorted(large.iterdir())[: args.render_cases], temp / "rec")
        bench_render(report, recorded, args.rounds)

        for root in (small, large):
            cases = sorted(root.iterdir())
            bench_batch(
                report, root, recorded_renders(cases, temp / f"rec-{root.name}"), jobs,
                args.rounds, temp,
            )  # fmt: skip

        if not args.no_pdf:
            from permdocs.pack.convert import find_soffice

            if find_soffice() is None:
                report.notes.append("Full sets and PDF: skipped, LibreOffice not found.")
            else:
                bench_full_sets(report, large, small, jobs, args.rounds, temp)
                reports = {
                    render.path.stem: _render_bytes(render)
                    for render in recorded
                    if render.path.stem in REPORTS
                }
                reports["letter-child"] = next(
                    _render_bytes(r) for r in recorded if r.path.stem == "letter-child"
                )
                bench_pdf(report, reports, args.rounds)

        bench_startup(report, sorted(large.iterdir())[0], args.rounds, temp)
    report.load("at the end")
    report.notes.append(
        "Every comparison ran in paired rounds, its sides alternating in order from round to "
        "round; a ratio is of the medians. Processes: `batch` against docxtpl with the same "
        "number of worker processes; everything else one process against one."
    )
    body = write_results(args.out, report, args, started)
    print(f"\nwrote {args.out}")
    if args.readme:
        put_in_readme(body, args.out)
    missed = [row.measure for row in report.rows if row.met is False]
    print("every target met" if not missed else "missed: " + "; ".join(missed))
    return 0


def _render_bytes(render: Render) -> bytes:
    from permdocs.render.engine import render_document

    return render_document(
        render.template,
        render.context,
        document=render.document,
        draft=render.draft,
        needs_marking=render.needs_marking,
    )


if __name__ == "__main__":
    raise SystemExit(main())
