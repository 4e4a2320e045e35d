"""How fast permdocs is, measured against plain docxtpl and against the floor of zip I/O.

Run ``make bench`` (or ``.venv/bin/python benchmarks/bench.py --cases 200``). It writes N
synthetic cases, derived from sample 01 with varied names, dates and text, into a temporary
folder, and prints from that one run on this machine:

- documents per second of ``permdocs batch`` (``build_many`` with one job per core: load,
  validate, render, verify, write and audit every case) and of a plain loop calling docxtpl the
  naive way over the same templates and contexts (``DocxTemplate(path).render(context)`` and a
  save to memory per document; nothing loaded, checked or written), and their ratio;
- the time to render one document (in memory, verification included) against the floor of
  reading and writing the same .docx (unzip every part, zip them again, in memory), and their
  ratio;
- the time to merge one case's documents into one (docxcompose, as a pack would);
- PDF conversion per document with a cold and a warm LibreOffice (skipped without soffice);
- the start-up and run time of ``permdocs check`` on one case (median of 5 runs).

Each figure is printed with its target and PASS or MISS. The exit code is 0 unless ``--strict``
is given and a target was missed. Nothing here runs in the test suite: timings depend on the
machine and what else it is doing.
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "01-existing-carer-agreed"
AS_OF = date(2026, 11, 23)

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


@dataclass(frozen=True)
class Figure:
    name: str
    value: str
    target: str = ""
    passed: bool | None = None

    @property
    def result(self) -> str:
        return "" if self.passed is None else ("PASS" if self.passed else "MISS")


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


# --- the measurements ---------------------------------------------------------------------------


def measure_batch(root: Path, jobs: int) -> tuple[int, float]:
    """Documents built and seconds taken by ``permdocs batch`` (the library call)."""
    from permdocs.build.batch import build_many
    from permdocs.build.options import BuildOptions

    result = build_many(root, BuildOptions(as_of=AS_OF, force=True), jobs=jobs)
    if not result.ok:
        bad = [o for o in result.outcomes if o.status != "built"]
        raise SystemExit(f"the batch did not build every case: {bad[0].folder}: {bad[0].detail}")
    return result.documents, result.seconds


@dataclass(frozen=True)
class Render:
    """One document as the build renders it: the prepared template, the bundled file it came
    from, and the context."""

    template: Any
    path: Path
    context: dict[str, Any]
    document: str
    draft: bool


def recorded_renders(folders: Sequence[Path], out: Path) -> list[Render]:
    """Build ``folders`` (into ``out``) and record every document the build renders, so that the
    comparisons below use exactly the build's templates and contexts, reports and letters."""
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

    def recording(template: Any, context: Any, *, document: str, draft: bool) -> bytes:
        recorded.append(Render(template, paths[template.sha256], dict(context), document, draft))
        return real(template, context, document=document, draft=draft)

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


def measure_docxtpl(documents: Sequence[Render]) -> float:
    """Seconds for the naive docxtpl loop over ``documents``."""
    from docxtpl import DocxTemplate

    started = time.perf_counter()
    for document in documents:
        template = DocxTemplate(document.path)
        template.render(document.context)
        template.save(io.BytesIO())
    return time.perf_counter() - started


def measure_render(documents: Sequence[Render], rounds: int) -> tuple[float, float, list[bytes]]:
    """Seconds per document for permdocs' render (prepared templates, verification included)
    and for the zip floor of the same documents; and the rendered documents."""
    from permdocs.render.engine import render_document

    def render_all() -> list[bytes]:
        return [
            render_document(d.template, d.context, document=d.document, draft=d.draft)
            for d in documents
        ]

    outputs = render_all()  # warm: templates prepared, code paths loaded

    def zip_floor() -> None:
        for data in outputs:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                parts = [(info, archive.read(info)) for info in archive.infolist()]
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for info, content in parts:
                    archive.writestr(info.filename, content)

    render = best_of(rounds, render_all) / len(outputs)
    floor = best_of(rounds, zip_floor) / len(outputs)
    return render, floor, outputs


def is_letter(document: Render) -> bool:
    return document.path.name.startswith(("letter-", "permanency-certificate"))


def best_of(rounds: int, work: Callable[[], object]) -> float:
    """The median time of ``rounds`` runs of ``work`` (the median resists a busy machine)."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure_merge(documents: Sequence[bytes], rounds: int) -> tuple[float, str]:
    """Seconds to merge one case's documents into one .docx, and what did the merging: the
    panel pack's Word merge (``permdocs.pack.word.compose``) where there is one, else plain
    docxcompose."""
    merge: Callable[[Sequence[bytes]], object] = _docxcompose_merge
    how = "docxcompose"
    try:
        pack_docx: Any = importlib.import_module("permdocs.pack.word")

        def merge_as_pack(parts: Sequence[bytes]) -> object:
            word_parts = [
                pack_docx.WordPart(title=f"document {number}", data=data, number=number)
                for number, data in enumerate(parts)
            ]
            return pack_docx.compose(word_parts, fields={}, update_fields_on_open=False)

        merge_as_pack(documents)
        merge, how = merge_as_pack, "permdocs.pack.word.compose"
    except Exception as error:  # no pack module yet, or another API: say so and use docxcompose
        how = f"docxcompose (the pack's merge could not be used: {type(error).__name__})"
    merge(documents)  # warm
    return best_of(rounds, lambda: merge(documents)), how


def _docxcompose_merge(documents: Sequence[bytes]) -> bytes:
    from docx import Document
    from docxcompose.composer import Composer

    composer = Composer(Document(io.BytesIO(documents[0])))
    for data in documents[1:]:
        composer.append(Document(io.BytesIO(data)))
    buffer = io.BytesIO()
    composer.save(buffer)
    return buffer.getvalue()


def measure_pdf(documents: Sequence[bytes]) -> tuple[float, float, float] | str:
    """Seconds per document converting to PDF: cold (a new LibreOffice profile), warm (the same
    converter's next call), and warm with all of one case's documents in one call."""
    from permdocs.pack.convert import PdfConverter, find_soffice

    if find_soffice() is None:
        return "skipped: LibreOffice (soffice) not found"
    one = {"document.docx": documents[0]}
    every = {f"document-{n}.docx": data for n, data in enumerate(documents)}
    with PdfConverter() as converter:
        started = time.perf_counter()
        converter.convert_bytes(one)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        converter.convert_bytes(one)
        warm = time.perf_counter() - started
        started = time.perf_counter()
        converter.convert_bytes(every)
        together = (time.perf_counter() - started) / len(every)
    return cold, warm, together


def measure_check(folder: Path, rounds: int = 5) -> float:
    """Median wall time of ``permdocs check`` on one case, interpreter start-up included."""
    script = Path(sys.executable).with_name("permdocs")
    program = [str(script)] if script.is_file() else [sys.executable, "-m", "permdocs"]
    command = [*program, "check", "--as-of", AS_OF.isoformat(), str(folder)]
    subprocess.run(command, capture_output=True, check=False)  # warm the disk cache
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# --- the report ---------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--cases", type=int, default=200, help="synthetic cases (default 200)")
    parser.add_argument("--jobs", type=int, default=None, help="batch jobs (default: cores)")
    parser.add_argument(
        "--naive-cases",
        type=int,
        default=20,
        help="cases rendered by the plain docxtpl loop and the render timing (default 20)",
    )
    parser.add_argument("--rounds", type=int, default=5, help="repeats for medians (default 5)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice figures")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)

    from permdocs.load.discover import default_jobs

    cores = default_jobs()
    jobs = args.jobs or cores
    figures: list[Figure] = []
    print(
        f"permdocs benchmark: {args.cases} cases derived from {SAMPLE.relative_to(ROOT)}; "
        f"{cores} cores; Python {platform.python_version()} on {platform.system()}; "
        f"load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="permdocs-bench-") as temp:
        root = Path(temp) / "cases"
        folders = make_cases(root, args.cases)

        # First, before this process imports the document machinery, so that the workers pay
        # for their own imports and template preparation as `permdocs batch` would.
        documents, seconds = measure_batch(root, jobs)
        batch_rate = documents / seconds
        figures.append(Figure(f"permdocs batch, jobs={jobs}", f"{batch_rate:.1f} docs/s"))

        sample = recorded_renders(
            folders[: max(1, min(args.naive_cases, len(folders)))], Path(temp) / "recorded"
        )
        naive_seconds = measure_docxtpl(sample)
        naive_rate = len(sample) / naive_seconds
        figures.append(
            Figure(
                f"plain docxtpl loop, 1 process ({len(sample)} docs)", f"{naive_rate:.1f} docs/s"
            )
        )
        figures.append(
            Figure(
                "batch / plain docxtpl",
                f"{batch_rate / naive_rate:.1f}x",
                ">= 3x",
                batch_rate / naive_rate >= 3,
            )
        )

        render, floor, outputs = measure_render(sample, args.rounds)
        figures.append(Figure("render one document (verified)", f"{render * 1000:.2f} ms"))
        figures.append(Figure("zip floor: unzip + rezip it", f"{floor * 1000:.2f} ms"))
        figures.append(
            Figure("render / zip floor", f"{render / floor:.2f}x", "<= 2x", render / floor <= 2)
        )
        for family, chosen in (
            ("reports", [d for d in sample if not is_letter(d)]),
            ("letters", [d for d in sample if is_letter(d)]),
        ):
            if chosen:
                part_render, part_floor, _ = measure_render(chosen, args.rounds)
                figures.append(
                    Figure(
                        f"  {family} only: {part_render * 1000:.2f} ms / {part_floor * 1000:.2f} ms",
                        f"{part_render / part_floor:.2f}x",
                    )
                )

        scaled = seconds * 200 / args.cases
        name = f"{args.cases} cases, every document"
        if args.cases != 200:
            name += " (scaled to 200)"
        figures.append(
            Figure(name, f"{seconds:.1f} s ({scaled:.1f} s for 200)", "< 60 s", scaled < 60)
        )

        check = measure_check(folders[0])
        figures.append(
            Figure(
                "permdocs check, one case (median of 5)", f"{check:.3f} s", "< 0.5 s", check < 0.5
            )
        )

        # The first case's documents (every case has the same kinds).
        one_case = outputs[: len(sample) // max(1, min(args.naive_cases, len(folders)))]
        merge, how = measure_merge(one_case, args.rounds)
        figures.append(
            Figure(f"merge one case's {len(one_case)} documents ({how})", f"{merge * 1000:.0f} ms")
        )

        if args.no_pdf:
            figures.append(Figure("PDF conversion", "skipped: --no-pdf"))
        else:
            pdf = measure_pdf(one_case)
            if isinstance(pdf, str):
                figures.append(Figure("PDF conversion", pdf))
            else:
                cold, warm, together = pdf
                figures.append(Figure("PDF, one document, cold LibreOffice", f"{cold:.2f} s"))
                figures.append(Figure("PDF, one document, warm LibreOffice", f"{warm:.2f} s"))
                figures.append(
                    Figure(
                        f"PDF per document, {len(one_case)} in one warm call", f"{together:.2f} s"
                    )
                )

    width = max(len(figure.name) for figure in figures)
    value_width = max(len(figure.value) for figure in figures)
    print()
    print(f"{'figure':<{width}}  {'value':<{value_width}}  {'target':<7}  result")
    for figure in figures:
        print(
            f"{figure.name:<{width}}  {figure.value:<{value_width}}  {figure.target:<7}  "
            f"{figure.result}".rstrip()
        )
    missed = [figure.name for figure in figures if figure.passed is False]
    print()
    print("every target met" if not missed else f"missed: {', '.join(missed)}")
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
