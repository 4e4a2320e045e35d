"""Word templates in, rendered .docx bytes out, in memory. The only module that imports docxtpl.

A template is *prepared* once: unzipped, each text part (body, headers, footers, notes) run
through docxtpl's tag clean-up, checked, and compiled by Jinja. Prepared templates are kept by the
SHA-256 of the file, so a run that builds many documents or many cases reads and compiles each
template once; ``DocxTemplate.render`` would re-read and re-compile on every call.

A *render* runs the compiled parts against a document's context, then, for each part:

1. looks for template tags left in the raw output (see ``verify.leftover_tags``);
2. parses it strictly; broken XML is an error, never "recovered" (docxtpl's own post-processing
   parses with ``recover=True``, which silently drops whatever does not parse);
3. deals with missing-value markers: a final document is refused with the list of every missing
   value and who owes it; a draft shows each one as a yellow ``[MISSING: label — owner]``;
4. applies docxtpl's table and drawing-id fix-ups where the template needs them.

The parts are zipped with fixed timestamps (the same input gives the same bytes, so the manifest's
hashes are reproducible) and the result is verified as a whole (``verify.verify_docx``).
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
import threading
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import Template, TemplateSyntaxError
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.exceptions import SecurityError, UndefinedError
from lxml import etree

from .errors import RenderError, TemplateError
from .jinja_env import NoneOutputError, make_environment
from .missing import MARKER_PATTERN, MARKER_START, marker_text
from .verify import W, leftover_tags, parse_part, strict_parser, verify_docx

_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml"
RENDERED_TYPES = {
    f"{_WORD}.document.main+xml": "the body",
    f"{_WORD}.header+xml": "a header",
    f"{_WORD}.footer+xml": "a footer",
    f"{_WORD}.footnotes+xml": "the footnotes",
    f"{_WORD}.endnotes+xml": "the endnotes",
}
_FIXED_TIME = (2026, 1, 1, 0, 0, 0)
_MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
_MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
_RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]


@dataclass(frozen=True)
class CompiledPart:
    name: str
    where: str
    """In words, for messages: "the body", "a footer"."""
    template: Template
    source: str
    fix_tables: bool


@dataclass(frozen=True)
class PreparedTemplate:
    """A template ready to render any number of times."""

    label: str
    """How messages name it: its path, or "the bundled ppm-referral template"."""
    sha256: str
    entries: tuple[tuple[str, bytes], ...]
    """Every part of the package in order; rendered parts keep their template bytes here."""
    parts: tuple[CompiledPart, ...]


_cache: dict[str, PreparedTemplate] = {}
_cache_lock = threading.Lock()
_environment = make_environment()


def prepare_template(path: Path, *, label: str | None = None) -> PreparedTemplate:
    """Read, check and compile a template, or take it from the cache if its bytes are known."""
    shown = label or str(path)
    try:
        size = path.stat().st_size
        if size > _MAX_TEMPLATE_BYTES:
            raise TemplateError(
                f"{shown}: {size:,} bytes is far larger than a report template",
                hint="remove embedded pictures or fonts from the template, or use the bundled one",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateError(
            f"{shown}: cannot read the template ({exc.strerror})",
            hint="check the path given to --templates and that the file is readable",
        ) from exc
    digest = hashlib.sha256(data).hexdigest()
    with _cache_lock:
        cached = _cache.get(digest)
    if cached is not None:
        return cached if cached.label == shown else replace(cached, label=shown)
    prepared = _prepare(data, digest, shown)
    with _cache_lock:
        _cache[digest] = prepared
    return prepared


def _prepare(data: bytes, digest: str, label: str) -> PreparedTemplate:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise TemplateError(
            f"{label}: is not a Word document (.docx)",
            hint="save the template from Word as a Word Document (.docx)",
        ) from None
    with archive:
        # Checked before reading: a small file can unzip to gigabytes.
        if sum(info.file_size for info in archive.infolist()) > _MAX_UNZIPPED_BYTES:
            raise TemplateError(
                f"{label}: unpacks to far more than a report template",
                hint="re-save the template from Word, or use the bundled one",
            )
        entries = tuple((info.filename, archive.read(info.filename)) for info in archive.infolist())
    contents = dict(entries)
    if "[Content_Types].xml" not in contents:
        raise TemplateError(f"{label}: is not a Word document (no [Content_Types].xml)")
    rendered = _rendered_parts(contents["[Content_Types].xml"], label)
    if not any(where == "the body" for where in rendered.values()):
        raise TemplateError(
            f"{label}: has no document body",
            hint="save the template from Word as a Word Document (.docx)",
        )
    parts = []
    for name, content in entries:
        if name in rendered:
            parts.append(_compile_part(name, rendered[name], content, label))
        elif name.endswith((".xml", ".rels")):
            _refuse_unrendered_tags(name, content, label)
    return PreparedTemplate(label=label, sha256=digest, entries=entries, parts=tuple(parts))


def _rendered_parts(content_types: bytes, label: str) -> dict[str, str]:
    try:
        root = etree.fromstring(content_types, strict_parser())
    except etree.XMLSyntaxError:
        raise TemplateError(f"{label}: its [Content_Types].xml is damaged") from None
    found = {}
    for override in root.iter(f"{_CT}Override"):
        where = RENDERED_TYPES.get(str(override.get("ContentType")))
        if where is not None:
            found[str(override.get("PartName", "")).lstrip("/")] = where
    return found


def _docxtpl() -> Any:
    # docxtpl's clean-up functions are pure string transforms on an instance that never reads
    # its file; building it needs no I/O.
    from docxtpl import DocxTemplate

    return DocxTemplate(io.BytesIO())


_patcher: Any = None


def _compile_part(name: str, where: str, content: bytes, label: str) -> CompiledPart:
    global _patcher
    if _patcher is None:
        _patcher = _docxtpl()
    try:
        root = etree.fromstring(content, etree.XMLParser(remove_blank_text=True, **_STRICT))
    except etree.XMLSyntaxError as exc:
        raise TemplateError(f"{label}: {where} ({name}) is damaged XML ({exc.msg})") from None
    # docxtpl's patterns expect the compact serialisation python-docx produces.
    xml = etree.tostring(root, encoding="unicode")
    if re.search(r"\{%-?\s*autoescape", xml):
        raise TemplateError(
            f"{label}: {where} switches off escaping ({{% autoescape %}})",
            hint="remove the autoescape tag: typed text must always be escaped",
        )
    patched = _patcher.patch_xml(xml)
    # One paragraph per line, so a Jinja line number points at a paragraph (as docxtpl does).
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)
    try:
        template = _environment.from_string(source)
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"{label}: a template tag in {where} is not valid: {exc.message}"
            + _near(source, exc.lineno),
            hint="check that every {{ has its }} and every {% if %} or {% for %} its end tag",
        ) from None
    except Exception as exc:  # Jinja can fail on constant expressions while compiling
        raise TemplateError(f"{label}: {where} cannot be compiled: {exc}") from None
    return CompiledPart(
        name=name,
        where=where,
        template=template,
        source=source,
        fix_tables="{%tc " in xml or "{%tc\t" in xml,
    )


_STRICT: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
}


def _refuse_unrendered_tags(name: str, content: bytes, label: str) -> None:
    text = content.decode("utf-8", errors="replace")
    tags = leftover_tags(text)
    if tags:
        raise TemplateError(
            f"{label}: {name} holds template tags permdocs does not fill in (near “{tags[0]}”)",
            hint="tags work in the body, headers, footers and notes only; remove this one",
        )


def _near(source: str, line: int | None) -> str:
    if not line:
        return ""
    lines = source.splitlines()
    if not 0 < line <= len(lines):
        return ""
    text = re.sub(r"<[^>]+>", "", lines[line - 1]).strip()
    return f" (in the paragraph “{text[:160]}”)" if text else ""


def _template_line(traceback: TracebackType | None) -> int | None:
    """The template line a runtime error happened on (Jinja rewrites tracebacks to show it)."""
    line = None
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == "<template>":
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


# --- rendering --------------------------------------------------------------------------------


def render_document(
    template: PreparedTemplate,
    context: Mapping[str, Any],
    *,
    document: str,
    draft: bool,
) -> bytes:
    """Render one document. ``document`` names it in messages ("panel-checklist (...)")."""
    rendered: dict[str, Any] = {}
    for part in template.parts:
        rendered[part.name] = _render_part(part, context, template.label, document)
    _resolve_missing(rendered, document=document, draft=draft)
    output: dict[str, bytes] = {}
    for part in template.parts:
        root = rendered[part.name]
        if part.fix_tables:
            root = _patcher.fix_tables(etree.tostring(root, encoding="unicode"))
        if part.where == "the body":
            _renumber_drawings(root)
        output[part.name] = etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", standalone=True
        )
    data = _zip(template.entries, output)
    verify_docx(data, document=document, draft=draft)
    return data


def _render_part(part: CompiledPart, context: Mapping[str, Any], label: str, document: str) -> Any:
    try:
        raw = part.template.render(context)
    except SecurityError as exc:
        raise TemplateError(
            f"{label}: a tag in {part.where} tried something templates may not do: {exc.message}"
            + _near(part.source, _template_line(exc.__traceback__)),
            hint="templates may only print and test the case's values; remove this tag",
        ) from None
    except UndefinedError as exc:
        raise TemplateError(
            f"{label}: a tag in {part.where} uses something permdocs does not provide: "
            f"{exc.message}" + _near(part.source, _template_line(exc.__traceback__)),
            hint="check the tag's spelling against the names the bundled templates use "
            "(see viewmodel.py); remove --templates to use the bundled template",
        ) from None
    except NoneOutputError:
        raise RenderError(
            f"{document}: a tag in {part.where} printed an empty value"
            + _near(part.source, _template_line(None)),
            hint="this is a bug in permdocs' view model; please report it",
        ) from None
    except (JinjaTemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
        raise TemplateError(
            f"{label}: a tag in {part.where} failed: {exc}"
            + _near(part.source, _template_line(exc.__traceback__)),
            hint="check the tag in Word; remove --templates to use the bundled template",
        ) from None
    raw = re.sub(r"\n<w:p([ >])", r"<w:p\1", raw)
    tags = leftover_tags(raw)
    if tags:
        raise TemplateError(
            f"{label}: {part.where} still has a template tag after rendering (near “{tags[0]}”)",
            hint="retype the tag in Word in one go (Word may have split it), and check "
            "docxtpl's {%tr %}/{%p %} tags are alone in their row or paragraph",
        )
    return parse_part(raw.encode("utf-8"), part=part.name, document=document)


def _resolve_missing(parts: Mapping[str, Any], *, document: str, draft: bool) -> None:
    """Refuse a final document that has gaps (listing them all); mark them in a draft."""
    found: dict[tuple[str, str], str] = {}
    for root in parts.values():
        for text in _strings(root):
            if MARKER_START in text:
                for match in MARKER_PATTERN.finditer(text):
                    found.setdefault((match[1], match[2]), match[3])
    if not found:
        return
    if not draft:
        lines = "\n".join(
            f"  - {label} ({path}), owed by the {owner}"
            for (path, label), owner in sorted(found.items(), key=lambda item: item[0][1])
        )
        count = len(found)
        raise RenderError(
            f"{document}: {count} value{'s' if count != 1 else ''} the document needs "
            f"{'are' if count != 1 else 'is'} missing:\n{lines}",
            hint="add them to the case file, or build with --draft to see each gap marked "
            "in the document",
        )
    for root in parts.values():
        _highlight_markers(root)


def _strings(root: Any) -> list[str]:
    strings = []
    for node in root.iter():
        strings += [node.text or "", node.tail or "", *node.attrib.values()]
    return strings


def _highlight_markers(root: Any) -> None:
    for text_node in list(root.iter(f"{W}t")):
        if MARKER_START not in (text_node.text or ""):
            continue
        run = text_node.getparent()
        if run is None or run.tag != f"{W}r":
            text_node.text = MARKER_PATTERN.sub(marker_text, text_node.text or "")
            continue
        _split_run(run, text_node)
    # Anywhere else (an attribute, a field code) the marker becomes plain words.
    for node in root.iter():
        if node.text and MARKER_START in node.text:
            node.text = MARKER_PATTERN.sub(marker_text, node.text)
        if node.tail and MARKER_START in node.tail:
            node.tail = MARKER_PATTERN.sub(marker_text, node.tail)
        for key, value in node.attrib.items():
            if MARKER_START in value:
                node.set(key, MARKER_PATTERN.sub(marker_text, value))


def _split_run(run: Any, text_node: Any) -> None:
    """Split ``run`` around the markers in ``text_node``: the text either side keeps the run's
    formatting, and each marker becomes its own run with the same formatting, highlighted."""
    properties = run.find(f"{W}rPr")
    content = [child for child in run if child is not properties]
    at = content.index(text_node)
    text = text_node.text or ""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in MARKER_PATTERN.finditer(text):
        if match.start() > position:
            pieces.append((text[position : match.start()], False))
        pieces.append((marker_text(match), True))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))

    def new_run(children: list[Any], highlight: bool = False) -> Any:
        made = etree.Element(run.tag, dict(run.attrib))
        if properties is not None or highlight:
            made_properties = (
                copy.deepcopy(properties) if properties is not None else etree.Element(f"{W}rPr")
            )
            if highlight:
                _set_highlight(made_properties)
            made.append(made_properties)
        for child in children:
            made.append(child)
        return made

    runs = []
    if content[:at]:
        runs.append(new_run(content[:at]))
    for piece, is_marker in pieces:
        node = etree.Element(f"{W}t")
        node.set(_XML_SPACE, "preserve")
        node.text = piece
        runs.append(new_run([node], highlight=is_marker))
    if content[at + 1 :]:
        runs.append(new_run(content[at + 1 :]))
    parent = run.getparent()
    index = parent.index(run)
    parent.remove(run)
    for offset, made in enumerate(runs):
        parent.insert(index + offset, made)


def _set_highlight(properties: Any) -> None:
    for old in properties.findall(f"{W}highlight"):
        properties.remove(old)
    mark = etree.Element(f"{W}highlight")
    mark.set(f"{W}val", "yellow")
    after = _RPR_ORDER.index("highlight")
    for index, child in enumerate(properties):
        name = etree.QName(child).localname
        if name in _RPR_ORDER and _RPR_ORDER.index(name) > after:
            properties.insert(index, mark)
            return
    properties.append(mark)


def _renumber_drawings(root: Any) -> None:
    """Pictures repeated by a loop would share an id, which Word reports as corrupt."""
    for number, drawing in enumerate(root.iter(f"{_WP}docPr"), start=1):
        drawing.set("id", str(number))


def _zip(entries: tuple[tuple[str, bytes], ...], replaced: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, replaced.get(name, content))
    return buffer.getvalue()


def clear_cache() -> None:
    """Forget prepared templates (tests and long-running processes that swap templates)."""
    with _cache_lock:
        _cache.clear()
