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

What every render of a template shares is done once per template, not per document: the parts
rendering never changes (styles, settings, theme...) are compressed once and parsed once, so a
render compresses only its rendered parts and ``verify_docx`` re-reads every part of the finished
package but parses only those it has not seen byte for byte. Measured on a 2-core machine, a
document renders and verifies in about 1.7x the time it takes merely to unzip and re-zip it (a
report 2.1x, a letter 1.2x; ``benchmarks/bench.py``).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import re
import struct
import threading
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import Template, TemplateSyntaxError
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.exceptions import SecurityError, UndefinedError
from lxml import etree

from ..errors import RenderError, SandboxError, TemplateError
from .budget import LIMIT_HINT, LimitError, render_budget
from .jinja_env import NoneOutputError, make_environment
from .missing import MARKER_PATTERN, MARKER_START, marker_text
from .properties import UNVERSIONED, declared_contract
from .safezip import read_file, read_package
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
    contract: str = UNVERSIONED
    """The template contract version the file declares (``render.properties``)."""


_cache: dict[tuple[str, tuple[tuple[str, str], ...]], PreparedTemplate] = {}
_cache_lock = threading.Lock()
_environment = make_environment()


def prepare_template(
    path: Path, *, label: str | None = None, renames: Mapping[str, str] | None = None
) -> PreparedTemplate:
    """Read, check and compile a template, or take it from the cache if its bytes are known.

    ``renames`` maps names a template writes that the template contract has renamed (as the
    template check found them: ``child.legal_name``) to their new spelling; the template is
    compiled with the new names, so it renders as the upgraded template would.
    """
    shown = label or str(path)
    data = read_file(path, label=shown)  # refuses a file far too large before reading it
    digest = hashlib.sha256(data).hexdigest()
    key = (digest, tuple(sorted((renames or {}).items())))
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached if cached.label == shown else replace(cached, label=shown)
    prepared = _prepare(data, digest, shown, dict(key[1]))
    with _cache_lock:
        _cache[key] = prepared
    return prepared


def _prepare(data: bytes, digest: str, label: str, renames: Mapping[str, str]) -> PreparedTemplate:
    # Sizes, ratios and names are checked from the zip's directory before anything is unpacked
    # (a small file can unzip to gigabytes), and each part is read with a hard cap.
    entries = tuple((entry.name, entry.data) for entry in read_package(data, label=label))
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
            parts.append(_compile_part(name, rendered[name], content, label, renames))
        elif name.endswith((".xml", ".rels")):
            _refuse_unrendered_tags(name, content, label)
    return PreparedTemplate(
        label=label,
        sha256=digest,
        entries=entries,
        parts=tuple(parts),
        contract=declared_contract(contents),
    )


def _rendered_parts(content_types: bytes, label: str) -> dict[str, str]:
    try:
        root = etree.fromstring(content_types, strict_parser())
    except etree.XMLSyntaxError:
        raise TemplateError(f"{label}: its [Content_Types].xml is damaged") from None
    return rendered_parts(root)


def rendered_parts(content_types: Any) -> dict[str, str]:
    """The parts Jinja renders (part name -> where it sits in the document), from the parsed
    ``[Content_Types].xml``."""
    found = {}
    for override in content_types.iter(f"{_CT}Override"):
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


def _compile_part(
    name: str, where: str, content: bytes, label: str, renames: Mapping[str, str]
) -> CompiledPart:
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
    patched = rename_in_tags(_patcher.patch_xml(xml), renames)
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


_TAG = re.compile(r"\{[{%].*?[}%]\}", re.DOTALL)


def rename_in_tags(source: str, renames: Mapping[str, str]) -> str:
    """``source`` with each name in ``renames`` rewritten inside its template tags (never in the
    text around them): ``{{ child.legal_name }}`` becomes ``{{ child.full_name }}``, while
    ``child.legal_name`` typed as text, or ``child.legal_name_2``, is left alone."""
    if not renames:
        return source
    names = re.compile(
        r"(?<![\w.])("
        + "|".join(re.escape(old) for old in sorted(renames, key=len, reverse=True))
        + r")(?![\w])"
    )
    return _TAG.sub(lambda tag: names.sub(lambda m: renames[m.group(1)], tag.group(0)), source)


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
    needs_marking: bool = True,
) -> bytes:
    """Render one document. ``document`` names it in messages ("panel-checklist (...)").

    ``needs_marking=False`` is for the one document a council profile may leave unmarked (the child's
    permanency certificate, a keepsake): its pages need not say OFFICIAL-SENSITIVE. Every other
    document must, on every page."""
    rendered: dict[str, Any] = {}
    marked = False
    with render_budget():  # one budget for the whole document, every part together
        for part in template.parts:
            raw = _render_text(part, context, template.label, document)
            marked = marked or MARKER_START in raw
            rendered[part.name] = parse_part(raw.encode("utf-8"), part=part.name, document=document)
    if marked:  # only a printed Missing puts the marker's private characters in the output
        _resolve_missing(rendered, document=document, draft=draft)
    static = _static_parts(template)
    # Parts verify_docx need not parse again: the template's unchanged parts (parsed once per
    # template) and each part serialised here from the tree just checked.
    known = dict(static.parsed)
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
        if not part.fix_tables:  # docxtpl re-parses leniently there; let verify parse it
            known[part.name] = (output[part.name], root)
    data = _zip_packed(template.entries, output, static)
    verify_docx(data, document=document, draft=draft, known=known, needs_marking=needs_marking)
    return data


def _render_text(part: CompiledPart, context: Mapping[str, Any], label: str, document: str) -> str:
    """One part rendered by Jinja, with no template tag left in it; not yet parsed."""
    try:
        raw = _generate(part, context, label)
    except SecurityError as exc:
        limit = isinstance(exc, LimitError)
        raise SandboxError(
            f"{label}: a tag in {part.where} "
            + (
                "went past what a template may do"
                if limit
                else "tried something templates may not do"
            )
            + f": {exc.message}"
            + _near(part.source, _template_line(exc.__traceback__)),
            hint=LIMIT_HINT
            if limit
            else "templates may only print and test the case's values; remove this tag",
            part=part.name,
        ) from None
    except (RecursionError, MemoryError) as exc:
        what = (
            "calls itself without end" if isinstance(exc, RecursionError) else "ran out of memory"
        )
        raise SandboxError(
            f"{label}: a tag in {part.where} {what}"
            + _near(part.source, _template_line(exc.__traceback__)),
            hint="check the template's macros and loops; remove --templates to use the bundled "
            "template",
            part=part.name,
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
    except (
        JinjaTemplateError,
        TypeError,
        ValueError,
        AttributeError,
        LookupError,
        ArithmeticError,  # 1/0; a range beyond the sandbox's MAX_RANGE is an OverflowError
    ) as exc:
        raise TemplateError(
            f"{label}: a tag in {part.where} failed: {exc}"
            + _near(part.source, _template_line(exc.__traceback__)),
            hint="check the tag in Word; remove --templates to use the bundled template",
        ) from None
    # Undo the line breaks put before paragraphs for line numbers (see _compile_part); the same
    # as re.sub(r"\n<w:p([ >])", r"<w:p\1", raw), without a Python call per paragraph.
    raw = raw.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
    tags = leftover_tags(raw)
    if tags:
        raise TemplateError(
            f"{label}: {part.where} still has a template tag after rendering (near “{tags[0]}”)",
            hint="retype the tag in Word in one go (Word may have split it), and check "
            "docxtpl's {%tr %}/{%p %} tags are alone in their row or paragraph",
        )
    return raw


_MAX_RENDERED_CHARS = 64 * 1024 * 1024
"""The most text one part may render to: what ``verify_docx`` allows a part to hold."""


def _generate(part: CompiledPart, context: Mapping[str, Any], label: str) -> str:
    """``part.template.render(context)``, stopped as soon as the output outgrows any document (a
    loop printing a large value), instead of after memory has run out."""
    pieces: list[str] = []
    size = 0
    # Jinja's own generate: render_document has set up the budget BudgetedTemplate would.
    for piece in Template.generate(part.template, context):
        size += len(piece)
        if size > _MAX_RENDERED_CHARS:
            raise SandboxError(
                f"{label}: {part.where} renders to more than {_MAX_RENDERED_CHARS:,} characters, "
                "far more than any document holds",
                hint="check the template's loops; remove --templates to use the bundled template",
                part=part.name,
            )
        pieces.append(piece)
    return "".join(pieces)


def _resolve_missing(parts: Mapping[str, Any], *, document: str, draft: bool) -> None:
    """Refuse a final document that has gaps (listing them all); mark them in a draft."""
    found: dict[tuple[str, str], str] = {}
    for root in parts.values():
        for text in _marked_strings(root, m=MARKER_START):
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


# Every text, tail, attribute value, comment and processing instruction holding a marker, found
# in one pass in C: most parts have none, and walking every node in Python took longer than
# rendering.
_marked_strings = etree.XPath(
    "//text()[contains(., $m)] | //@*[contains(., $m)] | //comment()[contains(., $m)]"
    " | //processing-instruction()[contains(., $m)]",
    smart_strings=False,
)


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


# --- packaging ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _StaticParts:
    """What every render of one template shares: the parts rendering never changes, each
    compressed once, and those that are XML parsed once (strictly) for ``verify_docx``."""

    compressed: Mapping[str, tuple[int, int, bytes]]
    """Part name -> (CRC-32, size, raw deflate stream)."""
    parsed: Mapping[str, tuple[bytes, Any]]
    """Part name -> (bytes, root), for parts that parse cleanly; the roots are only read."""


_statics: dict[str, _StaticParts] = {}


def _static_parts(template: PreparedTemplate) -> _StaticParts:
    with _cache_lock:
        cached = _statics.get(template.sha256)
    if cached is not None:
        return cached
    rendered = {part.name for part in template.parts}
    compressed: dict[str, tuple[int, int, bytes]] = {}
    parsed: dict[str, tuple[bytes, Any]] = {}
    for name, content in template.entries:
        if name in rendered:
            continue
        compressed[name] = (zlib.crc32(content), len(content), _deflate(content))
        if name.endswith((".xml", ".rels")):
            # One that does not parse is left for verify_docx to report, naming the document.
            with contextlib.suppress(RenderError):
                parsed[name] = (content, parse_part(content, part=name, document=template.label))
    made = _StaticParts(compressed=compressed, parsed=parsed)
    with _cache_lock:
        _statics[template.sha256] = made
    return made


_RENDERED_LEVEL = 3
"""zlib level for the parts rendered per document: twice as fast as the default (6) on a report's
body, for output about an eighth larger. The template's other parts, compressed once, keep the
default."""


def _deflate(data: bytes, level: int = zlib.Z_DEFAULT_COMPRESSION) -> bytes:
    # What zipfile writes for ZIP_DEFLATED: a raw deflate stream.
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


_DOS_DATE = (_FIXED_TIME[0] - 1980) << 9 | _FIXED_TIME[1] << 5 | _FIXED_TIME[2]
_DOS_TIME = _FIXED_TIME[3] << 11 | _FIXED_TIME[4] << 5 | _FIXED_TIME[5] // 2
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")
_ZIP_LIMIT = 0xFFFF_FFFF


def _zip_packed(
    entries: tuple[tuple[str, bytes], ...], replaced: Mapping[str, bytes], static: _StaticParts
) -> bytes:
    """The package :func:`_zip` writes (the same entries, order, times and permissions; a test
    holds them equal), without compressing again the parts rendering never changes: those come
    ready-compressed from ``static``, and only the rendered parts are compressed, at
    ``_RENDERED_LEVEL``."""
    body = bytearray()
    directory = bytearray()
    for name, content in entries:
        if name in static.compressed and name not in replaced:
            crc, size, packed = static.compressed[name]
        else:
            data = replaced.get(name, content)
            crc, size, packed = zlib.crc32(data), len(data), _deflate(data, _RENDERED_LEVEL)
        if max(size, len(packed), len(body)) >= _ZIP_LIMIT:  # pragma: no cover - zip64
            return _zip(entries, replaced)
        encoded = name.encode("utf-8")
        flags = 0 if name.isascii() else 0x800
        offset = len(body)
        body += _LOCAL_HEADER.pack(
            b"PK\003\004", 20, 0, flags, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE,
            crc, len(packed), size, len(encoded), 0,
        )  # fmt: skip
        body += encoded
        body += packed
        directory += _CENTRAL_HEADER.pack(
            b"PK\001\002", 20, 3, 20, 0, flags, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE,
            crc, len(packed), size, len(encoded), 0, 0, 0, 0, 0o600 << 16, offset,
        )  # fmt: skip
        directory += encoded
    count = len(entries)
    end = _END_RECORD.pack(b"PK\005\006", 0, 0, count, count, len(directory), len(body), 0)
    return bytes(body + directory + end)


def clear_cache() -> None:
    """Forget prepared templates (tests and long-running processes that swap templates)."""
    with _cache_lock:
        _cache.clear()
        _statics.clear()
