"""The documents as printed: every sample's documents rendered through LibreOffice and read page
by page (pypdf), asserting the print rules on the result, not on the XML.

- no table row split across two pages (a row's first and last cells on different pages);
- the panel front sheet and every letter at most two pages, the checklist at most three;
- no last page holding only the end of a document: a letter's last page never starts with its
  closing or its copies, and a report's last page holds more than a few lines.

Each sample's documents are converted in one LibreOffice call, and the first page of every
document is written as a PNG (pdftoppm) into ``PERMDOCS_SNAPSHOTS`` (or the test's temp folder)
for people to look at; they are not compared with anything.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from permdocs.api import build_case
from permdocs.build.options import BuildOptions
from permdocs.pack.convert import PdfConverter
from render_builds import SAMPLE_AS_OF, copy_case, sample_folders

pytestmark = pytest.mark.libreoffice

_DOCX: dict[tuple[str, str], Path] = {}
"""(sample, file name) -> the built .docx, filled in by the ``printed`` fixture."""
CLOSINGS = ("Yours sincerely", "With best wishes", "Copies to:", "A copy of this letter goes to:")
_FOOTER = re.compile(r"Page \d+ of \d+$")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _body_lines(page_text: str) -> list[str]:
    """A page's lines without the marking and the footer."""
    lines = [line.strip() for line in page_text.splitlines() if line.strip()]
    return [
        line
        for line in lines
        if not line.startswith("OFFICIAL-SENSITIVE") and not _FOOTER.search(line)
    ]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, list[str]]]:
    """Sample -> document file name -> the text of each of its pages."""
    root = tmp_path_factory.mktemp("print")
    pages: dict[str, dict[str, list[str]]] = {}
    firsts: list[Path] = []
    with PdfConverter() as converter:
        for folder in sample_folders():
            case = copy_case(folder, root / "cases" / folder.name)
            out = root / "out" / folder.name
            build_case(case, BuildOptions(out=out, as_of=SAMPLE_AS_OF))
            documents = {path.name: path.read_bytes() for path in sorted(out.glob("*.docx"))}
            pdfs = converter.convert_bytes(documents)
            for name, pdf in pdfs.items():
                (out / (name[:-5] + ".pdf")).write_bytes(pdf)
            pages[folder.name] = {
                name: [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
                for name, pdf in pdfs.items()
            }
            firsts += sorted(out.glob("*.pdf"))
            _DOCX.update({(folder.name, path.name): path for path in out.glob("*.docx")})
    snapshots = Path(os.environ.get("PERMDOCS_SNAPSHOTS") or root / "snapshots")
    _first_pages_as_png(firsts, snapshots)
    return pages


def _first_pages_as_png(pdfs: list[Path], folder: Path) -> None:
    """The first page of each PDF as a PNG, with poppler's pdftoppm where it is installed
    (LibreOffice's own PNG export needs its graphics filters, which libreoffice-writer-nogui
    lacks). Snapshots are for people, so without pdftoppm the test says so and goes on."""
    folder.mkdir(parents=True, exist_ok=True)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print(f"\nNo PNG snapshots: install poppler-utils (pdftoppm). The PDFs are in {folder}")
        for pdf in pdfs:
            shutil.copyfile(pdf, folder / pdf.name)
        return
    for pdf in pdfs:
        subprocess.run(
            [pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
             str(folder / pdf.stem)],
            check=True,
            capture_output=True,
            timeout=120,
        )  # fmt: skip
    assert len(list(folder.glob("*.png"))) >= len(pdfs)
    print(f"\nFirst pages as PNG, to look at: {folder}")


def test_short_papers_fit_their_pages(printed: dict[str, dict[str, list[str]]]) -> None:
    for sample, documents in printed.items():
        for name, pages in documents.items():
            if "panel-front-sheet" in name or "letter-" in name:
                assert len(pages) <= 2, f"{sample} {name} runs to {len(pages)} pages"
            if "panel-checklist" in name:
                # Every route's papers (each with its own row, N/A ones saying why), the papers
                # sent to members and the panel adviser's note: three pages at most.
                assert len(pages) <= 3, f"{sample} {name} runs to {len(pages)} pages"


def test_no_last_page_holds_only_an_ending(printed: dict[str, dict[str, list[str]]]) -> None:
    for sample, documents in printed.items():
        for name, pages in documents.items():
            if len(pages) < 2:
                continue
            last = _body_lines(pages[-1])
            assert last, f"{sample} {name}: the last page is empty"
            if "letter-" in name:
                assert not last[0].startswith(CLOSINGS), (
                    f"{sample} {name}: the last page holds only the closing: {last[:3]}"
                )
            else:
                assert len(last) > 4, f"{sample} {name}: the last page holds only {last}"


def test_no_table_row_is_split_across_pages(printed: dict[str, dict[str, list[str]]]) -> None:
    checked = 0
    for sample, documents in printed.items():
        for name, pages in documents.items():
            if len(pages) < 2:
                continue
            squashed = [_squash(text) for text in pages]
            for row_text in _row_ends(_DOCX[(sample, name)]):
                found = [
                    [index for index, page in enumerate(squashed) if end in page]
                    for end in row_text
                ]
                if all(len(where) == 1 for where in found):
                    checked += 1
                    assert found[0] == found[1], (
                        f"{sample} {name}: the row {row_text} starts on page "
                        f"{found[0][0] + 1} and ends on page {found[1][0] + 1}"
                    )
    assert checked > 50  # the rule was really tried on rows of long documents


def _row_ends(path: Path) -> list[tuple[str, str]]:
    """Each table row's first and last cell texts (squashed), where both are long enough to be
    found on a page and differ."""
    ends = []
    for table in docx.Document(str(path)).tables:
        for row in table.rows:
            texts = [_squash(cell.text) for cell in row.cells]
            texts = [t for t in dict.fromkeys(texts) if len(t) >= 8 and not re.search("[☐☒]", t)]
            if len(texts) >= 2:
                ends.append((texts[0][:40], texts[-1][-40:]))
    return ends
