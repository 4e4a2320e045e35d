"""Making deliberately broken templates for the linter's tests: a bundled template, changed.

Each helper returns new .docx bytes; nothing in templates/ is touched. Paragraphs and tables are
written as WordprocessingML, the way Word stores them, so each test controls exactly which
paragraph, row or cell a tag sits in.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from xml.sax.saxutils import escape

from permdocs.resources import bundled_templates_dir

Edit = bytes | Callable[[str], str]


def bundled(kind: str) -> bytes:
    return (bundled_templates_dir() / f"{kind}.docx").read_bytes()


def rezip(
    data: bytes,
    *,
    replace: Mapping[str, Edit] | None = None,
    add: Mapping[str, bytes] | None = None,
    remove: tuple[str, ...] = (),
) -> bytes:
    """``data`` with parts replaced (bytes, or a function of the part's text), added or removed."""
    replace = replace or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in remove:
                continue
            content = source.read(info)
            change = replace.get(info.filename)
            if callable(change):
                content = change(content.decode("utf-8")).encode("utf-8")
            elif change is not None:
                content = change
            target.writestr(info.filename, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def paragraph(*runs: str) -> str:
    """One paragraph; each argument is a run, as Word splits typed text into runs."""
    body = "".join(f'<w:r><w:t xml:space="preserve">{escape(run)}</w:t></w:r>' for run in runs)
    return f"<w:p>{body}</w:p>"


def table(*rows: list[str]) -> str:
    """A table; each row is a list of cell texts (one paragraph per cell)."""
    xml_rows = "".join(
        "<w:tr>" + "".join(f"<w:tc>{paragraph(cell)}</w:tc>" for cell in row) + "</w:tr>"
        for row in rows
    )
    return f"<w:tbl>{xml_rows}</w:tbl>"


def with_body(kind: str, *xml: str) -> bytes:
    """The bundled ``kind`` template with ``xml`` (paragraphs, tables) added at the end."""

    def insert(document: str) -> str:
        at = document.rindex("<w:sectPr")
        return document[:at] + "".join(xml) + document[at:]

    return rezip(bundled(kind), replace={"word/document.xml": insert})


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path
