"""Assembling a panel pack in memory: a Word pack always, a bookmarked PDF pack with LibreOffice.

The order of work is what makes the index trustworthy:

1. every attached paper is checked (a PDF opens to its last page, a Word file is a Word file)
   before LibreOffice starts, so a damaged paper is named at once and nothing is made;
2. one LibreOffice run converts every Word part (the reports, the Word papers) together with a
   first draft of each index, laid out with the widest page numbers, to learn how many pages
   each part and each index takes. A part that lists the pack's pages itself (the front sheet's
   "Papers for panel", ``PackPart.numbered``) is drafted the same way, once per pack;
3. the page ranges follow from those counts; a second run converts the real indexes, numbered
   parts and the page stamps. If one came out a different length than its draft (it cannot
   grow, since the draft's numbers were the widest, but a council's template might do anything)
   the ranges are worked out again with its real length, once;
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
from collections.abc import Callable, Mapping, Sequence
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
_PACK_NAMES: dict[Version, str] = {"pdf": "PDF pack", "docx": "Word pack"}
_STAMPS = "99 Pack page numbers.docx"
"""Renders an index view to .docx bytes (the caller holds the template and the case view)."""


@dataclass(frozen=True)
class PackPart:
    """One entry of the pack with its content: .docx bytes, or PDF bytes for a PDF paper."""

    entry: PackEntry
    data: bytes = field(repr=False)
    numbered: IndexRenderer | None = field(default=None, repr=False)
    """For a Word paper that lists the pack's pages (the front sheet's "Papers for panel"):
    renders it from a version of the pack's index view, so each pack gets a copy giving its own
    pages; ``data`` (its copy without pages) is then not used."""


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
    numbered = [index for index, part in enumerate(parts) if part.numbered is not None]
    if any(index not in word_parts for index in numbered):
        raise ValueError("only a Word paper can be given its pack pages")
    widest = _placeholders(len(parts))
    if converter is None:
        # No page counts: the Word index gets its fields (their values left for Word to work
        # out), so the ranges only need to say which papers are in the Word pack.
        view = _view(entries, owed, "docx", _only(widest, word_parts), None, fields=True)
        docx = _word_pack(parts, view, render_index, fields={}, known=False)
        return AssembledPack(docx, None, (), (), None, 0)

    def paged(views: dict[Version, PackIndexView]) -> dict[str, bytes]:
        """The documents that show page numbers (each index, each numbered paper), per pack."""
        made = {_INDEX[version]: render_index(view) for version, view in views.items()}
        for index in numbered:
            render = parts[index].numbered
            assert render is not None
            for version, view in views.items():
                made[_paged_name(index, entries[index], version)] = render(view)
        return made

    # 2. Count every part's pages, and each index's, in one LibreOffice run: what shows page
    #    numbers is laid out with the widest, so its real length can only be the same or less.
    first_views: dict[Version, PackIndexView] = {
        "pdf": _view(entries, owed, "pdf", widest, None, fields=False),
        "docx": _view(entries, owed, "docx", _only(widest, word_parts), None, fields=False),
    }
    fixed = [index for index in word_parts if index not in numbered]
    documents = {_name(index, entries[index]): parts[index].data for index in fixed}
    documents.update(paged(first_views))
    pdfs = converter.convert_bytes(documents, pdfa=pdfa)
    runs = 1
    fixed_pdfs = {
        index: pdfs[_name(index, part.entry)] if index in fixed else part.data
        for index, part in enumerate(parts)
        if index not in numbered
    }
    fixed_counts = {
        index: len(open_pdf(pdf, parts[index].entry.title).pages)
        for index, pdf in fixed_pdfs.items()
    }
    sizes = {name: _pages(pdfs[name]) for name in _paged_names(first_views, numbered, entries)}

    def counts(version: Version) -> list[int]:
        return [
            sizes[_paged_name(index, entry, version)] if index in numbered else fixed_counts[index]
            for index, entry in enumerate(entries)
        ]

    # 3. The real indexes, numbered papers and page stamps; once more if one changed length.
    for _attempt in range(2):
        pdf_counts = counts("pdf")
        pdf_ranges = page_ranges(pdf_counts, first_page=sizes[_INDEX["pdf"]] + 1)
        word_ranges = _word_ranges(counts("docx"), word_parts, sizes[_INDEX["docx"]])
        total = sizes[_INDEX["pdf"]] + sum(pdf_counts)
        final_views: dict[Version, PackIndexView] = {
            "pdf": _view(entries, owed, "pdf", pdf_ranges, total, fields=False),
            "docx": _view(entries, owed, "docx", word_ranges, None, fields=False),
        }
        stamps = stamp_document(_stamp_lines(reference, total, draft=draft))
        documents = paged(final_views)
        documents[_STAMPS] = stamps
        pdfs = converter.convert_bytes(documents, pdfa=pdfa)
        runs += 1
        measured = {name: _pages(pdfs[name]) for name in sizes}
        if measured == sizes:
            break
        sizes = measured
    else:
        raise RenderError(
            "the pack's index or front sheet changes length each time its page numbers are "
            "filled in, so its page ranges cannot be trusted; nothing was written",
            hint="check the council's panel-pack.docx and panel-front-sheet.docx templates (the "
            "bundled ones do not do this), or remove them from the templates folder",
        )

    # 4. The PDF pack, checked against its own index.
    part_pdfs = [
        pdfs[_paged_name(index, entry, "pdf")] if index in numbered else fixed_pdfs[index]
        for index, entry in enumerate(entries)
    ]
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
    docx = _word_pack(parts, docx_view, render_index, fields=fields, known=True)
    return AssembledPack(
        docx=docx,
        pdf=pack.data,
        pdf_ranges=tuple(pdf_ranges),
        docx_ranges=tuple(word_ranges),
        index_pages=sizes[_INDEX["pdf"]],
        libreoffice_runs=runs,
    )


def _paged_names(
    views: Mapping[Version, PackIndexView], numbered: Sequence[int], entries: Sequence[PackEntry]
) -> list[str]:
    """The names of the documents that show page numbers, as :func:`assemble_pack` converts
    them: each version's index, then each numbered paper's copy for each version."""
    names = [_INDEX[version] for version in views]
    names += [
        _paged_name(index, entries[index], version) for index in numbered for version in views
    ]
    return names


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
    parts: Sequence[PackPart],
    view: PackIndexView,
    render_index: IndexRenderer,
    *,
    fields: dict[int, PageField],
    known: bool,
) -> bytes:
    """The index and every Word part, a numbered paper rendered from the same view as the index
    (its page cells become the same fields)."""
    word = [WordPart("Index", render_index(view), 0)] + [
        WordPart(part.entry.title, part.numbered(view) if part.numbered else part.data, number)
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


def _paged_name(index: int, entry: PackEntry, version: Version) -> str:
    """The name of a numbered paper's copy for one pack (each pack numbers its pages itself)."""
    return _name(index, entry).removesuffix(".docx") + f" (for the {_PACK_NAMES[version]}).docx"


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
