"""Whether a Word document can be read by everyone, and prints without a split row.

What a screen reader, a magnifier user and a panel member reading the printout need, checked in
the document's XML (nothing rendered, so it is quick enough to run on every document built):

- ``title``: the file's properties carry a title (a screen reader announces it) and
  ``language`` a language (it picks the reader's voice);
- ``heading-order``: real heading styles (those with an outline level), starting at level 1 and
  never skipping a level on the way down (a level 3 straight after a level 1);
- ``table-header``: a table whose first row is a heading row (its text in a "Table Heading"
  style) has that row marked as the header (``w:tblHeader``), so it is read out with each cell
  and repeated on every page;
- ``alt-text``: every picture has alternative text, or is marked decorative;
- ``contrast``: text colour against its shading at least 4.5:1 (3:1 for large text), WCAG 2.2
  1.4.3, for every colour set in a style or on the text itself;
- ``split-row``: no table row may break across pages (the print rule of ``render/print_rules``).

The Public Sector Bodies Accessibility Regulations 2018 bind what a council publishes; letters go
to people with visual impairments. A check passes a document when it finds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..render.safezip import read_package

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)

RULES = ("title", "language", "heading-order", "table-header", "alt-text", "contrast", "split-row")
NORMAL_CONTRAST = 4.5
LARGE_CONTRAST = 3.0
_HIGHLIGHTS = {"yellow": "FFFF00", "green": "00FF00", "cyan": "00FFFF", "lightGray": "C0C0C0"}


@dataclass(frozen=True)
class AccessibilityFinding:
    """One thing that stops a document being read, or printed, well."""

    rule: str
    where: str
    """In words: "the file's properties", "table 3, row 1", "paragraph 12 (“Reasons”)"."""
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message} [{self.rule}]"


def check_accessibility(data: bytes, *, label: str = "the document") -> list[AccessibilityFinding]:
    """Every accessibility and print finding in the .docx ``data``, in document order
    (TemplateError, naming ``label``, when it is not a Word file that can be opened safely)."""
    # Opened as templates are (sizes and ratios checked before unpacking): the file may be
    # anyone's.
    parts = {entry.name: entry.data for entry in read_package(data, label=label)}

    def part(name: str) -> Any:
        return etree.fromstring(parts[name], _PARSER) if name in parts else None

    core, styles, body = (
        part("docProps/core.xml"),
        part("word/styles.xml"),
        part("word/document.xml"),
    )
    findings = list(_properties(core))
    if body is None:
        return [*findings, AccessibilityFinding("title", "the document", "has no body")]
    sheet = _Styles(styles)
    findings += _headings(body, sheet)
    findings += _tables(body, sheet)
    findings += _pictures(body)
    findings += _contrast(body, sheet)
    return findings


# --- properties ---------------------------------------------------------------------------------


def _properties(core: Any) -> Iterator[AccessibilityFinding]:
    where = "the file's properties"
    title = core.findtext(f"{_DC}title") if core is not None else None
    if not (title or "").strip():
        yield AccessibilityFinding(
            "title", where, "have no title (File, Info, Properties, Title in Word)"
        )
    language = core.findtext(f"{_DC}language") if core is not None else None
    if not (language or "").strip():
        yield AccessibilityFinding(
            "language", where, "have no language (en-GB): a screen reader may read it wrongly"
        )


# --- styles -------------------------------------------------------------------------------------


class _Styles:
    """The styles part, resolved along ``basedOn`` as Word does."""

    def __init__(self, root: Any) -> None:
        self._styles: dict[str, Any] = {}
        self.default_size = 22
        if root is None:
            return
        for style in root.findall(f"{_W}style"):
            self._styles[str(style.get(f"{_W}styleId"))] = style
        size = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}sz")
        if size is not None:
            self.default_size = int(size.get(f"{_W}val", "22"))
        self.default_paragraph = next(
            (
                sid
                for sid, style in self._styles.items()
                if style.get(f"{_W}type") == "paragraph" and style.get(f"{_W}default") == "1"
            ),
            None,
        )

    def chain(self, style_id: str | None) -> Iterator[Any]:
        seen: set[str] = set()
        while style_id and style_id in self._styles and style_id not in seen:
            seen.add(style_id)
            style = self._styles[style_id]
            yield style
            based = style.find(f"{_W}basedOn")
            style_id = based.get(f"{_W}val") if based is not None else None

    def lookup(self, style_id: str | None, path: str) -> Any:
        """The first element at ``path`` along the style's chain."""
        for style in self.chain(style_id):
            found = style.find(path)
            if found is not None:
                return found
        return None

    def name(self, style_id: str | None) -> str:
        style = self._styles.get(style_id or "")
        node = style.find(f"{_W}name") if style is not None else None
        return str(node.get(f"{_W}val")) if node is not None else ""

    def outline_level(self, style_id: str | None) -> int | None:
        level = self.lookup(style_id, f"{_W}pPr/{_W}outlineLvl")
        if level is not None:
            return int(level.get(f"{_W}val", "9"))
        match = re.fullmatch(r"heading (\d)", self.name(style_id).lower())
        return int(match.group(1)) - 1 if match else None


def _style_of(paragraph: Any) -> str | None:
    node = paragraph.find(f"{_W}pPr/{_W}pStyle")
    return str(node.get(f"{_W}val")) if node is not None else None


def _text(node: Any) -> str:
    return "".join(t.text or "" for t in node.iter(f"{_W}t"))


def _quoted(paragraph: Any) -> str:
    text = " ".join(_text(paragraph).split())
    return f" (“{text[:50]}{'…' if len(text) > 50 else ''}”)" if text else ""


# --- headings -----------------------------------------------------------------------------------


def headings(data: bytes, *, label: str = "the document") -> list[tuple[int, str]]:
    """The document's headings as a screen reader lists them: (level, text), in order."""
    parts = {entry.name: entry.data for entry in read_package(data, label=label)}
    if "word/document.xml" not in parts:
        return []
    styles = parts.get("word/styles.xml")
    sheet = _Styles(etree.fromstring(styles, _PARSER) if styles is not None else None)
    body = etree.fromstring(parts["word/document.xml"], _PARSER)
    return [(level, _text(paragraph)) for _, paragraph, level in _outline(body, sheet)]


def _outline(body: Any, styles: _Styles) -> Iterator[tuple[int, Any, int]]:
    """Each heading paragraph (an outline level, set on it or by its style, and some text):
    its number among the paragraphs, the paragraph, and its heading level (1 to 9)."""
    for number, paragraph in enumerate(body.iter(f"{_W}p"), start=1):
        level = paragraph.find(f"{_W}pPr/{_W}outlineLvl")
        outline = (
            int(level.get(f"{_W}val", "9"))
            if level is not None
            else styles.outline_level(_style_of(paragraph))
        )
        if outline is None or outline > 8 or not _text(paragraph).strip():
            continue
        yield number, paragraph, outline + 1


def _headings(body: Any, styles: _Styles) -> Iterator[AccessibilityFinding]:
    previous: int | None = None
    for number, paragraph, heading in _outline(body, styles):
        allowed = 1 if previous is None else previous + 1
        if heading > allowed:
            after = "the first heading" if previous is None else f"after a level {previous}"
            yield AccessibilityFinding(
                "heading-order",
                f"paragraph {number}{_quoted(paragraph)}",
                f"is a level {heading} heading {after}: use level {allowed} so the document's "
                "outline has no gap",
            )
        previous = heading


# --- tables -------------------------------------------------------------------------------------


def _tables(body: Any, styles: _Styles) -> Iterator[AccessibilityFinding]:
    for number, table in enumerate(body.iter(f"{_W}tbl"), start=1):
        rows = table.findall(f"{_W}tr")
        for index, row in enumerate(rows, start=1):
            if row.find(f"{_W}trPr/{_W}cantSplit") is None:
                yield AccessibilityFinding(
                    "split-row",
                    f"table {number}, row {index}{_quoted(row)}",
                    "may break across two pages (Table Properties, Row: untick 'Allow row to "
                    "break across pages')",
                )
        if not rows:
            continue
        first = rows[0]
        paragraphs = [p for p in first.iter(f"{_W}p") if _text(p).strip()]
        is_heading = bool(paragraphs) and all(
            "table heading" in styles.name(_style_of(p)).lower() for p in paragraphs
        )
        if is_heading and first.find(f"{_W}trPr/{_W}tblHeader") is None:
            yield AccessibilityFinding(
                "table-header",
                f"table {number}{_quoted(first)}",
                "has a heading row not marked as the header row (Table Properties, Row: "
                "'Repeat as header row at the top of each page')",
            )


# --- pictures -----------------------------------------------------------------------------------


def _pictures(body: Any) -> Iterator[AccessibilityFinding]:
    for number, properties in enumerate(body.iter(f"{_WP}docPr"), start=1):
        described = (properties.get("descr") or properties.get("title") or "").strip()
        decorative = any(
            child.get("val") in ("1", "true")
            for child in properties.iter()
            if etree.QName(child).namespace == _DECORATIVE
        )
        if not described and not decorative:
            yield AccessibilityFinding(
                "alt-text",
                f"picture {number} ({properties.get('name') or 'unnamed'})",
                "has no alternative text (right-click it, View Alt Text), nor is it marked "
                "decorative",
            )


# --- contrast -----------------------------------------------------------------------------------


def _luminance(color: str) -> float:
    channels = [int(color[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG's contrast ratio of two ``RRGGBB`` colours (1 to 21)."""
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _hex(value: str | None) -> str | None:
    return value.upper() if value and re.fullmatch(r"[0-9A-Fa-f]{6}", value) else None


def _contrast(body: Any, styles: _Styles) -> Iterator[AccessibilityFinding]:
    reported: set[tuple[str, str]] = set()
    for number, paragraph in enumerate(body.iter(f"{_W}p"), start=1):
        style = _style_of(paragraph)
        background = _paragraph_fill(paragraph, styles) or _cell_fill(paragraph) or "FFFFFF"
        for run in paragraph.iter(f"{_W}r"):
            if not _text(run).strip():
                continue
            properties = run.find(f"{_W}rPr")
            color = _run_value(properties, "color", styles, style)
            if color is None or color == "auto":
                color = "000000"
            highlight = properties.find(f"{_W}highlight") if properties is not None else None
            fill = background
            if highlight is not None:
                fill = _HIGHLIGHTS.get(str(highlight.get(f"{_W}val")), fill)
            fg, bg = _hex(color), _hex(fill)
            if fg is None or bg is None:
                continue
            size = int(_run_value(properties, "sz", styles, style) or styles.default_size)
            bold = _run_value(properties, "b", styles, style) is not None
            large = size >= 36 or (bold and size >= 28)
            needed = LARGE_CONTRAST if large else NORMAL_CONTRAST
            ratio = contrast_ratio(fg, bg)
            if ratio < needed and (fg, bg) not in reported:
                reported.add((fg, bg))
                yield AccessibilityFinding(
                    "contrast",
                    f"paragraph {number}{_quoted(paragraph)}",
                    f"text #{fg} on #{bg} has a contrast of {ratio:.1f}:1, below {needed}:1",
                )


def _run_value(properties: Any, name: str, styles: _Styles, style: str | None) -> str | None:
    """A run property (its ``w:val``) from the run, its character style, or its paragraph's
    style; "" when the property is present without a value (bold switched on)."""
    found = properties.find(f"{_W}{name}") if properties is not None else None
    if found is None and properties is not None:
        character = properties.find(f"{_W}rStyle")
        if character is not None:
            found = styles.lookup(character.get(f"{_W}val"), f"{_W}rPr/{_W}{name}")
    if found is None:
        found = styles.lookup(style or styles.default_paragraph, f"{_W}rPr/{_W}{name}")
    if found is None:
        return None
    value = found.get(f"{_W}val")
    if name == "b" and value in ("0", "false"):
        return None
    return value if value is not None else ""


def _paragraph_fill(paragraph: Any, styles: _Styles) -> str | None:
    shading = paragraph.find(f"{_W}pPr/{_W}shd")
    if shading is None:
        shading = styles.lookup(_style_of(paragraph), f"{_W}pPr/{_W}shd")
    return _hex(shading.get(f"{_W}fill")) if shading is not None else None


def _cell_fill(paragraph: Any) -> str | None:
    cell = next((a for a in paragraph.iterancestors(f"{_W}tc")), None)
    shading = cell.find(f"{_W}tcPr/{_W}shd") if cell is not None else None
    return _hex(shading.get(f"{_W}fill")) if shading is not None else None
