"""Case folders for the panel pack tests: sample 01 copied, then changed one paper at a time."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION

from render_builds import ROOT, copy_case

SAMPLE_01 = ROOT / "samples" / "01-existing-carer-agreed"
AS_OF = date(2026, 11, 23)
REFERENCE = "PF-2026-0142"
REPORT_FOOTERS = (
    "Fostering panel front sheet",
    "Permanent fostering panel checklist",
    "Matching meeting report, Part 2: the child",
    "Matching meeting report, Part 3: the carers and support plan",
    "Matching meeting record: agenda and minutes",
)


def sample_01(target: Path) -> Path:
    return copy_case(SAMPLE_01, target)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, to show a failure changed nothing."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _attachment_block(kind: str) -> re.Pattern[str]:
    # One "- kind: ..." item of the attachments list, up to the next item or the list's end.
    return re.compile(rf"  - kind: {re.escape(kind)}\n(?:    .*\n)+")


def remove_attachment(case: Path, kind: str) -> None:
    path = case / "case.yaml"
    text = path.read_text(encoding="utf-8")
    changed, count = _attachment_block(kind).subn("", text, count=1)
    assert count == 1, f"no {kind} attachment in {path}"
    path.write_text(changed, encoding="utf-8")


def keep_only_attachments(case: Path, kinds: list[str]) -> None:
    path = case / "case.yaml"
    text = path.read_text(encoding="utf-8")
    for kind in re.findall(r"  - kind: (\S+)\n", text.split("\nattachments:\n", 1)[1]):
        if kind not in kinds:
            text = _attachment_block(kind).sub("", text, count=1)
    path.write_text(text, encoding="utf-8")


def word_paper(title: str, footers: list[str]) -> bytes:
    """A Word paper with one section (and one page) per footer, each with its own footer."""
    document = docx.Document()
    for number, footer in enumerate(footers):
        if number:
            document.add_section(WD_SECTION.NEW_PAGE)
        section = document.sections[-1]
        section.footer.is_linked_to_previous = False
        section.footer.paragraphs[0].text = footer
        section.header.is_linked_to_previous = False
        section.header.paragraphs[0].text = f"{title}: header {number + 1}"
        document.add_paragraph(f"{title}, part {number + 1} of {len(footers)}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_attachment_word(case: Path, kind: str, footers: list[str]) -> Path:
    """Replace the case's ``kind`` paper with a Word file of the same title."""
    path = case / "case.yaml"
    text = path.read_text(encoding="utf-8")
    block = _attachment_block(kind).search(text)
    assert block is not None, kind
    title = re.search(r"    title: (.*)\n", block.group())
    assert title is not None
    changed = block.group().replace(f"attachments/{kind}.pdf", f"attachments/{kind}.docx")
    path.write_text(text.replace(block.group(), changed), encoding="utf-8")
    paper = case / "attachments" / f"{kind}.docx"
    paper.write_bytes(word_paper(title.group(1).strip('"'), footers))
    (case / "attachments" / f"{kind}.pdf").unlink()
    return paper
