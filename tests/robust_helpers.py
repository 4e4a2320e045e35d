"""Shared by the robustness tests (``test_robust_*.py``): a case's documents rendered in memory,
read back as Word shows them, checked part by part, and snapshots of folders to prove that a
failed run changed nothing.
"""

from __future__ import annotations

import io
import re
import stat
import types
import zipfile
from collections.abc import Collection, Mapping
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import docx
from lxml import etree
from pydantic import AfterValidator, BaseModel

from permdocs.build.letters import render_letters
from permdocs.build.options import BuildOptions
from permdocs.build.reports import select_kinds
from permdocs.build.run import Rendering
from permdocs.build.templates import template_for
from permdocs.model import Case
from permdocs.model.types import check_line, check_text
from permdocs.policy.conditions import Context
from permdocs.policy.profiles import BUNDLED_DIR, Profile
from permdocs.render.engine import render_document
from permdocs.render.viewmodel import build_view, document_context, keep_required

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_TEXT_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
Kind = Literal["text", "line"]
PARAGRAPH = "\u2029"
"""Between paragraphs (and table cells) in :func:`document_text`; a typed line break is ``\\n``."""


def _kind(metadata: Any) -> Kind | None:
    for item in metadata:
        if isinstance(item, AfterValidator):
            if item.func is check_text:
                return "text"
            if item.func is check_line:
                return "line"
    return None


def _walk(annotation: Any, metadata: Any, path: str, found: dict[str, Kind]) -> None:
    kind = _kind(metadata)
    if kind is not None:
        found[path] = kind
        return
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *extra = get_args(annotation)
        _walk(base, extra, path, found)
    elif origin in (Union, types.UnionType):
        for argument in get_args(annotation):
            _walk(argument, (), path, found)
    elif origin is list:
        _walk(get_args(annotation)[0], (), f"{path}[*]", found)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, info in annotation.model_fields.items():
            _walk(info.annotation, info.metadata, f"{path}.{name}" if path else name, found)


def free_text_fields() -> dict[str, Kind]:
    """Every Text and Line field of a case, by path (``siblings[*].name``), in model order."""
    found: dict[str, Kind] = {}
    _walk(Case, (), "", found)
    return found


def render_documents(
    case: Case,
    profile: Profile,
    as_of: date,
    *,
    draft: bool = True,
    only: Collection[str] | None = None,
) -> dict[str, bytes]:
    """Every document a build of ``case`` would write (the reports that apply and, once decided,
    the letters), rendered in memory from the bundled templates as ``build_case`` renders them.
    Keys are kinds, and letter names such as ``letter-birth-parent-mother``. ``only`` narrows
    it to those names (every letter is still rendered: letters are planned together)."""
    conditions = Context(case=case, profile=profile, as_of=as_of)
    kinds, _ = select_kinds(None, conditions)
    view = build_view(case, profile, as_of=as_of)
    documents: dict[str, bytes] = {}
    for kind in kinds:
        if kind.family == "letter" or (only is not None and kind.kind not in only):
            continue
        template, _ = template_for(kind, templates=None, profile=profile, profile_dir=BUNDLED_DIR)
        context = keep_required(
            document_context(view, kind, draft=draft, as_of=as_of), kind, conditions
        )
        documents[kind.kind] = render_document(template, context, document=kind.kind, draft=draft)
    wants_letters = only is None or any(name.startswith(("letter", "perman")) for name in only)
    if case.decision is not None and wants_letters:
        for letter in render_letters(
            Rendering.of(case, profile, BuildOptions(as_of=as_of, draft=draft))
        ).documents:
            name = letter.file_name.split("_", 1)[1].removesuffix(".docx")
            if only is None or name in only:
                documents[name] = letter.data
    return documents


def strict_parts(data: bytes) -> dict[str, Any]:
    """Every XML part of a .docx, each parsed strictly (no recovery, no DTD, no entities); also
    opened by python-docx. A corrupt document fails here, naming the part."""
    parts: dict[str, Any] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            parser = etree.XMLParser(
                recover=False,
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=True,
            )
            try:
                root = etree.fromstring(archive.read(name), parser)
            except etree.XMLSyntaxError as exc:  # pragma: no cover - the failure being tested for
                raise AssertionError(f"{name} is not well-formed: {exc}") from None
            assert not root.getroottree().docinfo.doctype, f"{name} has a DOCTYPE"
            parts[name] = root
    docx.Document(io.BytesIO(data))
    return parts


def _paragraph_of(node: Any) -> Any:
    parent = node.getparent()
    while parent is not None and parent.tag != f"{W}p":
        parent = parent.getparent()
    return parent


def paragraph_texts(root: Any) -> list[str]:
    """One part's paragraphs as Word shows them: each paragraph's runs joined, ``<w:br/>`` and
    ``<w:cr/>`` as ``\n``, ``<w:tab/>`` as ``\t``. A ``<w:t>`` without ``xml:space="preserve"``
    loses its leading and trailing whitespace, as in Word."""
    paragraphs = []
    for paragraph in root.iter(f"{W}p"):
        pieces = []
        for node in paragraph.iter(f"{W}t", f"{W}br", f"{W}cr", f"{W}tab"):
            parent = node.getparent()
            # Tab stops (w:pPr/w:tabs/w:tab) are not text; a nested paragraph (a text box) is
            # read as its own paragraph.
            if parent is None or parent.tag != f"{W}r" or _paragraph_of(node) is not paragraph:
                continue
            if node.tag == f"{W}t":
                text = node.text or ""
                pieces.append(text if node.get(_XML_SPACE) == "preserve" else text.strip(" \t\n\r"))
            elif node.tag == f"{W}tab":
                pieces.append("\t")
            else:
                pieces.append("\n")
        paragraphs.append("".join(pieces))
    return paragraphs


def body_paragraphs(data: bytes) -> list[str]:
    """The body's paragraphs (table cells included), as :func:`paragraph_texts` reads them."""
    return paragraph_texts(strict_parts(data)["word/document.xml"])


def document_text(data: bytes) -> str:
    """The whole document's text (body, then headers, footers and notes) as Word shows it,
    after checking every part parses strictly (:func:`strict_parts`)."""
    parts = strict_parts(data)
    names = sorted(name for name in parts if _TEXT_PARTS.fullmatch(name))
    names.sort(key=lambda name: name != "word/document.xml")
    return PARAGRAPH.join(PARAGRAPH.join(paragraph_texts(parts[name])) for name in names)


def raw_xml(data: bytes) -> str:
    """Every XML part's raw text, concatenated: for finding a value wherever it went."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        )


def snapshot(folder: Path) -> dict[str, tuple[str, bytes, int]]:
    """Everything under ``folder`` (hidden files too): relative path -> (kind, bytes, mode)."""
    if not folder.exists():
        return {}
    found: dict[str, tuple[str, bytes, int]] = {}
    for path in sorted(folder.rglob("*")):
        mode = stat.S_IMODE(path.lstat().st_mode)
        relative = str(path.relative_to(folder))
        if path.is_dir():
            found[relative] = ("dir", b"", mode)
        else:
            found[relative] = ("file", path.read_bytes(), mode)
    return found


def changes(before: Mapping[str, tuple[str, bytes, int]], after: Mapping[str, Any]) -> list[str]:
    """What differs between two snapshots, in words, for an assertion message."""
    lines = [f"new: {name}" for name in sorted(set(after) - set(before))]
    lines += [f"gone: {name}" for name in sorted(set(before) - set(after))]
    lines += [
        f"changed: {name}"
        for name in sorted(set(before) & set(after))
        if before[name] != after[name]
    ]
    return lines
