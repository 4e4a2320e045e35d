"""Assembling a panel pack in memory: a Word pack always, a bookmarked PDF pack with LibreOffice.

The order of work is what makes the index trustworthy:

1. every attached paper is checked (a PDF opens to its last page, a Word file is a Word file)
   before LibreOffice starts, so a damaged paper is named at once and nothing is made;
2. one LibreOffice run converts every Word part (the reports, the Word papers) together with a
   first draft of each index, laid out with the widest page numbers, to learn how many pages
   each part and each index takes;
3. the page ranges follow from those counts; a second run converts the real indexes and the page
   stamps. If an index came out a different length than its draft (it cannot grow, since the
   draft's numbers were the widest, but a council's template might do anything) the ranges are
   worked out again with its real length, once;
4. the PDF pack is put together with pypdf: index, then every part, a bookmark each, each page
   stamped with its pack page number; the ranges pypdf reports are checked against the index's.

The Word pack is the index and every Word part merged by ``pack_docx``; PDF papers cannot be Word
content, so its index says they are in the PDF pack only. Without LibreOffice there is only the
Word pack, whose page numbers Word works out itself.

Nothing here reads or writes a case folder; the caller passes bytes in and writes what comes
back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .. import __version__
from ..errors import ConversionError, RenderError
from ..render.verify import MARKING
from .contents import OwedPaper, PackEntry
from .convert import PdfConverter
from .index import PackIndexView, PageRange, Version, index_view, page_ranges
from .index import placeholder_ranges as _placeholders
from .pdfclean import strip_active
from .pdftools import PdfaDeclaration, PdfPart, assemble, open_pdf, pdfa_problems
from .word import PageField, WordPart, compose, stamp_document

IndexRenderer = Callable[[PackIndexView], bytes]
# What LibreOffice is given besides the papers; the names appear in its error messages.
_INDEX: dict[Version, str] = {
    "pdf": "00 Index of the PDF pack.docx",
    "docx": "00 Index of the Word pack.docx",
}
_STAMPS = "99 Pack page numbers.docx"
"""Renders an index view to .docx bytes (the caller holds the template and the case view)."""


@dataclass(frozen=True)
class PackPart:
    """One entry of the pack with its content: .docx bytes, or PDF bytes for a PDF paper."""

    entry: PackEntry
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class AssembledPack:
    docx: bytes = field(repr=False)
    pdf: bytes | None = field(repr=False)
    """None when there was no LibreOffice to make it."""
    pdf_ranges: tuple[PageRange, ...]
    """Each entry's pages in the PDF pack, in order (empty without a PDF pack)."""
    docx_ranges: tuple[PageRange | None, ...]
    """Each entry's pages in the Word pack as LibreOffice lays it out (None: not in it); empty
    when not known."""
    index_pages: int | None
    """How many pages the PDF pack's index takes."""
    libreoffice_runs: int


def assemble_pack(
    parts: Sequence[PackPart],
    owed: Sequence[OwedPaper],
    *,
    render_index: IndexRenderer,
    converter: PdfConverter | None,
    reference: str,
    draft: bool,
    pdfa: bool = False,
    web_links: bool = False,
) -> AssembledPack:
    """Both packs for ``parts`` (in pack order); see the module docstring for how. The attached
    papers must already have been cleaned (``papers.clean_paper``); the PDF pack is cleaned of
    active content once more as a whole, keeping web links only with ``web_links``."""
    if not parts:
        raise ValueError("a pack needs at least one part")
    entries = [part.entry for part in parts]
    _check_papers(parts, pdfa=pdfa and converter is not None)
    word_parts = [index for index, part in enumerate(parts) if part.entry.format == "docx"]
    widest = _placeholders(len(parts))
    if converter is None:
        # No page counts: the Word index gets its fields (their values left for Word to work
        # out), so the ranges only need to say which papers are in the Word pack.
        view = _view(entries, owed, "docx", _only(widest, word_parts), None, fields=True)
        docx = _word_pack(parts, render_index(view), fields={}, known=False)
        return AssembledPack(docx, None, (), (), None, 0)

    # 2. Count every part's pages, and each index's, in one LibreOffice run.
    first_views: dict[Version, PackIndexView] = {
        "pdf": _view(entries, owed, "pdf", widest, None, fields=False),
        "docx": _view(entries, owed, "docx", _only(widest, word_parts), None, fields=False),
    }
    documents = {_name(i, part.entry): part.data for i, part in enumerate(parts) if i in word_parts}
    documents.update({_INDEX[v]: render_index(view) for v, view in first_views.items()})
    pdfs = converter.convert_bytes(documents, pdfa=pdfa)
    runs = 1
    part_pdfs = [
        pdfs[_name(i, part.entry)] if i in word_parts else part.data for i, part in enumerate(parts)
    ]
    counts = [
        len(open_pdf(pdf, part.entry.title).pages)
        for pdf, part in zip(part_pdfs, parts, strict=True)
    ]
    index_pages = {v: _pages(pdfs[_INDEX[v]]) for v in first_views}

    # 3. The real indexes and the page stamps; once more if an index changed length.
    for _attempt in range(2):
        pdf_ranges = page_ranges(counts, first_page=index_pages["pdf"] + 1)
        word_ranges = _word_ranges(counts, word_parts, index_pages["docx"])
        total = index_pages["pdf"] + sum(counts)
        final_views: dict[Version, PackIndexView] = {
            "pdf": _view(entries, owed, "pdf", pdf_ranges, total, fields=False),
            "docx": _view(entries, owed, "docx", word_ranges, None, fields=False),
        }
        stamps = stamp_document(_stamp_lines(reference, total, draft=draft))
        documents = {_INDEX[v]: render_index(view) for v, view in final_views.items()}
        documents[_STAMPS] = stamps
        pdfs = converter.convert_bytes(documents, pdfa=pdfa)
        runs += 1
        measured = {v: _pages(pdfs[_INDEX[v]]) for v in final_views}
        if measured == index_pages:
            break
        index_pages = measured
    else:
        raise RenderError(
            "the pack's index changes length each time its page numbers are filled in, so its "
            "page ranges cannot be trusted; nothing was written",
            hint="check the council's panel-pack.docx template (the bundled one does not do "
            "this), or remove it from the templates folder",
        )

    # 4. The PDF pack, checked against its own index.
    title = f"Panel pack {reference}"
    pack = assemble(
        [PdfPart("Index", pdfs[_INDEX["pdf"]])]
        + [PdfPart(part.entry.title, pdf) for part, pdf in zip(parts, part_pdfs, strict=True)],
        title=title,
        stamps=pdfs[_STAMPS],
        pdfa=PdfaDeclaration(f"permdocs {__version__}", datetime.now(UTC)) if pdfa else None,
        before_writing=lambda writer: strip_active(writer, web_links=web_links),
    )
    got = [(r.first, r.last) for r in pack.ranges[1:]]
    if got != [(r.first, r.last) for r in pdf_ranges]:
        raise RenderError(
            "the PDF pack's pages do not match its index, so nothing was written",
            hint="this is a bug in permdocs; please report it",
        )

    fields = {
        number: PageField(where.first, where.last)
        for number, where in enumerate(word_ranges, start=1)
        if where is not None
    }
    docx_view = _view(entries, owed, "docx", word_ranges, None, fields=True)
    docx = _word_pack(parts, render_index(docx_view), fields=fields, known=True)
    return AssembledPack(
        docx=docx,
        pdf=pack.data,
        pdf_ranges=tuple(pdf_ranges),
        docx_ranges=tuple(word_ranges),
        index_pages=index_pages["pdf"],
        libreoffice_runs=runs,
    )


def _view(
    entries: Sequence[PackEntry],
    owed: Sequence[OwedPaper],
    version: Version,
    pages: Sequence[PageRange | None],
    total: int | None,
    *,
    fields: bool,
) -> PackIndexView:
    return index_view(entries, owed, version=version, pages=pages, total_pages=total, fields=fields)


def _only(ranges: Sequence[PageRange], keep: Sequence[int]) -> list[PageRange | None]:
    return [where if index in keep else None for index, where in enumerate(ranges)]


def _word_ranges(
    counts: Sequence[int], word_parts: Sequence[int], index_pages: int
) -> list[PageRange | None]:
    """Where each part falls in the Word pack (which leaves the PDF papers out)."""
    inside = page_ranges([counts[i] for i in word_parts], first_page=index_pages + 1)
    placed = dict(zip(word_parts, inside, strict=True))
    return [placed.get(index) for index in range(len(counts))]


def _word_pack(
    parts: Sequence[PackPart], index: bytes, *, fields: dict[int, PageField], known: bool
) -> bytes:
    word = [WordPart("Index", index, 0)] + [
        WordPart(part.entry.title, part.data, number)
        for number, part in enumerate(parts, start=1)
        if part.entry.format == "docx"
    ]
    return compose(word, fields=fields, update_fields_on_open=not known)


def _pages(pdf: bytes) -> int:
    return len(open_pdf(pdf, "the pack's index").pages)


def _name(index: int, entry: PackEntry) -> str:
    """A file name for LibreOffice that still tells the user which paper failed."""
    plain = re.sub(r"[\\/\0\s]+", " ", entry.title).strip()[:60] or entry.kind
    return f"{index + 1:02d} {plain}.docx"


def _stamp_lines(reference: str, total: int, *, draft: bool) -> list[str]:
    marking = f"{MARKING} – DRAFT" if draft else MARKING
    return [
        f"{marking} · Panel pack {reference} · page {n} of {total}" for n in range(1, total + 1)
    ]


def _check_papers(parts: Sequence[PackPart], *, pdfa: bool) -> None:
    """Every attached paper opens (and, for a PDF/A pack, is PDF/A), before anything is made."""
    problems: list[str] = []
    not_pdfa: list[str] = []
    for part in parts:
        entry = part.entry
        if entry.generated:
            continue
        name = f"{entry.title} ({entry.path.name if entry.path else entry.kind})"
        if entry.format == "docx":
            if not part.data.startswith(b"PK"):
                problems.append(f"{name}: this is not a Word (.docx) document")
            continue
        try:
            open_pdf(part.data, name)
        except ConversionError as error:
            problems.append(error.message)
            continue
        if pdfa:
            problem = pdfa_problems(part.data, name)
            if problem:
                not_pdfa.append(f"{name}: {problem}")
    if problems:
        count = len(problems)
        raise ConversionError(
            f"{count} attached paper{'s' if count != 1 else ''} cannot be put in the pack, so "
            "nothing was written:\n  " + "\n  ".join(problems),
            hint="open each paper named above, save it again as PDF (or Word), and replace the "
            "file in attachments/",
        )
    if not_pdfa:
        count = len(not_pdfa)
        raise ConversionError(
            f"a PDF/A pack was asked for, but {count} attached paper{'s are' if count != 1 else ' is'} "
            "not PDF/A, so nothing was written:\n  " + "\n  ".join(not_pdfa),
            hint="ask for PDF/A copies (in Word: Save As PDF, Options, 'PDF/A compliant'), or "
            "build the pack without --pdfa",
        )
