"""docxtpl's clean-up of a Word template's XML before Jinja compiles it. The only docxtpl user.

Word splits what an author typed as one tag across runs, spelling checks and bookmarks, and
docxtpl's own tags (``{%tr %}``, ``{%p %}`` ...) stand for the row or paragraph around them;
docxtpl's ``patch_xml`` undoes the first and turns the second into plain Jinja, and its
``fix_tables`` tidies tables after rendering. Both are pure string work, taken from docxtpl
rather than copied.

The bundled templates never change between releases, so their clean-up is done ahead:
``make templates`` (tools/make_prepared.py) writes each one's cleaned-up parts into
``templates/prepared.json``, keyed by the template's SHA-256 and the fingerprint of the docxtpl
that made them. A build that uses only bundled templates then neither imports docxtpl (with
python-docx and docxcompose) nor runs its clean-up: a fifth of a one-case build's start-up. A
template the file does not list (a council's, or a bundled one changed since), or a different
docxtpl, is cleaned up here as usual.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import TemplateError
from .print_rules import apply_print_rules

PREPARED_NAME = "prepared.json"

_STRICT: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
}


@cache
def _patcher() -> Any:
    # docxtpl's clean-up functions are pure string transforms on an instance that never reads
    # its file; building it needs no I/O.
    from docxtpl import DocxTemplate

    return DocxTemplate(io.BytesIO())


def cleaned(name: str, where: str, content: bytes, label: str) -> tuple[str, bool]:
    """A part's XML as Jinja will compile it (docxtpl's clean-up, applied to the compact
    serialisation python-docx makes, which its patterns expect), and whether docxtpl's table
    fix-up is needed after rendering."""
    try:
        root = etree.fromstring(content, etree.XMLParser(remove_blank_text=True, **_STRICT))
    except etree.XMLSyntaxError as exc:
        raise TemplateError(f"{label}: {where} ({name}) is damaged XML ({exc.msg})") from None
    if where == "the body":
        apply_print_rules(root)  # a council's template prints as permdocs' own do
    xml = etree.tostring(root, encoding="unicode")
    return _patcher().patch_xml(xml), "{%tc " in xml or "{%tc\t" in xml


def fix_tables(root: Any) -> Any:
    """docxtpl's table fix-up of a rendered part (for ``{%tc %}`` tags)."""
    return _patcher().fix_tables(etree.tostring(root, encoding="unicode"))


def docxtpl_fingerprint() -> str:
    """The SHA-256 of docxtpl's template.py (where its clean-up lives), without importing it."""
    spec = importlib.util.find_spec("docxtpl")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        path = Path(folder) / "template.py"
        if path.is_file():
            return hashlib.sha256(path.read_bytes()).hexdigest()
    return ""  # pragma: no cover - docxtpl is a dependency


@cache
def bundled_sources() -> Mapping[str, Mapping[str, Any]]:
    """Template SHA-256 -> part name -> {"source", "fix_tables"}, from ``prepared.json``; empty
    when it is missing, unreadable or made by another docxtpl."""
    from ..resources import bundled_templates_dir

    try:
        stored = json.loads((bundled_templates_dir() / PREPARED_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict) or stored.get("docxtpl") != docxtpl_fingerprint():
        return {}
    templates = stored.get("templates")
    return templates if isinstance(templates, dict) else {}
