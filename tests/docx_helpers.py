"""Reading rendered .docx files back for tests: by meaning (sections, tables, headers), never bytes."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_docx(source: bytes | Path) -> Document:
    data = source.read_bytes() if isinstance(source, Path) else source
    return docx.Document(io.BytesIO(data))


def row_cells(table: Table) -> Iterator[list[str]]:
    """Each row's cell texts, a merged cell once (python-docx repeats it per grid column)."""
    for row in table.rows:
        seen: list[object] = []
        texts = []
        for cell in row.cells:
            if any(cell._tc is other for other in seen):
                continue
            seen.append(cell._tc)
            texts.append(cell.text)
        yield texts


@dataclass
class Section:
    """Everything under one Heading 1, in order."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)

    @property
    def text(self) -> str:
        rows = [" | ".join(cells) for table in self.tables for cells in table]
        return "\n".join([self.heading, *self.paragraphs, *rows])


def sections(document: Document) -> list[Section]:
    found = [Section("(before the first heading)")]
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            style = item.style.name if item.style is not None else ""
            if style == "Heading 1":
                found.append(Section(item.text))
            else:
                found[-1].paragraphs.append(item.text)
        else:
            found[-1].tables.append(list(row_cells(item)))
    return found


def section(document: Document, starts_with: str) -> Section:
    """The section whose heading begins ``starts_with`` after its number ("2. The child")."""
    for candidate in sections(document):
        title = candidate.heading.split(". ", 1)[-1]
        if title.startswith(starts_with):
            return candidate
    raise AssertionError(
        f"no section starting {starts_with!r}; headings: {[s.heading for s in sections(document)]}"
    )


def header_footer_texts(document: Document) -> list[str]:
    texts = []
    for part_section in document.sections:
        for part in (part_section.header, part_section.footer):
            texts.append("\n".join(p.text for p in part.paragraphs))
    return texts


def normalised_text(document: Document) -> str:
    """The document as plain lines for golden files: headings marked, tables as cell rows."""
    lines = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            style = item.style.name if item.style is not None else ""
            if not item.text.strip():
                continue
            prefix = {"Heading 1": "# ", "Heading 2": "## ", "Heading 3": "### ", "Title": "= "}
            lines.append(prefix.get(style, "") + item.text)
        else:
            lines += ["| " + " | ".join(cells) + " |" for cells in row_cells(item)]
    lines += ["--- header/footer ---", *header_footer_texts(document)]
    return "\n".join(lines) + "\n"


def xml_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name.endswith(".xml")}


def canonical(xml: bytes) -> str:
    """C14N 2.0 text of an XML part: attribute order and namespace spelling no longer matter."""
    root = etree.fromstring(xml, etree.XMLParser(remove_blank_text=True))
    return bytes(etree.tostring(root, method="c14n2")).decode("utf-8")


def openxml_errors(path: Path) -> list[str]:
    from openxml_audit import OpenXmlValidator

    result = OpenXmlValidator().validate(path)
    return [str(error) for error in result.errors]


def convert_to_pdf(files: list[Path], out: Path, profile: Path) -> dict[Path, Path]:
    """All files to PDF in one LibreOffice run (starting it is most of the cost).

    Each run gets its own profile folder, so concurrent test sessions do not collide; soffice
    exits 0 even when a conversion failed, so callers check each PDF exists.
    """
    soffice = shutil.which("soffice")
    assert soffice is not None
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "HOME": str(profile)},
    )
    return {file: out / (file.stem + ".pdf") for file in files}
