"""Active content out of PDFs: what a panel member's PDF reader would run, launch or fetch.

An attached PDF can carry JavaScript (run when the document or a page opens, or a form field is
touched), an action run on opening (``/OpenAction``), a program launch (``/Launch``), links to
other files or to submit a form, embedded files, and sound, video or 3D content. pypdf copies a
page's own actions (``/AA``) and its annotations into the pack, so page-open JavaScript in one
paper would run for every panel member who opens the pack.

:func:`strip_active` takes all of that out of a PDF being written, keeping only what does
nothing by itself: links within the document, the reader's own page-turning commands and, where
the council profile allows (``pack.web_links``), plain links to web and mail addresses. It is
applied to each attached paper (``clean_pdf``, whose findings become a notice naming the paper)
and again to the assembled pack.
"""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from ..errors import ConversionError
from .pdftools import open_pdf, quiet_pypdf

_HARMLESS_NAMED = frozenset({"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"})
_ACTIVE_ANNOTATIONS = {
    "/FileAttachment": "an attached file",
    "/Sound": "a sound",
    "/Movie": "a video",
    "/Screen": "a video or sound",
    "/RichMedia": "rich media (video, Flash)",
    "/3D": "a 3D model",
}
_ACTION_WORDS = {
    "/JavaScript": "JavaScript",
    "/Launch": "a program launch",
    "/GoToR": "a link to another file",
    "/GoToE": "a link into an embedded file",
    "/SubmitForm": "a form that sends its contents",
    "/ImportData": "a form that reads another file",
    "/URI": "a link to a web address",
}
_NAME_TREES = {
    "/JavaScript": "JavaScript",
    "/EmbeddedFiles": "embedded files",
    "/AlternatePresentations": "a slide show",
    "/Renditions": "video or sound",
}
_WEB_SCHEMES = (b"http://", b"https://", b"mailto:")


def clean_pdf(data: bytes, label: str, *, web_links: bool) -> tuple[bytes, list[str]]:
    """``data`` without its active content, and what was taken out, in words (the bytes are
    unchanged when there was nothing to take out). ConversionError names a PDF pypdf cannot
    rewrite."""
    reader = open_pdf(data, label)
    try:
        with quiet_pypdf():
            writer = PdfWriter(clone_from=reader)
            removed = strip_active(writer, web_links=web_links)
            if not removed:
                return data, []
            buffer = io.BytesIO()
            writer.write(buffer)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise ConversionError(
            f"{label}: the PDF could not be checked for active content ({exc})",
            hint="open it and save it again as PDF (Print to PDF), or replace the attachment",
        ) from exc
    return buffer.getvalue(), removed


def strip_active(writer: PdfWriter, *, web_links: bool) -> list[str]:
    """Take the active content out of ``writer``'s document, in place; what went, in words."""
    removed: list[str] = []
    root = writer.root_object
    opening = root.get("/OpenAction")
    if opening is not None and not _is_destination(opening):
        del root[NameObject("/OpenAction")]
        removed.append("an action run when it is opened" + _why(opening))
    if "/AA" in root:
        del root[NameObject("/AA")]
        removed.append("actions run when it is opened, saved or printed")
    for key in ("/Collection", "/Threads"):
        if key in root:
            del root[NameObject(key)]
    names = _object(root.get("/Names"))
    if isinstance(names, DictionaryObject):
        for key, words in _NAME_TREES.items():
            if key in names:
                del names[NameObject(key)]
                removed.append(words)
    form = _object(root.get("/AcroForm"))
    if isinstance(form, DictionaryObject):
        if "/XFA" in form:
            del form[NameObject("/XFA")]
            removed.append("an XFA form (which can hold scripts)")
        for field in _walk_fields(form.get("/Fields")):
            removed += _strip_actions(field, web_links=web_links, what="a form field")
    for page in writer.pages:
        if "/AA" in page:
            del page[NameObject("/AA")]
            removed.append("actions run when a page opens")
        annotations = _object(page.get("/Annots"))
        if not isinstance(annotations, ArrayObject):
            continue
        kept = ArrayObject()
        for reference in annotations:
            annotation = _object(reference)
            if not isinstance(annotation, DictionaryObject):
                continue
            subtype = str(annotation.get("/Subtype", ""))
            if subtype in _ACTIVE_ANNOTATIONS:
                removed.append(_ACTIVE_ANNOTATIONS[subtype])
                continue
            removed += _strip_actions(annotation, web_links=web_links, what="")
            kept.append(reference)
        page[NameObject("/Annots")] = kept
    outline = _object(root.get("/Outlines"))
    if isinstance(outline, DictionaryObject):
        for item in _walk_outline(outline.get("/First")):
            removed += _strip_actions(item, web_links=web_links, what="a bookmark")
    if removed:
        _drop_unreferenced(writer)
    return list(dict.fromkeys(removed))


def _drop_unreferenced(writer: PdfWriter) -> None:
    """What was taken out must not stay in the file as objects nothing refers to (a reader
    runs nothing unreferenced, but a scanner would still find it, and it need not be there)."""
    compress = getattr(writer, "compress_identical_objects", None)
    if compress is None:  # pragma: no cover - pypdf before 4.3 keeps them; they stay inert
        return
    try:
        compress(remove_duplicates=False, remove_unreferenced=True)
    except TypeError:  # pragma: no cover - pypdf before 7 names the arguments differently
        compress(remove_identicals=False, remove_orphans=True)


def _strip_actions(holder: DictionaryObject, *, web_links: bool, what: str) -> list[str]:
    removed: list[str] = []
    if "/AA" in holder:
        del holder[NameObject("/AA")]
        removed.append(
            f"actions run automatically by {what}" if what else "actions run automatically"
        )
    action = _object(holder.get("/A"))
    if isinstance(action, DictionaryObject) and not _harmless(action, web_links=web_links):
        del holder[NameObject("/A")]
        removed.append(_action_words(action))
    elif isinstance(action, DictionaryObject) and "/Next" in action:
        del action[NameObject("/Next")]  # a harmless action may chain to any other
        removed.append("actions chained to a link")
    return removed


def _harmless(action: DictionaryObject, *, web_links: bool) -> bool:
    kind = str(action.get("/S", ""))
    if kind == "/GoTo":
        return True
    if kind == "/Named":
        return str(action.get("/N", "")) in _HARMLESS_NAMED
    if kind == "/URI" and web_links:
        target = action.get("/URI", b"")
        raw = target.get_object() if isinstance(target, IndirectObject) else target
        text = bytes(raw) if isinstance(raw, bytes) else str(raw).encode("latin-1", "replace")
        return text.strip().lower().startswith(_WEB_SCHEMES)
    return False


def _action_words(action: DictionaryObject) -> str:
    kind = str(action.get("/S", ""))
    return _ACTION_WORDS.get(kind, f"an action ({kind.lstrip('/') or 'unknown'})")


def _why(opening: Any) -> str:
    action = _object(opening)
    if isinstance(action, DictionaryObject):
        words = _action_words(action)
        if not words.startswith("an action"):
            return f" ({words})"
    return ""


def _is_destination(value: Any) -> bool:
    """An ``/OpenAction`` that only says which page to show first."""
    target = _object(value)
    if isinstance(target, ArrayObject):
        return True
    return (
        isinstance(target, DictionaryObject)
        and str(target.get("/S", "")) == "/GoTo"
        and ("/Next" not in target)
    )


def _object(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _walk_fields(fields: Any, depth: int = 0) -> list[DictionaryObject]:
    found: list[DictionaryObject] = []
    items = _object(fields)
    if not isinstance(items, ArrayObject) or depth > 32:
        return found
    for reference in items:
        field = _object(reference)
        if isinstance(field, DictionaryObject):
            found.append(field)
            found += _walk_fields(field.get("/Kids"), depth + 1)
    return found


def _walk_outline(first: Any) -> list[DictionaryObject]:
    found: list[DictionaryObject] = []
    pending = [first]
    seen: set[int] = set()
    while pending and len(found) < 100_000:
        item = _object(pending.pop())
        if not isinstance(item, DictionaryObject) or id(item) in seen:
            continue
        seen.add(id(item))
        found.append(item)
        pending += [item.get("/Next"), item.get("/First")]
    return found
